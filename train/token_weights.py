"""Per-token SFT loss weights: the task-type token (the decision every other field follows) weighs more,
and more again on rows whose gold answer is a refusal, the decision whose error costs most.
"""

from __future__ import annotations

import numpy as np

from train.data import Sequence
from v2t.prompt import choice_mask, prompt_ids
from v2t.rows import row_history


def task_type_position(tokenizer, row: dict) -> int:
    """Index in the row's ids of its task-type token: the target's first choice (the decoder forces
    `{"task_type":"` and lets the model pick the option's first token)."""
    return len(prompt_ids(tokenizer, row["input_text"], row_history(row))) + choice_mask(tokenizer, row["target_contract"]).index(True)


def weight_task_type(seqs: list[Sequence], rows: list[dict], tokenizer, *, task_type_weight: float,
                     blocked_weight: float) -> list[Sequence]:
    """The sequences with weights: 1 on each target token, `task_type_weight` on the task-type token, times
    `blocked_weight` when the row's gold task type is `blocked`. Unchanged when both are 1."""
    if task_type_weight == 1.0 and blocked_weight == 1.0:
        return seqs
    out = []
    for s, row in zip(seqs, rows, strict=True):
        w = s.mask.astype(np.float32) if s.weights is None else s.weights.copy()
        at = task_type_position(tokenizer, row) - s.offset
        w[at] = task_type_weight * (blocked_weight if row["target_contract"]["task_type"] == "blocked" else 1.0)
        out.append(Sequence(s.row_id, s.ids, s.mask, w, s.offset))
    return out
