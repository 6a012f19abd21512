"""A clarify answered only in part (issue 13): the answer narrows what was asked about and still names no one thing.

CONTRACT.md §3: a request that leaves its object open is `clarify`, and it stays so until the object is named. Asked
which match, which exam, which site or which city, speakers often answer with less than a name:
- a sub-kind of the thing asked about, with or without a day (昨晚的 篮球, 租房, 皮肤科 when the hospital is asked);
- a description ending in a pointer (就 英语 那个, 就 我 老家 那边, 就 上面 有 弹幕的 那个, 到上海的那班);
- no place, where the question asked where (想吃 火锅 after 未说明所在位置…).
Such an answer is asked again (dialogue_answer.still_open names what is known); a name (六级, 国安对申花, CA1501, 沙县
小吃, a city where a city was asked) resolves it. Sub-kinds are Chinese category words, not words of any data file.
"""

from __future__ import annotations

import re

from v2t.self_correction import _DAY_RE, CITIES
from v2t.spoken import strip_fillers

_CITY = "|".join(sorted(CITIES, key=len, reverse=True))
# Kinds within a kind: a sport, a language, a hospital department, a cuisine, a way of housing.
_SUBKIND_RE = re.compile(r"(?:篮|足|排|网|乒乓|羽毛|棒|冰|橄榄)球|[英日法德韩俄]语|[\u4e00-\u9fff]{1,3}科"
                         r"|火锅|烧烤|川菜|湘菜|粤菜|日料|西餐|自助餐?|租房|买房|二手房|新房")
# The slot a sub-kind fills when the question asks for exactly that (未说明挂号的科室, 想吃的类型).
_SLOT_RE = {"科": re.compile(r"科室|哪个科"), "球": re.compile(r"项目|运动|哪种比赛|类型"),
            "语": re.compile(r"语种|语言|哪门"), "": re.compile(r"类型|种类|口味|菜系|租还是买|租房还是")}
_TIME_RE = re.compile(_DAY_RE.pattern + r"|昨晚|今晚|明晚|上午|下午|晚上|早上|中午|凌晨")
_LEAD_RE = re.compile(r"^(?:就是|就|是|要|想吃|想看|想要|想|我要|嗯|呃|啊|那个)+")
_BARE_LEAD_RE = re.compile(r"^(?:就是|就|是|嗯|呃|啊)+")
# Where the question asks a place, and how an answer says one (a city, or a district, road, station, square).
_ASKS_PLACE_RE = re.compile(r"所在位置|哪个位置|城市|区域")
_PLACE_RE = re.compile(rf"{_CITY}|[\u4e00-\u9fff]{{1,6}}(?:省|市|区|县|镇|路|街|站|广场|公园|附近|一带|这块|那块|商圈)")
# A pointer the answer ends on, and the words that only describe before it (a place relation, a clause, a person's).
_POINTER_END_RE = re.compile(r"那(?:个|家|边|班|场|种|款|块|所|位)(?:的)?$")
_DESCRIBING_RE = re.compile(r"[\u4e00-\u9fff]{0,6}的|上面|下面|里面|老家|家里|附近|旁边|门口|对面|楼下|海边|常用|平时|以前"
                            r"|我们|我家|我的|我|有|在|到|去|上")


def _words(reply: str, lead: re.Pattern[str] = _LEAD_RE) -> list[str]:
    said = re.sub(r"[，,。？?！!]+", " ", reply)
    return [w for c in said.split() if (w := re.sub(r"[啊嘛吧呢呀哦]+$", "", lead.sub("", c)))]


def only_a_subkind(reply: str, ambiguity: str) -> bool:
    """昨晚的 篮球, 租 租房, 皮肤科 (a hospital asked): a kind within the kind asked about, a day at most beside it."""
    if re.search(r"[A-Za-z0-9]", reply):
        return False
    rest = _TIME_RE.sub("", "".join(_words(strip_fillers(reply)))).replace("的", "")
    m = _SUBKIND_RE.search(rest)
    if m is None or len(rest.replace(m.group(0), "").replace(m.group(0)[:1], "")) > 0:
        return False
    sub = m.group(0)
    slot = next((r for k, r in _SLOT_RE.items() if k and sub.endswith(k)), _SLOT_RE[""])
    return slot.search(ambiguity) is None


def no_place_asked(reply: str, ambiguity: str) -> bool:
    """The question asks where (所在位置, 哪个城市) and the answer says no place (想吃 火锅, 就 我 老家 那边)."""
    return _ASKS_PLACE_RE.search(ambiguity) is not None and _PLACE_RE.search(reply.replace(" ", "")) is None \
        and re.search(r"[A-Za-z0-9]", reply) is None


def points_by_description(reply: str, ambiguity: str) -> bool:
    """就 英语 那个, 就 上面 有 弹幕的 那个, 到上海的那班: a pointer after words that only describe or narrow."""
    said = "".join(_words(reply, _BARE_LEAD_RE))  # 那个 kept: it is the pointer looked for
    if re.search(r"[A-Za-z0-9]", said) or not (m := _POINTER_END_RE.search(said)):
        return False
    before = said[:m.start()]
    if re.search(_CITY, before) and _ASKS_PLACE_RE.search(ambiguity):
        return False  # 就 北京 那边 when the city was asked: a place named
    rest = _DESCRIBING_RE.sub("", _TIME_RE.sub("", re.sub(_CITY, "", before)))
    return bool(before) and (rest == "" or _SUBKIND_RE.fullmatch(rest) is not None)


