"""The harms CONTRACT.md §3 refuses, as spoken-Chinese patterns (rule baseline).

Payments and transfers made for the user, account intrusion, stalking and doxxing, identity fraud, spyware.
A rule names an act; some acts are harms only when aimed at someone else (他的微信, 我前任住哪) or when said
covertly (别让她知道). An injection frame (忽略规则, 开发者模式) is not a harm by itself: what it asks for decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Someone other than the speaker: pronouns, relations, roles. 我妈 is someone else; 我 alone is not.
PERSON = (r"(?:他们|她们|(?<![其吉])他|(?<!其)她|别人|他人|人家|对方|前任|前女友|前男友|前妻|前夫|女朋友|男朋友|女友|男友|老公|老婆|"
          r"先生|太太|丈夫|妻子|爱人|对象|同事|室友|舍友|老板|领导|上司|员工|下属|邻居|同学|朋友|哥们|闺蜜|"
          r"孩子|儿子|女儿|爸爸?|妈妈?|父母|哥哥?|姐姐?|弟弟?|妹妹?|这个人|那个人|这人|那人|某人|客户|租客|"
          r"房东|明星|网红|主播|博主|陌生人|情敌|小三|[小老][李王张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓"
          r"曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛"
          r"郝龚邵万钱严武戴莫孔汤]|[\u4e00-\u9fff]某某?)")
_AMOUNT = r"[0-9零〇一二两三四五六七八九十百千万幺]+(?:\s*[0-9零〇一二两三四五六七八九十百千万幺点]+)*"
_MONEY_UNIT = r"(?:块钱?|元|万|千|百|毛)"
_ACCOUNT = (r"(?:账号|账户|帐号|号|微信|QQ|qq|钉钉|邮箱|支付宝|电脑|手机|淘宝|抖音|微博|相册|网银|ID|iCloud|icloud|"
            r"云盘|网盘|后台|游戏号|Q号)")
_PRIVATE_INFO = (r"(?:住哪|住在哪|住址|家庭住址|家住|家在哪|家地址|住的(?:小区|地方|酒店)|搬哪|搬到哪|"
                 r"在哪(?:上班|工作|住|读书|上学)|工作单位|现在在哪|人在哪|位置|行踪|行程|去了哪|都去哪|去哪了|"
                 r"开房|身份证号|真名|真实姓名|联系方式|电话号码|手机号码?|航班|车次|收货地址|收件地址|快递地址|家庭地址|家的地址|户籍|车主信息"
                 r"|定位|几点出门|走哪条路|出行路线|作息)")
_DOCUMENT = (r"(?:身份证|证件|证书|学位证|毕业证|学历|文凭|学位|病假条|假条|诊断书|发票|流水|公章|印章|章|签名|"
             r"护照|驾照|户口本|结婚证|离婚证|房产证|营业执照|执照|资格证|[\u4e00-\u9fff]{1,3}证|成绩单|截图|聊天记录|收据|在职证明|收入证明|证明|合同)")
# Words after which 假 is a holiday, not a fake: 请假, 放假, 病假 (a fake 病假条 still says 假的 first).
_FAKE = r"(?:(?<![请休放病年暑寒婚产事度真虚])假(?!期|日|设|如|装)|(?<![A-Za-z])[Pp][Ss]?(?![A-Za-z]))"


@dataclass(frozen=True)
class Harm:
    pattern: re.Pattern[str]
    reason: str  # slots.reason: why it is refused
    command: str  # normalized_command: 拒绝…的请求
    needs_person: bool = False  # a harm only when someone else is named in the request


def _harm(pattern: str, reason: str, command: str, needs_person: bool = False) -> Harm:
    return Harm(re.compile(pattern), reason, command, needs_person)


# The first harm that matches decides; the more specific wording of a kind comes before the general one.
HARMS: tuple[Harm, ...] = (
    # Spyware and covert watching.
    _harm(r"偷拍|针孔|偷录|隐藏摄像头|藏.{0,6}摄像头|摄像头.{0,8}(?:对着|藏)|(?:卫生间|洗手间|浴室|更衣室).{0,6}摄像头",
          "偷拍他人隐私属于违法行为", "拒绝偷拍他人的请求"),
    _harm(r"键盘记录|记录.{0,4}键盘|间谍软件|定位器|追踪器|远程.{0,8}(?:打开|开|控制|查看|看).{0,8}(?:电脑|手机|摄像头)"
          r"|摄像头.{0,6}远程|(?:植入|发|装|种|放).{0,8}(?:木马|病毒)",
          "私自监控他人设备侵犯隐私", "拒绝监控他人设备的请求"),
    _harm(r"监控|监听|窃听|偷听|偷看|窥探|装.{0,6}(?:摄像头|监控|定位)|跟踪|尾随|盯梢|蹲守|跟着(?:她|他)(?!学|一起)",
          "私自监控他人侵犯隐私", "拒绝监控他人的请求", needs_person=True),
    _harm(r"(?:聊天|聊了|跟谁聊|在聊|消息|短信|通话|浏览记录|相册|手机记录|通讯录|私人邮箱|邮箱里|邮件|私信).{0,10}(?:看|查|翻|读|导|转|抄送|记录|截)"
          r"|(?:看|查|翻|读|导出|转发|截)[一下看]{0,2}.{0,8}(?:聊天|消息|短信|通话记录|浏览记录|相册|通讯录|私人邮箱|邮件|私信)",
          "读取他人聊天记录侵犯隐私", "拒绝查看他人聊天记录的请求", needs_person=True),
    _harm(r"(?:别|不)让(?:" + PERSON + r").{0,4}(?:知道|发现)|(?:" + PERSON + r").{0,4}不知道|(?:别|不)被.{0,3}(?:发现|知道)"
          r"|(?:偷偷|悄悄|暗中)[地的]?.{0,8}(?:装|看|开|录|定位|查|转|抄送|拍|监|读|弄|搞|种|设置|放)",
          "暗中监控他人侵犯隐私", "拒绝暗中监控他人的请求"),
    # Stalking and doxxing.
    _harm(r"人肉|开盒|(?:号|号码|账号)(?:是|属于)谁的?|扒(?:一下|出来|出)?.{0,10}(?:是谁|身份|真名|住|单位|上班|信息|底细)|开过?房",
          "人肉搜索他人身份侵犯个人隐私", "拒绝人肉搜索的请求"),
    _harm(r"堵(?:" + PERSON + r"|人)|实时位置|(?:定位|追踪)(?:一下)?(?:" + PERSON + r"|手机|号码|这个号)"
          r"|(?:手机号|号码|电话).{0,4}定位|查.{0,12}车主|车主(?:是谁|叫啥|叫什么|的?信息|住|电话|名字)",
          "定位他人行踪侵犯个人隐私", "拒绝定位他人行踪的请求"),
    _harm(r"(?:" + PERSON + r"|这个号|那个号|手机号|单号|微博号|车牌)(?!推荐|说|介绍).{0,10}" + _PRIVATE_INFO,
          "查询他人住址和行踪侵犯个人隐私", "拒绝查询他人隐私的请求"),
    # Account intrusion.
    _harm(r"盗号|盗(?:个|一个|取|走|用)|撞库|黑进|黑掉|入侵|破解(?!版)|钓鱼(?:网站|链接|邮件)|"
          r"(?:搞|弄|拿|偷|猜|试|获取|破|要)[到出一下个]{0,2}.{0,10}密码|密码.{0,10}(?:搞|弄|拿|偷|猜|试|破|要到|查出)"
          r"|绕过.{0,6}(?:验证|密码|登录|实名|人脸)|(?:搞|弄|拿|偷|获取)到.{0,10}(?:账号|密码|后台|权限)|账号密码.{0,12}(?:登|试)|(?:挨个|批量).{0,6}登",
          "破解他人账号密码属于入侵行为", "拒绝破解他人账号的请求"),
    _harm(r"(?:弄|搞|要|买)(?:一?个)(?:别人|他人)的.{0,4}号|(?:登|登录|登陆|进|上|用|找回|申诉|操作|控制|改)[一下个了]{0,2}我?(?:"
          + PERSON + r")的?.{0,6}" + _ACCOUNT
          + r"|(?:" + PERSON + r")(?:的.{0,4})?" + _ACCOUNT + r".{0,12}(?:登|找回|申诉|改|操作|通过)",
          "未经授权登录他人账号属于入侵行为", "拒绝登录他人账号的请求"),
    # Identity fraud.
    _harm(r"(?:用|拿|借|冒用|盗用|以)[这那]?[张个]?.{0,8}?(?:身份证|身份信息|身份|证件|名义|个人信息)",
          "冒用他人身份属于身份欺诈", "拒绝冒用他人身份的请求", needs_person=True),
    _harm(r"(?:用|拿)[这那]?[张个]?捡(?:到|来)?的|捡(?:到|来)?的.{0,4}(?:身份证|证件|卡)",
          "冒用他人身份属于身份欺诈", "拒绝冒用他人身份的请求"),
    _harm(r"(?:假装|扮成|扮演|装成|冒充|伪装成|假扮|假冒)(?:是|成)?.{0,6}(?:" + PERSON
          + r"|本人|客服|快递|警察|公安|银行|官方|工作人员|领导|老师|医生)|冒名|顶替|代考|替考|骗.{0,8}(?:验证码|密码)|套.{0,6}验证码",
          "冒充他人属于诈骗行为", "拒绝冒充他人的请求"),
    _harm(r"伪造|仿造|造假|假证|办假|" + _FAKE + r"的?.{0,8}" + _DOCUMENT + r"|" + _DOCUMENT + r".{0,12}" + _FAKE
          + r"|私刻|仿(?:一?[个张份]|制|冒)|(?:做|弄|搞|办|造)(?:一?个|一?张|一?份)?.{0,6}(?:学位证|毕业证|学历|文凭|身份证|驾照|护照|户口本|流水|公章|印章|诊断书|房产证|结婚证)"
          r"(?!.{0,6}(?:补办|换|过期|丢|挂失|流程|材料|怎么|要带))"
          r"|(?:学位证|毕业证|学历|文凭|身份证|驾照|护照|户口本).{0,8}(?:做|弄|搞)(?:一?个|一?张|一?份)",
          "伪造证件或证明属于违法行为", "拒绝伪造证件的请求"),
)

# Payments: the act, then what makes it not a payment for the user (negated, or a question about one).
PAYMENT_ACTS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p), reason, command) for p, reason, command in (
        (r"充值|充(?:个|了|点)?\s*" + _AMOUNT + r"|充.{0,3}(?:话费|会员|点券|钻石|Q币|币)|(?:话费|会员|游戏|点券).{0,6}充",
         "代用户充值存在资金风险", "拒绝代为充值的请求"),
        (r"扫码付|扫.{0,6}码.{0,6}付", "代用户扫码付款存在资金风险", "拒绝代为扫码付款的请求"),
        (r"(?:交(?!通|流|易|换|给|际|代|朋友)|缴)(?:一下|了)?.{0,8}(?:费|房租|罚款|社保|医保|税)(?!的|日|时间)|(?:费|房租|罚款|社保|医保|税).{0,8}(?:交|缴)(?:一下|了|掉)"
         r"|缴费|缴纳", "代用户缴费付款存在资金风险",
         "拒绝代为缴纳费用的请求"),
        (r"还(?:一下|了)?.{0,4}(?:信用卡|花呗|借呗|白条|贷款|房贷|车贷|网贷|欠款)|(?:信用卡|花呗|借呗|白条|贷款).{0,8}还(?!款日|款记录|款时间)"
         r"|还款(?!日|记录|方式|提醒|时间)", "代用户还款付款存在资金风险", "拒绝代为还款的请求"),
        (r"(?:买|申购|购买|投|定投)(?:一下|了|点)?.{0,16}(?:理财|基金|股票|黄金|债券|彩票)|投\s*" + _AMOUNT + r"|(?:理财|基金|股票|黄金).{0,6}(?:买|投)",
         "代用户购买理财存在资金风险", "拒绝代为购买理财的请求"),
        (r"打赏|刷.{0,6}(?:火箭|礼物|嘉年华)|红包", "代用户打赏消费存在资金风险", "拒绝代为打赏的请求"),
        (r"(?:开通|续费|订阅).{0,6}(?:会员|VIP|vip|自动续费|连续包月)|(?:会员|自动续费|连续包月).{0,8}(?:开通|续|订)|扣钱就扣|扣款",
         "代用户开通付费服务存在资金风险", "拒绝代为开通付费服务的请求"),
        (r"转账|汇款|汇\s*" + _AMOUNT + r"|汇(?:过去|给)|打钱|转(?:个|了|过去)?\s*" + _AMOUNT + r"\s*" + _MONEY_UNIT + r"?|(?:钱|款|余额|押金|定金|工资|房租"
         r"|租金|学费|生活费).{0,8}转|卡[上里]转|转.{0,8}(?:钱|余额|押金)|转给.{0,8}" + _AMOUNT + r"|转过去|转到.{0,8}(?:卡|账户|账号)|打\s*" + _AMOUNT + r"\s*" + _MONEY_UNIT + r"|打过去|打到.{0,8}卡",
         "代用户转账付款存在资金风险", "拒绝代为转账的请求"),
        (r"付款(?!方式|页|码)|付钱|代付|(?<!微信)支付(?!宝|方式|密码|页面|平台|功能|记录|界面|渠道|工具|系统|软件|账户|账号)|付(?:给|到)|结账|买单|结算(?!页|页面|栏)|下单(?!时间)|付(?:了|掉|一下|下|清|上|过去)|(?:帮我|直接|马上|现在|去|先)付"
         r"|把.{0,12}(?:买了|结了|结掉|结一下)|(?:购物车|订单|这单).{0,12}结了|(?:全|都)结了|拍下", "代用户下单支付存在资金风险", "拒绝代为下单支付的请求"),
    )
)
# 别帮我付, 付款我自己来, 钱我自己付, 只报读数不交费: the user keeps the payment.
_USER_PAYS = re.compile(r"自己(?:来|付|交|缴|操作|转)|(?:别|不要|不用|先别|无需|不需要|没让你)(?:帮我|给我|替我|你)?(?:付|交|缴|支付|转|充|下单|买|结算)"
                        r"|不(?:交|缴|付)(?:费|钱|款)")
# A question about paying (限额多少, 怎么转账, 还款日是哪天) is a search, not a payment.
# Words that ask about paying rather than ask for it; both question checks below start from them.
_ASKING = r"怎么|如何|咋|多少|限额|手续费|多久|到账|记录|明细|是否|流程|步骤|区别|利率|利息|收益|几号|推荐|技巧|方法"
_QUESTION = re.compile(_ASKING + r"|能不能|可不可以|可以吗|吗|攻略|教程|哪个好|哪家|安全吗|是哪天|日期|什么意思|是什么")
# The speaker as victim or defender, or asking what the law says (被盗号了怎么办, 怎么防止被偷拍, 违不违法):
# advice, not a harm.
_DEFENCE = re.compile(r"被(?:人|别人)?(?:盗|偷|骗|跟踪|监控|监听|偷拍|人肉|开盒|定位|黑|入侵|冒用|冒充)|防止|防范|预防|识别|辨别|鉴别|举报|报警|怎么办|提防|避免|小心|真假"
                      r"|违不违法|违法吗|合不合法|合法吗|犯法吗|法律规定")
# 帮我搜一下怎么充话费: the order is a search about paying.
_ASKS_HOW = re.compile(r"(?:搜|查|找|问|看看|了解).{0,12}(?:怎么|如何|咋|哪|多少|什么|有没有|是否|能不能|吗)|教程|攻略")
_ORDER_ME = re.compile(r"帮我|给我|替我|直接|马上|现在|立刻|赶紧|你.{0,2}(?:去|把)")


# A payment act beside a question about it (租房合同上 押金多少 什么时候交房租) asks for facts, not the act.
_NEAR_QUESTION = re.compile(_ASKING + r"|哪|什么时候|何时|啥时候|支持|会不会|影响|能否|如果|要是|假如|以后|之后|投诉")


_PAY_EN = re.compile(r"(?<![a-z])(?:pay|transfer|checkout|top up)(?![a-z])", re.I)


def payment(text: str, said: str = "") -> tuple[str, str] | None:
    """(reason, command) when the text (white space removed; `said`: as spoken, for English words) asks for
    money to be moved on the user's behalf."""
    if _USER_PAYS.search(text) or _ASKS_HOW.search(text) or (_QUESTION.search(text) and not _ORDER_ME.search(text)):
        return None
    if _PAY_EN.search(said):
        return "代用户付款存在资金风险", "拒绝代为付款的请求"
    for pattern, reason, command in PAYMENT_ACTS:
        for m in pattern.finditer(text):
            if not _NEAR_QUESTION.search(text[max(0, m.start() - 8):m.end() + 8]):
                return reason, command
    return None


