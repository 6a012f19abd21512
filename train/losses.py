"""Losses: per-token log-probs through the vocabulary projection (one custom VJP), SFT cross-entropy, DPO/IPO.

The projection's V-wide fp32 arrays are the biggest tensors of a step, so a memory budget decides their
fate: when the target rows' probabilities fit, the forward keeps them and the backward reuses them (two
matmuls with the [V, D] weight: logits, then the hidden gradient); past the budget the rows go by chunks
that fit, and the backward recomputes each chunk's logits (three matmuls). The weight's own gradient
(a third, or fourth, matmul) is computed only when the weight is differentiated (full fine-tuning with a
tied or trained head); a frozen head, as under LoRA, costs none (`symbolic_zeros` tells the rule).
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp

# Bytes per row per vocabulary entry that count against the budget: the fp32 logits and the fp32
# probabilities the forward writes from them both exist for a moment (the logits die once read).
_BYTES_PER_ENTRY = 8


def rows_within(budget_mib: float, vocab: int) -> int:
    """How many token rows of the projection fit in `budget_mib` MiB (at least 1)."""
    return max(1, int(budget_mib * 2**20) // (_BYTES_PER_ENTRY * vocab))


def _logits(h_NxD, w, vocab_major: bool):
    spec = "nd,vd->nv" if vocab_major else "nd,dv->nv"
    return jnp.einsum(spec, h_NxD, w.astype(h_NxD.dtype), preferred_element_type=jnp.float32)


def _rows_of(w, t_N, vocab_major: bool):
    """The weight's rows [N, D] of the ids `t_N` (a column of a [D, V] kernel)."""
    return w[t_N] if vocab_major else jnp.take(w, t_N, axis=1).T


def _chunk_grads(h_CxD, w, t_C, e_CxV, inv_s_C, g_C, vocab_major: bool, want_w: bool):
    """Cotangents of log p(t | h) for one chunk, with the probabilities p = e * inv_s (e unnormalised):
    d logit = g (onehot(t) - p), so dh = g w[t] - (g inv_s) (e w) and dw = scatter(g h at t) - e^T (g inv_s h);
    the V-wide onehot, p and d logit never exist, and the normalisation is applied to [C] scalars."""
    dtype = h_CxD.dtype
    e_CxV = e_CxV.astype(dtype)
    ew_CxD = jnp.einsum("nv,vd->nd" if vocab_major else "nv,dv->nd", e_CxV, w.astype(dtype),
                        preferred_element_type=jnp.float32)
    gs_C = g_C * inv_s_C
    dh_CxD = g_C[:, None] * _rows_of(w, t_C, vocab_major).astype(jnp.float32) - gs_C[:, None] * ew_CxD
    if not want_w:
        return dh_CxD.astype(dtype), None
    h32_CxD = h_CxD.astype(jnp.float32)
    gsh_CxD = (gs_C[:, None] * h32_CxD).astype(dtype)
    gh_CxD = g_C[:, None] * h32_CxD
    if vocab_major:
        dw = -jnp.einsum("nv,nd->vd", e_CxV, gsh_CxD, preferred_element_type=jnp.float32)
        dw = dw.at[t_C].add(gh_CxD)
    else:
        dw = -jnp.einsum("nv,nd->dv", e_CxV, gsh_CxD, preferred_element_type=jnp.float32)
        dw = dw.at[:, t_C].add(gh_CxD.T)
    return dh_CxD.astype(dtype), dw


def _forward_chunk(h_CxD, w, t_C, vocab_major: bool):
    """(log p of the targets [C], logsumexp [C], exp(logits - max) [C, V], 1 / its row sum [C])."""
    logits_CxV = _logits(h_CxD, w, vocab_major)
    m_C = jnp.max(logits_CxV, axis=-1)
    e_CxV = jnp.exp(logits_CxV - m_C[:, None])
    s_C = jnp.sum(e_CxV, axis=-1)
    lse_C = m_C + jnp.log(s_C)
    picked_C = jnp.take_along_axis(logits_CxV, t_C[:, None], axis=-1)[:, 0]
    return picked_C - lse_C, lse_C, e_CxV, 1.0 / s_C


