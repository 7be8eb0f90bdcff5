"""cleaner.pipeline: options that reach the record."""
from __future__ import annotations

from pathlib import Path

import cleaner


def test_flag_rules_keep_the_block_and_list_it_in_flags(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        '[[rule]]\nid = "mine.sponsored-note"\nprefix = "This story was paid for"\naction = "flag"\n'
        'drop = ["This story was paid for by a sponsor."]\n', encoding="utf-8")
    options = cleaner.Options(rules=cleaner.load_rules([tmp_path]))
    page = ("Harbour Reopens After Storm Damage Repairs\n"
            "The harbour reopened on Friday after three weeks of repairs to the piers, officials said.\n"
            "This story was paid for by the port authority of the town, which owns the piers.\n"
            "Fishing boats returned within hours, and the first ferry is due on Monday morning.\n")
    article = cleaner.clean(page, options=options)
    flagged = [f for f in article.to_record()["flags"] if f["kind"] == "rule"]
    assert [(f["index"], f["kept"]) for f in flagged] == [(2, True)]
    assert article.blocks[2].reason == "rule:mine.sponsored-note"
    assert "This story was paid for" in article.body


def test_a_malformed_url_selects_no_site_rules_and_the_page_is_still_cleaned():
    page = ("Harbour reopens after the storm\n"
            "The harbour reopened on Monday after a week of repairs to the sea wall and the piers.\n")
    article = cleaner.clean(page, url="http://[not-an-address")
    assert article.title == "Harbour reopens after the storm"
    assert "reopened on Monday" in article.body
