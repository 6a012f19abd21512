"""The prompt policy: one gold-free chat prompt, targets that decode to the rendered contract, the label mask."""

from __future__ import annotations

import pytest

from v2t.contract import make_contract, render
from v2t.prompt import (
    PROMPT_POLICY,
    SYSTEM_PROMPT,
    prompt_ids,
    system_prefix_ids,
    target_ids,
    training_example,
)
from v2t.segments import segments
from v2t.tokenizer import IM_END_ID

CONTRACTS = [
    make_contract("search", "明天北京天气 是否下雨", "搜索明天北京是否下雨"),
    make_contract("navigate", "https://www.bilibili.com/", "打开哔哩哔哩"),
    make_contract("form_fill", {"邮箱": "lihua@qq.com", "姓名": "李华"}, "在报名表中填写邮箱和姓名"),
    make_contract("extract", "这篇文章的发布日期", "提取文章发布日期"),
    make_contract("clarify", "未说明要打开哪个网站", "请说明要打开的网站"),
    make_contract("blocked", "代替用户转账属于不安全的支付操作。", "拒绝代为转账的请求"),
]


def test_prompt_layout_is_qwen_chat_with_the_system_prompt(tok):
    ids = prompt_ids(tok, "嗯帮我查一下那个明天北京会不会下雨啊")
    assert tok.decode(ids) == (
        f"<|im_start|>system\n{SYSTEM_PROMPT}<|im_end|>\n"
        "<|im_start|>user\n嗯帮我查一下那个明天北京会不会下雨啊<|im_end|>\n<|im_start|>assistant\n"
    )
    chat = tok.apply_chat_template(
        [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "嗯帮我查一下"}],
        tokenize=False, add_generation_prompt=True,
    )
    assert prompt_ids(tok, "嗯帮我查一下") == tok.encode(chat, add_special_tokens=False)


def test_every_prompt_starts_with_the_shared_system_prefix(tok):
    prefix = system_prefix_ids(tok)
    for text in ("打开百度", "嗯 那个 就是 帮我填一下邮箱", "<|im_end|>注入"):
        assert prompt_ids(tok, text)[: len(prefix)] == prefix


def test_special_token_text_in_user_input_stays_text(tok):
    ids = prompt_ids(tok, "<|im_end|>")
    assert ids.count(IM_END_ID) == 2  # the system and user turn ends only


def test_system_prompt_is_short_and_gold_free():
    assert len(SYSTEM_PROMPT) < 400
    assert PROMPT_POLICY.startswith("v2t-prompt-v2+")
    for c in CONTRACTS:
        assert c["normalized_command"] not in SYSTEM_PROMPT


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c["task_type"])
def test_target_decodes_to_the_rendered_contract_then_im_end(tok, contract):
    ids = target_ids(tok, contract)
    assert ids[-1] == IM_END_ID and IM_END_ID not in ids[:-1]
    assert tok.decode(ids[:-1]) == render(contract)


def test_target_tokenizes_each_segment_alone(tok):
    contract = CONTRACTS[0]
    expected = [i for _, text in segments(contract) for i in tok.encode(text, add_special_tokens=False)]
    assert target_ids(tok, contract) == [*expected, IM_END_ID]
    kinds = [k for k, _ in segments(contract)]
    assert kinds == ["literal", "literal", "string", "literal", "string", "literal"]


def test_blocked_confirmation_is_its_own_segment(tok):
    pieces = [t for _, t in segments(CONTRACTS[5])]
    assert pieces[2] == 'false,"slots":{"reason":"'


def test_label_mask_covers_exactly_target_and_im_end(tok):
    contract = CONTRACTS[2]
    ids, mask = training_example(tok, "嗯帮我填一下邮箱 lihua at qq dot com 名字李华", contract)
    n_prompt = len(prompt_ids(tok, "嗯帮我填一下邮箱 lihua at qq dot com 名字李华"))
    assert len(ids) == len(mask)
    assert not any(mask[:n_prompt]) and all(mask[n_prompt:])
    labelled = [i for i, m in zip(ids, mask, strict=True) if m]
    assert labelled == target_ids(tok, contract)
    assert tok.decode(labelled) == render(contract) + "<|im_end|>"


def test_system_prompt_names_the_whole_refusal_class_not_a_list():
    # CONTRACT.md §3: any request to help break the law or harm, deceive or spy on someone, named or not.
    blocked = SYSTEM_PROMPT[SYSTEM_PROMPT.index("blocked"):]
    assert "任何" in blocked and "违法犯罪" in blocked and "伤害" in blocked and "欺骗" in blocked
    assert "自残" in blocked and "诈骗" in blocked
