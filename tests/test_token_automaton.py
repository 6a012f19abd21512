"""The token automaton: accepts every gold contract's training ids, refuses what the contract forbids."""

from __future__ import annotations

import numpy as np
import pytest

from decode.automaton_state import advance, allowed_mask, first_rejected, initial_state
from decode.grammar import build_grammar
from decode.token_automaton import DONE, compile_automaton, load_automaton
from v2t.contract import make_contract, render, string_problem, validate
from v2t.model_config import preset
from v2t.prompt import choice_mask, target_ids, training_example
from v2t.tokenizer import FIRST_ADDED_ID, IM_END_ID

VOCAB = preset("tiny").vocab_size  # the `automaton` fixture's (tests/conftest.py)


TRICKY = [
    make_contract("search", "明天北京会下雨吗？", "搜索明天北京是否下雨。"),
    make_contract("search", "《三体》读后感", "搜索三体读后感！"),
    make_contract("navigate", "https://www.bilibili.com/video/BV1xx411c7mD?p=2&t=30", "打开哔哩哔哩视频"),
    make_contract("form_fill", {f"字段{i}": f"值{i}😀" for i in range(8)}, "在表单中填写八个字段"),
    make_contract("form_fill", {"邮箱": "lihua@qq.com"}, "在报名表中填写邮箱"),
    make_contract("extract", "评论区里👍🏽最多的那条", "提取点赞最多的评论"),
    make_contract("clarify", "未说明𠮷野家的哪家分店", "请说明要查询的分店"),
    make_contract("blocked", "代替用户向陌生账户转账属于不安全的支付操作。", "拒绝代为转账的请求"),
    make_contract("search", "长" * 64, "搜" * 64),
    make_contract("search", "a" * 63 + "😀", "鿰" * 64),
    make_contract("search", " 前后有空格 ", "搜索　全角空格"),
]


@pytest.mark.parametrize("contract", TRICKY, ids=lambda c: f"{c['task_type']}:{str(c['slots'])[:20]}")
def test_accepts_training_ids_of_tricky_gold(tok, automaton, contract):
    assert string_problem(contract["normalized_command"]) is None
    assert first_rejected(automaton, target_ids(tok, contract)) is None


def test_tricky_set_really_splits_characters_over_byte_tokens(tok):
    pieces = [tok.convert_ids_to_tokens(i) for c in TRICKY for i in target_ids(tok, c)[:-1]]
    split = [p for p in pieces if "\ufffd" in tok.convert_tokens_to_string([p])]
    assert len(split) >= 3


def test_blocked_may_choose_either_confirmation(tok, automaton):
    contract = make_contract("blocked", "入侵他人账号。", "拒绝入侵账号的请求")
    contract["confirmation_required"] = True
    assert first_rejected(automaton, target_ids(tok, contract)) is None


@pytest.mark.parametrize("slot, command", [
    ("长" * 65, "搜索"),                     # 65 characters
    ('带"引号', "搜索"),                      # a quote
    ("反斜杠\\", "搜索"),                      # a backslash
    ("换行\n", "搜索"),                        # a control character
    ("", "搜索"),                              # empty
    ("   ", "搜索"),                           # white space only
    ("值", "\u3000\u3000"),                    # ideographic white space only
])
def test_rejects_invalid_strings(tok, automaton, slot, command):
    ids = target_ids(tok, make_contract("search", slot, command))
    assert first_rejected(automaton, ids) is not None


def test_rejects_nine_field_pairs_and_stray_tokens(tok, automaton):
    nine = make_contract("form_fill", {f"字段{i}": "值" for i in range(9)}, "填写")
    assert first_rejected(automaton, target_ids(tok, nine)) is not None
    ids = target_ids(tok, make_contract("search", "天气", "搜索天气"))
    assert first_rejected(automaton, ids[:-1]) == len(ids) - 1  # no <|im_end|>: not finished
    assert first_rejected(automaton, [*ids, IM_END_ID]) == len(ids)  # nothing after the end
    special = ids[:20] + [151643] + ids[20:]
    assert first_rejected(automaton, special) == 20
    wrong_route = target_ids(tok, {**make_contract("search", "天气", "搜索"), "route": "open_url"})
    assert first_rejected(automaton, wrong_route) is not None


