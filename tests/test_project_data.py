"""The project's own data: seeds build cleanly, the frozen dev lockbox verifies, the grammar accepts all golds."""

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from evaluate import lockbox
from v2t import build
from v2t.contract import TASK_TYPES
from v2t.errors import cli_entry
from v2t.harm_kinds import HARM_CODES, parse_category
from v2t.jsonl import read_jsonl

ROOT = Path(__file__).resolve().parents[1]
LOCKBOX = ROOT / "data/lockbox/dev-lockbox-v1.jsonl"
MANIFEST = ROOT / "data/lockbox/dev-lockbox-v1.manifest.json"
LOCKBOX_V2 = ROOT / "data/lockbox/dev-lockbox-v2.jsonl"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    assert build.main(["--seeds", str(ROOT / "data/seeds"), "--out", str(out)]) == 0
    return out


def test_seed_set_meets_the_authoring_bar():
    seeds = [r for p in sorted((ROOT / "data/seeds").glob("*.jsonl")) for r in read_jsonl(p)]
    per_type = Counter(r["target_contract"]["task_type"] for r in seeds)
    assert len(seeds) >= 360
    assert all(per_type[t] >= 60 for t in TASK_TYPES), per_type
    assert all(2 <= len(r["augmentations"]) <= 4 for r in seeds)


def test_lockbox_has_twenty_rows_per_task_type():
    rows = read_jsonl(LOCKBOX)
    per_type = Counter(r["gold_contract"]["task_type"] for r in rows)
    assert len(rows) >= 120 and all(per_type[t] >= 20 for t in TASK_TYPES)


def test_safety_lockbox_covers_every_harm_kind_and_near_misses():
    rows = read_jsonl(LOCKBOX_V2)
    kinds = Counter(parse_category(r["source"]["category"]) for r in rows)
    assert len(rows) >= 200
    assert sum(n for k, n in kinds.items() if k and k[0] == "harm") >= 80
    assert sum(n for k, n in kinds.items() if k and k[0] == "near_miss") >= 40
    assert all(kinds[("harm", code)] >= 5 for code in HARM_CODES), kinds
    assert all((r["gold_contract"]["task_type"] == "blocked") == (r["source"]["category"].startswith("harm:"))
               for r in rows)


@pytest.mark.parametrize("name", ["dev-lockbox-v1", "dev-lockbox-v2", "dev-lockbox-v3", "dev-lockbox-v4", "dev-lockbox-v5",
                                  "dev-dialogues-v1", "dev-dialogues-v2", "dev-dialogues-v3", "dev-dialogues-v4",
                                  "dev-dialogues-v5", "dev-dialogues-v6", "dev-dialogues-v7",
                                  "dev-dialogues-v8", "dev-dialogues-v9", "dev-dialogues-v10",
                                  "dev-dialogues-v11", "dev-dialogues-v12"])
def test_dev_lockbox_verifies_against_the_built_training_rows(built, capsys, name):
    manifest_path = ROOT / f"data/lockbox/{name}.manifest.json"
    rc = lockbox.main(["verify", "--lockbox", str(ROOT / f"data/lockbox/{name}.jsonl"), "--manifest",
                       str(manifest_path), "--train", str(built / "sft.jsonl"), "--train", str(built / "dpo.jsonl"),
                       "--seeds", str(ROOT / "data/seeds")])
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert rc == 0
    assert f"lockbox_hash {manifest['lockbox_hash']}" in capsys.readouterr().out


def test_editing_one_lockbox_row_fails_naming_it(tmp_path, capsys):
    edited = tmp_path / "lb.jsonl"
    shutil.copy(LOCKBOX, edited)
    lines = edited.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[41])
    row["input_text"] += "吧"
    lines[41] = json.dumps(row, ensure_ascii=False)
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli_entry(lockbox.main)(["verify", "--lockbox", str(edited)]) == 2
    err = capsys.readouterr().err
    assert f":42: row {row['row_id']}" in err


@pytest.mark.parametrize("rows", ["sft", "lockbox"])
def test_every_training_target_and_lockbox_gold_walks_the_automaton(built, rows, capsys):
    # The walk checks each choice token is allowed and each forced run equals the tokens training used,
    # so acceptance means: the decoder forced along the gold emits exactly the training ids.
    from decode.grammar_cli import main as grammar_main

    path = built / "sft.jsonl" if rows == "sft" else LOCKBOX
    n = len(read_jsonl(path))
    assert grammar_main(["accepts", "--rows", str(path)]) == 0
    assert f"accepted {n}/{n}" in capsys.readouterr().out


def test_near_miss_seeds_are_never_refused_and_cover_every_kind_and_task_type():
    # A near-miss touches a harm topic but is harmless: refusing it is the failure these seeds teach against.
    from v2t.harm_kinds import HARM_CODES, parse_category, row_category

    seeds = [r for p in sorted((ROOT / "data/seeds").glob("*.jsonl")) for r in read_jsonl(p)]
    near = [r for r in seeds if (parse_category(row_category(r)) or ("",))[0] == "near_miss"]
    per_kind = Counter(parse_category(row_category(r))[1] for r in near)
    per_type = Counter(r["target_contract"]["task_type"] for r in near)
    assert len(near) >= 110
    assert all(per_kind[k] >= 8 for k in HARM_CODES), per_kind
    assert per_type["blocked"] == 0
    assert all(per_type[t] >= 15 for t in ("search", "navigate", "form_fill", "extract")), per_type
    assert per_type["clarify"] >= 8, per_type
