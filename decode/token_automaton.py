"""The grammar compiled against a tokenizer's vocabulary: numpy tables the jit decoder and the checker share.

Only choice and string nodes have dense rows; literals are forced runs (canonical tokens); string length is
a counter (UTF-8 lead bytes per token) and UTF-8 validity a few byte states. Cached by (grammar, tokenizer).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from decode import utf8_states
from decode.grammar import ACCEPT, Grammar, build_grammar
from v2t.prompt import encode_text
from v2t.tokenizer import IM_END_ID, cache_root

AUTOMATON_VERSION = "3"
FORCED, CHOICE, STRING, ACCEPTING, DONE = 0, 1, 2, 3, 4
_KINDS = {"forced": FORCED, "choice": CHOICE, "string": STRING, "accept": ACCEPTING}


@dataclass(frozen=True)
class TokenAutomaton:
    """Tables: `option_of_NxV` (option a token starts in a node, -1 none), `string_step_UxV` (next UTF-8 state
    + 16 * completed-a-non-space-char, -1 not allowed in a string), per-option forced runs and next nodes."""

    node_names: tuple[str, ...]
    node_kind_N: np.ndarray  # int8; the extra last node is DONE
    counts_pair_N: np.ndarray  # bool
    option_of_NxV: np.ndarray  # int16
    string_step_UxV: np.ndarray  # int8
    chars_V: np.ndarray  # int8: UTF-8 lead bytes (characters begun) per token
    option_run_OxR: np.ndarray  # int32, padded with -1
    option_run_len_O: np.ndarray  # int32
    option_next_O: np.ndarray  # int32
    option_needs_room_O: np.ndarray  # bool
    start_run: np.ndarray  # int32: the forced opening literal
    start_node: int
    max_string_chars: int
    max_field_pairs: int
    eos_id: int
    build_seconds: float

    @property
    def vocab_size(self) -> int:
        return self.option_of_NxV.shape[1]

    @property
    def done_node(self) -> int:
        return len(self.node_names)

    @property
    def max_chunk(self) -> int:
        """Widest single forward pass: a chosen token plus its forced run, or the opening literal."""
        return int(max(1 + self.option_run_len_O.max(), len(self.start_run)))

    def table_bytes(self) -> int:
        arrays = (self.node_kind_N, self.counts_pair_N, self.option_of_NxV, self.string_step_UxV, self.chars_V,
                  self.option_run_OxR, self.option_run_len_O, self.option_next_O, self.option_needs_room_O)
        return int(sum(a.nbytes for a in arrays))


def need_table(a: TokenAutomaton) -> np.ndarray:
    """int8 [2, U, V]: characters token t needs left in the string, by (has a non-space char, UTF-8 state);
    127 = never. Without a non-space character yet, one character stays in reserve to finish the string."""
    step_UxV = a.string_step_UxV.astype(np.int16)
    need_if_set_UxV = np.where(step_UxV >= 0, a.chars_V[None].astype(np.int16), 127)
    need_if_unset_UxV = np.where(step_UxV >= 16, need_if_set_UxV, np.minimum(need_if_set_UxV + 1, 127))
    return np.stack([need_if_unset_UxV, need_if_set_UxV]).astype(np.int8)


def option_ok_table(a: TokenAutomaton) -> np.ndarray:
    """bool [2, N, V]: token t may start an option in node n, by whether the row already has its most form field
    pairs (then an option that opens another pair is not allowed). One row gather on device, not two."""
    is_option_NxV = a.option_of_NxV >= 0
    opens_pair_NxV = a.option_needs_room_O[np.maximum(a.option_of_NxV, 0)] & is_option_NxV
    return np.stack([is_option_NxV, is_option_NxV & ~opens_pair_NxV])


def derived_tables(a: TokenAutomaton) -> dict[str, np.ndarray]:
    """The tables the jit decoder adds to the automaton's own (computed at load, not cached on disk)."""
    return {"need_FxUxV": need_table(a), "option_ok_FxNxV": option_ok_table(a)}


def token_bytes(tokenizer) -> list[bytes | None]:
    """Each id's bytes under byte-level BPE; None for added tokens (never content, never a literal)."""
    from transformers.convert_slow_tokenizer import bytes_to_unicode

    byte_of = {c: b for b, c in bytes_to_unicode().items()}
    added = set(tokenizer.added_tokens_decoder)
    pieces = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
    return [None if i in added or p is None else bytes(byte_of[c] for c in p) for i, p in enumerate(pieces)]


