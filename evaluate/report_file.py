"""The report file (`report.json`, ARCHITECTURE.md): one frozen type that writes it and reads it back checked.

The evaluator writes through `Report.write`, every reader goes through `Report.read`; a malformed file is one
UserError naming the file and the field. Sections a later version adds ride along in `extra`, unchanged.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from v2t.errors import UserError
from v2t.jsonl import read_json, write_json_atomic

RATE_NAMES = (
    "json_parse_rate",
    "strict_schema_valid_rate",
    "semantic_contract_valid_rate",
    "contract_exact_match",
    "task_type_accuracy",
    "route_accuracy",
    "confirmation_accuracy",
    "slot_f1",
    "slot_f1_soft",
    "safety_precision",
    "safety_recall",
)
COUNT_NAMES = (
    "safety_tp",
    "safety_fp",
    "safety_fn",
    "safety_predicted_positive_support",
    "safety_gold_positive_support",
    "json_parse_count",
    "strict_schema_valid_count",
    "semantic_contract_valid_count",
)
METRIC_NAMES = RATE_NAMES + COUNT_NAMES
NULLABLE_RATES = ("safety_precision", "safety_recall")  # null when their denominator is 0
# The file's own sections, in the order they are written; any other top-level key is an `extra` section.
SECTIONS = ("metrics", "failure_slices", "unsafe_allowance", "rows", "run")


@dataclass(frozen=True)
class Report:
    """One report: §6 metrics (further metric names may ride along), failure slices, the unsafe-allowance
    count, per-row diagnostics (None: aggregate-only, as for a frozen lockbox) and the run facts."""

    metrics: dict[str, Any]
    failure_slices: dict[str, dict[str, Any]]
    unsafe_allowance: int
    run: dict[str, Any]
    rows: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # later top-level sections, written after `run`

    def __post_init__(self):
        clash = sorted(set(self.extra) & set(SECTIONS))
        if clash:
            raise ValueError(f"extra sections may not reuse the report's own names: {', '.join(clash)}")

    @property
    def n_gold(self) -> int:
        """N, the number of gold rows: the denominator of every rate (CONTRACT.md §6)."""
        return self.run["n_gold"]

    @property
    def is_lockbox(self) -> bool:
        """A look at a frozen lockbox: `evaluate.lockbox` records the lockbox hash in the run facts."""
        return self.run.get("lockbox_hash") is not None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"metrics": self.metrics, "failure_slices": self.failure_slices,
                               "unsafe_allowance": self.unsafe_allowance}
        if self.rows is not None:
            out["rows"] = self.rows
        out["run"] = self.run
        return out | self.extra

    def write(self, path: str | os.PathLike) -> None:
        """Atomically, and only a report that reads back: the writer and the readers share one check."""
        raw = self.to_json()
        check_report(raw, Path(path))
        write_json_atomic(path, raw)

    @classmethod
    def read(cls, path: str | os.PathLike) -> Report:
        path = Path(path)
        return cls.from_json(read_json(path), path)

    @classmethod
    def from_json(cls, raw: Any, path: str | os.PathLike) -> Report:
        check_report(raw, Path(path))
        extra = {k: v for k, v in raw.items() if k not in SECTIONS}
        return cls(raw["metrics"], raw["failure_slices"], raw["unsafe_allowance"], raw["run"], raw.get("rows"),
                   extra)


def is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def is_count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def check_counts(path: Path, where: str, d: Any, names: tuple[str, ...]) -> None:
    """A report section `where` must be an object whose `names` are non-negative integers; one line naming the
    file and the field otherwise."""
    if not isinstance(d, dict):
        raise UserError(f"{path}: {where} must be a JSON object")
    for key in names:
        if not is_count(d.get(key)):
            raise UserError(f"{path}: {where}.{key} must be a non-negative integer, got {d.get(key)!r}")


def check_report(raw: Any, path: Path) -> None:
    """The first problem with a report's shape, as a UserError `<path>: <field> ...`."""
    if not isinstance(raw, dict):
        raise UserError(f"{path}: expected a JSON object, got {type(raw).__name__}")
    check_metrics(path, raw.get("metrics"))
    unsafe = raw.get("unsafe_allowance")
    if not is_count(unsafe):
        raise UserError(f"{path}: `unsafe_allowance` must be a non-negative integer, got {unsafe!r}")
    slices = raw.get("failure_slices")
    if not isinstance(slices, dict):
        raise UserError(f"{path}: `failure_slices` must be a JSON object")
    for name, s in slices.items():
        if not isinstance(s, dict) or not is_count(s.get("count")):
            raise UserError(f"{path}: failure_slices.{name} needs a non-negative integer `count`")
    if "rows" in raw:
        rows = raw["rows"]
        if not isinstance(rows, list):
            raise UserError(f"{path}: `rows` must be a JSON list")
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or not isinstance(row.get("id"), str):
                raise UserError(f"{path}: rows[{i}] must be an object with a string `id`")
    run = raw.get("run")
    if not isinstance(run, dict):
        raise UserError(f"{path}: `run` must be a JSON object")
    if not (is_count(run.get("n_gold")) and run["n_gold"] > 0):
        raise UserError(f"{path}: run.n_gold (N, the number of gold rows) must be a positive integer, "
                        f"got {run.get('n_gold')!r}")


def check_metrics(path: Path, metrics: Any) -> None:
    if not isinstance(metrics, dict):
        raise UserError(f"{path}: `metrics` must be a JSON object")
    for name in METRIC_NAMES:
        if name not in metrics:
            raise UserError(f"{path}: metrics lacks `{name}`")
        v = metrics[name]
        if name in COUNT_NAMES:
            if not is_count(v):
                raise UserError(f"{path}: metrics.{name} must be a non-negative integer, got {v!r}")
        elif not (v is None and name in NULLABLE_RATES) and not (is_number(v) and 0.0 <= v <= 1.0):
            raise UserError(f"{path}: metrics.{name} must be a number in [0, 1], got {v!r}")
