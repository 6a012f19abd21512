"""Build the model a run trains: the base from v2t.base_model (the config's, or an earlier run's recorded
base), an SFT run's adapter folded in for DPO, then LoRA attached (lora mode) or nothing (full mode).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from train.config import TrainConfig
from v2t.base_model import base_record, build_base, build_recorded_base, fingerprint, run_output
from v2t.lora import LoraConfig, lora_layers, merge_lora
from v2t.model import Qwen2, with_lora


@dataclass
class ModelSetup:
    """The model a run trains and what it starts from."""

    model: Qwen2
    base: dict  # base_record of the base: what an exported adapter applies to
    stack_on: dict | None  # LoRA DPO from a LoRA SFT run: that adapter, stacked under ours at export


def is_full(cfg: TrainConfig) -> bool:
    return cfg.train.mode == "full"


def lora_config(cfg: TrainConfig) -> LoraConfig:
    lo = cfg.lora
    return LoraConfig(rank=lo.rank, alpha=lo.alpha, dropout=lo.dropout, targets=lo.targets)


def build_model(cfg: TrainConfig, mesh=None, *, init_from: str = "") -> ModelSetup:
    """The base of `cfg.model` (or of the run `init_from`, checked against its recorded fingerprint), with
    that run's adapter merged in, then fresh LoRA attached (lora mode) or nothing (full mode)."""
    sft_adapter = None
    if init_from:
        out = run_output(init_from)
        base, spec = build_recorded_base(out, mesh, dtype=cfg.model.dtype, remat=cfg.model.remat)
        fp = out.fingerprint or fingerprint(spec, base)
        sft_adapter = out.adapter
        print(f"base from {init_from}: {spec.describe()}, fingerprint {fp[:16]}", file=sys.stderr)
    else:
        spec = cfg.model
        base = build_base(spec, mesh)
        fp = fingerprint(spec, base)
    stack_on = None
    if sft_adapter is not None:
        base, stack_on = fold_in_adapter(base, sft_adapter)
    if is_full(cfg):  # every weight trains: the merged SFT model is simply the start
        return ModelSetup(base, base_record(spec, fp), None)
    return ModelSetup(with_lora(base, lora_config(cfg), seed=spec.init_seed), base_record(spec, fp), stack_on)


def fold_in_adapter(base: Qwen2, adapter: Path) -> tuple[Qwen2, dict]:
    """The base with `adapter` merged into its kernels (no adapters left): a DPO policy starting from the
    SFT model, whose LoRA-off reference is the SFT model too.

    Returns the model and the SFT adapter (config and per-layer A, B) for `stacked_adapter` at export.
    """
    from v2t.peft import import_adapter

    sft = import_adapter(base, str(adapter))
    sft_layers = {_key(path): (np.asarray(m.lora_a[...]), np.asarray(m.lora_b[...])) for path, m in lora_layers(sft)}
    sft_lora = sft.lora
    merge_lora(sft)
    return with_lora(sft, None), {"lora": sft_lora, "layers": sft_layers, "dir": str(adapter)}


def stacked_adapter(model: Qwen2, lora: LoraConfig, sft: dict) -> tuple[Qwen2, LoraConfig]:
    """One adapter equal to SFT's then DPO's applied to the original base, so `adapter/` needs no merged base.

    Ranks concatenate: A = [A_sft | A_dpo], B = [B_sft * s_sft/s_dpo ; B_dpo], alpha chosen so the scale
    stays s_dpo; then s*A B = s_sft A_sft B_sft + s_dpo A_dpo B_dpo exactly (projections missing from one
    adapter get zeros there).
    """
    sft_lora: LoraConfig = sft["lora"]
    rank = sft_lora.rank + lora.rank
    targets = tuple(t for t in ("q", "k", "v", "o", "gate", "up", "down") if t in set(lora.targets) | set(sft_lora.targets))
    stacked_cfg = LoraConfig(rank=rank, alpha=lora.scale * rank, dropout=lora.dropout, targets=targets)
    ours = {_key(path): (np.asarray(m.lora_a[...]), np.asarray(m.lora_b[...])) for path, m in lora_layers(model)}
    stacked = with_lora(model, stacked_cfg)
    ratio = sft_lora.scale / lora.scale
    for path, m in lora_layers(stacked):  # adapters are stacked [num_layers, in, r] and [num_layers, r, out]
        n, d_in, d_out = m.lora_a.shape[0], m.lora_a.shape[1], m.lora_b.shape[2]
        a1, b1 = sft["layers"].get(_key(path), (np.zeros((n, d_in, sft_lora.rank)),
                                                np.zeros((n, sft_lora.rank, d_out))))
        a2, b2 = ours.get(_key(path), (np.zeros((n, d_in, lora.rank)), np.zeros((n, lora.rank, d_out))))
        m.lora_a[...] = np.concatenate([a1, a2], axis=-1).astype(np.float32)
        m.lora_b[...] = np.concatenate([b1 * ratio, b2], axis=-2).astype(np.float32)
    return stacked, stacked_cfg


def _key(path) -> str:
    return "/".join(map(str, path))
