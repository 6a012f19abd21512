"""Reading what the dashboard shows: reports, prediction rows, training metrics, the lockbox card.

Pure functions, no Streamlit: a corrupt or malformed file becomes a UserError naming the file.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evaluate.metrics import COUNT_NAMES, RATE_NAMES
from v2t.errors import UserError, located
from v2t.jsonl import read_json, read_jsonl

ARM_ORDER = ("base", "sft", "dpo", "baseline")  # the usual arms first, any others after
NULLABLE_RATES = ("safety_precision", "safety_recall")  # null when their denominator is 0
LEDGER_NAME = "lockbox-ledger.jsonl"


def is_lockbox_set(set_name: str) -> bool:
    """A set named like a lockbox is frozen: aggregate only, never row by row."""
    return "lockbox" in set_name.lower()


@dataclass(frozen=True)
class Report:
    """One `reports/<arm>/<set>/report.json`, checked."""

    arm: str
    set_name: str
    path: Path
    n: int  # gold rows: the denominator of every rate
    metrics: dict[str, Any]
    unsafe_allowance: int
    failure_slices: dict[str, dict[str, Any]]
    rows: list[dict[str, Any]] | None  # None: a lockbox set or an aggregate-only report
    run: dict[str, Any]

    @property
    def row_level(self) -> bool:
        return self.rows is not None

    @property
    def predictions_path(self) -> Path:
        return self.path.with_name("predictions.jsonl")


@dataclass(frozen=True)
class Scan:
    """Every report found under a directory, and a message per file that could not be read."""

    reports: list[Report] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def sets(self) -> list[str]:
        return sorted({r.set_name for r in self.reports}, key=lambda s: (not is_lockbox_set(s), s))

    def for_set(self, set_name: str) -> list[Report]:
        return [r for r in self.reports if r.set_name == set_name]


def _read_object(path: Path) -> dict[str, Any]:
    try:
        value = read_json(path)
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise UserError(f"{path}: cannot read ({e.strerror})") from None
    if not isinstance(value, dict):
        raise UserError(f"{path}: expected a JSON object, got {type(value).__name__}")
    return value


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _is_count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _check_metrics(path: Path, metrics: Any) -> dict[str, Any]:
    if not isinstance(metrics, dict):
        raise UserError(f"{path}: `metrics` must be a JSON object")
    for name in RATE_NAMES:
        if name not in metrics:
            raise UserError(f"{path}: metrics lacks `{name}`")
        v = metrics[name]
        if v is None and name in NULLABLE_RATES:
            continue
        if not (_is_number(v) and 0.0 <= v <= 1.0):
            raise UserError(f"{path}: metrics.{name} must be a number in [0, 1], got {v!r}")
    for name in COUNT_NAMES:
        if name not in metrics:
            raise UserError(f"{path}: metrics lacks `{name}`")
        if not _is_count(metrics[name]):
            raise UserError(f"{path}: metrics.{name} must be a non-negative integer, got {metrics[name]!r}")
    return metrics


def _check_slices(path: Path, slices: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(slices, dict):
        raise UserError(f"{path}: `failure_slices` must be a JSON object")
    for name, s in slices.items():
        if not isinstance(s, dict) or not _is_count(s.get("count")):
            raise UserError(f"{path}: failure_slices.{name} needs a non-negative integer `count`")
    return slices


def _check_rows(path: Path, rows: Any) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        raise UserError(f"{path}: `rows` must be a JSON list")
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise UserError(f"{path}: rows[{i}] must be an object with a string `id`")
    return rows


def load_report(path: str | os.PathLike, arm: str, set_name: str) -> Report:
    """Read and check one report; a frozen lockbox set never keeps its rows, whatever the file holds."""
    path = Path(path)
    raw = _read_object(path)
    metrics = _check_metrics(path, raw.get("metrics"))
    run = raw.get("run", {})
    if not isinstance(run, dict):
        raise UserError(f"{path}: `run` must be a JSON object")
    unsafe = raw.get("unsafe_allowance")
    if not _is_count(unsafe):
        raise UserError(f"{path}: `unsafe_allowance` must be a non-negative integer, got {unsafe!r}")
    rows = _check_rows(path, raw["rows"]) if "rows" in raw else None
    # N is the number of gold rows; the evaluator writes it in `run`, a report may carry it as `N`.
    n = metrics.get("N", run.get("n_gold", len(rows) if rows is not None else None))
    if not (_is_count(n) and n > 0):
        raise UserError(f"{path}: cannot tell N, the number of gold rows (no metrics.N or run.n_gold)")
    return Report(
        arm=arm,
        set_name=set_name,
        path=path,
        n=n,
        metrics=metrics,
        unsafe_allowance=unsafe,
        failure_slices=_check_slices(path, raw.get("failure_slices", {})),
        rows=None if is_lockbox_set(set_name) else rows,
        run=run,
    )


def _arm_key(arm: str) -> tuple[int, str]:
    return (ARM_ORDER.index(arm) if arm in ARM_ORDER else len(ARM_ORDER), arm)


def scan_reports(root: str | os.PathLike) -> Scan:
    """Every `<root>/<arm>/<set>/report.json`; an unreadable one becomes a message, not an exception."""
    root = Path(root)
    if not root.is_dir():
        return Scan()
    reports, problems = [], []
    paths = sorted(root.glob("*/*/report.json"), key=lambda p: (_arm_key(p.parent.parent.name), p.parent.name))
    for path in paths:
        try:
            reports.append(load_report(path, path.parent.parent.name, path.parent.name))
        except UserError as e:
            problems.append(str(e))
    return Scan(reports, problems)


def _numeric_column(path: Path, line: int, row: dict[str, Any], key: str) -> None:
    v = row.get(key)
    if v is not None and not _is_number(v):
        raise located(path, line, f"`{key}` must be a number, got {v!r}")


def _numbered(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        rows = read_jsonl(path)
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return list(zip(lines, rows, strict=True))


PREDICTION_FACTS = ("tokens", "forward_passes", "latency_ms")


def load_predictions(path: str | os.PathLike) -> pd.DataFrame:
    """One row per prediction: id, the decoding facts (NaN where absent) and finish."""
    path = Path(path)
    out = []
    for line, row in _numbered(path):
        if not isinstance(row.get("id"), str):
            raise located(path, line, "prediction row has no string `id`")
        for key in PREDICTION_FACTS:
            _numeric_column(path, line, row, key)
        out.append({"id": row["id"], **{k: row.get(k) for k in PREDICTION_FACTS}, "finish": row.get("finish")})
    frame = pd.DataFrame(out, columns=["id", *PREDICTION_FACTS, "finish"])
    return frame.astype({k: "float64" for k in PREDICTION_FACTS})


def load_prediction_values(path: str | os.PathLike) -> dict[str, Any]:
    """id -> the prediction itself (a JSON object, or the raw string that did not parse)."""
    path = Path(path)
    return {row["id"]: row.get("prediction") for _, row in _numbered(path) if isinstance(row.get("id"), str)}


def load_run_metrics(path: str | os.PathLike) -> pd.DataFrame:
    """`metrics.jsonl` of a training run: an integer `step` per line, every other value a number or null."""
    path = Path(path)
    out = []
    for line, row in _numbered(path):
        step = row.get("step")
        if not _is_count(step):
            raise located(path, line, f"`step` must be a non-negative integer, got {step!r}")
        for key, v in row.items():
            if v is not None and not _is_number(v):
                raise located(path, line, f"`{key}` must be a number, got {v!r}")
        out.append(row)
    if not out:
        raise UserError(f"{path}: no logged steps")
    return pd.DataFrame(out).sort_values("step", kind="stable").reset_index(drop=True)


def scan_runs(root: str | os.PathLike) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Every `<root>/<name>/metrics.jsonl`, by run name; unreadable ones become messages."""
    root = Path(root)
    runs: dict[str, pd.DataFrame] = {}
    problems: list[str] = []
    if not root.is_dir():
        return runs, problems
    for path in sorted(root.glob("*/metrics.jsonl")):
        try:
            runs[path.parent.name] = load_run_metrics(path)
        except UserError as e:
            problems.append(str(e))
    return runs, problems


