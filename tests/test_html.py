"""HTML pages: structure from trafilatura's XML, metadata from the page, site rules by the page's
own URL, declared charsets, and the HTML-only heuristics (:mod:`cleaner.html_heuristics`)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleaner
from cleaner.html import canonical_url, meta_date, meta_values, parse_html, read_page_info
from cleaner.html_heuristics import similar_to_title
from cleaner.rules import load_rules
from cleaner.runner import clean_record

P1 = ("The city council voted on Tuesday to rebuild the old harbour bridge, ending a debate that "
      "had lasted for more than ten years and divided the town's two main parties.")
P2 = ("Engineers said the work would begin next spring and take about three years, during which "
      "a ferry service will carry cars and cyclists across the river every twenty minutes.")
P3 = ("Residents who spoke at the meeting welcomed the decision, although several asked the "
      "council to publish the full cost of the project before any contract is signed.")
HEADLINE = "Council votes to rebuild harbour bridge"


def page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{HEADLINE} | '
            f"Harbour Times</title>{head}</head><body><nav><a href='/'>Home</a> "
            f"<a href='/news'>News</a></nav><article>{body}</article>"
            "<footer>About us · Contact</footer></body></html>")


ARTICLE = (f"<h1>{HEADLINE}</h1><p>{P1}</p><h2>What happens next</h2><p>{P2}</p>"
           "<ul><li>A ferry every twenty minutes during the works</li>"
           "<li>Cyclists travel free of charge on the ferry</li></ul>"
           f"<p>{P3}</p>")
META = ('<meta property="og:title" content="Council votes to rebuild harbour bridge">'
        '<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">'
        '<meta name="author" content="Jane Doe">'
        '<meta property="og:site_name" content="Harbour Times">'
        '<link rel="canonical" href="https://www.harbour-times.example/news/bridge-vote">')


def clean_html(html: str | bytes, **kwargs) -> cleaner.Article:
    return cleaner.clean(html, kind="html", **kwargs)


def test_structure_is_kept_as_kinds_and_paragraphs() -> None:
    article = clean_html(page(ARTICLE, META))
    kinds = {b.text: b.kind for b in article.blocks if b.kept}
    assert kinds[P1] == "paragraph"
    assert kinds["What happens next"] == "heading"
    assert kinds["- A ferry every twenty minutes during the works"] == "list"
    assert article.paragraphs == [P1, "What happens next", P2,
                                  "- A ferry every twenty minutes during the works",
                                  "- Cyclists travel free of charge on the ferry", P3]


def test_json_carries_title_date_url_from_the_page() -> None:
    meta = clean_html(page(ARTICLE, META)).to_record()["metadata"]
    assert meta["title"] == HEADLINE
    assert meta["date"] == "2024-03-05"
    assert meta["url"] == "https://www.harbour-times.example/news/bridge-vote"
    assert meta["author"] == "Jane Doe"
    assert meta["site"] == "Harbour Times"


def test_the_headline_in_the_body_is_not_repeated_and_chrome_is_gone() -> None:
    article = clean_html(page(ARTICLE, META))
    assert article.title == HEADLINE
    assert HEADLINE not in article.body
    assert "Home" not in article.body and "Contact" not in article.body
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons.get(HEADLINE) == "heuristic:headline-repeat"


def test_a_caller_url_wins_over_the_canonical_url() -> None:
    meta = clean_html(page(ARTICLE, META), url="https://mirror.example/copy").metadata
    assert meta.url == "https://mirror.example/copy"


@pytest.fixture
def site_rules(tmp_path: Path):
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "harbour.toml").write_text(
        'site = "harbour"\ndomains = ["harbour-times.example"]\n\n[[rule]]\nid = "harbour.ferry"\n'
        'why = "test rule"\ncontains = "ferry every twenty minutes"\naction = "drop"\n',
        encoding="utf-8")
    return load_rules([tmp_path])


@pytest.mark.parametrize("tag", [
    '<link rel="canonical" href="https://harbour-times.example/a">',
    '<meta property="og:url" content="https://www.harbour-times.example/a">',
])
def test_the_page_own_url_selects_site_rules(site_rules, tag: str) -> None:
    article = clean_html(page(ARTICLE, tag), options=cleaner.Options(rules=site_rules))
    assert article.metadata.rule_site == "harbour"
    assert "harbour" in article.metadata.rules
    dropped = [r for r in article.removed if r.reason == "rule:harbour.ferry"]
    assert [r.text for r in dropped] == ["- A ferry every twenty minutes during the works"]


def test_without_a_url_no_site_rules_apply(site_rules) -> None:
    article = clean_html(page(ARTICLE), options=cleaner.Options(rules=site_rules))
    assert "harbour" not in article.metadata.rules
    assert "- A ferry every twenty minutes during the works" in article.paragraphs


def test_declared_charset_decodes_right() -> None:
    text = ("Le conseil municipal a voté mardi la reconstruction du vieux pont du port, après un "
            "débat de plus de dix ans qui a divisé les deux partis principaux de la ville.")
    more = ("Les ingénieurs ont déclaré que les travaux commenceront au printemps prochain et "
            "dureront environ trois ans ; un bac traversera la rivière toutes les vingt minutes.")
    html = page(f"<p>{text}</p><p>{more}</p><p>{text} Coût: 12 millions d’euros.</p>",
                charset="windows-1252")
    data = html.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = clean_html(data, options=cleaner.Options(lang="fr"))
    assert article.metadata.encoding == "cp1252"
    assert article.paragraphs[0] == text
    assert "Coût: 12 millions d’euros." in article.body


def test_standfirst_byline_and_copyright_at_the_edges_are_dropped() -> None:
    body = (f"<h1>{HEADLINE}</h1><h2>The vote ends a decade of debate, and work will start in the "
            "spring with a ferry in the meantime.</h2><p>By Jane Doe</p>"
            f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"
            "<p>Jane Doe can be reached at jane@harbour-times.example.</p>"
            "<p>Copyright 2024 Harbour Times. All rights reserved.</p>")
    article = clean_html(page(body))
    assert article.paragraphs == [P1, P2, P3]
    reasons = [r.reason for r in article.removed]
    assert "heuristic:standfirst" in reasons
    assert reasons.count("heuristic:edge-chrome") == 3


def test_lines_printed_twice_are_kept_in_html() -> None:
    question = "What made you start cooking?"
    body = "".join(f"<h3>Cook number {n}</h3><p>{question}</p><p>{p}</p>"
                   for n, p in enumerate((P1, P2, P3), start=1))
    article = clean_html(page(body))
    assert article.paragraphs.count(question) == 3


def test_fast_profile_gives_the_page_language_and_no_flags() -> None:
    foreign = "<p>Možda vas zanima: najnovije vijesti iz regije</p>"
    slow = clean_html(page(ARTICLE.replace(f"<p>{P3}</p>", f"<p>{P3}</p>{foreign}"), META))
    fast = clean_html(page(ARTICLE.replace(f"<p>{P3}</p>", f"<p>{P3}</p>{foreign}"), META),
                      options=cleaner.Options(fast=True))
    assert slow.language == fast.language == "en"
    assert [f.language for f in slow.flags] == ["sh"]
    assert fast.flags == []
    assert fast.metadata.date == "2024-03-05"


def test_jsonl_record_with_html_uses_its_url() -> None:
    record = {"id": "r1", "url": "https://www.harbour-times.example/r1", "html": page(ARTICLE)}
    article = clean_record(record, cleaner.Options(), "test:1")
    assert article.metadata.url == "https://www.harbour-times.example/r1"
    assert article.paragraphs[0] == P1


def test_an_empty_page_gives_an_empty_article() -> None:
    article = clean_html("<html><body></body></html>")
    assert article.paragraphs == [] and article.title is None


# --- helpers -----------------------------------------------------------------------------------

def test_canonical_url_ignores_relative_links() -> None:
    tree = parse_html('<html><head><link rel="canonical" href="/news/a">'
                      '<meta property="og:url" content="https://example.org/news/a"></head>'
                      "<body><p>x</p></body></html>")
    assert canonical_url(tree) == "https://example.org/news/a"


def test_meta_date_reads_meta_tags_then_time_elements() -> None:
    tree = parse_html('<html><head><meta name="pubdate" content="20240305"></head><body>'
                      '<time datetime="2023-12-01T08:00:00Z">1 Dec</time></body></html>')
    assert meta_date(tree, meta_values(tree)) == "2023-12-01"
    tree = parse_html('<html><head><meta itemprop="datePublished" content="2024-02-29">'
                      "</head><body><p>x</p></body></html>")
    assert meta_date(tree, meta_values(tree)) == "2024-02-29"


def test_read_page_info_without_tags() -> None:
    tree = parse_html("<html><head><title> A   plain page </title></head><body><p>x</p></body></html>")
    info = read_page_info(tree, None)
    assert (info.title, info.url, info.author, info.site) == ("A plain page", None, None, None)


@pytest.mark.parametrize(("text", "similar"), [
    ("Opinion | Is Football Violence a Crime?", True),
    ("Is football violence a crime", True),
    ("Football violence and the courts: a prosecutor's view of a crime", False),
    ("Some of 2019's best tech gadgets", False),
])
def test_similar_to_title(text: str, similar: bool) -> None:
    assert similar_to_title(text, "Is Football Violence a Crime?") is similar


def test_cli_fast_writes_json_with_page_metadata(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cleaner.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bridge.html").write_text(page(ARTICLE, META), encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                       "--format", "json", "--fast", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out" / "bridge.json").read_text(encoding="utf-8"))
    assert record["metadata"]["title"] == HEADLINE
    assert record["metadata"]["date"] == "2024-03-05"
    assert record["metadata"]["url"] == "https://www.harbour-times.example/news/bridge-vote"
    assert record["text"].startswith(P1)


@pytest.mark.parametrize(("text", "chrome"), [
    ("By Sam Porter", True),
    ("By Jane Doe, Reuters", True),
    ("By the time the police arrived, the house was empty.", False),
    ("Write to Al Root at allen.root@example.com", True),
    ("Contact tracing at schools began in May.", False),
    ("Copyright 2024 The Valley Courier. All rights reserved.", True),
    ("The court said copyright law applies to the photographs.", False),
    ("Get the latest updates right in your inbox. Subscribe to our newsletters.", True),
    ("He said the newsletter would close today.", False),
    ("Keith Bradsher contributed reporting from Hong Kong.", True),
])
def test_edge_chrome_patterns(text: str, chrome: bool) -> None:
    from cleaner.html_phrases import EDGE_CHROME

    assert any(p.search(text) for p in EDGE_CHROME) is chrome


def test_author_from_json_ld_when_no_meta_tag_names_one() -> None:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
          '"NewsArticle", "headline": "x", "author": {"@type": "Person", "name": "Ann Lee"}}'
          "</script>")
    assert clean_html(page(ARTICLE, ld)).metadata.author == "Ann Lee"
