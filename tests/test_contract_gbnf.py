"""The contract as GBNF (bench.contract_gbnf): well-formed for llama.cpp, one branch per task type of the contract
table, and the language of our grammar: every gold contract accepted, every contract that breaks a rule rejected.

The language checks read the GBNF text back through a small translator to a Python regex (the grammar has no
recursion and uses only literals, classes, groups, alternation and counted repetition), so they run without
llama.cpp; where llama-cpp-python is installed its own parser reads the text too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.contract_gbnf import contract_gbnf, literal, main
from bench.contract_schema import broken_contracts
from v2t.contract import MAX_FIELD_PAIRS, MAX_STRING_CHARS, RULES, make_contract, render
from v2t.jsonl import read_jsonl

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r'\s+|#[^\n]*|"(?:[^"\\]|\\.)*"|\[(?:[^\]\\]|\\.)*\]|\{\d+,\d+\}|[()|?*+]|[a-zA-Z0-9-]+|.')
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "[": "[", "]": "]"}


def _unescape(body: str) -> str:
    return re.sub(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)",
                  lambda m: ESCAPES.get(m[1]) or chr(int(m[1][1:], 16)), body)


def rules_of(text: str) -> dict[str, str]:
    """name -> definition text, for rules written `name ::= ...` at the start of a line."""
    heads = list(re.finditer(r"^([a-zA-Z0-9-]+) ::=", text, re.M))
    return {m[1]: text[m.end(): heads[i + 1].start() if i + 1 < len(heads) else len(text)]
            for i, m in enumerate(heads)}


def to_regex(text: str) -> re.Pattern:
    """The GBNF's root rule as one anchored Python regex, every rule reference inlined."""
    rules = rules_of(text)

    def rx(name: str, seen: tuple[str, ...]) -> str:
        assert name in rules, f"undefined rule {name}"
        assert name not in seen, f"recursive rule {name}"
        out = []
        for tok in TOKEN.findall(rules[name]):
            if tok.isspace() or tok.startswith("#"):
                continue
            if tok.startswith('"'):
                out.append(re.escape(_unescape(tok[1:-1])))
            elif tok.startswith("["):  # GBNF classes use Python's class escapes (\\x, \\u, \\U)
                out.append(tok)
            elif tok == "(":
                out.append("(?:")
            elif tok in (")", "|", "?", "*", "+") or tok.startswith("{"):
                out.append(tok)
            else:
                assert re.fullmatch(r"[a-zA-Z0-9-]+", tok), f"unexpected GBNF token {tok!r} in {name}"
                out.append(f"(?:{rx(tok, (*seen, name))})")
        return "".join(out)

    return re.compile(rx("root", ()), re.S)


@pytest.fixture(scope="module")
def gbnf() -> str:
    return contract_gbnf()


@pytest.fixture(scope="module")
def accepts(gbnf):
    pattern = to_regex(gbnf)
    return lambda contract: pattern.fullmatch(render(contract)) is not None


def test_one_branch_per_task_type_fixing_the_table(gbnf):
    branches = [b.strip() for b in rules_of(gbnf)["task-type"].strip().strip("()").split("\n  |")]
    assert len(branches) == len(RULES)
    for branch, rule in zip(branches, RULES.values(), strict=True):
        lit = _unescape(re.match(r'"((?:[^"\\]|\\.)*)"', branch)[1])
        assert lit.startswith(f'{rule.task_type}","route":"{rule.route}",')
        assert f'"safety":{{"allow":{json.dumps(rule.allow)},"reason":"{rule.reason}"}}' in lit
        if rule.confirmation_any:  # blocked: either value, chosen after the task type
            assert lit.endswith('"confirmation_required":')
        else:
            assert f'"confirmation_required":{json.dumps(rule.confirmation)},"slots":{{"{rule.slot_key}":' in lit


def test_every_gold_contract_is_accepted(accepts):
    golds = [r["gold_contract"] for r in read_jsonl(ROOT / "data" / "lockbox" / "dev-lockbox-v1.jsonl")]
    assert {g["task_type"] for g in golds} == set(RULES)
    assert all(accepts(g) for g in golds)


def test_bounds_of_strings_and_fields(accepts):
    longest = "天" * MAX_STRING_CHARS
    assert accepts(make_contract("search", longest, longest))
    assert not accepts(make_contract("search", longest + "天", "搜索"))
    assert accepts(make_contract("search", "北京 天气", "搜索北京天气"))  # inner white space is text
    assert not accepts(make_contract("search", " 北京", "搜索"))  # the first character is not white space
    assert not accepts(make_contract("search", "北京\u3000", "\u3000搜索"))
    fields = {f"项{i}": "值" for i in range(MAX_FIELD_PAIRS)}
    assert accepts(make_contract("form_fill", fields, "在表单中填写"))
    assert not accepts(make_contract("form_fill", {**fields, "多": "值"}, "在表单中填写"))
    confirmed = make_contract("blocked", "代付转账", "拒绝代付的请求")
    confirmed["confirmation_required"] = True  # the evaluator accepts either value for blocked
    assert accepts(confirmed)


def test_every_broken_contract_is_rejected(accepts):
    broken = list(broken_contracts())
    assert len(broken) > 30
    assert [name for name, c in broken if accepts(c)] == []


def test_literals_escape_what_gbnf_reads_as_syntax():
    assert literal('a"b\\c') == r'"a\"b\\c"'
    assert literal("天\n") == r'"\u5929\x0a"'


def test_cli_writes_the_grammar(tmp_path, capsys):
    out = tmp_path / "contract.gbnf"
    assert main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == contract_gbnf()


def test_llama_cpp_parses_it(gbnf):
    """llama.cpp's own parser (a grammar sampler needs a vocabulary only for token literals, which this grammar
    has none of); a broken grammar gives no sampler, so the check can fail."""
    llama_cpp = pytest.importorskip("llama_cpp")

    def parses(text: str) -> bool:
        sampler = llama_cpp.llama_sampler_init_grammar(None, text.encode(), b"root")
        if not sampler:
            return False
        llama_cpp.llama_sampler_free(sampler)
        return True

    assert parses(gbnf)
    assert not parses(gbnf.replace("str ::=", "str ::= (", 1))
