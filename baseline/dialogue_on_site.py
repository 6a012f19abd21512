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
from v2t.spoken import clean_string, fit, strip_fillers

History = list[tuple[str, Any]]

# The site as a place: 在上面, 在那上边, 在官网上, 在刚才那个网站上, 去网站里.
_ON_SITE_RE = re.compile(r"(?:在|到|去|从)\s*(?:刚才|刚刚)?(?:那个|这个|那|这)?\s*(?:上面|上边|官网上?|网站上|网站里|网页上|页面上)"
                         r"|(?:刚才|刚刚)?(?:那个|这个)网站上"
                         # 把那个 上面的客服电话提取一下: 上面 said bare, right after the visit, is that site too.
                         r"|(?<![在到去从])(?:上面|上边)的"
                         # 把首页的头条标题提取出来: a site's own part (首页, 主页) said bare names the site just opened.
                         r"|(?<![\u4e00-\u9fff])(?:首页|主页)(?:上|里)?\s*的?")
_SEARCH_RE = re.compile(r"搜|查|找")
_TAKE_RE = re.compile(r"提取|提出来|提一下|提下|摘")
# Words pointing back at what was just asked (刚才那个东西, 这个问题).
_BACK_RE = re.compile(r"刚才|刚刚|之前|上次|这个问题|那个问题|同样的|一样的")
_PAGE_RE = re.compile(r"^(?:这个|那个)?(?:页面|网页)(?:上|中|里)?的?")


# The site pointed at in so many words (在刚才那个网站上): the latest one visited, even with a search since.
_POINTED_SITE_RE = re.compile(r"(?:刚才|刚刚|之前)(?:那个|这个)?\s*(?:网站|官网|网页|页面|平台)")
_OPEN_LEAD_RE = re.compile(r"^(?:帮我|给我|你)?\s*(?:打开|开一下|访问|进入|进|上)(?:一下)?\s*(?:那个|这个)?")


def _site_name(text: str, contract: dict[str, Any]) -> str | None:
    """The visited site's name: the table's, else as the speaker said it (打开上海迪士尼官网 -> 上海迪士尼官网)."""
    name = display_name(str(contract["slots"]["url"]))
    if name is None:
        said = _OPEN_LEAD_RE.sub("", strip_fillers(text)).strip()
        name = said if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]{2,12}", said) else None
    return name and (name.removesuffix("官网") or name)


def on_site(text: str, earlier: History) -> dict[str, Any] | None:
    """The contract for a request on the site the previous turn opened, or None when `text` is no such request."""
    m = _ON_SITE_RE.search(text)
    if m is None or not earlier:
        return None
    visit = earlier[-1] if earlier[-1][1]["task_type"] == "navigate" else None
    if visit is None and _POINTED_SITE_RE.search(m.group(0)):
        visit = next(((t, c) for t, c in reversed(earlier) if c["task_type"] == "navigate"), None)
    site = _site_name(*visit) if visit is not None else None
    if site is None:
        return None
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
        taken = next((str(c["slots"]["target"]) for _, c in reversed(earlier) if c["task_type"] == "extract"), None)
        if _BACK_RE.search(rest) and taken:
            what = _PAGE_RE.sub("", taken)  # 也提取一下刚才那个东西: what was taken before, from this site
        elif alone["task_type"] == "extract":
            what = str(alone["slots"]["target"])
        else:
            return None
        part = "首页" if re.search(r"首页|主页", m.group(0)) else "页面上"
        target = clean_string(f"{site}{part}的{what}")
        return decision_first(make_contract("extract", target, fit("提取", target)))
    return None


def _pointed_query(rest: str, earlier: History) -> str | None:
    """The latest search's query when the words point back at it (刚才那篇, 刚才搜的那个), else None."""
    ref = followup.reference(rest)
    if ref is None and not _BACK_RE.search(rest):
        return None
    return next((str(c["slots"]["query"]) for _, c in reversed(earlier) if c["task_type"] == "search"), None)


# The site just opened, said as a pronoun for what it belongs to (它的客服电话, 他们家的营业时间, 这家的退款政策).
_VISIT_RE = re.compile(r"打开|开一下|点开|进入|进去|访问|页面|网页|链接")
_ITS_RE = re.compile(r"(?:它|他们|她们|这家|那家)(?:家)?的?\s*")


def about_site(text: str, earlier: History) -> dict[str, Any] | None:
    """搜一下它的客服电话 after 打开工商银行官网: a search about the site's owner, the pronoun replaced by its name."""
    if not earlier or earlier[-1][1]["task_type"] != "navigate" or (m := _ITS_RE.search(text)) is None:
        return None
    if _VISIT_RE.search(text):
        return None  # 打开它番剧那个页面: a page of the site to open, not a search about it
    site = _site_name(*earlier[-1])
    alone = predict(text[:m.start()] + text[m.end():])
    if site is None or alone["task_type"] != "search":
        return None
    query = clean_string(f"{site} {alone['slots']['query']}")
    return decision_first(make_contract("search", query, fit("搜索", query)))
