"""Decoding raw bytes to text, recording what the bytes were decoded as.

Order of evidence, most certain first: a byte-order mark; valid UTF-8 (the fast path, and by far
the most common case); the charset the page declares (HTTP header passed in, ``<meta charset>``);
charset-normalizer's detection. Bytes that no decoder accepts are replaced with U+FFFD and the
replacement is reported, never silently.

Two refinements. Bytes whose NULs fill one half of the byte pairs are UTF-16, never UTF-8 text,
although UTF-16 of ASCII or Cyrillic is valid UTF-8: they skip the fast path and are decoded as
the declared UTF-16/32, else as the NUL pattern says. And the detector's first choice is not taken on
trust: every candidate it offers, plus cp1252 and cp1251, is scored by
:func:`cleaner.plausible.count_implausible`, and the least implausible wins (ties go to the
Western code pages), because the detector often ranks cp1250 or a DOS code page first on
Western text.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from .encodingdata import NUL_SHARE_UTF16, PREFERRED_ENCODINGS
from .plausible import count_implausible

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
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class DecodeError(ValueError):
    """The bytes are not text in any encoding (for example an image or an archive)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    #: What had to be done to get text: e.g. ``"replaced 3 undecodable bytes"``.
    fixes: tuple[str, ...] = ()


def looks_binary(data: bytes) -> bool:
    """True for data whose first 8 KiB holds NUL or many control bytes (images, archives).

    After a UTF-16 byte-order mark the test applies to the decoded characters, so the NUL
    halves of UTF-16 code units never count as control bytes."""
    sample = data[:8192]
    if sample.startswith(_UTF16_BOMS):
        return mostly_controls(sample.decode("utf-16", errors="replace"))
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _BINARY_BYTES)
    return controls / len(sample) > 0.05


def mostly_controls(text: str) -> bool:
    """True when more than 5% of the first 8192 characters are control characters."""
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and ord(c) in _BINARY_BYTES)
    return bool(sample) and controls / len(sample) > 0.05