def _string_tables(vocab: list[bytes | None], vocab_size: int) -> tuple[np.ndarray, np.ndarray]:
    step_UxV = np.full((utf8_states.NUM_STATES, vocab_size), -1, np.int8)
    chars_V = np.zeros(vocab_size, np.int8)
    for t, b in enumerate(vocab):
        if not b:
            continue
        chars_V[t] = min(127, sum(1 for x in b if not 0x80 <= x <= 0xBF))  # over 64 never fits anyway
        try:
            text = b.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None:  # whole characters: only from a character boundary
            if not utf8_states.FORBIDDEN_BYTES.intersection(b):
                step_UxV[0, t] = 16 * any(not c.isspace() for c in text)
            continue
        for u in range(utf8_states.NUM_STATES):
            nxt = utf8_states.step(u, b)
            if nxt is not None:
                step_UxV[u, t] = nxt[0] + 16 * nxt[1]
    return step_UxV, chars_V


def compile_automaton(grammar: Grammar, tokenizer, vocab_size: int) -> TokenAutomaton:
    started = time.perf_counter()
    vocab = token_bytes(tokenizer)
    if vocab_size < len(vocab):
        raise ValueError(f"model vocab {vocab_size} is smaller than the tokenizer's {len(vocab)}")
    step_UxV, chars_V = _string_tables(vocab, vocab_size)
    names = tuple(n.name for n in grammar.nodes)
    index = {name: i for i, name in enumerate(names)}
    done = len(names)
    option_of_NxV = np.full((len(names) + 1, vocab_size), -1, np.int16)
    runs, nexts, rooms = [], [], []
    for n, node in enumerate(grammar.nodes):
        if node.kind == "forced":
            continue
        for option in node.options:
            ids = encode_text(tokenizer, option.literal)
            if option_of_NxV[n, ids[0]] >= 0:
                raise ValueError(f"{node.name}: two options start with token {ids[0]}")
            option_of_NxV[n, ids[0]] = len(runs)
            to_accept = option.next == ACCEPT  # only <|im_end|> can follow: forced, and the row is done
            runs.append(ids[1:] + ([IM_END_ID] if to_accept else []))
            nexts.append(done if to_accept else index[option.next])
            rooms.append(option.needs_pair_room)
    width = max(len(r) for r in runs)
    start = grammar.nodes[0]
    return TokenAutomaton(
        node_names=names,
        node_kind_N=np.array([_KINDS[n.kind] for n in grammar.nodes] + [DONE], np.int8),
        counts_pair_N=np.array([n.counts_pair for n in grammar.nodes] + [False]),
        option_of_NxV=option_of_NxV,
        string_step_UxV=step_UxV,
        chars_V=chars_V,
        option_run_OxR=np.array([r + [-1] * (width - len(r)) for r in runs], np.int32),
        option_run_len_O=np.array([len(r) for r in runs], np.int32),
        option_next_O=np.array(nexts, np.int32),
        option_needs_room_O=np.array(rooms),
        start_run=np.array(encode_text(tokenizer, start.options[0].literal), np.int32),
        start_node=index[start.options[0].next],
        max_string_chars=grammar.max_string_chars,
        max_field_pairs=grammar.max_field_pairs,
        eos_id=IM_END_ID,
        build_seconds=time.perf_counter() - started,
    )


def _tokenizer_fingerprint(tokenizer) -> str:
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])
    return hashlib.sha256(json.dumps(vocab, ensure_ascii=False).encode()).hexdigest()[:16]


def load_automaton(tokenizer, vocab_size: int, grammar: Grammar | None = None) -> TokenAutomaton:
    """The compiled automaton from .cache/automaton/<hash>.npz, compiling (and caching) it on a miss."""
    grammar = grammar or build_grammar()
    key = f"{AUTOMATON_VERSION}-{grammar.fingerprint()}-{_tokenizer_fingerprint(tokenizer)}-{vocab_size}"
    path = cache_root() / "automaton" / f"{hashlib.sha256(key.encode()).hexdigest()[:20]}.npz"
    if path.is_file():
        return _read_npz(path)
    automaton = compile_automaton(grammar, tokenizer, vocab_size)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        _write_npz(f, automaton)
    os.replace(tmp, path)
    return automaton


def _write_npz(f, automaton: TokenAutomaton) -> None:
    arrays = {k: v for k, v in vars(automaton).items() if isinstance(v, np.ndarray)}
    meta = {k: v for k, v in vars(automaton).items() if not isinstance(v, np.ndarray)}
    np.savez(f, meta=np.array(json.dumps(meta)), **arrays)


def _read_npz(path: Path) -> TokenAutomaton:
    with np.load(path) as data:
        meta = json.loads(str(data["meta"]))
        arrays = {k: data[k] for k in data.files if k != "meta"}
    meta["node_names"] = tuple(meta["node_names"])
    return TokenAutomaton(**meta, **arrays)
