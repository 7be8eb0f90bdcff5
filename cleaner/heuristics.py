"""Generic filters: what rules cannot know, judged from the shape of each block and its page.

Each heuristic is a small function that reads blocks and drops some with the reason
``heuristic:<name>``; thresholds come from :mod:`cleaner.thresholds`. They run after the rules
(so site chrome is already gone and ``keep`` rules protect what they name) and in the order of
:data:`STEPS`, each one seeing what the previous ones decided.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import parse_date_line
from .model import Block
from .thresholds import THRESHOLDS as T

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


@dataclass(slots=True)
class PageFacts:
    """What the heuristics learn about the page: its headline and date."""

    title_index: int | None = None
    date: str | None = None


def words(text: str) -> list[str]:
    """Words made of letters (digits and punctuation are not words)."""
    return _WORD.findall(text)


def is_prose(text: str) -> bool:
    """A block that reads as running text: enough words and a sentence ending."""
    return len(words(text)) >= T["prose_min_words"] and bool(_TERMINAL.search(text))


def title_case_share(text: str) -> float:
    """Share of capitalised words among words of four letters or more (short function words
    such as 'of', 'on', 'the' are lower case in Title Case too)."""
    long_words = [w for w in words(text) if len(w) >= 4]
    if not long_words:
        return 0.0
    return sum(w[0].isupper() for w in long_words) / len(long_words)


def is_headline_shaped(text: str) -> bool:
    """A line that could be a headline: a few words, not ending like a sentence (a question or
    exclamation is allowed: headlines use them)."""
    n = len(words(text))
    if not T["title_min_words"] <= n <= T["title_max_words"]:
        return False
    return not re.search(r"[.,;:][\"'”’»)]*$", text) and parse_date_line(text) is None


def kept(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.kept]


# --- the steps -----------------------------------------------------------------------------------

def drop_empty(blocks: list[Block], facts: PageFacts) -> None:
    """Blocks with no letters at all: counters ("0"), separators, stray symbols."""
    for b in blocks:
        if not any(c.isalpha() for c in b.text):
            b.drop("heuristic:no-letters")


def extract_date(blocks: list[Block], facts: PageFacts) -> None:
    """Date-only lines go to ``metadata.date`` (the first one), not into the body."""
    for b in kept(blocks):
        iso = parse_date_line(b.text)
        if iso:
            facts.date = facts.date or iso
            b.drop("heuristic:date-line")


def find_title(blocks: list[Block], facts: PageFacts, hint: str | None = None) -> None:
    """The headline: the block equal to the page's own title when it gives one; otherwise the first
    headline-shaped block near the top with prose soon after it. Blocks above it are chrome."""
    candidates = kept(blocks)[: T["title_search_blocks"]]
    title = None
    if hint:
        title = next((b for b in candidates if b.text.casefold() == hint.casefold()), None)
    if title is None:
        for b in candidates:
            following = kept(blocks[b.index + 1:])[: T["title_prose_within"]]
            if is_headline_shaped(b.text) and any(is_prose(f.text) for f in following):
                title = b
                break
    if title is None:
        return
    title.kind = "title"
    facts.title_index = title.index
    for b in blocks:
        if b is title:
            break
        b.drop("heuristic:above-title")


def drop_repeats(blocks: list[Block], facts: PageFacts) -> None:
    """A block printed twice (a caption, the headline under the lede) is kept once: the first time."""
    seen: set[str] = set()
    for b in blocks:
        key = b.text.casefold()
        if key in seen and b.kind != "title":
            b.drop("heuristic:repeated-block")
        seen.add(key)


def drop_short_lines(blocks: list[Block], facts: PageFacts) -> None:
    """One or two words with no sentence punctuation between paragraphs: section words ("Asia"),
    nav words, labels."""
    for b in _body(blocks, facts):
        if len(words(b.text)) <= T["short_line_max_words"] and not _SENTENCE_END.search(b.text):
            b.drop("heuristic:short-line")


def drop_teaser_headlines(blocks: list[Block], facts: PageFacts) -> None:
    """Related-story headlines inside the body: Title Case, no sentence punctuation, and either
    right after chrome (an image label or section word of the same teaser card) or with no
    sentence under them."""
    body = _body(blocks, facts)
    for b in body:
        n = len(words(b.text))
        if not (T["teaser_min_words"] <= n <= T["teaser_max_words"]) or _TERMINAL.search(b.text):
            continue
        if title_case_share(b.text) < T["teaser_title_case_share"]:
            continue
        pos = b.index
        after_chrome = pos > 0 and not blocks[pos - 1].kept
        following = kept(blocks[pos + 1:])
        no_sentence_under = not following or not is_prose(following[0].text)
        if after_chrome or no_sentence_under:
            b.drop("heuristic:teaser-headline")


def _body(blocks: list[Block], facts: PageFacts) -> list[Block]:
    """Kept blocks after the title (all kept blocks when no title was found)."""
    start = facts.title_index + 1 if facts.title_index is not None else 0
    return [b for b in blocks if b.index >= start and b.kept and b.kind != "title"]


STEPS = (extract_date, drop_empty, find_title, drop_repeats, drop_short_lines, drop_teaser_headlines)


def apply_heuristics(blocks: list[Block], *, title_hint: str | None = None) -> PageFacts:
    """Heuristics stage: run every step in order; return the title position and the date found."""
    facts = PageFacts()
    for step in STEPS:
        if step is find_title:
            find_title(blocks, facts, title_hint)
        else:
            step(blocks, facts)
    return facts
