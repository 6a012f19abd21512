"""PEFT adapters: ours load with `peft` on the PyTorch model with equal logits, and peft's load into ours."""

from __future__ import annotations

import json

import jax
import jax.numpy as jnp
import numpy as np
import peft
import pytest
from qwen2_reference import save_random_qwen2, torch_logits
from transformers import Qwen2ForCausalLM

from v2t.checkpoint import load_hf_checkpoint
from v2t.errors import UserError
from v2t.lora import LoraConfig, lora_layers
from v2t.model_config import ModelConfig
from v2t.peft import export_adapter, import_adapter

CONFIG = ModelConfig(vocab_size=256, hidden_size=32, intermediate_size=64, num_layers=2, num_heads=4,
                     num_kv_heads=2, head_dim=8, tie_embeddings=True)
IDS = np.array([[3, 141, 59, 26, 5, 35, 200]])


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("base")
    save_random_qwen2(CONFIG, path, seed=3)
    return str(path)


def our_logits(model):
    return np.asarray(model(jnp.asarray(IDS), jnp.arange(IDS.shape[1])[None])[0])


def test_exported_adapter_gives_our_logits_under_peft(base_dir, tmp_path):
    lora = LoraConfig(rank=4, alpha=16.0, dropout=0.05, targets=("q", "k", "v", "o", "gate", "up", "down"))
    model = load_hf_checkpoint(base_dir, dtype="float32", lora=lora, seed=5)
    key = jax.random.key(0)
    for _, layer in lora_layers(model):
        key, sub = jax.random.split(key)
        layer.lora_b.set_value(0.3 * jax.random.normal(sub, layer.lora_b.shape))
    export_adapter(model, lora, str(tmp_path), base_model_name_or_path="Qwen/Qwen2.5-7B-Instruct")

    config = json.loads((tmp_path / "adapter_config.json").read_text())
    assert (config["r"], config["lora_alpha"], config["peft_type"], config["task_type"], config["bias"]) == (
        4, 16.0, "LORA", "CAUSAL_LM", "none")
    assert sorted(config["target_modules"]) == sorted(
        ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    reference = peft.PeftModel.from_pretrained(Qwen2ForCausalLM.from_pretrained(base_dir), str(tmp_path)).eval()
    got = our_logits(model)
    assert np.abs(got - torch_logits(reference, IDS)).max() <= 1e-4
    # The adapters matter: without them the logits are far away.
    assert np.abs(got - our_logits(load_hf_checkpoint(base_dir, dtype="float32"))).max() > 1e-2


def test_adapter_written_by_peft_loads_into_ours(base_dir, tmp_path):
    torch_base = Qwen2ForCausalLM.from_pretrained(base_dir)
    settings = peft.LoraConfig(r=3, lora_alpha=6, target_modules=["q_proj", "v_proj", "up_proj"],
                               init_lora_weights=False, task_type="CAUSAL_LM")  # random B: a visible change
    reference = peft.get_peft_model(torch_base, settings).eval()
    reference.save_pretrained(str(tmp_path))
    model = import_adapter(load_hf_checkpoint(base_dir, dtype="float32"), str(tmp_path))
    assert model.lora == LoraConfig(rank=3, alpha=6.0, dropout=0.0, targets=("q", "v", "up"))
    assert np.abs(our_logits(model) - torch_logits(reference, IDS)).max() <= 1e-4


def test_round_trip_through_our_files_keeps_the_adapters(base_dir, tmp_path):
    lora = LoraConfig(rank=2, alpha=4.0, targets=("o", "down"))
    model = load_hf_checkpoint(base_dir, dtype="float32", lora=lora)
    for _, layer in lora_layers(model):
        layer.lora_b.set_value(jnp.full(layer.lora_b.shape, 0.1))
    export_adapter(model, lora, str(tmp_path), base_model_name_or_path="base")
    again = import_adapter(load_hf_checkpoint(base_dir, dtype="float32", lora=lora, seed=9), str(tmp_path))
    for (_, a), (_, b) in zip(lora_layers(model), lora_layers(again), strict=True):
        np.testing.assert_array_equal(a.lora_a[...], b.lora_a[...])
        np.testing.assert_array_equal(a.lora_b[...], b.lora_b[...])


def test_unsupported_adapter_is_refused(base_dir, tmp_path):
    lora = LoraConfig(rank=2, alpha=4.0, targets=("q",))
    model = load_hf_checkpoint(base_dir, dtype="float32", lora=lora)
    export_adapter(model, lora, str(tmp_path), base_model_name_or_path="base")
    config = json.loads((tmp_path / "adapter_config.json").read_text())
    (tmp_path / "adapter_config.json").write_text(json.dumps({**config, "use_dora": True}))
    with pytest.raises(UserError, match="use_dora is not supported"):
        import_adapter(model, str(tmp_path))
    with pytest.raises(UserError, match="not a PEFT adapter directory"):
        import_adapter(model, str(tmp_path / "nowhere"))
