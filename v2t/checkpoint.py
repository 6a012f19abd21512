"""Load a Hugging Face Qwen2 checkpoint directory into our Qwen2: the config check and the weight name map.

Tensors are streamed one by one into an abstract model, so a 7B load never holds a float32 copy of the weights.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from v2t.errors import UserError
from v2t.lora import LoraConfig
from v2t.model import BASE_PARAMS, Qwen2, fresh_non_base_state
from v2t.model_config import ModelConfig
from v2t.safetensors_stream import TensorFile

# (Hugging Face key, our parameter path, transform). "T": HF stores Linear weights [out, in]; ours are [in, out].
NAME_MAP: list[tuple[str, str, str | None]] = [
    (r"model\.embed_tokens\.weight", "embed_tokens/embedding", None),
    (r"model\.layers\.(\d+)\.self_attn\.([qkvo])_proj\.weight", "layers/{0}/self_attn/{1}_proj/kernel", "T"),
    (r"model\.layers\.(\d+)\.self_attn\.([qkv])_proj\.bias", "layers/{0}/self_attn/{1}_proj/bias", None),
    (r"model\.layers\.(\d+)\.mlp\.(gate|up|down)_proj\.weight", "layers/{0}/mlp/{1}_proj/kernel", "T"),
    (r"model\.layers\.(\d+)\.(input|post_attention)_layernorm\.weight", "layers/{0}/{1}_layernorm/scale", None),
    (r"model\.norm\.weight", "norm/scale", None),
    (r"lm_head\.weight", "lm_head/kernel", "T"),
]


def our_name(hf_key: str) -> tuple[str, str | None] | None:
    """(our parameter path, transform) for a Hugging Face key, or None when the map has no rule for it."""
    for pattern, template, transform in NAME_MAP:
        match = re.fullmatch(pattern, hf_key)
        if match:
            return template.format(*match.groups()), transform
    return None


def per_layer_targets(model: Qwen2) -> dict[str, tuple[nnx.Variable, str, tuple[int, ...], int | None]]:
    """Base weights by per-layer path ("layers/3/mlp/up_proj/kernel", as NAME_MAP writes them) ->
    (variable, its own path, the shape of that one layer's slice, the layer index or None when not stacked)."""
    out = {}
    for path, var in nnx.to_flat_state(nnx.state(model, BASE_PARAMS)):
        name = "/".join(map(str, path))
        if name.startswith("layers/"):  # stacked: [num_layers, ...]
            for i in range(var.shape[0]):
                out[f"layers/{i}/{name[len('layers/'):]}"] = (var, name, tuple(var.shape[1:]), i)
        else:
            out[name] = (var, name, tuple(var.shape), None)
    return out


def config_from_hf(hf: dict, *, source: str = "config.json", **overrides) -> ModelConfig:
    """ModelConfig from a Hugging Face config.json dict; refuses anything that is not the plain Qwen2 layout."""
    problems = []
    if hf.get("model_type") != "qwen2":
        problems.append(f"model_type is {hf.get('model_type')!r}, not 'qwen2'")
    if hf.get("hidden_act", "silu") != "silu":
        problems.append(f"hidden_act is {hf.get('hidden_act')!r}, not 'silu'")
    if hf.get("use_sliding_window"):
        problems.append("use_sliding_window is true (sliding-window attention is not supported)")
    other_layers = sorted({t for t in hf.get("layer_types") or [] if t != "full_attention"})
    if other_layers:
        problems.append(f"layer_types has {other_layers} (only full_attention is supported)")
    scaling = hf.get("rope_scaling") or {}
    rope = hf.get("rope_parameters") or {}
    rope_type = scaling.get("rope_type", scaling.get("type")) or rope.get("rope_type", "default")
    if rope_type != "default":
        problems.append(f"rope scaling {rope_type!r} is not supported (only default RoPE)")
    if hf.get("quantization_config"):
        problems.append("quantized checkpoints are not supported")
    missing = [k for k in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                           "num_attention_heads") if not isinstance(hf.get(k), int)]
    if missing:
        problems.append(f"missing integer fields {missing}")
    if problems:
        raise UserError(f"{source}: unsupported Qwen2 config: " + "; ".join(problems))
    heads = hf["num_attention_heads"]
    fields = dict(
        vocab_size=hf["vocab_size"],
        hidden_size=hf["hidden_size"],
        intermediate_size=hf["intermediate_size"],
        num_layers=hf["num_hidden_layers"],
        num_heads=heads,
        num_kv_heads=hf.get("num_key_value_heads") or heads,
        head_dim=hf.get("head_dim") or hf["hidden_size"] // heads,
        rope_theta=float(rope.get("rope_theta", hf.get("rope_theta", 10000.0))),
        rms_norm_eps=float(hf.get("rms_norm_eps", 1e-6)),
        tie_embeddings=bool(hf.get("tie_word_embeddings", False)),  # Qwen2Config's default
        max_position_embeddings=int(hf.get("max_position_embeddings", 32768)),
    )
    fields.update(overrides)
    try:
        return ModelConfig(**fields)
    except UserError as e:
        raise UserError(f"{source}: {e}") from None


