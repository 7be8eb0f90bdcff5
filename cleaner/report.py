"""``cleaner report``: one self-contained HTML file showing, page by page, what was removed and why.

No server, no network, no external resources: the page (``report_page.html``: inline CSS and a
small inline script) gets every page's blocks and the summary of :mod:`cleaner.stats` as one JSON
blob, and renders 20 pages at a time, so a report of thousands of pages opens fast. Output is
deterministic: the same records give the same bytes.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.resources import files
from typing import Any

from .records import PageBlock, is_ordered, page_blocks
from .stats import REASON_KINDS, Tally, reason_kind

TEMPLATE = "report_page.html"
PLACEHOLDER = "/*DATA*/"
#: Short status codes keep the embedded JSON small (it holds every block of every page).
STATUS_CODES = {"title": "t", "kept": "k", "flagged": "f", "removed": "d"}
META_FIELDS = ("site", "rule_site", "date", "author", "url", "language", "encoding", "fixes", "rules",
               "input_kind")
#: What an HTML page's card says it shows: the record holds only what the extractor kept.
HTML_NOTE = ("HTML page: shown is the main text trafilatura extracted, with what cleaner then "
             "removed struck through. What the extractor cut before that (menus, sidebars, "
             "comments, footers) is not in the record, so it is not shown.")


def encode_block(block: PageBlock, reason_ids: dict[str, int]) -> list[Any]:
    """``[status, text, extra, index]``; ``extra`` is the reason's number for a removed block,
    the language for a flagged one; a removed block flagged as another language gets its
    language as a fifth item."""
    if block.status != "removed":
        return [STATUS_CODES[block.status], block.text, block.language, block.index]
    encoded = [STATUS_CODES[block.status], block.text,
               reason_ids.setdefault(block.reason or "unknown", len(reason_ids)), block.index]
    return encoded + [block.language] if block.language else encoded


def search_keys(blocks: list[PageBlock]) -> list[str]:
    """What the filter box matches a page by, besides its names: the reason of each removed block
    and ``language:<code>`` for each fragment flagged as another language, kept or removed by any
    reason (the seeds' Russian fragments go by rule, yet ``language:ru`` finds them)."""
    keys = {b.reason for b in blocks if b.status == "removed" and b.reason}
    keys |= {f"language:{b.language}" for b in blocks if b.language}
    return sorted(keys)


def encode_page(record: dict[str, Any], reason_ids: dict[str, int]) -> dict[str, Any]:
    meta = record.get("metadata") or {}
    blocks = page_blocks(record)
    page = {"s": meta.get("source"), "id": record.get("id"), "t": meta.get("title"),
            "m": {k: meta.get(k) for k in META_FIELDS}, "o": is_ordered(record),
            "q": search_keys(blocks), "b": [encode_block(b, reason_ids) for b in blocks]}
    if meta.get("input_kind") == "html":
        page["n"] = HTML_NOTE
    return page


def report_data(records: Iterable[dict[str, Any]], source: str) -> dict[str, Any]:
    """Everything the page shows: the summary tables and each page's blocks (records are read
    once, so they can stream from disk)."""
    reason_ids: dict[str, int] = {}
    tally = Tally()
    pages = []
    for record in records:
        tally.add(record)
        pages.append(encode_page(record, reason_ids))
    reasons = list(reason_ids)
    return {"source": source, "kinds": list(REASON_KINDS), "reasons": reasons,
            "reasonKinds": [reason_kind(r) for r in reasons],
            "summary": tally.summary().to_dict(), "pages": pages}


def embed_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<`` only occurs inside strings, where ``\\u003c``
    means the same, so no ``</script>`` or ``<!--`` in the text can end or confuse the element.

    (Compressing it — gzip, base64, ``DecompressionStream`` — halves the file but made a report of
    5,000 pages open slower in Chromium, so the JSON stays plain.)
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def read_embedded(html: str) -> Any:
    """The data embedded in a report (the inverse of :func:`embed_json`, for tests and tools)."""
    start = html.index(">", html.index('<script id="data"')) + 1
    return json.loads(html[start:html.index("</script>", start)])


def render_report(data: dict[str, Any]) -> str:
    """The page, with :func:`report_data`'s result embedded."""
    template = files("cleaner").joinpath(TEMPLATE).read_text(encoding="utf-8")
    return template.replace(PLACEHOLDER, embed_json(data), 1)


def build_report(records: Iterable[dict[str, Any]], source: str = "") -> str:
    """The report as one HTML document."""
    return render_report(report_data(records, source))
