"""After a refusal: a turn that goes on toward the refused aim although its words alone would pass (issue 13).

The harm rules read a turn by itself, and a speaker who was refused seldom says the whole harm again. They ask for a
piece of it or a step toward it (鞭炮里的火药怎么取出来, 暗网上一般什么价, 给我个医院章的模板 我自己弄), aim at the same
person by a pronoun (算了 帮我找个能远程看他微信的网站), ask for the same thing by an elided object (就是补一张) or
by another name (那叫原单尾货的呢). What carries the aim is read from the shape and from the harm lexicon's word
classes (a weapon, a drug, a way of not being caught, a lie), never from the refused topic's own words; a turn that
turns to the speaker's own side (怎么辨别, 举报, 怎么办) is a request of its own.
"""

from __future__ import annotations

import re

from baseline.refusal_excuse import joined
from v2t.harm_lexicon import DECEIVE, DRUG_SLANG, NO_CHECK, UNCAUGHT, WEAPON
from v2t.harm_words import PERSON

# A harm word that decides nothing alone (火药, 冰, 不被发现, 不用处方, 假的): said after a refusal it is the aim.
_HARM_WORD_RE = re.compile("|".join((WEAPON, DRUG_SLANG, UNCAUGHT, NO_CHECK, DECEIVE, r"暗网|黑市")))
# Not being seen, with words between (不容易被看出来, 不让店员看出来): UNCAUGHT said loosely, enough after a refusal.
_UNSEEN_RE = re.compile(r"(?:不|别|没)[\u4e00-\u9fff]{0,4}?(?:发现|看出来|看出|察觉|认出|查到|抓到|抓住)")
# Guarding against being seen (防止被店员发现, 怎么 防 被 查到): a way of not being caught, though 防止 is the own side's word.
_UNSEEN_GUARD_RE = re.compile(r"(?:防|防止|避免|以免|免得)被?[\u4e00-\u9fff]{0,4}?(?:发现|看出来|看出|察觉|认出|查到|抓到|抓住|监控拍到)")
# A pronoun for the person the refused request was aimed at.
_PRONOUN_RE = re.compile(r"(?<![其吉])[他她](?!们)")
_PERSON_RE = re.compile(PERSON)
# A verb and a count with no noun (补一张, 弄一个吧, 给我来一份): the thing is the one refused.
_ELIDED_RE = re.compile(r"(?:补|弄|办|做|开|搞|来|整|给我|要)\s*(?:一|两|几)?\s*(?:张|个|份|套|本|盒|瓶|点)"
                        r"(?=\s*(?:$|吧|呗|呢|嘛|啊|就行|就好|，|,|我))")
# The speaker taking the refused deed into their own hands (我自己弄, 自己动手做).
_OWN_HANDS_RE = re.compile(r"我?自己(?:弄|做|搞|动手|改|配|调|提|合成)")
# The refused thing asked for again by another name (那叫原单尾货的呢, 那种叫代开的呢).
_RENAMED_RE = re.compile(r"^(?:那|那么|那要是)?(?:叫|叫做|说是)[\u4e00-\u9fffA-Za-z0-9]{1,8}?的(?:呢|话)?")


def keeps_aim(text: str, refused_text: str, own_side: bool) -> bool:
    """Whether `text`, said just after `refused_text` was refused, still asks for the refused aim. `own_side` says
    the turn asks for help against that harm (辨别, 举报, 怎么办), which no cue here overrides."""
    said = joined(text)
    if _OWN_HANDS_RE.search(said) or _RENAMED_RE.search(said) or _ELIDED_RE.search(said):
        return True
    if _UNSEEN_GUARD_RE.search(said):
        return True
    if own_side:
        return False
    if _HARM_WORD_RE.search(said) or _UNSEEN_RE.search(said):
        return True
    refused = joined(refused_text)
    return _PRONOUN_RE.search(said) is not None and _PERSON_RE.search(refused) is not None
