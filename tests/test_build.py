import copy
import hashlib
import json
import re

import pytest

from v2t import build
from v2t.contract import RULES, make_contract, validate
from v2t.errors import cli_entry
from v2t.negatives import APPLIES, CATEGORIES, PAIRS_PER_FORM
from v2t.public_scan import finding
from v2t.spoken import clean_string

SEEDS = [
    ("s1", "train", "f-rain", "嗯帮我查一下那个明天北京会不会下雨啊",
     ("search", "明天北京天气 是否下雨", "搜索明天北京是否下雨"), ["明天北京下雨吗 查一下", "那个 北京明天有雨没有"]),
    ("n1", "train", "f-bili", "打开 b 站",
     ("navigate", "https://www.bilibili.com", "打开哔哩哔哩"), ["帮我进一下哔哩哔哩", "去b站 嗯 就是 bilibili"]),
    ("ff1", "train", "f-reg", "帮我在注册页面填上邮箱 lihua 艾特 qq 点 com 手机号幺三八零零一二三四五六",
     ("form_fill", {"邮箱": "lihua@qq.com", "手机号": "13800123456"}, "在注册表单中填写邮箱和手机号"),
     ["邮箱填 lihua@qq.com 手机 13800123456", "注册那里 邮箱写lihua at qq.com 手机号一三八零零一二三四五六"]),
    ("e1", "dev", "f-price", "把这页上的所有商品价格列出来",
     ("extract", "所有商品价格", "提取页面上所有商品价格"), ["提取一下这个页面的商品价格", "这页的价格都给我列一下"]),
    ("c1", "test", "f-vague", "嗯 那个 帮我弄一下",
     ("clarify", "未说明要做什么", "请说明具体需求"), ["就是那个 你懂的", "这个 处理一下"]),
    ("b1", "train", "f-pay", "帮我给张三转账五百块",
     ("blocked", "代用户转账存在资金风险", "拒绝代为转账的请求"), ["转五百给张三 用支付宝", "帮我付款五百元给张三"]),
    ("b2", "train", "f-stalk", "帮我查一下我前女友现在住址",
     ("blocked", "查找他人住址侵犯隐私", "拒绝查找他人住址的请求"), ["定位她现在在哪", "查前女友住哪里"]),
    ("nm1", "train", "f-scam-tips", "帮我搜一下怎么识别冒充客服的诈骗电话",
     ("search", "识别冒充客服诈骗电话", "搜索如何识别冒充客服的诈骗电话"), ["冒充客服的诈骗电话 怎么分辨", "嗯 怎么看出是冒充客服的骗子"]),
]
# Seeds whose provenance names a harm or near-miss category (CONTRACT.md §3's kinds; v2t.harm_kinds).
CATEGORY = {"nm1": "near_miss:scam", "b2": "harm:stalking"}


def seed_row(sid, split, family, text, target, augs):
    target = copy.deepcopy(target)  # tests edit rows; SEEDS must stay as written
    return {"id": sid, "split": split, "semantic_family_id": family, "input_text": text,
            "target_contract": make_contract(*target), "augmentations": list(augs),
            "provenance": {"source": "authored:test", "category": CATEGORY[sid]} if sid in CATEGORY else "authored:test"}


def rows():
    return [seed_row(*s) for s in SEEDS]


def write_seeds(folder, seed_rows, name="a.jsonl"):
    folder.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in seed_rows]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_build(seeds, out):
    return cli_entry(build.main)(["--seeds", str(seeds), "--out", str(out)])


def read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("build")
    assert run_build(write_seeds(tmp / "seeds", rows()), tmp / "out") == 0
    return tmp / "out"


def test_build_twice_gives_identical_bytes(built, tmp_path):
    assert run_build(write_seeds(tmp_path / "seeds", rows()), tmp_path / "out") == 0
    for name in ("sft.jsonl", "dpo.jsonl", "manifest.json"):
        assert (tmp_path / "out" / name).read_bytes() == (built / name).read_bytes(), name


def test_editing_one_seed_changes_the_manifest(built, tmp_path):
    edited = rows()
    edited[3]["target_contract"]["slots"]["target"] = "所有商品名称"
    assert run_build(write_seeds(tmp_path / "seeds", edited), tmp_path / "out") == 0
    before, after = (json.loads((d / "manifest.json").read_text()) for d in (built, tmp_path / "out"))
    assert before["seed_set_hash"] != after["seed_set_hash"]
    assert before["seed_files"]["a.jsonl"] != after["seed_files"]["a.jsonl"]
    assert before["outputs"]["sft.jsonl"]["sha256"] != after["outputs"]["sft.jsonl"]["sha256"]


