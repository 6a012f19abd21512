"""`python -m decode.predict --config C (--rows FILE --out predictions.jsonl | --text T) [--run runs/NAME]`.

Greedy grammar-masked predictions for any rows with `input_text`: the base model (the config's [model]: a
preset or a checkpoint), a training run's PEFT adapter on the base it records, or a full run's exported
checkpoint. Writes predictions.jsonl atomically. `load_arm` is the one way to load an arm (decode.serve too).
A dialogue file (seed or gold dialogues) decodes turn by turn with --history gold|own (decode/predict_dialogues.py);
an SFT row with a `history` decodes after it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decode.decoder import SPECULATE
from decode.predict_dialogues import HISTORY_MODES, predict_dialogues
from v2t.base_model import BaseSpec
from v2t.config import load_config, to_dict
from v2t.dialogue import is_dialogue_file, read_dialogue_rows
from v2t.errors import UserError, cli_entry
from v2t.harm_guard import GUARDS, apply_guard
from v2t.jsonl import write_jsonl_atomic
from v2t.rows import read_histories, read_inputs


@dataclass(frozen=True)
class DecodeSection:
    batch_size: int = 8
    max_new_tokens: int = 768
    prompt_bucket: int = 32  # prompts pad to a multiple of this: one compile per bucket
    speculate: int = SPECULATE  # prompt-lookup draft length inside free strings (decode.speculation); 0 = off
    # rows whose training split's contract strings drafts also copy (decode.phrase_corpus); "" = none; unset =
    # the SFT rows a loaded run (--run, or a full run's model/ as checkpoint) records it trained on (v2t.run_rows),
    # none for a base without a run. Only rows of split "train" are read, never dev or lockbox
    phrases: str | None = None


@dataclass(frozen=True)
class PredictConfig:
    model: BaseSpec = field(default_factory=BaseSpec)  # the base arm; the same [model] section as train configs
    decode: DecodeSection = field(default_factory=DecodeSection)


@dataclass
class Arm:
    """A model behind its grammar decoder, and the facts each prediction row carries about it."""

    model: Any
    decoder: Any  # decode.decoder.GrammarDecoder
    facts: dict[str, Any]

    @property
    def tokenizer(self):
        return self.decoder.tokenizer


def load_arm(cfg: PredictConfig, run_dir: str | Path | None = None) -> Arm:
    """The model of an arm: `cfg.model` (the base arm: a preset or a checkpoint; `arm_config` applies a
    `--checkpoint`), or a training run: its adapter on the base it records (refused when the base's fingerprint
    differs), or a full run's exported checkpoint. decode.serve loads through this one call too."""
    from decode.decoder import GrammarDecoder
    from decode.phrase_corpus import arm_contracts
    from v2t.base_model import build_base, build_recorded_base, run_output
    from v2t.prompt import PROMPT_POLICY
    from v2t.run_rows import checkpoint_run
    from v2t.tokenizer import load_tokenizer

    spec = cfg.model
    trained = run_dir if run_dir is not None else checkpoint_run(spec.checkpoint)
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
    d = cfg.decode
    rows, phrases = arm_contracts(d.phrases, trained) if d.speculate else ("", [])
    facts.update(model=to_dict(spec), prompt_policy=PROMPT_POLICY, decoding={**to_dict(d), "phrases": rows})
    decoder = GrammarDecoder(model, load_tokenizer(spec.checkpoint or None), max_new_tokens=d.max_new_tokens,
                             prompt_bucket=d.prompt_bucket, speculate=d.speculate, phrase_contracts=phrases)
    return Arm(model, decoder, facts)


