"""Training data: SFT rows and DPO pairs -> token ids and loss masks -> padded batches per step.

A row from a dialogue turn has `history` (its earlier turns with their gold contracts): it tokenizes through
the same prompt function, the earlier turns as context and only the last turn as the target.

The batch of step s is a pure function of (seed, s), so a resumed run sees exactly the same data.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from v2t.errors import UserError, located
from v2t.jsonl import read_jsonl_numbered
from v2t.rows import history_problem, row_history


@dataclass(frozen=True)
class Sequence:
    """One next-token training sequence: inputs ids[:-1], targets ids[1:], weights mask[1:]."""

    row_id: str
    ids: np.ndarray  # int32 [L]
    mask: np.ndarray  # bool [L], True where the token is a target
    weights: np.ndarray | None = None  # float32 [L], a target's loss weight; None = 1 at every target
    offset: int = 0  # position of ids[0] in the full sequence: the length of a shared prefix cut off

    @property
    def length(self) -> int:
        return len(self.ids) - 1


def read_rows(path: str | Path, keys: tuple[str, ...]) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: file not found (run `python -m v2t.build` first)")
    rows = read_jsonl_numbered(path)
    for lineno, row in rows:
        missing = [k for k in keys if k not in row]
        if missing:
            raise located(path, lineno, f"missing key {missing[0]!r}")
        problem = history_problem(row["history"]) if "history" in row else None
        if problem:
            raise located(path, lineno, problem)
    return [row for _, row in rows]


def split_rows(rows: list[dict], split: str, max_rows: int = 0) -> list[dict]:
    chosen = [r for r in rows if r.get("split", "train") == split]
    return chosen[:max_rows] if max_rows > 0 else chosen


def sft_sequences(rows: list[dict], tokenizer, training_example) -> list[Sequence]:
    out = []
    for row in rows:
        ids, mask = training_example(tokenizer, row["input_text"], row["target_contract"], history=row_history(row))
        out.append(Sequence(row["id"], np.asarray(ids, np.int32), np.asarray(mask, bool)))
    return out


def dpo_sequences(rows: list[dict], tokenizer, training_example) -> list[tuple[Sequence, Sequence]]:
    out = []
    for row in rows:
        pair = []
        for key in ("chosen_contract", "rejected_contract"):
            # the same history on both sides: the pair differs only in the last turn's target
            ids, mask = training_example(tokenizer, row["input_text"], row[key], history=row_history(row))
            pair.append(Sequence(row["id"], np.asarray(ids, np.int32), np.asarray(mask, bool)))
        out.append(tuple(pair))
    return out


def strip_prefix(seqs: list[Sequence], prefix: list[int]) -> list[Sequence]:
    """The sequences without their shared first tokens (the system prompt), whose KV the step computes once.

    The prefix is never a target, so nothing of the loss is lost; `offset` keeps the positions of the rest.
    """
    n = len(prefix)
    out = []
    for s in seqs:
        if len(s.ids) <= n or not np.array_equal(s.ids[:n], prefix) or s.mask[:n].any():
            raise UserError(f"row {s.row_id}: does not start with the shared system prompt (data.share_prefix)")
        weights = None if s.weights is None else s.weights[n:]
        out.append(Sequence(s.row_id, s.ids[n:], s.mask[n:], weights, s.offset + n))
    return out


def bucket_for(length: int, buckets: tuple[int, ...], *, what: str = "sequence") -> int:
    for b in sorted(buckets):
        if length <= b:
            return b
    raise UserError(f"{what} has {length} tokens, longer than the largest bucket {max(buckets)} "
                    f"(raise data.buckets in the config)")


def fit_buckets(seqs: list[Sequence], buckets: tuple[int, ...], path: str | Path) -> tuple[int, ...]:
    """The buckets, plus one when rows are longer than the largest: the longest row's length rounded up to 32.

    The largest bucket follows the data rather than dropping rows: every row trains, and the extra bucket
    costs at most one more compile. Said on stderr, and the run card's config records the buckets used.
    """
    longest = max(seqs, key=lambda s: s.length)
    if longest.length <= max(buckets):
        return tuple(buckets)
    extra = -(-longest.length // 32) * 32
    over = sum(s.length > max(buckets) for s in seqs)
    print(f"{path}: {over} rows longer than the largest bucket {max(buckets)} (row {longest.row_id} has "
          f"{longest.length} tokens): adding bucket {extra}", file=sys.stderr)
    return (*sorted(buckets), extra)


def step_indices(step: int, n: int, per_step: int, seed: int) -> np.ndarray:
    """Example indices of one optimizer step: a fresh seeded permutation every epoch, read in order."""
    start = step * per_step
    out = np.empty(per_step, np.int64)
    for j in range(per_step):
        pos = start + j
        out[j] = _permutation(seed, pos // n, n)[pos % n]
    return out


def length_groups(lengths: list[int], buckets: tuple[int, ...]) -> np.ndarray:
    """Each example's bucket index (int [n]): the groups of data.group_by_length."""
    order = sorted(buckets)
    return np.asarray([order.index(bucket_for(n, buckets)) for n in lengths], np.int64)


