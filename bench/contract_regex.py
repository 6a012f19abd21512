"""The contract grammar as one regular expression, the constraint handed to peers (outlines-core, xgrammar).

Generated from decode.grammar's nodes, so peers accept the same language as our token automaton: the same
literals, strings of 1-64 characters holding a non-white-space one, 1-8 form field pairs.
"""

from __future__ import annotations

import sys

from decode.grammar import Grammar, build_grammar
from v2t.contract import FORBIDDEN_CHARS

# Characters str.isspace() counts, minus the forbidden ASCII controls: the white space a string may hold.
_SPACES = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and not FORBIDDEN_CHARS.match(c))
_FORBIDDEN = r'"\\\x00-\x1f\x7f'
ANY_CHAR = f"[^{_FORBIDDEN}]"
SPACE_CHAR = f"[{_SPACES}]"
NONSPACE_CHAR = f"[^{_FORBIDDEN}{_SPACES}]"
_META = set("\\.^$|?*+()[]{}")


def escape(literal: str) -> str:
    """Backslash only regex metacharacters: the plain syntax Python re, Rust regex and xgrammar share."""
    return "".join("\\" + c if c in _META else c for c in literal)


def string_regex(max_chars: int) -> str:
    """1..max_chars allowed characters, the first not white space. Our automaton also allows leading spaces
    (it only needs one non-space somewhere); the exact rule as a regex is quadratic in max_chars, which costs
    peers far more than the language is worth (xgrammar about a minute per string, outlines-core out of memory)."""
    return f"{NONSPACE_CHAR}{ANY_CHAR}{{0,{max_chars - 1}}}"


def contract_regex(grammar: Grammar | None = None) -> str:
    """The grammar's language; the form field pair loop as a counted repetition (1 to max_field_pairs pairs)."""
    g = grammar or build_grammar()
    string = string_regex(g.max_string_chars)

    def node(name: str, loop_end: str | None = None) -> str:
        """Regex from entering `name` to the end, or, inside the pair loop, to `loop_end`'s string."""
        n = g.node(name)
        if n.kind == "accept":
            return ""
        out = string if n.kind == "string" else ""
        if name == loop_end:
            return out
        for o in n.options:
            if o.needs_pair_room:  # another pair: the loop runs back to this node's string
                out += f"(?:{escape(o.literal)}{node(o.next, loop_end=name)}){{0,{g.max_field_pairs - 1}}}"
        branches = [escape(o.literal) + node(o.next, loop_end) for o in n.options if not o.needs_pair_room]
        return out + (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")

    return node(g.nodes[0].name)
