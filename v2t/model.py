"""Qwen2 decoder-only transformer in Flax NNX, with an optional KV cache and LoRA adapters.

Names follow Hugging Face's Qwen2 module tree so the checkpoint name map stays a plain list of rules.
"""

from __future__ import annotations

import functools
import sys
from typing import NamedTuple

import jax
import jax.numpy as jnp
from flax import nnx

from v2t.lora import LoraConfig, LoraLinear
from v2t.model_config import ModelConfig

# Finite, so a fully masked query row (a left-pad position) gives a uniform softmax instead of NaN.
MASK_VALUE = -0.7 * float(jnp.finfo(jnp.float32).max)


class KVCache(NamedTuple):
    k: jax.Array  # [layers, B, S, kv_heads, head_dim]
    v: jax.Array  # [layers, B, S, kv_heads, head_dim]
    index: jax.Array  # int32 scalar: the slot where the next token is written


def init_cache(config: ModelConfig, batch: int, max_len: int, dtype=None) -> KVCache:
    shape = (config.num_layers, batch, max_len, config.num_kv_heads, config.head_dim)
    dtype = dtype or config.dtype
    return KVCache(jnp.zeros(shape, dtype), jnp.zeros(shape, dtype), jnp.zeros((), jnp.int32))


class RMSNorm(nnx.Module):
    def __init__(self, dim: int, eps: float, param_dtype):
        self.eps = eps
        self.scale = nnx.Param(jnp.ones((dim,), param_dtype))

    def __call__(self, x_BxTxD):
        x32_BxTxD = x_BxTxD.astype(jnp.float32)
        x32_BxTxD = x32_BxTxD * jax.lax.rsqrt(jnp.mean(x32_BxTxD**2, axis=-1, keepdims=True) + self.eps)
        # As Hugging Face: normalise in float32, cast back, then multiply by the weight.
        return self.scale[...].astype(x_BxTxD.dtype) * x32_BxTxD.astype(x_BxTxD.dtype)


def rope_sin_cos(positions_BxT, head_dim: int, theta: float):
    """float32 sin/cos tables [B, T, head_dim] for rotate-half RoPE."""
    inv_freq_F = 1.0 / (theta ** (jnp.arange(0, head_dim, 2, dtype=jnp.float32) / head_dim))
    freqs_BxTxF = positions_BxT.astype(jnp.float32)[..., None] * inv_freq_F
    emb_BxTxH = jnp.concatenate([freqs_BxTxF, freqs_BxTxF], axis=-1)
    return jnp.sin(emb_BxTxH), jnp.cos(emb_BxTxH)


def apply_rope(x_BxTxNxH, sin_BxTxH, cos_BxTxH):
    half = x_BxTxNxH.shape[-1] // 2
    x32 = x_BxTxNxH.astype(jnp.float32)
    rotated = jnp.concatenate([-x32[..., half:], x32[..., :half]], axis=-1)
    out = x32 * cos_BxTxH[:, :, None, :] + rotated * sin_BxTxH[:, :, None, :]
    return out.astype(x_BxTxNxH.dtype)


