"""Row formats shared by the stages: seeds, SFT rows, DPO pairs, lockbox rows, gold rows.

Gold rows may be any of them: the id is `id` or `row_id`, the contract `target_contract` or `gold_contract`.
"""

from __future__ import annotations

from os import PathLike
from typing import Any

from v2t.errors import UserError, located
from v2t.jsonl import read_jsonl_numbered

SPLITS = ("train", "dev", "test")
SEED_KEYS = ("id", "split", "semantic_family_id", "input_text", "target_contract", "augmentations", "provenance")
SFT_KEYS = ("id", "split", "input_text", "target_contract", "provenance")
DPO_KEYS = ("id", "split", "input_text", "chosen_contract", "rejected_contract", "rejection_reason", "provenance")
LOCKBOX_KEYS = ("row_id", "semantic_family_id", "input_text", "gold_contract", "source", "derived_from",
                "analysis_seen", "content_hash")


def row_id(row: dict[str, Any]) -> str | None:
    rid = row.get("id", row.get("row_id"))
    return rid if isinstance(rid, str) else None


def gold_contract(row: dict[str, Any]) -> dict[str, Any] | None:
    gold = row.get("target_contract", row.get("gold_contract"))
    return gold if isinstance(gold, dict) else None


def read_inputs(path: str | PathLike, split: str | None = None) -> list[tuple[str, str]]:
    """(id, input_text) per row of any row format, optionally of one `split`; bad rows name file:line."""
    out, seen = [], set()
    for line, row in read_jsonl_numbered(path):
        if split is not None and row.get("split") != split:
            continue
        rid, text = row_id(row), row.get("input_text")
        if rid is None:
            raise located(path, line, "row has no string `id` or `row_id`")
        if not isinstance(text, str) or not text.strip():
            raise located(path, line, f"row {rid} has no non-empty string `input_text`")
        if rid in seen:
            raise located(path, line, f"duplicate id {rid}")
        seen.add(rid)
        out.append((rid, text))
    if not out:
        raise UserError(f"{path}: no rows" + (f" in split {split!r}" if split else ""))
    return out


def history_problem(history: Any) -> str | None:
    """What is wrong with an SFT/DPO row's `history` (a dialogue turn's earlier turns), or None."""
    ok = isinstance(history, list) and all(
        isinstance(h, dict) and set(h) == {"input_text", "contract"} and isinstance(h["input_text"], str)
        and isinstance(h["contract"], dict) for h in history)
    return None if ok else 'history must be a list of {"input_text": string, "contract": object}'


def row_history(row: dict[str, Any]) -> tuple[tuple[str, dict[str, Any]], ...]:
    """A row's earlier turns as v2t.prompt takes them; () for a one-turn row (no `history` key)."""
    return tuple((h["input_text"], h["contract"]) for h in row.get("history", ()))


def read_histories(path: str | PathLike, split: str | None = None) -> dict[str, tuple[tuple[str, dict[str, Any]], ...]]:
    """id -> history of the rows (of one `split`) that have a `history` key; a malformed one names file:line."""
    out = {}
    for line, row in read_jsonl_numbered(path):
        if "history" not in row or (split is not None and row.get("split") != split):
            continue
        problem = history_problem(row["history"])
        if problem:
            raise located(path, line, problem)
        out[row_id(row)] = row_history(row)
    return out
