"""UTF-8 byte states inside contract strings: split characters, invalid sequences, Unicode white space."""

from __future__ import annotations

import pytest

from decode.utf8_states import NUM_STATES, step


def _walk(pieces: list[bytes]):
    state, nonspace = 0, False
    for piece in pieces:
        result = step(state, piece)
        if result is None:
            return None
        state, completed = result
        nonspace |= completed
    return state, nonspace


@pytest.mark.parametrize("text", ["中", "𠮷", "😀", "é", "👍🏽", "a中😀"])
def test_characters_split_anywhere_are_accepted(text):
    data = text.encode()
    for cut in range(len(data) + 1):
        assert _walk([data[:cut], data[cut:]]) == (0, True)


@pytest.mark.parametrize("data", [b'"', b"\\", b"\n", b"\x7f", b"\xe0\x80\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                                  b"\xc0\xaf", b"\xff", b"\x80"])
def test_forbidden_and_invalid_bytes_are_refused(data):
    assert _walk([data[:1], data[1:]]) is None


@pytest.mark.parametrize("space", ["\u3000", "\u00a0", "\u2028", " "])
def test_white_space_characters_do_not_count_as_content(space):
    data = space.encode()
    for cut in range(len(data) + 1):
        assert _walk([data[:cut], data[cut:]]) == (0, False)


def test_an_unfinished_character_is_a_pending_state():
    state, completed = step(0, "中".encode()[:2])
    assert state != 0 and not completed and NUM_STATES <= 16
    assert step(state, b"a") is None  # a new character cannot start before this one ends
