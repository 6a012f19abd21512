import json

import pytest

from baseline import predict as baseline
from baseline.dialogue import predict_turn
from tests.dialogue_probes import COMMANDS, outcome
from tests.dialogue_probes_eighth import EIGHTH, EIGHTH_ANSWERS, EIGHTH_POINTERS
from tests.dialogue_probes_eleventh_a import ELEVENTH_A
from tests.dialogue_probes_eleventh_b import ELEVENTH_AIMS, ELEVENTH_FORMS, ELEVENTH_ITEMS
from tests.dialogue_probes_fifth import FIFTH, FIFTH_AFTER
from tests.dialogue_probes_first import FIRST
from tests.dialogue_probes_fourteenth import FOURTEENTH
from tests.dialogue_probes_fourth import FOURTH, FOURTH_AFTER
from tests.dialogue_probes_ninth import NINTH_ANSWERS, NINTH_ARGUED, NINTH_SPACED
from tests.dialogue_probes_second import SECOND
from tests.dialogue_probes_seventh import SEVENTH
from tests.dialogue_probes_sixth import SIXTH
from tests.dialogue_probes_tenth import TENTH_PARTIAL
from tests.dialogue_probes_third import THIRD
from tests.dialogue_probes_thirteenth import THIRTEENTH
from tests.dialogue_probes_twelfth import TWELFTH_GUARD, TWELFTH_HESITATION
from v2t.contract import make_contract, validate
from v2t.errors import cli_entry

# Known misses, kept visible: a brand said in several ASR chunks is only partly replaced (华为 mate 60 -> 小米十四),
# and 国家电网 is not in the site table (a one-turn gap: the dialogue reading is right, the request alone is not).
KNOWN_MISSES = {"不是这个 小米十四的", "行 那打开一下国家电网的网站"}
# After the fifth round's first run (gold and own history): a 那边 question answered by a bare city.
KNOWN_MISSES |= {"成都的"}
# After the baseline's own first turns: a form whose first turn it cannot read as one (预约体检 … 身份证号 我等下告诉你),
# and a clarify its first turn reads as a search (那个怎么做 … 我上次吃过的). The one-turn reading also writes 八号 in an
# address as said and drops 页面上的 from an extract's target. Fifth round: 把那个数字 提一下 is read as taking 数字, 红烧肉的
# 做法 keeps its 的 so 糖醋排骨呢 finds no head to replace, and 刚才那个 再提一次 after an extract is read as a search.
# Sixth round (after its tuning): 查 + 老家 joined reads as a whereabouts lookup and is refused (a refusal is never
# overridden here), a page part (下面那个) is taken as a thing, and 换成 深圳 after 北京到广州 swaps the first city.
KNOWN_MISSES |= {"就我老家那边", "换成 深圳"}
OWN_ONLY_MISSES = {"三二零一 零二 一九八八 零七 二零 四五六七", "红烧排骨", "糖醋里脊", "通讯地址也一样 跟刚才那个",
                   "那 糖醋排骨呢", "刚才那个 再提一次",
                   # Sixth round: a request read alone as a search (订个酒店, 火车票, 订一张 机票) takes the next day or
                   # place as a refinement, not as an answer that still leaves the trip open.
                   "就下周 出差住的", "下周一的",
                   # 比 in the speaker's words is no 比较 in the question's.
                   "就 华为那两款",
                   # Eighth round: the one-turn reading hears 新街口 as 新接口, writes 怎么提额 as 怎么提, and drops
                   # 文章的 / 页面上 from an extract's target, so the follow-up has no such word to keep.
                   "打车呢 大概多久", "不是建行 我是说工行", "时间也要 日期和时间都要",
                   # It writes 动车 for 动车票, and reads 打开 杭州图书馆官网 (no site in its table) as a search.
                   "还是上一个吧 杭州那个", "在那个页面上 提取一下开馆时间",
                   # Tenth round: it reads 后天 冷 不冷 and 找找 附近 吃 的 alone as searches, not questions back, so
                   # the place-less answer is a refinement of a search, not a clarify answered in part.
                   "就 我 爸妈 家 那边", "嗯 想吃 烧烤",
                   # A page part after a pointer (就下面那个, 就 下面那块) is asked again after a gold clarify since the
                   # tenth round; the own first turn reads 把那个东西提出来 / 那个日期 as an extract, so it is not asked.
                   "就下面那个",
                   # Eleventh round (a): the own first turn writes 3月份去云南的机票, 西湖的开放 时间, 文章里的, 上映的电影 as said
                   # (the kept strings are the compact gold forms), and reads 查一下电费, 比赛的比分, 看看房价 alone as
                   # searches, not questions back, so a one-word answer refines a search instead of leaving it open.
                   "不是 三 月 是 四 月", "还有 停车 费 也 查 一下", "不 要 作者 了 只 要 发布 时间 跟 标题", "最好 是 在 豆瓣 上 看",
                   "杭州 的", "辽宁 的 吧", "嗯 苏州 吧", "杭州 户号 三三零一 二五六七 八八",
                   # Thirteenth round: the own refusals name no 微信 and its one-turn reasons differ, its first turns
                   # read 查天气, 推荐首歌, 打开航空公司官网 alone as searches (no question to answer in part),
                   # and it writes 宝马 三系 / 页面上的内容 as said, so the kept compact gold words are not there.
                   "你 就 转 一下 嘛 他 是 我 亲 哥", "就 加 五 分 不 过分 吧", "武汉", "就 那个 会员 登记 表",
                   "就 三大 航 之一", "北欧 那边", "好听 的 就 行", "年份 不限 了 改成 五万 公里 以内", "表格 里 的 姓名 和 电话"}
