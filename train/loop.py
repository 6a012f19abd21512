"""The training loop shared by SFT and DPO: mesh, model, optimizer, checkpoints, logging, resume, export.

A Job (built by train.sft or train.dpo) supplies the data and the jit step; everything else is here.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx
from tqdm import tqdm

from train.checkpointing import RunCheckpoints, key_from_record, key_record
from train.config import TrainConfig, load_train_config
from train.data import grouped_step_indices, step_indices
from train.model_setup import ModelSetup, build_model, is_full, lora_config
from train.optimizer import learning_rate, optimizer
from train.run_record import MetricsLog, config_hash, file_hash, write_run_card
from v2t.config import to_dict
from v2t.errors import UserError
from v2t.sharding import make_mesh, maybe_initialize_distributed, shard_batch, shard_params


@dataclass
class Parts:
    """The model split for jit: graphdefs (train and eval mode) and the three states. `lora` is the trainable
    state: the LoRA params, or in full mode every base weight (then `rest` is empty)."""

    model: Any
    train_graph: nnx.GraphDef
    eval_graph: nnx.GraphDef
    lora: nnx.State
    rngs: nnx.State
    rest: nnx.State
    mesh: Any
    setup: ModelSetup | None = None


@dataclass
class Job:
    """What differs between SFT and DPO: how many examples, a step's host batch, the jit step, dev eval."""

    kind: str  # "sft" | "dpo"
    n_train: int
    step_batch: Callable[[np.ndarray], tuple[dict[str, np.ndarray], int]]  # indices -> (arrays, real tokens)
    step_fn: Callable
    dev_eval: Callable[[Parts, Any], dict[str, float]] | None  # (parts, lora) -> {"dev_loss": ...}
    card: dict[str, Any] = field(default_factory=dict)  # extra facts for the run card
    groups: np.ndarray | None = None  # each example's length bucket (data.group_by_length), None = no grouping


def parse_args(argv, description: str) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--config", required=True, help="a TOML file in train/configs/")
    ap.add_argument("--resume", action="store_true", help="continue from the run's latest checkpoint")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a config value, e.g. --set optim.lr=1e-4 (repeatable)")
    return ap.parse_args(argv)


def load_args(args: argparse.Namespace) -> TrainConfig:
    cfg = load_train_config(args.config, args.set)
    check_config(cfg, args.config)
    return cfg


def check_config(cfg: TrainConfig, source) -> None:
    shards = cfg.mesh.data * cfg.mesh.fsdp
    problems = []
    if cfg.data.batch_size < 1 or cfg.data.grad_accum < 1 or cfg.optim.total_steps < 1:
        problems.append("data.batch_size, data.grad_accum and optim.total_steps must be >= 1")
    elif cfg.data.batch_size % shards:
        problems.append(f"data.batch_size {cfg.data.batch_size} is not a multiple of mesh.data * mesh.fsdp = {shards}")
    if not cfg.data.buckets or any(b < 1 for b in cfg.data.buckets):
        problems.append("data.buckets must be a non-empty list of positive lengths")
    if min(cfg.run.log_every, cfg.run.checkpoint_every) < 1 or cfg.run.eval_every < 0:
        problems.append("run.log_every and run.checkpoint_every must be >= 1, run.eval_every >= 0")
    d = cfg.data
    if d.subset_negatives < 0 or d.task_type_weight <= 0 or d.blocked_weight <= 0:
        problems.append("data.subset_negatives must be >= 0, data.task_type_weight and data.blocked_weight > 0")
    if problems:
        raise UserError(f"{source}: {problems[0]}")


