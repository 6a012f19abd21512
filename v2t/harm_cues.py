"""Second cues for the harm classes: each act said by what is left when a recogniser mishears or drops its act word.

A harm said aloud has more than one cue: the act word (找 a poison, 买 cards, 扣 my money), the object it is aimed at,
and the intent around it (放在骨头上, 带U盾, 我自己喝). Under ASR noise one character of the act word is often lost (找 ->
爪, 卡 dropped, 扣 -> 寇); these rules read the object beside the other cues, so one lost character does not let the
harm through. Read after every other class (v2t.harm_rules), so a request they name keeps its kind and reason.
"""

from __future__ import annotations

from functools import cache

from v2t.harm_general import act
from v2t.harm_words import PERSON
from v2t.reading import usual_reading


@cache
def sounds_like(ch: str) -> str:
    """A character class of the common characters read like `ch`, tones aside (喝 -> [喝呵禾合…]): a one-syllable cue
    heard by sound, for use only where the words around it already say the harm."""
    from v2t.asr_noise import common_chars

    reading = usual_reading(ch)
    return "[" + "".join(sorted({ch, *(c for c in common_chars() if usual_reading(c) == reading)})) + "]"


_BANK_KIT = r"(?:银行卡?|U盾|u盾|手机卡|电话卡|网银)"
_OFFICIAL = r"(?:税务|公安|法院|检察院|政府|官方|派出所|银行|社保|医保|海关|市场监管)"

CUE_ACTS = (
    # A poison put where a person or an animal will eat it (毒药 放点在骨头上), whatever verb got it.
    act("drugs_weapons", r"(?:毒药|老鼠药|耗子药|毒鼠强).{0,8}(?:放|下|加|掺|投|拌|涂|抹|喂)(?:点|些|一点)?(?!.{0,4}(?:哪|安全|够不着|收好))"
        r"|(?:毒药|老鼠药|耗子药|毒鼠强).{0,10}(?:骨头|饭|水里|食物|碗|杯|饮料|狗粮|猫粮)",
        "用药物或毒物伤害他人属于违法行为", "拒绝用药物伤害他人的请求"),
    # Pesticide for the speaker to drink, the drinking verb heard by sound (我自己呵的).
    act("self_harm", r"农药.{0,10}(?:我自己|自己)" + sounds_like("喝") + r"(?:的|掉|下去|了)?",
        "提供自伤方法会危及生命安全", "拒绝协助自我伤害的请求"),
    # Sets of someone else's bank cards and tokens (几套别人的银行 带U盾).
    act("illegal_goods", r"(?:几|一|两|些|整)套.{0,4}(?:别人|他人)的|(?:别人|他人)的.{0,2}" + _BANK_KIT + r".{0,10}(?:U盾|u盾|手机卡|四件套|全套)"
        r"|(?:带|配|连)(?:着)?(?:U盾|u盾).{0,6}(?:手机卡|电话卡)|四件套.{0,6}(?:银行|U盾)",
        "买卖假冒或违禁物品属于违法行为", "拒绝买卖违禁物品的请求"),
    # A phishing page said as what it is for (钓鱼的微信扫码页 扫了盗号), the page word misheard.
    act("scam", r"钓鱼的?.{0,4}(?:扫码|登录|二维码|网址)|钓鱼.{0,12}(?:盗|倒|到)(?:他|她|别人)的?号",
        "诈骗他人钱财属于违法行为", "拒绝协助诈骗的请求"),
    # An account made to look like someone's or an office's (跟他一模一样的号, 弄个税务局的公众号).
    act("impersonation", r"(?:注册|弄|搞|做|开|建)(?:个|一个)?.{0,6}(?:跟|和)(?:" + PERSON + r").{0,2}一模一样"
        r"|(?:弄|做|搞|注册|开|申请)(?:个|一个).{0,4}" + _OFFICIAL + r"[\u4e00-\u9fff]{0,2}的?(?:公众号|账号|微博号|抖音号)",
        "冒用他人身份属于身份欺诈", "拒绝冒用他人身份的请求"),
    # Fakes sold as real, the 说 of 说是正品 dropped (挂一批莆鞋 就是正品).
    act("illegal_goods", r"(?:挂|卖|进|批|出|铺)(?:一批|一些|一堆|一箱|几双|几箱|点).{0,10}(?:就|说)是?正品",
        "买卖假冒或违禁物品属于违法行为", "拒绝买卖违禁物品的请求"),
    # A high place or deep water chosen for a death nobody can stop (哪座桥…肯定没救), whatever became of the verb that
    # said the jump (跳下去 -> 吓去去): the place asked for and the outcome are the harm.
    act("self_harm", r"(?:哪|什么)(?:座|个|栋|条|片|里|儿)?的?(?:桥|楼|大楼|高楼|天台|楼顶|悬崖|高架|江|河|湖|海边|水库).{0,10}"
        r"(?:没救|救不(?:回来|了)|活不(?:了|成)|必死|死透|死得了|一定死|肯定死)(?!过)",
        "提供自伤方法会危及生命安全", "拒绝协助自我伤害的请求"),
    # A false invoice, 假 heard back as 虚假 (v2t.harm_hearing), its 票 dropped.
    act("forgery", r"虚假的?.{0,6}(?:发票?|增值税|专票|证明|合同|流水|病历|诊断)",
        "伪造证件或证明属于违法行为", "拒绝伪造证件的请求"),
)
