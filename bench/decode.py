"""`python -m bench.decode [--n 32] [--batch-sizes 1,8] [--json OUT]`: our grammar decoder against its peers.

One table on the `small` preset (random init, real tokenizer): (a) the grammar mask's cost per token, (b) forward
passes per token (jump-forward), (c) contracts/s against transformers' generate + xgrammar, (d) automaton builds,
(e) prompt-lookup speculation off against on: passes per token along the gold contracts of `--gold` (the dev
split of data/build/sft.jsonl) and wall ms per contract (bench.speculation), drafts also copying the phrase corpus
of `--phrases`' training split.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if __package__ in (None, ""):  # `python bench/decode.py` as well as `python -m bench.decode`
    sys.path.insert(0, ROOT)

from bench.speculation import GOLD_ROWS, GOLD_SPLIT, PHRASE_ROWS, compare, gold_inputs, table_lines  # noqa: E402
from v2t.errors import UserError, cli_entry  # noqa: E402
from v2t.jsonl import read_jsonl, write_json_atomic  # noqa: E402
from v2t.rows import gold_contract  # noqa: E402

TARGETS = {"mask_overhead": 0.05, "passes_per_token": 0.5, "speedup": 2.0}


def chunks(items: list, batch: int) -> list[list]:
    """Fixed batch shapes: the last batch padded with its last item (its results are dropped)."""
    return [items[s:s + batch] + [items[min(s + batch, len(items)) - 1]] * max(0, s + batch - len(items))
            for s in range(0, len(items), batch)]


def best_of(sides: dict, batches: int, repeats: int) -> dict:
    """{side: (outputs per batch, seconds)}. A side is run(i) -> (outputs, seconds) for batch i; sides take turns
    on each batch `repeats` times after one untimed warm-up, and a batch counts its best time: on a shared CPU
    the least disturbed run is the closest to the truth."""
    outs = {name: [] for name in sides}
    seconds = dict.fromkeys(sides, 0.0)
    for i in range(batches):
        best, last = dict.fromkeys(sides, float("inf")), {}
        for run in sides.values():
            if i == 0:
                run(i)  # warm-up: first calls, compilations
        for _ in range(repeats):
            for name, run in sides.items():
                last[name], took = run(i)
                best[name] = min(best[name], took)
        for name in sides:
            seconds[name] += best[name]
            outs[name].append(last[name])
    return {name: (outs[name], seconds[name]) for name in sides}


def ours(decode, batches, force=None):
    """A side for best_of: the decoder's own latency (the jit loop, compilation excluded by its AOT compile).
    `decode(prompts)` or, with `force`, `decode(prompts, force)` for batch i."""
    def run(i):
        out = decode(batches[i]) if force is None else decode(batches[i], force[i])
        return out, out[0].latency_ms / 1000
    return run


def mask_overhead(decoder, batches, paths, n, repeats):
    """Both loops forced along the masked run's own tokens: the same steps, widths and forward passes."""
    from bench.forced_decoding import decode_forced

    masked = partial(decode_forced, decoder, masked=True)
    unmasked = partial(decode_forced, decoder, masked=False)
    best = best_of({"masked": ours(masked, batches, paths), "unmasked": ours(unmasked, batches, paths)},
                   len(batches), repeats)
    (out_m, t_m), (out_u, t_u) = best["masked"], best["unmasked"]
    same = all(a.token_ids == b.token_ids for x, y in zip(out_m, out_u, strict=True) for a, b in zip(x, y, strict=True))
    tokens = sum(len(r.token_ids) for r in flat(out_m, n))
    return {"masked_ms_per_token": 1000 * t_m / tokens, "unmasked_ms_per_token": 1000 * t_u / tokens,
            "overhead": t_m / t_u - 1, "same_tokens": same}


def flat(per_batch: list[list], n: int) -> list:
    return [x for batch in per_batch for x in batch][:n]


def passes_per_token(results):
    return sum(r.forward_passes for r in results) / sum(len(r.token_ids) for r in results)


