"""Grammar-masked greedy decoding: one jit-compiled function per (batch size, prompt bucket).

Prefill once (the shared system prompt's KV cache is computed once and copied in), then a lax.while_loop that
masks logits with each row's allowed set, takes the argmax and advances the automaton; a forced run enters the
model in the same forward pass as the token that started it (jump-forward).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from decode.automaton_jax import advance, allowed_BxV, device_tables, initial_states
from decode.speculation import checked_draft, lookup_source, prompt_lookup_BxN, string_suffix_BxL
from decode.token_automaton import DONE, TokenAutomaton, load_automaton
from v2t.model import KVCache, Qwen2, init_cache
from v2t.prompt import system_prefix_ids
from v2t.tokenizer import IM_END_ID

EOS, MAX_TOKENS = 1, 2
SPECULATE = 4  # default draft length (decode.speculation); 0 turns speculation off
FINISH = {EOS: "eos", MAX_TOKENS: "max_tokens"}

# choose(logits_BxV, allowed, n_out_B, choice_args) -> token_B: how the loop picks each row's next token.
# `allowed()` traces the grammar's allowed set [B, V] only when called; `choice_args` is a jit argument.
Choose = Callable[[jax.Array, Callable[[], jax.Array], jax.Array, Any], jax.Array]


@dataclass(frozen=True)
class Decoded:
    token_ids: list[int]  # generated ids, the final <|im_end|> included
    text: str  # the contract text (without <|im_end|>)
    forward_passes: int  # prefill + decode passes this row took part in
    finish: str  # "eos" | "max_tokens"
    latency_ms: float  # the batch's wall time (rows of a batch finish together)


@dataclass(frozen=True)
class Batch:
    """A batch's host inputs: prompts after the shared prefix (bucket-padded) and the output buffer."""

    prompt_BxU: np.ndarray  # int32: each row's prompt after the system prefix, then the opening literal
    prompt_len_B: np.ndarray  # int32
    user_end_B: np.ndarray  # int32: where the user turn's <|im_end|> is in prompt_BxU (drafts copy what is before)
    out_BxM: np.ndarray  # int32: the opening literal already written, -1 elsewhere


def first_max_B(logits_BxV):
    """argmax (the first of equal maxima) as a max and a min: XLA:CPU runs jnp.argmax's two-operand reduce
    about 5x slower over a 152k vocabulary, and it was the largest cost of a small model's decode step."""
    V = logits_BxV.shape[-1]
    top_Bx1 = jnp.max(logits_BxV, axis=-1, keepdims=True)
    return jnp.min(jnp.where(logits_BxV == top_Bx1, jnp.arange(V, dtype=jnp.int32), V), axis=-1)


def grammar_argmax_B(logits_BxV, allowed, n_out_B, choice_args):
    """The decoder's choice: the model's highest-scoring token among those the grammar allows."""
    del n_out_B, choice_args  # greedy decoding needs neither
    return first_max_B(jnp.where(allowed(), logits_BxV, -jnp.inf))


def _forward(graphdef, state, tokens_BxT, k, v, index_B, lora_enabled):
    """Each row writes at its own cache slot (rows differ in prompt and forced-run lengths): vmap of batch 1."""
    model = nnx.merge(graphdef, state)
    T = tokens_BxT.shape[1]

    def one(tokens_T, k_LxSxKxH, v_LxSxKxH, index):
        positions_1xT = (index + jnp.arange(T))[None]  # no padding anywhere, so position == slot
        hidden_1xTxD, cache = model.hidden(tokens_T[None], positions_1xT, lora_enabled=lora_enabled,
                                           cache=KVCache(k_LxSxKxH[:, None], v_LxSxKxH[:, None], index))
        return hidden_1xTxD[0], cache.k[:, 0], cache.v[:, 0]

    return jax.vmap(one, in_axes=(0, 1, 1, 0), out_axes=(0, 1, 1))(tokens_BxT, k, v, index_B)


def _last_B(hidden_BxTxD, length_B):
    return hidden_BxTxD[jnp.arange(hidden_BxTxD.shape[0]), length_B - 1]


def _feed_widths(width: int, speculate: int) -> tuple[int, ...]:
    """The forward-pass widths the loop compiles: one token, a forced chunk, and with drafts each plus N."""
    return tuple(sorted({1, width} | ({1 + speculate, width + speculate} if speculate else set())))


