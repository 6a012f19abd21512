"""The rule baseline in a dialogue: the current utterance read with the turns before it (issue 13).

A turn that leans on the history (a clarify answered, a change said without its task, a pointer back, a refused
request pushed again) is read together with what it leans on; a turn that is a whole request on its own is read
fresh, so nothing stale carries over. With no history this is `baseline.predict.predict`, unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from baseline import followup, part_list, refusal_aim, refusal_excuse, refusal_push, spoken_cues
from baseline.dialogue_answer import PLACE_RE, answer, still_open
from baseline.dialogue_back import pointed_turn
from baseline.dialogue_fill_in import filled_in
from baseline.dialogue_items import picked_item, same_but
from baseline.dialogue_left_open import as_question_back, value_for
from baseline.dialogue_on_site import about_site, on_site
from baseline.dialogue_subject import INTERJECTIONS, KIND_NOUN, LEAD_RE, about_subject
from baseline.form_correction import corrected
from baseline.form_fields import form_request
from baseline.form_followup import changed_form, form_turn
from baseline.form_value_edit import edited_value
from baseline.predict import extract, navigate, predict, search
from baseline.query_lift import lifted
from baseline.query_refine import instead, narrows, refine_query, where_or_when
from baseline.search_followup import FOLLOWUPS, values_narrowed
from baseline.sites import display_name, find_site
from v2t.contract import decision_first, make_contract
from v2t.spoken import clean_string, fit, strip_fillers

History = Sequence[tuple[str, Any]]   # earlier (user text, contract) pairs, oldest first
# Said between an earlier request and its change, it makes the change a self-correction of the request, which
# baseline.self_correction already knows how to apply (北京天气 + 上海的 -> 上海天气).
_REPAIR = " 哦不对 "


def predict_turn(text: str, history: History) -> dict[str, Any]:
    """The baseline's contract for `text` said after `history`."""
    contract = _read_turn(text, history)
    prev = next((c for _, c in reversed(history) if isinstance(c, dict) and "task_type" in c), None)
    if prev is None or prev["task_type"] != "form_fill" or contract["task_type"] not in ("form_fill", "search", "clarify"):
        return contract
    # A change of a form's value restates the whole form, as a refinement restates its task.
    fields = contract["slots"]["field"] if contract["task_type"] == "form_fill" else None
    if (whole := changed_form(text, prev["slots"].get("field") or {}, fields)) is not None:
        return decision_first(make_contract("form_fill", whole, _form_command(whole)))
    return contract


def _read_turn(text: str, history: History) -> dict[str, Any]:
    contract = _read_spaced(text, history)
    if not history or (cued := spoken_cues.closed(text)) == text or predict(text)["task_type"] == "blocked" or \
            "form_fill" in (contract["task_type"], _task_of(history[-1][1])):
        return contract
    # A cue the recogniser split (改 成 宁波, 不对 不对 是 荔枝, 不是 五 月 是 六 月): read again with it joined, and taken
    # where the history then applies. A form's values are spoken digits and corrections of their own (哦 不 最后 是 七九).
    again = _read_spaced(cued, history)
    return contract if again == predict(cued) else again


def _task_of(contract: Any) -> str | None:
    return contract.get("task_type") if isinstance(contract, dict) else None


def _read_spaced(text: str, history: History) -> dict[str, Any]:
    contract = _read_said(text, history)
    alone = predict(text)
    if contract != alone or alone["task_type"] == "blocked" or (closed := followup.unspaced(text)) == text:
        return contract
    # Nothing in the history applied to the words as the recogniser spaced them (还是 那个 网站 帮我 搜 一下 流浪地球):
    # the cues of a follow-up are read again with the gaps closed, and taken only where the history then applies to
    # the same task (a question back, or another task, is no reading of a cue the spaces hid).
    again = _read_said(closed, history)
    if again == predict(closed) or again["task_type"] != alone["task_type"] and not _kept_task(again, alone, history):
        return contract
    return again


