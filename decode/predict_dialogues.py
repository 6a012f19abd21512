"""Dialogues for decode.predict: in `own` mode every dialogue's turn 0, then every turn 1 after its history, etc.

`gold` history gives each turn the earlier turns as written (their gold contracts); `own` gives it this arm's
own earlier predictions, as a user of the arm sees them (after the guard, if one is on; a prediction that is
not a contract enters as its raw text). Each prediction row is the usual one plus `history_mode`.
"""

from __future__ import annotations

import sys
from typing import Any

from v2t.dialogue import Dialogue, FlatTurn, flat_turns
from v2t.harm_guard import apply_guard
from v2t.prompt import HistoryTurn, history_reply

HISTORY_MODES = ("gold", "own")


def turn_history(turns: list[FlatTurn], k: int, mode: str, done: dict[str, dict[str, Any]]) -> list[HistoryTurn]:
    """Turn k's earlier turns: (text, gold contract), or (text, this arm's prediction) in `own` mode."""
    if mode == "gold":
        return list(turns[k].history)
    return [(t.input_text, history_reply(done[t.id]["prediction"])) for t in turns[:k]]


def predict_dialogues(arm, cfg, dialogues: list[Dialogue], mode: str, guard: str = "none") -> list[dict[str, Any]]:
    """One prediction row per turn of every dialogue, in file order. `own` mode goes in rounds by turn index (a
    dialogue's turn k needs its turn k-1 decoded first); `gold` turns need nothing decoded first, so all go in one
    round. A round is batched by decode.batch_size in order of prompt length (decode.predict.decode_by_length)."""
    from tqdm import tqdm

    from decode.predict import decode_by_length

    if mode not in HISTORY_MODES:
        raise ValueError(f"history mode {mode!r}: expected one of {HISTORY_MODES}")
    dialogue_turns = [flat_turns(d) for d in dialogues]
    done: dict[str, dict[str, Any]] = {}
    with tqdm(total=sum(map(len, dialogue_turns)), desc=f"decode ({mode} history)", unit="turn",
              file=sys.stderr) as bar:
        rounds = range(max(map(len, dialogue_turns))) if mode == "own" else [None]
        for k in rounds:
            now = [(turns, j) for turns in dialogue_turns for j in range(len(turns)) if k is None or j == k]
            texts = [turns[j].input_text for turns, j in now]
            histories = [turn_history(turns, j, mode, done) for turns, j in now]
            rows = [{"id": turns[j].id, **p, "history_mode": mode} for (turns, j), p in
                    zip(now, decode_by_length(arm, texts, cfg.batch_size, histories, bar), strict=True)]
            # the guard looks at the turn's own words; in `own` mode its answer is the history that follows
            for row in apply_guard(guard, rows, {turns[j].id: turns[j].input_text for turns, j in now}):
                done[row["id"]] = row
    return [done[t.id] for turns in dialogue_turns for t in turns]
