"""A search said with a stand-in for its object, then the object named (issue 13).

看下它今天股价咋样, 搜一下那个人 最近的新闻, 那个电影 今天还有场次吗: the speaker said 它 / 那个人 / 那个电影 for what
they had not named yet. A gold history holds a clarify there (baseline.dialogue reads the answer with it); the
baseline's own reading may have searched the words as said. Either way the next bare name (宁德时代, 雷军 小米那个老板)
is the stand-in's object: the request is read again with the name in the stand-in's place.
"""

from __future__ import annotations

import re
from typing import Any

from baseline import followup
from baseline.predict import predict

# A stand-in for an object not yet named: a pronoun, or 那个 before the kind of thing (那个人, 那个电影, 那个地方的).
_STAND_IN_RE = re.compile(r"(?<![其])它(?:的)?|那(?:个|部|款|家|本|只)(?:人|地方|电影|片子|剧|店|餐厅|手机|车|牌子|软件|app|游戏|歌|书|药|景点"
                          r"|公司|股票|学校|医院|东西)(?:的)?|那儿|那边|那里", re.I)
# The answer names something and asks nothing: no verb of its own.
_OWN_ACT_RE = re.compile(r"搜|查|找|打开|网站|官网|填|提取|怎么|什么|哪|吗|谁|几|多少|帮我|给我|不是|换|改|呢$")


def filled_in(text: str, prev_text: str, prev: dict[str, Any]) -> dict[str, Any] | None:
    """The earlier search read with `text` in its stand-in's place, or None when it had none or `text` is no name."""
    if prev["task_type"] != "search":
        return None
    m = _STAND_IN_RE.search(prev_text)
    answer = followup.core(text)
    if m is None or not answer or len(answer.replace(" ", "")) > 14 or _OWN_ACT_RE.search(answer):
        return None
    if followup.reference(text) is not None or followup.change_of(text) is not None:
        return None
    said = prev_text[:m.start()] + " " + answer + " " + prev_text[m.end():]
    contract = predict(said)
    return contract if contract["task_type"] == "search" else None
