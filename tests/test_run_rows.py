"""v2t.run_rows: which SFT rows a run's card says it trained on, for cards written before `sft_rows` too."""

from __future__ import annotations

import json

from v2t.run_rows import checkpoint_run, recorded_sft_rows


def _card(run, **card):
    run.mkdir(parents=True)
    (run / "run_card.json").write_text(json.dumps(card), encoding="utf-8")
    return run


def test_old_cards_dpo_runs_and_checkpoints_find_the_rows_training_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an old card's relative sft_path is read from the working directory, as training did
    old = _card(tmp_path / "old", kind="sft", config={"data": {"sft_path": "data/sft.jsonl"}})
    assert recorded_sft_rows(old).resolve() == (tmp_path / "data" / "sft.jsonl").resolve()
    new = _card(tmp_path / "new", kind="sft", sft_rows="/rows/sft.jsonl", config={"data": {"sft_path": "x"}})
    assert recorded_sft_rows(new) == recorded_sft_rows(_card(tmp_path / "dpo", kind="dpo", init_from=str(new)))
    assert str(recorded_sft_rows(new)) == "/rows/sft.jsonl"
    # a DPO run from the base trained on no SFT rows, whatever its config's default data.sft_path says
    assert recorded_sft_rows(_card(tmp_path / "dpo-base", kind="dpo", init_from=None,
                                   config={"data": {"sft_path": "data/sft.jsonl"}})) is None
    assert recorded_sft_rows(tmp_path / "no-card") is None
    (new / "model").mkdir()
    assert checkpoint_run(new / "model") == new and checkpoint_run(tmp_path / "old") is None
