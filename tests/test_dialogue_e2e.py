"""Dialogues end to end through the command lines: v2t.build on fixture seeds with dialogues, a tiny LoRA SFT on
the dialogue turns as written (their rows carry the gold history), then `decode.predict --rows <dialogues>
--history gold` gives the gold contract of every turn trained on, follow-ups included."""

from __future__ import annotations

import json

import pytest
from dialogue_seed_fixtures import dialogues, write_dialogues
from test_build import rows, run_build, write_seeds

FAST = ["data.batch_size=8", "optim.warmup_steps=0", "run.checkpoint_every=1000", "run.log_every=1000",
        "data.max_dev_rows=1"]


def _sets(items):
    return [arg for item in items for arg in ("--set", item)]


@pytest.mark.slow  # about a minute and a half on 2 shared CPU cores (training and decoding)
def test_sft_on_dialogue_turns_then_gold_history_decoding_gives_their_contracts(tmp_path):
    from decode.predict import main as predict
    from train.sft import main as sft

    seeds = write_seeds(tmp_path / "seeds", rows())
    write_dialogues(seeds, dialogues())
    assert run_build(seeds, tmp_path / "build") == 0
    built = [json.loads(line) for line in (tmp_path / "build" / "sft.jsonl").read_text().splitlines()]
    # the turns as the dialogue file writes them (variant 0): each after its gold earlier turns
    turns = [r for r in built if "history" in r and "#aug" not in r["id"]]
    train_ids = {r["id"] for r in turns if r["split"] == "train"}
    assert train_ids == {"dlg-refine#t0", "dlg-refine#t1", "dlg-site#t0", "dlg-site#t1", "dlg-site#t2"}
    data = tmp_path / "sft.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in turns), encoding="utf-8")
    assert sft(["--config", "train/configs/tiny-cpu-sft.toml", *_sets(FAST + [
        f"data.sft_path='{data}'", f"run.out_dir='{tmp_path / 'runs'}'", "run.name='dlg-sft'",
        "data.loss_on='choices'", "optim.lr=1e-2", "optim.schedule='cosine'", "optim.end_lr_ratio=0.1",
        "optim.total_steps=60"])]) == 0
    out = tmp_path / "predictions.jsonl"
    assert predict(["--config", "decode/configs/tiny-cpu.toml", "--rows", str(tmp_path / "build" / "dialogues.jsonl"),
                    "--split", "train", "--history", "gold", "--run", str(tmp_path / "runs" / "dlg-sft"),
                    "--out", str(out)]) == 0
    got = {p["id"]: p for p in map(json.loads, out.read_text().splitlines())}
    assert set(got) == train_ids and {p["history_mode"] for p in got.values()} == {"gold"}
    gold = {r["id"]: r["target_contract"] for r in turns}
    wrong = {i: got[i]["prediction"] for i in train_ids if got[i]["prediction"] != gold[i]}
    assert not wrong, wrong
