"""`python -m bench.contract_schema`: the contract JSON Schema (decode.contract_json_schema) compiled with xgrammar
on CPU and run through its matcher: every gold contract of the project's data accepted, every contract that
breaks one rule rejected; the same cases tests/test_contract_json_schema.py checks with jsonschema.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from v2t.contract import MAX_FIELD_PAIRS, MAX_STRING_CHARS, RULES, make_contract, render  # noqa: E402
from v2t.errors import cli_entry  # noqa: E402
from v2t.jsonl import read_jsonl  # noqa: E402

LOCKBOX = ROOT / "data" / "lockbox" / "dev-lockbox-v1.jsonl"


def gold_contracts(build_dir: Path) -> list[dict[str, Any]]:
    """SFT targets, DPO chosen contracts (a v2t.build output directory) and the dev lockbox's golds."""
    return ([r["target_contract"] for r in read_jsonl(build_dir / "sft.jsonl")]
            + [r["chosen_contract"] for r in read_jsonl(build_dir / "dpo.jsonl")]
            + [r["gold_contract"] for r in read_jsonl(LOCKBOX)])


def _sample(task_type: str) -> dict[str, Any]:
    slot = {"邮箱": "lihua@qq.com"} if RULES[task_type].slot_is_object else "北京天气"
    return make_contract(task_type, slot, "搜索北京天气")


def broken_contracts() -> Iterator[tuple[str, dict[str, Any]]]:
    """(what is broken, contract): per task type each semantic rule of CONTRACT.md §3 broken alone, then the
    schema layer's rules and the decoder's string and field bounds."""
    for task_type, rule in RULES.items():
        other = next(r for r in RULES.values() if r.route != rule.route and r.slot_key != rule.slot_key)
        for name, path, value in (
            ("task_route_mismatch", ("route",), other.route),
            ("safety_allow_mismatch", ("safety", "allow"), not rule.allow),
            ("safety_reason_mismatch", ("safety", "reason"), other.reason if other.reason != rule.reason else "x"),
            ("confirmation_policy_mismatch", ("confirmation_required",), not rule.confirmation),
        ):
            if name == "confirmation_policy_mismatch" and rule.confirmation_any:
                continue  # blocked accepts either value
            c = _sample(task_type)
            node = c
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
            yield f"{task_type}: {name}", c
        c = _sample(task_type)
        c["slots"] = {other.slot_key: "北京天气"}
        yield f"{task_type}: missing_required_slot", c
    good = _sample("search")
    for name, change in (
        ("extra key", lambda c: c.update(extra=1)),
        ("missing key", lambda c: c.pop("language")),
        ("language", lambda c: c.update(language="en-US")),
        ("contract_version", lambda c: c.update(contract_version="v2")),
        ("confirmation 0", lambda c: c.update(confirmation_required=0)),
        ("allow 1", lambda c: c["safety"].update(allow=1)),
        ("extra safety key", lambda c: c["safety"].update(note="x")),
        ("white-space command", lambda c: c.update(normalized_command="  ")),
        ("empty slot", lambda c: c["slots"].update(query="")),
        ("long slot", lambda c: c["slots"].update(query="天" * (MAX_STRING_CHARS + 1))),
        ("long command", lambda c: c.update(normalized_command="搜" * (MAX_STRING_CHARS + 1))),
        ("extra slot", lambda c: c["slots"].update(url="https://www.baidu.com")),
        ("unknown task type", lambda c: c.update(task_type="shop")),
    ):
        c = copy.deepcopy(good)
        change(c)
        yield name, c
    form = _sample("form_fill")
    for name, field in (("no field", {}), ("too many fields", {f"项{i}": "值" for i in range(MAX_FIELD_PAIRS + 1)}),
                        ("long field value", {"邮箱": "a" * (MAX_STRING_CHARS + 1)}), ("field value not string", {"x": 1})):
        yield name, {**form, "slots": {"field": field}}


def xgrammar_compiled(tokenizer, vocab_size: int = 151936):
    """(xgrammar's compiled contract schema, compact as our decoder writes it; seconds, TokenizerInfo included)."""
    import xgrammar as xgr

    from bench.peers import xgrammar_info
    from decode.contract_json_schema import contract_json_schema

    started = time.perf_counter()
    compiler = xgr.GrammarCompiler(xgrammar_info(tokenizer, vocab_size), max_threads=2, cache_enabled=False)
    compiled = compiler.compile_json_schema(json.dumps(contract_json_schema()), any_whitespace=False,
                                            separators=(",", ":"))
    return compiled, time.perf_counter() - started


def xgrammar_matcher(tokenizer, vocab_size: int = 151936):
    """(accepts(contract) -> bool, compile seconds): decision-first compact JSON through xgrammar's matcher."""
    import xgrammar as xgr

    compiled, seconds = xgrammar_compiled(tokenizer, vocab_size)

    def accepts(contract: dict[str, Any]) -> bool:
        matcher = xgr.GrammarMatcher(compiled, terminate_without_stop_token=True)
        return matcher.accept_string(render(contract)) and matcher.is_terminated()

    return accepts, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.contract_schema", description=__doc__.splitlines()[0])
    ap.add_argument("--build", help="a v2t.build output directory (default: build the seeds into a temporary one)")
    args = ap.parse_args(argv)
    from v2t.tokenizer import load_tokenizer

    with tempfile.TemporaryDirectory() as tmp:
        build_dir = Path(args.build) if args.build else Path(tmp)
        if not args.build:
            from v2t import build

            build.build(ROOT / "data" / "seeds", build_dir)
        golds = gold_contracts(build_dir)
    accepts, seconds = xgrammar_matcher(load_tokenizer(None))
    accepted = sum(accepts(c) for c in golds)
    broken = list(broken_contracts())
    wrongly = [name for name, c in broken if accepts(c)]
    print(f"xgrammar compile of the contract schema: {seconds:.2f} s")
    print(f"gold contracts accepted: {accepted}/{len(golds)}")
    print(f"broken contracts rejected: {len(broken) - len(wrongly)}/{len(broken)}"
          + (f" (accepted: {', '.join(wrongly)})" if wrongly else ""))
    return 0 if accepted == len(golds) and not wrongly else 1


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
