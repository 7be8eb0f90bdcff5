"""cleaner.stats: counts per reason and per site, checked against hand-written records."""
from __future__ import annotations

from cleaner.stats import ReasonRow, SiteRow, reason_kind, render_summary, summarise


def record(site, title, text, removed, flags=()):
    return {"text": text, "metadata": {"site": site, "title": title}, "flags": list(flags),
            "removed": [{"index": i, "text": t, "reason": r} for i, (t, r) in enumerate(removed)]}


RECORDS = [
    record("sputnik", "A", "p1\n\np2", [("Menu", "rule:sputnik.logo"), ("Subscribe", "rule:global.subscribe"),
                                       ("Menu", "rule:sputnik.logo")]),
    record("sputnik", None, "p1", [("Caption", "heuristic:repeated-block"),
                                   ("Zdravo", "language:sh")],
           flags=[{"index": 1, "text": "Zdravo", "language": "sh", "kept": False}]),
    record(None, "C", "", [("Subscribe", "rule:global.subscribe")]),
]


def test_reason_kinds():
    assert [reason_kind(r) for r in ("rule:a.b", "heuristic:short-line", "heuristic:repeated-block",
                                     "language:ru", "unknown")] == \
        ["rule", "heuristic", "duplicate", "language", "other"]


def test_summary_counts_blocks_and_pages_per_reason():
    s = summarise(RECORDS)
    assert (s.pages, s.removed, s.kept, s.flagged, s.untitled) == (3, 6, 3, 1, 1)
    assert s.reasons == [  # most blocks first, then by name
        ReasonRow("rule:global.subscribe", "rule", 2, 2),
        ReasonRow("rule:sputnik.logo", "rule", 2, 1),
        ReasonRow("heuristic:repeated-block", "duplicate", 1, 1),
        ReasonRow("language:sh", "language", 1, 1),
    ]


def test_summary_per_site():
    assert summarise(RECORDS).sites == [
        SiteRow("sputnik", pages=2, removed=5, kept=3, flagged=1, untitled=1),
        SiteRow("(no site)", pages=1, removed=1, kept=0, flagged=0, untitled=0),
    ]


def test_rendered_summary_is_a_readable_table():
    text = render_summary(summarise(RECORDS))
    assert text.startswith("3 page(s); 6 block(s) removed, 3 paragraph(s) kept")
    lines = text.splitlines()
    row = next(line for line in lines if line.startswith("rule:sputnik.logo"))
    assert row.split() == ["rule:sputnik.logo", "rule", "2", "1", "33.3%"]
    site = next(line for line in lines if line.startswith("(no site)"))
    assert site.split() == ["(no", "site)", "1", "1", "0", "0", "0"]


def test_pages_without_a_site_rule_group_by_url_host():
    pages = [record(None, "T", "p", [("Menu", "rule:x")]) for _ in range(3)]
    pages[0]["metadata"]["url"] = "https://www.wsj.com/articles/a"
    pages[1]["metadata"]["url"] = "https://wsj.com/articles/b"
    assert [(s.site, s.pages) for s in summarise(pages).sites] == [("wsj.com", 2), ("(no site)", 1)]
