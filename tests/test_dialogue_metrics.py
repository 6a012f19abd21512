import json

import pytest

from evaluate import metrics as M
from evaluate.dialogue_section import dialogue_of
from evaluate.report_file import Report
from tests.dialogue_fixtures import PREDICTIONS, SEARCH_BJ, SEARCH_SH, SEARCH_SH_TOMORROW, write_set
from v2t.contract import make_contract
from v2t.errors import UserError, cli_entry
from v2t.jsonl import write_jsonl_atomic

RUN = cli_entry(M.main)


def _evaluate(tmp_path, *extra, **set_kw):
    gold, preds = write_set(tmp_path, **set_kw)
    out = tmp_path / "report.json"
    assert RUN(["--gold", str(gold), "--predictions", str(preds), "--out", str(out), *extra]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _verdicts(section):
    return {t["id"]: t["verdict"] for d in section["rows"] for t in d["turns"] if t["verdict"]}


def test_each_turn_gets_its_context_verdict(tmp_path):
    section = _evaluate(tmp_path)["dialogue"]
    assert _verdicts(section) == {
        "dlg-refine#t1": "carry_missing",           # search 上海: task right, 天气 not carried
        "dlg-refine#t2": "carried",
        "dlg-clarify#t1": "carry_wrong_type",       # search instead of navigate
        "dlg-unrelated#t1": "leaked_stale",         # 红烧肉 做法 kept in the new request
        "dlg-after-refusal#t1": "refused_after_refusal",
        "dlg-clean#t1": "clean",
    }


def test_carry_accuracy_and_leak_rate_by_hand(tmp_path):
    d = _evaluate(tmp_path)["dialogue"]
    # carry turns: refine t1 (missing), refine t2 (right), clarify t1 (wrong type) -> 1 / 3
    assert (d["carry_right"], d["carry_turns"]) == (1, 3) and d["context_carry_accuracy"] == pytest.approx(1 / 3)
    # fresh turns: unrelated t1 (stale), after-refusal t1 (refused), clean t1 -> 2 / 3 leaked
    assert (d["leaked"], d["fresh_turns"]) == (2, 3) and d["context_leak_rate"] == pytest.approx(2 / 3)
    assert d["history_mode"] == "gold" and (d["dialogues"], d["turns"]) == (5, 11)
    kinds = d["kinds"]
    assert (kinds["refine"]["carry_right"], kinds["refine"]["carry_turns"]) == (1, 2)
    assert kinds["unrelated"]["dialogues"] == 2 and (kinds["unrelated"]["leaked"], kinds["unrelated"]["fresh_turns"]) == (1, 2)
    assert kinds["unrelated"]["last_turn_task_accuracy"] == 0.5  # clean t1 right, unrelated t1 search for navigate
    assert kinds["after_refusal"]["last_turn_task_accuracy"] == 0.0 and kinds["refine"]["last_turn_task_accuracy"] == 1.0
    assert "form_multi" not in kinds  # a kind with no dialogue in the set is left out


def test_last_turn_and_all_turn_ladders(tmp_path):
    report = _evaluate(tmp_path)
    d = report["dialogue"]
    # all 11 turns: every first turn right (5) + refine t1, t2 and clean t1 -> task 8/11; exact: 5 + t2 + clean -> 7/11
    assert d["all_turns"]["n"] == 11 and report["run"]["n_gold"] == 11
    assert d["all_turns"]["metrics"]["task_type_accuracy"] == pytest.approx(8 / 11)
    assert d["all_turns"]["metrics"]["contract_exact_match"] == pytest.approx(7 / 11)
    assert report["metrics"] == d["all_turns"]["metrics"]  # the report's own ladder is the all-turn one
    # 5 last turns: refine t2 and clean t1 right -> 2/5 for both
    assert d["last_turns"]["n"] == 5
    assert d["last_turns"]["metrics"]["task_type_accuracy"] == pytest.approx(2 / 5)
    assert d["last_turns"]["metrics"]["contract_exact_match"] == pytest.approx(2 / 5)
    assert [r["id"] for r in report["rows"]][:3] == ["dlg-refine#t0", "dlg-refine#t1", "dlg-refine#t2"]


def test_missing_turn_predictions_count_as_missing(tmp_path):
    preds = {k: v for k, v in PREDICTIONS.items() if k not in ("dlg-refine#t2", "dlg-clean#t1")}
    report = _evaluate(tmp_path, predictions=preds)
    d = report["dialogue"]
    assert report["metrics"]["json_parse_count"] == 9 and d["all_turns"]["n"] == 11
    assert d["last_turns"]["metrics"]["json_parse_count"] == 3 and d["last_turns"]["metrics"]["task_type_accuracy"] == 0
    assert (d["carry_right"], d["carry_turns"]) == (0, 3)  # a missing carry turn carried nothing
    turn = next(t for r in d["rows"] for t in r["turns"] if t["id"] == "dlg-refine#t2")
    assert turn["missing"] is True and turn["prediction"] is None and turn["verdict"] == "carry_wrong_type"
    assert all(r["failed"] for r in d["rows"] if r["id"] in ("dlg-refine", "dlg-clean"))


def test_rows_show_each_turn_said_gold_predicted_and_failed_dialogues(tmp_path):
    d = _evaluate(tmp_path)["dialogue"]
    refine = d["rows"][0]
    assert refine["kind"] == "refine" and refine["failed"] is True
    t2 = refine["turns"][2]
    assert (t2["input_text"], t2["gold"], t2["prediction"]) == ("换成明天的", SEARCH_SH_TOMORROW, SEARCH_SH_TOMORROW)
    assert t2["carried"] == ["上海", "天气"]
    assert [r["id"] for r in d["rows"] if not r["failed"]] == ["dlg-clean"]


def test_aggregate_only_report_has_no_rows(tmp_path):
    report = _evaluate(tmp_path, "--no-rows")
    assert "rows" not in report and "rows" not in report["dialogue"]
    assert report["dialogue"]["context_carry_accuracy"] == pytest.approx(1 / 3)


def test_no_carry_turn_gives_null_carry_accuracy(tmp_path):
    gold, _ = write_set(tmp_path)
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()][2:]  # no carry turn
    write_jsonl_atomic(gold, rows)
    preds = tmp_path / "p.jsonl"
    write_jsonl_atomic(preds, [{"id": k, "prediction": v, "history_mode": "own"} for k, v in PREDICTIONS.items()
                               if k.split("#")[0] in {r["row_id"] for r in rows}])
    assert RUN(["--gold", str(gold), "--predictions", str(preds), "--out", str(tmp_path / "r.json")]) == 0
    d = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["dialogue"]
    assert d["context_carry_accuracy"] is None and d["carry_turns"] == 0 and d["history_mode"] == "own"


