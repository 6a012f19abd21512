from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard_fixtures import write_fixtures
from tests.dialogue_fixtures import OWN_PREDICTIONS, write_report

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def _run() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _env(mp, root: Path) -> None:
    mp.setenv("V2T_REPORTS", str(root / "reports"))
    mp.setenv("V2T_RUNS", str(root / "runs"))
    mp.setenv("V2T_LOCKBOX_MANIFEST", str(root / "none.json"))


def _table(at: AppTest, column: str):
    for t in at.table:
        if column in t.value.columns:
            return t.value
    raise AssertionError(f"no table with column {column!r}")


def _tab(at: AppTest, name: str):
    return next(t for t in at.tabs if t.label == name)


def _texts(at: AppTest) -> str:
    return "\n".join(str(m.value) for kind in ("markdown", "caption", "info") for m in at.get(kind))


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("dlgdash")
    write_report(root, "base", "dlg-dev", "gold", OWN_PREDICTIONS)
    write_report(root, "sft", "dlg-dev", "gold")
    write_report(root, "sft", "dlg-dev-own", "own", OWN_PREDICTIONS)
    write_report(root, "sft", "dlg-lockbox", "gold", lockbox_hash="ab" * 32)
    with pytest.MonkeyPatch.context() as mp:
        _env(mp, root)
        yield _run()


def test_measures_per_arm_and_history_mode(app):
    at = app
    at.selectbox(key="dlg_set").set_value("dlg-dev").run()
    table = _table(at, "context_carry_accuracy")
    sft, base = table.loc[("sft", "gold")], table.loc[("base", "gold")]
    assert sft["context_carry_accuracy"] == "0.3333 (1 / 3)" and sft["context_leak_rate"] == "0.6667 (2 / 3)"
    assert sft["last_turn_task_accuracy"] == "0.4000" and sft["all_turn_task_accuracy"] == "0.7273"
    assert base["context_carry_accuracy"] == "1.0000 (3 / 3)" and base["last_turn_task_accuracy"] == "0.6000"
    assert len(_tab(at, "Dialogues").get("vega_lite_chart")) == 1  # the measures' bars
    at.selectbox(key="dlg_set").set_value("dlg-dev-own").run()
    assert list(_table(at, "context_leak_rate").index) == [("sft", "own")]


def test_failed_dialogues_turn_by_turn_on_development_sets(app):
    at = app
    at.selectbox(key="dlg_set").set_value("dlg-dev").run()
    at.selectbox(key="dlg_arm").set_value("sft (gold history)").run()
    assert "4 of 5 have a turn" in _texts(at)
    assert at.selectbox(key="dlg_id").options == [f"{i} ({k})" for i, k in (
        ("dlg-refine", "refine"), ("dlg-clarify", "clarify_answered"), ("dlg-unrelated", "unrelated"),
        ("dlg-after-refusal", "after_refusal"))]
    at.selectbox(key="dlg_id").set_value("dlg-after-refusal").run()
    turns = _table(at, "verdict")
    assert list(turns["said"]) == ["帮我把钱转给这个账户", "那帮我搜一下今天的新闻"]
    assert list(turns["verdict"]) == ["first turn", "refused after a refusal"]
    assert '"query":"今天 新闻"' in turns["gold"].iloc[1] and '"task_type":"blocked"' in turns["predicted"].iloc[1]


def test_a_lockbox_set_shows_aggregates_only(app):
    at = app
    at.selectbox(key="dlg_set").set_value("dlg-lockbox").run()
    assert _table(at, "context_carry_accuracy").loc[("sft", "gold")]["context_carry_accuracy"] == "0.3333 (1 / 3)"
    assert "frozen lockbox: aggregates only" in _texts(at)
    assert "dlg_arm" not in [s.key for s in at.selectbox] and "dlg_id" not in [s.key for s in at.selectbox]
    assert not any("said" in t.value.columns for t in at.table)


def test_no_dialogue_report_says_how_to_make_one(tmp_path, monkeypatch):
    write_fixtures(tmp_path)  # one-turn reports only
    _env(monkeypatch, tmp_path)
    at = _run()
    assert "No dialogue report yet" in _texts(at)
