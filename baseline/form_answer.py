"""A form's question answered by its value alone (issue 13): 电话那栏填一下 … 幺五八 零零 九九 八八 七七.

When the speaker asked to fill (or change) a field and the question back asked for its value, an answer that is only
the value (a number, a date, a day) fills that field. The label is the one the speaker said last (就我的手机号 after
填一下那个电话: 手机号), written as said, since the form is theirs; the value is read as the form reader reads it.
"""

from __future__ import annotations

import re

from baseline.form_correction import read_value
from baseline.form_labels import LABELS
from v2t.spoken import spoken_digits, strip_fillers

_KIND_OF_ALIAS = {a: kind for _, aliases, kind in LABELS for a in aliases if not a.isascii()}
_ALIAS_RE = re.compile("|".join(re.escape(a) for a in sorted(_KIND_OF_ALIAS, key=len, reverse=True)))
# Fields whose value is told by its shape (a number, an address written as digits, a day): a bare answer fits one.
_TYPED_KINDS = {"phone", "email", "digits", "code", "date", "time", "plate", "count", "money", "decimal"}
# A value said as such: a digit, a weekday, a month or a day of it.
_VALUE_SAID_RE = re.compile(r"[0-9]|周[一二三四五六日天]|星期|礼拜|[一二三四五六七八九十]+[月号日点]|@|at|艾特", re.I)
_FILL_RE = re.compile(r"填|写|改")
# An answer that puts the value off or asks something is no value (等一下我找找, 后面忘了, 我不记得).
_NO_VALUE_RE = re.compile(r"忘了|不记得|等一?下|等会|待会|找找|想想|看看|不知道|搜|查|打开|网站|提取|怎么|吗|什么|哪")


def _said_labels(asked: list[str], ambiguity: str) -> list[str]:
    """The fields the speaker named, in their own words, the latest first, then those the question named."""
    out: list[str] = []
    for text in [*reversed(asked), ambiguity]:
        out += [a for a in reversed(_ALIAS_RE.findall(strip_fillers(text))) if a not in out]
    return out


def answered_value(asked: list[str], reply: str, ambiguity: str) -> dict[str, str] | None:
    """{label: value} when `reply` gives the value of the field the asked request wanted filled, else None."""
    if not any(_FILL_RE.search(t) for t in asked) or _NO_VALUE_RE.search(reply):
        return None
    if not _VALUE_SAID_RE.search(spoken_digits(reply)):
        return None
    for label in _said_labels(asked, ambiguity):
        # 出发 said, but the value is a day: the field is the one of that shape the speaker also named (日期).
        if _KIND_OF_ALIAS[label] in _TYPED_KINDS and (value := read_value(label, strip_fillers(reply))):
            return {label: value}
    return None
