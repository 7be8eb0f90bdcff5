"""Reading inputs as they come: plain files, gzip- or zstd-compressed ones (``page.html.gz``,
``pages.jsonl.gz``, ``dump.txt.zst``), WARC archives (``crawl.warc``, ``crawl.warc.gz``), lists
of inputs (``--input-file``), and a clear refusal of URLs (cleaner does not fetch).

An input's kind comes from its suffixes: the last one may name a compression (``.gz``, ``.zst``),
the one before it the kind (``.txt`` text dump, ``.html``/``.htm`` page, ``.jsonl`` records,
``.warc`` archive). WARC files are read with FastWARC (a Rust WARC parser, which also undoes the
gzip or zstd of ``.warc.gz``/``.warc.zst`` itself); gzip with the standard library; zstd with
FastWARC's zstd reader, so one dependency covers both.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .budget import Budget, check_bytes, read_page

KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".warc": "warc"}
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
#: Kinds whose file holds many pages: each record's text has its own budget.
CONTAINERS = ("jsonl", "warc")
#: Content types of WARC response payloads that are cleaned (others — images, scripts, PDFs — are
#: not pages and are passed over).
WARC_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

NO_FETCH = "a URL: cleaner does not fetch pages; download it first (wget, curl, trafilatura) and give the file"


#: What to install for WARC and zstd inputs (FastWARC is an extra: a Rust extension whose binary
#: wheels do not cover every platform, so a plain install never depends on building it).
WARC_EXTRA = "pip install 'cleaner[warc]' (or: pip install fastwarc)"


def needs_fastwarc(path: str | Path) -> bool:
    """Whether reading this input takes FastWARC: a WARC file, or anything zstd-compressed."""
    kind, compression, _ = split_suffixes(path)
    return kind == "warc" or compression == "zstd"


def fastwarc_missing() -> str | None:
    """None when FastWARC imports, else the message saying what to install."""
    try:
        import fastwarc  # noqa: F401
    except ImportError as exc:
        return f"reading WARC and .zst files needs FastWARC, which is not installed ({exc}): {WARC_EXTRA}"
    return None


def is_url(text: str) -> bool:
    """Whether an input names a URL rather than a file (``https://…``, ``s3://…``).

    >>> is_url("https://example.com/a"), is_url("seeds/a.txt"), is_url("C:/x")
    (True, False, False)
    """
    return bool(_URL.match(text))


def split_suffixes(path: str | Path) -> tuple[str | None, str | None, str]:
    """``(kind, compression, suffix)`` of an input file name: ``a.jsonl.gz`` -> ``("jsonl",
    "gzip", ".jsonl.gz")``. ``kind`` is None for names no kind matches (``a.pdf``, ``a.gz``).

    >>> split_suffixes("x/a.warc.gz"), split_suffixes("a.HTML"), split_suffixes("notes.md")
    (('warc', 'gzip', '.warc.gz'), ('html', None, '.HTML'), (None, None, '.md'))
    """
    suffixes = Path(path).suffixes
    last = suffixes[-1].lower() if suffixes else ""
    compression = COMPRESSIONS.get(last)
    if compression and len(suffixes) > 1:
        inner = suffixes[-2]
        if inner.lower() in KINDS:
            return KINDS[inner.lower()], compression, inner + suffixes[-1]
        return None, compression, suffixes[-1]
    if compression:
        return None, compression, suffixes[-1]
    return KINDS.get(last), None, suffixes[-1] if suffixes else ""


def input_suffix(path: str | Path) -> str:
    """The suffixes that say what an input is (``.txt.gz``, ``.html``): the part of its name its
    output drops, and keeps when two inputs would share an output."""
    return split_suffixes(path)[2]


def output_stem(path: str | Path) -> Path:
    """The input's path without :func:`input_suffix`: ``a/b.jsonl.gz`` -> ``a/b``."""
    path = Path(path)
    suffix = input_suffix(path)
    return path.with_name(path.name[: len(path.name) - len(suffix)]) if suffix else path


def decompress(raw: bytes, compression: str | None, budget: Budget) -> bytes:
    """The bytes of a compressed input, refusing more than ``budget.max_bytes`` of them before
    they are all in memory (a small file can unpack to gigabytes)."""
    if compression is None:
        return raw
    limit = budget.max_bytes + 1 if budget.max_bytes else -1
    stream: Any
    if compression == "gzip":
        stream = gzip.GzipFile(fileobj=io.BytesIO(raw))
    else:
        try:
            from fastwarc import ZstdReader
        except ImportError:
            raise ValueError(fastwarc_missing()) from None
        stream = ZstdReader(io.BytesIO(raw))
    try:
        data = read_up_to(stream, limit)
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        raise ValueError(f"not valid {compression} data: {exc}") from None
    check_bytes(len(data), budget)
    return data


def read_up_to(stream: Any, limit: int) -> bytes:
    """``limit`` bytes of ``stream`` (all of it when ``limit`` is -1), however short its reads."""
    if limit < 0:
        return stream.read()
    parts, size = [], 0
    while size < limit:
        part = stream.read(min(limit - size, 1 << 20))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def read_input(path: str, kind: str, budget: Budget) -> tuple[bytes, str]:
    """An input file's (decompressed) bytes and the SHA-256 of the file as stored (what the
    manifest compares). A container's budget applies to each of its records, not to the file."""
    _, compression, _ = split_suffixes(path)
    file_budget = Budget(0) if kind in CONTAINERS else budget
    raw = read_page(path, file_budget)
    digest = hashlib.sha256(raw).hexdigest()
    return decompress(raw, compression, file_budget), digest


def regular_file_sha256(path: str) -> str:
    """The SHA-256 of a file read in chunks (a WARC file is never held whole), refusing what is
    not a regular file (a FIFO would block the run)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        with open(fd, "rb", closefd=False) as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    finally:
        os.close(fd)


def warc_records(path: str, max_bytes: int = 0) -> Iterator[tuple[int, dict[str, Any] | Exception]]:
    """``(position, record)`` for each response record of a WARC file whose payload is HTML or
    plain text: ``{"id": WARC-Record-ID, "url": WARC-Target-URI, "html" | "text": payload,
    "metadata": {"charset": …}}``, the shape of a JSONL record, so both are cleaned alike. The
    payload stays bytes: its charset (the HTTP header's, else the page's own) decides the text.
    A record that cannot be read yields ``(position, error)`` and the next one is read. Of a
    payload over ``max_bytes`` only ``max_bytes + 1`` bytes are read: enough for the page's
    budget check to refuse it, never a huge payload held whole."""
    from fastwarc import ArchiveIterator, WarcRecordType

    position = 0
    with open(path, "rb") as f:
        for record in ArchiveIterator(f, parse_http=True):
            position += 1  # every record counts: "crawl.warc.gz#7" is the file's 7th record
            if record.record_type != WarcRecordType.response:
                continue
            try:
                content_type = (record.http_content_type or "").split(";")[0].strip().lower()
                kind = WARC_TYPES.get(content_type)
                if kind is None or not record.is_http:
                    continue
                payload = record.reader.read(max_bytes + 1) if max_bytes else record.reader.read()
                yield position, {"id": record.record_id, "url": record.headers.get("WARC-Target-URI"),
                                 kind: payload, "metadata": {"charset": record.http_charset}}
            except Exception as exc:  # noqa: BLE001 - one bad record never stops the archive
                yield position, exc


def read_input_list(path: str) -> list[str]:
    """The inputs named in an ``--input-file``: one path per line; blank lines and lines
    starting with ``#`` are skipped; ``-`` reads the list from stdin."""
    import sys

    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def refuse_urls(inputs: Iterable[str]) -> tuple[list[str], list[dict[str, str]]]:
    """Inputs that are not URLs, and one error record per URL."""
    kept, errors = [], []
    for item in inputs:
        if is_url(item):
            errors.append({"input": item, "error": NO_FETCH})
        else:
            kept.append(item)
    return kept, errors

