"""What a run leaves behind besides checkpoints: metrics.jsonl and run_card.json, written atomically.

The run card says what produced the adapter: config and data hashes, seed, versions, tokens, time, memory.
"""

from __future__ import annotations

import importlib.metadata
import platform
import resource
from pathlib import Path
from typing import Any

from v2t.contract import hash_json, sha256_text
from v2t.jsonl import read_jsonl, write_json_atomic, write_jsonl_atomic

LIBRARIES = ("jax", "jaxlib", "flax", "optax", "orbax-checkpoint", "numpy", "transformers", "tokenizers")


class MetricsLog:
    """metrics.jsonl, rewritten atomically on every write; a resumed run drops rows past its checkpoint."""

    def __init__(self, path: Path, resume_step: int | None):
        self.path = path
        self.rows: list[dict[str, Any]] = []
        if resume_step is not None and path.is_file():
            self.rows = [r for r in read_jsonl(path) if r.get("step", 0) <= resume_step]

    def write(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        write_jsonl_atomic(self.path, self.rows)


def config_hash(config_dict: dict[str, Any]) -> str:
    return sha256_text(hash_json(config_dict))


def file_hash(path: str | Path) -> str | None:
    path = Path(path)
    return sha256_text(path.read_text(encoding="utf-8")) if path.is_file() else None


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def peak_memory_mb() -> float:
    # ru_maxrss is in KiB on Linux: the process's peak resident memory (host side).
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def write_run_card(path: Path, **facts: Any) -> None:
    card = dict(facts)
    card.setdefault("library_versions", library_versions())
    card.setdefault("peak_memory_mb", peak_memory_mb())
    write_json_atomic(path, card)