class Attention(nnx.Module):
    def __init__(self, c: ModelConfig, lora: LoraConfig | None, rngs: nnx.Rngs):
        self.c = c
        kw = dict(dtype=c.dtype, param_dtype=c.param_dtype, rngs=rngs)
        pick = lambda name: lora if lora and name in lora.targets else None  # noqa: E731
        self.q_proj = LoraLinear(c.hidden_size, c.num_heads * c.head_dim, use_bias=True, lora=pick("q"), **kw)
        self.k_proj = LoraLinear(c.hidden_size, c.num_kv_heads * c.head_dim, use_bias=True, lora=pick("k"), **kw)
        self.v_proj = LoraLinear(c.hidden_size, c.num_kv_heads * c.head_dim, use_bias=True, lora=pick("v"), **kw)
        self.o_proj = LoraLinear(c.num_heads * c.head_dim, c.hidden_size, use_bias=False, lora=pick("o"), **kw)

    def __call__(self, x_BxTxD, sin_BxTxH, cos_BxTxH, mask_BxTxS, k_cache_BxSxKxH, v_cache_BxSxKxH, index,
                 lora_enabled):
        c = self.c
        B, T, _ = x_BxTxD.shape
        K, H, G = c.num_kv_heads, c.head_dim, c.num_heads // c.num_kv_heads
        q_BxTxNxH = self.q_proj(x_BxTxD, lora_enabled=lora_enabled).reshape(B, T, K * G, H)
        k_BxTxKxH = self.k_proj(x_BxTxD, lora_enabled=lora_enabled).reshape(B, T, K, H)
        v_BxTxKxH = self.v_proj(x_BxTxD, lora_enabled=lora_enabled).reshape(B, T, K, H)
        q_BxTxNxH = apply_rope(q_BxTxNxH, sin_BxTxH, cos_BxTxH)
        k_BxTxKxH = apply_rope(k_BxTxKxH, sin_BxTxH, cos_BxTxH)
        if k_cache_BxSxKxH is None:
            k_BxSxKxH, v_BxSxKxH = k_BxTxKxH, v_BxTxKxH
        else:
            at = (0, index, 0, 0)
            k_BxSxKxH = jax.lax.dynamic_update_slice(k_cache_BxSxKxH, k_BxTxKxH.astype(k_cache_BxSxKxH.dtype), at)
            v_BxSxKxH = jax.lax.dynamic_update_slice(v_cache_BxSxKxH, v_BxTxKxH.astype(v_cache_BxSxKxH.dtype), at)
        q_BxTxKxGxH = q_BxTxNxH.reshape(B, T, K, G, H)
        scores_BxKxGxTxS = jnp.einsum("btkgh,bskh->bkgts", q_BxTxKxGxH, k_BxSxKxH.astype(q_BxTxKxGxH.dtype),
                                      preferred_element_type=jnp.float32) * (H**-0.5)
        scores_BxKxGxTxS = jnp.where(mask_BxTxS[:, None, None], scores_BxKxGxTxS, MASK_VALUE)
        probs_BxKxGxTxS = jax.nn.softmax(scores_BxKxGxTxS, axis=-1).astype(c.dtype)
        out_BxTxKxGxH = jnp.einsum("bkgts,bskh->btkgh", probs_BxKxGxTxS, v_BxSxKxH.astype(c.dtype))
        out_BxTxD = self.o_proj(out_BxTxKxGxH.reshape(B, T, K * G * H), lora_enabled=lora_enabled)
        return out_BxTxD, k_BxTxKxH, v_BxTxKxH


class MLP(nnx.Module):
    def __init__(self, c: ModelConfig, lora: LoraConfig | None, rngs: nnx.Rngs):
        kw = dict(use_bias=False, dtype=c.dtype, param_dtype=c.param_dtype, rngs=rngs)
        pick = lambda name: lora if lora and name in lora.targets else None  # noqa: E731
        self.gate_proj = LoraLinear(c.hidden_size, c.intermediate_size, lora=pick("gate"), **kw)
        self.up_proj = LoraLinear(c.hidden_size, c.intermediate_size, lora=pick("up"), **kw)
        self.down_proj = LoraLinear(c.intermediate_size, c.hidden_size, lora=pick("down"), **kw)

    def __call__(self, x_BxTxD, lora_enabled):
        gate_BxTxF = jax.nn.silu(self.gate_proj(x_BxTxD, lora_enabled=lora_enabled))
        return self.down_proj(gate_BxTxF * self.up_proj(x_BxTxD, lora_enabled=lora_enabled),
                              lora_enabled=lora_enabled)


class DecoderLayer(nnx.Module):
    def __init__(self, c: ModelConfig, lora: LoraConfig | None, rngs: nnx.Rngs):
        self.input_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps, c.param_dtype)
        self.self_attn = Attention(c, lora, rngs)
        self.post_attention_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps, c.param_dtype)
        self.mlp = MLP(c, lora, rngs)

    def __call__(self, x_BxTxD, sin_BxTxH, cos_BxTxH, mask_BxTxS, k_cache, v_cache, index, lora_enabled):
        attn_BxTxD, k, v = self.self_attn(self.input_layernorm(x_BxTxD), sin_BxTxH, cos_BxTxH, mask_BxTxS,
                                          k_cache, v_cache, index, lora_enabled)
        x_BxTxD = x_BxTxD + attn_BxTxD
        x_BxTxD = x_BxTxD + self.mlp(self.post_attention_layernorm(x_BxTxD), lora_enabled)
        return x_BxTxD, k, v


