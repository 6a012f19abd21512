import pytest

from baseline import predict as baseline
from baseline.form_fields import form_request


@pytest.mark.parametrize(
    "text, fields",
    [
        # Account, contact and codes: spelled emails, spoken digits, letters said one by one.
        ("嗯 帮我把联系邮箱填成 chen 下划线 yu 艾特 foxmail 点 com", {"邮箱": "chen_yu@foxmail.com"}),
        ("手机号码 幺八八 二三四五 六七八九", {"手机号": "18823456789"}),
        ("那个验证码是 九 三 零 幺 六 二", {"验证码": "930162"}),
        ("优惠券码 填 w e l c o m e 一零 大写", {"优惠码": "WELCOME10"}),
        ("身份证后四位 三二幺 X", {"证件号后四位": "321X"}),
        ("用户名是 jack 下划线 ma 八八", {"用户名": "jack_ma88"}),
        ("英文名 填 lucy 中文名 王璐", {"英文名": "Lucy", "中文名": "王璐"}),
        # Tickets, hospital, exams: a bare 日期 is named by the kind of form.
        ("报名表 考试级别 选四级 考点城市 成都", {"考试级别": "四级", "考点城市": "成都"}),
        ("预约挂号 就诊人 张伟 科室 眼科 日期 后天", {"就诊人": "张伟", "科室": "眼科", "就诊日期": "后天"}),
        ("火车票 出发站 北京西 到达站 石家庄 日期 五月一号",
         {"出发站": "北京西", "到达站": "石家庄", "出发日期": "5月1日"}),
        ("乘车人 李明 证件号 幺幺零 幺零幺 一九九零 零三零七 幺二三四",
         {"乘车人姓名": "李明", "证件号码": "110101199003071234"}),
        ("入住日期 下礼拜五 退房日期 下礼拜天", {"入住日期": "下周五", "退房日期": "下周天"}),
        # Dates, counts and amounts in their written form.
        ("出生日期 一九九五年七月二十号 性别 男", {"出生日期": "1995-07-20", "性别": "男"}),
        ("期望薪资 一万二到一万五 工作年限 五年 学历 本科", {"期望薪资": "12000-15000", "工作年限": "5年", "学历": "本科"}),
        ("参会人数 十五个 会议主题 年度总结", {"参会人数": "15", "会议主题": "年度总结"}),
        ("出席人数 三位 饮食要求 清真", {"出席人数": "3", "饮食要求": "清真"}),
        ("户号 幺二三四五六七 读数 八百零六点二", {"户号": "1234567", "读数": "806.2"}),
        ("贷款金额 八十万 年限 二十年 利率 三点五", {"贷款金额": "800000", "贷款年限": "20年", "年利率": "3.5%"}),
        ("绩点 三点六五 排名 第五", {"绩点": "3.65", "班级排名": "5"}),
        ("预算 五千上下 户型 一室一厅", {"预算": "5000左右", "户型": "一室一厅"}),
        ("数量改成五 颜色选白色 尺码 M", {"数量": "5", "颜色": "白色", "尺码": "M"}),
        ("行驶里程 两万八", {"行驶里程": "28000公里"}),
        ("工作经验 十年以上", {"工作经验": "10年以上"}),
        ("评分 五分 评价 很 满意", {"评分": "5分", "评价内容": "很满意"}),
        ("嗯 数量 填 两件 颜色 要 蓝色", {"数量": "2", "颜色": "蓝色"}),
        ("我要改一下地址 新地址是 苏州市工业园区 星湖街 三百二十八号", {"收货地址": "苏州市工业园区星湖街328号"}),
        # Invoices, shipping, visitors: a phone or an address after a person belongs to that person.
        ("发票抬头 上海某某贸易有限公司 税号 九一三幺 零幺幺五 M A 幺 G 三 A 八 X 六 五",
         {"发票抬头": "上海某某贸易有限公司", "纳税人识别号": "91310115MA1G3A8X65"}),
        ("快递 寄件人 孙丽 电话 一三五 零零零零 一一一一 地址 南京市鼓楼区中山路一百号",
         {"寄件人": "孙丽", "寄件人电话": "13500001111", "寄件地址": "南京市鼓楼区中山路100号"}),
        ("收件人 周小雨 电话 幺三七 一二一二 三四三四 地址 成都市武侯区 科华北路 六十五号 二栋 三零一",
         {"收件人": "周小雨", "联系电话": "13712123434", "收货地址": "成都市武侯区科华北路65号2栋301"}),
        ("那个 报名的 紧急联系人 填我老公 赵刚 电话 一八九 零零幺二 三四五六",
         {"紧急联系人": "赵刚", "紧急联系人电话": "18900123456"}),
        ("来访人 何强 被访人 财务部 刘总 来访事由 签合同", {"来访人": "何强", "被访人": "财务部刘总", "来访事由": "签合同"}),
        ("报修内容 厨房水管 漏水 期望上门时间 周六上午", {"报修内容": "厨房水管漏水", "期望上门时间": "周六上午"}),
        ("价格区间 两千到三千 订单状态 已发货", {"价格区间": "2000-3000", "订单状态": "已发货"}),
        # Self-corrections: the corrected words replace as many words as were said again.
        ("车牌号 沪A 三三五 七七 哦不对 沪A 三三五 七八", {"车牌号": "沪A33578"}),
        ("邮编填 二零零零三零 不对 二零零零三幺", {"邮政编码": "200031"}),
        # Labels the lexicon does not know: named as said, the value read by the label's head noun.
        ("家庭人口数填四", {"家庭人口数": "4"}),
        ("户籍地址写 河北省保定市 莲池区 东风路 八号", {"户籍地址": "河北省保定市莲池区东风路8号"}),
        ("开票日期填 二零二五年一月八号", {"开票日期": "2025-01-08"}),
    ],
)
def test_labelled_values_are_read_in_written_form(text, fields):
    assert form_request(text) == fields
    assert baseline.predict(text)["slots"] == {"field": fields}


