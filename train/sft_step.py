"""The SFT train step: one jit-compiled function, forward + masked CE + AdamW update on LoRA params only.

Gradient accumulation is a scan over micro-batches; the loss is the mean over every target token of the
whole accumulated batch, so accumulating A micro-batches equals one A-times-bigger batch.
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp
import optax
from flax import nnx

from train.losses import sft_nll_sum, token_logprobs


def target_logprobs(model, tokens_BxT, target_pos_BxP, target_ids_BxP, *, chunk: int,
                    lora_enabled: bool = True) -> jax.Array:
    """log p of each target slot [B, P] (float32): forward, gather hidden at the targets, project by chunks."""
    B, T = tokens_BxT.shape
    positions_BxT = jnp.broadcast_to(jnp.arange(T, dtype=jnp.int32), (B, T))
    # Right padding under a causal mask: no real token ever sees a pad, so no kv_mask is needed.
    hidden_BxTxD, _ = model.hidden(tokens_BxT, positions_BxT, lora_enabled=lora_enabled)
    h_BxPxD = jnp.take_along_axis(hidden_BxTxD, target_pos_BxP[..., None], axis=1)
    return token_logprobs(model.logits, h_BxPxD, target_ids_BxP, chunk=chunk)


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


def make_sft_step(graphdef: nnx.GraphDef, tx: optax.GradientTransformation, *, chunk: int) -> Callable:
    """step(lora, opt_state, rngs, rest, batch, key) -> (lora, opt_state, metrics); batch arrays [A, B, ...]."""

    def nll_sum(lora, rngs, rest, mb):
        model = nnx.merge(graphdef, lora, rngs, rest)
        logp_BxP = target_logprobs(model, mb["tokens"], mb["target_pos"], mb["target_ids"], chunk=chunk)
        return sft_nll_sum(logp_BxP, mb["target_w"])

    def step(lora, opt_state, rngs, rest, batch, key):
        n_targets = jnp.maximum(jnp.sum(batch["target_w"]), 1.0)

        def micro(grads, xs):
            mb, i = xs
            loss, g = jax.value_and_grad(nll_sum)(lora, reseed(rngs, jax.random.fold_in(key, i)), rest, mb)
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


def make_sft_eval(graphdef: nnx.GraphDef, *, chunk: int) -> Callable:
    """eval(lora, rngs, rest, batch [B, ...]) -> (summed NLL, target count) with LoRA on, no update."""

    def evaluate(lora, rngs, rest, batch):
        model = nnx.merge(graphdef, lora, rngs, rest)
        logp_BxP = target_logprobs(model, batch["tokens"], batch["target_pos"], batch["target_ids"], chunk=chunk)
        return sft_nll_sum(logp_BxP, batch["target_w"]), jnp.sum(batch["target_w"])

    return jax.jit(evaluate)
