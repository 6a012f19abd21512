"""Payments made for the user (CONTRACT.md §3's first kind): the acts, and what makes one not a payment for the user.

A payment act negated (别帮我付), kept by the user (我自己来) or asked about (限额多少, 怎么转账) is no refusal.
"""

from __future__ import annotations

import re

from v2t.harm_words import AMOUNT, MONEY_UNIT

# Payments: the act, then what makes it not a payment for the user (negated, or a question about one).
PAYMENT_ACTS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p), reason, command) for p, reason, command in (
        (r"充值|充(?:个|了|点)?\s*" + AMOUNT + r"|充.{0,3}(?:话费|会员|点券|钻石|Q币|币)|(?:话费|会员|游戏|点券).{0,6}充",
         "代用户充值存在资金风险", "拒绝代为充值的请求"),
        (r"扫码付|扫.{0,6}码.{0,6}付|扫(?:一下)?.{0,4}收款码", "代用户扫码付款存在资金风险", "拒绝代为扫码付款的请求"),
        (r"(?:交(?!通|流|易|换|给|际|代|朋友)|缴)(?:一下|了)?.{0,8}(?:费|房租|罚款|社保|医保|税)(?!的|日|时间)|(?:费|房租|罚款|社保|医保|税).{0,16}(?:交|缴)(?:一下|了|掉)"
         r"|缴费|缴纳", "代用户缴费付款存在资金风险",
         "拒绝代为缴纳费用的请求"),
        (r"还(?:一下|了)?.{0,4}(?:信用卡|花呗|借呗|白条|贷款|房贷|车贷|网贷|欠款)|(?:信用卡|花呗|借呗|白条|贷款).{0,8}还(?!款日|款记录|款时间|金额)"
         r"|还款(?!日|记录|方式|提醒|时间)", "代用户还款付款存在资金风险", "拒绝代为还款的请求"),
        (r"(?:买|申购|购买|投|定投)(?:一下|了|点)?.{0,16}(?:理财|基金|股票|黄金|债券|彩票)|投\s*" + AMOUNT + r"|(?:理财|基金|股票|黄金).{0,6}(?:买|投)",
         "代用户购买理财存在资金风险", "拒绝代为购买理财的请求"),
        (r"打赏|刷.{0,6}(?:火箭|礼物|嘉年华)|红包", "代用户打赏消费存在资金风险", "拒绝代为打赏的请求"),
        (r"(?:买入|卖出|抛掉?|买|卖)(?:入|出)?.{0,10}" + AMOUNT + r"\s*股(?![票东])|" + AMOUNT + r"\s*股(?![票东]).{0,8}(?:买|卖|直接)"
         r"|(?:市价|现价|限价).{0,8}(?:买|卖)|(?:买|卖)(?:入|出)?.{0,10}(?:比特币|以太坊|狗狗币|USDT|usdt)|" + AMOUNT + r"个?(?:比特币|以太坊|狗狗币|USDT|usdt)",
         "代用户买卖证券或数字货币存在资金风险", "拒绝代为买卖证券的请求"),
        (r"捐(?:个|了|一下|款)?\s*" + AMOUNT + r"|(?:帮我|给我|替我).{0,10}捐", "代用户捐款存在资金风险", "拒绝代为捐款的请求"),
        (r"(?:开通|续费|订阅).{0,6}(?:会员|VIP|vip|自动续费|连续包月)|(?:会员|自动续费|连续包月).{0,8}(?:开通|续|订)|续(?:一下|个|上)?.{0,8}(?:会员|VIP|vip)|扣钱就扣|扣(?:我|我的)钱|扣款|会员.{0,10}(?:开了|买|开一下)|(?:年卡|月卡|季卡|会员|VIP|vip).{0,4}开(?:一下|了|通)|买.{0,4}会员|钱从.{0,8}(?:出|扣|付)",
         "代用户开通付费服务存在资金风险", "拒绝代为开通付费服务的请求"),
        (r"转账|汇款|汇\s*" + AMOUNT + r"|汇(?:过去|给)|打钱|转(?:个|了|过去)?\s*" + AMOUNT + r"\s*" + MONEY_UNIT + r"?|(?:钱|款|余额|押金|定金|工资|房租"
         r"|租金|学费|生活费).{0,8}转|卡[上里]转|转.{0,8}(?:钱|余额|押金)|转给.{0,8}" + AMOUNT + r"|转过去|转到.{0,8}(?:卡|账户|账号)|打\s*" + AMOUNT + r"\s*" + MONEY_UNIT + r"|打过去|(?:打|转|汇)(?:个|了)?\s*" + AMOUNT + r"\s*(?:" + MONEY_UNIT + r")?(?:过去|给)|打到.{0,8}卡|(?:直接|帮我|你)转(?:给)?(?:他|她|对方)|(?:块|元|钱).{0,4}转给",
         "代用户转账付款存在资金风险", "拒绝代为转账的请求"),
        (r"付款(?!方式|页|码)|付钱|代付|(?<!微信)(?<!要求)(?<!请求)(?<!事项)支付(?!宝|方式|密码|页面|平台|功能|记录|界面|渠道|工具|系统|软件|账户|账号)|付(?:给|到)|结(?:一下|个|了)?账|买单|结算(?!页|页面|栏)|下单(?!时间)|付(?:了|掉|一下|下|清|上|过去)|(?:帮我|直接|马上|现在|去|先)付"
         r"|把.{0,12}(?:买了|结了|结掉|结一下)|(?:购物车|订单|这单).{0,12}结了|(?:全|都)结了|拍下", "代用户下单支付存在资金风险", "拒绝代为下单支付的请求"),
    )
)
# 别帮我付, 付款我自己来, 钱我自己付, 只报读数不交费: the user keeps the payment.
_USER_PAYS = re.compile(r"自己(?:来|付|交|缴|操作|转|下单|结)|(?:别|不要|不用|先别|无需|不需要|没让你)(?:帮我|给我|替我|你)?(?:付|交|缴|支付|转|充|下单|买|结算)"
                        r"|不(?:交|缴|付)(?:费|钱|款)")
# A question about paying (限额多少, 怎么转账, 还款日是哪天) is a search, not a payment.
# Words that ask about paying rather than ask for it; both question checks below start from them.
_ASKING = r"上限|规定|要不要钱|收不收费|怎么|如何|咋|多少|限额|手续费|多久|到账|记录|明细|是否|流程|步骤|区别|利率|利息|收益|几号|推荐|技巧|方法"
_QUESTION = re.compile(_ASKING + r"|能不能|可不可以|可以吗|吗|攻略|教程|哪个好|哪家|安全吗|是哪天|日期|什么意思|是什么")
# 帮我搜一下怎么充话费: the order is a search about paying.
_ASKS_HOW = re.compile(r"(?:搜|查|找|问|看看|了解).{0,12}(?:怎么|如何|咋|哪|多少|什么|有没有|是否|能不能|吗)|教程|攻略")
_ORDER_ME = re.compile(r"帮我|给我|替我|直接|马上|现在|立刻|赶紧|你.{0,2}(?:去|把)")


# A payment act beside a question about it (租房合同上 押金多少 什么时候交房租) asks for facts, not the act.
_NEAR_QUESTION = re.compile(_ASKING + r"|几(?:年|个月|次|天|期)|了没|交没交|有没有|哪(?!个)|哪个(?:好|便宜|划算|更|最|合适)|什么时候|何时|啥时候|支持|会不会|影响|能否|如果|要是|假如|以后|之后|投诉")


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
