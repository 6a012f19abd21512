"""Our Qwen2 written as a Hugging Face checkpoint directory (config.json, model.safetensors, tokenizer files)
that transformers' Qwen2ForCausalLM loads, and that v2t.checkpoint reads back: the inverse of its name map.

The directory appears whole or not at all (written beside it, then renamed). The safetensors metadata holds
a sha256 of the tensors, so the header-only fingerprint of v2t.base_model changes whenever the weights do.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

from v2t.checkpoint import our_name, per_layer_targets
from v2t.model_config import ModelConfig


def hf_config(config: ModelConfig) -> dict:
    """config.json for transformers' Qwen2Config (float32 weights, full attention, default RoPE)."""
    return {
        "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_act": "silu",
        "vocab_size": config.vocab_size, "hidden_size": config.hidden_size,
        "intermediate_size": config.intermediate_size, "num_hidden_layers": config.num_layers,
        "num_attention_heads": config.num_heads, "num_key_value_heads": config.num_kv_heads,
        "head_dim": config.head_dim, "rms_norm_eps": config.rms_norm_eps,
        "rope_theta": config.rope_theta, "rope_parameters": {"rope_theta": config.rope_theta, "rope_type": "default"},
        "tie_word_embeddings": config.tie_embeddings, "max_position_embeddings": config.max_position_embeddings,
        "use_sliding_window": False, "attention_dropout": 0.0, "torch_dtype": "float32", "dtype": "float32",
        "bos_token_id": 151643, "eos_token_id": 151645,
    }


def hf_keys(config: ModelConfig) -> list[str]:
    keys = ["model.embed_tokens.weight", "model.norm.weight"] + ([] if config.tie_embeddings else ["lm_head.weight"])
    for i in range(config.num_layers):
        p = f"model.layers.{i}."
        keys += [p + f"self_attn.{x}_proj.weight" for x in "qkvo"] + [p + f"self_attn.{x}_proj.bias" for x in "qkv"]
        keys += [p + f"mlp.{x}_proj.weight" for x in ("gate", "up", "down")]
        keys += [p + "input_layernorm.weight", p + "post_attention_layernorm.weight"]
    return keys


def hf_tensors(model) -> dict[str, np.ndarray]:
    """The base weights under Hugging Face names, float32, [out, in] for Linear weights (adapters ignored)."""
    targets = per_layer_targets(model)  # the loader's own view: per-layer names onto stacked variables
    tensors = {}
    for key in hf_keys(model.config):
        ours, transform = our_name(key)
        var, _, _, layer = targets[ours]
        value = np.asarray(var[...] if layer is None else var[layer], np.float32)
        tensors[key] = np.ascontiguousarray(value.T if transform == "T" else value)
    return tensors


def export_hf(model, out_dir: str | Path, tokenizer=None,
              before_publish: Callable[[Path], None] | None = None) -> Path:
    """Write the model's base weights (float32) as an HF checkpoint dir; `tokenizer` (a transformers
    tokenizer) adds its files so the directory stands alone; `before_publish(tmp_dir)` may add more.
    Replaces out_dir atomically."""
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        tensors = hf_tensors(model)
        digest = hashlib.sha256()
        for key in sorted(tensors):
            digest.update(key.encode() + tensors[key].tobytes())
        save_file(tensors, str(tmp / "model.safetensors"), metadata={"format": "pt", "sha256": digest.hexdigest()})
        (tmp / "config.json").write_text(json.dumps(hf_config(model.config), indent=1) + "\n", encoding="utf-8")
        if tokenizer is not None:
            tokenizer.save_pretrained(str(tmp))
        if before_publish is not None:
            before_publish(tmp)
        tmp.chmod(0o755)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out
