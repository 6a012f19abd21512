import pytest

from baseline import spoken_values as sv


@pytest.mark.parametrize(
    "said, number",
    [("三万二", 32000), ("一百零八", 108), ("一万五", 15000), ("十二", 12), ("二十五", 25), ("三百八", 380),
     ("一千二百三十四", 1234), ("一二三四", 1234), ("两万", 20000), ("一百万", 1_000_000)],
)
def test_spoken_integers(said, number):
    assert sv.cn_integer(said) == number


@pytest.mark.parametrize(
    "said, amount",
    [("三点一", "3.1"), ("二百四十块五", "240.5"), ("五六八块五毛", "568.5"), ("一五K", "15000"), ("八千", "8000")],
)
def test_spoken_amounts(said, amount):
    assert sv.cn_number(said) == amount


@pytest.mark.parametrize(
    "said, date",
    [
        ("一九九八 十月 一日", "1998-10-01"),
        ("二零二五年三月十八", "2025-03-18"),
        ("零三年 十一月 九号", "2003-11-09"),
        ("2026 年 4 月 30 日", "2026-04-30"),
        ("二零一九年九月", "2019-09"),
        ("八月十五号", "8月15日"),
        ("二二年三月到二三年五月", "2022-03至2023-05"),
        ("明天", "明天"),
        ("下礼拜三", "下周三"),
        ("这周六", "本周六"),
    ],
)
def test_dates_written_out_and_relative_dates_kept(said, date):
    assert sv.read_date(said)[0] == date


@pytest.mark.parametrize(
    "said, phone",
    [("幺五八 四个六 四个七", "15866667777"), ("一三九 零零零零 一一一一", "13900001111"),
     ("021 六四三二 八八零零", "02164328800"), ("幺三八 幺二 后面那几位", "")],
)
def test_phones_from_spoken_digits_and_partial_numbers_are_none(said, phone):
    assert sv.read_phone(said)[0] == phone


@pytest.mark.parametrize(
    "said, email",
    [("l i u 点 fang 艾特 qq 点 com", "liu.fang@qq.com"), ("tom 下划线 九九 at gmail dot com", "tom_99@gmail.com"),
     ("我的邮箱", "")],
)
def test_spoken_emails(said, email):
    assert sv.read_email(said) == email


def test_codes_join_spelled_letters_and_digits_and_upper_case():
    assert sv.read_code("spring 二零二五 大写的")[0] == "SPRING2025"
    assert sv.read_code("是 A B 幺二 C 就这个")[0] == "AB12C"
    assert sv.read_code("sky 下划线 walker", upper=False)[0] == "sky_walker"


@pytest.mark.parametrize(
    "said, value",
    [("两位", "2"), ("十二个人", "12"), ("第三名", "3")],
)
def test_counts(said, value):
    assert sv.read_number(said, keep_qualifier=False, ranges=False) == value


def test_amounts_keep_ranges_qualifiers_and_units():
    assert sv.read_number("一万以上") == "10000以上"
    assert sv.read_number("一五 K 到 两万") == "15000-20000"
    assert sv.read_number("三到五年", unit="年") == "3-5年"
    assert sv.read_number("百分之四点二", unit="%") == "4.2%"


def test_a_correction_replaces_the_words_said_again():
    assert sv.resolve_correction("三号楼 五零一 啊不是 五零二") == "三号楼 五零二"
    assert sv.resolve_correction("前台 哦不对 是 行政") == "行政"
    assert sv.resolve_correction("汉口 不是武昌") == "汉口"


def test_character_spellings_are_not_part_of_a_name():
    assert sv.drop_spellings("张敏 弓长张 敏捷的敏") == "张敏"


def test_addresses_written_with_digits_and_no_asr_spaces():
    assert sv.read_address("天津 和平区 南京路 二百一十号 三单元 五零二") == "天津市和平区南京路210号3单元502"
    assert sv.read_address("www 点 example 点 com") == ""
