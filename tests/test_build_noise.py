"""`python -m v2t.build --noise-rate R`: noised copies of training inputs, recorded in the manifest; off by default."""

import json

from tests.test_build import read, rows, write_seeds
from v2t import build
from v2t.errors import cli_entry


def _build(seeds, out, *flags):
    return cli_entry(build.main)(["--seeds", str(seeds), "--out", str(out), *flags])


def test_noised_copies_of_training_rows_keep_their_gold_and_are_in_the_manifest(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", rows())
    assert _build(seeds, tmp_path / "clean") == 0
    assert _build(seeds, tmp_path / "noisy", "--noise-rate", "0.2", "--noise-seed", "5") == 0
    clean = {r["id"]: r for r in read(tmp_path / "clean" / "sft.jsonl")}
    noisy = read(tmp_path / "noisy" / "sft.jsonl")
    copies = [r for r in noisy if r["id"].endswith("/asr")]
    assert [r for r in noisy if not r["id"].endswith("/asr")] == list(clean.values())  # clean rows as before
    assert copies and all(r["split"] == "train" for r in copies)  # dev and test inputs stay clean
    for r in copies:
        original = clean[r["provenance"]["asr_noise_of"]]
        assert r["id"] == original["id"] + "/asr"
        assert r["target_contract"] == original["target_contract"] and r["input_text"] != original["input_text"]
    manifest = json.loads((tmp_path / "noisy" / "manifest.json").read_text())
    assert manifest["settings"]["asr_noise"]["seed"] == 5 and manifest["settings"]["asr_noise"]["homophone"] == 0.1
    counts = manifest["counts"]["asr_noise"]
    train = sum(r["split"] == "train" for r in clean.values())
    assert counts["rows_noised"] == len(copies) and counts["rows_noised"] + counts["rows_unchanged"] == train
    assert sum(counts["errors"].values()) >= len(copies)
    assert manifest["counts"]["sft"]["total"] == len(clean) + len(copies)
    # Off by default: a build without the flag has no noise in its manifest.
    assert "asr_noise" not in json.loads((tmp_path / "clean" / "manifest.json").read_text())["settings"]
    # The same flags give the same bytes.
    assert _build(seeds, tmp_path / "again", "--noise-rate", "0.2", "--noise-seed", "5") == 0
    assert (tmp_path / "again" / "sft.jsonl").read_bytes() == (tmp_path / "noisy" / "sft.jsonl").read_bytes()


def test_a_bad_noise_setting_is_one_line_and_nothing_is_written(tmp_path, capsys):
    seeds = write_seeds(tmp_path / "seeds", rows())
    toml = tmp_path / "noise.toml"
    toml.write_text("drop = 2\n")
    assert _build(seeds, tmp_path / "out", "--noise-config", str(toml)) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {toml}: noise rate drop must be a number from 0 to 1, got 2.0"
    assert _build(seeds, tmp_path / "out", "--noise-rate", "1.5") == 2
    assert "noise rate must be a number from 0 to 1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
