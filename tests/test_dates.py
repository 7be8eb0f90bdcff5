"""cleaner.dates: date-only lines (and the full dates inside short datelines) to ISO 8601; everything else None."""
from __future__ import annotations

import pytest

from cleaner.dates import MONTHS, find_date, parse_date_line


@pytest.mark.parametrize("line, iso", [
    # month day, year
    ("Jun 1, 2018", "2018-06-01"),
    ("June 1, 2018", "2018-06-01"),
    ("June 1 2018", "2018-06-01"),
    ("June 1st, 2018", "2018-06-01"),
    ("Sept. 5, 2019", "2019-09-05"),
    ("Sep 5, 2019", "2019-09-05"),
    ("September 22nd, 2019", "2019-09-22"),
    ("May 3, 2020", "2020-05-03"),
    ("JUNE 1, 2018", "2018-06-01"),
    ("Friday, June 1, 2018", "2018-06-01"),
    ("Thu Jun 7 2018", "2018-06-07"),
    ("June 1, 2018 at 3:45 pm EST", "2018-06-01"),
    ("June 1, 2018, 14:35", "2018-06-01"),
    ("Dec 31, 1999 11:59 p.m.", "1999-12-31"),
    # day month year
    ("1 June 2018", "2018-06-01"),
    ("12 September 2017, 14:35 GMT", "2017-09-12"),
    ("3rd of March, 2020", "2020-03-03"),
    ("21 Feb. 2016", "2016-02-21"),
    ("Monday 4 November 2019", "2019-11-04"),
    # ISO
    ("2018-06-01", "2018-06-01"),
    ("2018-6-1", "2018-06-01"),
    ("2018-06-01T12:30:00Z", "2018-06-01"),
    ("2018-06-01 14:35", "2018-06-01"),
    ("2018-06-01 14:35 +03:00", "2018-06-01"),
    # day.month.year, day/month/year (day first)
    ("12.09.2017 14:35", "2017-09-12"),
    ("12.09.2017", "2017-09-12"),
    ("01/06/2018", "2018-06-01"),
    ("1/6/2018 9.05", "2018-06-01"),
    # leading words
    ("Published: 1 June 2018", "2018-06-01"),
    ("Updated: 12 September 2017, 14:35 GMT", "2017-09-12"),
    ("Last updated: Jun 1, 2018", "2018-06-01"),
    ("Posted on June 1, 2018", "2018-06-01"),
    ("Updated on: 2018-06-01", "2018-06-01"),
    ("Date: 12.09.2017", "2017-09-12"),
    ("modified 2018-06-01", "2018-06-01"),
    ("  Jun 1, 2018  ", "2018-06-01"),
])
def test_date_lines(line, iso):
    assert parse_date_line(line) == iso


@pytest.mark.parametrize("line", [
    "Hello world",
    "",
    "2018",
    "June 2018",
    "Page 2 of 10",
    "3 comments",
    "12:35",
    "Room 101",
    "1 June",
    "Updated 2 hours ago",
])
def test_non_date_lines(line):
    assert parse_date_line(line) is None


@pytest.mark.parametrize("line", [
    "February 30, 2018",
    "Feb 30, 2018",
    "30 February 2018",
    "30.02.2018",
    "31 April 2019",
    "2018-13-01",
    "2018-02-29",
    "00.01.2018",
    "12/25/2018",  # month-first is not supported: month 25 does not exist
])
def test_invalid_dates(line):
    assert parse_date_line(line) is None


def test_leap_day_is_valid():
    assert parse_date_line("29 February 2020") == "2020-02-29"


@pytest.mark.parametrize("line", [
    "On Jun 1, 2018 the talks began.",
    "The talks began on 1 June 2018.",
    "Jun 1, 2018: the talks began",
    "Lavrov arrived on 12.09.2017 in Pyongyang",
    "Published: 1 June 2018 by John Smith",
    "By John Smith, June 1, 2018",
    "June 1, 2018 Lavrov arrives",
])
def test_sentences_containing_dates(line):
    assert parse_date_line(line) is None


def test_lines_longer_than_sixty_characters_are_not_date_lines():
    line = "Published on:" + " " * 40 + "June 1, 2018"
    assert len(line) > 60
    assert parse_date_line(line) is None


def test_month_table():
    assert MONTHS["jan"] == 1 and MONTHS["may"] == 5 and MONTHS["sept"] == 9 and MONTHS["december"] == 12
    assert set(MONTHS.values()) == set(range(1, 13))


@pytest.mark.parametrize("line,iso", [
    ("By Jeff Foust — November 18, 2019", "2019-11-18"),
    ("By Joseph Tsidulko November 19, 2019, 07:47 PM EST", "2019-11-19"),
    ("Von Moritz Bachmann publiziert am 25. September 2018", "2018-09-25"),
    ("By Tim Childers - Live Science Contributor 2019-11-19T12:48:14Z Space", "2019-11-19"),
    ("By Sherif Saed, Wednesday, 20 November 2019 08:05 GMT", "2019-11-20"),
    ("Monday November 18, 2019 7:45 am PST by Joe Rossignol", "2019-11-18"),
    ("21.06.2014 Tony Carter All , Books", "2014-06-21"),
])
def test_date_found_inside_a_dateline(line, iso):
    assert find_date(line) == iso


@pytest.mark.parametrize("line", [
    "Updated Nov 19, 9:41 AM;Posted Nov 18, 8:19 PM",  # no year: not enough
    "February 30, 2019",  # no such day
    "The plan, first announced on June 3, 2019, was dropped after the council's long debate over "
    "what the new roof would cost and who would pay for the repairs that the engineers proposed.",  # prose
])
def test_no_date_from_partial_impossible_or_prose_dates(line):
    assert find_date(line) is None
