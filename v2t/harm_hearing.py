"""The harm rules' words heard back through a recogniser's errors, for the classes baseline.cue_words does not read.

baseline.cue_words hears the words of v2t.harm_rules, v2t.harm_acts and v2t.harm_payment; the general, catch-all and
deed classes (v2t.harm_general, v2t.harm_catchall, v2t.harm_deeds) are heard here, so every arm's harm check reads
them by sound too (虚贾 -> 虚假, 郑品 -> 正品): only words of two characters or more, tones aside, with
v2t.reading's real-word guards. A word split by a pause or a hesitation (投 就是 诉) is closed up for the guards.
"""

from __future__ import annotations

import re
from functools import cache

from v2t.edit_hearing import EditMatcher, before_pronoun, spoken_numbers, usual_words
from v2t.pattern_words import joined_words, literal_words, lone_characters
from v2t.pattern_words import spelled_words as pattern_spellings
from v2t.reading import ReadingMatcher, verb_after_verb
from v2t.spoken import FILLERS

# A run of Chinese characters a pattern spells out; a character under a quantifier (样?) may be unsaid: not part of it.
_RUN_RE = re.compile(r"(?<![\\\[])([\u4e00-\u9fff]{2,})([?*{]?)")


def spelled_words(patterns) -> frozenset[str]:
    """The runs of two or more Chinese characters each pattern spells out, outside character classes."""
    out = set()
    for pattern in patterns:
        bare = re.sub(r"\[[^\]]*\]", " ", pattern)  # a class is a choice of one character, no word
        for m in _RUN_RE.finditer(bare):
            word = m.group(1)[:-1] if m.group(2) else m.group(1)
            if len(word) >= 2:
                out.add(word)
    return frozenset(out)


@cache
def _matcher() -> ReadingMatcher:
    from v2t.harm_catchall import CATCHALL_ACTS
    from v2t.harm_deeds import DEED_ACTS
    from v2t.harm_general import GENERAL_ACTS
    from v2t.harm_lexicon import DECEIVE, DRUG_SLANG, END_LIFE, MONEY, NO_CHECK, OBTAIN, UNCAUGHT, WEAPON

    patterns = [a.pattern.pattern for a in GENERAL_ACTS + CATCHALL_ACTS + DEED_ACTS]
    return ReadingMatcher(spelled_words(patterns + [DECEIVE, DRUG_SLANG, END_LIFE, MONEY, NO_CHECK, OBTAIN, UNCAUGHT, WEAPON]))


def hear_harm_words(text: str) -> str:
    """`text` with each misheard word of the general, catch-all and deed classes written as the word (same length).
    A two-character word needs one of its characters heard right (虚贾, 郑品): two misheard together are as often
    two other words' halves (能到|发 is no 盗伐, 不强 no 步枪)."""
    for start, end, word in _matcher().find(text):
        if _said_as_verbs(text, start, word):
            continue
        if end - start >= 3 or any(a == b for a, b in zip(text[start:end], word, strict=True)):
            text = text[:start] + word + text[end:]
    return text


def _said_as_verbs(text: str, start: int, word: str) -> bool:
    """Whether a character the word would change is an everyday verb after a modal or verb said right (要写 is no 要挟)."""
    return any(k > start and text[k] != w and text[k - 1] == word[k - start - 1] and verb_after_verb(text[k - 1], text[k])
               for k, w in zip(range(start, start + len(word)), word, strict=True))


@cache
def _edit_matcher() -> EditMatcher:
    """Every word the acts every arm's harm check reads spell out, with the small groups of alternatives around them
    (结束(?:生命|自己) -> 结束生命) and the words on both sides of a gap said together (密码.{0,6}重置 -> 密码重置);
    what a lookaround says must not be said is none of them."""
    from v2t.harm_payment import PAYMENT_ACTS
    from v2t.harm_rules import ALL_ACTS  # imported on first use, once the acts are loaded

    patterns = [a.pattern.pattern for a in ALL_ACTS] + [p.pattern for p, _, _ in PAYMENT_ACTS]
    lone = set().union(*map(lone_characters, patterns))
    words = frozenset().union(*map(pattern_spellings, patterns), usual_words(lone), before_pronoun(lone))
    return EditMatcher(words, FILLERS,
                       literal=frozenset().union(*map(literal_words, patterns)),
                       joined=frozenset().union(*map(joined_words, patterns)))


def hear_harm_edits(text: str) -> str:
    """`text` with each word the harm acts spell out heard back through one recogniser's edit (v2t.edit_hearing:
    结生命 -> 结束生命, 账嗯号 -> 账号, 喜钱 -> 洗钱) and numbers in digits said in words (打200000 -> 打二十万).
    Only ever read as a second reading that can add a refusal, never in place of the text."""
    return _edit_matcher().restore(spoken_numbers(text))


@cache
def _guard_matcher() -> EditMatcher:
    """The words the guards of v2t.harm_rules spell out (怎么防, 举报, 被人装) and their key words, for one edit that
    takes no character for another: a homophone is as often a harm said (怎么放把火 is no 怎么防, 上显 no 上限)."""
    from v2t.harm_rules import (  # imported on first use, once the guards are loaded
        GUARD_PATTERNS,
        GUARD_WORDS,
    )

    patterns = [p.pattern for p in GUARD_PATTERNS]
    return EditMatcher(frozenset(GUARD_WORDS).union(*map(pattern_spellings, patterns)), FILLERS,
                       literal=frozenset(GUARD_WORDS).union(*map(literal_words, patterns)), by_sound=False)


def hear_guard_edits(text: str) -> str:
    """`text` with each word the guards spell out heard back through one recogniser's edit, as hear_harm_edits hears
    the acts', but through a drop, a doubling or a hesitation only (怎么么防 -> 怎么防, 定定位器 -> 定位器, 判年 -> 判几年):
    noise that breaks the words that make a request harmless must not make it a refusal. Only ever read as a second
    reading that can keep a request allowed."""
    return _guard_matcher().restore(text)


_GAP = "(?:" + "|".join(sorted(map(re.escape, FILLERS), key=len, reverse=True)) + r"|\s)*"


@cache
def _gap_closer(words: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    ordered = tuple(sorted(words, key=len, reverse=True))
    return re.compile("|".join("(" + _GAP.join(map(re.escape, w)) + ")" for w in ordered)), ordered


def close_word_gaps(text: str, words: tuple[str, ...]) -> str:
    """`text` with pauses and hesitations taken out of each of `words` they split (投 就是 诉 -> 投诉); only a word
    written whole across the gap is closed, so phrases elsewhere stay apart."""
    pattern, ordered = _gap_closer(words)
    return pattern.sub(lambda m: ordered[m.lastindex - 1], text)
