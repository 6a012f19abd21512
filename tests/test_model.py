"""Qwen2 forward parity with transformers' PyTorch model, and KV-cache decoding equal to the full forward."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx
from qwen2_reference import save_random_qwen2, torch_logits

from v2t.checkpoint import load_hf_checkpoint
from v2t.model import Qwen2, init_cache
from v2t.model_config import PRESETS, ModelConfig, preset

# The 7B attention layout (head_dim 128, GQA ratio 7, q/k/v biases, untied head) at toy width.
WIDE_HEADS = ModelConfig(vocab_size=512, hidden_size=256, intermediate_size=512, num_layers=3, num_heads=14,
                         num_kv_heads=2, head_dim=128, tie_embeddings=False)


@nnx.jit
def forward(model, tokens_BxT, positions_BxT, kv_mask_BxS=None):
    return model(tokens_BxT, positions_BxT, kv_mask_BxS=kv_mask_BxS)[0]


def positions(batch: int, length: int):
    return jnp.broadcast_to(jnp.arange(length, dtype=jnp.int32), (batch, length))


@pytest.mark.parametrize("config", [preset("tiny"), WIDE_HEADS], ids=["tiny", "7b_heads_untied"])
def test_logits_match_transformers(config, tmp_path):
    reference = save_random_qwen2(config, tmp_path, seed=1)
    ids_BxT = np.random.RandomState(0).randint(0, config.vocab_size, (2, 11))
    expected = torch_logits(reference, ids_BxT)
    model = load_hf_checkpoint(str(tmp_path), dtype="float32")
    logits_BxTxV = forward(model, jnp.asarray(ids_BxT), positions(2, 11))
    assert logits_BxTxV.dtype == jnp.float32
    assert np.abs(np.asarray(logits_BxTxV) - expected).max() <= 1e-4
    assert (np.asarray(logits_BxTxV).argmax(-1) == expected.argmax(-1)).all()


@pytest.fixture(scope="module")
def tiny_model():
    return Qwen2(preset("tiny").replace(vocab_size=512), rngs=nnx.Rngs(0))


def test_presets_have_the_published_shapes():
    seven = preset("qwen2p5_7b")
    assert (seven.num_layers, seven.hidden_size, seven.num_heads, seven.num_kv_heads, seven.head_dim) == (
        28, 3584, 28, 4, 128)
    assert not seven.tie_embeddings and PRESETS["qwen2p5_0p5b"].tie_embeddings
    assert seven.hidden_size == seven.num_heads * seven.head_dim


def test_left_padding_with_kv_mask_gives_the_unpadded_logits(tiny_model):
    ids = np.array([5, 17, 250, 3, 99, 42])
    pad = 3
    padded_1xT = jnp.asarray(np.concatenate([np.zeros(pad, int), ids]))[None]
    kv_mask_1xT = jnp.arange(pad + len(ids))[None] >= pad
    pos_1xT = jnp.maximum(jnp.arange(pad + len(ids)) - pad, 0)[None]
    padded = forward(tiny_model, padded_1xT, pos_1xT, kv_mask_1xT)
    alone = forward(tiny_model, jnp.asarray(ids)[None], positions(1, len(ids)))
    assert not np.isnan(np.asarray(padded)).any()
    np.testing.assert_allclose(padded[0, pad:], alone[0], atol=1e-5)


def _left_padded_batch(rows, vocab):
    """tokens, positions, key mask for rows of different lengths, padded on the left to a common length."""
    width = max(rows)
    rs = np.random.RandomState(7)
    tokens = np.zeros((len(rows), width), np.int32)
    mask = np.zeros((len(rows), width), bool)
    for b, n in enumerate(rows):
        tokens[b, width - n:] = rs.randint(1, vocab, n)
        mask[b, width - n:] = True
    pos = np.maximum(np.cumsum(mask, axis=1) - 1, 0).astype(np.int32)
    return jnp.asarray(tokens), jnp.asarray(pos), jnp.asarray(mask)


@pytest.mark.parametrize("chunks", [[7, 1, 1, 1], [4, 3, 3]], ids=["token_by_token", "multi_token"])
def test_cache_decoding_equals_full_forward(tiny_model, chunks):
    tokens, pos, mask = _left_padded_batch([10, 7, 4], 512)
    full = forward(tiny_model, tokens, pos, mask)
    max_len = 16  # longer than the sequence: unused slots must be ignored
    kv_mask_BxS = jnp.zeros((3, max_len), bool).at[:, :10].set(mask)
    cache = init_cache(tiny_model.config, 3, max_len)
    step = nnx.jit(lambda m, t, p, k, c: m(t, p, kv_mask_BxS=k, cache=c))
    pieces, start = [], 0
    for n in chunks:
        logits, cache = step(tiny_model, tokens[:, start:start + n], pos[:, start:start + n], kv_mask_BxS, cache)
        pieces.append(logits)
        start += n
    assert int(cache.index) == 10
    got = np.concatenate(pieces, axis=1)
    real = np.asarray(mask)
    np.testing.assert_allclose(got[real], np.asarray(full)[real], atol=1e-5)


ONE_LAYER = preset("tiny").replace(vocab_size=512, num_layers=1)


def test_remat_gives_the_same_gradients():
    tokens, pos, _ = _left_padded_batch([6], 512)
    plain = Qwen2(ONE_LAYER, rngs=nnx.Rngs(0))
    remat = Qwen2(ONE_LAYER.replace(remat=True), rngs=nnx.Rngs(0))

    def loss(m):
        return m(tokens, pos)[0].std()

    grad = nnx.jit(nnx.grad(loss))
    g_plain = grad(plain)
    g_remat = grad(remat)
    for a, b in zip(jax.tree.leaves(g_plain), jax.tree.leaves(g_remat), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_bfloat16_compute_stays_close_and_returns_float32_logits():
    tokens, pos, _ = _left_padded_batch([8], 512)
    fp32 = Qwen2(ONE_LAYER, rngs=nnx.Rngs(0))
    bf16 = nnx.eval_shape(lambda: Qwen2(ONE_LAYER.replace(dtype="bfloat16", param_dtype="bfloat16"),
                                        rngs=nnx.Rngs(0)))
    nnx.update(bf16, jax.tree.map(lambda x: x.astype(jnp.bfloat16), nnx.state(fp32, nnx.Param)))
    assert nnx.state(bf16, nnx.Param)["norm"]["scale"][...].dtype == jnp.bfloat16
    low = forward(bf16, tokens, pos)
    high = forward(fp32, tokens, pos)
    assert low.dtype == jnp.float32
    assert np.abs(np.asarray(low) - np.asarray(high)).max() < 0.05 * np.abs(np.asarray(high)).max()
