"""Spoken self-corrections resolved the way a listener would (哦不对, 我是说, 不是X是Y, 算了): the command meant.

`打开淘宝哦不对打开京东` -> `打开京东`; `帮我查一下广州哦不对是深圳后天的天气` -> `帮我查一下深圳后天的天气`.
"""

from __future__ import annotations

import re

_INTERJ_CHARS = "哦噢喔哎唉诶欸呃额啊嗯"
_PUNCT_CHARS = ",，、。.!！;；"
_PAUSE_CHARS = r"\s" + _PUNCT_CHARS
_INTERJ = f"[{_INTERJ_CHARS}]"
# What may sit between a correction marker and the words around it: ASR spaces, punctuation, interjections.
_GAP = rf"(?:[{_PAUSE_CHARS}]|{_INTERJ}|那个)"
_AFTER_PAUSE = rf"(?:(?<=[{_PAUSE_CHARS}{_INTERJ_CHARS}])|^)"
_PAUSE_AHEAD = rf"(?=[{_PAUSE_CHARS}{_INTERJ_CHARS}]|$)"
_SAID_WRONG = r"我说错了|(?<![你他她])说错了|(?<![你他她])搞错了|口误|我是说(?!过)|我的意思是|我想说的是"
# Words that take back what was just said, each fenced off from its look-alikes (对不对, 不对称, 是不是,
# 不是很贵的, 哦不错, 算了一下, 应该是多少, 帮我改一下, 更正确).
_RETRACT = (
    r"(?<![对是得的都也很太有么哪并可还就真])不对(?![称劲付外应等口齐头路味吗呢嘛])"
    rf"|(?<!是)不是不是|不不+|{_INTERJ}\s*不是?{_PAUSE_AHEAD}"
    rf"|{_AFTER_PAUSE}不是(?={_GAP}+(?:{_SAID_WRONG}|应该是|而是|是))"
    rf"|{_SAID_WRONG}"
    rf"|{_AFTER_PAUSE}(?:更正一下|更正(?!确)|纠正一下|改一下(?=[{_PAUSE_CHARS}是成为]|$)"
    r"|应该是(?!多少|什么|哪|几|怎么|谁)(?![^\s,，。]*[吧吗呢?？]))"  # 应该是晴天吧 is a guess, not a repair
)
# A marker, or the start of an unannounced 不是X是Y (kept only when X was said before).
_CORRECTION_RE = re.compile(rf"(?:{_INTERJ}\s*)*(?:{_RETRACT})|(?=(?<![是也并就可还都倒])不是)")
_INTERREGNUM_RE = re.compile(rf"(?:{_GAP}|{_RETRACT})*")
_X = rf"(?P<x>[^{_PAUSE_CHARS}{_INTERJ_CHARS}是]{{1,10}}?)"
_BUT = rf"{_GAP}*(?:而是|我是说|应该是|就是|是)"
_NOT_X_BUT_Y_RE = re.compile(rf"不是\s*{_X}{_BUT}")
_NOT_X_RE = re.compile(rf"不是\s*{_X}(?:{_BUT}|{_GAP}+)")  # after a marker the 是 may be left out
_NOT_AGAIN_RE = re.compile(rf"不是\s*(?P<x>[^{_PAUSE_CHARS}是]{{1,10}}){_PAUSE_AHEAD}")
# Words that introduce the repair: 不对 [我要的是] 邮箱地址.
_INTRO_RE = re.compile(rf"(?:{_GAP}|我想要的是|我要的是|我说的是|我要的|我想要|我要|应该是|而是|就是|改成|换成|是)*")
_GIVE_UP_RE = re.compile(r"(?:我也|我|也)?(?:搞混了|搞不清|记不清|记不得|不记得|忘了|想不起来|不知道"
                         r"|(?:叫)?(?:哪|什么|啥)[个里]?来着)")
# 算了 gives up what came before; so does a request called a joke (写个病毒 开玩笑的 打开火绒), said before a pause.
_ABANDON_RE = re.compile(r"(?<![计打估核预清结推换盘运演测总合划])算了(?![一下算半好个笔多账解])吧?"
                         r"|(?<=[\s,，。！!])(?:哈哈)?(?:开玩笑的|开个玩笑|逗你的|逗你玩的|说着玩的)(?=[\s,，。！!]|$)")
