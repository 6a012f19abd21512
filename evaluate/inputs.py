"""Reading what the evaluator scores: gold rows, prediction rows, run facts and file hashes.

Every problem a user can cause is one UserError naming the file and line.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from v2t.contract import contract_only, hash_json, validate
from v2t.errors import UserError, located
from v2t.jsonl import read_json, read_jsonl_numbered
from v2t.rows import gold_contract, row_id

# Per-row decoding facts that are summarised (mean, p50, max) rather than copied.
NUMERIC_FACTS = ("tokens", "forward_passes", "latency_ms")


def file_sha256(path: str | os.PathLike) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_gold(path: str | os.PathLike, split: str | None = None) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(id, gold contract, row) per gold row (of one `split` if given); every gold must be semantic-valid."""
    out, seen = [], {}
    for line, row in read_jsonl_numbered(path):
        if split is not None and row.get("split") != split:
            continue
        rid, gold = row_id(row), gold_contract(row)
        if rid is None:
            raise located(path, line, "gold row has no string `id` or `row_id`")
        if gold is None:
            raise located(path, line, f"gold row {rid} has no `target_contract` or `gold_contract` object")
        if rid in seen:
            raise located(path, line, f"duplicate gold id {rid} (first at line {seen[rid]})")
        # Only the 8 contract keys are scored, as only they are hashed in a lockbox (CONTRACT.md §7).
        gold = contract_only(gold)
        check = validate(gold)
        if not check.semantic_valid:
            issue = check.issues[0]
            raise located(path, line, f"gold row {rid} is not a valid contract: {issue.path}: {issue.category}")
        seen[rid] = line
        out.append((rid, gold, row))
    if not out:
        raise UserError(f"{path}: no gold rows" + (f" in split {split!r}" if split else ""))
    return out


def load_predictions(path: str | os.PathLike, gold_ids: set[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Map id -> prediction value (any JSON value); unknown or duplicate ids are user errors."""
    preds: dict[str, Any] = {}
    lines: dict[str, int] = {}
    rows = []
    for line, row in read_jsonl_numbered(path):
        rid = row_id(row)
        if rid is None:
            raise located(path, line, "prediction row has no string `id`")
        if "prediction" not in row:
            raise located(path, line, f"prediction row {rid} has no `prediction` key")
        if rid not in gold_ids:
            raise located(path, line, f"prediction id {rid} is not in the gold set")
        if rid in lines:
            raise located(path, line, f"duplicate prediction id {rid} (first at line {lines[rid]})")
        lines[rid] = line
        preds[rid] = row["prediction"]
        rows.append(row)
    return preds, rows


def load_run_info(arg: str | None) -> dict[str, Any]:
    """`--run-info` is inline JSON (starts with `{`) or the path of a JSON file; it must be an object."""
    if not arg:
        return {}
    if arg.lstrip().startswith("{"):
        try:
            info = json.loads(arg)
        except json.JSONDecodeError as e:
            raise UserError(f"--run-info: not valid JSON ({e.msg})") from None
    else:
        info = read_json(arg)
    if not isinstance(info, dict):
        raise UserError(f"--run-info {arg}: expected a JSON object")
    return info


def decoding_facts(pred_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What the prediction rows say about the run: constant fields copied, numbers summarised."""
    facts: dict[str, Any] = {}
    if not pred_rows:
        return facts
    for key in NUMERIC_FACTS:
        values = [r[key] for r in pred_rows if isinstance(r.get(key), int | float) and not isinstance(r.get(key), bool)]
        if values:
            facts[key] = {"mean": statistics.fmean(values), "p50": statistics.median(values), "max": max(values)}
    finishes = Counter(str(r["finish"]) for r in pred_rows if "finish" in r)
    if finishes:
        facts["finish"] = dict(sorted(finishes.items()))
    skip = {"id", "row_id", "prediction", "finish", *NUMERIC_FACTS}
    keys = {k for r in pred_rows for k in r} - skip
    for key in sorted(keys):
        # A field every row carries with one value (a prompt policy, a checkpoint hash) is a run fact.
        values = {hash_json(r[key]) if key in r else None for r in pred_rows}
        if len(values) == 1 and None not in values:
            facts[key] = pred_rows[0][key]
    return facts


def code_commit() -> str | None:
    """The commit of the code that ran, when this is a git checkout."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip() or None