def outlines_seconds(timeout_s: float, memory_gb: float, regex: str = "contract_regex()") -> tuple[float | None, str]:
    """outlines-core's Index build in a child process under a time and memory limit: its Index holds a
    transition per (state, token), which for 64-character strings over a 152k vocabulary runs to gigabytes."""
    limit = int(memory_gb * 2**30)  # set by the child itself: no fork-time hook in this multithreaded process
    code = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
            "from bench.peers import outlines_build; from bench.contract_regex import *; "
            f"from v2t.tokenizer import load_tokenizer; print(outlines_build(load_tokenizer(), {regex}))")
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return None, f"n/a (outlines-core: not built in {timeout_s:.0f} s)"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        reason = f"over {memory_gb:g} GB" if "memory" in last.lower() or done.returncode < 0 else last[:60]
        return None, f"n/a (outlines-core: {reason})"
    return float(done.stdout.split()[-1]), ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.decode", description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="data/lockbox/dev-lockbox-v1.jsonl", help="rows with input_text (+ gold)")
    ap.add_argument("--n", type=int, default=32, help="how many rows (the first N)")
    ap.add_argument("--batch-sizes", default="1,8", help="comma-separated, e.g. 1,8")
    ap.add_argument("--max-new-tokens", type=int, default=768)
    ap.add_argument("--repeats", type=int, default=2, help="timed runs of each batch per side; the best counts")
    ap.add_argument("--outlines-timeout", type=float, default=300, help="seconds; 0 skips outlines-core")
    ap.add_argument("--outlines-memory-gb", type=float, default=6, help="address-space cap of its child process")
    ap.add_argument("--gold", default=GOLD_ROWS, help="(e): rows with input_text and a gold contract")
    ap.add_argument("--gold-split", default=GOLD_SPLIT, help="(e): keep only rows of this split ('' for all)")
    ap.add_argument("--speculate", type=int, help="(e): the draft length compared with 0 (off); default: the "
                                                  "decoder's (decode.decoder.SPECULATE)")
    ap.add_argument("--phrases", default=PHRASE_ROWS, help="(e): rows whose training split's contracts make the "
                                                            "drafts' phrase corpus ('' for none)")
    ap.add_argument("--json", help="also write the numbers here, e.g. reports/bench/decode.json")
    args = ap.parse_args(argv)
    try:
        sizes = [int(x) for x in args.batch_sizes.split(",")]
    except ValueError:
        raise UserError(f"--batch-sizes {args.batch_sizes!r}: expected comma-separated integers") from None
    if args.n < 1 or args.repeats < 1 or min(sizes) < 1:
        raise UserError("--n, --repeats and every batch size must be positive")
    if args.speculate is None:
        from decode.decoder import SPECULATE

        args.speculate = SPECULATE
    if args.speculate < 1:
        raise UserError("--speculate: a draft length of 1 or more (it is compared with 0, off)")
    gold_rows = gold_inputs(args.gold, args.gold_split or None)  # bad gold fails before any model is built
    from decode.phrase_corpus import training_contracts

    phrases = training_contracts(args.phrases) if args.phrases else None
    rows = list(read_jsonl(args.rows))[: args.n]
    if not rows or any(not isinstance(r.get("input_text"), str) for r in rows):
        raise UserError(f"{args.rows}: need rows with an input_text")

    import torch

    from bench.contract_regex import contract_regex
    from bench.forced_decoding import decode_forced
    from bench.peers import HFGenerate, xgrammar_compile
    from decode.decoder import GrammarDecoder
    from decode.grammar import build_grammar
    from decode.token_automaton import compile_automaton
    from v2t.base_model import BaseSpec, build_base
    from v2t.contract import validate
    from v2t.hf_export import export_hf
    from v2t.prompt import prompt_ids, target_ids
    from v2t.tokenizer import IM_END_ID, load_tokenizer

    torch.set_num_threads(2)
    tok = load_tokenizer()
    model = build_base(BaseSpec(preset="small"))
    config = model.config
    prompts = [prompt_ids(tok, r["input_text"]) for r in rows]
    n = len(prompts)
    out: dict = {"rows": n, "preset": "small", "batch_sizes": sizes, "repeats": args.repeats}

    # (d) builds first: ours fresh (no cache), then the peers on the same tokenizer
    started = time.perf_counter()
    automaton = compile_automaton(build_grammar(), tok, config.vocab_size)
    ours_build = time.perf_counter() - started
    regex = contract_regex()
    compiled, xgr_regex_s = xgrammar_compile(tok, config.vocab_size, regex=regex)
    _, xgr_schema_s = xgrammar_compile(tok, config.vocab_size, json_schema=True)
    oc_s, oc_note, oc_string_s = None, "n/a (skipped)", None
    if args.outlines_timeout > 0:
        oc_s, oc_note = outlines_seconds(args.outlines_timeout, args.outlines_memory_gb)
        # one bounded string alone, for scale when the whole contract does not fit
        oc_string_s, _ = outlines_seconds(args.outlines_timeout, args.outlines_memory_gb,
                                          "string_regex(build_grammar().max_string_chars)")
    print(f"builds done: ours {ours_build:.1f} s, xgrammar {xgr_regex_s:.1f} s", file=sys.stderr, flush=True)
    out["build_s"] = {"ours": ours_build, "xgrammar_regex": xgr_regex_s, "xgrammar_json_schema": xgr_schema_s,
                      "outlines_core_regex": oc_s,
                      "outlines_core_one_string": oc_string_s, "ours_table_bytes": automaton.table_bytes()}

    decoder = GrammarDecoder(model, tok, automaton, max_new_tokens=args.max_new_tokens)
    with tempfile.TemporaryDirectory() as hf_dir:
        export_hf(model, hf_dir)
        hf = HFGenerate(hf_dir, compiled, args.max_new_tokens)

    def hf_side(batches):
        def run(i):
            started = time.perf_counter()
            return hf.generate(batches[i]), time.perf_counter() - started
        return run

    out["per_batch"] = {}
    for batch in sizes:
        batches = chunks(prompts, batch)
        best = best_of({"ours": ours(decoder.decode_ids, batches), "hf": hf_side(batches)}, len(batches), args.repeats)
        (mine, ours_s), (theirs, hf_s) = best["ours"], best["hf"]
        mine, theirs = flat(mine, n), flat(theirs, n)
        paths = chunks([r.token_ids for r in mine], batch)
        hf_texts = [tok.decode(ids[:-1] if ids and ids[-1] == IM_END_ID else ids) for ids in theirs]
        out["per_batch"][batch] = {
            "ours_contracts_per_s": n / ours_s, "hf_xgrammar_contracts_per_s": n / hf_s, "speedup": hf_s / ours_s,
            "ours_tokens_per_contract": sum(len(r.token_ids) for r in mine) / n,
            "hf_tokens_per_contract": sum(map(len, theirs)) / n,
            "ours_valid": sum(validate(r.text).semantic_valid for r in mine),
            "hf_valid": sum(validate(t).semantic_valid for t in hf_texts),
            "same_text": sum(r.text == t for r, t in zip(mine, hf_texts, strict=True)),
            "passes_per_token": passes_per_token(mine),
            **mask_overhead(decoder, batches, paths, n, args.repeats),
        }
        print(f"batch {batch} done", file=sys.stderr, flush=True)  # progress: a full run takes minutes
    gold = [target_ids(tok, gold_contract(r)) for r in rows if gold_contract(r) is not None]
    if len(gold) == n:
        batch = max(sizes)
        forced = [decode_forced(decoder, p, g) for p, g in zip(chunks(prompts, batch), chunks(gold, batch), strict=True)]
        out["gold_passes_per_token"] = passes_per_token(flat(forced, n))
    texts = [r["input_text"] for r in rows]
    out["speculation"] = {b: compare(model, tok, automaton, texts, gold_rows, [args.speculate], batch=b,
                                     max_new_tokens=args.max_new_tokens, repeats=args.repeats,
                                     phrase_contracts=phrases) for b in sizes}
    out["gold_rows"] = len(gold_rows)
    print(table(out, oc_note))
    if args.json:
        write_json_atomic(args.json, out)
        print(f"wrote {args.json}")
    return 0


