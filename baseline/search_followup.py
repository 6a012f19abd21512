"""Short follow-ups to a search or an extraction that keep its task and change one part (issue 13).

Each says only what differs, and the earlier contract holds the rest:
- a number for its number (预算提到三千吧 after 降噪耳机 两千以内 -> 3千以内);
- a city for its city, said with a pronoun for the earlier subject (他在杭州有没有 after 周杰伦演唱会 上海站);
- a site the search should be on, said as a place and not a visit (要视频的 B站上的 after Python 入门教程);
- a relational noun that needs the earlier subject as its owner (作者还写过什么 after 三体 内容简介);
- a narrowing of what is taken from the page (只要大床房的 after 酒店房型和价格).
"""

from __future__ import annotations

import re
from typing import Any

from baseline import followup
from baseline.query_refine import narrows, refine_query
from baseline.sites import find_site
from baseline.spoken_values import cn_integer
from v2t.contract import decision_first, make_contract
from v2t.self_correction import CITIES
from v2t.spoken import clean_string, fit, spoken_digits

_CITY_RE = re.compile("|".join(sorted(CITIES, key=len, reverse=True)))
_NUMBER_RE = re.compile(r"(?:\d+|[一二两三四五六七八九]十[一二三四五六七八九]?(?=[千万百])|[一二两三四五六七八九])\s*[千万百十]?")
_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def _value(token: str) -> tuple[int, str]:
    """八百 -> (800, 百), 2千 -> (2000, 千), 500 -> (500, '')."""
    token = token.replace(" ", "")
    unit = token[-1] if token[-1] in _UNITS and len(token) > 1 else ""
    head = token[:-1] if unit else token
    n = int(head) if head.isdigit() else _DIGITS.get(head) or cn_integer(head) or 0
    return n * _UNITS.get(unit, 1), unit


def _written_like(value: int, old: str) -> str:
    """The new number written as the query wrote its old one (500 -> 800, 2千 -> 3千)."""
    unit = _value(old)[1]
    step = _UNITS.get(unit, 1)
    return f"{value // step}{unit}" if unit and value % step == 0 else str(value)
# Words around a changed number that say only how it changes (预算提到, 改成, 最多, 以内).
_NUMBER_TALK_RE = re.compile(r"预算|价位|价格|提到|提高到|涨到|加到|降到|减到|改成|改到|换成|调到|放宽到|放宽|提高|一点|太贵|最多|最少|不超过|以内|以下|以上|左右"
                             r"|块钱?|元|吧|了|的|呢|那|就")
_OWN_ACT_RE = re.compile(r"搜|查|找|打开|网站|官网|填|提取|怎么|什么|哪|吗|谁|几|多少")
_VISIT_RE = re.compile(r"开|进|去|访问|上一下")
# A noun that needs an owner (三体's 作者, a film's 导演): asked bare, its owner is what was just searched.
_RELATIONAL_RE = re.compile(r"^(?:作者|导演|主演|演员|主角|编剧|歌手|原唱|创始人|老板|总部|出版社|续集|前传|官网|地址|电话|票价)")


def _searched(prev: dict[str, Any], query: str) -> dict[str, Any]:
    return decision_first(make_contract(prev["task_type"], query, fit("搜索" if prev["task_type"] == "search" else "提取", query)))


def number_changed(text: str, prev: dict[str, Any]) -> dict[str, Any] | None:
    """The earlier query with its number replaced by the one `text` gives, when that is all `text` says."""
    if prev["task_type"] != "search":
        return None
    query, said = str(prev["slots"]["query"]), spoken_digits(followup.core(text))
    old, new = _NUMBER_RE.search(query), _NUMBER_RE.search(_NUMBER_TALK_RE.sub(" ", said))  # not 一点's 一
    if old is None or new is None:
        return None
    rest = _NUMBER_TALK_RE.sub("", _NUMBER_RE.sub("", said)).replace(" ", "")
    if len(rest) > 2 or _OWN_ACT_RE.search(said):
        return None
    value = _written_like(_value(new.group(0))[0], old.group(0))
    return _searched(prev, clean_string(query[:old.start()] + value + query[old.end():]))


def city_with_pronoun(text: str, prev: dict[str, Any]) -> dict[str, Any] | None:
    """他在杭州有没有 after a search of a place-bound subject: the city swapped, the subject and the rest kept."""
    core = followup.core(text)
    city = _CITY_RE.search(core)
    if prev["task_type"] != "search" or city is None or not re.match(r"^(?:他|她|它|那)", core):
        return None
    query = str(prev["slots"]["query"])
    if _CITY_RE.search(query) is None or len(core.replace(" ", "")) > 12 or find_site(text):
        return None
    return _searched(prev, refine_query(query, city.group(0), False))


