"""Continuous batching for decode.serve: a fixed number of slots decoded together a few steps per call; a row that
ends hands its slot to the next waiting request at once, so a batch no longer runs until its longest row ends.

Under jump-forward the rows of a batch differ several-fold in forward passes (dev-lockbox inputs on the small
preset: 15 at the median, 41 for the longest of eight), so a whole-batch call spends most of its steps on rows
that have already ended. A slot starts and steps through decode.decoder_step, the functions decode.decoder's
whole-batch loop runs (prefill, grammar mask, drafts, jump-forward), so a slot answers what `decode_ids` answers.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp

from decode.automaton_jax import initial_states
from decode.decoder import FINISH, Decoded, GrammarDecoder, grammar_argmax_B
from decode.decoder_step import EOS, StepSettings, cache_room, start_rows, step

# Steps per call: the host sees ended rows (and admits waiting requests) after at most this many; each call
# costs a dispatch and a small device_get, a few percent of a step's cost at this size.
STEPS_PER_CALL = 4


def _put(all_B, one_1, slot, axis: int):
    return jax.lax.dynamic_update_slice_in_dim(all_B, one_1.astype(all_B.dtype), slot, axis=axis)


def _admit(graphdef, state, tables, prefix_k, prefix_v, slots, slot, prompt_1xU, prompt_len_1, user_end_1, out_1xM,
           *, settings: StepSettings):
    """One request into `slot`: a fresh cache row holding the prefix, then decoder_step.start_rows on it."""
    P, U = prefix_k.shape[2], prompt_1xU.shape[1]
    k_1 = jnp.zeros_like(slots["k"][:, :1]).at[:, :, :P].set(prefix_k)
    v_1 = jnp.zeros_like(slots["v"][:, :1]).at[:, :, :P].set(prefix_v)
    row = start_rows(graphdef, state, tables, k_1, v_1, P, prompt_1xU, prompt_len_1, user_end_1, out_1xM, None,
                     settings)
    # the slot's prompt buffer is as wide as the longest prompt; drafts look only before user_end_B
    row["prompt_BxU"] = jnp.pad(row["prompt_BxU"], ((0, 0), (0, slots["prompt_BxU"].shape[1] - U)))
    return {name: (_put(slots[name], row[name], slot, 1) if name in ("k", "v")
                   else jax.tree.map(lambda a, b: _put(a, b, slot, 0), slots[name], row[name]))
            for name in slots}


def _steps(graphdef, state, tables, slots, *, settings: StepSettings, steps: int):
    """decoder_step.step over the slots, until a row ends or `steps` steps have run."""
    def body(c):
        new = step(graphdef, state, tables, None, c, settings)
        return dict(new, t=c["t"] + 1, ended=((c["finish_B"] == 0) & (new["finish_B"] != 0)).any())

    def more(c):
        return (c["t"] < steps) & ~c["ended"] & (c["finish_B"] == 0).any()

    c = jax.lax.while_loop(more, body, dict(slots, t=jnp.int32(0), ended=jnp.bool_(False)))
    return {k: c[k] for k in slots}


class SlotDecoder:
    """`size` slots over one GrammarDecoder: `admit(slot, prompt, owner)`, then `step()` -> [(owner, Decoded)] of
    the rows that ended. Every prompt bucket up to `max_prompt_rows` is compiled by `compile_all()`."""

    def __init__(self, decoder: GrammarDecoder, size: int, max_prompt_rows: int):
        self.decoder, self.size, self.max_prompt_rows = decoder, size, max_prompt_rows
        self._prefix_k, self._prefix_v = decoder.prefix_kv()
        self.settings = decoder.settings(grammar_argmax_B)
        self._S = self._prefix_k.shape[2] + cache_room(max_prompt_rows, self.settings)
        # the slot state is donated to each call: the cache is updated in place, never copied per step
        self._admit = jax.jit(partial(_admit, decoder.graphdef, settings=self.settings), donate_argnums=(4,))
        self._step = jax.jit(partial(_steps, decoder.graphdef, settings=self.settings, steps=STEPS_PER_CALL),
                             donate_argnums=(2,))
        self.owners: list[Any] = [None] * size
        self._admitted = [0.0] * size
        self.slots = self._empty()

    def _empty(self) -> dict:
        d, B = self.decoder, self.size
        shape = (self._prefix_k.shape[0], B, self._S, *self._prefix_k.shape[3:])
        zeros_B = jnp.zeros((B,), jnp.int32)
        M = d.max_new_tokens + d.width + d.speculate  # as GrammarDecoder.batch sizes the output buffer
        slots = dict(k=jnp.zeros(shape, self._prefix_k.dtype), v=jnp.zeros(shape, self._prefix_v.dtype),
                     index_B=zeros_B, next_B=zeros_B, rows=initial_states(d.tables, d.automaton.start_node, B),
                     out_BxM=jnp.full((B, M), -1, jnp.int32), n_out_B=zeros_B, string_start_B=zeros_B,
                     finish_B=jnp.full((B,), EOS, jnp.int32), passes_B=zeros_B,  # empty slots: ended
                     prompt_BxU=jnp.zeros((B, self.max_prompt_rows), jnp.int32), user_end_B=zeros_B)
        return jax.tree.map(jnp.copy, slots)  # one buffer per leaf: each is donated to the next call

    def free(self) -> list[int]:
        return [i for i, o in enumerate(self.owners) if o is None]

    def active(self) -> int:
        return self.size - len(self.free())

    def fits(self, prompt: list[int]) -> bool:
        """Whether the prompt (system prefix first) fits this engine's cache."""
        d = self.decoder
        return len(prompt) - len(d.prefix_ids) + len(d.automaton.start_run) <= self.max_prompt_rows

    def admit(self, slot: int, prompt: list[int], owner: Any) -> None:
        """`prompt` as decode_ids takes it (the system prefix first); at most max_prompt_rows after the prefix."""
        b = self.decoder.batch([prompt])  # the prompt row, bucket-padded, and its output buffer
        self.slots = self._admit(self.decoder.state, self.decoder.tables, self._prefix_k, self._prefix_v, self.slots,
                                 jnp.int32(slot), b.prompt_BxU, b.prompt_len_B, b.user_end_B, b.out_BxM)
        self.owners[slot], self._admitted[slot] = owner, time.perf_counter()

    def step(self) -> list[tuple[Any, Decoded]]:
        """Up to STEPS_PER_CALL steps of every occupied slot; the ended rows leave their slots."""
        self.slots = self._step(self.decoder.state, self.decoder.tables, self.slots)
        finish, n_out, passes = jax.device_get((self.slots["finish_B"], self.slots["n_out_B"], self.slots["passes_B"]))
        ended = [b for b, o in enumerate(self.owners) if o is not None and finish[b] != 0]
        if not ended:
            return []
        out = jax.device_get(self.slots["out_BxM"])
        done, now, d = [], time.perf_counter(), self.decoder
        for b in ended:
            ids = out[b, : min(int(n_out[b]), d.max_new_tokens)].tolist()
            body = ids[:-1] if finish[b] == EOS else ids
            done.append((self.owners[b], Decoded(ids, d.tokenizer.decode(body), int(passes[b]),
                                                 FINISH[int(finish[b])], (now - self._admitted[b]) * 1000)))
            self.owners[b] = None
        return done

    def reset(self) -> list[Any]:
        """After a failed call (its donated state is gone): empty slots; the owners that lost their rows."""
        lost = [o for o in self.owners if o is not None]
        self.owners, self.slots = [None] * self.size, self._empty()
        return lost

    def compile_all(self, filler: int) -> None:
        """Admit a filler prompt of every bucket and step it to the end: no request waits for a compile."""
        d = self.decoder
        start = len(d.automaton.start_run)
        for rows in range(d.prompt_bucket, self.max_prompt_rows + 1, d.prompt_bucket):
            self.admit(0, [*d.prefix_ids, *[filler] * (rows - start)], "warm-up")
            while not self.step():
                pass
