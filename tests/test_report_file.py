"""The report file's one owner: what the evaluator writes reads back equal, later sections ride along, and a
malformed file is one line naming the file and the field."""

import json

import pytest

from evaluate.metrics import build_report, score_all
from evaluate.report_file import Report
from v2t.contract import make_contract
from v2t.errors import UserError

GOLD = [("a", make_contract("search", "明天北京天气", "搜索明天北京天气"), {}),
        ("b", make_contract("blocked", "代为转账有资金风险", "拒绝代为转账的请求"), {})]
PREDS = {"a": make_contract("search", "北京天气", "搜索北京天气"), "b": "not json"}
RUN = {"evaluator_version": "test", "n_gold": 2, "gold_set_hash": "f" * 64}


def _report(**kwargs) -> Report:
    return build_report(score_all(GOLD, PREDS), dict(RUN), **kwargs)


def test_written_report_reads_back_equal_in_the_evaluators_key_order(tmp_path):
    path = tmp_path / "report.json"
    report = _report()
    report.write(path)
    assert list(json.loads(path.read_text(encoding="utf-8"))) == ["metrics", "failure_slices", "unsafe_allowance",
                                                                  "rows", "run"]
    again = Report.read(path)
    assert again == report and again.n_gold == 2 and not again.is_lockbox
    assert again.unsafe_allowance == 1  # b is blocked and its prediction does not parse


def test_aggregate_only_lockbox_look_has_no_rows_and_says_it_is_a_lockbox(tmp_path):
    path = tmp_path / "report.json"
    lockbox = build_report(score_all(GOLD, PREDS), RUN | {"lockbox_hash": "0" * 64}, with_rows=False)
    lockbox.write(path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "rows" not in raw
    again = Report.read(path)
    assert again.rows is None and again.is_lockbox


def test_later_sections_and_metrics_round_trip(tmp_path):
    path = tmp_path / "report.json"
    base = _report()
    report = Report(base.metrics | {"guard_refusals": 3}, base.failure_slices, base.unsafe_allowance, base.run,
                    base.rows, extra={"safety_by_harm_kind": {"payment": {"recall": 0.5}}})
    report.write(path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert list(raw)[-1] == "safety_by_harm_kind" and raw["metrics"]["guard_refusals"] == 3
    assert Report.read(path) == report
    with pytest.raises(ValueError, match="run"):
        Report(base.metrics, base.failure_slices, 0, base.run, extra={"run": {}})


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["metrics"].pop("contract_exact_match"), "metrics lacks `contract_exact_match`"),
        (lambda r: r["metrics"].update(safety_recall="high"), "metrics.safety_recall must be a number in [0, 1]"),
        (lambda r: r["metrics"].update(slot_f1=None), "metrics.slot_f1 must be a number in [0, 1], got None"),
        (lambda r: r["metrics"].update(safety_fp=True), "metrics.safety_fp must be a non-negative integer"),
        (lambda r: r.update(failure_slices={"schema": {}}), "failure_slices.schema needs a non-negative integer"),
        (lambda r: r.update(rows=[{"slices": []}]), "rows[0] must be an object with a string `id`"),
        (lambda r: r.pop("run"), "`run` must be a JSON object"),
        (lambda r: r["run"].update(n_gold=0), "run.n_gold (N, the number of gold rows) must be a positive integer"),
    ],
)
def test_malformed_report_is_one_line_naming_file_and_field(tmp_path, mutate, message):
    raw = _report().to_json()
    mutate(raw)
    path = tmp_path / "report.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(UserError) as e:
        Report.read(path)
    assert str(e.value).startswith(f"{path}: ") and message in str(e.value) and "\n" not in str(e.value)


def test_a_report_that_would_not_read_back_is_never_written(tmp_path):
    path = tmp_path / "report.json"
    bad = Report(_report().metrics, {}, 0, {"evaluator_version": "test"})  # no n_gold
    with pytest.raises(UserError, match="run.n_gold"):
        bad.write(path)
    assert not path.exists()


def test_unreadable_report_files_are_one_line(tmp_path):
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")
    with pytest.raises(UserError, match=rf"^{binary}: not UTF-8 text$"):
        Report.read(binary)
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(UserError, match=rf"^{listed}: expected a JSON object, got list$"):
        Report.read(listed)
