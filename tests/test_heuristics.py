"""cleaner.heuristics: generic filters (title, dates, repeats, short lines, teaser headlines)."""
from __future__ import annotations

import pytest

from cleaner.heuristics import (PageFacts, apply_heuristics, drop_empty, drop_repeats, drop_short_lines, find_title,
                                is_headline_shaped, is_prose, title_case_share, words)
from cleaner.model import Block
from cleaner.thresholds import THRESHOLDS

P1 = "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Tuesday for talks with officials."
P2 = "The visit comes weeks before a planned summit between the leaders of the two countries."
P3 = "Analysts say the talks could help to ease tension on the peninsula after months of rhetoric."
P4 = "The minister is expected to return to Moscow on Thursday after meeting his counterpart."
HEADLINE = "Lavrov Arrives In Pyongyang For Talks With Kim"


def blocks_of(*texts: str) -> list[Block]:
    return [Block(index=i, raw=t, text=t) for i, t in enumerate(texts)]


def state(blocks: list[Block]) -> list[tuple[str, str | None]]:
    return [(b.verdict, b.reason) for b in blocks]


KEEP = ("keep", None)


# --- helpers ---------------------------------------------------------------------------------------

def test_words_are_letters_with_inner_apostrophes_and_hyphens():
    assert words("Kim Jong-un's 2018 visit, 50% up!") == ("Kim", "Jong-un's", "visit", "up")
    assert words("12:30 — ©") == ()
    assert words("Привет, мир") == ("Привет", "мир")


def test_is_prose():
    assert is_prose(P1)
    assert is_prose("One two three four five six seven eight:")
    assert not is_prose("One two three four five six seven.")  # seven words
    assert not is_prose("One two three four five six seven eight")  # no terminal punctuation


def test_title_case_share_counts_words_of_four_letters_or_more():
    assert title_case_share("Lavrov arrives in Pyongyang") == pytest.approx(2 / 3)
    assert title_case_share("The Art of War") == 0.0  # no word of four letters
    assert title_case_share("") == 0.0
    assert title_case_share(HEADLINE) == 1.0


def test_is_headline_shaped():
    assert is_headline_shaped(HEADLINE)
    assert is_headline_shaped("Is Peace Possible Now?")
    assert is_headline_shaped("Talks Collapse!")  is False  # two words
    assert is_headline_shaped("Peace Talks Collapse!")
    assert not is_headline_shaped("Lavrov arrives in Pyongyang.")
    assert not is_headline_shaped("Lavrov arrives in Pyongyang:")
    assert not is_headline_shaped("Lavrov arrives in Pyongyang,")
    assert not is_headline_shaped("All news")
    assert not is_headline_shaped("Published on June 1, 2018")  # three words, but a date line
    assert not is_headline_shaped(" ".join(["word"] * 31))


# --- title -----------------------------------------------------------------------------------------

def test_title_found_and_blocks_above_it_dropped():
    blocks = blocks_of("World", "All news", HEADLINE, P1, P2)
    facts = apply_heuristics(blocks)
    assert facts.title_index == 2
    assert blocks[2].kind == "title"
    assert state(blocks) == [("drop", "heuristic:above-title"), ("drop", "heuristic:above-title"),
                             KEEP, KEEP, KEEP]


def test_headline_without_prose_soon_after_is_not_the_title():
    blocks = blocks_of("Breaking News From Around The World", "Asia", "Europe", "Americas",
                       HEADLINE, P1, P2)
    facts = apply_heuristics(blocks)
    assert facts.title_index == 4
    assert [b.reason for b in blocks[:4]] == ["heuristic:above-title"] * 4
    assert blocks[0].kind is None


def test_prose_within_three_kept_blocks_is_enough():
    assert THRESHOLDS["title_prose_within"] == 3
    blocks = blocks_of(HEADLINE, "Asia", "Europe", P1)
    assert apply_heuristics(blocks).title_index == 0


def test_dropped_blocks_do_not_count_as_the_blocks_after_a_headline():
    blocks = blocks_of(HEADLINE, "Asia", "Europe", "Africa", P1)
    for b in blocks[1:4]:
        b.drop("rule:nav")
    assert apply_heuristics(blocks).title_index == 0


