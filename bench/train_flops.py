"""FLOPs of one SFT or DPO step, counted analytically from the config and the batch, and a matmul peak
measured in the same process (JAX and torch) to put the achieved rate against.

The count is of the matmuls the algorithm needs once (no recompute), as 2 x multiply-adds:
- decoder linears per token, 2 x (q, k, v, o, gate, up, down parameters) per layer;
- LoRA per token, 2 x r x (in + out) per adapted projection;
- attention per sequence, 4 x T^2 x heads x head_dim per layer (scores and values over the full square:
  neither side skips the masked half in this count);
- the vocabulary projection, 2 x D x V per *target* token (only target rows are projected).
Backward multipliers: frozen weights need only the input gradient (1x the forward), trained weights also
their gradient (2x); attention's backward is 2x its forward. A LoRA DPO step adds the reference forward
(adapters off, no backward); a full DPO step reads precomputed reference log-probs.
"""

from __future__ import annotations

import time

from v2t.model_config import ModelConfig


def step_flops(c: ModelConfig, *, kind: str, mode: str, batch: int, seq: int, targets: int, rank: int,
               n_adapted: int = 7) -> dict[str, float]:
    """FLOPs of one step by part: body (layers), lora, attention, head, and the total."""
    D, F, H, nh, nk = c.hidden_size, c.intermediate_size, c.head_dim, c.num_heads, c.num_kv_heads
    linear = D * nh * H * 2 + D * nk * H * 2 + 3 * D * F  # q, o; k, v; gate, up, down
    tokens = batch * seq
    body_fwd = 2 * linear * c.num_layers * tokens
    attn_fwd = 4 * seq * seq * nh * H * c.num_layers * batch
    head_fwd = 2 * D * c.vocab_size * batch * targets
    ins_outs = [(D, nh * H), (D, nk * H), (D, nk * H), (nh * H, D), (D, F), (D, F), (F, D)][:n_adapted]
    lora_fwd = 2 * rank * sum(i + o for i, o in ins_outs) * c.num_layers * tokens if mode == "lora" else 0
    weights_bwd = 1 if mode == "lora" else 2  # frozen base: input gradient only
    parts = {
        "body": body_fwd * (1 + weights_bwd),
        "lora": lora_fwd * 3,
        "attention": attn_fwd * 3,
        "head": head_fwd * (1 + weights_bwd),
    }
    if kind == "dpo" and mode == "lora":  # the reference: one more forward with the adapters off
        parts["body"] += body_fwd
        parts["attention"] += attn_fwd
        parts["head"] += head_fwd
    parts["total"] = sum(parts.values())
    return parts


def jax_matmul_rate(n: int = 2048, repeats: int = 5) -> float:
    """Median FLOP/s of an n^3 fp32 matmul in JAX (jit, on the default device)."""
    import jax
    import jax.numpy as jnp

    a = jax.random.normal(jax.random.key(0), (n, n), jnp.float32)
    b = jax.random.normal(jax.random.key(1), (n, n), jnp.float32)
    f = jax.jit(lambda x, y: x @ y)
    f(a, b).block_until_ready()
    return _median_rate(lambda: f(a, b).block_until_ready(), 2 * n**3, repeats)


def torch_matmul_rate(n: int = 2048, repeats: int = 5) -> float:
    """Median FLOP/s of an n^3 fp32 matmul in torch."""
    import torch

    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    return _median_rate(lambda: a @ b, 2 * n**3, repeats)


def _median_rate(fn, flops: float, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return flops / sorted(times)[len(times) // 2]
