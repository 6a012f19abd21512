"""`python -m bench.llama_peer [--rows F --split dev --n 32]`: our grammar decoder against llama.cpp under GBNF.

The same random-init `small` base as an f32 GGUF (bench.llama_gguf), loaded with llama-cpp-python on 2 threads,
greedy on the same prompt token ids (v2t.prompt.prompt_ids), batch 1: once under the contract as GBNF
(bench.contract_gbnf) and once unconstrained for as many tokens as that row's grammar run emitted (time per token
without the grammar). Our decoder then runs the same rows on the same weights in this process. Every output of
both constrained sides is checked with v2t.contract.validate. Install: `pip install -e ".[bench]"`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

# llama.cpp's CPU backend is built with OpenMP, whose threads spin at every barrier: on a machine whose cores
# other jobs share, a descheduled thread stalls its partner (eval of one token measured 44-122 ms spinning,
# 11 ms passive, 12 ms on 1 thread). Passive waiting is what a shared CPU needs; set before libgomp loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from v2t.errors import UserError, cli_entry  # noqa: E402
from v2t.jsonl import write_json_atomic  # noqa: E402
from v2t.rows import read_inputs  # noqa: E402

TARGETS = {"contracts_per_s": 5.0, "ms_per_token": 1.0}  # ours/theirs at least 5x; ours/theirs at most 1x


class LlamaPeer:
    """llama-cpp-python's Llama on one sequence: greedy (no penalties), optionally under a GBNF grammar."""

    def __init__(self, gguf: Path, threads: int, n_ctx: int):
        try:
            import llama_cpp
        except ImportError:
            raise UserError('llama-cpp-python is not installed: pip install -e ".[bench]" (it builds from source, '
                            "several minutes)") from None
        from v2t.tokenizer import ENDOFTEXT_ID, IM_END_ID

        self.llama_cpp = llama_cpp
        self.llm = llama_cpp.Llama(str(gguf), n_threads=threads, n_threads_batch=threads, n_ctx=n_ctx,
                                   n_batch=512, seed=0, verbose=False)
        self.stop = {IM_END_ID, ENDOFTEXT_ID}

    def grammar(self, gbnf: str):
        return self.llama_cpp.LlamaGrammar.from_string(gbnf, verbose=False)

    def generate(self, prompt: list[int], max_new_tokens: int, grammar=None) -> tuple[list[int], float, float]:
        """(emitted ids up to and including an end token, seconds, seconds to the first token). The KV cache of
        the previous call's longest common prefix (the system prompt) is kept, as our decoder keeps its own."""
        ids: list[int] = []
        started = time.perf_counter()
        first = 0.0
        for token in self.llm.generate(prompt, temp=0.0, top_k=1, repeat_penalty=1.0, grammar=grammar, reset=True):
            if not ids:
                first = time.perf_counter() - started
            ids.append(int(token))
            if token in self.stop or len(ids) >= max_new_tokens:
                break
        return ids, time.perf_counter() - started, first


def llama_sides(peer: LlamaPeer, prompts: list[list[int]], gbnf: str, max_new_tokens: int) -> dict:
    """best_of sides for llama.cpp at batch 1: under the grammar, then unconstrained for the grammar run's length.
    Each side's outputs are (ids, seconds, first-token seconds) of its one row."""
    grammar = peer.grammar(gbnf)
    lengths: dict[int, int] = {}

    def constrained(i):
        ids, took, first = peer.generate(prompts[i], max_new_tokens, grammar)
        lengths[i] = len(ids)
        return [(ids, took, first)], took

    def plain(i):
        ids, took, first = peer.generate(prompts[i], lengths[i])
        return [(ids, took, first)], took

    return {"llama_gbnf": constrained, "llama_plain": plain}


