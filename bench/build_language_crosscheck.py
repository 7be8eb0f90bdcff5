"""Build bench/data/language_crosscheck.tsv: a second language check set, from text Django lacks.

    pip install polib   # build time only; the benchmark reads the committed TSV
    python bench/build_language_crosscheck.py [--archives DIR] [--per-bucket 2]
    python bench/language.py --devset bench/data/language_crosscheck.tsv --half all

The dev set (bench/build_language_devset.py) holds Django's catalogues only; this set checks
whether figures tuned on it hold on other real text. Sources, downloaded at build time with
``pip download --no-deps NAME==VERSION`` and read straight out of the wheels (nothing unpacked,
nothing installed); the versions are pinned in ``SOURCES``:

- wagtail 8.0.1 (BSD-3-Clause, Copyright (c) 2014-present Torchbox Ltd and individual
  contributors): a CMS's editor and site chrome in ~60 locales;
- django-cms 5.1.3 (BSD-3-Clause, Copyright (c) 2008, Batiste Bieler and contributors):
  another CMS, ~95 locales;
- django-allauth 65.21.1 (MIT, Copyright (c) 2010-2021 Raymond Penners and contributors):
  sign-in and account chrome ("Sign In", "Forgot Password?", "Log in or register");
- Sphinx 9.0.4 (BSD-2-Clause, Copyright (c) 2007-2025 by the Sphinx team): documentation
  chrome ("Table of Contents", "Previous topic", "Search results");
- Babel 2.18.0 (BSD-3-Clause) locale data, which is Unicode CLDR (Unicode License v3): the
  names of languages and territories, months (format and stand-alone forms) and weekdays, in
  the languages the catalogues above are translated into. These are the capitalised one- and
  two-word strings that are hardest to place ("Deutschland", "Januar", "Mittwoch").

The catalogues' English side is the ``msgid`` (and an English locale's ``msgstr`` where it
differs: "Colour", "Organisation"); CLDR's is the ``en`` locale's name for the same thing.

Filters, as in the dev set (the helpers are imported from its builder), each counted and printed:
header, obsolete, fuzzy and untranslated entries; placeholders and markup removed and spaces
folded; fewer than 3 letters; a translation with the same letters as its English side (a
loanword or a name says nothing of its language: "Canada", "Email"); English locales are
English; regional variants fold into their base language (pt_BR -> pt, zh_Hans -> zh,
sr@latin -> sr). Three more: a translation with the same letters as any other English string
of the sources is left out too ("Nepal" is Malay for Nepali, and English for the country); a
text that several languages share ("Autor:", "Irak") is kept once, under the first language by
code, so one string does not count a dozen times; and, so that the two sets are independent,
any text that is also a line of the Django dev set (bench/data/language_devset.tsv) is left out.

Columns: ``set`` (``po`` for the catalogues, ``cldr`` for the names: the benchmark scores each
set apart with ``--half po`` or ``--half cldr``, or all together with ``--half all``),
``source`` (package/catalogue, or cldr-kind), ``lang`` (``en`` for English) and ``text``.

Size: English lines are sampled up to ``--english-per-bucket`` per (set, source, length bucket)
and foreign ones up to ``--per-bucket`` per (set, source, language, length bucket), where the
source is the package or the kind of CLDR name; deterministically (lowest SHA-1 of the text
first), so short and long strings of every language and every source are represented (month and
weekday names too, which territory names would otherwise crowd out) and none dominates.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_language_devset import (  # noqa: E402
    OUT as DEVSET, bucket_of, clean_text, language_of, letters_of)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "data" / "language_crosscheck.tsv"

# (distribution, pinned version, licence): the catalogues' packages first, Babel (CLDR) last.
SOURCES = (
    ("wagtail", "8.0.1", "BSD-3-Clause"),
    ("django-cms", "5.1.3", "BSD-3-Clause"),
    ("django-allauth", "65.21.1", "MIT"),
    ("sphinx", "9.0.4", "BSD-2-Clause"),
)
CLDR_SOURCE = ("babel", "2.18.0", "BSD-3-Clause; CLDR data: Unicode-3.0")

_CATALOGUE = re.compile(r"^(?P<pkg>.+?)/locale/(?P<locale>[^/]+)/LC_MESSAGES/"
                        r"(?P<domain>[^/]+)\.(?P<ext>po|mo)$")


class Entry(NamedTuple):
    """One translated string: ``lang`` None for an English locale (or CLDR's ``en``)."""

    set: str
    source: str
    lang: str | None
    english: str
    translated: str
    fuzzy: bool


def language_of_locale(locale: str) -> str | None:
    """Base language of a locale directory in any spelling (pt_BR, zh-Hans, sr@latin); None
    for English."""
    return language_of(re.split(r"[-_@.]", locale)[0])


def archive_members(archive: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every file in a wheel/zip or an sdist/tarball, in name order."""
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as z:
            for name in sorted(z.namelist()):
                if not name.endswith("/"):
                    yield name, z.read(name)
    else:
        with tarfile.open(archive) as t:
            for member in sorted(t.getmembers(), key=lambda m: m.name):
                if member.isfile():
                    yield member.name, t.extractfile(member).read()


def catalogue_entries(archive: Path, package: str) -> Iterator[Entry]:
    """The entries of every gettext catalogue in an archive: the ``.po`` where there is one,
    else the compiled ``.mo`` (which holds no fuzzy entries)."""
    import polib

    found: dict[tuple[str, str, str], dict[str, bytes]] = defaultdict(dict)
    for name, data in archive_members(archive):
        m = _CATALOGUE.match(name)
        if m:
            found[m["pkg"], m["locale"], m["domain"]][m["ext"]] = data
    for (pkg, locale, domain), files in sorted(found.items()):
        parts = pkg.split("/")
        source = "/".join([package, *parts[1:]]) + ("/js" if domain.endswith("js") else "")
        catalogue = (polib.pofile(files["po"].decode("utf-8")) if "po" in files
                     else polib.mofile(files["mo"]))
        lang = language_of_locale(locale)
        for entry in catalogue:
            if not entry.msgid or entry.obsolete:
                continue
            translated = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
            yield Entry("po", source, lang, entry.msgid, translated, "fuzzy" in entry.flags)


def cldr_names(locale: str) -> dict[tuple[str, str], str]:
    """{(kind, key): name} of the names a CLDR locale defines itself (not those it inherits:
    Haitian Creole inherits French ones): languages with a two-letter code, territories,
    months (format and stand-alone) and weekdays. Uses the ``babel`` on sys.path."""
    from babel import localedata

    data = localedata.load(locale, merge_inherited=False)
    tables = [("languages", {k: v for k, v in data.get("languages", {}).items()
                             if len(k) == 2}),
              ("territories", data.get("territories", {}))]
    for context in ("format", "stand-alone"):
        tables.append((f"months/{context}", data.get("months", {}).get(context, {})
                       .get("wide", {})))
    tables.append(("days", data.get("days", {}).get("format", {}).get("wide", {})))
    return {(kind.split("/")[0], f"{kind}/{key}"): name for kind, table in tables
            for key, name in table.items() if isinstance(name, str)}


def cldr_entries(langs: set[str]) -> Iterator[Entry]:
    """CLDR's names in each of ``langs`` that Babel has as a locale, next to the ``en`` name
    of the same thing (the English side)."""
    from babel import localedata

    english = cldr_names("en")
    for lang in sorted(langs):
        if lang != "en" and localedata.exists(lang):
            for key, name in cldr_names(lang).items():
                if key in english:
                    yield Entry("cldr", f"cldr-{key[0]}", lang, english[key], name, False)
    for key, name in english.items():
        yield Entry("cldr", f"cldr-{key[0]}", None, name, name, False)


class Judged(NamedTuple):
    """An entry after the filters: its usable English side, its usable translation, and why
    the translation is not usable (None when it is)."""

    english: str | None
    translated: str | None
    reason: str | None


def judge_entry(entry: Entry) -> Judged:
    """Apply the dev set's filters to one entry."""
    english = clean_text(entry.english)
    english = english if len(letters_of(english)) >= 3 else None
    if entry.fuzzy or not entry.translated:
        return Judged(english, None, "fuzzy or untranslated")
    text = clean_text(entry.translated)
    if len(letters_of(text)) < 3:
        return Judged(english, None, "fewer than 3 letters")
    if letters_of(text) == letters_of(clean_text(entry.english)):
        return Judged(english, None, "same letters as the English")
    return Judged(english, text, None)


def family_of(source: str) -> str:
    """The package ("wagtail/admin" -> "wagtail") or the kind of CLDR name ("cldr-months")."""
    return source.split("/")[0]


def sample(items: dict[tuple, str], per_group: int, group_of) -> tuple[list, int]:
    """Up to ``per_group`` keys of ``items`` per group, lowest SHA-1 of the text first."""
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for key in items:
        groups[group_of(key)].append(key)
    chosen, left_out = [], 0
    for keys in groups.values():
        keys.sort(key=lambda key: hashlib.sha1(key[-1].encode("utf-8")).hexdigest())
        chosen += keys[:per_group]
        left_out += max(0, len(keys) - per_group)
    return chosen, left_out


def once_per_text(foreign: dict[tuple[str, str, str], str]) -> tuple[dict, int]:
    """Each (set, text) under one language only, the first by code: "Autor:" is German,
    Spanish, Polish and nine more, and "Irak" twenty, but is one line, not twelve or twenty."""
    kept: dict[tuple[str, str, str], str] = {}
    seen: set[tuple[str, str]] = set()
    for key in sorted(foreign):
        if (key[0], key[2]) not in seen:
            seen.add((key[0], key[2]))
            kept[key] = foreign[key]
    return kept, len(foreign) - len(kept)


def build(entries, per_bucket: int, english_per_bucket: int,
          exclude: set[str]) -> tuple[list[tuple[str, str, str, str]], Counter]:
    """Rows (set, source, lang, text), sorted; and the count of each filter."""
    dropped: Counter[str] = Counter()
    english: dict[tuple[str, str], str] = {}
    foreign: dict[tuple[str, str, str], str] = {}
    excluded: set[str] = set()
    english_letters: set[str] = set()
    for entry in entries:
        judged = judge_entry(entry)
        # An English locale's own wording ("Colour", "Licence") is English too.
        lines = [judged.english, judged.translated if entry.lang is None else None]
        for line in filter(None, lines):
            english_letters.add(letters_of(line))
            if line in exclude:
                excluded.add(line)
            else:
                english.setdefault((entry.set, line), entry.source)
        if entry.lang is None:
            continue
        if judged.translated is None:
            dropped[judged.reason] += 1
        elif judged.translated in exclude:
            dropped["in the Django dev set"] += 1
        else:
            foreign.setdefault((entry.set, entry.lang, judged.translated), entry.source)

    dropped["English line in the Django dev set"] = len(excluded)
    # A translation that is some other string's English ("Nepal": Malay for Nepali, English
    # for the country) is English as much as it is foreign.
    english_too = [key for key in foreign if letters_of(key[2]) in english_letters]
    for key in english_too:
        del foreign[key]
    dropped["same letters as another English string"] = len(english_too)
    foreign, repeats = once_per_text(foreign)
    dropped["same text in another language"] = repeats
    rows = []
    chosen, left_out = sample(english, english_per_bucket,
                              lambda k: (k[0], family_of(english[k]), bucket_of(k[1])))
    dropped["English sampled out"] += left_out
    rows += [(s, english[s, text], "en", text) for s, text in chosen]
    chosen, left_out = sample(foreign, per_bucket,
                              lambda k: (k[0], family_of(foreign[k]), k[1], bucket_of(k[2])))
    dropped["sampled out"] += left_out
    rows += [(s, foreign[s, lang, text], lang, text) for s, lang, text in chosen]
    rows.sort(key=lambda r: (r[0] != "po", r[2] != "en", r[2], bucket_of(r[3]), r[3]))
    return rows, dropped


def download(name: str, version: str, dest: Path) -> Path:
    """The wheel (or sdist) of ``name==version``, fetched with pip into ``dest``."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    "--dest", str(dest), f"{name}=={version}"], check=True)
    def norm(text: str) -> str:
        return re.sub(r"[-_.]+", "_", text).lower()

    for path in sorted(dest.iterdir()):
        if norm(path.name).startswith(norm(f"{name}-{version}-")):
            return path
    raise SystemExit(f"pip download {name}=={version} left no archive in {dest}")


def devset_lines(path: Path) -> set[str]:
    """Every text of the Django dev set, English or not."""
    return {line.split("\t")[3] for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")}


def header() -> str:
    sources = ", ".join(f"{name} {version} ({licence})"
                        for name, version, licence in (*SOURCES, CLDR_SOURCE))
    return (f"# set\tsource\tlang\ttext -- from {sources}; "
            "built by bench/build_language_crosscheck.py\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archives", type=Path, default=None,
                    help="a folder to download the archives into (kept), or that holds them")
    ap.add_argument("--per-bucket", type=int, default=2)
    ap.add_argument("--english-per-bucket", type=int, default=120)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dest = args.archives or Path(tmp)
        dest.mkdir(parents=True, exist_ok=True)
        entries = [entry for name, version, _ in SOURCES
                   for entry in catalogue_entries(download(name, version, dest), name)]
        langs = {entry.lang for entry in entries if entry.lang}
        babel_dir = Path(tmp) / "babel"
        with zipfile.ZipFile(download(*CLDR_SOURCE[:2], dest)) as wheel:
            wheel.extractall(babel_dir)
        sys.path.insert(0, str(babel_dir))  # the pinned Babel, whatever is installed
        entries += cldr_entries(langs)
        rows, dropped = build(entries, args.per_bucket, args.english_per_bucket,
                              devset_lines(DEVSET))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header())
        for row in rows:
            out.write("\t".join(row) + "\n")
    counts = Counter((s, bucket_of(text), lang == "en") for s, _, lang, text in rows)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB): {len(rows)} lines, "
          f"{len({lang for _, _, lang, _ in rows if lang != 'en'})} foreign languages")
    for (s, bucket, is_en), n in sorted(counts.items()):
        print(f"  {s:5s} {bucket:5s} {'english' if is_en else 'foreign':8s} {n}")
    print("filtered:", dict(sorted(dropped.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
