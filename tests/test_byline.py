"""cleaner.byline: the author read from a page's byline (real bylines of the dev bench's dumps)."""
from __future__ import annotations

import pytest

from cleaner.byline import author_of, find_author
from cleaner.model import Block
from cleaner.pipeline import clean

BYLINES = [
    ("By Jamelle Bouie", "Jamelle Bouie"),
    ("By Meg James Staff Writer", "Meg James"),
    ("by Regan September 15, 2014", "Regan"),
    ("By Bill Hoppe | Special to the Pioneer Press", "Bill Hoppe"),
    ("By Eric Song, IGN Staff", "Eric Song"),
    ("By Joseph Tsidulko November 19, 2019, 07:47 PM EST", "Joseph Tsidulko"),
    ("By Tim Childers - Live Science Contributor 2019-11-19T12:48:14Z Space", "Tim Childers"),
    ("By Amy Kuperinsky | NJ Advance Media for NJ.com", "Amy Kuperinsky"),
    ("Von Moritz Bachmann publiziert am 25. September 2018", "Moritz Bachmann"),
    ("By Jason Cipriani | November 18, 2019 -- 19:14 GMT (19:14 GMT) | Topic: Hardware", "Jason Cipriani"),
    ("By Sherif Saed, Wednesday, 20 November 2019 08:05 GMT", "Sherif Saed"),
    ("By Stefan Becket, Kathryn Watson, Grace Segers", "Stefan Becket, Kathryn Watson, Grace Segers"),
    ("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER", "Lisa Mascaro, Mary Clare Jalonick, Eric Tucker"),
    ("By Michael Hiltzik Business Columnist", "Michael Hiltzik"),
    ("By Abigail Van Buren", "Abigail Van Buren"),
    ("By FEDERICA LUSIARDI - 2019-04-10", "Federica Lusiardi"),
    ("By Megan Rowe meganr@spokesman.com(509) 459-5382", "Megan Rowe"),
    ("by Jeff Foust — November 18, 2019", "Jeff Foust"),
    ("By Jill Disis, CNN Business", "Jill Disis"),
    ("By Sarah E. Needleman", "Sarah E. Needleman"),
    ("By Matthew Digby , Minh Do on Monday, November 18th, 2019 at 11:08 a.m.", "Matthew Digby, Minh Do"),
    ("By Theresa May", "Theresa May"),
]
NOT_BYLINES = [
    "By choosing I Accept, you consent to our use of cookies and other tracking technologies.",
    "By admin - 2018-09-16",
    "By subject",
    "By the time Buckley learned who had written the song, she was only half-surprised",
    "Byline", "By", "Posted by Jane Doe", "",
]


@pytest.mark.parametrize("line,author", BYLINES)
def test_author_read_from_byline(line, author):
    assert author_of(line) == author


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_lines_that_are_no_byline_name_no_author(line):
    assert author_of(line) is None


def blocks(*texts: str) -> list[Block]:
    return [Block(index=i, raw=t, text=t) for i, t in enumerate(texts)]


def test_the_byline_nearest_after_the_headline_wins_then_the_one_above_it():
    page = blocks("By Far Away", "Menu", "Headline of the story", "Nov. 19, 2019", "By Jane Doe",
                  "Body text.", "By Someone Else")
    assert find_author(page, 2) == "Jane Doe"
    above = blocks("By Jane Doe", "Share", "Copy link", "Body text.", "By Someone Else")
    assert find_author(above, 2) == "Someone Else"  # after first
    assert find_author(above[:4], 2) == "Jane Doe"  # then above
    far = blocks(*(["By Far Away"] + ["Menu"] * 20 + ["Headline", "Body text."]))
    assert find_author(far, 21) is None


def test_dump_gets_its_author_from_the_byline_even_though_the_line_is_dropped():
    page = ("Home\nWorld\nCouncil votes to keep the town library open for another decade\n"
            "By MARY SMITH and John Brown, Reuters\nJune 3, 2019\n"
            "The council voted on Tuesday to keep the library open, after a long debate in the hall.\n"
            "Members argued for an hour about the costs before the vote was finally taken by all.\n")
    article = clean(page)
    assert article.metadata.author == "Mary Smith, John Brown"
    assert "By MARY SMITH" not in article.canonical_text()


def test_dump_date_read_from_the_byline_when_no_line_is_only_a_date():
    page = ("Council votes to keep the town library open for another decade\n"
            "By Jane Doe | June 3, 2019, 10:15 AM\n"
            "The council voted on Tuesday to keep the library open, after a long debate in the hall.\n"
            "Members argued for an hour about the costs before the vote was finally taken by all.\n")
    article = clean(page)
    assert article.metadata.date == "2019-06-03" and article.metadata.author == "Jane Doe"
