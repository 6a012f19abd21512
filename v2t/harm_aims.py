"""Harms said by what they aim at rather than by a crime's name (CONTRACT.md §3, every kind): what the speaker wants
to happen to someone (让他丢人, 让他们没法告), what a program does to whoever opens it (谁点了谁手机就卡死), what is got
without the check the law requires (不用考 花钱买, 没有3C认证的), a story told for money (说孙子出车祸了要钱), and a deed
done to someone's things, money, work or standing (刹车动一下, 背锅, 回扣, 白住三个月).

Read after the named kinds' acts (v2t.harm_acts, v2t.harm_general) and the catch-all classes (v2t.harm_catchall,
v2t.harm_deeds), so a request they name keeps its reason; the guards of v2t.harm_rules apply to these as to any act.
"""

from __future__ import annotations

from v2t.harm_general import act
from v2t.harm_lexicon import OBTAIN
from v2t.harm_words import PERSON, SOMEONE

_P = "(?:" + SOMEONE + ")"
# A person and what is theirs, said with or without 的 (他店门口, 她家, 我对象的车).
_THEIR = r"(?:" + PERSON + r"|人家|邻居|别人)"
# Accounts a person holds (a QQ number, a Weibo, a game account).
_ACCOUNT = r"(?:账号|帐号|号|QQ|qq|微信|微博|抖音|邮箱|支付宝|游戏号|钉钉|淘宝|密码)"
# What happens to whoever opens a program, link or file that is a weapon: their device dies, is taken, or mines.
_PAYLOAD_EFFECT = r"(?:卡死|死机|蓝屏|崩溃|崩掉|瘫痪|中毒|黑屏|重启|关机|格式化|被控制|挖矿|文件(?:全)?(?:删|没|丢|加密)|(?:密码|文件|照片|资料).{0,4}(?:发给|传给|到)我)"
# Bringing a site or service down, said after the target (服务器冲垮, 论坛搞崩).
_TAKE_DOWN = r"(?:冲垮|冲爆|冲崩|打垮|打瘫|打崩|打挂|搞垮|搞崩|搞瘫|弄崩|弄瘫|弄垮|挤爆|刷爆|瘫痪|崩掉)"
_SERVICE = r"(?:网站|服务器|系统|app|APP|论坛|平台|官网|后台|网店|直播间|小程序|接口|数据库)"
# Certificates and licences that are earned by an exam or a check.
_EARNED = r"(?:证书|[\u4e00-\u9fff]{1,4}证(?!明)|驾照|文凭|学历|学位|执照|资格|职称|四级|六级)"
_WITHOUT_EXAM = r"(?:不用考|不考|不想考|不用上课|花钱买|包过|直接拿证|直接发证)"
# An emergency made up to get money from someone's family (出车祸, 住院, 被抓).
_EMERGENCY = r"(?:出车祸|出了?事|住院|被抓|进医院|进了?派出所|被绑|急用钱|做手术|要手术|欠了?钱|被扣)"
_MONEY_ASK = r"(?:[要拿掏借赔]钱|打钱|转钱|汇钱|交钱|转账|汇款)"
# Officials and gatekeepers whose favour can be bought.
_OFFICIAL = (r"(?:校长|领导|官员|局长|处长|科长|主任|考官|评委|法官|警察|交警|城管|监考|村长|书记|采购|经理|审批的|检查的|验收的|质检|监理|医生|教练"
             r"|招生办|人事)")
_BRIBE_AIM = r"(?:不显眼|不被发现|怎么送|送多少|给多少|好让|让他|承包|中标|批下来|批了|过关|通过|放一马|通融|照顾|别拆|别查|别罚|录取|升职|提拔)"
# Waste that poisons land or water when dumped.
_WASTE = r"(?:废?电池|(?:建筑|医疗|化工|工业)垃圾|废水|污水|废料|废油|化工|医疗废物|农药瓶|油漆桶|废渣|渣土|死猪)"
_DUMP_PLACE = r"(?:别人|人家|邻居|河|江|湖|海|水库|田|地里|山里|路边|沟|下水道|树林|草地|公园)"
# How a person is made to suffer in their standing or life (丢人, 混不下去, 做不了生意).
_RUIN = (r"(?<![不别没])(?:丢人|丢脸|出丑|难堪|社死|没脸|身败名裂|名声臭|混不下去|待不下去|做不了生意|开不下去|干不下去|不得安宁|倒大霉|破产|失业|丢(?:了)?工作"
         r"|被开除|被辞退|被处分|抬不起头|众叛亲离)")
