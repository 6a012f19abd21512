"""Spoken form values in their written form: numbers, dates, codes, emails, phones, names, addresses.

`三万二` -> 32000, `一九九八 十月 一日` -> 1998-10-01, `四个六` -> 6666, `s k y 下划线 walker` -> sky_walker.
"""

from __future__ import annotations

import re

from v2t.spoken import clean_string, strip_fillers

_DIGIT = {"零": 0, "〇": 0, "洞": 0, "幺": 1, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9} | {str(d): d for d in range(10)}
_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN = "零〇洞幺一二两俩三四五六七八九"
NUMBER = rf"[{_CN}十百千万亿\d]+(?:(?:点|\.)[{_CN}\d]+)?"
# A self-correction: what follows replaces what came before (幺三零 呃 不对 幺三幺…, 五零二 啊不是 六零二).
_CORRECTION_RE = re.compile(r"(?:[哦噢啊呃额诶]\s*)?(?:不对不对|不对|说错了|我是说|应该是|更正一下)|[哦噢啊呃额]\s*不是"
                            r"|[哦噢]\s*不(?![是对要用])|[哦噢]\s*(?=就写|就填|还是写)|(?<=\S)\s+就是(?=\s*\S)"
                            # 职业是老师 填教师, 备注 你帮我写一下 就说…: what follows the fill verb is the value.
                            r"|(?<=\S)\s+(?:就|还是)?(?:填|写)(?![到进在入好完])(?=\s*\S)|(?:你|请)?(?:帮我|给我)(?:写|填)一下")
# A value said to be wrong after the right one (汉口 不是武汉站, …六零二 不是五零二啊 是六零二).
_NOT_THIS_RE = re.compile(r"\s*不是\s*\S+?[啊呀]?(?:\s*(?:是|就是)\s*\S+)?(?=\s|$)")
# A character spelled out after a name (陈静 耳东陈 安静的静, 星星的星 辰是时辰的辰, 两个娜).
_SPELLING_RE = re.compile(r"^(?:[\u4e00-\u9fff]{1,3}的|[\u4e00-\u9fff]是[\u4e00-\u9fff]{1,3}的|木子|耳东|口天|弓长|立早|草头|"
                          r"双人|三点水的?|两点水的?|三个[\u4e00-\u9fff]的?|两个)([\u4e00-\u9fff])$")
_CLAUSE_END_RE = re.compile(r"[，,。；;！!？?]|然后|还有|另外|以及")
_LEAD_RE = re.compile(r"^(?:\s|那栏|这栏|那一栏|一栏|那里|这里|那儿|这儿|那块|框里|里|就是|就说|就|先|都|也|是|为|一下"
                      r"|填写|填入|(?:填|写|选|改)(?:成|上|为)(?=\s)|填|写的是|写|选择|选|勾选|勾|打上|打(?!开|算|听)|改成|改为"
                      r"|换成|输进去|输入|输|录入|用|叫|要|:|：|的)+")
_TAIL_RE = re.compile(r"(?:\s|吧|呗|呢|啊|呀|嘛|对|嗯|就行|就好|就可以了?|即可|和|跟|的话"
                      r"|(?:帮我|给我)?(?:填上|填好|填一下|填进去|写上|选好)|先?别\S*|先不\S*|只\S+不\S+)+$")
QUESTION_RE = re.compile(r"哪|啥|多少|什么|吗|几(?!乎)|怎么|是不是")
# A value the speaker is unsure of or has not got (也可能是周五, 你看着填, 后面忘了): never filled.
UNSURE_RE = re.compile(r"也可能|或者|还没定|没想好|不确定|你看着|看着办|看着填|你自己|按我的|随便|忘了|想不起|记不[得清住]|"
                       r"等下再说|回头再说|再说吧")
# A value that points at something never said (老地方, 我常用的那个, 我妈的, 那天): no value unless one was said too.
REFERENCE_RE = re.compile(r"老地方|上次|上回|之前那|常用的|原来那|那天|那个地方|就那个|我那个|"
                          r"^(?:他|她|它|他们|我|我的|那个|这个)(?:就行|呗|吧)?(?:\s|$)|(?:^|[他她我])(?:妈|爸|老婆|老公|哥|姐|家人)?的\s*$"
                          r"|(?:他|她|我妈|我爸|家里人)的(?:号码|电话|邮箱|地址|名字|信息|资料)")
