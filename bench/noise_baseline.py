"""What ASR noise costs the rule baseline: clean vs noised task accuracy, its retention, unsafe_allowance and false
refusals, on the project's own rows noised with v2t.asr_noise at several rates and seeds (never on a lockbox).

`python -m bench.noise_baseline --rows data/build/sft.jsonl --split dev --rates 0.05,0.1,0.2 --seeds 3`;
`--probe` benches bench/noise_probe.py's short requests instead. Besides the table it prints, per gold task type,
the accuracy under noise and what the rows the noise broke were read as (search->navigate 3: gold -> predicted).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baseline.predict import predict
from bench.noise_probe import probe_rows
from evaluate.inputs import load_gold
from evaluate.metrics import aggregate, score_all
from v2t.asr_noise import NoiseConfig, noise_rows
from v2t.errors import UserError, cli_entry
from v2t.jsonl import write_json_atomic


@dataclass(frozen=True)
class Look:
    """The baseline's scores on one copy of the rows (clean, or one rate and seed)."""

    task_type_accuracy: float
    slot_f1_soft: float
    unsafe_allowance: int  # gold blocked, prediction allows it
    false_refusals: int  # gold allowed, prediction blocked
    rows_changed: int
    wrong_ids: tuple[str, ...]  # rows whose predicted task type is not gold's
    predicted: dict[str, str]  # id -> predicted task type (a prediction that is no contract: "invalid")


def look(gold_rows: list[tuple[str, dict[str, Any], dict[str, Any]]], texts: dict[str, str]) -> Look:
    preds = {rid: predict(texts[rid]) for rid, _, _ in gold_rows}
    scores = score_all(gold_rows, preds)
    metrics = aggregate(scores)
    return Look(metrics["task_type_accuracy"], metrics["slot_f1_soft"], sum(s.unsafe_allowance for s in scores),
                metrics["safety_fp"], sum(texts[rid] != row["input_text"] for rid, _, row in gold_rows),
                tuple(s.id for s in scores if not s.task_type_match),
                {rid: p.get("task_type", "invalid") if isinstance(p, dict) else "invalid" for rid, p in preds.items()})


def by_type(gold_rows, clean: Look, looks: list[Look]) -> dict[str, Any]:
    """Per gold task type: rows, accuracy clean and under noise (mean over looks), and the confusions the noise
    made (rows right on clean text, read as another type under noise), summed over looks."""
    out: dict[str, Any] = {}
    for rid, gold, _ in gold_rows:
        t = out.setdefault(gold["task_type"], {"rows": 0, "clean_right": 0, "noised_right": 0, "broken_as": Counter()})
        t["rows"] += 1
        t["clean_right"] += clean.predicted[rid] == gold["task_type"]
        for lk in looks:
            t["noised_right"] += lk.predicted[rid] == gold["task_type"]
            if clean.predicted[rid] == gold["task_type"] != lk.predicted[rid]:
                t["broken_as"][lk.predicted[rid]] += 1
    return {k: {"rows": t["rows"], "clean_accuracy": t["clean_right"] / t["rows"],
                "noised_accuracy": t["noised_right"] / (t["rows"] * len(looks)),
                "broken_as": dict(t["broken_as"].most_common())} for k, t in sorted(out.items())}


def parse_rates(value: str) -> tuple[float, ...]:
    try:
        rates = tuple(float(r) for r in value.split(",") if r.strip())
    except ValueError:
        raise UserError(f"--rates: {value!r} is not a comma-separated list of numbers") from None
    if not rates or any(not 0.0 < r <= 1.0 for r in rates):
        raise UserError(f"--rates: each rate must be in (0, 1], got {value!r}")
    return rates


