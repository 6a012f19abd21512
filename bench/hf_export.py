"""Our Qwen2 weights written as a Hugging Face checkpoint directory, so transformers runs the same model.

The inverse of v2t.checkpoint's name map: each HF key takes our parameter (transposed where the map says "T").
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

from v2t.checkpoint import our_name, per_layer_targets
from v2t.model import Qwen2


def hf_keys(model: Qwen2) -> list[str]:
    c = model.config
    keys = ["model.embed_tokens.weight", "model.norm.weight"] + ([] if c.tie_embeddings else ["lm_head.weight"])
    for i in range(c.num_layers):
        p = f"model.layers.{i}."
        keys += [p + f"self_attn.{x}_proj.weight" for x in "qkvo"] + [p + f"self_attn.{x}_proj.bias" for x in "qkv"]
        keys += [p + f"mlp.{x}_proj.weight" for x in ("gate", "up", "down")]
        keys += [p + "input_layernorm.weight", p + "post_attention_layernorm.weight"]
    return keys


def export_hf(model: Qwen2, out_dir: str | Path) -> Path:
    """config.json + model.safetensors (float32) in out_dir; transformers' from_pretrained loads it."""
    from tests.qwen2_reference import hf_config

    targets = per_layer_targets(model)  # the loader's own view: per-layer names onto stacked variables
    tensors = {}
    for key in hf_keys(model):
        ours, transform = our_name(key)
        var, _, _, layer = targets[ours]
        value = np.asarray(var[...] if layer is None else var[layer])
        tensors[key] = np.ascontiguousarray(value.T if transform == "T" else value, np.float32)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    config = hf_config(model.config).to_dict() | {"torch_dtype": "float32", "architectures": ["Qwen2ForCausalLM"]}
    (out / "config.json").write_text(json.dumps(config, indent=1))
    return out
