"""A form value edited in part over several turns (issue 13): 地点 改成 东城区的, 地址 后面 加上 三 单元 五零二.

The speaker names the label as they say it (地点 for 预约地点) and only the piece that changes: a piece that ends in
a unit of an address or a place (东城区, 六号楼) replaces the same unit of the value the form has, the rest kept;
a piece said with 后面加上 / 再加上 goes at the value's end. The form's labels are those of every earlier form turn.
"""

from __future__ import annotations

import re
from typing import Any

from baseline.followup import unspaced
from v2t.spoken import spoken_digits, strip_fillers

_LEAD_RE = re.compile(r"^(?:哦|噢|对了|还有|然后|那|就|不对)+\s*")
# 地点 改成 东城区的, 地址的路 改成 工体北路 (said with its gaps closed).
_PART_RE = re.compile(r"^(?P<label>[\u4e00-\u9fff]{2,6}?)(?:的(?:单元|[省市区县镇乡街路道巷号栋楼座层室店厅馆院站]))?"
                      r"(?:改成|换成|改为|改到|换到)(?P<value>\S+?)的?$")
_APPEND_RE = re.compile(r"^(?P<label>[\u4e00-\u9fff]{2,6}?)\s*(?:后面|后边|末尾|最后)\s*(?:再)?\s*(?:加\s*上|补\s*上|添\s*上|加|补)\s*(?P<value>\S.*)$"
                        r"|^(?P<label2>[\u4e00-\u9fff]{2,6}?)\s*(?:再\s*加\s*上|再\s*补\s*上|还\s*要\s*加\s*上)\s*(?P<value2>\S.*)$")
# The units a place or an address is written in, longest first.
_UNITS = ("单元", "省", "市", "区", "县", "镇", "乡", "街", "路", "道", "巷", "号", "栋", "楼", "座", "层", "室", "店", "厅", "馆",
          "院", "站")
_UNIT_RE = re.compile("|".join(_UNITS))


def _value(said: str) -> str:
    return re.sub(r"(?<=[^A-Za-z])\s+|\s+(?=[^A-Za-z])", "", spoken_digits(said)).strip()


def _label(said: str, labels: list[str]) -> str | None:
    return next((k for k in reversed(labels) if k == said), None) or next(
        (k for k in reversed(labels) if said in k or k in said), None) or next(
        (k for k in reversed(labels) if k[-2:] == said[-2:]), None)  # 寄件地址 for the form's 收货地址: the same head


def _replace_unit(old: str, piece: str) -> str | None:
    """`old` with the unit `piece` ends in replaced by `piece` (朝阳区出入境接待大厅 + 东城区 -> 东城区出入境接待大厅)."""
    unit = next((u for u in _UNITS if piece.endswith(u)), None)
    if unit is None or len(piece) > 10 or (at := old.find(unit)) < 0:
        return None
    start = max((m.end() for m in _UNIT_RE.finditer(old, 0, at)), default=0)
    return old[:start] + piece + old[at + len(unit):]


def edited_value(text: str, earlier: list[tuple[str, Any]]) -> dict[str, str] | None:
    """{label: the whole new value} for a value `text` edits in part, among the earlier form turns' fields; else None."""
    fields: dict[str, str] = {}
    for _, contract in earlier:
        if contract["task_type"] == "form_fill":
            fields.update({str(k): str(v) for k, v in (contract["slots"].get("field") or {}).items()})
    spoken = _LEAD_RE.sub("", strip_fillers(text).strip(" ，,。"))
    if not fields:
        return None
    if (m := _APPEND_RE.match(spoken)) is not None:
        label = _label(m["label"] or m["label2"], list(fields))
        piece = _value(m["value"] or m["value2"])
        return {label: fields[label] + piece} if label and piece else None
    if (m := _PART_RE.match(unspaced(spoken))) is not None and (label := _label(m["label"], list(fields))):
        new = _replace_unit(fields[label], _value(m["value"]))
        return {label: new} if new and new != fields[label] else None
    return None
