"""An earlier search query changed by a follow-up piece (issue 13): each piece replaces its like, else narrows.

A 呢-change or a bare fragment after a search says only what differs: a city for a city (杭州的呢 after 北京 前端 工资),
a day for a day, a word for the word that shares its head (后端 for 前端, 测试开发 for Java开发), an entity for the
query's head (五粮液呢 after 茅台 今日股价); anything else narrows the query (要防水的 三百以内, 只要国产的). The
earlier query is read from the earlier contract, so words the speaker never said again (今日股价, 平均工资) stay.
"""

from __future__ import annotations

import re

from baseline.query_aspects import no_new_subject
from v2t.self_correction import _DAY_RE, CITIES

_CITY_RE = re.compile("|".join(sorted(CITIES, key=len, reverse=True)))
_DAYS_RE = re.compile(_DAY_RE.pattern + r"|今日|明日|昨日")
_PIECE_LEAD_RE = re.compile(r"^(?:那么|那就|那|还有|只要|就要|我要|要|只看|只)+")
_PIECE_TAIL_RE = re.compile(r"(?:的那种|那种|那一?(?:项|类|部分|条|款)|的呢|呢|的吧|吧|的|啊|呀)+$")
# A fragment that narrows a search: it starts by wanting or ends as a description, and asks nothing of its own.
_NARROWS_RE = re.compile(r"^(?:只要|就要|我要|要|不要|便宜|贵|最)|(?:的|的那种|那种|那一?(?:项|类|部分|条|款)|以内|以上|以下|左右)$"
                         # 男款 四十二码, 黑色 大码: a sex, a size or a colour said bare is a value that narrows.
                         r"|^[男女](?:款|士|式|生)?$|^(?:童|儿童)款?$|^(?:\S{1,3})?码$|^[黑白红蓝灰粉绿紫金银黄]色$")
_OWN_ACT_RE = re.compile(r"搜|查|找|打开|帮我|给我|提|填|订|买|怎么|什么|哪|吗|谁|几|多少|多久|网站|官网")


# 不要火锅了 换成烤肉, 不要电话了 要邮箱, 不是招行 我是说浦发: the word dropped, then the word that takes its place;
# 要关键词 不要摘要: the word wanted, then the one dropped.
_INSTEAD_RES = (
    re.compile(r"不要\s*(?P<old>[^\s了]{1,8})了?\s*(?:换成|改成|要|换|改)\s*(?P<new>[^\s的]{1,8})"),
    re.compile(r"不是\s*(?P<old>[^\s了是]{1,8})[\s，,]*(?:我是说|我说的是|我的意思是|而是|应该是|是|要)\s*(?P<new>[^\s的]{1,8})"),
    re.compile(r"(?:^|\s)(?:要|换成|改成)\s*(?P<new>[^\s的]{1,8})[\s，,]*(?:不要|不是)\s*(?P<old>[^\s了]{1,8})"),
    # 换成串串吧 不吃火锅了, 改成地铁 不坐出租了: the new word, then what the speaker no longer wants done with the old.
    re.compile(r"(?:换成|改成)\s*(?P<new>[^\s的吧]{1,8})\s*吧?[\s，,]*不(?:吃|喝|看|用|买|去|坐|住|玩|听)\s*(?P<old>[^\s了]{1,8})"),
)
_NUMERALS = {ch: i for i, ch in enumerate("零一二三四五六七八九十")} | {"两": 2}
_SPOKEN_DATE_RE = re.compile(r"(?P<n>[一二两三四五六七八九十]{1,3})(?=月|号|日)")


def _digits(word: str) -> str:
    """五月 -> 5月, 十二号 -> 12号: a month or day said in Chinese numerals, written as a query writes it."""
    def value(m: re.Match[str]) -> str:
        n = m["n"]
        if "十" not in n:
            return "".join(str(_NUMERALS[ch]) for ch in n)
        tens, _, ones = n.partition("十")
        return str((_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0))
    return _SPOKEN_DATE_RE.sub(value, word)


def _said_as(slot: str, word: str) -> str | None:
    """How `slot` writes the word the speaker said: itself, or its full form (招行 -> 招商银行: first and last
    characters kept, the others in order in between)."""
    if word in slot:
        return word
    if len(word) < 2:
        return None
    inner = "".join(f"[^\\s]{{0,2}}{re.escape(ch)}" for ch in word[1:-1])
    m = re.search(f"{re.escape(word[0])}{inner}[^\\s]{{0,2}}{re.escape(word[-1])}", slot)
    return m.group(0) if m is not None and len(m.group(0)) <= 2 * len(word) else None


