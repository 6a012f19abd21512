"""The eighth probe set: follow-ups in the shapes the dialogue lockboxes' first looks missed, worded anew here.

A self-correction said with 我是说 (哦不对 我是说深圳的), a 呢-question said and then asked again in full (老人票呢
老人票多少钱, 打车呢 大概多久), a word swapped by 不是X 我是说Y or 要Y 不要X (an abbreviation for the query's full
word: 建行 for 建设银行), a part added to an extraction (时间也要), a refused request bargained down (…总可以吧,
…也不行吗), a form value set right (专业说错了 是…, 不对 名字写…), and an amount said after a search (预算 三千以内吧).
"""

from tests.dialogue_probes import P

_REFUSED = ("帮我给房东转三千块 房租", "blocked", "代替用户转账付款")
_FORM = [("报名表 姓名 李雷 专业 软件工程", "form_fill", {"姓名": "李雷", "专业": "软件工程"}),
         ("手机号 幺三六 一二三四 五六七八", "form_fill", {"手机号": "13612345678"})]

EIGHTH = [
    P("refine", [("搜一下 广州 这周末的天气", "search", "广州 本周末 天气")], "哦不对 我是说深圳的", "search",
      ["深圳", "天气"], ["广州"]),
    P("refine", [("搜一下 故宫 门票", "search", "故宫 门票")], "老人票呢 老人票多少钱", "search", ["故宫", "老人票"]),
    P("refine", [("南京南站到新街口 地铁怎么坐", "search", "南京南站到新街口 地铁路线")], "打车呢 大概多久", "search",
      ["南京南站到新街口", "打车"], ["地铁"]),
    P("refine", [("搜一下 建行信用卡 怎么提额", "search", "建设银行信用卡 提额方法")], "不是建行 我是说工行", "search",
      ["工行", "信用卡", "提额"], ["建设银行"]),
    P("refine", [("把这篇文章的 标题 提出来", "extract", "文章的标题")], "哦不 要作者 不要标题", "extract",
      ["文章", "作者"], ["标题"]),
    P("refine", [("提取这个页面上所有的日期", "extract", "页面上所有的日期")], "时间也要 日期和时间都要", "extract",
      ["页面上所有的日期", "时间"]),
    P("refine", [("搜一下 二手笔记本电脑", "search", "二手笔记本电脑")], "预算 三千以内吧", "search",
      ["二手笔记本电脑", "3000以内"]),
    P("refine", [("搜一下 华为 Mate 六十 价格", "search", "华为Mate 60 价格")], "Pro的", "search", ["Mate 60 Pro", "价格"]),
    P("refine", [("搜一下 电动车 三千左右的", "search", "电动车 3千左右")], "放宽一点 到五千左右吧", "search",
      ["电动车", "5千左右"], ["3千"]),
    P("refine", [("搜一下 附近 川菜馆", "search", "附近 川菜馆")], "要 评分高的 四点五分以上", "search", ["附近", "川菜馆"]),
    P("refine", [("搜一下 医保 报销 比例", "search", "医保 报销比例")], "就是住院那一项", "search",
      ["医保", "报销比例", "住院"]),
    P("refusal_persists", [_REFUSED], "那用支付宝转总可以吧", "blocked"),
    P("refusal_persists", [_REFUSED], "就转五十 五十也不行吗", "blocked"),
    P("after_refusal", [_REFUSED], "那怎么举报骗人转账的 这总可以吧", "search"),
    P("form_multi", _FORM, "专业说错了 是计算机科学与技术", "form_fill", ["专业", "计算机科学与技术"], ["软件工程"]),
    P("form_multi", [("紧急联系人 写我爸 李建国", "form_fill", {"紧急联系人": "李建国"})], "不对 名字写我哥的 李明",
      "form_fill", ["紧急联系人", "李明"], ["李建国"]),
    P("form_multi", _FORM, "手机号填错了 最后两位是九九 幺三六 一二三四 五六九九", "form_fill", ["手机号", "13612345699"]),
]

