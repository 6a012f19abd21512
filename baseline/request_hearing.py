"""A second hearing of a request the rules read as a plain search: what a recogniser split or misheard in a cue.

A short request whose one cue word was misheard (打 揩网易云 音乐, 帮我取消移下, 学校恬 清华大学) falls through every
rule to the search fallback. `hear_request` reads it again more boldly: pauses and fillers inside a rule word or a
form label closed, words matched tones aside, a fill verb misheard after its label, an address number said in words as
digits. The baseline takes that reading only when the first reading was a search and this one is not, so what it
made of clean speech, a plain search included, stands.
"""

from __future__ import annotations

import re
from functools import cache

from baseline.cue_words import SOURCES, CueMatcher, close_gaps, words_of_modules
from v2t.asr_noise import cn_integer
from v2t.reading import is_han


def form_label_words() -> frozenset[str]:
    """Every spoken alias of a form label the baseline knows (baseline.form_labels), alone and with each
    one-character fill verb of baseline.form_fields after it: 邮编, 职业, 邮编填. The verb is heard only with its
    label (学校恬 -> 学校填): alone, one syllable has too many homophones."""
    from baseline.form_fields import _FILL_VERB_RE
    from baseline.form_labels import LABELS

    aliases = {alias for _, spoken, _ in LABELS for alias in spoken}
    verbs = {v for v in re.sub(r"\(\?<?[=!][^)]*\)", "", _FILL_VERB_RE.pattern).split("|") if len(v) == 1 and is_han(v)}
    return frozenset(aliases | {alias + verb for alias in aliases for verb in verbs})


@cache
def request_matcher() -> CueMatcher:
    """The rules' words and the form labels, tones aside: this reading is only taken where the first found no rule
    that fits, and it can add no refusal."""
    return CueMatcher(words_of_modules(SOURCES) | form_label_words(), tones=False, sandhi=True)


# A number in words right after the @ of an address said aloud (wang at 一百六十三 点 com): a recogniser wrote 163 out.
_ADDRESS_NUMBER_RE = re.compile(r"(\bat|艾特|@)(\s*)([零〇一二两三四五六七八九十百千万]+)(?=\s*(?:点|dot\b|\.))", re.I)


def hear_address_numbers(text: str) -> str:
    """`text` with a number a recogniser wrote in words right after the @ of an address said aloud, in digits."""
    def digits(m: re.Match) -> str:
        value = cn_integer(m.group(3))
        return m.group(0) if value is None else m.group(1) + m.group(2) + str(value)

    return _ADDRESS_NUMBER_RE.sub(digits, text)


def hear_request(text: str) -> str:
    """`text` read for what a recogniser split or misheard in its cue words and form labels (see the module)."""
    matcher = request_matcher()
    return matcher.restore(close_gaps(hear_address_numbers(text), matcher, doubles=False))
