"""Frozen one-look test sets (CONTRACT.md §7): `python -m evaluate.lockbox check|freeze|verify|derive|evaluate|ledger`.

Check lists a draft's problems, freeze hashes and checks rows, verify re-checks them, derive freezes a noised copy,
evaluate looks once per arm.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evaluate import EVALUATOR_VERSION
from evaluate.dialogue_metrics import dialogue_report, history_mode_of, safety_rows
from evaluate.inputs import load_predictions, load_run_info
from evaluate.ledger import DEFAULT_LEDGER, append_entry, format_ledger, prior_looks, read_ledger
from evaluate.lockbox_derive import derive_rows, derived_manifest
from evaluate.lockbox_rows import (
    build_manifest,
    content_hash,
    lockbox_hash,
    lockbox_problems,
    manifest_problem,
    now_utc,
    read_lockbox,
)
from evaluate.metrics import base_run_facts, build_report, format_table, safety_section, score_all
from evaluate.training_overlap import first_overlap, load_training
from v2t.asr_noise import NoiseConfig
from v2t.contract import contract_only
from v2t.dialogue import GOLD_KEYS, dialogue_problem, flat_turns, is_dialogue_row
from v2t.errors import UserError, cli_entry
from v2t.jsonl import read_json, read_jsonl_numbered, write_json_atomic, write_jsonl_atomic
from v2t.rows import LOCKBOX_KEYS


def _check_training(rows, args, lockbox_path) -> None:
    if not args.train and args.seeds is None:
        return
    index = load_training(args.train, args.seeds, tuple(args.seed_splits.split(",")))
    problem = first_overlap(rows, index, lockbox_path)
    if problem:
        raise UserError(problem)


def _draft_problems(rows: list[tuple[int, dict[str, Any]]], args: argparse.Namespace) -> list[tuple[int, str]]:
    """(line, problem) for every source row that breaks a lockbox rule (lockbox_problems) or, with --train or
    --seeds, overlaps training."""
    problems = dict(lockbox_problems(rows, needs_hash=False))
    if args.train or args.seeds is not None:
        index = load_training(args.train, args.seeds, tuple(args.seed_splits.split(",")))
        for line, row in rows:
            overlap = None if line in problems else index.problem(row)
            if overlap:
                problems[line] = overlap
    return sorted(problems.items())


def check(args: argparse.Namespace) -> int:
    """A writer's check of a draft: every problem, one line each; no row is changed or written."""
    problems = _draft_problems(read_jsonl_numbered(args.source), args)
    for line, problem in problems:
        print(f"{args.source}:{line}: {problem}")
    print(f"{len(problems)} row(s) with a problem")
    return 1 if problems else 0


def _kept_rows(args: argparse.Namespace) -> list[tuple[int, dict[str, Any]]]:
    """The source rows freeze takes: all of them (the first problem stops it), or with --drop-failing the rows
    without a problem, the others dropped unread (only their count is printed, so no one reads a dropped row)."""
    if not args.drop_failing:
        return read_lockbox(args.source, needs_hash=False)
    rows = read_jsonl_numbered(args.source)
    dropped = {line for line, _ in _draft_problems(rows, args)}
    rows = [(line, row) for line, row in rows if line not in dropped]
    if not rows:
        raise UserError(f"{args.source}: every row has a problem; nothing to freeze")
    print(f"dropped {len(dropped)} row(s) unread (a format problem or a training overlap)")
    return rows


def freeze(args: argparse.Namespace) -> int:
    out, manifest_path = Path(args.out), Path(args.manifest)
    for path in (out, manifest_path):
        if path.exists() and not args.overwrite:
            raise UserError(f"{path}: already exists; a frozen lockbox is not re-frozen (use --overwrite)")
    rows = _kept_rows(args)
    _check_training(rows, args, args.source)
    keys = GOLD_KEYS if is_dialogue_row(rows[0][1]) else LOCKBOX_KEYS
    frozen = []
    for _, row in rows:
        row = {k: row[k] for k in keys if k != "content_hash"}
        row["content_hash"] = content_hash(row)
        frozen.append(row)
    manifest = build_manifest(frozen, args.manifest_id or out.name.split(".")[0], args.created_at)
    write_jsonl_atomic(out, frozen)
    write_json_atomic(manifest_path, manifest)
    print(f"froze {len(frozen)} rows, {manifest['family_count']} families -> {out}")
    print(f"lockbox_hash {manifest['lockbox_hash']}")
    return 0


