#!/usr/bin/env python3
"""Metadata benchmark for text dumps: are the title, author and date cleaner reads from a dump
those of the page?

    python bench/metadata.py [--bench ../shared/bench/dev] [-v]

The bench has no gold metadata, so each dump is compared with the same page's HTML:

- **title**: 
what the page's HTML says its title is (``og:title``, ``twitter:title`` or ``<title>``, as cleaner's HTML mode reads it). A dump's title
counts as the headline when the two share most of their words: at least 60% of the shorter's and
40% of the longer's (a site suffix such as " - Auto News" or a rewording between the page's
``og:title`` and its printed headline is allowed for). That proxy is strict in places: a page whose
printed headline differs from its ``og:title`` (BBC's often do) counts as a miss even when cleaner
found the printed one.
- **author**: trafilatura's own metadata extractor on the HTML (JSON-LD, tags, its author search);
  the same person when one name contains the other, case aside.
- **date**: the date cleaner's HTML mode reads (htmldate), exactly, or a day apart.

``-v`` lists every title miss for reading.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from datetime import date  # noqa: E402

import trafilatura  # noqa: E402

from cleaner.pipeline import clean  # noqa: E402


def tokens(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").lower()))


def same_headline(found: str | None, reference: str | None) -> bool:
    a, b = tokens(found), tokens(reference)
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / min(len(a), len(b)) >= 0.6 and shared / max(len(a), len(b)) >= 0.4


def same_person(found: str | None, reference: str | None) -> bool:
    a, b = (found or "").lower(), (reference or "").lower()
    return bool(a and b) and (a in b or b in a)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the title misses")
    args = ap.parse_args()
    hits, misses = 0, []
    authors = same_author = no_reference = 0
    dates = same_date = day_apart = 0
    pages = sorted((args.bench / "dump").glob("*.txt"))
    for dump in pages:
        html = (args.bench / "html" / f"{dump.stem}.html").read_bytes()
        from_html = clean(html, kind="html")
        article = clean(dump.read_bytes(), kind="text")
        if same_headline(article.title, from_html.title):
            hits += 1
        else:
            misses.append((dump.stem[:16], article.title, from_html.title))
        if article.metadata.author:
            meta = trafilatura.extract_metadata(html.decode("utf-8", "replace"))
            reference = meta.author if meta else None
            authors += 1
            same_author += same_person(article.metadata.author, reference)
            no_reference += not reference
        if article.metadata.date:
            dates += 1
            if from_html.metadata.date == article.metadata.date:
                same_date += 1
            elif from_html.metadata.date:
                gap = date.fromisoformat(article.metadata.date) - date.fromisoformat(from_html.metadata.date)
                day_apart += abs(gap.days) <= 1
    none = sum(1 for _, found, _ in misses if not found)
    print(f"titles: {hits} of {len(pages)} match the page's HTML title "
          f"({len(misses) - none} other, {none} without a title)")
    print(f"authors: {authors} of {len(pages)} dumps name one; {same_author} the same person as trafilatura, "
          f"{no_reference} where trafilatura has none")
    print(f"dates: {dates} of {len(pages)} dumps dated; {same_date} the HTML page's date, {day_apart} a day apart")
    if args.verbose:
        for page, found, reference in misses:
            print(f"{page}  found: {found!r}\n{'':18}html:  {reference!r}")


if __name__ == "__main__":
    main()