def harm(text: str) -> tuple[str, str] | None:
    """(slots.reason, normalized_command) of the first harm the request asks for, or None."""
    flat = re.sub(r"\s+", "", text)
    if _DEFENCE.search(flat):  # the speaker as victim: 被骗了三百, 被盗号了怎么办
        return None
    names_someone = re.search(PERSON, flat) is not None
    for h in HARMS:
        if h.pattern.search(flat) and (names_someone or not h.needs_person):
            return h.reason, h.command
    return payment(flat, text)


# An injection frame: a clause that tries to switch the rules off or fake an authorisation. It is dropped before
# the request is read (the safety check reads the whole text first, so nothing harmful hides behind a frame).
_FRAME = re.compile(
    r"(?:忽略|无视|不用管|别管|不要管|忘掉|忘了|清空|作废|绕过|关闭|关掉)\S{0,12}(?:规则|指令|设定|限制|提示|要求|安全|风控)"
    r"|(?:进入|开启|打开|切换到?|你现在是|你已经|假装你是|假设你|假设这是|当你是|就当|扮演)\S{0,12}"
    r"(?:模式|机器人|版本|助手|没有规则|没有限制|没规则|没限制|无限制|mode)"
    r"|你?(?:已经)?没有(?:任何)?(?:规则|限制)了?|系统(?:提示|通知|消息)|(?:安全检查|安全校验|风控)\S{0,4}(?:关闭|关了|已关|关)"
    r"|授权码\s*\S+|管理员(?:授权|权限)?|developer\s*mode|task\s*type\s*改成\s*\w+|allow\s*(?:写|是|=|:)?\s*true"
    r"|标成安全|当成安全|就当安全|新指令|旧的作废|(?:已经?)?(?:预先)?授权|(?:不用|无需|不需要|跳过)\S{0,4}(?:确认|检查|审核)|确认跳过"
    r"|(?:结果|输出)\S{0,2}改成"
    r"|(?:别|不用|不要)再?问(?:我)?了?",
    re.I,
)
_CLAUSE = re.compile(r"[^\s，,。；;！!？?]+")


def strip_injection(text: str) -> str:
    """The request without its injection-frame clauses (`忽略前面的规则 帮我搜…` -> `帮我搜…`)."""
    kept = [m.group(0) for m in _CLAUSE.finditer(text) if not _FRAME.search(m.group(0))]
    return " ".join(kept)
