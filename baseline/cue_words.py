"""The request and harm words the baseline's rules look for, heard back through a recogniser's errors.

The words are read out of the rules' own patterns (baseline.predict, its helpers, v2t.harm_*), so a word a rule
adds is heard through noise with no second list: 邦我 医下 -> 帮我 一下, 转帐 -> 转账, 密玛 -> 密码.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from functools import cache

from pypinyin import Style, lazy_pinyin

from v2t.pattern_words import literal_words, spelled_words
from v2t.reading import ReadingMatcher, is_han, lexicon, toned_readings, verb_after_verb
from v2t.spoken import FILLERS

# The modules whose patterns hold the words: the request cues first, then every harm rule.
HARM_SOURCES = ("v2t.harm_rules", "v2t.harm_acts", "v2t.harm_payment")
SOURCES = ("baseline.predict", "v2t.self_correction", "baseline.search_query", "baseline.injection_frames",
           "baseline.sites", *HARM_SOURCES)
_PARTICLES = frozenset("的了地得着吗呢吧啊么")
_COMPLEMENTS = frozenset("上下来去到开起出回过完好掉住")
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿0123456789")
# 一 and 不 change tone with the syllable after them (一下 yi2, 一天 yi4, 不是 bu2): any of their tones is theirs.
_SANDHI = frozenset("一不")
# 它, 他 and 她 are one sound: which the speaker meant is in the writing only (点开它 holds no 开他).
_PRONOUNS = frozenset("他她它")


def _patterns(value, depth: int = 0) -> Iterator[str]:
    """Every regex source in a module-level value: a pattern, or one inside a tuple, list or rule record."""
    if isinstance(value, re.Pattern):
        yield value.pattern
    elif isinstance(value, tuple | list) and depth < 3:
        for item in value:
            yield from _patterns(item, depth + 1)
    elif isinstance(getattr(value, "pattern", None), re.Pattern):
        yield value.pattern.pattern


def words_of_modules(names: Iterable[str], read=literal_words) -> frozenset[str]:
    """The words `read` finds in every pattern the named modules hold at module level."""
    words: set[str] = set()
    for name in names:
        for key, value in vars(importlib.import_module(name)).items():
            if not key.startswith("__"):
                for source in _patterns(value):
                    words |= read(source)
    return frozenset(words)


@cache
def _toned(name: str) -> tuple[frozenset[str], ...]:
    """Per character of a word, its reading there and its usual reading, tones kept (行 in 银行: hang2, xing2)."""
    here = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)
    return tuple(frozenset({r, toned_readings(c)[0]}) for c, r in zip(name, here, strict=True))


class CueMatcher(ReadingMatcher):
    """A reading matcher for common words, which real speech is full of near-homophones of (几度 is no 季度,
    周杰伦 holds no 结论): a character heard otherwise than the word says must make no word with the text around."""

    def __init__(self, names, *, tones: bool = True, sandhi: bool = False):
        super().__init__(names)
        self.tones, self.sandhi = tones, sandhi

    def _is_misheard(self, text: str, i: int, name: str) -> bool:
        if not super()._is_misheard(text, i, name):
            return False
        j, words = i + len(name), lexicon()
        # A recogniser mishears one character in ten, so most of a word is heard right; a particle heard right
        # says little (要做的 holds no 坐的).
        if 2 * sum(text[k] == name[k - i] and name[k - i] not in _PARTICLES for k in range(i, j)) < len(name):
            return False
        toned = _toned(name)
        for k in (k for k in range(i, j) if text[k] != name[k - i]):
            if name[k - i] in _PRONOUNS:
                return False
            if k > i and text[k - 1] == name[k - i - 1] and verb_after_verb(text[k - 1], text[k]):
                return False  # 要写 is said as written, no misheard 要挟
            # Tones aside, a verb's complement after it is said as written (打上 is no 打赏).
            if (toned_readings(text[k])[0] not in toned[k - i] and not (self.sandhi and name[k - i] in _SANDHI)
                    and (self.tones or text[k] in _COMPLEMENTS)):
                return False
            # After a number, its unit or direction (一万往上 holds no 网上), unless the word says the number (盗一各).
            if k == i and k and text[k - 1] in _NUMERALS:
                return False
            for a in range(max(0, k - 3), k + 1):
                for b in range(max(k + 1, a + 2), min(len(text), a + 4) + 1):
                    if not (i <= a and b <= j) and text[a:b] in words:
                        return False
        return True


@cache
def cue_matcher() -> CueMatcher:
    """The reading matcher over the rules' words; built on first use, after the rule modules are loaded."""
    return CueMatcher(words_of_modules(SOURCES))


@cache
def harm_matcher() -> CueMatcher:
    """The harm rules' words matched tones aside (米码 is 密码): its reading only ever adds a refusal."""
    return CueMatcher(words_of_modules(HARM_SOURCES, spelled_words), tones=False)