def grouped_step_indices(step: int, groups: np.ndarray, per_step: int, seed: int) -> np.ndarray:
    """Example indices of one step when batches are grouped by length (data.group_by_length): every epoch,
    each bucket's examples in a seeded order are cut into full steps, the leftovers of all buckets make the
    last few (mixed) steps, and the steps are shuffled. Padding then follows each row's own length instead
    of the longest row a random batch happens to hold; every example is still seen once an epoch."""
    plan = _grouped_plan(seed, step // _steps_per_epoch(len(groups), per_step), groups, per_step)
    return plan[step % len(plan)]


def _steps_per_epoch(n: int, per_step: int) -> int:
    return -(-n // per_step)


_PLANS: dict[tuple, np.ndarray] = {}


def _grouped_plan(seed: int, epoch: int, groups: np.ndarray, per_step: int) -> np.ndarray:
    """[steps, per_step] indices of one epoch; the last step is topped up with the epoch's first examples."""
    key = (seed, epoch, per_step, groups.tobytes())
    if key not in _PLANS:
        if len(_PLANS) > 4:
            _PLANS.clear()
        perm = _permutation(seed, epoch, len(groups))
        full, rest = [], []
        for g in np.unique(groups):
            members = perm[groups[perm] == g]
            cut = len(members) - len(members) % per_step
            full.extend(members[:cut].reshape(-1, per_step))
            rest.extend(members[cut:])
        rest = np.asarray(rest, np.int64)
        short = (-len(rest)) % per_step
        rest = np.concatenate([rest, perm[:short]]).reshape(-1, per_step)
        steps = np.concatenate([np.asarray(full, np.int64).reshape(-1, per_step), rest])
        _PLANS[key] = steps[np.random.default_rng([seed, epoch, 1]).permutation(len(steps))]
    return _PLANS[key]


_PERMS: dict[tuple[int, int, int], np.ndarray] = {}


def _permutation(seed: int, epoch: int, n: int) -> np.ndarray:
    key = (seed, epoch, n)
    if key not in _PERMS:
        if len(_PERMS) > 8:
            _PERMS.clear()
        _PERMS[key] = np.random.default_rng([seed, epoch]).permutation(n)
    return _PERMS[key]


def target_count(s: Sequence) -> int:
    return int(s.mask[1:].sum())


def target_slots(seqs: list[Sequence], *, one: bool = False) -> tuple[int, ...]:
    """Target-slot buckets for a run, from the data: the 99th percentile and the maximum count of target
    tokens per row, each rounded up to 8. A step pads its targets to the smaller one when it can, so a
    rare long rejection does not make every step project 2x the slots to the full vocabulary.

    one=True (the subset softmax, whose projection costs ~1% of a step): the maximum alone, so each length
    bucket compiles one step instead of two (a compile costs 10-30 s on CPU, more than a demo run's
    extra slots)."""
    counts = np.array([target_count(s) for s in seqs])
    top = -(-int(counts.max()) // 8) * 8
    return (top,) if one else tuple(sorted({-(-int(np.percentile(counts, 99)) // 8) * 8, top}))


def slots_for(seqs: list[Sequence], slots: int | tuple[int, ...]) -> int:
    if isinstance(slots, int):
        return slots
    return bucket_for(max(target_count(s) for s in seqs), slots, what="target count")


def pack(seqs: list[Sequence], length: int, slots: int) -> dict[str, np.ndarray]:
    """Right-padded inputs [N, length] and the target slots [N, slots].

    The loss needs logits only where a target is, so the step gathers hidden states at `target_pos`
    and projects those alone: the vocabulary projection is most of the compute on a small model.
    """
    n = len(seqs)
    tokens = np.zeros((n, length), np.int32)
    target_pos = np.zeros((n, slots), np.int32)
    target_ids = np.zeros((n, slots), np.int32)
    target_w = np.zeros((n, slots), np.float32)
    for i, s in enumerate(seqs):
        tokens[i, : s.length] = s.ids[:-1]
        pos = np.flatnonzero(s.mask[1:])
        if len(pos) > slots:
            raise UserError(f"row {s.row_id}: {len(pos)} target tokens, more than the {slots} target slots")
        target_pos[i, : len(pos)] = pos
        target_ids[i, : len(pos)] = s.ids[1:][pos]
        target_w[i, : len(pos)] = 1.0 if s.weights is None else s.weights[1:][pos]
    return {"tokens": tokens, "target_pos": target_pos, "target_ids": target_ids, "target_w": target_w}


def sft_step_batch(seqs: list[Sequence], indices: np.ndarray, accum: int, buckets: tuple[int, ...],
                   slots: int | tuple[int, ...]) -> dict:
    """Arrays [accum, B, ...] for one optimizer step; every micro-batch shares the step's bucket T."""
    chosen = [seqs[i] for i in indices]
    T = bucket_for(max(s.length for s in chosen), buckets)
    arrays = pack(chosen, T, slots_for(chosen, slots))
    return {k: v.reshape(accum, -1, *v.shape[1:]) for k, v in arrays.items()}


def dpo_step_batch(pairs: list[tuple[Sequence, Sequence]], indices: np.ndarray, accum: int,
                   buckets: tuple[int, ...], slots: int | tuple[int, ...], ref_logps: np.ndarray | None = None) -> dict:
    """Arrays [accum, 2B, T]: per micro-batch the B chosen sequences, then their B rejected ones."""
    chosen = [pairs[i][0] for i in indices]
    rejected = [pairs[i][1] for i in indices]
    T = bucket_for(max(s.length for s in chosen + rejected), buckets)
    P = slots_for(chosen + rejected, slots)
    c, r = pack(chosen, T, P), pack(rejected, T, P)
    out = {}
    for k in c:
        cb = c[k].reshape(accum, -1, *c[k].shape[1:])
        rb = r[k].reshape(accum, -1, *r[k].shape[1:])
        out[k] = np.concatenate([cb, rb], axis=1)
    out["pair_weights"] = np.ones((accum, len(indices) // accum), np.float32)
    if ref_logps is not None:  # [n_pairs, 2] precomputed (chosen, rejected)
        ref = ref_logps[indices].reshape(accum, -1, 2)
        out["ref_logps"] = np.concatenate([ref[..., 0], ref[..., 1]], axis=1)
    return out


def eval_batches(n: int, batch: int) -> list[tuple[np.ndarray, int]]:
    """Fixed dev batches: (indices padded to `batch` by repeating index 0, count of real rows)."""
    out = []
    for start in range(0, n, batch):
        idx = np.arange(start, min(start + batch, n))
        real = len(idx)
        out.append((np.concatenate([idx, np.zeros(batch - real, np.int64)]), real))
    return out
