#!/usr/bin/env python3
"""Make the ``fixtures/encoding-*`` cases: pages whose expected text is known, re-encoded.

    python bench/make_encoding_fixtures.py [--bench ../shared/bench/dev] [--check]

Each case takes a UTF-8 page whose canonical text is known and writes, into
``fixtures/encoding-<case>/``:

- ``input.txt``: the page as raw bytes in another encoding (cp1252, latin-1, cp1251, UTF-16 with
  a BOM, UTF-8 with a BOM), or as mojibake (UTF-8 read as windows-1252, once or twice, saved as
  UTF-8), or with HTML entities;
- ``expected.txt``: the expected canonical text. For a seed it is copied from the seed's fixture,
  which a person checked; for the other sources it is the cleaned UTF-8 original, which
  ``NOTE.md`` in the folder says was read and checked;
- ``expected.json``: the ``encoding`` the bytes must be decoded as and ``fixes_include`` (or the
  exact ``fixes``) that ``metadata.fixes`` must report.

``--check`` writes nothing and exits 1 when a committed file differs from what would be written.
"""
from __future__ import annotations

import argparse
import codecs
import html
import html.entities
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cleaner  # noqa: E402

FIXTURES = ROOT / "fixtures"
SOURCES = ROOT / "bench" / "encoding_sources"
ITALIAN_PAGE = "20b2b64916b00b25203c9f1bf14248922f4d522f18328e9f876cce116df0083e"
#: The lines of the Italian bench dump kept in the excerpt (1-based, inclusive): the headline,
#: the date line and the first paragraphs of the body, which hold è, ’, “ ” and –.
ITALIAN_LINES = (16, 35)


def sloppy_cp1252(data: bytes) -> str:
    """Bytes read as windows-1252 the way browsers do it: the five undefined bytes become the
    C1 controls of the same number (as ftfy's ``sloppy-windows-1252`` assumes)."""
    return "".join(data[i:i + 1].decode("cp1252", errors="ignore") or chr(data[i])
                   for i in range(len(data)))


def mojibake(text: str, layers: int = 1) -> bytes:
    """UTF-8 text read as windows-1252 ``layers`` times, saved as UTF-8."""
    for _ in range(layers):
        text = sloppy_cp1252(text.encode("utf-8"))
    return text.encode("utf-8")


def entities(text: str) -> bytes:
    """Every ``&`` and non-ASCII character as an HTML entity (named where HTML has a name)."""
    names: dict[str, str] = {}
    for name, char in sorted(html.entities.html5.items(), key=lambda item: (-len(item[0]), item[0])):
        if name.endswith(";") and len(char) == 1:
            names[char] = name          # the shortest name wins (``mdash;``, not ``HorizontalLine;``)
    out = []
    for char in text:
        if char == "&":
            out.append("&amp;")
        elif char.isascii():
            out.append(char)
        elif char in names and char != "\u2019":
            out.append("&" + names[char])
        else:
            out.append(f"&#{ord(char)};")
    return "".join(out).encode("ascii")


@dataclass
class Case:
    name: str
    source: Callable[[Path], str]         #: the UTF-8 original, given the bench folder
    encode: Callable[[str], bytes]
    facts: dict
    expected_from: str | None = None      #: a checked fixture whose expected.txt is the answer
    note: str = ""
    extra: dict = field(default_factory=dict)


def seed(name: str) -> Callable[[Path], str]:
    return lambda _bench: (ROOT / "seeds" / f"{name}.txt").read_text(encoding="utf-8")


def fixture_input(name: str) -> Callable[[Path], str]:
    return lambda _bench: (FIXTURES / name / "input.txt").read_text(encoding="utf-8")


def source_file(name: str) -> Callable[[Path], str]:
    return lambda _bench: (SOURCES / name).read_text(encoding="utf-8")


def italian_excerpt(bench: Path) -> str:
    lines = (bench / "dump" / f"{ITALIAN_PAGE}.txt").read_text(encoding="utf-8").splitlines()
    first, last = ITALIAN_LINES
    return "\n".join(lines[first - 1:last]) + "\n"


def encoder(codec: str) -> Callable[[str], bytes]:
    return lambda text: text.encode(codec)


CHECKED_OUTPUT_NOTE = (
    "expected.txt is the canonical text cleaned from the UTF-8 original by cleaner at the commit "
    "that added this folder. Checked by reading it against the original: every non-ASCII character "
    "({chars}) is as in the original, and the kept lines are the article lines of the original. "
    "This fixture tests decoding and repair; it makes no claim about extraction beyond that.\n")


