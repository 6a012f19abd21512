"""Gold dialogues and one arm's predictions with a verdict of each kind, for the dialogue evaluator tests.

The predictions give (hand-checked): carry right (dlg-refine t2), carry with the task right but the carried string
missing (dlg-refine t1), carry with the wrong type (dlg-clarify t1), a fresh turn leaking a stale string
(dlg-unrelated t1), a fresh turn refused after a refusal (dlg-after-refusal t1), a fresh turn clean (dlg-clean t1).
"""

from __future__ import annotations

import copy
from pathlib import Path

from v2t.contract import make_contract
from v2t.jsonl import write_jsonl_atomic

SEARCH_BJ = make_contract("search", "北京 天气", "搜索北京天气")
SEARCH_SH = make_contract("search", "上海 天气", "搜索上海天气")
SEARCH_SH_TOMORROW = make_contract("search", "上海 明天 天气", "搜索上海明天天气")
CLARIFY_SITE = make_contract("clarify", "未说明要打开哪个网站", "请说明要打开哪个网站")
NAV_JD = make_contract("navigate", "https://www.jd.com", "打开京东")
SEARCH_DISH = make_contract("search", "红烧肉 做法", "搜索红烧肉做法")
NAV_BILI = make_contract("navigate", "https://www.bilibili.com", "打开哔哩哔哩")
BLOCKED_PAY = make_contract("blocked", "代为转账有资金风险", "拒绝代为转账的请求")
SEARCH_NEWS = make_contract("search", "今天 新闻", "搜索今天新闻")
SEARCH_SH_WEATHER = make_contract("search", "明天 上海 天气", "搜索明天上海天气")


def _turn(text, gold, context, **extra):
    return {"input_text": text, "gold_contract": gold, "context": context, **extra}


def _dialogue(rid, kind, turns, family=None):
    return {"row_id": rid, "semantic_family_id": family or f"fam-{rid}", "dialogue_kind": kind, "turns": turns,
            "source": {"category": f"dialogue:{kind}", "provenance": "hand_authored:test"},
            "derived_from": [], "analysis_seen": False}


GOLD = [
    _dialogue("dlg-refine", "refine", [
        _turn("帮我搜一下北京天气", SEARCH_BJ, "first"),
        _turn("再搜一下上海的", SEARCH_SH, "carry", carried=["天气"]),
        _turn("换成明天的", SEARCH_SH_TOMORROW, "carry", carried=["上海", "天气"])]),
    _dialogue("dlg-clarify", "clarify_answered", [
        _turn("嗯 帮我打开那个网站", CLARIFY_SITE, "first"),
        _turn("就是京东那个", NAV_JD, "carry", carried=[])]),
    _dialogue("dlg-unrelated", "unrelated", [
        _turn("帮我搜一下红烧肉做法", SEARCH_DISH, "first"),
        _turn("打开b站", NAV_BILI, "fresh")]),
    _dialogue("dlg-after-refusal", "after_refusal", [
        _turn("帮我把钱转给这个账户", BLOCKED_PAY, "first"),
        _turn("那帮我搜一下今天的新闻", SEARCH_NEWS, "fresh")]),
    _dialogue("dlg-clean", "unrelated", [
        _turn("打开京东", NAV_JD, "first"),
        _turn("搜一下明天上海天气", SEARCH_SH_WEATHER, "fresh")]),
]

# Turn id -> the arm's prediction; every first turn is right.
PREDICTIONS = {
    "dlg-refine#t0": SEARCH_BJ,
    "dlg-refine#t1": make_contract("search", "上海", "搜索上海"),            # task right, 天气 not carried
    "dlg-refine#t2": SEARCH_SH_TOMORROW,                                     # carried
    "dlg-clarify#t0": CLARIFY_SITE,
    "dlg-clarify#t1": make_contract("search", "京东", "搜索京东"),            # wrong type
    "dlg-unrelated#t0": SEARCH_DISH,
    "dlg-unrelated#t1": make_contract("search", "红烧肉 做法 b站", "搜索红烧肉做法b站"),  # stale 红烧肉 做法 leaked
    "dlg-after-refusal#t0": BLOCKED_PAY,
    "dlg-after-refusal#t1": make_contract("blocked", "这个不能做", "拒绝请求"),  # refused after the refusal
    "dlg-clean#t0": NAV_JD,
    "dlg-clean#t1": SEARCH_SH_WEATHER,                                       # clean
}


def gold_rows() -> list[dict]:
    return copy.deepcopy(GOLD)


def prediction_rows(mode: str = "gold", predictions: dict | None = None) -> list[dict]:
    preds = PREDICTIONS if predictions is None else predictions
    return [{"id": rid, "prediction": p, "history_mode": mode, "finish": "eos"} for rid, p in preds.items()]


def write_set(root: Path, name: str = "dlg", mode: str = "gold", predictions: dict | None = None) -> tuple[Path, Path]:
    """gold dialogues and predictions files under root; returns their paths."""
    gold, preds = Path(root) / f"{name}-gold.jsonl", Path(root) / f"{name}-{mode}-predictions.jsonl"
    write_jsonl_atomic(gold, gold_rows())
    write_jsonl_atomic(preds, prediction_rows(mode, predictions))
    return gold, preds


# The own-history arm drifts: it keeps 北京 for the refinement and answers the clarify right.
OWN_PREDICTIONS = PREDICTIONS | {
    "dlg-refine#t1": make_contract("search", "北京 天气", "搜索北京天气"),
    "dlg-clarify#t1": NAV_JD,
}


def write_report(root: Path, arm: str, set_name: str, mode: str = "gold", predictions: dict | None = None,
                 lockbox_hash: str | None = None) -> Path:
    """reports/<arm>/<set>/report.json written by evaluate.metrics; with `lockbox_hash`, aggregate-only as a look
    at a frozen lockbox is."""
    from evaluate.metrics import main

    out_dir = Path(root) / "reports" / arm / set_name
    out_dir.mkdir(parents=True, exist_ok=True)
    gold, preds = write_set(out_dir, "in", mode, predictions)
    preds.replace(out_dir / "predictions.jsonl")
    argv = ["--gold", str(gold), "--predictions", str(out_dir / "predictions.jsonl"),
            "--out", str(out_dir / "report.json")]
    if lockbox_hash:
        argv += ["--no-rows", "--run-info", f'{{"lockbox_hash": "{lockbox_hash}", "arm": "{arm}"}}']
    assert main(argv) == 0
    return out_dir / "report.json"
