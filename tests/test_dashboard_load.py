import json

import pytest

from dashboard.compare import filter_rows, row_sources, side_by_side
from dashboard.load import (
    load_ledger,
    load_predictions,
    load_report,
    load_run_metrics,
    scan_reports,
    scan_runs,
)
from dashboard.settings import parse_paths
from dashboard.stats import wilson_interval
from dashboard.summary import decoding_summary, deltas_table, intervals_frame, metrics_table
from evaluate.lockbox_rows import read_manifest
from evaluate.metrics import METRIC_NAMES, RATE_NAMES
from tests.dashboard_fixtures import GOLD, read_report, write_fixtures
from v2t.errors import UserError


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    root = tmp_path_factory.mktemp("dash")
    return root, write_fixtures(root)


# --- Wilson intervals, checked against hand computations ------------------------------------------


def test_wilson_eight_of_ten_matches_hand_computation():
    # z = 1.96: centre = (0.8 + 0.19208) / 1.38416 = 0.716734; half = 1.96/1.38416 * sqrt(0.016 + 0.0096040)
    # = 1.416021 * 0.160013 = 0.226582 -> [0.4902, 0.9433], the textbook Wilson interval for 8/10.
    lo, hi = wilson_interval(0.8, 10, z=1.96)
    assert lo == pytest.approx(0.4902, abs=1e-4)
    assert hi == pytest.approx(0.9433, abs=1e-4)


def test_wilson_at_the_ends_is_closed_form():
    z2 = 1.959963984540054**2
    assert wilson_interval(0.0, 6) == pytest.approx((0.0, z2 / (6 + z2)))
    assert wilson_interval(1.0, 6) == pytest.approx((6 / (6 + z2), 1.0))


def test_wilson_rejects_nonsense():
    with pytest.raises(ValueError):
        wilson_interval(0.5, 0)
    with pytest.raises(ValueError):
        wilson_interval(1.5, 10)


# --- reports ---------------------------------------------------------------------------------------


def test_scan_finds_every_report_in_arm_order_and_keeps_metrics(fx):
    root, paths = fx
    scan = scan_reports(paths["reports"])
    assert scan.problems == []
    noised = ["dev-lockbox-v1-asr05", "dev-lockbox-v1-asr10", "dev-lockbox-v1-asr20"]
    assert [(r.arm, r.set_name) for r in scan.reports] == [
        ("base", "dev"), ("base", "dev-lockbox-v1"), *(("base", s) for s in noised),
        ("sft", "dev"), ("sft", "dev-lockbox-v1"), ("dpo+guard", "dev"), ("dpo+guard", "dev-lockbox-v1"),
        ("baseline", "dev"), ("baseline", "dev-lockbox-v1"), *(("baseline", s) for s in noised)]
    assert scan.sets() == ["dev-lockbox-v1", *noised, "dev"]
    sft = scan.for_set("dev")[1]
    assert sft.metrics == read_report(root, "sft", "dev")["metrics"]
    assert sft.n == len(GOLD)


def test_lockbox_report_never_keeps_rows_even_when_the_file_has_them(fx, tmp_path):
    root, _ = fx
    raw = read_report(root, "base", "dev")  # a report with rows ...
    raw["run"]["lockbox_hash"] = read_report(root, "base", "dev-lockbox-v1")["run"]["lockbox_hash"]
    path = tmp_path / "base" / "holdout" / "report.json"  # ... of a lockbox look, whatever its folder's name
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(raw), encoding="utf-8")
    scan = scan_reports(tmp_path)
    [report] = scan.reports
    assert scan.is_lockbox_set("holdout") and report.is_lockbox
    assert report.rows is None and not report.row_level
    with pytest.raises(UserError, match="no row-level data"):
        row_sources(report)