def _chunks(x, rows: int):
    """x [N, ...] zero-padded to [K, rows, ...]."""
    k = -(-x.shape[0] // rows)
    pad = k * rows - x.shape[0]
    return jnp.pad(x, ((0, pad),) + ((0, 0),) * (x.ndim - 1)).reshape(k, rows, *x.shape[1:])


def _forward(h_NxD, w, t_N, vocab_major: bool, rows: int):
    """(log p [N], what the backward needs: exp(logits - max) and 1 / its sum when N rows fit, else each
    chunk's logsumexp)."""
    n = h_NxD.shape[0]
    if rows >= n:
        logp_N, _, e_NxV, inv_s_N = _forward_chunk(h_NxD, w, t_N, vocab_major)
        return logp_N, (e_NxV, inv_s_N)
    logp_KxC, lse_KxC = jax.lax.map(lambda a: _forward_chunk(a[0], w, a[1], vocab_major)[:2],
                                    (_chunks(h_NxD, rows), _chunks(t_N, rows)))
    return logp_KxC.reshape(-1)[:n], lse_KxC


@functools.partial(jax.custom_vjp, nondiff_argnums=(3, 4))
def _logp(h_NxD, w, t_N, vocab_major: bool, rows: int):
    return _forward(h_NxD, w, t_N, vocab_major, rows)[0]


def _logp_fwd(h_NxD, w, t_N, vocab_major: bool, rows: int):
    logp_N, saved = _forward(h_NxD.value, w.value, t_N.value, vocab_major, rows)
    # The pytree's shape carries whether the weight is differentiated (None: frozen, no dw at all).
    want_w = () if w.perturbed else None
    return logp_N, (h_NxD.value, w.value, t_N.value, saved, want_w)


def _logp_bwd(vocab_major: bool, rows: int, res, g_N):
    h_NxD, w, t_N, saved, want_w = res
    want_w = want_w is not None
    n = h_NxD.shape[0]
    if isinstance(g_N, jax.custom_derivatives.SymbolicZero):
        g_N = jnp.zeros((n,), jnp.float32)
    g_N = g_N.astype(jnp.float32)
    if rows >= n:
        dh_NxD, dw = _chunk_grads(h_NxD, w, t_N, *saved, g_N, vocab_major, want_w)
    else:
        def one(dw_acc, xs):
            h_CxD, t_C, lse_C, g_C = xs
            p_CxV = jnp.exp(_logits(h_CxD, w, vocab_major) - lse_C[:, None])  # normalised already
            dh_CxD, dw_c = _chunk_grads(h_CxD, w, t_C, p_CxV, jnp.ones_like(lse_C), g_C, vocab_major, want_w)
            return (dw_acc if dw_c is None else dw_acc + dw_c), dh_CxD

        init = jnp.zeros(w.shape, jnp.float32) if want_w else None
        dw, dh_KxCxD = jax.lax.scan(one, init, (_chunks(h_NxD, rows), _chunks(t_N, rows), saved, _chunks(g_N, rows)))
        dh_NxD = dh_KxCxD.reshape(-1, h_NxD.shape[-1])[:n]
    return dh_NxD, (None if dw is None else dw.astype(w.dtype)), None


_logp.defvjp(_logp_fwd, _logp_bwd, symbolic_zeros=True)


def token_logprobs(hidden_BxTxD: jax.Array, w: jax.Array, targets_BxT: jax.Array, *, vocab_major: bool,
                   budget_mib: float) -> jax.Array:
    """log p(targets[b, t] | hidden[b, t]) in float32 [B, T] with logits = hidden . w (`w` [V, D] when
    `vocab_major`, a tied embedding; else [D, V], an lm_head kernel), in the hidden's dtype with fp32
    accumulation. `budget_mib` bounds the V-wide fp32 arrays (see the module docstring)."""
    B, T, D = hidden_BxTxD.shape
    vocab = w.shape[0] if vocab_major else w.shape[1]
    logp_N = _logp(hidden_BxTxD.reshape(B * T, D), w, targets_BxT.reshape(B * T), vocab_major,
                   rows_within(budget_mib, vocab))
    return logp_N.reshape(B, T)


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
