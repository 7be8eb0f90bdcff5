"""Splitting a page into blocks: lines of a text dump here; HTML pages in :mod:`cleaner.html`."""
from __future__ import annotations

import re

from .html import PageInfo, split_html  # noqa: F401 - re-exported: the HTML side lives in html.py
from .model import Block

_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<\?xml|<!--|<meta|<div|<p[ >])", re.I)


def looks_like_html(text: str) -> bool:
    """True when a text starts like an HTML document rather than a text dump."""
    return bool(_HTML_SNIFF.match(text[:1024]))


#: the line breaks of str.splitlines but U+0085 (NEL) and U+2028 (LINE SEPARATOR)
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\u2029]")


def split_text(text: str) -> list[Block]:
    """Each non-blank line of a text dump is a block; ``index`` is the block's position.

    Lines end where ``str.splitlines`` ends them except at U+0085 (NEL) and U+2028, because
    mojibake is repaired after splitting and a UTF-8 letter read as Latin-1 may hold a NEL ("х"
    is "Ñ" + U+0085); a U+2028 left after the repair is folded to a space like other white
    space. (The other separators, form feed or U+001E, still end a line: normalising would
    delete them and glue the words on either side.)"""
    lines = [line for line in _LINE_BREAK.split(text) if line.strip()]
    return [Block(index=i, raw=line) for i, line in enumerate(lines)]
