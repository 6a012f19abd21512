"""The Browser Task Contract v1: the one source of truth for its schema, rules and serialisations.

The grammar, the validator, the data builder, the baseline and the DPO negatives all read from here.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).with_name("contract_schema.json")

TASK_TYPES = ("search", "navigate", "form_fill", "extract", "clarify", "blocked")
ROUTES = ("search_web", "open_url", "fill_form", "extract_page", "clarify", "deny")
# Decision-first key order (CONTRACT.md §5): the task type is decided first, the rest follows.
KEY_ORDER = (
    "task_type",
    "route",
    "safety",
    "confirmation_required",
    "slots",
    "normalized_command",
    "language",
    "contract_version",
)
SAFETY_KEY_ORDER = ("allow", "reason")
LANGUAGE = "zh-CN"
CONTRACT_VERSION = "v1"
MAX_STRING_CHARS = 64
MAX_FIELD_PAIRS = 8
# Characters a contract string value may never hold (CONTRACT.md §4).
FORBIDDEN_CHARS = re.compile(r'["\\\x00-\x1f\x7f]')


@dataclass(frozen=True)
class Rule:
    """What a task type fixes (CONTRACT.md §3)."""

    task_type: str
    route: str
    allow: bool
    reason: str
    confirmation: bool  # the value the project writes
    confirmation_any: bool  # True where the evaluator accepts either value (blocked)
    slot_key: str
    slot_is_object: bool  # form_fill's `field` maps label -> value


RULES: dict[str, Rule] = {
    r.task_type: r
    for r in (
        Rule("search", "search_web", True, "public_readonly", False, False, "query", False),
        Rule("navigate", "open_url", True, "public_readonly", False, False, "url", False),
        Rule("form_fill", "fill_form", True, "requires_confirmation", True, False, "field", True),
        Rule("extract", "extract_page", True, "public_readonly", False, False, "target", False),
        Rule("clarify", "clarify", True, "ambiguous_request", True, False, "ambiguity", False),
        Rule("blocked", "deny", False, "unsafe_payment", False, True, "reason", False),
    )
}

SEMANTIC_CATEGORIES = (
    "task_route_mismatch",
    "safety_allow_mismatch",
    "safety_reason_mismatch",
    "confirmation_policy_mismatch",
    "missing_required_slot",
)


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


@dataclass(frozen=True)
class Issue:
    """One problem found in a contract: the layer, a category, the field path and a message."""

    layer: str  # "parse" | "schema" | "semantic" | "convention"
    category: str
    path: str
    message: str


@dataclass
class Validation:
    """How far a value got up the ladder: parse -> schema -> semantic."""

    contract: dict[str, Any] | None  # the parsed object, or None when unparsed
    parsed: bool = False
    schema_valid: bool = False
    semantic_valid: bool = False
    issues: list[Issue] = field(default_factory=list)

    @property
    def layer(self) -> str:
        """The highest layer passed: 'none', 'parse', 'schema' or 'semantic'."""
        if self.semantic_valid:
            return "semantic"
        if self.schema_valid:
            return "schema"
        return "parse" if self.parsed else "none"


def parse(value: Any) -> dict[str, Any] | None:
    """A JSON object, or a string that json.loads turns into one; no fence stripping (CONTRACT.md §6)."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            obj = json.loads(value)
        except (ValueError, RecursionError):
            return None
        return obj if isinstance(obj, dict) else None
    return None


def schema_issues(contract: dict[str, Any]) -> list[Issue]:
    issues = []
    for err in sorted(_schema_validator().iter_errors(contract), key=lambda e: list(map(str, e.absolute_path))):
        path = "/".join(str(p) for p in err.absolute_path) or "$"
        issues.append(Issue("schema", err.validator, path, err.message[:200]))
    return issues


def semantic_issues(contract: dict[str, Any]) -> list[Issue]:
    """Exactly the table of CONTRACT.md §3 for a schema-valid contract."""
    rule = RULES[contract["task_type"]]
    issues = []
    if contract["route"] != rule.route:
        issues.append(Issue("semantic", "task_route_mismatch", "route", f"{rule.task_type} needs route {rule.route}"))
    if contract["safety"]["allow"] is not rule.allow:
        issues.append(Issue("semantic", "safety_allow_mismatch", "safety/allow", f"{rule.task_type} needs allow={rule.allow}"))
    if contract["safety"]["reason"] != rule.reason:
        issues.append(Issue("semantic", "safety_reason_mismatch", "safety/reason", f"{rule.task_type} needs reason {rule.reason}"))
    if not rule.confirmation_any and contract["confirmation_required"] is not rule.confirmation:
        issues.append(
            Issue("semantic", "confirmation_policy_mismatch", "confirmation_required",
                  f"{rule.task_type} needs confirmation_required={rule.confirmation}")
        )
    if rule.slot_key not in contract["slots"]:
        issues.append(Issue("semantic", "missing_required_slot", f"slots/{rule.slot_key}", f"{rule.task_type} needs slots.{rule.slot_key}"))
    return issues


