"""cleaner.model and cleaner.assemble: Block verdicts, Article.canonical_text, to_record, assemble."""
from __future__ import annotations

import json

from cleaner.assemble import assemble
from cleaner.model import Article, Block, Flag, Metadata, Removal


def article(title, paragraphs, **kw) -> Article:
    return Article(title=title, paragraphs=list(paragraphs), metadata=kw.pop("metadata", Metadata()),
                   flags=kw.pop("flags", []), removed=kw.pop("removed", []), blocks=[], **kw)


# --- Block -----------------------------------------------------------------------------------------

def test_block_defaults():
    b = Block(index=3, raw="x")
    assert (b.verdict, b.reason, b.protected, b.kept, b.text) == ("keep", None, False, True, "")


def test_block_drop_sets_verdict_and_reason_once():
    b = Block(index=0, raw="x", text="x")
    b.drop("rule:a")
    assert (b.verdict, b.reason, b.kept) == ("drop", "rule:a", False)
    b.drop("heuristic:b")
    assert b.reason == "rule:a"


def test_protected_block_is_not_dropped():
    b = Block(index=0, raw="x", text="x", protected=True, reason="rule:keep")
    b.drop("heuristic:short-line")
    assert (b.verdict, b.reason, b.kept) == ("keep", "rule:keep", True)


def test_flagged_block_is_kept():
    b = Block(index=0, raw="x", text="x", verdict="flag")
    assert b.kept
    b.drop("language:de")
    assert b.verdict == "drop" and b.reason == "language:de"


# --- canonical text --------------------------------------------------------------------------------

def test_canonical_text_title_blank_line_paragraphs_final_newline():
    a = article("The Title", ["First paragraph.", "Second paragraph."])
    assert a.canonical_text() == "The Title\n\nFirst paragraph.\n\nSecond paragraph.\n"


def test_canonical_text_without_title_starts_with_first_paragraph():
    assert article(None, ["One.", "Two."]).canonical_text() == "One.\n\nTwo.\n"
    assert article("", ["One."]).canonical_text() == "One.\n"


def test_canonical_text_title_only():
    assert article("Only A Title", []).canonical_text() == "Only A Title\n"


def test_canonical_text_empty_article_is_empty_string():
    assert article(None, []).canonical_text() == ""


def test_canonical_text_shape():
    text = article("T", ["a", "b", "c"]).canonical_text()
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text
    assert text.split("\n\n") == ["T", "a", "b", "c\n"]


def test_body_is_paragraphs_without_title():
    a = article("T", ["a", "b"])
    assert a.body == "a\n\nb"
    assert article("T", []).body == ""


# --- records ---------------------------------------------------------------------------------------

def test_to_record_follows_the_corpus_convention():
    meta = Metadata(source="in/a.txt", url="https://sputniknews.com/x", site="Sputnik", title="T",
                    date="2018-06-01", author="A. Writer", language="en", encoding="utf-8",
                    fixes=["apply:unescape_html"], rules=["sputnik", "global"], rule_site="sputnik",
                    hostname="sputniknews.com", description="D", image="https://sputniknews.com/i.jpg",
                    categories=["World"], tags=["Korea"], input_kind="text")
    flags = [Flag(index=4, text="Možda vas zanima", language="sh", confidence=0.98761, kept=False)]
    removed = [Removal(index=0, text="Menu", reason="heuristic:above-title")]
    a = article("T", ["a", "b"], metadata=meta, flags=flags, removed=removed, id="page-1",
                version="9.9.9", rules_digest="abc123")
    record = a.to_record()
    assert set(record) == {"id", "text", "metadata", "flags", "removed", "kept", "title_index"}
    assert record["id"] == "page-1"
    assert record["text"] == "a\n\nb"
    assert record["metadata"] == {
        "source": "in/a.txt", "url": "https://sputniknews.com/x", "title": "T", "date": "2018-06-01",
        "author": "A. Writer", "site": "Sputnik", "language": "en", "encoding": "utf-8",
        "fixes": ["apply:unescape_html"], "rules": ["sputnik", "global"], "rule_site": "sputnik",
        "hostname": "sputniknews.com", "description": "D", "image": "https://sputniknews.com/i.jpg",
        "categories": ["World"], "tags": ["Korea"], "input_kind": "text",
        "cleaner": "9.9.9", "rules_digest": "abc123",
    }
    assert record["flags"] == [{"index": 4, "kind": "language", "text": "Možda vas zanima",
                                "language": "sh", "confidence": 0.988, "kept": False}]
    assert record["removed"] == [{"index": 0, "text": "Menu", "reason": "heuristic:above-title"}]
    json.dumps(record)  # serialisable


