"""`python -m baseline`: the deterministic rule baseline, the floor a trained model must beat.

Harms are read first (v2t.harm_rules, on the whole input and on the request as corrected); then the request as
meant, injection frames dropped and self-corrections applied (v2t.self_correction), goes through clarify,
form_fill, navigate, extract and search in that order. Every prediction is built with make_contract, so it is semantic-valid.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from baseline.clarify_pointer import pointed_unnamed
from baseline.cue_words import hear_cues, hear_harms
from baseline.form_fields import _LABEL_RE, extract_fields, form_request
from baseline.injection_frames import strip_injection
from baseline.request_hearing import hear_request
from baseline.search_query import compact_query, join_asr_splits, strip_fillers_keeping_words
from baseline.sites import display_name, find_site, remove_sites, spelled_domain
from baseline.vague_request import fill_without_form, kind_without_instance, part_without_name
from v2t.contract import MAX_STRING_CHARS, decision_first, make_contract
from v2t.errors import cli_entry
from v2t.harm_guard import GUARDS, apply_guard
from v2t.harm_rules import harm_said
from v2t.jsonl import write_jsonl_atomic
from v2t.rows import read_inputs
from v2t.self_correction import resolve_corrections
from v2t.spoken import clean_string, fit, spoken_digits, strip_fillers

# Words that carry no object: a request made only of these says nothing about what to do.
_VAGUE_RE = re.compile(r"你好|您好|哈喽|在不在|在吗|对对|就是这样|这样|发给|发|填上|写上|填好|填进去|那儿|这儿|哪儿|不是|是|把|去|帮我|给我|帮忙|麻烦|请|你懂的|你知道的|那啥|什么的|东西|事儿|事情|一下子?|这个|那个|这|那|它|他|她"
                       r"|弄|搞|处理|办|做|看看|看|打开|搜索|搜|查|找|填|我想|我要|想|要|你|我|了|的|就|呗|嘛|吗"
                       # References with nothing to refer to: 接着来, 跟上次一样, 打开那个网站.
                       r"|接着|继续|下一个|上一个|上次|上回|一样|同样|刚才|之前|网站|网页|网址|来着|还是|先|来|吧"
                       r"|告诉|随便|干点|啥|什么|自己|决定"
                       # Hurry adds no object: 帮我开一下那个网站 快点.
                       r"|快点儿?|快些|赶紧|赶快|马上|立刻|立马"
                       # Calls that only open the channel: 喂 能听到吗, 哈喽 在不在, 等一下 我想想.
                       r"|喂|您好|你好|哈喽|hello|hi|嗨|在吗|在不在|听得见|听到|能听|小助手|助手|等一下|等等|等会儿?|想想"
                       r"|算了|没想好|还没|看着办|你定|都行|随便"
                       # Acts said without their object: 帮我取消, 换一个, 比一下, 再来一次, 选第二个.
                       r"|瞅瞅?|比比|比较|对比|比|划算|便宜|好一?点|靠谱点?|回个?|消息|预订|预约|订(?!单)|约|改改|改|换|别的|另一个|另外"
                       r"|取消|掉|下载|下下来|登记|登上去|登录|登|问问|问|再来|再|一遍|一次|照|那样|老样子|选|第[一二三四五六七八九十两\d]个"
                       r"|两个|几个|这俩|俩|哪个|处理|有没有|一点|个|意思|懂|明白|件|事儿?|跟|成|不知道|干嘛|提取|说|讲|昨天|前天|之前")
_PUNCT_RE = re.compile(r"[\W_]+")
# A pointer with nothing to point at (查一下那个价格, 那边明天天气怎么样, 上次那个页面再打开): the reference, and the
# generic words that name no particular thing once it is unresolved.
_REFERENCE_RE = re.compile(r"那个|这个|那边|那儿|那里|这玩意儿?|上次|上回|刚才|刚发|群里|常用|经常|平时|常去|你知道的|老地方|说过的"
                           r"|[他她]坐的|明天的")
_GENERIC_RE = re.compile(r"价格|多少钱|卖多少|多少|天气|下不下雨|下雨|怎么样|航班|飞机|落地|到了?没|成绩|出了?没|链接|link|open"
                         r"|页面|网址|网站|东西|玩意儿?|扒下来|点开|明天|上|班|坐的|现在|能|吗|没有?|把|发给|发|回复|回|转给|常用|经常|平时|常去|朋友"
                         r"|推荐|以前")
# Words that need an object of their own: 帮我查一下价格 (of what?), 把邮箱填上 (which address?).
_NEEDS_OBJECT_RE = re.compile(r"价格|价钱|多少钱|成绩|航班|链接|网址|网站|东西|邮箱|电话|手机号|地址|名字|姓名")
# The speaker has not decided: 淘宝还是京东 我也拿不定主意, 周五或者周六 还没定.
_UNDECIDED_RE = re.compile(r"拿不定主意|不确定|没想好|还没定|定不下来|你说呢|你决定|你定吧|随便吧|看着办|不弄了|再说吧|回头再说"
                           r"|以后再说|等会再说")
# The speaker says the object is forgotten: 名字我忘了, 叫啥来着, 想不起来.
_FORGOT_RE = re.compile(r"忘了(?:名字|叫什么|叫啥|是哪|是啥)|名字.{0,3}忘|(?:网址|名字|地址).{0,2}忘了|想不起来|(?<![怕老])记不住|记不清"
                        r"|不记得|(?:叫|是)(?:什么|啥|哪)来着|什么来着|啥来着")
# A kind of site, not a site (打开那个银行的网站, 帮我进一下学校官网): which one is missing.
_SITE_KIND_RE = re.compile(r"(?:银行|学校|大学|学院|医院|公司|单位|政府|机构|部门|商场|酒店|航空公司|平台|店|官方)的?"
                           r"(?:官网|网站|官方网站|网页|主页|首页)")
_FORM_NAME_RE = re.compile(r"在([\u4e00-\u9fff]{1,6}?)(?:页面|页|表单|表格)")
_NAV_RE = re.compile(r"打开|开一下|开下|点开|跳转|输入网址|地址栏|(?<![a-z])open(?![a-z])|进|(?<![页面网边里路])上(?!次|回|面|周|个)|开开|调出来|进入|进去|进一下|去|上一下|访问|登录|登陆|跳到|转到|切到|回到|前往")
# What may surround a site name in a plain visit (嗯 百度首页 打开一下); anything else is a request about it.
_NAV_NOISE_RE = re.compile(_NAV_RE.pattern + r"|首页|官网|主页|网站|网页版|一下|帮我|给我")
# What describes the site (查学历的学信网, 猫眼 看票房那个) or what the user will do there (打开 我查个评分) is not a
# search request.
_DESCRIBED_BEFORE_RE = re.compile(r"(?:查|找|看|搜|填)[\u4e00-\u9fff]{1,8}?(?:的|那个)\s*$")
_DESCRIBED_AFTER_RE = re.compile(r"^\s*(?:就是|那个)?\s*(?:查|找|看|搜|填)?[\u4e00-\u9fff]{1,6}?那个")
_MY_OWN_RE = re.compile(r"我(?:自己)?(?:想|要)?(?:来|去)?(?:查|搜|找|看|下)")
_NO_SEARCH_RE = re.compile(r"(?:不用|不要|别|无需)(?:再)?(?:搜|查)(?:了|索)?")
_QUERY_RE = re.compile(r"搜|查|找|多少钱|卖多少|啥价|价格|推荐")
_EMAIL_HINT_RE = re.compile(r"@|艾特|\bat\b", re.I)
# Verbs that take something off the page; they mark an extraction and are no part of its target.
_EXTRACT_VERBS = (r"复制出来|复制下来|提出来|提一下|念一下|读一下|念出来|摘出来|拎出来|抓下来|提炼|提取|摘录|抓取|导出|列出"
                  r"|整理出|总结|概括|汇总")
_EXTRACT_RE = re.compile(
    # A request about "this" page item (这家酒店…, 这篇文章…) reads the open page.
    r"^(?:这家|这款|这篇|这部|这只|这条|这份|这张|这上面|这文章|这个(?:商品|产品|页面|网页|文章|视频|帖子|表|东西))"
    r"|" + _EXTRACT_VERBS + r"|this page|列一下|列个|把这页|这个页面|这一?页|页面上|网页上|本页|这篇")
_EXTRACT_WRAP_RE = re.compile(
    r"帮我|给我|请|麻烦|把|将|一下|列出来|出来|都|(?:这个页面|这一?页|本页|页面|网页|这篇文章|这篇)[上里中]?的?"
    r"|" + _EXTRACT_VERBS + r"|列|整理")
# The question around the thing to extract (是多少, 写了吗, 在哪): a target names the thing, not the question.
_TARGET_ASK_RE = re.compile(r"分别是多少|是多少|是什么|是啥|有哪些|是哪个|是哪家|在哪里?|有写吗|写了吗|写的啥|写了什么|写了啥|怎么说的?"
                            r"|怎么写的?|说了什么|讲了什么|说了啥|讲了啥|有没有|看下|看一下|找一下|找出|找|拎|弄|吗|呢|啊|呀|给我看")


def blocked(text: str) -> dict[str, Any] | None:
    """The refusal of the harm the request asks for (v2t.harm_rules.harm_said: corrections applied, frames seen
    through), or None."""
    refused = harm_said(text)
    return None if refused is None else make_contract("blocked", refused.reason, refused.command)


def is_vague(text: str) -> bool:
    """Near-empty once fillers, pronouns and object-less verbs are gone."""
    core = _VAGUE_RE.sub("", _PUNCT_RE.sub("", strip_fillers(text)).casefold())
    return (len(core) <= 1 or _NEEDS_OBJECT_RE.fullmatch(core) is not None
            or (_REFERENCE_RE.search(text) is not None and len(_GENERIC_RE.sub("", _REFERENCE_RE.sub("", core))) <= 1))


def names_no_object(text: str) -> bool:
    """Nothing to act on (就周五的), or only a pointer to a thing never named (我常用的那个邮箱): a question back."""
    if is_vague(text):
        return True
    core = _VAGUE_RE.sub("", _PUNCT_RE.sub("", strip_fillers(text)).casefold())
    return (_REFERENCE_RE.search(text) is not None
            and _NEEDS_OBJECT_RE.fullmatch(_GENERIC_RE.sub("", _REFERENCE_RE.sub("", core))) is not None)


def without_doubt(text: str) -> str:
    """A request without what made it a question back (我拿不定主意, 名字忘了), for an answer to complete."""
    return _FORGOT_RE.sub(" ", _UNDECIDED_RE.sub(" ", text))


def unnamed_site(text: str) -> bool:
    """A visit to a kind of site only (帮我进一下学校官网): nothing but the kind, open verbs and fillers is said."""
    kind = _SITE_KIND_RE.search(text)
    if kind is None or find_site(text) is not None or not _NAV_RE.search(text[:kind.start()] + text[kind.end():]):
        return False
    return is_vague(_NAV_NOISE_RE.sub("", text[:kind.start()] + text[kind.end():]))


def label_without_value(text: str) -> bool:
    """A form label and a fill verb, nothing else (收货地址 填一下, 邮箱那栏 帮我填上): the value is missing."""
    if _LABEL_RE.search(text) is None or not re.search(r"填|写上|写一下|输入|录入", text) or form_request(text):
        return False
    rest = re.sub(r"那一?栏|这一?栏|那里|那儿|那块|填上|填好|填进去|填|写上|写一下|输入|录入", "", _LABEL_RE.sub("", text))
    return is_vague(rest)


def form_fill(text: str) -> dict[str, Any] | None:
    fields = form_request(text)
    if not fields:
        # 邮箱写我常用的那个, 日期周六 或者周五 还没定: a label whose value was never said is a question back.
        if extract_fields(text)[1] or label_without_value(text):
            return make_contract("clarify", "未说明要填写的具体内容", "请说明要填写的具体内容")
        return None
    m = _FORM_NAME_RE.search(strip_fillers(text))
    where = f"在{m.group(1)}表单中填写" if m and not _VAGUE_RE.fullmatch(m.group(1)) else "在表单中填写"
    return make_contract("form_fill", fields, fit(where, "和".join(fields)))


def navigate(text: str) -> dict[str, Any] | None:
    # ASR spells digits in domains (music 点 幺六三 点 com); find_site reads split names (百 度 首 页) itself.
    url = None if _EMAIL_HINT_RE.search(text) else spelled_domain(spoken_digits(text))
    if url is not None and len(url) > MAX_STRING_CHARS:  # a contract string holds 64 characters: no such site
        url = None
    site = find_site(text)
    if url and (_NAV_RE.search(text) or is_vague(re.sub(r"[A-Za-z0-9.\s点]", "", spoken_digits(text)))):
        name = display_name(url) or url.removeprefix("https://").removeprefix("www.")
        return make_contract("navigate", url, fit("打开", name))
    if site is None:
        return None
    name, url, start, end = site
    before, after = _DESCRIBED_BEFORE_RE.sub("", text[:start]), _DESCRIBED_AFTER_RE.sub("", text[end:])
    rest = _MY_OWN_RE.sub("", _NO_SEARCH_RE.sub("", remove_sites(before + " " + after)))
    # 去淘宝搜一下耳机 is a search on that site, not a visit (不用搜了 直接打开 is a visit).
    if _QUERY_RE.search(rest) or not (_NAV_RE.search(rest) or is_vague(_NAV_NOISE_RE.sub("", rest))):
        return None
    return make_contract("navigate", url, fit("打开", name))


# Something open in front of the speaker: a part of a page or document (表格里, 邮件里, 评论区, 参数表上).
_CONTAINER_RE = re.compile(
    r"(?:表格?|页面|网页|这页|本页|结果页|文章|帖子|纪要|会议记录|邮件|通知|公告|合同|说明书|简历|文档|readme|faq|参数表|规格表"
    r"|参数|搜索结果|评论区|评论|简介|详情页|列表|图表|清单|目录|导航栏|公式|代码|日志|订单详情|订单|购物车|收件箱|记录|指南"
    r"|财报|报告|新闻|榜单|牌价|文件|资料|视频|图片?|问题|报错|page)"
    r"(?:里面|里|上面|上|中|下面|底下|底部|最下面|顶上|那栏|那一?格)|(?:表格?|页面?)?第[一二三四五六七八九十两\d]+(?:列|行|栏|段|条)"
    # Things that exist only on the page in front of the speaker.
    r"|积分榜|评论区|搜索结果|结果页|图注|栏目|当前页面|页面标题|采纳的|高赞|点赞最多|好评率", re.I)
# 这家酒店, 这药, 这个通知: a thing pointed at; not time (这周), the conversation (这个问题) or a place (这附近).
_DEIXIS_RE = re.compile(r"(?<!我)这(?!个?(?:周|月|星期|礼拜|季度|学期|时候|问题|单词|词|报错|错误|字|成语|歌|地方)|是|几|附近|边|儿|里|么"
                        r"|样|次|就|也|都|才|会|时|两|一)")
# What is asked about the thing: a value, a list, a reading-out.
_ASK_RE = re.compile(r"多少|什么|啥|哪些|哪个|哪家|哪天|几|多大|多重|在哪|谁|怎么说|怎么写|讲的|说的|写的|吗|给我看|看下|看一下"
                     r"|出来|下来|开始|结束|时间|地点|价|电话|邮箱|地址|参数|要求|步骤|条款|规则|日期|导演|比分|标题|链接|网址|摘要|结论|内容|记录"
                     r"|数据|费用|材料|收入|利润|指标|说明|回答|评论|图注|栏目")


# Said to go to the web (你上网帮我搜一下): a search even when the question came from the page.
_WEB_SEARCH_RE = re.compile(r"上网|网上|百度一下|搜一下|搜搜|帮我搜|去搜")


def extract(text: str) -> dict[str, Any] | None:
    spoken = re.sub(r"\s+", "", strip_fillers(text))
    if _WEB_SEARCH_RE.search(spoken) and not re.search(r"页面上|这页|本页", spoken):
        return None
    about_page = _CONTAINER_RE.search(spoken) or (_DEIXIS_RE.search(spoken) and _ASK_RE.search(spoken))
    if not (_EXTRACT_RE.search(strip_fillers(text)) or about_page):
        return None
    target = _EXTRACT_WRAP_RE.sub("", join_asr_splits(strip_fillers_keeping_words(text)))
    target = _TARGET_ASK_RE.sub(" ", re.sub(r"跟|还有|以及", "和", target.replace("多少钱", "价格")))
    target = clean_string(re.sub(r"\s*和\s*$", "", target))
    target = target if len(target) >= 2 else "页面主要内容"
    return make_contract("extract", target, fit("提取", target))


def search(text: str) -> dict[str, Any]:
    query = compact_query(text) or clean_string(text) or "相关信息"
    return make_contract("search", query, fit("搜索", query))


def predict(input_text: str) -> dict[str, Any]:
    """The baseline's contract for one spoken input; the first rule that fires decides the type."""
    text = unicodedata.normalize("NFKC", input_text)
    # The rules' words as a recogniser may have misheard them (邦我 医下, 转帐) are read as said; the harm check
    # sees both versions, so a reading never lets through what the text as written refuses.
    heard = hear_cues(text)
    refused = next(filter(None, map(blocked, dict.fromkeys((text, heard, hear_harms(heard))))), None)
    if refused is not None:
        return decision_first(refused)
    # What is read is the request meant: no injection frames, self-corrections applied (打开淘宝 哦不对 京东).
    text = resolve_corrections(strip_injection(heard))
    contract = _first_rule(text)
    if contract is None:
        # Every rule passed over it: a cue a recogniser split or misheard (打 揩网易云 音乐) may be why. Heard again,
        # more boldly (baseline.request_hearing), it counts only where a rule takes it then.
        again = hear_request(heard)
        contract = _first_rule(resolve_corrections(strip_injection(again))) if again != heard else None
    return decision_first(contract or search(text))