# 是X不是Y confirms X (…租金多少 呃 是南山不是福田).
_CONFIRM_RE = re.compile(rf"(?:(?<=[{_PAUSE_CHARS}{_INTERJ_CHARS}对就])|^)是\s*(?P<x>[^\s,，。是不]{{1,8}})\s*"
                         rf"不是\s*(?P<y>[^\s,，。是]{{1,8}}){_PAUSE_AHEAD}")

_ONLY_GAP_RE = re.compile(rf"{_GAP}*")
_LAST_CHUNK_RE = re.compile(r"\S*$")

_NUMBER = "[零〇洞幺一二两三四五六七八九十百千万0-9]"
_LEADING_NUMBER_RE = re.compile(rf"{_NUMBER}(?:\s*{_NUMBER})*")
_TRAILING_NUMBER_RE = re.compile(rf"{_NUMBER}(?:\s*{_NUMBER})*$")
_ORDINAL = r"第[零一二两三四五六七八九十百\d]+"
_ORDINAL_RE = re.compile(rf"{_ORDINAL}(?P<unit>[^\s\d零一二两三四五六七八九十百])")
_LATIN_RE = re.compile(r"[A-Za-z][\w.\-]*")
# The leading word of a repair that names a place or a numbered thing: 上海站, 三号楼, 招商银行.
_SUFFIXED_WORD_RE = re.compile(r"[\u4e00-\u9fff]{1,5}?(?P<suffix>[市省县区站路街镇楼列行页号段])")
CITIES = ("北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安", "长沙",
          "郑州", "青岛", "厦门", "福州", "济南", "合肥", "昆明", "贵阳", "南宁", "海口", "三亚", "大连", "沈阳",
          "哈尔滨", "长春", "石家庄", "太原", "兰州", "南昌", "宁波", "无锡", "东莞", "佛山", "珠海", "温州",
          "香港", "澳门", "台北", "桂林", "丽江", "大理", "西双版纳", "拉萨", "乌鲁木齐", "汉口", "洛阳")
_DAY_RE = re.compile(r"大?后天|今天|明天|昨天|前天|今晚|明晚|[这下上]?(?:周|星期|礼拜)[一二三四五六日天末]")
_DAYPART_RE = re.compile(r"上午|下午|中午|晚上|早上|凌晨|傍晚")
_CITY_RE = re.compile("|".join(sorted(CITIES, key=len, reverse=True)))
# Words after which an object starts: the wrong object is what follows the last of them.
_OBJECT_START_RE = re.compile(r"的|(?:搜|查|找|看)(?:一下|下|索|搜|查|找|看)?|一下|打开|去|到|从|在|给|把|填|写|叫|改成"
                              r"|换成|进|是|为|和|跟|了|订|买|选|转")
# One character said again marks where the repair restarts if it is a verb or preposition (转五百 哦不是
# 转八百), or close to the end if it is not a function word (姓名填刘洋 哦不对 刘阳).
_RETRACE_VERBS = set("去到从在给填写转搜查找看改选订买飞回")
_NOT_A_RETRACE = set("的了是我你他她它一个下这那有和也就都很")


def _no_content(text: str) -> bool:
    return _ONLY_GAP_RE.fullmatch(text) is not None


def _chunk_start(text: str) -> int:
    """Where the last ASR chunk (the text after the last white space) starts."""
    return _LAST_CHUNK_RE.search(text).start()


def _strip_trailing_gap(text: str) -> str:
    # A loop, not a `(?:…)*$` search: that one is quadratic on a long run of 嗯 嗯 嗯 …
    while (stripped := text.rstrip().rstrip(_PUNCT_CHARS + _INTERJ_CHARS).removesuffix("那个")) != text:
        text = stripped
    return text


def _word_start(left: str, size: int) -> int:
    """Where the last word of `left` starts: after the last object-start word if near, else `size` back."""
    body = left[:-1] if left.endswith("的") else left
    chunk_start = _chunk_start(body)
    ends = [m.end() for m in _OBJECT_START_RE.finditer(body, chunk_start)]
    if ends and ends[-1] == len(left):
        return len(left)  # 帮我查查 我是说 上海的房价: the object comes now, nothing is replaced
    ends = [end for end in ends if end < len(body)]
    if ends and len(body) - ends[-1] <= 6:
        return ends[-1]
    return max(chunk_start, len(body) - size)


