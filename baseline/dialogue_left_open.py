"""A search or extraction that pointed at a thing it never named, then answered as a question back would be (issue 13).

帮我 看下 那只 股票 今天 涨了没, 把 那个 价格 给我 提 出来, 帮我 看看 他们家 营业 到 几点: the speaker points (那只,
那个, 他们家) at what they have in mind and names only its kind (股票, 价格) or nothing. Gold asks back; the one-turn
baseline may have searched (or taken) the words as said. When the next turn then only names or describes the thing
(宁德 时代 那只, 就 页面上 那台 戴森 吹风机的, 就 英语 那个), the speaker is answering the question that should have been
asked: the two turns are read as the answer to that clarify (baseline.dialogue_answer), so the answer completes the
request, or, still describing, asks again. A next turn that asks or does something of its own is not an answer.
"""

from __future__ import annotations

import re
from typing import Any

from baseline import followup
from baseline.clarify_pointer import _ASK_WORDS_RE, is_kind_word
from baseline.form_answer import answered_value
from v2t.contract import decision_first, make_contract
from v2t.self_correction import _DAY_RE, CITIES
from v2t.spoken import fit, spoken_digits, strip_fillers

# A pointer as said (ASR spaces allowed after it) and the word it points with: 那只 股票, 那个 药, 他们家, 这个 词.
_POINTER_RE = re.compile(r"(?:那|这)(?:个|只|家|款|部|位|本|种|条|趟|所|篇|张|台|首|班)\s*(?P<kind>[\u4e00-\u9fff]{1,4})?"
                         r"|(?:他们|她们|他|她)家(?P<own>)")
# What follows a filler 那个 rather than a pointed thing: the request's own words, a day, another pointer.
_NOT_A_KIND_RE = re.compile(r"^(?:帮|给|你|我|就|是|呃|嗯|啊|那|这|什么|啥|怎么|哪|多少|几|有没有|要|想|去|在|查|搜|找|看|提|打开"
                            r"|[零〇一二两三四五六七八九十百千万幺])")
_CITY_RE = re.compile("|".join(CITIES))
# What is in front of the speaker (这个页面, 这个网页, 这个界面): pointed at with 这, it is the place taken from, named
# enough (那个页面 may be one not yet named).
_IN_VIEW_RE = re.compile(r"页面|网页|界面|屏幕|窗口")
# An answer asks or does nothing of its own: no task verb, no question, no change (换, 不是, 再, 那上海呢), no pointer back.
_OWN_ACT_RE = re.compile(r"搜|查|找|打开|网站|官网|提取|怎么|什么|哪|吗|谁|几|多少|帮我|给我|不是|换|改|再|呢$")
_QUESTION_BACK = make_contract("clarify", "未说明具体是哪一个", "请说明具体是哪一个")


def points_unnamed(text: str) -> bool:
    """Whether `text` points at a thing it names only by its kind (那只 股票, 那个 药) or not at all (他们家), and says
    little else: a request that goes on to name its object (那个 个税 专项附加扣除 怎么填) has one."""
    left = _ASK_WORDS_RE.sub("", re.sub(r"[\s，,。？?！!]+", "", strip_fillers(text)))
    if len(left) > 8 or re.search(r"[A-Za-z0-9]", spoken_digits(left)):
        return False
    for m in _POINTER_RE.finditer(text):
        if m["own"] is not None:
            return True
        kind = m["kind"] or ""
        if not kind or _NOT_A_KIND_RE.match(kind) or _DAY_RE.match(kind) or _CITY_RE.search(kind) or \
                (m.group(0).startswith("这") and _IN_VIEW_RE.match(kind)):
            continue
        # The pointed word ends at the next space: 那只 股票 今天 -> 股票; a longer word than a kind is a name.
        word = re.split(r"\s", text[m.start("kind"):].strip(), maxsplit=1)[0]
        word = re.sub(r"(?:里|上|中|的)$", "", word)
        if len(word) <= 3 or is_kind_word(word):
            return True
    return False


def is_answer(text: str) -> bool:
    """Whether `text` only names or describes a thing (宁德 时代 那只, 就 英语 那个): what a question back would get."""
    core = followup.core(text)
    if not core or len(core.replace(" ", "")) > 16 or _OWN_ACT_RE.search(core):
        return False
    return followup.reference(text) is None


def as_question_back(text: str, prev_text: str, prev: dict[str, Any]) -> list[tuple[str, Any]] | None:
    """The history to read `text` against: the earlier turn as the question back it should have been, or None."""
    if prev["task_type"] not in ("search", "extract") or not points_unnamed(prev_text) or not is_answer(text):
        return None
    return [(prev_text, _QUESTION_BACK)]


def value_for(text: str, prev_text: str, prev: dict[str, Any]) -> dict[str, Any] | None:
    """A field asked to be filled with no value said (在 报名表里 填一下 手机号), read as something else, then only the
    value (幺三九 零零幺二 八八七六): that field filled with it."""
    if prev["task_type"] not in ("search", "extract") or (value := answered_value([prev_text], text, "")) is None:
        return None
    return decision_first(make_contract("form_fill", value, fit("在表单中填写", "和".join(value))))
