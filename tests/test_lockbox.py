import hashlib
import json

import pytest

from evaluate import lockbox as L
from evaluate.lockbox_rows import content_hash
from evaluate.training_overlap import normalise_input
from v2t import contract as C
from v2t.errors import cli_entry

RUN = cli_entry(L.main)


def _row(rid, family, text, q, derived_from=None):
    return {
        "row_id": rid,
        "semantic_family_id": family,
        "input_text": text,
        "gold_contract": C.make_contract("search", q, "搜索" + q),
        "source": {"category": "search", "provenance": "hand_authored"},
        "derived_from": derived_from if derived_from is not None else [],
        "analysis_seen": False,
    }


ROWS = [
    _row("lb-1", "fam-weather", "嗯帮我查一下那个明天北京会不会下雨啊", "明天北京天气",
         [{"seed": "s2"}, {"seed": "s1"}]),
    _row("lb-2", "fam-stock", "就是那个茅台股价现在多少", "茅台股价"),
    _row("lb-3", "fam-stock", "帮我搜搜 比亚迪 股价 哦不对 是市值", "比亚迪市值"),
]


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _freeze(tmp_path, rows=ROWS, *extra):
    src = _write_jsonl(tmp_path / "source.jsonl", rows)
    out, man = tmp_path / "lb.jsonl", tmp_path / "lb.manifest.json"
    rc = RUN(["freeze", "--source", str(src), "--out", str(out), "--manifest", str(man), *extra])
    return rc, out, man