def instead(slot: str, text: str) -> str | None:
    """`slot` with the word the speaker dropped replaced by the one they asked for, or None when it lacks it."""
    for pattern in _INSTEAD_RES:
        m = pattern.search(text)
        if m is None or m["old"] == m["new"]:
            continue
        if (old := _said_as(slot, m["old"])) is not None:
            return slot.replace(old, m["new"], 1)
        if (old := _said_as(slot, _digits(m["old"]))) is not None:
            return slot.replace(old, _digits(m["new"]), 1)  # 不是五月 是六月 after a query of 5月
    return None


def narrows(core: str) -> bool:
    """Whether `core` (fillers gone) is a bare fragment narrowing the search before it (要防水的 三百以内)."""
    words = core.replace(" ", "")
    return 0 < len(words) <= 12 and _OWN_ACT_RE.search(words) is None and any(
        _NARROWS_RE.search(w) for w in core.split())


# A bare answer naming where or when (就北京吧, 从南京 下周三, 下周三 从西安走): the missing place or day of a search.
_ANSWER_LEAD_RE = re.compile(r"^(?:就是|就|是|那就|那)+")
_WHERE_WHEN_RE = re.compile(rf"{_CITY_RE.pattern}|{_DAYS_RE.pattern}|(?:从|由|到|去|飞)(?![那这哪])[\u4e00-\u9fff]{{2}}")


def where_or_when(core: str) -> str | None:
    """The place or day a bare answer gives (`core`: fillers gone), or None when it says more than that."""
    words = _ANSWER_LEAD_RE.sub("", core).removesuffix("吧").strip()
    bare = words.replace(" ", "")
    if not 0 < len(bare) <= 12 or _OWN_ACT_RE.search(bare) or not _WHERE_WHEN_RE.search(bare):
        return None
    return words


def _pieces(change: str) -> list[str]:
    out: list[str] = []
    # A connector the recogniser spaced off its place (改成 到 成都) stays with it: 到成都 swaps the place it leads.
    for word in re.sub(r"(?:^|(?<=\s))([到去从飞往])\s+(?=[\u4e00-\u9fff])", r"\1", change).split():
        word = _PIECE_TAIL_RE.sub("", _PIECE_LEAD_RE.sub("", word))
        if word and out and _LATIN_RE.fullmatch(word) and _LATIN_RE.fullmatch(out[-1]):
            out[-1] = f"{out[-1]} {word}"  # Pro Max: Latin words said in a row are one name
        elif word:
            out.append(word)
    return out


_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9+#.]*(?: [A-Za-z][A-Za-z0-9+#.]*)*")
# A model said with its number (iPhone 15, Mate 60, 小米14): a variant word (Pro Max, Ultra) goes after it.
_MODEL_RE = re.compile(r"[A-Za-z\u4e00-\u9fff]+\s?\d+")
_VARIANT_RE = re.compile(r"(?:Pro|Max|Plus|Ultra|Mini|SE|Air|Lite|Turbo|Note|Neo)(?: (?:Pro|Max|Plus|Ultra|Mini|SE|Air|Lite))*",
                         re.I)


def _variant_added(query: str, piece: str) -> str | None:
    """Pro Max into iPhone 15 价格 -> iPhone 15 Pro Max 价格: a model's variant said after it, the rest kept."""
    model = _MODEL_RE.search(query)
    if not _VARIANT_RE.fullmatch(piece) or model is None:
        return None
    return f"{query[:model.end()]} {piece}{query[model.end():]}"


# Heads of a kind of ticket, card, fee or room: 学生票 for 门票, 月卡 for 年卡 (one character, but a head of its own).
_KIND_HEADS = "票卡费房险套餐课班"


def _like_swap(query: str, piece: str) -> str | None:
    """后端 into 北京前端工程师 -> 北京后端工程师: the piece's head found in the query, the word before it replaced."""
    for n in range(len(piece) - 1, 0, -1):
        if n == 1 and len(piece) > 2 and piece[-1] in _KIND_HEADS and len(piece) <= 4:
            at = query.find(piece[-1])
            if at >= 1 and re.fullmatch(r"[\u4e00-\u9fff]", query[at - 1]):
                return query[:at - 1] + piece + query[at + 1:]  # 儿童票 into 上海迪士尼 门票价格
            continue
        if n == 1 and len(piece) > 2 or len(piece) - n > 2:
            continue  # one shared character is a head only between two-character words (前端, 后端)
        head, lead = piece[-n:], piece[:-n]
        at = query.find(head)
        if at <= 0 or head in ("的", "子", "儿"):
            continue
        before = query[:at]
        latin = re.search(r"[A-Za-z0-9]+$", before)
        start = latin.start() if latin else max(0, at - len(lead))
        if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", query[start:at]) or _CITY_RE.search(query[start:at]):
            continue
        return query[:start] + lead + query[at:]
    return None


