"""Our jit SFT and DPO steps against transformers + peft (PyTorch) on the same `small` config and batch, on CPU.

PyTorch side: Qwen2ForCausalLM with a peft LoRA (or every weight trained, `full`), AdamW, the usual
full-logits loss; LoRA DPO's reference is the same model under `disable_adapter()` and `no_grad`, full DPO's
is precomputed on both sides. Prints tokens/s of each and the ratio (ours / theirs).
"""

from __future__ import annotations

import argparse
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from train.config import DpoSection, OptimSection
from train.dpo_step import make_dpo_step
from train.optimizer import optimizer
from train.sft_step import make_sft_step
from v2t.base_model import BaseSpec, build_base
from v2t.errors import cli_entry
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


def time_it(fn, steps: int) -> float:
    fn()  # compile / warm up
    t0 = time.perf_counter()
    for _ in range(steps):
        fn()
    return (time.perf_counter() - t0) / steps


def ours(kind: str, mode: str, data: dict, steps: int) -> float:
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
                             chunk=256)
    else:
        step = make_sft_step(graphdef, tx, chunk=256)
    state = {"lora": lora, "opt": tx.init(lora)}

    def run():
        state["lora"], state["opt"], m = step(state["lora"], state["opt"], rngs, rest, batch, jax.random.key(0))
        jax.block_until_ready(m)

    return time_it(run, steps)


def theirs(kind: str, mode: str, data: dict, steps: int) -> float:
    import peft
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    c = preset("small")
    hf = Qwen2Config(vocab_size=c.vocab_size, hidden_size=c.hidden_size, intermediate_size=c.intermediate_size,
                     num_hidden_layers=c.num_layers, num_attention_heads=c.num_heads,
                     num_key_value_heads=c.num_kv_heads, head_dim=c.head_dim, tie_word_embeddings=True,
                     rope_theta=c.rope_theta, rms_norm_eps=c.rms_norm_eps)
    torch.manual_seed(0)
    model = Qwen2ForCausalLM(hf)
    if mode == "lora":
        model = peft.get_peft_model(model, peft.LoraConfig(
            r=LORA.rank, lora_alpha=LORA.alpha, lora_dropout=0.0,
            target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]))
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, weight_decay=0.0)
    tokens = torch.tensor(data["tokens"], dtype=torch.long)
    labels = torch.full_like(tokens, -100)
    B, P = data["target_pos"].shape
    for b in range(B):
        labels[b, data["target_pos"][b]] = torch.tensor(data["target_ids"][b], dtype=torch.long)

    def seq_logps(logits, labels):
        mask = labels != -100
        logp = torch.log_softmax(logits.float(), -1).gather(-1, labels.clamp(min=0)[..., None])[..., 0]
        return (logp * mask).sum(-1)

    def run():
        opt.zero_grad()
        logits = model(input_ids=tokens).logits
        if kind == "sft":
            loss = torch.nn.functional.cross_entropy(logits.float().flatten(0, 1), labels.flatten(), ignore_index=-100)
        else:
            if mode == "lora":
                with torch.no_grad(), model.disable_adapter():
                    ref = seq_logps(model(input_ids=tokens).logits, labels)
            else:  # precomputed reference, as ours
                ref = torch.full((B,), -50.0)
            pol = seq_logps(logits, labels)
            h = B // 2
            margin = (pol[:h] - ref[:h]) - (pol[h:] - ref[h:])
            loss = -torch.nn.functional.logsigmoid(0.1 * margin).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
        opt.step()

    return time_it(run, steps)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=8, help="sequences per step (DPO: chosen + rejected)")
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--targets", type=int, default=64, help="target tokens per sequence")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--modes", nargs="+", default=["lora", "full"], choices=["lora", "full"])
    args = ap.parse_args(argv)
    data = synthetic_batch(args.batch, args.seq, args.targets)
    tokens = args.batch * args.seq
    print(f"small preset, batch {args.batch} x {args.seq}, {args.targets} targets/row, CPU "
          f"({jax.device_count()} JAX device); lora: r={LORA.rank} on 7 projections vs transformers+peft; "
          f"full: every weight vs transformers full fine-tuning (DPO reference precomputed in both)")
    for mode in args.modes:
        for kind in ("sft", "dpo"):
            a, b = ours(kind, mode, data, args.steps), theirs(kind, mode, data, args.steps)
            peer = "transformers+peft" if mode == "lora" else "transformers"
            print(f"{mode} {kind}: ours {tokens / a:8.0f} tok/s ({a * 1e3:.0f} ms/step), {peer} "
                  f"{tokens / b:8.0f} tok/s ({b * 1e3:.0f} ms/step), ratio {b / a:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
