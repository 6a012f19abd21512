import hashlib
import json

import pytest

from evaluate import lockbox as L
from evaluate.lockbox_rows import content_hash
from tests.dialogue_fixtures import gold_rows, prediction_rows
from v2t import contract as C
from v2t.errors import cli_entry
from v2t.jsonl import write_jsonl_atomic

RUN = cli_entry(L.main)


def _freeze(tmp_path, rows=None, *extra):
    src = tmp_path / "source.jsonl"
    write_jsonl_atomic(src, gold_rows() if rows is None else rows)
    out, man = tmp_path / "dlb.jsonl", tmp_path / "dlb.manifest.json"
    rc = RUN(["freeze", "--source", str(src), "--out", str(out), "--manifest", str(man), "--overwrite", *extra])
    return rc, out, man


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_freeze_hashes_a_turns_list_as_the_readme_says(tmp_path):
    rows = gold_rows()
    rows[0]["derived_from"] = [{"seed": "s2"}, {"seed": "s1"}]
    rc, out, man = _freeze(tmp_path, rows)
    assert rc == 0
    frozen = _read(out)
    # By hand: the row without content_hash, each turn's gold reduced to the 8 keys, derived_from sorted.
    payload = dict(gold_rows()[0], derived_from=[{"seed": "s1"}, {"seed": "s2"}])
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert frozen[0]["content_hash"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    hashes = [r["content_hash"] for r in frozen]
    manifest = json.loads(man.read_text(encoding="utf-8"))
    expected = hashlib.sha256(json.dumps(hashes, separators=(",", ":")).encode()).hexdigest()
    assert manifest["lockbox_hash"] == expected and (manifest["row_count"], manifest["family_count"]) == (5, 5)


def test_hash_is_stable_under_key_order_and_changed_by_any_turns_edit():
    row = gold_rows()[0]
    shuffled = {k: row[k] for k in reversed(list(row))}
    shuffled["turns"] = [{k: t[k] for k in reversed(list(t))} for t in row["turns"]]
    assert content_hash(shuffled) == content_hash(row)
    extra = gold_rows()[0]
    extra["turns"][1]["gold_contract"]["note"] = "not one of the 8 contract keys"
    assert content_hash(extra) == content_hash(row)
    for k in range(len(row["turns"])):
        edited = gold_rows()[0]
        edited["turns"][k]["input_text"] += "吧"
        assert content_hash(edited) != content_hash(row), k
    edited = gold_rows()[0]
    edited["turns"][2]["carried"] = ["天气"]
    assert content_hash(edited) != content_hash(row)


def test_verify_names_the_edited_dialogue(tmp_path, capsys):
    _, out, man = _freeze(tmp_path)
    rows = _read(out)
    rows[3]["turns"][1]["gold_contract"]["slots"]["query"] = "明天 新闻"
    write_jsonl_atomic(out, rows)
    assert RUN(["verify", "--lockbox", str(out), "--manifest", str(man)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: {out}:4: row dlg-after-refusal: content_hash does not match the row's content")


def test_bad_turn_and_duplicate_ids_refused_with_one_line(tmp_path, capsys):
    rows = gold_rows()
    rows[1]["turns"][1]["gold_contract"] = C.make_contract("navigate", "jd.com", "打开京东")
    assert _freeze(tmp_path, rows)[0] == 2
    assert "row dlg-clarify: turns[1].gold_contract slots/url: bad_url" in capsys.readouterr().err
    rows = gold_rows()
    rows[2]["row_id"] = "dlg-refine"
    assert _freeze(tmp_path, rows)[0] == 2
    assert "source.jsonl:3: duplicate row_id dlg-refine (first at line 1)" in capsys.readouterr().err
    assert not (tmp_path / "dlb.jsonl").exists()


@pytest.mark.parametrize("training_row, why", [
    ({"id": "t1", "input_text": "再搜一下上海的！", "target_contract": {}},
     "row dlg-refine: turns[1].input_text matches a training input up to case, width and punctuation"),
    ({"id": "t2", "input_text": "随便", "history": [{"input_text": "打开b站", "contract": {}}]},
     "row dlg-unrelated: turns[1].input_text is a training input"),
    ({"id": "t3", "input_text": "别的", "semantic_family_id": "fam-dlg-clean"},
     "row dlg-clean: semantic family fam-dlg-clean is shared with training"),
])
def test_overlap_with_training_refused(tmp_path, capsys, training_row, why):
    train = tmp_path / "train.jsonl"
    write_jsonl_atomic(train, [training_row])
    assert _freeze(tmp_path, None, "--train", str(train))[0] == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {tmp_path / 'source.jsonl'}:") and why in err and len(err.splitlines()) == 1
    assert not (tmp_path / "dlb.jsonl").exists()


def test_seed_dialogues_train_split_counts_as_training(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    (seeds / "dialogues").mkdir(parents=True)
    write_jsonl_atomic(seeds / "one.jsonl", [{"id": "s", "split": "train", "input_text": "无关", "augmentations": []}])
    turn = {"input_text": "打开网站", "augmentations": ["帮我把钱转给这个账户"]}
    write_jsonl_atomic(seeds / "dialogues" / "d.jsonl", [{"id": "sd", "split": "train", "turns": [turn],
                                                          "semantic_family_id": "fam-seed"}])
    assert _freeze(tmp_path, None, "--seeds", str(seeds))[0] == 2
    assert f"row dlg-after-refusal: turns[0].input_text is a training input ({seeds / 'dialogues' / 'd.jsonl'}:1)" \
        in capsys.readouterr().err


def test_one_look_per_arm_and_history_mode(tmp_path, capsys):
    _, out, man = _freeze(tmp_path)
    ledger, report = tmp_path / "ledger.jsonl", tmp_path / "report.json"

    def look(mode, *extra):
        preds = tmp_path / f"pred-{mode}.jsonl"
        write_jsonl_atomic(preds, prediction_rows(mode))
        return RUN(["evaluate", "--lockbox", str(out), "--manifest", str(man), "--predictions", str(preds),
                    "--arm", "sft", "--out", str(report), "--ledger", str(ledger), *extra])

    assert look("gold") == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert "rows" not in data and "rows" not in data["dialogue"]  # a lockbox report stays aggregate-only
    assert data["dialogue"]["history_mode"] == "gold" and data["run"]["history_mode"] == "gold"
    assert data["dialogue"]["context_carry_accuracy"] == pytest.approx(1 / 3) and data["run"]["n_gold"] == 11
    report.unlink()
    capsys.readouterr()
    assert look("gold") == 2
    assert f"error: {ledger}:1: arm sft (history gold) already looked at lockbox" in capsys.readouterr().err
    assert not report.exists()
    assert look("own") == 0  # the arm's own history is another look
    assert look("own", "--force") == 0
    entries = _read(ledger)
    assert [(e["history_mode"], e["forced"]) for e in entries] == [("gold", False), ("own", False), ("own", True)]
    capsys.readouterr()
    assert RUN(["ledger", "--ledger", str(ledger)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "history" in printed[0] and " gold " in printed[1] and " own " in printed[2]


def test_derive_refuses_a_dialogue_lockbox(tmp_path, capsys):
    _, out, man = _freeze(tmp_path)
    assert RUN(["derive", "--lockbox", str(out), "--manifest", str(man), "--rate", "0.1",
                "--out", str(tmp_path / "n.jsonl")]) == 2
    assert "holds dialogues; derive noises one-turn lockboxes only" in capsys.readouterr().err
