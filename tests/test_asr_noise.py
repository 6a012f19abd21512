"""The ASR noise model: each kind at its rate, the same output for the same (seed, row id, rate), gold untouched."""

from __future__ import annotations

import copy

import pytest

from v2t.asr_noise import (
    INSERTED_FILLERS,
    KINDS,
    NoiseConfig,
    cn_integer,
    common_chars,
    homophones,
    integer_words,
    near_homophones,
    noise_rows,
    noise_text,
)
from v2t.config import load_config
from v2t.errors import UserError
from v2t.reading import toned_readings

# Spoken commands of every kind, with numbers both ways, repeated under many row ids.
TEXTS = ("嗯帮我查一下那个明天北京会不会下雨啊", "打开京东看看我的订单", "邮箱填写小王的常用邮箱地址然后提交",
         "给我订二十张去上海的火车票", "帮我搜一下三百五十块以内的耳机", "把人数改成3个人 时间写下午两点",
         "我想看看最近有什么好看的电影推荐")
ROWS = [(f"row-{i}", TEXTS[i % len(TEXTS)]) for i in range(1400)]


def _inserted(text: str, noised: str) -> str:
    """The characters `noised` has beyond `text`, which must be a subsequence of it."""
    extra, at = [], 0
    for ch in noised:
        if at < len(text) and ch == text[at]:
            at += 1
        else:
            extra.append(ch)
    assert at == len(text), (text, noised)
    return "".join(extra)


def _run(config: NoiseConfig):
    return [(text, noise_text(text, rid, config)) for rid, text in ROWS]


@pytest.mark.parametrize("kind", ["homophone", "near_homophone", "drop", "double", "filler", "space"])
@pytest.mark.parametrize("rate", [0.05, 0.2])
def test_each_kind_strikes_at_its_rate(kind, rate):
    runs = _run(NoiseConfig(**{kind: rate}))
    made = sum(n.counts[kind] for _, n in runs)
    chances = sum(n.chances[kind] for _, n in runs)
    assert chances > 5000
    assert abs(made / chances - rate) < 0.25 * rate + 0.005, (made, chances)
    assert all(n.counts[k] == 0 for _, n in runs for k in KINDS if k != kind)
    # The text shows exactly the errors counted.
    for text, n in runs:
        if kind == "drop":
            assert len(text) - len(n.text) == n.counts["drop"]
        elif kind == "double":
            assert len(n.text) - len(text) == n.counts["double"]
        elif kind == "space":
            assert n.text.count(" ") - text.count(" ") == n.counts["space"]
            assert n.text.replace(" ", "") == text.replace(" ", "")
        elif kind == "filler":
            extra = _inserted(text, n.text)
            assert set(extra) <= set("".join(INSERTED_FILLERS)) and (len(extra) >= n.counts["filler"])
        else:
            changed = [(a, b) for a, b in zip(text, n.text, strict=True) if a != b]
            assert len(changed) == n.counts[kind]
            for a, b in changed:
                if kind == "homophone":
                    assert toned_readings(b)[0] == toned_readings(a)[0]
                else:  # same syllable, another tone
                    assert toned_readings(b)[0] != toned_readings(a)[0]
                    assert toned_readings(b)[0].rstrip("12345") == toned_readings(a)[0].rstrip("12345")
                assert b in common_chars()


def test_numbers_are_written_the_other_way_at_their_rate():
    runs = _run(NoiseConfig(numeral=0.3))
    made = sum(n.counts["numeral"] for _, n in runs)
    chances = sum(n.chances["numeral"] for _, n in runs)
    assert chances == 600  # 二十, 三百五十 and 3 in 600 of the 1400 rows: one number each
    assert abs(made / chances - 0.3) < 0.06
    outputs = {n.text for text, n in runs if text.startswith("给我订")}
    assert outputs == {"给我订二十张去上海的火车票", "给我订20张去上海的火车票"}
    assert {n.text for text, n in runs if text.startswith("把人数")} == {
        "把人数改成3个人 时间写下午两点", "把人数改成三个人 时间写下午两点"}
    assert {n.text for text, n in runs if text.startswith("帮我搜")} == {
        "帮我搜一下三百五十块以内的耳机", "帮我搜一下350块以内的耳机"}


