"""The training run's configuration: sections read from `train/configs/*.toml`.

One TrainConfig serves SFT and DPO; the `dpo` section is ignored by SFT, `lora` by `train.mode = "full"`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from v2t.base_model import BaseSpec
from v2t.config import load_config


@dataclass(frozen=True)
class TrainSection:
    # "lora": train adapters on a frozen base, export adapter/ (PEFT); "full": train every base weight,
    # export model/ (a Hugging Face checkpoint), for small models and for a base with nothing pretrained.
    mode: Literal["lora", "full"] = "lora"


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
    # MiB for the loss's fp32 temporaries per vocabulary block (logits and exponentials of [rows, 4,096]; no
    # V-wide array exists, train.losses): rows past it go by chunks. 1 GiB takes 32,768 target rows at once.
    loss_memory_mib: float = 1024.0
    # "target" = SFT's loss and DPO's completion log-probs on every contract token; "choices" = only where the
    # grammar decoder lets the model choose (task type, free strings, where a string ends): the forced rest is
    # never sampled from the model. A DPO run on an SFT run should use the same setting.
    loss_on: Literal["target", "choices"] = "target"
    # Run the system prompt (the same for every row) once per step and share its KV cache across the batch:
    # the loss is the plain forward's, the prompt is not recomputed per row. Buckets then count the rest.
    share_prefix: bool = False
    # "full": the softmax over the whole vocabulary. "subset": over the tokens of the train rows plus
    # `subset_negatives` other ids drawn per step, a sampled-softmax approximation that makes the vocabulary
    # projection of a small model cheap (DPO: policy and LoRA-off reference over the same ids); dev loss,
    # precomputed references and decoding always use the full vocabulary.
    softmax: Literal["full", "subset"] = "full"
    subset_negatives: int = 1024
    # SFT only: the loss weight of the task-type token (the contract's first choice) and an extra factor on
    # it for rows whose gold task type is `blocked`; every other target token weighs 1.
    task_type_weight: float = 1.0
    blocked_weight: float = 1.0
    # Batches of rows of one length bucket (shuffled every epoch, the leftovers mixed): a batch pads to its own
    # bucket, not to the longest row a random batch happens to hold (on the demo's data, half the padded
    # tokens of random batches). False = every step a slice of one random permutation.
    group_by_length: bool = True


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
    # RPO (Pang et al. 2024; TRL's rpo_alpha): add alpha x the chosen completion's mean NLL per target token to
    # each pair's loss, so ranking the pair does not also lower the chosen contract's likelihood. 0 = plain DPO.
    rpo_alpha: float = 0.0
    loss: Literal["sigmoid", "ipo"] = "sigmoid"
    reference: Literal["lora_off", "precomputed"] = "lora_off"
    # an SFT run dir to start from, "" = [model]. Its recorded base wins over [model] (whose dtype and remat
    # still apply): a LoRA run's adapter is merged into its base, a full run's model/ is the base.
    init_from: str = ""


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
    model: BaseSpec = field(default_factory=BaseSpec)  # the same [model] section as decode configs
    train: TrainSection = field(default_factory=TrainSection)
    lora: LoraSection = field(default_factory=LoraSection)
    data: DataSection = field(default_factory=DataSection)
    optim: OptimSection = field(default_factory=OptimSection)
    dpo: DpoSection = field(default_factory=DpoSection)
    mesh: MeshSection = field(default_factory=MeshSection)
    run: RunSection = field(default_factory=RunSection)


def load_train_config(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> TrainConfig:
    return load_config(path, TrainConfig, overrides)
