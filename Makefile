# One venv from the project's own files; every target does its own set-up.
# `make demo` is the main job on the CPU default; file targets make a second run reuse what is built.
PY := .venv/bin/python
export PYTHONUNBUFFERED := 1
# XLA's persistent compilation cache: the demo's many decode runs of one model compile each shape once.
export JAX_COMPILATION_CACHE_DIR := $(CURDIR)/.cache/jax
export JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS := 0

BUILD := data/build/manifest.json
SFT_RUN := runs/small-sft
DPO_RUN := runs/small-dpo
DECODE_CFG := decode/configs/small-cpu.toml
# Arms: base (the random-init model SFT starts from), sft (full-parameter), dpo (LoRA on the SFT model),
# dpo+guard (dpo's predictions under the harm guard), baseline (rules, no model).
MODEL_ARMS := base sft dpo
ARMS := $(MODEL_ARMS) dpo+guard baseline
# Sets: the dev split (row-level), the five frozen development lockboxes (one recorded look per arm) and their
# ASR-noised copies, and the dialogue sets below. To keep the demo within 15 minutes on 2 cores the model arms read
# what their targets are measured on: the random base and sft dev-lockbox-v1 (the model issue's targets; sft also
# the dev split), dpo (the final model) the dev split, dev-lockbox-v1 and the dev dialogues in both history modes,
# dpo+guard dpo's one-turn sets; the baseline (no model, fast) every set at noise rate 0.10 (the noise issue's rate;
# 0.05 and 0.20 come with `make robustness`). `make looks` gives dpo and
# dpo+guard their looks at the newest lockboxes (one-turn, noised, multi-turn: minutes each); `make robustness`
# decodes every arm on every noised copy and lockbox.
LOCKBOXES := dev-lockbox-v1 dev-lockbox-v2 dev-lockbox-v3 dev-lockbox-v4 dev-lockbox-v5
NOISED_ALL := $(foreach l,$(LOCKBOXES),$(foreach r,05 10 20,$(l)-asr$(r)))
NOISED_10 := $(foreach l,$(LOCKBOXES),$(l)-asr10)
# Dialogue sets, one per history mode (-gold: earlier turns as written; -own: the arm's own earlier answers): the
# dev dialogues of data/build/dialogues.jsonl (row-level) and the frozen multi-turn lockboxes (one look per arm and mode).
DLG_DEV := dlg-dev-gold dlg-dev-own
DLG_LOCKBOXES := $(foreach v,1 2 3 4 5 6 7 9 10,dev-dialogues-v$(v)-gold dev-dialogues-v$(v)-own)
NEWEST := dev-lockbox-v5 dev-lockbox-v5-asr10 dev-dialogues-v10-gold dev-dialogues-v10-own
SETS_base := dev-lockbox-v1
SETS_sft := dev dev-lockbox-v1
SETS_dpo := dev dev-lockbox-v1 $(DLG_DEV)
SETS_dpo+guard := dev dev-lockbox-v1
SETS_baseline := dev $(LOCKBOXES) $(NOISED_10) $(DLG_DEV) $(DLG_LOCKBOXES)
REPORTS := $(foreach a,$(ARMS),$(foreach s,$(SETS_$(a)),reports/$(a)/$(s)/report.json))
# The demo's two streams (see `demo`): the model path (SFT -> DPO -> dpo's and dpo+guard's decodes; sft's decodes
# beside DPO), and the side jobs that need only the built data (the grammar check, the random base, the baseline).
MODEL_REPORTS := $(foreach a,dpo dpo+guard sft,$(foreach s,$(SETS_$(a)),reports/$(a)/$(s)/report.json))
SIDE_REPORTS := $(filter-out $(MODEL_REPORTS),$(REPORTS))
GRAMMAR_OK := data/build/grammar-accepts.ok
LOOKS := $(foreach s,$(NEWEST),reports/dpo/$(s)/report.json) \
	$(foreach s,$(filter-out dev-dialogues-%,$(NEWEST)),reports/dpo+guard/$(s)/report.json)
ROBUSTNESS := $(foreach a,$(ARMS),$(foreach s,$(NOISED_ALL) $(LOCKBOXES),reports/$(a)/$(s)/report.json)) \
	$(foreach s,$(DLG_LOCKBOXES),reports/dpo/$(s)/report.json)

.PHONY: setup setup-dev test lint demo demo-reports demo-model demo-side looks looks-reports robustness robustness-reports data train dashboard screenshot clean
# The demo needs the package; the tests also its dev extras (pytest, ruff, the PyTorch reference): a minute more.
setup: .venv/installed
setup-dev: .venv/installed-dev

.venv/installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

.venv/installed-dev: .venv/installed
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

lint: setup-dev
	$(PY) -m ruff check .

