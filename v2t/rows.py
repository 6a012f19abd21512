"""Row formats shared by the stages: seeds, SFT rows, DPO pairs, lockbox rows, gold rows.

Gold rows may be any of them: the id is `id` or `row_id`, the contract `target_contract` or `gold_contract`.
"""

from __future__ import annotations

from typing import Any

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
