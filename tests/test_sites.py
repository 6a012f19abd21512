import re
from urllib.parse import urlsplit

import pytest

from baseline import predict as baseline
from baseline.site_table import SITES
from baseline.sites import NAMES, find_site, remove_sites, spelled_domain


def url_of(text):
    site = find_site(text)
    return site and site[1]


def navigate_url(text):
    contract = baseline.predict(text)
    assert contract["task_type"] == "navigate", (text, contract)
    return contract["slots"]["url"]


@pytest.mark.parametrize(
    "alias, url",
    [
        ("中国人民银行", "https://www.pbc.gov.cn"),
        ("国家医保局", "https://www.nhsa.gov.cn"),
        ("学信网", "https://www.chsi.com.cn"),
        ("阳光高考", "https://gaokao.chsi.com.cn"),
        ("中国教育考试网", "https://www.neea.edu.cn"),
        ("油管", "https://www.youtube.com"),
        ("网飞", "https://www.netflix.com"),
        ("推特", "https://x.com"),
        ("ins", "https://www.instagram.com"),
        ("蒸汽平台", "https://store.steampowered.com"),
        ("IMDb", "https://www.imdb.com"),
        ("ChatGPT", "https://chatgpt.com"),
        ("英国广播公司", "https://www.bbc.com"),
        ("NBA", "https://www.nba.com"),
        ("b站", "https://www.bilibili.com"),
        ("猫眼", "https://www.maoyan.com"),
        ("下厨房", "https://www.xiachufang.com"),
        ("雪球", "https://xueqiu.com"),
        ("汽车之家", "https://www.autohome.com.cn"),
        ("丁香园", "https://www.dxy.cn"),
        ("国航", "https://www.airchina.com.cn"),
        ("中国国际航空", "https://www.airchina.com.cn"),
        ("12306", "https://www.12306.cn"),
        ("高德地图", "https://www.amap.com"),
        ("GitHub", "https://github.com"),
        ("知网", "https://www.cnki.net"),
    ],
)
def test_a_spoken_name_opens_its_site(alias, url):
    assert navigate_url(f"嗯 帮我打开{alias}") == url


@pytest.mark.parametrize(
    "text, url",
    [
        ("打开百度地图", "https://map.baidu.com"),
        ("打开百度", "https://www.baidu.com"),
        ("QQ音乐打开一下", "https://y.qq.com"),
        ("去微博热搜", "https://s.weibo.com/top/summary"),
        ("去微博", "https://weibo.com"),
        ("打开网易云音乐", "https://music.163.com"),
        ("打开网易", "https://www.163.com"),
        ("帮我打开海外版抖音", "https://www.tiktok.com"),
    ],
)
def test_the_longest_name_wins(text, url):
    assert navigate_url(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        ("嗯 n b a 官 网 打开", "https://www.nba.com"),
        ("i m d b 打开", "https://www.imdb.com"),
        ("嗯 chat g p t 打开", "https://chatgpt.com"),
        ("帮我进 微 博 热 搜", "https://s.weibo.com/top/summary"),
        ("嗯 you tube 首页 打开", "https://www.youtube.com"),
        ("打开中国人民银行的网站", "https://www.pbc.gov.cn"),
        ("国家医保局官方网站 打开", "https://www.nhsa.gov.cn"),
        ("抖音网页版 打开一下", "https://www.douyin.com"),
        ("打开 幺 二 三 零 六", "https://www.12306.cn"),
        ("打开百度的地图", "https://map.baidu.com"),
        ("切到 google 的 邮箱", "https://mail.google.com"),
    ],
)
def test_asr_split_spelled_and_suffixed_names(text, url):
    assert navigate_url(text) == url


def test_the_match_spans_the_name_as_it_was_said():
    text = "嗯 n b a 官 网 打开"
    _, _, start, end = find_site(text)
    assert text[start:end] == "n b a 官 网"
    assert remove_sites(text) == "嗯打开"


@pytest.mark.parametrize(
    "text, url",
    [
        ("打开淘宝 哦不对 打开京东", "https://www.jd.com"),
        ("不是淘宝 是京东 打开", "https://www.jd.com"),
        ("嗯 酷狗 不对 网易云 打开 网页版", "https://music.163.com"),
        ("打开网易云 不是酷狗", "https://music.163.com"),
        ("QQ音乐会员过期了 帮我打开网易云音乐", "https://music.163.com"),
    ],
)
def test_the_site_the_speaker_settles_on_counts(text, url):
    assert url_of(text) == url


