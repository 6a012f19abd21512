"""The phrase corpus prompt-lookup drafts also copy from: the free strings of the training split's contracts.

Refusal reasons, commands and clarify questions paraphrase the request rather than copy it, but they repeat across
the rows a model trained on. Each entry is a string's ids after its context, most frequent first (decode.speculation).
"""

from __future__ import annotations

import sys
from collections import Counter
from os import PathLike
from pathlib import Path
from typing import Any

from decode.token_automaton import STRING, TokenAutomaton
from v2t.errors import UserError
from v2t.jsonl import read_jsonl
from v2t.prompt import target_ids
from v2t.rows import gold_contract
from v2t.run_rows import recorded_sft_rows

PHRASE_TOKENS = 4096  # the corpus's length: the lookup compares every draft against all of it at each step
KEY_CONTEXT = 2  # ids before a string (its key's literal) that, with the contract's first choice, pick an opening
SEPARATOR = -1  # between entries: never matched, never drafted
TRAIN_SPLIT = "train"


def training_contracts(path: str | PathLike) -> list[dict[str, Any]]:
    """The gold contracts of the rows of `path` whose split is the training split: a corpus never holds a dev,
    test or lockbox row (lockbox rows carry no split, so a lockbox file gives none and is refused)."""
    contracts = [c for r in read_jsonl(path) if r.get("split") == TRAIN_SPLIT and (c := gold_contract(r)) is not None]
    if not contracts:
        raise UserError(f"{path}: no rows of split {TRAIN_SPLIT!r} with a gold contract for the phrase corpus")
    return contracts


def arm_contracts(phrases: str | None, trained: str | PathLike | None) -> tuple[str, list[dict[str, Any]]]:
    """(the rows file, its training contracts) of an arm's corpus: `phrases` when the config names it ("" none),
    else the SFT rows the run `trained` recorded (v2t.run_rows; a base without a run has none). A run's rows
    that are missing or hold no training contract cost a one-line warning on stderr and no corpus."""
    if phrases is not None:
        return phrases, training_contracts(phrases) if phrases else []
    rows = recorded_sft_rows(trained) if trained is not None else None
    if rows is None:
        return "", []
    if not Path(rows).is_file():
        print(f"warning: {trained}: its training rows {rows} are missing: decoding without a phrase corpus",
              file=sys.stderr)
        return "", []
    try:
        return str(rows), training_contracts(rows)
    except UserError as e:
        print(f"warning: {e}: decoding without a phrase corpus", file=sys.stderr)
        return "", []


def string_spans(automaton: TokenAutomaton, ids: list[int]) -> list[tuple[int, int]]:
    """[start, end) of each free string's content in a contract's ids, walking the automaton's options."""
    n, node, spans, start = len(automaton.start_run), automaton.start_node, [], None
    while n < len(ids) and node != automaton.done_node:
        option = int(automaton.option_of_NxV[node, ids[n]])
        if option < 0:  # string content
            n += 1
            continue
        if start is not None:
            spans.append((start, n))
        node = int(automaton.option_next_O[option])
        n += 1 + int(automaton.option_run_len_O[option])
        start = n if node != automaton.done_node and automaton.node_kind_N[node] == STRING else None
    return spans


def phrase_corpus(tokenizer, automaton: TokenAutomaton, contracts: list[dict[str, Any]],
                  max_tokens: int = PHRASE_TOKENS) -> tuple[int, ...]:
    """Entries [first choice, KEY_CONTEXT ids before the string, the string's ids], each distinct entry once, the
    most frequent first (the lookup takes the earliest of the longest matches), cut to whole entries."""
    counts: Counter[tuple[int, ...]] = Counter()
    first = len(automaton.start_run)
    for contract in contracts:
        ids = target_ids(tokenizer, contract)
        for start, end in string_spans(automaton, ids):
            counts[(ids[first], *ids[start - KEY_CONTEXT:start], *ids[start:end])] += 1
    corpus: list[int] = []
    for entry, _ in sorted(counts.items(), key=lambda kv: -kv[1]):  # stable: ties keep the rows' order
        if len(corpus) + len(entry) + 1 > max_tokens:
            break
        corpus += [*entry, SEPARATOR]
    return tuple(corpus)
