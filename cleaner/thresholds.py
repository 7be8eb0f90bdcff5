"""Every threshold the heuristics use, in one table, with why.

Heuristics read these by name; change a number here, never in the code. Measured on the seeds
and ``../shared/bench`` dumps (see ``bench/quality.py``).
"""
from __future__ import annotations

from types import MappingProxyType

THRESHOLDS = MappingProxyType({
    # title: the headline is among the first kept blocks, headline-shaped, with prose soon after
    "title_search_blocks": 12,       # look for the headline among this many first kept blocks
    "title_min_words": 3,            # "All news", "World" are nav words, not headlines
    "title_max_words": 30,
    "title_min_letter_share": 0.7,   # of the visible characters: a headline is made of words
    "title_prose_within": 3,         # a prose block must follow within this many kept blocks
    # headline (cleaner/headline.py): the line above the article that says what its opening says
    "headline_search_blocks": 50,    # blocks above the article's region to look at (share bars are long)
    "headline_lede_blocks": 12,      # the article's opening: at most this many kept blocks ...
    "headline_lede_words": 40,       # ... and this many distinct content words
    "headline_score_margin": 1.0,
    "headline_standfirst_words": 16,  # a longer line may be the standfirst under the headline: a
    "headline_min_shared": 2,        # shorter one sharing this many words with the opening goes first    # a farther line must share this many more words with the opening
    "headline_max_chrome_share": 0.3,  # of its words from the chrome vocabulary: a widget line
    # byline and dateline (cleaner/byline.py, cleaner/dates.py): read around the headline
    "byline_search_after": 20,       # blocks after the headline (dates, captions, share bars between)
    "byline_search_before": 16,      # ... then blocks above it
    "byline_max_chars": 160,         # a longer line is a sentence that happens to start with "By"
    "byline_max_name_words": 4,      # "Abigail Van Buren", "Mary Clare Jalonick"
    "dateline_max_chars": 160,       # a longer line is prose, whose dates are the story's
    "date_line_max_chars": 60,       # a line that is nothing but a date (and "Updated", a time) is short
    # prose: a block that reads as a sentence
    "prose_min_words": 8,
    # short lines between paragraphs: section words ("Asia"), counters ("0")
    "short_line_max_words": 2,
    # teaser headlines: Title Case lines with no sentence punctuation inside the body
    "teaser_min_words": 3,
    "teaser_max_words": 20,
    "teaser_title_case_share": 0.75,
    "glued_lede_min_words": 3,       # ... and the sentence after it is a lede, not more headline
    "glued_headline_max_chars": 160,  # a teaser headline fused to its lede sits in the first chars  # share of capitalised words among words of 4+ letters
    # main-content region: a block votes (P(content) - centre) * log(2 + words)
    "region_centre": 0.4,
    "region_min_score": 0.1,         # inside the region, non-prose blocks below this are dropped
    "region_extend_min_score": 0.1,  # prose next to the region joins it above this score
    "region_bridge_blocks": 5,       # ... across gaps of up to this many blocks
    "region_short_words": 5,         # blocks shorter than this vote with a small fixed weight
    "region_short_weight": 0.3,
    "region_spare_min": 0.6,         # the region model keeps a block outside the region from this P
    "island_gap_blocks": 10,         # kept clusters this many dropped blocks apart: the best one stays
    "island_max_share": 0.5,         # ... and the others go when their prose is under this share of its
    "island_max_prose_words": 200,   # ... and hold fewer prose words than this (dev and readability:
                                     # teaser and widget clusters held at most 116, article sections
                                     # cut off by a table or list 300 and more)
    "island_rule_drop_weight": 2,    # ... where a block a rule dropped counts this many (measured:
                                     # 2 gains 0.001 on the dev dumps, 3 cuts list articles)
    "list_item_max_gap": 6,          # a numbered list continues when item k+1 is this close to item k
    "tail_heading_max_words": 5,     # a short heading that starts with a tail phrase ends the article
    "tail_resume_blocks": 20,        # ... unless confident prose follows within this many blocks
    "table_min_rows": 4,             # rows alike under the region: a table that continues the article
    "article_begun_score": 0.5,      # a tail boundary ends the article after prose scored this
    # comment threads: a short name line, a timestamp under it, the comment under that
    "comment_min_stamps": 3,         # this many name/stamp/comment triples make a thread,
    "comment_max_gap": 12,           # ... each within this many blocks of the one before
    "comment_name_max_words": 4,
    "comment_min_words": 3,
    "comment_count_max_words": 12,   # "{ 12 comments… read them below or add one }": a count line, not a sentence
    "unspaced_page_share": 0.5,      # of a page's letters in Chinese/Japanese script: the scorer
                                     # (stop-word density) cannot read it; prose shape finds the region
    # HTML (cleaner.html_heuristics): trafilatura's leftovers sit at the edges of the body
    "html_title_overlap": 0.8,       # share of the shorter's words shared with the title: a repeat
    "html_title_overlap_longer": 0.6,  # ... and of the longer's (a paragraph quoting it is not)
    "html_title_cut_overlap": 0.9,   # the headline itself: blocks above it are another story's
    "html_lead_blocks": 4,           # headline/standfirst: among this many first body blocks
    "html_edge_blocks": 6,           # byline/share/copyright: among this many first and last blocks
    # phrase guard: a step or rule that removes a block because a phrase matches, or for where it
    # stands, leaves a block of running prose this long: on old layouts a whole article arrives
    # as one block holding "All rights reserved" or "Filed under:" (rule examples are <= 18 words)
    "phrase_guard_words": 60,
    "rule_guard_words": 100,         # ... and for rules, which are written to match: a cookie banner
                                     # or a captioned photo credit runs to 60-70 words
    "html_tail_heading_max_words": 12,
    "html_edge_max_words": 40,       # edge chrome is a line ("Copyright ... All rights reserved. This
                                     # material may not be published ..." is 17 words); a longer
                                     # block holding "share it with you" is the story's  # a "heading" longer than this is a paragraph marked up big
})
