"""Which site a speaker means by what they use it for, once asked which site (issue 13): 买火车票那个 -> 12306.

Read only as the answer to a question about which site to open (打开那个网站 … 就是查四六级成绩的那个): said alone, 火车票
or 社保 is a search. The table is of public services every Chinese speaker knows by their use, and of short names
the site table holds only in full (中通 for 中通快递); the request alone is never read with it, so one-turn readings
stay as they are.
"""

from __future__ import annotations

import re

from v2t.contract import make_contract
from v2t.spoken import fit

# (what the speaker says the site is for, or its short name; the site's name; its URL)
_PURPOSES: tuple[tuple[str, str, str], ...] = (
    (r"火车票|高铁票|动车票|买车票|铁路|12306", "12306", "https://www.12306.cn"),
    (r"四六级|英语四级|英语六级|cet", "全国大学英语四六级考试网", "https://cet.neea.edu.cn"),
    (r"教师资格|教资", "中小学教师资格考试网", "https://ntce.neea.edu.cn"),
    (r"计算机等级|计算机二级|ncre", "全国计算机等级考试网", "https://ncre.neea.edu.cn"),
    (r"国考|公务员局|国家公务员", "国家公务员局", "https://www.scs.gov.cn"),
    (r"社保|社会保险", "国家社会保险公共服务平台", "https://si.12333.gov.cn"),
    (r"医保", "国家医保服务平台", "https://fuwu.nhsa.gov.cn"),
    (r"政务服务|办事大厅|国家政务", "国家政务服务平台", "https://gjzwfw.www.gov.cn"),
    (r"个税|个人所得税|退税", "个人所得税", "https://etax.chinatax.gov.cn"),
    (r"违章|交管|驾照|驾驶证|12123", "交管12123", "https://gab.122.gov.cn"),
    (r"学历|学籍|学信", "学信网", "https://www.chsi.com.cn"),
    (r"考研|研招", "中国研究生招生信息网", "https://yz.chsi.com.cn"),
    (r"高考|志愿填报", "阳光高考", "https://gaokao.chsi.com.cn"),
    (r"天气预报|看天气|查天气", "中国天气网", "https://www.weather.com.cn"),
    (r"电影票|买票看电影", "猫眼", "https://www.maoyan.com"),
    (r"中通", "中通快递", "https://www.zto.com"),
    (r"圆通", "圆通速递", "https://www.yto.net.cn"),
    (r"申通", "申通快递", "https://www.sto.cn"),
    (r"韵达", "韵达快递", "https://www.yundaex.com"),
    (r"顺丰", "顺丰速运", "https://www.sf-express.com"),
    (r"邮政|ems", "EMS", "https://www.ems.com.cn"),
)
_PURPOSE_RES = tuple((re.compile(p, re.I), name, url) for p, name, url in _PURPOSES)
# The question asked which site: the speaker's request opened one, or the question named a site.
_SITE_ASKED_RE = re.compile(r"打开|网站|官网|网页|平台|网址")


def site_meant(asked: list[str], reply: str, ambiguity: str) -> dict[str, object] | None:
    """The navigate contract for the site `reply` means by its use, when the question asked which site; else None.
    One use only: an answer naming two (火车票还是机票) is no answer."""
    if not (any(_SITE_ASKED_RE.search(t) for t in asked) or _SITE_ASKED_RE.search(ambiguity)):
        return None
    hits = {url: name for pattern, name, url in _PURPOSE_RES if pattern.search(reply)}
    if len(hits) != 1:
        return None
    url, name = next(iter(hits.items()))
    return make_contract("navigate", url, fit("打开", name))
