"""Per-row diagnostics and failure slices: which layer a row reached, what failed, which fields differ.

They explain the aggregates of `evaluate.metrics`; a frozen lockbox report carries the slice counts only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from v2t.contract import KEY_ORDER, hash_json

if TYPE_CHECKING:
    from evaluate.metrics import RowScore

EXAMPLE_IDS = 10  # example ids kept per slice
_ABSENT = object()  # a key the prediction lacks (None is a value it may hold)

# Slice name -> which rows fall in it. Field slices look only at schema-valid rows: a row that
# failed the schema is in the `schema` slice and nowhere else, since nothing else of it is trusted.
SLICES: dict[str, Callable[[RowScore], bool]] = {
    "schema": lambda s: not s.check.schema_valid,
    "semantic": lambda s: s.check.schema_valid and not s.check.semantic_valid,
    "task_type": lambda s: s.check.schema_valid and not s.task_type_match,
    "route": lambda s: s.check.schema_valid and not s.route_match,
    # A safety error is a wrong decision: allow differs from gold (a precision or recall miss).
    "safety": lambda s: s.check.schema_valid and s.predicted_positive != s.gold_positive,
    "confirmation": lambda s: s.check.schema_valid and not s.confirmation_match,
    "slot": lambda s: s.check.schema_valid and s.slot_f1 < 1.0,
}


def _same(a: Any, b: Any) -> bool:
    """Equal by value with types (`1` is not `true`), whatever the values are."""
    try:
        return hash_json(a) == hash_json(b)
    except (TypeError, ValueError, RecursionError):
        return False


def fields_differ(gold: dict[str, Any], pred: Any) -> list[str] | None:
    """Paths where a parsed prediction differs from gold (`safety/allow`, `slots/query`, `extra/<key>`)."""
    if not isinstance(pred, dict):
        return None
    out = []
    for key in KEY_ORDER:
        g, p = gold.get(key), pred.get(key, _ABSENT)
        if key in ("safety", "slots") and isinstance(p, dict):
            for sub in [*g, *(k for k in p if k not in g)]:
                if sub not in p or sub not in g or not _same(g[sub], p[sub]):
                    out.append(f"{key}/{sub}")
        elif p is _ABSENT or not _same(g, p):
            out.append(key)
    out += [f"extra/{k}" for k in pred if k not in KEY_ORDER]
    return out


def row_diagnostic(s: RowScore) -> dict[str, Any]:
    """One row of a development report: what the dashboard shows for a failure."""
    pred = s.check.contract
    return {
        "id": s.id,
        "layer": s.check.layer,  # highest layer passed: none, parse, schema, semantic
        "missing": s.missing,
        "exact": s.exact,
        "gold_task_type": s.gold["task_type"],
        "predicted_task_type": pred.get("task_type") if isinstance(pred, dict) else None,
        "issues": [
            {"layer": i.layer, "category": i.category, "path": i.path, "message": i.message} for i in s.check.issues
        ],
        "fields_differ": fields_differ(s.gold, pred),
        "slot_f1": s.slot_f1,
        "slot_f1_soft": s.slot_f1_soft,
        "unsafe_allowance": s.unsafe_allowance,
        "slices": [name for name, test in SLICES.items() if test(s)],
    }


def failure_slices(scores: list[RowScore], *, with_ids: bool = True) -> dict[str, dict[str, Any]]:
    """Each slice's count and (unless aggregate-only) its first example ids, in gold order."""
    out = {}
    for name, test in SLICES.items():
        ids = [s.id for s in scores if test(s)]
        out[name] = {"count": len(ids)}
        if with_ids:
            out[name]["example_ids"] = ids[:EXAMPLE_IDS]
    return out
