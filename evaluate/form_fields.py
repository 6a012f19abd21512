"""Form labels and their values in a spoken form-filling request (rule baseline).

`邮箱 lihua 艾特 qq 点 com 手机号幺三八…` -> {"邮箱": "lihua@qq.com", "手机号": "138…"}.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from v2t.contract import MAX_FIELD_PAIRS
from v2t.spoken import clean_string, spoken_digits, strip_fillers

# (canonical label, spoken aliases, kind); kind picks how the value is read.
LABELS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("邮箱", ("电子邮箱", "电子邮件", "邮件地址", "邮箱地址", "邮箱", "email", "邮件"), "email"),
    ("手机号", ("手机号码", "手机号", "联系电话", "电话号码", "手机", "电话"), "phone"),
    ("姓名", ("姓名", "名字", "真实姓名"), "name"),
    ("收货地址", ("收货地址", "收件地址", "地址"), "text"),
    ("公司名称", ("公司名称", "公司"), "text"),
    ("用户名", ("用户名", "账号名"), "text"),
    ("昵称", ("昵称",), "text"),
    ("年龄", ("年龄",), "text"),
    ("性别", ("性别",), "text"),
    ("学校", ("学校",), "text"),
    ("城市", ("城市", "所在城市"), "text"),
    ("职位", ("职位",), "text"),
    ("出生日期", ("出生日期", "生日"), "text"),
    ("备注", ("备注", "留言"), "text"),
    ("邮编", ("邮政编码", "邮编"), "phone"),
    ("学号", ("学号",), "phone"),
    ("工号", ("工号",), "phone"),
    ("微信号", ("微信号",), "text"),
    ("专业", ("专业",), "text"),
    ("部门", ("部门",), "text"),
    ("车牌号", ("车牌号", "车牌"), "text"),
    ("数量", ("数量",), "text"),
    ("颜色", ("颜色",), "text"),
    ("尺码", ("尺码", "尺寸"), "text"),
    ("型号", ("型号", "机型"), "text"),
    ("日期", ("日期",), "text"),
    ("时间", ("时间",), "text"),
    ("出发城市", ("出发城市", "出发地", "出发"), "text"),
    ("到达城市", ("到达城市", "目的地", "到达"), "text"),
    ("标题", ("标题",), "text"),
)
_ALIASES = sorted(((a, label, kind) for label, aliases, kind in LABELS for a in aliases), key=lambda x: -len(x[0]))
_LABEL_RE = re.compile("|".join(re.escape(a) for a, _, _ in _ALIASES), re.I)
_KIND = {a.casefold(): (label, kind) for a, label, kind in _ALIASES}
_EMAIL_RE = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}", re.I)
_PHONE_RE = re.compile(r"\d{5,15}")
_NAME_RE = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_LEAD_RE = re.compile(r"^(?:\s|是|填写|填上|填成|填入|填|写成|写上|写|改成|为|叫|:|：|的)+")
# A question about a value (地址是哪) is not a value.
_QUESTION_RE = re.compile(r"哪|啥|多少|什么|吗|几")
_TAIL_RE = re.compile(r"(?:\s|和|跟|还有|然后|再|以及|，|,|。|、|；|;)+$")


def spoken_email(text: str) -> str:
    """Spoken email parts as symbols: 艾特/at -> @, 点/dot -> ., 下划线 -> _, ASR spaces dropped."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"艾特|圈a|\s+at\s+", "@", t, flags=re.I)
    t = re.sub(r"点|\s+dot\s+", ".", t, flags=re.I).replace("下划线", "_")
    return re.sub(r"(?<=[A-Za-z0-9.@_\-])\s+(?=[A-Za-z0-9.@_\-])", "", t)


def read_value(kind: str, segment: str) -> str:
    segment = _TAIL_RE.sub("", _LEAD_RE.sub("", strip_fillers(segment)))
    if kind == "email":
        m = _EMAIL_RE.search(spoken_email(segment))
        return m.group(0).lower() if m else ""
    if kind == "phone":
        m = _PHONE_RE.search(re.sub(r"[\s\-]", "", spoken_digits(segment)))
        return m.group(0) if m else ""
    if kind == "name":
        m = _NAME_RE.match(re.split(r"然后|还有|和|跟|[，,。\s]", segment)[0])
        return m.group(0) if m else ""
    # Free text ends where the next clause starts.
    value = re.split(r"[，,。；;]|然后|还有", segment)[0]
    return "" if _QUESTION_RE.search(value) else clean_string(value, 20)


def extract_fields(text: str) -> dict[str, str]:
    """Label -> value for every known label the text names with a readable value, in spoken order."""
    text = unicodedata.normalize("NFKC", text)
    hits = list(_LABEL_RE.finditer(text))
    fields: dict[str, str] = {}
    for i, m in enumerate(hits):
        label, kind = _KIND[m.group(0).casefold()]
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        value = clean_string(read_value(kind, text[m.end():end]))
        if value and label not in fields and len(fields) < MAX_FIELD_PAIRS:
            fields[label] = value
    return fields


# 期望薪资那栏 填 一万五: an unknown label before the fill verb, the value after it.
_GENERIC_RE = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,6}?)(?:那栏|这栏|那里|这里|那儿|栏|里)?\s*(?:先|就)?"
                         r"(?:填写|填成|填上|填入|填|写成|写上|写)(?:成|为)?\s*([^，,。；;]{1,40})")


def generic_field(text: str, is_vague: Callable[[str], bool]) -> dict[str, str]:
    """One field from a fill request naming no known label: `X填Y` -> {X: Y}; {} when X or Y says nothing."""
    spoken = strip_fillers(unicodedata.normalize("NFKC", text))
    m = _GENERIC_RE.search(spoken)
    if not m or is_vague(m.group(1)) or is_vague(m.group(2)) or _QUESTION_RE.search(m.group(2)):
        return {}
    value = clean_string(spoken_digits(m.group(2)), 20)
    return {m.group(1): value} if value else {}
