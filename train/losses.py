"""Losses: per-token log-probs by chunks of the vocabulary projection, SFT cross-entropy, DPO/IPO.

Full-vocabulary fp32 logits of a whole batch never exist at once: the projection runs per token chunk
under `jax.checkpoint`, so the backward pass recomputes each chunk instead of keeping them all.
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp


def token_logprobs(logits_fn: Callable[[jax.Array], jax.Array], hidden_BxTxD: jax.Array,
                   targets_BxT: jax.Array, *, chunk: int) -> jax.Array:
    """log p(targets[b, t] | hidden[b, t]) in float32, shape [B, T]; `logits_fn` maps [1,C,D] -> [1,C,V]."""
    B, T, D = hidden_BxTxD.shape
    n = B * T
    c = max(1, min(chunk, n))
    pad = (-n) % c
    h_NxD = jnp.pad(hidden_BxTxD.reshape(n, D), ((0, pad), (0, 0)))
    t_N = jnp.pad(targets_BxT.reshape(n), (0, pad))

    @jax.checkpoint
    def one_chunk(args):
        h_CxD, t_C = args
        logits_CxV = logits_fn(h_CxD[None])[0].astype(jnp.float32)
        picked_C = jnp.take_along_axis(logits_CxV, t_C[:, None], axis=-1)[:, 0]
        return picked_C - jax.nn.logsumexp(logits_CxV, axis=-1)

    k = (n + pad) // c
    logp_KxC = jax.lax.map(one_chunk, (h_NxD.reshape(k, c, D), t_N.reshape(k, c)))
    return logp_KxC.reshape(-1)[:n].reshape(B, T)


def naive_token_logprobs(logits_BxTxV: jax.Array, targets_BxT: jax.Array) -> jax.Array:
    """The same quantity from full logits: the reference the chunked version is tested against."""
    logp_BxTxV = jax.nn.log_softmax(logits_BxTxV.astype(jnp.float32), axis=-1)
    return jnp.take_along_axis(logp_BxTxV, targets_BxT[..., None], axis=-1)[..., 0]


def sft_nll_sum(logp_BxT: jax.Array, weights_BxT: jax.Array) -> jax.Array:
    """Summed negative log-likelihood of the target tokens; the caller divides by the token count
    of the whole (accumulated) batch so accumulation gives exactly the big-batch mean."""
    return -jnp.sum(logp_BxT * weights_BxT)


def sequence_logps(logp_BxT: jax.Array, weights_BxT: jax.Array, *, average: bool = False) -> jax.Array:
    """Per-sequence log-prob of the completion: sum over target tokens (mean for IPO, as TRL does)."""
    total_B = jnp.sum(logp_BxT * weights_BxT, axis=-1)
    if average:
        return total_B / jnp.maximum(jnp.sum(weights_BxT, axis=-1), 1.0)
    return total_B


def dpo_losses(policy_chosen_B: jax.Array, policy_rejected_B: jax.Array, ref_chosen_B: jax.Array,
               ref_rejected_B: jax.Array, *, beta: float, label_smoothing: float = 0.0,
               loss_type: str = "sigmoid") -> tuple[jax.Array, jax.Array, jax.Array]:
    """Per-pair DPO loss and the implicit rewards (TRL's definitions).

    sigmoid: -(1-eps) log s(beta*m) - eps log s(-beta*m), m = (pc - rc) - (pr - rr) (Rafailov et al.;
    eps is conservative DPO). ipo: (m - 1/(2 beta))^2 (Azar et al.).
    """
    chosen_logratio_B = policy_chosen_B - ref_chosen_B
    rejected_logratio_B = policy_rejected_B - ref_rejected_B
    margin_B = chosen_logratio_B - rejected_logratio_B
    if loss_type == "sigmoid":
        losses_B = (-(1.0 - label_smoothing) * jax.nn.log_sigmoid(beta * margin_B)
                    - label_smoothing * jax.nn.log_sigmoid(-beta * margin_B))
    elif loss_type == "ipo":
        losses_B = (margin_B - 1.0 / (2.0 * beta)) ** 2
    else:
        raise ValueError(f"unknown DPO loss {loss_type!r}")
    chosen_rewards_B = beta * jax.lax.stop_gradient(chosen_logratio_B)
    rejected_rewards_B = beta * jax.lax.stop_gradient(rejected_logratio_B)
    return losses_B, chosen_rewards_B, rejected_rewards_B