_ROUTE_RE = re.compile(r"^\S+?(?:到|去|至)\S+")


def _place_kept(query: str, piece: str) -> str | None:
    """空气质量 into 北京天气 -> 北京 空气质量; 打车去 into 虹桥机场到外滩 地铁怎么坐 -> 虹桥机场到外滩 打车去: a query
    about a place or a route (its head) asked again for another attribute keeps the place, its day, and drops the
    attribute asked before. A piece that names a place of its own is a city swap, not this."""
    if _CITY_RE.search(piece) or _DAYS_RE.match(piece):
        return None
    route = _ROUTE_RE.match(query)
    if route is not None and " " in query[route.end():route.end() + 1]:
        return f"{route.group(0)} {piece}"
    city = _CITY_RE.match(query)
    if city is None:
        return None
    head = query.split()[0]
    if len(head) - city.end() > 2 and not _DAYS_RE.match(query[city.end():]):
        return f"{head} {piece}"  # 成都大熊猫基地 门票: the city begins a name, and the name is the place kept
    day = _DAYS_RE.match(query[city.end():].lstrip())
    keep = query[:city.end()] + (" " + day.group(0) if day and query[city.end():city.end() + 1] == " " else
                                 day.group(0) if day else "")
    return None if keep == query else f"{keep} {piece}"


def _head_swap(query: str, piece: str) -> str | None:
    """五粮液 into 茅台 今日股价 -> 五粮液 今日股价: an entity replaces the query's head (its first chunk, or what
    comes before the day in a query said as one chunk)."""
    chunks = query.split()
    if len(chunks) >= 2 and not _CITY_RE.fullmatch(chunks[0]) and not _DAYS_RE.fullmatch(chunks[0]):
        return " ".join([piece] + chunks[1:])
    day = _DAYS_RE.search(query)
    if day is not None and day.start() > 0:
        return piece + " " + query[day.start():]
    return None


def _city_swap(query: str, piece: str) -> str | None:
    """上海 or 到广州 into 北京到上海 高铁: a city said alone or after its connector replaces the city in that place."""
    city = _CITY_RE.search(piece)
    if city is None or piece[:city.start()] not in ("", "到", "去", "飞", "从") or piece[city.end():]:
        return None
    lead = piece[:city.start()]
    for m in _CITY_RE.finditer(query):
        if not lead or query[:m.start()].endswith(lead):
            # The city said twice in the query (北京 北京这周末的天气) is one place: each time it is said, replaced.
            rest = query[m.end():].replace(m.group(0), city.group(0)) if not lead else query[m.end():]
            return query[:m.start()] + city.group(0) + rest
    return None


def _day_swap(query: str, piece: str) -> str | None:
    """后天早上 into 明天 广州到长沙 高铁: a piece that starts with a day replaces the query's day."""
    day, old = _DAYS_RE.match(piece), _DAYS_RE.search(query)
    if day is None or old is None:
        return None
    return query[:old.start()] + piece + query[old.end():]


def _latin_swap(query: str, piece: str) -> str | None:
    """java into python 入门教程: a Latin word replaces the query's Latin word whole."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+#.]*", piece):
        return None
    old = re.search(r"[A-Za-z][A-Za-z0-9+#.]*", query)
    return None if old is None else query[:old.start()] + piece + query[old.end():]


def refine_query(query: str, change: str, entity: bool) -> str:
    """`query` with `change` put in; `entity`: the change is one bare name said with 呢 (五粮液呢)."""
    pieces = _pieces(change)
    for piece in pieces:
        if piece in query:
            continue
        swapped = _variant_added(query, piece) or _city_swap(query, piece) or _day_swap(query, piece) \
            or _latin_swap(query, piece) or _like_swap(query, piece)
        if swapped is None and len(pieces) == 1 and re.fullmatch(r"[A-Za-z][A-Za-z0-9+#.]*", piece):
            swapped = _head_swap(query, piece)  # vivo 的呢 after 小米14 价格: a brand for the query's head
        if swapped is None and entity and len(pieces) == 1 and not no_new_subject(piece):
            swapped = _place_kept(query, piece) or _head_swap(query, piece)
        query = swapped if swapped is not None else f"{query} {piece}"
    # 宁波下周一的天气 -> 宁波下周一天气: a query written compactly, as the earlier one was when it came from gold.
    return _AFTER_PLACE_OR_DAY_RE.sub(r"\1", query.strip())


_AFTER_PLACE_OR_DAY_RE = re.compile(rf"({_CITY_RE.pattern}|{_DAYS_RE.pattern})的(?=[\u4e00-\u9fff])")
