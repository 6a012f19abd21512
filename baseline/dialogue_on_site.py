"""A request to act on the site just opened (在上面搜刚才那篇, 刚才搜的那个 在官网上再搜一下): the site named (issue 13).

Just after a visit, 在上面 / 在官网上 / 在那个网站上 stands for that site: a search there puts the site's name before the
query (arXiv Attention Is All You Need), a part taken from it is the site page's part (中国天气网页面上的明天最高气温).
What to search may itself point back (刚才那篇, 刚才搜的那个): the latest search's query.
"""

from __future__ import annotations

import re
from typing import Any

from baseline import followup
from baseline.predict import predict
from baseline.sites import display_name
from v2t.contract import decision_first, make_contract
from v2t.spoken import clean_string, fit

History = list[tuple[str, Any]]

# The site as a place: 在上面, 在那上边, 在官网上, 在刚才那个网站上, 去网站里.
_ON_SITE_RE = re.compile(r"(?:在|到|去|从)\s*(?:刚才|刚刚)?(?:那个|这个|那|这)?\s*(?:上面|上边|官网上?|网站上|网站里|网页上|页面上)"
                         r"|(?:刚才|刚刚)?(?:那个|这个)网站上"
                         # 把那个 上面的客服电话提取一下: 上面 said bare, right after the visit, is that site too.
                         r"|(?<![在到去从])(?:上面|上边)的")
_SEARCH_RE = re.compile(r"搜|查|找")
_TAKE_RE = re.compile(r"提取|提出来|提一下|提下|摘")


def on_site(text: str, earlier: History) -> dict[str, Any] | None:
    """The contract for a request on the site the previous turn opened, or None when `text` is no such request."""
    m = _ON_SITE_RE.search(text)
    if m is None or not earlier or earlier[-1][1]["task_type"] != "navigate":
        return None
    site = display_name(str(earlier[-1][1]["slots"]["url"]))
    if site is None:
        return None
    site = site.removesuffix("官网") or site
    rest = (text[:m.start()] + " " + text[m.end():]).strip()
    if _SEARCH_RE.search(rest):
        what = _pointed_query(rest, earlier)
        if what is None:
            alone = predict(rest)
            what = str(alone["slots"]["query"]) if alone["task_type"] == "search" else None
        if not what:
            return None
        query = clean_string(f"{site} {what}")
        return decision_first(make_contract("search", query, fit("搜索", query)))
    if _TAKE_RE.search(rest):
        alone = predict(rest)
        if alone["task_type"] != "extract":
            return None
        target = clean_string(f"{site}页面上的{alone['slots']['target']}")
        return decision_first(make_contract("extract", target, fit("提取", target)))
    return None


def _pointed_query(rest: str, earlier: History) -> str | None:
    """The latest search's query when the words point back at it (刚才那篇, 刚才搜的那个), else None."""
    ref = followup.reference(rest)
    if ref is None and not re.search(r"刚才|刚刚|之前|上次", rest):
        return None
    return next((str(c["slots"]["query"]) for _, c in reversed(earlier) if c["task_type"] == "search"), None)
