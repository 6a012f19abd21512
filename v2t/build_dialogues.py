"""The builder's dialogue half: data/seeds/dialogues/*.jsonl -> per-turn SFT rows with `history`, the two
history DPO pairs (ignored_history, leaked_history), and dialogues.jsonl for evaluating the dev split.

Dialogues are read by v2t.dialogue (the one reader); this module adds the checks that span files: ids unique
over dialogues and single-turn seeds, one split per family, and no spoken input (any wording) in two splits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from v2t.dialogue import Dialogue, dialogue_files, dialogue_problem, turn_id
from v2t.errors import UserError, located
from v2t.jsonl import read_jsonl_numbered
from v2t.public_scan import finding
from v2t.seeds import Seed, input_key

# The negative each later turn's context gets: what the reader requires the seed to give for it.
HISTORY_NEGATIVES = {"carry": ("alone_contract", "ignored_history"), "fresh": ("leak_contract", "leaked_history")}
HISTORY_REASONS = tuple(reason for _, reason in HISTORY_NEGATIVES.values())


@dataclass(frozen=True)
class SeedDialogue:
    """One validated seed dialogue and where it came from."""

    path: Path
    line: int
    dialogue: Dialogue

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def load_dialogues(seed_dir: str | Path, seeds: list[Seed]) -> list[SeedDialogue]:
    """Every seed dialogue under seed_dir/dialogues (none is fine), checked alone and against the seeds."""
    ids = {s.id: s.where for s in seeds}
    family_split = {s.row["semantic_family_id"]: (s.row["split"], s.where) for s in seeds}
    input_split = {input_key(text): (s.row["split"], s.where) for s in seeds for _, _, text in s.forms()}
    out: list[SeedDialogue] = []
    for path in dialogue_files(seed_dir):
        rows = read_jsonl_numbered(path)
        if not rows:
            raise UserError(f"{path}: no dialogues")
        for line, row in rows:
            dialogue, problem = dialogue_problem(row, seed=True)
            if problem:
                raise located(path, line, problem)
            found = finding(row)
            if found:
                raise located(path, line, f"dialogue {dialogue.id} holds {found}; refusing to write public data")
            item = SeedDialogue(path, line, dialogue)
            if dialogue.id in ids:
                raise located(path, line, f"duplicate id {dialogue.id!r} (first at {ids[dialogue.id]})")
            ids[dialogue.id] = item.where
            split, where = family_split.setdefault(dialogue.family, (dialogue.split, item.where))
            if split != dialogue.split:
                raise located(path, line, f"family {dialogue.family!r} is in split {dialogue.split!r} and in "
                                          f"split {split!r} at {where}")
            # A wording heard in two splits would put a dev answer into training (CONTRACT.md §7).
            for turn in dialogue.turns:
                for text in (turn.input_text, *turn.augmentations):
                    split, where = input_split.setdefault(input_key(text), (dialogue.split, item.where))
                    if split != dialogue.split:
                        raise located(path, line, f"input {text!r} also appears in split {split!r} at {where}")
            out.append(item)
    return out


def variants(dialogue: Dialogue) -> list[list[str]]:
    """Per wording variant the turns' texts: variant 0 as written, variant j each turn's augmentation j (the
    original where a turn has fewer)."""
    n = max(len(t.augmentations) for t in dialogue.turns)
    out = [[t.input_text for t in dialogue.turns]]
    for j in range(1, n + 1):
        out.append([t.augmentations[j - 1] if len(t.augmentations) >= j else t.input_text for t in dialogue.turns])
    return out


def _row_id(dialogue_id: str, j: int, k: int) -> str:
    return turn_id(dialogue_id, k) if j == 0 else turn_id(f"{dialogue_id}#aug{j}", k)


def dialogue_rows(item: SeedDialogue) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(SFT rows, DPO pairs) of one dialogue: per variant and turn, the turn after the same variant's earlier
    turns with their gold contracts. A (history, input) already made by an earlier variant is not repeated
    (a turn that falls back to its original wording while every earlier turn does too)."""
    d = item.dialogue
    sft: list[dict[str, Any]] = []
    dpo: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    for j, texts in enumerate(variants(d)):
        for k, turn in enumerate(d.turns):
            if tuple(texts[: k + 1]) in seen:
                continue
            seen.add(tuple(texts[: k + 1]))
            rid = _row_id(d.id, j, k)
            history = [{"input_text": texts[i], "contract": d.turns[i].contract} for i in range(k)]
            provenance = {"dialogue": d.id, "dialogue_kind": d.kind, "turn": k, "context": turn.context,
                          "form": "original" if j == 0 else "augmentation", "source": d.row["provenance"]}
            sft.append({"id": rid, "split": d.split, "input_text": texts[k], "target_contract": turn.contract,
                        "history": history, "provenance": provenance})
            if turn.context in HISTORY_NEGATIVES:
                key, reason = HISTORY_NEGATIVES[turn.context]
                rejected = turn.alone_contract if key == "alone_contract" else turn.leak_contract
                dpo.append({"id": f"{rid}/{reason}", "split": d.split, "input_text": texts[k],
                            "chosen_contract": turn.contract, "rejected_contract": rejected,
                            "rejection_reason": reason, "history": history, "provenance": provenance})
    return sft, dpo


def dialogue_counts(items: list[SeedDialogue], sft: list[dict[str, Any]],
                    dpo: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest's dialogue counts: dialogues, turn rows and pairs, each per split and per dialogue kind."""
    from v2t.manifest import counts

    dialogues = [{"split": i.dialogue.split, "dialogue_kind": i.dialogue.kind} for i in items]
    out = counts(dialogues, "split", "dialogue_kind")
    out["families"] = len({i.dialogue.family for i in items})
    out["turn_rows"] = counts(sft, "split", "provenance.dialogue_kind", "provenance.context")
    out["pairs"] = counts(dpo, "split", "provenance.dialogue_kind", "rejection_reason")
    return out
