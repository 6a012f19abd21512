"""The eleventh probe set (a): a search or extraction refined by a follow-up the recogniser spaced.

A cue split by ASR gaps (改 成, 换 成 … 不 喝 …了, 不对 不对, 不是 三 月 是 四 月) still changes the earlier query; parts
added (还有 … 也 查 一下, 再 加上 … 和 …) or dropped (不 要 … 了 只 要 …) edit a query or target of several parts; a
site said as the place of the same search (去 小红书 上 搜, 只 要 网易 的, 最好 是 在 豆瓣 上 看) scopes it, swapping a
site the query named, and a site's 首页 / 主页 said after a visit is that site's. Asked for two things (户号和所在城市, 哪两支球队, 城市以及新房还是二手房), a one-word answer still
leaves the rest open, as does a place told only as 我这边; a whole answer resolves, and a site said as where the thing
is (知乎 上 那个 讲 考研 的) makes a search there. Worded anew, not taken from a lockbox.
"""

from tests.dialogue_probes import P

_WEATHER = ("查 一下 广州 明天 的 天气", "search", "广州明天天气")
_TRAIN = ("搜 一下 北京 到 西安 的 高铁", "search", "北京到西安高铁")
_FLIGHT = ("搜一下 三 月 份 去 云南 的 机票", "search", "3月云南机票")
_TEA = ("搜 一下 附近 的 奶茶 店", "search", "附近奶茶店")
_AIR = ("查 一下 上海 今天 的 空气 质量", "search", "上海今天空气质量")
_LAKE = ("搜 一下 西湖 的 开放 时间", "search", "西湖开放时间")
_GOODS = ("把 页面 上 的 商品 名称 提取 出来", "extract", "页面上的商品名称")
_STUDENTS = ("提取 表格 里 的 学生 姓名", "extract", "表格里的学生姓名")
_ARTICLE = ("提取 文章 里 的 作者 和 发布 时间", "extract", "文章中的作者和发布时间")
_SHOP = ("提取 页面 上 的 电话 和 地址", "extract", "页面上的电话和地址")
_EXAM = ("在 知乎 上 搜 一下 考研 经验", "search", "知乎 考研经验")
_NEWS = ("搜 一下 今天 的 体育 新闻", "search", "今日体育新闻")
_FILMS = ("搜 一下 周末 上映 的 电影", "search", "周末上映电影")