def utf16_by_nuls(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs fill one half of the byte pairs (UTF-16 text without a
    byte-order mark: every Latin or Cyrillic character has a zero byte), else None.

    A stray NUL in UTF-8 text is no pattern: it needs :data:`NUL_SHARE_UTF16` of the bytes, and
    four times as many on one side as on the other."""
    sample = data[:8192]
    nuls = sample.count(0)
    if nuls < 4 or nuls < len(sample) * NUL_SHARE_UTF16:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 4 * even:
        return "utf-16-le"
    if even > 4 * odd:
        return "utf-16-be"
    return None


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


_CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.I)


def charset_of_record(meta: dict) -> str | None:
    """The charset a JSONL record's metadata declares: ``charset``, ``encoding``, or the charset
    parameter of an HTTP ``content-type`` header (any case, also under ``headers``).

    >>> charset_of_record({"headers": {"Content-Type": "text/html; charset=windows-1251"}})
    'windows-1251'
    """
    for key in ("charset", "encoding"):
        if isinstance(meta.get(key), str):
            return meta[key]
    for source in (meta, meta.get("headers")):
        if isinstance(source, dict):
            for key, value in source.items():
                if str(key).lower() == "content-type" and isinstance(value, str):
                    match = _CONTENT_TYPE_CHARSET.search(value)
                    if match:
                        return match.group(1)
    return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` to text; raise :class:`DecodeError` for binary content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data[len(bom):], encoding, "bom")
    sniffed = utf16_by_nuls(data)
    if sniffed is None:
        try:
            return Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    else:
        if declared and _is_wide(declared) and (decoded := _strict(data, declared)) is not None:
            return decoded
        decoded = _strict(data, sniffed)
        if decoded is not None and not mostly_controls(decoded.text):
            return Decoded(decoded.text, decoded.encoding, (f"decoded as {sniffed} (detected from NUL bytes)",))
    if looks_binary(data):
        raise DecodeError("binary content (NUL or control bytes), not text")
    if (mixed := decode_mixed(data)) is not None:
        return mixed
    for name in (declared, declared_charset(data)):
        if name and (decoded := _strict(data, browser_charset(name))) is not None:
            if decoded.encoding != _python_name(name):
                return Decoded(decoded.text, decoded.encoding,
                               (f"declared {_python_name(name)}, decoded as {decoded.encoding} (as browsers do)",))
            return decoded
    return detect(data)


#: Charsets whose label browsers decode as a superset (the WHATWG Encoding Standard): a page
#: that says iso-8859-1 is written in windows-1252 ("that’s" uses byte 0x92), and so on.
BROWSER_CHARSETS = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254",
                    "iso8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030",
                    "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949",
                    "iso8859-8-i": "iso8859-8"}


def _python_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def browser_charset(name: str) -> str:
    """The codec a browser decodes a declared charset with (WHATWG labels).

    >>> browser_charset("ISO-8859-1"), browser_charset("us-ascii"), browser_charset("utf-8")
    ('cp1252', 'cp1252', 'utf-8')
    """
    python = _python_name(name)
    return BROWSER_CHARSETS.get(python, python) if python else name


def decode_mixed(data: bytes) -> Decoded | None:
    """Files glued from several sources: some lines are UTF-8 (with non-ASCII letters, so UTF-8
    for sure), others are not. Decode the UTF-8 lines as UTF-8 and only the others with the
    detected legacy encoding, so one stray cp1252 line does not turn the rest into mojibake.
    None when no line is proof of UTF-8 (the whole file is then decoded as one)."""
    lines = data.splitlines(keepends=True)
    good: list[str | None] = []
    proof = False
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            good.append(None)
            continue
        proof = proof or not line.isascii()
        good.append(text)
    bad = [line for line, text in zip(lines, good) if text is None]
    if not proof or not bad:
        return None
    used: dict[str, int] = {}
    parts = []
    for line, text in zip(lines, good):
        if text is None:  # each line alone: the sources of a glued file differ line by line
            legacy = detect(line)
            used[legacy.encoding] = used.get(legacy.encoding, 0) + 1
            text = legacy.text
        parts.append(text)
    how = ", ".join(f"{n} line(s) as {name}" for name, n in sorted(used.items()))
    return Decoded("".join(parts), "utf-8", (f"mixed encodings: utf-8, and {how}",))


def detect(data: bytes) -> Decoded:
    """The least implausible decoding among charset-normalizer's candidates, cp1252 and cp1251.

    Ties (identical texts, often) go to :data:`PREFERRED_ENCODINGS`, then to the detector's rank.
    """
    ranked = [m.encoding for m in charset_normalizer.from_bytes(data)]
    candidates = list(dict.fromkeys([*PREFERRED_ENCODINGS, *ranked]))
    best: tuple[int, int, str, str] | None = None
    scores: dict[str, int] = {}           # many candidates decode to the same text
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if text not in scores:
            scores[text] = count_implausible(text)
        score = (scores[text], rank, encoding, text)
        if best is None or score[:2] < best[:2]:
            best = score
    if best is None:
        fallback = _decode_with(data, "utf-8", "fallback")
        return Decoded(fallback.text, fallback.encoding,
                       ("decoded as utf-8 (fallback: no decoding fits)", *fallback.fixes))
    name = codecs.lookup(best[2]).name
    return Decoded(best[3], name, (f"decoded as {name} (detected)",))


def _is_wide(name: str) -> bool:
    """True for UTF-16 and UTF-32, the encodings whose text is full of NUL bytes."""
    try:
        return codecs.lookup(name).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def _strict(data: bytes, name: str) -> Decoded | None:
    """``data`` decoded as ``name``, or None when the name is unknown or the bytes don't fit."""
    try:
        return Decoded(data.decode(name), codecs.lookup(name).name)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_with(data: bytes, encoding: str, how: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd")
    fixes = (f"replaced {replaced} undecodable bytes",) if replaced else ()
    name = codecs.lookup(encoding).name
    return Decoded(text, name if how != "bom" else f"{name} (bom)", fixes)
