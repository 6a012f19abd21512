"""The contract as one JSON Schema for other engines (vLLM, xgrammar, outlines): the strict schema layer and the
semantic rules, generated from v2t.contract's RULES like the grammar. One branch per task type.

Lengths are maxLength and never stand beside a `pattern` (xgrammar ignores maxLength there). The one pattern,
normalized_command's "holds a non-white-space character" (the strict layer's rule), carries its length bound
inside the pattern instead.
"""

from __future__ import annotations

from typing import Any

from v2t.contract import (
    CONTRACT_VERSION,
    KEY_ORDER,
    LANGUAGE,
    MAX_FIELD_PAIRS,
    MAX_STRING_CHARS,
    RULES,
    Rule,
)

SCHEMA_ID = "https://voice2task-jax/contract-v1-rules.schema.json"
# A slot string or a form field label or value: 1-64 characters, as the decoder's strings.
STRING = {"type": "string", "minLength": 1, "maxLength": MAX_STRING_CHARS}
# First character not white space, then up to 63 more: the strict layer's `\S` with the length in the pattern.
COMMAND = {"type": "string", "pattern": f"^\\S[\\s\\S]{{0,{MAX_STRING_CHARS - 1}}}$"}


def _branch(rule: Rule) -> dict[str, Any]:
    slot = ({"type": "object", "minProperties": 1, "maxProperties": MAX_FIELD_PAIRS,
             "propertyNames": {"minLength": 1, "maxLength": MAX_STRING_CHARS}, "additionalProperties": STRING}
            if rule.slot_is_object else STRING)
    confirmation = {"type": "boolean"} if rule.confirmation_any else {"const": rule.confirmation}
    properties = {
        "task_type": {"const": rule.task_type},
        "route": {"const": rule.route},
        "safety": {"type": "object", "additionalProperties": False, "required": ["allow", "reason"],
                   "properties": {"allow": {"const": rule.allow}, "reason": {"const": rule.reason}}},
        "confirmation_required": confirmation,
        "slots": {"type": "object", "additionalProperties": False, "required": [rule.slot_key],
                  "properties": {rule.slot_key: slot}},
        "normalized_command": COMMAND,
        "language": {"const": LANGUAGE},
        "contract_version": {"const": CONTRACT_VERSION},
    }
    assert tuple(properties) == KEY_ORDER  # engines emit properties in this order: decision first
    return {"type": "object", "title": rule.task_type, "additionalProperties": False, "required": list(KEY_ORDER),
            "properties": properties}


def contract_json_schema() -> dict[str, Any]:
    """Draft 2020-12; a contract is valid exactly when it passes the strict schema and its task type's rules
    (with the decoder's 1-64 character strings and 1-8 form fields)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "Browser Task Contract v1 (schema and semantic rules)",
            "oneOf": [_branch(rule) for rule in RULES.values()]}
