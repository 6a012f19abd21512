"""The one base-model builder: a frozen `BaseSpec` (the `[model]` section of train and decode configs) ->
the base Qwen2 *without* adapters, its fingerprint, and the record an adapter or a run keeps of its base.

LoRA is attached afterwards (`v2t.model.with_lora`), so one spec gives bit-identical base weights whatever
the LoRA settings: building the adapters inside `Qwen2(...)` would draw each A right after its kernel and
shift every later kernel's random draw.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from v2t.config import from_dict, to_dict
from v2t.errors import UserError

BASE_RECORD = "v2t_base.json"  # beside adapter_config.json; PEFT ignores files it does not know


@dataclass(frozen=True)
class BaseSpec:
    """Everything that decides the base weights (plus `dtype` and `remat`, which only decide how they run)."""

    preset: str = "tiny"  # a v2t.model_config preset, used when no checkpoint is given
    checkpoint: str = ""  # a Hugging Face checkpoint dir (config.json + safetensors); wins over preset
    dtype: Literal["float32", "bfloat16"] = "float32"  # compute dtype
    param_dtype: Literal["float32", "bfloat16"] = "float32"
    remat: bool = False  # recompute each decoder layer in the backward pass
    init_seed: int = 0  # random init of a preset (and of fresh LoRA A)
    # Random-init presets only: the final RMSNorm's scale. With 0.02-std tied embeddings and scale 1 the
    # logits stay within about +-1.3, so LoRA on a frozen random preset cannot make any token likely; a
    # larger scale lets the tiny preset fit its rows in the LoRA tests. Full-parameter training needs none.
    final_norm_scale: float = 1.0

    def describe(self) -> str:
        return f"checkpoint {self.checkpoint}" if self.checkpoint else f"preset {self.preset} (seed {self.init_seed})"


def build_base(spec: BaseSpec, mesh=None):
    """The base Qwen2 of `spec`, with no adapters. With a mesh each checkpoint weight goes straight to its
    shards as it is read (no device ever holds the whole model)."""
    from flax import nnx

    from v2t.model import Qwen2
    from v2t.model_config import preset

    if spec.checkpoint:
        from v2t.checkpoint import load_hf_checkpoint

        if not Path(spec.checkpoint).is_dir():
            raise UserError(f"model.checkpoint {spec.checkpoint!r} is not a directory")
        place = None
        if mesh is not None:
            from jax.sharding import NamedSharding

            from v2t.sharding import spec_for

            place = lambda path, shape: NamedSharding(mesh, spec_for(path, shape, mesh))  # noqa: E731
        return load_hf_checkpoint(spec.checkpoint, dtype=spec.dtype, param_dtype=spec.param_dtype,
                                  remat=spec.remat, sharding_for=place)
    config = preset(spec.preset).replace(dtype=spec.dtype, param_dtype=spec.param_dtype, remat=spec.remat)
    model = Qwen2(config, rngs=nnx.Rngs(spec.init_seed))
    if spec.final_norm_scale != 1.0:
        model.norm.scale[...] = model.norm.scale[...] * spec.final_norm_scale
    return model


def fingerprint(spec: BaseSpec, model=None) -> str:
    """sha256 naming the base weights: of config.json and every safetensors header for a checkpoint (cheap
    for a 7B; our exports put a hash of the tensors in the header metadata), of the weights themselves for
    a preset (`model` is that preset's base, built if not given)."""
    h = hashlib.sha256()
    if spec.checkpoint:
        root = Path(spec.checkpoint)
        h.update((root / "config.json").read_bytes())
        for path in sorted(root.glob("*.safetensors")):
            with open(path, "rb") as f:
                (length,) = struct.unpack("<Q", f.read(8))
                h.update(path.name.encode() + f.read(length))
        return h.hexdigest()
    from flax import nnx

    from v2t.model import BASE_PARAMS

    model = build_base(spec) if model is None else model
    for path, var in sorted(nnx.to_flat_state(nnx.state(model, BASE_PARAMS)), key=lambda kv: kv[0]):
        value = np.asarray(var[...])
        h.update(f"{'/'.join(map(str, path))}:{value.dtype}:{value.shape}".encode())
        h.update(np.ascontiguousarray(value).tobytes())
    return h.hexdigest()


def base_record(spec: BaseSpec, fp: str) -> dict:
    return {"spec": to_dict(spec), "fingerprint": fp}


def spec_from_record(record: dict, *, source: str) -> tuple[BaseSpec, str]:
    if not isinstance(record, dict) or not isinstance(record.get("spec"), dict) or "fingerprint" not in record:
        raise UserError(f"{source}: not a base record (needs 'spec' and 'fingerprint')")
    return from_dict(BaseSpec, record["spec"], source=source, prefix="spec."), str(record["fingerprint"])


def check_fingerprint(expected: str, got: str, *, source: str, spec: BaseSpec) -> None:
    if expected != got:
        raise UserError(f"{source}: base mismatch: recorded fingerprint {expected[:16]}, but {spec.describe()} "
                        f"gives {got[:16]}; it is not the base this was trained on")


@dataclass(frozen=True)
class RunOutput:
    """What a finished run leaves to build on: its base spec and fingerprint, and the adapter dir (LoRA
    runs) or none (full runs, whose base *is* their exported checkpoint)."""

    spec: BaseSpec
    fingerprint: str
    adapter: Path | None
    source: str


def run_output(run_dir: str | Path) -> RunOutput:
    """Read a run's output: `adapter/` with its base record, or `model/` (a full-parameter run's checkpoint)."""
    run_dir = Path(run_dir)
    adapter, model_dir = run_dir / "adapter", run_dir / "model"
    if (adapter / "adapter_config.json").is_file():
        record_path = adapter / BASE_RECORD
        if not record_path.is_file():
            raise UserError(f"{record_path}: missing: the adapter does not say which base it was trained on")
        spec, fp = spec_from_record(json.loads(record_path.read_text(encoding="utf-8")), source=str(record_path))
        return RunOutput(spec, fp, adapter, str(record_path))
    if (model_dir / "config.json").is_file():
        record_path = model_dir / BASE_RECORD
        spec, fp = BaseSpec(checkpoint=str(model_dir)), ""
        if record_path.is_file():
            spec, fp = spec_from_record(json.loads(record_path.read_text(encoding="utf-8")), source=str(record_path))
            spec = replace(spec, checkpoint=str(model_dir))  # the run dir may have moved since
        return RunOutput(spec, fp, None, str(record_path))
    raise UserError(f"{run_dir}: no PEFT adapter (adapter/) or checkpoint (model/) here (is the run finished?)")


def build_recorded_base(out: RunOutput, mesh=None, **changes):
    """The base a run trained on (`changes` may set dtype or remat), refused when its fingerprint differs."""
    spec = replace(out.spec, **changes)
    model = build_base(spec, mesh)
    if out.fingerprint:
        check_fingerprint(out.fingerprint, fingerprint(spec, model), source=out.source, spec=spec)
    return model, spec
