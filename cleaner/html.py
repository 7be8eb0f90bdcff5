"""HTML pages to blocks: trafilatura finds the main text; its XML tree gives each block a kind
(heading, paragraph, list item, quote, table), and the page's own markup gives the metadata
(title, date, author, site name, url).

The page is parsed once; metadata is read from that tree before trafilatura (which prunes a copy
of it) extracts the body. Metadata comes from the tags that carry it and htmldate's quick date
search: trafilatura's own metadata extractor (JSON-LD, author search) costs a third of its
extraction time, and gave the same date on all but 5 of the 118 bench pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Block

#: trafilatura's XML tags (top-level children of the extracted body) -> block kinds.
KIND_OF_TAG = {"head": "heading", "p": "paragraph", "list": "list", "quote": "quote",
               "table": "table", "div": "paragraph", "code": "paragraph"}

_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
              "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date",
              "article.published", "published-date", "parsely-pub-date")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What an HTML page says about itself."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    description: str | None = None
    image: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def parse_html(html: str) -> Any:
    """The page as an lxml tree (trafilatura's parser and its repairs), or None if it is empty."""
    from trafilatura.utils import load_html  # imported here: text-dump runs never pay for it

    return load_html(html)


def read_page_info(tree: Any, url: str | None) -> PageInfo:
    """Title, date, author, site and url of the page, from its ``<meta>``, ``<link>``,
    ``<title>`` and ``<time>`` tags, its JSON-LD author, and htmldate's quick search for the publication date
    (which agrees with trafilatura's full metadata extractor on 113 of the 118 bench pages, at a
    twentieth of its cost). A ``url`` the caller knows (where the page was fetched) wins over the
    page's own canonical URL: the fetched site's template is what site rules know."""
    own_url = url or canonical_url(tree)
    metas = meta_values(tree)
    title = metas.get("og:title") or metas.get("twitter:title") or _first_text(tree, "//title")
    return PageInfo(title=title, date=find_date(tree, own_url) or meta_date(tree, metas),
                    author=_person(metas.get("author") or metas.get("article:author"))
                    or json_ld_author(tree),
                    site=metas.get("og:site_name") or None, url=own_url, **page_details(tree, metas, own_url))


def page_details(tree: Any, metas: dict[str, str], url: str | None) -> dict[str, Any]:
    """Description, lead image, categories and tags, from the ``<meta>`` tags that carry them
    (the fields trafilatura's metadata calls ``description``, ``image``, ``categories``, ``tags``).
    A relative image address is made absolute against the page's url."""
    from urllib.parse import urljoin

    image = metas.get("og:image") or metas.get("og:image:url") or metas.get("twitter:image") \
        or metas.get("twitter:image:src")
    if image and url:
        image = urljoin(url, image)
    keywords = [k for name in ("keywords", "news_keywords") for k in metas.get(name, "").split(",")]
    return {"description": metas.get("og:description") or metas.get("description")
            or metas.get("twitter:description") or None,
            "image": image or None,
            "categories": _unique(meta_all(tree, ("article:section",))),
            "tags": _unique(meta_all(tree, ("article:tag",)) + keywords)}


def meta_all(tree: Any, names: tuple[str, ...]) -> list[str]:
    """Every value of the ``<meta>`` tags with one of ``names`` (a page may list several tags)."""
    out = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in names:
            out.append(meta.get("content") or "")
    return out


def _unique(values: list[str]) -> tuple[str, ...]:
    """Values with their spaces tidied, empty ones and repeats (any case) left out, in order."""
    seen: dict[str, str] = {}
    for value in values:
        value = " ".join(value.split())
        if value and value.lower() not in seen:
            seen[value.lower()] = value
    return tuple(seen.values())


def json_ld_author(tree: Any) -> str | None:
    """The author named in the page's JSON-LD (schema.org) data, read by trafilatura."""
    from trafilatura.metadata import extract_meta_json
    from trafilatura.settings import Document

    try:
        return extract_meta_json(tree, Document()).author or None
    except Exception:  # noqa: BLE001 - malformed JSON-LD is common; the author is a nicety
        return None


def find_date(tree: Any, url: str | None) -> str | None:
    """htmldate's publication date (original date, quick search), or None."""
    from htmldate import find_date as htmldate_find_date

    try:
        return htmldate_find_date(tree, url=url, original_date=True, extensive_search=False) or None
    except Exception:  # noqa: BLE001 - a date is a nicety; a page without one is still cleaned
        return None


def meta_date(tree: Any, metas: dict[str, str]) -> str | None:
    """The first well-formed day in the usual date ``<meta>`` tags, else in ``<time datetime>``."""
    date = next((_iso_day(metas[k]) for k in _DATE_META if _iso_day(metas.get(k, ""))), None)
    return date or next((d for d in map(_iso_day, tree.xpath("//time/@datetime")) if d), None)


def _person(value: str | None) -> str | None:
    """An author name (a profile URL in ``article:author`` is not one)."""
    value = (value or "").strip()
    return value if value and "/" not in value else None


def canonical_url(tree: Any) -> str | None:
    """The URL the page gives itself: ``<link rel=canonical>``, else ``og:url`` (absolute only)."""
    for found in (tree.xpath("//link[@rel='canonical']/@href"),
                  tree.xpath("//meta[@property='og:url' or @name='og:url']/@content")):
        for href in found:
            if href.strip().lower().startswith(("http://", "https://")):
                return href.strip()
    return None


def meta_values(tree: Any) -> dict[str, str]:
    """``<meta>`` tags by lower-cased name/property/itemprop (the first of each name wins)."""
    out: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        value = (meta.get("content") or "").strip()
        if key and value:
            out.setdefault(key.strip().lower(), value)
    return out


def _first_text(tree: Any, xpath: str) -> str | None:
    found = tree.xpath(xpath)
    text = " ".join(found[0].text_content().split()) if found else ""
    return text or None


def _iso_day(value: str) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or timestamp, or None."""
    match = _ISO_DAY.search(value or "")
    if not match:
        return None
    year, month, day = map(int, match.groups())
    return match.group() if 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31 else None


def extract_body(tree: Any, url: str | None, *, fast: bool = False) -> Any:
    """trafilatura's extracted body (an XML element: ``<p>``, ``<head>``, ``<list>`` ...) or None.

    Same settings as plain ``trafilatura.extract`` (comments off, tables on). ``fast`` is
    trafilatura's fast mode: no comparison with readability and jusText, which costs about 40%
    of its time and changed one bench page (for the worse).
    """
    import trafilatura

    # output_format "txt": the body tree only, without the text rendering body_blocks redoes
    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, include_tables=True,
                                      with_metadata=False, output_format="txt", fast=fast)
    return None if doc is None else doc.body


def body_blocks(body: Any) -> list[Block]:
    """One block per line of each top-level element, as trafilatura's text output writes it, with
    the element's kind (a list gives one block per item)."""
    from trafilatura.xml import xmltotxt

    blocks: list[Block] = []
    if body is None:
        return blocks
    for element in body:
        kind = KIND_OF_TAG.get(element.tag, "paragraph")
        for line in xmltotxt(element, False).splitlines():
            if line.strip():
                blocks.append(Block(index=len(blocks), raw=line.strip(), kind=kind))
    return blocks


def split_html(html: str, url: str | None = None, *, fast: bool = False) -> tuple[list[Block], PageInfo]:
    """Blocks of the page's main text, and what the page says about itself."""
    tree = parse_html(html)
    if tree is None:
        return [], PageInfo(url=url)
    info = read_page_info(tree, url)
    blocks = body_blocks(extract_body(tree, info.url, fast=fast))
    return with_title(blocks, info.title), info


def with_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The page's title as block 0 (kind ``title``), the body after it, indexes renumbered."""
    if not title or not title.strip():
        return blocks
    head = Block(index=0, raw=" ".join(title.split()), kind="title")
    for i, block in enumerate(blocks, start=1):
        block.index = i
    return [head, *blocks]
