"""The token automaton on device: allowed-token masks and state updates for a batch of rows, in jnp.

Same arithmetic as decode.automaton_state (the plain-Python checker); tests hold the two to the same tokens.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from decode.token_automaton import CHOICE, STRING, TokenAutomaton, derived_tables


class Tables(NamedTuple):
    """The automaton's arrays on device (a pytree, passed into jit as arguments, not baked-in constants)."""

    node_kind_N: jax.Array
    counts_pair_N: jax.Array
    option_of_NxV: jax.Array
    string_step_UxV: jax.Array
    chars_V: jax.Array
    option_run_OxR: jax.Array
    option_run_len_O: jax.Array
    option_next_O: jax.Array
    option_needs_room_O: jax.Array
    # need_FxUxV[nonspace, utf8, t]: characters token t needs left in the string (127: never allowed); a row
    # still without a non-space character keeps one character in reserve, so it can always finish the string
    need_FxUxV: jax.Array
    # option_ok_FxNxV[full, node, t]: t starts an option of the node that a row with (full) max pairs may take
    option_ok_FxNxV: jax.Array


class RowStates(NamedTuple):
    node_B: jax.Array
    utf8_B: jax.Array
    chars_B: jax.Array
    nonspace_B: jax.Array
    pairs_B: jax.Array


def device_tables(a: TokenAutomaton) -> Tables:
    derived = derived_tables(a)
    arrays = {name: derived[name] if name in derived else getattr(a, name) for name in Tables._fields}
    return Tables(**{k: jnp.asarray(v) for k, v in arrays.items()})


def initial_states(t: Tables, start_node: int, batch: int) -> RowStates:
    node_B = jnp.full((batch,), start_node, jnp.int32)
    zeros_B = jnp.zeros((batch,), jnp.int32)
    return RowStates(node_B, zeros_B, zeros_B, jnp.zeros((batch,), bool), t.counts_pair_N[node_B].astype(jnp.int32))


def allowed_BxV(t: Tables, s: RowStates, max_chars: int, max_pairs: int) -> jax.Array:
    """Row gathers only (XLA:CPU's per-element gathers over 152k tokens cost more than the model's last step)."""
    kind_B = t.node_kind_N[s.node_B]
    room_B = jnp.where(kind_B == STRING, max_chars - s.chars_B, -1).astype(jnp.int8)
    content_BxV = t.need_FxUxV[s.nonspace_B.astype(jnp.int32), s.utf8_B] <= room_B[:, None]
    may_close_B = (kind_B == CHOICE) | ((kind_B == STRING) & (s.utf8_B == 0) & s.nonspace_B)
    option_BxV = t.option_ok_FxNxV[(s.pairs_B >= max_pairs).astype(jnp.int32), s.node_B]
    return content_BxV | (option_BxV & may_close_B[:, None])


def allows_content_B(t: Tables, s: RowStates, token_B: jax.Array, max_chars: int) -> jax.Array:
    """Whether each row's string may take token_B as content (allowed_BxV's content term for one token per row:
    a drafted token is checked without building the whole [B, V] mask)."""
    kind_B = t.node_kind_N[s.node_B]
    room_B = jnp.where(kind_B == STRING, max_chars - s.chars_B, -1).astype(jnp.int8)
    return t.need_FxUxV[s.nonspace_B.astype(jnp.int32), s.utf8_B, token_B] <= room_B


def advance(t: Tables, s: RowStates, token_B: jax.Array):
    """New states after each row's allowed token, with the forced run [B, R] and its length [B]."""
    option_B = t.option_of_NxV[s.node_B, token_B].astype(jnp.int32)
    is_option_B = option_B >= 0
    safe_B = jnp.maximum(option_B, 0)
    next_B = t.option_next_O[safe_B]
    step_B = t.string_step_UxV[s.utf8_B, token_B].astype(jnp.int32)
    entered = RowStates(next_B, jnp.zeros_like(s.utf8_B), jnp.zeros_like(s.chars_B), jnp.zeros_like(s.nonspace_B),
                        s.pairs_B + t.counts_pair_N[next_B].astype(jnp.int32))
    inside = RowStates(s.node_B, step_B % 16, s.chars_B + t.chars_V[token_B].astype(jnp.int32),
                       s.nonspace_B | (step_B >= 16), s.pairs_B)
    new = RowStates(*(jnp.where(is_option_B, a, b) for a, b in zip(entered, inside, strict=True)))
    run_len_B = jnp.where(is_option_B, t.option_run_len_O[safe_B], 0)
    return new, t.option_run_OxR[safe_B], run_len_B
