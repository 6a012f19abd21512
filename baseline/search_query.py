"""A spoken search request as a compact search phrase (rule baseline): `iPhone 十六 Pro 现在多少钱` -> `iPhone 16 Pro 价格`.

Drops what a search engine does not need (request words, question tails, ASR spaces inside Chinese), writes
spoken numbers as digits where they are numbers (型号, 日期, 价格), and names the asked-about attribute the
way a query does (多少钱 -> 价格, 会不会 -> 是否, 咋整 -> 解决方法).
"""

from __future__ import annotations

import re

from baseline.spoken_values import cn_integer
from v2t.spoken import clean_string, spoken_digits, strip_fillers

_NUM = "零〇幺一二两三四五六七八九十百千"
# A Chinese number that is a number here: before a unit or counter, or next to Latin letters or digits (型号).
# A bare 百 or 千 is never said as a number (一百度 is; 百度 is the site).
_UNIT = r"(?:月|号|日|年|点|块|元|岁|次|公里|千米|米|度|寸|斤|克|万|千|百|个|代|期|级|楼|层|号线|路|小时|天|周|人|代|折|倍|g|G|英寸)"
_NUMBER_RE = re.compile(rf"(?<=[A-Za-z0-9])\s?[{_NUM}]+(?![\u4e00-\u9fff])|(?<=[A-Za-z]\s)[{_NUM}]+|(?<![\u4e00-\u9fff])(?![百千]{_UNIT})[{_NUM}]+(?={_UNIT})"
                        rf"|(?<=[\u4e00-\u9fff])[{_NUM}]{{1,3}}(?=月)|(?<=月)[{_NUM}]{{1,3}}(?=号|日)")
_LEAD_RE = re.compile(
    r"^(?:那(?=\s|帮|给|你|再|搜|查|找)|帮我|给我|帮忙|请问|请|麻烦你?|你|我想知道|我想|想知道|搜索|搜一下|搜搜|搜下|搜|查一下|查查|查下|查|找一下|找找|找下|找"
    r"|看一下|看看|看下|百度一下|一下|去|在|到|上网|网上|\s)+")
_REQUEST_RE = re.compile(r"(?:帮我|给我|帮忙|麻烦|搜一下|搜搜|搜下|搜索|查一下|查查|查下|找一下|找找|看一下|看下|百度一下|一下子?"
                         r"|我想知道|想知道|我想看看|我想|你)")
# The attribute asked about, in a query's words; question tails that a search engine ignores.
_ASKED = ((re.compile(r"多少钱|卖多少|啥价|什么价|价钱|价位|贵不贵"), "价格"),
          (re.compile(r"会不会|是不是|有没有|能不能|可不可以"), "是否"),
          (re.compile(r"咋整|咋办|怎么办|怎么解决"), "解决方法"),
          (re.compile(r"几点(?:开|发车|出发|走)"), "发车时间"),
          (re.compile(r"怎么做|咋做|怎么烧|怎么炒|怎么煮"), "做法"),
          # A value quoted per day is asked for 今日 in a query (今日股价, 今日汇率).
          (re.compile(r"今天(?=\S{0,4}(?:股价|汇率|金价|油价|行情|空气质量|限行))"), "今日"),
          (re.compile(r"(?:工资|薪资|薪水|月薪)(?:一般|大概|平均)?(?:是)?多少(?:钱)?"), "平均工资"))
_TAIL_RE = re.compile(r"(?:是多少|是什么|是啥|怎么样|咋样|如何|好不好|多少|怎么|咋|吗|呢|啊|呀|吧|嘛|了吗|没有|了没|的)+(?=\s|$)")


def asked_attributes(text: str) -> list[str]:
    """The attributes a request asks about, in a query's words (那个怎么做 -> [做法]): what an answer naming only the
    object leaves out."""
    return [word for pattern, word in _ASKED if word != "是否" and pattern.search(strip_fillers(text))]


def _number(word: str) -> str:
    """一百零八 -> 108, 十六 -> 16, 二零二五 -> 2025 (the form filler's reader)."""
    value = cn_integer(word)
    return word if value is None else str(value)


def spoken_numbers(text: str) -> str:
    """Spoken numbers as digits where they count something (十月一号, iPhone 十六, 三百二十块); 三亚 stays."""
    text = _NUMBER_RE.sub(lambda m: (" " if m.group(0)[0].isspace() else "") + _number(m.group(0).strip()),
                          spoken_digits(text))
    text = re.sub(r"(\d)点([零〇幺一二三四五六七八九]+)", lambda m: m.group(1) + "." + _number(m.group(2)), text)  # 二点五
    return re.sub(r"(\d+月\d+)号", r"\1日", text)


def join_asr_splits(text: str) -> str:
    """One Chinese character between spaces is an ASR split (搜 一 下): joined to its neighbours."""
    words = text.split()
    out = words[:1]
    for prev, word in zip(words, words[1:], strict=False):
        single = re.fullmatch(r"[\u4e00-\u9fff]", prev) or re.fullmatch(r"[\u4e00-\u9fff]", word)
        out.append(word if single else " " + word)
    return "".join(out)


# Words that hold a filler's character (限额, 额度, 哈尔滨, 网吧): kept whole while the fillers go.
_HOLDS_FILLER_RE = re.compile(r"[限金余名份配税总]额|额度|哈尔滨|哈密|[酒网贴]吧|吧台")


def strip_fillers_keeping_words(text: str) -> str:
    """strip_fillers, but a word holding a filler's character (限额, 金额) keeps it."""
    if re.search("[\ue000-\uf8ff]", text):  # the placeholders below must not be in the text itself
        return strip_fillers(text)
    held: list[str] = []

    def hold(m: re.Match[str]) -> str:
        held.append(m.group(0))
        return chr(0xE000 + len(held) - 1)  # a private-use character no filler matches

    stripped = strip_fillers(_HOLDS_FILLER_RE.sub(hold, text))
    return re.sub("[\ue000-\uf8ff]", lambda m: held[ord(m.group(0)) - 0xE000], stripped)


def compact_query(text: str) -> str:
    """The search phrase of a spoken search request ("" when nothing is left)."""
    # ASR spaces between Chinese characters (二零 年 十 月, 搜 一 下) carry nothing; spaces between words stay one.
    core = join_asr_splits(strip_fillers_keeping_words(text))
    core = _REQUEST_RE.sub(" ", _LEAD_RE.sub("", core))
    for pattern, word in _ASKED:
        core = pattern.sub(word, core)
    core = _TAIL_RE.sub("", spoken_numbers(core))
    core = re.sub(r"(?<=\b[A-Za-z])\s+(?=[A-Za-z]\b)", "", core)  # spelled letters: m u -> mu
    return clean_string(core)
