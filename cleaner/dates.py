"""Dates of a page's dateline ("Jun 1, 2018", "12.09.2017 14:35", "Published: 1 June 2018") to
ISO 8601.

A dump prints the article's date as a line of its own, or inside its byline ("By Jeff Foust —
November 18, 2019"); it belongs in ``metadata.date``. :func:`parse_date_line` reads a line that is
*nothing but* a date (plus a word like "Updated" and a time): such a line leaves the body.
:func:`find_date` finds a full date inside a short line, for the lines around the headline.
"""
from __future__ import annotations

import re
from datetime import date

from .thresholds import THRESHOLDS as T

MONTHS = {
    name: n for n, names in enumerate((
        ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
        ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
        ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1)
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = r"(?:[,\s]*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2})?)?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_LEAD = r"^(?:(?:published|updated|posted|last updated|date|modified)(?:\s+on)?\s*:?\s*)?" + _WEEKDAY
_PATTERNS = [
    re.compile(_LEAD + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME + r"$", re.I),
    re.compile(_LEAD + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME + r"$", re.I),
    re.compile(_LEAD + r"(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?:T[\d:.]+Z?)?" + _TIME + r"$", re.I),
    re.compile(_LEAD + r"(?P<day>\d{1,2})[./](?P<mon>\d{1,2})[./](?P<year>\d{4})" + _TIME + r"$", re.I),
]
_DIGIT = re.compile(r"\d")


def parse_date_line(text: str) -> str | None:
    """The ISO date of a line that is only a date, else None.

    >>> parse_date_line("Jun 1, 2018")
    '2018-06-01'
    >>> parse_date_line("Updated: 12 September 2017, 14:35 GMT")
    '2017-09-12'
    >>> parse_date_line("On Jun 1, 2018 the talks began.") is None
    True
    """
    text = text.strip()
    if len(text) > T["date_line_max_chars"] or not _DIGIT.search(text):
        return None
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return _iso(match)
    return None


def _iso(match: re.Match) -> str | None:
    """The ISO form of a matched date (``year``, ``day``, and ``month`` or ``mon``), or None for
    a day that does not exist (February 30)."""
    fields = match.groupdict()
    month = MONTHS[fields["month"].lower()] if fields.get("month") else int(fields["mon"])
    try:
        return date(int(fields["year"]), month, int(fields["day"])).isoformat()
    except ValueError:
        return None


#: A full date inside a line: month name and day with a year, day and month name with a year,
#: ISO, or day.month.year. A date without its year ("Nov 19, 9:41 AM") is not enough.
_INLINE = [
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),  # "2019-11-19T12:48"
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>(?:19|20)\d{2})(?!\d)"),
]


def find_date(text: str) -> str | None:
    """The ISO date of the first full date in a short line, else None.

    >>> find_date("By Jeff Foust — November 18, 2019")
    '2019-11-18'
    >>> find_date("Von Moritz Bachmann publiziert am 25. September 2018")
    '2018-09-25'
    >>> find_date("Updated Nov 19, 9:41 AM") is None
    True
    """
    if len(text) > T["dateline_max_chars"] or not _DIGIT.search(text):
        return None
    found = []
    for pattern in _INLINE:
        match = pattern.search(text)
        if match:
            found.append((match.start(), match))
    for _, match in sorted(found, key=lambda f: f[0]):
        iso = _iso(match)
        if iso:
            return iso
    return None
