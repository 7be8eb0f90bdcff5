"""Which block above the article is its headline.

A dump prints the headline above the article, but rarely right above it: a byline, a date, a
photo and its caption, a share bar ("Copy Link URL Copied!", "Share Tweet Submit") usually stand
between. Taking the nearest headline-shaped line gets those. So each line above the article is
judged as a headline:

1. It must look like one (:func:`cleaner.heuristics.is_headline_shaped`) and must not be what
   else stands there: a caption or photo credit, a byline or dateline, a social handle, a line of
   widget words (patterns in :mod:`cleaner.vocabulary`).
2. Among those left, the headline is the one that says what the article says: how many of its
   content words (stop words aside) the article's first paragraphs use, then what share of its
   words they are. A caption says it too, which is why captions are ruled out first; a related
   story's headline does not.
3. Closer to the article wins unless a farther line shares clearly more, and when no line shares
   a word with the article, the nearest line that passed (1) is taken.
4. A standfirst, the summary printed under a headline, shares even more of the opening's words:
   so a short line (a headline's length) sharing a few words goes before any long one.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .features import is_boundary, is_byline, page_stoplist, stopwords, words
from .model import Block
from .thresholds import THRESHOLDS as T
from .vocabulary import CHROME_WORDS, HEADLINE_IMPOSTORS

_HANDLE = re.compile(r"@\w{2,}")


def is_impostor(text: str) -> bool:
    """A headline-shaped line that is something else: a caption, a credit, a byline, a dateline,
    a handle, widget words."""
    if HEADLINE_IMPOSTORS.search(text) or is_byline(text) or is_boundary(text) or _HANDLE.search(text):
        return True
    if len(text.split()) < T["title_min_words"]:
        return True  # "image/svg+xml": words only by the regex, not by spaces
    found = [w.lower() for w in words(text)]
    return bool(found) and sum(w in CHROME_WORDS for w in found) / len(found) >= T["headline_max_chrome_share"]


def content_words(text: str, stop: frozenset[str] = frozenset()) -> set[str]:
    """Lower-cased words of four letters or more, stop words left out: what a headline and its
    lede share ("will", "these" and "about" say nothing about the story)."""
    return {w for w in (w.lower() for w in words(text) if len(w) >= 4) if w not in stop}


def pick_headline(blocks: list[Block], first: int, shaped: Callable[[str], bool]) -> Block | None:
    """The headline of the article whose region starts at block ``first``: among the kept blocks
    within ``headline_search_blocks`` above it, the headline-shaped (``shaped``), non-impostor one
    sharing most words with the article's opening, the nearest unless a farther one shares clearly
    more."""
    opening = blocks[first]
    start = first + 1 if opening.kept and shaped(opening.text) else first  # the region may open with it
    # the opening's paragraphs: not its subheads and captions (a caption printed again in the
    # article would vouch for itself)
    body: list[str] = []
    for b in blocks[start:]:
        if len(body) == T["headline_lede_blocks"]:
            break
        if b.kept and not shaped(b.text):
            body.append(b.text)
    stop = stopwords(page_stoplist(body)) if body else frozenset()
    lede: set[str] = set()
    for text in body:
        lede |= content_words(text, stop)
        if len(lede) >= T["headline_lede_words"]:
            break
    near = [b for b in blocks[max(0, first - T["headline_search_blocks"]):start] if b.kept]
    scored = []
    for b in reversed(near):  # nearest first
        own = content_words(b.text, stop)
        shared = len(own & lede)
        scored.append((b, shared + (shared / len(own) if own else 0.0), shared))  # words in common, then their share
    # A standfirst (the summary under a headline) says all the opening says, at length: a short
    # line that shares a few words is the headline before any long one is.
    short = [(b, score) for b, score, shared in scored
             if shared >= T["headline_min_shared"] and len(b.text.split()) <= T["headline_standfirst_words"]]
    return _best(short, shaped) or _best([(b, score) for b, score, _ in scored], shaped)


def _best(scored: list[tuple[Block, float]], shaped: Callable[[str], bool]) -> Block | None:
    """The nearest headline among ``scored`` (nearest first), unless a farther one scores clearly more."""
    best, best_score = None, 0.0
    for b, score in scored:
        if best is not None and score <= best_score + T["headline_score_margin"]:
            continue  # (tested first: the shape tests below cost more)
        if shaped(b.text) and not is_impostor(b.text):
            best, best_score = b, score
    return best
