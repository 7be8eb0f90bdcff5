"""Learning chrome from a crawl: lines that recur on many pages of one site are not article text.

CCNet removes paragraphs repeated across a shard; here the unit is the site. Counting streams:
each page is read, split and normalised once, and only an 8-byte digest per distinct line is
kept (a ``Counter`` of digests, about 100 bytes a distinct line in CPython, so ~10 MB for 100,000
distinct lines), plus the text of a line from its second sighting on (only repeated lines are
ever printed). Pages never stay in memory.

``cleaner learn FOLDER`` prints the frequent lines as candidate rules (TOML) for a person to
review and keep; :class:`SiteChrome` carries the same digests into a ``clean --site-chrome``
run, which counts first and then drops those lines (``heuristic:site-chrome``).

A page's site is its URL's host (JSONL records with a ``url``), else the folder its file is in.
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
from .model import Block
from .normalise import normalise_blocks
from .split import looks_like_html, split_html, split_text

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
        for key, text in {digest(text): text for text in lines}.items():  # once per page
            self.lines[key] += 1
            if self.lines[key] == 2:
                self.examples[key] = text

    def frequent(self, min_pages: int = MIN_PAGES, min_share: float = MIN_SHARE) -> list[tuple[str, int]]:
        """(line, pages) for lines common enough to be chrome, most frequent first."""
        need = max(min_pages, min_share * self.pages)
        rows = [(self.examples[k], n) for k, n in self.lines.items() if n >= need and k in self.examples]
        return sorted(rows, key=lambda r: (-r[1], r[0]))


def page_lines(data: bytes | str) -> list[str]:
    """The distinct-able lines of a page as the pipeline reads them: its blocks (a dump's lines, an
    HTML page's extracted blocks), normalised as ``clean`` normalises them, blank and long ones left
    out."""
    text = decode_bytes(data).text if isinstance(data, bytes) else data
    blocks = split_html(text)[0] if looks_like_html(text) else split_text(text)
    normalise_blocks(blocks)
    return [b.text for b in blocks if b.text and len(b.text) <= MAX_LINE_CHARS]


def site_of(path: str | Path, url: object = None) -> str:
    """The site a page counts for: its URL's host, else the folder its file is in."""
    return host_of(url) or str(Path(path).resolve().parent)


def host_of(url: object) -> str | None:
    """The host of a URL, or None (no URL, not a string, malformed: "http://[x")."""
    if not isinstance(url, str) or not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def pages_of(paths: Iterable[Path]) -> Iterator[tuple[str, list[str]]]:
    """(site, lines) for every page: JSONL records by their URL's host, files by their folder.
    A file that cannot be read or decoded is skipped (the cleaning pass reports it)."""
    from .budget import Budget
    from .readers import read_input, split_suffixes, warc_records

    for path in paths:
        kind = split_suffixes(path)[0]
        if kind == "warc":  # HTML and text responses, by their target URI's host
            try:
                for _, record in warc_records(str(path)):
                    body = record.get("html") or record.get("text") if isinstance(record, dict) else None
                    if isinstance(record, dict) and isinstance(body, (bytes, str)):
                        yield site_of(path, record.get("url")), page_lines(body)
            except Exception:  # noqa: BLE001 - the cleaning pass reports a broken archive
                pass
            continue
        try:
            data = read_input(str(path), kind or "text", Budget(0))[0]  # .gz and .zst undone
        except (OSError, ValueError):
            continue
        if kind != "jsonl":
            try:
                yield site_of(path), page_lines(data)
            except Exception:  # noqa: BLE001 - counting never stops on one bad page
                pass
            continue
        for line in data.decode("utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not isinstance(record, dict):
                continue
            body = record.get("text") if isinstance(record.get("text"), str) else record.get("html")
            if not isinstance(body, str):
                continue
            meta = record.get("metadata") if isinstance(record.get("metadata"), dict) else {}
            try:
                yield site_of(path, record.get("url") or meta.get("url")), page_lines(body)
            except Exception:  # noqa: BLE001
                continue


def count_sites(paths: Iterable[Path]) -> dict[str, SiteCounts]:
    sites: dict[str, SiteCounts] = defaultdict(SiteCounts)
    for site, lines in pages_of(paths):
        sites[site].add_page(lines)
    return dict(sites)


def slug(text: str) -> str:
    """A file name for a site: its host, or its folder's own name."""
    name = Path(text).name if "/" in text or "\\" in text else text
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "site"


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


@dataclass(frozen=True)
class SiteChrome:
    """The lines that recur on many pages of each site of one run, as digests: what ``clean
    --site-chrome`` drops. About 8 bytes (plus set overhead) per frequent line; the counting pass
    before it holds one digest per distinct line, never a page."""

    lines: dict[str, frozenset[bytes]]
    min_pages: int = MIN_PAGES
    min_share: float = MIN_SHARE

    @classmethod
    def count(cls, paths: Iterable[Path], min_pages: int = MIN_PAGES,
              min_share: float = MIN_SHARE) -> "SiteChrome":
        """Count the lines of every page of ``paths`` and keep each site's frequent ones."""
        return cls.from_counts(count_sites(paths), min_pages, min_share)

    @classmethod
    def from_counts(cls, sites: dict[str, SiteCounts], min_pages: int = MIN_PAGES,
                    min_share: float = MIN_SHARE) -> "SiteChrome":
        lines = {}
        for site, counts in sites.items():
            need = max(min_pages, min_share * counts.pages)
            frequent = frozenset(k for k, n in counts.lines.items() if n >= need)
            if frequent:
                lines[site] = frequent
        return cls(lines, min_pages, min_share)

    def for_site(self, site: str | None) -> frozenset[bytes]:
        return self.lines.get(site, frozenset()) if site else frozenset()

    def digest(self) -> str:
        """Stands for the whole table in a run's settings: another table, other outputs."""
        h = hashlib.blake2b(f"{self.min_pages}/{self.min_share}".encode(), digest_size=16)
        for site in sorted(self.lines):
            h.update(site.encode("utf-8", "surrogatepass") + b"\0")
            h.update(b"".join(sorted(self.lines[site])))
        return h.hexdigest()


def drop_site_chrome(blocks: list[Block], frequent: frozenset[bytes], keep: int | None = None) -> int:
    """Drop the blocks whose line recurs on many pages of their site (but block ``keep``, the
    title); return how many."""
    if not frequent:
        return 0
    dropped = 0
    for block in blocks:
        if block.index != keep and block.kept and block.text and len(block.text) <= MAX_LINE_CHARS and digest(block.text) in frequent:
            block.drop("heuristic:site-chrome")
            dropped += not block.kept
    return dropped
