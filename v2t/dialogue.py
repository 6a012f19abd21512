"""Dialogues: the one reader of multi-turn rows (seeds and gold rows) and what a turn's context means.

A dialogue is a list of 2-4 turns; each turn is a spoken utterance with its own gold contract (contract v1,
one per turn). Every turn after the first says how it depends on the earlier ones:
- `carry`: its gold contract uses information only the earlier turns hold (a clarify answered, a task
  refined, a refusal rephrased). `carried` lists those pieces of information as they appear in the gold
  contract's slots (may be empty where the task type alone is what carries, such as a refusal that persists).
- `fresh`: a new request; nothing from the earlier turns may appear in its contract (`stale` lists what must
  not leak; when absent it is the earlier turns' slot strings that this turn's gold does not use).
The first turn's context is `first`.

A form filled over several turns (`form_multi`): each later turn's `field` map holds only what that turn says (new
fields, or a value it sets right), never the earlier turns' fields again; a value that points back (跟刚才那个一样)
is written out and listed in `carried`. dev-dialogues-v7 (seen at its look) and -v8 (by its writer's report) were
written the other way, the whole form so far in each turn, so their form_multi gold disagrees with this convention.

Seed dialogues (data/seeds/dialogues/*.jsonl) also give, per turn, 2-4 `augmentations` (other wordings),
and the hard negatives the builder pairs against the gold: `alone_contract` for a carry turn (what a one-turn
reading gives) and `leak_contract` for a fresh turn (the same request with the earlier context wrongly kept).

Flat turn rows (`flat_turns`) are what the stages share: id `<dialogue id>#t<k>`, the input, the gold, the
earlier turns as (text, contract) pairs, and the context annotations. One-turn rows are not dialogues.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from v2t.contract import contract_only, decision_first, validate
from v2t.errors import UserError, located
from v2t.jsonl import read_jsonl_numbered
from v2t.rows import SPLITS

DIALOGUE_KINDS = (
    "clarify_answered",   # a clarify, then the answer that resolves it
    "clarify_again",      # a clarify whose answer is still unclear: clarify again, naming what is missing
    "refine",             # a done task refined or redirected (再搜一下上海的, 换成明天的)
    "form_multi",         # a form filled over several turns
    "refusal_persists",   # a refusal rephrased (那你换个办法帮我转) stays a refusal
    "after_refusal",      # a harmless request after a refusal is served normally
    "unrelated",          # a new, unrelated request after a done task carries nothing over
    "reference",          # spoken references to the previous turn (刚才那个, 上一个, 还是那个网站)
)
CONTEXTS = ("first", "carry", "fresh")
MIN_TURNS, MAX_TURNS = 2, 4
SEED_KEYS = ("id", "split", "semantic_family_id", "dialogue_kind", "turns", "provenance")
GOLD_KEYS = ("row_id", "semantic_family_id", "dialogue_kind", "turns", "source", "derived_from",
             "analysis_seen", "content_hash")
SEED_TURN_KEYS = ("input_text", "target_contract", "context", "carried", "stale", "augmentations",
                  "alone_contract", "leak_contract")
GOLD_TURN_KEYS = ("input_text", "gold_contract", "context", "carried", "stale")


def norm(text: str) -> str:
    """How carried and stale strings are found: NFKC, case-folded, without whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def turn_id(dialogue_id: str, k: int) -> str:
    return f"{dialogue_id}#t{k}"


def slot_strings(contract: dict[str, Any]) -> list[str]:
    """Every string a contract's slots hold: the slot values, and a field map's labels and values (never the slot
    names themselves: `url` or `query` is no information carried from a turn)."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                out.append(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    slots = contract.get("slots")
    for value in (slots.values() if isinstance(slots, dict) else ()):
        walk(value)
    return out


def contains(contract: Any, piece: str) -> bool:
    """Whether a (predicted) contract's slots hold `piece`, normalised."""
    if not isinstance(contract, dict):
        return False
    return any(norm(piece) in norm(s) for s in slot_strings(contract))


@dataclass(frozen=True)
class Turn:
    input_text: str
    contract: dict[str, Any]
    context: str
    carried: tuple[str, ...] = ()
    stale: tuple[str, ...] | None = None
    augmentations: tuple[str, ...] = ()
    alone_contract: dict[str, Any] | None = None
    leak_contract: dict[str, Any] | None = None


