"""A speech recogniser's errors, put into clean transcripts: homophones, drops, doubles, fillers, spaces, numbers.

Deterministic per (seed, row id, settings); only the input text changes, never a row's gold contract.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from pypinyin.contrib.tone_convert import to_normal

from v2t.config import load_config
from v2t.contract import hash_json
from v2t.errors import UserError
from v2t.reading import is_han, toned_readings
from v2t.spoken import FILLERS

KINDS = ("homophone", "near_homophone", "drop", "double", "filler", "space", "numeral")
# Kinds decided once per Chinese character; they exclude each other, so their rates add up to at most 1.
CHAR_KINDS = ("homophone", "near_homophone", "drop", "double")
# What one noise rate R means: R of the characters get a character error (shared as below), a tenth of R of
# the gaps a filler, R of the gaps a space, and twice R of the numbers the other way of writing.
RATE_SHARES = {"homophone": 0.5, "near_homophone": 0.2, "drop": 0.15, "double": 0.15, "filler": 0.1,
               "space": 1.0, "numeral": 2.0}
# Hesitations a recogniser keeps; each is one of v2t.spoken's FILLERS, so strip_fillers takes them out again.
INSERTED_FILLERS = ("嗯", "呃", "啊", "那个", "就是")
assert set(INSERTED_FILLERS) <= set(FILLERS)

_DIGIT_WORDS = "零一二三四五六七八九"
_CN_VALUE = {**{c: i for i, c in enumerate(_DIGIT_WORDS)}, "〇": 0, "两": 2}
# A number in words has a unit (二十, 三百五, 两千零六) or is a run of three digit words (一三八); 十分 means very:
# It starts with a digit word (千万 and 万一 are words, not numbers), or with 十 and a digit (十五).
_NUMBER_RE = re.compile(r"(?:[零〇一二两三四五六七八九]+[十百千万]|十[一二三四五六七八九])[零〇一二两三四五六七八九十百千万]*"
                        r"|[零〇一二三四五六七八九]{3,}|\d+")


@dataclass(frozen=True)
class NoiseConfig:
    """Per-kind rates: character kinds per Chinese character, filler and space per gap between two Chinese
    characters, numeral per number; homophone kinds count only characters that have one among common ones."""

    seed: int = 0
    homophone: float = 0.0
    near_homophone: float = 0.0
    drop: float = 0.0
    double: float = 0.0
    filler: float = 0.0
    space: float = 0.0
    numeral: float = 0.0

    def __post_init__(self) -> None:
        for kind in KINDS:
            value = getattr(self, kind)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                raise UserError(f"noise rate {kind} must be a number from 0 to 1, got {value!r}")
        if sum(getattr(self, k) for k in CHAR_KINDS) > 1.0 + 1e-9:
            raise UserError(f"noise rates {', '.join(CHAR_KINDS)} add up to more than 1")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise UserError(f"noise seed must be an integer, got {self.seed!r}")

    @classmethod
    def at_rate(cls, rate: float, seed: int = 0) -> NoiseConfig:
        """The settings for one overall noise rate R (RATE_SHARES), each kind capped at 1."""
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0.0 <= rate <= 1.0:
            raise UserError(f"noise rate must be a number from 0 to 1, got {rate!r}")
        return cls(seed=seed, **{k: round(min(1.0, share * rate), 6) for k, share in RATE_SHARES.items()})

    def settings(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Noised:
    text: str
    counts: dict[str, int]  # errors made, per kind
    chances: dict[str, int]  # places each kind could have struck


@cache
def common_chars() -> tuple[str, ...]:
    """GB 2312's 3,755 level-1 hanzi (the standard's most used characters), read from Python's own codec."""
    out = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:  # the last row (0xD7) stops at 0xF9
                pass
    return tuple(out)


@cache
def _by_reading() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    toned: dict[str, list[str]] = {}
    toneless: dict[str, list[str]] = {}
    for ch in common_chars():
        r = toned_readings(ch)
        if r:
            toned.setdefault(r[0], []).append(ch)
            toneless.setdefault(to_normal(r[0]), []).append(ch)
    return {k: tuple(v) for k, v in toned.items()}, {k: tuple(v) for k, v in toneless.items()}


@cache
def homophones(ch: str) -> tuple[str, ...]:
    """Common characters read exactly as `ch` usually is (京 -> 经, 精, 惊, ...)."""
    r = toned_readings(ch)
    return tuple(c for c in _by_reading()[0].get(r[0], ()) if c != ch) if r else ()


@cache
def near_homophones(ch: str) -> tuple[str, ...]:
    """Common characters with `ch`'s usual syllable in another tone (东 dong1 -> 动, 懂, 冻)."""
    r = toned_readings(ch)
    if not r:
        return ()
    return tuple(c for c in _by_reading()[1].get(to_normal(r[0]), ()) if toned_readings(c)[0] != r[0])


