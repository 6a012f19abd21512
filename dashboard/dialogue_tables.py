"""Tables the Dialogues section shows, built from loaded dialogue reports: no Streamlit here.

Per arm and history mode the headline dialogue measures; per failed dialogue its turns said, gold, predicted, verdict.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from dashboard.load import ArmReport
from evaluate.dialogue_section import COLUMNS, columns, context_count

VERDICT_TEXT = {  # evaluate.dialogue_metrics' verdicts as a reader says them
    None: "first turn",
    "carried": "carried",
    "carry_missing": "carry missed (task right, carried text absent)",
    "carry_wrong_type": "carry missed (wrong task type)",
    "clean": "clean",
    "leaked_stale": "leaked earlier context",
    "refused_after_refusal": "refused after a refusal",
}


def label(report: ArmReport) -> str:
    return f"{report.arm} ({report.dialogue['history_mode']} history)"


def measures_frame(reports: list[ArmReport]) -> pd.DataFrame:
    """Long form for the chart: arm, history, label, measure, value (undefined measures left out)."""
    out = [{"arm": r.arm, "history": r.dialogue["history_mode"], "label": label(r), "measure": name, "value": v}
           for r in reports for name, v in columns(r.dialogue).items() if v is not None]
    return pd.DataFrame(out, columns=["arm", "history", "label", "measure", "value"])


def measures_table(reports: list[ArmReport]) -> pd.DataFrame:
    """One line per arm and history mode: each measure to 4 decimals, carry and leak with their counts."""
    rows = []
    for r in reports:
        section = r.dialogue
        cells = {}
        for name, v in columns(section).items():
            count = context_count(section, name)
            cells[name] = ("—" if v is None else f"{v:.4f}") + (f" ({count})" if count else "")
        rows.append({"arm": r.arm, "history": section["history_mode"], **cells,
                     "dialogues / turns": f"{section['dialogues']} / {section['turns']}"})
    return pd.DataFrame(rows, columns=["arm", "history", *COLUMNS, "dialogues / turns"]).set_index(["arm", "history"])


def _contract_text(value: Any) -> str:
    if value is None:
        return "— (no prediction)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def failed_dialogues(report: ArmReport) -> list[dict[str, Any]]:
    return [d for d in report.dialogue_rows or [] if d.get("failed")]


def turns_table(dialogue: dict[str, Any]) -> pd.DataFrame:
    """A dialogue turn by turn: what was said, gold, predicted, whether it matched, the context verdict."""
    rows = [{"turn": t.get("k"), "context": t.get("context"), "said": t.get("input_text"),
             "gold": _contract_text(t.get("gold")), "predicted": _contract_text(t.get("prediction")),
             "exact": "yes" if t.get("exact") else "no", "verdict": VERDICT_TEXT.get(t.get("verdict"), t.get("verdict"))}
            for t in dialogue["turns"]]
    return pd.DataFrame(rows, columns=["turn", "context", "said", "gold", "predicted", "exact", "verdict"])
