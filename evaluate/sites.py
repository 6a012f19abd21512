"""Site names a Chinese speaker says, and the canonical public URL each one means (rule baseline).

Also reads spelled-out domains from speech: `github 点 com` -> https://github.com.
"""

from __future__ import annotations

import re
import unicodedata

# (spoken names, the first being the display name; canonical URL). Real public sites only.
SITES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("百度地图",), "https://map.baidu.com"),
    (("百度百科",), "https://baike.baidu.com"),
    (("百度贴吧", "贴吧"), "https://tieba.baidu.com"),
    (("百度", "baidu"), "https://www.baidu.com"),
    (("淘宝", "taobao"), "https://www.taobao.com"),
    (("天猫", "tmall"), "https://www.tmall.com"),
    (("京东",), "https://www.jd.com"),
    (("拼多多",), "https://www.pinduoduo.com"),
    (("知乎", "zhihu"), "https://www.zhihu.com"),
    (("微博", "新浪微博", "weibo"), "https://weibo.com"),
    (("哔哩哔哩", "b站", "bilibili", "b 站"), "https://www.bilibili.com"),
    (("抖音", "douyin"), "https://www.douyin.com"),
    (("快手",), "https://www.kuaishou.com"),
    (("优酷", "youku"), "https://www.youku.com"),
    (("爱奇艺", "iqiyi"), "https://www.iqiyi.com"),
    (("腾讯视频",), "https://v.qq.com"),
    (("qq邮箱",), "https://mail.qq.com"),
    (("腾讯网", "腾讯新闻"), "https://www.qq.com"),
    (("网易云音乐",), "https://music.163.com"),
    (("网易邮箱", "163邮箱"), "https://mail.163.com"),
    (("网易", "网易新闻"), "https://www.163.com"),
    (("新浪", "新浪网"), "https://www.sina.com.cn"),
    (("搜狐",), "https://www.sohu.com"),
    (("豆瓣", "douban"), "https://www.douban.com"),
    (("小红书",), "https://www.xiaohongshu.com"),
    (("美团",), "https://www.meituan.com"),
    (("大众点评",), "https://www.dianping.com"),
    (("饿了么",), "https://www.ele.me"),
    (("携程",), "https://www.ctrip.com"),
    (("去哪儿", "去哪儿网"), "https://www.qunar.com"),
    (("12306", "铁路12306"), "https://www.12306.cn"),
    (("高德地图",), "https://www.amap.com"),
    (("今日头条",), "https://www.toutiao.com"),
    (("维基百科", "wikipedia"), "https://zh.wikipedia.org"),
    (("github",), "https://github.com"),
    (("谷歌", "google"), "https://www.google.com"),
    (("必应", "bing"), "https://www.bing.com"),
    (("csdn",), "https://www.csdn.net"),
    (("知网", "中国知网"), "https://www.cnki.net"),
    (("人民网",), "https://www.people.com.cn"),
    (("新华网",), "https://www.xinhuanet.com"),
    (("央视网",), "https://www.cctv.com"),
    (("中国政府网",), "https://www.gov.cn"),
    (("58同城",), "https://www.58.com"),
    (("智联招聘",), "https://www.zhaopin.com"),
    (("boss直聘",), "https://www.zhipin.com"),
    (("前程无忧",), "https://www.51job.com"),
    (("苹果官网",), "https://www.apple.com.cn"),
    (("华为官网",), "https://www.huawei.com"),
    (("小米官网",), "https://www.mi.com"),
    (("支付宝",), "https://www.alipay.com"),
    (("起点中文网",), "https://www.qidian.com"),
    (("中国大学mooc", "慕课"), "https://www.icourse163.org"),
    (("学习强国",), "https://www.xuexi.cn"),
)
TLDS = ("com", "cn", "net", "org", "edu", "gov", "io", "me", "tv", "cc", "info")
_DOMAIN_RE = re.compile(r"(?<![a-z0-9\-.@])((?:[a-z0-9\-]+\.)+(?:" + "|".join(TLDS) + r"))(?![a-z0-9\-])")
_TWO_PART = re.compile(r"\.(?:com|net|org|gov|edu)\.cn$")


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


# Longest names first: 百度地图 must win over 百度.
_NAMES = sorted(((_key(n), names[0], url) for names, url in SITES for n in names), key=lambda x: -len(x[0]))


# A spelled domain of a known site gets that site's canonical URL (github.com has no www).
_KNOWN_HOSTS = {re.sub(r"^https://(www\.)?", "", url): url for _, url in SITES}


def find_site(text: str) -> tuple[str, str, int, int] | None:
    """(display name, URL, start, end) of the first-mentioned known site in the text, or None."""
    key = _key(text)
    best = None
    for name, display, url in _NAMES:
        i = key.find(name)
        if i >= 0 and (best is None or i < best[2]):
            best = (display, url, i, i + len(name))
    return best


def spelled_domain(text: str) -> str | None:
    """A domain said aloud (`g i t h u b 点 com`, `baidu dot com`) as a full URL, or None."""
    t = _key(text).replace("点", ".").replace(" dot ", ".")
    # ASR spaces between spelled letters and around dots carry no meaning inside a domain.
    t = re.sub(r"(?<=[a-z0-9.\-])\s+(?=[a-z0-9.\-])", "", t)
    m = _DOMAIN_RE.search(t)
    if not m:
        return None
    host = m.group(1).strip(".")
    known = _KNOWN_HOSTS.get(host.removeprefix("www."))
    if known:
        return known
    labels = host.split(".")
    if labels[0] == "www" or len(labels) == 2 or (len(labels) == 3 and _TWO_PART.search(host)):
        host = "www." + host.removeprefix("www.")
    return "https://" + host


def remove_sites(text: str) -> str:
    """The text without any known site name (去b站 就是 bilibili names one site twice)."""
    key = _key(text)
    for name, _, _ in _NAMES:
        key = key.replace(name, "")
    return key
