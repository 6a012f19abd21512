"""LoRA adapters: zero B is the base, lora_enabled=False is exactly the base, merging keeps the outputs."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx

from v2t.errors import UserError
from v2t.lora import LoraConfig, lora_layers, lora_state, merge_lora, split_lora
from v2t.model import Qwen2, with_lora
from v2t.model_config import preset

CONFIG = preset("tiny").replace(vocab_size=512, num_layers=1)
LORA = LoraConfig(rank=4, alpha=8.0, dropout=0.0, targets=("q", "k", "v", "o", "gate", "up", "down"))
TOKENS = jnp.array([[7, 300, 12, 45, 9, 411, 2]])
POSITIONS = jnp.arange(7)[None]


@nnx.jit(static_argnames="lora_enabled")
def forward(model, lora_enabled=True):
    return model(TOKENS, POSITIONS, lora_enabled=lora_enabled)[0]


def randomize_b(model, seed=0):
    key = jax.random.key(seed)
    for _, layer in lora_layers(model):
        key, sub = jax.random.split(key)
        layer.lora_b.set_value(0.2 * jax.random.normal(sub, layer.lora_b.shape))


@pytest.fixture(scope="module")
def base():
    return Qwen2(CONFIG, rngs=nnx.Rngs(0))


def test_fresh_adapters_have_zero_b_and_give_the_base_logits(base):
    model = with_lora(base, LORA, seed=1)
    assert all(not layer.lora_b[...].any() and layer.lora_a[...].any() for _, layer in lora_layers(model))
    np.testing.assert_array_equal(forward(model), forward(base))


def test_lora_disabled_is_exactly_the_base_with_nonzero_b(base):
    model = with_lora(base, LORA, seed=1)
    randomize_b(model)
    adapted, plain = forward(model), forward(model, lora_enabled=False)
    assert np.abs(np.asarray(adapted) - np.asarray(forward(base))).max() > 1e-3
    np.testing.assert_array_equal(plain, forward(base))


def test_merged_equals_unmerged(base):
    model = with_lora(base, LORA, seed=1)
    randomize_b(model)
    before = np.asarray(forward(model))
    merge_lora(model)
    assert all(not layer.lora_b[...].any() for _, layer in lora_layers(model))
    np.testing.assert_allclose(forward(model), before, atol=2e-5)
    np.testing.assert_allclose(forward(model, lora_enabled=False), before, atol=2e-5)
    # with_lora shares arrays; merging rebinds the model's kernels, so the base is untouched.
    assert np.abs(np.asarray(forward(base)) - before).max() > 1e-3


def test_dropout_acts_only_in_train_mode(base):
    model = with_lora(base, LoraConfig(rank=4, alpha=8.0, dropout=0.5, targets=("q", "v")), seed=1)
    randomize_b(model)
    eval_once = np.asarray(model(TOKENS, POSITIONS)[0])
    np.testing.assert_array_equal(model(TOKENS, POSITIONS)[0], eval_once)
    model.train()
    first, second = model(TOKENS, POSITIONS)[0], model(TOKENS, POSITIONS)[0]
    assert np.abs(np.asarray(first) - np.asarray(second)).max() > 1e-4
    np.testing.assert_array_equal(model(TOKENS, POSITIONS, lora_enabled=False)[0], base(TOKENS, POSITIONS)[0])
    model.eval()
    np.testing.assert_array_equal(model(TOKENS, POSITIONS)[0], eval_once)


def test_lora_state_holds_only_the_adapters(base):
    model = with_lora(base, LoraConfig(rank=3, targets=("q", "down")), seed=0)
    leaves = jax.tree.leaves(lora_state(model))
    d, f, n = CONFIG.hidden_size, CONFIG.intermediate_size, CONFIG.num_heads * CONFIG.head_dim
    assert len(leaves) == 2 * 2 * CONFIG.num_layers
    assert sum(leaf.size for leaf in leaves) == CONFIG.num_layers * 3 * (d + n + f + d)
    graphdef, adapters, rest = split_lora(model)
    assert not jax.tree.leaves(nnx.state(rest, nnx.LoRAParam)) and jax.tree.leaves(nnx.state(rest, nnx.Param))
    rebuilt = nnx.merge(graphdef, adapters, rest)
    assert len(jax.tree.leaves(lora_state(rebuilt))) == len(leaves)


@pytest.mark.parametrize("kwargs, reason", [
    ({"targets": ("q", "lm_head")}, "targets"),
    ({"targets": ()}, "targets"),
    ({"rank": 0}, "rank"),
    ({"dropout": 1.0}, "dropout"),
])
def test_bad_lora_config_is_refused(kwargs, reason):
    with pytest.raises(UserError, match=reason):
        LoraConfig(**kwargs)