def test_masks_never_allow_special_or_padded_ids(tok, automaton):
    rng = np.random.default_rng(0)
    for _ in range(3):
        state, steps = initial_state(automaton), 0
        while automaton.node_kind_N[state.node] != DONE:
            mask = allowed_mask(automaton, state)
            assert not mask[FIRST_ADDED_ID:].any()
            state, _ = advance(automaton, state, int(rng.choice(np.flatnonzero(mask))))
            steps += 1
        assert steps > 0


def test_random_walks_are_semantic_valid_contracts(tok, automaton):
    """Any path through the automaton, whichever allowed token is taken, spells a valid contract."""
    rng = np.random.default_rng(1)
    for _ in range(24):
        state = initial_state(automaton)
        ids = automaton.start_run.tolist()
        while automaton.node_kind_N[state.node] != DONE:
            mask = allowed_mask(automaton, state)
            closers = np.flatnonzero(mask & (automaton.option_of_NxV[state.node] >= 0))
            pick = rng.choice(closers) if len(closers) and rng.random() < 0.25 else rng.choice(np.flatnonzero(mask))
            state, run = advance(automaton, state, int(pick))
            ids += [int(pick), *run]
        assert ids[-1] == IM_END_ID
        text = tok.decode(ids[:-1])
        v = validate(text)
        assert v.semantic_valid, (text, v.issues)
        assert render(v.contract) == text
        strings = [v.contract["normalized_command"], *v.contract["slots"].values()]
        for s in strings:
            for value in (s.items() if isinstance(s, dict) else [(s,)]):
                assert all(string_problem(x) is None for x in value), text


def test_build_is_small_deterministic_and_cached(tok, automaton):
    # its build time is bench.decode's `ours` build row (timed assertions stay out of tests)
    fresh = compile_automaton(build_grammar(), tok, VOCAB)
    assert fresh.table_bytes() < 32 * 2**20
    assert np.array_equal(fresh.option_of_NxV, automaton.option_of_NxV)
    assert np.array_equal(fresh.string_step_UxV, automaton.string_step_UxV)
    assert load_automaton(tok, 152064).vocab_size == 152064


def _model_choices(a, ids: list[int]) -> list[bool]:
    """Over a target's ids: True where the decoder asks the model (a step of its loop), False where it forces."""
    start = a.start_run.tolist()
    assert ids[: len(start)] == start
    choices, s, i = [False] * len(start), initial_state(a), len(start)
    while i < len(ids):  # the last forced run ends with <|im_end|>
        choices.append(True)
        s, run = advance(a, s, ids[i])
        choices += [False] * len(run)
        i += 1 + len(run)
    return choices


@pytest.mark.parametrize("contract", [
    make_contract("search", "明天北京天气 是否下雨", "搜索明天北京是否下雨"),
    make_contract("form_fill", {"邮箱": "lihua@qq.com", "姓名": "李华"}, "在报名表中填写邮箱和姓名"),
    make_contract("blocked", "代用户转账付款存在资金风险", "拒绝代为转账的请求"),
    make_contract("clarify", "未说明要打开哪个网站", "请说明要打开的网站"),
])
def test_the_choices_loss_mask_is_where_the_decoder_asks_the_model(tok, automaton, contract):
    ids = target_ids(tok, contract)
    assert choice_mask(tok, contract) == _model_choices(automaton, ids)
    _, mask = training_example(tok, "嗯 随便说点什么", contract, loss_on="choices")
    assert mask[-len(ids):] == choice_mask(tok, contract) and not any(mask[: -len(ids)])
