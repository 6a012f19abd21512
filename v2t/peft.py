"""LoRA adapters in Hugging Face PEFT's format: adapter_config.json + adapter_model.safetensors.

Export writes what `peft.PeftModel.from_pretrained` reads on a PyTorch Qwen2ForCausalLM; import reads what peft writes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file

from v2t.errors import UserError
from v2t.jsonl import write_json_atomic
from v2t.lora import LoraConfig, lora_layers
from v2t.model import Qwen2, with_lora

# Our target name -> the Hugging Face module name (and its parent block) PEFT targets.
MODULES = {"q": "self_attn.q_proj", "k": "self_attn.k_proj", "v": "self_attn.v_proj", "o": "self_attn.o_proj",
           "gate": "mlp.gate_proj", "up": "mlp.up_proj", "down": "mlp.down_proj"}
PREFIX = "base_model.model.model.layers"


def _peft_key(path: tuple, layer: int, which: str) -> str:
    """('layers', 'self_attn', 'q_proj'), 3 -> base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight"""
    return f"{PREFIX}.{layer}.{path[1]}.{path[2]}.lora_{which}.weight"


def adapter_config(lora: LoraConfig, base_model_name_or_path: str) -> dict:
    return {
        "base_model_name_or_path": base_model_name_or_path,
        "bias": "none",
        "fan_in_fan_out": False,
        "inference_mode": True,
        "init_lora_weights": True,
        "lora_alpha": lora.alpha,
        "lora_dropout": lora.dropout,
        "modules_to_save": None,
        "peft_type": "LORA",
        "r": lora.rank,
        "target_modules": [MODULES[t].split(".")[1] for t in lora.targets],
        "task_type": "CAUSAL_LM",
        "use_dora": False,
        "use_rslora": False,
    }


def export_adapter(model: Qwen2, lora_config: LoraConfig, out_dir: str, base_model_name_or_path: str) -> None:
    """Write the model's adapters (float32) as a PEFT LoRA adapter directory; each file is written atomically."""
    layers = lora_layers(model)
    if not layers:
        raise UserError("export_adapter: the model has no LoRA adapters")
    if (model.lora.rank, model.lora.alpha, model.lora.targets) != (
            lora_config.rank, lora_config.alpha, lora_config.targets):
        raise UserError(f"export_adapter: lora config {lora_config} does not match the model's {model.lora}")
    tensors = {}
    for path, layer in layers:  # adapters are stacked [num_layers, ...]; PEFT keeps one tensor per layer
        a_LxIxR, b_LxRxO = np.asarray(layer.lora_a[...], np.float32), np.asarray(layer.lora_b[...], np.float32)
        for i in range(a_LxIxR.shape[0]):
            tensors[_peft_key(path, i, "A")] = np.ascontiguousarray(a_LxIxR[i].T)
            tensors[_peft_key(path, i, "B")] = np.ascontiguousarray(b_LxRxO[i].T)
    os.makedirs(out_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".safetensors.tmp")
    os.close(fd)
    save_file(tensors, tmp, metadata={"format": "pt"})
    os.replace(tmp, os.path.join(out_dir, "adapter_model.safetensors"))
    write_json_atomic(os.path.join(out_dir, "adapter_config.json"),
                      adapter_config(lora_config, base_model_name_or_path))


