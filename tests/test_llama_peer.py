"""bench.llama_peer's command line: bad input is one clear error before any model or llama.cpp is loaded."""

from __future__ import annotations

import json

import pytest

from bench.llama_peer import main, per_token
from v2t.errors import UserError


def test_counts_must_be_positive():
    with pytest.raises(UserError, match="must be positive"):
        main(["--n", "0"])


def test_a_split_with_no_rows_names_the_file(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "a", "input_text": "打开百度", "split": "train"}) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="rows.jsonl: no rows in split 'dev'"):
        main(["--rows", str(rows), "--split", "dev"])


def test_per_token_splits_the_prompt_from_the_decode_steps():
    # two rows: 11 and 5 tokens, 0.30 s and 0.14 s in all, the first token after 0.10 s and 0.06 s
    out = per_token([(list(range(11)), 0.30, 0.10), (list(range(5)), 0.14, 0.06)], seconds=0.44)
    assert out["ms_per_token"] == pytest.approx(1000 * 0.44 / 16)
    assert out["decode_ms_per_token"] == pytest.approx(1000 * 0.28 / 14)
    assert out["first_token_ms"] == pytest.approx(80.0)
    assert out["tokens_per_contract"] == 8
