"""DPO hard negatives: for a gold contract and one spoken input, the realistic mistakes a model makes.

Every rejected contract is built from make_contract/RULES, differs from the chosen one, is schema-valid,
and never names its category anywhere (the model must learn the mistake, not a label). Both directions of a safety
mistake come first for every input form: a harmful request acted on, and a harmless look-alike refused.
"""

from __future__ import annotations

import copy
import hashlib
import random
import re
from collections.abc import Callable
from typing import Any

from v2t.contract import ROUTES, RULES, TASK_TYPES, make_contract, validate
from v2t.harm_kinds import parse_category
from v2t.harm_rules import harm, refusal_of_kind
from v2t.public_scan import strings
from v2t.spoken import clean_string, fit, spoken_digits, strip_fillers

CATEGORIES = ("wrong_task_type", "wrong_route", "unsafe_allowance", "missing_confirmation", "missing_slot",
              "wrong_slot_value", "extract_as_search", "clarify_as_action", "blocked_as_action",
              "navigate_url_drift", "command_is_transcript", "near_miss_refused")
PAIRS_PER_FORM = 3
Contract = dict[str, Any]

_ALL = set(TASK_TYPES)
_ACTIONS = {t for t, r in RULES.items() if r.allow}
APPLIES: dict[str, set[str]] = {
    "wrong_task_type": _ACTIONS,  # a blocked request taken for an action is its own category
    "wrong_route": _ALL,
    "unsafe_allowance": {t for t, r in RULES.items() if not r.allow},
    "missing_confirmation": {t for t, r in RULES.items() if r.confirmation and not r.confirmation_any},
    "missing_slot": _ALL,
    "wrong_slot_value": _ACTIONS,  # a refusal's reason text is free prose: no single wrong value
    "extract_as_search": {"extract"},
    "clarify_as_action": {"clarify"},
    "blocked_as_action": {t for t, r in RULES.items() if not r.allow},
    "navigate_url_drift": {"navigate"},
    "command_is_transcript": _ALL,
    "near_miss_refused": _ACTIONS,  # only for a near-miss seed, or an input the harm rules would refuse
}
# The safety mistake each form of a seed gets before any other: acting on a harm; refusing a look-alike.
FIRST = {"blocked_as_action", "near_miss_refused"}
# What a model takes each task type for when it gets the type wrong.
CONFUSED_WITH = {"search": ("extract", "clarify"), "navigate": ("search",), "form_fill": ("search", "clarify"),
                 "extract": ("clarify",), "clarify": ("extract",), "blocked": ("search",)}
# The verb a normalized_command starts with (CONTRACT.md §4).
VERB = {"search": "搜索", "navigate": "打开", "form_fill": "在表单中填写", "extract": "提取", "clarify": "请说明",
        "blocked": "拒绝"}
_PAYMENT_RE = re.compile(r"转账|汇款|付款|支付|充值|打钱|代付|红包|还款")
_VAGUE_TARGETS = ("页面内容", "这个页面", "全部内容", "网页信息")
_VAGUE_AMBIGUITIES = ("需要更多信息", "请求不够清楚", "未说明具体内容")
_EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "sina.com", "outlook.com")
_TWO_PART_SUFFIXES = ("com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn")
_TLD_SWAPS = {"com": ("cn", "net", "com.cn", "org"), "cn": ("com", "com.cn", "net"), "com.cn": ("com", "cn"),
              "net": ("com", "cn"), "org": ("com", "org.cn", "net"), "gov.cn": ("com.cn", "gov"),
              "edu.cn": ("edu", "com.cn")}


def rng_for(key: str) -> random.Random:
    """A private RNG seeded from a hash of the key: the same key always makes the same choices."""
    return random.Random(int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], 16))


def core_text(chosen: dict[str, Any]) -> str:
    """The request's object in a few words: the slot text, or the command without its verb."""
    rule = RULES[chosen["task_type"]]
    value = chosen["slots"][rule.slot_key]
    if isinstance(value, str) and rule.task_type in ("search", "extract"):
        return value
    if isinstance(value, dict):
        return clean_string(" ".join(f"{k} {v}" for k, v in value.items()))
    command = chosen["normalized_command"]
    for verb in (VERB[rule.task_type], "在", "请", "拒绝"):
        command = command.removeprefix(verb)
    return clean_string(command.removesuffix("的请求")) or clean_string(chosen["normalized_command"])


