"""Words heard back through one recogniser's edit: a character dropped, doubled or misheard by sound, a hesitation inside.

`EditMatcher` finds a span one such edit away from a word (结生命 -> 结束生命, 点点击 -> 点击, 账嗯号 -> 账号, 喜钱 -> 洗钱)
and writes the word back; `spoken_numbers` writes a number a recogniser put in digits the way it was said (200000 ->
二十万). A word of two characters is heard through a hesitation, a doubling or one misheard character only: with one
of two characters dropped, nothing of it is left to hear, unless the pattern says it right after another word (密码
重置 -> 密码置). A word of the lexicon of three or more may lose an edge where what is left holds no word (份证).
"""

from __future__ import annotations

import itertools
import re

from v2t.reading import (
    MODALS,
    ORDINARY_VERBS,
    is_han,
    lexicon,
    name_reading,
    toned_readings,
    usual_reading,
    verb_after_verb,
)

# A dropped negation is not put back (让她知道 is no 不让她知道), and a numeral never stands for another character.
_NEGATIONS = frozenset("不没别未非无莫勿")
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿")
# 他, 她 and 它 are one sound: which the speaker meant is in the writing only.
_PRONOUNS = frozenset("他她它")
# Pronouns and particles: a phrase that holds one is glued from small words, and what a drop leaves of it is speech.
_FUNCTION = frozenset("的了地得着过吗呢吧啊么他她它我你您们这那个是在")


def _droppable(word: str) -> list[int]:
    """Where a recogniser may have dropped a character of `word` and the rest still tells it: inside it, both ends
    heard (what is left of 代开发票 without its first is 开发票, a phrase of its own), in a word of three or more that
    holds no pronoun, particle or negation (他人的 -> 他的, 号码是谁 -> 号码是, 不让她知道 -> 让她知道 are speech), and
    where the characters the drop brings together make no word (开假发票 -> 开发票 holds 开发: said as said)."""
    if len(word) < 3 or (_FUNCTION | _NEGATIONS) & set(word):
        return []
    words = lexicon()
    return [k for k in range(1, len(word) - 1)
            if not any(w in words for w in (word[k - 1] + word[k + 1], word[max(0, k - 2):k] + word[k + 1],
                                            word[k - 1] + word[k + 1:k + 3]) if len(w) >= 2)]


def _two_character_words() -> frozenset[str]:
    """Two-character words of CC-CEDICT and of pypinyin's own phrase list: CC-CEDICT leaves out some everyday compounds
    that pypinyin lists for their readings (电费; about 7,200 two-character words in all)."""
    from pypinyin.phrases_dict import phrases_dict  # already loaded by pypinyin for its readings

    return frozenset(w for w in itertools.chain(lexicon(), phrases_dict) if len(w) == 2 and all(map(is_han, w)))


def usual_words(chars) -> frozenset[str]:
    """The two-character words (CC-CEDICT's and pypinyin's phrases) that hold one of `chars`, a character a rule says
    alone (破 -> 爆破, 费 -> 电费): a recogniser that mishears it (爆迫, 电飞) leaves the other character of its word to
    hear it by. A pronoun, particle, negation, numeral or everyday verb is said alone too often to be heard so."""
    lone = frozenset(chars) - _FUNCTION - _NEGATIONS - _NUMERALS - _PRONOUNS - MODALS - ORDINARY_VERBS
    return frozenset(w for w in _two_character_words() if w[0] in lone or w[1] in lone)


def before_pronoun(chars) -> frozenset[str]:
    """A character a rule says alone, said before 他 or 她 (登他, 骗她): the act done to someone, which a recogniser that
    mishears the act (灯他) leaves only the pronoun of; EditMatcher hears such a pair through a homophone tone and all."""
    lone = frozenset(chars) - _FUNCTION - _NEGATIONS - _NUMERALS - _PRONOUNS - MODALS - ORDINARY_VERBS
    return frozenset(c + p for c in lone if is_han(c) for p in "他她")


def _to_pronoun(word: str) -> bool:
    """Whether `word` is an act said to 他 or 她 (登他): a pair before_pronoun makes."""
    return len(word) == 2 and word[1] in "他她"


