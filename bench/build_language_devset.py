"""Build bench/data/language_devset.tsv: real UI strings in ~90 languages, English and not.

    pip install django polib   # build time only; the benchmark reads the committed TSV
    python bench/build_language_devset.py [--django-dir DIR] [--per-bucket 5]

Source: Django's translation catalogues (``django/**/locale/<lang>/LC_MESSAGES/django*.po``),
BSD-3-Clause licence (Copyright (c) Django Software Foundation and individual contributors).
They hold exactly the chrome that web pages carry ("Log in", "Change password", "Comments",
"Search", month and weekday names, "Please correct the errors below.") in about 100 languages.
The English ``msgid`` is the English side; each ``msgstr`` the foreign side.

Filters (each counted and printed):

- header entries, fuzzy entries, untranslated entries (empty ``msgstr``);
- placeholders and markup are removed from the text first: ``%(name)s``, ``%s``, ``{name}``,
  ``<tags>``, ``&entities;``; whitespace is folded;
- fewer than 3 letters left (formats such as "N j, Y", lone initials);
- a translation whose letters are the msgid's letters (casefolded): an untranslated string,
  a proper noun or a loanword ("Django", "Email", "OK") says nothing about its language;
- English locales (en, en_AU, en_GB ...) are not foreign; regional variants fold into their base
  language (es_AR -> es, sr_Latn -> sr), and a (language, text) pair is kept once.

Split by catalogue, so the held-out half shares no msgid with the dev half:
``dev`` = django core (conf) + auth, humanize, sessions, sites, redirects, contenttypes;
``heldout`` = admin, admindocs, flatpages, gis, postgres. Tune on ``dev`` only.

Size: every English msgid is kept; foreign strings are sampled, deterministically (lowest SHA-1
first), up to ``--per-bucket`` per (half, language, length bucket), so short and long strings
of every language are represented without any one language dominating.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "data" / "language_devset.tsv"

DEV_CATALOGUES = {"conf", "auth", "humanize", "sessions", "sites", "redirects", "contenttypes"}
HELDOUT_CATALOGUES = {"admin", "admindocs", "flatpages", "gis", "postgres"}

_PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]"
                          r"|\{[^{}]*\}|<[^<>]*>|&[a-zA-Z]+;|&#\d+;")
_LETTER = re.compile(r"[^\W\d_]")


def bucket_of(text: str) -> str:
    """The length bucket of a line, by whitespace-separated words (shared with the benchmark)."""
    n = len(text.split())
    return "1-2" if n <= 2 else "3-5" if n <= 5 else "6-12" if n <= 12 else "13+"


def clean_text(text: str) -> str:
    """A catalogue string as a page would show it: no placeholders, no markup, folded spaces."""
    return " ".join(_PLACEHOLDER.sub(" ", text).split())


def letters_of(text: str) -> str:
    return "".join(_LETTER.findall(text.casefold()))


def language_of(locale: str) -> str | None:
    """ISO 639-1 (or -3) code of a Django locale directory; None for English."""
    base = locale.split("_")[0].lower()
    return None if base == "en" else base


def catalogue_of(po_path: Path, django_dir: Path) -> str:
    rel = po_path.relative_to(django_dir).parts
    return "conf" if rel[0] == "conf" else rel[1]


def read_entries(django_dir: Path):
    """(catalogue, language or None, msgid, msgstr) for every usable entry, in a stable order."""
    import polib

    for path in sorted(django_dir.rglob("LC_MESSAGES/django*.po")):
        locale = path.parent.parent.name
        catalogue = catalogue_of(path, django_dir)
        for entry in polib.pofile(str(path)):
            if not entry.msgid or entry.obsolete:
                continue
            translated = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
            yield catalogue, language_of(locale), entry.msgid, translated, "fuzzy" in entry.flags


def build(django_dir: Path, per_bucket: int) -> tuple[list[tuple[str, str, str, str]], Counter]:
    dropped: Counter[str] = Counter()
    english: dict[tuple[str, str], str] = {}
    foreign: dict[tuple[str, str, str], str] = {}
    for catalogue, lang, msgid, msgstr, fuzzy in read_entries(django_dir):
        half = ("dev" if catalogue in DEV_CATALOGUES
                else "heldout" if catalogue in HELDOUT_CATALOGUES else None)
        if half is None:
            dropped["catalogue not in a half"] += 1
            continue
        source = clean_text(msgid)
        if len(letters_of(source)) >= 3:
            english.setdefault((half, source), catalogue)
        if lang is None:
            continue
        if fuzzy or not msgstr:
            dropped["fuzzy or untranslated"] += 1
            continue
        text = clean_text(msgstr)
        if len(letters_of(text)) < 3:
            dropped["fewer than 3 letters"] += 1
        elif letters_of(text) == letters_of(source):
            dropped["same letters as the msgid"] += 1
        else:
            foreign.setdefault((half, lang, text), catalogue)

    rows = [(half, catalogue, "en", text) for (half, text), catalogue in english.items()]
    groups: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for (half, lang, text), catalogue in foreign.items():
        groups[half, lang, bucket_of(text)].append((text, catalogue))
    for (half, lang, _bucket), items in groups.items():
        items.sort(key=lambda item: hashlib.sha1(item[0].encode("utf-8")).hexdigest())
        dropped["sampled out"] += max(0, len(items) - per_bucket)
        rows += [(half, catalogue, lang, text) for text, catalogue in items[:per_bucket]]
    rows.sort(key=lambda r: (r[0], r[2] != "en", r[2], bucket_of(r[3]), r[3]))
    return rows, dropped


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--django-dir", type=Path, default=None)
    ap.add_argument("--per-bucket", type=int, default=5)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    django_dir = args.django_dir
    if django_dir is None:
        import django

        django_dir = Path(django.__file__).parent
    rows, dropped = build(django_dir, args.per_bucket)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write("# half\tcatalogue\tlang\ttext -- from Django's translation catalogues "
                  "(BSD-3-Clause); built by bench/build_language_devset.py\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    counts = Counter((half, lang == "en") for half, _, lang, _ in rows)
    langs = {lang for _, _, lang, _ in rows if lang != "en"}
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB): {len(rows)} lines, "
          f"{len(langs)} foreign languages")
    for (half, is_en), n in sorted(counts.items()):
        print(f"  {half:8s} {'english' if is_en else 'foreign':8s} {n}")
    print("filtered:", dict(sorted(dropped.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
