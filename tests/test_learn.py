"""cleaner.learn: lines recurring across a site's pages become candidate rules."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner

from cleaner.cli import main
from cleaner.learn import SiteCounts, candidate_rules, count_sites
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
