"""The model side of decode.serve: one arm loaded through decode.predict, its slot engines (decode.serve_slots,
one per serve.batch_sizes entry) compiled for every prompt bucket before the service says it is ready, and a
prompt-length check so no request can need a new compile.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from decode.decoder import Decoded
from decode.predict import Arm, load_arm, parsed_or_raw
from decode.serve_requests import RequestError
from decode.serve_slots import SlotDecoder
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
        # One slot engine per batch size for one-turn prompts and, when a history may come, one per size for the
        # longest prompt: a step's cost grows with the cache length (the forced chunks attend over all of it:
        # small preset, 8 slots, 61 ms per call at 757 positions against 100 ms at 1109), so a one-turn request
        # never pays for room a history would need. A lone request decodes in the smallest, a load shares the
        # largest.
        short = -(-(self.prompt_rows("") + max_text_chars) // bucket) * bucket
        lengths = sorted({min(short, self.max_prompt_rows), self.max_prompt_rows})
        self.engines = [SlotDecoder(decoder, size, rows) for rows in lengths for size in self.batch_sizes]

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
        """Every engine admits and decodes a filler prompt of each bucket once: nothing compiles under load."""
        filler = encode_text(self.arm.decoder.tokenizer, "好")[0]
        started = time.perf_counter()
        for engine in self.engines:
            engine.compile_all(filler)
        self.compile_s = time.perf_counter() - started

    def prepare(self, request: tuple[str, tuple]) -> list[int]:
        """A (text, history) request's prompt ids, as decode.predict.decode_texts builds them."""
        text, history = request
        return prompt_ids(self.arm.decoder.tokenizer, text, history)

    def finish(self, decoded: Decoded, shared: int) -> dict[str, Any]:
        """A decoded row as decode.predict.decode_texts reports it, plus `batch`: the rows decoding beside it
        when it started, itself included."""
        return {"prediction": parsed_or_raw(decoded.text), "tokens": len(decoded.token_ids),
                "forward_passes": decoded.forward_passes, "latency_ms": round(decoded.latency_ms, 3),
                "finish": decoded.finish, **self.arm.facts, "batch": shared}

    def facts(self) -> dict[str, Any]:
        return {"arm": self.arm.facts["arm"], "adapter_hash": self.arm.facts.get("adapter_hash"),
                "prompt_policy": self.arm.facts["prompt_policy"], "batch_sizes": list(self.batch_sizes),
                "prompt_buckets": list(self.buckets), "compile_s": round(self.compile_s, 1)}

    def describe(self) -> str:
        return (f"arm {self.arm.facts['arm']}, slot engines {list(self.batch_sizes)} compiled for prompt buckets "
                f"{list(self.buckets)} in {self.compile_s:.1f} s")