def cn_integer(words: str) -> int | None:
    """二十 -> 20, 三百零五 -> 305, 两万 -> 20000; a digit-word run (一三八) is not an integer here."""
    total, section, digit, unit, zero = 0, 0, None, 1, False
    for ch in words:
        if ch in "零〇" and (section or total):
            zero = True  # 三百零五: the zero only says a place is empty
            continue
        if ch in _CN_VALUE:
            if digit is not None:
                return None
            digit = _CN_VALUE[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            section += (1 if digit is None else digit) * unit
            digit, zero = None, False
        elif ch == "万":
            total, section, digit, unit, zero = (section + (digit or 0)) * 10_000, 0, None, 10_000, False
        else:
            return None
    if digit is not None and not zero and unit >= 100:
        digit *= unit // 10  # 三百五 is 350, 两万三 is 23000
    return total + section + (digit or 0)


def integer_words(n: int) -> str:
    """20 -> 二十, 305 -> 三百零五, 12 -> 十二 (spoken form; below 100,000,000)."""
    if n < 10:
        return _DIGIT_WORDS[n]
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        return integer_words(high) + "万" + ("" if not low else ("零" if low < 1000 else "") + integer_words(low))
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            out += ("零" if zero and out else "") + ("" if (d == 1 and name == "十" and not out) else _DIGIT_WORDS[d]) + name
            zero = False
        elif out:
            zero = True
    return out


def _swap_number(span: str) -> str | None:
    """The other way of writing a number, or None when the span is no number a recogniser would rewrite."""
    if span.isdigit():
        if len(span) <= 4 and not span.startswith("0"):
            return integer_words(int(span))
        return "".join(_DIGIT_WORDS[int(d)] for d in span)  # a phone or order number is said digit by digit
    if all(ch in _CN_VALUE and ch != "两" for ch in span):
        return "".join(str(_CN_VALUE[ch]) for ch in span)
    value = cn_integer(span)
    return None if value is None else str(value)


def _rng(config: NoiseConfig, row_id: str) -> random.Random:
    digest = hashlib.sha256(hash_json([config.seed, row_id, config.settings()]).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def noise_text(text: str, row_id: str, config: NoiseConfig) -> Noised:
    """`text` as a recogniser might have written it, the same for the same (row id, config)."""
    rng = _rng(config, row_id)
    counts = dict.fromkeys(KINDS, 0)
    chances = dict.fromkeys(KINDS, 0)
    pieces: list[tuple[str, bool]] = []  # (piece, whether it is one original Chinese character)
    at = 0
    for m in _NUMBER_RE.finditer(text):
        if m.group(0).isdigit() and ((m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha())
                                     or text[m.end():m.end() + 1] in (".", "@")):
            continue  # part of a name or an address (mp3, 163.com), not a number said aloud
        swapped = _swap_number(m.group(0))
        if swapped is None:
            continue
        pieces += [(ch, is_han(ch)) for ch in text[at:m.start()]]
        chances["numeral"] += 1
        if rng.random() < config.numeral:
            counts["numeral"] += 1
            pieces.append((swapped, False))
        else:
            pieces.append((m.group(0), False))
        at = m.end()
    pieces += [(ch, is_han(ch)) for ch in text[at:]]
    out: list[str] = []
    for k, (piece, han) in enumerate(pieces):
        if not han:
            out.append(piece)
            continue
        out.append(_char_error(piece, rng, config, counts, chances))
        if k + 1 < len(pieces) and pieces[k + 1][1]:
            chances["filler"] += 1
            chances["space"] += 1
            u = rng.random()
            if u < config.filler:
                counts["filler"] += 1
                out.append(rng.choice(INSERTED_FILLERS))
            elif u < config.filler + config.space:
                counts["space"] += 1
                out.append(" ")
    noised = "".join(out)
    if not noised.strip():  # every character dropped: a recogniser that heard nothing gives no row
        return Noised(text, dict.fromkeys(KINDS, 0), chances)
    return Noised(noised, counts, chances)


def _char_error(ch: str, rng: random.Random, config: NoiseConfig, counts: dict[str, int],
                chances: dict[str, int]) -> str:
    same, near = homophones(ch), near_homophones(ch)
    chances["drop"] += 1
    chances["double"] += 1
    chances["homophone"] += bool(same)
    chances["near_homophone"] += bool(near)
    u, edge = rng.random(), 0.0
    for kind in CHAR_KINDS:
        edge += getattr(config, kind)
        if u < edge:
            break
    else:
        return ch
    pool = {"homophone": same, "near_homophone": near}.get(kind)
    if pool == ():
        return ch  # no common character sounds like this one
    counts[kind] += 1
    if pool:
        return rng.choice(pool)
    return "" if kind == "drop" else ch + ch


def noise_rows(rows: list[dict[str, Any]], config: NoiseConfig, *, id_key: str = "id") -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Copies of `rows` with noised `input_text` (every other key as it was) and the errors made, per kind."""
    total = dict.fromkeys(KINDS, 0)
    out = []
    for row in rows:
        noised = noise_text(row["input_text"], row[id_key], config)
        for kind, n in noised.counts.items():
            total[kind] += n
        out.append({**row, "input_text": noised.text})
    return out, total


def load_noise_config(path) -> NoiseConfig:
    """A NoiseConfig from TOML; any problem, a bad rate included, is one line naming the file."""
    try:
        return load_config(path, NoiseConfig)
    except UserError as e:
        raise e if str(e).startswith(str(path)) else UserError(f"{path}: {e}") from None


def noised_copies(rows: list[dict[str, Any]], config: NoiseConfig) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A noised copy of each row whose text the noise changed (id `<id>/asr`, provenance naming the row copied),
    and what was made: copies, and errors per kind. Gold contracts are the originals' own."""
    noised, errors = noise_rows(rows, config)
    copies = [{**new, "id": f"{old['id']}/asr", "provenance": {**old["provenance"], "asr_noise_of": old["id"]}}
              for old, new in zip(rows, noised, strict=True) if new["input_text"] != old["input_text"]]
    return copies, {"rows_noised": len(copies), "rows_unchanged": len(rows) - len(copies), "errors": errors}
