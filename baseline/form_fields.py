"""Form labels and their values in a spoken form-filling request (rule baseline).

`邮箱 lihua 艾特 qq 点 com 手机号幺三八…` -> {"邮箱": "lihua@qq.com", "手机号": "138…"}; {} when it is no fill request.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from baseline import spoken_values as sv
from baseline.form_labels import FORM_CONTEXTS, LABELS, PERSON_FIELDS
from v2t.contract import MAX_FIELD_PAIRS
from v2t.reading import ReadingMatcher
from v2t.spoken import clean_string

_ALIASES = sorted(((a, label, kind) for label, aliases, kind in LABELS for a in aliases), key=lambda x: -len(x[0]))
_LABEL_RE = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(a)}(?![A-Za-z])" if a.isascii() else re.escape(a)
                                for a, _, _ in _ALIASES), re.I)
_KIND = {a.casefold(): (label, kind) for a, label, kind in _ALIASES}
_KIND_OF = {label: kind for label, _, kind in LABELS}
# Labels are also heard by their sound: ASR writes 邮箱 as 油相 and 姓名 as 性名.
_BY_READING = ReadingMatcher(a for a, _, _ in _ALIASES)
# A label starts a word: after a pause, a connective or the request words, or right before a cue (注册邮箱填…).
_BEFORE_RE = re.compile(r"(?:^|[\s，,。；;:：、]|然后|还有|和|跟|以及|把|的|是|再|那个|这个|嗯|呃|啊|哦|吧|先|就|里|在|填"
                        r"|填上|填写|写上|输入|[填输写]到|[填输]进|帮我|给我|个|添加|新增|计划|预计)$")
# A label followed by these names the form or a section of it (访客登记, 寄件人信息), not a field with a value.
_HEADER_RE = re.compile(r"^(?:登记|申请|报名|表|单|页面|页|栏)")
_SECTION_RE = re.compile(r"^(?:信息|资料)")
_FUNCTION_CHAR_RE = re.compile(r"[有没的是了在把将我你他她吗要给帮请先就都也还再那这个一页表栏框]")
_MODIFIER_RE = re.compile(r"(?:^|\s)([\u4e00-\u9fff]{2,4})$")
# Words before a label that name the form or the user, not a different field (注册邮箱 is the 邮箱 field).
_FORM_WORDS = {"注册", "登录", "联系", "个人", "本人", "常用", "我的", "新的", "填写", "修改", "绑定"}
_SPOT = r"(?:那栏|这栏|那一栏|一栏|那里|那儿|这里|这儿|那块|里)?\s*(?:就|先|都|也)?\s*"
_VERB = r"(?:填写|填(?!报)|写|选|勾|打(?!开|算|听)|改成|改为|换成|输入)"
_AFTER_RE = re.compile(rf"^(?:{_SPOT}(?:{_VERB}|是|为)|\s*[:：]|那栏|这栏|那一栏|那里|那儿)")
_FILL_CUE_RE = re.compile(rf"^{_SPOT}{_VERB}")
_FILL_VERB_RE = re.compile(r"填(?!报)|写上|写成|输入|输进|输到|打上|录入|改成|选好|勾选")
_ASKING_RE = re.compile(r"搜(?!索框)|(?<![调检审])查(?!询)|找|怎么|吗|多少|是啥|什么|哪|几(?!乎)")
# Words of a search about a label word (昵称 大全, 姓名 测试): a lone label-and-words is then no fill request.
_SEARCH_WORDS_RE = re.compile(r"大全|排行|教程|攻略|格式|模板|意思|翻译|图片|下载|官网|附近|测试|计算器|生成器|查询")
# Labels whose value is checked by its form: one such value said alone is already a form (验证码 四七二九).
_STRONG_KINDS = {"email", "phone", "digits", "code", "plate", "handle", "address"}
# Kinds whose value is the words themselves, so a question in them (地址是哪) means no value was given.
_WORDY_KINDS = {"text", "short", "name", "time", "address", "station", "size"}
_TIME_WORD_RE = re.compile(rf"(?:{sv.NUMBER}\s*[点号月日天周年]|[上下这本每]?周|上午|下午|中午|晚上|早上|全天|工作日|礼拜|星期"
                           r"|大?[明后今]天|最近|近|马上|随时|\d)")
_HALF_DAY_RE = re.compile(r"\s*(上午|下午|晚上|全天)(?:场)?(?:\s|$)")
_REVERSED_RE = re.compile(r"把\s*(\S.*?)\s*(?:填|输|写|打|录)(?:到|进|在|入)\s*(?:那个)?$")
# An unknown label before a fill verb (家庭人口数填四): the label ends in a word forms use for a field.
_GENERIC_RE = re.compile(rf"([\u4e00-\u9fff]{{2,10}}?)(?=\s*{_SPOT}{_VERB})")
_LABEL_HEAD_RE = re.compile(r"(?:名|号|码|址|期|间|数|额|类|型|级|别|因|由|容|况|度|求|注|言|区|市|站|位|务|目|称|式|格|价|薪|资"
                            r"|限|率|态|历|校|业|项|量|色|题|述|见|议|分|费|源|道|长|种|人)$")
# The head noun of an unknown label says what kind of value it takes (家庭人口数 -> a count).
_HEAD_KINDS = ((r"人数|数量|个数|天数|次数|数$", "count"), (r"金额|费用?$|价格?$|薪|资$|预算", "money"), (r"日期$", "date"),
               (r"时间$", "time"), (r"地址$", "address"), (r"率$", "number:%"), (r"(?:编号|单号|号码|代码|码)$", "code"),
               (r"人$|姓名$", "name"))
# A form named by its act (寄快递, 报名马拉松, 预约体检, 注册会员, 填个报名表): one chunk, then the labels.
# Or by its name ending in the act (领养申请 那个表, 酒店订单那里, 疫苗预约).
_FORM_OPENER_RE = re.compile(r"(?:帮我|给我)?(?:填个?|寄|订|报名|预约|注册|登记|申请|办理|开户|挂号|入职|办|添加|新增)[\u4e00-\u9fff]{0,6}"
                             r"(?:表|单)?|[\u4e00-\u9fff]{1,6}(?:申请|预约|登记|报名|订单)\s*(?:那个|这个)?(?:表|单|那里|那儿|这里)?")
_REQUEST_LEAD_RE = re.compile(r"^(?:帮我|给我|请|麻烦|把|将|在|那个|就是|这个|先)+")


class _Hit(NamedTuple):
    start: int
    end: int
    label: str
    kind: str


def _hits(text: str) -> list[_Hit]:
    hits = []
    for m in _LABEL_RE.finditer(text):
        after = text[m.end():]
        if _HEADER_RE.match(after) and not _AFTER_RE.match(after):  # 地址栏 is the browser's address bar
            continue
        # A label right after another label's cue is that label's value (原因选 尺码不合适).
        if hits and not sv.clause(text[hits[-1].end:m.start()]) and _FILL_CUE_RE.match(text[hits[-1].end:]):
            continue
        label, kind = _KIND[m.group(0).casefold()]
        if _BEFORE_RE.search(text[:m.start()]):
            hits.append(_Hit(m.start(), m.end() + (2 if _SECTION_RE.match(after) else 0), label, kind))
        elif _AFTER_RE.match(after):
            # 户籍地址写…, 开票日期填…: a modifier before a known label word names a field of its own.
            modifier = _MODIFIER_RE.search(text[:m.start()])
            if modifier and modifier.group(1) not in _FORM_WORDS and not _FUNCTION_CHAR_RE.search(modifier.group(1)):
                hits.append(_Hit(modifier.start(1), m.end(), modifier.group(1) + m.group(0), kind))
            else:
                hits.append(_Hit(m.start(), m.end(), label, kind))
    if hits:
        return hits
    for m in _GENERIC_RE.finditer(text):
        label = _REQUEST_LEAD_RE.sub("", m.group(1))
        if 2 <= len(label) <= 6 and _LABEL_HEAD_RE.search(label):
            kind = next((k for pattern, k in _HEAD_KINDS if re.search(pattern, label)), "text")
            hits.append(_Hit(m.start(1), m.end(1), label, kind))
    return hits


def _read_short(kind: str, segment: str) -> tuple[str, str]:
    """A one-word value (a city, a station, a size, a colour) and what was said after it."""
    value, rest = sv.read_first(segment)
    if kind == "station":
        value = value.removesuffix("站")
    size = re.search(r"(?<![A-Za-z])(?:X{0,3}[SML]|X{1,3}L)(?![A-Za-z])", sv.join_spaces(sv.clause(segment)), re.I)
    if kind == "size" and size:
        value = size.group(0).upper()
    value = re.sub(r"^([黑白红黄蓝绿紫灰粉棕])的$", r"\1色", value)
    return ("" if sv.QUESTION_RE.search(value) else clean_string(value, 20)), rest


def _read_time(segment: str) -> tuple[str, str]:
    """A time said in words (周六下午三点, 工作日晚上), or a date when one is said."""
    date, _ = sv.read_date(segment)
    if date and "-" in date:
        return date, ""
    text = sv.read_text(segment)
    return (re.sub(r"礼拜|星期", "周", text).replace("早上", "上午") if _TIME_WORD_RE.match(text) else ""), ""


def _read_code(kind: str, segment: str) -> tuple[str, str]:
    value, rest = sv.read_code(segment, upper=kind == "code")
    ok = {"digits": value.isdigit() and len(value) >= 3, "handle": len(value) >= 2,
          "code": len(value) >= 3 and any(c.isdigit() for c in value)}[kind]
    return (value, rest) if ok else ("", "")


_READERS: dict[str, Callable[[str], tuple[str, str]]] = {
    "email": lambda s: (sv.read_email(s), ""),
    "phone": sv.read_phone,
    "name": sv.read_name,
    "date": sv.read_date,
    "time": _read_time,
    "address": lambda s: (sv.read_address(s), ""),
    "plate": lambda s: (_read_plate(s), ""),
    "count": lambda s: (sv.read_number(s, keep_qualifier=False, ranges=False), ""),
    "money": lambda s: (sv.read_number(s), ""),
    "limit": lambda s: (sv.read_number(s, keep_qualifier=False), ""),
    "decimal": lambda s: (sv.read_number(s, ranges=False), ""),
}


def _read(kind: str, segment: str) -> tuple[str, str]:
    """The value of one label from the words said after it, and what was said after the value."""
    if kind in _WORDY_KINDS and sv.QUESTION_RE.search(sv.clause(segment)):
        return "", ""
    if kind in ("short", "station", "size"):
        return _read_short(kind, segment)
    if kind in ("digits", "code", "handle"):
        return _read_code(kind, segment)
    if kind.startswith("number:"):
        return sv.read_number(segment, unit=kind.split(":", 1)[1]), ""
    if kind == "text":
        return _split_text(segment)
    return _READERS[kind](segment)


def _split_text(segment: str) -> tuple[str, str]:
    """Free text ends where a phone, an email or a date starts (前端工程师 二一年七月入职 …)."""
    words = sv.clause(segment).split()
    for i in range(1, len(words)):
        rest = " ".join(words[i:])
        if sv.read_email(rest) or sv.read_phone(words[i])[0] or re.match(r"\S*[年月]|\d", words[i]) and sv.read_date(rest)[0]:
            return sv.read_text(" ".join(words[:i])), rest
    return sv.read_text(segment), ""


def _read_plate(segment: str) -> str:
    t = sv.spoken_digit_string(sv.resolve_correction(segment))
    m = re.search(r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])\s*([A-Za-z])\s*((?:[A-Za-z0-9]\s*){5,6})"
                  r"(?![A-Za-z0-9])", t)
    plate = (m.group(1) + m.group(2) + re.sub(r"\s", "", m.group(3))).upper() if m else ""
    return plate if re.search(r"\d", plate) else ""


def _orphans(label: str, rest: str, fields: dict[str, str]) -> None:
    """Values said after a one-word value without their own label: 目的地 杭州 四月五日, 出发站 南京南 到 汉口."""
    arrival = {"出发城市": "到达城市", "出发站": "到达站"}.get(label)
    m = re.match(r"\s*(?:到|至|飞|去)\s*(\S+)", rest)
    if arrival and m:
        fields.setdefault(arrival, m.group(1).removesuffix("站"))
        rest = rest[m.end():]
    half_day = _HALF_DAY_RE.match(rest)
    if label.endswith("日期") and half_day:
        fields.setdefault("时段", half_day.group(1))
        return
    for kind, bare in (("phone", "手机号"), ("email", "邮箱"), ("date", "日期")):
        value, after = _read(kind, rest)
        if value:
            fields.setdefault(bare, value)
            if kind == "date" and (half_day := _HALF_DAY_RE.match(after)):
                fields.setdefault("时段", half_day.group(1))
            elif re.search(r"[省市区县路街道弄号栋]", after) and (address := sv.read_address(after)):
                fields.setdefault("收货地址", address)
            return


def _typed_values(text: str) -> dict[str, str]:
    """Values recognisable by their form alone, under the label such a value has on a form."""
    fields = {}
    if email := sv.read_email(text):
        fields["邮箱"] = email
    if plate := _read_plate(text):
        fields["车牌号"] = plate
    phones = [p for m in sv.SPOKEN_NUMBER_RE.finditer(text) if re.fullmatch(r"1\d{10}", p := sv.read_phone(m.group(0))[0])]
    if phones:
        fields["手机号"] = phones[0]
    _orphans("", " ".join(w for w in text.split() if not _FILL_VERB_RE.search(w)), fields)
    fields.pop("时段", None)
    return _rename(text, fields)


def _rename(text: str, fields: dict[str, str]) -> dict[str, str]:
    """Bare labels named as the kind of form names them, a person's phone as that person's."""
    out: dict[str, str] = {}
    person = None
    for label, value in fields.items():
        name = next((names[label] for pattern, names in FORM_CONTEXTS if label in names and pattern.search(text)), label)
        if label == "价格" and re.search(r"以内|以下", value):
            name = "价格上限"
        if label == "年龄" and "-" in value:
            name = "年龄段"
        if label in ("出发城市", "到达城市") and (re.search(r"站$", "".join(fields.values())) or "站" in text):
            name = label.replace("城市", "站")
        name = PERSON_FIELDS.get(person or "", {}).get(name, name)
        person = label if label in PERSON_FIELDS else person
        if name not in out:
            out[name] = re.sub(r"以内|以下", "", value) if name == "价格上限" else value
            out[name] = out[name].removesuffix("站") if name.endswith("站") else out[name]
    return out


def _heard(text: str) -> str:
    """The request in NFKC with each misheard label written as the label (same length: positions hold)."""
    return _BY_READING.restore(unicodedata.normalize("NFKC", text))


def extract_fields(text: str) -> tuple[dict[str, str], bool]:
    """Label -> value for every label the text names with a readable value, in spoken order, and whether some
    label was given a value that points at something never said (邮箱写我常用的那个)."""
    text = _heard(text)
    hits = _hits(text)
    fields: dict[str, str] = {}
    for i, hit in enumerate(hits):
        before = text[hits[i - 1].end if i else 0:hit.start]
        segment = text[hit.end:hits[i + 1].start if i + 1 < len(hits) else len(text)]
        reversed_value = _REVERSED_RE.search(before)
        if reversed_value:
            segment = reversed_value.group(1)
        if sv.UNSURE_RE.search(segment):
            return {}, True
        value, rest = _read(hit.kind, segment)
        value = clean_string(value)
        if sv.REFERENCE_RE.search(value or sv.clause(segment)):
            return {}, True
        if value and hit.label not in fields:
            fields[hit.label] = value
            _orphans(hit.label, rest, fields)
    fields = _rename(text, fields)
    return dict(list(fields.items())[:MAX_FIELD_PAIRS]), False


def form_request(text: str) -> dict[str, str]:
    """The fields of a spoken fill request; {} for a question, a search, or a value that was never said."""
    text = _heard(text)
    fields, vague = extract_fields(text)
    hits = _hits(text)
    said_fill = _FILL_VERB_RE.search(text) is not None or any(_FILL_CUE_RE.match(text[h.end:]) for h in hits)
    if not hits and said_fill:  # 用 hello.mia at outlook dot com 订一下 填上就行
        return {} if sv.UNSURE_RE.search(text) or _ASKING_RE.search(text) else _typed_values(text)
    if vague or not fields:
        return {}
    if _ASKING_RE.search(text) and not said_fill:
        return {}
    if len(fields) >= 2 or said_fill:
        return fields
    # One labelled value and no fill verb: a form when the label opens the request (昵称 阿飞) or the value
    # has a checked form (验证码 四七二九).
    first = hits[0]
    segment = text[first.end:hits[1].start if len(hits) > 1 else len(text)]
    # A one-word value must end its clause: 城市 天气 北京 and 性别 平等 的 文章 are searches.
    whole = first.kind not in ("short", "name", "station", "size") or not _read(first.kind, segment)[1].strip()
    lead = sv.strip_fillers(text[:first.start]).strip()
    # 寄快递 寄件人 孙丽, 注册会员 昵称 小鱼儿: the form's name said first opens the form as well as the label would.
    at_start = (not lead or _FORM_OPENER_RE.fullmatch(lead) is not None) and whole and (
        first.kind != "text" or text[first.end:][:1].isspace())
    strong = any(_KIND_OF.get(label) in _STRONG_KINDS for label in fields)
    return fields if (at_start or strong) and not _SEARCH_WORDS_RE.search(text) else {}