def test_headline_just_above_the_article_found_after_a_long_menu():
    nav = ["Home", "World", "Asia", "Europe", "Africa", "Americas", "Business", "Sport", "Culture",
           "Science", "Opinion", "Video"]
    assert len(nav) == THRESHOLDS["title_search_blocks"]
    blocks = blocks_of(*nav, HEADLINE, P1, P2)
    facts = apply_heuristics(blocks)
    assert facts.title_index == 12
    assert [b.reason for b in blocks[:12]] == ["heuristic:above-title"] * 12
    assert state(blocks)[12:] == [KEEP, KEEP, KEEP]


def test_title_hint_used_even_when_not_headline_shaped():
    blocks = blocks_of("Menu", "Lavrov arrives in Pyongyang.", P1, P2)
    facts = PageFacts()
    find_title(blocks, facts, hint="LAVROV ARRIVES IN PYONGYANG.")
    assert facts.title_index == 1
    assert blocks[1].kind == "title"
    assert state(blocks) == [("drop", "heuristic:above-title"), KEEP, KEEP, KEEP]


def test_title_hint_preferred_over_an_earlier_headline_shaped_block():
    blocks = blocks_of("Peace Talks Resume In Geneva", P1, HEADLINE, P2)
    facts = apply_heuristics(blocks, title_hint=HEADLINE.lower())
    assert facts.title_index == 2
    assert blocks[0].reason == "heuristic:above-title"


def test_title_hint_not_found_falls_back_to_shape():
    blocks = blocks_of("World", HEADLINE, P1)
    assert apply_heuristics(blocks, title_hint="Some Other Title").title_index == 1


def test_no_title_found_nothing_dropped_as_above_title():
    blocks = blocks_of(P1, P2, P3)
    facts = apply_heuristics(blocks)
    assert facts.title_index is None
    assert state(blocks) == [KEEP, KEEP, KEEP]


def test_title_skips_blocks_already_dropped():
    blocks = blocks_of(HEADLINE, "Peace Talks Resume In Geneva", P1)
    blocks[0].drop("rule:x")
    facts = apply_heuristics(blocks)
    assert facts.title_index == 1
    assert blocks[0].reason == "rule:x"


# --- dates -----------------------------------------------------------------------------------------

def test_date_lines_dropped_and_first_date_kept():
    blocks = blocks_of(HEADLINE, "Jun 1, 2018", P1, "Updated: 2 June 2018", P2)
    facts = apply_heuristics(blocks)
    assert facts.date == "2018-06-01"
    assert facts.title_index == 0
    assert state(blocks) == [KEEP, ("drop", "heuristic:date-line"), KEEP,
                             ("drop", "heuristic:date-line"), KEEP]


def test_sentence_with_a_date_is_not_a_date_line():
    blocks = blocks_of(HEADLINE, "On Jun 1, 2018 the talks began in the capital of the country.", P1)
    facts = apply_heuristics(blocks)
    assert facts.date is None
    assert state(blocks) == [KEEP, KEEP, KEEP]


def test_date_line_before_headline_does_not_hide_title():
    blocks = blocks_of("Updated: 12.09.2017 14:35", HEADLINE, P1)
    facts = apply_heuristics(blocks)
    assert facts.date == "2017-09-12"
    assert facts.title_index == 1
    assert blocks[0].reason == "heuristic:date-line"


@pytest.mark.parametrize("line, iso", [("12.09.2017 14:35", "2017-09-12"), ("2018-06-01", "2018-06-01")])
def test_numeric_date_line_gives_the_date(line, iso):
    blocks = blocks_of(HEADLINE, line, P1)
    facts = apply_heuristics(blocks)
    assert facts.date == iso
    assert blocks[1].reason == "heuristic:date-line"


# --- no letters ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["0", "***", "12:30", "—", "", "© 2018"])
def test_blocks_without_letters_dropped(text):
    blocks = blocks_of(text)
    drop_empty(blocks, PageFacts())
    assert state(blocks) == [("drop", "heuristic:no-letters")]


# --- repeats ---------------------------------------------------------------------------------------

def test_repeated_blocks_kept_once_first():
    caption = "Lavrov and Kim shake hands in Pyongyang on Tuesday, during the first meeting"
    blocks = blocks_of(HEADLINE, P1, caption, P2, caption, caption.upper(), P3)
    drop_repeats(blocks, PageFacts())
    assert state(blocks) == [KEEP, KEEP, KEEP, KEEP, ("drop", "heuristic:repeated-block"),
                             ("drop", "heuristic:repeated-block"), KEEP]


