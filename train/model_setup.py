"""Build the model a run trains: a preset with random init or an HF checkpoint, LoRA attached, and for
DPO optionally an SFT run's adapter folded into the base first.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from flax import nnx

from train.config import TrainConfig
from v2t.errors import UserError
from v2t.lora import LoraConfig, lora_layers, merge_lora
from v2t.model import Qwen2, with_lora
from v2t.model_config import preset


def lora_config(cfg: TrainConfig) -> LoraConfig:
    lo = cfg.lora
    return LoraConfig(rank=lo.rank, alpha=lo.alpha, dropout=lo.dropout, targets=lo.targets)


def build_model(cfg: TrainConfig, mesh=None) -> Qwen2:
    m = cfg.model
    lora = lora_config(cfg)
    if m.checkpoint:
        from jax.sharding import NamedSharding

        from v2t.checkpoint import load_hf_checkpoint
        from v2t.sharding import spec_for

        # Each weight goes straight to its shards as it is read: no device ever holds the whole model.
        place = None if mesh is None else (lambda path, shape: NamedSharding(mesh, spec_for(path, shape, mesh)))
        return load_hf_checkpoint(m.checkpoint, lora=lora, dtype=m.dtype, remat=m.remat, seed=m.init_seed,
                                  sharding_for=place)
    config = preset(m.preset).replace(dtype=m.dtype, param_dtype=m.param_dtype, remat=m.remat)
    model = Qwen2(config, lora=lora, rngs=nnx.Rngs(m.init_seed))
    model.norm.scale[...] = model.norm.scale[...] * m.final_norm_scale
    return model


def fold_in_sft_adapter(model: Qwen2, cfg: TrainConfig) -> tuple[Qwen2, dict]:
    """Load `<init_from>/adapter`, merge it into the base kernels, then attach a fresh LoRA (B = 0): the
    DPO policy starts as the SFT model, and the LoRA-off reference is the SFT model too.

    Returns the model and the SFT adapter (config and per-layer A, B) for `stacked_adapter` at export.
    """
    from v2t.jsonl import read_json
    from v2t.peft import import_adapter

    adapter = Path(cfg.dpo.init_from) / "adapter"
    if not (adapter / "adapter_config.json").is_file():
        raise UserError(f"{adapter}: no PEFT adapter here (dpo.init_from must be a finished SFT run dir)")
    card = Path(cfg.dpo.init_from) / "run_card.json"
    if card.is_file():
        # The adapter only means something on the base it was trained on.
        theirs = read_json(card).get("config", {}).get("model", {})
        for key in ("preset", "checkpoint", "init_seed", "final_norm_scale"):
            if key in theirs and theirs[key] != getattr(cfg.model, key):
                raise UserError(f"{card}: the SFT run used model.{key} = {theirs[key]!r}, this config "
                                f"{getattr(cfg.model, key)!r}; DPO must start from the same base")
    sft = import_adapter(model, str(adapter))
    sft_layers = {_key(path): (np.asarray(m.lora_a[...]), np.asarray(m.lora_b[...])) for path, m in lora_layers(sft)}
    sft_lora = sft.lora
    merge_lora(sft)
    return with_lora(sft, lora_config(cfg), seed=cfg.model.init_seed), {"lora": sft_lora, "layers": sft_layers,
                                                                          "dir": str(adapter)}


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
