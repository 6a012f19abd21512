"""What decode.serve accepts: request bodies checked into (text, history) before anything reaches the model.

The history's messages pair into earlier turns (user text, assistant reply) as v2t.prompt takes them: an
assistant content that is a contract enters as that contract, any other content as its text.

Every refusal is a RequestError: an HTTP status, an error kind (a metrics label) and one line naming the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from v2t.prompt import HistoryTurn, history_reply

MAX_HISTORY_TURNS = 32
# An assistant turn holds a contract (a few hundred characters), longer than any spoken text; the compiled prompt
# buckets bound the whole history anyway (serve.max_history_tokens).
MAX_REPLY_CHARS = 2048
HISTORY_ROLES = ("user", "assistant")
RESPONSE_FORMATS = ("text", "json_object", "json_schema")


class RequestError(Exception):
    """A refusal: `status` (4xx/5xx), `kind` (errors_total label) and a one-line message."""

    def __init__(self, status: int, kind: str, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status, self.kind, self.message, self.retry_after = status, kind, message, retry_after


@dataclass(frozen=True)
class ContractRequest:
    text: str
    history: tuple[HistoryTurn, ...]  # the earlier turns, oldest first: (user text, contract or raw reply)


def json_body(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object: invalid UTF-8 and non-JSON are told apart, since a client fixes them apart."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RequestError(400, "invalid_utf8", f"body is not valid UTF-8 (byte {e.start})") from None
    try:
        body = json.loads(text)
    except ValueError as e:
        raise RequestError(400, "invalid_json", f"body is not JSON ({e})") from None
    if not isinstance(body, dict):
        raise RequestError(400, "invalid_json", f"body must be a JSON object, got {type(body).__name__}")
    return body


def checked_text(value: Any, field: str, max_chars: int) -> str:
    if value is None:
        raise RequestError(422, "missing_text", f"`{field}` is missing")
    if not isinstance(value, str):
        raise RequestError(422, "invalid_text", f"`{field}` must be a string, got {type(value).__name__}")
    if not value.strip():
        raise RequestError(422, "empty_text", f"`{field}` is empty or white space")
    if len(value) > max_chars:
        raise RequestError(413, "text_too_long", f"`{field}` has {len(value)} characters, at most {max_chars}")
    return value


def checked_history(value: Any, field: str, max_chars: int) -> tuple[dict[str, str], ...]:
    """A list of {"role": "user"|"assistant", "content": str} turns, each within the text limit."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RequestError(422, "invalid_history", f"`{field}` must be a list of turns, got {type(value).__name__}")
    if len(value) > MAX_HISTORY_TURNS:
        raise RequestError(422, "invalid_history", f"`{field}` has {len(value)} turns, at most {MAX_HISTORY_TURNS}")
    return tuple(checked_turn(turn, f"{field}[{i}]", max_chars) for i, turn in enumerate(value))


def checked_turn(turn: Any, where: str, max_chars: int) -> dict[str, str]:
    if not isinstance(turn, dict) or set(turn) != {"role", "content"}:
        raise RequestError(422, "invalid_history", f"`{where}` must be an object with exactly role and content")
    if turn["role"] not in HISTORY_ROLES:
        raise RequestError(422, "invalid_history", f"`{where}.role` must be one of {', '.join(HISTORY_ROLES)}")
    limit = max_chars if turn["role"] == "user" else MAX_REPLY_CHARS
    if not isinstance(turn["content"], str) or len(turn["content"]) > limit:
        raise RequestError(422, "invalid_history", f"`{where}.content` must be a string of at most {limit} characters")
    return {"role": turn["role"], "content": turn["content"]}


def paired_history(messages: tuple[dict[str, str], ...], field: str) -> tuple[HistoryTurn, ...]:
    """Checked role/content messages as earlier turns: user, assistant, user, assistant, ... (each user message
    answered before the current one)."""
    for i, m in enumerate(messages):
        want = HISTORY_ROLES[i % 2]
        if m["role"] != want:
            raise RequestError(422, "invalid_history", f"`{field}` must alternate user and assistant turns, "
                               f"starting with user: turn {i} has role {m['role']}, expected {want}")
    if len(messages) % 2:
        raise RequestError(422, "invalid_history", f"`{field}` ends with a user turn that has no assistant reply")
    return tuple((messages[i]["content"], history_reply(messages[i + 1]["content"]))
                 for i in range(0, len(messages), 2))


def contract_request(body: dict[str, Any], max_chars: int) -> ContractRequest:
    """POST /v1/contract: {"text": ..., "history": [...]}."""
    unknown = sorted(set(body) - {"text", "history"})
    if unknown:
        raise RequestError(422, "unknown_field", f"unknown field `{unknown[0]}` (expected text, history)")
    return ContractRequest(checked_text(body.get("text"), "text", max_chars),
                           paired_history(checked_history(body.get("history"), "history", max_chars), "history"))


def _message_content(message: dict[str, Any], where: str) -> Any:
    """OpenAI content: a string, or a list of {"type": "text", "text": ...} parts joined."""
    content = message.get("content")
    if isinstance(content, list):
        if not all(isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)
                   for p in content):
            raise RequestError(422, "invalid_messages", f"`{where}.content` parts must all be text parts")
        return "".join(p["text"] for p in content)
    return content


def chat_request(body: dict[str, Any], max_chars: int, contract_schema: dict[str, Any]) -> ContractRequest:
    """POST /v1/chat/completions: the last message is the user's transcript; earlier user/assistant messages are
    its history, system messages are dropped (the prompt policy is fixed). `response_format` must be one the
    decoder always satisfies: text, json_object, or json_schema with exactly the contract schema."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise RequestError(422, "missing_text", "`messages` must be a non-empty list")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or not isinstance(m.get("role"), str):
            raise RequestError(422, "invalid_messages", f"`messages[{i}]` must be an object with a string role")
    last = messages[-1]
    if last["role"] != "user":
        raise RequestError(422, "invalid_messages", "the last of `messages` must have role user (the transcript)")
    text = checked_text(_message_content(last, f"messages[{len(messages) - 1}]"),
                        f"messages[{len(messages) - 1}].content", max_chars)
    if body.get("stream"):
        raise RequestError(422, "invalid_messages", "`stream` is not supported: a contract is answered whole")
    history = []
    for i, m in enumerate(messages[:-1]):
        if m["role"] == "system":
            continue
        history.append(checked_turn({"role": m["role"], "content": _message_content(m, f"messages[{i}]")},
                                    f"messages[{i}]", max_chars))
    if len(history) > MAX_HISTORY_TURNS:
        raise RequestError(422, "invalid_history", f"`messages` has {len(history)} earlier turns, at most "
                           f"{MAX_HISTORY_TURNS}")
    _check_response_format(body.get("response_format"), contract_schema)
    return ContractRequest(text, paired_history(tuple(history), "messages (before the last, without system)"))


def _check_response_format(fmt: Any, contract_schema: dict[str, Any]) -> None:
    if fmt is None:
        return
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind not in RESPONSE_FORMATS:
        raise RequestError(422, "invalid_response_format",
                           f"`response_format.type` must be one of {', '.join(RESPONSE_FORMATS)}")
    if kind == "json_schema":
        spec = fmt.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, dict) else None
        if schema != contract_schema:
            raise RequestError(422, "invalid_response_format", "`response_format.json_schema.schema` must be the "
                               "contract schema (python -m decode.grammar schema): no other schema is guaranteed")
