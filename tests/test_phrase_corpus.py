"""The phrase corpus: built from the training split only (never a dev, test or lockbox row), each string after its
context (the contract's first choice and its key), the most frequent first, cut to whole entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decode.phrase_corpus import KEY_CONTEXT, SEPARATOR, phrase_corpus, string_spans, training_contracts
from v2t.contract import make_contract
from v2t.errors import UserError
from v2t.prompt import encode_text, target_ids

TRAIN = [make_contract("blocked", "代用户转账存在资金风险", "拒绝代为转账的请求"),
         make_contract("search", "三体评论区精选", "搜索三体评论区精选"),
         make_contract("blocked", "代用户转账存在资金风险", "拒绝代为转账的请求")]
DEV = make_contract("extract", "页面上的联系电话", "提取页面上的联系电话")
LOCKBOX = make_contract("search", "明天上海的航班", "搜索明天上海的航班")


def _entries(corpus):
    out, cur = [], []
    for t in corpus:
        if t == SEPARATOR:
            out.append(cur)
            cur = []
        else:
            cur.append(t)
    return out


def _holds(corpus, ids):
    return any(list(corpus[i:i + len(ids)]) == ids for i in range(len(corpus) - len(ids) + 1))


def _rows_file(tmp_path: Path) -> Path:
    rows = [*({"id": f"t{i}", "split": "train", "input_text": "x", "target_contract": c} for i, c in enumerate(TRAIN)),
            {"id": "d0", "split": "dev", "input_text": "x", "target_contract": DEV},
            {"id": "e0", "split": "test", "input_text": "x", "target_contract": DEV},
            {"row_id": "l0", "input_text": "x", "gold_contract": LOCKBOX}]
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_corpus_holds_training_strings_and_never_a_dev_test_or_lockbox_row(tmp_path, tok, automaton):
    contracts = training_contracts(_rows_file(tmp_path))
    assert contracts == TRAIN
    corpus = phrase_corpus(tok, automaton, contracts)
    for text in ("代用户转账存在资金风险", "拒绝代为转账的请求", "三体评论区精选"):
        assert _holds(corpus, encode_text(tok, text))
    for text in ("页面上的联系电话", "提取页面上的联系电话", "明天上海的航班"):
        assert not _holds(corpus, encode_text(tok, text))


def test_a_file_without_training_rows_is_refused(tmp_path):
    path = tmp_path / "lockbox.jsonl"
    path.write_text(json.dumps({"row_id": "l0", "input_text": "x", "gold_contract": LOCKBOX}) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="no rows of split 'train'"):
        training_contracts(path)


def test_entries_are_a_string_after_its_context_most_frequent_first(tok, automaton):
    corpus = phrase_corpus(tok, automaton, TRAIN)
    entries = _entries(corpus)
    assert len(entries) == 4  # the repeated refusal's two strings once each, then the search's two
    ids = target_ids(tok, TRAIN[0])
    (s0, e0), (s1, e1) = string_spans(automaton, ids)
    task = ids[len(automaton.start_run)]
    assert entries[0] == [task, *ids[s0 - KEY_CONTEXT:s0], *ids[s0:e0]]  # the reason, twice in the rows
    assert entries[1] == [task, *ids[s1 - KEY_CONTEXT:s1], *ids[s1:e1]]
    assert tok.decode(ids[s0:e0]) == "代用户转账存在资金风险"
    assert entries[2][-len(encode_text(tok, "三体评论区精选")):] == encode_text(tok, "三体评论区精选")
    # a shorter corpus keeps whole entries only
    short = phrase_corpus(tok, automaton, TRAIN, max_tokens=len(entries[0]) + len(entries[1]) + 3)
    assert _entries(short) == entries[:2]
