import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from evaluate.metrics import COUNT_NAMES, METRIC_NAMES
from tests.dashboard_fixtures import ARMS, GOLD, read_report, write_fixtures, write_report

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "dashboard" / "app.py")  # AppTest resolves a relative path against this test file
NON_CLAIMS = REPO / "docs" / "non_claims.md"


def _env(mp: pytest.MonkeyPatch, root: Path, paths: dict) -> None:
    mp.setenv("V2T_REPORTS", str(root / "reports"))
    mp.setenv("V2T_RUNS", str(root / "runs"))
    mp.setenv("V2T_LOCKBOX_MANIFEST", str(paths.get("manifest", root / "none.json")))


def _run() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _expected(name: str, value) -> str:
    if value is None:
        return "—"
    return str(value) if name in COUNT_NAMES or name == "N" else f"{value:.4f}"


def _table(at: AppTest, column: str):
    """The first table with this column (tables are told apart by what they show)."""
    for t in at.table:
        frame = t.value
        if column in frame.columns or column == frame.index.name:
            return frame
    raise AssertionError(f"no table with column {column!r}")


def _texts(at: AppTest) -> str:
    parts = [m.value for kind in ("markdown", "caption", "info", "warning", "error", "title", "subheader")
             for m in at.get(kind)]
    parts += [t.value.to_string() for t in at.table] + [d.value.to_string() for d in at.dataframe]
    return "\n".join(map(str, parts))


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("dashapp")
    paths = write_fixtures(root)
    with pytest.MonkeyPatch.context() as mp:
        _env(mp, root, paths)
        yield root, paths, _run()


def test_arms_table_equals_the_reports_on_each_set(app):
    root, _, at = app
    assert at.selectbox(key="arms_set").value == "dev-lockbox-v1"  # the headline set first
    for set_name in ("dev-lockbox-v1", "dev"):
        at.selectbox(key="arms_set").set_value(set_name).run()
        table = _table(at, "sft")
        assert list(table.columns) == ["base", "sft", "dpo+guard", "baseline"]
        for arm in table.columns:
            m = read_report(root, arm, set_name)["metrics"]
            assert [table.loc[n, arm] for n in METRIC_NAMES] == [_expected(n, m[n]) for n in METRIC_NAMES]
            assert table.loc["N", arm] == str(len(GOLD))
        deltas = _table(at, "sft − base")
        base, sft = (read_report(root, a, set_name)["metrics"] for a in ("base", "sft"))
        assert deltas.loc["slot_f1", "sft − base"] == f"{sft['slot_f1'] - base['slot_f1']:+.4f}"


def test_run_facts_per_arm_come_from_the_reports(app):
    root, _, at = app
    facts = _table(at, "run fact")
    for arm in ("base", "sft", "baseline"):
        run = read_report(root, arm, "dev-lockbox-v1")["run"]
        assert facts.loc["checkpoint_hash", arm] == run["checkpoint_hash"]
        assert facts.loc["gold_set_hash", arm] == run["gold_set_hash"]
    assert not at.error  # one gold file for every arm: nothing to warn about


def test_arms_scored_on_different_gold_files_are_flagged(tmp_path, monkeypatch):
    paths = write_fixtures(tmp_path)
    path = tmp_path / "reports/sft/dev-lockbox-v1/report.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["run"]["gold_set_hash"] = "0" * 64
    path.write_text(json.dumps(raw), encoding="utf-8")
    _env(monkeypatch, tmp_path, paths)
    at = _run()
    assert any("different gold files" in e.value and "`sft` 000000000000" in e.value for e in at.error)


def test_unsafe_allowance_stands_alone_red_unless_zero(app):
    root, _, at = app
    lines = [m.value for m in at.markdown if "unsafe_allowance =" in m.value]
    for arm in ("base", "sft", "baseline"):
        n = read_report(root, arm, "dev-lockbox-v1")["unsafe_allowance"]
        colour = "green" if n == 0 else "red"
        assert f"- `{arm}`: :{colour}[**unsafe_allowance = {n}**]" in lines
    assert any(":red[" in line for line in lines)  # the fixture's base arm allows a blocked request


def test_overview_shows_lockbox_card_ledger_and_non_claims_from_the_file(app):
    _, paths, at = app
    manifest = json.loads(paths["manifest"].read_text(encoding="utf-8"))
    text = _texts(at)
    assert manifest["lockbox_hash"] in text and manifest["frozen_at"] in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows"] == str(manifest["row_count"]) and metrics["Semantic families"] == str(manifest["family_count"])
    assert "The lockbox hash matches its 6 row content hashes" in text
    ledger = _table(at, "lockbox_hash")
    assert list(ledger["arm"]) == ["base", "sft"]
    assert "2 looks, 0 forced." in text
    titles = re.findall(r"^- \*\*(.+?)\*\*", NON_CLAIMS.read_text(encoding="utf-8"), flags=re.M)
    assert len(titles) >= 3 and all(t in text for t in titles)