def _retrace(left: str, head: str) -> int | None:
    """Where the repair restarts: the last place `left` says the repair's opening words (打开, 到, 刘)."""
    for size in range(min(6, len(head)), 0, -1):
        i = left.rfind(head[:size])
        if i < 0:
            continue
        span = len(left) - i - left[i:].count(" ")
        if size >= 2 and span <= 16:
            return i
        if size == 1 and head[0] in _RETRACE_VERBS and span <= 10:
            return i
        if size == 1 and head[0] not in _NOT_A_RETRACE and span <= 4:
            return i
    return None


def _same_kind(left: str, head: str) -> tuple[int, int] | None:
    """The last thing in `left` of the repair's kind: ordinal, suffixed place, city, day, modifier, Latin."""
    if (m := _ORDINAL_RE.match(head)) and (hits := list(re.finditer(_ORDINAL + re.escape(m["unit"]), left))):
        return hits[-1].span()
    if (m := _SUFFIXED_WORD_RE.match(head)) and (j := left.rfind(m["suffix"])) > 0:
        return _word_start(left[: j + 1], len(m.group(0))), j + 1
    for kind in (_CITY_RE, _DAY_RE, _DAYPART_RE):
        if kind.match(head) and (hits := list(kind.finditer(left))):
            return hits[-1].span()
    # A repair like 蓝色的 replaces the modifier before the last 的 (红色的连衣裙 -> 蓝色的连衣裙).
    if head.endswith("的") and "的" not in head[:-1] and (k := left.rfind("的")) > 0:
        return _word_start(left[:k], len(head) - 1), k
    if _LATIN_RE.match(head) and (hits := list(_LATIN_RE.finditer(left))):
        return hits[-1].span()
    return None


def _replaced_span(left: str, repair: str) -> tuple[int, int]:
    """The part of `left` that `repair` takes the place of, as (start, end); see resolve_corrections."""
    head = repair.split(None, 1)[0]
    said = _LEADING_NUMBER_RE.match(repair)
    if said and (run := _TRAILING_NUMBER_RE.search(left, max(0, len(left) - 64))):
        # A number replaces as many trailing digits as it says (幺三零 不对 幺三幺 …, … 五六七八 不对 五六七九).
        wanted = len(re.sub(r"\s", "", said.group(0)))
        digits = [i for i in range(run.start(), run.end()) if not left[i].isspace()]
        return digits[-min(wanted, len(digits))], len(left)
    if (i := _retrace(left, head)) is not None:
        # Said again up to a suffixed word, the repair ends there too (上海站到… 不对 上海虹桥站).
        if (word := _SUFFIXED_WORD_RE.match(head)) and (j := left.find(word["suffix"], i)) >= 0:
            return i, j + 1
        return i, len(left)
    if span := _same_kind(left, head):
        return span
    chunk_start = _chunk_start(left)
    if chunk_start > 0 and len(left) - chunk_start <= 6:
        return chunk_start, len(left)
    lead = re.split(r"的|\s", head, maxsplit=1)[0]
    start = _word_start(left, min(max(len(lead), 2), 4))
    if len(left) - start > len(lead) + 2:
        return start, start + len(lead)  # 页面的标题提取出来 哦不 是作者: 标题 only, 提取出来 stays
    return start, len(left)


def _restated(left: str, repair: str) -> tuple[int, int, int] | None:
    """Words near the end of `left` that the repair says again, as (start in left, start in repair, length).

    zhangsan 下划线 九九 at 163 点 com restates 张三 下划线 …; 苹果手机耗电快怎么解决 restates 安卓手机耗电快怎么办.
    Only the part before them is corrected. Four characters are needed, or two where both end with them
    (红色的 / 蓝色的): 亚马逊中国 / 美国那个亚马逊 share 亚马逊 in another order.
    """
    best = None
    for i in range(max(0, len(left) - 24), len(left)):
        for end in range(len(left), i + 1, -1):
            said = left[i:end]
            solid = len(said.replace(" ", ""))
            both_end = end == len(left) and repair.endswith(said)
            if (best and end - i <= best[2]) or solid < 2 or (solid < 4 and not both_end):
                continue
            j = len(repair) - len(said) if both_end else repair.rfind(said)
            if j <= 0 or _no_content(repair[:j]) or _no_content(left[:i]):
                continue
            # Words that go on to the left are a retrace (iPhone15 / iPhone16), not a restatement.
            if left[i - 1 : i] != repair[j - 1]:
                best = (i, j, end - i)
    return best