def test_mixed_history_modes_refused_with_one_line(tmp_path, capsys):
    gold, preds = write_set(tmp_path)
    rows = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    rows[3]["history_mode"] = "own"
    write_jsonl_atomic(preds, rows)
    out = tmp_path / "report.json"
    assert RUN(["--gold", str(gold), "--predictions", str(preds), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"error: {preds}: prediction row dlg-clarify#t0 has history_mode 'own' but row dlg-refine#t0 has "
                   "'gold'; one file holds one history mode")
    assert not out.exists()


def test_a_row_without_history_mode_or_an_unknown_turn_id_is_refused(tmp_path, capsys):
    gold, preds = write_set(tmp_path)
    rows = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    del rows[0]["history_mode"]
    write_jsonl_atomic(preds, rows)
    out = tmp_path / "report.json"
    assert RUN(["--gold", str(gold), "--predictions", str(preds), "--out", str(out)]) == 2
    assert "prediction row dlg-refine#t0 needs `history_mode` gold or own (got None)" in capsys.readouterr().err
    write_jsonl_atomic(preds, [*rows[1:], {"id": "dlg-refine#t9", "prediction": {}, "history_mode": "gold"}])
    assert RUN(["--gold", str(gold), "--predictions", str(preds), "--out", str(out)]) == 2
    assert f"{preds}:11: prediction id dlg-refine#t9 is not in the gold set" in capsys.readouterr().err
    assert not out.exists()


def test_the_section_reads_back_checked(tmp_path):
    _evaluate(tmp_path)
    path = tmp_path / "report.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert dialogue_of(Report.read(path), path)["leaked"] == 2
    raw["dialogue"]["context_leak_rate"] = 2.5
    with pytest.raises(UserError, match=r"dialogue.context_leak_rate must be null or a number in \[0, 1\]"):
        dialogue_of(Report.from_json(raw, path), path)


def test_seed_dialogues_score_one_split(tmp_path):
    seed = {"id": "sd-1", "split": "dev", "semantic_family_id": "fam", "dialogue_kind": "refine",
            "provenance": {"source": "hand_authored:test", "category": "dialogue:refine"}, "turns": [
                {"input_text": "帮我搜一下北京天气", "target_contract": SEARCH_BJ, "context": "first",
                 "augmentations": ["搜搜北京天气", "北京天气查一下"]},
                {"input_text": "再搜一下上海的", "target_contract": SEARCH_SH, "context": "carry", "carried": ["天气"],
                 "augmentations": ["上海的呢", "换上海"], "alone_contract": make_contract("search", "上海", "搜索上海")}]}
    gold, preds, out = tmp_path / "seeds.jsonl", tmp_path / "p.jsonl", tmp_path / "r.json"
    write_jsonl_atomic(gold, [seed, seed | {"id": "sd-2", "split": "train"}])
    write_jsonl_atomic(preds, [{"id": "sd-1#t0", "prediction": SEARCH_BJ, "history_mode": "own"},
                               {"id": "sd-1#t1", "prediction": SEARCH_SH, "history_mode": "own"}])
    assert RUN(["--gold", str(gold), "--predictions", str(preds), "--out", str(out), "--split", "dev"]) == 0
    d = json.loads(out.read_text(encoding="utf-8"))["dialogue"]
    assert (d["dialogues"], d["turns"], d["carry_right"], d["carry_turns"]) == (1, 2, 1, 1)
    assert d["last_turns"]["metrics"]["contract_exact_match"] == 1.0