def _first_rule(text: str) -> dict[str, Any] | None:
    return next(filter(None, (rule(text) for rule in (_clarify, form_fill, navigate, extract))), None)


# What the speaker was about to do, when it can be told, names what is missing.
_MISSING = ((re.compile(r"比|划算|便宜|哪个"), "未说明要比较的对象", "请说明要比较的对象"),
            (re.compile(r"订|约"), "未说明要预约的内容", "请说明要预约的内容"),
            (re.compile(r"取消"), "未说明要取消的内容", "请说明要取消的内容"),
            (re.compile(r"下载|下下来"), "未说明要下载的内容", "请说明要下载的内容"),
            (re.compile(r"换|另一个|另外"), "未说明要更换的对象", "请说明要更换的对象"),
            (re.compile(r"回个?消息|回一下|回复"), "未说明回复对象和回复内容", "请说明回复对象和内容"),
            (re.compile(r"选|第.个"), "未说明要选择的选项", "请说明要选择的选项"),
            (re.compile(r"提取|摘|总结"), "未说明要提取的内容", "请说明要提取的内容"),
            (re.compile(r"打开|开一下|点开|进|去|(?<![写填贴加])上|open|回到"), "未说明要打开的网站或页面", "请说明要打开的网站或页面"),
            (re.compile(r"再|刚才|刚刚|上次|上回|一样|老样子"), "未说明要重复的是哪个操作", "请说明要重复的操作"),
            (re.compile(r"搜|查|找|看看|看一下"), "未说明要查询的具体内容", "请说明要查询的内容"),
            (re.compile(r"填|写"), "未说明要填写的表单和内容", "请说明要填写的表单和内容"),
            (re.compile(r"喂|你好|您好|哈喽|hello|hi|嗨|在吗|在不在|听", re.I), "未说明具体请求", "请说明具体请求"))


