"""Prompt-lookup drafts for free strings: the tokens that followed the longest match of the string so far.

Most free strings copy a span of the transcript (or repeat a phrase of the training contracts), so the decoder feeds
a draft of them with the forced run and keeps the longest prefix greedy decoding would have chosen
(decode.decoder). All static shapes, per row.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from decode.automaton_jax import RowStates, Tables, advance, allows_content_B
from decode.phrase_corpus import KEY_CONTEXT
from decode.token_automaton import STRING

MAX_NGRAM = 3  # longest suffix of the string matched against the source (longer matched no more rows along gold)
assert MAX_NGRAM == 1 + KEY_CONTEXT  # an empty string's context (first choice, key) is a suffix of this length


def _shift_right_BxS(x_BxS, n: int, fill):
    """x shifted n places to the right: out[:, u] = x[:, u - n]."""
    return jnp.pad(x_BxS, ((0, 0), (n, 0)), constant_values=fill)[:, : x_BxS.shape[1]]


def prompt_lookup_BxN(source_BxS, valid_BxS, suffix_BxL, suffix_len_B, n_draft: int):
    """Per row: the n_draft source tokens after the earliest occurrence of the longest suffix (up to L tokens,
    `suffix_BxL`'s last `suffix_len_B` columns) of the string so far; (tokens [B, N], valid [B, N])."""
    B, S = source_BxS.shape
    L = suffix_BxL.shape[1]
    match_len_BxS = jnp.zeros((B, S), jnp.int32)
    still_BxS = jnp.ones((B, S), bool)
    for i in range(L):  # the match ends at u and runs back i + 1 tokens
        same_BxS = (_shift_right_BxS(source_BxS, i, -1) == suffix_BxL[:, L - 1 - i][:, None]) & \
            _shift_right_BxS(valid_BxS, i, False) & (i < suffix_len_B)[:, None]
        still_BxS &= same_BxS
        match_len_BxS += still_BxS
    # a match needs a continuation in the source: the token after it
    match_len_BxS = jnp.where(jnp.pad(valid_BxS[:, 1:], ((0, 0), (0, 1))), match_len_BxS, 0)
    end_B = jnp.argmax(match_len_BxS, axis=1)  # the first of the longest
    found_B = jnp.max(match_len_BxS, axis=1) > 0
    at_BxN = jnp.minimum(end_B[:, None] + 1 + jnp.arange(n_draft)[None], S - 1)
    tokens_BxN = jnp.take_along_axis(source_BxS, at_BxN, axis=1)
    valid_BxN = jnp.take_along_axis(valid_BxS, at_BxN, axis=1) & found_B[:, None] & \
        (end_B[:, None] + 1 + jnp.arange(n_draft)[None] < S)
    return jnp.where(valid_BxN, tokens_BxN, 0), valid_BxN


def checked_draft(t: Tables, s: RowStates, draft_BxN, valid_BxN, max_chars: int):
    """The draft cut where the automaton refuses it (or a token would close the string: its forced run is not
    in the draft): its length [B], and the row states after 0..N draft tokens, stacked [N + 1, B]."""
    states, ok_B, length_B = [s], jnp.ones(draft_BxN.shape[:1], bool), jnp.zeros(draft_BxN.shape[:1], jnp.int32)
    for j in range(draft_BxN.shape[1]):
        d_B = draft_BxN[:, j]
        content_B = (t.node_kind_N[s.node_B] == STRING) & (t.option_of_NxV[s.node_B, d_B] < 0)
        ok_B &= valid_BxN[:, j] & content_B & allows_content_B(t, s, d_B, max_chars)
        nxt, _, _ = advance(t, s, d_B)
        s = RowStates(*(jnp.where(ok_B, a, b) for a, b in zip(nxt, s, strict=True)))
        states.append(s)
        length_B += ok_B
    return length_B, jax.tree.map(lambda *xs: jnp.stack(xs), *states)


def lookup_source(prompt_BxU, user_end_B, out_BxM, string_start_B, phrases_C):
    """What drafts are copied from: the user turn, the contract emitted before the current string, then the
    phrase corpus (decode.phrase_corpus; empty: none); (source [B, S], valid [B, S], in the corpus [S])."""
    B, U, M, C = prompt_BxU.shape[0], prompt_BxU.shape[1], out_BxM.shape[1], phrases_C.shape[0]
    source_BxS = jnp.concatenate([prompt_BxU, out_BxM, jnp.broadcast_to(phrases_C, (B, C))], axis=1)
    valid_BxS = jnp.concatenate([jnp.arange(U)[None] < user_end_B[:, None],
                                 jnp.arange(M)[None] < string_start_B[:, None], jnp.ones((B, C), bool)], axis=1)
    in_corpus_S = jnp.arange(U + M + C) >= U + M
    return source_BxS, valid_BxS & (source_BxS >= 0), in_corpus_S


def string_suffix_BxL(out_BxM, n_out_B, string_start_B, first_choice_at: int, phrases: bool):
    """The last MAX_NGRAM tokens written (oldest first) and how many of them belong to the current string. With a
    phrase corpus, a string still empty is matched by its context instead: the contract's first choice and the
    KEY_CONTEXT ids before the string (its key), against the corpus only (opening_B)."""
    at_BxL = n_out_B[:, None] - MAX_NGRAM + jnp.arange(MAX_NGRAM)[None]
    suffix_BxL = jnp.take_along_axis(out_BxM, jnp.maximum(at_BxL, 0), axis=1)
    suffix_len_B = jnp.clip(n_out_B - string_start_B, 0, MAX_NGRAM)
    opening_B = (suffix_len_B == 0) & phrases
    first_B = out_BxM[:, first_choice_at]
    suffix_BxL = jnp.where(opening_B[:, None], suffix_BxL.at[:, 0].set(first_B), suffix_BxL)
    return suffix_BxL, jnp.where(opening_B, MAX_NGRAM, suffix_len_B), opening_B
