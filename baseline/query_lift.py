"""A search's condition lifted, and perhaps another put in its place (issue 13).

Having narrowed a search, speakers take a condition back by naming its kind, not its value: 预算不限了, 价格无所谓,
去掉年份那个条件, 不要求品牌了. The query loses the words that said that kind of condition (五千以内 for a budget,
2020年以后 for a year); a new condition said with it (改成十万公里以内) takes the dropped one's place.
"""

from __future__ import annotations

import re

from baseline.search_query import compact_query

_NUM = r"[0-9零〇一二两三四五六七八九十百千万]"
# Each kind of condition by its spoken names, and how a query writes a value of it.
_KINDS = (
    (r"预算|价格|价位|价钱", rf"{_NUM}+\s*(?:块|元|万|千|百)?\s*(?:以内|以下|以上|左右|上下|之内|出头)|{_NUM}+\s*(?:块|元)"),
    (r"年份|年限|年代|年款|车龄", rf"{_NUM}{{2,4}}\s*年(?:以后|以前|之后|之前|后|前|款|以上|以内)?|{_NUM}{{2,4}}款"),
    (r"里程|公里数?", rf"{_NUM}+\s*万?\s*公里\s*(?:以内|以下|以上|左右)?"),
    (r"尺寸|大小|寸", rf"{_NUM}+\s*(?:寸|英寸)"),
    (r"距离|远近", rf"{_NUM}+\s*(?:公里|米)\s*(?:以内|之内)?|附近"),
)
# The condition taken back: its kind, then not limited / not minded, or 去掉 / 不要 / 不管 before it.
_LIFT_TAIL = r"(?:那个)?(?:条件|限制|要求)?\s*(?:不限|不限制|无所谓|随便|都行|都可以|没要求|不要求|不管)"
_LIFT_LEAD = r"(?:去掉|去了|不要|不管|不限|别管|取消|拿掉|删掉)\s*"


def lifted(query: str, text: str) -> str | None:
    """`query` without the condition `text` takes back (and with the one it puts instead), or None."""
    said = re.sub(r"\s+", "", text)
    for names, value in _KINDS:
        lift = re.search(rf"(?:{names}){_LIFT_TAIL}|{_LIFT_LEAD}(?:{names})(?:那个|的)?(?:条件|限制|要求)?", said)
        old = re.search(value, query)
        if lift is None or old is None:
            continue
        new = re.search(r"(?:改成|换成|改为|变成|要)\s*(?P<x>.+?)(?:吧|了|的)?$", said[lift.end():])
        piece = compact_query(new["x"]).replace(" ", "") if new else ""
        kept = (query[:old.start()] + piece + query[old.end():]) if piece else query[:old.start()] + query[old.end():]
        return re.sub(r"\s+", " ", kept).strip() or None
    return None
