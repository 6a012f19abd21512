"""Supervised fine-tuning on SFT rows, LoRA or full-parameter: `python -m train.sft --config F [--resume]`.

Writes runs/<name>/{checkpoints/, metrics.jsonl, adapter/ (lora) or model/ (full), run_card.json}.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import partial

import jax
import numpy as np

from train.data import (
    bucket_for,
    eval_batches,
    fit_buckets,
    length_groups,
    pack,
    read_rows,
    sft_sequences,
    sft_step_batch,
    slots_for,
    split_rows,
    strip_prefix,
    target_slots,
)
from train.loop import Job, Parts, finish, load_args, parse_args, prepare, train
from train.optimizer import optimizer
from train.sft_step import make_sft_eval, make_sft_step
from train.token_weights import weight_task_type
from v2t.errors import UserError, cli_entry
from v2t.run_rows import ROWS_KEY, rows_record
from v2t.sharding import shard_batch

SFT_ROW_KEYS = ("id", "input_text", "target_contract")


def sft_data(cfg, tokenizer):
    """(train sequences, dev sequences) and the buckets that fit them, before any model is built."""
    from v2t.prompt import system_prefix_ids, training_example

    d = cfg.data
    rows = read_rows(d.sft_path, SFT_ROW_KEYS)
    example = partial(training_example, loss_on=d.loss_on)
    train_rows = split_rows(rows, "train", d.max_rows)
    train_seqs = weight_task_type(sft_sequences(train_rows, tokenizer, example), train_rows, tokenizer,
                                  task_type_weight=d.task_type_weight, blocked_weight=d.blocked_weight)
    dev_seqs = sft_sequences(split_rows(rows, "dev", d.max_dev_rows), tokenizer, example)  # dev loss: unweighted
    if not train_seqs:
        raise UserError(f"{d.sft_path}: no rows with split 'train'")
    if d.share_prefix:
        prefix = system_prefix_ids(tokenizer)
        train_seqs, dev_seqs = strip_prefix(train_seqs, prefix), strip_prefix(dev_seqs, prefix)
    return train_seqs, dev_seqs, fit_buckets(train_seqs + dev_seqs, d.buckets, d.sft_path)


def shared_prefix(cfg, seqs) -> tuple[int, ...]:
    """The ids cut off every sequence by data.share_prefix (the system prompt), () without it."""
    if not cfg.data.share_prefix:
        return ()
    from v2t.prompt import system_prefix_ids
    from v2t.tokenizer import load_tokenizer

    prefix = tuple(system_prefix_ids(load_tokenizer(cfg.model.checkpoint or None)))
    assert all(s.offset == len(prefix) for s in seqs)
    return prefix


def softmax_subset(cfg, parts: Parts, seqs, prefix) -> tuple[np.ndarray, np.ndarray, int] | None:
    """(kept ids, other ids, draws per step) of data.softmax = "subset": every token of the train sequences,
    so each target is in the softmax; None for the full softmax."""
    if cfg.data.softmax != "subset":
        return None
    kept = np.unique(np.concatenate([s.ids for s in seqs] + [np.asarray(prefix, np.int32)])).astype(np.int32)
    others = np.setdiff1d(np.arange(parts.model.config.vocab_size), kept).astype(np.int32)
    return kept, others, cfg.data.subset_negatives


def sft_job(cfg, parts: Parts, train_seqs, dev_seqs) -> Job:
    d = cfg.data
    prefix = shared_prefix(cfg, train_seqs)
    subset = softmax_subset(cfg, parts, train_seqs, prefix)
    slots = target_slots(train_seqs + dev_seqs, one=subset is not None)
    step_fn = make_sft_step(parts.train_graph, optimizer(cfg.optim), budget_mib=d.loss_memory_mib, prefix=prefix,
                            subset=subset)

    def step_batch(indices):
        arrays = sft_step_batch(train_seqs, indices, d.grad_accum, d.buckets, slots)
        return arrays, int(sum(train_seqs[i].length for i in indices))

    dev_eval = None
    if dev_seqs:
        evaluate = make_sft_eval(parts.eval_graph, budget_mib=d.loss_memory_mib, prefix=prefix)
        batches = []
        for idx, real in eval_batches(len(dev_seqs), d.batch_size):
            chosen = [dev_seqs[i] for i in idx]
            arrays = pack(chosen, bucket_for(max(s.length for s in chosen), d.buckets), slots_for(chosen, slots))
            arrays["target_w"][real:] = 0.0  # rows repeated to fill the last batch do not count
            batches.append(arrays)

        def dev_eval(parts, lora):
            nll, count = 0.0, 0.0
            for arrays in batches:
                n, c = evaluate(lora, parts.rngs, parts.rest, shard_batch(arrays, parts.mesh, batch_dim=0))
                nll, count = nll + float(n), count + float(c)
            return {"dev_loss": nll / max(count, 1.0)}

    card = {"train_rows": len(train_seqs), "dev_rows": len(dev_seqs), "target_slots": slots,
            ROWS_KEY: rows_record(d.sft_path),  # decoding's phrase corpus comes from these rows (v2t.run_rows)
            "softmax": d.softmax if subset is None else f"subset of {len(subset[0]) + min(d.subset_negatives, len(subset[1]))} ids",
            "train_tokens_per_epoch": int(np.sum([s.length for s in train_seqs]))}
    groups = length_groups([s.length for s in train_seqs], d.buckets) if d.group_by_length else None
    return Job("sft", len(train_seqs), step_batch, step_fn, dev_eval, card, groups)


def main(argv=None) -> int:
    args = parse_args(argv, __doc__.splitlines()[0])
    cfg = load_args(args)
    from v2t.tokenizer import load_tokenizer

    tokenizer = load_tokenizer(cfg.model.checkpoint or None)
    train_seqs, dev_seqs, buckets = sft_data(cfg, tokenizer)
    cfg = replace(cfg, data=replace(cfg.data, buckets=buckets))
    parts, _ = prepare(cfg, resume=args.resume)
    job = sft_job(cfg, parts, train_seqs, dev_seqs)
    result = train(cfg, parts, job, resume=args.resume)
    out = finish(cfg, parts, job, result, args.config)
    final = result["final_metrics"]
    print(f"sft {cfg.run.name}: {result['steps']} steps, loss {final.get('loss', float('nan')):.4f}"
          + (f", dev_loss {final['dev_loss']:.4f}" if "dev_loss" in final else "")
          + f", {result['wall_time_s']:.1f}s; {cfg.train.mode} -> {out}")
    jax.effects_barrier()
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