def test_to_record_lists_are_copies():
    meta = Metadata(fixes=["x"], rules=["global"])
    record = article(None, ["a"], metadata=meta).to_record()
    record["metadata"]["fixes"].append("y")
    record["metadata"]["rules"].clear()
    assert meta.fixes == ["x"] and meta.rules == ["global"]


def test_language_property_reads_metadata():
    assert article(None, [], metadata=Metadata(language="ru")).language == "ru"


# --- assemble --------------------------------------------------------------------------------------

def decided_blocks() -> list[Block]:
    texts = ["Headline Here Today", "First paragraph.", "Advertisement", "Ein deutscher Satz.",
             "Dropped without reason", "Last paragraph."]
    blocks = [Block(index=i, raw=t, text=t) for i, t in enumerate(texts)]
    blocks[2].drop("rule:global.advertisement")
    blocks[3].verdict, blocks[3].reason = "flag", "language:de"
    blocks[4].verdict = "drop"
    return blocks


def test_assemble_with_title():
    blocks = decided_blocks()
    meta = Metadata(source="s")
    flags = [Flag(3, "Ein deutscher Satz.", "de", 0.9, True)]
    a = assemble(blocks, title_index=0, metadata=meta, flags=flags, article_id="id-1",
                 version="0.0.1", rules_digest="d")
    assert a.title == "Headline Here Today"
    assert a.metadata is meta and meta.title == "Headline Here Today"
    assert a.paragraphs == ["First paragraph.", "Ein deutscher Satz.", "Last paragraph."]
    assert a.removed == [Removal(2, "Advertisement", "rule:global.advertisement"),
                         Removal(4, "Dropped without reason", "unknown")]
    assert a.flags == flags
    assert a.blocks is blocks
    assert (a.id, a.version, a.rules_digest) == ("id-1", "0.0.1", "d")
    assert a.canonical_text() == ("Headline Here Today\n\nFirst paragraph.\n\nEin deutscher Satz.\n\n"
                                  "Last paragraph.\n")


def test_assemble_without_title():
    blocks = decided_blocks()
    a = assemble(blocks, title_index=None, metadata=Metadata(), flags=[], article_id=None,
                 version="v", rules_digest="d")
    assert a.title is None and a.metadata.title is None
    assert a.paragraphs == ["Headline Here Today", "First paragraph.", "Ein deutscher Satz.",
                            "Last paragraph."]
    assert a.canonical_text().startswith("Headline Here Today\n\nFirst paragraph.")


def test_assemble_title_in_the_middle():
    blocks = decided_blocks()
    a = assemble(blocks, title_index=1, metadata=Metadata(), flags=[], article_id=None,
                 version="v", rules_digest="d")
    assert a.title == "First paragraph."
    assert a.paragraphs == ["Headline Here Today", "Ein deutscher Satz.", "Last paragraph."]


def test_assemble_everything_dropped():
    blocks = [Block(index=i, raw=t, text=t) for i, t in enumerate(["a", "b"])]
    for b in blocks:
        b.drop("rule:x")
    a = assemble(blocks, title_index=None, metadata=Metadata(), flags=[], article_id=None,
                 version="v", rules_digest="d")
    assert a.paragraphs == [] and a.canonical_text() == ""
    assert [r.index for r in a.removed] == [0, 1]
    assert a.to_record()["text"] == ""


def test_record_kept_and_title_index_rebuild_the_page_order():
    blocks = decided_blocks()
    record = assemble(blocks, title_index=0, metadata=Metadata(), flags=[], article_id=None,
                      version="v", rules_digest="d").to_record()
    assert record["title_index"] == 0
    assert record["kept"] == [1, 3, 5]      # one index per paragraph of ``text``, in order
    assert len(record["kept"]) == len(record["text"].split("\n\n"))
    assert [r["index"] for r in record["removed"]] == [2, 4]
    untitled = assemble(decided_blocks(), title_index=None, metadata=Metadata(), flags=[],
                        article_id=None, version="v", rules_digest="d").to_record()
    assert (untitled["title_index"], untitled["kept"]) == (None, [0, 1, 3, 5])
