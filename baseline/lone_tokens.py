"""The harm acts' one-character tokens (假, 枪, 不, 个) heard back through a recogniser's homophones, for hear_harms.

baseline.cue_words hears the harm rules' words of two characters or more; a token said alone has no word around it to
be heard by, so here a character far rarer than the token of its sound, that makes no word where it stands, is written
as the token, and only where the token then completes a harm the rules name (稼诊断书 -> 假诊断书, 真羌 -> 真枪).
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from baseline.cue_words import _NUMERALS, _PRONOUNS, HARM_SOURCES, _patterns
from v2t.reading import is_han, lexicon, usual_reading

# The modules whose patterns read the harms hear_harms feeds (the baseline's and every arm's harm check).
_ALL_HARM_SOURCES = (*HARM_SOURCES, "v2t.harm_general", "v2t.harm_catchall", "v2t.harm_deeds", "v2t.harm_cues")
_CLASS_RE = re.compile(r"\[\^?([^\]]*)\]")
_LONE_HAN_RE = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?![\u4e00-\u9fff])")
_LOOKAROUND_RE = re.compile(r"\(\?<?[=!][^)]*\)")
_PERSON_READING = "ta"
_PAUSE_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# A character this much rarer in the lexicon's words than the token read the same is taken for the token misheard.
_RARER = 8


@cache
def _word_counts() -> dict[str, int]:
    """Per character, how many words of the lexicon hold it: how often speech writes it."""
    counts: dict[str, int] = {}
    for word in lexicon():
        for ch in set(word):
            counts[ch] = counts.get(ch, 0) + 1
    return counts


@cache
def _lone_harm_chars() -> dict[str, str]:
    """Usual reading, tones aside -> the one-character token of the harm acts read so (jia -> 假, qiang -> 枪): a
    character an act spells alone, as a class member or an alternative of its own; the commonest in the acts where
    several read alike. Names (v2t.harm_words.PERSON: 老王, 张某) and what must not be said (lookarounds) are none."""
    from v2t.harm_words import PERSON

    counts: dict[str, int] = {}
    for name in _ALL_HARM_SOURCES:
        for key, value in vars(importlib.import_module(name)).items():
            if not key.startswith("__"):
                for source in _patterns(value):
                    said = _LOOKAROUND_RE.sub(" ", source.replace(PERSON, " "))
                    lone = [ch for cls in _CLASS_RE.findall(said) for ch in cls if is_han(ch)]
                    for ch in lone + _LONE_HAN_RE.findall(_CLASS_RE.sub(" ", said)):
                        counts[ch] = counts.get(ch, 0) + 1
    out: dict[str, str] = {}
    for ch in sorted(counts, key=lambda c: (-counts[c], c)):
        reading = usual_reading(ch)
        if reading and ch not in _NUMERALS and ch not in _PRONOUNS:
            out.setdefault(reading, ch)
    return out


def hear_lone_chars(text: str) -> str:
    """`text` with each character heard as a one-character token of the harm acts (稼诊断书 -> 假诊断书, 真羌 -> 真枪):
    one that sounds like the token tones aside, makes no word with the characters beside it, and is far rarer in
    words than the token (_RARER), so a recogniser that wrote it more likely misheard the token than heard it.
    A character read ta but no pronoun (塌) may be the person the rules name (他). A token itself, a numeral or a
    pronoun is left as said, and so is the whole text where no harm is then read."""
    from v2t.harm_rules import harm  # the rules read the heard text; imported late, after they are loaded

    tokens, words, freq = _lone_harm_chars(), lexicon(), _word_counts()
    lone = set(tokens.values())
    # A pause is no edge of a word (吐 槽 is 吐槽): the characters are read as the harm rules read them, run together.
    said = text
    pauses = {i for m in _PAUSE_RE.finditer(said) for i in range(m.start(), m.end())}
    at = [i for i in range(len(said)) if i not in pauses]  # where each character read stands in what was said
    text = "".join(said[i] for i in at)
    out = list(said)
    for k, ch in enumerate(text):
        if not is_han(ch) or ch in lone or ch in _NUMERALS or ch in _PRONOUNS:
            continue
        reading = usual_reading(ch)
        # The rules name someone by 他 or 她, one sound with 塌 and 踏: those may be the person misheard (登塌账号). A
        # pronoun is in few words of the lexicon, so the rarity test says nothing of it; 它 is the writing's choice
        # (点开它 is no 开他).
        person = reading == _PERSON_READING
        token = "他" if person else tokens.get(reading or "")
        if (token is None or (not person and _RARER * freq.get(ch, 0) > freq.get(token, 0))
                or any(text[a:b] in words for a, b in ((k - 1, k + 1), (k, k + 2)) if a >= 0 and b <= len(text))):
            continue
        out[at[k]] = token
    heard = "".join(out)
    # Only where a token completes a harm the rules name: elsewhere a rare character is as likely said as heard
    # (楼栋 is no 楼动, whatever the lexicon lacks). And only where the token itself does it: a harm that is read
    # with the characters left out as well was held back by what they said (怎么劝她 is no 怎么全她: 劝 guards).
    if heard == said or harm(heard) is None:
        return said
    left_out = "".join(" " if new != old else old for new, old in zip(out, said, strict=True))
    return heard if harm(left_out) is None else said
