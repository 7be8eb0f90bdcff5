"""cleaner as a datatrove pipeline step (``pip install 'cleaner[datatrove]'``).

datatrove (the library FineWeb was built with) runs a list of steps over a stream of
``Document``s, locally or on Slurm and Ray; the same list runs unchanged on each executor.
:class:`CleanerStep` is one such step: it cleans each document, writes the body back to
``text``, puts what cleaning found (title, date, language, flags, removal counts) in
``metadata``, and drops documents that end up empty, with a reason, to the exclusion writer.

    pipeline = [
        JsonlReader("pages/", adapter=read_cleaner_record),
        CleanerStep(Options(foreign="flag"), rule_dirs=["my_rules/"]),
        JsonlWriter("clean/"),
    ]

The step is picklable (executors pickle the pipeline to ship it to each task): it holds the
rule set loaded and validated once, in the process that builds the pipeline, so a bad rule
file fails there rather than in every task, and each task unpickles it once, never per document.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

try:
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("cleaner.integrations.datatrove needs datatrove: "
                      "pip install 'cleaner[datatrove]'") from exc

from ..model import Article
from ..pipeline import Options, clean
from ..rules import load_rules
from ..runner import describe

#: Where the step looks for a page's HTML first (``read_cleaner_record`` puts it there).
HTML_KEY = "html"
#: Reasons a document is dropped (``metadata["filter_reason"]`` in the exclusion writer's output,
#: ``dropped_<reason>`` in datatrove's stats).
EMPTY = "cleaner_empty"
ERROR = "cleaner_error"
#: Keys of the cleaner record's metadata that a Document already holds elsewhere (``source`` is
#: the document's id).
SKIPPED_KEYS = ("source",)


class CleanerStep(BaseFilter):
    """Clean each Document; forward it with the canonical body, or drop it with a reason.

    Input: the HTML in ``metadata["html"]`` when there is one, else ``text`` read as ``kind``
    (``"text"``: a plain-text dump, one block per line; ``"html"``: a page, e.g. after
    datatrove's ``WarcReader``; ``None``: sniffed). ``metadata["url"]`` selects site rules.

    Output: ``text`` is the body (no title), as the ``text`` of ``cleaner clean --format jsonl``;
    ``metadata`` gains that record's metadata (title, date, author, site, rule_site, hostname,
    description, image, categories, tags, language, encoding, fixes, rules, cleaner,
    rules_digest, url), its ``flags`` and ``removed_counts`` (dropped
    blocks per reason); ``metadata["html"]`` is removed. A document with no paragraph left
    (reason ``cleaner_empty``) or that cannot be cleaned (``cleaner_error``, with
    ``metadata["cleaner_error"]``) goes to ``exclusion_writer`` as it came in, plus that metadata.
    """

    name = "🧹 cleaner"

    def __init__(self, options: Options | None = None, *, rule_dirs: Sequence[str | Path] = (),
                 kind: str | None = "text", exclusion_writer: DiskWriter | None = None):
        super().__init__(exclusion_writer)
        options = options or Options()
        if rule_dirs and options.rules is not None:
            raise ValueError("give the rules either as options.rules or as rule_dirs, not both")
        if options.rules is None:
            options = replace(options, rules=load_rules(rule_dirs))
        if kind not in ("text", "html", None):
            raise ValueError(f"kind must be 'text', 'html' or None, not {kind!r}")
        self.options = options
        self.kind = kind

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Clean one document in place; datatrove's ``BaseFilter.run`` counts and routes it."""
        try:
            article = clean_document(doc, self.options, self.kind)
        except Exception as exc:  # noqa: BLE001 - one bad document never stops a task
            doc.metadata["cleaner_error"] = describe(exc)
            return False, ERROR
        doc.metadata.update(document_metadata(article))
        self.count_article(article)
        if not article.paragraphs:
            return False, EMPTY
        doc.metadata.pop(HTML_KEY, None)
        doc.text = article.body
        return True

    def count_article(self, article: Article) -> None:
        """Add the article's removals and flags to datatrove's stats (by kind of reason)."""
        self.stat_update("blocks_removed", value=len(article.removed))
        self.stat_update("blocks_flagged", value=len(article.flags))
        for kind, n in Counter(r.reason.split(":")[0] for r in article.removed).items():
            self.stat_update(f"removed_by_{kind}", value=n)
        if article.language not in (None, self.options.lang):
            self.stat_update("pages_not_in_target_language")


def clean_document(doc: Document, options: Options, kind: str | None = "text") -> Article:
    """Clean one Document: the HTML in its metadata if any, else its text as ``kind``."""
    html = doc.metadata.get(HTML_KEY)
    source, kind = (html, "html") if isinstance(html, str) else (doc.text, kind)
    if not isinstance(source, str):
        raise ValueError("document has no 'text' or metadata 'html' string")
    return clean(source, options=options, kind=kind, url=doc.metadata.get("url") or None,
                 source_id=str(doc.id))


def document_metadata(article: Article) -> dict[str, Any]:
    """The metadata of the article's JSONL record, with its flags and removal counts."""
    record = article.to_record()
    metadata = {k: v for k, v in record["metadata"].items() if k not in SKIPPED_KEYS}
    metadata["flags"] = record["flags"]
    metadata["removed_counts"] = dict(sorted(Counter(r.reason for r in article.removed).items()))
    return metadata


def read_cleaner_record(reader: Any, data: dict, path: str, id_in_file: int | str) -> dict:
    """A datatrove reader adapter for the records ``cleaner clean`` reads: ``{"id", "text" |
    "html", "url"?, "metadata"?}``.

    ``JsonlReader(folder, adapter=read_cleaner_record)``. ``html`` goes to ``metadata["html"]``,
    where :class:`CleanerStep` looks first; since readers skip documents without text, ``text``
    holds the record's text, or else the same HTML string (no copy), until the step replaces it.
    A record with neither string gets an empty ``text``: the reader skips it with a warning, as
    it skips lines that are not JSON. Other top-level fields join ``metadata``, as with
    datatrove's own adapter.
    """
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    extra = {k: v for k, v in data.items() if k not in ("id", "text", "html", "metadata") and v is not None}
    metadata = {**metadata, **extra}
    text, html = (v if isinstance(v, str) else None for v in (data.get("text"), data.get("html")))
    if html is not None:
        metadata[HTML_KEY] = html
    return {"id": str(data.get("id") or f"{path}/{id_in_file}"),
            "text": text or html or "",
            "metadata": metadata}
