"""`python -m bench.serve_steps [--config decode/configs/small-cpu.toml] [--calls 60] [--occupied 1,2,4,8]`: where
the service's time goes: ms per decoder step of each slot engine with k slots kept occupied, and host overhead.

Builds decode.serve's engines in-process (no HTTP), keeps k slots filled with dev-lockbox prompts (a row that
ends is replaced at once), and times `step()` calls: the cost bench.serve's throughput ratio is bounded by.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from v2t.errors import UserError, cli_entry  # noqa: E402
from v2t.jsonl import read_jsonl  # noqa: E402


def measure(engine, prompts: list[list[int]], occupied: int, calls: int) -> dict:
    import jax
    import numpy as np

    queue = list(prompts)
    for slot in range(occupied):
        engine.admit(slot, queue.pop(0), slot)
    in_calls, steps, admit_s, started = 0.0, 0, 0.0, time.perf_counter()
    for _ in range(calls):
        before = jax.device_get(engine.slots["passes_B"]).copy()
        t = time.perf_counter()
        ended = engine.step()
        in_calls += time.perf_counter() - t
        steps += int(np.max(jax.device_get(engine.slots["passes_B"]) - before))  # fed steps of the busiest row
        for owner, _ in ended:
            queue = queue or list(prompts)
            t = time.perf_counter()
            engine.admit(engine.free()[0], queue.pop(0), owner)
            admit_s += time.perf_counter() - t
    wall = time.perf_counter() - started
    engine.reset()
    return {"slots": engine.size, "occupied": occupied, "calls": calls, "steps": steps,
            "ms_per_step": round(1000 * in_calls / max(steps, 1), 2), "admit_ms": round(1000 * admit_s, 1),
            "host_overhead": round(1 - (in_calls + admit_s) / wall, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.serve_steps", description=__doc__.splitlines()[0])
    ap.add_argument("--config", default="decode/configs/small-cpu.toml", help="decode.serve config")
    ap.add_argument("--rows", default="data/lockbox/dev-lockbox-v1.jsonl", help="rows with input_text")
    ap.add_argument("--calls", type=int, default=60, help="step calls timed per (engine, occupancy)")
    ap.add_argument("--occupied", default="1,2,4,8", help="slots kept occupied, comma-separated")
    args = ap.parse_args(argv)
    try:
        occupied = [int(k) for k in args.occupied.split(",")]
    except ValueError:
        raise UserError(f"--occupied {args.occupied!r}: not comma-separated integers") from None
    if args.calls < 1 or not occupied or min(occupied) < 1:
        raise UserError("--calls and every --occupied value must be positive")
    texts = [r["input_text"] for r in read_jsonl(args.rows)][:32]
    if not texts:
        raise UserError(f"{args.rows}: no rows")
    from decode.predict import arm_config, load_arm
    from decode.serve import ServeConfig
    from decode.serve_model import ContractService

    whole = arm_config(args.config, [], None, cls=ServeConfig)
    service = ContractService(load_arm(whole, None), whole.serve.batch_sizes, whole.serve.max_text_chars)
    service.compile_all()
    prompts = [service.prepare((t, ())) for t in texts]
    for engine in service.engines:
        for k in (k for k in occupied if k <= engine.size):
            print(json.dumps(measure(engine, prompts, k, args.calls)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
