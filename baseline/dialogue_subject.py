"""A follow-up about what the last task was about, named only by a pointer to it (issue 13).

After a search or a visit, speakers go on about the same thing without naming it again: a pointer with a measure
word (这家公司, 那趟车, 同一家店, 那所学校), 这个 / 那个 before a word for a kind of thing (这个游戏, 那个景点), a
pronoun for a thing (它, 把它首页上的…), a place word (那儿, 那里), or a bare 这个 that starts a question (这个要准备
什么材料). The pointer stands for the earlier task's subject: the query without the aspect it asked about (营业时间,
配置要求), or the site just opened. The turn is read as one request with the subject said in its place.
"""

from __future__ import annotations

import re
from typing import Any

from baseline.followup import reference, unspaced
from baseline.predict import predict, search
from baseline.query_aspects import subject_words
from baseline.sites import display_name

# Words for a kind of thing a pointer is said with (这个游戏, 那家店); a 那个 before any other word is a hesitation.
KIND_NOUN = (r"店|门店|分店|餐厅|饭店|饭馆|馆子|酒店|宾馆|民宿|公司|企业|单位|学校|大学|学院|医院|景点|景区|地方|小区|商场"
              r"|车|列车|火车|高铁|航班|飞机|游戏|电影|片子|剧|电视剧|书|小说|歌|专辑|手机|电脑|产品|牌子|品牌|型号|车型|软件"
              r"|平台|政策|比赛|活动|节目|展览|演唱会|考试|证|城市|国家|药|课|课程|股票|基金|人|明星|歌手|作者|导演|队|球队")
_MEASURE = r"家|趟|部|本|款|只|位|所|座|条|场|间|辆|班|支|首|次|套|台"
_POINTER_RE = re.compile(
    rf"(?:同一|这|那)(?:{_MEASURE})(?:{KIND_NOUN})?"
    rf"|(?:这个|那个)(?:{KIND_NOUN})"
    r"|(?<![其吉])它(?!们)"
    r"|那儿|那里|(?<=在)那边|^那边(?=有|的|怎么|什么|哪|附近)"
    r"|^这个(?=要|需要|得|能|可以|会|有|是|怎么|多少)")
# Words of taking from the page in view (提取, 提出来, 摘): a pointer said with them points at the page.
_TAKE_RE = re.compile(r"提取|提出来|提一下|提下|摘")
# Interjections before the words of the turn (呃, 嗯 …); baseline.dialogue strips them the same way.
INTERJECTIONS = "嗯呃啊哦额噢诶"
LEAD_RE = re.compile(rf"^[{INTERJECTIONS}，,\s]+")


def _subject(prev: dict[str, Any]) -> str | None:
    """What the earlier task was about: a search's query without its trailing aspects, or the site opened."""
    slot = next(iter(prev["slots"].values()), None)
    if not isinstance(slot, str):
        return None
    if prev["task_type"] == "navigate":
        return display_name(slot)
    if prev["task_type"] != "search":
        return None
    words = subject_words(slot)
    return " ".join(words) if words else None


def _short_name(said: str, prev: dict[str, Any], subject: str) -> str | None:
    """The last two or more characters of the site just opened, said as its name (网盘 for 百度网盘), or None."""
    name = subject.removesuffix("官网")
    if prev["task_type"] != "navigate" or len(name) < 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return None
    tail = name[-2:]
    return tail if re.match(rf"^(?:再|也)?(?:帮我|给我)?(?:搜|查|找|看)?(?:一下|下)?\s*{tail}", said) else None


def about_subject(text: str, prev: dict[str, Any]) -> dict[str, Any] | None:
    """The request `text` makes about the earlier task's subject, which it names only by a pointer; None if it
    names its own or no pointer stands for it."""
    said = LEAD_RE.sub("", unspaced(text).strip())
    if reference(said) is not None or (prev["task_type"] == "search" and _TAKE_RE.search(said)):
        return None  # 刚才搜的那个药 is a pointer of its own kind; 把这篇文章的标题提取一下 takes from the page in view
    if predict(text)["task_type"] == "navigate":
        return None  # 汽车之家的那个报价 打开它: the turn names what it opens
    m = _POINTER_RE.search(said)
    subject = _subject(prev)
    if subject is None or subject.replace(" ", "") in said.replace(" ", ""):
        return None
    if m is not None:
        whole = (said[:m.start()] + subject + " " + re.sub(r"^\s*的(?!话)", "", said[m.end():])).strip()
    elif (short := _short_name(said, prev, subject)) is not None:
        whole = said.replace(short, subject + " ", 1).strip()  # 网盘里文件怎么分享 just after 百度网盘 was opened
    else:
        return None
    contract = predict(whole)
    if prev["task_type"] == "search" and contract["task_type"] not in ("search", "blocked"):
        contract = search(whole) or contract  # 这家公司的面试流程呢: a question about the thing, no page to take from
    if contract["task_type"] not in ("search", "extract", "blocked"):
        return None
    return contract
