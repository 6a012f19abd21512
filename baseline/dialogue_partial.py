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


# The pieces a question lists as missing (快递公司和单号, 城市以及租房还是买房), each a few words; 或 offers a choice.
_PIECES_SPLIT_RE = re.compile(r"以及|和|及|、")
_TWO_ASKED_RE = re.compile(r"哪两|两[种个支家位款队]")


def one_of_several(reply: str, ambiguity: str) -> bool:
    """顺丰的 after 未说明快递公司和单号, 美元的 after 未说明是哪两种货币, 在武汉吧 after 未说明城市以及租房还是买房: the
    question lists two or more things missing and the answer is one short word, so the rest still is."""
    body = re.sub(r"^仍?未说明", "", ambiguity)
    pieces = [p for p in _PIECES_SPLIT_RE.split(body) if p]
    if not (len(pieces) >= 2 and all(len(p) <= (10 if "还是" in p else 6) for p in pieces)) and not _TWO_ASKED_RE.search(body):
        return False
    words = [w for w in _words(strip_fillers(reply), _LEAD_RE) if not re.fullmatch(r"[的吧啊嘛呢在到去]+", w)]
    word = re.sub(r"^(?:在|到|去)|的$", "", words[0]) if len(words) == 1 else ""
    return 0 < len(word) <= 4 and not re.search(r"[A-Za-z0-9]", word)


def left_open(reply: str, ambiguity: str) -> bool:
    """Whether an answer to a clarify still names no one thing of what the question asked."""
    return only_a_subkind(reply, ambiguity) or no_place_asked(reply, ambiguity) or \
        points_by_description(reply, ambiguity) or one_of_several(reply, ambiguity)