def stacked_layers(c: ModelConfig, lora: LoraConfig | None, rngs: nnx.Rngs) -> DecoderLayer:
    """All decoder layers as one DecoderLayer whose every variable has a leading [num_layers] axis, so the
    forward is one lax.scan: XLA then keeps one layer's activations under remat (a Python loop of
    jax.checkpoint'ed layers keeps them all on XLA:CPU, see docs/scaling.md)."""

    # Built one by one, then stacked: the same random draws as separate layers (the 7B is initialised abstractly
    # or under jit, so the stacking copy never holds real weights twice).
    splits = [nnx.split(DecoderLayer(c, lora, rngs)) for _ in range(c.num_layers)]
    return nnx.merge(splits[0][0], jax.tree.map(lambda *xs: jnp.stack(xs), *(state for _, state in splits)))


class Qwen2(nnx.Module):
    def __init__(self, config: ModelConfig, *, lora: LoraConfig | None = None, rngs: nnx.Rngs):
        c = self.config = config
        self.lora = lora
        self.embed_tokens = nnx.Embed(c.vocab_size, c.hidden_size, dtype=c.dtype, param_dtype=c.param_dtype,
                                      embedding_init=nnx.initializers.normal(0.02), rngs=rngs)
        self.layers = stacked_layers(c, lora, rngs)  # variables are [num_layers, ...]
        self.norm = RMSNorm(c.hidden_size, c.rms_norm_eps, c.param_dtype)
        self.lm_head = None if c.tie_embeddings else LoraLinear(
            c.hidden_size, c.vocab_size, use_bias=False, lora=None, dtype=c.dtype, param_dtype=c.param_dtype,
            rngs=rngs)

    def hidden(self, tokens_BxT, positions_BxT, *, kv_mask_BxS=None, cache: KVCache | None = None,
               lora_enabled: bool = True):
        """Final-norm hidden states [B, T, D] and the updated cache (None without one)."""
        c = self.config
        B, T = tokens_BxT.shape
        x_BxTxD = self.embed_tokens(tokens_BxT).astype(c.dtype)
        sin_BxTxH, cos_BxTxH = rope_sin_cos(positions_BxT, c.head_dim, c.rope_theta)
        if cache is None:
            index = jnp.zeros((), jnp.int32)
            S = T
        else:
            index = cache.index
            S = cache.k.shape[2]
        query_slot_T = index + jnp.arange(T)
        mask_BxTxS = jnp.broadcast_to(jnp.arange(S)[None, :] <= query_slot_T[:, None], (B, T, S))
        if kv_mask_BxS is not None:
            mask_BxTxS = mask_BxTxS & kv_mask_BxS[:, None, :].astype(bool)
        # Functional on purpose: nnx.remat/nnx.scan write state back after the call, which raises
        # TraceContextError when the model was merged inside jax.grad (the train step differentiates LoRA states).
        graphdef, state_L = nnx.split(self.layers)

        def run_layer(state, x_BxTxD, k_cache, v_cache):
            layer = nnx.merge(graphdef, state)
            out = layer(x_BxTxD, sin_BxTxH, cos_BxTxH, mask_BxTxS, k_cache, v_cache, index, lora_enabled)
            return out, nnx.state(layer, nnx.RngCount)  # dropout streams advanced, written back below

        if c.remat:  # the backward recomputes the layer from its input: one layer of activations at a time
            run_layer = jax.checkpoint(run_layer, policy=jax.checkpoint_policies.nothing_saveable)

        def body(carry, state):
            x_BxTxD, cache_k, cache_v, i = carry
            k_cache = None if cache is None else cache_k[i]
            v_cache = None if cache is None else cache_v[i]
            (x_BxTxD, k_BxTxKxH, v_BxTxKxH), counts = run_layer(state, x_BxTxD, k_cache, v_cache)
            if cache is not None:
                # Write only the T new rows of layer i, so a donated cache is updated in place.
                at = (i, 0, index, 0, 0)
                cache_k = jax.lax.dynamic_update_slice(cache_k, k_BxTxKxH[None].astype(cache_k.dtype), at)
                cache_v = jax.lax.dynamic_update_slice(cache_v, v_BxTxKxH[None].astype(cache_v.dtype), at)
            return (x_BxTxD, cache_k, cache_v, i + 1), counts

        cache_k = None if cache is None else cache.k
        cache_v = None if cache is None else cache.v
        (x_BxTxD, cache_k, cache_v, _), counts_L = jax.lax.scan(
            body, (x_BxTxD, cache_k, cache_v, jnp.zeros((), jnp.int32)), state_L)
        if not any(isinstance(n, jax.core.Tracer) for n in jax.tree.leaves(counts_L)):
            # An eager call advances the dropout streams so the next one draws fresh masks; a traced one may not
            # write them back (TraceContextError under jax.grad), and the train steps reseed them per step anyway.
            nnx.update(self.layers, counts_L)
        new_cache = None if cache is None else KVCache(cache_k, cache_v, index + T)
        return self.norm(x_BxTxD), new_cache

    def output_weight(self) -> tuple[jax.Array, bool]:
        """The projection to the vocabulary as stored, and whether it is vocabulary-major: the tied embedding
        [V, D] (True) or the lm_head kernel [D, V] (False). The loss reads it as stored: no transposed copy."""
        if self.lm_head is None:
            return self.embed_tokens.embedding[...], True
        return self.lm_head.kernel[...], False

    def logits(self, hidden_BxTxD):
        """float32 logits [B, T, V] from the lm_head, or from the embedding when tied."""
        c = self.config
        h_BxTxD = hidden_BxTxD.astype(c.dtype)
        w, vocab_major = self.output_weight()
        if h_BxTxD.shape[0] * h_BxTxD.shape[1] == 1 and getattr(self, "decode_head", None) is not None:
            w, vocab_major = self.decode_head[...], False  # one row: the decoder's hidden-major copy (decode.decoder)
        spec = "btd,vd->btv" if vocab_major else "btd,dv->btv"
        return jnp.einsum(spec, h_BxTxD, w.astype(c.dtype), preferred_element_type=jnp.float32)

    def __call__(self, tokens_BxT, positions_BxT, *, kv_mask_BxS=None, cache: KVCache | None = None,
                 lora_enabled: bool = True):
        hidden_BxTxD, new_cache = self.hidden(tokens_BxT, positions_BxT, kv_mask_BxS=kv_mask_BxS, cache=cache,
                                              lora_enabled=lora_enabled)
        return self.logits(hidden_BxTxD), new_cache


