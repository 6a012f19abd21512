"""The baseline's search phrase: request words and question tails gone, spoken numbers as digits where they count."""

import pytest

from baseline.search_query import compact_query, spoken_numbers


@pytest.mark.parametrize("spoken, written", [
    ("iPhone 十六 Pro", "iPhone 16 Pro"),
    ("二零二五年十月一号", "2025年10月1日"),
    ("一百零八路公交", "108路公交"),
    ("pm二点五", "pm2.5"),
    ("三百二十块", "320块"),
])
def test_spoken_numbers_become_digits_where_they_count(spoken, written):
    assert spoken_numbers(spoken) == written


@pytest.mark.parametrize("text", ["三亚旅游攻略", "五一去哪玩", "一下子", "十分好吃的一家店", "万一下雨"])
def test_words_made_of_number_characters_stay_words(text):
    assert spoken_numbers(text) == text


@pytest.mark.parametrize("spoken, query", [
    ("嗯 帮我搜一下 iPhone 十六 Pro 现在多少钱啊", "iPhone 16 Pro 现在价格"),
    ("二零二五 年 十 月 一 号 北京 上海 高铁 有 票 吗", "2025年10月1日北京 上海 高铁有票"),
    ("i phone 十三 掉 电 快 咋 整 搜 一 下", "i phone 13掉电快解决方法"),
    ("查下 明天 杭州 会不会 下雨", "明天 杭州 是否 下雨"),
])
def test_a_spoken_search_becomes_a_compact_query(spoken, query):
    assert compact_query(spoken) == query


def test_nothing_but_request_words_leaves_nothing():
    assert compact_query("嗯 帮我搜一下吧") == ""
