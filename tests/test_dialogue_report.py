import json

import pytest

from evaluate import report as R
from evaluate.metrics import METRIC_NAMES, RATE_NAMES
from tests.dialogue_fixtures import OWN_PREDICTIONS, write_report
from v2t.errors import cli_entry

RUN = cli_entry(R.main)


def _one_turn(root):
    path = root / "reports" / "base" / "dev" / "report.json"
    path.parent.mkdir(parents=True)
    metrics = {name: (0.5 if name in RATE_NAMES else 4) for name in METRIC_NAMES}
    path.write_text(json.dumps({"metrics": metrics, "unsafe_allowance": 0, "failure_slices": {}, "run": {"n_gold": 4}}))


def test_arms_report_shows_dialogue_measures_per_arm_and_history_mode(tmp_path, capsys):
    write_report(tmp_path, "sft", "dlg-dev-gold", "gold")
    write_report(tmp_path, "sft", "dlg-dev-own", "own", OWN_PREDICTIONS)
    _one_turn(tmp_path)
    assert RUN(["--reports", str(tmp_path / "reports")]) == 0
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text(encoding="utf-8"))
    by = {(e["set"], e["arm"], e["history_mode"]): e for e in summary["dialogues"]}
    assert set(by) == {("dlg-dev-gold", "sft", "gold"), ("dlg-dev-own", "sft", "own")}
    gold, own = by[("dlg-dev-gold", "sft", "gold")], by[("dlg-dev-own", "sft", "own")]
    assert gold["context_carry_accuracy"] == pytest.approx(1 / 3) and gold["context_leak_rate"] == pytest.approx(2 / 3)
    assert gold["last_turn_task_accuracy"] == pytest.approx(2 / 5)
    assert gold["all_turn_task_accuracy"] == pytest.approx(8 / 11)
    # own: refine t1 keeps 北京 (天气 still carried: right), clarify t1 navigates -> carry 3/3; last turns 3/5
    assert (own["carry_right"], own["carry_turns"]) == (3, 3) and own["last_turn_task_accuracy"] == pytest.approx(3 / 5)
    assert summary["sets"]["dlg-dev-own"]["arms"]["sft"]["history_mode"] == "own"
    assert summary["sets"]["dev"]["arms"]["base"]["history_mode"] is None
    md = (tmp_path / "reports" / "summary.md").read_text(encoding="utf-8")
    assert "| dlg-dev-gold | sft | gold | 0.3333 (1 / 3) | 0.6667 (2 / 3) | 0.4000 | 0.7273 |" in md
    assert "| dlg-dev-own | sft | own | 1.0000 (3 / 3) |" in md
    assert "history mode: own" in md.split("## dlg-dev-own")[1].split("##")[0]
    # The one-turn table is as before: no dialogue line in it.
    dev = md.split("## dev\n")[1].split("## ")[0]
    assert "| contract_exact_match | 0.5000 |" in dev and "history" not in dev


def test_a_malformed_dialogue_section_is_one_error_line(tmp_path, capsys):
    path = write_report(tmp_path, "sft", "dlg-dev-gold")
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["dialogue"]["history_mode"] = "both"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert RUN(["--reports", str(tmp_path / "reports")]) == 2
    assert capsys.readouterr().err.strip() == (f"error: {path}: dialogue.history_mode must be one of gold, own, "
                                               "got 'both'")
