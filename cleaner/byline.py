"""Who wrote the article and when, read from the lines around its headline: the byline ("By Jane
Doe | Reuters") and the dateline ("November 18, 2019", often inside the byline).

A text dump has no ``<meta name=author>``: its only record of who wrote the article is the byline
line, which the heuristics drop as chrome. This module reads the names out of that line before it
goes: the words after "By" (or "Von", "Por"...), cut where the byline turns into something else (a
separator, a date, a job title, an e-mail address), each name a short run of capitalised words.
HTML pages use it when their tags name no author. The date is the first full date in a short line
there (:func:`cleaner.dates.find_date`), for dumps whose date is not a line of its own.
"""
from __future__ import annotations

import re

from .dates import MONTHS, find_date
from .model import Block
from .thresholds import THRESHOLDS as T
from .vocabulary import BYLINE_END, BYLINE_ROLE, BYLINE_WORDS

_BY = re.compile(r"^(?:" + "|".join(BYLINE_WORDS) + r")\s+", re.I)
#: A month ends the names too ("by Regan September 15, 2014"); not "May", which is also a name.
_MONTH = re.compile(r"\s*\b(?:" + "|".join(sorted((m for m in MONTHS if m != "may"), key=len, reverse=True))
                    + r")\b\.?.*$", re.I)
#: Between names: commas and the word "and" of a few languages (lower case, or "AND" in an
#: all-caps byline: a middle initial "E." is no Italian "e").
_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bAND\b|\bund\b|\by\b|\bet\b|\be\b|\ben\b)\s*")
_WEEKDAY = re.compile(r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?$", re.I)


def author_of(text: str) -> str | None:
    """The author(s) named by a byline, or None when ``text`` is not one.

    >>> author_of("By Bill Hoppe | Special to the Pioneer Press")
    'Bill Hoppe'
    >>> author_of("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER")
    'Lisa Mascaro, Mary Clare Jalonick, Eric Tucker'
    >>> author_of("Von Moritz Bachmann publiziert am 25. September 2018")
    'Moritz Bachmann'
    >>> author_of("By choosing I Accept, you consent to our use of cookies") is None
    True
    """
    by = _BY.match(text)
    if not by or len(text) > T["byline_max_chars"]:
        return None
    rest = _MONTH.sub("", BYLINE_END.sub("", text[by.end():]))
    names: list[str] = []
    for n, part in enumerate(_SPLIT.split(rest)):
        words = BYLINE_ROLE.sub("", part).strip(" .,;:").split()
        if not words or len(words) > T["byline_max_name_words"] or _WEEKDAY.match(" ".join(words)):
            continue
        if any(word[0].islower() for word in words):
            if n == 0:
                return None  # "By choosing ...", "by admin": a sentence or a login, not a name
            continue
        if n > 0 and (len(words) == 1 or is_outlet(words)):
            continue  # the outlet after the names: "..., Reuters", "..., CNN Business"
        names.append(" ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words))
    return ", ".join(dict.fromkeys(names)) or None


def is_outlet(words: list[str]) -> bool:
    """An acronym among ordinary capitalised words ("CNN Business", "NJ Advance Media")."""
    caps = [w.isupper() and len(w) > 1 for w in words]
    return any(caps) and not all(caps)


def around_headline(blocks: list[Block], title_index: int | None) -> list[Block]:
    """The blocks where a byline or dateline stands: ``byline_search_after`` blocks after the
    headline, nearest first, then ``byline_search_before`` above it (dumps often print them
    between a headline and a share bar that the title search took for the start of the article);
    from the top when there is no headline."""
    start = title_index if title_index is not None else -1
    after = blocks[start + 1:start + 1 + T["byline_search_after"]]
    before = blocks[max(0, start - T["byline_search_before"]):max(0, start)][::-1]
    return after + before


def find_author(blocks: list[Block], title_index: int | None) -> str | None:
    """The author from the byline nearest the headline, whatever the heuristics decided about the
    byline's block."""
    return next(filter(None, (author_of(b.text) for b in around_headline(blocks, title_index))), None)


def find_dateline(blocks: list[Block], title_index: int | None) -> str | None:
    """The ISO date of the first full date in a short line near the headline."""
    return next(filter(None, (find_date(b.text) for b in around_headline(blocks, title_index))), None)
