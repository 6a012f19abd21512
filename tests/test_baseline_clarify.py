"""Issue 13: an under-specified request is a question back (CONTRACT.md: the required information is missing), and a
request naming its object stays what it is; a 呢 follow-up about an attribute keeps the query's place."""

import pytest

from baseline import predict as baseline
from baseline.dialogue import predict_turn


@pytest.mark.parametrize("text", [
    "帮我开一下那个网站 快点", "嗯 那个网站 赶紧打开", "打开那个网站 马上",  # hurry adds no object
    "打开那个银行的网站", "帮我进一下学校官网", "嗯 那个医院的官网 打开一下", "帮我上一下公司的网站",
    "进一下 呃 政府官网",  # a kind of site, not a site
])
def test_a_visit_to_an_unnamed_site_asks_which(text):
    contract = baseline.predict(text)
    assert contract["task_type"] == "clarify"
    assert contract["slots"]["ambiguity"] == "未说明要打开的网站或页面"


@pytest.mark.parametrize("text", ["收货地址 填一下", "帮我把身份证号 填一下", "邮箱那栏 帮我填上", "嗯 手机号 写上"])
def test_a_form_label_with_no_value_asks_for_the_value(text):
    contract = baseline.predict(text)
    assert contract["task_type"] == "clarify"
    assert contract["slots"]["ambiguity"] == "未说明要填写的具体内容"


@pytest.mark.parametrize("text", ["帮我搜一下那个", "嗯 查一下那个吧", "你帮我找找那个"])
def test_a_search_for_nothing_asks_what(text):
    assert baseline.predict(text)["slots"] == {"ambiguity": "未说明要查询的具体内容"}


@pytest.mark.parametrize("text, task_type, slot", [
    ("打开招商银行官网", "navigate", {"url": "https://www.cmbchina.com"}),
    ("搜一下银行利率", "search", {"query": "银行利率"}),
    ("帮我查一下学校开学时间", "search", None),
    ("收货地址填北京市海淀区中关村大街一号", "form_fill", {"field": {"收货地址": "北京市海淀区中关村大街1号"}}),
    ("打开那个网站 京东", "navigate", {"url": "https://www.jd.com"}),
])
def test_a_request_naming_its_object_stays_what_it_is(text, task_type, slot):
    contract = baseline.predict(text)
    assert contract["task_type"] == task_type
    if slot is not None:
        assert contract["slots"] == slot


@pytest.mark.parametrize("first, follow, want, gone", [
    ("帮我查一下北京天气", "空气质量呢", "北京", "天气"),
    ("成都今天天气 帮我看看", "空气质量呢", "成都今天", "天气"),
    ("搜一下 上海 明天 天气", "那湿度呢", "上海", "天气"),
])
def test_an_attribute_asked_with_ne_keeps_the_place_and_replaces_the_attribute(first, follow, want, gone):
    first_contract = baseline.predict(first)
    query = predict_turn(follow, [(first, first_contract)])["slots"]["query"]
    assert query.startswith(want) and gone not in query and follow.strip("那呢") in query


def test_an_entity_asked_with_ne_still_replaces_the_head():
    query = predict_turn("五粮液呢", [("搜一下茅台今日股价", baseline.predict("搜一下茅台今日股价"))])["slots"]["query"]
    assert "五粮液" in query and "茅台" not in query and "股价" in query


@pytest.mark.parametrize("text", ["帮我看一下那个评分", "搜下那个 那个病怎么办", "那个帮我找一下 那个工作",
                                  "帮我打开那个 嗯 看电影买票的网站", "嗯嗯 给我打开那个 那个银行"])
def test_a_thing_pointed_at_and_named_only_by_its_kind_is_asked_back(text):
    assert baseline.predict(text)["task_type"] == "clarify"


@pytest.mark.parametrize("text", ["帮我搜一下那个 新加坡签证怎么办", "京东上搜一下那个降噪耳机 两千以内的",
                                  "嗯 三六零 安全卫士 那个网站 打开", "帮我打开 stack 呃 overflow 那个网站"])
def test_a_pointer_before_a_specific_object_or_a_named_site_is_no_question_back(text):
    assert baseline.predict(text)["task_type"] != "clarify"