def test_repeated_prose_stays_but_a_repeated_title_goes():
    question = "What did the two leaders agree on at the end of their meeting on Tuesday?"
    blocks = blocks_of(HEADLINE, question, P1, question, P2, HEADLINE)
    facts = PageFacts(title_index=0)
    blocks[0].kind = "title"
    drop_repeats(blocks, facts)
    assert state(blocks) == [KEEP, KEEP, KEEP, KEEP, KEEP, ("drop", "heuristic:repeated-block")]


def test_headline_repeated_under_the_lede_dropped_as_repeat():
    blocks = blocks_of(HEADLINE, P1, HEADLINE, P2)
    facts = apply_heuristics(blocks)
    assert facts.title_index == 0
    assert blocks[0].verdict == "keep"
    assert state(blocks)[2] == ("drop", "heuristic:repeated-block")


def test_title_not_dropped_as_repeat_of_a_block_dropped_earlier():
    blocks = blocks_of(HEADLINE, "Skip to content", HEADLINE, P1, P2)
    blocks[0].drop("rule:site.cut-before")
    blocks[1].drop("rule:site.cut-before")
    facts = apply_heuristics(blocks)
    assert facts.title_index == 2
    assert blocks[2].kept


# --- short lines -----------------------------------------------------------------------------------

def test_short_lines_in_body_dropped_but_sentences_kept():
    blocks = blocks_of(HEADLINE, P1, "Asia", P2, "Yes.", P3, "Kim Jong-un", P4, "Why?", "Note:")
    drop_short_lines(blocks, PageFacts(title_index=0))
    assert state(blocks) == [
        KEEP, KEEP, ("drop", "heuristic:short-line"), KEEP, KEEP, KEEP,
        ("drop", "heuristic:short-line"), KEEP, KEEP, ("drop", "heuristic:short-line"),
    ]


def test_short_lines_after_the_last_paragraph_are_outside_the_article():
    blocks = blocks_of(HEADLINE, P1, P2, "Why?", "Note:")
    apply_heuristics(blocks)
    assert state(blocks) == [KEEP, KEEP, KEEP, ("drop", "heuristic:outside-main-region"),
                             ("drop", "heuristic:outside-main-region")]


def test_short_lines_dropped_when_no_title():
    blocks = blocks_of("Asia", P1, "Sport")
    apply_heuristics(blocks)
    assert state(blocks) == [("drop", "heuristic:short-line"), KEEP, ("drop", "heuristic:short-line")]


def test_three_word_line_is_not_a_short_line():
    blocks = blocks_of(HEADLINE, P1, "three little words", P2)
    apply_heuristics(blocks)
    assert blocks[2].kept


# --- teaser headlines ------------------------------------------------------------------------------

def test_teaser_headline_after_dropped_block_dropped():
    teaser = "Kim Meets Putin Amid Summit Talks In Vladivostok"
    blocks = blocks_of(HEADLINE, P1, "Asia", teaser, P2)
    apply_heuristics(blocks)
    assert state(blocks) == [KEEP, KEEP, ("drop", "heuristic:short-line"),
                             ("drop", "heuristic:teaser-headline"), KEEP]


def test_teaser_headline_after_rule_dropped_block_dropped():
    teaser = "Kim Meets Putin Amid Summit Talks In Vladivostok"
    blocks = blocks_of(HEADLINE, P1, "Lavrov in Pyongyang - Image", teaser, P2)
    blocks[2].drop("rule:global.image-label")
    apply_heuristics(blocks)
    assert blocks[3].reason == "heuristic:teaser-headline"


def test_subheading_between_kept_prose_kept():
    sub = "Diplomatic Efforts Gather Pace Across The Region"
    blocks = blocks_of(HEADLINE, P1, sub, P2)
    apply_heuristics(blocks)
    assert state(blocks) == [KEEP, KEEP, KEEP, KEEP]


def test_teaser_headline_with_no_sentence_under_it_is_outside_the_article():
    teaser = "More Stories From Our Correspondents Today"
    blocks = blocks_of(HEADLINE, P1, P2, teaser)
    apply_heuristics(blocks)
    assert state(blocks)[3] == ("drop", "heuristic:outside-main-region")


def test_teaser_followed_by_another_teaser_dropped():
    t1 = "Kim Meets Putin Amid Summit Talks In Vladivostok"
    t2 = "Seoul Reports Missile Launch Over Eastern Waters"
    blocks = blocks_of(HEADLINE, P1, "Asia", t1, t2, P2)
    apply_heuristics(blocks)
    assert blocks[3].reason == "heuristic:teaser-headline"  # right after the section word
    assert blocks[4].reason == "heuristic:teaser-headline"  # right after dropped t1
    assert blocks[5].kept