def test_freeze_then_verify_and_hashes_follow_the_contract(tmp_path, capsys):
    rc, out, man = _freeze(tmp_path)
    assert rc == 0
    frozen = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # content_hash by hand: sorted-key compact JSON of the row without content_hash, derived_from sorted.
    payload = dict(ROWS[0], derived_from=[{"seed": "s1"}, {"seed": "s2"}])
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert frozen[0]["content_hash"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    hashes = [r["content_hash"] for r in frozen]
    expected = hashlib.sha256(json.dumps(hashes, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
    manifest = json.loads(man.read_text(encoding="utf-8"))
    assert manifest["lockbox_hash"] == expected and manifest["content_hashes"] == hashes
    assert (manifest["row_count"], manifest["family_count"], manifest["frozen"]) == (3, 2, True)
    assert manifest["schema_version"] == "lockbox.v1" and manifest["manifest_id"] == "lb"
    assert manifest["provenance_summary"] == {"hand_authored": 3}
    capsys.readouterr()
    assert RUN(["verify", "--lockbox", str(out), "--manifest", str(man)]) == 0
    assert f"lockbox_hash {expected}" in capsys.readouterr().out


def test_content_hash_ignores_extra_gold_keys():
    row = dict(ROWS[1], gold_contract=dict(ROWS[1]["gold_contract"], note="not part of the contract"))
    assert content_hash(row) == content_hash(ROWS[1])


def test_editing_one_row_makes_verify_name_it(tmp_path, capsys):
    _, out, man = _freeze(tmp_path)
    lines = out.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[1])
    row["input_text"] += "吧"
    lines[1] = json.dumps(row, ensure_ascii=False)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert RUN(["verify", "--lockbox", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {out}:2: row lb-2: content_hash does not match the row's content"


def test_manifest_mismatch_is_named(tmp_path, capsys):
    _, out, man = _freeze(tmp_path)
    manifest = json.loads(man.read_text(encoding="utf-8"))
    manifest["content_hashes"][2] = "0" * 64
    man.write_text(json.dumps(manifest), encoding="utf-8")
    capsys.readouterr()
    assert RUN(["verify", "--lockbox", str(out), "--manifest", str(man)]) == 2
    assert f"manifest content_hashes[2] does not match row lb-3 ({out}:3)" in capsys.readouterr().err


def test_duplicate_id_refused_and_nothing_written(tmp_path, capsys):
    rc, out, man = _freeze(tmp_path, [*ROWS, dict(ROWS[1], input_text="别的说法")])
    assert rc == 2 and "source.jsonl:4: duplicate row_id lb-2 (first at line 2)" in capsys.readouterr().err
    assert not out.exists() and not man.exists()


def test_analysis_seen_and_invalid_gold_refused(tmp_path, capsys):
    assert _freeze(tmp_path, [dict(ROWS[0], analysis_seen=True)])[0] == 2
    assert "analysis_seen must be false" in capsys.readouterr().err
    bad = dict(ROWS[0], gold_contract=dict(ROWS[0]["gold_contract"], route="deny"))
    assert _freeze(tmp_path, [bad])[0] == 2
    assert "task_route_mismatch" in capsys.readouterr().err


@pytest.mark.parametrize(
    "training_text, why",
    [
        ("就是那个茅台股价现在多少", "is a training input"),
        # Full-width punctuation and a space: equal after NFKC, casefolding and punctuation removal.
        ("就是，那个 茅台股价现在多少？", "up to case, width and punctuation"),
    ],
)
def test_input_overlap_with_training_refused(tmp_path, capsys, training_text, why):
    sft = _write_jsonl(tmp_path / "sft.jsonl", [
        {"id": "t1", "split": "train", "input_text": "打开百度", "target_contract": {}, "provenance": "x"},
        {"id": "t2", "split": "train", "input_text": training_text, "target_contract": {}, "provenance": "x"},
    ])
    rc, out, _ = _freeze(tmp_path, ROWS, "--train", str(sft))
    err = capsys.readouterr().err
    assert rc == 2 and "source.jsonl:2: row lb-2: input_text" in err and why in err and f"{sft}:2" in err
    assert not out.exists()


def test_normalise_input_folds_width_case_and_punctuation():
    assert normalise_input("ＡＢＣ，打开 Baidu！") == normalise_input("abc打开baidu") == "abc打开baidu"


def test_family_overlap_with_seed_train_split_refused(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seed = {"id": "s9", "split": "dev", "semantic_family_id": "fam-stock", "input_text": "完全不同的话",
            "target_contract": {}, "augmentations": [], "provenance": "x"}
    _write_jsonl(seeds / "a.jsonl", [seed])
    # A dev-split seed is not training: freezing passes.
    assert _freeze(tmp_path, ROWS, "--seeds", str(seeds))[0] == 0
    _write_jsonl(seeds / "a.jsonl", [dict(seed, split="train")])
    rc, out, man = _freeze(tmp_path, ROWS, "--seeds", str(seeds), "--overwrite")
    assert rc == 2
    assert "row lb-2: semantic family fam-stock is shared with training" in capsys.readouterr().err
    # The lockbox frozen before still verifies alone, and fails once training is named.
    assert RUN(["verify", "--lockbox", str(out), "--seeds", str(seeds)]) == 2


def test_refreezing_an_existing_lockbox_needs_overwrite(tmp_path, capsys):
    assert _freeze(tmp_path)[0] == 0
    assert _freeze(tmp_path)[0] == 2 and "already exists" in capsys.readouterr().err


def test_second_look_refused_and_forced_look_recorded(tmp_path, capsys):
    _, out, man = _freeze(tmp_path)
    preds = _write_jsonl(tmp_path / "pred.jsonl", [
        {"id": "lb-1", "prediction": ROWS[0]["gold_contract"]},
        {"id": "lb-2", "prediction": "not json"},
    ])
    ledger, report = tmp_path / "ledger.jsonl", tmp_path / "report.json"
    look = ["evaluate", "--lockbox", str(out), "--manifest", str(man), "--predictions", str(preds),
            "--arm", "base", "--out", str(report), "--ledger", str(ledger),
            "--run-info", '{"checkpoint_hash": "ck1", "prompt_policy": "pp-1", "decoding": {"greedy": true}}']
    assert RUN(look) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert "rows" not in data and "example_ids" not in data["failure_slices"]["schema"]
    # 3 rows: lb-1 exact, lb-2 unparsed, lb-3 missing -> exact 1/3, parse 1/3.
    assert data["metrics"]["contract_exact_match"] == pytest.approx(1 / 3)
    assert data["run"]["arm"] == "base" and data["run"]["forced"] is False
    capsys.readouterr()
    report.unlink()
    assert RUN(look) == 2
    err = capsys.readouterr().err
    assert f"error: {ledger}:1: arm base already looked at lockbox" in err and not report.exists()
    assert RUN(look + ["--force"]) == 0
    entries = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
    assert [e["forced"] for e in entries] == [False, True]
    assert entries[0]["checkpoint_hash"] == "ck1" and entries[0]["prompt_policy"] == "pp-1"
    assert entries[0]["decoding"] == {"greedy": True} and entries[0]["lockbox_hash"] == entries[1]["lockbox_hash"]
    # Another arm gets its own first look.
    assert RUN([*look[:7], "--arm", "sft", *look[9:]]) == 0
    capsys.readouterr()
    assert RUN(["ledger", "--ledger", str(ledger)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 4 and "true" in printed[2] and "sft" in printed[3]


def test_check_lists_every_problem_and_writes_nothing(tmp_path, capsys):
    bad = dict(ROWS[2], analysis_seen=True)
    src = _write_jsonl(tmp_path / "draft.jsonl", [ROWS[0], dict(ROWS[0], input_text="别的说法"), bad])
    assert RUN(["check", "--source", str(src)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{src}:2: duplicate row_id lb-1 (first at line 1)" and out[1].startswith(f"{src}:3: row lb-3: analysis_seen")
    assert out[-1] == "2 row(s) with a problem" and sorted(p.name for p in tmp_path.iterdir()) == ["draft.jsonl"]
    assert RUN(["check", "--source", str(_write_jsonl(tmp_path / "ok.jsonl", ROWS))]) == 0


def test_freeze_drop_failing_drops_overlaps_unread(tmp_path, capsys):
    sft = _write_jsonl(tmp_path / "sft.jsonl", [
        {"id": "t1", "split": "train", "input_text": ROWS[1]["input_text"], "target_contract": {}, "provenance": "x"}])
    rows = [*ROWS, dict(ROWS[0], row_id="lb-4", analysis_seen=True)]
    rc, out, man = _freeze(tmp_path, rows, "--train", str(sft), "--drop-failing")
    printed = capsys.readouterr().out
    assert rc == 0 and "dropped 2 row(s) unread" in printed
    assert ROWS[1]["input_text"] not in printed and "lb-2" not in printed  # a dropped row is never shown
    kept = [json.loads(line)["row_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert kept == ["lb-1", "lb-3"] and json.loads(man.read_text(encoding="utf-8"))["row_count"] == 2
    assert RUN(["verify", "--lockbox", str(out), "--manifest", str(man), "--train", str(sft)]) == 0