def _clarify(text: str) -> dict[str, Any] | None:
    if label_without_value(text):  # 手机号 写上: the form is known, its value is what is missing
        return make_contract("clarify", "未说明要填写的具体内容", "请说明要填写的具体内容")
    forgot = _FORGOT_RE.search(text)
    # 叫什么来着 … 我是说 12306: a name recalled after the lapse is not forgotten.
    recalled = forgot and find_site(re.sub(r"\s+", "", text[forgot.end():])) is not None
    if find_site(text) is not None and _NAV_RE.search(remove_sites(text)):  # 去哪儿网 打开: a site and an open verb
        return None
    if not (is_vague(text) or (forgot and not recalled) or _UNDECIDED_RE.search(text) or unnamed_site(text)):
        # 搜 火车 时刻: a kind its task needs one of; 帮我看一下那个评分: a thing pointed at and named only by its kind.
        asked = kind_without_instance(text) or part_without_name(text) or fill_without_form(text) or pointed_unnamed(text)
        return None if asked is None else make_contract("clarify", *asked)
    if (kind := kind_without_instance(text)) is not None:  # 那个 天气怎么样: the city is what is missing
        return make_contract("clarify", *kind)
    for pattern, missing, command in _MISSING:
        if pattern.search(text):
            return make_contract("clarify", missing, command)
    return make_contract("clarify", "未说明具体要做什么", "请说明要执行的操作")


