"""Lockbox rows and manifests (CONTRACT.md §7): content hashes, the lockbox hash, row and manifest checks.

Freeze and verify share these, so a row that freezes is exactly a row that verifies.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from v2t.contract import contract_only, convention_issues, hash_json, sha256_text, validate
from v2t.dialogue import dialogue_problem, is_dialogue_row
from v2t.errors import UserError, located
from v2t.jsonl import read_json, read_jsonl_numbered
from v2t.rows import LOCKBOX_KEYS

SCHEMA_VERSION = "lockbox.v1"
MANIFEST_KEYS = ("manifest_id", "schema_version", "created_at", "frozen_at", "frozen", "row_count",
                 "family_count", "provenance_summary", "content_hashes", "lockbox_hash")


def content_hash(row: dict[str, Any]) -> str:
    """sha256 of the sorted-key JSON of the row without content_hash, gold reduced, derived_from sorted.

    A dialogue row has no gold_contract of its own: each of its turns' gold_contract is reduced, in turn order.
    """
    payload = {k: v for k, v in row.items() if k != "content_hash"}
    if is_dialogue_row(row):
        payload["turns"] = [{**t, "gold_contract": contract_only(t["gold_contract"])} for t in row["turns"]]
    else:
        payload["gold_contract"] = contract_only(row["gold_contract"])
    payload["derived_from"] = sorted(row["derived_from"], key=hash_json)
    return sha256_text(hash_json(payload))


def lockbox_hash(content_hashes: list[str]) -> str:
    """sha256 of the compact JSON list of content hashes, in row order."""
    return sha256_text(hash_json(list(content_hashes)))


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _nonempty_str(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _record_problem(row: dict[str, Any], rid: str) -> str | None:
    """The §7 fields one-turn and dialogue rows share: source, derived_from, analysis_seen."""
    source = row["source"]
    if not isinstance(source, dict) or not {"category", "provenance"} <= set(source):
        return f"row {rid}: source must be an object with category and provenance"
    if not isinstance(row["derived_from"], list):
        return f"row {rid}: derived_from must be a list"
    if row["analysis_seen"] is not False:
        return f"row {rid}: analysis_seen must be false (a row someone has analysed is not a test row)"
    return None


def _hash_problem(row: dict[str, Any], rid: str, needs_hash: bool) -> str | None:
    if needs_hash or "content_hash" in row:
        if row.get("content_hash") != content_hash(row):
            return f"row {rid}: content_hash does not match the row's content"
    return None


def dialogue_row_problem(row: dict[str, Any], *, needs_hash: bool) -> str | None:
    """Why a gold dialogue row is not a legal lockbox row: v2t.dialogue's reading, then the §7 fields, each
    turn's gold conventions, and the hash."""
    if needs_hash and "content_hash" not in row:
        return "missing key(s) content_hash"
    dialogue, problem = dialogue_problem(row, seed=False)
    rid = row.get("row_id")
    if problem:
        return f"row {rid}: {problem}" if isinstance(rid, str) and rid.strip() else problem
    problem = _record_problem(row, dialogue.id)
    if problem:
        return problem
    for k, turn in enumerate(dialogue.turns):
        issues = convention_issues(turn.contract)
        if issues:
            return (f"row {dialogue.id}: turns[{k}].gold_contract {issues[0].path}: {issues[0].category} "
                    f"({issues[0].message})")
    return _hash_problem(row, dialogue.id, needs_hash)


def row_problem(row: dict[str, Any], *, needs_hash: bool) -> str | None:
    """Why a row is not a legal lockbox row, or None. A frozen row must carry its content_hash."""
    if is_dialogue_row(row):
        return dialogue_row_problem(row, needs_hash=needs_hash)
    required = set(LOCKBOX_KEYS) - ({"content_hash"} if not needs_hash else set())
    missing = [k for k in LOCKBOX_KEYS if k in required and k not in row]
    if missing:
        return f"missing key(s) {', '.join(missing)}"
    extra = sorted(set(row) - set(LOCKBOX_KEYS))
    if extra:
        return f"unknown key(s) {', '.join(extra)}"
    rid = row["row_id"]
    if not _nonempty_str(rid):
        return "row_id must be a non-empty string"
    if not _nonempty_str(row["semantic_family_id"]):
        return f"row {rid}: semantic_family_id must be a non-empty string"
    if not _nonempty_str(row["input_text"]):
        return f"row {rid}: input_text must be a non-empty string"
    problem = _record_problem(row, rid)
    if problem:
        return problem
    gold = row["gold_contract"]
    if not isinstance(gold, dict):
        return f"row {rid}: gold_contract must be an object"
    check = validate(contract_only(gold))
    issues = check.issues if not check.semantic_valid else convention_issues(check.contract or {})
    if issues:
        return f"row {rid}: gold_contract {issues[0].path}: {issues[0].category} ({issues[0].message})"
    return _hash_problem(row, rid, needs_hash)


