"""Qwen2 model configuration: one frozen dataclass and the named presets.

`tiny` is for tests, `small` for the CPU demo, the two Qwen2.5 presets match the released checkpoints.
"""

from __future__ import annotations

import dataclasses

from v2t.errors import UserError

DTYPES = ("float32", "bfloat16")


@dataclasses.dataclass(frozen=True)
class ModelConfig:
    vocab_size: int
    hidden_size: int
    intermediate_size: int
    num_layers: int
    num_heads: int
    num_kv_heads: int
    head_dim: int
    rope_theta: float = 1_000_000.0
    rms_norm_eps: float = 1e-6
    tie_embeddings: bool = True
    max_position_embeddings: int = 32768
    dtype: str = "float32"  # compute dtype; norms, RoPE and softmax stay float32
    param_dtype: str = "float32"
    remat: bool = False  # recompute each decoder layer in the backward pass

    def __post_init__(self):
        for name in ("dtype", "param_dtype"):
            if getattr(self, name) not in DTYPES:
                raise UserError(f"model config: {name} must be one of {DTYPES}, got {getattr(self, name)!r}")
        if self.num_heads % self.num_kv_heads:
            raise UserError(
                f"model config: num_heads {self.num_heads} is not a multiple of num_kv_heads {self.num_kv_heads}"
            )
        if self.head_dim % 2:
            raise UserError(f"model config: head_dim {self.head_dim} must be even for rotate-half RoPE")

    def replace(self, **changes) -> ModelConfig:
        return dataclasses.replace(self, **changes)


PRESETS: dict[str, ModelConfig] = {
    "tiny": ModelConfig(
        vocab_size=151936, hidden_size=64, intermediate_size=128, num_layers=2,
        num_heads=4, num_kv_heads=2, head_dim=16, max_position_embeddings=4096,
    ),
    "small": ModelConfig(
        vocab_size=151936, hidden_size=128, intermediate_size=352, num_layers=4,
        num_heads=4, num_kv_heads=2, head_dim=32, max_position_embeddings=4096,
    ),
    "qwen2p5_0p5b": ModelConfig(
        vocab_size=151936, hidden_size=896, intermediate_size=4864, num_layers=24,
        num_heads=14, num_kv_heads=2, head_dim=64, dtype="bfloat16", param_dtype="bfloat16",
    ),
    "qwen2p5_7b": ModelConfig(
        vocab_size=152064, hidden_size=3584, intermediate_size=18944, num_layers=28,
        num_heads=28, num_kv_heads=4, head_dim=128, tie_embeddings=False,
        dtype="bfloat16", param_dtype="bfloat16",
    ),
}


def preset(name: str) -> ModelConfig:
    if name not in PRESETS:
        raise UserError(f"unknown model preset {name!r}; known: {', '.join(PRESETS)}")
    return PRESETS[name]