# --- protected blocks ------------------------------------------------------------------------------

def test_protected_blocks_never_dropped_by_heuristics():
    blocks = blocks_of("Menu", HEADLINE, P1, "Asia", "Jun 1, 2018", P1, "0",
                       "More Stories From Our Correspondents Today")
    for i in (0, 3, 4, 5, 6, 7):
        blocks[i].protected = True
        blocks[i].reason = "rule:keep-me"
    facts = apply_heuristics(blocks)
    assert facts.title_index == 1
    assert all(b.verdict == "keep" for b in blocks)
    assert [b.reason for b in blocks] == ["rule:keep-me", None, None, "rule:keep-me", "rule:keep-me",
                                          "rule:keep-me", "rule:keep-me", "rule:keep-me"]


def test_apply_heuristics_steps_see_each_others_decisions():
    # the second "Asia" goes as a repeat: drop_repeats runs before drop_short_lines
    blocks = blocks_of(HEADLINE, P1, "Asia", P2, "Asia", P3, P4)
    apply_heuristics(blocks)
    assert blocks[2].reason == "heuristic:short-line"
    assert blocks[4].reason == "heuristic:repeated-block"


def test_drop_repeats_directly():
    blocks = blocks_of("A line.", "B line.", "a LINE.")
    drop_repeats(blocks, PageFacts())
    assert state(blocks) == [KEEP, KEEP, ("drop", "heuristic:repeated-block")]


# --- glued teasers ---------------------------------------------------------------------------------

def test_teaser_headline_fused_to_its_lede_dropped_but_camel_case_names_kept():
    from cleaner.heuristics import drop_glued_teasers
    glued = "Customers Leave Without Paying Bill At Troy SteakhouseA party of six left the restaurant."
    name = "Prince Andrew: TripAdvisor suspends reviews of the pizza restaurant he says he visited."
    blocks = blocks_of(HEADLINE, P1, glued, name, P2)
    drop_glued_teasers(blocks, PageFacts(title_index=0))
    assert state(blocks) == [KEEP, KEEP, ("drop", "heuristic:glued-teaser"), KEEP, KEEP]


# --- pages in Chinese or Japanese script --------------------------------------------------------------

JA_PROSE = [
    "先日、不正に改造したスマートフォンを販売したとして、商標法違反の疑いで男が逮捕されました。",
    "報道によると、今回販売されたのは、いわゆる改造された端末で、機能制限が解除されていました。",
    "商標には、同じ商標が付された商品は同じ提供元のものであるという出所表示の機能があります。",
    "そのため、権利者の意思に基づかない改造品の販売は、商標権の侵害と判断される場合があります。",
]


def test_short_japanese_sentence_is_not_a_short_line_but_a_nav_word_is():
    # one regex "word" each, but the first is a sentence of about seven words ending in "。"
    blocks = blocks_of(HEADLINE, P1, "これが非常に困ったもの。", P2, "ブログ", "以下、その手順", P3)
    drop_short_lines(blocks, PageFacts(title_index=0))
    assert state(blocks) == [KEEP, KEEP, KEEP, KEEP, ("drop", "heuristic:short-line"), KEEP, KEEP]


def test_japanese_page_region_found_by_prose_when_the_scorer_sees_none():
    nav = ["ホーム", "サービスのご案内", "事務所案内・アクセス", "よくあるご質問"]
    related = ["関連記事", "「あずきバー」事件 －商標の判決シリーズ", "2016年08月03日",
               "フランク ミュラー v.s. フランク三浦 －商標の判決シリーズ"]
    blocks = blocks_of(*nav, *JA_PROSE, *related)
    facts = apply_heuristics(blocks)
    assert max(facts.scores) < THRESHOLDS["region_centre"]  # the premise: no block reads as content
    assert [b.kept for b in blocks] == [False] * 4 + [True] * 4 + [False] * 4
    assert {b.reason for b in blocks if not b.kept} >= {"heuristic:outside-main-region"}
    assert facts.region is None  # scores are not trusted on this page: no low-score drops follow


class FlatScorer:
    """A scorer that sees no content anywhere on the page."""

    def probabilities(self, texts: list[str]) -> list[float]:
        return [0.2] * len(texts)


