"""Issue 13 (baseline.vague_request): a request naming only a kind its task needs one of asks back, naming what is
missing; a request that names its object, however briefly, still acts; the answer completes the question."""

import pytest

from baseline import predict as baseline
from baseline.dialogue import predict_turn


@pytest.mark.parametrize("text, missing", [
    ("帮我查一下 高铁 时刻表", "出发地和目的地"),  # a train's times need its two ends
    ("帮我看看 那个 机票 多少钱", "日期"),  # a ticket also its day
    ("嗯 查查 航班 延误了没", "航班"),
    ("帮我看看 那个 录取线", "考试或学校"),
    ("查一下 那个 考试 报名时间", "考试"),
    ("汇率 现在 是多少 帮我查查", "货币"),
    ("我的 包裹 到哪了 查一下", "快递单号"),
    ("帮我看看 那只 股票 今天 涨了没", "股票"),
    ("帮我搜一下 那场 比赛 的 比分", "比赛"),
    ("签证 要 准备 什么 材料", "国家"),
    ("帮我查查 这个药 有什么 副作用", "药"),
    ("帮我 找个 民宿 便宜点的", "城市"),
    ("去那边 怎么走 帮我查查", "出发地和目的地"),
    ("那家店 几点开门啊", "地点"),
    ("天气 怎么样 帮我看看", "城市"),
])
def test_a_bare_kind_asks_back_naming_what_the_task_needs(text, missing):
    contract = baseline.predict(text)
    assert contract["task_type"] == "clarify"
    assert missing in contract["slots"]["ambiguity"] and contract["normalized_command"].startswith("请说明")


@pytest.mark.parametrize("text, ambiguity", [
    ("帮我把那个提取出来", "未说明要提取的内容"),  # a pointer and a take verb, nothing taken
    ("那个 名单 帮我 提出来", "未说明要提取哪些名单"),
    ("把那几个 数据 给我 提一下", "未说明要提取哪些数据"),
    ("把我的资料填进去", "未说明要填写的表单和内容"),  # my details, no form
])
def test_a_page_part_or_a_fill_said_without_its_object_asks_back(text, ambiguity):
    assert baseline.predict(text)["slots"] == {"ambiguity": ambiguity}


@pytest.mark.parametrize("text, task_type", [
    ("新加坡签证 要什么材料", "search"),
    ("降噪耳机 两千以内", "search"),
    ("查一下 上海 到 杭州 的 高铁 时刻表", "search"),
    ("明天 成都 天气 怎么样", "search"),
    ("后天天气", "search"),  # a bare topic is a search box's query; the search engine knows where
    ("下雨吗", "search"),
    ("查一下 CA 幺五零一 航班状态", "search"),
    ("四六级 考试 报名时间", "search"),
    ("美元 兑 人民币 汇率", "search"),
    ("布洛芬 的 副作用", "search"),
    ("身份证 怎么 补办", "search"),
    ("搜一下三亚的民宿", "search"),
    ("海底捞 几点关门", "search"),
    ("搜一下营业时间", "search"),  # no place of any kind said: after a site, it is that site's
    ("那只 基金 最近 怎么样", "search"),  # the kind said first, pointed at: the thing just talked about
    ("把这页上的 课程表 提取出来", "extract"),
    ("把那个 报名表 的 截止日期 提出来", "extract"),
])
def test_a_request_naming_its_object_still_acts(text, task_type):
    assert baseline.predict(text)["task_type"] == task_type


@pytest.mark.parametrize("first, answer, task_type, kept", [
    ("帮我查一下 高铁 时刻表", "北京 到 上海 的", "search", ("北京", "上海", "高铁")),
    ("帮我看看 那个 录取线", "浙江大学 去年的", "search", ("浙江大学", "录取线")),
    ("汇率 现在 是多少 帮我查查", "美元 换 人民币", "search", ("美元", "汇率")),
    ("帮我看看 那个 机票 多少钱", "去 成都 的", "clarify", ("成都",)),  # where from and when are still open
])
def test_the_answer_to_the_question_back_completes_the_request(first, answer, task_type, kept):
    contract = predict_turn(answer, [(first, baseline.predict(first))])
    assert contract["task_type"] == task_type
    value = next(iter(contract["slots"].values()))
    assert all(k in value for k in kept), value
