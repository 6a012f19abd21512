"""`evaluate.lockbox derive`: a frozen noised copy of a frozen lockbox that verifies, names its sources and is looked at once."""

import json

import pytest

from evaluate.lockbox_rows import content_hash
from tests.test_lockbox import ROWS, RUN, _freeze, _row, _write_jsonl

# Enough rows that noise at 0.2 changes most of them.
MORE = ROWS + [_row(f"lb-{i}", f"fam-{i}", "帮我查一下明天上海到北京的高铁票还有没有二十张", f"高铁票{i}") for i in range(4, 40)]


def _derive(tmp_path, rate="0.2", *extra):
    _, src, man = _freeze(tmp_path, MORE)
    out = tmp_path / "lb-asr20.jsonl"
    rc = RUN(["derive", "--lockbox", str(src), "--manifest", str(man), "--rate", rate, "--out", str(out), *extra])
    return rc, src, man, out, tmp_path / "lb-asr20.manifest.json"


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_derived_set_verifies_and_names_each_source_row_and_hash(tmp_path, capsys):
    rc, src, man, out, out_man = _derive(tmp_path)
    assert rc == 0
    source, derived = _read(src), _read(out)
    source_manifest, manifest = json.loads(man.read_text()), json.loads(out_man.read_text())
    assert len(derived) == len(source)
    for s, d in zip(source, derived, strict=True):
        assert d["row_id"] == s["row_id"] + "/asr20"
        assert d["derived_from"] == [{"row_id": s["row_id"], "content_hash": s["content_hash"],
                                      "transform": "asr_noise", "rate": 0.2, "seed": 0}]
        assert d["gold_contract"] == s["gold_contract"] and d["semantic_family_id"] == s["semantic_family_id"]
        assert d["content_hash"] == content_hash(d) and d["analysis_seen"] is False
    changed = sum(s["input_text"] != d["input_text"] for s, d in zip(source, derived, strict=True))
    assert changed > len(source) // 2 and manifest["asr_noise"]["rows_changed"] == changed
    assert manifest["derived_from"] == {"manifest_id": "lb", "lockbox_hash": source_manifest["lockbox_hash"],
                                        "path": str(src)}
    assert manifest["asr_noise"]["settings"]["homophone"] == 0.1 and manifest["manifest_id"] == "lb-asr20"
    assert manifest["lockbox_hash"] != source_manifest["lockbox_hash"]
    capsys.readouterr()
    assert RUN(["verify", "--lockbox", str(out), "--manifest", str(out_man)]) == 0
    assert f"lockbox_hash {manifest['lockbox_hash']}" in capsys.readouterr().out
    # The same source, rate and seed give the same rows; another seed other rows.
    again = tmp_path / "again.jsonl"
    assert RUN(["derive", "--lockbox", str(src), "--manifest", str(man), "--rate", "0.2", "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()
    other = tmp_path / "other.jsonl"
    assert RUN(["derive", "--lockbox", str(src), "--manifest", str(man), "--rate", "0.2", "--seed", "1",
                "--out", str(other)]) == 0
    assert other.read_bytes() != out.read_bytes()


def test_a_derived_set_is_looked_at_once_per_arm_like_any_lockbox(tmp_path, capsys):
    _, _, _, out, out_man = _derive(tmp_path)
    derived = _read(out)
    preds = _write_jsonl(tmp_path / "pred.jsonl", [{"id": r["row_id"], "prediction": r["gold_contract"]} for r in derived])
    ledger, report = tmp_path / "ledger.jsonl", tmp_path / "report.json"
    look = ["evaluate", "--lockbox", str(out), "--manifest", str(out_man), "--predictions", str(preds),
            "--arm", "baseline", "--out", str(report), "--ledger", str(ledger)]
    assert RUN(look) == 0
    assert json.loads(report.read_text())["metrics"]["contract_exact_match"] == pytest.approx(1.0)
    entry = json.loads(ledger.read_text().splitlines()[0])
    assert entry["manifest_id"] == "lb-asr20" and entry["lockbox_hash"] == json.loads(out_man.read_text())["lockbox_hash"]
    capsys.readouterr()
    assert RUN(look) == 2 and "already looked at lockbox" in capsys.readouterr().err


def test_a_tampered_source_or_a_bad_rate_is_refused_and_nothing_is_written(tmp_path, capsys):
    rc, src, man, out, out_man = _derive(tmp_path, "1.5")
    assert rc == 2 and "noise rate must be a number from 0 to 1" in capsys.readouterr().err
    rows = _read(src)
    rows[0]["input_text"] += "吧"
    _write_jsonl(src, rows)
    assert RUN(["derive", "--lockbox", str(src), "--manifest", str(man), "--rate", "0.1", "--out", str(out)]) == 2
    assert f"{src}:1: row lb-1: content_hash does not match" in capsys.readouterr().err
    assert not out.exists() and not out_man.exists()