_PLACE_RE = re.compile(r"^(北京|上海|天津|重庆|深圳|广州|杭州|南京|成都|武汉|西安|苏州|长沙|郑州|青岛|厦门|宁波|合肥|济南|"
                       r"沈阳|大连|哈尔滨|昆明|福州|无锡|东莞|佛山)(?!市)")
# Digits said one by one, in groups, or as 四个六 (幺三六 四个幺 四个二).
SPOKEN_NUMBER_RE = re.compile(rf"(?:[两二三四五六七八九]个)?[{_CN}\d](?:[\s\-]*(?:[两二三四五六七八九]个)?[{_CN}\d])*")
_ADDRESS_WORD_RE = re.compile(r"[省市区县镇乡村路街巷弄号栋幢楼室]|单元|大厦|小区|花园|广场|中心|公寓|园区")
_ADDRESS_UNIT_RE = re.compile(rf"({NUMBER})(?=号|栋|幢|座|单元|弄|室|楼|层|排|组|巷)")


def cn_integer(text: str) -> int | None:
    """`三万二` -> 32000, `一百零八` -> 108, `一二三四` -> 1234 (digit by digit when no unit is said)."""
    if not text or any(ch not in _DIGIT and ch not in _UNIT for ch in text):
        return None
    if not any(ch in _UNIT for ch in text):
        return int("".join(str(_DIGIT[ch]) for ch in text))
    total = section = 0
    num: int | None = None
    last_unit = 1
    for ch in text:
        if ch in _DIGIT:
            num = _DIGIT[ch]
        elif _UNIT[ch] < 10_000:
            section += (1 if num is None else num) * _UNIT[ch]
            num, last_unit = None, _UNIT[ch]
        else:
            total += (section + (num or 0) or 1) * _UNIT[ch]
            section, num, last_unit = 0, None, _UNIT[ch]
    if num is not None:
        # 三万二, 一万五, 三百八: a last digit right after a unit counts in the next unit down.
        implied = len(text) > 1 and text[-2] in _UNIT and last_unit >= 100
        section += num * last_unit // 10 if implied else num
    return total + section


def cn_number(text: str) -> str | None:
    """A spoken amount as a decimal string: `三点一` -> 3.1, `三百八十六块五` -> 386.5, `一五k` -> 15000."""
    text = re.sub(r"\s+|毛|钱", "", text).replace("元", "块").rstrip("块")
    scale = {"k": 1000, "w": 10_000}.get(text[-1:].lower(), 1)
    text = text[:-1] if scale != 1 else text
    whole, _, frac = re.split(r"(点|\.|块)", text, maxsplit=1) if re.search(r"点|\.|块", text) else (text, "", "")
    value = cn_integer(whole)
    if value is None or any(ch not in _DIGIT for ch in frac):
        return None
    digits = "".join(str(_DIGIT[ch]) for ch in frac).rstrip("0")
    if scale != 1:
        return str(round((value + float("0." + (digits or "0"))) * scale))
    return f"{value}.{digits}" if digits else str(value)


def spoken_digit_string(text: str) -> str:
    """Every digit word as a digit, `四个六` -> 6666 (phones, codes, emails); other characters unchanged."""
    text = re.sub(rf"([两二三四五六七八九])个([{_CN}\d])", lambda m: m.group(2) * _DIGIT[m.group(1)], text)
    return "".join(str(_DIGIT[ch]) if ch in _DIGIT and ch not in "两俩" else ch for ch in text)


def resolve_correction(segment: str) -> str:
    """The value as finally meant: a correction replaces as many trailing words as it has."""
    parts = [p.strip() for p in _CORRECTION_RE.split(segment)]
    value = parts[0]
    for part in filter(None, parts[1:]):
        new = _LEAD_RE.sub("", part).split() or part.split()
        old = value.split()
        value = " ".join(old[:-len(new)] + new if 0 < len(new) < len(old) else new)
    return _NOT_THIS_RE.sub("", value).strip() if re.search(r"\S\s*不是", value) else value


def clause(segment: str) -> str:
    """The part of a label's segment that is its value: one clause, corrections applied, cue words off."""
    value = _CLAUSE_END_RE.split(resolve_correction(segment), maxsplit=1)[0]
    return _TAIL_RE.sub("", _LEAD_RE.sub("", strip_fillers(value)))


def drop_spellings(value: str) -> str:
    """Character spellings said after a word are not part of it (李华 木子李 华丽的华 -> 李华)."""
    words = value.split()
    kept = [w for i, w in enumerate(words)
            if not ((m := _SPELLING_RE.match(w)) and i and m.group(1) in "".join(words[:i])) and w != "两个都是"]
    return " ".join(kept)


