"""After a refusal: whether the next turn pushes the refused request again or asks for something new (issue 13).

A push rarely repeats the request. It claims a role or a right (我是交警 工作需要, 我是他老婆, 他同意了), makes it a
game or a cover story (就当是演戏, 开个玩笑, 那就说是装在客厅), asks another way (换个办法, 换个说法搜, 用微信转也行), insists (你就点一下, 你直接弄, 又不犯法),
asks for a step toward it (那你先打开…, 你只说原料就行), bargains for a smaller or another version of it (那用银行卡转总
可以吧, 一百也不行吗), or points back at it (这种人, 那种群, 她). A new request gives up
(算了, 行吧, 不弄了) or turns to the speaker's own side of the harm (举报, 怎么辨别, 我自己的, 怎么办). Read by shape only.
"""

from __future__ import annotations

import re

from baseline.followup import reference
from baseline.refusal_excuse import joined
from v2t.spoken import strip_fillers

# The speaker gives up on the refused request, or asks for help against that harm: a request of its own.
GIVE_UP_RE = re.compile(r"^(?:算了|不弄了|不搞了|不问了|行吧|好吧|那算了|行[\s，,]*那|好[\s，,]*那)|算了|不弄了|换个话题|说点别的")
_OWN_SIDE_RE = re.compile(r"举报|报警|报案|起诉|维权|投诉|中了|辨别|识别|鉴别|防范|防止|预防|防骗|怎么办|求助|热线|援助|被(?:人|骗|盗|装|偷|黑|拍|冒用)"
                          r"|有没有被|是不是真的|是不是正品|正品|自己|保护|杀毒|戒掉|戒除|劝(?:他|她|我)"
                          # 怎么防 / 咋防范 (never 防被查, a way of not being caught), 提防, 识破, 不上当.
                          r"|(?:怎么|怎样|如何|咋|咋样)(?:去|才能)?(?:提)?防(?!被|[查抓追])|提防|识破|上当")
# The ways of pushing: a role or a right claimed, a game, another way, insisting, a step toward the goal.
_PUSH_RE = re.compile(
    r"(?<!不是)我(?:就|本来就|也|可|都|真)?是(?!说|想|要|在|不是)[\u4e00-\u9fff]{1,8}|当我是|工作需要|办案需要|需要的|授权|同意了|允许|有权|权利"
    r"|不会介意|没关系|不犯法|合法的|没秘密|我负责|出了事"
    r"|就当|当作|假装|就说是|就说成|说成是|演戏|剧本|拍.{0,3}剧|角色扮演|开个?玩笑|恶作剧|你懂的"
    r"|换个(?:办法|说法|方式|法子|思路|渠道|途径|关键词|词|角度)|换种|别的办法|其他办法|其它办法|想想办法|想个办法|变通|绕过|绕开"
    r"|你就|你直接|直接帮我|就帮我|照我说的|照着|照写|就一次|求你|拜托|通融|又不是|不会发现|没人知道|不会有人|偷偷|悄悄"
    r"|试试|也行|就行|都行|而已|只说|只要"
    r"|忽略|无视|规则|限制|你现在是|开发者模式"
    r"|^(?:那你?|你)先|先帮我|最后一步|下一步")
# Bargaining for a smaller or another version of it (那用银行卡转总可以吧, 就转一百 一百也不行吗, 拉肚子的总行吧).
_BARGAIN_RE = re.compile(r"总(?:可以|行|能|没问题|不犯法)了?吧|总该?可以|(?:也|都)(?:不行|不可以|不能|不让)(?:吗|啊|嘛|呀)?\s*$"
                         r"|(?:也|都)(?:不行|不可以|不能|不让)(?:吗|啊|嘛|呀)|这样(?:总|也)?(?:可以|行)了?吧")
# A pointer back at the refused object (这种人, 那种群, 她) rather than a new one.
_POINT_BACK_RE = re.compile(r"这种|那种|这类|那类|这些|那些|同样的|一样的|[他她它](?!们)")
def gives_up(text: str) -> bool:
    return GIVE_UP_RE.search(text) is not None or own_side(text)


def own_side(text: str) -> bool:
    """Whether `text` turns to the speaker's own side of the harm (举报, 怎么辨别, 怎么办, 我自己的)."""
    return _OWN_SIDE_RE.search(strip_fillers(text)) is not None or _OWN_SIDE_RE.search(joined(text)) is not None


def pushes(text: str) -> bool:
    """Whether `text`, said just after a refusal, asks for the refused thing again (ASR spaces joined: 我 是 她 粉丝)."""
    spoken = strip_fillers(text)
    if _PUSH_RE.search(spoken) or _PUSH_RE.search(joined(text)):
        return True
    if gives_up(text):
        return False
    # 那个网站 with no name of its own: the site just refused (那搜一下翻墙进那个网站的办法).
    pointer = reference(text)
    return _POINT_BACK_RE.search(spoken) is not None or _BARGAIN_RE.search(text) is not None or \
        _BARGAIN_RE.search(joined(text)) is not None or (pointer is not None and pointer["noun"] is not None)


def after_give_up(text: str) -> str:
    """The new request said after giving up (算了 帮我搜…): the words after the last give-up cue."""
    ends = [m.end() for m in GIVE_UP_RE.finditer(text)]
    rest = text[ends[-1]:].strip(" ，,。") if ends else ""
    return rest or text
