"""An item picked by its place among those an earlier request named side by side (issue 13): 第二个牌子的价格.

A request that weighs or lists things (戴森吹风机和松下吹风机哪个好, 三只松鼠和良品铺子的坚果礼盒, 杭州跟苏州周末去哪)
names its items around one joining word; a later 第N个 (牌子, 城市, 的) points at one of them. The item keeps the
head the request gave all of them (的坚果礼盒), and the pointer is replaced by it before the turn is read again.
The items are read from the speaker's words, so both history modes find the same ones.
"""

from __future__ import annotations

import re
from typing import Any

from baseline.followup import ORDINAL_RE
from v2t.spoken import strip_fillers

_JOIN_RE = re.compile(r"和|跟|与|还是|或者|以及|(?<![A-Za-z])(?:vs|VS|Vs)(?![A-Za-z])")
# The request's own words before its first item (搜一下, 帮我查查, 在京东上看看).
_LEAD_RE = re.compile(r"^.*?(?:搜索|搜搜|搜|查询|查查|查|找找|找|看看|看|比较|对比|比一比|比一下)(?:一下|一查|下)?")
# Where the second item ends: its head's 的, or the question asked of the items.
_STOP_RE = re.compile(r"的|哪|谁|怎么|什么|啥|对比|比较|区别|一样|更|好不好|推荐|这(?:个|周)|下(?:个|周)|周末|今天|明天")
_QUESTION_RE = re.compile(r"哪|谁|怎么|什么|啥|吗|呢|对比|比较|区别|一样|更|好不好|推荐|适合|值得")
# The pointer and what it says of the item: 第二个牌子的那个, 第一个的, 第 二 个 城市 的.
_POINTER_RE = re.compile(r"第\s*[一二两三四五1-5]\s*个\s*(?:[\u4e00-\u9fff]{1,2}?\s*(?=的))?\s*的?\s*(?:那个)?")
_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}


def named_items(text: str) -> tuple[list[str], str]:
    """(the items `text` names side by side, the head they share), or ([], "") when it names no two."""
    words = strip_fillers(text).split()
    at = next((i for i, w in enumerate(words) if _JOIN_RE.search(w)), None)
    if at is None:
        return [], ""
    joined = _JOIN_RE.search(words[at])
    before, after = words[at][:joined.start()], words[at][joined.end():]
    left = _LEAD_RE.sub("", "".join(words[:at]) + before)
    right_words = ([after] if after else []) + words[at + 1:]
    if not left or not right_words:
        return [], ""
    right = ""
    for i, word in enumerate(right_words):
        stop = _STOP_RE.search(word)
        piece = word[:stop.start()] if stop else word
        if len(right_words) == 1 or i == 0 and len(piece) > len(left) + 1:
            piece = piece[:len(left)]  # said without pauses: the second item as long as the first
        right += piece
        if stop or len(right) >= len(left) - 1:
            break
    rest = "".join(right_words)[len(right):]
    head = ""
    if rest.startswith("的"):
        head = re.split(_QUESTION_RE, rest[1:])[0].removesuffix("好")
    return ([left, right] if right and right != left else []), head


# A pointer by place among the items, however spaced: 前一个 / 前面那个 (the first), 最后那个 / 后面那个 / 后一个 (the last).
_PLACE_RE = re.compile(r"(?:(?P<first>前\s*(?:面\s*(?:那|一)|一))|(?P<last>最\s*后\s*(?:那|一)?|后\s*(?:面\s*(?:那|一)|一)))"
                       r"\s*(?:个|款|家|种|部|本)\s*(?:的(?=\s*[\u4e00-\u9fff]))?")


