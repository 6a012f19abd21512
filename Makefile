# One venv from the project's own files; every target does its own set-up.
PY := .venv/bin/python
export PYTHONUNBUFFERED := 1

.PHONY: setup test lint demo dashboard screenshot clean
setup: .venv/installed

.venv/installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

lint: setup
	$(PY) -m ruff check .

test: setup lint
	$(PY) -m pytest

demo: setup
	$(PY) -m v2t.build
	$(PY) -m evaluate.baseline --rows data/lockbox/dev-lockbox-v1.jsonl --out reports/baseline/dev-lockbox/predictions.jsonl
	$(PY) -m evaluate.metrics --gold data/lockbox/dev-lockbox-v1.jsonl --predictions reports/baseline/dev-lockbox/predictions.jsonl --out reports/baseline/dev-lockbox/report.json
	$(PY) -m evaluate.report

dashboard: setup
	$(PY) -m streamlit run dashboard/app.py

screenshot: setup
	$(PY) -m dashboard.screenshot --out docs/dashboard.png

clean:
	rm -rf data/build runs reports .cache
