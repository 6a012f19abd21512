"""Dialogues for decode.predict: every dialogue's turn 0 in batches, then every turn 1 after its history, etc.

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
    """One prediction row per turn of every dialogue, in file order; rounds by turn index, each round batched by
    decode.batch_size (a dialogue's turn k needs its turn k-1 decoded first in `own` mode)."""
    from tqdm import tqdm

    from decode.predict import decode_texts

    if mode not in HISTORY_MODES:
        raise ValueError(f"history mode {mode!r}: expected one of {HISTORY_MODES}")
    dialogue_turns = [flat_turns(d) for d in dialogues]
    done: dict[str, dict[str, Any]] = {}
    with tqdm(total=sum(map(len, dialogue_turns)), desc=f"decode ({mode} history)", unit="turn",
              file=sys.stderr) as bar:
        for k in range(max(map(len, dialogue_turns))):
            now = [turns for turns in dialogue_turns if len(turns) > k]
            for start in range(0, len(now), cfg.batch_size):
                batch = now[start:start + cfg.batch_size]
                texts = [turns[k].input_text for turns in batch]
                histories = [turn_history(turns, k, mode, done) for turns in batch]
                rows = [{"id": turns[k].id, **p, "history_mode": mode} for turns, p in
                        zip(batch, decode_texts(arm, texts, cfg.batch_size, histories), strict=True)]
                # the guard looks at the turn's own words; in `own` mode its answer is the history that follows
                for row in apply_guard(guard, rows, {turns[k].id: turns[k].input_text for turns in batch}):
                    done[row["id"]] = row
                bar.update(len(batch))
    return [done[t.id] for turns in dialogue_turns for t in turns]
