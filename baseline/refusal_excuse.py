"""After a refusal: a turn that only argues for the refused request, and asks for nothing new (issue 13).

Speakers argue before they rephrase. They give a purpose (就做研究用, 学校作业, 拍视频当素材, 给我自己用), play it down
(只是开个玩笑, 放着玩呗, 又不真买, 就问问, 没恶意), point at others (大家都在买, 同行都这么干, 网上到处都有), name who
sent them (老师让查的, 领导交代的), or just insist (行了吧, 快点, 我不管, 你就说). Such a turn has no request of its
own: no task verb with something new to act on, no question about something new. Read by shape, never by the
refused topic; a turn that does ask for something new (那 怎么举报这种 / 我想去玩玩 附近有没有射箭馆) is left to
the rest of the reading. ASR spaces (就 做 研究 用) are joined first.
"""

from __future__ import annotations

import re

from baseline.followup import unspaced
from v2t.spoken import strip_fillers


def joined(text: str) -> str:
    """The words without fillers and without the spaces ASR puts between Chinese words (就 做 研究 用 -> 就做研究用)."""
    return unspaced(strip_fillers(text))


# A purpose given for it: study, work, a joke or a show, the speaker's own use, somebody's good.
_PURPOSE = (r"(?:就|只|是|也|主要|纯粹|单纯)?为了|用来|拿来|研究|学习用|学习一下|学术|作业|论文|课题|课设|毕设|实验|测试用|做测试|练手|练习用"
            r"|教学|科普|宣传|培训|演示|当素材|做素材|素材|参考一下|收藏|防身|自用|自己用|自己吃|自己喝|给我自己|我自己要|工作用|工作上"
            r"|写小说|写剧本|拍视频|拍戏|拍剧|拍短剧|拍电影|做节目|做模型|玩模型|好奇|了解了解|了解一下|长长见识|涨知识")
# It played down: only a little, only a joke, not for real, no harm meant.
_MINIMISE = (r"只是|不过是|而已|罢了|玩玩|着玩|玩的|玩呗|闹着玩|好玩|逗他|逗她|逗一下|整蛊|又不|也不会|不会真|不是真|不真|不当真"
             r"|没恶意|没有恶意|不干嘛|不干什么|不干坏事|不做坏事|不害人|不伤人|不炸人|不打人|不骗人|不拿去|不外传|不传出去|不发给|不发出去"
             r"|不收集|不上线|不乱用|不用来|没事的|没事儿|出不了事|不会出事|小事|就一点|一点点|少一点|少放|不严重|不算|没那么严重"
             r"|不违法|不犯法|不过分|不算过分|没多过分|没什么大不了|大不了|就问问|随便问问|问问而已|问一下而已|只问问|看一眼|就看看")
# Others do it, or others asked for it.
_OTHERS = (r"大家都|别人都|人人都|谁都|谁不|哪个不|都在(?:买|用|搞|干|做|弄|卖|玩|看)|很多人|好多人|不少人|网上(?:都|到处)|到处都"
           r"|同行都|同事都|同学都|朋友都|他们都|都这么|都这样|都是这样|都是这么"
           r"|(?:老师|老板|领导|公司|学校|单位|上级|上面|警察|家长|我妈|我爸|爸妈|医生|律师|客户|甲方|导师|教授)(?:让|叫|要我|要求|布置|交代|吩咐|同意|批准)")
# Bare insistence.
_INSIST = (r"行了|可以了|好了没|总行|行不行|行吗|可以吗|可不可以|好不好(?![吃看用玩听喝])|成不成|快点|赶紧|我不管|必须|一定要|非要|就要"
           r"|到底|凭什么|为什么不行|为啥不行|怎么不行|咋不行|有什么不行|有啥不行|帮个忙|帮帮忙|求求|我求你|别废话|少废话|别啰嗦"
           r"|你就说|直接说|快说|听我的|我都说了|我不是说了|都说了|我保证|保证|发誓|相信我|放心|没人管|别管")
_EXCUSE_RE = re.compile("|".join((_PURPOSE, _MINIMISE, _OTHERS, _INSIST)))

# A request of the turn's own: a task verb, a question word, a site's or a form's words.
_ASKS_RE = re.compile(r"搜|查|找|打开|开一下|访问|登录|提取|提出来|摘|填|导航|订|预约|推荐|下载|教(?:我|一下|下|教)|写(?:个|一|点|段|篇|条|份)"
                      r"|怎么|如何|哪|什么|啥|多少|几|多久|多远|有没有|是不是|能不能|会不会|吗|咋")
# What an excuse says beyond its cue: fillers of argument that are no object (我, 你, 就, 这个, 那个 ...).
_ARGUMENT_WORDS_RE = re.compile(r"我们|我|你|他们|他|她|它|这个|那个|这|那|就|也|都|又|还|真|很|太|点|的|了|吧|呗|嘛|啊|呢|吗|一下|一个|个"
                                r"|帮我|给我|帮|给|要|想|让|说|用|做|搞|弄|干|是|在|有|没|不|能|会|可以|行")


def argues(text: str, refused_text: str) -> bool:
    """Whether `text`, said just after `refused_text` was refused, only argues for it: an excuse, a purpose, others
    cited or insistence, and no request of its own beyond words the refused request already said."""
    said = joined(text)
    if _EXCUSE_RE.search(said) is None:
        return False
    m = _ASKS_RE.search(_EXCUSE_RE.sub(" ", said))
    if m is None:
        return True
    # The object the request acts on: the words after its verb or around its question, less the argument's own
    # words. Nothing new (搜搜 after 大家都在买, 老师让查的) is the refused request asked again.
    rest = _ARGUMENT_WORDS_RE.sub("", _EXCUSE_RE.sub("", _ASKS_RE.sub("", said)))
    new = [ch for ch in rest if ch.isalnum() and ch not in refused_text]
    return len(new) < 2