# What a recogniser puts inside a word: a pause, a hesitation, the same character twice (身 份证, 收那个款码, 成成绩).
_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:\s+|" + "|".join(sorted(FILLERS, key=len, reverse=True))
                     + r")(?=[\u4e00-\u9fff])|([\u4e00-\u9fff])(?=\1)")


def close_gaps(text: str, matcher: CueMatcher, *, doubles: bool = True) -> str:
    """`text` with each gap taken out of a rule word it splits (heard right or misheard): kept wherever no word
    spans it, so phrases stay apart (打开 淘宝) and a real doubling (看看, 谢谢) or filler stays as said.
    `doubles=False` leaves doubled characters as said (搜搜, 下下周) and closes pauses and fillers only."""
    words, longest = matcher.names, max(map(len, matcher.names), default=0)
    out, at = [], 0
    for m in _GAP_RE.finditer(text):
        double = m.group(1) is not None
        if double and not doubles:
            continue
        start, end = m.start(), m.start() + 1 if double else m.end()
        if start < at or (double and text[start:start + 2] in words):
            continue
        # A doubled character is said once where, once, it is part of a word (一下下, 成成绩), even where the
        # doubling is a word of its own (盗一一个, 别人人的: a recogniser doubles any character); only a doubling
        # the rules say themselves (偷偷, 看看) is kept. A pause or a filler goes where a word spans it once it is gone.
        # `doubles` off (the request reading), the text before is read with its gaps closed and the pauses after
        # it gone, so a word split twice (看 着 办) is seen whole at its first gap.
        before = ("".join(out) + text[at:start])[-longest:] if not doubles else text[max(0, start - longest):start]
        after = text[end:end + longest] if doubles else re.sub(r"\s+", "", text[end:end + 2 * longest])[:longest]
        heard = matcher.restore(before + after)
        first, last = (len(before), len(before)) if double else (len(before) - 1, len(before))
        if any(heard[a:b] in words for a in range(max(0, last - longest + 1), first + 1)
               for b in range(max(last + 1, a + 2), min(len(heard), a + longest) + 1)):
            out.append(text[at:start])
            at = end
    return "".join(out) + text[at:]


# A dropped negation is not put back: 他知道的 is no 他不知道.
_NEGATIONS = frozenset("不没别未非无莫勿")


@cache
def _dropped_spellings() -> dict[str, str]:
    """Each harm word of four characters or more, as a rule spells it out, with one character inside it left out
    -> the word (真姓名 -> 真实姓名; 来路明 gets no 不 back). Both ends must be heard, the rest must
    be no word of its own, and neither a negation nor a word glued from a rule's alternatives is put back: what is
    left of one of those is ordinary speech (号码是 is no 号码是谁)."""
    names, words, out = words_of_modules(HARM_SOURCES), lexicon(), {}
    for name in sorted(names, key=lambda n: (len(n), n)):
        if len(name) >= 4 and all(is_han(c) for c in name):
            for k in range(1, len(name) - 1):
                left = name[:k] + name[k + 1:]
                if name[k] not in _NEGATIONS and left not in names and left not in words:
                    out.setdefault(left, name)
    return out


def restore_dropped(text: str) -> str:
    """`text` with a character a recogniser dropped out of a harm word put back: a span that is the word but for
    one character, when no word crosses its edges (the text around it is not one word with it). Longer texts."""
    dropped, words = _dropped_spellings(), lexicon()
    longest = max(map(len, dropped), default=0)
    out, i = [], 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 1, -1):
            name = dropped.get(text[i:i + n])
            j = i + n
            # The word written out in full across the span's edge (别人密|码) has lost nothing.
            if name and name not in text[max(0, i - 1):j + 1] and not any(text[a:b] in words and text[a:b] not in name
                                for a, b in ((i - 1, i + 1), (j - 1, j + 1)) if a >= 0 and b <= len(text)):
                out.append(name)
                i = j
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def hear_cues(text: str) -> str:
    """`text` with each misheard rule word written as the word (same length, so positions in it still hold)."""
    return cue_matcher().restore(text)


def hear_harms(text: str) -> str:
    """`text` as the harm check reads it: gaps inside rule words closed, then each harm word a near-homophone
    stands for written back, tones aside. Only the harm check reads it: clean speech is full of pauses and
    doublings (搜搜, 下下周) that the request reading keeps. Last, a one-character token of the acts heard as a rarer
    character of its sound is written back where it completes a harm (baseline.lone_tokens)."""
    from baseline.lone_tokens import hear_lone_chars  # it reads this module's patterns: imported on first use

    closed = close_gaps(text, cue_matcher())
    for _ in range(3):  # a word split twice (来 路不啊明, 我嗯到 个) is whole only once both gaps are gone
        text, closed = closed, close_gaps(close_gaps(closed, cue_matcher()), harm_matcher())
        if closed == text:
            break
    return hear_lone_chars(restore_dropped(harm_matcher().restore(closed)))