def _kept_task(again: dict[str, Any], alone: dict[str, Any], history: History) -> bool:
    """Whether the gap-closed reading is the last task kept or pointed back to (还 是 上 一个 吧 read alone asks back,
    换 成 百度 百科 after a visit reads alone as a search of its words): the history's own task, not a new one."""
    done = [c["task_type"] for _, c in history if isinstance(c, dict) and c.get("task_type") not in (None, "clarify", "blocked")]
    return again["task_type"] in done and again["task_type"] != "clarify" and (
        alone["task_type"] == "clarify" or bool(done) and again["task_type"] == done[-1])


def _read_said(text: str, history: History) -> dict[str, Any]:
    alone = predict(text)
    earlier = [(t, c) for t, c in history if isinstance(c, dict) and "task_type" in c]
    if not earlier:
        return alone
    prev_text, prev = earlier[-1]
    kind = prev["task_type"]
    if alone["task_type"] == "blocked":
        # 那教我怎么找回她的密码总可以吧 after a refused break-in: refused by its own words too, it is the same refusal
        # pushed again, named as it was; a speaker who gives up first (算了 那帮我…) asks anew.
        return decision_first(dict(prev)) if kind == "blocked" and refusal_push.GIVE_UP_RE.search(text) is None else alone
    if kind == "blocked":
        # Pushed more than once, the refused request is all of the refused turns (去哪买医院的章 after 伪造病假条 was
        # refused, then argued for): the words of each, not only of the last push.
        return _after_refusal(text, alone, " ".join(t for t, _ in _refused_run(earlier)), prev)
    if kind == "clarify":
        return answer(text, alone, earlier)
    if (placed := picked_item(text, earlier, by_place=True)) is not None and \
            (item := predict(placed))["task_type"] not in ("clarify", "blocked"):
        return item  # 最后那家的营业时间 after 海底捞 西贝 还有 外婆家 哪家便宜: the place picks the item, before any aspect
    if (asked := as_question_back(text, prev_text, prev)) is not None:
        return answer(text, alone, earlier[:-1] + asked)  # 宁德 时代 那只 after a search of 那只 股票 今天 涨了没
    if (filled := value_for(text, prev_text, prev)) is not None:
        return filled
    if (there := on_site(text, earlier) or about_site(text, earlier)) is not None:
        return there
    if kind in ("search", "navigate") and (about := about_subject(text, prev)) is not None:
        return about  # 那趟车到济南几点, 这家公司的面试流程呢: the pointer stands for what the last task was about
    if kind == "form_fill" and (same := _same_value(text, prev["slots"].get("field") or {})):
        # 发票 抬头 写 个人 然后 收票人 还是 填 刚才 那个 名字: the fields said with their own values stay beside it.
        said = alone["slots"]["field"] if alone["task_type"] == "form_fill" else {}
        same = {**{k: str(v) for k, v in said.items() if k not in same and not _SAME_VALUE_RE.search(str(v))}, **same}
        return decision_first(make_contract("form_fill", same, _form_command(same)))
    if kind == "form_fill" and (edit := edited_value(text, earlier)):
        return decision_first(make_contract("form_fill", edit, _form_command(edit)))  # 地点 改成 东城区的: that unit only
    labels = [str(k) for _, c in earlier if c["task_type"] == "form_fill" for k in c["slots"].get("field") or {}]
    if kind == "form_fill" and (right := corrected(text, labels)):
        return decision_first(make_contract("form_fill", right, _form_command(right)))  # 年级说错了 是小学三年级
    if kind == "form_fill" and alone["task_type"] == "form_fill":
        return alone  # a form over several turns: this turn's fields only
    slot = next(iter(prev["slots"].values()), None)
    editable = kind in ("search", "extract") and isinstance(slot, str) and alone["task_type"] in ("search", "extract", "clarify")
    if editable and (parts := part_list.dropped(text, str(slot))):
        return decision_first(make_contract(kind, parts, fit(COMMAND_VERB[kind], parts)))  # 不要电话了 就要邮箱跟地址
    if kind == "search" and isinstance(slot, str) and (kept := lifted(slot, text)) is not None:
        return decision_first(make_contract("search", kept, fit("搜索", kept)))  # 算了 预算不限了: that condition gone
    if kind in ("search", "extract") and isinstance(slot, str) and (swapped := instead(slot, text)):
        swapped = part_list.placed(swapped, prev_text) if kind == "extract" else swapped
        return decision_first(make_contract(kind, swapped, fit(COMMAND_VERB[kind], swapped)))
    if kind == "extract" and isinstance(slot, str) and (more := _ALSO_RE.match(followup.unspaced(followup.core(text))) or
                                                         _TOO_RE.match(_POINTER_LEAD_RE.sub("", followup.core(text)))):
        # 还有优惠券 一起 after 把这个商品的价格提一下: the same thing taken, with one more part.
        target = part_list.placed(clean_string(f"{slot}和{more['x']}"), prev_text)
        return decision_first(make_contract("extract", target, fit("提取", target)))
    if editable and (parts := part_list.added(text, str(slot))):
        parts = part_list.placed(parts, prev_text) if kind == "extract" else parts
        return decision_first(make_contract(kind, parts, fit(COMMAND_VERB[kind], parts)))  # 还有门票价格一起查
    if kind == "form_fill" and alone["task_type"] not in ("navigate", "blocked") and (
            fields := form_turn(text, prev["slots"].get("field") or {}, prev_text)):
        return decision_first(make_contract("form_fill", fields, _form_command(fields)))
    if kind == "search" and (named := filled_in(text, prev_text, prev)) is not None:
        return named  # 宁德时代 after 看下它今天股价咋样, read by the baseline as a search of 它
    if kind == "search" and (narrowed := values_narrowed(text, prev_text, prev, alone)) is not None:
        return narrowed  # 预算 一千左右吧: a value said after a search narrows it, no form there to fill
    if alone["task_type"] != "form_fill" and (kept := next(filter(None, (f(text, prev) for f in FOLLOWUPS)), None)):
        return kept  # 预算提到三千吧, 他在杭州有没有, B站上的, 作者还写过什么: one part changed, the task kept
    if kind in ("search", "extract") and (kept := same_but(text)) is not None:
        piece, searched = kept  # 同样的内容 换成中国银行的 搜一下: the earlier object with one part changed
        if kind == "extract" and searched and (found := search(refine_query(str(prev["slots"]["target"]), piece, False))):
            return found
        return _refined(prev_text, prev, piece, alone)
    if (picked := picked_item(text, earlier)) is not None and (item := predict(picked))["task_type"] not in ("clarify", "blocked"):
        return item  # 第二个牌子的价格 after 戴森吹风机和松下吹风机哪个好: the item the pointer picks
    if (pointed := _resolve_reference(text, earlier)) is not None:
        return pointed
    # 那个 is a filler elsewhere, so the pointer is looked for in the words as said (那个电影), not their core.
    said = _pointer_said(text)
    if kind == "search" and alone["task_type"] == "search" and (
            _ANAPHORA_RE.match(followup.core(said)) or _ANAPHORA_RE.match(said)):
        # 他最出名的那本书 after 搜一下 莫言, 那个电影 在哪能看: a question about what the search was about.
        entity = str(prev["slots"]["query"]).split()[0]
        query = str(alone["slots"]["query"])
        if entity not in query:
            return search(f"{entity} {_ANAPHORA_RE.sub('', query, count=1).strip()}")
    if alone["task_type"] == "clarify" and (choice := followup.picked_option(text, prev_text)):
        return _refined(prev_text, prev, choice, alone)  # 第二个 among the options the request weighed
    change = followup.change_of(text) or followup.change_of(_after_complaint(text))
    # 再搜一下周杰伦的新歌 after a visit is a new search: a change keeps the earlier task, and a piece with its head
    # (周杰伦的新歌) after a task verb is a request of its own.
    if change is not None and change.verb not in (None, kind):
        change = None
    if change is not None and change.verb is not None and not followup.elided(change):
        change = None
    # 不是这个 我要查 流浪地球3 什么时候上映: the piece says its own task and object, a request of its own.
    if change is not None and change.verb is None and re.match(r"(?:查|搜|找|打开)", change.piece) and \
            not followup.elided(change) and (own := predict(change.piece))["task_type"] != "clarify":
        return own
    if change is not None and (alone["task_type"] in ("clarify", kind) or _only_change(text, change.piece)):
        return _refined(prev_text, prev, change.piece, alone, entity=followup.bare_entity(text))
    if kind == "search" and (alone["task_type"] in ("clarify", "search") or _misheard_site(text)) and \
            narrows(followup.core(text)):
        # 要防水的 三百以内, 只要国产的: a fragment that narrows the search before it.
        return _refined(prev_text, prev, followup.core(text), alone)
    if kind == "search" and alone["task_type"] in ("clarify", "search") and (
            fragment := where_or_when(followup.core(text))):
        # 就北京吧, 从南京 下周三 after a search the speaker had left open: its place or day, the rest kept.
        return _refined(prev_text, prev, fragment, alone)
    if kind == "extract" and alone["task_type"] in ("clarify", "search") and _names_a_part(followup.core(text)):
        # 发货时间, 售后的 after 把页面上那个时间提出来: which part of the same page.
        return _refined(prev_text, prev, followup.core(text).removesuffix("的"), alone)
    if kind in ("search", "extract") and alone["task_type"] != "navigate" and _only_describes(text):
        # 我房贷那个银行, 就昨天下的那个 after a search of words never pinned down: which one is still open.
        return still_open([prev_text], text, make_contract("clarify", "未说明具体是哪一个", "请说明具体是哪一个"))
    if alone["task_type"] == "clarify" and followup.asks_again(text):
        return decision_first(dict(prev))
    return alone


