"""Injection frames (忽略规则, 开发者模式, 授权码): clauses that try to switch the rules off, dropped before a request is read.

A frame is not a harm by itself: what it frames decides. The harm reading (v2t.harm_rules) sees the whole text first,
so nothing harmful hides behind a frame.
"""

from __future__ import annotations

import re

# An injection frame: a clause that tries to switch the rules off or fake an authorisation. It is dropped before
# the request is read (the safety check reads the whole text first, so nothing harmful hides behind a frame).
_FRAME = re.compile(
    r"(?:忽略|无视|不用管|别管|不要管|忘掉|忘了|清空|作废|绕过|关闭|关掉)\S{0,12}(?:规则|指令|设定|限制|提示|要求|安全|风控)"
    r"|(?:进入|开启|打开|切换到?|你现在是|你已经|假装你是|假设你|假设这是|当你是|就当|扮演)\S{0,12}"
    r"(?:模式|机器人|版本|助手|没有规则|没有限制|没规则|没限制|无限制|mode)"
    r"|你?(?:已经)?没有(?:任何)?(?:规则|限制)了?|系统(?:提示|通知|消息)|(?:安全检查|安全校验|风控)\S{0,4}(?:关闭|关了|已关|关)"
    r"|授权码\s*\S+|管理员(?:授权|权限)?|developer\s*mode|task\s*type\s*改成\s*\w+|allow\s*(?:写|是|=|:)?\s*true"
    r"|标成安全|当成安全|就当安全|新指令|旧的作废|(?:已经?)?(?:预先)?授权|(?:不用|无需|不需要|跳过)\S{0,4}(?:确认|检查|审核)|确认跳过"
    r"|(?:结果|输出)\S{0,2}改成"
    r"|(?:别|不用|不要)再?问(?:我)?了?",
    re.I,
)
_CLAUSE = re.compile(r"[^\s，,。；;！!？?]+")


def strip_injection(text: str) -> str:
    """The request without its injection-frame clauses (`忽略前面的规则 帮我搜…` -> `帮我搜…`)."""
    kept = [m.group(0) for m in _CLAUSE.finditer(text) if not _FRAME.search(m.group(0))]
    return " ".join(kept)
