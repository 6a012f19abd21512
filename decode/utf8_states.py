"""UTF-8 inside a contract string as a handful of byte states, so byte-level tokens can split a character.

A state is the pending prefix of an unfinished character, up to its class: what the next byte may be, and
(for the few prefixes of Unicode white space) which character it may still become.
"""

from __future__ import annotations

from v2t.contract import FORBIDDEN_CHARS

# Bytes a string may never hold: the contract's forbidden characters are all ASCII (quote, backslash, controls).
FORBIDDEN_BYTES = frozenset(b for b in range(128) if FORBIDDEN_CHARS.search(chr(b)))
_WHITESPACE = [chr(c).encode() for c in range(0x80, 0x110000) if chr(c).isspace()]
_WS_PREFIXES = sorted({w[:i] for w in _WHITESPACE for i in range(1, len(w))})
# State id -> a representative pending prefix: boundary, generic needs of 1/2/3 bytes, leads whose next byte
# is restricted (overlong/surrogate/too-large guards), then exact prefixes of non-ASCII white space.
STATE_PREFIXES: tuple[bytes, ...] = (
    b"", b"\xc3", b"\xe4", b"\xf1", b"\xe0", b"\xed", b"\xf0", b"\xf4", *_WS_PREFIXES,
)
NUM_STATES = len(STATE_PREFIXES)
_SECOND_BYTE = {0xE0: (0xA0, 0xBF), 0xED: (0x80, 0x9F), 0xF0: (0x90, 0xBF), 0xF4: (0x80, 0x8F)}


def sequence_length(lead: int) -> int | None:
    if lead < 0x80:
        return 1
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return None


def _extend(pending: bytes, byte: int) -> bytes | None:
    if not pending:
        return None if sequence_length(byte) is None else bytes([byte])
    low, high = _SECOND_BYTE.get(pending[0], (0x80, 0xBF)) if len(pending) == 1 else (0x80, 0xBF)
    return pending + bytes([byte]) if low <= byte <= high else None


def state_of(pending: bytes) -> int:
    if pending in STATE_PREFIXES:
        return STATE_PREFIXES.index(pending)
    need = sequence_length(pending[0]) - len(pending)
    return 1 + need - 1  # generic states 1, 2, 3 need 1, 2, 3 more bytes


def step(state: int, token: bytes) -> tuple[int, bool] | None:
    """(next state, whether the token completed a non-white-space character), or None if not allowed."""
    pending, nonspace = STATE_PREFIXES[state], False
    for byte in token:
        if byte in FORBIDDEN_BYTES:
            return None
        pending = _extend(pending, byte)
        if pending is None:
            return None
        if len(pending) == sequence_length(pending[0]):
            nonspace |= not pending.decode("utf-8").isspace()
            pending = b""
    return state_of(pending), nonspace

# The automaton packs a state and a flag into one int8 as state + 16 * flag.
assert NUM_STATES <= 16, NUM_STATES
