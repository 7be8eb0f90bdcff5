"""cleaner.headline: the headline is the line above the article that says what its opening says,
not the share bar, caption, byline or related story standing nearer to it."""
from __future__ import annotations

import pytest

from cleaner.headline import is_impostor
from cleaner.pipeline import clean

BODY = ("The town council voted on Tuesday to keep the library open for another decade, after a "
        "long debate about the cost of repairing its roof.\n"
        "Members argued for an hour about the library budget before the vote was finally taken, "
        "and the mayor said the roof repairs would start in spring.\n"
        "Residents had collected more than two thousand signatures asking the council to save "
        "the building, which opened in 1911.\n")


def test_headline_above_a_share_bar_and_byline_is_the_title():
    page = ("Home\nNews\nCouncil votes to keep the town library open\nBy Jane Doe\nNov. 19, 2019\n"
            "Share this with Facebook\nShare this with Twitter\nCopy Link URL Copied!\n"
            "Show more sharing options\n" + BODY)
    assert clean(page).title == "Council votes to keep the town library open"


def test_a_caption_with_a_credit_is_no_title_even_when_it_describes_the_story():
    page = ("Council votes to keep the town library open\n"
            "Council members vote on the library budget (Photo: John Smith/AP)\n" + BODY)
    assert clean(page).title == "Council votes to keep the town library open"


def test_a_related_story_above_loses_to_the_story_headline():
    page = ("Related: Mayor opens new swimming pool in the park\nMost read\n"
            "Council votes to keep the town library open\n" + BODY)
    assert clean(page).title == "Council votes to keep the town library open"


def test_nearest_headline_shaped_line_when_none_shares_a_word():
    page = "Menu\nBreaking story of the day here\n" + BODY
    assert clean(page).title == "Breaking story of the day here"


@pytest.mark.parametrize("line", [
    "Image copyright Getty Images",
    "Home Depot stock fell after earnings. Photograph by Robyn Beck/AFP/Getty Images",
    "WikiLeaks founder Julian Assange (AFP)",
    "More than 4,000 people are expected to receive notice (Credit: iStock)",
    "Posted by Michael David Smith on November 19, 2019, 6:21 AM EST",
    "Written by Rachael Link, MS, RD on November 14, 2019",
    "Meg Kinnard and Errin Haines, Associated Press",
    "Natasha Turak@NatashaTurak",
    "Copy Link URL Copied!",
    "Share on: Facebook Twitter Reddit Google+",
    "Last Updated : Nov 20, 2019 01:41 PM IST | Source: Moneycontrol.com",
    "Media playback is unsupported on your device",
    "Follow Victor Davis Hanson on Twitter",
    "image/svg+xml",
    "Edit ProfileSign Out",
])
def test_impostors(line):
    assert is_impostor(line)


@pytest.mark.parametrize("line", [
    "Council votes to keep the town library open",
    "Emirates inks $9 billion order for 30 Boeing 787 jets, will restart plans to expand airline by early 2020s",
    "Anthony Lynn: “We needed to win this game”",
    "7 key questions heading into the 2020 Democratic debate",
    "Sweden drops Assange rape investigation",
    "Minister to resign in March after the design upgrade row",
    "Why you just can't trust the White House on Donald Trump's health",
])
def test_real_headlines_are_no_impostors(line):
    assert not is_impostor(line)


def test_the_standfirst_under_the_headline_is_not_the_title():
    """The standfirst repeats the opening almost word for word: only its length tells it apart."""
    page = ("Council keeps its library after roof debate\n"
            "The town council voted on Tuesday to keep the library open for another decade after a "
            "long debate about the roof\nShare this with Facebook\nShare this with Twitter\n"
            "Copy Link URL Copied!\nBy Jane Doe\n" + BODY)
    assert clean(page).title == "Council keeps its library after roof debate"
