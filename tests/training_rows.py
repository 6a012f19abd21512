"""Four (or eight) SFT rows and as many DPO pairs (plus a dev row each) for the training tests, in a tmp dir."""

from __future__ import annotations

from pathlib import Path

from v2t.contract import make_contract
from v2t.jsonl import write_jsonl_atomic

EXAMPLES = [
    ("嗯帮我查一下那个明天北京会不会下雨啊", make_contract("search", "明天北京天气 是否下雨", "搜索明天北京是否下雨")),
    ("打开那个 b 站 就是哔哩哔哩", make_contract("navigate", "https://www.bilibili.com", "打开哔哩哔哩")),
    ("把这个页面上的价格都给我拿出来", make_contract("extract", "页面上的价格", "提取页面上的价格")),
    ("帮我给他转五百块钱", make_contract("blocked", "代为转账涉及资金安全", "拒绝代为转账的请求")),
]
# Four more for the end-to-end tests' eight rows: the other task types, and a second of two.
MORE_EXAMPLES = [
    ("帮我在这个页面填一下邮箱 lihua@qq.com", make_contract("form_fill", {"邮箱": "lihua@qq.com"}, "填写邮箱")),
    ("那个就是 嗯", make_contract("clarify", "未说明要做什么", "询问用户想做什么")),
    ("打开百度", make_contract("navigate", "https://www.baidu.com", "打开百度")),
    ("搜一下红烧肉怎么做", make_contract("search", "红烧肉 做法", "搜索红烧肉做法")),
]
DEV = ("那个帮我搜一下上海的地铁线路图", make_contract("search", "上海地铁线路图", "搜索上海地铁线路图"))


def write_rows(tmp: Path, examples: list = EXAMPLES) -> tuple[Path, Path]:
    """sft.jsonl (the examples, then one dev row) and dpo.jsonl (each example's contract against the next
    example's, a clear rejection; the dev row's too) in tmp."""
    sft = [{"id": f"s{i}", "split": "train", "input_text": t, "target_contract": c, "provenance": "test"}
           for i, (t, c) in enumerate(examples)]
    sft.append({"id": "d0", "split": "dev", "input_text": DEV[0], "target_contract": DEV[1], "provenance": "test"})
    dpo = []
    for i, (t, c) in enumerate([*examples, DEV]):
        wrong = examples[(i + 1) % len(examples)][1]  # another row's contract: a clear rejection
        dpo.append({"id": f"p{i}", "split": "dev" if i == len(examples) else "train", "input_text": t,
                    "chosen_contract": c, "rejected_contract": wrong, "rejection_reason": "wrong_task",
                    "provenance": "test"})
    write_jsonl_atomic(tmp / "sft.jsonl", sft)
    write_jsonl_atomic(tmp / "dpo.jsonl", dpo)
    return tmp / "sft.jsonl", tmp / "dpo.jsonl"
