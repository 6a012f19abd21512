"""`python -m bench.contract_gbnf [--out F]`: the contract grammar as GBNF, the constraint llama.cpp samples under.

Generated from decode.grammar's nodes (themselves from v2t.contract's RULES), one GBNF rule per node: the task
type choice has one branch per task type whose literal fixes route, safety, confirmation and the slot key, then
bounded strings and the fixed tail. The same language as bench.contract_regex hands to the other peers: strings
of 1-64 characters whose first is not white space (our automaton only needs one non-space somewhere; the exact
rule is quadratic in the length, see contract_regex.string_regex), 1-8 form field pairs, compact, decision first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.contract_regex import _SPACES  # noqa: E402
from decode.grammar import Grammar, build_grammar  # noqa: E402
from v2t.errors import cli_entry  # noqa: E402
from v2t.jsonl import write_text_atomic  # noqa: E402

# v2t.contract.FORBIDDEN_CHARS as a GBNF class body: quote, backslash, C0 controls and DEL.
_FORBIDDEN = r'"\\\x00-\x1f\x7f'
STRING_RULE, CHAR_RULE, NONSPACE_RULE = "str", "char", "nonspace"


def _escape_char(c: str) -> str:
    """A code point as GBNF writes it inside a literal or a class: printable ASCII as is, the rest escaped."""
    if c in '"\\[]':
        return "\\" + c
    if " " <= c <= "~":
        return c
    return f"\\x{ord(c):02x}" if ord(c) < 0x80 else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"


def literal(text: str) -> str:
    """A GBNF string literal; the contract's literals are ASCII, anything else is escaped the same way."""
    return '"' + "".join(_escape_char(c) for c in text) + '"'


def rule_name(node_name: str) -> str:
    """GBNF names are [a-zA-Z0-9-]+: `slot:search` -> `slot-search`, `field_label` -> `field-label`."""
    return "".join(c if c.isalnum() else "-" for c in node_name)


def contract_gbnf(grammar: Grammar | None = None) -> str:
    """The GBNF text: `root` first, one rule per grammar node, then the string rules."""
    g = grammar or build_grammar()
    kinds = {n.name: n.kind for n in g.nodes}

    def ref(name: str, loop_end: str | None) -> list[str]:
        """How to continue into `name`: its rule outside the pair loop, inlined inside it (the loop must be
        counted, so its body cannot call back into the rule that counts it)."""
        if kinds[name] == "accept":
            return []
        return body(name, loop_end) if loop_end is not None else [rule_name(name)]

    def body(name: str, loop_end: str | None = None) -> list[str]:
        n = g.node(name)
        out = [STRING_RULE] if n.kind == "string" else []
        if name == loop_end:
            return out
        for o in n.options:
            if o.needs_pair_room:  # pairs 2..max: the loop runs back through this node's string
                inner = " ".join([literal(o.literal), *ref(o.next, loop_end=name)])
                out.append(f"({inner}){{0,{g.max_field_pairs - 1}}}")
        branches = [" ".join([literal(o.literal), *ref(o.next, loop_end)]) for o in n.options if not o.needs_pair_room]
        # newlines are free only inside parentheses in GBNF: a multi-branch choice is one group, a branch a line
        return out + (branches if len(branches) == 1 else ["(\n    " + "\n  | ".join(branches) + "\n)"])

    lines = [f"root ::= {' '.join(body(g.nodes[0].name))}"]
    for n in g.nodes[1:]:
        if n.kind != "accept":
            lines.append(f"{rule_name(n.name)} ::= {' '.join(body(n.name))}")
    spaces = "".join(_escape_char(c) for c in _SPACES)
    lines += [
        f"# {g.max_string_chars} characters at most, the first not white space; no quote, backslash or control",
        f"{STRING_RULE} ::= {NONSPACE_RULE} {CHAR_RULE}{{0,{g.max_string_chars - 1}}}",
        f"{CHAR_RULE} ::= [^{_FORBIDDEN}]",
        f"{NONSPACE_RULE} ::= [^{_FORBIDDEN}{spaces}]",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.contract_gbnf", description=__doc__.splitlines()[0])
    ap.add_argument("--out", help="write the grammar here (default: print it)")
    args = ap.parse_args(argv)
    text = contract_gbnf()
    if args.out:
        write_text_atomic(args.out, text)
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