ELEVENTH_A_SPACED = [
    P("refine", [_WEATHER], "呃 换 成 深圳 吧", "search", ["深圳", "明天天气"], ["广州"]),
    P("refine", [_TRAIN], "那个 改 成 到 成都", "search", ["北京到成都"], ["西安"]),
    P("refine", [_FLIGHT], "不是 三 月 是 四 月", "search", ["4月", "云南机票"], ["3月"]),
    P("refine", [_TEA], "换 成 咖啡 吧 不 喝 奶茶 了", "search", ["咖啡", "附近"], ["奶茶"]),
    P("refine", [_AIR], "不对 不对 改 成 明天", "search", ["上海明天空气质量"], ["今天"]),
    # A stutter (改 改成, 嗯换 换成) is the cue said whole.
    P("refine", [("搜 一下 上海 到 南京 的 高铁", "search", "上海到南京高铁")], "改 改成 到 杭州 的", "search", ["上海到杭州"],
      ["南京"]),
    P("refine", [("查 一下 这周 北京 的 展览", "search", "这周北京展览")], "嗯换 换成 下周 的", "search", ["下周", "北京展览"]),
]
ELEVENTH_A_PARTS = [
    P("refine", [_LAKE], "还有 停车 费 也 查 一下", "search", ["西湖开放时间", "停车费"]),
    P("refine", [_GOODS], "再 加上 销量 和 库存", "extract", ["页面上的商品名称", "销量", "库存"]),
    P("refine", [_STUDENTS], "还要 学号 跟 班级 一起 提", "extract", ["学生姓名", "学号", "班级"]),
    P("refine", [_ARTICLE], "不 要 作者 了 只 要 发布 时间 跟 标题", "extract", ["文章中的", "发布时间", "标题"], ["作者"]),
    P("refine", [_SHOP], "不要 地址 了 就 要 电话 和 营业 时间", "extract", ["电话", "营业时间"], ["地址"]),
    # The place the earlier words said (这个 网页 上) stays with an edited target.
    P("refine", [("把 这个 网页 上 的 联系 人 提取 一下", "extract", "网页上的联系人")], "还有 手机 号 也 要", "extract",
      ["网页上的联系人", "手机号"]),
    P("refine", [("提取 一下 这个 表格 里 的 订单 号", "extract", "表格里的订单号")], "再 加上 下单 时间", "extract",
      ["表格里的订单号", "下单时间"]),
    # 还有 before a request of its own is no part added.
    P("unrelated", [_LAKE], "还有 帮我 打开 淘宝", "navigate", [], ["西湖"]),
]
ELEVENTH_A_SITES = [
    P("refine", [_EXAM], "算了 还是 去 小红书 上 搜 吧", "search", ["小红书", "考研经验"], ["知乎"]),
    P("refine", [_NEWS], "只 要 网易 的", "search", ["网易", "体育新闻"]),
    P("refine", [_FILMS], "最好 是 在 豆瓣 上 看", "search", ["豆瓣", "周末上映电影"]),
    # A site's own part (首页, 主页) said right after a visit is that site's part.
    P("refine", [("打开 知乎", "navigate", "https://www.zhihu.com")], "主页 上 的 热榜 前 十 提 一下", "extract",
      ["知乎", "热榜"]),
    P("refine", [("打开 京东", "navigate", "https://www.jd.com")], "首页 的 秒杀 商品 帮 我 提取 一下", "extract",
      ["京东", "秒杀"]),
]
_BILL = ("帮 我 查 一下 电费", "clarify", "未说明户号和所在城市")
_SCORE = ("搜 一下 那个 比赛 的 比分", "clarify", "未说明是哪两支球队")
_HOMES = ("帮 我 看看 房价", "clarify", "未说明城市以及新房还是二手房")
_SOCIAL = ("打开 那个 社保 网站", "clarify", "未说明是哪个地区的社保网站")
ELEVENTH_A_PARTIAL = [
    P("clarify_again", [_BILL], "杭州 的", "clarify", ["杭州"]),
    P("clarify_again", [_SCORE], "辽宁 的 吧", "clarify", ["辽宁"]),
    P("clarify_again", [_HOMES], "嗯 苏州 吧", "clarify", ["苏州"]),
    P("clarify_again", [_SOCIAL], "就 我 这边 的 呗", "clarify"),
    # A whole answer still resolves.
    P("clarify_answered", [_BILL], "杭州 户号 三三零一 二五六七 八八", "search", ["杭州", "电费"]),
    P("clarify_answered", [_SCORE], "辽宁 对 广东 那场", "search", ["辽宁对广东"]),
    # A site said as the place of the thing asked for: a search there, never a visit.
    P("clarify_answered", [("帮 我 找 一下 那个 帖子", "clarify", "未说明是哪个帖子")], "知乎 上 那个 讲 考研 择校 的", "search",
      ["知乎", "考研择校"]),
    P("clarify_answered", [("放 一首 歌 吧", "clarify", "未说明是哪首歌")], "就 网易云 上 那首 周杰伦 的 晴天", "search",
      ["网易云", "晴天"]),
    P("clarify_answered", [("打开 那个 网站", "clarify", "未说明要打开的网站或页面")], "就 京东 上 那个", "navigate", ["jd.com"]),
]
ELEVENTH_A = ELEVENTH_A_SPACED + ELEVENTH_A_PARTS + ELEVENTH_A_SITES + ELEVENTH_A_PARTIAL
