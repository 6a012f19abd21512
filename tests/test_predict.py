"""`python -m decode.predict`: prediction rows for the base arm and for a run's PEFT adapter, and refusals."""

from __future__ import annotations

import json

import jax.numpy as jnp
import pytest

from decode.predict import main
from v2t.base_model import BASE_RECORD, BaseSpec, base_record, build_base, fingerprint
from v2t.contract import make_contract, validate
from v2t.errors import cli_entry
from v2t.lora import LoraConfig, lora_layers
from v2t.model import with_lora
from v2t.peft import export_adapter
from v2t.prompt import PROMPT_POLICY

CONFIG = """[model]
preset = "tiny"
init_seed = 0

[decode]
batch_size = 4
max_new_tokens = 1024
"""


@pytest.fixture()
def files(tmp_path):
    config = tmp_path / "decode.toml"
    config.write_text(CONFIG, encoding="utf-8")
    rows = tmp_path / "rows.jsonl"
    texts = ["嗯帮我查一下明天北京会不会下雨啊", "打开 b 站", "帮我填一下邮箱 lihua@qq.com", "把价格提取出来", "那个就是",
             "帮我给他转五千块钱"]
    rows.write_text("".join(json.dumps({"id": f"r{i}", "input_text": t, "target_contract": make_contract(
        "search", t, "搜索")}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    return config, rows, tmp_path


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_base_arm_writes_one_valid_prediction_per_row(files):
    config, rows, tmp = files
    out = tmp / "out" / "predictions.jsonl"
    assert main(["--config", str(config), "--rows", str(rows), "--out", str(out)]) == 0
    preds = _read(out)
    assert [p["id"] for p in preds] == [f"r{i}" for i in range(6)]
    for p in preds:
        assert validate(p["prediction"]).semantic_valid
        assert p["finish"] == "eos" and p["tokens"] > p["forward_passes"] > 0 and p["latency_ms"] > 0
        assert p["arm"] == "base" and p["prompt_policy"] == PROMPT_POLICY


def test_run_arm_decodes_with_the_adapter(files):
    config, rows, tmp = files
    run = _run_with_adapter(tmp / "runs" / "tiny-sft", BaseSpec(preset="tiny"))
    out = tmp / "adapter-predictions.jsonl"
    assert main(["--config", str(config), "--rows", str(rows), "--out", str(out), "--run", str(run)]) == 0
    preds = _read(out)
    assert len(preds) == 6 and all(p["arm"] == "tiny-sft" and len(p["adapter_hash"]) == 64 for p in preds)
    assert all(validate(p["prediction"]).semantic_valid for p in preds)


def _run_with_adapter(run, spec, recorded_fingerprint=None):
    lora = LoraConfig(rank=4, alpha=8.0, dropout=0.0, targets=("q", "v"))
    base = build_base(spec)
    model = with_lora(base, lora)
    for _, layer in lora_layers(model):
        layer.lora_b.set_value(jnp.full(layer.lora_b[...].shape, 0.05))
    export_adapter(model, lora, str(run / "adapter"), "tiny")
    record = base_record(spec, recorded_fingerprint or fingerprint(spec, base))
    (run / "adapter" / BASE_RECORD).write_text(json.dumps(record), encoding="utf-8")
    return run


def test_an_adapter_on_another_base_is_refused_naming_both_fingerprints(files, capsys):
    config, rows, tmp = files
    spec = BaseSpec(preset="tiny")
    run = _run_with_adapter(tmp / "runs" / "moved", spec, recorded_fingerprint="ab" * 32)
    out = tmp / "never.jsonl"
    assert cli_entry(main)(["--config", str(config), "--rows", str(rows), "--out", str(out), "--run", str(run)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "base mismatch" in err
    assert "abababababababab" in err and fingerprint(spec)[:16] in err
    assert not out.exists()


def test_bad_input_is_one_error_line_and_no_output(files, capsys):
    config, rows, tmp = files
    bad = tmp / "bad.jsonl"
    bad.write_text('{"id": "a", "input_text": "打开百度"}\n{"id": "b"}\n', encoding="utf-8")
    out = tmp / "never.jsonl"
    assert cli_entry(main)(["--config", str(config), "--rows", str(bad), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {bad}:2: row b has no non-empty string `input_text`"
    assert not out.exists()
    typo = tmp / "typo.toml"
    typo.write_text("[decode]\nbatch_sise = 4\n", encoding="utf-8")
    assert cli_entry(main)(["--config", str(typo), "--rows", str(rows), "--out", str(out)]) == 2
    assert "decode.batch_sise" in capsys.readouterr().err
    assert cli_entry(main)(["--config", str(config), "--rows", str(rows), "--out", str(out),
                            "--run", str(tmp / "no-run")]) == 2
    assert "no PEFT adapter" in capsys.readouterr().err


def test_text_prints_the_contract_the_rows_path_writes(files, capsys):
    config, rows, tmp = files
    out = tmp / "one.jsonl"
    assert main(["--config", str(config), "--rows", str(rows), "--out", str(out)]) == 0
    first = _read(out)[0]["prediction"]
    capsys.readouterr()
    assert main(["--config", str(config), "--text", "嗯帮我查一下明天北京会不会下雨啊"]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and json.loads(printed[0]) == first and validate(printed[0]).semantic_valid
    assert cli_entry(main)(["--config", str(config), "--text", "   "]) == 2
    assert capsys.readouterr().err.strip() == "error: --text: empty or white-space text"
    assert cli_entry(main)(["--config", str(config), "--text", "打开百度", "--rows", str(rows)]) == 2
    assert "exactly one of --rows" in capsys.readouterr().err


def test_a_phrase_corpus_leaves_every_prediction_as_it_was(files, capsys):
    config, rows, tmp = files
    phrases = tmp / "train.jsonl"
    phrases.write_text("".join(json.dumps({"id": f"t{i}", "split": "train", "input_text": "x", "target_contract": c},
                                          ensure_ascii=False) + "\n" for i, c in enumerate(
        [make_contract("blocked", "代用户转账存在资金风险", "拒绝代为转账的请求"), make_contract("search", "天气", "搜索天气")])),
        encoding="utf-8")
    plain, with_phrases = tmp / "plain.jsonl", tmp / "phrases.jsonl"
    assert main(["--config", str(config), "--rows", str(rows), "--out", str(plain)]) == 0
    assert main(["--config", str(config), "--rows", str(rows), "--out", str(with_phrases),
                 "--set", f"decode.phrases={json.dumps(str(phrases))}"]) == 0
    for a, b in zip(_read(plain), _read(with_phrases), strict=True):
        assert (b["id"], b["prediction"], b["tokens"], b["finish"]) == (a["id"], a["prediction"], a["tokens"],
                                                                        a["finish"])
        assert b["forward_passes"] <= a["forward_passes"]
    capsys.readouterr()
    for bad, said in ((tmp / "none.jsonl", "is not a file"), (rows, "no rows of split 'train'")):
        assert cli_entry(main)(["--config", str(config), "--rows", str(rows), "--out", str(tmp / "never.jsonl"),
                                "--set", f"decode.phrases={json.dumps(str(bad))}"]) == 2
        assert said in capsys.readouterr().err


def _passes(path):
    return {p["id"]: (p["prediction"], p["tokens"], p["finish"], p["forward_passes"], p["decoding"]["phrases"])
            for p in _read(path)}


@pytest.mark.slow  # about a minute on 2 shared CPU cores (training 40 steps, then three decodes)
def test_a_trained_run_decodes_with_the_corpus_of_the_rows_it_trained_on(tmp_path, capsys):
    """`train.sft` then `decode.predict --run`: the run's recorded SFT rows make the corpus by default (same
    predictions, fewer or equal passes than `phrases = ""`); rows moved away warn once and decode without."""
    from tests.training_rows import EXAMPLES, MORE_EXAMPLES, write_rows
    from train.sft import main as sft_main

    sft, _ = write_rows(tmp_path, EXAMPLES + MORE_EXAMPLES)
    assert sft_main(["--config", "train/configs/tiny-cpu-sft.toml", *[a for s in (
        f"data.sft_path='{sft}'", f"run.out_dir='{tmp_path / 'runs'}'", "run.name='sft'", "data.batch_size=8",
        "data.loss_on='choices'", "optim.total_steps=40", "run.checkpoint_every=1000", "data.max_dev_rows=1")
        for a in ("--set", s)]]) == 0
    run = tmp_path / "runs" / "sft"
    assert json.loads((run / "run_card.json").read_text(encoding="utf-8"))["sft_rows"] == str(sft.resolve())

    def decode(name, *extra):
        out = tmp_path / f"{name}.jsonl"
        assert main(["--config", "decode/configs/tiny-cpu.toml", "--rows", str(sft), "--out", str(out),
                     "--run", str(run), *extra]) == 0
        return _passes(out)

    default, off = decode("default"), decode("off", "--set", 'decode.phrases=""')
    assert {p[4] for p in default.values()} == {str(sft.resolve())} and {p[4] for p in off.values()} == {""}
    assert default.keys() == off.keys()
    for i in default:
        assert default[i][:3] == off[i][:3] and default[i][3] <= off[i][3]
    assert sum(p[3] for p in default.values()) < sum(p[3] for p in off.values())  # the corpus saved passes
    capsys.readouterr()
    sft.rename(tmp_path / "moved.jsonl")
    rows = tmp_path / "moved.jsonl"
    out = tmp_path / "missing.jsonl"
    assert main(["--config", "decode/configs/tiny-cpu.toml", "--rows", str(rows), "--out", str(out),
                 "--run", str(run)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and str(sft.resolve()) in warnings[0] and "without a phrase corpus" in warnings[0]
    assert {i: p[:4] for i, p in _passes(out).items()} == {i: p[:4] for i, p in off.items()}
