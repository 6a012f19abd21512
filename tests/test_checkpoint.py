"""Loading Hugging Face checkpoints: sharded files, dtype conversion, and one clear refusal for a bad checkpoint."""

from __future__ import annotations

import json
import os

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import torch
from flax import nnx
from qwen2_reference import random_qwen2, save_random_qwen2, torch_logits
from safetensors.numpy import load_file, save_file

from v2t.checkpoint import config_from_hf, load_hf_checkpoint
from v2t.errors import UserError
from v2t.lora import LoraConfig
from v2t.model_config import ModelConfig, preset

CONFIG = ModelConfig(vocab_size=256, hidden_size=32, intermediate_size=64, num_layers=2, num_heads=4,
                     num_kv_heads=2, head_dim=8, tie_embeddings=False)
IDS = np.array([[3, 141, 59, 26, 5, 35]])

# The config.json Qwen2.5-7B-Instruct ships (transformers 4.x layout).
QWEN2P5_7B_CONFIG = {
    "architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
    "eos_token_id": 151645, "hidden_act": "silu", "hidden_size": 3584, "initializer_range": 0.02,
    "intermediate_size": 18944, "max_position_embeddings": 32768, "max_window_layers": 28, "model_type": "qwen2",
    "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4, "rms_norm_eps": 1e-06,
    "rope_theta": 1000000.0, "sliding_window": 131072, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
    "transformers_version": "4.43.1", "use_cache": True, "use_sliding_window": False, "vocab_size": 152064,
}


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("ckpt")
    reference = save_random_qwen2(CONFIG, path, seed=2)
    return path, torch_logits(reference, IDS)


def logits_of(model):
    return np.asarray(model(jnp.asarray(IDS), jnp.arange(IDS.shape[1])[None])[0])


def test_sharded_checkpoint_loads_with_the_same_logits(tmp_path):
    reference = save_random_qwen2(CONFIG, tmp_path, seed=2, max_shard_size="40KB")
    index = json.loads((tmp_path / "model.safetensors.index.json").read_text())
    assert len(set(index["weight_map"].values())) >= 2
    assert not (tmp_path / "model.safetensors").exists()
    got = logits_of(load_hf_checkpoint(str(tmp_path), dtype="float32"))
    assert np.abs(got - torch_logits(reference, IDS)).max() <= 1e-4


def test_loads_in_bfloat16_with_fresh_adapters(checkpoint):
    path, expected = checkpoint
    model = load_hf_checkpoint(str(path), dtype="bfloat16", lora=LoraConfig(rank=2, targets=("q", "down")))
    params = nnx.state(model, nnx.All(nnx.Param, nnx.Not(nnx.LoRAParam)))
    assert {leaf.dtype for leaf in jax.tree.leaves(params)} == {jnp.dtype(jnp.bfloat16)}
    lora_b = model.layers.mlp.down_proj.lora_b[...][1]  # layers are stacked [layers, ...]
    assert lora_b.dtype == jnp.float32 and not lora_b.any()
    assert model.layers.self_attn.q_proj.lora_a[...][0].any()
    got = logits_of(model)
    assert (got.argmax(-1) == expected.argmax(-1)).mean() >= 0.8
    assert np.abs(got - expected).max() < 0.05 * np.abs(expected).max()


def _rewrite(src, dst, change):
    os.makedirs(dst, exist_ok=True)
    tensors = load_file(os.path.join(src, "model.safetensors"))
    save_file(change(tensors), os.path.join(dst, "model.safetensors"))
    with open(os.path.join(src, "config.json")) as f:
        (dst / "config.json").write_text(f.read())


def test_renamed_tensor_is_refused_naming_it(checkpoint, tmp_path):
    path, _ = checkpoint

    def rename(t):
        t["model.layers.1.mlp.up_proj.weightt"] = t.pop("model.layers.1.mlp.up_proj.weight")
        return t

    _rewrite(path, tmp_path, rename)
    with pytest.raises(UserError) as err:
        load_hf_checkpoint(str(tmp_path), dtype="float32")
    message = str(err.value)
    assert "unexpected tensors: model.layers.1.mlp.up_proj.weightt" in message
    assert "missing tensors for: layers/1/mlp/up_proj/kernel" in message


