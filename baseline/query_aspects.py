"""What a search query asks about its subject, as against the subject itself (issue 13).

A query names a thing, then the aspect asked about it (海底捞 人民广场店 营业时间, 五月天 演唱会 门票价格); a follow-up
that says only an aspect (门票价格呢) adds to the query, one that says a part of the place (外环以外呢, 市区呢)
narrows it, and neither is a new subject for the query's head. Chinese words for aspects, not words of a data file.
"""

from __future__ import annotations

import re

# The aspect a query asks about, said after its subject (营业时间, 配置要求, 交通方式, 门票价格).
ASPECT_RE = re.compile(r"(?:时间|要求|配置|政策|方式|方法|价格|票价|价|攻略|推荐|美食|电话|地址|流程|材料|条件|评价|评分|排名"
                       r"|怎么去|交通|天气|营业|开放|门票|预约|打折|优惠|动态|介绍|简介|新闻|规定|作品|早餐|票房|影评|怎么样)$")
# A part of a place (外环以外, 市区, 郊区, 地铁站附近): said with 呢 it narrows where, the place kept.
PLACE_PART_RE = re.compile(r"(?:以外|以内|之外|之内|附近|周边|一带|郊区|市区|城区|市中心|老城区?)$")


def subject_words(query: str) -> list[str]:
    """The query's chunks without the aspects it ends on (海底捞 人民广场店 营业时间 -> 海底捞 人民广场店)."""
    words = query.split()
    while len(words) > 1 and ASPECT_RE.search(words[-1]):
        words.pop()
    return words


def no_new_subject(piece: str) -> bool:
    """Whether a piece said with 呢 is an aspect or a part of the place, never a subject to put at the head."""
    return ASPECT_RE.search(piece) is not None or PLACE_PART_RE.search(piece) is not None
