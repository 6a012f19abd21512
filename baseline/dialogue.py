"""The rule baseline in a dialogue: the current utterance read with the turns before it (issue 13).

A turn that leans on the history (a clarify answered, a change said without its task, a pointer back, a refused
request pushed again) is read together with what it leans on; a turn that is a whole request on its own is read
fresh, so nothing stale carries over. With no history this is `baseline.predict.predict`, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from baseline import followup
from baseline.form_fields import form_request
from baseline.predict import _FORGOT_RE, _UNDECIDED_RE, extract, make_contract, navigate, predict, search
from baseline.sites import display_name, find_site
from v2t.contract import decision_first
from v2t.spoken import fit

History = Sequence[tuple[str, Any]]   # earlier (user text, contract) pairs, oldest first
# Said between an earlier request and its change, it makes the change a self-correction of the request, which
# baseline.self_correction already knows how to apply (北京天气 + 上海的 -> 上海天气).
_REPAIR = " 哦不对 "


def predict_turn(text: str, history: History) -> dict[str, Any]:
    """The baseline's contract for `text` said after `history`."""
    alone = predict(text)
    earlier = [(t, c) for t, c in history if isinstance(c, dict) and "task_type" in c]
    if not earlier or alone["task_type"] == "blocked":
        return alone
    prev_text, prev = earlier[-1]
    kind = prev["task_type"]
    if kind == "blocked":
        return _after_refusal(text, alone, prev_text, prev)
    if kind == "clarify":
        return _answer(text, alone, earlier)
    if kind == "form_fill" and alone["task_type"] == "form_fill":
        return alone  # a form over several turns: this turn's fields only
    if kind == "form_fill" and (fields := form_request(text)):
        return decision_first(make_contract("form_fill", fields, _form_command(fields)))
    if (pointed := _resolve_reference(text, earlier)) is not None:
        return pointed
    change = followup.change_of(text)
    if change is not None and (alone["task_type"] in ("clarify", kind) or _only_change(text, change)):
        return _refined(prev_text, prev, change, alone)
    if alone["task_type"] == "clarify" and followup.asks_again(text):
        return decision_first(dict(prev))
    return alone


def _form_command(fields: dict[str, str]) -> str:
    return fit("在表单中填写", "和".join(fields))


def _only_change(text: str, change: str) -> bool:
    """Whether `text` says nothing but the change and its cue (no task of its own around it)."""
    return len(followup.core(text).replace(" ", "")) <= len(change.replace(" ", "")) + 6


def _after_refusal(text: str, alone: dict[str, Any], prev_text: str, prev: dict[str, Any]) -> dict[str, Any]:
    """A refused request pushed again stays refused; a harmless new request is served as if it came first."""
    own = followup.own_words(text)
    said_before = sum(ch in prev_text for ch in own)
    no_new_object = alone["task_type"] == "clarify" or len(own) <= 1 or said_before * 2 >= len(own)
    if no_new_object and (followup.rephrases(text) or alone["task_type"] == "clarify"):
        return decision_first(dict(prev))
    return alone


def _unresolved(text: str) -> str:
    """An earlier request without what made it a question (我拿不定主意, 名字忘了): the answer supplies that."""
    return _FORGOT_RE.sub(" ", _UNDECIDED_RE.sub(" ", text))


def _answer(text: str, alone: dict[str, Any], earlier: list[tuple[str, Any]]) -> dict[str, Any]:
    """A clarify answered: the request asked about and this answer, read as one request."""
    asked: list[str] = []
    for t, c in reversed(earlier):
        if c["task_type"] != "clarify":
            break
        asked.insert(0, t)
    choice = next((o for t in reversed(asked) if (o := followup.picked_option(text, t))), None)
    answer = followup.ORDINAL_RE.sub(choice, text) if choice else text
    if choice:
        asked = [re.sub(r"\S*(?:还是|或者|或是|要么)\S*", " ", t) for t in asked]
    whole = predict(" ".join([_unresolved(t) for t in asked] + [answer]))
    if whole["task_type"] == "clarify" and alone["task_type"] not in ("clarify", "search"):
        return alone  # the answer is a whole request of its own (帮我打开京东)
    return whole


def _object_of(contract: dict[str, Any]) -> str | None:
    """What an earlier turn was about, in words a request can say again (a site's name, a query, a target)."""
    slot = next(iter(contract["slots"].values()), None)
    if contract["task_type"] == "navigate" and isinstance(slot, str):
        return display_name(slot) or slot.removeprefix("https://").removeprefix("www.")
    if contract["task_type"] in ("search", "extract") and isinstance(slot, str):
        return slot
    return None


def _site_of(text: str, contract: dict[str, Any]) -> str | None:
    if contract["task_type"] == "navigate":
        return _object_of(contract)
    site = find_site(text)
    return site[0] if site else None


def _resolve_reference(text: str, earlier: list[tuple[str, Any]]) -> dict[str, Any] | None:
    """刚才那个, 上一个, 还是那个网站: the pointer replaced by the earlier turn's object, then read as one request."""
    m = followup.reference(text)
    if m is None:
        return None
    done = [(t, c) for t, c in reversed(earlier) if c["task_type"] not in ("clarify", "blocked")]
    if followup.points_at_site(m):
        named = next((s for t, c in done if (s := _site_of(t, c))), None)
    else:
        named = next((o for _, c in done if (o := _object_of(c))), None)
    if named is None:
        return None
    said = (text[:m.start()] + " " + named + " " + text[m.end():]).strip()
    contract = predict(said)
    if contract["task_type"] == "clarify":
        # Only the pointer and a word like 还是 / 再: the earlier task again, on the object pointed at.
        prev = next(c for _, c in done)
        return decision_first(dict(prev)) if _object_of(prev) == named else predict(named)
    return contract


def _swap_site(prev_text: str, change: str) -> str | None:
    """The earlier request with its site replaced by the one the change names (去淘宝搜耳机 + 京东)."""
    old, new = find_site(prev_text), find_site(change)
    if old is None or new is None:
        return None
    return prev_text[:old[2]] + new[0] + prev_text[old[3]:]


# Each task type's rule, to keep a refinement the same type of task as the one it refines.
_AS = {"search": search, "navigate": navigate, "extract": extract}


def _refined(prev_text: str, prev: dict[str, Any], change: str, alone: dict[str, Any]) -> dict[str, Any]:
    """The earlier task with the change applied: the same task type, the rest of its slot kept."""
    kind = prev["task_type"]
    if kind == "form_fill":
        fields = prev["slots"]["field"]
        for label in reversed(list(fields)):
            if (new := form_request(f"{label}填{change}")).get(label):
                return decision_first(make_contract("form_fill", {label: new[label]}, _form_command({label: new[label]})))
        return alone
    if kind == "navigate" and find_site(change) is not None:
        return predict(change if "打开" in change else "打开" + change)
    if kind == "extract":
        return decision_first(make_contract("extract", change, fit("提取", change)))
    # The change as a self-correction of the earlier request; a Latin piece replaces a Latin word whole.
    piece = change.removesuffix("的") if re.match(r"[A-Za-z0-9]", change) else change
    said = _swap_site(prev_text, change) or prev_text + _REPAIR + piece
    contract = predict(said)
    if contract["task_type"] != kind and (rule := _AS.get(kind)) is not None:
        contract = rule(said) or contract
    return decision_first(contract)
