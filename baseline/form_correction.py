"""A form value the speaker says they got wrong, set right (issue 13): 年级说错了 是小学三年级, 不对 名字写李秀兰.

The label is one the form already has, said as the speaker says it (学校 for 毕业院校, 名字 for 收件人), so the field
keeps the form's own label; the value is read as the form reader reads it, its last chunks first when the speaker
talks around it (最后一位是二 幺五二 零零零零 幺幺幺二, 我媳妇的 李秀兰).
"""

from __future__ import annotations

import re

from baseline.form_fields import form_request
from v2t.spoken import strip_fillers

# 年级说错了 是…, 学校写错了 应该是…, 手机号填错了 …: a label, then that it was wrong, then the value.
_WRONG_RE = re.compile(r"(?P<label>[\u4e00-\u9fff]{1,6}?)\s*(?:说|写|填|打|记)?错了[\s，,]*(?:应该是|应该|改成|改为|是|写|填)?\s*"
                       r"(?P<value>\S.*)$")
# 不对 名字写我媳妇的 李秀兰: the speaker takes back what was said, then gives a label and its value again.
_TAKEN_BACK_RE = re.compile(r"^(?:不对|不是|说错了|错了|哦不)[\s，,]*(?:不对)?[\s，,]*(?P<label>[\u4e00-\u9fff]{1,6}?)\s*"
                            r"(?:应该是|应该|改成|改为|写成|写|填|是)\s*(?P<value>\S.*)$")
_NAME_WORDS = ("名字", "姓名", "名")


def _form_label(said: str, labels: list[str]) -> str | None:
    """The form's label that `said` names: itself, one holding it, or one with the same head (学校 -> 毕业院校)."""
    for label in reversed(labels):
        if label == said or len(said) >= 2 and (said in label or label in said):
            return label
    if said in _NAME_WORDS:
        return next((k for k in reversed(labels) if k.endswith(("人", "姓名", "名字"))), None)
    return next((k for k in reversed(labels) if len(said) >= 2 and k[-1] == said[-1]), None)


def read_value(label: str, value: str) -> str | None:
    """`value` read as the form reader reads a value of `label`, its last chunks first tried whole (the speaker
    talks around it: 最后一位是二 幺五二 零零零零 幺幺幺二)."""
    chunks = value.split()
    for start in range(len(chunks)):
        read = form_request(f"{label}填{' '.join(chunks[start:])}")
        if len(read) == 1 and (got := str(next(iter(read.values())))):
            return got
    return None


def corrected(text: str, labels: list[str]) -> dict[str, str] | None:
    """{label: value} for the value `text` sets right among the form's `labels` (oldest first), else None."""
    spoken = strip_fillers(text).strip(" ，,。")
    for pattern in (_WRONG_RE, _TAKEN_BACK_RE):
        m = pattern.search(spoken)
        if m is None:
            continue
        said = re.sub(r"^(?:不对|不是|哦|那|就)+", "", m["label"])
        label = _form_label(said, labels) if said else None
        if label is not None and (value := read_value(label, m["value"])) is not None:
            return {label: value}
    return None
