"""The build manifest: what went in (seed files and their hashes), what came out, and the counts.

No timestamps and sorted counts, so the same seeds always give the same bytes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from v2t.contract import hash_json, sha256_text

SCHEMA_VERSION = "build.v1"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(rows: list[dict[str, Any]], *keys: str) -> dict[str, Any]:
    """Total, plus a sorted count per value of each key path ('split', 'target_contract.task_type')."""
    out: dict[str, Any] = {"total": len(rows)}
    for key in keys:
        values = []
        for row in rows:
            value: Any = row
            for part in key.split("."):
                value = value[part]
            values.append(value)
        out[f"by_{key.rsplit('.', 1)[-1]}"] = dict(sorted(Counter(values).items()))
    return out


def build_manifest(seed_paths: list[Path], seed_rows: list[dict[str, Any]], outputs: dict[str, str],
                   sft_rows: list[dict[str, Any]], dpo_rows: list[dict[str, Any]],
                   settings: dict[str, Any], dialogue_paths: list[Path] = ()) -> dict[str, Any]:
    # Seed files by name, not path: the same seeds built from another checkout hash the same.
    seed_files = {p.name: file_sha256(p) for p in seed_paths}
    seed_files.update({f"dialogues/{p.name}": file_sha256(p) for p in dialogue_paths})
    seed_counts = counts(seed_rows, "split", "target_contract.task_type")
    seed_counts["families"] = len({r["semantic_family_id"] for r in seed_rows})
    return {
        "schema_version": SCHEMA_VERSION,
        "settings": settings,
        "seed_files": seed_files,
        "seed_set_hash": sha256_text(hash_json(seed_files)),
        "outputs": {name: {"sha256": sha256_text(text), "rows": text.count("\n")} for name, text in outputs.items()},
        "counts": {
            "seeds": seed_counts,
            "sft": counts(sft_rows, "split", "target_contract.task_type"),
            "dpo": counts(dpo_rows, "split", "chosen_contract.task_type", "rejection_reason"),
        },
    }
