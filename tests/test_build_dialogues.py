"""`python -m v2t.build` with seed dialogues: one SFT row per turn and wording variant with its history, the
history DPO pairs, dialogues.jsonl, the manifest's counts; a bad dialogue stops the build naming file:line."""

from __future__ import annotations

import json

import pytest
from dialogue_seed_fixtures import BEIJING, SHANGHAI, dialogues, write_dialogues
from test_build import read, rows, run_build, write_seeds


@pytest.fixture()
def seed_dir(tmp_path):
    folder = write_seeds(tmp_path / "seeds", rows())
    write_dialogues(folder, dialogues())
    return folder


def test_turn_rows_ids_and_histories(seed_dir, tmp_path):
    assert run_build(seed_dir, tmp_path / "out") == 0
    sft = {r["id"]: r for r in read(tmp_path / "out" / "sft.jsonl")}
    turns = {k: r for k, r in sft.items() if "history" in r}
    assert len(sft) - len(turns) == 24  # the single-turn rows, as before
    # dlg-refine: 2 + 2 + 2 turns of variants 0-2, then variant 3 only for turn 1 (turn 0 has two wordings:
    # it falls back to the original, already a row); dlg-site 3 variants x 3 turns.
    assert len(turns) == 7 + 9  # dlg-dev is a dev dialogue: scored from dialogues.jsonl, never a row
    assert sorted(k for k in turns if k.startswith("dlg-refine")) == [
        "dlg-refine#aug1#t0", "dlg-refine#aug1#t1", "dlg-refine#aug2#t0", "dlg-refine#aug2#t1",
        "dlg-refine#aug3#t1", "dlg-refine#t0", "dlg-refine#t1"]
    assert turns["dlg-refine#t0"]["history"] == []
    assert turns["dlg-refine#t1"]["input_text"] == "再搜一下上海的"
    assert turns["dlg-refine#t1"]["history"] == [{"input_text": "帮我搜一下北京天气", "contract": BEIJING}]
    assert turns["dlg-refine#aug2#t1"]["input_text"] == "换成上海"
    assert turns["dlg-refine#aug2#t1"]["history"] == [{"input_text": "嗯 查查北京天气", "contract": BEIJING}]
    assert turns["dlg-refine#aug3#t1"]["input_text"] == "上海的也搜一下"
    assert turns["dlg-refine#aug3#t1"]["history"][0]["input_text"] == "帮我搜一下北京天气"
    assert turns["dlg-refine#aug3#t1"]["target_contract"] == SHANGHAI
    site = turns["dlg-site#aug1#t2"]
    assert [h["input_text"] for h in site["history"]] == ["打开那个 那个网站", "京东 京东那个"]
    assert site["split"] == "train" and not any(k.startswith("dlg-dev") for k in sft)


def test_history_pairs_and_dialogues_file(seed_dir, tmp_path):
    assert run_build(seed_dir, tmp_path / "out") == 0
    dpo = {r["id"]: r for r in read(tmp_path / "out" / "dpo.jsonl") if "history" in r}
    assert len(dpo) == 4 + 6 and all(r["split"] == "train" for r in dpo.values())
    carry = dpo["dlg-refine#aug1#t1/ignored_history"]
    assert carry["rejection_reason"] == "ignored_history" and carry["chosen_contract"] == SHANGHAI
    assert carry["rejected_contract"]["slots"] == {"query": "上海"}
    assert carry["history"] == [{"input_text": "北京天气搜一下", "contract": BEIJING}]
    fresh = dpo["dlg-site#t2/leaked_history"]
    assert fresh["rejected_contract"]["slots"] == {"query": "京东 上海 天气"} and len(fresh["history"]) == 2
    written = [json.loads(line) for line in (tmp_path / "out" / "dialogues.jsonl").read_text().splitlines()]
    assert written == dialogues()


def test_manifest_counts_dialogues_turns_and_pairs(seed_dir, tmp_path, capsys):
    assert run_build(seed_dir, tmp_path / "out") == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    d = manifest["counts"]["dialogues"]
    assert d["total"] == 3 and d["by_split"] == {"dev": 1, "train": 2} and d["families"] == 3
    assert d["turn_rows"]["by_split"] == {"train": 16}
    assert d["turn_rows"]["by_dialogue_kind"] == {"clarify_answered": 9, "refine": 7}
    assert d["pairs"]["by_rejection_reason"] == {"ignored_history": 7, "leaked_history": 3}
    assert d["pairs"]["by_split"] == {"train": 10}
    assert "dialogues/dlg.jsonl" in manifest["seed_files"] and manifest["outputs"]["dialogues.jsonl"]["rows"] == 3
    assert "dialogues: 3 (dev 1, train 2), 16 turn rows, 10 history pairs" in capsys.readouterr().out


def test_no_dialogues_is_fine(tmp_path):
    assert run_build(write_seeds(tmp_path / "seeds", rows()), tmp_path / "out") == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"]["dialogues"]["total"] == 0
    assert (tmp_path / "out" / "dialogues.jsonl").read_text() == ""
    assert not any("history" in r for r in read(tmp_path / "out" / "sft.jsonl"))


def _edit(rows_, i, **turn_edits):
    for k, v in turn_edits.items():
        rows_[i]["turns"][1][k] = v
    return rows_


@pytest.mark.parametrize("make,line,problem", [
    (lambda: _edit(dialogues(), 1, carried=["北京"]), 2, "turns[1].carried '北京' is not in the turn's gold slots"),
    (lambda: dialogues() + [{**dialogues()[0]}], 4, "duplicate id 'dlg-refine' (first at "),
    (lambda: [dialogues()[0], {**dialogues()[1], "id": "s1"}], 2, "duplicate id 's1'"),
    (lambda: [dialogues()[0], {**dialogues()[1], "semantic_family_id": "f-price"}], 2,
     "family 'f-price' is in split 'train' and in split 'dev'"),
    (lambda: [dialogues()[0], {**dialogues()[2], "turns": [dialogues()[0]["turns"][0], dialogues()[2]["turns"][1]]}],
     2, "input '帮我搜一下北京天气' also appears in split 'train'"),
    (lambda: [dialogues()[0], "{not json"], 2, "not valid JSON"),
])
def test_a_bad_dialogue_stops_the_build_and_writes_nothing(seed_dir, tmp_path, capsys, make, line, problem):
    path = write_dialogues(seed_dir, make())
    out = tmp_path / "out"
    assert run_build(seed_dir, out) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {path}:{line}: {problem}"), err
    assert len(err.splitlines()) == 1 and not out.exists()
