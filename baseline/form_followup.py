"""A turn after a form turn, read as more of the same form (issue 13): this turn's fields only.

After a form, speakers say a label and its value with no verb (看房时间 这周日下午两点, 宿舍 梅园六号楼), a value alone
for the label they put off (身份证号 我待会儿说 -> 四四零一…), or a label of the person just named (收件人 何敏 -> 她电话
幺八九…: the 收件人's 电话). A turn that asks, searches or opens something is a request of its own.
"""

from __future__ import annotations

import re
from typing import Any

from baseline.form_fields import extract_fields, form_request
from v2t.spoken import spoken_digits, strip_fillers

# A turn that asks something or asks for another act is no form value.
_OTHER_ACT_RE = re.compile(r"搜|查|找(?!下护照)|怎么|吗|多少|什么|哪|打开|网站|提取")
_FILL_VERB_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s*(?:就|也)?\s*(?:写成|写|填)\s*(?=\S)")
_LEAD_RE = re.compile(r"^(?:还有|然后|另外|再就是|再加一个|再加个|嗯|呃|哦|那|就)+\s*")
# A label said with its value put off (身份证号 我待会儿说, 证件号码 我找下护照).
_PUT_OFF_RE = re.compile(r"([\u4e00-\u9fff]{2,6})\s*(?:我|你)?\s*(?:待会儿?|等会儿?|等下|等一下|一会儿?|稍后|回头|马上)?\s*"
                         r"(?:再)?(?:说|告诉你|念|找一?下|查一?下|看一?下|填)(?!\S*[\u4e00-\u9fff]{2,}\s)")
_DEFER_RE = re.compile(r"待会|等会|等下|等一下|一会|稍后|回头|找一?下|我自己填|自己填|我念一下啊?|我念一下")
_PRONOUN_RE = re.compile(r"^(?:她|他)的?\s*")
# What cannot be a label: the head of a label is a noun, not these.
_NOT_LABEL_RE = re.compile(r"[我你他她是了吗呢吧啊]")
_BARE_VALUE_RE = re.compile(r"^[\sA-Za-z0-9零〇洞幺一二两三四五六七八九十百千万\-]+$")


def _put_off(earlier_text: str) -> str | None:
    """The label the speaker put off in an earlier turn (然后身份证号 我待会儿说 -> 身份证号)."""
    for m in _PUT_OFF_RE.finditer(strip_fillers(earlier_text)):
        label = _LEAD_RE.sub("", m.group(1))
        if _DEFER_RE.search(m.group(0)) and 2 <= len(label) and not _NOT_LABEL_RE.search(label):
            return label
    return None


def _value(words: str) -> str:
    """A value said in pieces: spoken digits read, ASR spaces dropped between Chinese, kept between Latin words."""
    value = spoken_digits(words).strip()
    return re.sub(r"(?<=[^A-Za-z])\s+|\s+(?=[^A-Za-z])", "", value)


def _said_pair(text: str) -> dict[str, str]:
    """看房时间 这周日下午两点 -> {看房时间: 这周日下午两点}: a label chunk, then its value (no verb needed)."""
    chunks = [c for c in _LEAD_RE.sub("", strip_fillers(text)).split() if not _DEFER_RE.search(c)]
    if len(chunks) < 2:
        return {}
    label = re.sub(r"(?:写成|写|选|填|是|为|要)$", "", chunks[0])
    if chunks[1] in ("就", "也") and len(chunks) > 2:
        chunks = chunks[:1] + chunks[2:]  # 正文 就 写 …
    if chunks[1] in ("写成", "写", "选", "填", "是", "为", "要") and len(chunks) > 2:
        chunks = chunks[:1] + chunks[2:]
    if not 2 <= len(label) <= 8 or not re.fullmatch(r"[\u4e00-\u9fff]+", label) or _NOT_LABEL_RE.search(label):
        return {}
    said = form_request(f"{label}填{' '.join(chunks[1:])}")
    return said or {label: _value(" ".join(chunks[1:]))}


def form_turn(text: str, prev_fields: dict[str, Any], prev_text: str) -> dict[str, str] | None:
    """This turn's fields when it goes on with the form, else None."""
    spoken = strip_fillers(text)
    # What a label is set to may hold such words (正文 写 附件是会议纪要 请查收): only the words before it ask.
    fill = _FILL_VERB_RE.search(spoken)
    if _OTHER_ACT_RE.search(spoken[:fill.start()] if fill else spoken):
        return None
    pronoun = _PRONOUN_RE.match(spoken)
    said = spoken[pronoun.end():] if pronoun else spoken
    fields = form_request(said) or extract_fields(said)[0]
    label = _put_off(prev_text)
    if not fields and label and _BARE_VALUE_RE.match(said):
        fields = form_request(f"{label}填{said}") or {label: _value(said)}
        if len(fields) == 1:
            fields = {label: next(iter(fields.values()))}
    fields = fields or _said_pair(said)
    if not fields:
        return None
    if pronoun:
        # 她电话 after 收件人 何敏: the label of the person just named, then the label said.
        person = next((k for k in prev_fields if k.endswith("人")), None)
        word = re.match(r"[\u4e00-\u9fff]{1,4}?(?=\s|[A-Za-z0-9零〇幺一二两三四五六七八九]|$)", said)
        if person and word and len(fields) == 1:
            fields = {person + word.group(0): next(iter(fields.values()))}
    return {k: str(v) for k, v in fields.items()}


# A value of the form changed (日期换成五号, 预算改成四千五吧 其他不变, 退房 改到周一吧, 改成两个人).
_CHANGE_RE = re.compile(r"(?P<label>[\u4e00-\u9fff]{0,6}?)\s*(?:换成|改成|改到|改为|换到|改)\s*(?P<value>\S.*)$")
_KEEP_RE = re.compile(r"\s*(?:其他|其它|别的|其余)的?\s*(?:都)?\s*(?:不变|不动|照旧|一样)\S*")


def _same_label(said: str, labels: list[str]) -> str | None:
    """The form's own label that `said` names (人数 -> 入住人数, 日期 -> 出发日期, 退房 -> 退房日期)."""
    return next((k for k in labels if k == said), None) or next(
        (k for k in labels if len(said) >= 2 and (said in k or k in said)), None)


def changed_form(text: str, prev_fields: dict[str, Any], fields: dict[str, str] | None) -> dict[str, str] | None:
    """The whole form restated with the change a turn makes (a refinement restates the task), or None when the
    turn changes no value the form had. `fields` is what the turn was read to fill by itself, if anything."""
    spoken = _KEEP_RE.sub("", _LEAD_RE.sub("", strip_fillers(text))).strip()
    m = _CHANGE_RE.search(spoken)
    if m is None or not prev_fields:
        return None
    labels = [str(k) for k in prev_fields]
    new: dict[str, str] = {}
    for said, value in (fields or {}).items():
        new[_same_label(said, labels) or said] = value
    if not new:
        label = _same_label(m["label"], labels) if m["label"] else None
        for k in ([label] if label else reversed(labels)):
            read = form_request(f"{k}填{m['value']}")
            if read.get(k):
                new = {k: read[k]}
                break
        if not new and label:
            new = {label: _value(m["value"])}  # the label was named: its value as said (五号)
    if not new:
        return None
    return {**{str(k): str(v) for k, v in prev_fields.items()}, **new}
