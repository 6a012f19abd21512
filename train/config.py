"""The training run's configuration: sections read from `train/configs/*.toml`.

One TrainConfig serves SFT and DPO; the `dpo` section is ignored by SFT.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from v2t.config import load_config


@dataclass(frozen=True)
class ModelSection:
    preset: str = "tiny"  # a v2t.model_config preset name, used when no checkpoint is given
    checkpoint: str = ""  # a Hugging Face checkpoint dir (config.json + safetensors); wins over preset
    dtype: Literal["float32", "bfloat16"] = "float32"  # compute dtype
    param_dtype: Literal["float32", "bfloat16"] = "float32"
    remat: bool = False
    init_seed: int = 0  # random init of the small presets (and of LoRA A)
    # Random init only: the final RMSNorm's scale. With 0.02-std tied embeddings and scale 1, logits stay
    # within about +-1.3, so a random preset cannot put much probability on any token however LoRA
    # trains; a larger scale lets the tiny/small presets actually fit their data in tests and demos.
    final_norm_scale: float = 1.0


@dataclass(frozen=True)
class LoraSection:
    rank: int = 8
    alpha: float = 16.0
    dropout: float = 0.0
    targets: tuple[str, ...] = ("q", "k", "v", "o", "gate", "up", "down")


@dataclass(frozen=True)
class DataSection:
    sft_path: str = "data/build/sft.jsonl"
    dpo_path: str = "data/build/dpo.jsonl"
    manifest_path: str = "data/build/manifest.json"
    buckets: tuple[int, ...] = (128, 192, 256)  # padded sequence lengths: one compile each at most
    batch_size: int = 8  # sequences (SFT) or pairs (DPO) per micro-batch
    grad_accum: int = 1  # micro-batches per optimizer step
    seed: int = 0
    max_rows: int = 0  # 0 = all train rows; >0 keeps the first N (tests, smoke runs)
    max_dev_rows: int = 0  # 0 = all dev rows for dev_loss; >0 keeps the first N (dev eval costs forwards)
    loss_chunk: int = 512  # tokens per chunk of the vocabulary projection in the loss
    # SFT: "target" = loss on every contract token; "choices" = only where the grammar decoder lets the model
    # choose (task type, free strings, where a string ends): the forced rest is never sampled from the model.
    loss_on: Literal["target", "choices"] = "target"


@dataclass(frozen=True)
class OptimSection:
    lr: float = 2e-4
    warmup_steps: int = 10
    schedule: Literal["cosine", "linear", "constant"] = "cosine"
    end_lr_ratio: float = 0.0  # final lr as a fraction of lr
    weight_decay: float = 0.0
    clip_norm: float = 1.0
    total_steps: int = 100


@dataclass(frozen=True)
class DpoSection:
    beta: float = 0.1
    label_smoothing: float = 0.0
    loss: Literal["sigmoid", "ipo"] = "sigmoid"
    reference: Literal["lora_off", "precomputed"] = "lora_off"
    init_from: str = ""  # an SFT run dir whose adapter/ is merged into the base; "" = the base model


@dataclass(frozen=True)
class MeshSection:
    data: int = 1
    fsdp: int = 1
    tp: int = 1


@dataclass(frozen=True)
class RunSection:
    name: str = "run"
    out_dir: str = "runs"
    log_every: int = 10
    eval_every: int = 0  # 0 = dev loss only at the end
    checkpoint_every: int = 50
    keep_checkpoints: int = 2
    # base_model_name_or_path of the PEFT adapter_config.json; "" = the checkpoint dir, or "preset:<name>"
    base_model_name: str = ""

    def dir(self) -> Path:
        return Path(self.out_dir) / self.name


@dataclass(frozen=True)
class TrainConfig:
    model: ModelSection = field(default_factory=ModelSection)
    lora: LoraSection = field(default_factory=LoraSection)
    data: DataSection = field(default_factory=DataSection)
    optim: OptimSection = field(default_factory=OptimSection)
    dpo: DpoSection = field(default_factory=DpoSection)
    mesh: MeshSection = field(default_factory=MeshSection)
    run: RunSection = field(default_factory=RunSection)


def load_train_config(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> TrainConfig:
    return load_config(path, TrainConfig, overrides)
