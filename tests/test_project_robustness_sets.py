"""The committed robustness sets: frozen noised copies of each development lockbox at rates 0.05, 0.10, 0.20."""

import json
from pathlib import Path

import pytest

from evaluate import lockbox as L
from v2t.errors import cli_entry

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["dev-lockbox-v1", "dev-lockbox-v2", "dev-lockbox-v3", "dev-lockbox-v4", "dev-lockbox-v5"])
@pytest.mark.parametrize("rate, tag", [(0.05, "05"), (0.1, "10"), (0.2, "20")])
def test_each_robustness_set_verifies_and_derives_from_the_frozen_lockbox(rate, tag, name, tmp_path, capsys):
    source_path = ROOT / f"data/lockbox/{name}.jsonl"
    source_manifest = ROOT / f"data/lockbox/{name}.manifest.json"
    path = ROOT / f"data/lockbox/{name}-asr{tag}.jsonl"
    manifest_path = ROOT / f"data/lockbox/{name}-asr{tag}.manifest.json"
    assert cli_entry(L.main)(["verify", "--lockbox", str(path), "--manifest", str(manifest_path),
                              "--seeds", str(ROOT / "data/seeds")]) == 0
    source = [json.loads(line) for line in source_path.read_text(encoding="utf-8").splitlines()]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["derived_from"]["lockbox_hash"] == json.loads(source_manifest.read_text())["lockbox_hash"]
    assert manifest["asr_noise"]["rate"] == rate
    assert [r["derived_from"][0]["content_hash"] for r in rows] == [s["content_hash"] for s in source]
    assert [r["gold_contract"] for r in rows] == [s["gold_contract"] for s in source]
    # Derived again from the same frozen lockbox, the set is the same bytes: nothing was edited by hand.
    again = tmp_path / "again.jsonl"
    assert cli_entry(L.main)(["derive", "--lockbox", str(source_path), "--manifest", str(source_manifest),
                              "--rate", str(rate), "--out", str(again)]) == 0
    assert again.read_bytes() == path.read_bytes()
