"""Heuristics for what trafilatura returns from an HTML page: lighter than the text-dump ones.

trafilatura has already cut most page chrome, and its blocks carry their kind, so a heading is a
legitimate subhead, a list item is body and a line printed twice (a question asked of each
interviewee, a table header) is the article's own. What it still lets through sits at the edges
of the body: the headline again, the standfirst, the byline, contact, share, subscribe and
copyright lines; and a few promotion lines inside it. These steps look there, with the patterns
of :mod:`cleaner.html_phrases`. They reuse helpers of :mod:`cleaner.heuristics` and never change
them; the text-dump steps (title search, short lines, teaser headlines) do not run on HTML.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from .features import is_long_prose
from .heuristics import PageFacts, extract_date, is_prose, words
from .html_phrases import EDGE_CHROME, INLINE_PROMO
from .model import Block
from .thresholds import THRESHOLDS as T


def body(blocks: list[Block]) -> list[Block]:
    """Kept blocks other than the title, in order."""
    return [b for b in blocks if b.kept and b.kind != "title"]


def matches_any(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def title_overlap(text: str, title: str) -> tuple[float, float]:
    """Shares of words in common with the title: of the shorter text, and of the longer."""
    a = {w.casefold() for w in words(text)}
    b = {w.casefold() for w in words(title)}
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)), shared / max(len(a), len(b))


def similar_to_title(text: str, title: str) -> bool:
    """The headline again, maybe with a section prefix or site suffix ("Opinion | ...")."""
    of_shorter, of_longer = title_overlap(text, title)
    return of_shorter >= T["html_title_overlap"] and of_longer >= T["html_title_overlap_longer"]


# --- the steps -----------------------------------------------------------------------------------

def mark_title(blocks: list[Block], facts: PageFacts) -> None:
    """The title block the HTML splitter put first (the page's own title), if any."""
    if blocks and blocks[0].kind == "title" and blocks[0].kept:
        facts.title_index = blocks[0].index


def drop_headline_repeats(blocks: list[Block], facts: PageFacts) -> None:
    """The headline printed again near the top of the body (trafilatura often keeps the
    ``<h1>``). What stands above it belongs to another story or to the page's header."""
    if facts.title_index is None:
        return
    title = blocks[facts.title_index].text
    lead = _lead(blocks)
    repeats = [b for b in lead if not is_prose(b.text) and similar_to_title(b.text, title)]
    exact = [b for b in repeats if min(title_overlap(b.text, title)) >= T["html_title_cut_overlap"]]
    for b in lead[: lead.index(exact[-1])] if exact else ():
        if not is_long_prose(b.text):  # the story itself can stand above a headline printed again
            b.drop("heuristic:above-headline")
    for b in repeats:
        b.drop("heuristic:headline-repeat")


def drop_wordless(blocks: list[Block], facts: PageFacts) -> None:
    """Blocks with neither letters nor digits: separators ("| | |"), stray symbols. A row of
    numbers in an extracted table is the article's (the text dumps' ``no-letters`` step drops
    those, since dumps carry counters and page numbers)."""
    for b in blocks:
        if not any(c.isalnum() for c in b.text):
            b.drop("heuristic:no-words")


def drop_standfirst(blocks: list[Block], facts: PageFacts) -> None:
    """A heading that reads as a sentence at the top of the body: the standfirst (dek), which
    summarises the article rather than being part of it."""
    first = body(blocks)[:1]
    if first and first[0].kind == "heading" and is_prose(first[0].text):
        first[0].drop("heuristic:standfirst")


def drop_inline_promos(blocks: list[Block], facts: PageFacts) -> None:
    """"Related: ...", "Also on example.com ...", "Click here to get the app": promotion lines
    that interrupt the article."""
    for b in body(blocks):
        if matches_any(INLINE_PROMO, b.text) and not is_long_prose(b.text):
            b.drop("heuristic:inline-promo")


def trim_edges(blocks: list[Block], facts: PageFacts) -> None:
    """Byline, contact, share, subscribe and copyright lines at the head and tail of the body.
    At the tail a short heading goes too when only chrome follows it ("Most read", "Tell us what
    you think"). A long block of prose is never edge chrome, whatever phrase it holds (on old
    layouts the whole article is one block holding "All rights reserved"), and the edges are
    counted without such blocks."""
    kept = [b for b in body(blocks) if not is_long_prose(b.text)
            and len(words(b.text)) <= T["html_edge_max_words"]]
    for b in kept[: T["html_edge_blocks"]]:
        if not matches_any(EDGE_CHROME, b.text):
            break
        b.drop("heuristic:edge-chrome")
    tail = kept[::-1][: T["html_edge_blocks"]]
    for b in tail:
        if matches_any(EDGE_CHROME, b.text):
            b.drop("heuristic:edge-chrome")
        elif b.kind == "heading" and b is not kept[0] and \
                len(words(b.text)) <= T["html_tail_heading_max_words"]:
            b.drop("heuristic:tail-heading")
        else:
            break


def _lead(blocks: list[Block]) -> list[Block]:
    """The first few kept body blocks."""
    return body(blocks)[: T["html_lead_blocks"]]


Step = Callable[[list[Block], PageFacts], None]
STEPS: tuple[Step, ...] = (mark_title, extract_date, drop_wordless, drop_headline_repeats,
                           drop_standfirst, drop_inline_promos, trim_edges)


def apply_html_heuristics(blocks: list[Block], *, title_hint: str | None = None) -> PageFacts:
    """Heuristics stage for HTML pages: run every step in order; return title position and date.
    ``title_hint`` is unused: the splitter already put the page's title first."""
    facts = PageFacts()
    for step in STEPS:
        step(blocks, facts)
    return facts