def test_page_in_spaced_script_the_scorer_cannot_read_is_not_cut_by_prose_shape():
    blocks = blocks_of("Menu", HEADLINE, P1, P2, "Contact us")
    facts = apply_heuristics(blocks, scorer=FlatScorer())
    assert facts.region is None
    assert not any(b.reason == "heuristic:outside-main-region" for b in blocks)


def test_japanese_page_with_a_flat_scorer_is_cut_to_its_prose():
    blocks = blocks_of("ホーム", "よくあるご質問", *JA_PROSE, "関連記事", "「あずきバー」事件 －商標の判決シリーズ")
    apply_heuristics(blocks, scorer=FlatScorer())
    assert [b.kept for b in blocks] == [False] * 2 + [True] * 4 + [False] * 2


# --- comment threads -------------------------------------------------------------------------------

COMMENTS = [("Gaye", "August 8, 2018 at 3:17 pm", "Thank you for this, it was a great read and very helpful."),
            ("Jan Smith", "August 8, 2018 at 7:21 pm", "I have followed the talks for years and I agree with the analysis."),
            ("fmcshan", "2 days ago at 07:50 am", "It would be nice if they met again next year, in the same place."),
            ("Nick A", "3 days ago", "The minister should have said more about the harbour and the pier.")]


def page_with_comments(n: int) -> list[Block]:
    return blocks_of(HEADLINE, P1, P2, P3, P4, *[line for comment in COMMENTS[:n] for line in comment])


def test_comment_thread_after_the_article_is_outside_it():
    blocks = page_with_comments(3)
    apply_heuristics(blocks)
    assert [b.kept for b in blocks[:5]] == [True] * 5
    assert not any(b.kept for b in blocks[5:])
    assert blocks[5].reason == "heuristic:outside-main-region"  # from the first commenter's name on


def test_two_stamped_lines_are_not_yet_a_comment_thread():
    blocks = page_with_comments(2)
    apply_heuristics(blocks)
    assert blocks[7].kept and blocks[10].kept  # each "comment" reads as prose and stays


def test_stamps_far_apart_are_not_a_thread():
    blocks = blocks_of(HEADLINE, P1, *[line for comment in COMMENTS[:3] for line in (*comment, P2, P3, P4, P1, P2,
                                                                                   P3, P4, P1, P2, P3)])
    apply_heuristics(blocks)
    assert blocks[-1].kept


def test_bracketed_comment_counter_ends_the_article():
    blocks = blocks_of(HEADLINE, P1, P2, "[ 167 comments ]", P3, P4)
    apply_heuristics(blocks)
    assert [b.kept for b in blocks] == [True, True, True, False, False, False]


@pytest.mark.parametrize("text, glued", [
    ("Is Violence In Sports On The Rise?Violence is part of the game in many sports, the coach said.", True),
    ("Michigan To Mail Redistricting Panel Applications To 250,000The state will mail applications soon.", True),
    ("Police: Two In Custody After Death Of Student-AthleteA 24-year-old woman and a man were arrested.", True),
    ("First Snowfall In Metro DetroitOfficially, the start of winter is weeks away, but the snow came.", True),
    # datelines, model numbers and names are no glue
    ("Hong Kong (CNN Business)A muddled view of trade talks once again seems to be weighing on investors.", False),
    ("Dell G3 15 Intel Core i5-9300H 15 inch Laptop with 512GB SSD for $799.99", False),
    ("Apple Watch Series Reviewed: The iPhone Companion Gets Better Every Year", False),
])
def test_teaser_headline_fused_after_a_digit_or_question_mark_or_before_a_comma(text, glued):
    from cleaner.heuristics import drop_glued_teasers
    blocks = blocks_of(HEADLINE, P1, text, P2)
    drop_glued_teasers(blocks, PageFacts(title_index=0))
    assert state(blocks)[2] == (("drop", "heuristic:glued-teaser") if glued else KEEP)
    assert state(blocks)[:2] + state(blocks)[3:] == [KEEP, KEEP, KEEP]


# --- islands ---------------------------------------------------------------------------------------

def test_kept_block_far_from_the_article_across_dropped_chrome_goes():
    from cleaner.heuristics import drop_islands
    blocks = blocks_of(P4, *["Menu"] * 12, HEADLINE, P1, P2, P3)
    for b in blocks[1:13]:
        b.drop("heuristic:short-line")
    blocks[13].kind = "title"
    drop_islands(blocks, PageFacts(title_index=13, region=(0, 16)))
    assert blocks[0].reason == "heuristic:island"
    assert all(b.kept for b in blocks[13:])