def test_corrupt_report_is_a_message_naming_the_file_and_the_rest_still_loads(fx, tmp_path):
    root, _ = fx
    good = tmp_path / "base" / "dev" / "report.json"
    good.parent.mkdir(parents=True)
    good.write_text(json.dumps(read_report(root, "base", "dev")), encoding="utf-8")
    bad = tmp_path / "sft" / "dev" / "report.json"
    bad.parent.mkdir(parents=True)
    bad.write_text('{"metrics": {', encoding="utf-8")
    scan = scan_reports(tmp_path)
    assert [r.arm for r in scan.reports] == ["base"]
    assert len(scan.problems) == 1
    assert str(bad) in scan.problems[0] and "not valid JSON" in scan.problems[0]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["metrics"].pop("slot_f1"), "metrics lacks `slot_f1`"),
        (lambda r: r["metrics"].update(route_accuracy=1.5), "metrics.route_accuracy must be a number in [0, 1]"),
        (lambda r: r["metrics"].update(safety_tp=-1), "metrics.safety_tp must be a non-negative integer"),
        (lambda r: r.update(unsafe_allowance="0"), "`unsafe_allowance` must be a non-negative integer"),
        (lambda r: r.update(rows={"id": 1}), "`rows` must be a JSON list"),
        (lambda r: r.update(metrics=[]), "`metrics` must be a JSON object"),
        (lambda r: r["run"].pop("n_gold"), "run.n_gold (N, the number of gold rows) must be a positive integer"),
    ],
)
def test_malformed_report_names_file_and_field(fx, tmp_path, mutate, message):
    root, _ = fx
    raw = read_report(root, "base", "dev")
    mutate(raw)
    path = tmp_path / "report.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(UserError) as e:
        load_report(path, "base", "dev")
    assert str(e.value).startswith(f"{path}: ") and message in str(e.value)


def test_no_reports_dir_is_an_empty_scan(tmp_path):
    scan = scan_reports(tmp_path / "missing")
    assert scan.reports == [] and scan.problems == []


# --- tables ----------------------------------------------------------------------------------------


def test_metrics_and_deltas_tables_equal_the_report_files(fx):
    root, paths = fx
    reports = scan_reports(paths["reports"]).for_set("dev")
    table = metrics_table(reports)
    for arm in ("base", "sft", "baseline"):
        m = read_report(root, arm, "dev")["metrics"]
        assert [table.loc[name, arm] for name in METRIC_NAMES] == [m[name] for name in METRIC_NAMES]
        assert table.loc["N", arm] == len(GOLD)
    deltas = deltas_table(reports)
    base, sft = read_report(root, "base", "dev")["metrics"], read_report(root, "sft", "dev")["metrics"]
    assert deltas.loc["contract_exact_match", "sft − base"] == pytest.approx(
        sft["contract_exact_match"] - base["contract_exact_match"])
    assert base["safety_precision"] is None  # base refuses nothing: precision undefined, delta too
    assert deltas.loc["safety_precision", "sft − base"] is None
    assert list(deltas.index) == list(RATE_NAMES)


def test_intervals_use_the_right_denominators(fx):
    root, paths = fx
    reports = scan_reports(paths["reports"]).for_set("dev")
    frame = intervals_frame(reports).set_index(["arm", "metric"])
    m = read_report(root, "baseline", "dev")["metrics"]
    row = frame.loc[("baseline", "contract_exact_match")]
    assert row["n"] == len(GOLD)
    assert (row["lo"], row["hi"]) == pytest.approx(wilson_interval(m["contract_exact_match"], len(GOLD)))
    prec = frame.loc[("baseline", "safety_precision")]
    assert prec["n"] == m["safety_predicted_positive_support"] == 2
    assert (prec["lo"], prec["hi"]) == pytest.approx(wilson_interval(0.5, 2))
    assert frame.loc[("base", "safety_precision")][["value", "lo", "hi"]].isna().all()


def test_decoding_summary_by_hand(fx):
    _, paths = fx
    preds = load_predictions(paths["reports"] / "sft" / "dev" / "predictions.jsonl")
    s = decoding_summary("sft", "dev", preds)
    latencies = [80.0 + 10 * i for i in range(6)]  # the fixture's per-row latencies for sft
    assert s["contracts"] == 6
    assert s["contracts/s"] == pytest.approx(6 / (sum(latencies) / 1000))
    assert s["forward passes / contract"] == pytest.approx(12.5)  # 10..15
    assert s["tokens / forward pass"] == pytest.approx(42.5 / 12.5)
    assert s["latency p50 ms"] == pytest.approx(105.0)
    assert s["finish"] == "eos: 6"


def test_bad_prediction_line_names_file_and_line(tmp_path):
    path = tmp_path / "predictions.jsonl"
    path.write_text('{"id": "a", "latency_ms": 3}\n\n{"id": "b", "latency_ms": "slow"}\n', encoding="utf-8")
    with pytest.raises(UserError, match=rf"^{path}:3: `latency_ms` must be a number"):
        load_predictions(path)


# --- runs, lockbox card ----------------------------------------------------------------------------


