"""Spoken Chinese text helpers shared by the data builder and the rule baseline.

Turning a transcript into a legal contract string, dropping fillers, reading spoken digits.
"""

from __future__ import annotations

import re
import unicodedata

from v2t.contract import FORBIDDEN_CHARS, MAX_STRING_CHARS

# Discourse fillers of spoken Mandarin (CONTRACT.md §4); longest first so 那个 goes before 那.
FILLERS = ("那个", "就是说", "就是", "然后", "的话", "这样子", "嗯", "呃", "额", "啊", "哦", "噢", "唉", "诶", "哈",
           "呀", "啦", "嘛", "吧", "呢")
_FILLER_RE = re.compile("|".join(map(re.escape, FILLERS)))
# Quotes of any script are dropped, not only the ASCII one the contract forbids: a value never quotes.
_QUOTES_RE = re.compile(r"[\"'“”‘’「」『』]")
_SPACE_RE = re.compile(r"\s+")

SPOKEN_DIGITS = {"零": "0", "〇": "0", "洞": "0", "幺": "1", "一": "1", "二": "2", "三": "3",
                 "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
# A run of at least three digit words (spaces from ASR allowed) is a spoken number: 幺三八 -> 138.
# 两 is left out: 两三天 is an amount, never a digit string.
_DIGIT_RUN_RE = re.compile(r"[零〇洞幺一二三四五六七八九0-9](?:\s*[零〇洞幺一二三四五六七八九0-9]){2,}")


def clean_string(text: str, limit: int = MAX_STRING_CHARS) -> str:
    """Quotes, backslashes and control characters out, white space collapsed, at most `limit` chars.

    May return "" when nothing is left; callers decide the fallback.
    """
    text = unicodedata.normalize("NFC", text)
    text = FORBIDDEN_CHARS.sub(" ", _QUOTES_RE.sub("", text))
    text = _SPACE_RE.sub(" ", text).strip()
    return text[:limit].strip()


def strip_fillers(text: str) -> str:
    """The transcript without discourse fillers and with white space collapsed."""
    return _SPACE_RE.sub(" ", _FILLER_RE.sub(" ", text)).strip()


def spoken_digits(text: str) -> str:
    """Spoken digit runs as Arabic digits (幺三八 零零 -> 13800); short words like 一下 stay as they are."""

    def convert(m: re.Match[str]) -> str:
        return "".join(SPOKEN_DIGITS.get(ch, ch) for ch in m.group(0) if not ch.isspace())

    return _DIGIT_RUN_RE.sub(convert, text)


def fit(prefix: str, body: str, limit: int = MAX_STRING_CHARS) -> str:
    """`prefix + body` cut to the contract's string limit, cleaned (e.g. a command verb and its object)."""
    return clean_string(prefix + clean_string(body), limit)