# Property whose damage hurts its owner (a sign, a window, a car, a shop).
_PROPERTY = r"(?:招牌|玻璃|门|窗|车|店|摊|铺|墙|监控|摄像头|庄稼|菜地|鱼塘|大棚|轮胎|电动车|快递)"

_HURT = "伤害他人人身或财物属于违法行为", "拒绝伤害他人的请求"
_OTHER = "协助违法行为会伤害他人", "拒绝协助违法行为的请求"
_SCAM = "诈骗他人钱财属于违法行为", "拒绝协助诈骗的请求"

AIM_ACTS = (
    # Someone's account or password got hold of (把我同桌的QQ号弄过来, 我闺蜜的微博密码, 盗别人的游戏账号, 蹭他的wifi).
    act("account_intrusion", _P + r"的?.{0,4}" + _ACCOUNT + r".{0,6}(?:弄过来|搞过来|拿过来|要过来|骗过来|弄到手|搞到手|弄到|搞到)"
        r"|(?:" + PERSON + r")的.{0,6}(?:密码|验证码|锁屏码|解锁码)|盗(?:" + SOMEONE + r"|人家)的?.{0,6}(?:号|账号|账户|密码)"
        r"|(?:邻居|隔壁|别人|人家|他|她|他们)(?:家)?的?.{0,4}(?:wifi|WiFi|无线网?|网).{0,6}蹭|蹭(?:一下|个|上)?(?:邻居|隔壁|别人|人家|他|她|他们)(?:家)?的?.{0,4}(?:wifi|WiFi|无线网?|网)",
        "破解他人账号密码属于入侵行为", "拒绝破解他人账号的请求"),
    # Posing as an office or a firm (以派出所的口气, 冒充燃气公司的, 你就说你是我).
    act("impersonation", r"(?:以|用|按)(?:[\u4e00-\u9fff]{0,6}(?:局|派出所|法院|检察院|政府|银行|海关)|官方|公安|警察|税务)的?(?:口气|口吻|名义|身份|语气)"
        r"|(?:冒充|假扮|假冒(?!伪劣)|冒名|装成|扮成|伪装成)(?:是|成)?.{0,8}(?:公司|局|所|院|中心|部门|单位|机构|工作人员|上门|检查|维修|师傅)"
        r"|你(?:就)?(?:假装|装作|冒充|扮演)(?:你)?(?:就)?是?(?:我|" + PERSON + r")|就说你是(?:我|" + PERSON + r")",
        "冒充他人属于诈骗行为", "拒绝冒充他人的请求"),
    # A device put on or near someone to watch or hear them (贴在我老公车底下, 手机放他工位底下, 录像笔放女同事桌上).
    act("spyware", r"(?:贴|装|放|塞|藏|粘|绑)(?:在|到|进)?(?:我)?(?:" + PERSON + r")的?.{0,6}(?:车|包|衣服|书包|钱包|鞋|工位|桌|床|房间|抽屉|枕头|宿舍)"
        r".{0,6}(?:底下|下面|里|上|下)?.{0,12}(?:能|可以|好|就)?(?:看|听|知道|录|拍|定位|追踪)"
        r"|(?:录音笔|录像笔|摄像头|镜头|定位器|窃听器).{0,10}(?:放|装|藏|塞|贴)(?:在|到)?.{0,4}(?:" + PERSON + r"|女生|女孩|宿舍|更衣|厕所|卫生间)"
        r"|录(?:下来|下|一下)?(?:我)?(?:" + PERSON + r").{0,6}(?:说|打电话|聊|讲)"
        r"|(?:能|可以)?(?:看|知道|查|掌握)(?:到)?(?:" + PERSON + r")(?:每天|平时|都|天天|到底|今天)?(?:去|在)(?:了)?哪"
        r"|(?:" + PERSON + r")的?.{0,4}(?:电脑|手机|日记|抽屉|包|相册|文件|硬盘|U盘)(?:里)?.{0,8}(?:存了|有什么|有啥|看看|翻翻|翻一下).{0,12}趁",
        "私自监控他人侵犯隐私", "拒绝监控他人的请求"),
    # A program whose effect falls on whoever opens it; a site brought down, defaced or taken over.
    act("malware", r"(?:脚本|程序|代码|链接|软件|文件|app|APP|插件|客户端|安装包|东西).{0,16}(?:谁|别人|他|她|对方|人家|用户|大家).{0,6}(?:点|打开|下载|安装|运行|插)"
        r"(?:了|开)?.{0,10}(?:就|会|便)?.{0,4}" + _PAYLOAD_EFFECT
        + r"|" + _SERVICE + r".{0,10}" + _TAKE_DOWN + r"|(?:让|把)(?:它|他们的?|对方的?|人家的?).{0,8}(?:打不开|上不去|崩|瘫)"
        r"|(?:官网|网站|首页|主页).{0,8}(?:改成|换成|挂上).{0,12}(?:进去|黑|入侵)"
        r"|拿下.{0,6}" + _SERVICE + r"|黑(?:一下|个|下)(?:那个|这个)?.{0,8}" + _SERVICE
        + r"|(?:" + PERSON + r"|对方|人家|骗子)的?.{0,4}" + _SERVICE + r"?.{0,4}(?:数据|文件|资料)(?:全|都)(?:删|清空|毁)(?!.{0,6}(?:恢复|找回))",
        "制作恶意软件或入侵系统属于违法行为", "拒绝入侵系统或制作恶意软件的请求"),
    # People lured to pay, a bank's page copied to take card numbers, an emergency made up for money.
    act("scam", r"让(?:大家|群友|网友|粉丝|老人|别人|人家|他们|她们|用户|会员|家长|对方).{0,8}(?:往|向)?.{0,6}(?:充钱|转钱|打钱|投钱|交钱|充值|转账|汇款|付钱|掏钱|入金)"
        r"|(?:银行|支付宝|微信|淘宝|官方|官网|政府|社保|税务|京东|快递|[工建农中招交]行)[\u4e00-\u9fff]{0,6}(?:一样|一模一样|差不多)的?(?:网页|网站|页面|登录页|app|APP|界面)"
        r"|让(?:人|别人|他们|她们|用户|大家|对方).{0,4}(?:填|输|输入)(?:进)?(?:卡号|密码|验证码|身份证|银行卡)"
        r"|(?:就说|假装|骗|谎称|编|打电话说|发消息说|发短信说|告诉(?:他|她|老人|他们|她们))[\u4e00-\u9fff]{0,8}" + _EMERGENCY + r".{0,8}" + _MONEY_ASK,
        *_SCAM),
    # A certificate or a licence got without the exam (六级证书 不用考的那种, 驾照 不想考 花钱买一个).
    act("forgery", _EARNED + r".{0,12}" + _WITHOUT_EXAM + r"|" + r"(?:不用考|花钱买|包过|直接拿)" + r".{0,8}" + _EARNED + r"|(?:买|花钱买|花钱办)(?:一?个|一?张|一?本)?.{0,6}(?:证书|驾照|文凭|学历|学位|毕业证|学位证|资格证|执照|职称|四级|六级)"
        r"|(?:(?<![制创建营改打])造|捏造)(?:一?份|一?张|一?个)?.{0,6}(?:报告|证明|病历|诊断|化验单|合同|证书|成绩单|记录)",
        "伪造证件或证明属于违法行为", "拒绝伪造证件的请求"),
    # Fakes and banned goods: a brand's mark put on a copy, records of people in bulk, goods without the check, banned drugs.
    act("illegal_goods", r"(?:贴|印|打|换|缝)(?:个|上|一个)?.{0,6}(?:标|牌子|logo|LOGO|商标|吊牌).{0,8}(?:卖|出售|出手|当)|(?:进|批|买|卖|做)(?:一批|一些|点)?.{0,4}山寨"
        r"|(?:" + OBTAIN + r").{0,8}(?:几千|几万|几百|上万|一批|批量|[0-9一二三四五六七八九十百千万]+)条.{0,4}(?:手机号|电话|号码|姓名|身份证|个人信息|住址|信息)"
        r"|(?:" + OBTAIN + r")(?:一?个|一批|点|些|几个|那种).{0,8}(?:没有?|不带|无)(?:过)?(?:3C|3c|CCC|ccc|认证|质检|合格证|检验|批号|批文|检疫)"
        r"|(?:" + OBTAIN + r").{0,16}(?:禁了的|被禁的|禁售的|国内禁|国家禁|已经禁|禁止销售)|(?:禁了的|被禁的|禁售的|国内禁|国家禁).{0,10}(?:" + OBTAIN + r")"
        r"|(?:过|通过|躲过|绕过|避开)海关.{0,6}(?:不被|别被|查不|躲)|(?:带|运|寄|走私)[\u4e00-\u9fff]{0,6}(?:进来|回来|过来|回国|入境).{0,6}(?:不被查|不报关|不交税|躲|逃)",
        "买卖假冒或违禁物品属于违法行为", "拒绝买卖违禁物品的请求"),
    # Something given that makes a person compliant or ill (喝了就听话的水).
    act("drugs_weapons", r"(?:让|使)(?:女生|女孩|男生|人|对方|" + PERSON + r").{0,4}(?:喝|吃|闻)(?:了|完)?.{0,4}(?:就|会)?(?:听话|昏|晕|迷糊|没力气|失忆|断片|任人|发疯|上瘾)",
        "用药物或毒物伤害他人属于违法行为", "拒绝用药物伤害他人的请求"),
    # What the speaker wants to befall someone (让他丢人, 让他做不了生意), and the deeds done to cause it.
    act("other", r"让(?:我的?)?(?:" + PERSON + r"|那个|这个|人家|对方)[\u4e00-\u9fff]{0,6}?" + _RUIN
        + r"|(?:嘲笑|羞辱|侮辱|丑化|挖苦|取笑|专门黑)(?:一下)?(?:那个|这个)?.{0,8}(?:" + PERSON + r"|残疾|胖子|学生)"
        r"|(?:对着|冲着|朝着)(?:" + SOMEONE + r"|邻居|人家|[他她]家).{0,10}(?:骂|吼|泼|扔|吐|放(?:哀乐|鞭炮|喇叭)|照(?:激光|强光))|(?<!怒)哀乐"
        r"|(?:组织|找|叫|喊)(?:几个|一帮|一些|些|一群)人.{0,10}(?:闹(?!洞房|钟)|堵|拉横幅|砸)"
        r"|(?:把|给)(?!我|自己)(?:[\u4e00-\u9fff]{0,10}的)?" + _PROPERTY + r"(?:给)?(?:砸了|砸烂|砸坏|砸掉|烧了|划花|扎破|弄坏|毁了|拆了|泼)"
        r"|(?:电梯|小区|公司|店|学校|路口|楼道|街上|马路|停车场|银行|超市|商场)(?:里|上|口)?的?(?:监控|摄像头).{0,12}(?:弄坏|砸|拆|删|剪|遮|挡|破坏|弄掉|喷)"
        r"|刹车.{0,6}(?:动一下|动动|动个|剪断?|拆掉|弄坏|割断?|松掉|做手脚)|(?:剪|割|拔)(?:一下|掉|断)?.{0,4}(?:刹车|油管|气囊)"
        r"|(?:玩|弄|整|折磨|虐|摔|淹|烫)死(?:了)?.{0,8}(?:猫|狗|它|动物|没人)|(?:猫|狗|动物|宠物).{0,10}(?:玩|弄|整|折磨|虐|摔|淹|烫)死",
        *_HURT),
    # Confining someone or keeping their papers (证件我扣着, 没法离开家 手机钱包都收了).
    act("other", r"(?:身份证|护照|证件|工资).{0,6}(?:我)?(?:扣着|扣下|扣住|收走|收着|没收)|让(?:我的?)?(?:" + PERSON + r").{0,4}(?:没法|不能|出不了|走不了)(?:离开|出门|回家)"
        r"|不让(?:" + PERSON + r"|人家).{0,4}(?:出门|离开)", *_HURT),
    # Money and duties dodged: a debt not repaid, wages withheld, rent or goods not paid for, a shop's till cheated.
    act("other", r"(?:钱|债|贷|款|账|信用卡|花呗).{0,12}(?:不还了|不想还|不打算还|赖掉)|赖账|逃债|躲债|(?:让|叫)(?:他们|债主|催收的?|银行|法院)(?:都)?找不到我"
        r"|(?:工资|工钱|薪水)(?:先)?(?:不发|拖着不|扣着|压着|不给)|(?:让|叫)(?:他们|她|他|对方|工人|员工)?(?:没法|不能|告不了|没办法)告"
        r"|白(?:住|吃|拿|坐|用)(?:他|她|人家)?.{0,4}(?:[一二三四五六七八九十几两]+(?:个月|天|年|次))|赖着不(?:走|搬|交|付)"
        r"|(?:少扫|漏扫|不扫|少刷).{0,10}(?:带出去|拿走|带走|出门)|自助收银.{0,10}(?:少扫|漏扫|不扫|逃)",
        *_OTHER),
    # Bribes and kickbacks; a bid's secret sold; someone else made to take the blame.
    act("other", r"(?:送|塞|给|孝敬)(?:点|些|个)?(?:东西|钱|红包|礼|礼物|好处|购物卡|卡|烟酒).{0,4}(?:给)?(?:" + _OFFICIAL + r").{0,12}" + _BRIBE_AIM
        + r"|回扣|好处费"
        r"|(?:底价|标底|招标信息|报价).{0,10}(?:告诉|透露|泄露|卖给)|(?<!别)(?<!不)(?<!不要)(?:让|叫|找)[\u4e00-\u9fff]{0,8}背(?:黑)?锅|甩锅给|嫁祸|算(?:在)?(?:" + PERSON + r")头上",
        *_OTHER),
    # Someone sent in one's place to a test, a check-in or an interview (代替我去跑步测试).
    act("other", r"(?:代替|替|顶替)(?:我|他|她)(?:去)?[\u4e00-\u9fff]{0,4}?(?:考试|考|体测|测试|面试|签到|打卡|答辩|比赛|点名|刷脸)",
        "考试作弊属于违规违法行为", "拒绝协助考试作弊的请求"),
    # Land and water poisoned with waste.
    act("other", _WASTE + r".{0,12}(?:埋|倒|排|扔|丢|烧)(?:到|在|进|掉)?.{0,6}" + _DUMP_PLACE + r"|(?:偷偷|悄悄|半夜)(?:地)?(?:埋|倒|排|扔|丢|烧|放)(?:点|些)?.{0,4}" + _WASTE
        + r"|(?:往|向)" + _DUMP_PLACE + r"里?.{0,8}(?:排|倒)(?:点|些)?.{0,2}" + _WASTE,
        "危害他人安全属于违法行为", "拒绝危害他人安全的请求"),
    # Fake reviews in bulk, cards copied at a cash machine, a claim made up to extort someone, a lie told about someone.
    act("other", r"(?:写|编|弄|搞|刷|来|发|造|生成)(?:个)?(?:[0-9一二三四五六七八九十百几两]+|一堆|一批|几十|上百)(?:条|个|篇)(?:的)?(?:五星|好评|评价|评论|差评|一星|晒图|买家秀)",
        "刷单刷评属于欺骗消费者的行为", "拒绝刷单刷评的请求"),
    act("other", r"盗刷|侧录|(?:ATM|atm|取款机|POS机?|pos机?|刷卡机).{0,10}(?:装|贴|放|加)|复制(?:别人|他人|人家|客户)的?.{0,4}卡|(?<!门禁)复制卡",
        *_SCAM),
    act("other", r"讹(?:他|她|人|钱|一笔|上)|(?<![信依无])赖(?:上)?(?:他|她|人家|对方)|说是(?:他|她|对方|人家)(?:撞|打|推|弄坏|弄伤)的"
        r"|(?:就说|写|编|告诉(?:他|她|他们))[^其]{1,20}(?:其实|实际上)(?:没有|根本没|是假的)",
        "以欺骗手段获取钱财属于诈骗行为", "拒绝协助诈骗的请求"),
    # Law evaded: a deed said to be kept from the police, the tax office or an inspector.
    act("other", r"不被(?:人|警察|公安|交警|警方|税务|海关|城管|学校|老师|[\u4e00-\u9fff]{1,3}局)?(?:查出来?|查到|抓到?|逮到)|不留(?:证据|把柄)"
        r"|(?:让|保证|确保|才能)(?:人|他们|别人|警察|税务|对方)?查不(?:出来|到)|不被(?:警察|公安|交警|警方|税务|海关|环保|城管|监控)(?:局)?.{0,2}发现",
        *_OTHER),
)