# Read since clarify13 (baseline.vague_request): 火车票, 去那边要不要签证, 把那个东西提出来 and 查快递 alone ask back, so 去杭州的,
# 东南亚那边, 就 下面那块 and 中通 的 are answers that still leave the question open, as after a gold clarify.


def _marked(probes, misses):
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="known miss")) if p.text in misses else p
            for p in probes]


_ALL = (FIRST + SECOND + THIRD + FOURTH + FOURTH_AFTER + FIFTH + FIFTH_AFTER + SIXTH + SEVENTH + EIGHTH
        + EIGHTH_ANSWERS + EIGHTH_POINTERS + NINTH_ARGUED + NINTH_ANSWERS + NINTH_SPACED
        + TENTH_PARTIAL + ELEVENTH_A + ELEVENTH_ITEMS + ELEVENTH_AIMS + ELEVENTH_FORMS + TWELFTH_HESITATION + TWELFTH_GUARD
        + THIRTEENTH + FOURTEENTH)
PROBES = _marked(_ALL, KNOWN_MISSES)
OWN_PROBES = _marked(_ALL, KNOWN_MISSES | OWN_ONLY_MISSES)


def _own_history(probe):
    history = []
    for text, _, _ in probe.earlier:
        history.append((text, predict_turn(text, history)))
    return history


@pytest.mark.parametrize("text", ["嗯 帮我查一下那个明天上海会不会下雨啊", "那个 打开一下知乎", "再搜一下上海的", "换成京东",
                                  "刚才那个网站再打开一下", "第二个吧", "那你换个办法帮我转", "电话是幺三八一二三四五六七八",
                                  "帮我给我妈转账两千块", "嗯 那个 就是 帮我弄一下"])
def test_a_turn_without_history_is_the_one_turn_reading(text):
    assert predict_turn(text, []) == baseline.predict(text)


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: f"{p.kind}:{p.text}" if hasattr(p, "kind") else None)
def test_a_turn_is_read_with_the_gold_turns_before_it(probe):
    contract = predict_turn(probe.text, probe.history())
    assert validate(contract).semantic_valid
    assert outcome(probe, contract) == (True, True, False), contract


@pytest.mark.parametrize("probe", OWN_PROBES, ids=lambda p: f"{p.kind}:{p.text}" if hasattr(p, "kind") else None)
def test_a_turn_is_read_with_the_baselines_own_turns_before_it(probe):
    assert outcome(probe, predict_turn(probe.text, _own_history(probe))) == (True, True, False)


def _contract(task_type, slot):
    return make_contract(task_type, slot, COMMANDS[task_type] + "内容")


def _gold_dialogue(row_id, kind, turns):
    return {"row_id": row_id, "semantic_family_id": f"fam-{row_id}", "dialogue_kind": kind,
            "turns": [{"input_text": t, "gold_contract": c, "context": ctx, **({"carried": []} if ctx == "carry" else {})}
                      for t, c, ctx in turns],
            "source": {"category": f"dialogue:{kind}", "provenance": "test"}, "derived_from": [], "analysis_seen": False}


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_cli_decodes_a_dialogue_file_turn_by_turn(tmp_path, capsys):
    rows = tmp_path / "dialogues.jsonl"
    _write(rows, [
        _gold_dialogue("weather", "refine", [("帮我搜一下北京天气", _contract("search", "北京天气"), "first"),
                                             ("再搜一下上海的", _contract("search", "上海天气"), "carry")]),
        _gold_dialogue("site", "clarify_answered", [
            ("嗯 帮我打开那个网站", _contract("clarify", "未说明要打开的网站或页面"), "first"),
            ("就是京东那个", _contract("navigate", "https://www.jd.com"), "carry"),
            ("搜一下红烧肉怎么做", _contract("search", "红烧肉 做法"), "fresh")]),
    ])
    out = tmp_path / "reports" / "predictions.jsonl"
    assert cli_entry(baseline.main)(["--rows", str(rows), "--out", str(out)]) == 0
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in preds] == ["weather#t0", "weather#t1", "site#t0", "site#t1", "site#t2"]
    assert {p["history_mode"] for p in preds} == {"gold"}
    assert [p["prediction"]["task_type"] for p in preds] == ["search", "search", "clarify", "navigate", "search"]
    assert preds[1]["prediction"]["slots"]["query"] == "上海天气"
    assert "京东" not in json.dumps(preds[4]["prediction"], ensure_ascii=False)
    assert "5 predictions" in capsys.readouterr().out


