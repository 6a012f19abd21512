"""The append-only lockbox ledger: one JSON line per look at a frozen lockbox, never rewritten.

A second look at the same lockbox by the same arm (and, for dialogues, history mode) is refused unless forced,
and a forced look says so.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any

from v2t.jsonl import dumps_line, read_jsonl_numbered

DEFAULT_LEDGER = "reports/lockbox-ledger.jsonl"
ENTRY_KEYS = ("time", "arm", "history_mode", "lockbox_hash", "lockbox_path", "manifest_id", "predictions_hash", "code_commit",
              "checkpoint_hash", "prompt_policy", "decoding", "evaluator_version", "forced", "report_path")


def read_ledger(path: str | os.PathLike) -> list[tuple[int, dict[str, Any]]]:
    """Numbered entries; a ledger that does not exist yet has none."""
    return read_jsonl_numbered(path) if Path(path).exists() else []


def prior_looks(path: str | os.PathLike, lockbox_hash: str, arm: str,
                history_mode: str | None = None) -> list[tuple[int, dict[str, Any]]]:
    """Earlier looks by this arm at this lockbox; for dialogues, with the same history mode (None: one-turn)."""
    return [(n, e) for n, e in read_ledger(path) if e.get("lockbox_hash") == lockbox_hash and e.get("arm") == arm
            and e.get("history_mode") == history_mode]


def append_entry(path: str | os.PathLike, entry: dict[str, Any]) -> None:
    """Append one line and fsync it: the look is on record before anyone reads the result."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # the demo evaluates in parallel: one look's line at a time
        f.seek(0, os.SEEK_END)
        if f.tell():
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":
                f.write(b"\n")  # a torn last line stays its own (bad) line instead of corrupting ours
        f.write((dumps_line(entry) + "\n").encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())


def format_ledger(entries: list[tuple[int, dict[str, Any]]]) -> str:
    if not entries:
        return "no looks recorded"
    header = f"{'time':<21}{'arm':<20}{'history':<9}{'lockbox_hash':<18}{'forced':<8}{'code_commit':<14}{'checkpoint':<14}prompt_policy"
    lines = [header]
    for _, e in entries:
        short = lambda v: str(v)[:12] if v else "-"
        lines.append(f"{str(e.get('time', '-')):<21}{str(e.get('arm', '-')):<20}{e.get('history_mode') or '-':<9}"
                     f"{short(e.get('lockbox_hash')):<18}"
                     f"{str(bool(e.get('forced'))).lower():<8}{short(e.get('code_commit')):<14}"
                     f"{short(e.get('checkpoint_hash')):<14}{e.get('prompt_policy') or '-'}")
    return "\n".join(lines)
