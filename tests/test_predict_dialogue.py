"""decode.predict on dialogues (tiny random model): turn-by-turn decoding with gold or own history, the own-mode
prompt holding the arm's earlier prediction, prediction rows per turn; one-turn rows decode as before."""

from __future__ import annotations

import json

import pytest
from dialogue_seed_fixtures import dialogues

from decode.predict import PredictConfig, load_arm, main
from decode.predict_dialogues import predict_dialogues
from v2t.config import load_config
from v2t.dialogue import read_dialogue_rows
from v2t.errors import cli_entry
from v2t.prompt import history_reply, prompt_ids, reply_ids

CONFIG = """[model]
preset = "tiny"
init_seed = 0

[decode]
batch_size = 2
max_new_tokens = 160
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dlg")
    config = tmp / "decode.toml"
    config.write_text(CONFIG, encoding="utf-8")
    path = tmp / "dialogues.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dialogues()), encoding="utf-8")
    return config, path, tmp


@pytest.fixture(scope="module")
def arm(files):
    return load_arm(load_config(files[0], PredictConfig))


def _spied(arm):
    """The prompts each decoder call gets (the real decoder still runs)."""
    seen, real = [], arm.decoder.decode_ids

    def decode_ids(prompts):
        seen.append(prompts)
        return real(prompts)

    arm.decoder.decode_ids = decode_ids
    return seen, lambda: setattr(arm.decoder, "decode_ids", real)


def test_own_history_puts_the_first_prediction_into_the_second_prompt(files, arm):
    cfg = load_config(files[0], PredictConfig).decode
    dlgs = read_dialogue_rows(files[1], "dev")
    seen, undo = _spied(arm)
    try:
        own = predict_dialogues(arm, cfg, dlgs, "own")
        gold = predict_dialogues(arm, cfg, dlgs, "gold")
    finally:
        undo()
    [t0, t1] = own
    assert [r["id"] for r in own] == ["dlg-dev#t0", "dlg-dev#t1"] and {r["history_mode"] for r in own} == {"own"}
    tok = arm.tokenizer
    first = dlgs[0].turns[0]
    # own mode's turn-1 prompt: turn 0's words, then what the arm answered to them
    expected = prompt_ids(tok, dlgs[0].turns[1].input_text, [(first.input_text, history_reply(t0["prediction"]))])
    assert seen[1][0] == expected
    assert reply_ids(tok, history_reply(t0["prediction"])) != reply_ids(tok, first.contract)  # a random model
    # gold mode knows every prompt before decoding: both turns go to the decoder in one round
    assert len(seen) == 3 and len(seen[2]) == 2
    assert prompt_ids(tok, dlgs[0].turns[1].input_text, [(first.input_text, first.contract)]) in seen[2]
    assert gold[0]["prediction"] == t0["prediction"] and gold[1]["history_mode"] == "gold"
    assert t1["finish"] in ("eos", "max_tokens")


def test_the_cli_writes_one_row_per_turn_with_its_history_mode(files):
    config, path, tmp = files
    for mode in ("gold", "own"):
        out = tmp / f"{mode}.jsonl"
        assert cli_entry(main)(["--config", str(config), "--rows", str(path), "--out", str(out),
                                "--history", mode, "--guard", "rules"]) == 0
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert [r["id"] for r in rows] == ["dlg-refine#t0", "dlg-refine#t1", "dlg-site#t0", "dlg-site#t1",
                                           "dlg-site#t2", "dlg-dev#t0", "dlg-dev#t1"]
        assert all(r["history_mode"] == mode and "guard" in r for r in rows)


def test_one_turn_rows_decode_as_before_and_sft_history_rows_as_gold_turns(files, tmp_path):
    config, path, _ = files
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"id": "r0", "input_text": "打开哔哩哔哩"}, ensure_ascii=False) + "\n")
    mixed = tmp_path / "mixed.jsonl"
    d = dialogues()[2]
    turn1 = {"id": "dlg-dev#t1", "input_text": d["turns"][1]["input_text"],
             "history": [{"input_text": d["turns"][0]["input_text"], "contract": d["turns"][0]["target_contract"]}]}
    mixed.write_text(plain.read_text() + json.dumps(turn1, ensure_ascii=False) + "\n")
    outs = {}
    for name, rows in (("plain", plain), ("mixed", mixed), ("dialogue", path)):
        out = tmp_path / f"{name}.out.jsonl"
        extra = ["--split", "dev"] if name == "dialogue" else []
        assert cli_entry(main)(["--config", str(config), "--rows", str(rows), "--out", str(out), *extra]) == 0
        outs[name] = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert outs["mixed"]["r0"]["prediction"] == outs["plain"]["r0"]["prediction"]
    assert "history_mode" not in outs["plain"]["r0"] and "history_mode" not in outs["mixed"]["r0"]
    assert outs["mixed"]["dlg-dev#t1"]["prediction"] == outs["dialogue"]["dlg-dev#t1"]["prediction"]
    assert outs["mixed"]["dlg-dev#t1"]["history_mode"] == "gold"


def test_own_history_needs_a_dialogue_file(files, tmp_path, capsys):
    config, _, _ = files
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "r0", "input_text": "打开哔哩哔哩"}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"
    assert cli_entry(main)(["--config", str(config), "--rows", str(rows), "--out", str(out), "--history", "own"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: --history own: {rows} holds no dialogues (own history needs a dialogue file)"
    assert not out.exists()
