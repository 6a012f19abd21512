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
    (blocked). A string's closing quote belongs to the literal that follows it.
    """
    rule = RULES[contract["task_type"]]
    strings: list[str] = []

    def hole(value: str) -> str:
        strings.append(value)
        return _STRING.format(len(strings) - 1)

    skeleton = dict(contract)
    skeleton["task_type"] = _CUT + contract["task_type"]
    slots = dict(contract["slots"])
    value = slots[rule.slot_key]
    if rule.slot_is_object:
        slots[rule.slot_key] = {hole(k): hole(v) for k, v in value.items()}
    else:
        slots[rule.slot_key] = hole(value)
    skeleton["slots"] = slots
    skeleton["normalized_command"] = hole(contract["normalized_command"])
    confirmation = contract["confirmation_required"]
    if rule.confirmation_any:
        skeleton["confirmation_required"] = "\ue003"
    text = render(skeleton)
    if rule.confirmation_any:
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
