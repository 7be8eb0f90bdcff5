"""The article as Markdown (``--format md``): the title as a level-1 heading, then the kept blocks
in order with the structure the HTML gave them — headings (``##``), list items (``- …``, one
list per run of items), quotes (``> …``) and tables (``| … |`` rows, the header separator
restored when a heuristic dropped it) — and plain paragraphs for text dumps, whose lines carry no
structure. Blocks are separated by a blank line; the items of one list and the rows of one table
are not.
"""
from __future__ import annotations

import re

from .model import Article, Block

#: A paragraph starting like Markdown markup would be read as that markup: its first character
#: is escaped (``# 1 seed`` stays text, not a heading).
_MARKUP_START = re.compile(r"^(?:[#>*+=|`~-]|\d+[.)](?=\s|$))")
_SEPARATOR_ROW = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")


def escape_start(text: str) -> str:
    """Backslash-escape markup at the start of a text block.

    >>> escape_start("# 1 seed"), escape_start("2. place"), escape_start("Plain words")
    ('\\\\# 1 seed', '2\\\\. place', 'Plain words')
    """
    match = _MARKUP_START.match(text)
    if not match:
        return text
    if match.group()[0].isdigit():
        end = match.end() - 1
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def list_item(text: str) -> str:
    """A list item as trafilatura writes it (``- item``), or one that lost its marker."""
    return text if text.startswith("- ") else "- " + text


def table_rows(rows: list[str]) -> list[str]:
    """Table rows with the header separator after the first row (added if it was dropped)."""
    rows = [r if r.startswith("|") else f"| {r} |" for r in rows]
    if len(rows) > 1 and _SEPARATOR_ROW.match(rows[1].replace(" ", "")):
        return rows
    columns = max(rows[0].count("|") - 1, 1)
    return [rows[0], "|" + "---|" * columns, *rows[1:]]


def render_group(kind: str | None, texts: list[str]) -> str:
    if kind == "list":
        return "\n".join(list_item(t) for t in texts)
    if kind == "table":
        return "\n".join(table_rows(texts))
    if kind == "heading":
        return "\n\n".join("## " + t.lstrip("#").strip() for t in texts)
    if kind == "quote":
        return "\n\n".join("> " + t for t in texts)
    return "\n\n".join(escape_start(t) for t in texts)


def to_markdown(article: Article) -> str:
    """The Markdown document; empty when the article has neither title nor paragraphs."""
    body: list[Block] = [b for b in article.blocks if b.kept and b.index != article.title_index]
    parts = ["# " + article.title.lstrip("#").strip()] if article.title else []
    group: list[str] = []
    group_kind: str | None = None
    for block in body:
        kind = block.kind if block.kind in ("list", "table", "heading", "quote") else None
        if group and kind != group_kind:
            parts.append(render_group(group_kind, group))
            group = []
        group_kind = kind
        group.append(block.text)
    if group:
        parts.append(render_group(group_kind, group))
    return "\n\n".join(parts) + "\n" if parts else ""