def _splice(left: str, repair: str, anchor: str | None) -> tuple[str, int]:
    """`left` with `repair` in place of what it corrects, and where the repair now starts."""
    if anchor is None and (again := _restated(left, repair)):
        i, j, _ = again
        inner, start = _splice(left[:i], repair[:j], None)
        return inner + repair[j:], start
    if anchor is None:
        start, end = _replaced_span(left, repair)
    else:
        start = left.rfind(anchor)
        end = start + len(anchor)
    head, rest = re.match(r"(\S*)(.*)", repair, re.S).groups()
    if end == len(left) and (k := left.find("的", start + 1)) > 0:
        end = k
    # A short repair keeps what followed the wrong word (去三亚的机票 不对 去海口 -> 去海口的机票).
    if end < len(left) and len(head) <= 8 and "的" not in head[:-1]:
        # What followed says what the 的 in 周六的 / 蓝色的 would have led to.
        return left[:start] + head.removesuffix("的") + left[end:] + rest, start
    return left[:start] + repair, start


def _drop_not_again(repair: str, left: str) -> str:
    """The repair without `不是X` for an X said before (是刘阳 不是刘洋): naming the wrong one again adds nothing."""
    kept, done = [], 0
    for said in _NOT_AGAIN_RE.finditer(repair):
        if said["x"] in left:
            kept.append(_strip_trailing_gap(repair[done:said.start()]))
            done = said.end()
    return "".join(kept) + repair[done:]


def _next_correction(text: str, pos: int) -> tuple[str, int] | None:
    """`text` with its first correction from `pos` on applied, and where to look next; None if none."""
    for m in _CORRECTION_RE.finditer(text, pos):
        left = _strip_trailing_gap(text[: m.start()])
        if _no_content(left):
            continue
        r = _INTERREGNUM_RE.match(text, m.end()).end()
        marked = m.end() > m.start()
        said_not = (_NOT_X_RE if marked else _NOT_X_BUT_Y_RE).match(text, r)
        anchor = None
        if said_not and (marked or said_not["x"] in left):
            anchor = said_not["x"] if said_not["x"] in left else None  # 不对 不是京东 是拼多多: 京东 never said
            r = said_not.end()
        elif not marked:
            continue
        repair = text[_INTRO_RE.match(text, r).end():]
        repair = _drop_not_again(repair, left)
        if _no_content(repair) or _GIVE_UP_RE.match(repair):
            return "", 0
        return _splice(left, repair, anchor)
    return None


def _restart_after_abandon(text: str) -> str:
    hits = list(_ABANDON_RE.finditer(text))
    if not hits:
        return text
    return re.sub(rf"^{_GAP}*", "", text[hits[-1].end():])


def _drop_confirmations(text: str) -> str:
    pos = 0
    while m := _CONFIRM_RE.search(text, pos):
        before = text[: m.start()]
        if m["x"] not in before:
            pos = m.start() + 1
            continue
        before = _strip_trailing_gap(before)
        if (i := before.rfind(m["y"])) >= 0:
            before = before[:i] + m["x"] + before[i + len(m["y"]):]
        text, pos = before + text[m.end():], len(before)
    return text


def resolve_corrections(text: str) -> str:
    """The command the speaker finally meant: self-corrections applied left to right, as a listener would.

    - `X 哦不对 Y` (also 不对, 哦不, 不不不, 不是不是, 我是说, 说错了, 更正一下, 应该是, 改一下, …): Y takes the
      place of the end of X it corrects: from the last place X says Y's opening words (打开淘宝 不对 打开京东);
      else the same number of trailing digits, the last thing of Y's kind (第二列, 南京站, a city, 明天, 红色的, a
      Latin word), the last ASR chunk, or the last word. A short Y keeps what followed (去三亚的机票 不对 去海口).
    - `不是X是Y` puts Y where X was said; `是X不是Y` confirms X and is dropped.
    - `X 算了 Y` restarts: Y, whatever it is (还是那个, or "" when nothing follows).
    - A correction with nothing usable after it (打开淘宝 不对, 不对 我也搞混了) gives "": the request was withdrawn.
    Text without a correction comes back unchanged; the result is never longer than the input.
    """
    out = _drop_confirmations(_restart_after_abandon(text))
    pos = 0
    while (step := _next_correction(out, pos)) is not None:
        out, pos = step
    return out