def _decode(graphdef, state, tables, prefix_k, prefix_v, prompt_BxU, prompt_len_B, user_end_B, out_BxM, choice_args,
            *, choose, start_node, width, speculate, max_new_tokens, max_chars, max_pairs, lora_enabled):
    model = nnx.merge(graphdef, state)
    B, U = prompt_BxU.shape
    P = prefix_k.shape[2]
    N, T = speculate, width + speculate  # draft length; the widest pass: a forced chunk and a whole draft
    S = P + U + max_new_tokens + T  # room for the last chunk of the longest row
    shape = (prefix_k.shape[0], B, S, *prefix_k.shape[3:])
    k = jnp.zeros(shape, prefix_k.dtype).at[:, :, :P].set(jnp.broadcast_to(prefix_k, (*shape[:2], P, *shape[3:])))
    v = jnp.zeros(shape, prefix_v.dtype).at[:, :, :P].set(jnp.broadcast_to(prefix_v, (*shape[:2], P, *shape[3:])))
    forward = partial(_forward, graphdef, state, lora_enabled=lora_enabled)
    allowed = partial(allowed_BxV, tables, max_chars=max_chars, max_pairs=max_pairs)
    hidden_BxUxD, k, v = forward(prompt_BxU, k, v, jnp.full((B,), P, jnp.int32))
    n_out_B = jnp.sum(out_BxM >= 0, axis=1).astype(jnp.int32)  # the opening literal, already emitted
    rows = initial_states(tables, start_node, B)
    logits_BxV = model.logits(_last_B(hidden_BxUxD, prompt_len_B)[:, None])[:, 0]
    zeros_B = jnp.zeros((B,), jnp.int32)
    carry = dict(k=k, v=v, index_B=P + prompt_len_B, next_B=choose(logits_BxV, lambda: allowed(rows), n_out_B,
                                                                     choice_args),
                 rows=rows, out_BxM=out_BxM, n_out_B=n_out_B, string_start_B=n_out_B, finish_B=zeros_B,
                 passes_B=zeros_B + 1)

    def verify(hidden_BxTxD, last_B, draft_BxN, draft_len_B, states, n_out_B, fed_B):
        """Greedy's choice after the chunk and after each accepted draft token, until one differs from the draft:
        (accepted draft tokens [B], greedy's next token [B]). Rows not fed take no part."""
        def step(c):
            j = c["j"]
            s = jax.tree.map(lambda x: x[j], states)
            h_BxD = hidden_BxTxD[jnp.arange(B), last_B + j]
            g_B = choose(model.logits(h_BxD[:, None])[:, 0], lambda: allowed(s), n_out_B + j, choice_args)
            take_B = c["open_B"] & (j < draft_len_B) & (g_B == draft_BxN[:, jnp.minimum(j, N - 1)] if N else False)
            stop_B = c["open_B"] & ~take_B
            return dict(j=j + 1, open_B=take_B, accepted_B=c["accepted_B"] + take_B,
                        next_B=jnp.where(stop_B, g_B, c["next_B"]))

        c = jax.lax.while_loop(lambda c: c["open_B"].any(), step,
                               dict(j=jnp.int32(0), open_B=fed_B, accepted_B=zeros_B, next_B=zeros_B))
        return c["accepted_B"], c["next_B"]

    def body(c):
        active_B = c["finish_B"] == 0
        token_B = c["next_B"]
        entered_B = tables.option_of_NxV[c["rows"].node_B, token_B] >= 0  # an option: a new string (or node)
        rows, run_BxR, run_len_B = advance(tables, c["rows"], token_B)
        chunk_BxW = jnp.concatenate([token_B[:, None], jnp.maximum(run_BxR, 0)], axis=1)
        chunk_BxW = jnp.pad(chunk_BxW, ((0, 0), (0, max(0, width - chunk_BxW.shape[1]))))[:, :width]
        chunk_len_B = 1 + run_len_B
        written = jax.vmap(lambda o, ch, n: jax.lax.dynamic_update_slice(o, ch, (n,)))(
            c["out_BxM"], jnp.where(jnp.arange(width)[None] < chunk_len_B[:, None], chunk_BxW, -1), c["n_out_B"])
        out_BxM = jnp.where(active_B[:, None], written, c["out_BxM"])
        n_out_B = jnp.where(active_B, c["n_out_B"] + chunk_len_B, c["n_out_B"])
        string_start_B = jnp.where(active_B & entered_B, n_out_B, c["string_start_B"])
        ended_B = active_B & (tables.node_kind_N[rows.node_B] == DONE)
        over_B = active_B & ~ended_B & (n_out_B >= max_new_tokens)
        finish_B = jnp.where(ended_B, EOS, jnp.where(over_B, MAX_TOKENS, c["finish_B"]))
        feed_B = finish_B == 0
        tokens_BxT = jnp.pad(chunk_BxW, ((0, 0), (0, N)))
        if N:  # draft the string's next tokens from the prompt; they ride in the same pass as the chunk
            suffix_BxL, suffix_len_B = string_suffix_BxL(out_BxM, n_out_B, string_start_B)
            source_BxS, valid_BxS = lookup_source(prompt_BxU, user_end_B, out_BxM, string_start_B)
            draft_BxN, draft_ok_BxN = prompt_lookup_BxN(source_BxS, valid_BxS, suffix_BxL, suffix_len_B, N)
            draft_len_B, states = checked_draft(tables, rows, draft_BxN, draft_ok_BxN & feed_B[:, None], max_chars)
            tokens_BxT = jax.vmap(lambda t, d, n: jax.lax.dynamic_update_slice(t, d, (n,)))(
                tokens_BxT, draft_BxN, chunk_len_B)
        else:
            draft_BxN, draft_len_B, states = None, zeros_B, jax.tree.map(lambda x: x[None], rows)
        need = jnp.max(jnp.where(feed_B, chunk_len_B + draft_len_B, 1))
        widths = _feed_widths(width, N)

        def feed(w):
            def run(_):
                h_BxWxD, k, v = forward(tokens_BxT[:, :w], c["k"], c["v"], c["index_B"])
                return jnp.pad(h_BxWxD, ((0, 0), (0, T - w), (0, 0))), k, v
            return run

        def skip(_):
            return jnp.zeros((B, T, hidden_BxUxD.shape[2]), hidden_BxUxD.dtype), c["k"], c["v"]

        # Nothing to feed, or the narrowest forward pass that holds every fed row's chunk and draft.
        branch = jnp.where(feed_B.any(), 1 + jnp.sum(jnp.asarray(widths) < need), 0)
        hidden_BxTxD, k, v = jax.lax.switch(branch, [skip, *(feed(w) for w in widths)], None)
        accepted_B, next_B = verify(hidden_BxTxD, chunk_len_B - 1, draft_BxN, draft_len_B, states, n_out_B, feed_B)
        if N:
            kept_BxN = jnp.where(jnp.arange(N)[None] < accepted_B[:, None], draft_BxN, -1)
            written = jax.vmap(lambda o, d, n: jax.lax.dynamic_update_slice(o, d, (n,)))(out_BxM, kept_BxN, n_out_B)
            out_BxM = jnp.where(feed_B[:, None], written, out_BxM)
            rows = jax.tree.map(lambda x: x[accepted_B, jnp.arange(B)], states)
        n_out_B = n_out_B + accepted_B
        finish_B = jnp.where(feed_B & (n_out_B >= max_new_tokens), MAX_TOKENS, finish_B)
        rows = jax.tree.map(lambda new, old: jnp.where(active_B, new, old), rows, c["rows"])
        return dict(k=k, v=v, index_B=c["index_B"] + jnp.where(feed_B, chunk_len_B + accepted_B, 0), next_B=next_B,
                    rows=rows, out_BxM=out_BxM, n_out_B=n_out_B, string_start_B=string_start_B, finish_B=finish_B,
                    passes_B=c["passes_B"] + feed_B)

    c = jax.lax.while_loop(lambda c: (c["finish_B"] == 0).any(), body, carry)
    return c["out_BxM"], c["n_out_B"], c["finish_B"], c["passes_B"]


