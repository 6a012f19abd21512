"""A request that names only a kind of thing whose task needs one of them (issue 13): 搜 火车 时刻 asks back.

CONTRACT.md §3: a request that leaves its object open is `clarify`. Some kinds are no object on their own: a train's
times need a route, a score line an exam or a school, a rate two currencies, a parcel its number, the weather a city.
Said with nothing but the kind, its question words, a pointer (那个, 那边) and a time (明天, 现在), a search would
answer nobody's question and leave the follow-up (北京到上海的) nothing to complete; asked back, naming what is
missing, the answer completes the request. Any other word said (新加坡签证, 降噪耳机 两千以内, 北京天气) is a request.
"""

from __future__ import annotations

import re

from v2t.spoken import strip_fillers

# Each kind, the words that ask about it without naming one (时刻, 延误, 副作用), what the task still needs, and where
# given, what must be said with it for the request to be this one.
_KINDS = (
    (r"航班", r"状态|动态|信息|延误|落了没|落地|到了没|起飞|准点率?|号", "要查询的航班"),
    # A ticket is bought for a day; a train's times and duration need only its two ends.
    (r"飞机票|机票|火车票|高铁票|动车票|车票",
     r"多少钱|价格|价钱|票价|便宜(?:点|些)?|特价|余票|还有票|还有没有", "出发地、目的地和日期"),
    (r"车次|[那这]趟车", r"时刻表?|时间表?|几点有?|发车|要多久|多久", "要查询的车次"),  # G101 answers it
    (r"火车|高铁|动车", r"时刻表?|时间表?|几点有?|发车|要多久|多久", "出发地和目的地"),
    (r"怎么去|怎么走|怎么过去|过去要多久|坐几路车|几路车|路线",
     r"坐公交|坐地铁|公交|地铁|开车|打车|坐车|要多久|多久|多远|能到", "出发地和目的地"),
    # Asked for (查, 怎么样, 那边的): a bare topic (今天天气) is a search box's query, and the search engine's own place.
    (r"天气", r"怎么样|咋样|如何|会不会下雨|下不下雨|预报|多少度|冷不冷|热不热", "要查询天气的城市",
     r"查|搜|看|瞅|怎么样|咋样|如何|会不会|下不下|那边|那里|那儿|那个"),
    (r"分数线|录取线|录取分数", r"多少|是多少|出了没|出来没", "要查询哪个考试或学校的分数线"),
    (r"考试", r"报名时间|报名|时间|成绩|安排|结果|出来没", "是哪个考试"),
    (r"汇率", r"多少|是多少|换算", "要查询哪两种货币的汇率"),
    (r"快递|包裹", r"到哪儿?了?|物流|进度|到了没|单号", "快递单号或快递公司"),
    (r"股价|股票", r"涨了没|涨没涨|跌了没|行情|走势|怎么样", "是哪只股票"),
    (r"基金", r"最近|怎么样|涨了没|收益|净值|行情|走势", "是哪只基金"),
    (r"比赛|比分", r"结果|谁赢了|赢了没|多少", "是哪场比赛"),
    (r"签证", r"要准备什么|准备|材料|要什么|怎么办理?|办理|流程|要不要|需不需要|需要", "要办理哪个国家的签证"),
    (r"药物?|副作用", r"副作用|用法用量|用法|用量|怎么吃|能不能一起吃|一起吃|吃了|会不会犯困|犯困", "是哪种药"),
    (r"酒店|宾馆|民宿", r"便宜(?:点|些)?|好一?点|附近|推荐|住|电话|地址", "所在城市和入住日期"),
    (r"房子|房源", r"租|买|便宜(?:点|些)?", "所在城市以及租房还是买房"),
    (r"挂号", r"医院|时间", "要挂哪家医院哪个科室的号"),
    (r"公积金|社保", r"事儿?|余额|情况", "要查询的具体项目和地区"),
    (r"利率", r"多少|是多少", "要查询哪种利率"),
    (r"证件|证", r"要准备什么|准备|怎么办理?|办理|要啥材料|材料|流程|你知道的|知道", "要办理哪种证件"),
    # Said of a kind of place (那个店, 图书馆, 他们家): 搜一下营业时间 after a site is about that site.
    (r"营业时间|营业|开门|关门", r"几点|到几点|时间", "要查询营业时间的地点", r"店|图书馆|超市|商场|银行|医院|博物馆|他们家"),
    (r"电影场次|排片", r"电影|有", "所在城市或影院"),
)
_KIND_RES = tuple((re.compile(kind), re.compile(asks), missing, re.compile(entry[0] if entry else ""))
                  for kind, asks, missing, *entry in _KINDS)
