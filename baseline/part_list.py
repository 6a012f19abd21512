"""A search or extraction of several parts, edited by a follow-up (issue 13): a part added, a part dropped.

还有 门票 价格 一起 查 after 故宫开放时间, 还要加上价格跟评分 after 页面上所有酒店的名称: the parts said join the earlier
query or target. 不要电话了 就要邮箱跟办公地址 after 页面中的联系电话和邮箱: the part dropped goes, the parts wanted stay or
join, and the place the target was on (页面中的) is kept. The earlier slot is read as written, so the words the
speaker never said again stay, and the place the earlier words said (这个页面上) where that slot dropped it.
"""

from __future__ import annotations

import re

from baseline import followup
from baseline.dialogue_answer import PLACE_RE
from baseline.spoken_cues import closed
from v2t.self_correction import _DAY_RE, CITIES
from v2t.spoken import clean_string, strip_fillers

_SEP_RE = re.compile(r"\s*(?:、|，|,|和|跟|与|及|以及|还有)\s*")
_ADD_LEAD_RE = re.compile(r"^(?:还有|还要|另外|再\s*加上?|加上)")
# 也 / 一起 close an added part (停车费也查一下); 都 only with its verb (成都 is no 都).
_TAIL = r"(?:(?:也|一起|一块)\s*(?:要|查|搜|提|提取|看|找)?|都\s*(?:要|查|搜|提|提取|看|找))(?:一下|出来)?"
_ADD_TAIL_RE = re.compile(_TAIL + "$")
_ADD_RE = re.compile(r"^(?:还有|还要|另外|再|也)?\s*(?:加上|加|要|把)?\s*(?P<x>.+?)\s*(?:" + _TAIL + ")?$")
_DROP_RE = re.compile(r"不要\s*(?P<old>[^\s了]{1,8})\s*了?[\s，,]*(?:就|只)?要\s*(?P<x>.+)$")
# A city or a day also asked for (上海也查一下) is the same question of another place or day, not one more part.
_PLACE_OR_DAY_RE = re.compile("|".join(sorted(CITIES, key=len, reverse=True)) + "|" + _DAY_RE.pattern)
_ASKS_RE = re.compile(r"改成|换成|不是|不对|也|都|吗|什么|哪|怎么|多少|几|谁|搜|查|找|打开|填|网站|官网|帮我|给我")


def _parts(words: str) -> list[str]:
    return [p for w in _SEP_RE.split(words.strip()) if (p := w.replace(" ", "").removesuffix("的"))]


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "、".join(items[:-1]) + "和" + items[-1]


def dropped(text: str, slot: str) -> str | None:
    """`slot`, a list of parts, with the part `text` drops and the parts it wants, or None when it is no such edit."""
    said = followup.core(closed(text))
    if (drop := _DROP_RE.search(said)) is not None and _SEP_RE.search(slot):
        items = _parts(slot)
        at = items[0].rfind("的") + 1 if "的" in items[0] else 0
        place, items[0] = items[0][:at], items[0][at:]
        kept = [i for i in items if drop["old"] not in i]
        wanted = _parts(drop["x"])
        if len(kept) == len(items) or not wanted or any(_ASKS_RE.search(w) for w in wanted):
            return None
        new = [*dict.fromkeys(kept + wanted)]
        return clean_string(place + _joined(new))
    return None


def added(text: str, slot: str) -> str | None:
    """`slot` with the parts `text` adds, or None when `text` adds none."""
    said = followup.core(closed(text))
    if not (_ADD_LEAD_RE.search(said) or _ADD_TAIL_RE.search(said)):
        return None
    m = _ADD_RE.match(said)
    parts = _parts(m["x"]) if m else []
    if not parts or any(_ASKS_RE.search(p) or _PLACE_OR_DAY_RE.search(p) or len(p) > 8 for p in parts) or len("".join(parts)) > 12:
        return None
    new = [p for p in parts if p not in slot]
    return clean_string(_joined([slot, *new])) if new else None


def placed(target: str, prev_text: str) -> str:
    """An edited extraction's target with the place the earlier request said (提取一下这个页面上的职位要求 -> 页面上的…),
    where the earlier reading dropped it: the words said, not only the slot read from them."""
    if PLACE_RE.search(target) or (m := PLACE_RE.search(followup.unspaced(strip_fillers(prev_text)))) is None:
        return target
    own = re.sub(r"^(?:这个|那个)\s*", "", target)
    return clean_string(f"{re.sub(r'^(?:这个|这)', '', m.group(0))}的{own}")
