"""A step that removes a block for a phrase it holds, or for where it stands, leaves long prose.

On old layouts a whole article arrives as one block of 2,000 words, and one phrase in it ("All
rights reserved", "contributed to this report", "Filed under:", "share it with you") used to
take the whole article with it. Each phrase-matching rule and HTML step is tried here on such a
block, alone and through ``clean``; short chrome lines holding the same phrases still go.
"""
from __future__ import annotations

import pytest

import cleaner
from cleaner import html_heuristics
from cleaner.features import is_long_prose
from cleaner.heuristics import PageFacts
from cleaner.model import Block
from cleaner.rules import apply_rules

PHRASES = [
    "Filed under: Latest News",
    "Copyright 2007 The Daily Example. All rights reserved.",
    "Jane Roe contributed to this report.",
    "I'll share it with you.",
    "Related: more stories from our archive",
    "Click here to read the full story.",
    "Source: the city council.",
]

SENTENCES = [
    "The council met on Tuesday evening to discuss the new budget for the coming year.",
    "Residents who attended the meeting asked questions about the price of water and roads.",
    "Several members said the plan would raise taxes for families who can least afford it.",
    "The mayor answered that the city had no choice after two years of falling revenue.",
    "A vote is expected next month, after a second public hearing in the old town hall.",
]


def long_article(phrase: str, words: int = 2000) -> str:
    """One block of running prose of about ``words`` words with ``phrase`` at its start, middle
    and end."""
    body: list[str] = []
    count = 0
    i = 0
    while count < words:
        sentence = SENTENCES[i % len(SENTENCES)]
        body.append(sentence)
        count += len(sentence.split())
        i += 1
    middle = len(body) // 2
    return " ".join([phrase, *body[:middle], phrase, *body[middle:], phrase])


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_long_block_is_long_prose(phrase):
    assert is_long_prose(long_article(phrase))
    assert not is_long_prose(phrase)


@pytest.mark.parametrize("phrase", PHRASES)
def test_no_shipped_rule_drops_a_long_article_for_a_phrase(phrase):
    rules = cleaner.default_rules()
    blocks = [Block(index=0, raw=long_article(phrase))]
    blocks[0].text = blocks[0].raw
    apply_rules(blocks, rules.files)
    assert blocks[0].kept, blocks[0].reason


def test_the_same_rule_still_drops_the_short_line():
    rules = cleaner.default_rules()
    blocks = [Block(index=0, raw="Filed under: Latest News")]
    blocks[0].text = blocks[0].raw
    apply_rules(blocks, rules.files)
    assert not blocks[0].kept and blocks[0].reason.startswith("rule:")


def _html_blocks(texts: list[tuple[str, str]]) -> list[Block]:
    blocks = []
    for i, (kind, text) in enumerate(texts):
        block = Block(index=i, raw=text, kind=kind)
        block.text = text
        blocks.append(block)
    return blocks


@pytest.mark.parametrize("step", [s for s in html_heuristics.STEPS if s is not html_heuristics.mark_title],
                         ids=lambda s: s.__name__)
@pytest.mark.parametrize("phrase", PHRASES)
def test_each_html_step_leaves_a_long_article(step, phrase):
    """Alone, and as the first, last and only body block, with the headline repeated under it."""
    title = "Council to vote on the new city budget"
    article = long_article(phrase)
    for layout in ([("paragraph", article)],
                   [("heading", phrase), ("paragraph", article), ("heading", title)],
                   [("paragraph", article), ("heading", title), ("paragraph", phrase)]):
        blocks = _html_blocks([("title", title), *layout])
        facts = PageFacts(title_index=0)
        step(blocks, facts)
        survivor = next(b for b in blocks if b.text == article)
        assert survivor.kept, (step.__name__, survivor.reason)


@pytest.mark.parametrize("phrase", PHRASES)
def test_clean_keeps_a_one_block_article_from_an_old_layout(phrase):
    """A 2,000-word article in one table cell, lines broken with <br>, in a page of 2007."""
    article = long_article(phrase)
    html = ("<html><head><title>Council to vote on the budget</title></head><body>"
            "<table><tr><td><a href='/'>Home</a> | <a href='/news'>News</a></td></tr>"
            f"<tr><td>{article}<br><br>{SENTENCES[0]}</td></tr></table></body></html>")
    result = cleaner.clean(html, kind="html")
    assert "The mayor answered that the city had no choice" in result.body
    assert len(result.body.split()) >= 2000


def test_edge_chrome_still_goes():
    blocks = _html_blocks([("title", "A title"), ("paragraph", SENTENCES[0] * 3),
                           ("paragraph", "Copyright 2007 The Daily Example. All rights reserved.")])
    html_heuristics.trim_edges(blocks, PageFacts(title_index=0))
    assert not blocks[2].kept and blocks[2].reason == "heuristic:edge-chrome"
    assert blocks[1].kept
