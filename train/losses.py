"""Losses: per-token log-probs through the vocabulary projection (one custom VJP), SFT cross-entropy, DPO/IPO.

The projection goes through the vocabulary by blocks of `VOCAB_BLOCK` entries with an online logsumexp (as
flash attention's softmax): each block's logits [rows, block] update a running max, the running sum of
exp(logit - max) and, when the hidden states are differentiated, the running sum of exp(logit - max) w_v,
so no V-wide array ever exists and each block is read while it is still in cache. Because
d log p(t | h) / dh = w[t] - E_p[w] does not depend on the cotangent, the forward's second matmul per block
(e w) gives the expected row E_p[w] and the hidden's backward is elementwise: two matmuls with the [V, D]
weight in all, where keeping the [rows, V] probabilities for the backward also needed two but wrote and read
them through memory. The weight's own gradient, dw = scatter(g h at t) - p^T (g h), needs the cotangent, so
only when the weight is differentiated (full fine-tuning with a tied or trained head) does the backward take
a second pass by blocks, recomputing each block's logits (two more matmuls); a frozen head, as under LoRA,
costs none (`symbolic_zeros` tells the rule). A memory budget bounds the [rows, block] fp32 temporaries:
rows beyond it go by chunks.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp

# Vocabulary entries per block: [rows, block] fp32 logits and exponentials, small enough to stay in cache
# for a few hundred rows, large enough that the loop's per-block overhead stays small.
VOCAB_BLOCK = 4096
# Bytes per row per block entry that count against the budget: the fp32 logits and exponentials of a block.
_BYTES_PER_ENTRY = 8


def rows_within(budget_mib: float, block: int) -> int:
    """How many token rows of one vocabulary block's temporaries fit in `budget_mib` MiB (at least 1)."""
    return max(1, int(budget_mib * 2**20) // (_BYTES_PER_ENTRY * block))


def _logits(h_NxD, w, vocab_major: bool):
    spec = "nd,vd->nv" if vocab_major else "nd,dv->nv"
    return jnp.einsum(spec, h_NxD, w.astype(h_NxD.dtype), preferred_element_type=jnp.float32)


def _rows_of(w, t_N, vocab_major: bool):
    """The weight's rows [N, D] of the ids `t_N` (a column of a [D, V] kernel)."""
    return w[t_N] if vocab_major else jnp.take(w, t_N, axis=1).T


def _over_vocab(step, carry, w, vocab_major: bool):
    """carry = step(carry, start, w_block) for each block of the vocabulary in turn: a loop over the full
    blocks, then the tail (its own static shape)."""
    axis = 0 if vocab_major else 1
    vocab = w.shape[axis]
    block = min(VOCAB_BLOCK, vocab)
    full = vocab // block

    def body(i, c):
        start = i * block
        return step(c, start, jax.lax.dynamic_slice_in_dim(w, start, block, axis))

    carry = jax.lax.fori_loop(0, full, body, carry)
    if vocab % block:
        carry = step(carry, full * block, jax.lax.slice_in_dim(w, full * block, vocab, axis=axis))
    return carry


def _forward_rows(h_CxD, w, t_C, vocab_major: bool, with_expected: bool):
    """(log p of the targets [C], logsumexp [C], E_p[w] [C, D] in fp32 or None)."""
    dtype = h_CxD.dtype
    C, D = h_CxD.shape

    def step(carry, start, w_b):
        m_C, s_C, ew_CxD = carry
        logits_CxB = _logits(h_CxD, w_b, vocab_major)
        new_m_C = jnp.maximum(m_C, jnp.max(logits_CxB, axis=-1))
        scale_C = jnp.exp(m_C - new_m_C)  # 0 for the first block (m = -inf)
        e_CxB = jnp.exp(logits_CxB - new_m_C[:, None])
        s_C = s_C * scale_C + jnp.sum(e_CxB, axis=-1)
        if ew_CxD is not None:
            ew_CxD = ew_CxD * scale_C[:, None] + jnp.einsum(
                "nv,vd->nd" if vocab_major else "nv,dv->nd", e_CxB.astype(dtype), w_b.astype(dtype),
                preferred_element_type=jnp.float32)
        return new_m_C, s_C, ew_CxD

    init = (jnp.full((C,), -jnp.inf, jnp.float32), jnp.zeros((C,), jnp.float32),
            jnp.zeros((C, D), jnp.float32) if with_expected else None)
    m_C, s_C, ew_CxD = _over_vocab(step, init, w, vocab_major)
    lse_C = m_C + jnp.log(s_C)
    picked_C = jnp.einsum("nd,nd->n", h_CxD, _rows_of(w, t_C, vocab_major).astype(dtype),
                          preferred_element_type=jnp.float32)
    return picked_C - lse_C, lse_C, (None if ew_CxD is None else ew_CxD / s_C[:, None])


def _chunks(x, rows: int):
    """x [N, ...] zero-padded to [K, rows, ...]."""
    k = -(-x.shape[0] // rows)
    pad = k * rows - x.shape[0]
    return jnp.pad(x, ((0, pad),) + ((0, 0),) * (x.ndim - 1)).reshape(k, rows, *x.shape[1:])


def _forward(h_NxD, w, t_N, vocab_major: bool, rows: int, with_expected: bool):
    """(log p [N], logsumexp [N], E_p[w] [N, D] or None), the rows by chunks of `rows`."""
    n, d = h_NxD.shape
    if rows >= n:
        return _forward_rows(h_NxD, w, t_N, vocab_major, with_expected)
    out = jax.lax.map(lambda a: _forward_rows(a[0], w, a[1], vocab_major, with_expected),
                      (_chunks(h_NxD, rows), _chunks(t_N, rows)))
    logp_N, lse_N = out[0].reshape(-1)[:n], out[1].reshape(-1)[:n]
    return logp_N, lse_N, (None if out[2] is None else out[2].reshape(-1, d)[:n])


def _weight_grad(h_CxD, w, t_C, lse_C, g_C, vocab_major: bool):
    """The rows' share of d/dw sum g log p = scatter(g h at t) - p^T (g h) in fp32, shaped as `w`, the vocabulary by
    blocks (each block's probabilities recomputed from its logits and the kept logsumexp). Each block's rows are
    a loop output of their own, so the [V, D] gradient is written once (a loop carry updated in place per block was
    copied whole per block on XLA:CPU)."""
    dtype = h_CxD.dtype
    axis = 0 if vocab_major else 1
    vocab = w.shape[axis]
    block = min(VOCAB_BLOCK, vocab)
    full = vocab // block
    gh_CxD = g_C[:, None] * h_CxD.astype(jnp.float32)
    gh_lo_CxD = gh_CxD.astype(dtype)

    def rows_of_block(w_b):  # [block, D]
        # The block's logits vocabulary-major [block, C], so both matmuls contract a contiguous axis (p^T (g h)
        # from [C, block] probabilities ran at half the rate on XLA:CPU).
        logits_BxC = jnp.einsum("vd,nd->vn" if vocab_major else "dv,nd->vn", w_b.astype(dtype), h_CxD,
                                preferred_element_type=jnp.float32)
        p_BxC = jnp.exp(logits_BxC - lse_C[None, :]).astype(dtype)
        return -jnp.einsum("vn,nd->vd", p_BxC, gh_lo_CxD, preferred_element_type=jnp.float32)

    parts = [jax.lax.map(lambda i: rows_of_block(jax.lax.dynamic_slice_in_dim(w, i * block, block, axis)),
                         jnp.arange(full)).reshape(full * block, -1)]
    if vocab % block:
        parts.append(rows_of_block(jax.lax.slice_in_dim(w, full * block, vocab, axis=axis)))
    dw_VxD = (jnp.concatenate(parts) if len(parts) > 1 else parts[0]).at[t_C].add(gh_CxD)
    return dw_VxD if vocab_major else dw_VxD.T


@functools.partial(jax.custom_vjp, nondiff_argnums=(3, 4))
def _logp(h_NxD, w, t_N, vocab_major: bool, rows: int):
    return _forward(h_NxD, w, t_N, vocab_major, rows, with_expected=False)[0]


def _logp_fwd(h_NxD, w, t_N, vocab_major: bool, rows: int):
    logp_N, lse_N, expected_NxD = _forward(h_NxD.value, w.value, t_N.value, vocab_major, rows,
                                           with_expected=h_NxD.perturbed)
    # The pytree's shape carries whether the weight is differentiated (None: frozen, no dw at all).
    want_w = () if w.perturbed else None
    return logp_N, (h_NxD.value, w.value, t_N.value, lse_N, expected_NxD, want_w)


def _logp_bwd(vocab_major: bool, rows: int, res, g_N):
    h_NxD, w, t_N, lse_N, expected_NxD, want_w = res
    n = h_NxD.shape[0]
    if isinstance(g_N, jax.custom_derivatives.SymbolicZero):
        g_N = jnp.zeros((n,), jnp.float32)
    g_N = g_N.astype(jnp.float32)
    dh_NxD = None
    if expected_NxD is not None:  # d log p / dh = w[t] - E_p[w], kept by the forward
        dh_NxD = (g_N[:, None] * (_rows_of(w, t_N, vocab_major).astype(jnp.float32) - expected_NxD)).astype(h_NxD.dtype)
    dw = None
    if want_w is not None:
        if rows >= n:
            dw = _weight_grad(h_NxD, w, t_N, lse_N, g_N, vocab_major)
        else:
            def one(dw, xs):
                return dw + _weight_grad(xs[0], w, *xs[1:], vocab_major), None

            dw, _ = jax.lax.scan(one, jnp.zeros(w.shape, jnp.float32),
                                 (_chunks(h_NxD, rows), _chunks(t_N, rows), _chunks(lse_N, rows), _chunks(g_N, rows)))
        dw = dw.astype(w.dtype)
    return dh_NxD, dw, None


_logp.defvjp(_logp_fwd, _logp_bwd, symbolic_zeros=True)


def token_logprobs(hidden_BxTxD: jax.Array, w: jax.Array, targets_BxT: jax.Array, *, vocab_major: bool,
                   budget_mib: float) -> jax.Array:
    """log p(targets[b, t] | hidden[b, t]) in float32 [B, T] with logits = hidden . w (`w` [V, D] when
    `vocab_major`, a tied embedding; else [D, V], an lm_head kernel), in the hidden's dtype with fp32
    accumulation. `budget_mib` bounds the [rows, vocabulary block] fp32 temporaries (see the module docstring)."""
    B, T, D = hidden_BxTxD.shape
    vocab = w.shape[0] if vocab_major else w.shape[1]
    logp_N = _logp(hidden_BxTxD.reshape(B * T, D), w, targets_BxT.reshape(B * T), vocab_major,
                   rows_within(budget_mib, min(VOCAB_BLOCK, vocab)))
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