def main(argv: list[str] | None = None) -> int:
    # Imported here: baseline.dialogue reads requests with this module's rules.
    from baseline.dialogue_rows import HISTORY_MODES, dialogue_predictions, turn_inputs
    from v2t.dialogue import is_dialogue_file

    parser = argparse.ArgumentParser(prog="python -m baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, required=True,
                        help="gold rows (any format with id/row_id and input_text) or a dialogue file (turns)")
    parser.add_argument("--out", type=Path, required=True, help="predictions.jsonl to write")
    parser.add_argument("--split", help="keep only rows whose `split` is this (e.g. dev)")
    parser.add_argument("--history", choices=HISTORY_MODES, default="gold",
                        help="dialogues: read each turn after the gold earlier turns, or after the baseline's own")
    parser.add_argument("--guard", choices=GUARDS, default="none",
                        help="rules: where the harm rules fire on the whole input, write the refusal instead")
    args = parser.parse_args(argv)
    if is_dialogue_file(args.rows):
        predictions = dialogue_predictions(args.rows, args.split, args.history)
        inputs = turn_inputs(args.rows, args.split)
    else:
        predictions, inputs = [], dict(read_inputs(args.rows, args.split))
        for rid, text in inputs.items():
            start = time.perf_counter()
            contract = predict(text)
            latency_ms = (time.perf_counter() - start) * 1000.0
            predictions.append({"id": rid, "prediction": contract, "tokens": 0, "forward_passes": 0,
                                "latency_ms": round(latency_ms, 4), "finish": "eos"})
    predictions = apply_guard(args.guard, predictions, inputs)
    write_jsonl_atomic(args.out, predictions)
    counts: dict[str, int] = {}
    for p in predictions:
        counts[p["prediction"]["task_type"]] = counts.get(p["prediction"]["task_type"], 0) + 1
    guarded = f" guard changed {sum(p['guard']['changed'] for p in predictions)}" if args.guard != "none" else ""
    print(f"baseline: {len(predictions)} predictions -> {args.out} "
          + " ".join(f"{k}={v}" for k, v in sorted(counts.items())) + guarded)
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