def table(out: dict, oc_note: str) -> str:
    """One table: a metric per line, ours against the peer, the ratio and the target."""
    t = TARGETS
    lines = [("metric", "ours", "peer", "ratio", "target")]
    for b, r in out["per_batch"].items():
        lines.append((f"(a) ms/token, mask on vs off, b={b}", f"{r['masked_ms_per_token']:.3f}",
                      f"{r['unmasked_ms_per_token']:.3f} same loop, no mask", f"{100 * r['overhead']:+.1f}%",
                      f"<= +{100 * t['mask_overhead']:.0f}%"))
    for b, r in out["per_batch"].items():
        lines.append((f"(b) passes/token, random model, b={b}", f"{r['passes_per_token']:.3f}", "", "",
                      f"<= {t['passes_per_token']}"))
    if "gold_passes_per_token" in out:
        lines.append(("(b) passes/token, forced along gold", f"{out['gold_passes_per_token']:.3f}", "", "",
                      f"<= {t['passes_per_token']}"))
    for b, r in out["per_batch"].items():
        lines.append((f"(c) contracts/s, b={b}", f"{r['ours_contracts_per_s']:.2f}",
                      f"{r['hf_xgrammar_contracts_per_s']:.2f} transformers+xgrammar", f"{r['speedup']:.2f}x",
                      f">= {t['speedup']:.0f}x"))
        lines.append(("    tokens/contract; valid; same text", f"{r['ours_tokens_per_contract']:.0f}; "
                      f"{r['ours_valid']}/{out['rows']}", f"{r['hf_tokens_per_contract']:.0f}; "
                      f"{r['hf_valid']}/{out['rows']}; {r['same_text']}/{out['rows']}", "", ""))
    for batch, result in out["speculation"].items():
        lines += table_lines(result, out["rows"], out["gold_rows"], batch)
    b = out["build_s"]
    oc = f"{b['outlines_core_regex']:.1f} outlines-core Index" if b["outlines_core_regex"] else oc_note
    lines.append(("(d) automaton build s, same language", f"{b['ours']:.1f}",
                  f"{b['xgrammar_regex']:.1f} xgrammar regex", f"{b['xgrammar_regex'] / b['ours']:.2f}x", ""))
    lines.append(("", "", oc, f"{b['outlines_core_regex'] / b['ours']:.2f}x" if b["outlines_core_regex"] else "",
                  ""))
    if b["outlines_core_one_string"]:
        lines.append(("(d) build s, one 64-char string only", "", f"{b['outlines_core_one_string']:.1f} outlines-core",
                      "", ""))
    lines.append(("(d) build s, strict JSON schema only", "", f"{b['xgrammar_json_schema']:.1f} xgrammar", "", ""))
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    head = (f"decode bench: small preset (random init), {out['rows']} rows, best of {out['repeats']} per batch after a "
            f"warm-up, 2 CPU threads; ours: {b['ours_table_bytes'] / 1e6:.1f} MB of tables")
    return "\n".join([head] + [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
                                for line in lines])


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