# What every such request says besides its kind: who asks, the act, a pointer with nothing to point at, a time, hurry.
_SAID_RE = re.compile(
    r"帮我|给我|帮忙|麻烦|请|你|我想|我要|我的|我|想|要|搜索|搜一下|搜下|搜搜|搜|查询|查一下|查下|查查|查|找一下|找找|找下|找|看一下|看下|看看"
    r"|瞅瞅|瞅|看|了解一下|一下|个|[那这](?:个|边|里|儿|只|场|种|家)|从|到|去|有没有|有|是|什么时候|啥时候|什么|啥|怎么样|咋样|如何|大概"
    r"|一般|现在|最近|今天|明天|后天|今晚|今早|早上|上午|下午|晚上|周末|[这下本]?(?:周|星期|礼拜)[一二三四五六日天末]?"
    r"|快点|赶紧|急着要|急|的|了没|没有|没|了|吗|呢|吧|啊|呀|嘛|呗|嗯|呃|就")

# The kind said first, pointed at (那个航班的 准点率 怎么样, 那只 股票 涨了没): a topic the speaker takes as known, the
# thing just talked about; baseline.dialogue reads it against the turn before, and alone it stays a search of it.
_TOPIC_POINTER = r"\s*[那这](?:个|只|场|家|趟|部|本|款|种)\s*(?:"


def kind_without_instance(text: str) -> tuple[str, str] | None:
    """(ambiguity, command) when `text` names only a kind its task needs one of (查一下 那个 分数线), else None."""
    said = re.sub(r"[\s，,。？?！!、]+", "", strip_fillers(text))
    for kind_re, asks_re, missing, with_re in _KIND_RES:
        if kind_re.search(said) is None:
            continue
        if with_re.search(text) is None or re.match(_TOPIC_POINTER + kind_re.pattern + ")", text):
            return None
        left = _SAID_RE.sub("", with_re.sub("", asks_re.sub("", kind_re.sub("", said))))
        return (f"未说明{missing}", f"请说明{missing}") if not left else None
    return None


# Taking a part off the page (提出来) of a thing only pointed at (那个): the page may be said, the part is not.
_POINTED_RE = re.compile(r"那个|那些|那几个")
_TAKE_RE = re.compile(r"提取出来|提取|提出来|提一下|提下|拿出来|弄出来|摘出来|提")
_TAKE_SAID_RE = re.compile(
    r"帮我|给我|你|把|将|一下|出来|那个|那些|那几个|这个|这|就|的|了|嗯|呃|啊|吧"
    r"|(?:页面|网页|这页|本页|页|邮件|表格|通知|文章)(?:上面|上|里面|里|中)?|里面|里|上")
# Page parts that are no part until named: 那个数据, 那个名单, 那个时间.
_PAGE_KINDS = ("数据", "数字", "名单", "号码", "东西", "信息", "时间", "价格")
# A fill of "my details" with no form and no value: 把我的信息填进去, 帮我填个 信息.
_FILL_RE = re.compile(r"填进去|填上|填一下|填好|填个|填|写进去|写上")
_FILL_SAID_RE = re.compile(r"帮我|给我|你|把|将|我的|我|一下|那个|这个|个|的|了|写|嗯|呃|啊|吧|信息|资料|东西|内容")


def part_without_name(text: str) -> tuple[str, str] | None:
    """(ambiguity, command) for a part of the page only pointed at (把那个提出来, 提取 那个 名单), else None."""
    said = re.sub(r"[\s，,。？?！!、]+", "", text)
    if _POINTED_RE.search(said) is None or _TAKE_RE.search(said) is None:
        return None
    left = _TAKE_SAID_RE.sub("", _TAKE_RE.sub("", said))
    if not left:
        return "未说明要提取的内容", "请说明要提取的内容"
    return (f"未说明要提取哪些{left}", f"请说明要提取哪些{left}") if left in _PAGE_KINDS else None


def fill_without_form(text: str) -> tuple[str, str] | None:
    """(ambiguity, command) for a fill of one's details with no form or value said (把我的信息填进去), else None."""
    said = re.sub(r"[\s，,。？?！!、]+", "", text)
    if _FILL_RE.search(said) is None or not re.search(r"信息|资料", said):
        return None
    return None if _FILL_SAID_RE.sub("", _FILL_RE.sub("", said)) else ("未说明要填写的表单和内容", "请说明要填写的表单和内容")
