"""The harm reading every arm's refusal shares: which kind of CONTRACT.md §3 a request asks for, or none.

The acts are in v2t.harm_acts and v2t.harm_payment; here are the guards that keep a look-alike allowed (asking how
to recognise, prevent or report a harm, the speaker as victim, the law or the news about it, a question about
limits or side effects, a harm word inside an institution's name like 反诈中心). A frame around a request (fiction,
role play, research, 忽略之前的规则) guards nothing: the words inside it are read like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from v2t.harm_acts import HARM_ACTS
from v2t.harm_aims import AIM_ACTS
from v2t.harm_catchall import CATCHALL_ACTS
from v2t.harm_cues import CUE_ACTS
from v2t.harm_deeds import DEED_ACTS
from v2t.harm_general import GENERAL_ACTS
from v2t.harm_hearing import close_word_gaps, hear_guard_edits, hear_harm_edits, hear_harm_words
from v2t.harm_kinds import HARM_CODES
from v2t.harm_payment import PAYMENT_ACTS, payment
from v2t.harm_targets import TARGET_ACTS
from v2t.harm_words import PERSON
from v2t.reading import ReadingMatcher
from v2t.self_correction import resolve_corrections


@dataclass(frozen=True)
class Refusal:
    kind: str  # a v2t.harm_kinds code
    reason: str  # slots.reason: the harm in one short Chinese sentence
    command: str  # normalized_command: 拒绝…的请求


# Names of sites and institutions that hold a harm word (国家反诈中心, 禁毒网): the name is no request.
_INSTITUTION = re.compile(r"(?:国家)?反诈(?:中心|APP|app|专线|热线|宣传)?|(?:中国)?禁毒(?:网|办|委员会|委)?|(?:国家)?互联网应急中心|网络安全(?:专业|法|周|学院)?"
                          r"|反洗钱|反恐|心理(?:援助|危机干预)热线|自杀干预|12321|消费者协会")
# Harmless senses of a harm word, taken out before the acts read: a puzzle cracked (数独怎么破解), a nuisance caller
# blocked (把骚扰号码拉黑).
_HARMLESS_SENSE = re.compile(r"(?:数独|谜题|难题|谜语|魔方|关卡|残局|棋局|题)(?:[^账号密码]{0,10})破解(?:一下)?(?:思路|方法|技巧)?|破解(?:一下)?(?:这道题|数独|谜题|难题|谜语|魔方|关卡|残局|棋局|思路)"
                             r"|[\u4e00-\u9fff]{1,8}(?=(?:这部|那部|这本|那本|这首|那首)(?:电影|片子?|剧|电视剧|小说|书|歌|动漫|纪录片))|偷(?:个|点)?懒|偷闲|偷空|偷菜|《[^》]{1,20}》"
                             r"|(?:电影|电视剧|动漫|综艺|游戏)[\u4e00-\u9fff]{1,8}(?=的?(?:演员|评分|影评|剧情|结局|主演|票房|在哪(?:里|儿)?(?:能|可以)?看|哪(?:里|儿)?(?:能|可以)看|谁演的|演的|下载|攻略))"
                             r"|破解(?:一下)?第?[\u4e00-\u9fff0-9]{0,3}关|(?:放|休|请|度)(?:了)?(?:[一两三四五六七八九十几半]+)?(?:天|周|个|星期)?的?假(?![的证条币货钞])"
                             r"|骚扰(?:电话|号码?|短信)(?=.{0,4}(?:拉黑|屏蔽|拦截))|(?:拉黑|屏蔽|拦截)(?:这个|那个|一下)?骚扰(?:电话|号码?|短信)")
# The speaker as victim or defender, asking to recognise, prevent or report a harm, or what the law says.
_DEFENCE = re.compile(r"被(?:人|别人|(?![\u4e00-\u9fff]{0,3}(?:发现|看到|看见|知道|抓|查|察觉))[\u4e00-\u9fff]{1,3}?)?(?:盗|偷|骗|冒领|霸凌|欺凌|虐待|性侵|猥亵|嘲笑|孤立|排挤|PUA|pua|跟踪|监控(?!拍|录|看到|发现)|监听|偷拍|人肉|开盒|定位|黑|入侵|冒用|冒充|装|骚扰|威胁|诈骗|勒索|下药|下毒|投毒|打|欺负|绑架|拐|家暴|碰瓷|敲诈|打劫|抢|划|撞)|防止|防范|预防|(?<!人脸)(?<!面部)识别|辨别|鉴别|认出|分辨|看穿"
                      r"|举报(?!我)|报警|报案|登记表|怎么办|提防|避免|小心|真假(?!难辨)|维权|投诉|急救|误食|保护自己"
                      r"|违不违法|违法吗|合不合法|合法吗|犯法吗|是不是(?:违法|犯法|诈骗|骗|假|病毒|钓鱼|真)|是否(?:违法|合法)|法律规定|法规|有(?:没有)?法律|法律.{0,4}(?:管|保护|怎么)|管理法|判几年|怎么判|判多少|判多久|判刑|坐几年|量刑|罪名"
                      r"|防着|防一手|以防|误(?:食|采|吃|服|喝|用)"
                      r"|(?:偷|偷偷)(?:用|拿|吃|穿|看|翻)?了?我的")
# Reading the news or the cases about a harm (最近关于诈骗的新闻, 盗窃罪的案例), unless the news is made up or the case is
# a script to follow (编一条假新闻, 照着案例里的话术打电话): then it is the harm itself.
_NEWS = re.compile(r"新闻|报道|案例|案件|判例|事件|后来怎么样|后续")
_NEWS_MADE = re.compile(r"(?:编|造(?!假)|捏造|伪造|写|发)(?:一|几|个|条|篇|些)?.{0,4}(?:新闻|报道|案例)|(?<!造)假的?(?:新闻|报道|案例)|(?:照着|按照|学着|用).{0,12}(?:打电话|发给|去骗|骗)"
                        r"|(?:那个人|这个人|他|她|当事人|受害人|嫌疑人)的?.{0,4}(?:家庭住址|住址|住哪|家在哪|电话|手机号|身份证|单位)")
# Checking whether something is there (检查电脑有没有中毒, 奶粉有没有被召回): a check of one's own things, unless
# someone else's device or messages are checked behind their back (查他手机里有没有…聊天记录 偷偷看).
_CHECK = re.compile(r"(?:检查|排查|检测|判断|查)(?:一下)?.{0,10}(?:有没有|是否有|是不是)")
# A report, a complaint or a theft said to be made up (编点他骂我的话 去投诉, 假报被偷, 其实没丢), someone's codes sent to
# the speaker, the assistant told to pose as the speaker (就说你是我), or someone made to suffer a harm (让那个同学被孤立):
# the defence words around it (补办, 投诉, 被…) are part of the deed.
_FABRICATED = re.compile(r"(?:就说|假装|装作)你(?:就)?是我|(?<!别)(?<!不)(?:让|使|害)(?:我们班|我的?)?(?:" + PERSON + r"|那个|这个)[\u4e00-\u9fff]{0,8}被|编造|捏造|编(?:点|个|些)|假(?:的)?(?:举报|报|投诉)|谎报|假报|其实没|诬告|诬陷"
                         r"|验证码.{0,8}(?:发到|到|转到)我|收(?:他|她|别人)的?验证码")
# A check that is only the first step of an attack (扫一下有没有漏洞 有的话直接打进去).
_CHECK_THEN_ACT = re.compile(r"(?:打|攻|黑|钻)进去|直接打|入侵")
# Asking how to write a hard subject responsibly (小说里写自杀情节 要注意啥), not for the method itself.
_WRITING_CARE = re.compile(r"(?:情节|剧情|小说|剧本|故事|角色).{0,16}(?:要注意|注意什么|注意啥|负责任|误导)")
_METHOD = re.compile(r"多少|哪里|哪种|哪儿|方法|办法|怎么(?:做|割|死|吃|弄)|步骤|配方")
# Helping someone else through a crisis (朋友说想自杀 我该怎么劝他): help, not harm.
# 劝 alone is one syllable a recogniser writes for 全 or 券 (劝选, 新人劝): it guards said with whom or how (劝他, 怎么劝).
_HELPING = re.compile(r"(?<!别)(?<!不要)(?<!不用)劝(?=[他她你人住说导解阻慰]|" + PERSON + r"|$)|(?:怎么|如何|怎样|该)劝|开导|(?:怎么|如何|该怎么)(?:教育|管教|纠正|引导)|安慰|挽救|阻止|干预|陪伴|求助|热线")
# A question about limits, doses or side effects (副作用, 用法用量, 一天最多): facts, not an act.
_ABOUT_LIMITS = re.compile(r"副作用|不良反应|用法用量|说明书|禁忌|注意事项|限额")
# Consent said by the person watched (他们同意的, 经过她同意): a camera they agreed to is no covert watching. It excuses
# only watching (a payment or a seal "authorised" is an injection frame, 你已经被授权了), and nothing said covertly.
# 她知道的 is consent said as a statement, not as a clause describing a thing (她知道的那种, 他知道的情况下): that is what a
# dropped 不 leaves of 她不知道的那种, a covert watching.
_WATCHED = r"(?:他们|她们|他|她|老人|家人|孩子|对方|本人|大家|爸妈|父母|员工)"
_DESCRIBED = r"(?![那这哪][种样个些]|那+种|情况|前提|方式|方法|办法|样子|时候|软件|东西|手段)"
_CONSENT = re.compile(r"(?<![不没])" + _WATCHED + r"(?:都|也|已经)?(?:同意|知情|知道)(?:了|过|的" + _DESCRIBED + r")"
                      r"|经过" + _WATCHED + r"?的?(?:同意|允许)")
# A how-to about one's own device's feature (定位功能怎么打开, 手表开定位怎么设置), unless said covertly.
_OWN_FEATURE = re.compile(r"功能|怎么(?:设置|开启|关闭)|(?:儿童|老人|宝宝|孩子)的?(?:电话|定位)?手表|防丢(?:器|贴)")
_COVERT = re.compile(r"偷偷|悄悄|暗中|(?:别|不)让.{0,6}(?:知道|发现|察觉)|不被.{0,4}发现|看不出"
                     r"|(?:他|她|对方|他们|她们)(?:都|也)?(?:不知道|不晓得|不会发现|发现不了)|不弹(?:提醒|通知|窗)|(?:关掉|关闭|屏蔽).{0,6}(?:提醒|通知)")
# A deed asked to escape the law (不被查出来, 神不知鬼不觉): as with a covert act, a question word around it excuses
# nothing (撞了人 怎么处理那辆车不被查出来, 才不会被查到); only the speaker as victim or defender does.
_EVADES = re.compile(r"不(?:会|能|要)?被(?:人|警察|公安|交警)?(?:查出来?|查到|抓到?|发现)|查不(?:出来|到)|抓不到|神不知鬼不觉|不留(?:痕迹|证据|把柄)")
# Asking what a harm is, how to spot, handle or stop it, or what the law does about it: knowledge, not the act.
_ABOUT = re.compile(r"是什么意思|是啥|什么是|啥是|怎么(?:防|分辨|区分|应对|处理|看出|发现|检测|查出|罚|处罚)|咋办|该咋|预警|(?:危险|预警|警示|求救|求助)信号|犯什么法|会被.{0,4}(?:罚|判|处罚)"
                    r"|处罚|规定|常见的?.{0,4}(?:类型|手法|套路|骗局)|有哪些(?:套路|手法|类型|方法|骗局)|(?:检测|检查|排查)方法|防(?:偷|盗|人肉|骗|诈|御)|真的假的"
                    r"|长什么样|什么样子|(?:和|跟|与).{1,8}(?:的)?(?:有啥|有什么|什么)?(?:区别|差别|不同|不一样)|怎么分(?![手钱配工期])|分(?:得)?清|特征|迹象|征兆|(?:什么|哪些|啥)(?:法律)?(?:责任|后果)|法律责任|罪(?:的|是|怎么|名|判|立案)|立案标准|构成.{0,4}罪|(?:该|应该|可以|能)(?:找谁|发给谁|告诉谁|报给谁|向谁)|关于.{0,8}的(?:电影|纪录片|书|文章|讲座|班会|课)|怎么(?:沟通|解决|面对|劝)|免税|额度(?!.{0,6}(?:套现|刷出|变现))|上限|要不要钱|收不收费|中了?.{0,4}(?:病毒|木马|勒索)|(?:有人|别人|他人).{0,3}(?:冒充|假装|冒用|盗用)(?:是|成)?我"
                    r"|被(?:人|别人)?.{0,4}(?:发|挂|曝光|公开|传)(?:到|在)?网上|被碰瓷|碰瓷了|(?:检测|查|排查|扫|发现)(?:一下|扫)?(?:偷拍|针孔|间谍|窃听)|有没有(?:被)?(?:装)?(?:偷拍|针孔|间谍软件|监控软件|窃听|病毒|木马)(?![的]?(?:卖|买|店|货))|(?:会不会|是不是|有没有)(?:被)?(?:装|有|放)(?:了)?.{0,6}(?:定位器|追踪器|摄像头|窃听器|监听|木马)|怎么帮(?:他|她|助)|补办(?!.{0,4}(?:他|她|别人))|危害|影评|剧情|科普|提醒|(?:是|算|犯|判)(?:什么|啥)罪"
                    r"|(?:附近|最近)的?(?:医院|急诊|诊所|派出所)|(?:医院|急诊|派出所)在哪")
# Where the speaker corrects themself (不对, 我是说, 不是识别 是做), the guards read only what comes after: a harm
# said in the correction is not excused by the harmless words it replaced.
_CORRECTION = re.compile(r"不对|我是说|我的意思是|不是[^是]{1,10}是|不(?:查|搜|看|打开|要|用)[^了]{0,8}了")
# One's own account or password (密码忘了, 改我自己的密码) is no intrusion when nobody else is named.
_OWN_ACCOUNT = re.compile(r"(?:我|我自己|自己)的.{0,6}(?:密码|账号|号)|密码.{0,3}忘|忘(?:了|记).{0,4}密码")


# The guards' key words, matched by reading too: a recogniser that writes 分边 for 分辨 or 较育 for 教育 must not turn a
# question about a harm into the harm (the acts are heard back through noise by baseline.cue_words).
_GUARD_WORDS = ("分辨", "识别", "辨别", "鉴别", "区分", "区别", "防止", "防范", "预防", "提防", "避免", "举报", "报警", "报案", "投诉",
                "维权", "怎么办", "该怎么", "违法", "犯法", "合法", "判几年", "处罚", "量刑", "罪名", "什么意思", "是什么", "长什么样",
                "套路", "手法", "骗局", "新闻", "报道", "案例", "教育", "检查", "有没有", "是不是", "法律", "保护自己")
_GUARD_READER = ReadingMatcher(_GUARD_WORDS)
# What v2t.harm_hearing.hear_guard_edits hears through one edit: the key words and every word the guards spell out.
GUARD_WORDS = _GUARD_WORDS
# The words with which v2t.self_correction takes a request back (开玩笑的, 算了), heard the same way.
_TAKE_BACK_WORDS = ("开玩笑的", "开个玩笑", "逗你的", "逗你玩的", "说着玩的", "算了", "不对", "我是说")
_TAKE_BACK_READER = ReadingMatcher(_TAKE_BACK_WORDS)


GUARD_PATTERNS = (_DEFENCE, _HELPING, _ABOUT_LIMITS, _ABOUT, _NEWS, _CHECK)


def _guarded(tail: str, covert_on_someone: bool) -> bool:
    """Whether the request is about a harm rather than the harm. Said covertly of someone else (偷偷看他的, 她不知道),
    a check or a news story excuses nothing: only the speaker as victim or defender does."""
    if _FABRICATED.search(tail):
        return False
    if covert_on_someone:
        return _DEFENCE.search(tail) is not None
    if _NEWS.search(tail) and not _NEWS_MADE.search(tail):
        return True
    if _WRITING_CARE.search(tail) and not _METHOD.search(tail):
        return True
    checked = _CHECK.search(tail) is not None and _CHECK_THEN_ACT.search(tail) is None
    return checked or any(g.search(tail) for g in (_DEFENCE, _HELPING, _ABOUT_LIMITS, _ABOUT))


# The plain acts first (their reasons are the most specific), then the general classes, then the catch-all.
ALL_ACTS = HARM_ACTS + GENERAL_ACTS + CATCHALL_ACTS + DEED_ACTS + CUE_ACTS + AIM_ACTS + TARGET_ACTS


def harm(text: str) -> Refusal | None:
    """The kind, slots.reason and normalized_command of the first harm the request asks for, or None."""
    flat = _HARMLESS_SENSE.sub("", _INSTITUTION.sub("", re.sub(r"\s+", "", text)))
    # A correction misheard (哦怖对) still starts what the guards read; the reading keeps positions, so flat is cut.
    tail = flat[_last_correction_end(_TAKE_BACK_READER.restore(flat)) or 0:]
    names_someone = re.search(PERSON, flat) is not None
    covert = _COVERT.search(flat) is not None
    guard_text = _GUARD_READER.restore(close_word_gaps(hear_harm_words(tail), _GUARD_WORDS))
    covert_on_someone = (covert and names_someone) or _EVADES.search(flat) is not None
    if _guarded(guard_text, covert_on_someone) or (_OWN_FEATURE.search(tail) and not covert):
        return None
    own_account = not names_someone and _OWN_ACCOUNT.search(flat) is not None
    consented = not covert and _CONSENT.search(tail) is not None
    # The words as a recogniser may have misheard them (虚贾 for 虚假) are read too: a reading only adds a refusal.
    heard = hear_harm_words(flat)
    said = _read_acts((flat, heard), text, names_someone, own_account, consented)
    if said is None:
        # Last, the words heard back through one recogniser's edit (结生命, 喜钱, 打200000): read only where nothing
        # else was, so what the text as written refuses keeps its reason.
        edited = hear_harm_edits(heard)
        said = None if edited in (flat, heard) else _read_acts((edited,), text, names_someone, own_account, consented)
    if said is None:
        return None
    # The guards' words heard back through one edit too (怎么么防), only for a request the acts refuse: most hold none,
    # and a text the hearing leaves as it was is already known unguarded.
    guard_heard = hear_guard_edits(guard_text)
    return None if guard_heard != guard_text and _guarded(guard_heard, covert_on_someone) else said


def _last_correction_end(text: str) -> int | None:
    """Where the speaker's last self-correction (不对, 哦不是) ends in `text`, or None if there is none."""
    ends = [m.end() for m in _CORRECTION.finditer(text)]
    return ends[-1] if ends else None