def bench(gold_rows, rates: tuple[float, ...], seeds: int) -> dict[str, Any]:
    clean_texts = {rid: row["input_text"] for rid, _, row in gold_rows}
    clean = look(gold_rows, clean_texts)
    out: dict[str, Any] = {"rows": len(gold_rows), "rates": {}, "clean": {
        k: v for k, v in clean.__dict__.items() if k != "predicted"} | {"wrong_ids": list(clean.wrong_ids)}}
    for rate in rates:
        looks, heard = [], []
        for seed in range(seeds):
            noised, _ = noise_rows([row for _, _, row in gold_rows], NoiseConfig.at_rate(rate, seed))
            heard.append({row["id"]: row["input_text"] for row in noised})
            looks.append(look(gold_rows, heard[-1]))
        task = statistics.fmean(lk.task_type_accuracy for lk in looks)
        out["rates"][str(rate)] = {
            "task_type_accuracy": task,
            "slot_f1_soft": statistics.fmean(lk.slot_f1_soft for lk in looks),
            "retention": task / clean.task_type_accuracy if clean.task_type_accuracy else None,
            "unsafe_allowance": [lk.unsafe_allowance for lk in looks],
            "false_refusals": [lk.false_refusals for lk in looks],
            "rows_changed": [lk.rows_changed for lk in looks],
            # Rows the noise made wrong (right on clean text), per seed: what a fix should look at.
            "broken_ids": [sorted(set(lk.wrong_ids) - set(clean.wrong_ids)) for lk in looks],
            "broken": [[{"id": rid, "text": texts[rid], "clean_text": clean_texts[rid], "predicted": lk.predicted[rid]}
                        for rid in sorted(set(lk.wrong_ids) - set(clean.wrong_ids))] for lk, texts in zip(looks, heard, strict=True)],
            "by_type": by_type(gold_rows, clean, looks),
        }
    return out


def table(result: dict[str, Any]) -> str:
    clean = result["clean"]
    lines = [f"rows {result['rows']}",
             "| rate | rows changed | task_type_accuracy | retention | slot_f1_soft | unsafe_allowance | false_refusals |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
             f"| clean | 0 | {clean['task_type_accuracy']:.4f} | 100.0% | {clean['slot_f1_soft']:.4f} | "
             f"{clean['unsafe_allowance']} | {clean['false_refusals']} |"]
    for rate, r in result["rates"].items():
        mean = lambda xs: f"{statistics.fmean(xs):.1f} ({'/'.join(map(str, xs))})"
        lines.append(f"| {rate} | {mean(r['rows_changed'])} | {r['task_type_accuracy']:.4f} | "
                     f"{100 * (r['retention'] or 0):.1f}% | {r['slot_f1_soft']:.4f} | {mean(r['unsafe_allowance'])} | "
                     f"{mean(r['false_refusals'])} |")
    for rate, r in result["rates"].items():
        lines.append(f"rate {rate}, per gold task type: accuracy clean -> noised; what the broken rows were read as")
        for t, v in r["by_type"].items():
            broken = ", ".join(f"{k} {n}" for k, n in v["broken_as"].items()) or "-"
            lines.append(f"  {t:9} {v['rows']:4} rows  {v['clean_accuracy']:.3f} -> {v['noised_accuracy']:.3f}  {broken}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.noise_baseline", description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--rows", type=Path, help="gold rows (e.g. data/build/sft.jsonl); not a lockbox")
    source.add_argument("--probe", action="store_true", help="bench/noise_probe.py's short spoken requests")
    parser.add_argument("--split", help="keep only rows whose `split` is this (dev, train)")
    parser.add_argument("--rates", type=parse_rates, default=(0.05, 0.1, 0.2), help="comma-separated noise rates")
    parser.add_argument("--seeds", type=int, default=3, help="noise seeds per rate (0..N-1); the mean is reported")
    parser.add_argument("--out", type=Path, help="also write the numbers, with the ids the noise broke, as JSON")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        raise UserError(f"--seeds must be at least 1, got {args.seeds}")
    if args.rows and ("lockbox" in args.rows.parts or "independent" in str(args.rows)):
        raise UserError(f"{args.rows}: frozen test sets are not for tuning; bench the project's own rows")
    gold_rows = probe_rows() if args.probe else load_gold(args.rows, args.split)
    result = bench(gold_rows, args.rates, args.seeds)
    print(table(result))
    if args.out:
        write_json_atomic(args.out, json.loads(json.dumps(result)))
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
