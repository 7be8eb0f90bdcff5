"""The bad-input corpus: the small cases are files in ``fixtures/bad-input/``; the big and the
file-system ones are built here, in a temporary folder, at test time (never committed).

``python tests/bad_input.py DIR`` builds the whole corpus in DIR, to try it by hand.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bad-input"

HEADLINE = "Harbour Reopens After Storm Repairs Finish"
P1 = "The city harbour reopened on Monday after three weeks of repairs to the storm-damaged pier."
P2 = "Fishing boats were the first to return, followed by the ferry service to the islands."
#: fixtures/bad-input/good.txt cleaned, as read and checked by hand
GOOD_CANONICAL = f"{HEADLINE}\n\n{P1}\n\n{P2}\n"

#: Built at test time (issue 18): names and records that once lost or overwrote outputs.
NOT_UTF8_NAME = os.fsdecode(b"bad\xff.txt")          # a file name that is not UTF-8
LONG_NAME = "L" * 247 + ".txt"                        # 251 bytes: legal; a temporary name must stay shorter
ESCAPE_NAME = "esc\x1b[31mred.txt"                     # terminal escape codes in a name
#: inputs named like cleaner's own files (their outputs keep their suffix, or get a "~")
OWN_NAME_INPUTS = {"errors.jsonl": "errors.jsonl.jsonl", "articles.jsonl": "articles.jsonl.jsonl",
                   os.path.join(".cleaner-tmp", "page.txt"): os.path.join(".cleaner-tmp~", "page.txt")}
#: JSONL records whose id and url hold escaped lone surrogates (valid JSON)
SURROGATE_RECORDS = ('{"id": "\\ud800", "text": "%s"}\n{"id": "ok", "url": "https://x.example/\\udfff", "text": "%s"}\n')

DEEP_LEVELS = 10_000
DEEP_SENTENCE = "This sentence sits ten thousand elements deep inside the page, below the parser's limit."
HUGE_LINE_BYTES = 50 * 1024 * 1024
SHORT_LINES = 1_000_000


def write_huge_line(path: Path, size: int = HUGE_LINE_BYTES) -> None:
    """One line of ``size`` bytes of ordinary words, no newline."""
    chunk = (P1 + " ").encode() * 1024
    with open(path, "wb") as f:
        for _ in range(size // len(chunk)):
            f.write(chunk)
        f.write(chunk[: size % len(chunk)])


def write_short_lines(path: Path, n: int = SHORT_LINES) -> None:
    path.write_bytes(b"".join(b"line %d\n" % i for i in range(n)))


def deep_html(levels: int = DEEP_LEVELS) -> str:
    """A page whose title and first paragraph are shallow and whose second paragraph is nested
    ``levels`` elements deep."""
    return (f"<!DOCTYPE html><html><head><title>{HEADLINE}</title></head><body><article>"
            f"<h1>{HEADLINE}</h1><p>{P1}</p>" + "<div>" * levels + f"<p>{DEEP_SENTENCE}</p>"
            + "</div>" * levels + "</article></body></html>")


def build_corpus(root: Path) -> Path:
    """Copy the small cases to ``root`` and build the rest next to them; return ``root``.

    Built here: ``huge-line.txt`` (50 MB, one line), ``million-lines.txt``, ``deep.html``,
    ``loop.txt`` (a symlink to itself), ``loops/up`` (a symlink to its own parent folder),
    ``dangling.txt`` (a symlink to nothing), ``fifo.txt`` (a named pipe: reading it would block);
    and the cases of issue 18: inputs named like cleaner's own files (:data:`OWN_NAME_INPUTS`), a
    name that is not UTF-8, a 251-byte name, a name with terminal escape codes, and JSONL
    records whose ``id``/``url`` hold lone surrogates (``surrogates.jsonl``).
    Cases that change during the run (a file removed after discovery) are made by the tests.
    """
    shutil.copytree(CORPUS, root, ignore=shutil.ignore_patterns("*.md"))
    write_huge_line(root / "huge-line.txt")
    write_short_lines(root / "million-lines.txt")
    (root / "deep.html").write_text(deep_html(), encoding="utf-8")
    (root / "loop.txt").symlink_to("loop.txt")
    (root / "loops").mkdir()
    (root / "loops" / "page.txt").write_text(f"{HEADLINE}\n{P1}\n{P2}\n", encoding="utf-8")
    (root / "loops" / "up").symlink_to("..", target_is_directory=True)
    (root / "dangling.txt").symlink_to("no-such-page.txt")
    os.mkfifo(root / "fifo.txt")
    page = f"{HEADLINE}\n{P1}\n{P2}\n"
    record = json.dumps({"id": "own", "text": page}) + "\n"
    for name in OWN_NAME_INPUTS:
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(record if name.endswith(".jsonl") else page, encoding="utf-8")
    for name in (NOT_UTF8_NAME, LONG_NAME, ESCAPE_NAME):
        (root / name).write_text(page, encoding="utf-8")
    escaped = json.dumps(page)[1:-1]
    (root / "surrogates.jsonl").write_text(SURROGATE_RECORDS % (escaped, escaped), encoding="utf-8")
    return root


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-input-corpus")
    print(build_corpus(target))
