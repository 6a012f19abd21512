"""Authored seed rows: loading every data/seeds/*.jsonl and validating all of them before any output.

The first problem found is one `file:line: problem` UserError; nothing downstream ever sees a bad seed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from v2t.contract import convention_issues, validate
from v2t.errors import UserError, located
from v2t.jsonl import read_jsonl_numbered
from v2t.rows import SEED_KEYS, SPLITS

MIN_AUGMENTATIONS, MAX_AUGMENTATIONS = 2, 4
# `#` and `/` build derived row ids (`s1#aug2`, `s1#aug2/wrong_route`), so a seed id may not hold them.
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_NON_TEXT_RE = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Seed:
    """One validated seed row and where it came from."""

    path: Path
    line: int
    row: dict[str, Any]

    @property
    def id(self) -> str:
        return self.row["id"]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def forms(self) -> list[tuple[str, str, str]]:
        """(row id, form, input text) for the original and each augmentation, in order."""
        out = [(self.id, "original", self.row["input_text"])]
        for i, text in enumerate(self.row["augmentations"], start=1):
            out.append((f"{self.id}#aug{i}", "augmentation", text))
        return out


def seed_files(seed_dir: str | Path) -> list[Path]:
    seed_dir = Path(seed_dir)
    if not seed_dir.is_dir():
        raise UserError(f"{seed_dir}: seed directory not found")
    files = sorted(seed_dir.glob("*.jsonl"), key=lambda p: p.name)
    if not files:
        raise UserError(f"{seed_dir}: no *.jsonl seed files")
    return files


def input_key(text: str) -> str:
    """How two inputs count as the same request: NFKC, case-folded, without punctuation or spaces."""
    return _NON_TEXT_RE.sub("", unicodedata.normalize("NFKC", text).casefold())


def row_problem(row: dict[str, Any]) -> str | None:
    """What is wrong with one seed row on its own, or None."""
    missing = [k for k in SEED_KEYS if k not in row]
    if missing:
        return f"missing key(s) {', '.join(missing)}"
    extra = sorted(set(row) - set(SEED_KEYS))
    if extra:
        return f"unknown key(s) {', '.join(extra)}"
    if not isinstance(row["id"], str) or not _ID_RE.match(row["id"]):
        return f"id must be a string of letters, digits, _ . - (got {row['id']!r})"
    if row["split"] not in SPLITS:
        return f"split must be one of {', '.join(SPLITS)} (got {row['split']!r})"
    if not isinstance(row["semantic_family_id"], str) or not row["semantic_family_id"].strip():
        return "semantic_family_id must be a non-empty string"
    if not isinstance(row["input_text"], str) or not row["input_text"].strip():
        return "input_text must be a non-empty string"
    if not (isinstance(row["provenance"], str) and row["provenance"].strip()) and not (
        isinstance(row["provenance"], dict) and row["provenance"]
    ):
        return "provenance must be a non-empty string or object"
    problem = augmentation_problem(row["input_text"], row["augmentations"])
    if problem:
        return problem
    return target_problem(row["target_contract"])


def augmentation_problem(input_text: str, augs: Any) -> str | None:
    if not isinstance(augs, list) or not MIN_AUGMENTATIONS <= len(augs) <= MAX_AUGMENTATIONS:
        return f"augmentations must be a list of {MIN_AUGMENTATIONS}-{MAX_AUGMENTATIONS} strings"
    seen = {input_key(input_text)}
    for i, aug in enumerate(augs, start=1):
        if not isinstance(aug, str) or not aug.strip():
            return f"augmentations[{i - 1}] must be a non-empty string"
        key = input_key(aug)
        if key in seen:
            return f"augmentations[{i - 1}] repeats the input or another augmentation: {aug!r}"
        seen.add(key)
    return None


def target_problem(target: Any) -> str | None:
    if not isinstance(target, dict):
        return "target_contract must be a JSON object"
    v = validate(target)
    if v.layer != "semantic":
        first = v.issues[0]
        return f"target_contract is not semantic-valid: {first.path}: {first.message}"
    issues = convention_issues(target)
    if issues:
        first = issues[0]
        return f"target_contract breaks a data convention: {first.path}: {first.message}"
    return None


def load_seeds(seed_dir: str | Path) -> list[Seed]:
    """Every seed of every file, validated alone and together (unique ids, one split per family)."""
    seeds: list[Seed] = []
    first_id: dict[str, Seed] = {}
    family_split: dict[str, Seed] = {}
    input_split: dict[str, tuple[str, Seed]] = {}
    for path in seed_files(seed_dir):
        for line, row in read_jsonl_numbered(path):
            problem = row_problem(row)
            if problem:
                raise located(path, line, problem)
            seed = Seed(path, line, row)
            if seed.id in first_id:
                raise located(path, line, f"duplicate id {seed.id!r} (first at {first_id[seed.id].where})")
            first_id[seed.id] = seed
            family = row["semantic_family_id"]
            other = family_split.setdefault(family, seed)
            if other.row["split"] != row["split"]:
                raise located(path, line, f"family {family!r} is in split {row['split']!r} and in split "
                                          f"{other.row['split']!r} at {other.where}")
            # The same spoken request in two splits would leak a test answer into training;
            # with two different targets it would teach a contradiction.
            for _, _, text in seed.forms():
                split, owner = input_split.setdefault(input_key(text), (row["split"], seed))
                if split != row["split"]:
                    raise located(path, line, f"input {text!r} also appears in split {split!r} at {owner.where}")
                if owner is not seed and owner.row["target_contract"] != row["target_contract"]:
                    raise located(path, line, f"input {text!r} also appears at {owner.where} with a different target")
            seeds.append(seed)
    return seeds
