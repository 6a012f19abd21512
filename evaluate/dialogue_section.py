"""The `dialogue` section of a report on multi-turn dialogues: its name, its shape check, its headline columns.

evaluate.dialogue_metrics writes it; evaluate.report and the dashboard read it through `dialogue_of`, so a
malformed one is one UserError naming the file and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evaluate.report_file import Report, check_counts, check_metrics, is_number
from v2t.errors import UserError

DIALOGUE_SECTION = "dialogue"
HISTORY_MODES = ("gold", "own")  # earlier turns as written / the arm's own earlier predictions
LADDERS = ("all_turns", "last_turns")
CONTEXT_COUNTS = ("carry_turns", "carry_right", "fresh_turns", "leaked")
KIND_COUNTS = (*CONTEXT_COUNTS, "dialogues", "last_turn_task_right")
# What the arms report and the dashboard put side by side per arm and history mode, with where each comes from.
COLUMNS = {
    "context_carry_accuracy": ("context_carry_accuracy",),
    "context_leak_rate": ("context_leak_rate",),
    "last_turn_task_accuracy": ("last_turns", "metrics", "task_type_accuracy"),
    "all_turn_task_accuracy": ("all_turns", "metrics", "task_type_accuracy"),
    "last_turn_exact_match": ("last_turns", "metrics", "contract_exact_match"),
    "all_turn_exact_match": ("all_turns", "metrics", "contract_exact_match"),
}


def _rate_or_none(path: Path, where: str, v: Any) -> None:
    if v is not None and not (is_number(v) and 0 <= v <= 1):
        raise UserError(f"{path}: {where} must be null or a number in [0, 1], got {v!r}")


def dialogue_of(report: Report, path: str | Path) -> dict[str, Any] | None:
    """The report's dialogue section, checked; None for a report on one-turn rows."""
    path = Path(path)
    section = report.extra.get(DIALOGUE_SECTION)
    if section is None:
        return None
    if not isinstance(section, dict):
        raise UserError(f"{path}: {DIALOGUE_SECTION} must be a JSON object")
    if section.get("history_mode") not in HISTORY_MODES:
        raise UserError(f"{path}: {DIALOGUE_SECTION}.history_mode must be one of {', '.join(HISTORY_MODES)}, "
                        f"got {section.get('history_mode')!r}")
    check_counts(path, DIALOGUE_SECTION, section, (*CONTEXT_COUNTS, "dialogues", "turns"))
    for name in LADDERS:
        ladder = section.get(name)
        check_counts(path, f"{DIALOGUE_SECTION}.{name}", ladder, ("n", "unsafe_allowance"))
        check_metrics(path, ladder.get("metrics"))
    for key in ("context_carry_accuracy", "context_leak_rate"):
        _rate_or_none(path, f"{DIALOGUE_SECTION}.{key}", section.get(key))
    kinds = section.get("kinds")
    if not isinstance(kinds, dict):
        raise UserError(f"{path}: {DIALOGUE_SECTION}.kinds must be a JSON object")
    for kind, counts in kinds.items():
        check_counts(path, f"{DIALOGUE_SECTION}.kinds.{kind}", counts, KIND_COUNTS)
    rows = section.get("rows")
    if rows is not None and not (isinstance(rows, list) and all(isinstance(r, dict) and isinstance(r.get("turns"), list)
                                                                for r in rows)):
        raise UserError(f"{path}: {DIALOGUE_SECTION}.rows must be a list of dialogues, each with a `turns` list")
    return section


def columns(section: dict[str, Any]) -> dict[str, float | None]:
    """The headline dialogue measures of one (checked) section, in COLUMNS order."""
    out = {}
    for name, keys in COLUMNS.items():
        v: Any = section
        for k in keys:
            v = v[k]
        out[name] = v
    return out


def context_count(section: dict[str, Any], name: str) -> str:
    """`right / turns` text for carry or `leaked / turns` for fresh (the counts beside the rates)."""
    if name == "context_carry_accuracy":
        return f"{section['carry_right']} / {section['carry_turns']}"
    if name == "context_leak_rate":
        return f"{section['leaked']} / {section['fresh_turns']}"
    return ""