def verified_rows(args: argparse.Namespace) -> tuple[list[tuple[int, dict[str, Any]]], str, dict[str, Any] | None]:
    """Rows, lockbox hash and manifest after every check verify makes; the first failure raises."""
    rows = read_lockbox(args.lockbox, needs_hash=True)
    manifest = None
    if args.manifest:
        manifest = read_json(args.manifest)
        problem = manifest_problem(manifest, rows, args.lockbox)
        if problem:
            raise UserError(f"{args.manifest}: {problem}")
    _check_training(rows, args, args.lockbox)
    return rows, lockbox_hash([row["content_hash"] for _, row in rows]), manifest


def verify(args: argparse.Namespace) -> int:
    rows, digest, _ = verified_rows(args)
    families = len({row["semantic_family_id"] for _, row in rows})
    print(f"ok: {len(rows)} rows, {families} families")
    print(f"lockbox_hash {digest}")
    return 0


def derive(args: argparse.Namespace) -> int:
    out = Path(args.out)
    manifest_path = Path(args.out_manifest or str(out).removesuffix(".jsonl") + ".manifest.json")
    for path in (out, manifest_path):
        if path.exists() and not args.overwrite:
            raise UserError(f"{path}: already exists; a frozen lockbox is not re-frozen (use --overwrite)")
    config = NoiseConfig.at_rate(args.rate, seed=args.seed)
    rows, digest, manifest = verified_rows(args)
    if is_dialogue_row(rows[0][1]):
        raise UserError(f"{args.lockbox}: holds dialogues; derive noises one-turn lockboxes only")
    derived, effect = derive_rows([row for _, row in rows], config, args.rate)
    _check_training(list(enumerate(derived, 1)), args, out)
    source = {"manifest_id": manifest["manifest_id"], "lockbox_hash": digest, "path": str(args.lockbox)}
    new = derived_manifest(derived, args.manifest_id or out.name.split(".")[0], source, config, args.rate, effect)
    write_jsonl_atomic(out, derived)
    write_json_atomic(manifest_path, new)
    print(f"derived {len(derived)} rows at noise rate {args.rate} ({effect['rows_changed']} changed) -> {out}")
    print(f"lockbox_hash {new['lockbox_hash']}")
    return 0


def noise_facts(manifest: dict[str, Any] | None, manifest_path: str | None) -> dict[str, Any]:
    """A robustness set's noise rate and source lockbox, from its manifest (`derive` wrote them); {} for a clean set."""
    if not manifest or "asr_noise" not in manifest:
        return {}
    rate = manifest["asr_noise"].get("rate") if isinstance(manifest["asr_noise"], dict) else None
    source = manifest.get("derived_from")
    if not (isinstance(rate, int | float) and not isinstance(rate, bool) and 0 <= rate <= 1):
        raise UserError(f"{manifest_path}: asr_noise.rate must be a number from 0 to 1, got {rate!r}")
    if not (isinstance(source, dict) and isinstance(source.get("lockbox_hash"), str)):
        raise UserError(f"{manifest_path}: a noised lockbox needs `derived_from` with its source's `lockbox_hash`")
    return {"asr_noise_rate": rate, "derived_from": {k: source.get(k) for k in ("manifest_id", "lockbox_hash", "path")}}


