"""The SFT train step: one jit-compiled function, forward + weighted CE + AdamW update on the trainable state.

Gradient accumulation is a scan over micro-batches; the loss is the mean over every target token of the
whole accumulated batch, so accumulating A micro-batches equals one A-times-bigger batch.
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx

from train.losses import sft_nll_sum, token_logprobs
from v2t.model import KVCache, init_cache


def target_hidden(model, tokens_BxT, target_pos_BxP, *, lora_enabled: bool = True,
                  prefix: tuple[int, ...] = ()) -> jax.Array:
    """Final hidden states at the target slots [B, P, D]. With `prefix` (ids every row starts with, cut off
    `tokens`), its KV is computed once and shared by the batch: the same values as the plain forward."""
    B, T = tokens_BxT.shape
    n = len(prefix)
    positions_BxT = n + jnp.broadcast_to(jnp.arange(T, dtype=jnp.int32), (B, T))
    cache = None
    if n:
        _, c = model.hidden(jnp.asarray(prefix, jnp.int32)[None], jnp.arange(n, dtype=jnp.int32)[None],
                            cache=init_cache(model.config, 1, n), lora_enabled=lora_enabled)
        pad = jnp.zeros((c.k.shape[0], B, T, *c.k.shape[3:]), c.k.dtype)
        k = jnp.concatenate([jnp.broadcast_to(c.k, (c.k.shape[0], B, *c.k.shape[2:])), pad], axis=2)
        v = jnp.concatenate([jnp.broadcast_to(c.v, (c.v.shape[0], B, *c.v.shape[2:])), pad], axis=2)
        cache = KVCache(k, v, jnp.asarray(n, jnp.int32))
    # Right padding under a causal mask: no real token ever sees a pad, so no kv_mask is needed.
    hidden_BxTxD, _ = model.hidden(tokens_BxT, positions_BxT, cache=cache, lora_enabled=lora_enabled)
    return jnp.take_along_axis(hidden_BxTxD, target_pos_BxP[..., None], axis=1)


def target_logprobs(model, tokens_BxT, target_pos_BxP, target_ids_BxP, *, budget_mib: float,
                    lora_enabled: bool = True, prefix: tuple[int, ...] = ()) -> jax.Array:
    """log p of each target slot [B, P] (float32): forward, gather hidden at the targets, project them
    (kept whole or by chunks, as `budget_mib` allows: train.losses)."""
    h_BxPxD = target_hidden(model, tokens_BxT, target_pos_BxP, lora_enabled=lora_enabled, prefix=prefix)
    w, vocab_major = model.output_weight()
    return token_logprobs(h_BxPxD.astype(model.config.dtype), w, target_ids_BxP, vocab_major=vocab_major,
                          budget_mib=budget_mib)


def output_rows(model, ids_S: jax.Array) -> jax.Array:
    """The output projection's rows [..., D] of the token ids `ids_S` [...] (the embedding when tied)."""
    if model.lm_head is None:
        return model.embed_tokens.embedding[...][ids_S]
    return jnp.moveaxis(jnp.take(model.lm_head.kernel[...], ids_S, axis=1), 0, -1)


def subset_ids(key: jax.Array, kept: np.ndarray, others: np.ndarray, n_draw: int) -> jax.Array:
    """The softmax's ids for one step: every kept id, then `n_draw` distinct ids of `others` drawn from the
    step key (a stream of its own), so a resumed run draws the same ones."""
    drawn = jax.random.choice(jax.random.fold_in(key, 2**31 - 1), jnp.asarray(others, jnp.int32),
                              (min(n_draw, len(others)),), replace=False)
    return jnp.concatenate([jnp.asarray(kept, jnp.int32), drawn])


def subset_logprobs(model, h_BxPxD: jax.Array, target_ids_BxP: jax.Array, ids_S: jax.Array) -> jax.Array:
    """log p of the targets with the softmax over `ids_S` only, which must hold every target (sampled
    softmax: a training approximation; equal to the full softmax when `ids_S` is the whole vocabulary)."""
    dtype = model.config.dtype
    h_BxPxD = h_BxPxD.astype(dtype)
    logits_BxPxS = jnp.einsum("bpd,sd->bps", h_BxPxD, output_rows(model, ids_S).astype(dtype),
                              preferred_element_type=jnp.float32)
    picked_BxP = jnp.einsum("bpd,bpd->bp", h_BxPxD, output_rows(model, target_ids_BxP).astype(dtype),
                            preferred_element_type=jnp.float32)
    return picked_BxP - jax.nn.logsumexp(logits_BxPxS, axis=-1)