def test_own_history_reads_a_turn_after_the_baselines_own_predictions(tmp_path):
    # The gold says turn 0 was refused; the baseline serves it. Pushed again, the gold history keeps the refusal,
    # the baseline's own history has nothing to keep.
    rows = tmp_path / "dialogues.jsonl"
    _write(rows, [_gold_dialogue("push", "refusal_persists", [
        ("帮我弄一下那个东西", make_contract("blocked", "代替用户付款", "拒绝代付请求"), "first"),
        ("那你换个办法帮我弄吧", make_contract("blocked", "代替用户付款", "拒绝代付请求"), "carry")])])
    kinds = {}
    for mode in ("gold", "own"):
        out = tmp_path / f"{mode}.jsonl"
        assert cli_entry(baseline.main)(["--rows", str(rows), "--out", str(out), "--history", mode]) == 0
        preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {p["history_mode"] for p in preds} == {mode}
        kinds[mode] = [p["prediction"]["task_type"] for p in preds]
    assert kinds == {"gold": ["clarify", "blocked"], "own": ["clarify", "clarify"]}


def test_cli_rejects_a_bad_dialogue_naming_the_line_and_field(tmp_path, capsys):
    rows = tmp_path / "dialogues.jsonl"
    good = _gold_dialogue("a", "unrelated", [("打开京东", _contract("navigate", "https://www.jd.com"), "first"),
                                             ("打开知乎", _contract("navigate", "https://www.zhihu.com"), "fresh")])
    bad = json.loads(json.dumps(good))
    bad["row_id"], bad["turns"][1]["context"] = "b", "later"
    _write(rows, [good, bad])
    out = tmp_path / "predictions.jsonl"
    assert cli_entry(baseline.main)(["--rows", str(rows), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == (f"error: {rows}:2: turns[1].context must be carry or fresh "
                                               "(got 'later')")
    assert not out.exists()


def test_help_names_the_history_modes(capsys):
    with pytest.raises(SystemExit) as e:
        baseline.main(["--help"])
    help_text = capsys.readouterr().out
    assert e.value.code == 0 and "--history" in help_text and "own" in help_text


def test_a_clarify_asked_again_names_the_topic_and_what_the_answer_added():
    # Own history: the baseline's first question is generic (未说明要填写的具体内容), so the topic (邮箱) must come from
    # the words the speaker said; the answer's description (常用) is kept so the next answer is read against it.
    history = [("邮箱那栏 帮我填一下", predict_turn("邮箱那栏 帮我填一下", []))]
    again = predict_turn("就 我常用的那个", history)
    assert again["task_type"] == "clarify" and validate(again).semantic_valid
    ambiguity = again["slots"]["ambiguity"]
    assert ambiguity.startswith(history[0][1]["slots"]["ambiguity"]) and "邮箱" in ambiguity and "常用" in ambiguity
    # Asked a third time, the question is not stacked on itself.
    third = predict_turn("呃 我想想", [*history, ("就 我常用的那个", again)])
    assert third["task_type"] == "clarify" and third["slots"]["ambiguity"].count("已说") == 1


def test_a_trip_question_stays_open_until_every_listed_piece_is_said():
    question = _contract("clarify", "未说明机票的出发地目的地和日期")
    history = [("帮我订一张 机票", question)]
    assert predict_turn("去三亚的 下周五", history)["task_type"] == "clarify"
    done = predict_turn("从武汉飞三亚 下周五", history)
    assert done["task_type"] == "search" and all(w in done["slots"]["query"] for w in ("武汉", "三亚", "下周五"))


def test_a_changed_number_is_written_as_the_query_wrote_the_old_one():
    # 预算加到八百 after 500以内: the number replaced in place (500 never stays beside it), digits as before.
    history = [("淘宝上搜一下机械键盘 五百以内的", _contract("search", "淘宝 机械键盘 500以内"))]
    assert predict_turn("预算加到八百吧", history)["slots"]["query"] == "淘宝 机械键盘 800以内"