def test_article_split_by_a_few_dropped_blocks_stays_whole():
    from cleaner.heuristics import drop_islands
    blocks = blocks_of(P1, *["Menu"] * 9, P2, P3)
    for b in blocks[1:10]:
        b.drop("heuristic:short-line")
    drop_islands(blocks, PageFacts(region=(0, 11)))
    assert blocks[0].kept and blocks[10].kept and blocks[11].kept


# --- numbered lists --------------------------------------------------------------------------------

ITEMS = [f"{n}) Lego Star Wars {75180 + n} Resistance Bomber" for n in range(1, 9)]
LINKS = [f"http://amzn.to/2iJFh{n}" for n in range(1, 9)]


def list_page(intro: str, first_item: int = 1) -> list[Block]:
    items = [line for pair in zip(ITEMS, LINKS) for line in pair][2 * (first_item - 1):]
    return blocks_of(HEADLINE, P1, P2, P3, intro, *items, "Tags", "Most Read Stories Of The Week")


def test_numbered_list_under_a_colon_is_part_of_the_article():
    blocks = list_page("Here are the best deals on offer this week, sorted by price:")
    facts = apply_heuristics(blocks)
    assert all(b.kept for b in blocks[1:21])  # intro, 8 items and the link under each
    assert not blocks[21].kept and not blocks[22].kept
    assert facts.listed == frozenset(range(5, 21))


def test_list_without_an_introducing_colon_or_first_item_is_not_taken_in():
    blocks = list_page("Here are the best deals on offer this week, sorted by price.")
    facts = apply_heuristics(blocks)
    assert facts.listed == frozenset()


def test_numbered_list_stops_at_a_gap_in_the_numbering():
    blocks = blocks_of(HEADLINE, P1, P2, "Here are the best deals on offer this week, sorted by price:",
                       ITEMS[0], LINKS[0], ITEMS[1], LINKS[1], ITEMS[3], LINKS[3])
    facts = apply_heuristics(blocks)
    assert facts.listed == frozenset(range(4, 8))
    assert not blocks[8].kept


# --- story-box headings ----------------------------------------------------------------------------

TEASERS = ["Battle-Scarred Viking Shield-Maiden Gets Facial Reconstruction", "Here's What Sugar Does to Your Brain",
           "Mysterious Gravitational Wave Sparks Days-Long Hunt"]


def test_story_box_heading_at_the_tail_ends_the_article():
    from cleaner.heuristics import is_tail_heading
    assert is_tail_heading("Most Read Most Shared") and is_tail_heading("Most read in world news")
    assert not is_tail_heading("Most read books of the year were thrillers.")  # a sentence
    blocks = blocks_of(HEADLINE, P1, P2, P3, "Most Read Most Shared", *TEASERS, P4)
    apply_heuristics(blocks)
    assert [b.kept for b in blocks] == [True] * 4 + [False] * 5


def test_story_box_heading_inside_the_article_does_not_end_it():
    blocks = blocks_of(HEADLINE, P1, P2, "Most read in world news", *TEASERS, P3, P4)
    apply_heuristics(blocks)
    assert blocks[-1].kept and blocks[-2].kept


def test_widget_under_a_run_of_rule_dropped_chrome_is_an_island():
    from cleaner.heuristics import drop_islands
    widget = "An email with an activation link has just been sent to your email address. Please activate it."
    for reason, kept in (("rule:global.newsletter-pitch", False), ("heuristic:short-line", True)):
        blocks = blocks_of(P1, P2, P3, *["Subscribe to our newsletter"] * 5, widget)
        for b in blocks[3:8]:
            b.drop(reason)
        drop_islands(blocks, PageFacts(region=(0, 8)))
        assert blocks[8].kept is kept, reason


# --- tables under the article ----------------------------------------------------------------------

DATES = ["June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre", "June 10 – Tampa, FL @ Credit Union Amphitheatre",
         "June 14 – Alpharetta, GA @ Ameris Bank Amphitheatre", "June 17 – Nashville, TN @ Bridgestone Arena",
         "June 19 – Charlotte, NC @ PNC Music Pavilion"]


def test_row_shape_keeps_digits_and_symbols():
    from cleaner.heuristics import row_shape
    assert row_shape(DATES[0]) == "9–,@"
    assert row_shape("% 165 votes") == "%9"
    assert row_shape("Lavrov arrives in Pyongyang") == ""