CASES = [
    Case("cp1252-seed-004", seed("004_a28becac22cdf2d7"), encoder("cp1252"),
         {"encoding": "cp1252", "fixes": ["decoded as cp1252 (detected)"]},
         expected_from="seed-004-blogger"),
    Case("cp1252-bench-italian", italian_excerpt, encoder("cp1252"),
         {"encoding": "cp1252", "fixes": ["decoded as cp1252 (detected)"]},
         note=CHECKED_OUTPUT_NOTE + f"\nSource: ../shared/bench/dev/dump/{ITALIAN_PAGE}.txt, lines "
              f"{ITALIAN_LINES[0]}-{ITALIAN_LINES[1]}. charset-normalizer alone picks cp1258 "
              "for these bytes (the ì of venerdì becomes a combining acute accent).\n"),
    Case("latin1-portuguese", fixture_input("non-english-page"), encoder("latin-1"),
         {"encoding": "cp1252", "language": "pt", "fixes": ["decoded as cp1252 (detected)"]},
         expected_from="non-english-page",
         note="latin-1 bytes without 0x80-0x9F decode the same as cp1252, its superset (browsers "
              "treat the latin-1 label as windows-1252), so the recorded encoding is cp1252.\n"),
    Case("cp1251-seed-000", seed("000_9f1674006fe45cfa"), encoder("cp1251"),
         {"encoding": "cp1251", "fixes": ["decoded as cp1251 (detected)"]},
         expected_from="seed-000-sputnik",
         note="An English page with a Russian fragment, saved as cp1251: charset-normalizer alone "
              "offers no cp1251 candidate for these bytes.\n"),
    Case("cp1251-russian", source_file("russian-article.txt"), encoder("cp1251"),
         {"encoding": "cp1251", "language": "ru", "fixes": ["decoded as cp1251 (detected)"]},
         note=CHECKED_OUTPUT_NOTE + "\nSource: bench/encoding_sources/russian-article.txt, written "
              "for this fixture (the nav words Главная and Новости above the headline are dropped).\n"),
    Case("utf16-bom-seed-002", seed("002_ebf00b4595f9b8e6"),
         lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
         {"encoding": "utf-16-le (bom)", "fixes": []}, expected_from="seed-002-serbian-portal"),
    Case("utf8-bom-seed-001", seed("001_565e87e98638243f"), encoder("utf-8-sig"),
         {"encoding": "utf-8 (bom)", "fixes": []}, expected_from="seed-001-dprk-portal"),
    Case("mojibake-once-seed-000", seed("000_9f1674006fe45cfa"), mojibake,
         {"encoding": "utf-8", "fixes_include": ["mojibake: utf-8 read as windows-1252"]},
         expected_from="seed-000-sputnik"),
    Case("mojibake-twice-seed-004", seed("004_a28becac22cdf2d7"), lambda text: mojibake(text, 2),
         {"encoding": "utf-8", "fixes_include": ["mojibake: utf-8 read as windows-1252 (2 layers)"]},
         expected_from="seed-004-blogger"),
    Case("html-entities-seed-003", seed("003_ad3bb29c13cfb2ad"), entities,
         {"encoding": "utf-8", "fixes": ["html entities"]}, expected_from="seed-003-tass"),
    Case("leave-alone", source_file("leave-alone.txt"), encoder("utf-8"),
         {"encoding": "utf-8", "fixes": []},
         note=CHECKED_OUTPUT_NOTE.replace("cleaned from the UTF-8 original",
                                          "cleaned from the input (which is the UTF-8 original)")
              + "\nSource: bench/encoding_sources/leave-alone.txt, written for this fixture: text "
                "that looks odd but is correct (SÃO PAULO, Možda, Cyrillic, CJK, ¯\\_(ツ)_/¯, AT&T, "
                "a < b) and must come out unchanged, with no fixes.\n"),
]


def build(case: Case, bench: Path) -> dict[str, bytes]:
    """The files of one fixture folder, by name."""
    original = case.source(bench)
    files = {"input.txt": case.encode(original)}
    if case.expected_from:
        expected = (FIXTURES / case.expected_from / "expected.txt").read_text(encoding="utf-8")
        clean_original = cleaner.clean(original.encode("utf-8"), source_id=case.name).canonical_text()
        if clean_original != expected:
            raise SystemExit(f"{case.name}: the UTF-8 original no longer cleans to "
                             f"fixtures/{case.expected_from}/expected.txt; fix that first")
    else:
        expected = cleaner.clean(original.encode("utf-8"), source_id=case.name).canonical_text()
    files["expected.txt"] = expected.encode("utf-8")
    files["expected.json"] = (json.dumps(case.facts, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if case.note:
        chars = "".join(sorted({c for c in expected if not c.isascii()}))
        files["NOTE.md"] = case.note.format(chars=chars).encode("utf-8")
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args()
    stale = 0
    for case in CASES:
        folder = FIXTURES / f"encoding-{case.name}"
        for name, content in build(case, args.bench).items():
            path = folder / name
            if args.check:
                if not path.exists() or path.read_bytes() != content:
                    print(f"differs: {path.relative_to(ROOT)}")
                    stale += 1
            else:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        if not args.check:
            print(f"wrote {folder.relative_to(ROOT)}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