def parsed_or_raw(text: str) -> Any:
    """The prediction: the parsed object, or the raw string when it is not a JSON object."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, dict) else text


def decode_texts(arm: Arm, texts: list[str], batch_size: int, histories: list | None = None) -> list[dict[str, Any]]:
    """One batched decoder call, padded to `batch_size` rows with the last prompt (one jit shape per size):
    per text its prediction and decoding facts, as predictions.jsonl holds them (without the id). `histories`
    gives each text its earlier turns (v2t.prompt.prompt_ids); none is the one-turn prompt."""
    from v2t.prompt import prompt_ids

    histories = histories or [()] * len(texts)
    prompts = [prompt_ids(arm.tokenizer, text, history) for text, history in zip(texts, histories, strict=True)]
    prompts += [prompts[-1]] * (batch_size - len(prompts))
    return [{"prediction": parsed_or_raw(r.text), "tokens": len(r.token_ids), "forward_passes": r.forward_passes,
             "latency_ms": round(r.latency_ms, 3), "finish": r.finish, **arm.facts}
            for r in arm.decoder.decode_ids(prompts)[: len(texts)]]


def decode_by_length(arm: Arm, texts: list[str], batch_size: int, histories: list, bar=None) -> list[dict[str, Any]]:
    """decode_texts over many texts, batched in order of prompt length and returned in the given order: a batch
    pads to about its own rows' length (a prompt with earlier turns is several times a one-turn one), and fewer
    prompt buckets mean fewer shapes to compile. Each row decodes independently of its batch-mates."""
    from v2t.prompt import prompt_ids

    lengths = [len(prompt_ids(arm.tokenizer, t, h)) for t, h in zip(texts, histories, strict=True)]
    order = sorted(range(len(texts)), key=lengths.__getitem__)
    out: list[dict[str, Any] | None] = [None] * len(texts)
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        for i, p in zip(idx, decode_texts(arm, [texts[i] for i in idx], batch_size, [histories[i] for i in idx]),
                        strict=True):
            out[i] = p
        if bar is not None:
            bar.update(len(idx))
    return out


def predict(arm: Arm, cfg: DecodeSection, rows: list[tuple[str, str]],
            histories: dict[str, tuple] | None = None) -> list[dict[str, Any]]:
    """Prediction rows in row order; a row in `histories` (an SFT row of a dialogue turn) decodes after its gold
    earlier turns and says `history_mode` gold."""
    from tqdm import tqdm

    histories = histories or {}
    with tqdm(total=len(rows), desc="decode", unit="row", file=sys.stderr) as bar:
        made = decode_by_length(arm, [t for _, t in rows], cfg.batch_size, [histories.get(r, ()) for r, _ in rows], bar)
    return [{"id": rid, **p, **({"history_mode": "gold"} if rid in histories else {})}
            for (rid, _), p in zip(rows, made, strict=True)]


def arm_config(config: str, overrides: list[str], checkpoint: str | None = None, cls: type = PredictConfig) -> Any:
    """The whole config (`cls` has [model] and [decode] sections), checked; a checkpoint dir overrides [model]'s."""
    if checkpoint:
        overrides = [*overrides, f"model.checkpoint={json.dumps(checkpoint)}"]
    whole = load_config(config, cls, overrides)
    d = whole.decode
    if d.batch_size < 1 or d.max_new_tokens < 1 or d.prompt_bucket < 1:
        raise UserError(f"{config}: decode.batch_size, max_new_tokens and prompt_bucket must be positive")
    if d.speculate < 0:
        raise UserError(f"{config}: decode.speculate must be 0 (off) or a positive draft length, got {d.speculate}")
    if d.phrases and not Path(d.phrases).is_file():
        raise UserError(f"{config}: decode.phrases {d.phrases!r} is not a file (rows with a training split)")
    if whole.model.checkpoint and not Path(whole.model.checkpoint).is_dir():
        raise UserError(f"{config}: model.checkpoint {whole.model.checkpoint!r} is not a directory")
    return whole


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m decode.predict", description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, help="TOML with [model] (the base arm) and [decode] sections")
    ap.add_argument("--rows", help="JSONL rows with id (or row_id) and input_text, or a dialogue file (seed or "
                                   "gold dialogues: one prediction per turn, id <dialogue id>#t<k>)")
    ap.add_argument("--out", help="predictions.jsonl to write (with --rows)")
    ap.add_argument("--text", help="one utterance: print its contract (one JSON line) instead of writing rows")
    ap.add_argument("--split", help="keep only rows whose `split` is this (e.g. dev)")
    ap.add_argument("--run", help="a training run directory: its adapter/ on the base it records, or a full "
                                  "run's model/ checkpoint")
    ap.add_argument("--guard", choices=GUARDS, default="none",
                    help="rules: where the harm rules (v2t.harm_rules) fire on an input, write the refusal instead")
    ap.add_argument("--history", choices=HISTORY_MODES, default="gold",
                    help="dialogue files: each turn after the earlier turns as written (gold, default) or after "
                         "this arm's own earlier predictions (own, as in use)")
    ap.add_argument("--set", action="append", default=[], help="override a config value, e.g. decode.batch_size=4")
    args = ap.parse_args(argv)
    if (args.text is None) == (args.rows is None):
        raise UserError("give exactly one of --rows FILE (with --out) or --text TEXT")
    if args.rows is not None and not args.out:
        raise UserError("--rows needs --out predictions.jsonl")
    if args.text is not None and not args.text.strip():
        raise UserError("--text: empty or white-space text")
    cfg = arm_config(args.config, args.set)
    if args.text is not None:
        [p] = apply_guard(args.guard, [{"id": "text", **decode_texts(load_arm(cfg, args.run), [args.text], 1)[0]}],
                          {"text": args.text})
        print(json.dumps(p["prediction"], ensure_ascii=False, separators=(",", ":")))
        return 0
    if is_dialogue_file(args.rows):
        dialogues = read_dialogue_rows(args.rows, args.split)  # bad rows fail before any model is built
        predictions = predict_dialogues(load_arm(cfg, args.run), cfg.decode, dialogues, args.history, args.guard)
    else:
        if args.history != "gold":
            raise UserError(f"--history {args.history}: {args.rows} holds no dialogues (own history needs a "
                            "dialogue file)")
        rows = read_inputs(args.rows, args.split)  # bad rows fail before any model is built
        histories = read_histories(args.rows, args.split)
        arm = load_arm(cfg, args.run)
        predictions = apply_guard(args.guard, predict(arm, cfg.decode, rows, histories), dict(rows))
    write_jsonl_atomic(args.out, predictions)
    finished = sum(p["finish"] == "eos" for p in predictions)
    print(f"wrote {len(predictions)} predictions to {args.out} ({finished} finished with eos)")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