def per_token(runs: list[tuple[list[int], float, float]], seconds: float) -> dict:
    """ms per emitted token over the whole call (prompt included, as ours) and over the decode steps alone."""
    tokens = sum(len(ids) for ids, _, _ in runs)
    steps = sum(len(ids) - 1 for ids, _, _ in runs)
    decode_s = sum(took - first for _, took, first in runs)
    return {"ms_per_token": 1000 * seconds / tokens, "decode_ms_per_token": 1000 * decode_s / max(steps, 1),
            "tokens_per_contract": tokens / len(runs), "first_token_ms": 1000 * sum(f for *_, f in runs) / len(runs)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.llama_peer", description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="data/lockbox/dev-lockbox-v1.jsonl", help="rows with id and input_text")
    ap.add_argument("--split", help="keep only rows whose `split` is this (e.g. dev)")
    ap.add_argument("--n", type=int, default=32, help="how many rows (the first N)")
    ap.add_argument("--preset", default="small", help="the random-init base preset both sides run")
    ap.add_argument("--threads", type=int, default=2, help="llama.cpp threads (ours: the process's XLA threads)")
    ap.add_argument("--max-new-tokens", type=int, default=768)
    ap.add_argument("--repeats", type=int, default=2, help="timed runs of each row per side; the best counts")
    ap.add_argument("--json", help="also write the numbers here, e.g. reports/bench/llama.json")
    args = ap.parse_args(argv)
    if min(args.n, args.threads, args.repeats, args.max_new_tokens) < 1:
        raise UserError("--n, --threads, --repeats and --max-new-tokens must be positive")
    rows = read_inputs(args.rows, args.split)[: args.n]

    from bench.contract_gbnf import contract_gbnf
    from bench.decode import best_of, chunks, flat, mask_overhead, ours
    from bench.llama_gguf import gguf_for
    from decode.decoder import GrammarDecoder
    from decode.token_automaton import load_automaton
    from v2t.base_model import BaseSpec, build_base, fingerprint
    from v2t.contract import validate
    from v2t.prompt import prompt_ids
    from v2t.tokenizer import ENDOFTEXT_ID, IM_END_ID, load_tokenizer

    tok = load_tokenizer()
    spec = BaseSpec(preset=args.preset)
    model = build_base(spec)
    gguf = gguf_for(model, tok, fingerprint(spec, model))
    print(f"gguf: {gguf}", file=sys.stderr, flush=True)
    prompts = [prompt_ids(tok, text) for _, text in rows]
    n = len(prompts)
    n_ctx = max(map(len, prompts)) + args.max_new_tokens + 8
    peer = LlamaPeer(gguf, args.threads, n_ctx)
    decoder = GrammarDecoder(model, tok, load_automaton(tok, model.config.vocab_size),
                             max_new_tokens=args.max_new_tokens)

    batches = chunks(prompts, 1)
    sides = {**llama_sides(peer, prompts, contract_gbnf(), args.max_new_tokens), "ours": ours(decoder.decode_ids, batches)}
    best = best_of(sides, n, args.repeats)
    (gbnf_runs, gbnf_s), (plain_runs, plain_s) = best["llama_gbnf"], best["llama_plain"]
    (mine, ours_s) = best["ours"]
    gbnf_runs, plain_runs, mine = flat(gbnf_runs, n), flat(plain_runs, n), flat(mine, n)
    texts = [tok.decode([t for t in ids if t not in (IM_END_ID, ENDOFTEXT_ID)]) for ids, _, _ in gbnf_runs]
    print("llama.cpp and ours done; our mask's cost", file=sys.stderr, flush=True)
    paths = chunks([r.token_ids for r in mine], 1)
    ours_tokens = sum(len(r.token_ids) for r in mine)
    out = {
        "rows": n, "rows_file": args.rows, "split": args.split, "preset": args.preset, "threads": args.threads,
        "repeats": args.repeats, "gguf": gguf.name, "batch": 1,
        "ours": {"contracts_per_s": n / ours_s, "ms_per_token": 1000 * ours_s / ours_tokens,
                 "tokens_per_contract": ours_tokens / n, "valid": sum(validate(r.text).semantic_valid for r in mine),
                 "forward_passes_per_token": sum(r.forward_passes for r in mine) / ours_tokens,
                 **mask_overhead(decoder, batches, paths, n, args.repeats)},
        "llama_gbnf": {"contracts_per_s": n / gbnf_s, **per_token(gbnf_runs, gbnf_s),
                       "valid": sum(validate(t).semantic_valid for t in texts),
                       "ended": sum(ids[-1] in (IM_END_ID, ENDOFTEXT_ID) for ids, _, _ in gbnf_runs)},
        "llama_plain": per_token(plain_runs, plain_s),
        "same_text": sum(r.text == t for r, t in zip(mine, texts, strict=True)),
    }
    out["ratios"] = {"contracts_per_s": out["ours"]["contracts_per_s"] / out["llama_gbnf"]["contracts_per_s"],
                     "ms_per_token_vs_plain": out["ours"]["ms_per_token"] / out["llama_plain"]["ms_per_token"],
                     "ms_per_token_vs_gbnf": out["ours"]["ms_per_token"] / out["llama_gbnf"]["ms_per_token"]}
    print(table(out))
    if args.json:
        write_json_atomic(args.json, out)
        print(f"wrote {args.json}")
    return 0


def table(out: dict) -> str:
    o, g, p, r = out["ours"], out["llama_gbnf"], out["llama_plain"], out["ratios"]
    n = out["rows"]
    lines = [
        ("metric, batch 1", "ours", "llama.cpp", "ratio", "target"),
        ("contracts/s (llama.cpp under GBNF)", f"{o['contracts_per_s']:.2f}", f"{g['contracts_per_s']:.2f}",
         f"{r['contracts_per_s']:.1f}x", f">= {TARGETS['contracts_per_s']:.0f}x"),
        ("ms/emitted token, ours masked vs llama.cpp plain", f"{o['ms_per_token']:.2f}", f"{p['ms_per_token']:.2f}",
         f"{r['ms_per_token_vs_plain']:.2f}x", f"<= {TARGETS['ms_per_token']:.0f}x"),
        ("ms/emitted token, llama.cpp under GBNF", "", f"{g['ms_per_token']:.2f}", f"{r['ms_per_token_vs_gbnf']:.2f}x",
         ""),
        ("ms/decode step after the first token", "", f"{g['decode_ms_per_token']:.2f} GBNF / "
         f"{p['decode_ms_per_token']:.2f} plain", "", ""),
        ("ms to the first token (prompt)", "", f"{g['first_token_ms']:.1f} GBNF / {p['first_token_ms']:.1f} plain",
         "", ""),
        ("ours: ms/token mask on / off (forced)", f"{o['masked_ms_per_token']:.2f} / {o['unmasked_ms_per_token']:.2f}",
         "", f"{100 * o['overhead']:+.1f}%", ""),
        ("ours: forward passes per token", f"{o['forward_passes_per_token']:.3f}", "", "", ""),
        ("tokens/contract; valid", f"{o['tokens_per_contract']:.0f}; {o['valid']}/{n}",
         f"{g['tokens_per_contract']:.0f}; {g['valid']}/{n} ({g['ended']} ended)", "", ""),
        ("same text", "", f"{out['same_text']}/{n}", "", ""),
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    head = (f"llama.cpp peer: {out['preset']} preset (random init) as {out['gguf']}, {n} rows of {out['rows_file']}"
            f"{' split ' + out['split'] if out['split'] else ''}, greedy, best of {out['repeats']} per row after a "
            f"warm-up, {out['threads']} threads")
    return "\n".join([head] + [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
                                for line in lines])


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