# A 那个 / 这个 just after an interjection is the speaker's hesitation (诶 那个 蛋挞怎么做), no pointer back.
_HESITATION_RE = re.compile(rf"^[\s，,]*[{INTERJECTIONS}][\s{INTERJECTIONS}，,]*(?:那个|这个)[\s，,]*")


def _pointer_said(text: str) -> str:
    """The words as said with the leading interjections off, and a hesitation's 那个 / 这个 with them."""
    return _HESITATION_RE.sub("", text, count=1) if _HESITATION_RE.match(text) else LEAD_RE.sub("", text)


# A question that starts from the thing just searched: a pronoun (他写的, 她的), a pointer with a measure word before a
# noun (那部片), or 那个/这个 before a word for a kind of thing (那个电影); 那个 before anything else is a hesitation
# (那个 空气炸锅哪个牌子好 is a new request).
_ANAPHORA_RE = re.compile(r"^(?:他|她|它)的?|^(?:那部|这部|那本|这本|那款|这款|那只|这只)(?=[\u4e00-\u9fff])"
                          rf"|^(?:那个|这个)(?={KIND_NOUN})")


# Words of a visit: without them, a site a fragment seems to name is no site to open (四星半以上 after a search).
_VISIT_RE = re.compile(r"打开|开一下|进入|访问|上一下|网站|官网|网页|去")
def _misheard_site(text: str) -> bool:
    """A site found only by the sound of other words (评分高的 heard as 高德), with no word of a visit."""
    site = find_site(text)
    return site is not None and text[site[2]:site[3]] != site[0] and not _VISIT_RE.search(text)


