"""Reading back the JSON records a run wrote (``clean --format json|jsonl``) and rebuilding each
page's blocks in source order, for ``cleaner report`` and ``cleaner stats``.

A record holds the kept paragraphs (``text``), the removed blocks with their index and reason,
the language flags, and — since records carry ``kept`` and ``title_index`` — the index of every
kept block, so the page can be laid out again as it stood. Older records without those fields
still load: their blocks come title first, then paragraphs, then removed blocks (``ordered`` is
False).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

Status = Literal["title", "kept", "flagged", "removed"]

#: Files in OUT that hold records; ``errors.jsonl`` lines (``{"input", "error"}``) are not records
#: and are skipped by :func:`is_record`.
RECORD_SUFFIXES = (".json", ".jsonl")


class PageBlock(NamedTuple):
    """One block of a rebuilt page: ``reason`` for removed blocks; ``language`` for blocks flagged
    as another language (kept ones are highlighted, removed ones also carry their reason)."""

    index: int | None
    text: str
    status: Status
    reason: str | None = None
    language: str | None = None


@dataclass(slots=True)
class Loaded:
    """The records found under OUT, in a stable order, and the problems met reading them."""

    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def is_record(obj: Any) -> bool:
    """A cleaned-article record: an object with a string ``text`` and a ``removed`` list."""
    return isinstance(obj, dict) and isinstance(obj.get("text"), str) and isinstance(obj.get("removed"), list)


def record_problem(record: dict[str, Any]) -> str | None:
    """What makes a record (:func:`is_record`) unusable for the report and the stats, or None: a
    field of the wrong type (``removed`` items that are not objects, a ``kept`` index that is not
    a number, a ``site`` that is a list ...). Such a record is reported, never a crash."""
    def optional(value: Any, kind: type | tuple[type, ...]) -> bool:
        return value is None or (isinstance(value, kind) and not isinstance(value, bool))

    meta = record.get("metadata")
    if not optional(meta, dict):
        return "'metadata' is not an object"
    for key in ("title", "site", "url", "source", "date", "author", "language", "encoding"):
        if not optional((meta or {}).get(key), str):
            return f"'metadata.{key}' is not a string"
    if not optional(record.get("title_index"), int):
        return "'title_index' is not a number"
    kept = record.get("kept")
    if kept is not None and not (isinstance(kept, list) and all(optional(i, int) and i is not None for i in kept)):
        return "'kept' is not a list of numbers"
    for removal in record["removed"]:
        if not (isinstance(removal, dict) and optional(removal.get("index"), int)
                and optional(removal.get("text"), str) and optional(removal.get("reason"), str)):
            return "an item of 'removed' is not {index, text, reason}"
    flags = record.get("flags")
    if not optional(flags, list):
        return "'flags' is not a list"
    for flag in flags or ():
        if not (isinstance(flag, dict) and optional(flag.get("index"), int) and optional(flag.get("text"), str)
                and optional(flag.get("language"), str) and optional(flag.get("kind"), str)):
            return "an item of 'flags' is not {index, text, language, kind}"
    return None


def find_record_files(out: Path) -> list[Path]:
    """``*.json`` and ``*.jsonl`` under OUT (or OUT itself when it is a file), sorted by path."""
    if out.is_file():
        return [out]
    return sorted(p for p in out.rglob("*") if p.suffix.lower() in RECORD_SUFFIXES and p.is_file())


def iter_objects(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, parsed object) for a ``.json`` file (one object) or each line of a ``.jsonl`` file.

    An unparsable file or line yields ``(where, ValueError)`` instead, so one bad file never stops
    the report.
    """
    try:
        with path.open(encoding="utf-8") as f:
            if path.suffix.lower() != ".jsonl":
                yield from parse_chunks([(str(path), f.read())])
                return
            yield from parse_chunks((f"{path}:{n}", line) for n, line in enumerate(f, start=1)
                                    if line.strip())
    except (OSError, UnicodeDecodeError) as exc:
        yield str(path), ValueError(f"cannot read: {exc}")



def parse_chunks(chunks: Iterable[tuple[str, str]]) -> Iterator[tuple[str, Any]]:
    for where, chunk in chunks:
        try:
            yield where, json.loads(chunk)
        except json.JSONDecodeError as exc:
            yield where, ValueError(f"not JSON: {exc}")
        except RecursionError:
            yield where, ValueError("not JSON: nested too deeply")


_SURROGATE = re.compile("[\ud800-\udfff\u2028\u2029\x85]")


def json_line(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False)`` that is always valid UTF-8: a lone surrogate (a
    JSONL ``id`` of ``"\\ud800"``, a file name that is not UTF-8) is written as its JSON escape,
    which reads back as the same string; so are U+2028, U+2029 and U+0085, which
    ``str.splitlines`` and JavaScript take as line breaks, so that one record is one line for every
    reader."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def iter_records(out: Path, problems: list[str]) -> Iterator[dict[str, Any]]:
    """Every record under OUT, files in path order and lines in file order (deterministic), one
    at a time so a large OUT is never held in memory whole; unreadable files go to ``problems``."""
    for path in find_record_files(out):
        for where, obj in iter_objects(path):
            if isinstance(obj, ValueError):
                problems.append(f"{where}: {obj}")
            elif is_record(obj):
                problem = record_problem(obj)
                if problem:
                    problems.append(f"{where}: not a usable record: {problem}")
                else:
                    yield obj


def load_records(out: Path) -> Loaded:
    """All of :func:`iter_records` at once."""
    loaded = Loaded()
    loaded.records = list(iter_records(out, loaded.problems))
    return loaded


def paragraphs_of(record: dict[str, Any]) -> list[str]:
    """The kept paragraphs: ``text`` split at blank lines (a paragraph never holds a newline)."""
    return record["text"].split("\n\n") if record["text"] else []


def is_ordered(record: dict[str, Any]) -> bool:
    """True when the record says where each kept paragraph stood (``kept``, one index each)."""
    kept = record.get("kept")
    return isinstance(kept, list) and len(kept) == len(paragraphs_of(record))


def page_blocks(record: dict[str, Any]) -> list[PageBlock]:
    """The page's blocks — title, kept, flagged (kept, in another language) and removed — in
    source order when the record allows it (:func:`is_ordered`)."""
    meta = record.get("metadata") or {}
    paragraphs = paragraphs_of(record)
    ordered = is_ordered(record)
    flags = [f for f in record.get("flags") or [] if f.get("kind", "language") == "language"]
    kept_flags = {(f.get("index"), f.get("text")): f.get("language") for f in flags if f.get("kept")}
    kept_flag_texts = {text: lang for (_, text), lang in kept_flags.items()}
    removed_flags = {f.get("index"): f.get("language") for f in flags if not f.get("kept")}
    blocks: list[PageBlock] = []
    if meta.get("title") is not None:
        blocks.append(PageBlock(record.get("title_index"), meta["title"], "title"))
    for n, text in enumerate(paragraphs):
        index = record["kept"][n] if ordered else None
        lang = kept_flags.get((index, text)) if ordered else kept_flag_texts.get(text)
        blocks.append(PageBlock(index, text, "flagged" if lang else "kept", language=lang))
    for removal in record["removed"]:
        blocks.append(PageBlock(removal.get("index"), removal.get("text", ""), "removed",
                                reason=removal.get("reason") or "unknown",
                                language=removed_flags.get(removal.get("index"))))
    if ordered:
        blocks.sort(key=lambda b: -1 if b.index is None else b.index)
    return blocks
