"""Which known site a spoken command names (table in baseline/site_table.py), and domains spelled aloud.

`find_site("嗯 n b a 官 网 打开")` -> NBA; `spelled_domain("g i t h u b 点 com")` -> https://github.com.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from baseline.site_table import NOT_SITES, SITES
from v2t.asr_noise import INSERTED_FILLERS
from v2t.reading import ReadingMatcher
from v2t.spoken import SPOKEN_DIGITS

# Site words that let a `+` name (苹果+, 税务局+) name its site, with or without 的 before them.
SITE_WORDS = ("官网", "官方网站", "官方网", "网站", "主页", "首页")
# An open verb right before a name: it makes a `+` name a site (打开小米) and marks the site meant
# when several are named (QQ音乐会员过期了 帮我打开网易云音乐). 去 and 上 are too common to count.
_OPENED_RE = re.compile(r"(?:打开|开一下|访问|进入|登录|登陆|切到|跳到|转到)(?:一下)?(?:那个|这个)?$")
# A self-correction after a first site name: the speaker's last site counts (淘宝 哦不对 京东).
_CORRECTION_RE = re.compile(r"不对|不是|我是说|哦不|不不|算了|不要|改成|换成|应该是")
# A site said right after a negation is the one the speaker does not want (网易云 不是酷狗).
_NEGATED_RE = re.compile(r"(?:不是|不要|别)(?:打开|开|去|上|进)?(?:那个|这个)?$")
# Digit words only read as digits in a run of three or more (幺二三零六); 一下 stays as it is.
_DIGIT_WORD = "[" + "".join(SPOKEN_DIGITS) + "0-9]"
_DIGIT_RUN_RE = re.compile(_DIGIT_WORD + r"(?:\s*" + _DIGIT_WORD + r"){2,}")
TLDS = ("com", "cn", "net", "org", "edu", "gov", "io", "me", "tv", "cc", "info", "co", "so", "ai", "im",
        "us", "uk", "jp", "hk", "tw", "dev", "app", "fm")
_DOMAIN_RE = re.compile(r"(?<![a-z0-9\-.@])((?:[a-z0-9\-]+\.)+(?:" + "|".join(TLDS) + r"))(?![a-z0-9\-])"
                        r"((?:/[a-z0-9\-._~]+)*)")
_TWO_PART = re.compile(r"\.(?:com|net|org|gov|edu)\.cn$")


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _normalize(text: str) -> tuple[str, list[int], list[bool]]:
    """Matching form of `text`: NFKC, casefolded, white space dropped, spoken digit runs as digits.

    Also, per character, its index in `text` and whether white space came right before it (a word edge).
    """
    digits = {i for m in _DIGIT_RUN_RE.finditer(text) for i in range(m.start(), m.end())}
    chars: list[str] = []
    index: list[int] = []
    edge: list[bool] = []
    after_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            after_space = True
            continue
        out = SPOKEN_DIGITS.get(ch, ch) if i in digits else unicodedata.normalize("NFKC", ch).casefold()
        for c in out:
            chars.append(c)
            index.append(i)
            edge.append(after_space)
            after_space = False
    return "".join(chars), index, edge


def _key(name: str) -> str:
    return _normalize(name)[0]


def _site_names() -> dict[str, tuple[str, str, bool]]:
    """Every matching form of every name -> (display name, URL, whether an open verb must come before it)."""
    names: dict[str, tuple[str, str, bool]] = {}
    bases: set[str] = set()
    for spoken, url in SITES:
        display = spoken[0].removesuffix("+")
        for name in spoken:
            base = _key(name.removesuffix("+"))
            bases.add(base)
            forms = [(base, False)]
            if name.endswith("+"):
                forms = [(base + de + _key(w), False) for de in ("", "的") for w in SITE_WORDS] + [(base, True)]
            for form, needs_verb in forms:
                if len(form) >= 2:  # a one-letter display name (X) is too short to match safely
                    names.setdefault(form, (display, url, needs_verb))
    # 百度的地图 and google 的 邮箱 name the same sub-site as 百度地图 and google邮箱.
    for name, site in list(names.items()):
        for base in bases:
            rest = name[len(base):]
            if len(base) >= 2 and name.startswith(base) and len(rest) >= 2 and not rest.startswith("的"):
                names.setdefault(base + "的" + rest, site)
    return names


NAMES = _site_names()
_BY_FIRST_CHAR: dict[str, list[str]] = {}
for _name in sorted(NAMES, key=len, reverse=True):
    _BY_FIRST_CHAR.setdefault(_name[0], []).append(_name)


_NOT_SITES_RE = re.compile("|".join(map(re.escape, NOT_SITES)))
# Chinese names are also matched by their sound: ASR writes 京东 as 经东 and 淘宝 as 桃宝.
_BY_READING = ReadingMatcher(NAMES)
_LONGEST = max(len(n) for n in NAMES)


# What a recogniser puts inside a name: a character said twice (好大大夫在线, 天天猫) or a hesitation (腾讯视那个频).
_NAME_GAP_RE = re.compile(r"([\u4e00-\u9fff])(?=\1)|(?<=[\u4e00-\u9fff])(?:" + "|".join(
    sorted(INSERTED_FILLERS, key=len, reverse=True)) + r")(?=[\u4e00-\u9fff])")


def _close_name_gaps(key: str, index: list[int], edge: list[bool]) -> tuple[str, list[int], list[bool]]:
    """The matching form with each doubled character or filler taken out of a Chinese site name it splits, heard
    right or misheard: only where a name spans the gap once it is gone and does not without it (天天 alone stays)."""
    drop: set[int] = set()
    for m in _NAME_GAP_RE.finditer(key):
        start, end = m.start(), m.start() + 1 if m.group(1) else m.end()
        w0 = max(0, start - _LONGEST)
        joined = _BY_READING.restore(key[w0:start] + key[end:end + _LONGEST])
        kept = _BY_READING.restore(key[w0:end + _LONGEST])
        at = start - w0  # the first character after the gap, in `joined`
        if _spans(joined, at - 1 if m.group(1) is None else at, at) and not _spans(kept, start - w0, end - w0):
            drop.update(range(start, end))
    keep = [i for i in range(len(key)) if i not in drop]
    return "".join(key[i] for i in keep), [index[i] for i in keep], [edge[i] for i in keep]


def _spans(key: str, first: int, last: int) -> bool:
    """Whether a Chinese site name in `key` holds both key[first] and key[last]."""
    return any(key[a:b] in NAMES for a in range(max(0, last - _LONGEST + 1), first + 1)
               for b in range(max(last + 1, a + 2), min(len(key), a + _LONGEST) + 1))


def _mentions(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, display, URL) of each site named in `text`, in order, positions in `text`.

    Where two names overlap the longer wins (百度地图 over 百度). A name made of letters or digits must stand
    as a word of its own (ins is not in install), ASR spaces inside it allowed (i m d b); a name that is
    part of a NOT_SITES word (国航 in 中国航天) is no site. A Chinese name misheard as its homophones counts.
    """
    key, index, edge = _close_name_gaps(*_normalize(text))
    blocked = [(m.start(), m.end()) for m in _NOT_SITES_RE.finditer(key)]
    key = _BY_READING.restore(key)
    found = []
    for i, ch in enumerate(key):
        for name in _BY_FIRST_CHAR.get(ch, ()):
            j = i + len(name)
            display, url, needs_verb = NAMES[name]
            if not key.startswith(name, i) or (needs_verb and not _OPENED_RE.search(key[:i])):
                continue
            if _ascii_word(name[0]) and i > 0 and _ascii_word(key[i - 1]) and not edge[i]:
                continue
            if _ascii_word(name[-1]) and j < len(key) and _ascii_word(key[j]) and not edge[j]:
                continue
            if any(s < j and i < e and not (i <= s and e <= j) for s, e in blocked):
                continue
            found.append((i, j, display, url))
    kept: list[tuple[int, int, str, str]] = []
    for m in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
        if all(m[1] <= k[0] or k[1] <= m[0] for k in kept):
            kept.append(m)
    kept.sort()
    return [(index[i], index[j - 1] + 1, display, url) for i, j, display, url in kept]


