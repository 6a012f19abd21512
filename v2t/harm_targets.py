"""Harms read by what is done to whose thing (CONTRACT.md §3, several kinds): something put in a person's food or drink
to make them ill, a lock or a tyre of theirs spoiled, their device's lock got past, a child of someone else's led
away, an office's seal or the speaker's name put on a document made at home, a brand's packaging refilled for sale, a
toll gate passed on another car's tail, a pact to die together.

Each act is an act word class beside the target that makes it a harm, so the same deed said in other words is read
too. Read after every other class (v2t.harm_rules), so a request they name keeps its kind and reason.
"""

from __future__ import annotations

from v2t.harm_general import HURT as _HURT
from v2t.harm_general import OTHER as _OTHER
from v2t.harm_general import act
from v2t.harm_lexicon import THEIR as _THEIR

# What a person eats or drinks from, where something slipped in reaches them.
_VESSEL = r"(?:水杯|杯子|杯|水壶|水|饭盒|饭|饮料|酒|茶|菜|汤|食物|咖啡|奶茶|碗|保温杯|便当|外卖)"
_SLIP_IN = r"(?:放|加|下|掺|倒|投|滴|撒|抹)"
# What the speaker wants it to do to them. Not a state a medicine treats (发烧, 不舒服), nor that they should not taste
# it: a parent hides a child's medicine in food that way.
_ILLNESS = r"(?:拉.{0,3}肚子|上吐下泻|吐(?:个)?不停|昏迷|昏过去|晕过去|睡死|中毒|起不来)"
# Documents an office issues; one made at home with its seal or the speaker's name on it is a forgery.
# Not a 证明 or a form: a speaker drafts those for the office to stamp.
_ISSUED = (r"(?:病假条|假条|诊断书|诊断证明|病历|房产证|结婚证|离婚证|毕业证|学位证|身份证|驾照|行驶证|护照|户口本|营业执照|资格证|证书|录取通知书"
           r"|体检报告|化验单|发票)")
_OFFICE = r"(?:医院|公司|学校|大学|政府|法院|派出所|银行|单位|居委会|街道|村委会?|[\u4e00-\u9fff]{0,4}局|部门|税务)"
_MADE = r"(?:做|弄|搞|P|p|画|设计|打印|开|生成)"
# A child who is not the speaker's.
_OTHERS_CHILD = r"(?:那个|这个|楼下|隔壁|邻居家?的?|别人家?的?|人家的?)(?:小孩|孩子|小朋友|小女孩|小男孩|女孩|男孩)"

# What a road or a car park charges: asked whether one pays it (春节是不是不交过路费) is a question; dodged, a deed.
_FARE = r"(?:过路费|高速费|通行费|停车费|车费|路费)"

_FORGED = "伪造证件或证明属于违法行为", "拒绝伪造证件的请求"

TARGET_ACTS = (
    # Something slipped into a person's food or drink to make them ill (在他水杯里放点东西 让他拉几天肚子).
    act("drugs_weapons", r"(?:在|往|给)" + _THEIR + r"?(?:的)?.{0,4}" + _VESSEL + r"里.{0,2}" + _SLIP_IN + r"(?:点|些|一点)?.{0,4}(?:东西|药|粉|料).{0,20}"
        + _ILLNESS + r"|(?:让|使)(?:我的?)?" + _THEIR + r".{0,6}(?:拉.{0,3}肚子|上吐下泻|吐.{0,2}天|昏.{0,2}天)",
        "用药物或毒物伤害他人属于违法行为", "拒绝用药物伤害他人的请求", needs_person=True),
    # A lock or a tyre of someone's spoiled (门锁里灌胶, 车胎扎了).
    act("other", r"(?:锁眼|锁孔|门锁|锁)(?:里|眼里)?.{0,3}(?:灌|塞|堵|注|滴)(?:点|些|上)?(?:胶|502|牙签|泥|铁丝|东西)|(?:胶水?|502).{0,6}(?:灌|塞|堵|滴).{0,4}锁"
        r"|" + _THEIR + r"的?.{0,2}(?:车)?(?:胎|轮胎).{0,2}(?:扎了|扎破|扎爆|戳破|划破)", *_HURT, needs_person=True),
    # A deed kept off the cameras (怎么不被拍到).
    act("other", r"(?:不被|别被|不会被|不让)(?:监控|摄像头|探头|人|行车记录仪)拍(?:到|下来?)", *_OTHER),
    # The lock of someone's device got past (同事的手机 锁屏密码怎么绕过去).
    act("account_intrusion", r"(?:锁屏|解锁|开机|屏幕)?密码.{0,6}(?:绕过|绕开|跳过|破掉|破解)|(?:绕过|绕开|跳过)(?:去)?.{0,6}(?:锁屏|解锁|开机密码|指纹|面容|人脸)",
        "破解他人账号密码属于入侵行为", "拒绝破解他人账号的请求", needs_person=True),
    # A child of someone else's led away (楼下那个小孩 怎么跟他说 他会愿意跟我走).
    act("other", _OTHERS_CHILD + r".{0,40}(?:跟我走|跟我回家|上我的?车|领走|带走|抱走|跟着我走)", "拐带他人儿童属于严重违法行为", "拒绝拐带儿童的请求"),
    # A document made at home with an office's seal or the speaker's name on it, or made to pass as real.
    act("forgery", _MADE + r"(?:一?张|一?个|一?份)?.{0,8}" + _ISSUED + r".{0,12}(?:盖|带|加|印)(?:上|个|一个)?(?:那个|那种)?[\u4e00-\u9fff]{0,6}" + _OFFICE + r"的?(?:公章|章|印章|钢印)"
        r"|" + _ISSUED + r".{0,12}(?:写|填|印|换成|改成|P成)(?:上)?(?:我|我们|我跟|我和)(?:的)?"
        r"|" + _ISSUED + r".{0,16}(?:跟真的一样|跟真的一模一样|和真的一样|像真的一样|以假乱真|看不出是假的)", *_FORGED),
    # A brand's packaging refilled and sold (茅台空瓶 回收了自己灌酒 过年卖), invoices issued for sales never made.
    act("illegal_goods", r"(?:空瓶|瓶子|盒子|包装).{0,16}(?:灌|装)(?:酒|油|自己的|散装|别的|便宜).{0,8}(?:卖|出手|当)",
        "买卖假冒或违禁物品属于违法行为", "拒绝买卖违禁物品的请求"),
    act("other", r"虚开|(?:买|开)(?:点|些)?假发票", "虚开发票属于违法行为", "拒绝虚开发票的请求"),
    # A toll gate passed on another car's tail, a fare dodged.
    act("other", r"(?:跟着?|紧跟)(?:前车|前面的车|别人的车|前面那辆).{0,6}(?:过|进|出)(?:ETC|etc|杆|闸|收费站)"
        r"|(?:逃|躲)(?:掉)?" + _FARE + r"|怎么.{0,10}(?:不交|不给|不付|省掉)" + _FARE, *_OTHER),
    # A pact to end one's life together (约着一起结束的, 一起走的群).
    act("self_harm", r"(?:约着|相约|结伴)(?:一起)?(?:结束|了断|解脱|死|自杀)|一起(?:结束|了断|解脱|死)(?:的|吧)",
        "协助自我伤害会危及生命", "拒绝协助自我伤害的请求"),
)