def test_training_table_equals_the_run_files(app):
    root, _, at = app
    runs = _table(at, "final loss")
    for name in ("small-cpu-sft", "small-cpu-dpo"):
        lines = [json.loads(x) for x in (root / "runs" / name / "metrics.jsonl").read_text().splitlines()]
        assert runs.loc[name, "final loss"] == f"{lines[-1]['loss']:.4f}"
        assert runs.loc[name, "last step"] == str(lines[-1]["step"])
    dev = [json.loads(x)["dev_loss"] for x in (root / "runs/small-cpu-sft/metrics.jsonl").read_text().splitlines()
           if "dev_loss" in x]
    assert runs.loc["small-cpu-sft", "final dev loss"] == f"{dev[-1]:.4f}"
    assert runs.loc["small-cpu-dpo", "kind"] == "DPO" and runs.loc["small-cpu-sft", "kind"] == "SFT"
    assert runs.loc["small-cpu-dpo", "final rewards/accuracies"] == "0.9000"
    training = next(t for t in at.tabs if t.label == "Training")
    # loss, dev loss, grad norm, lr, tokens/s; DPO margins, accuracies, chosen/rejected rewards, logps
    assert len(training.get("vega_lite_chart")) == 9


def test_decoding_table_equals_the_prediction_files(app):
    root, _, at = app
    table = _table(at, "contracts/s")
    for arm in ("base", "sft", "baseline"):
        rows = [json.loads(x) for x in (root / "reports" / arm / "dev" / "predictions.jsonl").read_text().splitlines()]
        per_s = len(rows) / (sum(r["latency_ms"] for r in rows) / 1000)
        passes = sum(r["forward_passes"] for r in rows) / len(rows)
        assert table.loc[(arm, "dev"), "contracts/s"] == f"{per_s:.2f}"
        assert table.loc[(arm, "dev"), "forward passes / contract"] == f"{passes:.2f}"


def test_rows_only_development_sets_with_filters_and_side_by_side(app):
    _, _, at = app
    assert at.selectbox(key="rows_set").options == ["dev"]  # never the lockbox
    at.selectbox(key="rows_arm").set_value("base").run()
    assert list(at.dataframe[0].value["id"]) == [rid for rid, _, _ in GOLD]
    at.multiselect(key="rows_slices").set_value(["schema"]).run()
    assert list(at.dataframe[0].value["id"]) == ["dev-003"]
    at.multiselect(key="rows_slices").set_value(["slot"]).run()
    at.multiselect(key="rows_types").set_value(["search"]).run()
    assert list(at.dataframe[0].value["id"]) == ["dev-001"]
    side = _table(at, "differs").set_index("field")
    assert side.loc["slots/query", "gold"] == "明天北京天气" and side.loc["slots/query", "prediction"] == "北京天气"
    assert side.loc["slots/query", "differs"] and not side.loc["route", "differs"]
    assert any(GOLD[0][1] in m.value for m in at.markdown)  # the input transcript


def test_a_lockbox_set_never_shows_rows(tmp_path, monkeypatch):
    paths = write_fixtures(tmp_path)
    for arm in ARMS:  # only lockbox reports left, one of them with rows in the file
        for f in (tmp_path / "reports" / arm / "dev").iterdir():
            f.unlink()
        (tmp_path / "reports" / arm / "dev").rmdir()
    leaked = read_report(tmp_path, "base", "dev-lockbox-v1") | {"rows": [{"id": "dev-001", "slices": ["slot"]}]}
    (tmp_path / "reports/base/dev-lockbox-v1/report.json").write_text(json.dumps(leaked), encoding="utf-8")
    _env(monkeypatch, tmp_path, paths)
    at = _run()
    assert not at.dataframe and not any("differs" in t.value.columns for t in at.table)
    text = _texts(at)
    assert "Row-level view withheld for dev-lockbox-v1" in text
    assert "dev-001" not in text and "dev-006" not in text


def test_no_reports_explains_how_to_produce_them(tmp_path, monkeypatch):
    _env(monkeypatch, tmp_path, {})
    at = _run()
    infos = [i.value for i in at.info]
    assert any("make demo" in i and "report.json" in i for i in infos)
    assert not at.table or all("sft" not in t.value.columns for t in at.table)


def test_corrupt_report_is_named_and_the_others_still_show(tmp_path, monkeypatch):
    paths = write_fixtures(tmp_path)
    bad = tmp_path / "reports" / "sft" / "dev" / "report.json"
    bad.write_text("{not json", encoding="utf-8")
    write_report(tmp_path, "base", "dev", paths["gold"])
    _env(monkeypatch, tmp_path, paths)
    at = _run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and str(bad) in errors[0] and "not valid JSON" in errors[0]
    at.selectbox(key="arms_set").set_value("dev").run()
    assert list(_table(at, "base").columns) == ["base", "dpo+guard", "baseline"]