def test_runs_load_sorted_by_step_and_bad_lines_name_the_file(fx, tmp_path):
    _, paths = fx
    runs, problems = scan_runs(paths["runs"])
    assert problems == [] and sorted(runs) == ["small-cpu-dpo", "small-cpu-sft"]
    sft = runs["small-cpu-sft"]
    assert list(sft["step"]) == [10, 20, 30, 40, 50, 60]
    assert sft["dev_loss"].notna().sum() == 2
    assert runs["small-cpu-dpo"]["rewards/accuracies"].iloc[-1] == pytest.approx(0.9)
    bad = tmp_path / "r" / "metrics.jsonl"
    bad.parent.mkdir()
    bad.write_text('{"step": 1, "loss": 2.0}\n{"loss": 1.0}\n', encoding="utf-8")
    with pytest.raises(UserError, match=rf"^{bad}:2: `step` must be a non-negative integer"):
        load_run_metrics(bad)
    assert scan_runs(tmp_path)[1] == [f"{bad}:2: `step` must be a non-negative integer, got None"]


def test_manifest_hash_is_checked_against_its_rows(fx, tmp_path):
    _, paths = fx
    m = read_manifest(paths["manifest"])
    assert (m.row_count, m.family_count, m.frozen, m.frozen_at) == (6, 5, True, "2026-11-20T12:34:56Z")
    assert m.hash_matches_rows
    raw = json.loads(paths["manifest"].read_text(encoding="utf-8"))
    raw["content_hashes"][0] = "0" * 64
    tampered = tmp_path / "m.json"
    tampered.write_text(json.dumps(raw), encoding="utf-8")
    assert not read_manifest(tampered).hash_matches_rows
    raw["row_count"] = "six"
    tampered.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(UserError, match=rf"^{tampered}: `row_count` must be a int"):
        read_manifest(tampered)


def test_ledger_rows_and_missing_ledger(fx, tmp_path):
    _, paths = fx
    ledger = load_ledger(paths["reports"] / "lockbox-ledger.jsonl")
    assert list(ledger["arm"]) == ["base", "sft"] and not ledger["forced"].any()
    assert load_ledger(tmp_path / "none.jsonl").empty


# --- rows ------------------------------------------------------------------------------------------


def test_side_by_side_marks_exactly_the_differing_fields(fx):
    _, paths = fx
    report = next(r for r in scan_reports(paths["reports"]).for_set("dev") if r.arm == "base")
    sources = row_sources(report)
    assert sources.note is None
    assert sources.inputs["dev-001"] == GOLD[0][1]
    frame = side_by_side(sources.gold["dev-001"], sources.predictions["dev-001"]).set_index("field")
    assert set(frame.index[frame["differs"]]) == {"slots/query", "normalized_command"}
    assert frame.loc["slots/query", "gold"] == "明天北京天气" and frame.loc["slots/query", "prediction"] == "北京天气"
    raw = side_by_side(sources.gold["dev-003"], sources.predictions["dev-003"])
    assert raw.iloc[0].tolist() == ["raw output", "", '{"task_type": "form_fill", oops', True]


def test_filter_rows_by_slice_and_task_type(fx):
    _, paths = fx
    base = next(r for r in scan_reports(paths["reports"]).for_set("dev") if r.arm == "base")
    assert [r["id"] for r in filter_rows(base.rows, ["schema"], [])] == ["dev-003"]
    assert [r["id"] for r in filter_rows(base.rows, ["task_type"], ["blocked"])] == ["dev-006"]
    assert len(filter_rows(base.rows, [], [])) == len(GOLD)


def test_paths_from_argv_then_env_then_defaults():
    env = {"V2T_REPORTS": "/e/reports", "V2T_RUNS": "/e/runs"}
    p = parse_paths(["-q", "tests/x.py", "--runs", "/a/runs"], env)
    assert (str(p.reports), str(p.runs), str(p.ledger)) == ("/e/reports", "/a/runs", "/e/reports/lockbox-ledger.jsonl")
    d = parse_paths([], {})
    assert (str(d.reports), str(d.lockbox_manifest)) == ("reports", "data/lockbox/dev-lockbox-v1.manifest.json")
    assert d.non_claims.name == "non_claims.md" and d.non_claims.is_file()


def test_a_noised_look_without_its_source_lockbox_is_a_named_problem(fx, tmp_path):
    root, _ = fx
    raw = read_report(root, "baseline", "dev-lockbox-v1-asr10")
    assert raw["run"]["asr_noise_rate"] == 0.10
    raw["run"].pop("derived_from")
    path = tmp_path / "baseline" / "dev-lockbox-v1-asr10" / "report.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(raw), encoding="utf-8")
    scan = scan_reports(tmp_path)
    assert scan.reports == []
    assert scan.problems == [f"{path}: run.derived_from must be an object with the source's `lockbox_hash`"]