def prepare(cfg: TrainConfig, *, resume: bool, init_from: str = "") -> tuple[Parts, ModelSetup]:
    """Mesh and model (train.model_setup.build_model), split into states placed on the mesh."""
    run_dir = cfg.run.dir()
    ckpts = run_dir / "checkpoints"
    if not resume and ckpts.is_dir() and any(ckpts.iterdir()):
        raise UserError(f"{run_dir}: holds checkpoints of an earlier run; pass --resume or choose another run.name")
    maybe_initialize_distributed()
    mesh = make_mesh(cfg.mesh.data, cfg.mesh.fsdp, cfg.mesh.tp)
    setup = build_model(cfg, mesh, init_from=init_from)
    model = setup.model
    model.eval()
    eval_graph = nnx.graphdef(model)
    if cfg.lora.dropout > 0 and not is_full(cfg):
        model.train()  # LoRA dropout is active only in train mode
    trainable = nnx.Param if is_full(cfg) else nnx.LoRAParam
    train_graph, lora, rngs, rest = nnx.split(model, trainable, nnx.RngState, ...)
    lora, rest = shard_params(lora, mesh), shard_params(rest, mesh)
    nnx.update(model, lora, rest)  # the model object holds the placed arrays, not a second copy
    return Parts(model, train_graph, eval_graph, lora, rngs, rest, mesh, setup), setup


def train(cfg: TrainConfig, parts: Parts, job: Job, *, resume: bool) -> dict[str, Any]:
    t0 = time.time()
    run_dir = cfg.run.dir()
    run_dir.mkdir(parents=True, exist_ok=True)
    tx = optimizer(cfg.optim)
    lr_at = learning_rate(cfg.optim)
    lora = jax.tree.map(jnp.copy, parts.lora)  # the step donates its input: keep parts.lora valid
    # placed like the parameters: a jit output's unspecified placement would make the second step compile again
    opt_state = shard_params(jax.jit(tx.init)(lora), parts.mesh)
    ckpts = RunCheckpoints(run_dir / "checkpoints", cfg.run.keep_checkpoints)
    base_key = jax.random.key(cfg.data.seed)
    start, tokens_seen, wall_before = 0, 0, 0.0
    latest = ckpts.latest_step() if resume else None
    if latest is not None:
        lora, opt_state, record = ckpts.restore(latest, lora, opt_state)
        start, tokens_seen, wall_before = record["step"], record["tokens_seen"], record["wall_time_s"]
        base_key = key_from_record(record["key"])
    metrics = MetricsLog(run_dir / "metrics.jsonl", latest)
    per_step = cfg.data.batch_size * cfg.data.grad_accum
    total = cfg.optim.total_steps

    def record(step):
        return {"step": step, "data_position": step * per_step, "tokens_seen": tokens_seen,
                "wall_time_s": wall_before + time.time() - t0, "key": key_record(base_key)}

    shapes: set[tuple] = set()
    bar = tqdm(total=total, initial=start, desc=f"{job.kind} {cfg.run.name}", unit="step", dynamic_ncols=True,
               disable=os.environ.get("V2T_NO_PROGRESS") == "1")
    for step in range(start, total):
        if job.groups is None:
            indices = step_indices(step, job.n_train, per_step, cfg.data.seed)
        else:
            indices = grouped_step_indices(step, job.groups, per_step, cfg.data.seed)
        arrays, n_tokens = job.step_batch(indices)
        shapes.add((arrays["tokens"].shape, arrays["target_pos"].shape))  # one compile per distinct pair
        batch = shard_batch(arrays, parts.mesh, batch_dim=1)
        t_step = time.time()
        lora, opt_state, m = job.step_fn(lora, opt_state, parts.rngs, parts.rest, batch,
                                         jax.random.fold_in(base_key, step))
        m = {k: float(v) for k, v in jax.device_get(m).items()}
        dt = time.time() - t_step
        tokens_seen += n_tokens
        done = step + 1
        row = {"step": done, "loss": m.pop("loss"), "lr": float(lr_at(step)), "grad_norm": m.pop("grad_norm"),
               "tokens_per_s": round(n_tokens / max(dt, 1e-9), 1), "compiles": len(shapes)}
        m.pop("target_tokens", None)
        row.update(m)
        evaluate = job.dev_eval is not None and (done == total or (cfg.run.eval_every and done % cfg.run.eval_every == 0))
        if evaluate:
            row.update(job.dev_eval(parts, lora))
        if (done % cfg.run.log_every == 0 or evaluate or done == total) and jax.process_index() == 0:
            metrics.write(row)
        if done % cfg.run.checkpoint_every == 0 or done == total:
            ckpts.save(done, lora, opt_state, record(done))
        bar.set_postfix(loss=f"{row['loss']:.4f}", tok_s=f"{row['tokens_per_s']:.0f}")
        bar.update(1)
    bar.close()
    ckpts.close()
    final = metrics.rows[-1] if metrics.rows else {}
    return {"lora": lora, "tokens_seen": tokens_seen, "wall_time_s": round(wall_before + time.time() - t0, 2),
            "final_metrics": final, "compiles": len(shapes), "steps": total}


