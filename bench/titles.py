#!/usr/bin/env python3
"""Headline benchmark for text dumps: is the title cleaner finds in a dump the page's headline?

    python bench/titles.py [--bench ../shared/bench/dev] [-v]

The bench has no gold headlines, so the reference is what the same page's HTML says its title is
(``og:title``, ``twitter:title`` or ``<title>``, as cleaner's HTML mode reads it). A dump's title
counts as the headline when the two share most of their words: at least 60% of the shorter's and
40% of the longer's (a site suffix such as " - Auto News" or a rewording between the page's
``og:title`` and its printed headline is allowed for). That proxy is strict in places: a page whose
printed headline differs from its ``og:title`` (BBC's often do) counts as a miss even when cleaner
found the printed one. ``-v`` lists every miss for reading.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner.pipeline import clean  # noqa: E402


def tokens(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").lower()))


def same_headline(found: str | None, reference: str | None) -> bool:
    a, b = tokens(found), tokens(reference)
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / min(len(a), len(b)) >= 0.6 and shared / max(len(a), len(b)) >= 0.4


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = ap.parse_args()
    hits, misses = 0, []
    pages = sorted((args.bench / "dump").glob("*.txt"))
    for dump in pages:
        reference = clean((args.bench / "html" / f"{dump.stem}.html").read_bytes(), kind="html").title
        found = clean(dump.read_bytes(), kind="text").title
        if same_headline(found, reference):
            hits += 1
        else:
            misses.append((dump.stem[:16], found, reference))
    none = sum(1 for _, found, _ in misses if not found)
    print(f"dump titles matching the page's HTML title: {hits} of {len(pages)} "
          f"({len(misses) - none} other, {none} without a title)")
    if args.verbose:
        for page, found, reference in misses:
            print(f"{page}  found: {found!r}\n{'':18}html:  {reference!r}")


if __name__ == "__main__":
    main()
