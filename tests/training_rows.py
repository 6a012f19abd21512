"""Four SFT rows and four DPO pairs (plus a dev row each) for the training tests, written to a tmp dir."""

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
DEV = ("那个帮我搜一下上海的地铁线路图", make_contract("search", "上海地铁线路图", "搜索上海地铁线路图"))


def write_rows(tmp: Path) -> tuple[Path, Path]:
    sft = [{"id": f"s{i}", "split": "train", "input_text": t, "target_contract": c, "provenance": "test"}
           for i, (t, c) in enumerate(EXAMPLES)]
    sft.append({"id": "d0", "split": "dev", "input_text": DEV[0], "target_contract": DEV[1], "provenance": "test"})
    dpo = []
    for i, (t, c) in enumerate([*EXAMPLES, DEV]):
        wrong = EXAMPLES[(i + 1) % len(EXAMPLES)][1]  # another row's contract: a clear rejection
        dpo.append({"id": f"p{i}", "split": "dev" if i == len(EXAMPLES) else "train", "input_text": t,
                    "chosen_contract": c, "rejected_contract": wrong, "rejection_reason": "wrong_task",
                    "provenance": "test"})
    write_jsonl_atomic(tmp / "sft.jsonl", sft)
    write_jsonl_atomic(tmp / "dpo.jsonl", dpo)
    return tmp / "sft.jsonl", tmp / "dpo.jsonl"