# The pieces a question lists as missing (快递公司和单号, 城市以及租房还是买房, 直播内容或平台), each a few words. Where
# to open (要打开的网站或页面) is one place, however many words name it. A 和 inside a word (协和, 和平) joins nothing.
_AND = r"(?<![协共温人祥缓柔总暖])和(?![平谐睦气蔼])"
_PIECES_SPLIT_RE = re.compile(rf"以及|{_AND}|及|、|或")
_ONE_PLACE_RE = re.compile(r"打开")
_TWO_ASKED_RE = re.compile(r"哪两|两[种个支家位款队]")
# What a piece says before the thing it asks for (查询天气的城市, 是哪项检查指标): the thing is the piece's head.
_PIECE_LEAD_RE = re.compile(r"^.*的|^是?(?:哪|什么)(?:个|项|种|家|款|位|些|一)?")


def _pieces(ambiguity: str) -> list[str]:
    body = re.sub(r"^仍?未说明", "", ambiguity)
    if _ONE_PLACE_RE.search(body):
        return [body]
    return [h for p in _PIECES_SPLIT_RE.split(body) if p and (h := _PIECE_LEAD_RE.sub("", p) or p)]


def one_of_several(reply: str, ambiguity: str) -> bool:
    """顺丰的 after 未说明快递公司和单号, 美元的 after 未说明是哪两种货币, 在武汉吧 after 未说明城市以及租房还是买房: the
    question lists two or more things missing and the answer is one short word, so the rest still is."""
    body = re.sub(r"^仍?未说明", "", ambiguity)
    pieces = _pieces(ambiguity)
    if not (len(pieces) >= 2 and all(len(p) <= (10 if "还是" in p else 6) for p in pieces)) and not _TWO_ASKED_RE.search(body):
        return False
    words = [w for w in _words(strip_fillers(reply), _LEAD_RE) if not re.fullmatch(r"[的吧啊嘛呢在到去]+", w)]
    word = re.sub(r"^(?:在|到|去)|的$", "", words[0]) if len(words) == 1 else ""
    if word and "或" in body and word in body:
        return False  # 租房 after 未说明租房或买房: one of the choices offered, picked
    return 0 < len(word) <= 4 and not re.search(r"[A-Za-z0-9]", word)


# A piece that is a number (电话号码, 单号, 数值): an answer with no digit in it has not given it.
_NUMBER_PIECE_RE = re.compile(r"号码|电话|手机号|单号|数值|金额|编号|账号")
_DIGIT_RE = re.compile(r"[0-9０-９零〇幺一二两三四五六七八九十百千万]")


def no_number_given(reply: str, ambiguity: str) -> bool:
    """就 快递 寄件 那个 表 after 未说明要填写的表单和电话号码: the question asks a number among other things, and the
    answer says none, so the number is still missing."""
    pieces = _pieces(ambiguity)
    return len(pieces) >= 2 and any(_NUMBER_PIECE_RE.search(p) for p in pieces) and \
        _DIGIT_RE.search(reply) is None and re.search(r"[A-Za-z]", reply) is None


# The one thing said only as a member of a group or a region it lies in (四大行之一, 其中一家, 欧洲那边, 南方的).
_GROUP_RE = re.compile(r"之一|其中(?:的)?(?:一|某)|中的(?:一|某)|里的(?:一|某)|某(?:个|家|一|所|位)|随便(?:哪|一)")
_REGION_RE = re.compile(r"(?:欧洲|亚洲|美洲|北美|南美|非洲|东南亚|中东|北欧|南欧|东欧|西欧|国外|海外|南方|北方|东北|西北|西南|华东|华南|华北"
                        r"|江浙沪?|珠三角|长三角)(?:那边|那一带|一带|那块|国家|地区|的|那里)?")
_ASKS_ONE_PLACE_RE = re.compile(r"国家|城市|哪里|哪儿|地方|目的地|哪个省")


def names_a_group(reply: str, ambiguity: str) -> bool:
    """就 那个 四大行 之一 嘛 after 未说明是哪家银行, 欧洲 那边 after 未说明办理哪个国家的签证: the answer names a group
    or a region the thing lies in, never the one thing."""
    said = re.sub(r"\s+", "", strip_fillers(reply))
    if _GROUP_RE.search(said):
        return True
    region = _REGION_RE.search(said)
    rest = _REGION_RE.sub("", said) if region else said
    return region is not None and _ASKS_ONE_PLACE_RE.search(ambiguity) is not None and \
        re.fullmatch(r"(?:就是|就|是|在|去|到)?(?:吧|啊|嘛|呢)?", rest) is not None


# An answer that leaves the choice to the asker: any will do (随便, 都行), or one only as good as any (好看的就行).
_ANY_RE = re.compile(r"^(?:就|都|那)?(?:随便|无所谓|都行|都可以|都好|你定|你看着办|你推荐|你挑|你选)")
_PRAISE_ONLY_RE = re.compile(r"^(?:就|要)?(?:好看|好玩|好吃|好听|好用|便宜|实惠|不错|有意思|靠谱|热门|火|评分高|口碑好)(?:点|一点)?的?"
                             r"(?:就行|就好|就可以|都行|都可以)$")


def leaves_it_open(reply: str) -> bool:
    said = re.sub(r"[\s，,。啊吧呀嘛呢]+", "", strip_fillers(reply))
    return _ANY_RE.match(said) is not None or _PRAISE_ONLY_RE.match(said) is not None


def left_open(reply: str, ambiguity: str) -> bool:
    """Whether an answer to a clarify still names no one thing of what the question asked."""
    return only_a_subkind(reply, ambiguity) or no_place_asked(reply, ambiguity) or \
        points_by_description(reply, ambiguity) or one_of_several(reply, ambiguity) or \
        no_number_given(reply, ambiguity) or names_a_group(reply, ambiguity) or leaves_it_open(reply)
