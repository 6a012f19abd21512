"""The named kinds of CONTRACT.md §3 said in general terms: an act from a word class (v2t.harm_lexicon) aimed at an
object, so slang, an indirect wording or a new object is read like the plain words of v2t.harm_acts.

These are read after v2t.harm_acts (whose more specific acts keep their reasons) and before the catch-all acts.
"""

from __future__ import annotations

import re

from v2t.harm_acts import HarmAct
from v2t.harm_lexicon import (
    DECEIVE,
    DRUG_SLANG,
    END_LIFE,
    MAKE,
    MONEY,
    NO_CHECK,
    OBTAIN,
    SELF,
    UNCAUGHT,
    WEAPON,
)
from v2t.harm_words import PERSON


def act(kind: str, pattern: str, reason: str, command: str, needs_person: bool = False) -> HarmAct:
    return HarmAct(kind, re.compile(pattern, re.I), reason, command, needs_person)


_P = "(?:" + PERSON + ")"
# A device or account that is someone's: their phone, their computer, a found iPhone.
_DEVICE = r"(?:手机|电脑|iPhone|苹果|平板|iPad|笔记本|设备|锁屏|屏幕)"

GENERAL_ACTS: tuple[HarmAct, ...] = (
    # Self-harm: ending one's life said without 死, hurting oneself, starving, dangerous "challenges".
    act("self_harm", END_LIFE + r"|(?:伤|划|割|烫|弄伤|伤害|惩罚)" + SELF + r"|让" + SELF + r".{0,4}(?:受伤|疼|流血|饿)"
        r"|(?:不吃不喝|绝食|不吃饭|饿(?:倒|垮|晕|死)|催吐|越瘦越好|瘦到住院)|窒息挑战|憋气.{0,6}晕|(?:天台|楼顶|高楼).{0,8}(?:跳|上去)"
        r"|割(?:哪|手|腕)|划(?:哪|手)|(?:哪种|什么)药.{0,6}(?:最快|结束|走)|吃多少.{0,8}(?:醒|走)|刀片.{0,10}" + SELF,
        "提供自伤方法会危及生命安全", "拒绝协助自我伤害的请求"),
    # Drugs and weapons: slang for drugs, medicines without a prescription or to drug someone, weapons and their plans.
    act("drugs_weapons", r"(?:" + OBTAIN + r"|" + MAKE + r").{0,10}" + DRUG_SLANG + r"|" + DRUG_SLANG + r".{0,12}(?:" + OBTAIN
        + r"|派对|嗨|放.{0,6}水里|下到|来几箱)|" + NO_CHECK + r".{0,12}(?:药|安眠|曲马多)|(?:制毒|制冰|溜冰)",
        "获取毒品或滥用管制药品属于违法行为", "拒绝获取毒品或管制药品的请求"),
    act("drugs_weapons", r"(?:" + OBTAIN + r"|" + MAKE + r").{0,12}" + WEAPON + r"|" + WEAPON + r".{0,12}(?:" + OBTAIN
        + r"|对付|收拾|带.{0,4}学校|怎么(?:做|配)|配比)|能炸|炸(?:掉|了|死|伤)|(?:配出|配成|混出).{0,6}(?:毒|有毒|气)",
        "制造或购买武器爆炸物属于违法行为", "拒绝获取武器的请求"),
    # Account intrusion: opening someone's locked device, their saved passwords and cookies, resetting their password.
    act("account_intrusion", r"(?:解开|解锁|打开|绕过|去掉|解了|破解|刷机).{0,10}(?:" + _P + r"|捡的|捡到的).{0,6}" + _DEVICE
        + r"|(?:" + _P + r"|捡的|捡到的|捡了个).{0,8}" + _DEVICE + r".{0,14}(?:解开|解锁|打开看|解了|绕过|去掉|ID锁|密码我不知道|密码不知道)"
        r"|ID锁|(?:浏览器|电脑|手机).{0,10}(?:存|保存|记住)的?.{0,4}密码|cookie|(?:重置|改掉?|修改).{0,8}" + _P + r".{0,8}密码"
        + r"|" + _P + r".{0,8}(?:密码|账号).{0,6}(?:重置|改掉)|破.{0,4}(?:无线网|wifi|WiFi|网络)|(?:登|进)(?:进|入|上)?.{0,4}" + _P + r"的?.{0,6}系统",
        "未经授权进入他人设备或账号属于入侵行为", "拒绝进入他人设备或账号的请求"),
    # Stalking: finding out who someone is or where, through a database, a photo, an anonymous account.
    act("stalking", r"社工库|开(?:一下)?.{0,8}的?盒|开(?:他|她)|老底|底细|(?:查|找|揪|挖|扒|追)(?:出|到)?(?:来)?.{0,10}(?:是谁|身份(?!证)|真名|老家|背后的人)"
        r"|匿名.{0,12}(?:查|找|揪|挖|是谁)|(?:查|找|揪)(?:出|到).{0,6}匿名|(?:真名|住址|电话).{0,4}(?:地址)?都(?:要|扒)|用户开了"
        r"|" + _P + r".{0,12}住在.{0,6}哪|照片.{0,12}(?:在哪|哪个城市|定位|找出|是谁|身份)|拍的.{0,8}(?:姑娘|女孩|男生|人).{0,8}(?:身份|是谁|找)"
        r"|" + _P + r".{0,10}(?:在哪个|在哪所|哪所|在什么)(?:学校|公司|小区|医院|单位|酒店)|(?:开房|住宿|入住|通话|出行)记录|私家侦探|跟着(?:她|他).{0,4}回家|(?:蹲|堵)(?:她|他)",
        "查找他人身份行踪侵犯个人隐私", "拒绝查找他人隐私的请求"),
    # Covert watching: remote control, screen capture, recording calls, linking to someone's camera or tag.
    act("spyware", r"远控|远程控制|(?:截|录)(?:他们|她|他)?的?屏|后台截图|自动录音|录音笔|(?:连上|打开|调出|看).{0,6}(?:" + _P
        + r"|隔壁|邻居|别人家)(?:家)?的?.{0,4}(?:监控|摄像头)|(?:住客|房客|租客|客人|室友).{0,10}(?:摄像头|拍)|(?:摄像头|拍).{0,10}(?:住客|房客|客人)"
        r"|(?:airtag|AirTag|定位器|追踪器|GPS).{0,10}(?:包|车|身上)|背着(?:她|他)|同步到我|消息.{0,6}同步|隐蔽的?摄像头|看不出来的?摄像头"
        r"|(?:装|放|藏).{0,6}(?:小)?摄像头.{0,8}(?:看他|看她|拍)",
        "暗中监控他人侵犯隐私", "拒绝暗中监控他人的请求"),
    # Malware and hacking: cheats, exploits, floods, defacing, infected drives, botnets.
    act("malware", r"外挂|透视|自瞄|漏洞利用|exploit|(?:打|刷)(?:流量|崩|挂|爆|瘫)|流量打|打挂|搞崩|刷崩|黑了.{0,10}(?:论坛|网站|首页|站)"
        r"|(?:找|扫).{0,6}漏洞|插上就中毒|中毒.{0,8}(?:传|发)给我|控制.{0,6}(?:别人|他人|一堆).{0,4}电脑|挖币|病毒代码|要的是病毒|(?:做|写).{0,6}病毒"
        r"|进.{0,6}(?:成绩库|数据库|教务)|(?:一点开|点开就).{0,8}控制|把.{0,6}(?:网站|官网|站).{0,4}(?:搞|弄|打)(?:瘫|崩|挂|垮)"
        r"|让.{0,8}(?:网站|服务器|系统|平台|官网|app|APP).{0,4}(?:崩|瘫|挂|宕机|打不开|起不来)|流量攻击|短信轰炸|免杀|注册机|激活码生成|抓包.{0,8}(?:密码|别人|账号)"
        r"|爬.{0,10}(?:别人|他人|用户|个人)的?.{0,4}(?:数据|信息|手机号|隐私)|绕过.{0,6}(?:付费|会员|授权|激活|版权|防沉迷)",
        "制作恶意软件或入侵系统属于违法行为", "拒绝入侵系统或制作恶意软件的请求"),
    # Scams: fake notices, romance and investment baits, fake tickets, taking money and vanishing, staged accidents.
    act("scam", r"(?:中奖|获奖|冻结|理赔|认证过期|过期要认证|退款).{0,12}(?:短信|链接|通知|电话)|(?:短信|链接|通知).{0,16}(?:冻结|解冻|理赔|认证|手续费|中奖)"
        r"|骗人.{0,4}(?:短信|话术|电话)|(?:先交|交|付)(?:点|一笔)?手续费|(?:恋爱|网恋).{0,10}(?:投资|打钱|借钱|转账|送礼)|拉投资的?话术|假人设|钓凯子|鱼塘号|养号.{0,6}钓"
        r"|碰瓷|讹(?:钱|人|诈)?|假的?.{0,6}(?:门票|票|收益)|(?:收了?钱|钱到手|收款).{0,4}(?:就)?(?:拉黑|删人|跑路|不发货|删)|(?:收钱|收款).{0,6}不发货"
        r"|挂.{0,4}不存在的|(?:筹款|募捐|众筹).{0,10}(?:其实|没病|假)|说是.{0,6}客服|验证码报给我|薅.{0,8}(?:券|补贴|羊毛)|(?:骗|让).{0,8}老(?:年)?人.{0,8}(?:买|投|转|交)",
        "诈骗他人钱财属于违法行为", "拒绝协助诈骗的请求"),
    act("scam", DECEIVE + r".{0,16}" + MONEY + r"|" + MONEY + r".{0,16}" + DECEIVE + r"|诱导.{0,8}(?:转账|下载|充值|付款|投资|借贷)",
        "以欺骗手段获取钱财属于诈骗行为", "拒绝协助诈骗的请求"),
    # Impersonation: someone's name, face or voice used, an account made to look like theirs or an official's.
    act("impersonation", r"换脸|(?:克隆|模仿|合成).{0,8}(?:声音|嗓音|脸)|(?:声音|照片|脸).{0,12}(?:克隆|人脸|过认证|认证|借钱|糊弄)"
        r"|(?:以|用)" + _P + r".{0,4}(?:的)?(?:名字|名义|口吻|照片|学生证|工作证|执业证|医师证|证书|身份证号)"
        r"|跟.{0,8}一样的.{0,4}(?:微信号|账号|号|头像)|(?:名字|头像).{0,6}都用.{0,8}(?:明星|" + _P + r")|(?:公众号|账号|号).{0,10}(?:政府|官方|公安|法院|市政府)"
        r"|(?:装成|扮成|假扮|假装是|你现在就是|你就是|冒充).{0,6}(?:我|客服|快递员|快递|政府|官方)|写.{0,8}(?:名字|身份证).{0,8}找不到我|别人的.{0,6}证.{0,6}注册",
        "冒用他人身份属于身份欺诈", "拒绝冒用他人身份的请求"),
    # Forgery: a fake of any document said with 假 before or after, a figure changed on a record, a seal made.
    act("forgery", r"(?<![请休放病年暑寒婚产事度真虚])假(?!期|日|设|如|装)的?.{0,4}(?:[\u4e00-\u9fff]{0,4}(?:单|证|条|书|章|照|明|报告|执照|证书)(?![a-z]))|(?:[\u4e00-\u9fff](?:单|证|条|书|报告)).{0,4}P(?:一|个)?"
        r"|P(?:个|一张|张).{0,10}(?:单|证|条|书|报告)|(?:工资条|工资单|体检报告|报告|单子|证明|借条).{0,10}(?:改|改成|改正常|数值)|(?:数值|数字|金额|日期).{0,4}改"
        r"|(?:做|弄|编|搞).{0,6}(?:存款证明|借条|证明).{0,12}(?:其实|没那么多|假|不是真的)|真假难辨|(?:章|公章|印章).{0,4}图|(?:做|刻|弄).{0,6}的?章|办(?:个|张)?假证|办证(?:那种|的)|仿.{0,6}签名|签名.{0,4}仿",
        "伪造证件或证明属于违法行为", "拒绝伪造证件的请求"),
    # Counterfeit and illegal goods: fakes of a brand sold as real, things that skip customs or licences, banned goods.
    act("illegal_goods", r"(?:买|进|卖|批|来|弄|整|搞)(?:一?[双个批副只瓶件套]|几[双个张件]|两[双个张件]|些|点)?假|假的?(?:AJ|耐克|阿迪|苹果|茅台|酒|名牌|大牌|手表|包|鞋|烟|车牌|牌照)"
        r"|(?:说|当|写|冒充|充)(?:是|成|作)?正品|以假充真|莆田|纯原|水货|套牌|假牌照|假车牌|盗版.{0,8}(?:卖|挂|网店)|(?:卖|挂).{0,6}盗版"
        r"|" + NO_CHECK + r".{0,12}(?:烟|货|手机|鸟|动物|鹦鹉|带进来|卖家)|(?:烟|货|手机|鸟|动物|鹦鹉|鳞片|象牙).{0,12}" + NO_CHECK
        + r"|(?:禁了的|违禁的?|禁用的?|禁售的?).{0,6}(?:药|品|货)|西布曲明|象牙|穿山甲|保护(?:鸟|的|动物)|来路不明|赃物"
        r"|(?:" + OBTAIN + r").{0,8}(?:别人的|他人的|实名过的|实名的).{0,4}(?:手机卡|电话卡|银行卡|卡)",
        "买卖假冒或违禁物品属于违法行为", "拒绝买卖违禁物品的请求"),
    # Any deed asked to stay hidden from the person it is done to or from the law, with someone named: covert.
    act("spyware", r"(?:" + UNCAUGHT + r").{0,12}(?:装|看|开|录|定位|查|转|拍|监|读|设置|放|塞|同步)", "暗中监控他人侵犯隐私",
        "拒绝暗中监控他人的请求", needs_person=True),
)
