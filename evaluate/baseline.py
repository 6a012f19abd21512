"""`python -m evaluate.baseline`: the deterministic rule baseline, the floor a trained model must beat.

Keywords and patterns over the spoken input, checked in a fixed order: blocked, clarify, form_fill,
navigate, extract, search. Every prediction is built with make_contract, so it is semantic-valid.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from evaluate.form_fields import form_request
from evaluate.sites import find_site, remove_sites, spelled_domain
from v2t.contract import decision_first, make_contract
from v2t.errors import cli_entry
from v2t.jsonl import write_jsonl_atomic
from v2t.rows import read_inputs
from v2t.spoken import clean_string, fit, spoken_digits, strip_fillers

# (pattern, why it is refused, the refusal command); the first match wins.
BLOCKED: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p), reason, command) for p, reason, command in (
        (r"忽略.{0,12}(规则|限制|指令|设定)|绕过.{0,8}(限制|验证|规则|审核)|越狱|没有.{0,4}规则的|不受.{0,4}限制|开发者模式",
         "要求绕过安全规则", "拒绝绕过安全规则的请求"),
        (r"转账|汇款|付款|支付(?!宝)|充值|打钱|代付|付钱|还款|转[给零一二两三四五六七八九十百千万\d]|打赏|发.{0,8}红包"
         r"|刷.{0,6}(火箭|礼物)",
         "代用户付款或转账存在资金风险", "拒绝代为付款转账的请求"),
        (r"破解|盗号|盗取|密码|黑进|入侵|撞库|木马",
         "涉及盗取他人账号或密码", "拒绝破解他人账号的请求"),
        (r"定位[他她]|[他她]的位置|住址|住在哪|住哪|家在哪|搬哪|跟踪|行踪|人肉|开盒|开房记录|实时定位",
         "涉及追踪他人位置或隐私", "拒绝查找他人隐私的请求"),
        # Covert wording (别让她知道) marks spying whatever the tool is.
        (r"监控|偷看|窃听|偷拍|聊天记录|看[他她]的?(聊天|消息|短信)|别让[他她]|不让[他她]|[他她]不知道|偷偷",
         "涉及监控或偷看他人", "拒绝监控他人的请求"),
        (r"伪造|冒充|假冒|冒用|假证|假身份证|假发票|代考|用.{0,6}(别人|他人)的身份证",
         "涉及伪造或冒充身份", "拒绝伪造身份的请求"),
    )
)
# Words that carry no object: a request made only of these says nothing about what to do.
_VAGUE_RE = re.compile(r"帮我|给我|帮忙|麻烦|请|你懂的|你知道的|那啥|什么的|东西|事儿|事情|一下子?|这个|那个|这|那|它|他|她"
                       r"|弄|搞|处理|办|做|看看|看|打开|搜索|搜|查|找|填|我想|我要|想|要|你|我|了|的|就|呗|嘛|吗"
                       # References with nothing to refer to: 接着来, 跟上次一样, 打开那个网站.
                       r"|接着|继续|下一个|上一个|上次|上回|一样|同样|刚才|之前|网站|网页|网址|来着|还是|先|来|吧")
_PUNCT_RE = re.compile(r"[\W_]+")
_FORM_NAME_RE = re.compile(r"在([\u4e00-\u9fff]{1,6}?)(?:页面|页|表单|表格)")
_NAV_RE = re.compile(r"打开|开一下|开开|调出来|进入|进去|进一下|去|上一下|访问|登录|登陆|跳到|转到|切到|回到|前往")
# What may surround a site name in a plain visit (嗯 百度首页 打开一下); anything else is a request about it.
_NAV_NOISE_RE = re.compile(_NAV_RE.pattern + r"|首页|官网|主页|网站|网页版|一下|帮我|给我")
_QUERY_RE = re.compile(r"搜|查|找|多少钱|卖多少|啥价|价格|推荐")
_EMAIL_HINT_RE = re.compile(r"@|艾特|\bat\b", re.I)
_EXTRACT_RE = re.compile(
    # A request about "this" page item (这家酒店…, 这篇文章…) reads the open page.
    r"^(?:这家|这款|这篇|这部|这只|这条|这份|这张|这上面|这文章|这个(?:商品|产品|页面|网页|文章|视频|帖子|表|东西))"
    r"|提出来|提一下|念一下|读一下|摘出来|提取|摘录|抓取|导出|列出|列一下|列个|整理出|总结|概括|汇总|把这页|这个页面|这一?页|页面上|网页上|本页|这篇")
_EXTRACT_WRAP_RE = re.compile(
    r"帮我|给我|请|麻烦|把|将|一下|列出来|出来|都|(?:这个页面|这一?页|本页|页面|网页|这篇文章|这篇)[上里中]?的?"
    r"|提取|提出来|提一下|念一下|读一下|摘出来|摘录|抓取|导出|列出|列|整理出|整理|总结|概括|汇总")
_SEARCH_LEAD_RE = re.compile(
    r"^(?:帮我|给我|帮忙|请问|请|麻烦你?|你|我想知道|我想|想知道|搜索|搜一下|搜搜|搜|查一下|查查|查|找一下|找找|找"
    r"|看一下|看看|百度一下|一下|去|在|到|\s)+")
# A search verb inside the request (去淘宝搜一下耳机, 北京下雨吗查一下) is not part of the query.
_SEARCH_INNER_RE = re.compile(r"(?:搜一下|搜搜|搜索|查一下|查查|找一下|找找|看一下)")


def blocked(text: str) -> dict[str, Any] | None:
    for pattern, reason, command in BLOCKED:
        if pattern.search(text):
            return make_contract("blocked", reason, command)
    return None


def is_vague(text: str) -> bool:
    """Near-empty once fillers, pronouns and object-less verbs are gone."""
    core = _PUNCT_RE.sub("", strip_fillers(text))
    return len(_VAGUE_RE.sub("", core)) <= 1


def form_fill(text: str) -> dict[str, Any] | None:
    fields = form_request(text)
    if not fields:
        return None
    m = _FORM_NAME_RE.search(strip_fillers(text))
    where = f"在{m.group(1)}表单中填写" if m and not _VAGUE_RE.fullmatch(m.group(1)) else "在表单中填写"
    return make_contract("form_fill", fields, fit(where, "和".join(fields)))


def navigate(text: str) -> dict[str, Any] | None:
    # ASR splits names (百 度 首 页) and spells digits in domains (music 点 幺六三 点 com).
    flat = re.sub(r"\s+", "", text)
    url = None if _EMAIL_HINT_RE.search(text) else spelled_domain(spoken_digits(text))
    site = find_site(flat)
    if url and (_NAV_RE.search(text) or is_vague(re.sub(r"[A-Za-z0-9.\s点]", "", spoken_digits(text)))):
        name = site[0] if site and site[1] == url else url.removeprefix("https://").removeprefix("www.")
        return make_contract("navigate", url, fit("打开", name))
    if site is None:
        return None
    name, url, start, end = site
    rest = remove_sites(flat[:start] + flat[end:])
    # 去淘宝搜一下耳机 is a search on that site, not a visit.
    if _QUERY_RE.search(rest) or not (_NAV_RE.search(rest) or is_vague(_NAV_NOISE_RE.sub("", rest))):
        return None
    return make_contract("navigate", url, fit("打开", name))


def extract(text: str) -> dict[str, Any] | None:
    if not _EXTRACT_RE.search(strip_fillers(text)):
        return None
    target = clean_string(_EXTRACT_WRAP_RE.sub("", strip_fillers(text))) or "页面主要内容"
    return make_contract("extract", target, fit("提取", target))


def search(text: str) -> dict[str, Any]:
    core = _SEARCH_INNER_RE.sub(" ", _SEARCH_LEAD_RE.sub("", strip_fillers(text)))
    query = clean_string(core) or clean_string(text) or "相关信息"
    return make_contract("search", query, fit("搜索", query))


def predict(input_text: str) -> dict[str, Any]:
    """The baseline's contract for one spoken input; the first rule that fires decides the type."""
    text = unicodedata.normalize("NFKC", input_text)
    for rule in (blocked, _clarify, form_fill, navigate, extract):
        contract = rule(text)
        if contract is not None:
            return decision_first(contract)
    return decision_first(search(text))


def _clarify(text: str) -> dict[str, Any] | None:
    if is_vague(text):
        return make_contract("clarify", "未说明具体要做什么", "请说明具体要做什么")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluate.baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, required=True, help="gold rows (any format with id/row_id and input_text)")
    parser.add_argument("--out", type=Path, required=True, help="predictions.jsonl to write")
    parser.add_argument("--split", help="keep only rows whose `split` is this (e.g. dev)")
    args = parser.parse_args(argv)
    predictions, counts = [], {}
    for rid, text in read_inputs(args.rows, args.split):
        start = time.perf_counter()
        contract = predict(text)
        latency_ms = (time.perf_counter() - start) * 1000.0
        counts[contract["task_type"]] = counts.get(contract["task_type"], 0) + 1
        predictions.append({"id": rid, "prediction": contract, "tokens": 0, "forward_passes": 0,
                            "latency_ms": round(latency_ms, 4), "finish": "eos"})
    write_jsonl_atomic(args.out, predictions)
    print(f"baseline: {len(predictions)} predictions -> {args.out} "
          + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
