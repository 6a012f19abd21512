"""Orbax checkpoints of a training run: LoRA params, optimizer state, step, data position, RNG key.

Only the trainable part is saved; the base weights are rebuilt from the config (random init or HF dir).
"""

from __future__ import annotations

from pathlib import Path

import jax
import numpy as np
import orbax.checkpoint as ocp


class RunCheckpoints:
    """Saves and restores (lora, opt_state) as a flat list of arrays plus a JSON record of the position."""

    def __init__(self, directory: Path, keep: int):
        options = ocp.CheckpointManagerOptions(max_to_keep=max(1, keep), create=True,
                                               enable_async_checkpointing=False)
        self.manager = ocp.CheckpointManager(Path(directory).absolute(), options=options,
                                             item_names=("arrays", "record"))

    def latest_step(self) -> int | None:
        return self.manager.latest_step()

    def save(self, step: int, lora, opt_state, record: dict) -> None:
        leaves = jax.tree.leaves((lora, opt_state))
        self.manager.save(step, args=ocp.args.Composite(
            arrays=ocp.args.StandardSave({"leaves": leaves}),
            record=ocp.args.JsonSave(record)))
        self.manager.wait_until_finished()

    def restore(self, step: int, lora, opt_state):
        """(lora, opt_state, record) at `step`, with the structure and shardings of the given templates."""
        leaves, treedef = jax.tree.flatten((lora, opt_state))
        abstract = [jax.ShapeDtypeStruct(x.shape, x.dtype, sharding=x.sharding) for x in leaves]
        got = self.manager.restore(step, args=ocp.args.Composite(
            arrays=ocp.args.StandardRestore({"leaves": abstract}),
            record=ocp.args.JsonRestore()))
        lora, opt_state = jax.tree.unflatten(treedef, list(got["arrays"]["leaves"]))
        return lora, opt_state, dict(got["record"])

    def close(self) -> None:
        self.manager.close()


def key_record(key: jax.Array) -> list[int]:
    return np.asarray(jax.random.key_data(key)).ravel().tolist()


def key_from_record(data: list[int]) -> jax.Array:
    return jax.random.wrap_key_data(np.asarray(data, np.uint32))
