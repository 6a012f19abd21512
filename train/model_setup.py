"""Build the model a run trains: a preset with random init or an HF checkpoint, LoRA attached, and for
DPO optionally an SFT run's adapter folded into the base first.
"""

from __future__ import annotations

from pathlib import Path

from flax import nnx

from train.config import TrainConfig
from v2t.errors import UserError
from v2t.lora import LoraConfig, merge_lora
from v2t.model import Qwen2
from v2t.model_config import preset


def lora_config(cfg: TrainConfig) -> LoraConfig:
    lo = cfg.lora
    return LoraConfig(rank=lo.rank, alpha=lo.alpha, dropout=lo.dropout, targets=lo.targets)


def build_model(cfg: TrainConfig) -> Qwen2:
    m = cfg.model
    lora = lora_config(cfg)
    if m.checkpoint:
        from v2t.checkpoint import load_hf_checkpoint

        return load_hf_checkpoint(m.checkpoint, lora=lora, dtype=m.dtype, remat=m.remat, seed=m.init_seed)
    config = preset(m.preset).replace(dtype=m.dtype, param_dtype=m.param_dtype, remat=m.remat)
    model = Qwen2(config, lora=lora, rngs=nnx.Rngs(m.init_seed))
    model.norm.scale[...] = model.norm.scale[...] * m.final_norm_scale
    return model


def fold_in_sft_adapter(model: Qwen2, run_dir: str) -> Path:
    """Load `<run_dir>/adapter` into the LoRA params and merge it into the base kernels (B is zeroed):
    the DPO policy starts as the SFT model and its reference is the SFT model too."""
    from v2t.peft import import_adapter

    adapter = Path(run_dir) / "adapter"
    if not (adapter / "adapter_config.json").is_file():
        raise UserError(f"{adapter}: no PEFT adapter here (dpo.init_from must be a finished SFT run dir)")
    import_adapter(model, str(adapter))
    merge_lora(model)
    return adapter