def test_schedule_under_a_heading_below_the_article_is_kept():
    blocks = blocks_of(HEADLINE, P1, P2, P3, "The Band's Tour Dates", *DATES, "Most Read Stories Of The Week")
    facts = apply_heuristics(blocks)
    assert all(b.kept for b in blocks[:10])
    assert not blocks[10].kept
    assert facts.listed == frozenset(range(4, 10))


def test_too_few_rows_are_no_table():
    blocks = blocks_of(HEADLINE, P1, P2, P3, "The Band's Tour Dates", *DATES[:3])
    facts = apply_heuristics(blocks)
    assert facts.listed == frozenset()
    assert not any(b.kept for b in blocks[5:])


def test_rows_of_different_shapes_are_no_table():
    rows = [DATES[0], "12:30", DATES[1], "Page 2 of 3", DATES[2]]
    blocks = blocks_of(HEADLINE, P1, P2, P3, *rows)
    assert apply_heuristics(blocks).listed == frozenset()


def test_second_half_of_the_article_past_embedded_chrome_is_no_island():
    from cleaner.heuristics import drop_islands
    blocks = blocks_of(P1, P2, *["Image copyright @agency"] * 12, P3, P4)
    for b in blocks[2:14]:
        b.drop("rule:global.caption-label")
    drop_islands(blocks, PageFacts(region=(0, 15)))
    assert all(blocks[i].kept for i in (0, 1, 14, 15))  # as much prose on each side: both stay


def test_table_rows_already_inside_the_region_are_part_of_the_table():
    from cleaner.heuristics import _table_below
    votes = [f"% {n} votes" for n in (165, 250, 437, 155, 590, 61)]
    blocks = blocks_of(HEADLINE, P1, P2, *votes, "Most Read Stories Of The Week")
    assert _table_below(blocks, 5, 9) == frozenset(range(3, 9))  # region ends on the third row


def test_numbered_items_already_inside_the_region_are_listed_too():
    from cleaner.heuristics import _continued_list
    blocks = blocks_of(HEADLINE, P1, P2, ITEMS[0], LINKS[0], ITEMS[1], LINKS[1], ITEMS[2], LINKS[2], "Tags")
    # the region holds items 1 and 2 (blocks 3-6); items 3 follows: all of the list is listed
    assert _continued_list(blocks, 1, 6, 10) == frozenset(range(3, 9))


# --- sections past a long run of chrome; citations; comment stamps; the region model -------------

def _paragraphs(n: int, topic: str) -> list[str]:
    return [f"Paragraph {k} on {topic} says the council met again on Tuesday to weigh the plan once more."
            for k in range(n)]


