"""Probe dialogues for the rule baseline's dialogue reading, and how one is scored (tests/test_baseline_dialogue*.py).

A probe is the earlier turns as written (text, gold task type, gold slot value) and the last turn's text, its
gold task type, the strings its slots must hold (`keep`) and those they must not (`stale`, from earlier turns).
"""

from __future__ import annotations

from dataclasses import dataclass

from v2t.contract import make_contract
from v2t.dialogue import contains

COMMANDS = {"search": "搜索", "navigate": "打开", "form_fill": "在表单中填写", "extract": "提取",
            "clarify": "请说明", "blocked": "拒绝该请求"}


@dataclass(frozen=True)
class Probe:
    kind: str
    earlier: tuple[tuple[str, str, object], ...]   # (text, gold task type, gold slot value)
    text: str
    task_type: str
    keep: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()

    def history(self) -> list[tuple[str, dict]]:
        return [(t, make_contract(k, v, COMMANDS[k] + ("" if k in ("clarify", "blocked") else "内容")))
                for t, k, v in self.earlier]


def P(kind, earlier, text, task_type, keep=(), stale=()):  # noqa: N802 - reads as a table row
    return Probe(kind, tuple(earlier), text, task_type, tuple(keep), tuple(stale))


def outcome(probe: Probe, contract: dict) -> tuple[bool, bool, bool]:
    """(task type right, every kept string there, some stale string leaked)."""
    return (contract["task_type"] == probe.task_type, all(contains(contract, s) for s in probe.keep),
            any(contains(contract, s) for s in probe.stale))


CLARIFY_SITE = ("clarify", "未说明要打开的网站或页面")
CLARIFY_WHAT = ("clarify", "未说明具体要做什么")
BLOCK = "blocked"