def _tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def test_safety_section_shows_recall_per_kind_near_misses_and_the_guard_count(app):
    _, _, at = app
    assert at.selectbox(key="safety_set").value == "dev-lockbox-v1"
    table = _table(at, "near-miss refusal rate")
    # dev-006 (harm:payment) is refused by every arm but base; dev-004 (near_miss:payment) only by the baseline.
    assert list(table.index) == ["base", "sft", "dpo+guard", "baseline"]
    assert list(table["harmful refused"]) == ["0 / 1", "1 / 1", "1 / 1", "1 / 1"]
    assert list(table["near-miss refusal rate"]) == ["0.0000", "0.0000", "0.0000", "1.0000"]
    assert list(table["guard changed / rows"]) == ["—", "—", "1 / 6", "—"]
    kinds = next(t.value for t in at.table if t.value.index.name == "kind")
    assert list(kinds.loc["payment"]) == ["0.0000 (0/1)", "1.0000 (1/1)", "1.0000 (1/1)", "1.0000 (1/1)"]
    safety = _tab(at, "Safety")
    assert any("`dpo+guard`: the safety guard changed **1 / 6**" in m.value for m in safety.markdown)
    assert len(safety.get("vega_lite_chart")) == 1  # the per-kind recall bars
    at.selectbox(key="safety_set").set_value("dev-lockbox-v1-asr20").run()
    table = _table(at, "near-miss refusal rate")
    assert list(table.index) == ["base", "baseline"]  # only the arms that ran on the noised set
    assert list(table["harmful refused"]) == ["0 / 1", "0 / 1"]  # the baseline allowed the misheard 转帐
    at.selectbox(key="safety_set").set_value("dev-lockbox-v1").run()


def test_robustness_section_shows_each_metric_against_noise_and_unsafe_allowance(app):
    _, _, at = app
    assert at.selectbox(key="robust_source").options == ["dev-lockbox-v1"]
    drops = next(t.value for t in at.table if t.value.index.names == ["arm", "noise rate"])
    assert list(drops.index) == [(a, r) for a in ("base", "baseline") for r in ("0.00", "0.05", "0.10", "0.20")]
    # baseline: 4/6 task types clean, 3/6 at 0.10 (dev-002 misheard), 2/6 at 0.20 (dev-006 too).
    assert drops.loc[("baseline", "0.00"), "task_type_accuracy"] == "0.6667"
    assert drops.loc[("baseline", "0.10"), "task_type_accuracy"] == "0.5000 (−0.1667)"
    assert drops.loc[("baseline", "0.20"), "contract_exact_match"] == "0.3333 (−0.3333)"
    assert drops.loc[("base", "0.20"), "slot_f1_soft"] == "0.1667 (−0.1667)"  # base loses dev-004 at 0.20
    robust = _tab(at, "Robustness")
    lines = [m.value for m in robust.markdown if "unsafe_allowance at rate" in m.value]
    assert lines == ["- `base`: :red[**unsafe_allowance at rate 0.00: 1, 0.05: 1, 0.10: 1, 0.20: 1**]",
                     "- `baseline`: :red[**unsafe_allowance at rate 0.00: 0, 0.05: 0, 0.10: 0, 0.20: 1**]"]
    assert len(robust.get("vega_lite_chart")) == 3  # one line chart per headline metric


def test_a_malformed_safety_section_is_named_and_the_others_still_show(tmp_path, monkeypatch):
    paths = write_fixtures(tmp_path)
    bad = tmp_path / "reports" / "sft" / "dev" / "report.json"
    raw = json.loads(bad.read_text(encoding="utf-8"))
    raw["safety_by_kind"]["kinds"]["payment"]["recall"] = 2
    bad.write_text(json.dumps(raw), encoding="utf-8")
    _env(monkeypatch, tmp_path, paths)
    at = _run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and str(bad) in errors[0]
    assert "safety_by_kind.kinds.payment.recall must be null or a number in [0, 1], got 2" in errors[0]
    at.selectbox(key="safety_set").set_value("dev").run()
    assert list(_table(at, "near-miss refusal rate").index) == ["base", "dpo+guard", "baseline"]


def test_reports_without_noised_looks_or_safety_sections_say_so(tmp_path, monkeypatch):
    paths = write_fixtures(tmp_path)
    for path in (tmp_path / "reports").glob("*/*/report.json"):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if "asr_noise_rate" in raw["run"]:
            for f in path.parent.iterdir():
                f.unlink()
            path.parent.rmdir()
        else:
            raw.pop("safety_by_kind")
            path.write_text(json.dumps(raw), encoding="utf-8")
    _env(monkeypatch, tmp_path, paths)
    at = _run()
    infos = [i.value for i in at.info]
    assert any("No report has a `safety_by_kind` section" in i for i in infos)
    assert any("No look at a noised lockbox yet" in i for i in infos)
