"""What a lockbox must not share with training: inputs (exact or normalised) and semantic families.

Training inputs come from `--train` JSONL files (SFT, DPO or seed rows, dialogue turns and histories included) and
from seed files' train split (seed dialogues under dialogues/ too).
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from v2t.dialogue import dialogue_files
from v2t.errors import UserError
from v2t.jsonl import read_jsonl_numbered


def normalise_input(text: str) -> str:
    """NFKC, casefolded, with punctuation, white space and invisible format characters removed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PZC")


@dataclass
class TrainingIndex:
    """Where each training input and family was seen, as `file:line`."""

    inputs: dict[str, str] = field(default_factory=dict)
    normalised: dict[str, str] = field(default_factory=dict)
    families: dict[str, str] = field(default_factory=dict)

    def add_row(self, row: dict[str, Any], where: str) -> None:
        texts = _spoken(row)
        # A row built from a dialogue trains on its earlier turns too; a seed dialogue on every turn.
        for part in [*_dicts(row.get("history")), *_dicts(row.get("turns"))]:
            texts += _spoken(part)
        for text in texts:
            if isinstance(text, str) and text:
                self.inputs.setdefault(text, where)
                self.normalised.setdefault(normalise_input(text), where)
        family = row.get("semantic_family_id")
        if isinstance(family, str) and family:
            self.families.setdefault(family, where)

    def problem(self, row: dict[str, Any]) -> str | None:
        """Why a lockbox row (one-turn or a dialogue, any of whose turns) overlaps training, or None."""
        rid = row["row_id"]
        if "turns" in row:
            texts = [(f"turns[{k}].input_text", t["input_text"]) for k, t in enumerate(row["turns"])]
        else:
            texts = [("input_text", row["input_text"])]
        for where, text in texts:
            if text in self.inputs:
                return f"row {rid}: {where} is a training input ({self.inputs[text]})"
            norm = normalise_input(text)
            if norm and norm in self.normalised:
                return (f"row {rid}: {where} matches a training input up to case, width and punctuation "
                        f"({self.normalised[norm]})")
        family = row["semantic_family_id"]
        if family in self.families:
            return f"row {rid}: semantic family {family} is shared with training ({self.families[family]})"
        return None

    def __bool__(self) -> bool:
        return bool(self.inputs or self.families)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _spoken(row: dict[str, Any]) -> list[Any]:
    """A row's or a turn's input and its other spoken forms (a seed's augmentations are trained on too)."""
    augmentations = row.get("augmentations")
    return [row.get("input_text"), *(augmentations if isinstance(augmentations, list) else [])]


def load_training(train_paths: list[str], seeds_dir: str | None, seed_splits: tuple[str, ...]) -> TrainingIndex:
    """Every row of every `--train` file counts; from seed files only rows whose split is in seed_splits."""
    index = TrainingIndex()
    for path in train_paths:
        for line, row in read_jsonl_numbered(path):
            index.add_row(row, f"{path}:{line}")
    if seeds_dir is not None:
        seed_files = sorted(Path(seeds_dir).glob("*.jsonl")) if Path(seeds_dir).is_dir() else []
        if not seed_files:
            raise UserError(f"{seeds_dir}: no seed files (*.jsonl)")
        for path in [*seed_files, *dialogue_files(seeds_dir)]:
            for line, row in read_jsonl_numbered(path):
                if row.get("split") in seed_splits:
                    index.add_row(row, f"{path}:{line}")
    return index


def first_overlap(rows: list[tuple[int, dict[str, Any]]], index: TrainingIndex,
                  lockbox_path: str | os.PathLike) -> str | None:
    """`file:line: problem` for the first lockbox row that overlaps training, or None."""
    for line, row in rows:
        problem = index.problem(row)
        if problem:
            return f"{lockbox_path}:{line}: {problem}"
    return None
