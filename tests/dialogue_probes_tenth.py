"""The tenth probe set: a clarify answered only in part, asked again; a whole answer still resolves.

Asked which one, the speaker narrows without naming: a kind within the kind (前天的 排球, 日语 那个), a description
that ends on a pointer (就 我 公司 楼下 那家), no place where the place was asked (想吃 烧烤). Each is asked again,
naming what is known; a name (JLPT N2, 女排 中国 对 日本, 杭州) still resolves. Worded anew, not taken from a lockbox.
"""

from tests.dialogue_probes import P

_MATCH = ("帮我 查查 那个 比赛 比分", "clarify", "未说明是哪场比赛")
_EXAM = ("帮我 搜 一下 那个 考试 报名 费用", "clarify", "未说明是哪个考试")
_WEATHER = ("后天 冷 不冷 啊", "clarify", "未说明要查询哪个城市的天气")
_FOOD = ("帮我 找找 附近 吃 的", "clarify", "未说明所在位置和想吃的类型")
_SITE = ("打开 那个 购物 网站", "clarify", "未说明要打开哪个购物网站")

TENTH_PARTIAL = [
    P("clarify_again", [_MATCH], "前天的 排球", "clarify", ["排球"]),
    P("clarify_again", [_EXAM], "嗯 就 日语 那个", "clarify", ["日语"]),
    P("clarify_again", [_WEATHER], "就 我 爸妈 家 那边", "clarify"),
    P("clarify_again", [_FOOD], "嗯 想吃 烧烤", "clarify", ["烧烤"]),
    P("clarify_again", [_SITE], "就 上面 卖 二手 东西的 那个", "clarify"),
    # A whole answer still resolves.
    P("clarify_answered", [_MATCH], "女排 中国 对 日本 那场", "search", ["中国", "日本"]),
    P("clarify_answered", [_EXAM], "日语 N2", "search", ["N2"]),
    P("clarify_answered", [_WEATHER], "杭州", "search", ["杭州"]),
    P("clarify_answered", [_FOOD], "成都 春熙路 这块 想吃 火锅", "search", ["春熙路", "火锅"]),
]