def find_site(text: str) -> tuple[str, str, int, int] | None:
    """(display name, URL, start, end in `text`) of the site the speaker means, or None.

    The first site named right after an open verb, else the first named; when the speaker corrects themselves
    (淘宝 哦不对 京东, 不是淘宝 是京东), the last one not negated (网易云 不是酷狗 -> 网易云).
    """
    mentions = _mentions(text)
    if not mentions:
        return None
    opened = [m for m in mentions if _OPENED_RE.search(_key(text[:m[0]]))]
    chosen = (opened or mentions)[0]
    if _CORRECTION_RE.search(_key(text)):
        wanted = [m for k, m in enumerate(mentions)
                  if not _NEGATED_RE.search(_key(text[mentions[k - 1][1] if k else 0:m[0]]))]
        if not wanted:
            return None
        chosen = wanted[-1]
    start, end, display, url = chosen
    return display, url, start, end


def remove_sites(text: str) -> str:
    """The text in matching form (no spaces, casefolded) without any site name it has."""
    spans = [(s, e) for s, e, _, _ in _mentions(text)]
    kept = "".join(ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in spans))
    return _key(kept)


# A spelled domain of a known site gets that site's canonical URL (github.com has no www); a host the table
# only knows with a path (docs.python.org/3/) gets that URL.
_KNOWN_HOSTS: dict[str, str] = {}
for _url in sorted((url for _, url in SITES), key=lambda u: len(urlsplit(u).path)):
    _KNOWN_HOSTS.setdefault(urlsplit(_url).netloc.removeprefix("www."), _url)


_DISPLAY = {url: names[0].removesuffix("+") for names, url in SITES}


def display_name(url: str) -> str | None:
    """The table's display name for a URL (https://www.pbc.gov.cn -> 中国人民银行官网), or None."""
    return _DISPLAY.get(url)


def spelled_domain(text: str) -> str | None:
    """A domain said aloud (`g i t h u b 点 com`, `jd 点 康姆`, `github 点 com 斜杠 jax-ml`) as a URL, or None."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = re.sub(r"点\s*康(?:姆|(?![\u4e00-\u9fff]))", ".com", t).replace("斜杠", "/").replace("点", ".").replace(" dot ", ".")
    # ASR spaces between spelled letters and around dots carry no meaning inside a domain.
    t = re.sub(r"(?<=[a-z0-9./\-])\s+(?=[a-z0-9./\-])", "", t)
    m = _DOMAIN_RE.search(t)
    if not m:
        return None
    host, path = m.group(1).strip("."), m.group(2)
    known = _KNOWN_HOSTS.get(host.removeprefix("www."))
    if known and not path:
        return known
    if known:
        host = urlsplit(known).netloc
    else:
        labels = host.split(".")
        if labels[0] == "www" or len(labels) == 2 or (len(labels) == 3 and _TWO_PART.search(host)):
            host = "www." + host.removeprefix("www.")
    return "https://" + host + path
