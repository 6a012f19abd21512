"""The model side of decode.serve: one arm loaded through decode.predict, every (batch, prompt bucket) shape
compiled before the service says it is ready, and a prompt-length check so no request can need a new compile.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from decode.predict import Arm, decode_texts, load_arm
from decode.serve_requests import RequestError
from v2t.prompt import encode_text, prompt_ids


class ContractService:
    def __init__(self, arm: Arm, batch_sizes: tuple[int, ...], max_text_chars: int, max_history_tokens: int = 0):
        self.arm = arm
        self.batch_sizes = tuple(sorted(set(batch_sizes)))
        decoder = arm.decoder
        self._prefix_len = len(decoder.prefix_ids)
        self._start_len = len(decoder.automaton.start_run)
        bucket = decoder.prompt_bucket
        # One token per character bounds ordinary speech (Qwen's BPE merges Chinese and Latin text); a text past
        # that bound (rare byte-level characters) is refused rather than compiled for. Earlier turns may add
        # max_history_tokens more (serve.max_history_tokens), compiled for too.
        longest = self.prompt_rows("") + max_text_chars + max_history_tokens
        self.max_prompt_rows = -(-longest // bucket) * bucket
        self.buckets = tuple(range(bucket, self.max_prompt_rows + 1, bucket))
        self.compile_s = 0.0

    @classmethod
    def load(cls, cfg, run_dir: str | Path | None, settings) -> ContractService:
        """`cfg` has [model] and [decode] sections (decode.serve.ServeConfig)."""
        service = cls(load_arm(cfg, run_dir), settings.batch_sizes, settings.max_text_chars,
                      settings.max_history_tokens)
        service.compile_all()
        return service

    def prompt_rows(self, text: str, history: tuple = ()) -> int:
        """The decoder's prompt length for this text after its history: the turns and the opening literal."""
        return len(prompt_ids(self.arm.decoder.tokenizer, text, history)) - self._prefix_len + self._start_len

    def check_prompt(self, text: str, history: tuple = ()) -> int:
        """The prompt's token count; a prompt longer than every compiled bucket is refused before the queue."""
        rows = self.prompt_rows(text, history)
        if rows > self.max_prompt_rows:
            what = "`text` and its history are" if history else "`text` is"
            raise RequestError(413, "history_too_long" if history else "text_too_long",
                               f"{what} {rows} prompt tokens, at most {self.max_prompt_rows}")
        return rows + self._prefix_len - self._start_len

    def compile_all(self) -> None:
        """Run each (batch size, bucket) shape once on filler prompts: the decoder compiles ahead on first use."""
        decoder = self.arm.decoder
        filler = encode_text(decoder.tokenizer, "好")[0]
        started = time.perf_counter()
        for batch in self.batch_sizes:
            for rows in self.buckets:
                prompt = [*decoder.prefix_ids, *[filler] * (rows - self._start_len)]
                decoder.decode_ids([prompt] * batch)
        self.compile_s = time.perf_counter() - started

    def decode_batch(self, requests: list[tuple[str, tuple]]) -> list[dict[str, Any]]:
        """One decoder call for up to max(batch_sizes) (text, history) requests, padded to the next compiled
        batch size."""
        size = next(b for b in self.batch_sizes if b >= len(requests))
        texts, histories = [t for t, _ in requests], [h for _, h in requests]
        return [{**r, "batch": len(requests)} for r in decode_texts(self.arm, texts, size, histories)]

    def facts(self) -> dict[str, Any]:
        return {"arm": self.arm.facts["arm"], "adapter_hash": self.arm.facts.get("adapter_hash"),
                "prompt_policy": self.arm.facts["prompt_policy"], "batch_sizes": list(self.batch_sizes),
                "prompt_buckets": list(self.buckets), "compile_s": round(self.compile_s, 1)}

    def describe(self) -> str:
        return (f"arm {self.arm.facts['arm']}, {len(self.batch_sizes) * len(self.buckets)} shapes compiled in "
                f"{self.compile_s:.1f} s (batches {list(self.batch_sizes)}, prompt buckets {list(self.buckets)})")
