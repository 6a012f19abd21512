"""Direct preference optimisation on DPO pairs, LoRA or full-parameter: `python -m train.dpo --config F [--resume]`.

Starts from the base model or from an SFT run (`dpo.init_from`, LoRA or full); writes the same run files as
train.sft. Full mode uses precomputed reference log-probs: no second copy of the model.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import partial

import numpy as np

from train.data import (
    dpo_sequences,
    dpo_step_batch,
    eval_batches,
    fit_buckets,
    length_groups,
    read_rows,
    split_rows,
    strip_prefix,
    target_slots,
)
from train.dpo_step import TRL_METRICS, make_dpo_eval, make_dpo_step, make_reference_logps
from train.loop import Job, Parts, finish, load_args, parse_args, prepare, train
from train.optimizer import optimizer
from train.sft import shared_prefix, softmax_subset
from v2t.errors import UserError, cli_entry
from v2t.run_rows import ROWS_KEY, recorded_sft_rows, rows_record
from v2t.sharding import shard_batch

DPO_ROW_KEYS = ("id", "input_text", "chosen_contract", "rejected_contract")


def dpo_data(cfg, tokenizer):
    """(train pairs, dev pairs) of (chosen, rejected) sequences, and the buckets that fit them."""
    from v2t.prompt import system_prefix_ids, training_example

    d = cfg.data
    # a completion's log-prob sums the tokens data.loss_on names: with "choices", only those the grammar
    # decoder leaves to the model, so DPO ranks what decoding can change (the forced rest has probability 1)
    example = partial(training_example, loss_on=d.loss_on)
    rows = read_rows(d.dpo_path, DPO_ROW_KEYS)
    train_pairs = dpo_sequences(split_rows(rows, "train", d.max_rows), tokenizer, example)
    dev_pairs = dpo_sequences(split_rows(rows, "dev", d.max_dev_rows), tokenizer, example)
    if not train_pairs:
        raise UserError(f"{d.dpo_path}: no rows with split 'train'")
    if d.share_prefix:
        prefix = system_prefix_ids(tokenizer)
        train_pairs, dev_pairs = ([tuple(strip_prefix(list(p), prefix)) for p in pairs]
                                  for pairs in (train_pairs, dev_pairs))
    return train_pairs, dev_pairs, fit_buckets([s for p in train_pairs + dev_pairs for s in p], d.buckets, d.dpo_path)


def _fixed_batches(pairs, batch: int, buckets, slots, ref=None) -> list[dict]:
    """Every pair once, in order, as [2B, ...] batches; repeated filler pairs get pair_weight 0."""
    out = []
    for idx, real in eval_batches(len(pairs), batch):
        arrays = dpo_step_batch(pairs, idx, 1, buckets, slots, ref)
        arrays = {k: v[0] for k, v in arrays.items()}
        arrays["pair_weights"][real:] = 0.0
        out.append(arrays)
    return out


def precompute_reference(cfg, parts: Parts, pairs, slots) -> np.ndarray:
    """[n, 2] log-probs (chosen, rejected) of the reference (LoRA off) for every pair, computed once."""
    d = cfg.data
    ref_fn = make_reference_logps(parts.eval_graph, cfg.dpo, budget_mib=d.loss_memory_mib, prefix=shared_prefix(cfg, []))
    out = []
    for arrays in _fixed_batches(pairs, d.batch_size, d.buckets, slots):
        logps = np.asarray(ref_fn(parts.lora, parts.rngs, parts.rest, shard_batch(arrays, parts.mesh, batch_dim=0)))
        B = len(logps) // 2
        out.append(np.stack([logps[:B], logps[B:]], axis=1))
    return np.concatenate(out)[: len(pairs)]


def dpo_job(cfg, parts: Parts, train_pairs, dev_pairs, card: dict) -> Job:
    d = cfg.data
    slots = target_slots([s for pair in train_pairs + dev_pairs for s in pair], one=cfg.data.softmax == "subset")
    ref_train = ref_dev = None
    if cfg.dpo.reference == "precomputed":
        ref_train = precompute_reference(cfg, parts, train_pairs, slots)
        ref_dev = precompute_reference(cfg, parts, dev_pairs, slots) if dev_pairs else None
    prefix = shared_prefix(cfg, [s for pair in train_pairs for s in pair])
    subset = softmax_subset(cfg, parts, [s for pair in train_pairs for s in pair], prefix)
    step_fn = make_dpo_step(parts.train_graph, optimizer(cfg.optim), cfg.dpo, budget_mib=d.loss_memory_mib, prefix=prefix,
                            subset=subset)

    def step_batch(indices):
        arrays = dpo_step_batch(train_pairs, indices, d.grad_accum, d.buckets, slots, ref_train)
        return arrays, int(sum(train_pairs[i][0].length + train_pairs[i][1].length for i in indices))

    dev_eval = None
    if dev_pairs:
        evaluate = make_dpo_eval(parts.eval_graph, cfg.dpo, budget_mib=d.loss_memory_mib, prefix=prefix)
        batches = _fixed_batches(dev_pairs, d.batch_size, d.buckets, slots, ref_dev)

        def dev_eval(parts, lora):
            loss, stats, count = 0.0, np.zeros(len(TRL_METRICS)), 0.0
            for arrays in batches:
                lo, st, c = evaluate(lora, parts.rngs, parts.rest, shard_batch(arrays, parts.mesh, batch_dim=0))
                loss, stats, count = loss + float(lo), stats + np.asarray(st), count + float(c)
            out = {"dev_loss": loss / max(count, 1.0)}
            out["dev_rewards/accuracies"] = float(stats[TRL_METRICS.index("rewards/accuracies")] / max(count, 1.0))
            return out

    card = {**card, "train_pairs": len(train_pairs), "dev_pairs": len(dev_pairs), "target_slots": slots,
            "softmax": "full" if subset is None else f"subset of {len(subset[0]) + min(d.subset_negatives, len(subset[1]))} ids",
            "dpo": {"beta": cfg.dpo.beta, "loss": cfg.dpo.loss, "reference": cfg.dpo.reference}}
    groups = None
    if d.group_by_length:
        groups = length_groups([max(c.length, r.length) for c, r in train_pairs], d.buckets)
    return Job("dpo", len(train_pairs), step_batch, step_fn, dev_eval, card, groups)


def main(argv=None) -> int:
    args = parse_args(argv, __doc__.splitlines()[0])
    cfg = load_args(args)
    from v2t.tokenizer import load_tokenizer

    tokenizer = load_tokenizer(cfg.model.checkpoint or None)
    if cfg.data.task_type_weight != 1.0 or cfg.data.blocked_weight != 1.0:
        raise UserError(f"{args.config}: data.task_type_weight and data.blocked_weight are SFT options; a DPO "
                        "config keeps their defaults (1.0)")
    if cfg.data.softmax == "subset" and cfg.dpo.reference != "lora_off":
        raise UserError(f"{args.config}: data.softmax 'subset' needs dpo.reference = 'lora_off' (the reference "
                        "must be normalised over the same ids as the policy)")
    if cfg.train.mode == "full" and cfg.dpo.reference != "precomputed":
        raise UserError(f"{args.config}: train.mode 'full' needs dpo.reference = 'precomputed' (no LoRA to switch "
                        "off: the reference log-probs are computed once, before training)")
    train_pairs, dev_pairs, buckets = dpo_data(cfg, tokenizer)
    cfg = replace(cfg, data=replace(cfg.data, buckets=buckets))
    parts, setup = prepare(cfg, resume=args.resume, init_from=cfg.dpo.init_from)
    sft = setup.stack_on
    sft_rows = recorded_sft_rows(cfg.dpo.init_from) if cfg.dpo.init_from else None
    card = {"init_from": cfg.dpo.init_from or None, ROWS_KEY: rows_record(sft_rows) if sft_rows else None,
            "adapter": ("SFT and DPO adapters stacked along the rank; applies to the original base" if sft
                        else "DPO adapter on the base model") if cfg.train.mode == "lora" else None}
    job = dpo_job(cfg, parts, train_pairs, dev_pairs, card)
    result = train(cfg, parts, job, resume=args.resume)
    out = finish(cfg, parts, job, result, args.config)
    final = result["final_metrics"]
    print(f"dpo {cfg.run.name}: {result['steps']} steps, loss {final.get('loss', float('nan')):.4f}, "
          f"rewards/accuracies {final.get('rewards/accuracies', float('nan')):.2f}, "
          f"{result['wall_time_s']:.1f}s; {cfg.train.mode} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