def join_spaces(value: str) -> str:
    """ASR spaces out where they split one item (S P R I N G, 卫生间 漏水, APP 一打开); clauses keep theirs."""
    value = re.sub(r"(?<=\b[A-Za-z]) (?=[A-Za-z]\b)", "", value)
    value = re.sub(r"(?<=[A-Za-z0-9]) (?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) (?=[A-Za-z])", "", value)
    words = value.split(" ")
    out = words[:1]
    for w in words[1:]:
        short = min(len(out[-1]), len(w)) < 4 or not re.match(r"[\u4e00-\u9fff]", w)
        out[-1:] = [out[-1] + w] if short and re.search(r"[\u4e00-\u9fff]$", out[-1]) else [out[-1], w]
    return " ".join(out)


def read_text(segment: str, limit: int = 20) -> str:
    value = drop_spellings(clause(segment))
    if not value or QUESTION_RE.search(value) or re.search(r"你|表格?$|表单", value):
        return ""
    # Written forms capitalise English words said in lower case: app -> APP, product manager -> Product Manager.
    value = re.sub(r"(?<![A-Za-z])[a-z]{2,}(?![A-Za-z])", lambda m: m.group(0).upper() if len(m.group(0)) <= 3
                   else m.group(0).capitalize(), value)
    return clean_string(join_spaces(value), limit)


def read_first(segment: str) -> tuple[str, str]:
    """A one-word value (a city, a station, a size) and what was said after it."""
    words = clause(segment).split()
    return (words[0], " ".join(words[1:])) if words else ("", "")


def read_name(segment: str) -> tuple[str, str]:
    value = re.sub(r"^(?:我|他|她)(?:妈|爸|老婆|老公|哥|姐|弟|妹|爱人|朋友)\s*(?=\S)", "", clause(segment))
    value = re.sub(r"^(?:复姓)", "", value)
    m = re.match(r"[\u4e00-\u9fff·]{2,4}|[A-Za-z]{2,}(?: [A-Za-z]{2,})?(?![A-Za-z])", value)
    if not m or re.search(r"[的啥么你我他她]", m.group(0)) or QUESTION_RE.search(m.group(0)):
        return "", ""
    name = m.group(0).strip()
    return (name[0].upper() + name[1:] if name.isascii() else name), value[m.end():]


def read_email(segment: str) -> str:
    t = spoken_digit_string(resolve_correction(segment))
    t = re.sub(r"艾特|圈a|(?<![A-Za-z])at(?![A-Za-z])", "@", t, flags=re.I)
    t = re.sub(r"点|(?<![A-Za-z])dot(?![A-Za-z])", ".", t, flags=re.I).replace("下划线", "_").replace("横杠", "-")
    t = re.sub(r"(?<=[A-Za-z0-9.@_\-])\s+(?=[A-Za-z0-9.@_\-])", "", t)
    m = re.search(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}", t, re.I)
    return m.group(0).lower() if m else ""


def read_phone(segment: str) -> tuple[str, str]:
    """A phone number of 7 to 12 digits (a partial number reads as none) and what was said after it."""
    t = resolve_correction(segment)
    m = SPOKEN_NUMBER_RE.search(t)
    digits = re.sub(r"\D", "", spoken_digit_string(m.group(0))) if m else ""
    return (digits, t[m.end():]) if m and 7 <= len(digits) <= 12 else ("", "")


def read_code(segment: str, upper: bool = True) -> tuple[str, str]:
    """Letters and digits said one by one or in groups (`M A 零幺` -> MA01; upper-cased for codes) and what
    was said after them."""
    t = spoken_digit_string(resolve_correction(segment)).replace("下划线", "_")
    words = _LEAD_RE.sub("", re.sub(r"(?:是|要)?全?[大小]写的?", " ", strip_fillers(t))).split()
    n = next((i for i, w in enumerate(words) if not re.fullmatch(r"[A-Za-z0-9_\-]+", w)), len(words))
    code = "".join(words[:n])
    return (code.upper() if upper else code), " ".join(words[n:])


