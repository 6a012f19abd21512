"""A contract's decision-first text cut into fixed literals and free strings, the cut both sides share.

Training targets tokenize each piece on its own; the grammar decoder emits the same pieces, so ids agree exactly.
"""

from __future__ import annotations

import json
import re
from typing import Any

from v2t.contract import RULES, render

# Private-use marks stand in for free strings and choice points while rendering; they never reach output.
_STRING = "\ue000{}\ue001"
_CUT = "\ue002"
_MARK = re.compile("(\ue000\\d+\ue001|\ue002)")


def segments(contract: dict[str, Any]) -> list[tuple[str, str]]:
    """[(kind, text)]: kind 'literal' (fixed text, cut where the model chooses) or 'string' (free content).

    Cuts: before the task type value, and before confirmation_required's value where the rules leave it open
    (blocked). A string's closing quote belongs to the literal that follows it. Every string slot value (and
    each label and value of an object slot) is a free string, so a contract the rules forbid (a DPO
    rejection with a wrong slot key or route) is cut the same way wherever its text agrees with the grammar.
    """
    rule = RULES.get(contract["task_type"])
    strings: list[str] = []

    def hole(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        strings.append(value)
        return _STRING.format(len(strings) - 1)

    skeleton = dict(contract)
    skeleton["task_type"] = _CUT + contract["task_type"]
    skeleton["slots"] = {k: {hole(a): hole(b) for a, b in v.items()} if isinstance(v, dict) else hole(v)
                         for k, v in contract["slots"].items()}
    skeleton["normalized_command"] = hole(contract["normalized_command"])
    confirmation = contract["confirmation_required"]
    open_confirmation = rule is not None and rule.confirmation_any
    if open_confirmation:
        skeleton["confirmation_required"] = "\ue003"
    text = render(skeleton)
    if open_confirmation:
        text = text.replace('"\ue003"', _CUT + json.dumps(confirmation), 1)
    pieces: list[tuple[str, str]] = []
    for part in _MARK.split(text):
        if part == _CUT or not part:
            continue
        if part.startswith("\ue000"):
            pieces.append(("string", strings[int(part[1:-1])]))
        else:
            pieces.append(("literal", part))
    return pieces