@dataclass(frozen=True)
class Dialogue:
    id: str
    split: str | None          # seeds only; a lockbox has none
    family: str
    kind: str
    turns: tuple[Turn, ...]
    row: dict[str, Any]

    def stale_for(self, k: int) -> tuple[str, ...]:
        """What turn k (fresh) must not carry: its `stale` list, else the earlier slot strings it does not use."""
        turn = self.turns[k]
        if turn.stale is not None:
            return turn.stale
        own = [norm(s) for s in slot_strings(turn.contract)] + [norm(turn.input_text)]
        out: list[str] = []
        for earlier in self.turns[:k]:
            for s in slot_strings(earlier.contract):
                if len(norm(s)) >= 2 and not any(norm(s) in o for o in own) and s not in out:
                    out.append(s)
        return tuple(out)


def is_dialogue_row(row: dict[str, Any]) -> bool:
    return isinstance(row, dict) and "turns" in row


def _contract_problem(value: Any, where: str) -> str | None:
    if not isinstance(value, dict):
        return f"{where} must be a JSON object"
    check = validate(value)
    if not check.semantic_valid:
        issue = check.issues[0]
        return f"{where} is not a valid contract: {issue.path}: {issue.message}"
    return None


def _strings(value: Any, where: str) -> tuple[tuple[str, ...] | None, str | None]:
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        return None, f"{where} must be a list of non-empty strings"
    return tuple(value), None


def _turn(raw: Any, k: int, seed: bool, earlier: list[Turn]) -> tuple[Turn | None, str | None]:
    where = f"turns[{k}]"
    if not isinstance(raw, dict):
        return None, f"{where} must be an object"
    allowed = SEED_TURN_KEYS if seed else GOLD_TURN_KEYS
    gold_key = "target_contract" if seed else "gold_contract"
    extra = sorted(set(raw) - set(allowed))
    if extra:
        return None, f"{where} has unknown key(s) {', '.join(extra)}"
    text = raw.get("input_text")
    if not isinstance(text, str) or not text.strip():
        return None, f"{where}.input_text must be a non-empty string"
    problem = _contract_problem(raw.get(gold_key), f"{where}.{gold_key}")
    if problem:
        return None, problem
    contract = decision_first(contract_only(raw[gold_key]))
    context = raw.get("context")
    want = ("first",) if k == 0 else ("carry", "fresh")
    if context not in want:
        return None, f"{where}.context must be {' or '.join(want)} (got {context!r})"
    carried: tuple[str, ...] = ()
    if "carried" in raw:
        if context != "carry":
            return None, f"{where}.carried belongs only to a carry turn"
        carried, problem = _strings(raw["carried"], f"{where}.carried")
        if problem:
            return None, problem
        history = " ".join([t.input_text for t in earlier] + [s for t in earlier for s in slot_strings(t.contract)])
        for piece in carried:
            if not contains(contract, piece):
                return None, f"{where}.carried {piece!r} is not in the turn's gold slots"
            if norm(piece) not in norm(history):
                return None, f"{where}.carried {piece!r} is in no earlier turn"
    elif context == "carry":
        return None, f"{where} is a carry turn without `carried` (an empty list where the task type carries)"
    stale = None
    if "stale" in raw:
        if context != "fresh":
            return None, f"{where}.stale belongs only to a fresh turn"
        stale, problem = _strings(raw["stale"], f"{where}.stale")
        if problem:
            return None, problem
    augs: tuple[str, ...] = ()
    alone = leak = None
    if seed:
        augs, problem = _strings(raw.get("augmentations"), f"{where}.augmentations")
        if problem or not 2 <= len(augs) <= 4:
            return None, problem or f"{where}.augmentations must hold 2-4 other wordings"
        if norm(text) in {norm(a) for a in augs} or len({norm(a) for a in augs}) < len(augs):
            return None, f"{where}.augmentations repeat the input or each other"
        need = {"carry": "alone_contract", "fresh": "leak_contract"}.get(context)
        for key in ("alone_contract", "leak_contract"):
            if key in raw and key != need:
                return None, f"{where}.{key} belongs only to a {'carry' if key == 'alone_contract' else 'fresh'} turn"
        if need:
            problem = _contract_problem(raw.get(need), f"{where}.{need}")
            if problem:
                return None, problem
            negative = decision_first(contract_only(raw[need]))
            if negative == contract:
                return None, f"{where}.{need} equals the gold contract"
            alone, leak = (negative, None) if need == "alone_contract" else (None, negative)
    return Turn(text, contract, context, carried, stale, augs, alone, leak), None


