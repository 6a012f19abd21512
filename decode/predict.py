"""`python -m decode.predict --config C (--rows FILE --out predictions.jsonl | --text T) [--run runs/NAME]`.

Greedy grammar-masked predictions for any rows with `input_text`: the base model (a preset or a checkpoint),
or a training run's PEFT adapter on the base that run trained on. Writes predictions.jsonl atomically.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from v2t.config import load_config, to_dict
from v2t.errors import UserError, cli_entry
from v2t.jsonl import read_json, write_jsonl_atomic
from v2t.rows import read_inputs


@dataclass(frozen=True)
class DecodeSection:
    preset: str = "tiny"  # a v2t.model_config preset, used when no checkpoint is given
    checkpoint: str = ""  # a Hugging Face checkpoint directory; wins over preset
    dtype: Literal["float32", "bfloat16"] = "float32"
    seed: int = 0  # random init of a preset base (greedy decoding itself is deterministic)
    final_norm_scale: float = 1.0  # random init only; as train's model.final_norm_scale
    batch_size: int = 8
    max_new_tokens: int = 768
    prompt_bucket: int = 32  # prompts pad to a multiple of this: one compile per bucket


@dataclass(frozen=True)
class PredictConfig:
    decode: DecodeSection = field(default_factory=DecodeSection)


def _base_from_run(cfg: DecodeSection, run_dir: Path) -> DecodeSection:
    """The base a run trained on (its run card's model section), so the adapter meets the same weights."""
    card = run_dir / "run_card.json"
    if not card.is_file():
        return cfg
    model = (read_json(card).get("config") or {}).get("model") or {}
    return DecodeSection(**{**to_dict(cfg), **{k: v for k, v in model.items() if k in (
        "preset", "checkpoint", "dtype", "final_norm_scale")}, "seed": model.get("init_seed", cfg.seed)})


def build_model(cfg: DecodeSection):
    from flax import nnx

    from v2t.model import Qwen2
    from v2t.model_config import preset

    if cfg.checkpoint:
        from v2t.checkpoint import load_hf_checkpoint

        return load_hf_checkpoint(cfg.checkpoint, dtype=cfg.dtype)
    model = Qwen2(preset(cfg.preset).replace(dtype=cfg.dtype, param_dtype=cfg.dtype), rngs=nnx.Rngs(cfg.seed))
    model.norm.scale[...] = model.norm.scale[...] * cfg.final_norm_scale
    return model


def parsed_or_raw(text: str) -> Any:
    """The prediction: the parsed object, or the raw string when it is not a JSON object."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, dict) else text


@dataclass(frozen=True)
class Arm:
    """A loaded decoder and the facts every prediction of it carries (arm, prompt policy, adapter hash)."""

    decoder: Any  # decode.decoder.GrammarDecoder
    facts: dict[str, Any]


def load_arm(cfg: DecodeSection, run_dir: Path | None) -> Arm:
    """The base model of `cfg`, with the run's PEFT adapter when `run_dir` is given, behind a grammar decoder.
    decode.serve loads through this one call too, so both answer with the same model and facts."""
    from decode.decoder import GrammarDecoder
    from v2t.prompt import PROMPT_POLICY
    from v2t.tokenizer import load_tokenizer

    tokenizer = load_tokenizer(cfg.checkpoint or None)
    model = build_model(cfg)
    facts: dict[str, Any] = {"arm": "base", "prompt_policy": PROMPT_POLICY, "decoding": to_dict(cfg)}
    if run_dir is not None:
        from v2t.peft import import_adapter

        adapter = run_dir / "adapter"
        model = import_adapter(model, str(adapter))
        weights = (adapter / "adapter_model.safetensors").read_bytes()
        facts.update(arm=run_dir.name, adapter_hash=hashlib.sha256(weights).hexdigest())
    decoder = GrammarDecoder(model, tokenizer, max_new_tokens=cfg.max_new_tokens, prompt_bucket=cfg.prompt_bucket)
    return Arm(decoder, facts)


def decode_texts(arm: Arm, texts: list[str], batch_size: int) -> list[dict[str, Any]]:
    """One batched decoder call, padded to `batch_size` rows with the last prompt (one jit shape per size):
    per text its prediction and decoding facts, as predictions.jsonl holds them (without the id)."""
    from v2t.prompt import prompt_ids

    prompts = [prompt_ids(arm.decoder.tokenizer, text) for text in texts]
    prompts += [prompts[-1]] * (batch_size - len(prompts))
    return [{"prediction": parsed_or_raw(r.text), "tokens": len(r.token_ids), "forward_passes": r.forward_passes,
             "latency_ms": round(r.latency_ms, 3), "finish": r.finish, **arm.facts}
            for r in arm.decoder.decode_ids(prompts)[: len(texts)]]


def predict(cfg: DecodeSection, rows: list[tuple[str, str]], run_dir: Path | None) -> list[dict[str, Any]]:
    from tqdm import tqdm

    arm = load_arm(cfg, run_dir)
    out = []
    with tqdm(total=len(rows), desc="decode", unit="row", file=sys.stderr) as bar:
        for start in range(0, len(rows), cfg.batch_size):
            batch = rows[start:start + cfg.batch_size]
            for (rid, _), p in zip(batch, decode_texts(arm, [t for _, t in batch], cfg.batch_size), strict=True):
                out.append({"id": rid, **p})
            bar.update(len(batch))
    return out


def arm_config(config: str, overrides: list[str], run: str | None, checkpoint: str | None = None,
               cls: type = PredictConfig) -> tuple[Any, DecodeSection, Path | None]:
    """(the whole config, its decode section with a run's base applied, the run directory), checked."""
    if checkpoint:
        overrides = [*overrides, f"decode.checkpoint={json.dumps(checkpoint)}"]
    whole = load_config(config, cls, overrides)
    cfg = whole.decode
    if cfg.batch_size < 1 or cfg.max_new_tokens < 1 or cfg.prompt_bucket < 1:
        raise UserError(f"{config}: decode.batch_size, max_new_tokens and prompt_bucket must be positive")
    run_dir = None
    if run:
        run_dir = Path(run)
        if not (run_dir / "adapter" / "adapter_config.json").is_file():
            raise UserError(f"{run_dir}/adapter: no PEFT adapter here (is the run finished?)")
        cfg = _base_from_run(cfg, run_dir)
    if cfg.checkpoint and not Path(cfg.checkpoint).is_dir():
        raise UserError(f"{config}: decode.checkpoint {cfg.checkpoint!r} is not a directory")
    return whole, cfg, run_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m decode.predict", description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, help="TOML with a [decode] section")
    ap.add_argument("--rows", help="JSONL rows with id (or row_id) and input_text")
    ap.add_argument("--out", help="predictions.jsonl to write (with --rows)")
    ap.add_argument("--text", help="one utterance: print its contract (one JSON line) instead of writing rows")
    ap.add_argument("--split", help="keep only rows whose `split` is this (e.g. dev)")
    ap.add_argument("--run", help="a training run directory: decode with its adapter/ (PEFT format)")
    ap.add_argument("--set", action="append", default=[], help="override a config value, e.g. decode.batch_size=4")
    args = ap.parse_args(argv)
    if (args.text is None) == (args.rows is None):
        raise UserError("give exactly one of --rows FILE (with --out) or --text TEXT")
    if args.rows is not None and not args.out:
        raise UserError("--rows needs --out predictions.jsonl")
    _, cfg, run_dir = arm_config(args.config, args.set, args.run)
    if args.text is not None:
        if not args.text.strip():
            raise UserError("--text: empty or white-space text")
        [p] = decode_texts(load_arm(cfg, run_dir), [args.text], 1)
        print(json.dumps(p["prediction"], ensure_ascii=False, separators=(",", ":")))
        return 0
    rows = read_inputs(args.rows, args.split)
    predictions = predict(cfg, rows, run_dir)
    write_jsonl_atomic(args.out, predictions)
    finished = sum(p["finish"] == "eos" for p in predictions)
    print(f"wrote {len(predictions)} predictions to {args.out} ({finished} finished with eos)")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
