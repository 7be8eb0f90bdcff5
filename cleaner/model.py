"""The data every stage works on: :class:`Block` in, :class:`Article` out.

A page becomes a list of blocks (a line of a text dump, a paragraph of HTML). Stages never delete a
block: they set its ``verdict`` and the ``reason`` that decided it, so the audit trail (``removed``
in the JSON, ``cleaner explain``) comes for free.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["keep", "drop", "flag"]
Foreign = Literal["drop", "flag", "keep"]

#: Kinds a block may have. ``None`` when the source does not say.
KINDS = ("title", "heading", "paragraph", "caption", "list", "quote", "table", "date")


@dataclass(slots=True)
class Block:
    """One unit of the page.

    ``raw`` is the block as it stood in the source; ``text`` the normalised form every stage reads.
    ``reason`` names who decided the verdict: ``rule:<id>``, ``heuristic:<name>``, ``language:<code>``.
    ``protected`` is set by a ``keep`` rule: heuristics and the language policy leave it alone.
    """

    index: int
    raw: str
    text: str = ""
    kind: str | None = None
    verdict: Verdict = "keep"
    reason: str | None = None
    protected: bool = False
    lang: str | None = None
    lang_confidence: float = 0.0

    @property
    def kept(self) -> bool:
        return self.verdict != "drop"

    def drop(self, reason: str) -> None:
        """Drop this block unless a keep rule protects it or it is already dropped."""
        if self.verdict != "drop" and not self.protected:
            self.verdict = "drop"
            self.reason = reason


@dataclass(frozen=True, slots=True)
class Flag:
    """A block in a language other than the target (or another warning about one block)."""

    index: int
    text: str
    language: str | None
    confidence: float
    kept: bool
    kind: str = "language"

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "kind": self.kind, "text": self.text,
                "language": self.language, "confidence": round(self.confidence, 3),
                "kept": self.kept}


@dataclass(frozen=True, slots=True)
class Removal:
    """A dropped block and the reason it went."""

    index: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Metadata:
    """What the page says about itself, and what cleaning found out."""

    source: str | None = None
    url: str | None = None
    site: str | None = None              #: the site's name as the page gives it (``og:site_name``)
    title: str | None = None
    date: str | None = None
    author: str | None = None
    language: str | None = None
    encoding: str | None = None
    fixes: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    rule_site: str | None = None         #: the ``site`` of the site rule file that applied
    hostname: str | None = None          #: the url's host, without ``www.``
    description: str | None = None       #: the page's own summary (``og:description``, ``description``)
    image: str | None = None             #: its lead image (``og:image``, ``twitter:image``)
    categories: list[str] = field(default_factory=list)  #: sections (``article:section``)
    tags: list[str] = field(default_factory=list)        #: ``article:tag``, ``keywords``
    #: ``html`` (blocks are what trafilatura extracted: the rest of the page is not in the record)
    #: or ``text`` (a dump: every line is a block)
    input_kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "url": self.url, "title": self.title, "date": self.date,
                "author": self.author, "site": self.site, "language": self.language,
                "encoding": self.encoding, "fixes": list(self.fixes), "rules": list(self.rules),
                "rule_site": self.rule_site, "hostname": self.hostname,
                "description": self.description, "image": self.image,
                "categories": list(self.categories), "tags": list(self.tags),
                "input_kind": self.input_kind}


@dataclass(slots=True)
class Article:
    """The clean article, with everything needed to explain how it was made."""

    title: str | None
    paragraphs: list[str]
    metadata: Metadata
    flags: list[Flag]
    removed: list[Removal]
    blocks: list[Block]
    id: str | None = None
    version: str = ""
    rules_digest: str = ""
    title_index: int | None = None       #: index of the title's block, when there is a title

    @property
    def body(self) -> str:
        """The kept paragraphs joined by blank lines: the JSON ``text``."""
        return "\n\n".join(self.paragraphs)

    @property
    def language(self) -> str | None:
        return self.metadata.language

    def canonical_text(self) -> str:
        """Title, blank line, paragraphs separated by blank lines, one final newline.

        An article with neither title nor paragraphs is the empty string.
        """
        parts = ([self.title] if self.title else []) + self.paragraphs
        return "\n\n".join(parts) + "\n" if parts else ""

    def to_record(self) -> dict[str, Any]:
        """The JSON/JSONL record (datatrove/Dolma convention)."""
        return {
            "id": self.id,
            "text": self.body,
            "metadata": {**self.metadata.to_dict(), "cleaner": self.version,
                         "rules_digest": self.rules_digest},
            "flags": [f.to_dict() for f in self.flags],
            "removed": [r.to_dict() for r in self.removed],
            # block indexes of the paragraphs of ``text``, in order, and of the title: with
            # ``removed`` they rebuild the page in source order (``cleaner report``)
            "kept": [b.index for b in self.blocks if b.kept and b.index != self.title_index],
            "title_index": self.title_index,
        }
