"""A clarify answered (issue 13): the request asked about and the answer read as one request, or asked again.

An answer that resolves the question gets the contract the whole request would get if said at once (打开那个网站 +
就是买火车票那个 -> 12306). One that still leaves something open (就我常用的那个, 去杭州的 when the date is missing too)
gets a clarify again that NAMES the topic so far: the question's own words, what the speaker asked (邮箱那栏 填) and
what the answer added (我常用), so the next answer is read against the same topic and the asker sees what is known.
"""

from __future__ import annotations

import re
from typing import Any

from baseline import followup
from baseline.clarify_pointer import KINDS, names_only_a_kind
from baseline.dialogue_partial import left_open
from baseline.form_answer import answered_value
from baseline.predict import extract, names_no_object, predict, without_doubt
from baseline.search_query import asked_attributes, compact_query
from baseline.site_purposes import site_meant
from baseline.sites import find_site
from v2t.contract import MAX_STRING_CHARS, decision_first, make_contract
from v2t.self_correction import _DAY_RE, CITIES
from v2t.spoken import clean_string, fit, strip_fillers

History = list[tuple[str, Any]]

# Where a request's object lies (页面上, 表格里): a clarify's answer names the object, the place stays the question's.
PLACE_RE = re.compile(r"(?:这个|这)?(?:页面|网页|表格|评论区|通知|文章|邮件)(?:上|里|中)?")
# What this module adds to a question it asks again; stripped before it is asked a third time.
_KNOWN_RE = re.compile(r"（已说：.*）$")
_LEAD_RE = re.compile(r"^(?:就是|就|是|嗯|呃|那个|那)+")
_CITY_RE = re.compile("|".join(sorted(CITIES, key=len, reverse=True)))
# The pieces a trip's question lists as missing, and how an answer says each (从武汉走, 去三亚的, 下周五).
_PLACE = rf"(?:{_CITY_RE.pattern}|(?!看|查|买|订|玩|问|找)[\u4e00-\u9fff]{{2}})"
_TRIP_PIECES = ((re.compile(r"出发地|出发城市|从哪"), re.compile(rf"(?:从|由)\s*{_PLACE}|{_PLACE}(?:出发|走)|(?:{_CITY_RE.pattern})\s*(?:飞|到|去)")),
                (re.compile(r"目的地|到达地|到哪|去哪"), re.compile(rf"(?:到|去|飞|往)\s*{_PLACE}")),
                (re.compile(r"日期|哪天|时间"), re.compile(_DAY_RE.pattern + r"|\d+月|[一二三四五六七八九十]+月|[一二三四五六七八九十\d]+号")))


def still_open(asked: list[str], answer: str, question: dict[str, Any]) -> dict[str, Any]:
    """The clarify asked again: the earlier question's words, then what the speaker has said of the topic so far."""
    ambiguity = _KNOWN_RE.sub("", str(question["slots"].get("ambiguity") or "未说明具体要做什么"))
    said = [p for t in [*asked, answer] if (p := _LEAD_RE.sub("", compact_query(t)).strip())]
    known = "，".join(dict.fromkeys(said))
    room = MAX_STRING_CHARS - len(ambiguity) - len("（已说：）")
    text = f"{ambiguity}（已说：{known[:room]}）" if known and room >= 2 else ambiguity
    return decision_first(make_contract("clarify", clean_string(text), fit("请说明", ambiguity.removeprefix("未说明"))))


def _trip_left_open(question: dict[str, Any], said: str) -> bool:
    """Whether a question listing a trip's missing pieces (出发地, 目的地, 日期) still has one the words never said."""
    ambiguity = str(question["slots"].get("ambiguity") or "")
    asked = [said_re for need_re, said_re in _TRIP_PIECES if need_re.search(ambiguity)]
    return len(asked) >= 2 and any(said_re.search(said) is None for said_re in asked)


