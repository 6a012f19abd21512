"""Lower and compile the Qwen2.5-7B SFT (or DPO) train step from abstract shapes, and print XLA's memory analysis.

No weights are allocated: the model, optimizer state and batch are ShapeDtypeStructs. On CPU this gives XLA's
CPU estimate (argument, output, temporary bytes); run it on the GPU host for the GPU's numbers.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time

import jax
import jax.numpy as jnp
from flax import nnx

from train.config import load_train_config
from train.dpo_step import make_dpo_step
from train.model_setup import lora_config
from train.optimizer import optimizer
from train.sft_step import make_sft_step
from v2t.errors import cli_entry
from v2t.model import Qwen2
from v2t.model_config import preset


def abstract_parts(cfg, layers=0):
    m = cfg.model
    config = preset("qwen2p5_7b").replace(dtype=m.dtype, param_dtype=m.param_dtype, remat=m.remat)
    if layers:
        config = config.replace(num_layers=layers)
    model = nnx.eval_shape(lambda: Qwen2(config, lora=lora_config(cfg), rngs=nnx.Rngs(0)))
    if cfg.lora.dropout > 0:
        model.train()
    return nnx.split(model, nnx.LoRAParam, nnx.RngState, ...)


def cpu_weight_upcast_bytes(hlo_text: str, rest) -> tuple[int, int]:
    """(count, bytes) of f32 copies of bf16 base-weight matrices in the compiled HLO.

    XLA:CPU has no bf16 matmul, so it converts every bf16 dot operand to f32; for the weights those converts
    are loop-invariant and get hoisted out of the accumulation and loss loops, so each copy lives for the
    whole step. A GPU runs bf16 dots natively and has none of them.
    """
    matrices = [x for x in jax.tree.leaves(rest) if x.ndim >= 2 and x.dtype == jnp.bfloat16]
    shapes = {tuple(x.shape) for x in matrices} | {tuple(x.shape[-2:]) for x in matrices}  # whole, or one layer
    count = total = 0
    for dims_in, dims_out in re.findall(r"^%\S+ \([^:)]+: bf16\[([\d,]+)\]\) -> f32\[([\d,]+)\]", hlo_text, re.M):
        shape = tuple(int(d) for d in dims_out.split(","))
        if dims_in == dims_out and shape in shapes:
            count += 1
            total += 4 * math.prod(shape)
    return count, total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default="train/configs/qwen2p5-7b-sft.toml")
    ap.add_argument("--kind", choices=("sft", "dpo"), default="sft")
    ap.add_argument("--seq", type=int, default=0, help="padded length (default: the largest bucket)")
    ap.add_argument("--slots", type=int, default=104, help="target slots per sequence")
    ap.add_argument("--layers", type=int, default=0, help="decoder layers (default: all 28); fewer to see the scaling")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="config override")
    args = ap.parse_args(argv)
    cfg = load_train_config(args.config, args.set)
    graphdef, lora, rngs, rest = abstract_parts(cfg, args.layers)
    tx = optimizer(cfg.optim)
    opt_state = jax.eval_shape(tx.init, lora)
    A, B = cfg.data.grad_accum, cfg.data.batch_size * (2 if args.kind == "dpo" else 1)
    T = args.seq or max(cfg.data.buckets)
    i32 = lambda *s: jax.ShapeDtypeStruct(s, jnp.int32)  # noqa: E731
    batch = {"tokens": i32(A, B, T), "target_pos": i32(A, B, args.slots), "target_ids": i32(A, B, args.slots),
             "target_w": jax.ShapeDtypeStruct((A, B, args.slots), jnp.float32)}
    if args.kind == "dpo":
        batch["pair_weights"] = jax.ShapeDtypeStruct((A, B // 2), jnp.float32)
        step = make_dpo_step(graphdef, tx, cfg.dpo, budget_mib=cfg.data.loss_memory_mib)
    else:
        step = make_sft_step(graphdef, tx, budget_mib=cfg.data.loss_memory_mib)
    key = jax.eval_shape(lambda: jax.random.key(0))
    t0 = time.time()
    compiled = step.lower(lora, opt_state, rngs, rest, batch, key).compile()
    mem = compiled.memory_analysis()
    gib = lambda n: f"{n / 2**30:7.2f} GiB"  # noqa: E731
    n_lora = sum(x.size for x in jax.tree.leaves(lora))
    n_base = sum(x.size for x in jax.tree.leaves(rest))
    print(f"{args.kind} step, Qwen2.5-7B {cfg.model.dtype}, remat={cfg.model.remat}, micro-batch {B} x {T} "
          f"x {A} accumulated, {args.slots} target slots; compiled on {jax.devices()[0].platform} in "
          f"{time.time() - t0:.0f}s")
    print(f"  base params {n_base / 1e9:.2f} B, LoRA params {n_lora / 1e6:.1f} M")
    for name in ("argument_size_in_bytes", "output_size_in_bytes", "alias_size_in_bytes", "temp_size_in_bytes",
                 "generated_code_size_in_bytes"):
        print(f"  {name:32s} {gib(getattr(mem, name))}")
    peak = mem.argument_size_in_bytes + mem.output_size_in_bytes - mem.alias_size_in_bytes + mem.temp_size_in_bytes
    print(f"  {'peak estimate (args+out-alias+temp)':32s} {gib(peak)}")
    if jax.devices()[0].platform == "cpu" and cfg.model.dtype == "bfloat16":
        n, upcast = cpu_weight_upcast_bytes(compiled.as_text(), rest)
        print(f"  {'CPU-only f32 weight copies':32s} {gib(upcast)}  ({n} bf16 matrices converted to f32)")
        print(f"  {'temp without them (GPU-like)':32s} {gib(mem.temp_size_in_bytes - upcast)}")
        print(f"  {'peak without them (GPU-like)':32s} {gib(peak - upcast)}")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
