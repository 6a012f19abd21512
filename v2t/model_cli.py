"""Command line of `python -m v2t.model`: parameter counts of a preset, and logits of a checkpoint.

`info` works on abstract shapes only (nothing is allocated); `logits` writes float32 [tokens, vocab] as .npy.
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
    from v2t.checkpoint import load_hf_checkpoint

    if args.ids is not None:
        ids = _parse_ids(args.ids)
    else:
        from v2t.tokenizer import load_tokenizer

        ids = list(load_tokenizer(args.checkpoint).encode(args.text, add_special_tokens=False))
        if not ids:
            raise UserError("--text: the text has no tokens")
    model = load_hf_checkpoint(args.checkpoint, dtype=args.dtype)
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.run(args)
    return 0