def answer(text: str, alone: dict[str, Any], earlier: History) -> dict[str, Any]:
    """A clarify answered: the request asked about and this answer, read as one request."""
    asked: list[str] = []
    for t, c in reversed(earlier):
        if c["task_type"] != "clarify":
            break
        asked.insert(0, t)
    question = earlier[-1][1]
    choice = next((o for t in reversed(asked) if (o := followup.picked_option(text, t))), None)
    reply = followup.ORDINAL_RE.sub(choice, text) if choice and choice not in text else text
    if choice:
        # The options weighed give way to the one picked (打开优酷还是爱奇艺 + 第二个 -> 打开爱奇艺).
        asked = [_with_choice(t, choice) for t in asked]
    if not choice and (value := answered_value(asked, reply, str(question["slots"].get("ambiguity") or ""))):
        return decision_first(make_contract("form_fill", value, fit("在表单中填写", "和".join(value))))  # 幺三九 …
    whole = predict(" ".join([without_doubt(t) for t in asked] + [reply]))
    ambiguity = str(question["slots"].get("ambiguity") or "")
    if whole["task_type"] == "navigate" and (scoped := _searched_on_site(asked, reply)) is not None:
        return scoped  # 就 B站 上 那个 罗翔 讲 刑法 的 after 放一下那个视频: what to find, and the site to find it on
    if whole["task_type"] != "navigate" and alone["task_type"] != "navigate" and \
            (site := site_meant(asked, reply, ambiguity)) is not None:
        return decision_first(site)  # 就是买火车票那个 after 打开那个网站: the site known by that use
    if whole["task_type"] == "clarify" and alone["task_type"] not in ("clarify", "search"):
        return alone  # the answer is a whole request of its own (帮我打开京东)
    asked_page = any(extract(t) is not None for t in asked)
    if (not choice and whole["task_type"] in ("search", "extract") and alone["task_type"] != "navigate"
            and not asked_page and followup.describes(reply)):
        # 就报名那个, 我儿子那个学校: the answer describes what was missing without naming it.
        return still_open(asked, reply, question)
    # Where the speaker had not decided (周五还是周六 我还没定), a bare day decides; elsewhere it names no object.
    doubted = any(without_doubt(t) != t for t in asked)
    if whole["task_type"] != "clarify" and not (doubted or choice) and names_no_object(_DAY_RE.sub("", reply)):
        # 就周五的, 我常用的那个: the answer names no object, so what was missing still is.
        return still_open(asked, reply, question)
    if whole["task_type"] == "search" and not choice and _trip_left_open(question, " ".join([*asked, reply])):
        return still_open(asked, reply, question)  # 去三亚的 就下周: where from is still open
    if whole["task_type"] == "clarify" or (not choice and names_only_a_kind(reply)):
        return still_open(asked, reply, question)  # or 电影 after 那个评分: which film is still open
    if not choice and whole["task_type"] in ("search", "extract") and left_open(reply, ambiguity):
        return still_open(asked, reply, question)  # 昨晚的 篮球, 就 英语 那个: narrowed, still no one thing named
    if whole["task_type"] == "extract" and alone["task_type"] == "extract" and (place := _vague_take(asked)) is not None:
        # 表格里的航班号跟起飞时间 after 把这个页面上的东西提取一下: the part named replaces the vague thing, on that page.
        target = str(alone["slots"]["target"])
        target = target if not place or place in target else clean_string(f"{place}{target}")
        return decision_first(make_contract("extract", target, fit("提取", target)))
    return with_topic(whole, asked)


# A thing to take named by nothing but a vague word (东西, 内容, 信息): the answer says what it is.
_VAGUE_THING_RE = re.compile(r"^(?:的|上的|里的|中的|那个|这个|\s)*(?:东西|内容|信息|主要内容|那个|这个)?$")
_PAGE_RE = re.compile(r"页面|网页|这页|本页|邮件|文章|通知")


def _vague_take(asked: list[str]) -> str | None:
    """The page an asked extraction named ('' if none) when what to take from it was only a vague word, else None."""
    for t in asked:
        taken = extract(t)
        target = str(taken["slots"]["target"]) if taken is not None else None
        if target is None or target == "页面主要内容":
            continue
        if _VAGUE_THING_RE.match(PLACE_RE.sub("", target)):
            page = _PAGE_RE.search(strip_fillers(t))
            return page.group(0) if page else ""
    return None


_VISIT_RE = re.compile(r"打开|开一下|进入|访问|网站|官网|首页|主页|网页|登录")
_POINTER_WORDS_RE = re.compile(r"^(?:上的|上面的?|上边的?|上)|[那这][个种条篇期首部本款位家]|的$")


def _searched_on_site(asked: list[str], reply: str) -> dict[str, Any] | None:
    """A site said as the place of what was asked for (就B站上那个罗翔讲刑法的, 知乎上讲考研的那篇), with what to find
    there: a search on that site, keeping the kind of thing the question was about (视频, 帖子), never a visit."""
    said = followup.core(reply)
    site = find_site(said)
    if site is None or _VISIT_RE.search(reply) or not re.match(r"\s*上", said[site[3]:]):
        return None
    what = "".join(_POINTER_WORDS_RE.sub("", w) for w in said[site[3]:].split())
    what = _POINTER_WORDS_RE.sub("", what)
    if len(what) < 2:
        return None
    kinds = [k for k in KINDS if any(k in t for t in asked) and k not in what]
    query = clean_string(" ".join([said[site[2]:site[3]], what, *sorted(kinds, key=len)[-1:]]))
    return decision_first(make_contract("search", query, fit("搜索", query)))


def _with_choice(text: str, choice: str) -> str:
    """The request with the span of options it weighed replaced by the one chosen."""
    weighed = followup.options(text)
    start = text.find(weighed[0]) if weighed else -1
    end = text.rfind(weighed[-1]) + len(weighed[-1]) if weighed else -1
    if start < 0 or end <= start:
        return re.sub(r"\S*(?:还是|或者|或是|要么)\S*", " ", text)
    return text[:start] + choice + text[end:]


def with_topic(whole: dict[str, Any], asked: list[str]) -> dict[str, Any]:
    """The answer's reading with the topic the question named and the answer did not say again (做法, 页面上)."""
    kind, slot = whole["task_type"], next(iter(whole["slots"].values()), None)
    if kind == "search" and isinstance(slot, str):
        missing = [w for t in asked for w in asked_attributes(t) if w not in slot]
        if missing:
            query = clean_string(" ".join([slot, *dict.fromkeys(missing)]))
            return decision_first(make_contract("search", query, fit("搜索", query)))
    if kind == "extract" and isinstance(slot, str):
        place = next((m.group(0) for t in asked if (m := PLACE_RE.search(strip_fillers(t)))), None)
        if place and not PLACE_RE.search(slot):
            target = clean_string(f"{place}的{slot}")
            return decision_first(make_contract("extract", target, fit("提取", target)))
    return whole