# The suite runs in TEST_JOBS pytest-xdist workers (default 2: CI's core count), a test file per worker at a time so
# each file's module fixtures are built once; `TEST_JOBS=0` runs it in one process.
TEST_JOBS ?= 2
test: setup-dev lint
	$(PY) -m pytest $(if $(filter 0,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadfile)

# The demo runs two makes side by side once the data is built, each JOBS jobs wide (default the core count): the
# model stream (data -> SFT -> DPO -> dpo's decodes, the critical path) and the side stream (the random base's
# decodes and the rule baseline, at a lower priority under SIDE) that fills the cycles training leaves idle. In one
# `make -j` the side jobs queued in the goal list took the slot SFT freed, and DPO waited for them (164 s in a
# fresh-clone demo). A failure in either stream fails the demo.
SIDE := nice -n 10
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
demo: setup
	$(MAKE) --no-print-directory $(BUILD)
	$(MAKE) --no-print-directory -j$(JOBS) demo-side & side=$$!; \
	$(MAKE) --no-print-directory -j$(JOBS) demo-model; model=$$?; \
	wait $$side; side=$$?; test $$model = 0 && test $$side = 0
	$(PY) -m evaluate.report
	@echo
	@echo "Open the dashboard:  make dashboard   (or: $(PY) -m streamlit run dashboard/app.py)"

demo-reports: $(REPORTS)
demo-model: $(MODEL_REPORTS)
demo-side: $(SIDE_REPORTS)

looks: setup
	$(MAKE) --no-print-directory -j$(JOBS) looks-reports
	$(PY) -m evaluate.report

looks-reports: $(LOOKS)

robustness: setup
	$(MAKE) --no-print-directory -j$(JOBS) robustness-reports
	$(PY) -m evaluate.report

robustness-reports: $(ROBUSTNESS)

data: $(BUILD) $(GRAMMAR_OK)
$(BUILD): $(wildcard data/seeds/*.jsonl data/seeds/dialogues/*.jsonl) | setup
	@echo "== build data"
	$(PY) -m v2t.build
# Every built gold contract is one the decoder's grammar accepts: `make data` checks it (61 s of CPU), and so does
# tests/test_project_data.py; the demo leaves it out for its time.
$(GRAMMAR_OK): $(BUILD)
	$(SIDE) $(PY) -m decode.grammar accepts --rows data/build/sft.jsonl
	touch $@

train: $(DPO_RUN)/run_card.json
$(SFT_RUN)/run_card.json: $(BUILD) train/configs/small-cpu-sft.toml
	@echo "== SFT (small preset, full-parameter, CPU)"
	$(PY) -m train.sft --config train/configs/small-cpu-sft.toml
$(DPO_RUN)/run_card.json: $(SFT_RUN)/run_card.json train/configs/small-cpu-dpo.toml
	@echo "== DPO (LoRA on the SFT model, CPU)"
	$(PY) -m train.dpo --config train/configs/small-cpu-dpo.toml

# Predictions per arm and set. A lockbox set's rows are data/lockbox/<set>.jsonl (a dialogue set's without its
# -gold/-own suffix, which names the history mode); the dev sets are the dev splits of the build.
history_of = $(if $(filter %-gold,$(1)),--history gold,$(if $(filter %-own,$(1)),--history own))
lockbox_of = $(patsubst %-gold,%,$(patsubst %-own,%,$(1)))
rows_of = $(if $(filter dev,$(1)),data/build/sft.jsonl --split dev,$(if $(filter dlg-dev-%,$(1)),data/build/dialogues.jsonl --split dev,data/lockbox/$(call lockbox_of,$(1)).jsonl)) $(call history_of,$(1))
gold_of = $(if $(filter dev,$(1)),data/build/sft.jsonl,data/build/dialogues.jsonl)
define model_arm_rule
reports/$(1)/%/predictions.jsonl: $(BUILD) $(DECODE_CFG) $(2)
	$(4) $(PY) -m decode.predict --config $(DECODE_CFG) $(3) --rows $$(call rows_of,$$*) --out $$@
endef
$(eval $(call model_arm_rule,base,,,$(SIDE)))
$(eval $(call model_arm_rule,sft,$(SFT_RUN)/run_card.json,--run $(SFT_RUN),$(SIDE)))
$(eval $(call model_arm_rule,dpo,$(DPO_RUN)/run_card.json,--run $(DPO_RUN),))
reports/dpo+guard/%/predictions.jsonl: reports/dpo/%/predictions.jsonl
	$(PY) -m v2t.harm_guard --rows $(call rows_of,$*) --predictions $< --out $@
reports/baseline/%/predictions.jsonl: $(BUILD)
	$(SIDE) $(PY) -m baseline --rows $(call rows_of,$*) --out $@

# Predictions are kept (make would delete them as intermediates): the dashboard reads them, and a look is recorded once.
.SECONDARY:

# A lockbox set gets one recorded look per arm (and history mode; aggregate only); a dev set gets a row-level report.
reports/%/report.json: reports/%/predictions.jsonl
	$(if $(filter dev dlg-dev-%,$(notdir $*)),$(PY) -m evaluate.metrics --gold $(call gold_of,$(notdir $*)) --split dev --predictions $< --out $@,$(PY) -m evaluate.lockbox evaluate --lockbox data/lockbox/$(call lockbox_of,$(notdir $*)).jsonl --manifest data/lockbox/$(call lockbox_of,$(notdir $*)).manifest.json --predictions $< --arm $(patsubst %/,%,$(dir $*)) --out $@)

dashboard: setup
	$(PY) -m streamlit run dashboard/app.py

screenshot: setup
	$(PY) -m dashboard.screenshot --out docs/dashboard.png

# The one-look ledger is kept: clean does not erase the record of lockbox looks.
clean:
	rm -rf data/build runs .cache
	find reports -mindepth 1 -maxdepth 1 ! -name lockbox-ledger.jsonl -exec rm -rf {} + 2>/dev/null || true
