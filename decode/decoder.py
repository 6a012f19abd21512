"""Grammar-masked greedy decoding: one jit-compiled function per (batch size, prompt bucket).

Prefill once (the shared system prompt's KV cache is computed once and copied in), then a lax.while_loop of
decode.decoder_step's `step` (grammar mask, argmax, jump-forward of forced runs, prompt-lookup drafts) until every
row has finished. decode.serve_slots runs the same step over slots that requests enter and leave.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from decode.automaton_jax import device_tables
from decode.decoder_step import EOS, MAX_TOKENS, Choose, StepSettings, cache_room, start_rows, step
from decode.phrase_corpus import phrase_corpus
from decode.token_automaton import TokenAutomaton, load_automaton
from v2t.model import Qwen2, init_cache
from v2t.prompt import system_prefix_ids
from v2t.tokenizer import IM_END_ID

SPECULATE = 4  # default draft length (decode.speculation); 0 turns speculation off
FINISH = {EOS: "eos", MAX_TOKENS: "max_tokens"}

__all__ = ["EOS", "MAX_TOKENS", "Choose", "Decoded", "GrammarDecoder", "first_max_B", "grammar_argmax_B"]


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


def _decode(graphdef, state, tables, prefix_k, prefix_v, prompt_BxU, prompt_len_B, user_end_B, out_BxM, choice_args,
            *, settings: StepSettings):
    """The whole batch in one loop of the shared step, until every row has finished."""
    B, U = prompt_BxU.shape
    P = prefix_k.shape[2]
    S = P + cache_room(U, settings)  # room for the last chunk of the longest row
    shape = (prefix_k.shape[0], B, S, *prefix_k.shape[3:])
    k = jnp.zeros(shape, prefix_k.dtype).at[:, :, :P].set(jnp.broadcast_to(prefix_k, (*shape[:2], P, *shape[3:])))
    v = jnp.zeros(shape, prefix_v.dtype).at[:, :, :P].set(jnp.broadcast_to(prefix_v, (*shape[:2], P, *shape[3:])))
    carry = start_rows(graphdef, state, tables, k, v, P, prompt_BxU, prompt_len_B, user_end_B, out_BxM, choice_args,
                       settings)
    c = jax.lax.while_loop(lambda c: (c["finish_B"] == 0).any(),
                           lambda c: step(graphdef, state, tables, choice_args, c, settings), carry)
    return c["out_BxM"], c["n_out_B"], c["finish_B"], c["passes_B"]


_EXECUTABLES: dict = {}


def _executable(graphdef, settings: StepSettings, args: tuple):
    """The loop compiled ahead (so latency is decoding time only), once per model structure, settings, choice and
    argument shapes, and shared by every decoder in the process: models of one preset differ only in weights."""
    leaves, tree = jax.tree.flatten(args)
    avals = tuple((x.shape, x.dtype, getattr(x, "sharding", None)) for x in leaves)  # numpy or jax arrays
    key = (graphdef, settings, tree, avals)
    if key not in _EXECUTABLES:
        _EXECUTABLES[key] = jax.jit(partial(_decode, graphdef, settings=settings)).lower(*args).compile()
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


def with_decode_head(model: Qwen2) -> Qwen2:
    """The model (a copy sharing its arrays) with its tied embedding also held hidden-major [D, V] for the logits of
    one row (Qwen2.logits): XLA:CPU's matmul of one row against the vocabulary-major [V, D] embedding ran 2.3x slower
    (7.3 against 3.1 ms, small preset), and a lone request's decode step went from 10.5-12.0 to 5.3-5.4 ms. At eight
    rows, inside the step, the stored layout was the faster one (7.5 against 8.8 ms), so batches keep it. Costs one
    more copy of the embedding; training never sees it (the loss reads the weight as stored)."""
    model.decode_head = nnx.Variable(jnp.transpose(model.embed_tokens.embedding[...]))
    return model


class GrammarDecoder:
    """Decode batches of prompts (each starting with the system prefix) into grammar-valid contracts."""

    def __init__(self, model: Qwen2, tokenizer, automaton: TokenAutomaton | None = None, *,
                 max_new_tokens: int = 768, prompt_bucket: int = 32, lora_enabled: bool = True,
                 speculate: int = SPECULATE, phrase_contracts: Sequence[dict] = ()):
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
        if model.lm_head is None:  # tied: decode with a hidden-major copy of the embedding (see with_decode_head)
            self.graphdef, self.state = nnx.split(with_decode_head(nnx.merge(self.graphdef, self.state)))
        self.tables = device_tables(self.automaton)
        self.prefix_ids = system_prefix_ids(tokenizer)
        self.width = self.automaton.max_chunk
        # drafts also copy the free strings of the contracts the model trained on (never dev or lockbox rows)
        self.phrases = phrase_corpus(tokenizer, self.automaton, list(phrase_contracts)) if phrase_contracts and \
            speculate else ()
        self._prefix_kv = None

    def settings(self, choose: Choose) -> StepSettings:
        """What the shared step (decode.decoder_step) is compiled for with this token choice."""
        return StepSettings(choose=choose, start_node=self.automaton.start_node, width=self.width,
                            speculate=self.speculate, max_new_tokens=self.max_new_tokens,
                            max_chars=self.automaton.max_string_chars, max_pairs=self.automaton.max_field_pairs,
                            lora_enabled=self.lora_enabled, phrases=self.phrases,
                            first_choice_at=len(self.automaton.start_run))

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
        run = _executable(self.graphdef, self.settings(choose), args)
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
