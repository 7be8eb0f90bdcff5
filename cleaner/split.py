"""Splitting a page into blocks: lines of a text dump, or the paragraphs trafilatura extracts
from HTML (with the metadata the HTML gives: title, date, author, site name, url)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Block

_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<\?xml|<!--|<meta|<div|<p[ >])", re.I)


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What an HTML page says about itself."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None


def looks_like_html(text: str) -> bool:
    """True when a text starts like an HTML document rather than a text dump."""
    return bool(_HTML_SNIFF.match(text[:1024]))


def split_text(text: str) -> list[Block]:
    """Each non-blank line of a text dump is a block; ``index`` is the block's position."""
    lines = [line for line in text.splitlines() if line.strip()]
    return [Block(index=i, raw=line) for i, line in enumerate(lines)]


def split_html(html: str, url: str | None = None) -> tuple[list[Block], PageInfo]:
    """Extract the main text with trafilatura; each line it returns is a block, the page's title
    first (kind ``title``) so the title heuristic can find it."""
    import trafilatura  # imported here: text-dump runs never pay for it

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_recall=False)
    if doc is None:
        return [], PageInfo(url=url)
    info = PageInfo(title=doc.title or None, date=doc.date or None, author=doc.author or None,
                    site=doc.sitename or None, url=doc.url or url)
    lines = [line for line in (doc.text or "").splitlines() if line.strip()]
    if info.title:
        lines.insert(0, info.title)
    blocks = [Block(index=i, raw=line) for i, line in enumerate(lines)]
    if info.title and blocks:
        blocks[0].kind = "title"
    return blocks, info