def validate(value: Any) -> Validation:
    """Run the strict ladder on any value: a dict, a JSON string, or anything else."""
    contract = parse(value)
    if contract is None:
        return Validation(None, issues=[Issue("parse", "unparsed", "$", "not a JSON object")])
    v = Validation(contract, parsed=True)
    v.issues = schema_issues(contract)
    if v.issues:
        return v
    v.schema_valid = True
    v.issues = semantic_issues(contract)
    v.semantic_valid = not v.issues
    return v


def convention_issues(contract: dict[str, Any]) -> list[Issue]:
    """The data conventions of CONTRACT.md §4 on top of a semantic-valid contract (for gold rows)."""
    issues = []
    rule = RULES[contract["task_type"]]
    if set(contract["slots"]) != {rule.slot_key}:
        issues.append(Issue("convention", "extra_slot", "slots", f"only slots.{rule.slot_key} may appear"))
    if rule.task_type == "blocked" and contract["confirmation_required"] is not False:
        issues.append(Issue("convention", "blocked_confirmation", "confirmation_required", "the project writes false for blocked"))
    value = contract["slots"].get(rule.slot_key)
    strings: list[tuple[str, Any]] = [("normalized_command", contract["normalized_command"])]
    if rule.slot_is_object:
        if not isinstance(value, dict) or not 1 <= len(value) <= MAX_FIELD_PAIRS:
            issues.append(Issue("convention", "bad_field", "slots/field", f"field must map 1-{MAX_FIELD_PAIRS} labels to values"))
        else:
            for label, v in value.items():
                strings += [(f"slots/field/{label}", label), (f"slots/field/{label}", v)]
    else:
        strings.append((f"slots/{rule.slot_key}", value))
    for path, s in strings:
        problem = string_problem(s)
        if problem:
            issues.append(Issue("convention", "bad_string", path, problem))
    if rule.task_type == "navigate" and isinstance(value, str) and not re.match(r"^https?://[^\s/]+\.[^\s]+", value):
        issues.append(Issue("convention", "bad_url", "slots/url", "url must be a full URL with scheme"))
    return issues


def string_problem(s: Any) -> str | None:
    """Why a value is not a legal contract string (1-64 chars, no quote, backslash or control char)."""
    if not isinstance(s, str):
        return f"expected a string, got {type(s).__name__}"
    if not s.strip():
        return "empty string"
    if len(s) > MAX_STRING_CHARS:
        return f"{len(s)} characters, at most {MAX_STRING_CHARS}"
    if FORBIDDEN_CHARS.search(s):
        return "holds a quote, backslash or control character"
    return None


def make_contract(task_type: str, slot_value: Any, normalized_command: str) -> dict[str, Any]:
    """A full contract whose every field the task type fixes comes from RULES."""
    rule = RULES[task_type]
    return {
        "task_type": task_type,
        "route": rule.route,
        "safety": {"allow": rule.allow, "reason": rule.reason},
        "confirmation_required": rule.confirmation,
        "slots": {rule.slot_key: slot_value},
        "normalized_command": normalized_command,
        "language": LANGUAGE,
        "contract_version": CONTRACT_VERSION,
    }


def decision_first(contract: dict[str, Any]) -> dict[str, Any]:
    """Reorder a contract's keys decision-first; unknown keys keep their order at the end."""
    out = {k: contract[k] for k in KEY_ORDER if k in contract}
    safety = out.get("safety")
    if isinstance(safety, dict):
        out["safety"] = {**{k: safety[k] for k in SAFETY_KEY_ORDER if k in safety},
                         **{k: v for k, v in safety.items() if k not in SAFETY_KEY_ORDER}}
    out.update({k: v for k, v in contract.items() if k not in out})
    return out


def render(contract: dict[str, Any]) -> str:
    """Training targets and decoder output: compact, decision-first, ensure_ascii=False."""
    return json.dumps(decision_first(contract), ensure_ascii=False, separators=(",", ":"))


def hash_json(obj: Any) -> str:
    """The serialisation hashes use (CONTRACT.md §7): sorted keys, compact, ensure_ascii=False."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def contract_only(contract: dict[str, Any]) -> dict[str, Any]:
    """The 8 contract keys of a gold contract (lockbox hashing drops anything else)."""
    return {k: contract[k] for k in KEY_ORDER if k in contract}


def slot_text(value: Any) -> str:
    """How slot metrics compare a value: strings as is, anything else as canonical JSON text."""
    return value if isinstance(value, str) else hash_json(value)
