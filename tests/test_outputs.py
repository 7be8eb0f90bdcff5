"""Outputs and everyday friction (issue 21): ``--format md``, the page metadata users expect,
``--skip-foreign-pages``, ``--lang`` validated, the report's search by flagged language and its
note on HTML pages, the progress ETA, ``--format`` with stdin."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import FIXTURES, SEEDS

import cleaner
from cleaner.cli import Progress, main
from cleaner.markdown import table_rows, to_markdown
from cleaner.report import HTML_NOTE, read_embedded, report_data
from cleaner.runner import Result, Task
from cleaner.stats import site_of
from cleaner.targets import check_target, target_languages

SEED_FILES = sorted(SEEDS.glob("*.txt"))
FOREIGN = FIXTURES / "non-english-page" / "input.txt"   # a Portuguese page

STRUCTURED = """<html><head><title>Harbour Ferry Returns</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="og:description" content="The ferry is back after a winter of repairs.">
<meta property="og:image" content="/img/ferry.jpg">
<meta property="article:section" content="Local">
<meta property="article:tag" content="ferries"><meta property="article:tag" content="Harbour">
<meta name="keywords" content="transport, harbour">
<link rel="canonical" href="https://www.harbour-times.example/local/ferry">
</head><body><article><h1>Harbour Ferry Returns</h1>
<p>The harbour ferry returned to service on Monday after a winter of repairs to its engines.</p>
<h2>What changes for passengers</h2>
<p>Passengers will find a new timetable, with boats leaving every twenty minutes at peak hours.</p>
<ul><li>Boats every twenty minutes at peak hours</li><li>Night crossings on Fridays and Saturdays</li></ul>
<blockquote>We missed the ferry more than we expected, said one commuter waiting at the pier.</blockquote>
<table><tr><th>Route</th><th>Minutes</th></tr><tr><td>North pier</td><td>12</td></tr>
<tr><td>South pier</td><td>18</td></tr></table>
<p># 1 is the pier most commuters use, and the ferry company says it will add a second berth there.</p>
</article></body></html>"""


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


# --- Markdown -------------------------------------------------------------------------------------

def test_markdown_keeps_the_structure_html_gave() -> None:
    article = cleaner.clean(STRUCTURED, kind="html")
    md = to_markdown(article)
    assert md.startswith("# Harbour Ferry Returns\n\nThe harbour ferry returned")
    assert "\n\n## What changes for passengers\n\n" in md
    assert ("- Boats every twenty minutes at peak hours\n- Night crossings on Fridays and Saturdays"
            in md)
    assert "\n\n> We missed the ferry more than we expected" in md
    assert "| Route | Minutes |\n|---|---|\n| North pier | 12 |\n| South pier | 18 |" in md
    assert "\n\n\\# 1 is the pier" in md  # a paragraph is never read as a heading
    # every kept paragraph is in it, in order
    positions = [md.index(p.lstrip("- ")) for p in article.paragraphs if not p.startswith("|")]
    assert positions == sorted(positions)


def test_markdown_of_a_dump_is_its_title_and_plain_paragraphs() -> None:
    article = cleaner.clean(SEED_FILES[3].read_bytes())
    assert to_markdown(article) == "# " + article.canonical_text()
    assert table_rows(["| a | b |", "|---|---|", "| 1 | 2 |"]) == ["| a | b |", "|---|---|", "| 1 | 2 |"]


def test_format_md_writes_md_files_and_markdown_in_records(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ferry.html").write_text(STRUCTURED, encoding="utf-8")
    (tmp_path / "in" / "recs.jsonl").write_text(json.dumps({"id": "r1", "html": STRUCTURED}) + "\n", encoding="utf-8")
    result = invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--format", "md", "-j", "1")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "ferry.md").read_text(encoding="utf-8")
    assert md == to_markdown(cleaner.clean(STRUCTURED.encode(), kind="html", source_id="x"))
    [record] = [json.loads(line) for line in (tmp_path / "out" / "recs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["markdown"] == md and record["text"].startswith("The harbour ferry")


# --- metadata -------------------------------------------------------------------------------------

def test_html_metadata_has_description_image_categories_tags_and_host() -> None:
    meta = cleaner.clean(STRUCTURED, kind="html").to_record()["metadata"]
    assert meta["description"] == "The ferry is back after a winter of repairs."
    assert meta["image"] == "https://www.harbour-times.example/img/ferry.jpg"
    assert meta["categories"] == ["Local"]
    assert meta["tags"] == ["ferries", "Harbour", "transport"]  # "harbour" repeats "Harbour"
    assert meta["hostname"] == "harbour-times.example"
    assert (meta["site"], meta["rule_site"]) == ("Harbour Times", None)


def test_site_is_the_page_site_name_and_the_rule_file_has_its_own_field() -> None:
    record = cleaner.clean(SEED_FILES[0].read_bytes(), source_id="s").to_record()
    assert (record["metadata"]["rule_site"], record["metadata"]["site"]) == ("sputnik", None)
    # the report groups a site by its rule file's site, else host, never by the page's own name
    named = {"metadata": {"site": "Sputnik International", "rule_site": "sputnik", "url": "https://sputniknews.com/x"}}
    unruled = {"metadata": {"site": "Harbour Times", "rule_site": None, "url": "https://www.harbour-times.example/a"}}
    assert (site_of(named), site_of(record), site_of(unruled)) == ("sputnik", "sputnik", "harbour-times.example")
    assert site_of({"metadata": {"site": "tass", "url": None}}) == "tass"  # a record from before rule_site


# --- pages not in the target language -------------------------------------------------------------

def test_skip_foreign_pages_leaves_them_out_and_lists_them(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(SEED_FILES[3], tmp_path / "in" / "en.txt")
    shutil.copy(FOREIGN, tmp_path / "in" / "pt.txt")
    (tmp_path / "in" / "mixed.jsonl").write_text(
        json.dumps({"id": "p", "text": FOREIGN.read_text(encoding="utf-8")}) + "\n"
        + json.dumps({"id": "e", "text": SEED_FILES[3].read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    for run in range(2):  # a re-run lists them again (never reused from the manifest)
        result = invoke("clean", str(tmp_path / "in"), "-o", str(out), "--skip-foreign-pages", "-j", "1")
        assert result.exit_code == 0, result.output
        assert "2 page(s) mainly not in 'en', 2 of them left out" in result.output
        assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == \
            ["en.txt", "left-out.jsonl", "mixed.jsonl"]
        left = [json.loads(line) for line in (out / "left-out.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [(Path(e["input"]).name, e["language"]) for e in left] == [("mixed.jsonl:1", "pt"), ("pt.txt", "pt")]
        kept = [json.loads(line)["id"] for line in (out / "mixed.jsonl").read_text(encoding="utf-8").splitlines()]
        assert kept == ["e"]
    # without the option, every page is written again and the list goes
    assert invoke("clean", str(tmp_path / "in"), "-o", str(out), "-j", "1").exit_code == 0
    assert (out / "pt.txt").exists() and not (out / "left-out.jsonl").exists()


# --- --lang -----------------------------------------------------------------------------------------

def test_lang_must_be_a_language_cleaner_can_judge(tmp_path: Path) -> None:
    bad = CliRunner().invoke(main, ["clean", str(SEED_FILES[0]), "-o", str(tmp_path / "o"), "--lang", "xx"])
    assert bad.exit_code == 2 and "'xx' is not a language cleaner can judge" in bad.output
    assert not (tmp_path / "o").exists()
    listed = invoke("--list-languages")
    assert listed.exit_code == 0
    codes = set(" ".join(listed.output.split("\n\n")[1].split("\n")).split())
    assert codes == set(target_languages()) and {"en", "ru", "pt", "sh"} <= codes
    assert "hr (sh)" in listed.output
    assert check_target("HR") == "sh"


# --- report -----------------------------------------------------------------------------------------

def test_report_finds_pages_by_flagged_language_and_says_what_html_shows() -> None:
    seed = cleaner.clean(SEED_FILES[0].read_bytes(), source_id="seed").to_record()
    flagged_ru = {f["language"] for f in seed["flags"]} & {"ru"}
    assert flagged_ru, "the seed has Russian fragments"
    assert not any(r["reason"].startswith("language:") for r in seed["removed"])  # they went by rule
    html = cleaner.clean(STRUCTURED, kind="html", source_id="ferry").to_record()
    data = report_data([seed, html], source="t")
    seed_page, html_page = data["pages"]
    assert "language:ru" in seed_page["q"] and "language:ru" not in html_page["q"]
    assert any(key.startswith("rule:sputnik") for key in seed_page["q"])
    assert html_page["n"] == HTML_NOTE and "n" not in seed_page
    assert read_embedded(cleaner.report.render_report(data))["pages"][1]["n"] == HTML_NOTE


# --- progress and stdin -----------------------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_eta_leaves_out_the_start_up() -> None:
    clock = Clock()
    progress = Progress(total=118, clock=clock)
    task = Task("a.txt", "a", "text")
    clock.now = 400.0  # start-up: rules, word tables, workers
    progress.count(Result(task, files=[("a.txt", "x")]))
    assert progress.eta() is None and progress.describe().startswith("starting")
    for _ in range(2):
        clock.now += 0.5
        progress.count(Result(task, files=[("a.txt", "x")]))
    assert progress.eta() == 0.5 * 115
    assert progress.describe() == "2 pages/s, 0 failed, ETA 0:00:57"


def test_format_with_stdin_is_honoured_for_md_and_warned_about_otherwise() -> None:
    line = json.dumps({"id": "s", "text": SEED_FILES[3].read_text(encoding="utf-8")}) + "\n"
    warned = CliRunner().invoke(main, ["clean", "-", "-o", "-", "--format", "txt"], input=line)
    assert warned.exit_code == 0
    assert "warning: --format txt does not apply to '-' (stdin)" in warned.stderr
    assert json.loads(warned.stdout)["id"] == "s"
    md = CliRunner().invoke(main, ["clean", "-", "-o", "-", "--format", "md"], input=line)
    assert md.exit_code == 0 and "warning" not in md.stderr
    record = json.loads(md.stdout)
    assert record["markdown"] == "# " + record["metadata"]["title"] + "\n\n" + record["text"] + "\n"
    quiet = CliRunner().invoke(main, ["clean", "-", "-o", "-"], input=line)
    assert "warning" not in quiet.stderr
