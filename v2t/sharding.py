"""Device mesh ("data", "fsdp", "tp") and the one partition-rule table for model and LoRA params.

One device is the mesh (1, 1, 1). Multi-host runs call `jax.distributed.initialize()` when the
coordinator environment variables are set; nothing here is home-made distribution.
"""

from __future__ import annotations

import os
import re

import jax
import numpy as np
from jax.sharding import Mesh, NamedSharding
from jax.sharding import PartitionSpec as P

from v2t.errors import UserError

AXES = ("data", "fsdp", "tp")
BATCH_AXES = ("data", "fsdp")  # the batch dimension is split over both data-parallel axes

# Kernels are [in, out]. Column-parallel projections (q, k, v, gate, up) split `out` over tp and `in`
# over fsdp; row-parallel ones (o, down) the reverse, so tp needs one all-reduce per block. LoRA A
# [in, r] follows the kernel's `in` split, B [r, out] its `out` split; the rank stays whole.
# First match wins; the path is the "/"-joined parameter path.
PARTITION_RULES: tuple[tuple[str, P], ...] = (
    (r"embed_tokens/embedding$", P("tp", "fsdp")),  # [V, D]
    (r"lm_head/kernel$", P("fsdp", "tp")),  # [D, V]
    (r"(q_proj|k_proj|v_proj|gate_proj|up_proj)/kernel$", P("fsdp", "tp")),
    (r"(q_proj|k_proj|v_proj)/bias$", P("tp")),
    (r"(o_proj|down_proj)/kernel$", P("tp", "fsdp")),
    (r"(q_proj|k_proj|v_proj|gate_proj|up_proj)/lora_a$", P("fsdp", None)),
    (r"(q_proj|k_proj|v_proj|gate_proj|up_proj)/lora_b$", P(None, "tp")),
    (r"(o_proj|down_proj)/lora_a$", P("tp", None)),
    (r"(o_proj|down_proj)/lora_b$", P(None, "fsdp")),
    (r".*", P()),  # norms, scalars, RNG state: replicated
)


def maybe_initialize_distributed() -> bool:
    """Join a multi-host run when JAX_COORDINATOR_ADDRESS, JAX_NUM_PROCESSES and JAX_PROCESS_ID are set."""
    addr = os.environ.get("JAX_COORDINATOR_ADDRESS")
    if not addr:
        return False
    try:
        num, pid = int(os.environ["JAX_NUM_PROCESSES"]), int(os.environ["JAX_PROCESS_ID"])
    except (KeyError, ValueError):
        raise UserError("JAX_COORDINATOR_ADDRESS is set: JAX_NUM_PROCESSES and JAX_PROCESS_ID must be integers") \
            from None
    jax.distributed.initialize(coordinator_address=addr, num_processes=num, process_id=pid)
    return True


def make_mesh(data: int = 1, fsdp: int = 1, tp: int = 1, devices=None) -> Mesh:
    """The mesh over the first data*fsdp*tp devices (all of them in a multi-host run)."""
    devices = list(jax.devices() if devices is None else devices)
    want = data * fsdp * tp
    if want > len(devices) or (jax.process_count() > 1 and want != len(devices)):
        raise UserError(f"mesh (data={data}, fsdp={fsdp}, tp={tp}) needs {want} devices, "
                        f"{len(devices)} are visible")
    return Mesh(np.array(devices[:want]).reshape(data, fsdp, tp), AXES)


def path_str(path) -> str:
    parts = []
    for k in path:
        for attr in ("key", "name", "idx"):
            if hasattr(k, attr):
                parts.append(str(getattr(k, attr)))
                break
        else:
            parts.append(str(k))
    if parts and parts[-1] == "value":  # an nnx.Variable's own leaf
        parts.pop()
    return "/".join(parts)


def spec_for(path: str, shape: tuple[int, ...], mesh: Mesh) -> P:
    """The rule's spec, trimmed to the array's rank, with any axis that does not divide its dim dropped."""
    spec = next(spec for pattern, spec in PARTITION_RULES if re.search(pattern, path))
    # Decoder-layer weights are stacked [num_layers, ...]: the layer axis stays whole, the rule applies after it.
    lead = 1 if re.search(r"(^|/)layers/", path) else 0
    axes = [None] * lead + list(spec)[: len(shape) - lead]
    axes += [None] * (len(shape) - len(axes))
    fitted = []
    for dim, axis in zip(shape, axes, strict=True):
        names = () if axis is None else (axis if isinstance(axis, tuple) else (axis,))
        size = int(np.prod([mesh.shape[n] for n in names])) if names else 1
        fitted.append(axis if size > 1 and dim % size == 0 else None)
    return P(*fitted)


def param_shardings(tree, mesh: Mesh):
    """A NamedSharding for every array leaf of `tree` (an nnx.State, dict, optax state, ...)."""

    def one(path, leaf):
        return NamedSharding(mesh, spec_for(path_str(path), tuple(getattr(leaf, "shape", ())), mesh))

    return jax.tree_util.tree_map_with_path(one, tree)


def shard_params(tree, mesh: Mesh):
    return jax.device_put(tree, param_shardings(tree, mesh))


def batch_sharding(mesh: Mesh, ndim: int, batch_dim: int) -> NamedSharding:
    spec = [None] * ndim
    spec[batch_dim] = BATCH_AXES
    return NamedSharding(mesh, P(*spec))


def shard_batch(batch: dict[str, np.ndarray], mesh: Mesh, batch_dim: int = 1) -> dict[str, jax.Array]:
    """Place a host batch (the same full batch on every process) split over ("data", "fsdp")."""
    out = {}
    for k, v in batch.items():
        sharding = batch_sharding(mesh, v.ndim, batch_dim)
        out[k] = jax.make_array_from_callback(v.shape, sharding, lambda idx, v=v: v[idx])
    return out
