"""The cue words of a follow-up as one word, however the recogniser spaced them (issue 13).

ASR output puts a gap between every word it hears, and inside a cue too: 改 成 宁波, 换 成 串串 吧 不 吃 火锅 了, 不 要
电话 了 就 要 邮箱, 不是 五 月 是 六 月, 不对 不对 是 荔枝. The rules that read a change look for 改成, 不要, 五月 as one
word; here a cue's characters are joined again, a numeral is joined to its unit, and a correction said twice (不对
不对) is said once, and a stutter (改 改成) is said whole. Nothing else of the words moves, so the pieces the speaker said stay apart.
"""

from __future__ import annotations

import re

_NUMERAL = r"[零一二两三四五六七八九十百千万\d]"
_JOINS = (
    re.compile(r"(?<=[换改])\s+(?=[成为到])"),                         # 改 成, 换 成, 改 为
    # 不 要, 不 吃, 不 对: a 不 said as a word of its own (哦不 要作者 is "oh no, the author", no 不要).
    re.compile(r"(?:(?<=^不)|(?<=\s不))\s+(?=[\u4e00-\u9fff])"),
    re.compile(r"(?<=[还也就只])\s+(?=[要有])"),                         # 还 要, 还 有, 就 要, 只 要
    re.compile(r"(?<=[加])\s+(?=上)"),                                   # 加 上
    re.compile(r"(?<=我)\s+(?=是\s*说)|(?<=是)\s+(?=说)"),               # 我 是 说
    re.compile(rf"(?<={_NUMERAL})\s+(?=(?:月|号|日|点|年|岁|个|块|元|万|千|百|十)(?![\u4e00-\u9fff]*[月号日]))"),
    re.compile(rf"(?<={_NUMERAL})\s+(?={_NUMERAL}*(?:月|号|日))"),    # 十 月, 五 月, 一 号
)
_TWICE_RE = re.compile(r"(不对|不是|不)(?:[\s，,]*\1)+(?=[\s，,]|$)")
# A stutter: a cue's first character, then the cue said whole (改 改成, 要 要头戴式的, 嗯换 换成): the start is dropped.
# A word said twice (美元 美元换人民币的, 北京 北京这周末) is a name said again, and stays.
_STUTTER_RE = re.compile(r"(?:^|(?<=\s))[嗯呃啊哦]?(?P<w>[\u4e00-\u9fff])\s+(?=(?P=w)[\u4e00-\u9fff])")


def closed(text: str) -> str:
    """`text` with its cue words and numbers joined (改 成 -> 改成, 五 月 -> 五月) and 不对 不对 said once."""
    out = text
    for pattern in _JOINS:
        out = pattern.sub("", out)
    return _STUTTER_RE.sub("", _TWICE_RE.sub(r"\1", out))
