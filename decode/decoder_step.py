"""The decoder's one step, shared by decode.decoder (a whole batch in one jit loop) and decode.serve_slots (slots
that requests enter and leave between calls): grammar mask, forward pass, prompt-lookup draft and verify, jump-forward.

A row's whole state is its entry in the carry (`start_rows` makes it, `step` advances it), so a row decodes to the
same tokens whichever rows share its batch and whenever it joined.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jax
import jax.numpy as jnp
from flax import nnx

from decode.automaton_jax import advance, allowed_BxV, initial_states
from decode.speculation import checked_draft, lookup_source, prompt_lookup_BxN, string_suffix_BxL
from decode.token_automaton import DONE
from v2t.model import KVCache

EOS, MAX_TOKENS = 1, 2

# choose(logits_BxV, allowed, n_out_B, choice_args) -> token_B: how the loop picks each row's next token.
# `allowed()` traces the grammar's allowed set [B, V] only when called; `choice_args` is a jit argument.
Choose = Callable[[jax.Array, Callable[[], jax.Array], jax.Array, Any], jax.Array]


@dataclass(frozen=True)
class StepSettings:
    """What a compiled step is specialised for (hashable: part of the jit's static arguments)."""

    choose: Choose
    start_node: int
    width: int  # the automaton's widest chunk: a token and its forced run
    speculate: int  # draft length; 0 turns speculation off
    max_new_tokens: int
    max_chars: int
    max_pairs: int
    lora_enabled: bool
    phrases: tuple[int, ...] = ()  # the phrase corpus drafts also copy from (decode.phrase_corpus); () none
    first_choice_at: int = 0  # where the contract's first choice is in the output (after the opening literal)


def forward(graphdef, state, tokens_BxT, k, v, index_B, lora_enabled):
    """Each row writes at its own cache slot (rows differ in prompt and forced-run lengths): vmap of batch 1."""
    model = nnx.merge(graphdef, state)
    T = tokens_BxT.shape[1]

    def one(tokens_T, k_LxSxKxH, v_LxSxKxH, index):
        positions_1xT = (index + jnp.arange(T))[None]  # no padding anywhere, so position == slot
        hidden_1xTxD, cache = model.hidden(tokens_T[None], positions_1xT, lora_enabled=lora_enabled,
                                           cache=KVCache(k_LxSxKxH[:, None], v_LxSxKxH[:, None], index))
        return hidden_1xTxD[0], cache.k[:, 0], cache.v[:, 0]

    return jax.vmap(one, in_axes=(0, 1, 1, 0), out_axes=(0, 1, 1))(tokens_BxT, k, v, index_B)


def last_B(hidden_BxTxD, length_B):
    return hidden_BxTxD[jnp.arange(hidden_BxTxD.shape[0]), length_B - 1]


def feed_widths(width: int, speculate: int) -> tuple[int, ...]:
    """The forward-pass widths a step compiles: one token, a forced chunk, and with drafts each plus N."""
    return tuple(sorted({1, width} | ({1 + speculate, width + speculate} if speculate else set())))


def cache_room(prompt_rows: int, s: StepSettings) -> int:
    """Cache positions after the shared prefix a row may fill: its prompt, its output, the widest last pass."""
    return prompt_rows + s.max_new_tokens + s.width + s.speculate


def _allowed(tables, s: StepSettings):
    return lambda rows: allowed_BxV(tables, rows, max_chars=s.max_chars, max_pairs=s.max_pairs)


def start_rows(graphdef, state, tables, k, v, prefix_len: int, prompt_BxU, prompt_len_B, user_end_B, out_BxM,
               choice_args, s: StepSettings) -> dict:
    """Rows whose cache holds the shared prefix (its first `prefix_len` positions) after their prompt and opening
    literal are fed in one pass, with their first token chosen: the carry `step` advances."""
    model = nnx.merge(graphdef, state)
    B, P = prompt_BxU.shape[0], prefix_len
    hidden_BxUxD, k, v = forward(graphdef, state, prompt_BxU, k, v, jnp.full((B,), P, jnp.int32), s.lora_enabled)
    n_out_B = jnp.sum(out_BxM >= 0, axis=1).astype(jnp.int32)  # the opening literal, already emitted
    rows = initial_states(tables, s.start_node, B)
    logits_BxV = model.logits(last_B(hidden_BxUxD, prompt_len_B)[:, None])[:, 0]
    zeros_B = jnp.zeros((B,), jnp.int32)
    return dict(k=k, v=v, index_B=P + prompt_len_B,
                next_B=s.choose(logits_BxV, lambda: _allowed(tables, s)(rows), n_out_B, choice_args),
                rows=rows, out_BxM=out_BxM, n_out_B=n_out_B, string_start_B=n_out_B, finish_B=zeros_B,
                passes_B=zeros_B + 1, prompt_BxU=prompt_BxU, user_end_B=user_end_B)


def _verify(model, allowed, s: StepSettings, choice_args, hidden_BxTxD, last_at_B, draft_BxN, draft_len_B, states,
            n_out_B, fed_B):
    """Greedy's choice after the chunk and after each accepted draft token, until one differs from the draft:
    (accepted draft tokens [B], greedy's next token [B]). Rows not fed take no part."""
    B, N = hidden_BxTxD.shape[0], s.speculate
    zeros_B = jnp.zeros((B,), jnp.int32)

    def one(c):
        j = c["j"]
        rows = jax.tree.map(lambda x: x[j], states)
        h_BxD = hidden_BxTxD[jnp.arange(B), last_at_B + j]
        g_B = s.choose(model.logits(h_BxD[:, None])[:, 0], lambda: allowed(rows), n_out_B + j, choice_args)
        take_B = c["open_B"] & (j < draft_len_B) & (g_B == draft_BxN[:, jnp.minimum(j, N - 1)] if N else False)
        stop_B = c["open_B"] & ~take_B
        return dict(j=j + 1, open_B=take_B, accepted_B=c["accepted_B"] + take_B,
                    next_B=jnp.where(stop_B, g_B, c["next_B"]))

    c = jax.lax.while_loop(lambda c: c["open_B"].any(), one,
                           dict(j=jnp.int32(0), open_B=fed_B, accepted_B=zeros_B, next_B=zeros_B))
    return c["accepted_B"], c["next_B"]


def _write_BxM(out_BxM, part_BxW, at_B):
    return jax.vmap(lambda o, p, n: jax.lax.dynamic_update_slice(o, p, (n,)))(out_BxM, part_BxW, at_B)


def step(graphdef, state, tables, choice_args, c: dict, s: StepSettings) -> dict:
    """One step of every row: emit its chosen token and the forced run after it, draft the string's next tokens
    from the prompt, feed chunk and draft in one forward pass, keep the draft's greedy prefix and choose the next
    token. Rows that have finished (finish_B != 0) keep their state and are not fed."""
    model = nnx.merge(graphdef, state)
    allowed = _allowed(tables, s)
    B = c["next_B"].shape[0]
    N, T, width = s.speculate, s.width + s.speculate, s.width  # the widest pass: a forced chunk and a whole draft
    zeros_B = jnp.zeros((B,), jnp.int32)
    active_B = c["finish_B"] == 0
    token_B = c["next_B"]
    entered_B = tables.option_of_NxV[c["rows"].node_B, token_B] >= 0  # an option: a new string (or node)
    rows, run_BxR, run_len_B = advance(tables, c["rows"], token_B)
    chunk_BxW = jnp.concatenate([token_B[:, None], jnp.maximum(run_BxR, 0)], axis=1)
    chunk_BxW = jnp.pad(chunk_BxW, ((0, 0), (0, max(0, width - chunk_BxW.shape[1]))))[:, :width]
    chunk_len_B = 1 + run_len_B
    written = _write_BxM(c["out_BxM"], jnp.where(jnp.arange(width)[None] < chunk_len_B[:, None], chunk_BxW, -1),
                         c["n_out_B"])
    out_BxM = jnp.where(active_B[:, None], written, c["out_BxM"])
    n_out_B = jnp.where(active_B, c["n_out_B"] + chunk_len_B, c["n_out_B"])
    string_start_B = jnp.where(active_B & entered_B, n_out_B, c["string_start_B"])
    ended_B = active_B & (tables.node_kind_N[rows.node_B] == DONE)
    over_B = active_B & ~ended_B & (n_out_B >= s.max_new_tokens)
    finish_B = jnp.where(ended_B, EOS, jnp.where(over_B, MAX_TOKENS, c["finish_B"]))
    feed_B = finish_B == 0
    tokens_BxT = jnp.pad(chunk_BxW, ((0, 0), (0, N)))
    if N:  # draft the string's next tokens from the prompt; they ride in the same pass as the chunk
        suffix_BxL, suffix_len_B, opening_B = string_suffix_BxL(out_BxM, n_out_B, string_start_B,
                                                                s.first_choice_at, bool(s.phrases))
        source_BxS, valid_BxS, in_corpus_S = lookup_source(c["prompt_BxU"], c["user_end_B"], out_BxM,
                                                           string_start_B, jnp.asarray(s.phrases, jnp.int32))
        valid_BxS &= ~opening_B[:, None] | in_corpus_S[None]  # an empty string's opening: from the corpus only
        draft_BxN, draft_ok_BxN = prompt_lookup_BxN(source_BxS, valid_BxS, suffix_BxL, suffix_len_B, N)
        draft_len_B, states = checked_draft(tables, rows, draft_BxN, draft_ok_BxN & feed_B[:, None], s.max_chars)
        tokens_BxT = jax.vmap(lambda t, d, n: jax.lax.dynamic_update_slice(t, d, (n,)))(tokens_BxT, draft_BxN,
                                                                                         chunk_len_B)
    else:
        draft_BxN, draft_len_B, states = None, zeros_B, jax.tree.map(lambda x: x[None], rows)
    need = jnp.max(jnp.where(feed_B, chunk_len_B + draft_len_B, 1))
    widths = feed_widths(width, N)

    def feed(w):
        def run(_):
            h_BxWxD, k, v = forward(graphdef, state, tokens_BxT[:, :w], c["k"], c["v"], c["index_B"], s.lora_enabled)
            return jnp.pad(h_BxWxD, ((0, 0), (0, T - w), (0, 0))), k, v
        return run

    hidden = jax.eval_shape(feed(1), None)[0]

    def skip(_):
        return jnp.zeros(hidden.shape, hidden.dtype), c["k"], c["v"]

    # Nothing to feed, or the narrowest forward pass that holds every fed row's chunk and draft.
    branch = jnp.where(feed_B.any(), 1 + jnp.sum(jnp.asarray(widths) < need), 0)
    hidden_BxTxD, k, v = jax.lax.switch(branch, [skip, *(feed(w) for w in widths)], None)
    accepted_B, next_B = _verify(model, allowed, s, choice_args, hidden_BxTxD, chunk_len_B - 1, draft_BxN,
                                 draft_len_B, states, n_out_B, feed_B)
    if N:
        kept_BxN = jnp.where(jnp.arange(N)[None] < accepted_B[:, None], draft_BxN, -1)
        out_BxM = jnp.where(feed_B[:, None], _write_BxM(out_BxM, kept_BxN, n_out_B), out_BxM)
        rows = jax.tree.map(lambda x: x[accepted_B, jnp.arange(B)], states)
    n_out_B = n_out_B + accepted_B
    finish_B = jnp.where(feed_B & (n_out_B >= s.max_new_tokens), MAX_TOKENS, finish_B)
    rows = jax.tree.map(lambda new, old: jnp.where(active_B, new, old), rows, c["rows"])
    return dict(c, k=k, v=v, index_B=c["index_B"] + jnp.where(feed_B, chunk_len_B + accepted_B, 0), next_B=next_B,
                rows=rows, out_BxM=out_BxM, n_out_B=n_out_B, string_start_B=string_start_B, finish_B=finish_B,
                passes_B=c["passes_B"] + feed_B)
