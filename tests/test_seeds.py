"""The seed pages, checked against what a reader of each page sees as chrome and as article.

The full expected text of each seed is in ``fixtures/seed-*`` (checked by hand); these tests name
the specific chrome that must go and the facts that must be found, so a failure says what broke.
"""
from __future__ import annotations

import pytest

import cleaner
from conftest import SEEDS

SEED = {p.name[:3]: p for p in SEEDS.glob("*.txt")}

TITLES = {
    "000": "Kim Wants to Foster Strategic Relations With Russia – North Korean Envoy",
    "001": "Russian FM Received",
    "002": "You have our unreserved support!",
    "003": "Pyongyang wants to improve relations with Moscow — ambassador",
    "004": "'Moscow To Develop Cooperation With North Korea Despite Sanctions': Sergei Lavrov",
}
CHROME = {
    "000": ["- Sputnik International", "Subscribe", "Newsfeed", "log in or register", "loader",
            "Chats", "Go to the mediabank", "READ MORE:", "Seoul view", "Asia",
            "Seoul Can Lift Sanctions", "Pompeo Accuses Russia", "To participate in the discussion",
            "Get the latest news from around the world", "Заголовок"],
    "001": ["Russian FM Received - Image", "Jun 1, 2018"],
    "002": ["World 0", "Izvor: Tanjug/", "0 Komentari", "Možda vas zanima"],
    "003": ["All news"],
    "004": ["No comments:", "Post a Comment"],
}


def clean_seed(key: str) -> cleaner.Article:
    return cleaner.clean(SEED[key].read_bytes(), source_id=SEED[key].name)


@pytest.mark.parametrize("key", sorted(TITLES))
def test_headline_is_the_title(key: str) -> None:
    assert clean_seed(key).title == TITLES[key]


@pytest.mark.parametrize("key", sorted(CHROME))
def test_no_chrome_remains(key: str) -> None:
    lines = clean_seed(key).canonical_text().splitlines()
    for chrome in CHROME[key]:
        assert not any(line.startswith(chrome) or chrome in line and len(line) < 2 * len(chrome) + 20
                       for line in lines), chrome


@pytest.mark.parametrize("key", sorted(TITLES))
def test_every_removal_has_a_reason_and_every_kept_paragraph_is_from_the_input(key: str) -> None:
    article = clean_seed(key)
    assert all(r.reason.split(":")[0] in {"rule", "heuristic", "language"} for r in article.removed)
    source_lines = {b.text for b in article.blocks}
    assert all(p in source_lines for p in article.paragraphs)


def test_repeated_headline_is_kept_once() -> None:
    assert clean_seed("002").canonical_text().count("You have our unreserved support!") == 1


def test_date_line_goes_to_metadata() -> None:
    article = clean_seed("001")
    assert article.metadata.date == "2018-06-01"
    assert "Jun 1, 2018" not in article.canonical_text()


def test_sputnik_body_paragraphs_are_all_kept_in_order() -> None:
    paragraphs = clean_seed("000").paragraphs
    starts = ["MOSCOW (Sputnik) - North Korean leader", '"Dear Comrade Kim Jong-un',
              "Bilateral relations have noticeably", "The United Nations Security Council",
              "The Russian, Chinese and North Korean", "On Tuesday, the North Korean envoy",
              "Kim and Trump met in Singapore"]
    assert len(paragraphs) == len(starts)
    assert all(p.startswith(s) for p, s in zip(paragraphs, starts))


@pytest.mark.parametrize("key, fragments", [
    ("000", {"Заголовок открываемого материала": {"ru"}}),
    ("002", {"Izvor: Tanjug/": {"sh", "hr", "sr", "bs"}, "0 Komentari": {"sh", "hr", "sr", "bs"},
             "Možda vas zanima": {"sh", "hr", "sr", "bs"}}),
])
def test_foreign_fragments_are_flagged_and_no_english_line_is(key: str, fragments: dict) -> None:
    record = clean_seed(key).to_record()
    flagged = {f["text"]: f["language"] for f in record["flags"]}
    assert set(flagged) == set(fragments)
    for text, codes in fragments.items():
        assert flagged[text] in codes
    assert all(f["kept"] is False for f in record["flags"])


@pytest.mark.parametrize("key", ["001", "003", "004"])
def test_english_only_seeds_have_no_flags(key: str) -> None:
    article = clean_seed(key)
    assert article.flags == [] and article.metadata.language == "en"
