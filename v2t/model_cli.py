"""Command line of `python -m v2t.model`: parameter counts of a preset, logits of a checkpoint, merge.

`info` works on abstract shapes only (nothing is allocated); `logits` writes float32 [tokens, vocab] as .npy;
`merge` folds a LoRA adapter into a checkpoint, for engines that serve no LoRA.
"""

from __future__ import annotations

import argparse
import os
import tempfile

import jax
import numpy as np
from flax import nnx

from v2t.errors import UserError
from v2t.model_config import PRESETS, ModelConfig, preset


def abstract_param_shapes(config: ModelConfig) -> list:
    from v2t.model import Qwen2

    abstract = nnx.eval_shape(lambda: Qwen2(config, rngs=nnx.Rngs(0)))
    return jax.tree.leaves(nnx.state(abstract, nnx.Param))


def cmd_info(args) -> None:
    config = preset(args.preset)
    leaves = abstract_param_shapes(config)
    count = sum(int(np.prod(leaf.shape)) for leaf in leaves)
    print(f"preset: {args.preset}")
    print(f"layers: {config.num_layers}  hidden: {config.hidden_size}  heads: {config.num_heads}/"
          f"{config.num_kv_heads}  head_dim: {config.head_dim}  vocab: {config.vocab_size}  "
          f"tied: {config.tie_embeddings}")
    print(f"parameters: {count:,}")
    print(f"bf16 bytes: {2 * count:,} ({2 * count / 2**30:.2f} GiB)")


def _parse_ids(text: str) -> list[int]:
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise UserError(f"--ids: expected comma-separated integers, got {text!r}") from None
    if not ids:
        raise UserError("--ids: no token ids given")
    return ids


def cmd_logits(args) -> None:
    from v2t.base_model import BaseSpec, build_base

    if args.ids is not None:
        ids = _parse_ids(args.ids)
    else:
        from v2t.tokenizer import load_tokenizer

        ids = list(load_tokenizer(args.checkpoint).encode(args.text, add_special_tokens=False))
        if not ids:
            raise UserError("--text: the text has no tokens")
    model = build_base(BaseSpec(checkpoint=args.checkpoint, dtype=args.dtype, param_dtype=args.dtype))
    if args.adapter:
        from v2t.peft import import_adapter

        model = import_adapter(model, args.adapter)
    vocab = model.config.vocab_size
    bad = [i for i in ids if not 0 <= i < vocab]
    if bad:
        raise UserError(f"token ids out of range [0, {vocab}): {bad[:10]}")
    tokens_1xT = np.asarray([ids], np.int32)
    positions_1xT = np.arange(len(ids), dtype=np.int32)[None]
    logits_1xTxV, _ = nnx.jit(lambda m, t, p: m(t, p))(model, tokens_1xT, positions_1xT)
    out = np.asarray(logits_1xTxV[0], np.float32)
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".npy.tmp")
    with os.fdopen(fd, "wb") as f:
        np.save(f, out)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}: logits {out.shape[0]} x {out.shape[1]} float32")


def cmd_merge(args) -> None:
    """The adapter folded into the checkpoint's weights (float32), written as a new checkpoint directory."""
    from v2t.base_model import (
        BASE_RECORD,
        BaseSpec,
        build_base,
        check_fingerprint,
        fingerprint,
        spec_from_record,
    )
    from v2t.hf_export import export_hf
    from v2t.jsonl import read_json
    from v2t.lora import merge_lora
    from v2t.model import with_lora
    from v2t.peft import import_adapter
    from v2t.tokenizer import load_tokenizer

    if os.path.abspath(args.out) in (os.path.abspath(args.checkpoint), os.path.abspath(args.adapter)):
        raise UserError(f"--out {args.out}: must differ from --checkpoint and --adapter")
    spec = BaseSpec(checkpoint=args.checkpoint, dtype="float32", param_dtype="float32")
    model = build_base(spec)
    record = os.path.join(args.adapter, BASE_RECORD)
    if os.path.isfile(record):  # trained here: refuse a base it was not trained on
        theirs, fp = spec_from_record(read_json(record), source=record)
        # A preset's fingerprint hashes the weights, so an exported preset checkpoint is recognised too.
        check_fingerprint(fp, fingerprint(theirs if not theirs.checkpoint else spec, model), source=record,
                          spec=spec)
    merged = import_adapter(model, args.adapter)
    merge_lora(merged)
    out = export_hf(with_lora(merged, None), args.out, load_tokenizer(args.checkpoint))
    print(f"wrote {out}: {args.checkpoint} with {args.adapter} merged (float32)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m v2t.model", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    info = sub.add_parser("info", help="parameter count and bf16 bytes of a preset (allocates nothing)")
    info.add_argument("--preset", required=True, choices=sorted(PRESETS))
    info.set_defaults(run=cmd_info)
    logits = sub.add_parser("logits", help="float32 logits [tokens, vocab] of a checkpoint, as .npy")
    logits.add_argument("--checkpoint", required=True, help="Hugging Face checkpoint directory")
    source = logits.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="text to tokenize with the checkpoint's tokenizer")
    source.add_argument("--ids", help="comma-separated token ids, instead of --text")
    logits.add_argument("--adapter", help="PEFT LoRA adapter directory to apply")
    logits.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    logits.add_argument("--out", required=True, help="output .npy file")
    logits.set_defaults(run=cmd_logits)
    merge = sub.add_parser("merge", help="fold a PEFT LoRA adapter into a checkpoint: a new HF checkpoint dir")
    merge.add_argument("--checkpoint", required=True, help="Hugging Face checkpoint directory (the base)")
    merge.add_argument("--adapter", required=True, help="PEFT LoRA adapter directory trained on that base")
    merge.add_argument("--out", required=True, help="checkpoint directory to write (replaced whole)")
    merge.set_defaults(run=cmd_merge)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.run(args)
    return 0
