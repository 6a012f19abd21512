"""The contract JSON Schema for other engines: every gold contract of the project's data accepted, every contract
breaking one semantic or schema rule rejected, and `python -m decode.grammar schema --out F` writes it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from bench.contract_schema import broken_contracts, gold_contracts
from decode.contract_json_schema import contract_json_schema
from decode.grammar_cli import main as grammar_main
from v2t import build
from v2t.contract import RULES, make_contract, validate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def validator():
    schema = contract_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_gold_contract_of_the_project_is_accepted(validator, tmp_path):
    build.build(ROOT / "data" / "seeds", tmp_path)
    golds = gold_contracts(tmp_path)
    assert len(golds) > 1000
    rejected = [c for c in golds if not validator.is_valid(c)]
    assert rejected == []


@pytest.mark.parametrize(("name", "contract"), list(broken_contracts()), ids=lambda x: x if isinstance(x, str) else "")
def test_a_contract_breaking_one_rule_is_rejected(validator, name, contract):
    assert not validator.is_valid(contract)


@pytest.mark.parametrize("task_type", list(RULES))
def test_each_task_type_branch_accepts_what_its_rule_allows(validator, task_type):
    slot = {"邮箱": "lihua@qq.com", "姓名": "李华"} if RULES[task_type].slot_is_object else "北京天气"
    contract = make_contract(task_type, slot, "搜索北京天气")
    assert validate(contract).semantic_valid and validator.is_valid(contract)
    contract["confirmation_required"] = not contract["confirmation_required"]
    assert validator.is_valid(contract) is RULES[task_type].confirmation_any  # only blocked leaves it open


def test_no_max_length_beside_a_pattern():
    """xgrammar ignores maxLength where a pattern stands beside it, so a bound there would not hold."""
    def walk(node):
        if isinstance(node, dict):
            assert not ("pattern" in node and "maxLength" in node), node
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(contract_json_schema())


def test_cli_writes_the_schema(tmp_path, capsys):
    out = tmp_path / "schemas" / "contract.schema.json"
    assert grammar_main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == contract_json_schema()
    assert "6 task-type branches" in capsys.readouterr().out