def test_manifest_counts_and_hashes_match_the_files(built):
    manifest = json.loads((built / "manifest.json").read_text())
    assert "created_at" not in json.dumps(manifest)
    sft, dpo = read(built / "sft.jsonl"), read(built / "dpo.jsonl")
    assert manifest["counts"]["sft"]["total"] == len(sft) == 8 * 3
    assert manifest["counts"]["sft"]["by_split"] == {"dev": 3, "test": 3, "train": 18}
    assert manifest["counts"]["sft"]["by_task_type"]["blocked"] == 6
    assert sum(manifest["counts"]["dpo"]["by_rejection_reason"].values()) == len(dpo)
    # Both safety mistakes for every form: each of the 2 blocked seeds' 6 forms acted on, the near miss's 3 refused.
    assert manifest["counts"]["dpo"]["by_rejection_reason"]["blocked_as_action"] == 6
    assert manifest["counts"]["dpo"]["by_rejection_reason"]["near_miss_refused"] == 3
    assert "near_miss_refused" in manifest["settings"]["categories"]
    for name in ("sft.jsonl", "dpo.jsonl"):
        assert manifest["outputs"][name]["sha256"] == hashlib.sha256((built / name).read_bytes()).hexdigest()


def test_sft_rows_are_the_original_and_each_augmentation_decision_first(built):
    sft = read(built / "sft.jsonl")
    assert [r["id"] for r in sft[:3]] == ["s1", "s1#aug1", "s1#aug2"]
    assert [r["provenance"]["form"] for r in sft[:3]] == ["original", "augmentation", "augmentation"]
    assert sft[1]["input_text"] == "明天北京下雨吗 查一下"
    for r in sft:
        assert list(r) == ["id", "split", "input_text", "target_contract", "provenance"]
        assert next(iter(r["target_contract"])) == "task_type"
        assert validate(r["target_contract"]).layer == "semantic"


