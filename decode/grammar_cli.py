"""`python -m decode.grammar accepts|stats|schema`: check gold contracts against the token automaton, size it, or
write the contract's JSON Schema (schema layer and semantic rules) for other engines.

`accepts` tokenizes each gold row's contract exactly as training does and walks it through the automaton.
"""

from __future__ import annotations

import argparse
import time

from v2t.contract import validate
from v2t.errors import UserError
from v2t.jsonl import read_jsonl
from v2t.rows import gold_contract, row_id

DEFAULT_VOCAB = 151936  # Qwen2.5 0.5B and the small presets; the 7B checkpoint pads to 152064


def _automaton(args):
    from decode.token_automaton import load_automaton
    from v2t.tokenizer import load_tokenizer

    tokenizer = load_tokenizer(args.checkpoint)
    return tokenizer, load_automaton(tokenizer, args.vocab_size)


def cmd_accepts(args) -> int:
    from decode.automaton_state import first_rejected
    from v2t.prompt import target_ids

    rows = read_jsonl(args.rows)
    tokenizer, automaton = _automaton(args)
    accepted, first_bad = 0, None
    for lineno, row in enumerate(rows, start=1):
        contract = gold_contract(row)
        if contract is None and isinstance(row.get("chosen_contract"), dict):
            contract = row["chosen_contract"]  # a DPO pair: the chosen side is what training teaches
        if contract is None:
            raise UserError(f"{args.rows}:{lineno}: row has no target_contract, gold_contract or chosen_contract")
        v = validate(contract)
        if not v.semantic_valid:  # the grammar cannot even be walked without a task type's rules
            reason = f"not a semantic-valid contract ({v.issues[0].path}: {v.issues[0].message})"
        else:
            ids = target_ids(tokenizer, contract)
            bad = first_rejected(automaton, ids)
            reason = None if bad is None else (
                f"token {bad} ({ids[bad] if bad < len(ids) else 'end'}"
                f" {tokenizer.decode(ids[bad:bad + 1])!r}) after {tokenizer.decode(ids[:bad])[-40:]!r}"
            )
        if reason is None:
            accepted += 1
        elif first_bad is None:
            first_bad = f"first rejected: {row_id(row) or f'line {lineno}'}: {reason}"
    print(f"accepted {accepted}/{len(rows)}")
    if first_bad:
        print(first_bad)
    return 0 if accepted == len(rows) else 1


def cmd_stats(args) -> int:
    from decode.grammar import build_grammar
    from decode.token_automaton import compile_automaton, derived_tables
    from v2t.tokenizer import load_tokenizer

    tokenizer = load_tokenizer(args.checkpoint)
    started = time.perf_counter()
    automaton = compile_automaton(build_grammar(), tokenizer, args.vocab_size)
    seconds = time.perf_counter() - started
    kinds = automaton.node_kind_N[:-1]
    print(f"grammar nodes: {len(automaton.node_names)} ({int((kinds == 1).sum())} choice, "
          f"{int((kinds == 2).sum())} string), options: {len(automaton.option_next_O)}")
    print(f"utf-8 byte states: {automaton.string_step_UxV.shape[0]}, vocab: {automaton.vocab_size}, "
          f"widest forced chunk: {automaton.max_chunk}")
    print(f"table bytes: {automaton.table_bytes()} ({automaton.table_bytes() / 2**20:.1f} MiB)")
    derived = derived_tables(automaton)
    on_device = automaton.table_bytes() + sum(x.nbytes for x in derived.values())
    print(f"on device (with the derived {', '.join(derived)}): {on_device} ({on_device / 2**20:.1f} MiB)")
    print(f"build time: {seconds:.2f} s")
    return 0


def cmd_schema(args) -> int:
    from decode.contract_json_schema import contract_json_schema
    from v2t.jsonl import write_json_atomic

    schema = contract_json_schema()
    write_json_atomic(args.out, schema)
    print(f"wrote {args.out} ({len(schema['oneOf'])} task-type branches)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m decode.grammar", description=__doc__)
    parser.add_argument("--checkpoint", help="checkpoint directory whose tokenizer to use (default: offline build)")
    parser.add_argument("--vocab-size", type=int, default=DEFAULT_VOCAB, help="model vocabulary (padded) size")
    sub = parser.add_subparsers(dest="command", required=True)
    accepts = sub.add_parser("accepts", help="check that every gold contract's target ids are accepted")
    accepts.add_argument("--rows", required=True, help="gold rows JSONL (seed, SFT, DPO or lockbox rows)")
    sub.add_parser("stats", help="print the automaton's states, table bytes and build time")
    schema = sub.add_parser("schema", help="write the contract JSON Schema (one branch per task type)")
    schema.add_argument("--out", required=True, help="JSON file to write")
    args = parser.parse_args(argv)
    return {"accepts": cmd_accepts, "stats": cmd_stats, "schema": cmd_schema}[args.command](args)
