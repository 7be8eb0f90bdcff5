"""cleaner.records: finding records under OUT and rebuilding each page's blocks in order."""
from __future__ import annotations

import json
from pathlib import Path

import cleaner
from cleaner.records import is_ordered, is_record, load_records, page_blocks
from conftest import SEEDS

SPUTNIK = SEEDS / "000_9f1674006fe45cfa.txt"


def sputnik() -> cleaner.Article:
    return cleaner.clean(SPUTNIK.read_bytes(), source_id=SPUTNIK.name)


def test_page_blocks_rebuild_the_page_in_source_order():
    article = sputnik()
    blocks = page_blocks(article.to_record())
    assert [b.index for b in blocks] == [b.index for b in article.blocks]
    assert [b.text for b in blocks] == [b.text for b in article.blocks]
    by_index = {b.index: b for b in blocks}
    assert by_index[3].status == "title" and by_index[3].text.startswith("Kim Wants to Foster")
    assert (by_index[0].status, by_index[0].reason) == ("removed", "rule:sputnik.logo")
    assert (by_index[20].text, by_index[20].reason) == ("Newsfeed", "rule:sputnik.newsfeed-footer")
    assert (by_index[23].text, by_index[23].reason) == ("log in or register", "rule:global.sign-in")
    assert by_index[7].status == "kept" and by_index[7].text.startswith("MOSCOW (Sputnik)")
    # the Russian line went with the footer and is also listed as a language flag
    assert (by_index[26].status, by_index[26].language) == ("removed", "ru")


def test_kept_block_flagged_as_another_language_is_marked_flagged():
    record = {"text": "First paragraph.\n\nMožda vas zanima\n\nLast paragraph.",
              "metadata": {"title": "Headline"}, "kept": [1, 2, 4], "title_index": 0,
              "flags": [{"index": 2, "kind": "language", "text": "Možda vas zanima",
                         "language": "sh", "confidence": 0.9, "kept": True},
                        {"index": 3, "kind": "language", "text": "Komentari", "language": "sh",
                         "confidence": 0.9, "kept": False}],
              "removed": [{"index": 3, "text": "Komentari", "reason": "language:sh"}]}
    blocks = page_blocks(record)
    assert [(b.index, b.status, b.language) for b in blocks] == [
        (0, "title", None), (1, "kept", None), (2, "flagged", "sh"), (3, "removed", "sh"),
        (4, "kept", None)]
    assert blocks[3].reason == "language:sh"


def test_record_without_kept_indexes_lists_title_then_text_then_removed():
    record = sputnik().to_record()
    del record["kept"], record["title_index"]
    assert not is_ordered(record)
    blocks = page_blocks(record)
    statuses = [b.status for b in blocks]
    assert statuses == sorted(statuses, key=["title", "kept", "flagged", "removed"].index)
    assert statuses.count("kept") == len(record["text"].split("\n\n"))
    assert all(b.index is None for b in blocks if b.status != "removed")


def test_empty_page_has_no_paragraphs():
    record = {"text": "", "removed": [{"index": 0, "text": "Menu", "reason": "rule:x"}],
              "metadata": {"title": None}, "kept": [], "title_index": None}
    assert [(b.index, b.status) for b in page_blocks(record)] == [(0, "removed")]


def test_load_records_reads_json_and_jsonl_and_skips_errors_and_bad_files(tmp_path: Path):
    record = sputnik().to_record()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text(json.dumps({**record, "id": "second"}) + "\n\n"
                                             + "{broken\n", encoding="utf-8")
    (tmp_path / "errors.jsonl").write_text('{"input": "x.txt", "error": "boom"}\n', encoding="utf-8")
    (tmp_path / "page.txt").write_text("not a record", encoding="utf-8")
    loaded = load_records(tmp_path)
    assert [r["id"] for r in loaded.records] == [record["id"], "second"]   # paths in sorted order
    assert len(loaded.problems) == 1 and "articles.jsonl:3" in loaded.problems[0]


def test_is_record():
    assert is_record({"text": "", "removed": []})
    assert not is_record({"input": "x", "error": "y"})
    assert not is_record(["text"])
