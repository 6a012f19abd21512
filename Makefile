# One venv from the project's own files; every target does its own set-up.
# `make demo` is the main job on the CPU default; file targets make a second run reuse what is built.
PY := .venv/bin/python
export PYTHONUNBUFFERED := 1

BUILD := data/build/manifest.json
LOCKBOX := data/lockbox/dev-lockbox-v1.jsonl
LOCKBOX_MANIFEST := data/lockbox/dev-lockbox-v1.manifest.json
SFT_RUN := runs/small-sft
DPO_RUN := runs/small-dpo
DECODE_CFG := decode/configs/small-cpu.toml
ARMS := base sft dpo baseline
REPORTS := $(foreach a,$(ARMS),reports/$(a)/dev-lockbox/report.json reports/$(a)/dev/report.json)

.PHONY: setup test lint demo data train dashboard screenshot clean
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

demo: setup $(REPORTS)
	$(PY) -m evaluate.report
	@echo
	@echo "Open the dashboard:  make dashboard   (or: $(PY) -m streamlit run dashboard/app.py)"

data: $(BUILD)
$(BUILD): $(wildcard data/seeds/*.jsonl) | setup
	@echo "== build data"
	$(PY) -m v2t.build
	$(PY) -m decode.grammar accepts --rows data/build/sft.jsonl

train: $(DPO_RUN)/adapter/adapter_config.json
$(SFT_RUN)/adapter/adapter_config.json: $(BUILD) train/configs/small-cpu-sft.toml
	@echo "== SFT (small preset, CPU)"
	$(PY) -m train.sft --config train/configs/small-cpu-sft.toml
$(DPO_RUN)/adapter/adapter_config.json: $(SFT_RUN)/adapter/adapter_config.json train/configs/small-cpu-dpo.toml
	@echo "== DPO (small preset, CPU)"
	$(PY) -m train.dpo --config train/configs/small-cpu-dpo.toml

# Predictions per arm: base (no adapter), sft and dpo (their adapters), baseline (rules, no model).
reports/base/dev-lockbox/predictions.jsonl: $(BUILD) $(DECODE_CFG)
	$(PY) -m decode.predict --config $(DECODE_CFG) --rows $(LOCKBOX) --out $@
reports/base/dev/predictions.jsonl: $(BUILD) $(DECODE_CFG)
	$(PY) -m decode.predict --config $(DECODE_CFG) --rows data/build/sft.jsonl --split dev --out $@
reports/sft/dev-lockbox/predictions.jsonl: $(SFT_RUN)/adapter/adapter_config.json
	$(PY) -m decode.predict --config $(DECODE_CFG) --run $(SFT_RUN) --rows $(LOCKBOX) --out $@
reports/sft/dev/predictions.jsonl: $(SFT_RUN)/adapter/adapter_config.json
	$(PY) -m decode.predict --config $(DECODE_CFG) --run $(SFT_RUN) --rows data/build/sft.jsonl --split dev --out $@
reports/dpo/dev-lockbox/predictions.jsonl: $(DPO_RUN)/adapter/adapter_config.json
	$(PY) -m decode.predict --config $(DECODE_CFG) --run $(DPO_RUN) --rows $(LOCKBOX) --out $@
reports/dpo/dev/predictions.jsonl: $(DPO_RUN)/adapter/adapter_config.json
	$(PY) -m decode.predict --config $(DECODE_CFG) --run $(DPO_RUN) --rows data/build/sft.jsonl --split dev --out $@
reports/baseline/dev-lockbox/predictions.jsonl: $(LOCKBOX) | setup
	$(PY) -m baseline --rows $(LOCKBOX) --out $@
reports/baseline/dev/predictions.jsonl: $(BUILD)
	$(PY) -m baseline --rows data/build/sft.jsonl --split dev --out $@

# The frozen lockbox gets one recorded look per arm (aggregate only); the dev split gets row-level reports.
reports/%/dev-lockbox/report.json: reports/%/dev-lockbox/predictions.jsonl
	$(PY) -m evaluate.lockbox evaluate --lockbox $(LOCKBOX) --manifest $(LOCKBOX_MANIFEST) --predictions $< --arm $* --out $@
reports/%/dev/report.json: reports/%/dev/predictions.jsonl
	$(PY) -m evaluate.metrics --gold data/build/sft.jsonl --split dev --predictions $< --out $@

dashboard: setup
	$(PY) -m streamlit run dashboard/app.py

screenshot: setup
	$(PY) -m dashboard.screenshot --out docs/dashboard.png

# The one-look ledger is kept: clean does not erase the record of lockbox looks.
clean:
	rm -rf data/build runs .cache
	find reports -mindepth 1 -maxdepth 1 ! -name lockbox-ledger.jsonl -exec rm -rf {} + 2>/dev/null || true