@pytest.mark.parametrize(
    "text",
    [
        # The value points at something never said, or the speaker is unsure: nothing is filled.
        "手机号填我老婆的",
        "地址写上回那个地方",
        "邮箱 用原来那个就行",
        "收件人写她",
        "把我爸的电话填进去",
        "出发日期 周五 或者 周六 还没想好",
        "电话填 一三九 二二 后面记不清了",
        "日期改成上次那天",
        # Questions, searches and page reads name a label but fill nothing.
        "手机号是多少",
        "验证码多少来着",
        "查一下快递单号",
        "搜一下 身份证号 格式",
        "这个页面上的联系电话是什么",
        "把这页的订单号提取出来",
        "怎么选笔记本电脑",
        "帮我写一篇关于春天的作文",
        "嗯 地址栏 输入 淘宝 点 com",
        # A label word followed by search words or a non-value is a search about the label.
        "价格 iphone 十六",
        "地址 翻译 英文",
        "昵称 大全 可爱",
        "姓名 测试 打分",
        "城市 天气 北京",
        "性别 平等 的 文章",
        "车牌号 沪A 一二三四五 违章 查询",
    ],
)
def test_no_form_without_a_said_value(text):
    assert form_request(text) == {}
    assert baseline.predict(text)["task_type"] != "form_fill"


def test_a_strong_value_alone_is_a_form_but_a_loose_one_needs_a_cue():
    assert baseline.predict("验证码 八八六二")["task_type"] == "form_fill"
    assert form_request("职位 产品经理") == {"职位": "产品经理"}  # the label opens the request
    assert form_request("我们组 职位 产品经理 挺多的") == {}
    assert form_request("城市 杭州") == {"城市": "杭州"}
    assert form_request("城市 杭州 房价") == {}  # a one-word value must end what was said


def test_a_fill_verb_with_typed_values_and_no_label_uses_the_form_label_of_each_value():
    assert form_request("嗯 newsletter 就用 amy 点 li at 163 点 com 帮我填上") == {"邮箱": "amy.li@163.com"}
    assert form_request("从杭州飞重庆 六月十号的 帮我填好") == {"出发日期": "6月10日"}


@pytest.mark.parametrize(
    "text, fields",
    [
        ("油相填 xiaowang@qq.com", {"邮箱": "xiaowang@qq.com"}),  # 邮箱 heard as 油相
        ("性名写张三 手机号 幺三八 零零幺三 八零零零", {"姓名": "张三", "手机号": "13800138000"}),
        ("嗯 收获地址填 北京市朝阳区建国路88号", {"收货地址": "北京市朝阳区建国路88号"}),
    ],
)
def test_a_misheard_label_still_names_its_field(text, fields):
    assert form_request(text) == fields
    assert baseline.predict(text)["slots"] == {"field": fields}


def test_a_word_that_sounds_like_a_label_is_no_label():
    assert form_request("油箱加满 工作经验三至五年的岗位") == {}  # 油箱 is a word, 至五 a number range