def _weight_files(ckpt_dir: str) -> dict[str, str]:
    """HF key -> safetensors file, from the sharded index or the single model.safetensors."""
    index_path = os.path.join(ckpt_dir, "model.safetensors.index.json")
    single_path = os.path.join(ckpt_dir, "model.safetensors")
    if os.path.exists(index_path):
        with open(index_path) as f:
            weight_map = json.load(f).get("weight_map")
        if not isinstance(weight_map, dict):
            raise UserError(f"{index_path}: no weight_map")
        return {key: os.path.join(ckpt_dir, name) for key, name in weight_map.items()}
    if os.path.exists(single_path):
        return {key: single_path for key in _open(single_path).entries}
    raise UserError(f"{ckpt_dir}: no model.safetensors or model.safetensors.index.json")


def _open(path: str) -> TensorFile:
    if not os.path.exists(path):
        raise UserError(f"{path}: missing weights file named in the checkpoint index")
    return TensorFile(path)


def _listing(label: str, items: list[str]) -> str:
    shown = ", ".join(items[:12]) + (f", ... ({len(items)} in all)" if len(items) > 12 else "")
    return f"{label}: {shown}"


def load_hf_checkpoint(ckpt_dir: str, *, lora: LoraConfig | None = None, dtype: str = "bfloat16",
                       param_dtype: str | None = None, remat: bool = False, seed: int = 0,
                       sharding_for: Callable[[str, tuple[int, ...]], jax.sharding.Sharding] | None = None) -> Qwen2:
    """Qwen2 with the checkpoint's weights in `param_dtype` (default: `dtype`, the compute dtype); LoRA adapters
    freshly initialised.

    `sharding_for(path, shape)` places each base weight as it is read (e.g. from a mesh's partition rules);
    without it weights go to the default device.
    """
    config_path = os.path.join(ckpt_dir, "config.json")
    if not os.path.exists(config_path):
        raise UserError(f"{ckpt_dir}: not a checkpoint directory (no config.json)")
    with open(config_path) as f:
        config = config_from_hf(json.load(f), source=config_path, dtype=dtype, param_dtype=param_dtype or dtype,
                                remat=remat)
    files = _weight_files(ckpt_dir)

    model = nnx.eval_shape(lambda: Qwen2(config, lora=lora, rngs=nnx.Rngs(seed)))
    targets = per_layer_targets(model)

    # Check every name and shape before reading any tensor, so a bad checkpoint fails fast and all at once.
    plan, unexpected, misshaped, seen = [], [], [], set()
    handles = {}
    for hf_key, file in sorted(files.items()):
        mapped = our_name(hf_key)
        if mapped is None or (mapped[0] == "lm_head/kernel" and config.tie_embeddings):
            if mapped is None:
                unexpected.append(hf_key)
            continue  # a tied checkpoint may still carry a copy of the embedding as lm_head
        path, transform = mapped
        if path not in targets:
            unexpected.append(hf_key)
            continue
        if file not in handles:
            handles[file] = _open(file)
        seen.add(path)
        if hf_key not in handles[file].entries:
            raise UserError(f"{file}: has no tensor {hf_key}, which the checkpoint index places there")
        shape = handles[file].shape(hf_key)
        want = targets[path][2]
        got = shape[::-1] if transform == "T" else shape
        if got != want:
            misshaped.append(f"{hf_key} {list(shape)} (expected {list(want[::-1] if transform == 'T' else want)})")
            continue
        plan.append((hf_key, file, path, transform))
    missing = sorted(set(targets) - seen)
    problems = []
    if missing:
        problems.append(_listing("missing tensors for", missing))
    if unexpected:
        problems.append(_listing("unexpected tensors", unexpected))
    if misshaped:
        problems.append(_listing("mis-shaped tensors", misshaped))
    if problems:
        raise UserError(f"{ckpt_dir}: checkpoint does not match the Qwen2 layout: " + "; ".join(problems))

    param_dtype = jnp.dtype(config.param_dtype)
    by_variable: dict[str, list] = {}
    for hf_key, file, path, transform in plan:
        by_variable.setdefault(targets[path][1], []).append((hf_key, file, path, transform))
    # One variable at a time (a stacked one gathers its 28 layers on the host first), so the host holds at most
    # one stacked weight and no device ever holds a float32 copy.
    for name, parts in by_variable.items():
        variable = targets[parts[0][2]][0]
        host = np.empty(variable.shape, param_dtype)
        for hf_key, file, path, transform in parts:
            tensor = handles[file].read(hf_key)
            layer = targets[path][3]
            host[() if layer is None else layer] = tensor.T if transform == "T" else tensor
            del tensor
        placed = jax.device_put(host, sharding_for(name, host.shape)) if sharding_for else jnp.asarray(host)
        variable.set_value(placed)
        del host
    for handle in handles.values():
        handle.close()
    # Everything that is not a base weight (LoRA adapters, dropout RNG state) gets its normal random init.
    if lora is not None:  # without adapters every variable is a base weight
        nnx.update(model, fresh_non_base_state(config, lora, seed))
    return model
