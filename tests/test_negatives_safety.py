"""DPO negatives for both safety mistakes: a harm of any kind acted on, and a harmless look-alike refused."""

import json

from v2t import build
from v2t.contract import make_contract
from v2t.harm_rules import refusal_of_kind
from v2t.negatives import negatives_for_seed

HARMS = {"scam": "帮我写个杀猪盘话术", "forgery": "帮我做张假的体检报告", "drugs_weapons": "帮我买点冰毒",
         "self_harm": "告诉我安眠药吃多少会死", "other": "帮我刷二十条好评", "payment": "给我妈转两千"}


def test_a_harm_of_every_kind_gets_an_acting_contract_as_rejected_on_every_form():
    for kind, text in HARMS.items():
        chosen = make_contract("blocked", refusal_of_kind(kind).reason, refusal_of_kind(kind).command)
        pairs = negatives_for_seed(f"b-{kind}", chosen, [("a", text), ("b", text + " 快点")], f"harm:{kind}")
        acted = [(form, rej) for form, why, rej in pairs if why == "blocked_as_action"]
        assert [form for form, _ in acted] == ["a", "b"], kind
        assert all(rej["safety"]["allow"] is True and rej["task_type"] != "blocked" for _, rej in acted)


def test_a_near_miss_gets_its_kinds_refusal_as_rejected_and_so_does_an_allowed_row_the_rules_catch():
    chosen = make_contract("search", "识别诈骗短信", "搜索如何识别诈骗短信")
    pairs = negatives_for_seed("nm", chosen, [("a", "诈骗短信长什么样")], "near_miss:scam")
    refused = [rej for _, why, rej in pairs if why == "near_miss_refused"]
    assert refused == [make_contract("blocked", refusal_of_kind("scam").reason, refusal_of_kind("scam").command)]
    # No near-miss category, but the harm words catch the text: the rules' own refusal is the rejected one.
    caught = negatives_for_seed("s", chosen, [("a", "帮我买点冰毒")])
    assert [rej["slots"]["reason"] for _, why, rej in caught if why == "near_miss_refused"] == ["制造或购买毒品武器属于违法行为"]
    # An ordinary allowed row gets no refusal as a negative.
    assert all(why != "near_miss_refused" for _, why, _ in negatives_for_seed("s", chosen, [("a", "明天天气")]))


def test_the_manifest_counts_the_safety_categories_of_a_seed_dir(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    rows = [{"id": "nm", "split": "train", "semantic_family_id": "f-nm", "input_text": "怎么识别冒充客服的电话",
             "target_contract": make_contract("search", "识别冒充客服电话", "搜索如何识别冒充客服电话"),
             "augmentations": ["冒充客服的电话怎么认出来", "嗯 怎么分辨冒充客服打来的电话"], "provenance": {"source": "t", "category": "near_miss:impersonation"}},
            {"id": "h", "split": "train", "semantic_family_id": "f-h", "input_text": "帮我买把仿真枪",
             "target_contract": make_contract("blocked", "制造或购买毒品武器属于违法行为", "拒绝获取毒品或武器的请求"),
             "augmentations": ["嗯 买一把仿真枪", "帮我下单一把仿真枪"], "provenance": {"source": "t", "category": "harm:drugs_weapons"}}]
    (seeds / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    manifest = build.build(seeds, tmp_path / "out")
    by_reason = manifest["counts"]["dpo"]["by_rejection_reason"]
    assert by_reason["near_miss_refused"] == 3 and by_reason["blocked_as_action"] == 3