_OWN_ACT_RE = re.compile(r"搜|查|找|打开|网站|官网|填|怎么|什么|哪|吗|谁|几|多少")


def _names_a_part(core: str) -> bool:
    """A bare noun phrase, asking nothing and naming no act (发货时间, 售后的): a part of what was being taken."""
    return 0 < len(core.replace(" ", "")) <= 8 and _OWN_ACT_RE.search(core) is None


COMMAND_VERB = {"search": "搜索", "extract": "提取"}
# 地名也要 人名和地名都要, 邮箱也提一下: a part named, then 也 and a verb of taking (after a pointer to the page).
_TOO_RE = re.compile(r"^(?P<x>[\u4e00-\u9fffA-Za-z0-9]{1,8}?)\s*也(?:要|提|提取|摘|一起|加上)(?!\S*(?:搜|查|找|打开))")
_POINTER_LEAD_RE = re.compile(r"^(?:刚才|刚刚|还是)?\s*(?:那个|这个)?\s*(?:页面|网页|表格|文章)(?:上|里)?的?\s*")
_ALSO_RE = re.compile(r"^(?:还有|再加上?|加上|以及|顺便)\s*(?P<x>[\u4e00-\u9fffA-Za-z0-9]{1,8}?)(?:\s*(?:一起|也要|也提|也)\S{0,3})?$")
# A label given the value just filled (昵称也填刚才那个, 寄件地址也一样 跟刚才那个, 紧急联系人电话 也填这个).
_SAME_VALUE_RE = re.compile(r"\s*(?:也|还是)?\s*(?:填|写|用)?\s*(?:一样|同上|跟刚才|和刚才|跟上面|刚才那个|上面那个|这个|那个|[他她](?![们的]))")