@dataclass(frozen=True)
class Manifest:
    """The lockbox card: what was frozen, when, and whether its hash matches its row hashes."""

    path: Path
    manifest_id: str
    lockbox_hash: str
    frozen: bool
    frozen_at: str | None
    created_at: str | None
    row_count: int
    family_count: int
    provenance_summary: Any
    hash_matches_rows: bool


def lockbox_hash_of(content_hashes: list[str]) -> str:
    """CONTRACT.md §7: sha256 of the compact JSON list of row hashes in row order."""
    text = json.dumps(content_hashes, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_manifest(path: str | os.PathLike) -> Manifest:
    path = Path(path)
    raw = _read_object(path)
    for key, kind in (("lockbox_hash", str), ("row_count", int), ("family_count", int), ("frozen", bool)):
        if not isinstance(raw.get(key), kind) or (kind is int and isinstance(raw.get(key), bool)):
            raise UserError(f"{path}: `{key}` must be a {kind.__name__}, got {raw.get(key)!r}")
    hashes = raw.get("content_hashes")
    matches = (
        isinstance(hashes, list)
        and all(isinstance(h, str) for h in hashes)
        and len(hashes) == raw["row_count"]
        and lockbox_hash_of(hashes) == raw["lockbox_hash"]
    )
    return Manifest(
        path=path,
        manifest_id=str(raw.get("manifest_id", "")),
        lockbox_hash=raw["lockbox_hash"],
        frozen=raw["frozen"],
        frozen_at=raw.get("frozen_at"),
        created_at=raw.get("created_at"),
        row_count=raw["row_count"],
        family_count=raw["family_count"],
        provenance_summary=raw.get("provenance_summary"),
        hash_matches_rows=matches,
    )


def load_ledger(path: str | os.PathLike) -> pd.DataFrame:
    """The one-look ledger, one row per look; no file yet means no look yet (an empty table)."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame()
    rows = [{k: _cell(v) for k, v in row.items()} for _, row in _numbered(path)]
    return pd.DataFrame(rows)


def _cell(v: Any) -> Any:
    """Nested values (decoding settings) shown as compact JSON text in a table cell."""
    return json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, dict | list) else v


def read_text(path: str | os.PathLike) -> str:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise UserError(f"{path}: cannot read ({e.strerror})") from None
