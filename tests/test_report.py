"""cleaner.report and the ``report`` / ``stats`` commands: a self-contained, deterministic page
whose embedded data holds every page's blocks and the summary."""
from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

import cleaner
from cleaner.cli import main
from cleaner.report import build_report, read_embedded
from conftest import SEEDS


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def seed_records() -> list[dict]:
    return [cleaner.clean(p.read_bytes(), source_id=p.name).to_record() for p in sorted(SEEDS.glob("*.txt"))]


def test_report_embeds_every_page_with_its_removed_blocks_and_reasons():
    records = seed_records()
    data = read_embedded(build_report(records, source="seeds"))
    assert [p["s"] for p in data["pages"]] == [r["metadata"]["source"] for r in records]
    sputnik = data["pages"][0]
    removed = {b[1]: data["reasons"][b[2]] for b in sputnik["b"] if b[0] == "d"}
    assert removed["Newsfeed"] == "rule:sputnik.newsfeed-footer"
    assert removed["log in or register"] == "rule:global.sign-in"
    assert [b[1] for b in sputnik["b"] if b[0] == "t"] == [records[0]["metadata"]["title"]]
    assert dict(zip(data["reasons"], data["reasonKinds"]))["rule:global.sign-in"] == "rule"
    assert data["summary"]["pages"] == 5


def test_report_is_self_contained():
    html = build_report(seed_records())
    assert not re.search(r'<(link|img|iframe)\b|\bsrc=|@import|url\(', html)
    assert "http://" not in html.split('<script id="data"')[0]


def test_text_cannot_break_out_of_the_data_script():
    evil = "</script><script>alert(1)</script><!--"
    record = {"id": "x", "text": evil, "metadata": {"title": evil, "source": "x"}, "flags": [],
              "removed": [{"index": 1, "text": evil, "reason": "rule:x"}], "kept": [0],
              "title_index": None}
    html = build_report([record])
    assert html.count("</script>") == 2                     # the data and the page's own script
    data = read_embedded(html)
    assert data["pages"][0]["t"] == evil and data["pages"][0]["b"][0][1] == evil


def test_report_is_deterministic():
    assert build_report(seed_records(), "s") == build_report(seed_records(), "s")


def test_report_and_stats_commands_read_what_clean_wrote(tmp_path: Path):
    out = tmp_path / "out"
    assert invoke("clean", str(SEEDS), "-o", str(out), "--format", "json", "-j", "1").exit_code == 0
    result = invoke("report", str(out))
    assert result.exit_code == 0, result.output
    data = read_embedded((out / "report.html").read_text(encoding="utf-8"))
    assert len(data["pages"]) == 5
    result = invoke("stats", str(out))
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if line.startswith("rule:global.sign-in"))
    assert row.split()[:4] == ["rule:global.sign-in", "rule", "1", "1"]
    assert "sputnik" in result.output.split("Per site")[1]


def test_clean_html_report_option_writes_the_same_pages(tmp_path: Path):
    report = tmp_path / "r.html"
    result = invoke("clean", str(SEEDS), "-o", str(tmp_path / "out"), "--format", "jsonl", "-j", "1",
                    "--html-report", str(report))
    assert result.exit_code == 0, result.output
    from_run = read_embedded(report.read_text(encoding="utf-8"))
    assert invoke("report", str(tmp_path / "out"), "-o", str(tmp_path / "again.html")).exit_code == 0
    again = read_embedded((tmp_path / "again.html").read_text(encoding="utf-8"))
    assert from_run["pages"] == again["pages"] and from_run["summary"] == again["summary"]


def test_html_report_needs_records(tmp_path: Path):
    result = CliRunner().invoke(main, ["clean", str(SEEDS), "-o", str(tmp_path / "o"),
                                       "--html-report", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "--format json or jsonl" in result.output


def test_report_of_a_folder_without_records_is_a_clear_error(tmp_path: Path):
    assert invoke("clean", str(SEEDS), "-o", str(tmp_path / "txt"), "-j", "1").exit_code == 0
    result = CliRunner().invoke(main, ["report", str(tmp_path / "txt")])
    assert result.exit_code == 1 and "no cleaned-article records" in result.output
    assert not (tmp_path / "txt" / "report.html").exists()


def test_report_goes_on_past_a_bad_file_and_exits_1(tmp_path: Path):
    assert invoke("clean", str(SEEDS), "-o", str(tmp_path), "--format", "json", "-j", "1").exit_code == 0
    (tmp_path / "zz.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 1 and "zz.json" in result.output
    assert len(read_embedded((tmp_path / "report.html").read_text(encoding="utf-8"))["pages"]) == 5


def test_html_report_from_jsonl_inputs_works_with_the_default_format(tmp_path: Path):
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"id": "p1", "text": (SEEDS / "003_ad3bb29c13cfb2ad.txt").read_text(encoding="utf-8")}) + "\n",
        encoding="utf-8")
    result = invoke("clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out"),
                    "--html-report", str(tmp_path / "r.html"))
    assert result.exit_code == 0, result.output
    pages = read_embedded((tmp_path / "r.html").read_text(encoding="utf-8"))["pages"]
    assert [p["id"] for p in pages] == ["p1"]
    assert ["d", "All news"] in [b[:2] for b in pages[0]["b"]]