def as_type(task_type: str, core: str, rng: random.Random) -> dict[str, Any]:
    """A self-consistent contract of another task type about the same object (what a confused model writes)."""
    if task_type == "clarify":
        ambiguity = rng.choice(("未说明{}的具体要求", "未说明要对{}做什么"))
        return make_contract("clarify", fit("", ambiguity.format(core)), fit("请说明", f"{core}的具体要求"))
    return make_contract(task_type, clean_string(core), fit(VERB[task_type], core))


def _replace(chosen: dict[str, Any], **fields: Any) -> dict[str, Any]:
    out = copy.deepcopy(chosen)
    out.update(fields)
    return out


def _with_slot(chosen: dict[str, Any], value: Any) -> dict[str, Any]:
    return _replace(chosen, slots={RULES[chosen["task_type"]].slot_key: value})


def wrong_task_type(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    return as_type(rng.choice(CONFUSED_WITH[chosen["task_type"]]), core_text(chosen), rng)


def wrong_route(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    return _replace(chosen, route=rng.choice([r for r in ROUTES if r != chosen["route"]]))


def unsafe_allowance(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    # The refusal stays a refusal in type, but the model lets it through under an action's safety policy.
    rule = RULES[rng.choice(sorted(_ACTIONS))]
    return _replace(chosen, safety={"allow": rule.allow, "reason": rule.reason}, confirmation_required=rule.confirmation)


def missing_confirmation(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    return _replace(chosen, confirmation_required=False)


def missing_slot(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    rule = RULES[chosen["task_type"]]
    if rng.random() < 0.5:
        return _replace(chosen, slots={})
    # The value under the slot key of the type the model confused this one with.
    other = RULES[CONFUSED_WITH[rule.task_type][0]].slot_key
    return _replace(chosen, slots={other: chosen["slots"][rule.slot_key]})


def wrong_slot_value(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    task_type = chosen["task_type"]
    value = chosen["slots"][RULES[task_type].slot_key]
    if task_type == "search":
        transcript = clean_string(text)
        if transcript and transcript != value and rng.random() < 0.5:
            return _with_slot(chosen, transcript)  # the filler-laden transcript as the query
        cut = value.rsplit(" ", 1)[0] if " " in value else value[: max(1, len(value) // 2)]
        return _with_slot(chosen, cut if cut != value else value + "怎么样")
    if task_type == "navigate":
        return _with_slot(chosen, re.sub(r"^https?://", "", value))  # scheme dropped
    if task_type == "form_fill":
        return _with_slot(chosen, _wrong_field(value, rng))
    pool = _VAGUE_TARGETS if task_type == "extract" else _VAGUE_AMBIGUITIES
    return _with_slot(chosen, rng.choice([v for v in pool if v != value]))


def _wrong_field(field: dict[str, str], rng: random.Random) -> dict[str, str]:
    labels = sorted(field)
    label = rng.choice(labels)
    value = field[label]
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    if digits:  # a misheard spoken digit
        i = rng.choice(digits)
        value = value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1:]
    elif "@" in value:
        domain = value.split("@", 1)[1]
        value = value.split("@", 1)[0] + "@" + rng.choice([d for d in _EMAIL_DOMAINS if d != domain])
    elif len(field) > 1:  # one of several values forgotten
        return {k: v for k, v in field.items() if k != label}
    else:
        value = value[: len(value) // 2] if len(value) >= 2 else label
    return {**field, label: value}


def extract_as_search(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    return as_type("search", core_text(chosen), rng)


def clarify_as_action(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    # The model guesses an action from a request that does not say what it wants.
    guess = clean_string(strip_fillers(text)) or clean_string(text)
    return as_type(rng.choice(("search", "extract")), guess, rng)


def blocked_as_action(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    guess = clean_string(strip_fillers(spoken_digits(text))) or core_text(chosen)
    if _PAYMENT_RE.search(text):
        return make_contract("form_fill", {"付款说明": guess}, "在付款页面中填写付款信息")
    return as_type("search", guess, rng)


def near_miss_refused(chosen: Contract, text: str, rng: random.Random, kind: str | None = None) -> Contract | None:
    """The refusal a model over-trained on harm words gives a harmless look-alike (怎么识别诈骗短信 refused as a scam):
    the harm rules' own refusal where they fire on the text, else the refusal of the seed's near-miss kind."""
    refused = harm(text) or (refusal_of_kind(kind) if kind else None)
    return None if refused is None else make_contract("blocked", refused.reason, refused.command)


def navigate_url_drift(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    """The right site's name, a plausible wrong address: another TLD or a one-letter typo."""
    m = re.match(r"^(https?://)([^/]+)(.*)$", chosen["slots"]["url"])
    if not m:
        return None
    scheme, host, rest = m.groups()
    labels = host.lower().split(".")
    n_suffix = 2 if ".".join(labels[-2:]) in _TWO_PART_SUFFIXES else 1
    suffix, name_i = ".".join(labels[-n_suffix:]), len(labels) - n_suffix - 1
    name = labels[name_i] if name_i >= 0 else ""
    if suffix in _TLD_SWAPS and (rng.random() < 0.5 or len(name) < 4):
        new_labels = labels[:-n_suffix] + rng.choice(_TLD_SWAPS[suffix]).split(".")
    elif len(name) >= 4:
        i = rng.randrange(1, len(name) - 1)
        typo = rng.choice((name[:i] + name[i + 1:], name[:i] + name[i] + name[i:],
                           name[:i] + name[i + 1] + name[i] + name[i + 2:]))
        new_labels = labels[:name_i] + [typo] + labels[name_i + 1:]
    else:
        new_labels = labels + ["cn"] if suffix != "cn" else labels[:-1] + ["com"]
    return _with_slot(chosen, scheme + ".".join(new_labels) + rest)


def command_is_transcript(chosen: Contract, text: str, rng: random.Random) -> Contract | None:
    return _replace(chosen, normalized_command=clean_string(text))


BUILDERS: dict[str, Callable[[Contract, str, random.Random], Contract | None]] = {
    name: globals()[name] for name in CATEGORIES
}


def leaks_category(contract: dict[str, Any]) -> bool:
    """True when any key or value of the contract holds a category name."""
    return any(name in s for s in strings(contract) for name in CATEGORIES)


def check_pair(chosen: dict[str, Any], rejected: dict[str, Any]) -> None:
    """Invariants of every emitted pair; a failure is a bug of ours, not of the seed."""
    assert validate(chosen).layer == "semantic", "chosen contract must be semantic-valid"
    assert validate(rejected).schema_valid, "rejected contract must be schema-valid"
    assert rejected != chosen, "rejected contract must differ from chosen"
    assert not leaks_category(rejected), "rejected contract must not name a category"


def negative(category: str, chosen: dict[str, Any], text: str, key: str,
             near_miss_kind: str | None = None) -> dict[str, Any] | None:
    """The rejected contract of one category, or None when this input gives no distinct, clean one."""
    rng = rng_for(f"{key}:{category}")
    if category == "near_miss_refused":
        rejected = near_miss_refused(chosen, text, rng, near_miss_kind)
    else:
        rejected = BUILDERS[category](chosen, text, rng)
    if rejected is None or rejected == chosen or leaks_category(rejected) or not validate(rejected).schema_valid:
        return None
    check_pair(chosen, rejected)
    return rejected


def applicable(task_type: str) -> list[str]:
    return [c for c in CATEGORIES if task_type in APPLIES[c]]


def negatives_for_seed(seed_id: str, chosen: dict[str, Any], texts: list[tuple[str, str]], category: Any = None):
    """(form id, category, rejected) for each input form, PAIRS_PER_FORM each at most.

    A blocked seed's forms each get `blocked_as_action` first, and an allowed seed's forms `near_miss_refused` first
    when the seed is a near miss (its category `near_miss:<kind>`) or the harm rules would refuse the form. The other
    categories go round-robin over a per-seed shuffle, so every seed with three forms covers all that apply.
    """
    parsed = parse_category(category)
    near_miss_kind = parsed[1] if parsed and parsed[0] == "near_miss" else None
    order = [c for c in applicable(chosen["task_type"]) if c not in FIRST]
    first = [c for c in applicable(chosen["task_type"]) if c in FIRST]
    rng_for(seed_id).shuffle(order)
    out, cursor = [], 0
    for form_id, text in texts:
        made = 0
        for name in first:
            rejected = negative(name, chosen, text, form_id, near_miss_kind)
            if rejected is not None:
                out.append((form_id, name, rejected))
                made += 1
        for step in range(len(order)):
            if made == PAIRS_PER_FORM:
                break
            name = order[(cursor + step) % len(order)]
            rejected = negative(name, chosen, text, form_id)
            if rejected is not None:
                out.append((form_id, name, rejected))
                made += 1
        cursor += PAIRS_PER_FORM
    return out
