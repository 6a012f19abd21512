"""The contract grammar: generated from v2t.contract's rules, and the `decode.grammar` CLI."""

from __future__ import annotations

import json

import pytest

from decode.grammar import ACCEPT, START, TASK_TYPE, build_grammar
from decode.grammar_cli import main
from v2t.contract import MAX_FIELD_PAIRS, RULES, TASK_TYPES, make_contract, render


def _text_along(contract: dict) -> str:
    """Walk the grammar choosing the contract's options; strings are copied in."""
    g = build_grammar()
    values = [contract["slots"][RULES[contract["task_type"]].slot_key]]
    if isinstance(values[0], dict):
        values = [s for kv in values[0].items() for s in kv]
    values.append(contract["normalized_command"])
    node, text = g.node(START), ""
    while node.name != ACCEPT:
        if node.kind == "string":
            text += values.pop(0)
            option = node.options[0] if len(node.options) == 1 else node.options[0 if len(values) > 1 else 1]
        elif node.kind == "choice" and node.name == TASK_TYPE:
            option = next(o for o in node.options if o.literal.startswith(contract["task_type"] + '"'))
        elif node.kind == "choice":
            option = next(o for o in node.options if o.literal.startswith(json.dumps(contract["confirmation_required"])))
        else:
            option = node.options[0]
        text += option.literal
        node = g.node(option.next)
    return text


@pytest.mark.parametrize("task_type", TASK_TYPES)
def test_grammar_paths_spell_the_rendered_contract(task_type):
    slot = {"邮箱": "a@b.cn", "姓名": "李华"} if RULES[task_type].slot_is_object else "值"
    contract = make_contract(task_type, slot, "命令")
    assert _text_along(contract) == render(contract)


def test_blocked_confirmation_is_the_only_second_choice():
    g = build_grammar()
    choices = [n for n in g.nodes if n.kind == "choice"]
    assert [n.name for n in choices] == ["task_type", "confirmation:blocked"]
    assert {o.literal.split(",")[0] for o in choices[1].options} == {"true", "false"}
    blocked = make_contract("blocked", "原因", "拒绝请求")
    blocked["confirmation_required"] = True
    assert _text_along(blocked) == render(blocked)


def test_task_type_options_fix_route_safety_and_confirmation_from_rules():
    options = build_grammar().node(TASK_TYPE).options
    assert len(options) == len(TASK_TYPES)
    for option, rule in zip(options, RULES.values(), strict=True):
        assert f'"route":"{rule.route}"' in option.literal
        assert f'"reason":"{rule.reason}"' in option.literal
        if not rule.confirmation_any:
            assert f'"confirmation_required":{json.dumps(rule.confirmation)}' in option.literal
    assert build_grammar().max_field_pairs == MAX_FIELD_PAIRS


def _rows(tmp_path, contracts, name="rows.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps({"id": f"r{i}", "target_contract": c}, ensure_ascii=False) + "\n"
                            for i, c in enumerate(contracts)), encoding="utf-8")
    return path


def test_accepts_cli_counts_and_names_the_first_rejected_row(tmp_path, capsys):
    good = [make_contract(t, {"字段": "值"} if RULES[t].slot_is_object else "槽位值", "命令") for t in TASK_TYPES]
    assert main(["accepts", "--rows", str(_rows(tmp_path, good))]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "accepted 6/6"
    bad = make_contract("search", "长" * 65, "搜索")
    assert main(["accepts", "--rows", str(_rows(tmp_path, [*good, bad]))]) == 1
    out = capsys.readouterr().out
    assert "accepted 6/7" in out and "r6" in out


def test_accepts_cli_bad_file_is_one_error_line(tmp_path, capsys):
    from v2t.errors import cli_entry

    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    assert cli_entry(main)(["accepts", "--rows", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {path}:2:")


def test_stats_cli_reports_bytes_and_build_time(capsys):
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "table bytes:" in out
    seconds = float(out.split("build time: ")[1].split()[0])
    assert seconds < 10