def read_number(segment: str, unit: str = "", keep_qualifier: bool = True, ranges: bool = True) -> str:
    """An amount or a range of amounts with its qualifier and unit: `一万五到两万` -> 15000-20000."""
    t = clause(segment).replace("百分之", "").replace("周岁", "岁").replace("上下", "左右").replace("往上", "以上")
    t = re.sub(r"\s+(?=[kKwW块元])|\s*(?=到|至)|(?<=到|至)\s*", "", t)
    one = rf"{NUMBER}(?:块[{_CN}\d]?)?[kKwW]?"
    # The amount opens the value (价格 iphone 十六 gives none); 第 and hedges may come first.
    m = re.match(rf"(?:第|大概|大约|约|差不多)?({one})(?:\s*(?:到|至|-|~)\s*({one}))?", t)
    if not m:
        return ""
    low = m.group(1)
    high = m.group(2) if ranges else None
    if high and high[-1:] in "kKwW" and low[-1:] not in "kKwW":
        low += high[-1]
    values = [cn_number(x) for x in (low, high) if x]
    if None in values:
        return ""
    said_unit = re.match(r"\s*(?:块|元|个|位|人|件|年|岁|天|颗?星|公里|%|(分))?", t[m.end():])
    qual = re.match(r"\s*(以上|以下|以内|之内|左右|出头)", t[m.end() + said_unit.end():])
    suffix = qual.group(1).replace("之内", "以内") if qual and keep_qualifier else ""
    return "-".join(values) + ((said_unit.group(1) or unit) if unit else "") + suffix


_MONTH_DAY_RE = re.compile(rf"([{_CN}十\d]{{1,3}})\s*月\s*(?:([{_CN}十\d]{{1,3}})\s*(?:号|日)?)?")
_YEAR_RE = re.compile(rf"([{_CN}\d]{{4}}|[{_CN}\d]{{2}})\s*年|(?<![{_CN}\d])([一二12][九零〇09][{_CN}\d]{{2}})(?=\s)")
_RELATIVE_RE = re.compile(r"(?:大?后天|明天|今天|昨天|(?:下下|下个?|这个?|本|上个?)?(?:周|礼拜|星期)[一二三四五六日天末]"
                          r"|(?:下个?|这个?|本)月\S*|月[底初中])(?:上午|下午|中午|晚上|早上)?")


def _date(text: str) -> tuple[str, int] | None:
    """The date said in text and where it ends."""
    md = _MONTH_DAY_RE.search(text)
    year = _YEAR_RE.search(text)
    if not md:
        return None
    month = cn_integer(md.group(1))
    day = cn_integer(md.group(2)) if md.group(2) else None
    if not month or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    end = max(md.end(), year.end() if year else 0)
    if year:
        y = cn_integer(year.group(1) or year.group(2)) or 0
        y = y if y >= 1000 else (2000 + y if y <= 49 else 1900 + y)
        return (f"{y}-{month:02d}-{day:02d}" if day else f"{y}-{month:02d}"), end
    return (f"{month}月{day}日" if day else f"{month}月"), end


def read_date(segment: str) -> tuple[str, str]:
    """An absolute date as YYYY-MM-DD (M月D日 without a year), a range as A至B, relative dates as said;
    and what was said after the date."""
    t = clause(segment)
    if not t:
        return "", ""
    pieces = re.split(r"到|至|(?<=入职)", t, maxsplit=1)
    dates = [d for d in (_date(p) for p in pieces) if d]
    if len(dates) == 2:
        return "至".join(d for d, _ in dates), pieces[1][dates[1][1]:]
    whole = _date(t)
    if whole:
        return whole[0], re.sub(r"^(?:号|日|的|年的)", "", t[whole[1]:])
    m = _RELATIVE_RE.search(t)
    if not m:
        return "", ""
    said = re.sub(r"礼拜|星期", "周", m.group(0))
    return re.sub(r"^这个?周", "本周", said).replace("下个周", "下周"), t[m.end():]


def read_address(segment: str) -> str:
    value = clause(segment)
    if re.search(r"点\s*(?:com|cn|net|org)|www|\.com|http", value, re.I) or QUESTION_RE.search(value):
        return ""
    value = re.sub(r"\s+", "", drop_spellings(value))
    if not (_PLACE_RE.match(value) or _ADDRESS_WORD_RE.search(value)):
        return ""
    value = _ADDRESS_UNIT_RE.sub(lambda m: cn_number(m.group(1)) or m.group(1), value)
    value = re.sub(rf"(?<=[栋幢座单元弄楼层])[{_CN}]{{2,4}}(?![{_CN}十百千])",
                   lambda m: spoken_digit_string(m.group(0)), value)
    return clean_string(_PLACE_RE.sub(r"\1市", value), 40)
