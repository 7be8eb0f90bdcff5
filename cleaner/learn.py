"""Learning chrome from a crawl: lines that recur on many pages of one site are not article text.

CCNet removes paragraphs repeated across a shard; here the unit is the site. Counting streams:
each page is read, split and normalised once, and only an 8-byte digest per distinct line is
kept (a ``Counter`` of digests, about 100 bytes a distinct line in CPython, so ~10 MB for 100,000
distinct lines), plus the text of a line from its second sighting on (only repeated lines are
ever printed). Pages never stay in memory.

``cleaner learn FOLDER`` prints the frequent lines as candidate rules (TOML) for a person to
review and keep; :class:`SiteChrome` carries the same digests into a ``clean`` run.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .decode import decode_bytes
from .normalise import normalise_text
from .split import looks_like_html

MIN_PAGES = 3          #: a line must recur on at least this many pages of a site ...
MIN_SHARE = 0.3        #: ... and on at least this share of them
MAX_LINE_CHARS = 300   #: longer lines are article text even when syndicated


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.casefold().encode("utf-8"), digest_size=8).digest()


@dataclass
class SiteCounts:
    pages: int = 0
    lines: Counter = field(default_factory=Counter)
    examples: dict[bytes, str] = field(default_factory=dict)

    def add_page(self, lines: Iterable[str]) -> None:
        self.pages += 1
        for text in set(lines):
            key = digest(text)
            self.lines[key] += 1
            if self.lines[key] == 2:
                self.examples[key] = text

    def frequent(self, min_pages: int = MIN_PAGES, min_share: float = MIN_SHARE) -> list[tuple[str, int]]:
        """(line, pages) for lines common enough to be chrome, most frequent first."""
        need = max(min_pages, min_share * self.pages)
        rows = [(self.examples[k], n) for k, n in self.lines.items() if n >= need and k in self.examples]
        return sorted(rows, key=lambda r: (-r[1], r[0]))


def page_lines(data: bytes) -> list[str]:
    """The normalised non-blank lines of a text dump (HTML pages: their visible text lines)."""
    text = decode_bytes(data).text
    if looks_like_html(text):
        from .split import split_html
        blocks, _ = split_html(text)
        lines = [b.raw for b in blocks]
    else:
        lines = text.splitlines()
    out = [normalise_text(line) for line in lines]
    return [line for line in out if line and len(line) <= MAX_LINE_CHARS]


def pages_of(paths: Iterable[Path]) -> Iterator[tuple[str, list[str]]]:
    """(site, lines) for every page: JSONL records by their URL's domain, files by their folder."""
    for path in paths:
        if path.suffix.lower() == ".jsonl":
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if not isinstance(record, dict):
                    continue
                body = record.get("text") or record.get("html") or ""
                url = record.get("url") or (record.get("metadata") or {}).get("url") or ""
                site = urlsplit(url).hostname or path.parent.name
                yield site, page_lines(body.encode("utf-8"))
        else:
            yield path.parent.name, page_lines(path.read_bytes())


def count_sites(paths: Iterable[Path]) -> dict[str, SiteCounts]:
    sites: dict[str, SiteCounts] = defaultdict(SiteCounts)
    for site, lines in pages_of(paths):
        sites[site].add_page(lines)
    return dict(sites)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "site"


def candidate_rules(sites: dict[str, SiteCounts], min_pages: int = MIN_PAGES,
                    min_share: float = MIN_SHARE) -> dict[str, str]:
    """One candidate rule file (TOML text) per site with recurring lines, keyed by file name."""
    files = {}
    for site in sorted(sites):
        counts = sites[site]
        rows = counts.frequent(min_pages, min_share)
        if not rows:
            continue
        name = slug(site)
        signature = next((line for line, _ in rows if len(line.split()) >= 3), rows[0][0])
        out = [f"# Learned by `cleaner learn`: lines recurring on {counts.pages} pages of {site}.",
               "# Review every rule before keeping it: a recurring line can also be a real byline",
               "# or a standard paragraph of the site's articles.",
               f"site = {json.dumps(name)}",
               f"domains = [{json.dumps(site)}]" if "." in site else "domains = []",
               f"detect = [{json.dumps(signature, ensure_ascii=False)}]  # a line on most of its pages", ""]
        for n, (line, pages) in enumerate(rows, start=1):
            out += ["[[rule]]", f"id = {json.dumps(f'{name}.learned-{n}')}",
                    f"why = {json.dumps(f'on {pages} of {counts.pages} pages')}",
                    f"line = {json.dumps(line, ensure_ascii=False)}", 'action = "drop"',
                    f"drop = [{json.dumps(line, ensure_ascii=False)}]", ""]
        files[f"{name}.toml"] = "\n".join(out)
    return files