def reseed(rngs: nnx.State, key: jax.Array) -> nnx.State:
    """Fresh per-step dropout streams from one key, so dropout depends on (seed, step) only (resume-safe)."""
    leaves, treedef = jax.tree.flatten(rngs)
    out = []
    for i, leaf in enumerate(leaves):
        if jnp.issubdtype(leaf.dtype, jax.dtypes.prng_key):
            stream = jax.random.fold_in(key, i)  # stacked layers hold one key per layer: keep that shape
            out.append(stream if leaf.ndim == 0 else jax.random.split(stream, leaf.shape))
        else:
            out.append(jnp.zeros_like(leaf))
    return jax.tree.unflatten(treedef, out)


def make_sft_step(graphdef: nnx.GraphDef, tx: optax.GradientTransformation, *, budget_mib: float,
                  prefix: tuple[int, ...] = (), subset: tuple[np.ndarray, np.ndarray, int] | None = None) -> Callable:
    """step(lora, opt_state, rngs, rest, batch, key) -> (lora, opt_state, metrics); batch arrays [A, B, ...].

    `subset` = (ids every step keeps, the other ids, how many of those each step draws): the subset softmax
    of the data section; the draw depends on the step key only, so a resumed run draws the same ids."""

    def nll_sum(lora, rngs, rest, mb, ids_S):
        model = nnx.merge(graphdef, lora, rngs, rest)
        if ids_S is None:
            logp_BxP = target_logprobs(model, mb["tokens"], mb["target_pos"], mb["target_ids"], budget_mib=budget_mib,
                                       prefix=prefix)
        else:
            h_BxPxD = target_hidden(model, mb["tokens"], mb["target_pos"], prefix=prefix)
            logp_BxP = subset_logprobs(model, h_BxPxD, mb["target_ids"], ids_S)
        return sft_nll_sum(logp_BxP, mb["target_w"])

    def step(lora, opt_state, rngs, rest, batch, key):
        n_targets = jnp.maximum(jnp.sum(batch["target_w"]), 1.0)
        ids_S = None
        if subset is not None:
            ids_S = subset_ids(key, *subset)

        def micro(grads, xs):
            mb, i = xs
            loss, g = jax.value_and_grad(nll_sum)(lora, reseed(rngs, jax.random.fold_in(key, i)), rest, mb, ids_S)
            return jax.tree.map(jnp.add, grads, g), loss

        accum = batch["tokens"].shape[0]
        grads, losses = jax.lax.scan(micro, jax.tree.map(jnp.zeros_like, lora), (batch, jnp.arange(accum)))
        grads = jax.tree.map(lambda g: g / n_targets, grads)
        updates, opt_state = tx.update(grads, opt_state, lora)
        lora = optax.apply_updates(lora, updates)
        metrics = {"loss": jnp.sum(losses) / n_targets, "grad_norm": optax.tree.norm(grads),
                   "target_tokens": jnp.sum(batch["target_w"])}
        return lora, opt_state, metrics

    return jax.jit(step, donate_argnums=(0, 1))


def make_sft_eval(graphdef: nnx.GraphDef, *, budget_mib: float, prefix: tuple[int, ...] = ()) -> Callable:
    """eval(lora, rngs, rest, batch [B, ...]) -> (summed NLL, target count) with LoRA on, no update."""

    def evaluate(lora, rngs, rest, batch):
        model = nnx.merge(graphdef, lora, rngs, rest)
        logp_BxP = target_logprobs(model, batch["tokens"], batch["target_pos"], batch["target_ids"], budget_mib=budget_mib,
                                   prefix=prefix)
        return sft_nll_sum(logp_BxP, batch["target_w"]), jnp.sum(batch["target_w"])

    return jax.jit(evaluate)