def test_a_cluster_with_paragraphs_of_its_own_is_no_island_however_long_the_article():
    from cleaner.heuristics import drop_islands
    per_paragraph = sum(1 for _ in words(_paragraphs(1, "x")[0]))
    enough = -(-THRESHOLDS["island_max_prose_words"] // per_paragraph)  # paragraphs reaching the threshold
    for n, kept in ((enough, True), (2, False)):
        main = _paragraphs(4 * enough, "the harbour")
        blocks = blocks_of(*main, *["Advertisement"] * 12, *_paragraphs(n, "the pier"))
        for b in blocks[len(main):len(main) + 12]:
            b.drop("rule:global.advertisement")
        drop_islands(blocks, PageFacts(region=(0, len(blocks) - 1)))
        assert all(b.kept for b in blocks[-n:]) is kept, n
        assert all(b.kept for b in blocks[:len(main)])


def test_a_sentence_ending_in_citation_markers_is_prose():
    assert is_prose("Captain James Cook subsequently anglicised the name to New Zealand.[16]")
    assert is_prose("Either the English or Māori name can be used, or both can be used together.[21][n 4]")
    assert not is_prose("Nine words but no sentence end at all here [16]")


def test_comment_thread_with_name_and_stamp_on_one_line_ends_the_article():
    comments = [("Lorna October 25, 2012 at 12:28 pm", "Such a lovely read, thank you for sharing it with us."),
                ("nancy October 25, 2012 at 12:37 pm", "I am sure your dad is very proud of the person you are."),
                ("Kathleen @ks_spice October 25, 2012 at 1:00 pm", "You made me love my own dad a little more today."),
                ("MightyMidwest says:", "The harbour plan was always going to cost more than they said.")]
    blocks = blocks_of(HEADLINE, P1, P2, P3, P4, *[line for c in comments for line in c])
    apply_heuristics(blocks)
    assert [b.kept for b in blocks[:5]] == [True] * 5
    assert not any(b.kept for b in blocks[5:])


def test_named_stamp_needs_a_name_not_a_clause():
    from cleaner.heuristics import _named_stamp
    assert _named_stamp("nancy October 25, 2012 at 12:37 pm")
    assert _named_stamp("29. MightyMidwest says:")
    assert not _named_stamp("The report, released March 3, 2011")
    assert not _named_stamp("October 25, 2012")  # a stamp alone needs the name line above it


class _Constant:
    """A region model with a fixed answer."""

    def __init__(self, p: float):
        self.p = p

    def predict(self, vectors):
        return [self.p] * len(vectors)


def test_region_model_spares_what_it_vouches_for_and_the_rest_still_names_its_step():
    from cleaner.features import REGION_FEATURES
    from cleaner.heuristics import select_main_region, score_blocks
    from cleaner.scorer import default_scorer
    page = ["Menu", "Home", "World", HEADLINE, P1, P2, P3, P4, "More stories", "Sign up for our newsletter"]
    for p, expected in ((0.0, False), (1.0, True)):
        blocks = blocks_of(*page)
        facts = PageFacts(region_model=_Constant(p), outside={})
        score_blocks(blocks, facts, default_scorer())
        select_main_region(blocks, facts)
        outside = [b for b in blocks if not facts.region[0] <= b.index <= facts.region[1] and
                   b.index != facts.region_title]
        assert outside and set(facts.outside) == {b.index for b in outside}
        assert all(len(v) == len(REGION_FEATURES) for v in facts.outside.values())
        assert all(b.kept is expected for b in outside)
        if not expected:
            assert {b.reason for b in outside} <= {"heuristic:above-title", "heuristic:outside-main-region"}


def test_scorer_refuses_region_weights_for_other_features():
    import json
    from cleaner.scorer import WEIGHTS_FILE, Scorer
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert data["region"] is not None and Scorer.from_dict(data).region is not None
    data["region_features"] = data["region_features"][:-1]
    with pytest.raises(ValueError):
        Scorer.from_dict(data)


def test_low_scores_leave_alone_what_the_region_model_kept():
    from cleaner.heuristics import drop_low_scores
    blocks = blocks_of(P1, P2, "Filed under harbour news", "Filed under pier news")
    drop_low_scores(blocks, PageFacts(region=(0, 1), scores=[0.9, 0.9, 0.01, 0.01], spared=frozenset({3})))
    assert state(blocks) == [KEEP, KEEP, ("drop", "heuristic:low-content-score"), KEEP]


def test_related_box_inside_the_article_does_not_end_it_but_a_comment_heading_does():
    from cleaner.heuristics import _tail_start
    for heading, ends in (("Related Coverage", False), ("More stories", False), ("Comments", True),
                          ("Leave a Reply", True), ("{ 12 comments… read them below or add one }", True)):
        blocks = blocks_of(HEADLINE, P1, P2, heading, *TEASERS, P3, P4)
        scores = [0.3, 0.9, 0.9, 0.0, 0.1, 0.1, 0.1, 0.8, 0.8]  # the article's prose resumes under the box
        assert _tail_start(blocks, scores) == (3 if ends else len(blocks)), heading


def test_story_list_at_the_end_still_ends_the_article():
    blocks = blocks_of(HEADLINE, P1, P2, P3, "Related Coverage", *TEASERS, "Leave a Reply",
                       "I think the harbour plan is a waste of money and the council knows it well.")
    apply_heuristics(blocks)
    assert [b.kept for b in blocks[:4]] == [True] * 4
    assert not any(b.kept for b in blocks[4:])


def test_region_model_keeps_nothing_under_a_comment_heading():
    from cleaner.heuristics import select_main_region, score_blocks
    from cleaner.scorer import default_scorer
    reader = "I think the harbour plan is a waste of money and the council knows it very well."
    for heading, spared_below in (("[ 167 comments ]", False), ("Most Read Most Shared", True)):
        blocks = blocks_of(HEADLINE, P1, P2, P3, P4, heading, *TEASERS, reader)
        facts = PageFacts(region_model=_Constant(1.0))
        score_blocks(blocks, facts, default_scorer())
        select_main_region(blocks, facts)
        assert blocks[-1].kept is spared_below, heading