def evaluate(args: argparse.Namespace) -> int:
    run_info = load_run_info(args.run_info)
    rows, digest, manifest = verified_rows(args)
    dialogues = [dialogue_problem(row, seed=False)[0] for _, row in rows] if is_dialogue_row(rows[0][1]) else None
    if dialogues is None:
        gold_rows = [(row["row_id"], contract_only(row["gold_contract"]), row) for _, row in rows]
    else:
        turns = [t for d in dialogues for t in flat_turns(d)]
        gold_rows = [(row["id"], None, row) for row in safety_rows(dialogues, turns)]
    preds, pred_rows = load_predictions(args.predictions, {rid for rid, _, _ in gold_rows})
    # A look with the gold history and one with the arm's own earlier turns are two different looks.
    mode = None if dialogues is None else history_mode_of(pred_rows, args.predictions)
    looks = prior_looks(args.ledger, digest, args.arm, mode)
    if looks and not args.force:
        line, first = looks[0]
        what = f"arm {args.arm}" + (f" (history {mode})" if mode else "")
        raise UserError(f"{args.ledger}:{line}: {what} already looked at lockbox {digest[:12]} "
                        f"at {first.get('time')}; a second look needs --force and is recorded as forced")
    run = base_run_facts(args.lockbox, args.predictions, len(gold_rows), pred_rows, run_info)
    run.update(arm=args.arm, lockbox_hash=digest, forced=bool(args.force),
               manifest_id=manifest["manifest_id"] if manifest else None, prior_looks=len(looks))
    run.update(noise_facts(manifest, args.manifest))
    # Aggregate-only: no row of a lockbox is shown; per-kind counts are aggregates too.
    safety = safety_section(args.lockbox, gold_rows, pred_rows)
    if dialogues is None:
        report = build_report(score_all(gold_rows, preds), run, with_rows=False, safety=safety)
    else:
        report = dialogue_report(dialogues, turns, preds, pred_rows, args.predictions, run, safety, with_rows=False)
    entry = {
        "time": now_utc(),
        "arm": args.arm,
        "history_mode": mode,
        "lockbox_hash": digest,
        "lockbox_path": str(args.lockbox),
        "manifest_id": run["manifest_id"],
        "predictions_hash": run["predictions_hash"],
        "code_commit": run["code_commit"],
        "checkpoint_hash": run.get("checkpoint_hash"),
        "prompt_policy": run.get("prompt_policy"),
        "decoding": run.get("decoding"),
        "evaluator_version": EVALUATOR_VERSION,
        "forced": bool(args.force),
        "report_path": str(args.out),
    }
    append_entry(args.ledger, entry)  # on record before the result exists
    report.write(args.out)
    print(format_table(report))
    print(f"look recorded in {args.ledger}{' (forced)' if args.force else ''}")
    return 0


def ledger(args: argparse.Namespace) -> int:
    print(format_ledger(read_ledger(args.ledger)))
    return 0


def _training_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--train", action="append", default=[], help="training JSONL (SFT, DPO or seed rows); repeatable")
    p.add_argument("--seeds", help="seed directory: families and inputs of its training split count as training")
    p.add_argument("--seed-splits", default="train", help="comma-separated seed splits that count as training")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluate.lockbox", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="list every problem of a draft's rows (exit 1 if any); writes nothing")
    p.add_argument("--source", required=True)
    _training_args(p)
    p.set_defaults(run=check)
    p = sub.add_parser("freeze", help="hash and check source rows, write the lockbox and its manifest")
    p.add_argument("--source", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--manifest", required=True)
    p.add_argument("--manifest-id", help="defaults to the lockbox file name without extensions")
    p.add_argument("--created-at", help="when the rows were authored (ISO 8601); defaults to now")
    p.add_argument("--overwrite", action="store_true", help="replace an existing lockbox and manifest")
    p.add_argument("--drop-failing", action="store_true",
                   help="drop rows with a problem (or a training overlap) unread instead of stopping at the first")
    _training_args(p)
    p.set_defaults(run=freeze)
    p = sub.add_parser("verify", help="re-check every row hash, id, family and the manifest")
    p.add_argument("--lockbox", required=True)
    p.add_argument("--manifest")
    _training_args(p)
    p.set_defaults(run=verify)
    p = sub.add_parser("derive", help="freeze a copy of a frozen lockbox with ASR noise at one rate (robustness set)")
    p.add_argument("--lockbox", required=True, help="the frozen source lockbox")
    p.add_argument("--manifest", required=True, help="its manifest (checked first)")
    p.add_argument("--rate", type=float, required=True, help="noise rate R from 0 to 1 (shares: v2t/asr_noise.py)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--out-manifest", help="defaults to OUT with .jsonl replaced by .manifest.json")
    p.add_argument("--manifest-id", help="defaults to the output file name without extensions")
    p.add_argument("--overwrite", action="store_true", help="replace an existing derived lockbox and manifest")
    _training_args(p)
    p.set_defaults(run=derive)
    p = sub.add_parser("evaluate", help="verify, record the look in the ledger, write an aggregate-only report")
    p.add_argument("--lockbox", required=True)
    p.add_argument("--manifest")
    p.add_argument("--predictions", required=True)
    p.add_argument("--arm", required=True, help="the arm looking; with dialogues, one look per arm and history mode")
    p.add_argument("--out", required=True)
    p.add_argument("--ledger", default=DEFAULT_LEDGER)
    p.add_argument("--force", action="store_true", help="allow a second look (recorded as forced)")
    p.add_argument("--run-info", help="inline JSON object or JSON file: checkpoint_hash, prompt_policy, decoding")
    _training_args(p)
    p.set_defaults(run=evaluate)
    p = sub.add_parser("ledger", help="print every recorded look")
    p.add_argument("--ledger", default=DEFAULT_LEDGER)
    p.set_defaults(run=ledger)
    args = ap.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
