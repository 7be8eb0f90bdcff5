"""What a run removed, counted per rule/heuristic and per site: one summary for the HTML report
(``cleaner report``) and the terminal table (``cleaner stats``).

Records come from :mod:`cleaner.records`; every count is computed here, so the report and the
table never disagree.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .records import paragraphs_of

#: The reason a repeated block (caption or headline printed twice) is dropped with: shown as its
#: own kind, "duplicate", apart from the other heuristics.
DUPLICATE_REASON = "heuristic:repeated-block"

#: Kinds of reasons, in the order the report's legend lists them.
REASON_KINDS = ("rule", "heuristic", "language", "duplicate", "other")

UNKNOWN_SITE = "(no site)"


def reason_kind(reason: str) -> str:
    """``rule``, ``heuristic``, ``language``, ``duplicate`` (the repeated-block heuristic) or
    ``other``, from a reason string such as ``rule:sputnik.logo``.

    >>> reason_kind("heuristic:repeated-block"), reason_kind("language:ru"), reason_kind("x")
    ('duplicate', 'language', 'other')
    """
    if reason == DUPLICATE_REASON:
        return "duplicate"
    prefix = reason.split(":", 1)[0]
    return prefix if prefix in REASON_KINDS else "other"


@dataclass(frozen=True, slots=True)
class ReasonRow:
    reason: str
    kind: str
    blocks: int       #: blocks it removed
    pages: int        #: pages where it removed at least one block


@dataclass(frozen=True, slots=True)
class SiteRow:
    site: str
    pages: int
    removed: int      #: blocks removed
    kept: int         #: paragraphs kept
    flagged: int      #: fragments in another language (kept or removed)
    untitled: int     #: pages where no title was found


@dataclass(slots=True)
class Summary:
    pages: int = 0
    removed: int = 0
    kept: int = 0
    flagged: int = 0
    untitled: int = 0
    reasons: list[ReasonRow] = field(default_factory=list)
    sites: list[SiteRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"pages": self.pages, "removed": self.removed, "kept": self.kept,
                "flagged": self.flagged, "untitled": self.untitled,
                "reasons": [[r.reason, r.kind, r.blocks, r.pages] for r in self.reasons],
                "sites": [[s.site, s.pages, s.removed, s.kept, s.flagged, s.untitled] for s in self.sites]}


def site_of(record: dict[str, Any]) -> str:
    """The site a rule file named (``rule_site``), else the URL's host (``www.`` dropped), else
    the site name the page gives, else ``(no site)``: pages of sites no rule knows still group
    by where they came from, and a site's pages never split between its rule file's name and
    the name its pages give. (Records written before ``rule_site`` existed kept that name in
    ``site``, and are read that way.)

    >>> site_of({"metadata": {"site": "WSJ", "rule_site": None, "url": "https://www.wsj.com/a"}})
    'wsj.com'
    """
    meta = record.get("metadata") or {}
    host = urlsplit(meta["url"]).hostname if isinstance(meta.get("url"), str) else None
    host = host.removeprefix("www.") if host else None
    if "rule_site" not in meta:
        return meta.get("site") or host or UNKNOWN_SITE
    return meta.get("rule_site") or host or meta.get("site") or UNKNOWN_SITE


class Tally:
    """Counts records one at a time (a report streams them), then gives the :class:`Summary`."""

    def __init__(self) -> None:
        self.totals: Counter[str] = Counter()
        self.blocks_by_reason: Counter[str] = Counter()
        self.pages_by_reason: Counter[str] = Counter()
        self.sites: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, record: dict[str, Any]) -> None:
        reasons = Counter(r.get("reason") or "unknown" for r in record["removed"])
        self.blocks_by_reason.update(reasons)
        self.pages_by_reason.update(reasons.keys())
        counts = {"pages": 1, "removed": len(record["removed"]), "kept": len(paragraphs_of(record)),
                  "flagged": len(record.get("flags") or []),
                  "untitled": int(not (record.get("metadata") or {}).get("title"))}
        self.sites[site_of(record)].update(counts)
        self.totals.update(counts)

    def summary(self) -> Summary:
        """Totals, one row per reason (most blocks first) and one per site (most pages first)."""
        t = self.totals
        reasons = [ReasonRow(reason, reason_kind(reason), n, self.pages_by_reason[reason])
                   for reason, n in sorted(self.blocks_by_reason.items(), key=lambda kv: (-kv[1], kv[0]))]
        sites = [SiteRow(name, c["pages"], c["removed"], c["kept"], c["flagged"], c["untitled"])
                 for name, c in sorted(self.sites.items(), key=lambda kv: (-kv[1]["pages"], kv[0]))]
        return Summary(t["pages"], t["removed"], t["kept"], t["flagged"], t["untitled"], reasons, sites)


def summarise(records: Iterable[dict[str, Any]]) -> Summary:
    """The :class:`Summary` of all records."""
    tally = Tally()
    for record in records:
        tally.add(record)
    return tally.summary()


def format_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain text table: text columns left-aligned, numbers right-aligned.

    >>> print(format_table(["name", "n"], [["a", 1], ["bb", 10]]))
    name   n
    ----  --
    a      1
    bb    10
    """
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    numeric = [all(row[i].isdigit() or row[i].endswith("%") for row in cells[1:]) and len(cells) > 1
               for i in range(len(headers))]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w)
                         for c, w, num in zip(row, widths, numeric)).rstrip()

    rule = ["-" * w for w in widths]
    return "\n".join([line(cells[0]), line(rule)] + [line(row) for row in cells[1:]])


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def render_summary(summary: Summary) -> str:
    """The summary as terminal text: totals, the per-reason table, the per-site table."""
    totals = (f"{summary.pages} page(s); {summary.removed} block(s) removed, {summary.kept} "
              f"paragraph(s) kept, {summary.flagged} fragment(s) flagged as another language, "
              f"{summary.untitled} page(s) without a title")
    reasons = format_table(["reason", "kind", "blocks", "pages", "share"],
                           [[r.reason, r.kind, r.blocks, r.pages, percent(r.blocks, summary.removed)]
                            for r in summary.reasons])
    sites = format_table(["site", "pages", "removed", "kept", "flagged", "untitled"],
                         [[s.site, s.pages, s.removed, s.kept, s.flagged, s.untitled] for s in summary.sites])
    return f"{totals}\n\nRemoved, per rule and heuristic\n\n{reasons}\n\nPer site\n\n{sites}\n"
