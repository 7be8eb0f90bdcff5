"""Date-only lines ("Jun 1, 2018", "12.09.2017 14:35", "Published: 1 June 2018") to ISO 8601.

A dump prints the article's date as a line of its own; it belongs in ``metadata.date``, not in
the body. Only lines that are *nothing but* a date (plus a word like "Updated" and a time) count.
"""
from __future__ import annotations

import re
from datetime import date

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
    if len(text) > 60 or not any(c.isdigit() for c in text):
        return None
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        fields = match.groupdict()
        month = MONTHS[fields["month"].lower()] if fields.get("month") else int(fields["mon"])
        try:
            return date(int(fields["year"]), month, int(fields["day"])).isoformat()
        except ValueError:
            return None
    return None
