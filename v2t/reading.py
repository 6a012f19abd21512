"""Mandarin readings of Chinese characters (pypinyin) and matching names by how they sound.

A speech recogniser writes a name by its sound (京东 -> 经东, 邮箱 -> 油相); `ReadingMatcher` puts the name back.
"""

from __future__ import annotations

import re
from functools import cache

from pypinyin import Style, lazy_pinyin
from pypinyin.contrib.tone_convert import to_normal, to_tone3
from pypinyin.pinyin_dict import pinyin_dict

_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
# Numbers are written as said: a numeral that reads like part of a name is the number (三至五年 is no 职务).
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿")


def is_han(ch: str) -> bool:
    return len(ch) == 1 and _HAN_RE.match(ch) is not None


# A modal or an everyday verb, then an everyday verb (要写, 想填, 会查): the speaker said what they will do; a harm
# word that sounds the same (要挟) does not read there, so the second verb is no mishearing of it.
MODALS = frozenset("要想会能可该得敢肯愿需")
ORDINARY_VERBS = frozenset("写填看查找搜读念问说听选用交发送拿放买订改换删存记签")


def verb_after_verb(before: str, ch: str) -> bool:
    """Whether `ch` is an everyday verb said after a modal or another everyday verb `before` (要写, 想填)."""
    return ch in ORDINARY_VERBS and (before in MODALS or before in ORDINARY_VERBS)


@cache
def toned_readings(ch: str) -> tuple[str, ...]:
    """Every reading of a character with its tone as a digit (经 -> jing1, jing4), the usual one first; () if none."""
    listed = pinyin_dict.get(ord(ch)) if len(ch) == 1 else None
    return tuple(dict.fromkeys(to_tone3(r) for r in listed.split(","))) if listed else ()


@cache  # the baseline asks hundreds of thousands of times over a set; pypinyin's tone conversion is slow
def usual_reading(ch: str) -> str | None:
    """A character's commonest reading, tones aside (the one a recogniser that wrote it heard); None if not Chinese."""
    toned = toned_readings(ch)
    return to_normal(toned[0]) if toned else None


@cache
def name_reading(name: str) -> tuple[str, ...]:
    """How a word is read, tones aside, each character in its context (银行 -> yin, hang)."""
    return tuple(lazy_pinyin(name, style=Style.NORMAL))


def reads_like(heard: str, name: str) -> bool:
    """Whether `heard` sounds like `name`, tones aside: each character the same, or its usual reading is the
    name character's reading there; a numeral never stands for another character."""
    said = name_reading(name)
    return len(heard) == len(name) == len(said) and all(
        a == b or (a not in _NUMERALS and usual_reading(a) == r) for a, b, r in zip(heard, name, said, strict=True))


@cache
def lexicon() -> frozenset[str]:
    """Words of CC-CEDICT as pypinyin-dict ships them (about 106,000); loaded once, on the first reading match."""
    from pypinyin_dict.phrase_pinyin_data import cc_cedict  # 1.7 s to import: only when a match needs it

    return frozenset(cc_cedict.phrases_dict)


class ReadingMatcher:
    """Finds spans that read like one of `names` but are written otherwise, and writes the name back.

    Only Chinese names of two characters or more are matched by reading: a single syllable has too many homophones.
    A span is left alone when it is a word of its own (惊动 is not 京东), when it makes a word with the character
    before or after it (已经东西 holds no 京东), or when it crosses a name written as it is.
    """

    def __init__(self, names):
        self.names = frozenset(n for n in names if len(n) >= 2 and all(is_han(c) for c in n))
        # Keyed by the first character's reading in the name and by the character itself (a polyphone read
        # otherwise than usual, 行 in 银行卡号, still starts its name).
        self._by_start: dict[str, list[str]] = {}
        for name in sorted(self.names, key=lambda n: (-len(n), n)):
            for start in {name_reading(name)[0], name[0]}:
                self._by_start.setdefault(start, []).append(name)
        self._longest = max((len(n) for n in self.names), default=0)

    def _exact(self, text: str) -> list[tuple[int, int]]:
        return [(i, i + n) for i in range(len(text)) for n in range(2, min(self._longest, len(text) - i) + 1)
                if text[i:i + n] in self.names]

    def _is_misheard(self, text: str, i: int, name: str) -> bool:
        j = i + len(name)
        span = text[i:j]
        if span == name or not reads_like(span, name):
            return False
        words = lexicon()
        if span in words:
            return False
        # A word across the span's edge means the span is not a unit (已经|东西); a word of the name does not count.
        return not any(text[a:b] in words and text[a:b] not in name
                       for a, b in ((i - 1, i + 1), (j - 1, j + 1), (i - 2, i + 1), (j - 1, j + 2)) if a >= 0 and b <= len(text))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of each misheard name in `text`, left to right, longest first, never overlapping."""
        exact = self._exact(text)
        found, i = [], 0
        while i < len(text):
            hit = None
            starts = self._by_start.get(usual_reading(text[i]) or "", []) + self._by_start.get(text[i], [])
            for name in sorted(starts, key=len, reverse=True):
                j = i + len(name)
                # A name written right wins over a misheard one across it; inside it, the longer counts (地址 in 收获地址).
                crossed = any(s < j and i < e and not (i <= s and e <= j) for s, e in exact)
                if j <= len(text) and not crossed and self._is_misheard(text, i, name):
                    hit = name
                    break
            if hit:
                found.append((i, i + len(hit), hit))
                i += len(hit)
            else:
                i += 1
        return found

    def restore(self, text: str) -> str:
        """`text` with each misheard name written as the name; same length, so positions in it still hold."""
        for start, end, name in self.find(text):
            text = text[:start] + name + text[end:]
        return text
