"""Compile forward + LoRA backward through N Qwen2.5-7B decoder layers three ways (Python loop, lax.scan, each with
and without per-layer jax.checkpoint) from abstract shapes, and print XLA's temporary bytes for each.

It shows whether the compiler keeps one layer of activations (remat honoured) or all of them.
"""

from __future__ import annotations

import argparse
import sys

import jax
import jax.numpy as jnp
from flax import nnx

from bench.memory_7b import cpu_weight_upcast_bytes
from v2t.errors import cli_entry
from v2t.lora import LoraConfig
from v2t.model import DecoderLayer, rope_sin_cos
from v2t.model_config import preset


def compile_temp(config, lora, layers: int, batch: int, seq: int, *, scan: bool, remat: bool):
    """(temp bytes, CPU f32 weight-copy bytes) of d/d(LoRA) sum(layers(x)) for `layers` stacked decoder layers."""
    graphdef, lora_state, rest = nnx.split(
        nnx.eval_shape(lambda: DecoderLayer(config, lora, nnx.Rngs(0))), nnx.LoRAParam, ...)
    stack = lambda tree: jax.tree.map(  # noqa: E731
        lambda x: jax.ShapeDtypeStruct((layers, *x.shape), x.dtype), tree)
    lora_L, rest_L = stack(lora_state), stack(rest)
    x = jax.ShapeDtypeStruct((batch, seq, config.hidden_size), jnp.bfloat16)

    def one(x_BxTxD, lora_i, rest_i, sin, cos, mask):
        layer = nnx.merge(graphdef, lora_i, rest_i)
        return layer(x_BxTxD, sin, cos, mask, None, None, jnp.zeros((), jnp.int32), True)[0]

    step = jax.checkpoint(one, policy=jax.checkpoint_policies.nothing_saveable) if remat else one

    def loss(lora_L, rest_L, x_BxTxD):
        positions = jnp.broadcast_to(jnp.arange(seq), (batch, seq))
        sin, cos = rope_sin_cos(positions, config.head_dim, config.rope_theta)
        mask = jnp.broadcast_to(jnp.tril(jnp.ones((seq, seq), bool)), (batch, seq, seq))
        if scan:
            x_BxTxD, _ = jax.lax.scan(lambda h, p: (step(h, p[0], p[1], sin, cos, mask), None), x_BxTxD,
                                      (lora_L, rest_L))
        else:
            for i in range(layers):
                pick = lambda t, i=i: jax.tree.map(lambda a: a[i], t)  # noqa: E731
                x_BxTxD = step(x_BxTxD, pick(lora_L), pick(rest_L), sin, cos, mask)
        return jnp.sum(x_BxTxD.astype(jnp.float32))

    compiled = jax.jit(jax.grad(loss)).lower(lora_L, rest_L, x).compile()
    _, upcast = cpu_weight_upcast_bytes(compiled.as_text(), rest_L)
    return compiled.memory_analysis().temp_size_in_bytes, upcast


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layers", type=int, nargs="+", default=[2, 4])
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=416)
    args = ap.parse_args(argv)
    config = preset("qwen2p5_7b")
    lora = LoraConfig(rank=16, alpha=32.0)
    gib = lambda n: f"{n / 2**30:6.2f}"  # noqa: E731
    print(f"7B decoder layers, bf16, LoRA r16 on q,k,v,o,gate,up,down, x = {args.batch} x {args.seq}; "
          f"temp GiB on {jax.devices()[0].platform} (minus f32 weight copies)")
    for scan in (False, True):
        for remat in (False, True):
            cells = []
            for n in args.layers:
                temp, upcast = compile_temp(config, lora, n, args.batch, args.seq, scan=scan, remat=remat)
                cells.append(f"{n} layers {gib(temp)} ({gib(temp - upcast)})")
            print(f"  {'scan' if scan else 'loop'} remat={remat!s:5}  " + "   ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