def finish(cfg: TrainConfig, parts: Parts, job: Job, result: dict[str, Any], config_path: str) -> Path:
    """Export the run's model (atomically: a temporary dir, then a rename) and write the run card: the PEFT
    adapter with its base record in lora mode, the Hugging Face checkpoint in full mode."""
    run_dir = cfg.run.dir()
    params = result["lora"]
    if jax.process_count() > 1:  # shards live on other hosts: gather the trained state everywhere
        from jax.experimental import multihost_utils

        params = multihost_utils.process_allgather(params, tiled=True)
    nnx.update(parts.model, jax.device_get(params))
    setup = parts.setup
    export = _export_full if is_full(cfg) else _export_adapter
    out, facts = export(cfg, parts.model, setup, run_dir)
    if jax.process_index() != 0:
        return out
    write_run_card(
        run_dir / "run_card.json",
        kind=job.kind, mode=cfg.train.mode, run_name=cfg.run.name, config_file=str(config_path),
        config_hash=config_hash(to_dict(cfg)), config=to_dict(cfg), base=setup.base, **facts,
        data_manifest_hash=file_hash(cfg.data.manifest_path), seed=cfg.data.seed,
        steps=result["steps"], tokens_seen=int(result["tokens_seen"]), wall_time_s=result["wall_time_s"],
        compiles=result["compiles"], final_metrics=result["final_metrics"], **job.card)
    return out


def _export_adapter(cfg: TrainConfig, model, setup: ModelSetup, run_dir: Path) -> tuple[Path, dict]:
    from train.model_setup import stacked_adapter
    from v2t.base_model import BASE_RECORD
    from v2t.jsonl import write_json_atomic
    from v2t.peft import export_adapter

    out = run_dir / "adapter"
    if jax.process_index() != 0:  # one writer in a multi-host run
        return out, {}
    lora = lora_config(cfg)
    if setup.stack_on:
        model, lora = stacked_adapter(model, lora, setup.stack_on)
    tmp = run_dir / ".adapter.tmp"
    _remove_tree(tmp)
    spec = setup.base["spec"]
    base_name = cfg.run.base_model_name or spec["checkpoint"] or f"preset:{spec['preset']}"
    export_adapter(model, lora, str(tmp), base_name)
    write_json_atomic(tmp / BASE_RECORD, setup.base)  # the adapter knows its base (PEFT ignores this file)
    _remove_tree(out)
    os.replace(tmp, out)
    return out, {}


def _export_full(cfg: TrainConfig, model, setup: ModelSetup, run_dir: Path) -> tuple[Path, dict]:
    from dataclasses import replace

    from v2t.base_model import BASE_RECORD, base_record, fingerprint, spec_from_record
    from v2t.hf_export import export_hf
    from v2t.jsonl import write_json_atomic
    from v2t.tokenizer import load_tokenizer

    out = run_dir / "model"
    if jax.process_index() != 0:
        return out, {}
    start, _ = spec_from_record(setup.base, source="base record")
    spec = replace(start, checkpoint=str(out), param_dtype="float32", final_norm_scale=1.0)  # export is fp32
    record = {}

    def with_record(tmp: Path) -> None:  # inside the directory before it is published
        record.update(base_record(spec, fingerprint(replace(spec, checkpoint=str(tmp)))))
        write_json_atomic(tmp / BASE_RECORD, record)

    export_hf(model, out, load_tokenizer(start.checkpoint or None), before_publish=with_record)
    return out, {"model": record}


def _remove_tree(path: Path) -> None:
    import shutil

    if path.exists():
        shutil.rmtree(path)