_EXECUTABLES: dict = {}


def _executable(graphdef, static: dict, args: tuple):
    """The loop compiled ahead (so latency is decoding time only), once per model structure, settings, choice and
    argument shapes, and shared by every decoder in the process: models of one preset differ only in weights."""
    leaves, tree = jax.tree.flatten(args)
    avals = tuple((x.shape, x.dtype, getattr(x, "sharding", None)) for x in leaves)  # numpy or jax arrays
    key = (graphdef, tuple(sorted(static.items())), tree, avals)
    if key not in _EXECUTABLES:
        _EXECUTABLES[key] = jax.jit(partial(_decode, graphdef, **static)).lower(*args).compile()
    return _EXECUTABLES[key]


@cache
def _prefill(graphdef, config, lora_enabled: bool):
    """The system prompt's keys and values, one jit per model structure."""
    @jax.jit
    def run(state, ids_1xP):
        model = nnx.merge(graphdef, state)
        P = ids_1xP.shape[1]
        _, kv = model.hidden(ids_1xP, jnp.arange(P)[None], cache=init_cache(config, 1, P), lora_enabled=lora_enabled)
        return kv.k, kv.v

    return run


class GrammarDecoder:
    """Decode batches of prompts (each starting with the system prefix) into grammar-valid contracts."""

    def __init__(self, model: Qwen2, tokenizer, automaton: TokenAutomaton | None = None, *,
                 max_new_tokens: int = 768, prompt_bucket: int = 32, lora_enabled: bool = True,
                 speculate: int = SPECULATE):
        self.tokenizer = tokenizer
        self.automaton = automaton or load_automaton(tokenizer, model.config.vocab_size)
        if self.automaton.vocab_size != model.config.vocab_size:
            raise ValueError(f"automaton vocab {self.automaton.vocab_size} != model vocab {model.config.vocab_size}")
        self.config = model.config
        self.max_new_tokens = max_new_tokens
        self.prompt_bucket = prompt_bucket
        self.lora_enabled = lora_enabled
        if speculate < 0:
            raise ValueError(f"speculate {speculate}: a draft length, 0 (off) or more")
        self.speculate = speculate
        self.graphdef, self.state = nnx.split(model)
        self.tables = device_tables(self.automaton)
        self.prefix_ids = system_prefix_ids(tokenizer)
        self.width = self.automaton.max_chunk
        self._prefix_kv = None
        self._static = dict(start_node=self.automaton.start_node, width=self.width, speculate=speculate,
                            max_new_tokens=max_new_tokens,
                            max_chars=self.automaton.max_string_chars, max_pairs=self.automaton.max_field_pairs,
                            lora_enabled=lora_enabled)

    def prefix_kv(self):
        """The system prompt's keys and values [layers, 1, P, kv_heads, head_dim], computed once."""
        if self._prefix_kv is None:
            run = _prefill(self.graphdef, self.config, self.lora_enabled)
            self._prefix_kv = run(self.state, jnp.asarray([self.prefix_ids], jnp.int32))
        return self._prefix_kv

    def decode_ids(self, prompts: list[list[int]]) -> list[Decoded]:
        """Greedy grammar-masked decoding of a batch."""
        return self.run(self.batch(prompts), grammar_argmax_B)

    def batch(self, prompts: list[list[int]]) -> Batch:
        P, start = len(self.prefix_ids), self.automaton.start_run.tolist()
        for p in prompts:
            if p[:P] != self.prefix_ids:
                raise ValueError("every prompt must start with the shared system prefix (v2t.prompt.prompt_ids)")
        rows = [p[P:] + start for p in prompts]  # the opening literal is forced: it joins the prefill
        U = -(-max(len(r) for r in rows) // self.prompt_bucket) * self.prompt_bucket
        prompt_BxU = np.zeros((len(rows), U), np.int32)
        out_BxM = np.full((len(rows), self.max_new_tokens + self.width + self.speculate), -1, np.int32)
        for b, r in enumerate(rows):
            prompt_BxU[b, : len(r)] = r
            out_BxM[b, : len(start)] = start
        user_end_B = np.array([r.index(IM_END_ID) if IM_END_ID in r else 0 for r in rows], np.int32)
        return Batch(prompt_BxU, np.array([len(r) for r in rows], np.int32), user_end_B, out_BxM)

    def run(self, batch: Batch, choose: Choose, choice_args: Any = None) -> list[Decoded]:
        """The jit loop over one batch with a given token choice (a module-level function: its compilation is
        shared with every decoder that uses the same choice)."""
        prefix_k, prefix_v = self.prefix_kv()
        args = (self.state, self.tables, prefix_k, prefix_v, batch.prompt_BxU, batch.prompt_len_B, batch.user_end_B,
                batch.out_BxM,
                choice_args)
        run = _executable(self.graphdef, {**self._static, "choose": choose}, args)
        started = time.perf_counter()
        out, n_out, finish, passes = jax.device_get(run(*args))
        latency_ms = (time.perf_counter() - started) * 1000
        results = []
        for b in range(len(out)):
            ids = out[b, : min(int(n_out[b]), self.max_new_tokens)].tolist()
            body = ids[:-1] if finish[b] == EOS else ids
            results.append(Decoded(ids, self.tokenizer.decode(body), int(passes[b]), FINISH[int(finish[b])],
                                   latency_ms))
        return results
