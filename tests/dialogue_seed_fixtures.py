"""Small seed dialogues for the builder, decode and end-to-end tests (the real ones live in data/seeds/dialogues)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from v2t.contract import make_contract

BEIJING = make_contract("search", "北京 天气", "搜索北京天气")
SHANGHAI = make_contract("search", "上海 天气", "搜索上海天气")
CLARIFY_SITE = make_contract("clarify", "未说明要打开哪个网站", "请说明要打开的网站")
JD = make_contract("navigate", "https://www.jd.com", "打开京东")
BILI = make_contract("navigate", "https://www.bilibili.com", "打开哔哩哔哩")
PRICES = make_contract("extract", "所有商品价格", "提取页面上所有商品价格")


def _turn(text, contract, context, augs, **extra):
    return {"input_text": text, "target_contract": contract, "context": context, "augmentations": augs, **extra}


DIALOGUES = [
    {"id": "dlg-refine", "split": "train", "semantic_family_id": "fam-dlg-refine", "dialogue_kind": "refine",
     "turns": [
         _turn("帮我搜一下北京天气", BEIJING, "first", ["北京天气搜一下", "嗯 查查北京天气"]),
         _turn("再搜一下上海的", SHANGHAI, "carry", ["那上海的呢", "换成上海", "上海的也搜一下"], carried=["天气"],
               alone_contract=make_contract("search", "上海", "搜索上海"))],
     "provenance": {"source": "authored:test", "category": "dialogue:refine"}},
    {"id": "dlg-site", "split": "train", "semantic_family_id": "fam-dlg-site", "dialogue_kind": "clarify_answered",
     "turns": [
         _turn("嗯 帮我打开那个网站", CLARIFY_SITE, "first", ["打开那个 那个网站", "呃你把那个网站打开一下"]),
         _turn("就是京东那个", JD, "carry", ["京东 京东那个", "就京东嘛"], carried=[],
               alone_contract=make_contract("clarify", "未说明要对京东做什么", "请说明要对京东做什么")),
         _turn("对了 再帮我搜一下上海天气", SHANGHAI, "fresh", ["顺便搜下上海天气", "还有上海天气搜一下"],
               leak_contract=make_contract("search", "京东 上海 天气", "搜索京东上海天气"))],
     "provenance": {"source": "authored:test", "category": "dialogue:clarify_answered"}},
    {"id": "dlg-dev", "split": "dev", "semantic_family_id": "fam-dlg-dev", "dialogue_kind": "unrelated",
     "turns": [
         _turn("打开哔哩哔哩", BILI, "first", ["进一下b站", "帮我开下哔哩哔哩"]),
         _turn("把这页上的商品价格都列出来", PRICES, "fresh", ["列一下这页的商品价格", "这页价格都给我提取出来"],
               leak_contract=make_contract("extract", "哔哩哔哩 所有商品价格", "提取哔哩哔哩所有商品价格"))],
     "provenance": {"source": "authored:test", "category": "dialogue:unrelated"}},
]


def dialogues() -> list[dict]:
    return copy.deepcopy(DIALOGUES)


def write_dialogues(seed_dir: Path, rows: list, name: str = "dlg.jsonl") -> Path:
    folder = seed_dir / "dialogues"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / name
