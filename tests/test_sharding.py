"""Sharding: the partition rules, and on 8 CPU devices meshes (1,8,1) and (2,2,2) give one device's losses."""

import json
import os
import subprocess
import sys

from jax.sharding import AbstractMesh
from jax.sharding import PartitionSpec as P

from v2t.sharding import spec_for

MESH = AbstractMesh((2, 2, 2), ("data", "fsdp", "tp"))


def test_partition_rules():
    # Decoder-layer weights are stacked [layers, ...]; the layer axis stays whole.
    assert spec_for("layers/self_attn/q_proj/kernel", (4, 64, 64), MESH) == P(None, "fsdp", "tp")
    assert spec_for("layers/self_attn/o_proj/kernel", (4, 64, 64), MESH) == P(None, "tp", "fsdp")
    assert spec_for("layers/mlp/up_proj/lora_a", (4, 64, 8), MESH) == P(None, "fsdp", None)
    assert spec_for("layers/mlp/down_proj/lora_b", (4, 8, 64), MESH) == P(None, None, "fsdp")
    assert spec_for("0/mu/layers/mlp/gate_proj/lora_b", (4, 8, 128), MESH) == P(None, None, "tp")  # Adam moments too
    assert spec_for("layers/self_attn/q_proj/bias", (4, 64), MESH) == P(None, "tp")
    assert spec_for("layers/input_layernorm/scale", (4, 64), MESH) == P(None, None)
    assert spec_for("embed_tokens/embedding", (151936, 64), MESH) == P("tp", "fsdp")
    assert spec_for("norm/scale", (64,), MESH) == P(None)
    # A dim the mesh axis does not divide stays whole instead of failing.
    assert spec_for("layers/self_attn/k_proj/kernel", (4, 64, 3), MESH) == P(None, "fsdp", None)

SCRIPT = r"""
import json
import jax
import numpy as np
from train.config import load_train_config
from train.data import Sequence, step_indices
from train.loop import prepare
from train.sft import sft_job
from v2t.sharding import shard_batch

# Short synthetic rows keep the three compiles and nine steps cheap; the sharding is what is tested.
rng = np.random.default_rng(0)
seqs = [Sequence(f"r{i}", rng.integers(0, 151000, 24 + i).astype(np.int32), np.arange(24 + i) >= 14)
        for i in range(8)]
out = {}
for mesh in [(1, 1, 1), (1, 8, 1), (2, 2, 2)]:
    cfg = load_train_config("train/configs/tiny-cpu-sft.toml", [
        "data.batch_size=8", "data.grad_accum=1", "data.buckets=[32]", "optim.lr=1e-2",
        f"mesh.data={mesh[0]}", f"mesh.fsdp={mesh[1]}", f"mesh.tp={mesh[2]}", "run.out_dir='/nonexistent'"])
    parts, _ = prepare(cfg, resume=False)
    job = sft_job(cfg, parts, seqs, [])
    from train.optimizer import optimizer
    lora = parts.lora
    opt_state = jax.jit(optimizer(cfg.optim).init)(lora)
    losses = []
    for step in range(3):
        arrays, _ = job.step_batch(step_indices(step, job.n_train, 8, 0))
        lora, opt_state, m = job.step_fn(lora, opt_state, parts.rngs, parts.rest,
                                         shard_batch(arrays, parts.mesh), jax.random.key(step))
        losses.append(float(m["loss"]))
    out[str(mesh)] = losses
print(json.dumps(out))
"""


def test_meshes_match_one_device():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=8", JAX_PLATFORMS="cpu")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    losses = json.loads(proc.stdout.strip().splitlines()[-1])
    one = losses["(1, 1, 1)"]
    assert one[2] < one[0]  # it trains
    for mesh in ("(1, 8, 1)", "(2, 2, 2)"):
        for a, b in zip(losses[mesh], one, strict=True):
            assert abs(a - b) <= 1e-5, (mesh, losses[mesh], one)
