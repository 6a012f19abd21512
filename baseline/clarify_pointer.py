"""A pointer to a thing never named (issue 13): 帮我看一下那个评分, 那个病怎么办, 打开那个学习的网站 ask back.

CONTRACT.md §3: a request that leaves its object open is `clarify`. The speaker points (那个, 那家, 我的那个) at what
they have in mind, and what follows the pointer is only the KIND of thing (病, 工作, 银行, 评分) or a site described
by what it is for (看电影买票的网站) that no site table resolves. A one-turn reading that searched the bare kind
would leave a follow-up nothing to complete; asked back, the answer (哪吒之魔童闹海, 猫眼) completes the request.

A kind is told from a name by its length once the request's own words are gone: one or two characters (三体 is a
name the speaker would not point at with 那个 and then stop; 新加坡签证, 降噪耳机 两千以内 are specific enough to search).
"""

from __future__ import annotations

import re

from baseline.sites import find_site, spelled_domain
from v2t.self_correction import CITIES
from v2t.spoken import spoken_digits, strip_fillers

# The pointer as said (strip_fillers drops 那个 as a filler, so it is looked for in the words as said).
_POINTER_RE = re.compile(r"那(?:个|家|款|部|种|位|本|只|所|条|边|儿|里)|我的那个|说的那个")
# The request's own words: who asks, what act, which question; none of them names the object.
_ASK_WORDS_RE = re.compile(
    r"帮我|给我|帮忙|麻烦|你|我的|我|他们|他|她|说的|说过的|提过的|推荐的|那个|这个|那家|那款|那部|那种|那位|那本|那只|那所|那条|就是|就"
    r"|搜索|搜一下|搜下|搜搜|搜|查一下|查下|查查|查|找一下|找下|找|看一下|看下|看看|瞅瞅|看|打开|开一下|点开|进一下|进入|上一下"
    r"|那边|那儿|那里|去|开门|营业|怎么办|怎么走|怎么样|怎么弄|怎么|几点|什么时候|啥时候|有没有|有哪些|是多少|多少钱|多少|在哪儿?|在哪里|哪里|吗|呢|吧|啊|呀|嘛|了|的|一下")
# A site said only by what it is for: 看电影买票的网站, 那个学习的网站, 那个APP的网页版.
_SITE_NOUN_RE = re.compile(r"网站|网页版|网页|官网|平台|app|App|APP")
_OPEN_RE = re.compile(r"打开|开一下|(?<!几)点开|进一下|上一下|访问")
_CITY_RE = re.compile("|".join(CITIES))


def pointed_unnamed(text: str) -> tuple[str, str] | None:
    """(ambiguity, command) when `text` points at a thing it names only by kind, else None."""
    if find_site(text) is not None or spelled_domain(spoken_digits(text)) is not None:
        return None
    said = re.sub(r"[\s，,。？?！!]+", " ", text)
    if _POINTER_RE.search(said) is None:
        return None
    left = _ASK_WORDS_RE.sub("", re.sub(r"\s+", "", strip_fillers(said)))
    if _OPEN_RE.search(said) and _SITE_NOUN_RE.search(said):
        # What the site is for, in a few words (看电影买票的, 学习的); a name said (stack overflow, 三六零 安全卫士,
        # 违法和不良信息举报中心) is more than that, and a site table that lacks it is no reason to ask.
        described = _SITE_NOUN_RE.sub("", spoken_digits(left))
        if len(described) > 5 or re.search(r"[A-Za-z0-9]", described):
            return None
        return "未说明要打开哪个网站", "请说明要打开的网站"
    if not left:  # 那个 几点开门, 去那边怎么走: the question is all there is
        return "未说明要查询的具体对象", "请说明要查询的对象"
    # 那个电视剧, 那个演唱会: a longer kind word (KINDS below) is asked about too.
    if not (re.fullmatch(r"[\u4e00-\u9fff]{1,2}", left) or left in KINDS) or _CITY_RE.search(left):
        return None
    if _OPEN_RE.search(said):
        return f"未说明要打开哪个{left}的网站", "请说明要打开的网站"
    return f"未说明具体是哪个{left}", f"请说明具体是哪个{left}"


# Heads that name a kind of thing, never one thing: an answer made of one of them (电影, 就去机场, 填我的信息) still
# leaves the question's object open. Chinese category nouns, not words of any data file.
KINDS = ("电影", "电视剧", "剧", "节目", "视频", "歌", "书", "游戏", "软件", "应用", "网站", "平台", "机场", "车站", "火车站",
          "医院", "学校", "大学", "银行", "餐厅", "饭店", "酒店", "商场", "超市", "公司", "景点", "博物馆", "公园", "城市", "演唱会", "比赛", "展览",
          "地方", "东西", "信息", "资料", "证", "证件", "票", "表", "手机", "车", "药", "病", "工作", "考试", "课")
_KIND_LEAD_RE = re.compile(r"^(?:就是|就|是|那个|那|嗯|呃|去|到|填|写|要|看|查|搜|我的|我)+")


def is_kind_word(word: str) -> bool:
    """Whether `word` is a kind of thing (电影, 火车票, 机票: a kind, or a short word ending in one)."""
    return word in KINDS or len(word) <= 3 and any(word.endswith(k) for k in KINDS)


def names_only_a_kind(answer: str) -> bool:
    """Whether a clarify's answer names only a kind of thing (电影, 就去机场, 就填我的信息啊): still open."""
    words = re.sub(r"[\s，,。？?！!]+", "", strip_fillers(answer))
    words = re.sub(r"(?:的|啊|呀|吧|嘛|呢)+$", "", _KIND_LEAD_RE.sub("", words))
    return words in KINDS