def lockbox_problems(rows: list[tuple[int, Any]], *, needs_hash: bool) -> Iterator[tuple[int, str]]:
    """(line, problem) of each numbered row that breaks a lockbox rule: a row of another kind than the first
    (one-turn or dialogue), a row that is not legal, an id already used (its first line named)."""
    seen: dict[str, int] = {}
    dialogues = bool(rows) and is_dialogue_row(rows[0][1])
    for line, row in rows:
        if is_dialogue_row(row) != dialogues:
            kind = "dialogue" if dialogues else "one-turn"
            yield line, f"a lockbox holds one kind of row; this one is not a {kind} row like line {rows[0][0]}"
            continue
        problem = row_problem(row, needs_hash=needs_hash)
        if problem:
            yield line, problem
            continue
        rid = row["row_id"]
        if rid in seen:
            yield line, f"duplicate row_id {rid} (first at line {seen[rid]})"
            continue
        seen[rid] = line


def read_lockbox(path: str | os.PathLike, *, needs_hash: bool) -> list[tuple[int, dict[str, Any]]]:
    """Numbered rows, each legal, no id repeated, all one-turn or all dialogues; the first problem raises
    naming file:line."""
    rows = read_jsonl_numbered(path)
    if not rows:
        raise UserError(f"{path}: no rows")
    for line, problem in lockbox_problems(rows, needs_hash=needs_hash):
        raise located(path, line, problem)
    return rows


def _provenance_key(source: dict[str, Any]) -> str:
    p = source["provenance"]
    return p if isinstance(p, str) else hash_json(p)


def build_manifest(rows: list[dict[str, Any]], manifest_id: str, created_at: str | None) -> dict[str, Any]:
    hashes = [r["content_hash"] for r in rows]
    frozen_at = now_utc()
    provenance = Counter(_provenance_key(r["source"]) for r in rows)
    return {
        "manifest_id": manifest_id,
        "schema_version": SCHEMA_VERSION,
        "created_at": created_at or frozen_at,
        "frozen_at": frozen_at,
        "frozen": True,
        "row_count": len(rows),
        "family_count": len({r["semantic_family_id"] for r in rows}),
        "provenance_summary": dict(sorted(provenance.items())),
        "content_hashes": hashes,
        "lockbox_hash": lockbox_hash(hashes),
    }


def manifest_problem(manifest: Any, rows: list[tuple[int, dict[str, Any]]], lockbox_path: str) -> str | None:
    """Why a manifest does not describe these rows (counts, each hash, the lockbox hash), or None."""
    if not isinstance(manifest, dict):
        return "manifest must be a JSON object"
    missing = [k for k in MANIFEST_KEYS if k not in manifest]
    if missing:
        return f"manifest lacks {', '.join(missing)}"
    if manifest["schema_version"] != SCHEMA_VERSION or manifest["frozen"] is not True:
        return f"manifest is not a frozen {SCHEMA_VERSION} manifest"
    if manifest["row_count"] != len(rows):
        return f"manifest row_count {manifest['row_count']} but {lockbox_path} has {len(rows)} rows"
    hashes = manifest["content_hashes"]
    if not isinstance(hashes, list) or len(hashes) != len(rows):
        return f"manifest content_hashes does not list {len(rows)} hashes"
    for i, ((line, row), expected) in enumerate(zip(rows, hashes, strict=True)):
        if row["content_hash"] != expected:
            return f"manifest content_hashes[{i}] does not match row {row['row_id']} ({lockbox_path}:{line})"
    families = len({row["semantic_family_id"] for _, row in rows})
    if manifest["family_count"] != families:
        return f"manifest family_count {manifest['family_count']} but the rows hold {families} families"
    if manifest["lockbox_hash"] != lockbox_hash(hashes):
        return "manifest lockbox_hash does not match its content_hashes"
    return None


@dataclass(frozen=True)
class Manifest:
    """A lockbox card: what was frozen, when, and whether its lockbox hash matches its own row hashes."""

    path: Path
    manifest_id: str
    lockbox_hash: str
    frozen: bool
    frozen_at: str | None
    created_at: str | None
    row_count: int
    family_count: int
    provenance_summary: Any
    hash_matches_rows: bool


def read_manifest(path: str | os.PathLike) -> Manifest:
    """The card of a manifest file, without its rows (verify checks those: `manifest_problem`)."""
    path = Path(path)
    raw = read_json(path)
    if not isinstance(raw, dict):
        raise UserError(f"{path}: expected a JSON object, got {type(raw).__name__}")
    for key, kind in (("lockbox_hash", str), ("row_count", int), ("family_count", int), ("frozen", bool)):
        if not isinstance(raw.get(key), kind) or (kind is int and isinstance(raw.get(key), bool)):
            raise UserError(f"{path}: `{key}` must be a {kind.__name__}, got {raw.get(key)!r}")
    hashes = raw.get("content_hashes")
    matches = (
        isinstance(hashes, list)
        and all(isinstance(h, str) for h in hashes)
        and len(hashes) == raw["row_count"]
        and lockbox_hash(hashes) == raw["lockbox_hash"]
    )
    return Manifest(path=path, manifest_id=str(raw.get("manifest_id", "")), lockbox_hash=raw["lockbox_hash"],
                    frozen=raw["frozen"], frozen_at=raw.get("frozen_at"), created_at=raw.get("created_at"),
                    row_count=raw["row_count"], family_count=raw["family_count"],
                    provenance_summary=raw.get("provenance_summary"), hash_matches_rows=matches)
