"""Matching names by their Mandarin reading: misheard names found, real words and numbers left alone."""

from v2t.reading import ReadingMatcher, name_reading, reads_like, usual_reading

MATCHER = ReadingMatcher(["京东", "淘宝", "邮箱", "收货地址", "地址", "职务", "X", "qq邮箱"])


def test_homophones_of_a_name_read_like_it_and_numerals_never_do():
    assert reads_like("经东", "京东") and reads_like("油相", "邮箱") and reads_like("京冬", "京东")  # tones aside
    assert not reads_like("经南", "京东") and not reads_like("京东商", "京东")
    assert not reads_like("至五", "职务") and reads_like("职物", "职务")  # 三至五年 is a range, not a label
    assert name_reading("银行") == ("yin", "hang") and usual_reading("行") == "xing"


def test_misheard_names_are_written_back_and_positions_hold():
    assert MATCHER.restore("帮我打开经东和桃宝") == "帮我打开京东和淘宝"
    assert MATCHER.find("嗯 收获地址填 北京") == [(2, 6, "收货地址")]  # the longer name wins over 地址 inside it
    assert MATCHER.restore("油相填 a@b.com") == "邮箱填 a@b.com"
    assert MATCHER.names == frozenset({"京东", "淘宝", "邮箱", "收货地址", "地址", "职务"})  # Chinese names only


def test_real_words_and_words_across_the_edges_are_not_names():
    for text in ("这件事惊动了大家", "已经东西都买好了", "油箱快没油了", "我的职务是经理", "打开京东"):
        assert MATCHER.restore(text) == text
