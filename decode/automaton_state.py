"""One row's position in the token automaton, stepped in plain Python: the checker and the slow reference.

The jit decoder does the same arithmetic on arrays; tests hold the two to the same tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from decode.token_automaton import CHOICE, DONE, STRING, TokenAutomaton


@dataclass(frozen=True)
class RowState:
    node: int
    utf8: int = 0  # byte state inside the current string
    chars: int = 0  # characters in the current string
    nonspace: bool = False  # the current string holds a non-white-space character
    pairs: int = 0  # form field pairs begun


def initial_state(a: TokenAutomaton) -> RowState:
    return _enter(a, RowState(a.start_node), a.start_node)


def _enter(a: TokenAutomaton, s: RowState, node: int) -> RowState:
    return RowState(node, 0, 0, False, s.pairs + int(a.counts_pair_N[node]))


def allowed_mask(a: TokenAutomaton, s: RowState) -> np.ndarray:
    """Bool [V]: the tokens this row may take now (a choice token, string content, or a string's closer)."""
    kind = a.node_kind_N[s.node]
    options = a.option_of_NxV[s.node]
    if kind == CHOICE:
        return options >= 0
    if kind != STRING:
        return np.zeros(a.vocab_size, bool)
    step = a.string_step_UxV[s.utf8].astype(np.int32)
    nonspace_after = s.nonspace | (step >= 16)
    room = a.max_string_chars - np.where(nonspace_after, 0, 1)
    content = (step >= 0) & (s.chars + a.chars_V.astype(np.int32) <= room)
    closer = (options >= 0) & (s.utf8 == 0) & s.nonspace
    pair_room = s.pairs < a.max_field_pairs
    closer &= ~a.option_needs_room_O[np.maximum(options, 0)] | pair_room
    return content | closer


def advance(a: TokenAutomaton, s: RowState, token: int) -> tuple[RowState, list[int]]:
    """The state after an allowed token, and the forced run that follows it."""
    option = int(a.option_of_NxV[s.node, token])
    if option >= 0:
        run = a.option_run_OxR[option, : a.option_run_len_O[option]].tolist()
        return _enter(a, s, int(a.option_next_O[option])), run
    step = int(a.string_step_UxV[s.utf8, token])
    return replace(s, utf8=step % 16, chars=s.chars + int(a.chars_V[token]), nonspace=s.nonspace or step >= 16), []


def first_rejected(a: TokenAutomaton, ids: list[int]) -> int | None:
    """Index of the first token the automaton refuses (len(ids) if it stops short of DONE), None if accepted."""
    start = a.start_run.tolist()
    for i, t in enumerate(start):
        if i >= len(ids) or ids[i] != t:
            return i
    s, i = initial_state(a), len(start)
    while i < len(ids):
        if a.node_kind_N[s.node] == DONE or not allowed_mask(a, s)[ids[i]]:
            return i
        s, run = advance(a, s, ids[i])
        i += 1
        for t in run:
            if i >= len(ids) or ids[i] != t:
                return i
            i += 1
    return None if a.node_kind_N[s.node] == DONE else len(ids)