def test_number_words_and_digits_convert_both_ways():
    assert [integer_words(n) for n in (20, 12, 305, 350, 2006, 10020)] == [
        "二十", "十二", "三百零五", "三百五十", "二千零六", "一万零二十"]
    assert [cn_integer(w) for w in ("二十", "三百五", "两万三", "一千零一", "十五")] == [20, 350, 23000, 1001, 15]
    assert all(cn_integer(integer_words(n)) == n for n in range(0, 120_000, 7))
    # Digits that belong to a name or an address stay (mp3, 163.com); a long number is said digit by digit.
    config = NoiseConfig(numeral=1.0)
    assert noise_text("下载mp3 发到abc@163.com", "r", config).text == "下载mp3 发到abc@163.com"
    assert noise_text("手机号13800138000", "r", config).text == "手机号一三八零零一三八零零零"
    assert noise_text("十分好看 千万别买", "r", config).text == "十分好看 千万别买"


def test_same_seed_row_and_rate_give_the_same_text_and_others_differ():
    config = NoiseConfig.at_rate(0.2, seed=7)
    first = [noise_text(t, rid, config).text for rid, t in ROWS[:200]]
    assert first == [noise_text(t, rid, NoiseConfig.at_rate(0.2, seed=7)).text for rid, t in ROWS[:200]]
    assert first != [noise_text(t, rid, NoiseConfig.at_rate(0.2, seed=8)).text for rid, t in ROWS[:200]]
    assert first != [noise_text(t, rid, NoiseConfig.at_rate(0.1, seed=7)).text for rid, t in ROWS[:200]]
    assert first != [noise_text(t, rid + "x", config).text for rid, t in ROWS[:200]]
    # The same text under two row ids is noised independently, so copies of a family do not share errors.
    assert len({noise_text(TEXTS[0], f"id{i}", config).text for i in range(50)}) > 30


def test_rows_keep_their_gold_and_every_other_key():
    gold = {"task_type": "navigate", "route": "open_url", "slots": {"url": "https://www.jd.com"}}
    rows = [{"id": f"r{i}", "split": "train", "input_text": "打开京东", "target_contract": copy.deepcopy(gold),
             "provenance": {"seed": "s"}} for i in range(300)]
    before = copy.deepcopy(rows)
    noised, counts = noise_rows(rows, NoiseConfig.at_rate(0.2))
    assert rows == before  # the input rows are not touched
    assert sum(counts.values()) > 0
    assert any(r["input_text"] != "打开京东" for r in noised)
    for old, new in zip(rows, noised, strict=True):
        assert {k: v for k, v in new.items() if k != "input_text"} == {k: v for k, v in old.items() if k != "input_text"}
        assert new["target_contract"]["slots"]["url"] == "https://www.jd.com"


def test_a_rate_sets_every_kind_and_bad_settings_are_refused(tmp_path):
    config = NoiseConfig.at_rate(0.1)
    assert all(getattr(config, k) > 0 for k in KINDS)
    assert config.homophone + config.near_homophone + config.drop + config.double == pytest.approx(0.1)
    with pytest.raises(UserError, match="drop must be a number from 0 to 1"):
        NoiseConfig(drop=1.5)
    with pytest.raises(UserError, match="add up to more than 1"):
        NoiseConfig(homophone=0.6, drop=0.6)
    toml = tmp_path / "noise.toml"
    toml.write_text("seed = 3\ndorp = 0.1\n")
    with pytest.raises(UserError, match="noise.toml: unknown key 'dorp'"):
        load_config(toml, NoiseConfig)
    toml.write_text("seed = 3\ndrop = 0.1\nspace = 1\n")
    assert load_config(toml, NoiseConfig) == NoiseConfig(seed=3, drop=0.1, space=1.0)
    with pytest.raises(UserError, match="seed must be an integer"):
        NoiseConfig(seed="1")


def test_homophones_come_from_the_common_character_list():
    assert len(common_chars()) == 3755 and "京" in common_chars() and "吗" in common_chars()
    assert {"经", "惊", "精"} <= set(homophones("京")) and "京" not in homophones("京")
    assert {"动", "懂", "冻"} <= set(near_homophones("东")) and "东" not in near_homophones("东")
    # A text with nothing left after drops keeps its words: no row becomes empty.
    assert noise_text("好", "r", NoiseConfig(drop=1.0)).text == "好"
