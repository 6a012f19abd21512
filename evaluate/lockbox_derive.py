"""Robustness sets: a frozen lockbox's rows with ASR noise at one rate, frozen in turn (CONTRACT.md §7).

Each derived row names its source row and that row's content hash in `derived_from`; gold and families stay.
"""

from __future__ import annotations

from typing import Any

from evaluate.lockbox_rows import build_manifest, content_hash
from v2t.asr_noise import KINDS, NoiseConfig, noise_text

TRANSFORM = "asr_noise"


def derived_row_id(source_id: str, rate: float) -> str:
    return f"{source_id}/asr{round(rate * 100):02d}"


def derive_rows(rows: list[dict[str, Any]], config: NoiseConfig, rate: float) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Frozen noised copies of frozen rows, in order, and what the noise did (rows changed, errors per kind).

    The noise is keyed by the source row id, so the same lockbox, rate and seed always give the same set.
    """
    out, errors, changed = [], dict.fromkeys(KINDS, 0), 0
    for row in rows:
        noised = noise_text(row["input_text"], row["row_id"], config)
        changed += noised.text != row["input_text"]
        for kind, n in noised.counts.items():
            errors[kind] += n
        new = {
            "row_id": derived_row_id(row["row_id"], rate),
            "semantic_family_id": row["semantic_family_id"],
            "input_text": noised.text,
            "gold_contract": row["gold_contract"],
            "source": row["source"],
            "derived_from": [{"row_id": row["row_id"], "content_hash": row["content_hash"], "transform": TRANSFORM,
                              "rate": rate, "seed": config.seed}],
            "analysis_seen": False,
        }
        new["content_hash"] = content_hash(new)
        out.append(new)
    return out, {"rows_changed": changed, "rows_unchanged": len(rows) - changed, "errors": errors}


def derived_manifest(rows: list[dict[str, Any]], manifest_id: str, source: dict[str, Any], config: NoiseConfig,
                     rate: float, effect: dict[str, Any]) -> dict[str, Any]:
    """The §7 manifest of a derived set, plus what it was derived from and with which noise."""
    manifest = build_manifest(rows, manifest_id, None)
    manifest["derived_from"] = {"manifest_id": source["manifest_id"], "lockbox_hash": source["lockbox_hash"],
                                "path": source["path"]}
    manifest["asr_noise"] = {"rate": rate, "settings": config.settings(), **effect}
    return manifest
