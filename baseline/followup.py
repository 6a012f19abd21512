"""How a turn leans on the turns before it, read from the shape of the speech alone (rule baseline).

A follow-up says a change without its task (再搜一下上海的, 换成京东, 那明天的呢, 不是这个 我要华为的), points back
(刚才那个, 上一个, 还是那个网站, 第二个), or rephrases a refused request (换个办法, 那你帮我…). No word list of any
data file is read: these are the cues of Chinese conversation, and what they carry is found in the history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from baseline.clarify_pointer import is_kind_word
from v2t.self_correction import _DAY_RE, CITIES
from v2t.spoken import spoken_digits, strip_fillers

# A change said without its task: the cue, then the new piece (the X of 换成X).
_CHANGE_LEAD_RE = re.compile(
    r"^(?:那|那就|那你|那么|好|行|嗯|呃|哦)?\s*(?:帮我|给我|你)?\s*"
    r"(?:(?:再|也|重新)\s*(?:帮我|给我)?\s*(?:搜|查|找|看|打开|开|提取|提|填)(?:一下|下|搜|查|找|看|一遍)?"
    r"|(?:那就|就)?(?:换成|改成|换到|改为|切成|换个|换一个|换|改)"
    r"|(?:不是这个|不是那个|不是这|不对|不要这个|不要那个)[，,\s]*(?:我要的是|我要|要的是|我是说|我的意思是|应该是|要|是|换成|改成)?"
    r"|(?:我是说|我的意思是)"
    r"|(?:上一句|刚才|我)?说错了[，,\s]*(?:应该是|我是说|是)?)"
    r"\s*(?P<x>.+)$")
# A bare piece that asks the same again (那上海呢, 明天的呢, 要便宜点的, 蓝色的吧): its own task is the earlier one.
_BARE_RE = re.compile(r"^(?:那|那么|那就|那要|要|我要|就要|还有)?\s*(?P<x>[^\s，,。]{1,12}?)\s*(?:的呢|呢|的吧|的)\s*$")
_TAIL_RE = re.compile(r"(?:的吧|的呢|吧|呢|啊|呀|嘛|了|一下)+$")
# Words that only ask to do it again: nothing changes (再来一次, 再搜一遍, 重新打开一下).
_AGAIN_RE = re.compile(r"再来一次|再来一遍|再.{0,3}一遍|再.{0,3}一次|重新.{0,4}|再试试|重来")

# A pointer to something said before; the group names what kind of thing when it does (网站, 页面).
REFERENCE_RE = re.compile(
    r"(?:还是|就)?(?:刚才|刚刚|之前|上次|前面|上一个|上个|那个|同一个|原来)(?:那个|这个|的|搜的|打开的|查的|说的|提的)?"
    r"(?P<noun>网站|网页|页面|网址|官网|链接|平台|地方|东西)?")
_SITE_NOUNS = {"网站", "网页", "页面", "网址", "官网", "链接", "平台"}
_STRONG_REF_RE = re.compile(r"刚才|刚刚|之前|上次|前面|上一个|上个|同一个|原来|还是那个|那个(?:网站|网页|页面|网址|官网|链接)")
ORDINAL_RE = re.compile(r"第\s*(?P<n>[一二两三四五1-5])\s*个|(?P<last>最后一个|后一个|后面那个|前一个|前面那个)")
_ORDINALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
# Options the speaker weighed (淘宝还是京东, 周五或者周六): a later 第二个 picks one.
_OPTION_SPLIT_RE = re.compile(r"还是|或者|或是|要么")
_REQUEST_LEAD_RE = re.compile(r"帮我|给我|打开|去|上|搜|查|找|订|买|选|用|要|是|在|填")

# A refused request said again another way, or pushed (那你换个办法, 那就帮我…吧, 还是帮我…, 求你了).
REPHRASE_RE = re.compile(r"换个办法|换种办法|换个方式|换种方式|换个法子|别的办法|其他办法|其它办法|想想办法|想个办法|有没有办法|变通"
                         r"|^(?:那|那就|那你|那么|还是|就|你就)|还是帮我|就帮我|你就|帮帮我|求你|拜托|通融|偷偷|悄悄|私下|别让.{0,4}知道"
                         r"|不会有人知道|没人知道|就这一次|就一次|没关系的?|又不是")
# What a rephrase says about how, not what: no object of its own.
_HOW_WORDS_RE = re.compile(r"差不多|一样|类似|同样|照样|这样|那样|一个|换个办法|换种办法|换个方式|换种方式|换个法子|别的办法|其他办法|其它办法|想想办法|想个办法|有没有办法|变通"
                           r"|办法|方法|方式|法子|怎么|如何|步骤|教教?我|告诉我|说说|帮帮我|帮我|给我|帮忙|求你了?|拜托了?|通融|偷偷|悄悄|私下"
                           r"|别让.{0,4}知道|不会有人知道|没人知道|就这一次|就一次|没关系的?|又不是|还是|那就|那你|那么|你就|就|那|你|我"
                           r"|弄|搞|做|办|处理|操作|一下|一次|吧|呢|啊|嘛|了|的|这个|那个|这|它|他|她|吗")


# The pause a recogniser writes between two Chinese words (还是 那个 网站): no boundary a cue of this module knows.
_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def unspaced(text: str) -> str:
    """`text` with the spaces between Chinese characters closed (还是 那个 网站 -> 还是那个网站); Latin words keep theirs."""
    return _CJK_GAP_RE.sub("", text)


def core(text: str) -> str:
    """The words of a piece, without fillers, pauses and the particles that close it."""
    return _TAIL_RE.sub("", re.sub(r"\s+", " ", strip_fillers(text)).strip(" ，,。")).strip()


@dataclass(frozen=True)
class Change:
    piece: str              # the new piece (京东, 上海的, 后天的)
    verb: str | None        # the task said with it (再搜一下上海的: 搜), None for 换成 / 不是这个 / a bare piece


_VERB_TASK = (("搜查找看", "search"), ("打开开", "navigate"), ("提", "extract"), ("填", "form_fill"))


def change_of(text: str) -> Change | None:
    """The change said without its task (换成京东 -> 京东, 那上海呢 -> 上海), or None."""
    spoken = strip_fillers(text).strip(" ，,。？?")
    m = _CHANGE_LEAD_RE.match(spoken)
    if m is not None:
        piece = m["x"]
        verb = re.search(r"(?:再|也|重新)\s*(?:帮我|给我)?\s*(搜|查|找|看|打开|开|提取|提|填)", m.group(0))
    else:
        # strip_fillers drops the 呢 that makes 那上海呢 a question: the bare piece is read as said.
        said = _asked_chunk(re.sub(r"^[嗯呃啊哦额噢\s，,]+", "", text.strip(" ，,。？?")))
        m = _BARE_RE.match(said)
        if m is None:
            return None
        piece, verb = m["x"] + ("的" if said.rstrip("吧呢 ").endswith("的") else ""), None
    piece = core(piece) if not piece.endswith("的") else core(piece[:-1]) + "的"
    if len(piece.replace(" ", "").removesuffix("的")) < 1:
        return None
    return Change(piece, verb and next(task for chars, task in _VERB_TASK if verb.group(1)[0] in chars))


# A 呢-question said first, then asked again in full (学生票呢 学生票多少钱, 打车呢 要多久): the first chunk is the change.
_ASKED_FIRST_RE = re.compile(r"^(?P<x>[^\s，,。]{1,8}呢)[\s，,]+(?P<rest>\S{1,10})$")


def _asked_chunk(said: str) -> str:
    m = _ASKED_FIRST_RE.match(said)
    if m is None or re.search(r"搜|查|找|打开|提取|填", m["rest"]):
        return said
    # The rest asks the same again (学生票多少钱) or only asks (要多久); a second piece (深圳的呢 运营) is part of it.
    again = m["x"].removesuffix("呢").removesuffix("的") in m["rest"] or re.search(r"多少|多久|多远|怎么|几|吗|啥|什么", m["rest"])
    return m["x"] if again else said


def bare_entity(text: str) -> bool:
    """Whether `text` is one name asked again with 呢 and no 的 (五粮液呢, 那微软呢): a new head for the query."""
    said = _asked_chunk(re.sub(r"^[嗯呃啊哦额噢\s，,]+", "", text.strip(" ，,。？?")))
    m = _BARE_RE.match(said)
    return m is not None and said.rstrip(" ").endswith("呢") and not said.rstrip(" 呢").endswith("的")


def elided(change: Change) -> bool:
    """Whether the piece lacks its head (上海的, 便宜点的) or is a bare word or two: it cannot stand alone."""
    return change.piece.endswith("的") or len(change.piece.replace(" ", "")) <= 4


def asks_again(text: str) -> bool:
    return _AGAIN_RE.search(strip_fillers(text)) is not None


def reference(text: str) -> re.Match[str] | None:
    """The pointer back (刚才那个网站, 上一个, 还是那个) in `text`; a bare 那个 (a filler) is no pointer."""
    for m in REFERENCE_RE.finditer(text):
        if _STRONG_REF_RE.search(m.group(0)) or m["noun"]:
            return m
    return None


def points_at_site(match: re.Match[str]) -> bool:
    return match["noun"] in _SITE_NOUNS


def options(earlier: str) -> list[str]:
    """The options a request weighed (淘宝还是京东, 周五或者周六), in the order said; [] when it weighed none."""
    if not _OPTION_SPLIT_RE.search(earlier):
        return []
    parts = _OPTION_SPLIT_RE.split(strip_fillers(earlier))
    # Each option is the words next to its 还是: the end of the part before (after its request words), the start
    # of the part after.
    first = parts[0].split()[-1] if parts[0].split() else ""
    first = _REQUEST_LEAD_RE.split(first)[-1]
    return [o for o in [first] + [p.split()[0] if p.split() else "" for p in parts[1:]] if o]


def picked_option(text: str, earlier: str) -> str | None:
    """The option a 第二个 / 后面那个 picks, or names (就周六吧), among those `earlier` weighed; None if none."""
    weighed = options(earlier)
    m = ORDINAL_RE.search(text)
    if not weighed:
        return None
    if m is None:
        return next((o for o in weighed if o in text), None)
    if m["last"]:
        return weighed[0 if m["last"].startswith("前") else -1]
    return weighed[min(_ORDINALS.get(m["n"], int(m["n"]) if m["n"].isdigit() else 1), len(weighed)) - 1]


def rephrases(text: str) -> bool:
    return REPHRASE_RE.search(strip_fillers(text)) is not None


def own_words(text: str) -> str:
    """What a rephrase says beyond how and who: the Chinese and Latin content left once those are gone."""
    left = _HOW_WORDS_RE.sub("", re.sub(r"[\s，,。？?！!]", "", strip_fillers(text)))
    return "".join(ch for ch in left if ch.isalnum())


# An answer that describes the thing instead of naming it (就报名那个, 我儿子那个学校, 开会用的, 唱歌的 女的): a pointer
# word, a phrase ending in 的 with no head, or a person told by sex.
_DESCRIBES_RE = re.compile(r"那个|那种|那家|那款|那[两几](?:个|款|家|种)|那俩|那边|我们这边|我这边|这边|那地方|那块|那位|那件|那篇|那本|之前|上次|上回|平时|老用|常用"
                           r"|(?:^|\s)[男女]的|[\u4e00-\u9fff]的$")
_NAMES_RE = re.compile(r"[A-Za-z0-9]|[一二三四五六七八九十]+[级代期届号]|" + "|".join(CITIES))


def describes(answer: str) -> bool:
    """Whether a clarify's answer only describes its object (就那个 上面那个框) and names nothing (no Latin word, number
    or city: iPhone 十六 的, 上海迪士尼的 name one)."""
    said = re.sub(r"[啊嘛吧呢呀哦]+(?=\s|$)", "", strip_fillers(answer)).strip()
    # 那个 is a filler to strip_fillers, but 就报名那个 describes with it: the words as said are looked at too.
    as_said = re.sub(r"[啊嘛吧呢呀哦]+(?=\s|$)", "", answer).strip()
    return (_DESCRIBES_RE.search(said) is not None or _DESCRIBES_RE.search(as_said) is not None) and \
        _NAMES_RE.search(spoken_digits(said)) is None and _named_chunk(as_said) is None


_ANSWER_LEAD_RE = re.compile(r"^(?:就是|就|是|叫|嗯|呃|哦|那个|这个|那)+")
_LEAD_POINTER_RE = re.compile(r"^(?:就是|就|是)?(?:那个|这个|那|这)+")
_NOT_A_NAME_RE = re.compile(r"[我你他她它这那哪谁啥么吗呢嘛几的]|什么|怎么|多少|能|会|不|没|想|知道|记得|好像|可能|应该|大概"
                            r"|挺|很|特别|比较|有名|最近|便宜|贵|好看|好吃|近|远")


def _named_chunk(as_said: str) -> str | None:
    """A chunk of the answer that names its thing bare (雷军 小米那个老板, 易方达蓝筹精选 那个, 浙大 计算机 今年的):
    two or more characters, no describing word, no pronoun or doubt, and not only the start of the description said
    next to it (欧洲 欧洲那边 describes a region)."""
    raw = [c for c in re.split(r"[\s，,。]+", as_said) if c]
    chunks = [_ANSWER_LEAD_RE.sub("", c) for c in raw]
    for i, chunk in enumerate(chunks):
        chunk = re.sub(r"[啊嘛吧呢呀哦]+$", "", chunk)
        if len(chunk) < 2 or _DESCRIBES_RE.search(raw[i]) or _NOT_A_NAME_RE.search(chunk) or is_kind_word(chunk) \
                or _DAY_RE.search(chunk) or _WHEN_RE.search(chunk):
            continue
        # 那个 名单, 那个软件: a short noun the speaker points at is a kind of thing, not its name.
        pointed = _LEAD_POINTER_RE.match(raw[i]) or i > 0 and _LEAD_POINTER_RE.fullmatch(raw[i - 1])
        if pointed and len(chunk) < 4:
            continue
        if any(chunk in other and other != chunk and _POINTER_WORD_RE.search(other) for other in chunks):
            continue
        return chunk
    return None


_WHEN_RE = re.compile(r"^[这下上本]个?(?:周|月|星期|礼拜)|今年|明年|去年|周末")
_POINTER_WORD_RE = re.compile(r"那个|那种|那家|那款|那边|那地方|那块|那位|那件|那篇|那本")
