"""A dialogue file decoded turn by turn by the rule baseline: one prediction row per turn (issue 13).

Rows get the flat ids `<dialogue id>#t<k>` and `history_mode`: `gold` reads each turn after the earlier turns
as written, `own` after the baseline's own earlier predictions, as it would run in use.
"""

from __future__ import annotations

import time
from os import PathLike
from typing import Any

from baseline.dialogue import predict_turn
from v2t.dialogue import flat_turns, read_dialogue_rows

HISTORY_MODES = ("gold", "own")


def dialogue_predictions(path: str | PathLike, split: str | None, history_mode: str) -> list[dict[str, Any]]:
    """Prediction rows for every turn of every dialogue in `path` (seed or gold dialogues)."""
    out = []
    for dialogue in read_dialogue_rows(path, split):
        own: list[tuple[str, dict[str, Any]]] = []
        for turn in flat_turns(dialogue):
            history = turn.history if history_mode == "gold" else tuple(own)
            start = time.perf_counter()
            contract = predict_turn(turn.input_text, history)
            latency_ms = (time.perf_counter() - start) * 1000.0
            own.append((turn.input_text, contract))
            out.append({"id": turn.id, "prediction": contract, "history_mode": history_mode, "tokens": 0,
                        "forward_passes": 0, "latency_ms": round(latency_ms, 4), "finish": "eos"})
    return out


def turn_inputs(path: str | PathLike, split: str | None) -> dict[str, str]:
    """Each flat turn id's input text (what a guard reads)."""
    return {t.id: t.input_text for d in read_dialogue_rows(path, split) for t in flat_turns(d)}
