"""LoRA for the Qwen2 projections: the config, a linear layer with optional A/B adapters, merge and split helpers.

A is random, B is zero, scale is alpha/rank; `lora_enabled=False` skips the adapter, which gives exactly the base.
"""

from __future__ import annotations

import dataclasses

import jax
import jax.numpy as jnp
from flax import nnx

from v2t.errors import UserError

TARGETS = ("q", "k", "v", "o", "gate", "up", "down")


@dataclasses.dataclass(frozen=True)
class LoraConfig:
    rank: int = 16
    alpha: float = 32.0
    dropout: float = 0.0  # on the adapter input, only while the model is in train mode (`model.train()`)
    targets: tuple[str, ...] = TARGETS

    def __post_init__(self):
        unknown = [t for t in self.targets if t not in TARGETS]
        if unknown or not self.targets:
            raise UserError(f"lora config: targets must be a non-empty subset of {TARGETS}, got {self.targets}")
        if self.rank < 1:
            raise UserError(f"lora config: rank must be >= 1, got {self.rank}")
        if not 0.0 <= self.dropout < 1.0:
            raise UserError(f"lora config: dropout must be in [0, 1), got {self.dropout}")

    @property
    def scale(self) -> float:
        return self.alpha / self.rank


class LoraLinear(nnx.Module):
    """y = x W (+ b) (+ scale * dropout(x) A B). Kernel is [in, out]; A is [in, r], B is [r, out]."""

    def __init__(self, in_features: int, out_features: int, *, use_bias: bool, lora: LoraConfig | None,
                 dtype, param_dtype, rngs: nnx.Rngs):
        self.dtype = dtype
        self.kernel = nnx.Param(nnx.initializers.normal(0.02)(rngs.params(), (in_features, out_features), param_dtype))
        self.bias = nnx.Param(jnp.zeros((out_features,), param_dtype)) if use_bias else None
        self.lora_scale = lora.scale if lora else 0.0
        if lora is None:
            self.lora_a = self.lora_b = self.lora_dropout = None
        else:
            # PEFT's kaiming_uniform(a=sqrt(5)) on A: uniform with bound 1/sqrt(in). Adapters train in float32.
            bound = 1.0 / in_features**0.5
            self.lora_a = nnx.LoRAParam(jax.random.uniform(
                rngs.params(), (in_features, lora.rank), jnp.float32, -bound, bound))
            self.lora_b = nnx.LoRAParam(jnp.zeros((lora.rank, out_features), jnp.float32))
            self.lora_dropout = (nnx.Dropout(lora.dropout, deterministic=True, rngs=rngs)
                                 if lora.dropout > 0 else None)

    def __call__(self, x_BxTxI, *, lora_enabled: bool = True):
        x_BxTxI = x_BxTxI.astype(self.dtype)
        y_BxTxO = x_BxTxI @ self.kernel[...].astype(self.dtype)
        if self.bias is not None:
            y_BxTxO = y_BxTxO + self.bias[...].astype(self.dtype)
        if lora_enabled and self.lora_a is not None:
            h_BxTxI = self.lora_dropout(x_BxTxI) if self.lora_dropout is not None else x_BxTxI
            delta_BxTxO = (h_BxTxI @ self.lora_a[...].astype(self.dtype)) @ self.lora_b[...].astype(self.dtype)
            y_BxTxO = y_BxTxO + (self.lora_scale * delta_BxTxO).astype(self.dtype)
        return y_BxTxO


def lora_layers(model: nnx.Module):
    """(path, LoraLinear) for every projection that carries an adapter."""
    return [(path, m) for path, m in nnx.iter_graph(model)
            if isinstance(m, LoraLinear) and m.lora_a is not None]


def merge_lora(model: nnx.Module) -> nnx.Module:
    """Fold scale * A B into each base kernel (in float32) and zero B, in place: outputs stay the same."""
    for _, layer in lora_layers(model):
        kernel = layer.kernel[...]
        delta = layer.lora_a[...].astype(jnp.float32) @ layer.lora_b[...].astype(jnp.float32)
        layer.kernel.set_value((kernel.astype(jnp.float32) + layer.lora_scale * delta).astype(kernel.dtype))
        layer.lora_b.set_value(jnp.zeros_like(layer.lora_b[...]))
    return model


def lora_state(model: nnx.Module) -> nnx.State:
    """The trainable part: every nnx.LoRAParam."""
    return nnx.state(model, nnx.LoRAParam)


def split_lora(model: nnx.Module):
    """(graphdef, lora_state, rest_state); `nnx.merge(graphdef, lora_state, rest_state)` rebuilds the model."""
    return nnx.split(model, nnx.LoRAParam, ...)