@pytest.mark.parametrize(
    "line, expect",
    [
        ('{"id": "x1", "split": "train"', "not valid JSON"),
        (lambda r: r.pop("provenance"), "missing key(s) provenance"),
        (lambda r: r.update(note="hi"), "unknown key(s) note"),
        (lambda r: r.update(split="holdout"), "split must be one of"),
        (lambda r: r["target_contract"].update(route="open_url"), "not semantic-valid"),
        (lambda r: r["target_contract"]["slots"].update(extra="x"), "data convention"),
        (lambda r: r["target_contract"].update(normalized_command='搜索"天气"'), "data convention"),
        (lambda r: r.update(augmentations=["只有一个"]), "augmentations must be a list of 2-4"),
        (lambda r: r.update(augmentations=["甲乙", "甲 乙！"]), "repeats"),
        (lambda r: r.update(augmentations=["甲乙", ""]), "non-empty"),
        (lambda r: r.update(id="s1"), "duplicate id 's1'"),
    ],
)
def test_a_bad_seed_is_one_error_line_with_file_and_line_and_nothing_is_written(tmp_path, capsys, line, expect):
    seed_rows = rows()
    bad = seed_rows[2]
    if callable(line):
        line(bad)
    else:
        seed_rows[2] = line
    seeds = write_seeds(tmp_path / "seeds", seed_rows)
    assert run_build(seeds, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {seeds / 'a.jsonl'}:3: ")
    assert expect in err
    assert not (tmp_path / "out").exists()


def test_errors_in_a_later_file_are_found_before_writing(tmp_path, capsys):
    seeds = write_seeds(tmp_path / "seeds", rows()[:3], "a.jsonl")
    late = rows()[3:]
    late[1]["augmentations"] = "not a list"
    write_seeds(seeds, late, "b.jsonl")
    assert run_build(seeds, tmp_path / "out") == 2
    assert f"{seeds / 'b.jsonl'}:2: augmentations" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_family_in_two_splits_is_refused(tmp_path, capsys):
    seed_rows = rows()
    seed_rows[4]["semantic_family_id"] = "f-rain"  # c1 is in test, f-rain is in train (line 1)
    seeds = write_seeds(tmp_path / "seeds", seed_rows)
    assert run_build(seeds, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert f"a.jsonl:5: family 'f-rain' is in split 'test' and in split 'train' at {seeds / 'a.jsonl'}:1" in err
    assert not (tmp_path / "out").exists()


def test_the_same_input_in_two_splits_is_refused(tmp_path, capsys):
    seed_rows = rows()
    seed_rows[3]["augmentations"][0] = "打开B站"  # e1 is dev; n1 (train) says 打开 b 站
    assert run_build(write_seeds(tmp_path / "seeds", seed_rows), tmp_path / "out") == 2
    assert "a.jsonl:4: input '打开B站' also appears in split 'train'" in capsys.readouterr().err


def test_the_same_input_with_two_targets_is_refused(tmp_path, capsys):
    seed_rows = rows()
    seed_rows[6]["augmentations"][1] = "帮我 给张三 转账五百块"  # b1's input, b2's different target
    assert run_build(write_seeds(tmp_path / "seeds", seed_rows), tmp_path / "out") == 2
    assert "a.jsonl:7: input '帮我 给张三 转账五百块' also appears at" in capsys.readouterr().err


def test_a_missing_seed_folder_is_one_error_line(tmp_path, capsys):
    assert run_build(tmp_path / "nope", tmp_path / "out") == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope'}: seed directory not found\n"


@pytest.mark.parametrize(
    "text, what",
    [
        ("把这个发到 /home/alice/notes.txt", "private absolute path"),
        (r"打开 C:\Users\bob\桌面", "private absolute path"),
        ("我的key是 sk-abcdefghijklmnop1234567890", "API key"),
        ("令牌 ghp_abcdefghijklmnopqrstuvwxyz0123", "GitHub token"),
        ("AKIAABCDEFGHIJKLMNOP 这个是什么", "AWS access key"),
        ("配置 api_key=abcd1234efgh 帮我填上", "secret assignment"),
        ("打开192.168.1.10的后台", "private IPv4"),
        ("访问 10.0.0.7", "private IPv4"),
        ("路由器 169.254.3.9 打不开", "private IPv4"),
    ],
)
def test_a_private_value_is_refused_naming_the_row(tmp_path, capsys, text, what):
    seed_rows = rows()
    seed_rows[5]["augmentations"][1] = text
    seeds = write_seeds(tmp_path / "seeds", seed_rows)
    assert run_build(seeds, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {seeds / 'a.jsonl'}:6: seed b1 holds ") and what in err
    assert "abcdefghijklmnop1234567890" not in err  # the secret itself is not echoed
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text", ["https://www.example.com/home/index.html", "去 8.8.8.8 测速", "版本 10.2 更新了啥",
                                  "打开 github 点 com", "skill-based 搜索"])
def test_public_text_is_not_flagged(text):
    assert finding({"input_text": text}) is None


def test_every_category_is_produced_and_only_where_it_applies(built):
    dpo = read(built / "dpo.jsonl")
    assert {r["rejection_reason"] for r in dpo} == set(CATEGORIES)
    for r in dpo:
        assert r["chosen_contract"]["task_type"] in APPLIES[r["rejection_reason"]], r["id"]


def test_pairs_are_bounded_per_input_form(built):
    per_form = {}
    for r in read(built / "dpo.jsonl"):
        form = r["id"].rsplit("/", 1)[0]
        per_form.setdefault(form, []).append(r["rejection_reason"])
    assert len(per_form) == 24
    for reasons in per_form.values():
        assert 1 <= len(reasons) <= PAIRS_PER_FORM and len(set(reasons)) == len(reasons)


def test_rejected_differs_from_chosen_and_chosen_is_valid(built):
    for r in read(built / "dpo.jsonl"):
        assert validate(r["chosen_contract"]).layer == "semantic"
        assert validate(r["rejected_contract"]).schema_valid
        assert r["rejected_contract"] != r["chosen_contract"]
        assert r["rejected_contract"]["contract_version"] == "v1"


def test_no_rejected_contract_names_a_category(built, tmp_path):
    # Inputs that themselves hold category names: the transcript-copying negatives must drop them.
    seed_rows = rows()
    seed_rows[0]["input_text"] = "搜一下 wrong_route 是什么意思"
    seed_rows[1]["augmentations"][0] = "打开 missing_slot 的 b 站"
    assert run_build(write_seeds(tmp_path / "seeds", seed_rows), tmp_path / "out") == 0
    for out in (built, tmp_path / "out"):
        for r in read(out / "dpo.jsonl"):
            text = json.dumps(r["rejected_contract"], ensure_ascii=False)
            assert not any(name in text for name in CATEGORIES), r["id"]


def test_each_rejected_contract_shows_its_mistake(built):
    for r in read(built / "dpo.jsonl"):
        chosen, rej, why = r["chosen_contract"], r["rejected_contract"], r["rejection_reason"]
        slot_key = RULES[chosen["task_type"]].slot_key
        if why == "wrong_task_type":
            assert rej["task_type"] != chosen["task_type"] and validate(rej).layer == "semantic"
        elif why == "wrong_route":
            assert rej["task_type"] == chosen["task_type"] and rej["route"] != chosen["route"]
        elif why in ("unsafe_allowance", "blocked_as_action"):
            assert chosen["safety"]["allow"] is False and rej["safety"]["allow"] is True
            assert (rej["task_type"] == "blocked") == (why == "unsafe_allowance")
        elif why == "missing_confirmation":
            assert chosen["confirmation_required"] is True and rej["confirmation_required"] is False
        elif why == "missing_slot":
            assert slot_key not in rej["slots"]
        elif why == "wrong_slot_value":
            assert rej["slots"][slot_key] != chosen["slots"][slot_key]
        elif why == "extract_as_search":
            assert (chosen["task_type"], rej["task_type"]) == ("extract", "search")
        elif why == "clarify_as_action":
            assert chosen["task_type"] == "clarify" and rej["task_type"] not in ("clarify", "blocked")
        elif why == "navigate_url_drift":
            host = re.match(r"https://([^/]+)", rej["slots"]["url"]).group(1)
            assert host != "www.bilibili.com" and re.fullmatch(r"[a-z0-9.\-]+\.[a-z]+", host)
        elif why == "near_miss_refused":
            assert chosen["safety"]["allow"] is True and rej["task_type"] == "blocked" and rej["safety"]["allow"] is False
        elif why == "command_is_transcript":
            assert rej["normalized_command"] == clean_string(r["input_text"])


def test_help_works(capsys):
    with pytest.raises(SystemExit) as e:
        build.main(["--help"])
    assert e.value.code == 0 and "--seeds" in capsys.readouterr().out