def dialogue_problem(row: Any, *, seed: bool) -> tuple[Dialogue | None, str | None]:
    """The dialogue a row holds, or what is wrong with it (the first problem, naming its field)."""
    if not isinstance(row, dict):
        return None, "row must be a JSON object"
    keys = SEED_KEYS if seed else GOLD_KEYS
    # A lockbox source row gets its content_hash when frozen; evaluate.lockbox checks the hash itself.
    missing = [k for k in keys if k not in row and k != "content_hash"]
    if missing:
        return None, f"missing key(s) {', '.join(missing)}"
    extra = sorted(set(row) - set(keys))
    if extra:
        return None, f"unknown key(s) {', '.join(extra)}"
    rid = row["id" if seed else "row_id"]
    if not isinstance(rid, str) or not rid.strip() or "#" in rid or "/" in rid:
        return None, f"{'id' if seed else 'row_id'} must be a non-empty string without # or / (got {rid!r})"
    if seed and row["split"] not in SPLITS:
        return None, f"split must be one of {', '.join(SPLITS)} (got {row['split']!r})"
    if not isinstance(row["semantic_family_id"], str) or not row["semantic_family_id"].strip():
        return None, "semantic_family_id must be a non-empty string"
    if row["dialogue_kind"] not in DIALOGUE_KINDS:
        return None, f"dialogue_kind must be one of {', '.join(DIALOGUE_KINDS)} (got {row['dialogue_kind']!r})"
    raw_turns = row["turns"]
    if not isinstance(raw_turns, list) or not MIN_TURNS <= len(raw_turns) <= MAX_TURNS:
        return None, f"turns must be a list of {MIN_TURNS}-{MAX_TURNS} turns"
    turns: list[Turn] = []
    for k, raw in enumerate(raw_turns):
        turn, problem = _turn(raw, k, seed, turns)
        if problem:
            return None, problem
        turns.append(turn)
    return Dialogue(rid, row["split"] if seed else None, row["semantic_family_id"], row["dialogue_kind"],
                    tuple(turns), row), None


def read_dialogues(path: str | PathLike, *, seed: bool) -> list[Dialogue]:
    """Every dialogue of a JSONL file; the first bad row is one `file:line: problem` UserError."""
    out, seen = [], {}
    for line, row in read_jsonl_numbered(path):
        dialogue, problem = dialogue_problem(row, seed=seed)
        if problem:
            raise located(path, line, problem)
        if dialogue.id in seen:
            raise located(path, line, f"duplicate dialogue id {dialogue.id!r} (first at line {seen[dialogue.id]})")
        seen[dialogue.id] = line
        out.append(dialogue)
    if not out:
        raise UserError(f"{path}: no dialogues")
    return out


def read_dialogue_rows(path: str | PathLike, split: str | None = None) -> list[Dialogue]:
    """Seed dialogues (`id`, `target_contract`) or gold dialogues (`row_id`, `gold_contract`), by the first
    row's keys; `split` keeps one split of seed dialogues (a gold file has no splits)."""
    rows = read_jsonl_numbered(path)
    seed = bool(rows) and "id" in rows[0][1]
    dialogues = read_dialogues(path, seed=seed)
    if split is not None:
        if not seed:
            raise UserError(f"{path}: gold dialogues have no split; --split {split!r} does not apply")
        dialogues = [d for d in dialogues if d.split == split]
        if not dialogues:
            raise UserError(f"{path}: no dialogues in split {split!r}")
    return dialogues


def dialogue_files(seed_dir: str | PathLike) -> list[Path]:
    """data/seeds/dialogues/*.jsonl (none is fine: the single-turn seeds stand alone)."""
    d = Path(seed_dir) / "dialogues"
    return sorted(d.glob("*.jsonl"), key=lambda p: p.name) if d.is_dir() else []


def is_dialogue_file(path: str | PathLike) -> bool:
    """Whether a JSONL file holds dialogues (judged by its first row)."""
    rows = read_jsonl_numbered(path)
    return bool(rows) and is_dialogue_row(rows[0][1])


@dataclass(frozen=True)
class FlatTurn:
    """One turn as the stages use it: decode it after `history`, score it against `gold`."""

    id: str
    dialogue_id: str
    k: int
    last: bool
    input_text: str
    gold: dict[str, Any]
    history: tuple[tuple[str, dict[str, Any]], ...]   # earlier (user text, gold contract), oldest first
    context: str
    carried: tuple[str, ...]
    stale: tuple[str, ...]
    after_refusal: bool                               # an earlier gold turn is a refusal


def flat_turns(dialogue: Dialogue) -> list[FlatTurn]:
    out = []
    for k, turn in enumerate(dialogue.turns):
        earlier = dialogue.turns[:k]
        out.append(FlatTurn(
            turn_id(dialogue.id, k), dialogue.id, k, k == len(dialogue.turns) - 1, turn.input_text, turn.contract,
            tuple((t.input_text, t.contract) for t in earlier), turn.context, turn.carried,
            dialogue.stale_for(k) if turn.context == "fresh" else (),
            any(t.contract["task_type"] == "blocked" for t in earlier)))
    return out
