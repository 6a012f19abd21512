"""The contract grammar, generated from v2t.contract's rules: decision-first, compact, no free white space.

Nodes are choices (task type, blocked's confirmation), bounded strings with their closing literals, and the
accepting end. Literals come from v2t.segments on template contracts, the same cut the training targets use.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass
from functools import cache

from v2t.contract import MAX_FIELD_PAIRS, MAX_STRING_CHARS, RULES, make_contract
from v2t.errors import cli_entry
from v2t.segments import segments

START, TASK_TYPE, COMMAND, FIELD_LABEL, FIELD_VALUE, ACCEPT = (
    "start", "task_type", "command", "field_label", "field_value", "accept",
)


@dataclass(frozen=True)
class Option:
    """A literal the model may start in this node (its first token is the choice; the rest is forced)."""

    literal: str
    next: str
    needs_pair_room: bool = False  # another form field pair: only while fewer than MAX_FIELD_PAIRS


@dataclass(frozen=True)
class Node:
    name: str
    kind: str  # "forced" | "choice" | "string" | "accept"
    options: tuple[Option, ...] = ()
    counts_pair: bool = False  # entering this string node starts a new form field pair


@dataclass(frozen=True)
class Grammar:
    nodes: tuple[Node, ...]
    max_string_chars: int
    max_field_pairs: int

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if n.name == name)

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:16]


def _template(task_type: str, confirmation: bool, pairs: int = 1) -> list[tuple[str, str]]:
    rule = RULES[task_type]
    slot = {f"label{i}": f"value{i}" for i in range(pairs)} if rule.slot_is_object else "slot"
    contract = make_contract(task_type, slot, "command")
    contract["confirmation_required"] = confirmation
    return segments(contract)


def _literals(pieces: list[tuple[str, str]]) -> list[str]:
    return [text for kind, text in pieces if kind == "literal"]


def _string_node(name: str) -> str:
    return f"slot:{name}"


@cache
def build_grammar() -> Grammar:
    """One node list for every task type; every literal is a piece of a rendered template contract."""
    nodes: list[Node] = []
    task_options: list[Option] = []
    start_literal, command_closer = None, None
    for task_type, rule in RULES.items():
        values = (False, True) if rule.confirmation_any else (rule.confirmation,)
        variants = [_template(task_type, value) for value in values]
        lits = _literals(variants[0])
        start_literal = start_literal or lits[0]
        command_closer = command_closer or lits[-1]
        assert lits[0] == start_literal and lits[-1] == command_closer, "templates disagree on fixed literals"
        first_string = FIELD_LABEL if rule.slot_is_object else _string_node(task_type)
        if rule.confirmation_any:
            # the rules leave confirmation open here: one more choice before the slot
            confirm = f"confirmation:{task_type}"
            task_options.append(Option(lits[1], confirm))
            nodes.append(Node(confirm, "choice", tuple(Option(_literals(v)[2], first_string) for v in variants)))
            closers = lits[3:]
        else:
            task_options.append(Option(lits[1], first_string))
            closers = lits[2:]
        if rule.slot_is_object:
            two = _literals(_template(task_type, values[0], pairs=2))[len(lits) - len(closers):]
            label_to_value, pair_separator, field_end = closers[0], two[1], closers[1]
            assert two[2] == label_to_value and two[3] == field_end, "two-pair template has another shape"
            nodes.append(Node(FIELD_LABEL, "string", (Option(label_to_value, FIELD_VALUE),), counts_pair=True))
            nodes.append(Node(FIELD_VALUE, "string", (Option(pair_separator, FIELD_LABEL, needs_pair_room=True),
                                                      Option(field_end, COMMAND))))
        else:
            nodes.append(Node(_string_node(task_type), "string", (Option(closers[0], COMMAND),)))
    nodes = [
        Node(START, "forced", (Option(start_literal, TASK_TYPE),)),
        Node(TASK_TYPE, "choice", tuple(task_options)),
        *nodes,
        Node(COMMAND, "string", (Option(command_closer, ACCEPT),)),
        Node(ACCEPT, "accept"),
    ]
    return Grammar(tuple(nodes), MAX_STRING_CHARS, MAX_FIELD_PAIRS)


if __name__ == "__main__":
    from decode.grammar_cli import main

    sys.exit(cli_entry(main)())
