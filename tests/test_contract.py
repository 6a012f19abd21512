import json

import pytest

from v2t import contract as C


def _valid(task_type="search"):
    value = {"邮箱": "lihua@qq.com"} if task_type == "form_fill" else "明天北京天气"
    return C.make_contract(task_type, value, "搜索明天北京天气")


@pytest.mark.parametrize("task_type", C.TASK_TYPES)
def test_make_contract_is_semantic_valid_for_every_task_type(task_type):
    v = C.validate(_valid(task_type))
    assert v.layer == "semantic", v.issues


def test_render_is_decision_first_and_compact():
    shuffled = dict(sorted(_valid().items()))
    text = C.render(shuffled)
    assert text.startswith('{"task_type":"search","route":"search_web","safety":{"allow":true,"reason":"public_readonly"}')
    assert text.endswith('"language":"zh-CN","contract_version":"v1"}')
    assert " " not in text and "明天" in text


def test_hash_json_sorts_keys():
    assert C.hash_json({"b": 1, "a": "中"}) == '{"a":"中","b":1}'


@pytest.mark.parametrize(
    "mutate, layer, category",
    [
        (lambda c: c.pop("language"), "parse", "required"),
        (lambda c: c.update(extra=1), "parse", "additionalProperties"),
        (lambda c: c["safety"].update(note="x"), "parse", "additionalProperties"),
        (lambda c: c.update(confirmation_required=0), "parse", "type"),
        (lambda c: c.update(task_type="browse"), "parse", "enum"),
        (lambda c: c.update(normalized_command="  "), "parse", "pattern"),
        (lambda c: c.update(route="open_url"), "schema", "task_route_mismatch"),
        (lambda c: c["safety"].update(allow=False), "schema", "safety_allow_mismatch"),
        (lambda c: c.update(slots={"url": "https://a.cn"}), "schema", "missing_required_slot"),
    ],
)
def test_validate_reports_layer_and_category(mutate, layer, category):
    c = json.loads(json.dumps(_valid()))
    mutate(c)
    v = C.validate(c)
    assert v.layer == layer
    assert category in {i.category for i in v.issues}


def test_validate_parses_strings_but_not_fences_or_arrays():
    assert C.validate(C.render(_valid())).layer == "semantic"
    assert C.validate("```json\n" + C.render(_valid()) + "\n```").layer == "none"
    assert C.validate("[1]").layer == "none"
    assert C.validate(None).layer == "none"


def test_blocked_accepts_either_confirmation():
    c = _valid("blocked")
    c["confirmation_required"] = True
    assert C.validate(c).layer == "semantic"
    assert "blocked_confirmation" in {i.category for i in C.convention_issues(c)}


def test_convention_rejects_quotes_long_strings_and_bare_urls():
    c = C.make_contract("navigate", "www.baidu.com", "打开百度")
    assert {i.category for i in C.convention_issues(c)} == {"bad_url"}
    c = C.make_contract("search", 'a"b', "x" * 65)
    assert [i.category for i in C.convention_issues(c)] == ["bad_string", "bad_string"]
