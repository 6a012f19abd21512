"""A turn pointed at by its place among the turns done (issue 13): 还是上一个吧, 回到第一个网站, 第一个那个 再查后天的.

上一个 said bare after two or more done turns is the one before the latest (the speaker is on the latest: 打开人民网,
打开新浪, 不对 还是上一个吧 -> 人民网); 第N个 counts the done turns in the order they were done, only the visits when it
names a site (回到第一个网站). Where options were weighed (优酷还是爱奇艺), 第二个 picks an option instead (followup).
"""

from __future__ import annotations

import re
from typing import Any

from baseline import followup

History = list[tuple[str, Any]]

_BACK_ONE_RE = re.compile(r"(?:还是|就|回到|回)?(?:上一个|上个|前一个)(?!\s*(?:搜|查|打开|提|填|网站|网页|页面|网址|官网|链接))")
_NTH_RE = re.compile(r"(?:还是|回到|回)?第\s*(?P<n>[一二两三1-3])\s*个(?:那个)?\s*(?P<noun>网站|网页|页面|网址|官网)?")
_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "1": 1, "2": 2, "3": 3}


def pointed_turn(text: str, earlier: History) -> tuple[tuple[str, Any], str] | None:
    """((text, contract) of the done turn pointed at, what `text` says besides the pointer), or None."""
    done = [(t, c) for t, c in earlier if c["task_type"] not in ("clarify", "blocked")]
    if len(done) < 2 or any(followup.options(t) for t, _ in earlier):
        return None
    if (m := _BACK_ONE_RE.search(text)) is not None:
        return done[-2], text[:m.start()] + text[m.end():]
    if (m := _NTH_RE.search(text)) is not None:
        pool = [d for d in done if d[1]["task_type"] == "navigate"] if m["noun"] else done
        if pool:
            return pool[min(_NUMBERS[m["n"]], len(pool)) - 1], text[:m.start()] + text[m.end():]
    return None
