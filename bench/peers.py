"""The peers the decode bench runs beside us: transformers' greedy `generate` constrained by xgrammar, and the
automaton builds of outlines-core and xgrammar for the same contract language (bench.contract_regex).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from decode.token_automaton import token_bytes
from v2t.tokenizer import IM_END_ID

PAD_ID = 151643  # <|endoftext|>: left padding for batched generate, never attended to
SCHEMA = Path(__file__).resolve().parents[1] / "v2t" / "contract_schema.json"


def xgrammar_info(tokenizer, vocab_size: int):
    import xgrammar as xgr

    return xgr.TokenizerInfo.from_huggingface(tokenizer, vocab_size=vocab_size, stop_token_ids=[IM_END_ID])


def xgrammar_compile(tokenizer, vocab_size: int, *, regex: str | None = None, json_schema: bool = False):
    """(compiled grammar, seconds from the tokenizer, cache off, TokenizerInfo included)."""
    import xgrammar as xgr

    started = time.perf_counter()
    compiler = xgr.GrammarCompiler(xgrammar_info(tokenizer, vocab_size), max_threads=2, cache_enabled=False)
    if json_schema:  # only the strict schema layer: looser than the grammar (no per-task-type rules)
        compiled = compiler.compile_json_schema(SCHEMA.read_text(), any_whitespace=False)
    else:
        compiled = compiler.compile_regex(regex)
    return compiled, time.perf_counter() - started


def outlines_build(tokenizer, regex: str) -> float:
    """Seconds to build outlines-core's Index for the regex, from the tokenizer (Vocabulary included)."""
    import outlines_core

    started = time.perf_counter()
    vocab: dict[bytes, list[int]] = {}
    for i, b in enumerate(token_bytes(tokenizer)):
        if b is not None:  # added tokens (im_start/im_end...) are never contract text
            vocab.setdefault(b, []).append(i)
    outlines_core.Index(regex, outlines_core.Vocabulary(IM_END_ID, vocab))
    return time.perf_counter() - started


class HFGenerate:
    """transformers' greedy generate on our exported weights, each row constrained by an xgrammar matcher."""

    def __init__(self, hf_dir: str, compiled, max_new_tokens: int):
        import torch
        from transformers import Qwen2ForCausalLM

        self.torch = torch
        self.model = Qwen2ForCausalLM.from_pretrained(hf_dir, dtype=torch.float32).eval()
        self.compiled = compiled
        self.max_new_tokens = max_new_tokens

    def generate(self, prompts: list[list[int]]) -> list[list[int]]:
        """Generated ids per row, up to and including <|im_end|>."""
        from xgrammar.contrib.hf import LogitsProcessor

        torch = self.torch
        L = max(len(p) for p in prompts)
        ids_BxL = np.full((len(prompts), L), PAD_ID, np.int64)
        mask_BxL = np.zeros((len(prompts), L), np.int64)
        for b, p in enumerate(prompts):
            ids_BxL[b, L - len(p):], mask_BxL[b, L - len(p):] = p, 1
        with torch.no_grad():
            out = self.model.generate(
                torch.as_tensor(ids_BxL), attention_mask=torch.as_tensor(mask_BxL), do_sample=False, num_beams=1,
                max_new_tokens=self.max_new_tokens, logits_processor=[LogitsProcessor(self.compiled)],
                eos_token_id=IM_END_ID, pad_token_id=PAD_ID, top_k=None, top_p=None, temperature=None,
            )
        rows = []
        for new in out[:, L:].tolist():
            rows.append(new[: new.index(IM_END_ID) + 1] if IM_END_ID in new else new)
        return rows

