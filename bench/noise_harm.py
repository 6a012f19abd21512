"""Which refusals the rule baseline loses to ASR noise, and which false refusals it gains: a harm probe noised many times.

`python -m bench.noise_harm --split train --seeds 8` noises the harmful rows of data/build/sft.jsonl (one split), the
harm5 probe (tests/harm_probe_harmful.py) and bench/noise_harm_requests.py as `evaluate.lockbox derive` does (one
NoiseConfig.at_rate, the seed per copy, keyed by the row id) and counts copies refused clean but allowed noised, per
harm kind and per noise kind; the near-miss and plain rows of the same split and tests/harm_probe_near.py are noised
the same way for the false refusals. Never a lockbox.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from baseline.predict import predict
from bench.noise_harm_requests import HARM_REQUESTS
from v2t.asr_noise import KINDS, RATE_SHARES, NoiseConfig, noise_text
from v2t.errors import UserError, cli_entry
from v2t.harm_kinds import parse_category, row_category
from v2t.jsonl import write_json_atomic


def probe_sets(rows_path: Path, split: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(harmful, harmless) rows as (id, kind or class, text): the split's harm rows and the probes; its near-miss
    and plain one-turn rows (class near_miss / plain) and the near-miss probe."""
    from tests.harm_probe_harmful import HARMFUL
    from tests.harm_probe_near import NEAR

    harmful, harmless = [], []
    for line in rows_path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        category = row_category(row)
        if row.get("split") != split or (isinstance(category, str) and category.startswith("dialogue")):
            continue
        parsed = parse_category(category)
        if parsed and parsed[0] == "harm":
            harmful.append((row["id"], parsed[1], row["input_text"]))
        else:
            harmless.append((row["id"], "near_miss" if parsed else "plain", row["input_text"]))
    harmful += [(f"harm5-{k:03d}", kind, text) for k, (kind, text) in enumerate(HARMFUL)]
    harmful += [(f"noise-harm-{k:03d}", kind, text) for k, (kind, text) in enumerate(HARM_REQUESTS)]
    harmless += [(f"near5-{k:03d}", "near_probe", text) for k, (_, text) in enumerate(NEAR)]
    return harmful, harmless


def _refused(text: str) -> bool:
    return predict(text)["task_type"] == "blocked"


def configs(rate: float, seeds: int, kind: str | None) -> list[NoiseConfig]:
    """One config per seed: every kind at its share of `rate` (as derive makes sets), or only `kind` at its share."""
    if kind is None:
        return [NoiseConfig.at_rate(rate, seed) for seed in range(seeds)]
    return [NoiseConfig(seed=seed, **{kind: round(min(1.0, RATE_SHARES[kind] * rate), 6)}) for seed in range(seeds)]


def probe(rows: list[tuple[str, str, str]], cfgs: list[NoiseConfig], *, harmful: bool) -> dict[str, Any]:
    """Copies whose refusal the noise flipped (harmful: refused clean, allowed noised; harmless: the reverse), per
    row class and per noise kind the copy holds (`with`) or holds alone (`alone`), with examples."""
    flipped_by_class: Counter[str] = Counter()
    copies_by_class: Counter[str] = Counter()
    with_kind: Counter[str] = Counter()
    alone_kind: Counter[str] = Counter()
    clean_refused = 0
    examples: list[dict[str, Any]] = []
    for rid, cls, text in rows:
        refused = _refused(text)
        clean_refused += refused
        if refused != harmful:
            continue  # a harmful row allowed clean, or a harmless one refused clean: the noise cannot flip it
        for cfg in cfgs:
            noised = noise_text(text, rid, cfg)
            copies_by_class[cls] += 1
            if noised.text == text or _refused(noised.text) == refused:
                continue
            made = [k for k in KINDS if noised.counts[k]]
            flipped_by_class[cls] += 1
            with_kind.update(made)
            if len(made) == 1:
                alone_kind[made[0]] += 1
            examples.append({"id": rid, "class": cls, "seed": cfg.seed, "kinds": made, "clean": text, "noised": noised.text})
    return {"rows": len(rows), "clean_refused": clean_refused, "copies": sum(copies_by_class.values()),
            "flipped": sum(flipped_by_class.values()),
            "by_class": {c: [flipped_by_class[c], copies_by_class[c]] for c in sorted(copies_by_class)},
            "with_kind": dict(with_kind.most_common()), "alone_kind": dict(alone_kind.most_common()), "examples": examples}


def flipped_rows(result: dict[str, Any]) -> dict[str, int]:
    """Per row, copies flipped: how many distinct rows carry the flips."""
    per: dict[str, int] = defaultdict(int)
    for e in result["examples"]:
        per[e["id"]] += 1
    return dict(per)


def report(name: str, result: dict[str, Any], shown: int) -> str:
    rows = flipped_rows(result)
    lines = [f"{name}: {result['rows']} rows, {result['clean_refused']} refused clean; "
             f"{result['flipped']} of {result['copies']} noised copies flipped, on {len(rows)} rows",
             "  by class: " + ", ".join(f"{c} {f}/{n}" for c, (f, n) in result["by_class"].items() if f) or "  by class: -",
             "  noise kinds in the flipped copies: " + (", ".join(f"{k} {n}" for k, n in result["with_kind"].items()) or "-"),
             "  ... the one kind in the copy: " + (", ".join(f"{k} {n}" for k, n in result["alone_kind"].items()) or "-")]
    lines += [f"    {e['id']} [{','.join(e['kinds'])}] {e['clean']} -> {e['noised']}" for e in result["examples"][:shown]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.noise_harm", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, default=Path("data/build/sft.jsonl"), help="SFT rows with harm categories")
    parser.add_argument("--split", default="train", help="the split of --rows to probe (train to tune, dev held out)")
    parser.add_argument("--rate", type=float, default=0.1, help="overall noise rate (v2t.asr_noise.NoiseConfig.at_rate)")
    parser.add_argument("--seeds", type=int, default=8, help="noised copies per row (seeds 0..N-1)")
    parser.add_argument("--kind", choices=KINDS, help="noise only this kind, at its share of --rate")
    parser.add_argument("--show", type=int, default=20, help="flipped copies to print per set")
    parser.add_argument("--no-harmless", action="store_true", help="skip the false-refusal half")
    parser.add_argument("--out", type=Path, help="also write the numbers and every flipped copy as JSON")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        raise UserError(f"--seeds must be at least 1, got {args.seeds}")
    if "lockbox" in args.rows.parts or "independent" in str(args.rows):
        raise UserError(f"{args.rows}: frozen test sets are not for tuning; probe the project's own rows")
    if not args.rows.is_file():
        raise UserError(f"{args.rows}: no such file")
    harmful, harmless = probe_sets(args.rows, args.split)
    if not harmful:
        raise UserError(f"{args.rows}: no harmful rows in split {args.split!r}")
    cfgs = configs(args.rate, args.seeds, args.kind)
    result = {"rate": args.rate, "seeds": args.seeds, "kind": args.kind, "split": args.split,
              "harmful": probe(harmful, cfgs, harmful=True)}
    print(report("harmful (refused clean, allowed noised)", result["harmful"], args.show))
    if not args.no_harmless:
        result["harmless"] = probe(harmless, cfgs, harmful=False)
        print(report("harmless (allowed clean, refused noised)", result["harmless"], args.show))
    if args.out:
        write_json_atomic(args.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
