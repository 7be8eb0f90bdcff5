"""cleaner.learn: lines recurring across a site's pages become candidate rules."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner

from cleaner.cli import main
from cleaner.learn import SiteChrome, SiteCounts, candidate_rules, count_sites, digest, page_lines
from cleaner.pipeline import Options, clean
from cleaner.rules import load_rules


def site_folder(root: Path, pages: int = 5) -> Path:
    folder = root / "example"
    folder.mkdir()
    for i in range(pages):
        (folder / f"p{i}.txt").write_text(
            f"Home\nExample Daily - independent news since 1901\nStory number {i} makes the news\n"
            f"The body of story {i} is long enough to read as a sentence of an article.\n"
            + ("Rarely seen footer line\n" if i == 0 else ""), encoding="utf-8")
    return folder


def test_recurring_lines_counted_once_per_page_and_rare_ones_ignored() -> None:
    counts = SiteCounts()
    counts.add_page(["Home", "Home", "A"])
    counts.add_page(["Home", "B"])
    counts.add_page(["Home", "C"])
    assert counts.pages == 3
    assert counts.frequent(min_pages=3, min_share=0.5) == [("Home", 3)]
    assert counts.frequent(min_pages=2, min_share=0.5) == [("Home", 3)]  # A, B, C once each


def test_learn_writes_valid_rule_files_that_remove_the_chrome(tmp_path: Path) -> None:
    folder = site_folder(tmp_path)
    result = CliRunner().invoke(main, ["learn", str(folder), "-o", str(tmp_path / "learned")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "learned" / "sites" / "example.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    lines = [r["line"] for r in doc["rule"]]
    assert lines == ["Example Daily - independent news since 1901", "Home"]
    assert doc["detect"] == ["Example Daily - independent news since 1901"]
    assert all(r["drop"] == [r["line"]] and r["action"] == "drop" for r in doc["rule"])
    rules = load_rules([tmp_path / "learned"], builtin=False)  # valid for --rules
    assert sum(len(f.rules) for f in rules.files) == 2


def test_jsonl_records_grouped_by_domain(tmp_path: Path) -> None:
    records = [{"id": str(i), "url": f"https://news.example.org/{i}", "text": f"Menu\nStory {i}."}
               for i in range(3)]
    records.append({"id": "x", "url": "https://other.example.com/1", "text": "Menu\nOther."})
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n", encoding="utf-8")
    sites = count_sites([path])
    assert sites["news.example.org"].pages == 3 and sites["other.example.com"].pages == 1
    files = candidate_rules(sites)
    assert list(files) == ["news-example-org.toml"]
    assert 'domains = ["news.example.org"]' in files["news-example-org.toml"]


def test_lines_differing_only_in_case_count_once_per_page() -> None:
    counts = SiteCounts()
    counts.add_page(["NEWS", "News"])
    counts.add_page(["Other"])
    counts.add_page(["Another"])
    assert counts.frequent(min_pages=2, min_share=0.0) == []


def test_site_chrome_table_keeps_frequent_lines_per_site_and_its_digest_follows_them() -> None:
    sites = {"a": SiteCounts(), "b": SiteCounts()}
    for i in range(4):
        sites["a"].add_page(["Home", f"Story {i}"])
    sites["b"].add_page(["Home"])
    chrome = SiteChrome.from_counts(sites)
    assert chrome.for_site("a") == {digest("home")}
    assert chrome.for_site("b") == frozenset() and chrome.for_site(None) == frozenset()
    assert chrome.digest() == SiteChrome.from_counts(sites).digest()
    sites["a"].add_page(["Sign up"])
    sites["a"].add_page(["Sign up"])
    sites["a"].add_page(["Sign up"])
    assert SiteChrome.from_counts(sites).digest() != chrome.digest()


#: A site's page: its chrome recurs on every page; "Example Media brings you..." reads as prose,
#: so only the cross-page count can tell it is the site's, not the story's.
PAGE = ("Sign in\nStory {i}: the council votes on the budget\n"
        "The council of the town met on Tuesday evening and voted on the budget for story {i}.\n"
        "Example Media brings you the news of the town every single day of the week, for free.\n"
        "Members argued for an hour about library {i} before the vote was finally taken.\n"
        "Copyright Example Media 2019\n")
SITE_LINE = "Example Media brings you the news of the town every single day of the week, for free."


def test_clean_with_site_chrome_drops_the_site_lines_but_not_the_title_nor_other_sites() -> None:
    sites = {"example.org": SiteCounts()}
    for i in range(4):
        sites["example.org"].add_page(page_lines(PAGE.format(i=i)))
    sites["example.org"].add_page(["Story 0: the council votes on the budget"] * 1)
    sites["example.org"].add_page(["Story 0: the council votes on the budget"])
    chrome = SiteChrome.from_counts(sites)
    assert digest("story 0: the council votes on the budget") in chrome.for_site("example.org")
    plain = clean(PAGE.format(i=0))
    assert SITE_LINE in plain.body  # the heuristics alone keep it
    article = clean(PAGE.format(i=0), options=Options(site_chrome=chrome), site="example.org")
    removed = {r.text: r.reason for r in article.removed}
    assert removed[SITE_LINE] == "heuristic:site-chrome"
    assert article.title == "Story 0: the council votes on the budget"  # frequent, but the title
    assert "voted on the budget for story 0" in article.body and SITE_LINE not in article.body
    elsewhere = clean(PAGE.format(i=0), options=Options(site_chrome=chrome), site="other.org")
    assert elsewhere.body == plain.body
    by_url = clean(PAGE.format(i=0), options=Options(site_chrome=chrome), url="https://example.org/x")
    assert {r.reason for r in by_url.removed if r.text == SITE_LINE} == {"heuristic:site-chrome"}


def test_cli_site_chrome_two_passes_serial_equals_parallel_and_reruns_follow_the_table(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "example"
    folder.mkdir(parents=True)
    for i in range(4):
        (folder / f"p{i}.txt").write_text(PAGE.format(i=i), encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(out), "--site-chrome",
                                           "--format", "json", "--jobs", jobs])
        assert result.exit_code == 0, result.output
        assert "site chrome: 3 frequent line(s) in 1 site(s)" in result.output
        outs.append({p.name: p.read_bytes() for p in sorted(out.rglob("*.json"))})
    assert outs[0] == outs[1] and len(outs[0]) == 4
    record = json.loads(outs[0]["p1.json"])
    assert [r["text"] for r in record["removed"] if r["reason"] == "heuristic:site-chrome"] == [SITE_LINE]
    out = tmp_path / "out1"
    again = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(out), "--site-chrome", "--format", "json"])
    assert "4 file(s) unchanged" in again.output
    (folder / "p4.txt").write_text("Members of the council\nA new line on this page only.\n", encoding="utf-8")
    more = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(out), "--site-chrome", "--format", "json"])
    assert more.exit_code == 0 and "4 file(s) unchanged" in more.output  # the same table: only p4 is new
    for i in (5, 6, 7):
        (folder / f"p{i}.txt").write_text(f"Breaking: the ticker\nA line of page {i} alone.\n", encoding="utf-8")
    changed = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(out), "--site-chrome", "--format", "json"])
    assert changed.exit_code == 0 and "unchanged" not in changed.output  # another table: all redone
    plain = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(out), "--format", "json"])
    record = json.loads((out / "example" / "p1.json").read_text(encoding="utf-8"))
    assert plain.exit_code == 0 and not any(r["reason"] == "heuristic:site-chrome" for r in record["removed"])


def test_cli_site_chrome_refuses_stdin() -> None:
    result = CliRunner().invoke(main, ["clean", "-", "-o", "-", "--site-chrome"], input="")
    assert result.exit_code == 2 and "--site-chrome" in result.output