# Words that only put the same search on a site (算了 还是 在抖音上搜, 只要新浪的, 最好是在猫眼上看): no object.
_SCOPE_WORDS_RE = re.compile(r"算了|还是|刚才|刚刚|那个|再|最好是?|只要|就要|我要|要|就|在|用|换到|换|对|改|去|(?:搜|查|找|看)(?:一下|下|一搜)?")


def on_a_site(text: str, prev: dict[str, Any]) -> dict[str, Any] | None:
    """要视频的 B站上的, 算了 还是在抖音上搜: a search narrowed to a site said as a place (…上的, 在…上搜, 只要…的),
    not a visit; a site the query already named gives way to the new one."""
    core = followup.core(text)
    site = find_site(core)
    if prev["task_type"] != "search" or site is None or _VISIT_RE.search(_SCOPE_WORDS_RE.sub(" ", core)):
        return None
    after = core[site[3]:]
    on_it = re.match(r"\s*(?:上的|上面|上边|上)", after) or \
        re.fullmatch(r"\s*的", after) and re.search(r"(?:只要|就要|要)\s*$", core[:site[2]])
    if not on_it:
        return None  # 顺丰 after 打开 我要查快递 names the site to open, not a place to search
    rest = (core[:site[2]] + " " + after).replace("上的", " ").replace("上面", " ").replace("上边", " ")
    rest = re.sub(r"(?:^|\s)[上的是](?=\s|$)", " ", _SCOPE_WORDS_RE.sub(" ", rest))
    if len(rest.replace(" ", "")) > 8 or _OWN_ACT_RE.search(rest):
        return None
    pieces = " ".join(w for w in rest.split() if w)
    query = str(prev["slots"]["query"])
    if (old := find_site(query)) is not None:
        query = (query[:old[2]] + query[old[3]:]).strip()  # 在抖音上搜 after a search on B站: the site swapped
    query = refine_query(query, pieces, False) if pieces else query
    return _searched(prev, clean_string(f"{site[0]} {query}"))


def owner_asked(text: str, prev: dict[str, Any]) -> dict[str, Any] | None:
    """作者还写过什么 after a search of 三体: the relational noun given the earlier subject as its owner."""
    core = followup.core(text)
    if prev["task_type"] != "search" or _RELATIONAL_RE.match(core) is None:
        return None
    subject = str(prev["slots"]["query"]).split()[0]
    return None if subject in core else _searched(prev, clean_string(f"{subject} {core}"))


def part_narrowed(text: str, prev: dict[str, Any]) -> dict[str, Any] | None:
    """只要大床房的 双床的不要 after an extraction: the same target, only the part wanted."""
    core = followup.core(text)
    if prev["task_type"] != "extract" or not narrows(core) or not re.search(r"只要|只看|只留|不要", core):
        return None
    wanted = re.sub(r"\S*不要\S*|^(?:只要|就要|只看|要)", "", core).strip()
    wanted = " ".join(w.removeprefix("只要").removesuffix("的") for w in wanted.split() if "不要" not in w)
    return _searched(prev, clean_string(f"{prev['slots']['target']} 只要{wanted}")) if wanted else None


_FORM_SAID_RE = re.compile(r"填|写|输入|输进|录入|勾|表|栏|框|选")


# A bound on an amount (两万以上, 一千左右) and the amounts a search is narrowed by (预算, 价格, 薪资, 人均).
_BOUND_RE = re.compile(r"以内|以上|以下|左右|之间|上下|出头")
_AMOUNT_RE = re.compile(r"预算|价|薪|工资|钱|费|人均")
_FORM_ASKED_RE = re.compile(r"填|写|表|登记|报名|预约|注册|申请")


def values_narrowed(text: str, prev_text: str, prev: dict[str, Any], alone: dict[str, Any]) -> dict[str, Any] | None:
    """预算 一千左右吧, 薪资 要两万以上的 after a search: an amount or its bound said with no form to fill (no 填, no
    表, now or in the request before) narrows the search; the form reader reads it as a value, the query takes it."""
    fields = alone["slots"].get("field") if alone["task_type"] == "form_fill" else None
    if prev["task_type"] != "search" or not fields or len(fields) > 2 or _FORM_SAID_RE.search(followup.core(text)) \
            or _FORM_ASKED_RE.search(prev_text):
        return None
    if not all(_BOUND_RE.search(str(v)) or _AMOUNT_RE.search(k) for k, v in fields.items()):
        return None
    query = str(prev["slots"]["query"])
    said = " ".join(f"{k}{v}" if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", k) and k not in query else str(v)
                    for k, v in fields.items())
    return _searched(prev, clean_string(f"{query} {said}"))


FOLLOWUPS = (number_changed, city_with_pronoun, on_a_site, owner_asked, part_narrowed)
