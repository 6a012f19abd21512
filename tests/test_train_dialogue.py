"""Training rows from dialogue turns: the history is prompt (never a target), DPO pairs share it, the buckets
follow the longer rows, the task-type weight lands on the last turn's decision; a bad history names its line."""

from __future__ import annotations

import json
from functools import partial

import numpy as np
import pytest
from dialogue_seed_fixtures import BEIJING, SHANGHAI

from train.data import dpo_sequences, fit_buckets, read_rows, sft_sequences
from train.token_weights import weight_task_type
from v2t.contract import make_contract
from v2t.errors import UserError
from v2t.prompt import prompt_ids, target_ids, training_example

HISTORY = [{"input_text": "帮我搜一下北京天气", "contract": BEIJING}]
ROW = {"id": "d#t1", "split": "train", "input_text": "再搜一下上海的", "target_contract": SHANGHAI, "history": HISTORY}
PAIR = {"id": "d#t1/ignored_history", "split": "train", "input_text": "再搜一下上海的", "chosen_contract": SHANGHAI,
        "rejected_contract": make_contract("search", "上海", "搜索上海"), "rejection_reason": "ignored_history",
        "history": HISTORY}


def _labels(seq):
    return seq.ids[seq.mask].tolist()


def test_sft_row_with_history_targets_only_its_last_turn(tok):
    [seq] = sft_sequences([ROW], tok, training_example)
    history = [("帮我搜一下北京天气", BEIJING)]
    assert seq.ids.tolist()[: len(prompt_ids(tok, ROW["input_text"], history))] == prompt_ids(tok, ROW["input_text"], history)
    assert _labels(seq) == target_ids(tok, SHANGHAI)
    [alone] = sft_sequences([{k: v for k, v in ROW.items() if k != "history"}], tok, training_example)
    assert seq.length > alone.length and _labels(alone) == _labels(seq)


@pytest.mark.parametrize("loss_on", ["target", "choices"])
def test_dpo_pair_shares_the_history_and_scores_the_last_turn(tok, loss_on):
    [(chosen, rejected)] = dpo_sequences([PAIR], tok, partial(training_example, loss_on=loss_on))
    n = len(prompt_ids(tok, PAIR["input_text"], [("帮我搜一下北京天气", BEIJING)]))
    assert chosen.ids[:n].tolist() == rejected.ids[:n].tolist()
    assert not chosen.mask[:n].any() and not rejected.mask[:n].any()
    assert chosen.mask[n:].any() and rejected.mask[n:].any()


def test_buckets_grow_for_rows_with_history(tok, capsys):
    seqs = sft_sequences([ROW, {**ROW, "history": HISTORY * 3}], tok, training_example)
    buckets = fit_buckets(seqs, (128,), "sft.jsonl")
    assert max(buckets) >= max(s.length for s in seqs) > 128 and max(buckets) % 32 == 0
    assert "adding bucket" in capsys.readouterr().err


def test_task_type_weight_sits_on_the_last_turns_task_type(tok):
    [seq] = weight_task_type(sft_sequences([ROW], tok, training_example), [ROW], tok, task_type_weight=3.0,
                             blocked_weight=1.0)
    at = int(np.flatnonzero(seq.weights == 3.0)[0])
    assert tok.decode(seq.ids[at:at + 1].tolist()) == "search"[: len(tok.decode(seq.ids[at:at + 1].tolist()))]
    assert at > len(prompt_ids(tok, ROW["input_text"], [("帮我搜一下北京天气", BEIJING)]))


def test_a_bad_history_names_its_line(tmp_path):
    path = tmp_path / "sft.jsonl"
    path.write_text(json.dumps(ROW) + "\n\n" + json.dumps({**ROW, "history": [{"input_text": "x"}]}) + "\n")
    with pytest.raises(UserError, match=r"sft.jsonl:3: history must be a list of"):
        read_rows(path, ("id", "input_text", "target_contract"))
