"""Reading what the dashboard shows: reports, prediction rows, training metrics, the lockbox card.

Pure functions, no Streamlit: a corrupt or malformed file becomes a UserError naming the file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evaluate.dialogue_section import dialogue_of
from evaluate.ledger import read_ledger
from evaluate.report_file import Report, is_count, is_number
from evaluate.report_sections import Noise, noise_of, safety_of
from v2t.errors import UserError, located
from v2t.jsonl import read_jsonl_numbered

ARM_ORDER = ("base", "sft", "dpo", "dpo+guard", "baseline")  # the usual arms first, any others after
LEDGER_NAME = "lockbox-ledger.jsonl"


@dataclass(frozen=True)
class ArmReport:
    """One `reports/<arm>/<set>/report.json`, read through evaluate.report_file, and where it was found."""

    arm: str
    set_name: str
    path: Path
    report: Report

    @property
    def n(self) -> int:
        return self.report.n_gold

    @property
    def metrics(self) -> dict[str, Any]:
        return self.report.metrics

    @property
    def unsafe_allowance(self) -> int:
        return self.report.unsafe_allowance

    @property
    def failure_slices(self) -> dict[str, dict[str, Any]]:
        return self.report.failure_slices

    @property
    def run(self) -> dict[str, Any]:
        return self.report.run

    @property
    def is_lockbox(self) -> bool:
        return self.report.is_lockbox

    @property
    def rows(self) -> list[dict[str, Any]] | None:
        """None for an aggregate-only report, and always for a frozen lockbox, whatever the file holds."""
        return None if self.report.is_lockbox else self.report.rows

    @property
    def row_level(self) -> bool:
        return self.rows is not None

    @property
    def safety(self) -> dict[str, Any] | None:
        """The per-kind safety section (checked when the report was loaded); None in an older report."""
        return safety_of(self.report, self.path)

    @property
    def noise(self) -> Noise | None:
        """Noise rate and source lockbox of a look at a robustness set; None for any other report."""
        return noise_of(self.report, self.path)

    @property
    def dialogue(self) -> dict[str, Any] | None:
        """The dialogue section of a report on multi-turn dialogues (checked when loaded); None otherwise."""
        return dialogue_of(self.report, self.path)

    @property
    def dialogue_rows(self) -> list[dict[str, Any]] | None:
        """Dialogues turn by turn; None when aggregate-only, and always for a frozen lockbox."""
        section = self.dialogue
        return None if section is None or self.report.is_lockbox else section.get("rows")

    @property
    def predictions_path(self) -> Path:
        return self.path.with_name("predictions.jsonl")


@dataclass(frozen=True)
class Scan:
    """Every report found under a directory, and a message per file that could not be read."""

    reports: list[ArmReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def is_lockbox_set(self, set_name: str) -> bool:
        """A set any of whose reports is a look at a frozen lockbox (its run facts say so)."""
        return any(r.is_lockbox for r in self.for_set(set_name))

    def sets(self) -> list[str]:
        return sorted({r.set_name for r in self.reports}, key=lambda s: (not self.is_lockbox_set(s), s))

    def for_set(self, set_name: str) -> list[ArmReport]:
        return [r for r in self.reports if r.set_name == set_name]


def load_report(path: str | os.PathLike, arm: str, set_name: str) -> ArmReport:
    path = Path(path)
    report = ArmReport(arm, set_name, path, Report.read(path))
    report.safety, report.noise, report.dialogue  # noqa: B018  (a malformed section is this file's problem, found now)
    return report


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
    if v is not None and not is_number(v):
        raise located(path, line, f"`{key}` must be a number, got {v!r}")


PREDICTION_FACTS = ("tokens", "forward_passes", "latency_ms")


def load_predictions(path: str | os.PathLike) -> pd.DataFrame:
    """One row per prediction: id, the decoding facts (NaN where absent) and finish."""
    path = Path(path)
    out = []
    for line, row in read_jsonl_numbered(path):
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
    return {row["id"]: row.get("prediction") for _, row in read_jsonl_numbered(path) if isinstance(row.get("id"), str)}


def load_run_metrics(path: str | os.PathLike) -> pd.DataFrame:
    """`metrics.jsonl` of a training run: an integer `step` per line, every other value a number or null."""
    path = Path(path)
    out = []
    for line, row in read_jsonl_numbered(path):
        step = row.get("step")
        if not is_count(step):
            raise located(path, line, f"`step` must be a non-negative integer, got {step!r}")
        for key, v in row.items():
            if v is not None and not is_number(v):
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


def load_ledger(path: str | os.PathLike) -> pd.DataFrame:
    """The one-look ledger, one row per look; no file yet means no look yet (an empty table)."""
    rows = [{k: _cell(v) for k, v in row.items()} for _, row in read_ledger(path)]
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