@pytest.mark.parametrize(
    "text",
    ["小米手机多少钱", "苹果多少钱一斤", "去故宫怎么走", "去民政部门办结婚证", "打开 pip install 的文档",
     "我想学信息安全", "中国航天最新消息", "不同程度的损伤", "去买豆包", "手机型号 华为 Mate 六十"],
)
def test_everyday_words_name_no_site(text):
    assert find_site(text) is None


def test_an_everyday_brand_word_names_its_site_with_a_site_word_or_an_open_verb():
    assert url_of("小米的官方网站") == "https://www.mi.com"
    assert url_of("打开小米") == "https://www.mi.com"
    assert url_of("税务局的官网") == "https://www.chinatax.gov.cn"
    assert url_of("打开去哪儿") == "https://www.qunar.com"


def test_common_words_are_never_site_names():
    for word in ("外卖", "地图", "知道", "邮箱", "音乐", "视频", "新闻", "天气", "银行", "苹果", "小米", "故宫", "去哪儿"):
        assert find_site(f"嗯 我说的是{word} 你看看") is None, word


@pytest.mark.parametrize(
    "text, url",
    [
        ("g i t h u b 点 com", "https://github.com"),
        ("stack overflow 点 com", "https://stackoverflow.com"),
        ("jd 点 康姆", "https://www.jd.com"),
        ("hugging face 点 co", "https://huggingface.co"),
        ("docs 点 python 点 org", "https://docs.python.org/3/"),
        ("github 点 com 斜杠 jax-ml 斜杠 jax", "https://github.com/jax-ml/jax"),
        ("example 点 com", "https://www.example.com"),
    ],
)
def test_spelled_domains(text, url):
    assert spelled_domain(text) == url


def test_one_point_five_is_no_domain():
    assert spelled_domain("一点康复训练") is None


# Sub-pages people name on their own; every other entry is a bare host.
PAGES = {"https://www.google.com/maps", "https://www.samsung.com/cn", "https://www.bilibili.com/v/popular/all",
         "https://s.weibo.com/top/summary", "https://github.com/trending", "https://docs.python.org/3/"}


def test_every_url_is_https_and_a_bare_host_unless_a_named_page():
    assert len(SITES) >= 250
    for _, url in SITES:
        parts = urlsplit(url)
        assert parts.scheme == "https" and re.fullmatch(r"[a-z0-9\-]+(\.[a-z0-9\-]+)+", parts.netloc), url
        assert url in PAGES or (url == f"https://{parts.netloc}"), url
    assert len({url for _, url in SITES}) == len(SITES)  # one entry per site


def test_no_name_means_two_sites_and_none_is_shorter_than_two_characters():
    seen = {}
    for names, url in SITES:
        for name in names:
            key = re.sub(r"\s+", "", name.removesuffix("+")).casefold()
            assert seen.setdefault(key, url) == url, (name, seen[key], url)
    assert min(len(name) for name in NAMES) >= 2


def test_a_spelled_domain_of_a_known_site_is_opened_by_its_name():
    contract = baseline.predict("进 pbc 点 gov 点 cn")
    assert contract["slots"]["url"] == "https://www.pbc.gov.cn"
    assert contract["normalized_command"] == "打开中国人民银行官网"
    assert baseline.predict("访问 example 点 com")["normalized_command"] == "打开example.com"


@pytest.mark.parametrize(
    "text, url",
    [
        ("打开经东", "https://www.jd.com"),  # 京东 heard as its homophones
        ("帮我打开桃宝 看看订单", "https://www.taobao.com"),
        ("嗯 打开知呼", "https://www.zhihu.com"),
        ("打开必应", "https://cn.bing.com"),  # written right: the reading match changes nothing
    ],
)
def test_a_misheard_site_name_still_opens_its_site(text, url):
    assert navigate_url(text) == url


@pytest.mark.parametrize("text", ["已经东西都买好了", "这件事惊动了大家", "油箱快没油了"])
def test_a_word_that_only_sounds_like_a_site_name_is_no_visit(text):
    assert find_site(text) is None
    assert baseline.predict(text)["task_type"] != "navigate"


@pytest.mark.parametrize("text, url", [
    ("嗯 那个 好大大夫在线 网站 开一下", "https://www.haodf.com"),  # a character said twice
    ("帮我把那个腾讯的视那个频网站打开", "https://v.qq.com"),  # a filler inside the name
    ("天天 猫 打开", "https://www.tmall.com"),
    ("打开经东", "https://www.jd.com"),  # a homophone
])
def test_misheard_site_names_are_opened(text, url):
    assert find_site(text)[1] == url


def test_a_doubling_no_site_name_spans_stays_as_said():
    assert find_site("天天向上") is None
