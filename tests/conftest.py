"""Shared fixtures, each built once per test session: the real tokenizer, the `tiny` preset's token automaton
and `tiny` random-init models by seed. Tests read them and never change them.

Heavy imports stay inside the fixtures, so test files that need none of these do not pay for them.
"""

from __future__ import annotations

from functools import cache

import pytest


@pytest.fixture(scope="session")
def tok():
    """Qwen2.5's tokenizer, built offline (v2t.tokenizer)."""
    from v2t.tokenizer import load_tokenizer

    return load_tokenizer()


@pytest.fixture(scope="session")
def automaton(tok):
    """The contract's token automaton over the `tiny` preset's vocabulary (the Qwen2.5 vocabulary's size)."""
    from decode.token_automaton import load_automaton
    from v2t.model_config import preset

    return load_automaton(tok, preset("tiny").vocab_size)


@pytest.fixture(scope="session")
def tiny_model():
    """tiny_model(seed): the `tiny` preset with random weights from nnx.Rngs(seed), built once per seed."""
    from flax import nnx

    from v2t.model import Qwen2
    from v2t.model_config import preset

    return cache(lambda seed: Qwen2(preset("tiny"), rngs=nnx.Rngs(seed)))
