"""Decoding raw bytes to text, recording what the bytes were decoded as.

Order of evidence, most certain first: a byte-order mark; valid UTF-8 (the fast path, and by far
the most common case); the charset the page declares (HTTP header passed in, ``<meta charset>``);
charset-normalizer's detection. Bytes that no decoder accepts are replaced with U+FFFD and the
replacement is reported, never silently.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
#: Control bytes that never occur in text; a sample full of them is a binary file.
_BINARY_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


class DecodeError(ValueError):
    """The bytes are not text in any encoding (for example an image or an archive)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    #: What had to be done to get text: e.g. ``"replaced 3 undecodable bytes"``.
    fixes: tuple[str, ...] = ()


def looks_binary(data: bytes) -> bool:
    """True for data whose first 8 KiB holds NUL or many control bytes (images, archives)."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in sample if b in _BINARY_BYTES)
    return controls / len(sample) > 0.05


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` to text; raise :class:`DecodeError` for binary content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data[len(bom):], encoding, "bom")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if looks_binary(data):
        raise DecodeError("binary content (NUL or control bytes), not text")
    for name in (declared, declared_charset(data)):
        if name:
            try:
                return Decoded(data.decode(name), codecs.lookup(name).name)
            except (UnicodeDecodeError, LookupError):
                continue
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        return _decode_with(data, best.encoding, "detected")
    return _decode_with(data, "utf-8", "fallback")


def _decode_with(data: bytes, encoding: str, how: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd")
    fixes = (f"replaced {replaced} undecodable bytes",) if replaced else ()
    name = codecs.lookup(encoding).name
    return Decoded(text, name if how != "bom" else f"{name} (bom)", fixes)