def _same_value(text: str, fields: dict[str, Any]) -> dict[str, str] | None:
    text = followup.unspaced(text)  # 备用 邮箱 也 填 刚才 那个: the label is one word, however it was spaced
    m = _SAME_VALUE_RE.search(text)
    if m is None or not fields or not re.search(r"也|一样|同上|刚才", text):
        return None
    # The label is the last thing said before the value's pointer (…然后 收票人 还是 填 刚才 那个).
    before = re.split(r"然后|还有|，|,", text[:m.start()])[-1]
    label = re.sub(r"(?:也|还是)$", "", re.sub(r"^[\s嗯呃哦那就还有]+", "", before).strip())
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,8}", label) or label in fields:
        return None
    return {label: str(list(fields.values())[-1])}


_TAKE_RE = re.compile(r"提|摘|看|要|换|改")


def _only_describes(text: str) -> bool:
    """A short answer that only describes its object (那个, 那两款, 常用的) and asks or names nothing itself."""
    core = followup.core(text)
    return (len(core.replace(" ", "")) <= 10 and _OWN_ACT_RE.search(core) is None and _TAKE_RE.search(core) is None
            and followup.reference(text) is None and followup.describes(text))


def _form_command(fields: dict[str, str]) -> str:
    return fit("在表单中填写", "和".join(fields))


def _only_change(text: str, change: str) -> bool:
    """Whether `text` says nothing but the change and its cue (no task of its own around it)."""
    said = _FAILED_VISIT_RE.sub("", followup.unspaced(followup.core(text)))
    return len(said.replace(" ", "")) <= len(change.replace(" ", "")) + 6


def _after_complaint(text: str) -> str:
    """The words after a complaint about the page that would not serve (不行 打不开 换成百度百科 -> 换成百度百科)."""
    return re.sub(rf"^(?:[\s，,啊呀吧了嗯呃]|{_FAILED_VISIT_RE.pattern})+", "", followup.unspaced(text))


# What a speaker says of a page that would not serve (不行 打不开, 进不去, 加载不出来): why the change, no request.
_FAILED_VISIT_RE = re.compile(r"不行|打不开|开不了|进不去|上不去|登不上|加载不出来?|刷不出来?|太慢了?|卡住了|卡死了|404|报错了?")


