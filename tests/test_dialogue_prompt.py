"""Multi-turn prompts (issue 13): the earlier turns as Qwen2.5 chat turns, the loss on the last turn only, and
the one-turn prompt unchanged bit for bit; the dialogue reader's one-line problems per bad field."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest

from v2t.contract import make_contract, render
from v2t.dialogue import dialogue_problem
from v2t.prompt import SYSTEM_PROMPT, history_reply, prompt_ids, target_ids, training_example

WEATHER = make_contract("search", "明天北京天气 是否下雨", "搜索明天北京是否下雨")
SHANGHAI = make_contract("search", "上海 天气", "搜索上海天气")
CLARIFY = make_contract("clarify", "未说明要打开哪个网站", "请说明要打开的网站")
JD = make_contract("navigate", "https://www.jd.com", "打开京东")


def _chat(*turns: tuple[str, str], current: str) -> str:
    text = f"<|im_start|>system\n{SYSTEM_PROMPT}<|im_end|>\n"
    for user, assistant in turns:
        text += f"<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n{assistant}<|im_end|>\n"
    return text + f"<|im_start|>user\n{current}<|im_end|>\n<|im_start|>assistant\n"


def test_no_history_gives_the_one_turn_ids_bit_for_bit(tok):
    # Computed from v2t/prompt.py before history existed (commit 8bf7ca2): the same prompt and example ids.
    text = "嗯帮我查一下明天北京会不会下雨"
    ids, mask = training_example(tok, text, WEATHER)
    digest = hashlib.sha256(json.dumps([prompt_ids(tok, text), ids, mask]).encode()).hexdigest()
    assert digest == "1bd4be06b6199a485b26b1aac92e5ac092b0c26325b39d96f03726aadb047651"
    ids, mask = training_example(tok, text, WEATHER, loss_on="choices", history=())
    digest = hashlib.sha256(json.dumps([ids, mask]).encode()).hexdigest()
    assert digest == "41314810c8ef287091de8b312fa6fa53f67af915415c851456998cf26ec1198b"


def test_one_earlier_turn_is_a_user_and_an_assistant_turn(tok):
    ids = prompt_ids(tok, "再搜一下上海的", [("帮我搜一下明天北京会不会下雨", WEATHER)])
    assert tok.decode(ids) == _chat(("帮我搜一下明天北京会不会下雨", render(WEATHER)), current="再搜一下上海的")
    # the earlier contract's ids are exactly what the decoder emits for it
    target = target_ids(tok, WEATHER)
    assert any(ids[i:i + len(target)] == target for i in range(len(ids)))


def test_two_earlier_turns_and_the_chat_template_agree(tok):
    history = [("嗯 帮我打开那个网站", CLARIFY), ("就是京东那个", JD)]
    ids = prompt_ids(tok, "再搜一下上海天气", history)
    expected = _chat(("嗯 帮我打开那个网站", render(CLARIFY)), ("就是京东那个", render(JD)), current="再搜一下上海天气")
    assert tok.decode(ids) == expected
    messages = [{"role": "system", "content": SYSTEM_PROMPT}]
    for user, contract in history:
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": render(contract)}]
    messages.append({"role": "user", "content": "再搜一下上海天气"})
    assert tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True) == expected


def test_a_raw_earlier_prediction_enters_as_its_text(tok):
    assert history_reply('{"task_type": "sea') == '{"task_type": "sea'
    assert history_reply(render(JD)) == json.loads(render(JD))
    assert history_reply({"task_type": "search"}) == '{"task_type":"search"}'  # not a contract: its text
    ids = prompt_ids(tok, "就是京东那个", [("打开那个网站", '{"task_type": "sea')])
    assert tok.decode(ids) == _chat(("打开那个网站", '{"task_type": "sea'), current="就是京东那个")


def test_loss_is_on_the_last_assistant_turn_only(tok):
    history = [("帮我搜一下明天北京会不会下雨", WEATHER)]
    ids, mask = training_example(tok, "再搜一下上海的", SHANGHAI, history=history)
    n_prompt = len(prompt_ids(tok, "再搜一下上海的", history))
    assert not any(mask[:n_prompt]) and all(mask[n_prompt:])
    assert [i for i, m in zip(ids, mask, strict=True) if m] == target_ids(tok, SHANGHAI)


SEED = {
    "id": "dlg-weather", "split": "train", "semantic_family_id": "fam-dlg-weather", "dialogue_kind": "refine",
    "turns": [
        {"input_text": "帮我搜一下北京天气", "target_contract": make_contract("search", "北京 天气", "搜索北京天气"),
         "context": "first", "augmentations": ["搜搜北京天气", "北京天气查一下"]},
        {"input_text": "再搜一下上海的", "target_contract": SHANGHAI, "context": "carry", "carried": ["天气"],
         "augmentations": ["上海的呢", "换成上海"], "alone_contract": make_contract("search", "上海", "搜索上海")}],
    "provenance": {"source": "test", "category": "dialogue:refine"},
}


def _bad(path: list, value=None, delete=False):
    row = copy.deepcopy(SEED)
    target = row
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return dialogue_problem(row, seed=True)[1]


def test_the_fixture_dialogue_is_valid():
    dialogue, problem = dialogue_problem(SEED, seed=True)
    assert problem is None and len(dialogue.turns) == 2


@pytest.mark.parametrize("path,value,delete,expected", [
    (["turns", 1, "carried"], ["北京"], False, "turns[1].carried '北京' is not in the turn's gold slots"),
    (["turns", 1, "carried"], ["上海 天气"], False, "turns[1].carried '上海 天气' is in no earlier turn"),
    (["turns", 1, "alone_contract"], None, True, "turns[1].alone_contract must be a JSON object"),
    (["turns", 1, "context"], "first", False, "turns[1].context must be carry or fresh (got 'first')"),
    (["turns", 0, "mood"], "x", False, "turns[0] has unknown key(s) mood"),
    (["colour"], "x", False, "unknown key(s) colour"),
    (["turns", 1, "carried"], None, True, "turns[1] is a carry turn without `carried`"),
    (["dialogue_kind"], "chat", False, "dialogue_kind must be one of"),
])
def test_each_bad_field_is_named(path, value, delete, expected):
    problem = _bad(path, value, delete)
    assert problem is not None and problem.startswith(expected), problem