# A form's question answered by the value alone, and a clarify answered by a name beside a description.
EIGHTH_ANSWERS = [
    P("clarify_again", [("帮我填一下那个 电话", "clarify", "未说明要填写的电话号码"),
                        ("就我的手机号 等一下我翻翻", "clarify", "仍未说明手机号码是多少")],
      "幺八六 零二四六 八一三五", "form_fill", ["手机号", "18602468135"]),
    P("clarify_answered", [("日期那栏 帮我填一下", "clarify", "未说明要填写的日期")], "下周三 就下周三", "form_fill",
      ["日期", "周三"]),
    P("clarify_answered", [("搜一下那个歌手 最近的演唱会", "clarify", "未说明是哪位歌手")], "周深 唱歌很好听那个",
      "search", ["周深", "演唱会"]),
    P("clarify_answered", [("帮我查一下那个基金 最近涨了没", "clarify", "未说明是哪只基金")], "就是招商中证白酒 那个",
      "search", ["招商中证白酒"]),
    P("clarify_again", [("查一下 去那边要不要签证", "clarify", "未说明要去哪个国家")], "东南亚 东南亚那边", "clarify"),
    # A site asked for, answered by what it is used for, or by a short name.
    P("clarify_answered", [("帮我打开那个网站 我查成绩用的", "clarify", "未说明要打开哪个网站")], "就是 考英语六级那个",
      "navigate", ["cet.neea.edu.cn"]),
    P("clarify_answered", [("嗯 打开那个 交罚款的那个网站", "clarify", "未说明要打开哪个网站")], "就是处理违章的",
      "navigate", ["122.gov.cn"]),
    P("clarify_again", [("打开那个查快递的", "clarify", "未说明是哪家快递公司"),
                        ("我也忘了是哪家", "clarify", "仍未说明是哪家快递公司")], "我看看 哦 是圆通", "navigate",
      ["yto.net.cn"]),
    P("clarify_answered", [("搜一下那个 那个票", "clarify", "未说明要查询什么票")], "火车票 明天北京到天津的", "search",
      ["火车票", "北京"]),
    P("clarify_again", [("帮我搜一下那个 那个票", "clarify", "未说明要查询什么票")], "高铁票啊 就那个", "clarify"),
]

_DOUBAN, _ZHIHU, _JD = "https://www.douban.com", "https://www.zhihu.com", "https://www.jd.com"
# Pointers back by place (上一个 after two turns, 第一个), to a site named by 平台 or a pronoun, or on a site visited
# before the latest turn.
EIGHTH_POINTERS = [
    P("reference", [("打开 豆瓣", "navigate", _DOUBAN), ("再打开 知乎", "navigate", _ZHIHU)], "不对 还是上一个吧",
      "navigate", [_DOUBAN], [_ZHIHU]),
    P("reference", [("搜一下 上海到杭州 动车", "search", "上海到杭州 动车票"),
                    ("搜一下 上海到苏州的", "search", "上海到苏州 动车票")], "还是上一个吧 杭州那个", "search",
      ["上海到杭州", "动车票"], ["苏州"]),
    P("reference", [("打开 京东", "navigate", _JD), ("搜一下 扫地机器人 推荐", "search", "扫地机器人 推荐")],
      "回到第一个网站 我就在那上面买", "navigate", [_JD]),
    P("reference", [("查一下 后天 武汉 天气", "search", "后天 武汉 天气"), ("再搜一下 黄鹤楼 门票", "search", "黄鹤楼 门票")],
      "第一个那个 再帮我查一下大后天的", "search", ["大后天", "武汉", "天气"], ["黄鹤楼"]),
    P("reference", [("打开 国家政务服务平台", "navigate", "https://gjzwfw.www.gov.cn"),
                    ("搜一下 护照 补办", "search", "护照 补办")], "那回刚才那个平台", "navigate", ["gjzwfw"]),
    P("reference", [("打开招商银行官网", "navigate", "https://www.cmbchina.com")], "搜一下它的营业时间", "search",
      ["招商银行", "营业时间"]),
    P("reference", [("打开 微博", "navigate", "https://weibo.com"), ("搜一下 春运 抢票 技巧", "search", "春运 抢票技巧")],
      "就在刚才那个网站上 搜搜这个问题", "search", ["微博", "春运"]),
    P("reference", [("提取一下这个页面上的 联系电话", "extract", "页面上的联系电话"),
                    ("打开 美团", "navigate", "https://www.meituan.com")], "在这个网站上 把刚才那个也提一下", "extract",
      ["美团", "联系电话"]),
    P("reference", [("打开 杭州图书馆官网", "navigate", "https://www.hzlib.net")], "在那个页面上 提取一下开馆时间",
      "extract", ["杭州图书馆", "开馆时间"]),
]
