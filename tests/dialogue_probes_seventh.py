"""The seventh probe set: dialogues in the shapes of the dlg-w8 probe (written by a hand that saw neither rules nor
seeds), worded anew here so they test the rules, not the probe's sentences.

Weighted to what the first run missed: a first turn that points at a thing named only by its kind (那个评分, 那个病
怎么办, 打开那个学习的网站) must ask back, so in own history the answer has a clarify to complete; an answer that
names only a kind (电影) still leaves it open; short refinements that change one part (a number, a city said with a
pronoun, a site to search on, a narrowing of what is taken) and pointers back (上面的 after a visit, 第一个 among
earlier visits, 也写他 in a form).
"""

from tests.dialogue_probes import P

_ZHIHU, _DOUBAN, _JD = "https://www.zhihu.com", "https://www.douban.com", "https://www.jd.com"
_Q = "clarify"

SEVENTH = [
    # clarify_again: a pointed-at kind, then an answer naming only a kind, then the name
    P("clarify_again", [("帮我查一下那个票价", _Q, "未说明具体是哪个票价")], "演唱会", "clarify", ["票价"]),
    P("clarify_again", [("帮我查一下那个票价", _Q, "未说明具体是哪个票价"), ("演唱会", _Q, "未说明是哪场演唱会")],
      "五月天 北京鸟巢那场", "search", ["票价"]),
    P("clarify_again", [("搜一下那个 那个餐厅", _Q, "未说明具体是哪个餐厅")], "就 医院", "clarify", ["餐厅"]),
    # clarify_answered: the pointed-at kind completed by its name
    P("clarify_answered", [("帮我看看那个评分", _Q, "未说明具体是哪个评分")], "流浪地球二", "search", ["评分"]),
    P("clarify_answered", [("嗯 帮我打开那个 那个买书的网站", _Q, "未说明要打开哪个网站")], "京东那个", "navigate", [_JD]),
    # refine: one part changed, the rest of the earlier search kept
    P("refine", [("淘宝上搜一下机械键盘 五百以内的", "search", "淘宝 机械键盘 500以内")], "预算加到八百吧", "search",
      ["淘宝", "机械键盘", "以内"], ["500", "5百"]),
    P("refine", [("搜一下 Java 入门书籍", "search", "Java 入门书籍")], "要视频的 B站上的", "search", ["Java", "入门"]),
    P("refine", [("把这个页面的机票时间和价格提一下", "extract", "机票时间和价格")], "只要直飞的 转机的不要", "extract",
      ["机票", "价格", "直飞"]),
    P("refine", [("搜一下 泰国 签证 办理", "search", "泰国 签证 办理")], "刚才说错了 是越南", "search", ["越南", "签证"]),
    # reference: a pointer back to an earlier turn's object
    P("reference", [("搜一下薛之谦演唱会 上海站 时间", "search", "薛之谦演唱会 上海站 时间")], "他 他在成都有没有",
      "search", ["薛之谦演唱会", "成都", "时间"], ["上海"]),
    P("reference", [("搜一下 活着 这本书讲什么", "search", "活着 内容简介")], "作者 作者还写过什么", "search", ["活着"]),
    P("reference", [("打开招商银行官网", "navigate", "https://www.cmbchina.com")], "把 上面的 信用卡申请条件 提取一下",
      "extract", ["招商银行", "信用卡"]),
    P("reference", [("打开知乎", "navigate", _ZHIHU), ("打开豆瓣", "navigate", _DOUBAN)], "还是第一个吧 刚才第一个",
      "navigate", [_ZHIHU], [_DOUBAN]),
    P("reference", [("收件人写 赵磊", "form_fill", {"收件人": "赵磊"})], "联系人也写他", "form_fill", ["联系人", "赵磊"]),
    # unrelated and after_refusal: a site said after a search with 打开 is a visit, not a place to search
    P("unrelated", [("搜一下 Python 教程", "search", "Python 教程")], "打开京东", "navigate", [_JD], ["Python"]),
    P("unrelated", [("搜一下 降噪耳机 一千以内", "search", "降噪耳机 1000以内")], "帮我搜一下 北京明天天气", "search",
      ["北京"], ["耳机", "1000"]),
]
