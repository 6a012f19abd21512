"""The one prompt policy used identically in training and prediction, and the token ids of a training example.

The grammar enforces the format, so the system prompt only names the task and the decision rules. A dialogue's
earlier turns enter as Qwen2.5 chat turns between the system turn and the current user turn; each earlier
assistant turn holds exactly the ids the decoder emits for that contract (target_ids).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Sequence
from typing import Any

from v2t.contract import sha256_text, validate
from v2t.segments import segments
from v2t.tokenizer import IM_END_ID, IM_START_ID

PROMPT_POLICY_NAME = "v2t-prompt-v2"
SYSTEM_PROMPT = (
    "你把中文语音指令（或其转写）转换成浏览器任务合约 JSON（v1）。"
    "先判断 task_type：search 搜索、navigate 打开网址、form_fill 填写表单、extract 提取页面信息、"
    "clarify 指令不明确需要追问、blocked 拒绝任何帮助违法犯罪或伤害、欺骗、窥探他人（含用户自己）的请求，如代付转账、盗号、人肉、诈骗、伪造、毒品武器、自残。"
    "slots 只写该类型要求的一个键；normalized_command 是以动词开头的简短中文规范指令。\n"
    "Convert the Chinese spoken command into one compact Browser Task Contract JSON object."
)
# The version names the exact prompt text, so a changed prompt never passes for the old one.
PROMPT_POLICY = f"{PROMPT_POLICY_NAME}+{sha256_text(SYSTEM_PROMPT)[:8]}"


# Texts already encoded, per tokenizer: a training set encodes the same system turn, contract keys and literals
# (and a DPO pair's prompt twice) tens of thousands of times. Bounded, so a long-running service does not grow.
_ENCODED: weakref.WeakKeyDictionary[Any, dict[str, tuple[int, ...]]] = weakref.WeakKeyDictionary()
_ENCODED_MAX = 1 << 16


def encode_text(tokenizer, text: str) -> list[int]:
    """Plain text to ids; special-token strings inside user text stay text (no prompt injection)."""
    cache = _ENCODED.setdefault(tokenizer, {})
    ids = cache.get(text)
    if ids is None:
        if len(cache) >= _ENCODED_MAX:
            cache.clear()
        ids = cache[text] = tuple(tokenizer.encode(text, add_special_tokens=False, split_special_tokens=True))
    return list(ids)


def system_prefix_ids(tokenizer) -> list[int]:
    """The system turn every prompt starts with; the decoder computes its KV cache once."""
    return [IM_START_ID, *encode_text(tokenizer, f"system\n{SYSTEM_PROMPT}"), IM_END_ID, *encode_text(tokenizer, "\n")]


# One earlier turn: the user's text and the assistant's reply, a contract or (an own-mode prediction that is
# not one) its raw text.
HistoryTurn = tuple[str, "dict[str, Any] | str"]


def history_reply(value: Any) -> dict[str, Any] | str:
    """An earlier assistant turn as a prompt holds it: a schema-valid contract stays a contract; anything else
    (a truncated prediction, a chat message that is not a contract) enters as its text."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return parsed if isinstance(parsed, dict) and validate(parsed).schema_valid else value
    if isinstance(value, dict) and validate(value).schema_valid:
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def reply_ids(tokenizer, reply: dict[str, Any] | str) -> list[int]:
    """An assistant turn's content and its <|im_end|>: a contract's target_ids, or raw text."""
    if isinstance(reply, dict):
        return target_ids(tokenizer, reply)
    return [*encode_text(tokenizer, reply), IM_END_ID]


def prompt_ids(tokenizer, input_text: str, history: Sequence[HistoryTurn] = ()) -> list[int]:
    """Qwen2.5 chat layout: system turn, per earlier turn its user and assistant turns, the current user turn,
    then `<|im_start|>assistant\\n`. No history gives the one-turn prompt."""
    newline = encode_text(tokenizer, "\n")
    ids = system_prefix_ids(tokenizer)
    for text, reply in history:
        ids += [IM_START_ID, *encode_text(tokenizer, f"user\n{text}"), IM_END_ID, *newline,
                IM_START_ID, *encode_text(tokenizer, "assistant\n"), *reply_ids(tokenizer, reply), *newline]
    return [
        *ids,
        IM_START_ID, *encode_text(tokenizer, f"user\n{input_text}"), IM_END_ID, *newline,
        IM_START_ID, *encode_text(tokenizer, "assistant\n"),
    ]


def target_ids(tokenizer, contract: dict[str, Any]) -> list[int]:
    """The contract's ids as the grammar decoder emits them (each segment tokenized alone), then <|im_end|>."""
    ids: list[int] = []
    for _, text in segments(contract):
        ids += encode_text(tokenizer, text)
    return [*ids, IM_END_ID]


def choice_mask(tokenizer, contract: dict[str, Any]) -> list[bool]:
    """Over target_ids: True where the grammar decoder lets the model choose. Those are every token of a free
    string, and the first token of each literal after the opening one: it picks an option (the task type) or
    closes the string before it. The rest of a literal and the final <|im_end|> are forced."""
    mask: list[bool] = []
    for i, (kind, text) in enumerate(segments(contract)):
        n = len(encode_text(tokenizer, text))
        mask += [True] * n if kind == "string" else [i > 0] + [False] * (n - 1)
    return [*mask, False]


def training_example(tokenizer, input_text: str, contract: dict[str, Any], loss_on: str = "target",
                     history: Sequence[HistoryTurn] = ()) -> tuple[list[int], list[bool]]:
    """(ids, loss_mask): loss_on "target" puts the mask on every target token and the final <|im_end|>;
    "choices" only on the tokens the grammar leaves to the model (choice_mask). Only the last assistant turn is
    a target: earlier turns are context the model is given (each is a training row of its own)."""
    prompt = prompt_ids(tokenizer, input_text, history)
    target = target_ids(tokenizer, contract)
    if loss_on not in ("target", "choices"):
        raise ValueError(f"loss_on {loss_on!r}: expected 'target' or 'choices'")
    mask = [True] * len(target) if loss_on == "target" else choice_mask(tokenizer, contract)
    return prompt + target, [False] * len(prompt) + mask