# The base weights: every Param that is not a LoRA adapter.
BASE_PARAMS = nnx.All(nnx.Param, nnx.Not(nnx.LoRAParam))


@functools.partial(jax.jit, static_argnums=(0, 1, 2))
def fresh_non_base_state(config: ModelConfig, lora: LoraConfig | None, seed: int) -> nnx.State:
    """The initial LoRA adapters and dropout RNG state of a Qwen2; jit drops the unused base-weight initialisers,
    so only this small state is allocated (compiled once per config)."""
    return nnx.state(Qwen2(config, lora=lora, rngs=nnx.Rngs(seed)), nnx.Not(BASE_PARAMS))


def with_lora(model: Qwen2, lora: LoraConfig | None, *, seed: int = 0) -> Qwen2:
    """A Qwen2 sharing `model`'s base weights (no copy) with fresh adapters (B = 0), or none for lora=None."""
    new = nnx.eval_shape(lambda: Qwen2(model.config, lora=lora, rngs=nnx.Rngs(seed)))
    nnx.update(new, nnx.state(model, BASE_PARAMS))
    if lora is not None:  # without adapters every variable is a base weight
        nnx.update(new, fresh_non_base_state(model.config, lora, seed))
    return new


if __name__ == "__main__":
    from v2t.errors import cli_entry
    from v2t.model_cli import main

    sys.exit(cli_entry(main)())