def test_misshaped_tensor_is_refused_naming_it(checkpoint, tmp_path):
    path, _ = checkpoint

    def cut(t):
        t["model.layers.0.self_attn.k_proj.bias"] = t["model.layers.0.self_attn.k_proj.bias"][:5]
        return t

    _rewrite(path, tmp_path, cut)
    with pytest.raises(UserError, match=r"mis-shaped tensors: model\.layers\.0\.self_attn\.k_proj\.bias \[5\]"):
        load_hf_checkpoint(str(tmp_path), dtype="float32")


def test_missing_files_are_refused(tmp_path):
    with pytest.raises(UserError, match="no config.json"):
        load_hf_checkpoint(str(tmp_path))
    (tmp_path / "config.json").write_text(json.dumps(QWEN2P5_7B_CONFIG))
    with pytest.raises(UserError, match="no model.safetensors"):
        load_hf_checkpoint(str(tmp_path))


def test_qwen2p5_7b_config_maps_to_the_preset():
    assert config_from_hf(QWEN2P5_7B_CONFIG, dtype="bfloat16", param_dtype="bfloat16") == preset("qwen2p5_7b")


@pytest.mark.parametrize("change, reason", [
    ({"model_type": "llama"}, "model_type is 'llama'"),
    ({"use_sliding_window": True}, "sliding-window"),
    ({"rope_scaling": {"type": "yarn", "factor": 4.0}}, "rope scaling 'yarn'"),
    ({"rope_parameters": {"rope_type": "linear", "rope_theta": 1e6}}, "rope scaling 'linear'"),
    ({"hidden_act": "gelu"}, "hidden_act is 'gelu'"),
    ({"layer_types": ["sliding_attention"] * 28}, "layer_types"),
])
def test_unsupported_config_is_refused(change, reason):
    with pytest.raises(UserError, match="unsupported Qwen2 config") as err:
        config_from_hf({**QWEN2P5_7B_CONFIG, **change})
    assert reason in str(err.value)


def test_bfloat16_checkpoint_reads_exact_values(tmp_path):
    reference = random_qwen2(CONFIG, seed=6).to(torch.bfloat16)
    reference.save_pretrained(str(tmp_path))
    model = load_hf_checkpoint(str(tmp_path), dtype="float32")
    expected = torch_logits(reference.float(), IDS)  # the same bf16 values, computed in float32
    assert np.abs(logits_of(model) - expected).max() <= 1e-4


def test_truncated_weights_file_is_refused(checkpoint, tmp_path):
    path, _ = checkpoint
    _rewrite(path, tmp_path, lambda t: t)
    data = (tmp_path / "model.safetensors").read_bytes()
    (tmp_path / "model.safetensors").write_bytes(data[: len(data) - 100])
    with pytest.raises(UserError, match="file ends inside tensor"):
        load_hf_checkpoint(str(tmp_path), dtype="float32")


def test_each_weight_is_placed_with_the_sharding_asked_for(checkpoint):
    path, expected = checkpoint
    device = jax.devices()[0]
    asked = {}

    def sharding_for(name, shape):
        asked[name] = shape
        return jax.sharding.SingleDeviceSharding(device)

    model = load_hf_checkpoint(str(path), dtype="float32", sharding_for=sharding_for)
    # One placement per variable: the decoder layers' weights arrive stacked [layers, ...].
    assert asked["layers/self_attn/q_proj/kernel"] == (2, 32, 32) and asked["lm_head/kernel"] == (32, 256)
    assert len(asked) == len(jax.tree.leaves(nnx.state(model, nnx.Param)))
    assert np.abs(logits_of(model) - expected).max() <= 1e-4
