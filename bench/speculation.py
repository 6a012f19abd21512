"""`python -m bench.speculation [--n 32] [--speculate 2,4,8] [--phrases ROWS]`: prompt-lookup speculation off against on.

Per draft length: forward passes per emitted token forced along the gold contracts (the dev split of
data/build/sft.jsonl by default) and, on the random `small` model, passes per token, wall ms per contract and
whether the outputs equal speculation off. Drafts also copy the phrase corpus of the training split of --phrases
(decode.phrase_corpus; data/build/sft.jsonl by default, '' for none). `bench.decode` prints the same rows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # `python bench/speculation.py` as well as `python -m bench.speculation`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from v2t.errors import UserError, cli_entry  # noqa: E402
from v2t.jsonl import read_jsonl, write_json_atomic  # noqa: E402
from v2t.rows import gold_contract  # noqa: E402

GOLD_ROWS, GOLD_SPLIT = "data/build/sft.jsonl", "dev"
PHRASE_ROWS = "data/build/sft.jsonl"  # its training split makes the phrase corpus (decode.phrase_corpus)


def gold_inputs(path: str, split: str | None, n: int | None = None) -> list[tuple[str, dict]]:
    """(input_text, gold contract) of the rows of `split` (every row when None), the first n."""
    rows = [r for r in read_jsonl(path) if split is None or r.get("split") == split]
    pairs = [(r["input_text"], gold_contract(r)) for r in rows if gold_contract(r) is not None]
    if not pairs:
        raise UserError(f"{path}: no rows with input_text and a gold contract" + (f" in split {split!r}" if split
                                                                                 else ""))
    return pairs[:n]


def compare(model, tok, automaton, texts: list[str], gold: list[tuple[str, dict]], speculates: list[int], *,
            batch: int, max_new_tokens: int, repeats: int, phrase_contracts: list[dict] | None = None) -> dict:
    """{draft length: numbers}; 0 is speculation off, the reference every other length is compared with."""
    from bench.decode import best_of, chunks, flat, ours, passes_per_token
    from bench.forced_decoding import decode_forced
    from decode.decoder import GrammarDecoder
    from v2t.prompt import prompt_ids, target_ids

    decoders = {s: GrammarDecoder(model, tok, automaton, max_new_tokens=max_new_tokens, speculate=s,
                                  phrase_contracts=phrase_contracts or ())
                for s in sorted({0, *speculates})}
    batches = chunks([prompt_ids(tok, t) for t in texts], batch)
    best = best_of({s: ours(d.decode_ids, batches) for s, d in decoders.items()}, len(batches), repeats)
    gold_prompts = chunks([prompt_ids(tok, t) for t, _ in gold], batch)
    gold_ids = chunks([target_ids(tok, c) for _, c in gold], batch)
    off = flat(best[0][0], len(texts))
    out = {}
    for s, d in decoders.items():
        mine, seconds = flat(best[s][0], len(texts)), best[s][1]
        forced = flat([decode_forced(d, p, g) for p, g in zip(gold_prompts, gold_ids, strict=True)], len(gold))
        out[s] = {"gold_passes_per_token": passes_per_token(forced),
                  "gold_same_tokens": all(r.token_ids == g for r, g in zip(forced, flat(gold_ids, len(gold)),
                                                                           strict=True)),
                  "passes_per_token": passes_per_token(mine), "ms_per_contract": 1000 * seconds / len(texts),
                  "same_as_off": sum(a.token_ids == b.token_ids for a, b in zip(mine, off, strict=True))}
    return out


def table_lines(result: dict, n: int, n_gold: int, batch: int) -> list[tuple[str, ...]]:
    """Rows for bench.decode's table: speculation off against each draft length."""
    off = result[0]
    lines = []
    for s, r in result.items():
        if s == 0:
            continue
        lines.append((f"(e) passes/token along gold ({n_gold} rows), speculate={s}", f"{r['gold_passes_per_token']:.3f}",
                      f"{off['gold_passes_per_token']:.3f} speculation off",
                      f"{r['gold_passes_per_token'] / off['gold_passes_per_token']:.2f}x", "<= 0.20"))
        lines.append((f"(e) ms/contract, random model, b={batch}, speculate={s}", f"{r['ms_per_contract']:.1f}",
                      f"{off['ms_per_contract']:.1f} speculation off",
                      f"{r['ms_per_contract'] / off['ms_per_contract']:.2f}x", ""))
        lines.append(("    passes/token random model; same tokens as off", f"{r['passes_per_token']:.3f}; "
                      f"{r['same_as_off']}/{n}", f"{off['passes_per_token']:.3f}", "", ""))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.speculation", description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=GOLD_ROWS, help="rows with input_text and a gold contract")
    ap.add_argument("--split", default=GOLD_SPLIT, help="keep only rows of this split ('' for all)")
    ap.add_argument("--n", type=int, default=32, help="how many rows the timed runs decode (the first N)")
    ap.add_argument("--speculate", default="2,4,8", help="draft lengths compared with 0 (off), comma-separated")
    ap.add_argument("--phrases", default=PHRASE_ROWS, help="rows whose training split's contracts make the phrase "
                                                          "corpus ('' for none)")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--max-new-tokens", type=int, default=768)
    ap.add_argument("--repeats", type=int, default=2, help="timed runs of each batch per side; the best counts")
    ap.add_argument("--json", help="also write the numbers here")
    args = ap.parse_args(argv)
    try:
        speculates = [int(x) for x in args.speculate.split(",")]
    except ValueError:
        raise UserError(f"--speculate {args.speculate!r}: expected comma-separated integers") from None
    if args.n < 1 or args.batch < 1 or args.repeats < 1 or min(speculates) < 0:
        raise UserError("--n, --batch and --repeats must be positive, --speculate lengths 0 or more")
    gold = gold_inputs(args.gold, args.split or None)

    from decode.phrase_corpus import training_contracts
    from decode.token_automaton import load_automaton
    from v2t.base_model import BaseSpec, build_base
    from v2t.tokenizer import load_tokenizer

    tok = load_tokenizer()
    model = build_base(BaseSpec(preset="small"))
    automaton = load_automaton(tok, model.config.vocab_size)
    texts = [t for t, _ in gold[: args.n]]
    phrases = training_contracts(args.phrases) if args.phrases else None
    result = compare(model, tok, automaton, texts, gold, speculates, batch=args.batch,
                     max_new_tokens=args.max_new_tokens, repeats=args.repeats, phrase_contracts=phrases)
    lines = [("metric", "on", "off", "ratio", "target"), *table_lines(result, len(texts), len(gold), args.batch)]
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    print(f"speculation bench: small preset (random init), gold {args.gold} split {args.split or 'all'}, phrases "
          f"{args.phrases + ' (train split)' if args.phrases else 'none'}")
    print("\n".join(" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines))
    if args.json:
        write_json_atomic(args.json, {str(k): v for k, v in result.items()})
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
