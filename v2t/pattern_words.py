"""The words a regex spells out in Chinese: its literal runs, and the spellings its small groups of alternatives make.

Hearing a rule's words through noise starts from the words its patterns say (帮我|一下子? -> 帮我, 一下; 盗(?:个|一个)
-> 盗个, 盗一个), so a word a rule adds is heard with no second list: baseline.cue_words and v2t.harm_hearing read them.
"""

from __future__ import annotations

import itertools
import math
import re

from v2t.reading import is_han

_QUANTIFIERS = "?*+{"


def literal_words(pattern: str) -> set[str]:
    """The runs of two or more Chinese characters a regex spells out literally: 帮我|一下子? -> 帮我, 一下.

    A character class, an escape or a group boundary ends a run; a character under a quantifier is no part of one
    (一下子? may be said without 子), so the words are ones every match of that branch really says.
    """
    words, run, i = set(), "", 0

    def flush() -> None:
        nonlocal run
        if len(run) >= 2:
            words.add(run)
        run = ""

    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            flush()
            i += 2
            continue
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):  # a lookaround names what is not the word
            flush()
            i = _group_end(pattern, i)
            continue
        if ch == "[":  # skip the class, whose first ] (or one right after [ or [^) is a member
            flush()
            j = i + 1 + (pattern[i + 1:i + 2] == "^")
            j += pattern[j:j + 1] == "]"
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if is_han(ch) and not (i + 1 < len(pattern) and pattern[i + 1] in _QUANTIFIERS):
            run += ch
        else:
            flush()
        i += 1
    flush()
    return words


def _group_end(pattern: str, i: int) -> int:
    """The index after the group that opens at pattern[i] (escapes and classes inside skipped)."""
    depth, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


# A group or class of plain Chinese alternatives, optional or not (盗(?:个|一个|取), 下(?:点|些)?毒, [帮给]我).
_CHOICE_RE = re.compile(r"\(\?:([\u4e00-\u9fff]*(?:\|[\u4e00-\u9fff]*)+|[\u4e00-\u9fff]+)\)(\?)?(?![*+{?])"
                        r"|\[([\u4e00-\u9fff]+)\](\?)?(?![*+{?])")
_MOST_SPELLINGS = 64  # a run with more ways to say it than this is read by literal_words only


def spelled_words(pattern: str) -> set[str]:
    """Every way a regex spells a run of Chinese out, small groups of Chinese alternatives and optional characters
    included: 盗(?:个|一个) -> 盗个, 盗一个; 下(?:点|些)?毒 -> 下毒, 下点毒. A one-character harm (盗, 毒) is heard
    through noise only with the words around it, so those are the words its rule is heard by."""
    words = set(literal_words(pattern))
    for spellings, groups, _ in _spelled_runs(pattern):
        if groups > 1:
            words.update(w for w in spellings if len(w) >= 2)
    return words


def joined_words(pattern: str) -> set[str]:
    """The words a regex spells on both sides of a gap it lets be empty, said with no gap: (?:密码|账号).{0,6}(?:重置|改掉)
    -> 密码重置, 账号改掉. A two-character word at the edge of its run (重置) loses half of itself to one dropped
    character; said with the word before it, the drop is inside a word of four, which is heard back. Each side is a
    word the pattern spells in one run: a lone character (密码.{0,10}试 -> 密码试) or a pair glued from two (都(?:要|扒)
    -> 都要) would be heard in everyday speech (密码是, 电话要)."""
    words, runs, literal = set(), _spelled_runs(pattern), literal_words(pattern)
    for (left, _, _), (right, _, after_gap) in zip(runs, runs[1:], strict=False):
        left, right = left & literal, right & literal
        if after_gap and len(left) * len(right) <= _MOST_SPELLINGS:
            words.update(a + b for a in left for b in right)
    return words


def lone_characters(pattern: str) -> set[str]:
    """The Chinese characters a regex says as a run of their own, no other character of the run beside them:
    密码.{0,10}(?:猜|破|查出) -> 猜, 破. Noise hears such a character only inside the everyday word it was said in."""
    return {w for spellings, groups, _ in _spelled_runs(pattern) if groups == 1 for w in spellings if len(w) == 1}


# A gap a pattern lets be empty (.{0,6}, .*): the words on either side of it may be said one after the other.
_EMPTY_GAP_RE = re.compile(r"\.(?:\{0,\d+\}|\*)\??")


def _spelled_runs(pattern: str) -> list[tuple[set[str], int, bool]]:
    """Each run of Chinese in `pattern` and what ends the one before it: (its spellings, how many characters or groups
    of alternatives it has, whether it follows the run before across an empty gap). A run with more spellings than
    _MOST_SPELLINGS has none."""
    runs: list[tuple[set[str], int, bool]] = []
    seq: list[list[str]] = []
    after_gap, i = False, 0

    def flush(gap: bool = False) -> None:
        nonlocal after_gap
        fits = math.prod(map(len, seq)) <= _MOST_SPELLINGS
        runs.append((set(map("".join, itertools.product(*seq))) if seq and fits else set(), len(seq), after_gap))
        after_gap = gap
        seq.clear()

    while i < len(pattern):
        gap = _EMPTY_GAP_RE.match(pattern, i)
        if gap:
            flush(gap=True)
            i = gap.end()
            continue
        m = _CHOICE_RE.match(pattern, i)
        if m:
            options = (m.group(1) or "").split("|") if m.group(1) is not None else list(m.group(3))
            seq.append(options + [""] * bool(m.group(2) or m.group(4)))
            i = m.end()
            continue
        ch = pattern[i]
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):  # what must not be said is no spelling
            i = _group_end(pattern, i)
            continue  # a lookaround says nothing, so the run goes on across it
        if is_han(ch) and pattern[i + 1:i + 2] == "?":
            seq.append([ch, ""])
            i += 2
            continue
        if is_han(ch) and not (i + 1 < len(pattern) and pattern[i + 1] in _QUANTIFIERS):
            seq.append([ch])
        else:
            flush()
        i += 2 if ch == "\\" else 1
    flush()
    return runs