def _refused_run(earlier: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The refused turns just before this one, oldest first (the request, then each push of it)."""
    run: list[tuple[str, Any]] = []
    for said, contract in reversed(earlier):
        if contract["task_type"] != "blocked":
            break
        run.insert(0, (said, contract))
    return run


def _after_refusal(text: str, alone: dict[str, Any], prev_text: str, prev: dict[str, Any]) -> dict[str, Any]:
    """A refused request pushed again stays refused; a harmless new request is served as if it came first."""
    if refusal_push.pushes(text):
        return decision_first(dict(prev))
    if refusal_push.GIVE_UP_RE.search(text) is None and refusal_excuse.argues(text, prev_text):
        return decision_first(dict(prev))  # 就做研究用, 大家都在买, 老师让查的: an argument for it, nothing new asked
    if refusal_aim.keeps_aim(text, prev_text, refusal_push.own_side(text)):
        return decision_first(dict(prev))  # 鞭炮里的火药怎么取出来, 算了 帮我找个能看他微信的: a step toward the same aim
    if refusal_push.gives_up(text):
        return predict(refusal_push.after_give_up(text)) if alone["task_type"] == "clarify" else alone
    # A Latin word is one word (SQL said again is one word of the old request, not three).
    own = re.findall(r"[A-Za-z0-9]+|[^A-Za-z0-9]", followup.own_words(text))
    said_before = sum(w in prev_text for w in own)
    no_new_object = alone["task_type"] == "clarify" or len(own) <= 1 or said_before * 2 >= len(own)
    if no_new_object and (followup.rephrases(text) or alone["task_type"] == "clarify"):
        return decision_first(dict(prev))
    return alone


def _object_of(contract: dict[str, Any]) -> str | None:
    """What an earlier turn was about, in words a request can say again (a site's name, a query, a target)."""
    slot = next(iter(contract["slots"].values()), None)
    if contract["task_type"] == "navigate" and isinstance(slot, str):
        return display_name(slot) or slot.removeprefix("https://").removeprefix("www.")
    if contract["task_type"] in ("search", "extract") and isinstance(slot, str):
        return slot
    return None


def _site_of(text: str, contract: dict[str, Any]) -> str | None:
    if contract["task_type"] == "navigate":
        return _object_of(contract)
    site = find_site(text)
    return site[0] if site else None


# The task a verb next to the pointer asks for (刚才那个再搜一下: the earlier search, not the visit after it).
_POINTER_TASKS = ((re.compile(r"搜|查|找"), "search"), (re.compile(r"打开|回到|进|访问|网站|网页|官网"), "navigate"),
                  (re.compile(r"提取|提出来|摘"), "extract"))
# Words around a pointer that only say "again" (还是刚才那个, 再搜一下): no part of the request's object.
_AGAIN_WORDS_RE = re.compile(r"^\s*还是|再(?=\s*(?:帮我|给我)?\s*(?:搜|查|找|打开|开|看|来|提))")


# What is said around a pointer back that asks nothing new (不对 还是…吧, 算了, 我在那上面看).
_SAID_BACK_RE = re.compile(r"不对|算了|还是|就|吧|啊|呀|嗯|那个|回到|回|我(?:就)?(?:在|去)?那?上面\S{0,2}|我要那个|网站")
_ASKS_RE = re.compile(r"多少|什么|怎么|吗|哪|几|谁|评分|价格|票价")


def _resolve_reference(text: str, earlier: list[tuple[str, Any]]) -> dict[str, Any] | None:
    """刚才那个, 上一个, 还是那个网站: the pointer replaced by the earlier turn's object, then read as one request."""
    if (back := pointed_turn(text, earlier)) is not None:
        (then_text, then), rest = back
        change = followup.change_of(rest)
        if change is not None and then["task_type"] == "search" and change.verb in (None, "search"):
            return _refined(then_text, then, change.piece, predict(text))  # 第一个那个 再帮我查一下后天的
        if len(_SAID_BACK_RE.sub("", followup.core(rest)).replace(" ", "")) <= 2 or \
                any(w in json.dumps(then["slots"], ensure_ascii=False) for w in followup.core(rest).split()):
            return decision_first(dict(then))  # 不对 还是上一个吧, 回到第一个网站 我在那上面看, 还是上一个吧 西安那个
    m = followup.reference(text)
    if m is None:
        return None
    done = [(t, c) for t, c in reversed(earlier) if c["task_type"] not in ("clarify", "blocked")]
    rest = text[:m.start()] + text[m.end():]
    wanted = next((task for pattern, task in _POINTER_TASKS if pattern.search(rest)), None)
    ordinal = followup.ORDINAL_RE.search(text)
    if ordinal and ordinal["n"] and len(done) >= 2 and not any(followup.options(t) for t, _ in earlier):
        # 还是第一个吧 after two visits: the first of them, counted in the order they were done.
        n = {"一": 1, "二": 2, "两": 2, "三": 3}.get(ordinal["n"], 1)
        return decision_first(dict(done[::-1][min(n, len(done)) - 1][1]))
    if followup.points_at_site(m):
        sites = [s for t, c in done if (s := _site_of(t, c))]
        # Just after a visit, 之前那个网站 is the one before it: the speaker is on the latest one.
        on_it = earlier[-1][1]["task_type"] == "navigate" and len(sites) > 1
        named = sites[1] if on_it else next(iter(sites), None)
    else:
        named = next((o for _, c in done if c["task_type"] == wanted and (o := _object_of(c))), None)
        named = named or next((o for _, c in done if (o := _object_of(c))), None)
    if named is None:
        return None
    said = _AGAIN_WORDS_RE.sub("", text[:m.start()]) + named + _AGAIN_WORDS_RE.sub("", text[m.end():])
    contract = predict(said.strip())
    if contract["task_type"] == "navigate" and not followup.points_at_site(m) and _ASKS_RE.search(rest):
        # 刚才那个 豆瓣评分多少 after a search of 满江红: a question about the thing, the site only where it is asked.
        return search(said.strip())
    if contract["task_type"] == "clarify":
        # Only the pointer and a word like 还是 / 再: the earlier task again, on the object pointed at.
        prev = next(c for _, c in done)
        return decision_first(dict(prev)) if _object_of(prev) == named else predict(named)
    return contract


def _swap_site(prev_text: str, change: str) -> str | None:
    """The earlier request with its site replaced by the one the change names (去淘宝搜耳机 + 京东)."""
    old, new = find_site(prev_text), find_site(change)
    if old is None or new is None:
        return None
    return prev_text[:old[2]] + new[0] + prev_text[old[3]:]


# Each task type's rule, to keep a refinement the same type of task as the one it refines.
_AS = {"search": search, "navigate": navigate, "extract": extract}


def _refined(prev_text: str, prev: dict[str, Any], change: str, alone: dict[str, Any],
             entity: bool = False) -> dict[str, Any]:
    """The earlier task with the change applied: the same task type, the rest of its slot kept."""
    kind = prev["task_type"]
    if kind == "form_fill":
        fields = prev["slots"]["field"]
        for label in reversed(list(fields)):
            if (new := form_request(f"{label}填{change}")).get(label):
                return decision_first(make_contract("form_fill", {label: new[label]}, _form_command({label: new[label]})))
        return alone
    if kind == "navigate" and find_site(change) is not None:
        return predict(change if "打开" in change else "打开" + change)
    if kind == "extract":
        place = PLACE_RE.search(strip_fillers(prev_text))
        target = change if place is None or PLACE_RE.search(change) else f"{place.group(0)}的{change}"
        return decision_first(make_contract("extract", target, fit("提取", target)))
    if kind == "search" and _swap_site(prev_text, change) is None:
        # The earlier query itself, changed: words it has that the speaker never said (今日股价) stay.
        query = refine_query(str(prev["slots"]["query"]), change, entity)
        return decision_first(make_contract("search", query, fit("搜索", query)))
    # The change as a self-correction of the earlier request; a Latin piece replaces a Latin word whole.
    piece = change.removesuffix("的") if re.match(r"[A-Za-z0-9]", change) else change
    said = _swap_site(prev_text, change) or prev_text + _REPAIR + piece
    contract = predict(said)
    if contract["task_type"] != kind and (rule := _AS.get(kind)) is not None:
        contract = rule(said) or contract
    return decision_first(contract)