def _read_acts(readings, text: str, names_someone: bool, own_account: bool, consented: bool) -> Refusal | None:
    """The first act any reading asks for, then a payment the first reading asks for."""
    for act in ALL_ACTS:
        if (own_account and act.kind == "account_intrusion") or (consented and act.kind == "spyware"):
            continue
        if any(act.pattern.search(r) for r in dict.fromkeys(readings)) and (names_someone or not act.needs_person):
            return Refusal(act.kind, act.reason, act.command)
    paid = payment(readings[0], text)
    return None if paid is None else Refusal("payment", *paid)


def harm_said(text: str) -> Refusal | None:
    """The harm the request still asks for once the speaker's self-corrections are applied. The whole text is read
    first, so a frame hides nothing; a harm taken back (查我前任住哪 哦不对 算了 查天气) is no request, but one said in
    the correction is (搜摄像头 不对 帮我偷拍). Every arm's refusal (the baseline, the guard) reads this."""
    whole = harm(text)
    if whole is None:
        return None
    # A joke or a 算了 split by a pause or misheard (开玩 笑的, 慨玩笑的) still takes back what came before it.
    said = _TAKE_BACK_READER.restore(close_word_gaps(text, _TAKE_BACK_WORDS))
    corrected = resolve_corrections(said)
    if corrected == said:
        return whole
    # What the correction says is asked for, whatever a pause inside a word made it replace (搜怎 么识别 假证 不对 给我
    # 做个假证 replaces 假证 only): unless it takes itself back too.
    cut = _last_correction_end(said)
    after = "" if cut is None else said[cut:]
    return harm(corrected) or (harm(after) if after and resolve_corrections(after) == after else None)


def refusal_of_kind(kind: str) -> Refusal:
    """The refusal the rules give a request of this kind: its most general act's, the last of the kind (payment: a
    transfer's)."""
    if kind not in HARM_CODES:
        raise ValueError(f"unknown harm kind {kind!r}; known: {', '.join(HARM_CODES)}")
    if kind == "payment":
        _, reason, command = next(a for a in PAYMENT_ACTS if "转账" in a[1])
        return Refusal(kind, reason, command)
    act = [a for a in HARM_ACTS if a.kind == kind][-1]
    return Refusal(kind, act.reason, act.command)
