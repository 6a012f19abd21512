"""Our jit SFT and DPO steps against PyTorch peers (bench.train_peer) on the same `small` config, on CPU.

Peers: transformers + peft with the head and loss at the target positions only (`sliced`, the strongest
simple one; LoRA DPO's reference under `disable_adapter()`), and, with --full-logits, the usual loss over
every position's logits. Full mode: every weight trained on both sides, DPO reference precomputed on both.
Each configuration alternates one step of ours and one of each peer's, `--steps` times, and prints the
medians with their spread (min-max), the ratio of medians, and the achieved GFLOP/s (bench.train_flops'
analytic count) as a fraction of a 2048^3 fp32 matmul's rate measured by JAX and torch in this process\nright after each configuration.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from bench.train_flops import jax_matmul_rate, step_flops, torch_matmul_rate
from bench.train_peer import torch_step
from train.config import DataSection, DpoSection, OptimSection
from train.dpo_step import make_dpo_step
from train.optimizer import optimizer
from train.sft_step import make_sft_step
from v2t.base_model import BaseSpec, build_base
from v2t.errors import UserError, cli_entry
from v2t.lora import LoraConfig
from v2t.model import with_lora
from v2t.model_config import preset

LORA = LoraConfig(rank=16, alpha=32.0, targets=("q", "k", "v", "o", "gate", "up", "down"))


def synthetic_batch(B: int, T: int, P: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Random prompts; the last P positions of each row are the targets (as a contract after its prompt)."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, 150000, (B, T + 1)).astype(np.int32)
    pos = np.broadcast_to(np.arange(T - P, T, dtype=np.int32), (B, P)).copy()
    return {"ids": ids, "tokens": ids[:, :-1].copy(), "target_pos": pos,
            "target_ids": np.take_along_axis(ids[:, 1:], pos, axis=1), "target_w": np.ones((B, P), np.float32)}


def our_step(kind: str, mode: str, data: dict, budget_mib: float):
    """A closure running one of our jit train steps (compiled by its first call)."""
    base = build_base(BaseSpec(preset="small"))
    model = with_lora(base, LORA) if mode == "lora" else base
    graphdef, lora, rngs, rest = nnx.split(model, nnx.LoRAParam if mode == "lora" else nnx.Param, nnx.RngState, ...)
    tx = optimizer(OptimSection(lr=1e-4, warmup_steps=0, total_steps=1000))
    batch = {k: jnp.asarray(v)[None] for k, v in data.items() if k != "ids"}
    if kind == "dpo":
        batch["pair_weights"] = jnp.ones((1, data["tokens"].shape[0] // 2), jnp.float32)
        if mode == "full":  # full DPO reads the reference log-probs computed once before training
            batch["ref_logps"] = jnp.full((1, data["tokens"].shape[0]), -50.0, jnp.float32)
        step = make_dpo_step(graphdef, tx, DpoSection(reference="precomputed" if mode == "full" else "lora_off"),
                             budget_mib=budget_mib)
    else:
        step = make_sft_step(graphdef, tx, budget_mib=budget_mib)
    state = {"lora": lora, "opt": tx.init(lora)}

    def run():
        state["lora"], state["opt"], m = step(state["lora"], state["opt"], rngs, rest, batch, jax.random.key(0))
        jax.block_until_ready(m)

    return run


def interleaved(runs: dict, steps: int) -> dict[str, list[float]]:
    """Seconds per step of each closure, one step of each in turn, after one warm-up (compile) step each."""
    for fn in runs.values():
        fn()
    times = {name: [] for name in runs}
    for _ in range(steps):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return times


def summary(ts: list[float]) -> str:
    return f"{np.median(ts) * 1e3:5.0f} ms [{min(ts) * 1e3:.0f}-{max(ts) * 1e3:.0f}]"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", nargs="+", default=["8x256x64", "16x128x32"],
                    help="BATCHxSEQxTARGETS per shape (DPO: the batch is chosen + rejected rows)")
    ap.add_argument("--steps", type=int, default=5, help="timed steps per side, alternated")
    ap.add_argument("--modes", nargs="+", default=["lora", "full"], choices=["lora", "full"])
    ap.add_argument("--kinds", nargs="+", default=["sft", "dpo"], choices=["sft", "dpo"])
    ap.add_argument("--full-logits", action="store_true", help="also time the full-logits PyTorch peer")
    ap.add_argument("--loss-memory-mib", type=float, default=DataSection.loss_memory_mib,
                    help="our data.loss_memory_mib (default: the config default)")
    args = ap.parse_args(argv)
    shapes = []
    for text in args.shapes:
        try:
            shapes.append(tuple(int(x) for x in text.split("x")))
        except ValueError:
            shapes = []
        if len(shapes) == 0 or len(shapes[-1]) != 3 or shapes[-1][2] > shapes[-1][1] or min(shapes[-1]) < 1 or shapes[-1][0] % 2:
            raise UserError(f"--shapes: {text!r} is not BATCHxSEQxTARGETS with an even BATCH and 1 <= TARGETS <= SEQ")
    import torch

    print(f"small preset, CPU, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; "
          f"JAX {jax.device_count()} device, torch {torch.get_num_threads()} threads; "
          f"lora r={LORA.rank} on 7 projections; loss_memory_mib {args.loss_memory_mib:g}; peaks = 2048^3 fp32 "
          f"matmul GFLOP/s measured right after each configuration (the load moves)")
    c = preset("small")
    for B, T, P in shapes:
        data = synthetic_batch(B, T, P)
        for mode in args.modes:
            for kind in args.kinds:
                peers = ["sliced"] + (["full_logits"] if args.full_logits else [])
                runs = {"ours": our_step(kind, mode, data, args.loss_memory_mib)}
                runs.update({p: torch_step(kind, mode, p, data, c, LORA) for p in peers})
                times = interleaved(runs, args.steps)
                jax_peak, torch_peak = jax_matmul_rate(), torch_matmul_rate()
                flops = step_flops(c, kind=kind, mode=mode, batch=B, seq=T, targets=P, rank=LORA.rank)["total"]
                ours_s = float(np.median(times["ours"]))
                line = (f"{B}x{T}x{P} {mode} {kind}: {flops / 1e9:.1f} GFLOP; ours {summary(times['ours'])} "
                        f"{B * T / ours_s:6.0f} tok/s {flops / ours_s / 1e9:5.1f} GFLOP/s "
                        f"({flops / ours_s / jax_peak:.0%} of JAX matmul {jax_peak / 1e9:.0f})")
                for p in peers:
                    theirs_s = float(np.median(times[p]))
                    line += (f"; {p} {summary(times[p])} {flops / theirs_s / 1e9:5.1f} GFLOP/s "
                             f"({flops / theirs_s / torch_peak:.0%} of torch matmul {torch_peak / 1e9:.0f}), ratio {theirs_s / ours_s:.2f}x")
                print(line, flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
