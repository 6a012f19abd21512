"""The optimizer: AdamW on the LoRA params with warmup then cosine or linear decay, global-norm clipping.

Gradient accumulation lives in the step (a scan over micro-batches), so one call is one optimizer update.
"""

from __future__ import annotations

import optax

from train.config import OptimSection


def learning_rate(optim: OptimSection) -> optax.Schedule:
    peak, end = optim.lr, optim.lr * optim.end_lr_ratio
    warmup = max(0, min(optim.warmup_steps, optim.total_steps))
    decay_steps = max(1, optim.total_steps - warmup)
    if optim.schedule == "cosine":
        decay = optax.cosine_decay_schedule(peak, decay_steps, alpha=optim.end_lr_ratio)
    elif optim.schedule == "linear":
        decay = optax.linear_schedule(peak, end, decay_steps)
    else:
        decay = optax.constant_schedule(peak)
    if warmup == 0:
        return decay
    # Warmup starts above zero so step 0 already moves the adapter.
    return optax.join_schedules([optax.linear_schedule(peak / warmup, peak, warmup - 1), decay], [warmup])


def optimizer(optim: OptimSection) -> optax.GradientTransformation:
    return optax.chain(
        optax.clip_by_global_norm(optim.clip_norm),
        optax.adamw(learning_rate(optim), b1=0.9, b2=0.999, eps=1e-8, weight_decay=optim.weight_decay),
    )