def _same_tone(heard: str, said: str) -> bool:
    """Whether `heard` is read as `said` is, tone included (灯 and 登 are deng1; 等 is deng3)."""
    readings = toned_readings(said)
    return bool(readings) and toned_readings(heard)[:1] == readings[:1]


def _edge_droppable(word: str) -> list[int]:
    """Where a recogniser may have dropped the first or last character of `word` and the rest is still only the word's:
    in a word of the lexicon of three or more (a phrase glued from small words, 吃多少 or 开一下, loses an edge to
    speech: 吃多, 开一), where nothing of two characters or more in what is left is a word (身份证 -> 份证; 代开发票 ->
    开发票 holds 开发 and 发票, 银行卡 -> 银行 is one)."""
    words = lexicon()
    if len(word) < 3 or word not in words or (_FUNCTION | _NEGATIONS) & set(word):
        return []
    return [k for k in (0, len(word) - 1)
            if not any(rest[a:b] in words for rest in [word[:k] + word[k + 1:]]
                       for a in range(len(rest)) for b in range(a + 2, len(rest) + 1))]


class EditMatcher:
    """Spans one edit away from one of `words` (Chinese, two characters or more), never a word written right.

    A misheard character must sound like the word's (tones aside); in a word of three or more up to two may be
    misheard, one heard right. A character dropped inside a word of three or more is put back (_droppable); a word
    of four or more may lose one and have one misheard besides. As in v2t.reading.ReadingMatcher, a span that is a
    word of its own, or that makes a word with the character before or after it, is no mishearing. Without
    `by_sound`, only drops, doublings and hesitations are heard: no character is taken for another.
    """

    def __init__(self, words, hesitations, literal=None, joined=(), by_sound=True):
        self.words = frozenset(w for w in words if len(w) >= 2 and all(is_han(c) for c in w))
        # Words a pattern spells in one run (身份证), not glued from its alternatives (多报(?:点)?钱 -> 多报钱): a
        # phrase of three glued that loses its middle is two characters of ordinary speech (多钱).
        literal = self.words if literal is None else frozenset(literal)
        self._hesitant = frozenset(h for h in hesitations if len(h) == 1)
        lex = lexicon()
        self._spelled: dict[str, str] = {}  # a word as written with one character dropped, doubled or a hesitation in
        # Readings -> (the word as said, with a character dropped or not; the word), heard through homophones.
        self._by_sound: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for word in sorted(self.words, key=lambda w: (-len(w), w)):
            doubled = [word[:k] + word[k - 1:] for k in range(1, len(word) + 1)]
            hesitant = [word[:k] + h + word[k:] for k in range(1, len(word)) for h in hesitations]
            dropped = [k for k in _droppable(word) if word[:k] + word[k + 1:] not in lex and (len(word) >= 4 or word in literal)]
            edges = [k for k in _edge_droppable(word) if word in literal]
            for variant in [word[:k] + word[k + 1:] for k in dropped + edges] + doubled + hesitant:
                if variant not in self.words and variant not in lex:
                    self._spelled.setdefault(variant, word)
            readings = [dict.fromkeys((r, usual_reading(c))) for c, r in zip(word, name_reading(word), strict=True)]
            said = [(word, readings)] + [(word[:k] + word[k + 1:], readings[:k] + readings[k + 1:])
                                         for k in dropped if len(word) >= 4]
            for spelled, options in said if by_sound else ():
                for key in itertools.product(*options):
                    self._by_sound.setdefault(key, []).append((spelled, word))
        # Two words a pattern lets be said together (密码重置): heard only through a character dropped inside, since
        # each word is heard through its own homophones already.
        for word in sorted(frozenset(joined) - self.words):
            for k in _droppable(word):
                if (variant := word[:k] + word[k + 1:]) not in self.words and variant not in lex:
                    self._spelled.setdefault(variant, word)
        self._longest = max(map(len, self._spelled), default=0)
        self._longest_word = max(map(len, self.words), default=0)
        self._sound_lengths = frozenset(map(len, self._by_sound))

    def _sounds_like(self, span: str, spelled: str, word: str) -> bool:
        misheard = [k for k, (a, b) in enumerate(zip(span, spelled, strict=True)) if a != b]
        most = 1 if len(word) == 2 or spelled != word else 2  # a drop and a homophone: no second homophone
        if not misheard or len(misheard) > most or len(misheard) == len(spelled):
            return False
        # Of two characters, one heard right must say something: a pronoun or particle is in every sentence (疙我 is
        # no 割我); and a hesitation (呃, 嗯) is what was said, no character misheard (早呃上 holds no 讹). An act said
        # to 他 or 她 (登他) is heard only through a homophone of the same tone (灯他 -> 登他; 等他 is said as said).
        if len(spelled) == 2 and all(spelled[k] in _FUNCTION for k in range(2) if k not in misheard):
            if not (_to_pronoun(spelled) and misheard == [0] and _same_tone(span[0], spelled[0])):
                return False
        return not any(span[k] in _NUMERALS or span[k] in _PRONOUNS or spelled[k] in _PRONOUNS or span[k] in self._hesitant
                       or (k and verb_after_verb(span[k - 1], span[k])) for k in misheard)

    def _stands_alone(self, text: str, i: int, j: int, word: str) -> bool:
        """No word of the lexicon is the span, or crosses its edges (已经|东西), but a part of the word itself. An act
        said to 他 or 她 ends in the pronoun, and the pronoun's own words after it (他的, 她们) are its object said."""
        words = lexicon()
        if text[i:j] in words:
            return False
        edges = ((i - 1, i + 1), (i - 2, i + 1)) + (() if _to_pronoun(word) else ((j - 1, j + 1), (j - 1, j + 2)))
        return not any(text[a:b] in words and text[a:b] not in word for a, b in edges if a >= 0 and b <= len(text))

    def _heard_at(self, text: str, i: int, exact: list[tuple[int, int]], sounds: list[str | None]) -> tuple[int, str] | None:
        for j in range(min(len(text), i + self._longest), i + 1, -1):
            span = text[i:j]
            word = self._spelled.get(span)
            if word is None and j - i in self._sound_lengths and None not in sounds[i:j]:
                word = next((w for spelled, w in self._by_sound.get(tuple(sounds[i:j]), ())
                             if self._sounds_like(span, spelled, w)), None)
            # A word written right wins, but for the pronoun's own words after an act said to it (灯|她的 -> 登她的).
            if (word is None or span in self.words
                    or any(s < j and i < e and not (i <= s and e <= j) and not (s == j - 1 and _to_pronoun(word))
                           for s, e in exact)):
                continue
            if self._stands_alone(text, i, j, word):
                return j, word
        return None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of each span heard as a word, left to right, longest first, never overlapping."""
        exact = [(i, i + n) for i in range(len(text)) for n in range(2, min(self._longest_word, len(text) - i) + 1)
                 if text[i:i + n] in self.words]
        sounds = [usual_reading(c) if is_han(c) else None for c in text]
        found, i = [], 0
        while i < len(text):
            hit = self._heard_at(text, i, exact, sounds)
            if hit:
                found.append((i, *hit))
                i = hit[0]
            else:
                i += 1
        return found

    def restore(self, text: str) -> str:
        """`text` with each span heard as a word written as the word (the length may change)."""
        out, at = [], 0
        for start, end, word in self.find(text):
            out += [text[at:start], word]
            at = end
        return "".join(out) + text[at:]


# A number a recogniser wrote in digits, not part of a name, an address or a longer code (mp3, 163.com, a phone).
_DIGITS_RE = re.compile(r"(?<![A-Za-z0-9.@])[1-9]\d{0,7}(?![0-9.@A-Za-z])")


def spoken_numbers(text: str) -> str:
    """`text` with each number in digits written in words as it is said (200000 -> 二十万, 500 -> 五百)."""
    from v2t.asr_noise import integer_words  # the noise model's own spelling of a number in words

    return _DIGITS_RE.sub(lambda m: integer_words(int(m.group(0))), text)
