"""Gold and prediction side by side for one development row, the fields that differ marked.

Refuses a report without row-level data, so a frozen lockbox can never be looked at row by row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.load import ArmReport, load_prediction_values
from evaluate.diagnostics import fields_differ
from v2t.contract import KEY_ORDER
from v2t.errors import UserError
from v2t.jsonl import read_jsonl
from v2t.rows import gold_contract, row_id


@dataclass(frozen=True)
class RowSources:
    """What a report's rows are compared against: gold rows and predictions, by id."""

    gold: dict[str, dict[str, Any]]
    inputs: dict[str, str]
    predictions: dict[str, Any]
    note: str | None  # why some of it is missing, for the reader


def _resolve(path_text: str) -> Path | None:
    """A gold path as the evaluator wrote it: absolute, or relative to where it ran (the repo root)."""
    path = Path(path_text)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, Path(__file__).resolve().parents[1] / path]
    return next((p for p in candidates if p.is_file()), None)


def row_sources(report: ArmReport) -> RowSources:
    """Gold from the rows themselves or the report's `run.gold_path`; predictions from beside the report."""
    if not report.row_level:
        raise UserError(f"{report.path}: no row-level data (a frozen lockbox or an aggregate-only report)")
    gold: dict[str, dict[str, Any]] = {}
    inputs: dict[str, str] = {}
    preds: dict[str, Any] = {}
    notes = []
    for row in report.rows or []:
        if isinstance(row.get("gold"), dict):
            gold[row["id"]] = row["gold"]
        if "prediction" in row:
            preds[row["id"]] = row["prediction"]
    if not gold:
        gold_path = report.run.get("gold_path")
        found = _resolve(gold_path) if isinstance(gold_path, str) else None
        if found is None:
            notes.append(f"gold rows not found (run.gold_path = {gold_path!r})")
        else:
            for r in read_jsonl(found):
                rid, contract = row_id(r), gold_contract(r)
                if rid is not None and contract is not None:
                    gold[rid] = contract
                    if isinstance(r.get("input_text"), str):
                        inputs[rid] = r["input_text"]
    if not preds:
        if report.predictions_path.is_file():
            preds = load_prediction_values(report.predictions_path)
        else:
            notes.append(f"{report.predictions_path} not found")
    return RowSources(gold, inputs, preds, "; ".join(notes) or None)


def _flatten(contract: dict[str, Any]) -> dict[str, Any]:
    """Field paths as the evaluator names them: `safety/allow`, `slots/query`, `extra/<key>`."""
    out: dict[str, Any] = {}
    for key in KEY_ORDER:
        if key not in contract:
            continue
        value = contract[key]
        if key in ("safety", "slots") and isinstance(value, dict):
            for sub, v in value.items():
                out[f"{key}/{sub}"] = v
        else:
            out[key] = value
    for key in contract:
        if key not in KEY_ORDER:
            out[f"extra/{key}"] = contract[key]
    return out


_MISSING = object()  # a field one side lacks (None is a value a prediction may hold)


def _show(value: Any) -> str:
    if value is _MISSING:
        return "(absent)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def side_by_side(gold: dict[str, Any], prediction: Any) -> pd.DataFrame:
    """field | gold | prediction | differs, one line per field of either side, gold's order first."""
    if isinstance(prediction, str):
        try:
            parsed = json.loads(prediction)
        except json.JSONDecodeError:
            parsed = None
        prediction = parsed if isinstance(parsed, dict) else prediction
    if not isinstance(prediction, dict):
        raw = "(no prediction)" if prediction is None else _show(prediction)
        rows = [(f, _show(v), "", True) for f, v in _flatten(gold).items()]
        return pd.DataFrame([("raw output", "", raw, True), *rows], columns=["field", "gold", "prediction", "differs"])
    differ = set(fields_differ(gold, prediction) or [])
    g, p = _flatten(gold), _flatten(prediction)
    fields = [*g, *(f for f in p if f not in g)]
    rows = [(f, _show(g.get(f, _MISSING)), _show(p.get(f, _MISSING)), f in differ or f.split("/")[0] in differ)
            for f in fields]
    return pd.DataFrame(rows, columns=["field", "gold", "prediction", "differs"])


def filter_rows(rows: list[dict[str, Any]], slices: list[str], task_types: list[str]) -> list[dict[str, Any]]:
    """Rows in any chosen failure slice (all rows when none is chosen) and of a chosen gold task type."""
    out = []
    for row in rows:
        if slices and not set(row.get("slices") or []) & set(slices):
            continue
        if task_types and row.get("gold_task_type") not in task_types:
            continue
        out.append(row)
    return out