def picked_item(text: str, earlier: list[tuple[str, Any]], by_place: bool = False) -> str | None:
    """`text` with its 第N个 (or 前一个, 最后那个) replaced by the item it picks among those the latest weighing request
    named, or None; `by_place`: only a pointer by place (前一个, 最后那个), never a count."""
    m = None if by_place else _POINTER_RE.search(text)
    ordinal = None if by_place else ORDINAL_RE.search(text)
    place = _PLACE_RE.search(text) if m is None or ordinal is None or not ordinal["n"] else None
    if place is None and (m is None or ordinal is None or not ordinal["n"]):
        return None
    for said, contract in reversed(earlier):
        if contract["task_type"] not in ("search", "extract", "clarify"):
            continue
        items, head = spoken_items(said) if re.search(r"[\u4e00-\u9fff]\s[\u4e00-\u9fff]", said) else ([], "")
        if len(items) < 2:
            items, head = named_items(said)
        if len(items) >= 2 and place is not None:
            item = items[0] if place["first"] else items[-1]
            rest = text[place.end():]  # 前一个的最新款 names its own part; 最后那个呢 takes the items' head
            head = "的" + head if head and not re.search(r"[\u4e00-\u9fff]{2}", rest.replace("呢", "").replace("吧", "")) else ""
            return f"{text[:place.start()]} {item}{head} {rest}".strip()
        if len(items) >= 2 and ordinal is not None:
            n = _NUMBERS.get(ordinal["n"], int(ordinal["n"]) if ordinal["n"].isdigit() else 1)
            if n > len(items):
                return None
            return f"{text[:m.start()]} {items[n - 1]}{head} {text[m.end():]}".strip()
        if len(items) >= 2:
            return None
    return None


# In words as the recogniser spaced them, a join word stands alone (格力 和 美的 空调), and so does the 的 before the
# head all the items share (上海 迪士尼 和 海昌 海洋 公园 的 门票); the items end where the question starts.
_SPACED_JOIN_RE = re.compile(r"\s(?:和|跟|与|还有|以及|或者|还是|或|vs|VS)\s|、")
_SPACED_LEAD_RE = re.compile(r"^.*?(?:搜索|搜|查询|查|找|看看|看|比较|对比|比)\s*(?:一\s*下|一\s*查|下)?\s+")
_SPACED_END_RE = re.compile(r"\s(?:的|有)?\s*(?:哪|谁|怎么|什么|啥|区别|对比|比较|一样|更|好不好|推荐|适合|值得)")


def spoken_items(text: str) -> tuple[list[str], str]:
    """(the items a spaced request weighs or lists, the head after their shared 的), or ([], "")."""
    said = _SPACED_LEAD_RE.sub("", strip_fillers(text).strip(), count=1)
    said = said[:end.start()] if (end := _SPACED_END_RE.search(said)) else said
    said, _, head = said.partition(" 的 ")
    parts = [p.split() for p in _SPACED_JOIN_RE.split(said)]
    if len(parts) < 2 or not all(0 < len("".join(p)) <= 10 for p in parts):
        return [], ""
    first = parts[0]
    # 考研 英语 一 和 英语 二: a later item said without the qualifier the first one had, which it shares.
    parts = [first] + [first[:first.index(p[0])] + p if p[0] in first[1:] else p for p in parts[1:]]
    return ["".join(p) for p in parts], "".join(head.split())


# 同样的岗位 换成株洲看看, 一样的内容 换成中国银行的 搜一下: what is kept named first, then only the change.
_SAME_BUT_RE = re.compile(r"^(?:那|那就|就)?(?:同样|一样|同一个|相同)的?(?P<kept>[\u4e00-\u9fff]{0,4}?)(?:换成|改成|换到|改到|换)"
                          r"(?P<piece>[\u4e00-\u9fffA-Za-z0-9]{1,10}?)(?:的)?(?:看看|看一下|搜一下|搜搜|搜下|查一下|查查|查下|找找|呢|吧)*$")


def same_but(text: str) -> tuple[str, bool] | None:
    """(the change, whether the turn asks to search) for a turn that keeps the earlier task but for one part."""
    said = re.sub(r"\s+", "", strip_fillers(text))
    m = _SAME_BUT_RE.match(said)
    if m is None:
        return None
    return m["piece"], re.search(r"搜|查|找", said[m.start("piece"):]) is not None
