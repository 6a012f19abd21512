"""Losses: projected log-probs (kept or chunked) equal full-logit log-probs (values and gradients); DPO/IPO by hand."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from train import losses
from train.losses import dpo_losses, naive_token_logprobs, sequence_logps, sft_nll_sum, token_logprobs


@pytest.mark.parametrize("vocab_major", [True, False])
@pytest.mark.parametrize("rows", [1, 7, 12, 64])  # chunks of 1, 7 (padded) and 12 rows, then all at once
@pytest.mark.parametrize("block", [8, 25, 4096])  # 6 blocks and a tail of 2, 2 blocks, one block of all 50
def test_projected_logprobs_equal_full_logits(rows, block, vocab_major, monkeypatch):
    # The budget decides the rows per chunk; pin it to `rows`, and the vocabulary block to `block`, to reach
    # every path on a small vocabulary.
    monkeypatch.setattr(losses, "rows_within", lambda budget_mib, block: rows)
    monkeypatch.setattr(losses, "VOCAB_BLOCK", block)
    w_DxV = jax.random.normal(jax.random.key(0), (16, 50)) * 0.5
    h_BxTxD = jax.random.normal(jax.random.key(1), (3, 4, 16))
    t_BxT = jax.random.randint(jax.random.key(2), (3, 4), 0, 50)
    weights_BxT = jnp.array([[1, 1, 0, 0], [0, 1, 1, 1], [1, 0, 1, 0]], jnp.float32)

    def ours(h, w_DxV):
        w = w_DxV.T if vocab_major else w_DxV
        return sft_nll_sum(token_logprobs(h, w, t_BxT, vocab_major=vocab_major, budget_mib=1), weights_BxT)

    def naive(h, w):
        return sft_nll_sum(naive_token_logprobs(h @ w, t_BxT), weights_BxT)

    np.testing.assert_allclose(ours(h_BxTxD, w_DxV), naive(h_BxTxD, w_DxV), rtol=1e-5)
    g_ours = jax.grad(ours, argnums=(0, 1))(h_BxTxD, w_DxV)
    g_naive = jax.grad(naive, argnums=(0, 1))(h_BxTxD, w_DxV)
    for a, b in zip(g_ours, g_naive, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
    # A frozen weight (differentiated through the hidden states only) gets the same hidden gradient.
    np.testing.assert_allclose(jax.grad(ours)(h_BxTxD, w_DxV), g_naive[0], rtol=1e-4, atol=1e-6)


def test_budget_decides_rows_per_chunk():
    assert losses.rows_within(1024, 4096) == 32768  # 1 GiB / (8 B x a block of 4,096): every target row at once
    assert losses.rows_within(0.001, 151936) == 1


def test_naive_logprobs_are_log_softmax():
    logits = jnp.array([[[0.0, math.log(3.0)]]])  # p = [1/4, 3/4]
    np.testing.assert_allclose(naive_token_logprobs(logits, jnp.array([[1]])), [[math.log(0.75)]], rtol=1e-6)


def test_sequence_logps_sum_and_average_over_target_tokens():
    logp = jnp.array([[-1.0, -2.0, -4.0]])
    w = jnp.array([[0.0, 1.0, 1.0]])
    assert float(sequence_logps(logp, w)[0]) == -6.0
    assert float(sequence_logps(logp, w, average=True)[0]) == -3.0


def _log_sigmoid(x):
    return -math.log1p(math.exp(-x))


def test_dpo_sigmoid_loss_by_hand():
    # pc=-10, pr=-14, rc=-11, rr=-12: chosen logratio +1, rejected logratio -2, margin 3.
    beta, eps = 0.1, 0.2
    losses, rc, rr = dpo_losses(jnp.array([-10.0]), jnp.array([-14.0]), jnp.array([-11.0]), jnp.array([-12.0]),
                                beta=beta, label_smoothing=eps)
    expected = -(1 - eps) * _log_sigmoid(0.3) - eps * _log_sigmoid(-0.3)  # = 0.6170...
    assert abs(float(losses[0]) - expected) < 1e-6
    assert abs(float(rc[0]) - 0.1) < 1e-6 and abs(float(rr[0]) + 0.2) < 1e-6
    # No smoothing and zero margin: log 2.
    losses, _, _ = dpo_losses(jnp.zeros(1), jnp.zeros(1), jnp.zeros(1), jnp.zeros(1), beta=0.5)
    assert abs(float(losses[0]) - math.log(2.0)) < 1e-6


def test_ipo_loss_by_hand():
    # margin 3, beta 0.25: (3 - 1/(2*0.25))^2 = (3 - 2)^2 = 1.
    losses, _, _ = dpo_losses(jnp.array([-10.0]), jnp.array([-14.0]), jnp.array([-11.0]), jnp.array([-12.0]),
                              beta=0.25, loss_type="ipo")
    assert abs(float(losses[0]) - 1.0) < 1e-6


def test_dpo_gradient_pushes_chosen_up_and_rejected_down():
    grads = jax.grad(lambda pc, pr: dpo_losses(pc, pr, jnp.zeros(1), jnp.zeros(1), beta=0.1)[0].sum(),
                     argnums=(0, 1))(jnp.zeros(1), jnp.zeros(1))
    assert float(grads[0][0]) < 0 < float(grads[1][0])