def lora_config_from_peft(cfg: dict, *, source: str) -> LoraConfig:
    """Our LoraConfig from a PEFT adapter_config.json dict; refuses PEFT features our LoRA does not implement."""
    problems = []
    if cfg.get("peft_type") != "LORA":
        problems.append(f"peft_type is {cfg.get('peft_type')!r}, not 'LORA'")
    for flag in ("use_rslora", "use_dora", "fan_in_fan_out", "lora_bias"):
        if cfg.get(flag):
            problems.append(f"{flag} is not supported")
    if cfg.get("bias", "none") != "none":
        problems.append(f"bias {cfg.get('bias')!r} is not supported")
    for field in ("modules_to_save", "layers_to_transform", "rank_pattern", "alpha_pattern", "layer_replication",
                  "trainable_token_indices", "target_parameters"):
        if cfg.get(field):
            problems.append(f"{field} is not supported")
    modules = cfg.get("target_modules")
    by_name = {v.split(".")[1]: k for k, v in MODULES.items()}
    if not isinstance(modules, list) or any(m not in by_name for m in modules):
        problems.append(f"target_modules must be a list among {sorted(by_name)}, got {modules!r}")
    if not isinstance(cfg.get("r"), int) or not isinstance(cfg.get("lora_alpha"), (int, float)):
        problems.append("r and lora_alpha must be numbers")
    if problems:
        raise UserError(f"{source}: unsupported adapter: " + "; ".join(problems))
    targets = tuple(t for t in MODULES if MODULES[t].split(".")[1] in modules)  # our canonical order
    return LoraConfig(rank=cfg["r"], alpha=float(cfg["lora_alpha"]), dropout=float(cfg.get("lora_dropout") or 0.0),
                      targets=targets)


def import_adapter(model: Qwen2, adapter_dir: str) -> Qwen2:
    """The model (sharing its base weights) with the adapter's LoRA weights; a new model if its LoRA layout differs."""
    config_path = os.path.join(adapter_dir, "adapter_config.json")
    weights_path = os.path.join(adapter_dir, "adapter_model.safetensors")
    for path in (config_path, weights_path):
        if not os.path.exists(path):
            raise UserError(f"{path}: missing (not a PEFT adapter directory)")
    with open(config_path) as f:
        try:
            lora = lora_config_from_peft(json.load(f), source=config_path)
        except json.JSONDecodeError as e:
            raise UserError(f"{config_path}:{e.lineno}: not JSON: {e.msg}") from None
    if model.lora is None or (model.lora.rank, model.lora.alpha, model.lora.targets) != (
            lora.rank, lora.alpha, lora.targets):
        model = with_lora(model, lora)
    wanted = {}  # PEFT key -> (stacked variable, layer index, PEFT's shape of that layer's tensor)
    for path, layer in lora_layers(model):
        for i in range(layer.lora_a.shape[0]):
            wanted[_peft_key(path, i, "A")] = (layer.lora_a, i, layer.lora_a.shape[1:][::-1])
            wanted[_peft_key(path, i, "B")] = (layer.lora_b, i, layer.lora_b.shape[1:][::-1])
    with safe_open(weights_path, "np") as f:
        # PEFT may keep the adapter name in keys ("lora_A.default.weight"); it saves without it.
        keys = {re.sub(r"\.lora_([AB])\.[^.]+\.weight$", r".lora_\1.weight", k): k for k in f.keys()}
        missing = sorted(set(wanted) - set(keys))
        unexpected = sorted(set(keys) - set(wanted))
        misshaped = [f"{k} {list(f.get_slice(keys[k]).get_shape())} (expected {list(wanted[k][2])})"
                     for k in sorted(set(wanted) & set(keys))
                     if tuple(f.get_slice(keys[k]).get_shape()) != tuple(wanted[k][2])]
        problems = [f"{label}: {', '.join(items[:8])}" + (f" ... ({len(items)} in all)" if len(items) > 8 else "")
                    for label, items in (("missing", missing), ("unexpected", unexpected),
                                         ("mis-shaped", misshaped)) if items]
        if problems:
            raise UserError(f"{weights_path}: adapter does not match the model: " + "; ".join(problems))
        stacked = {}
        for key, (variable, i, _) in wanted.items():
            host = stacked.setdefault(id(variable), (variable, np.zeros(variable.shape, np.float32)))[1]
            host[i] = np.asarray(f.get_tensor(keys[key]), np.float32).T
        for variable, host in stacked.values():
            variable.set_value(host)
    return model
