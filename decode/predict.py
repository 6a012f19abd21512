"""`python -m decode.predict --config C --rows FILE --out predictions.jsonl [--run runs/NAME]`.

Greedy grammar-masked predictions for any rows with `input_text`: the base model (the config's [model]: a
preset or a checkpoint), a training run's PEFT adapter on the base it records, or a full run's exported
checkpoint. Writes predictions.jsonl atomically. `load_arm` is the one way to load an arm's model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from v2t.base_model import BaseSpec
from v2t.config import load_config, to_dict
from v2t.errors import UserError, cli_entry
from v2t.harm_guard import GUARDS, apply_guard
from v2t.jsonl import write_jsonl_atomic
from v2t.rows import read_inputs


@dataclass(frozen=True)
class DecodeSection:
    batch_size: int = 8
    max_new_tokens: int = 768
    prompt_bucket: int = 32  # prompts pad to a multiple of this: one compile per bucket


@dataclass(frozen=True)
class PredictConfig:
    model: BaseSpec = field(default_factory=BaseSpec)  # the base arm; the same [model] section as train configs
    decode: DecodeSection = field(default_factory=DecodeSection)


@dataclass
class Arm:
    """A model ready to decode, its tokenizer, and the facts each prediction row carries about it."""

    model: Any
    tokenizer: Any
    facts: dict[str, Any]


def load_arm(cfg: PredictConfig, run_dir: str | Path | None = None, checkpoint: str | None = None) -> Arm:
    """The model of an arm: `cfg.model` (the base arm), a checkpoint dir (wins over cfg.model's), or a training
    run: its adapter on the base it records (refused when the base's fingerprint differs), or a full run's
    exported checkpoint."""
    from v2t.base_model import build_base, build_recorded_base, run_output
    from v2t.tokenizer import load_tokenizer

    spec = replace(cfg.model, checkpoint=checkpoint) if checkpoint else cfg.model
    facts: dict[str, Any] = {"arm": "base"}
    if run_dir is None:
        model = build_base(spec)
    else:
        run_dir = Path(run_dir)
        out = run_output(run_dir)
        model, spec = build_recorded_base(out)
        facts["arm"] = run_dir.name
        if out.fingerprint:
            facts["base_fingerprint"] = out.fingerprint
        if out.adapter is not None:
            from v2t.peft import import_adapter

            model = import_adapter(model, str(out.adapter))
            weights = (out.adapter / "adapter_model.safetensors").read_bytes()
            facts["adapter_hash"] = hashlib.sha256(weights).hexdigest()
    facts["model"] = to_dict(spec)
    return Arm(model, load_tokenizer(spec.checkpoint or None), facts)


def parsed_or_raw(text: str) -> Any:
    """The prediction: the parsed object, or the raw string when it is not a JSON object."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, dict) else text


def predict(arm: Arm, cfg: DecodeSection, rows: list[tuple[str, str]]) -> list[dict[str, Any]]:
    from tqdm import tqdm

    from decode.decoder import GrammarDecoder
    from v2t.prompt import PROMPT_POLICY, prompt_ids

    tokenizer = arm.tokenizer
    facts = {**arm.facts, "prompt_policy": PROMPT_POLICY, "decoding": to_dict(cfg)}
    decoder = GrammarDecoder(arm.model, tokenizer, max_new_tokens=cfg.max_new_tokens,
                             prompt_bucket=cfg.prompt_bucket)
    out = []
    with tqdm(total=len(rows), desc="decode", unit="row", file=sys.stderr) as bar:
        for start in range(0, len(rows), cfg.batch_size):
            batch = rows[start:start + cfg.batch_size]
            prompts = [prompt_ids(tokenizer, text) for _, text in batch]
            prompts += [prompts[-1]] * (cfg.batch_size - len(prompts))  # one jit shape for the last batch too
            for (rid, _), r in zip(batch, decoder.decode_ids(prompts), strict=False):
                out.append({"id": rid, "prediction": parsed_or_raw(r.text), "tokens": len(r.token_ids),
                            "forward_passes": r.forward_passes, "latency_ms": round(r.latency_ms, 3),
                            "finish": r.finish, **facts})
            bar.update(len(batch))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m decode.predict", description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, help="TOML with [model] (the base arm) and [decode] sections")
    ap.add_argument("--rows", required=True, help="JSONL rows with id (or row_id) and input_text")
    ap.add_argument("--out", required=True, help="predictions.jsonl to write")
    ap.add_argument("--split", help="keep only rows whose `split` is this (e.g. dev)")
    ap.add_argument("--run", help="a training run directory: its adapter/ on the base it records, or a full "
                                  "run's model/ checkpoint")
    ap.add_argument("--guard", choices=GUARDS, default="none",
                    help="rules: where the harm rules (v2t.harm_rules) fire on an input, write the refusal instead")
    ap.add_argument("--set", action="append", default=[], help="override a config value, e.g. decode.batch_size=4")
    args = ap.parse_args(argv)
    cfg = load_config(args.config, PredictConfig, args.set)
    d = cfg.decode
    if d.batch_size < 1 or d.max_new_tokens < 1 or d.prompt_bucket < 1:
        raise UserError(f"{args.config}: decode.batch_size, max_new_tokens and prompt_bucket must be positive")
    if cfg.model.checkpoint and not Path(cfg.model.checkpoint).is_dir():
        raise UserError(f"{args.config}: model.checkpoint {cfg.model.checkpoint!r} is not a directory")
    rows = read_inputs(args.rows, args.split)  # bad rows fail before any model is built
    arm = load_arm(cfg, args.run)
    predictions = apply_guard(args.guard, predict(arm, d, rows), dict(rows))
    write_jsonl_atomic(args.out, predictions)
    finished = sum(p["finish"] == "eos" for p in predictions)
    print(f"wrote {len(predictions)} predictions to {args.out} ({finished} finished with eos)")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
