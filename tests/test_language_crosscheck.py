"""bench/build_language_crosscheck.py: its filters on a tiny synthetic catalogue archive, and the
committed check set it wrote."""
from __future__ import annotations

import sys
import zipfile
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import build_language_crosscheck as X  # noqa: E402
from build_language_devset import bucket_of  # noqa: E402

CROSSCHECK = ROOT / "bench" / "data" / "language_crosscheck.tsv"
DEVSET = ROOT / "bench" / "data" / "language_devset.tsv"


def po_text(pairs: list[tuple[str, str]], *, fuzzy: set[str] = frozenset(),
            obsolete: set[str] = frozenset()) -> polib.POFile:
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in pairs:
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr,
                                       flags=["fuzzy"] if msgid in fuzzy else [],
                                       obsolete=msgid in obsolete))
    return catalogue


def mo_bytes(catalogue: polib.POFile, tmp_path: Path) -> bytes:
    path = tmp_path / "compiled.mo"
    catalogue.save_as_mofile(str(path))
    return path.read_bytes()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A wheel-like zip: catalogues in four locales, one only compiled (.mo), one with both."""
    french = po_text([
        ("Log in", "Connexion"),                                  # kept
        ("Search", "Recherche"),                                  # fuzzy
        ("Comments", ""),                                         # untranslated
        ("Hello %(name)s, welcome to <b>%s</b>", "Bonjour %(name)s, bienvenue sur <b>%s</b>"),
        ("Email", "E-mail"),                                      # same letters as the msgid
        ("j F", "j. F"),                                          # fewer than 3 letters
        ("Old string", "Vieille chaîne"),                         # obsolete
        ("Sign out", "Déconnexion"),                              # English side in the devset
    ], fuzzy={"Search"}, obsolete={"Old string"})
    spanish = po_text([("Author", "Autor"), ("Sign out", "Cerrar sesión")])
    portuguese = po_text([("Author", "Autor"), ("Log in", "Entrar")])
    british = po_text([("Color", "Colour"), ("Log in", "Log in"), ("Nepal", "Nepal")])
    german_po = po_text([("Delete", "Löschen"), ("Log out", "Abmelden"),
                         ("Nepali", "Nepal")])                    # another string's English
    german_mo = po_text([("Delete", "Entfernen")])
    german_js = po_text([("Save", "Speichern")])
    with zipfile.ZipFile(tmp_path / "pkg-1.0-py3-none-any.whl", "w") as z:
        z.writestr("pkg/locale/fr/LC_MESSAGES/django.po", str(french))
        z.writestr("pkg/locale/es/LC_MESSAGES/django.po", str(spanish))
        z.writestr("pkg/locale/pt_BR/LC_MESSAGES/django.po", str(portuguese))
        z.writestr("pkg/locale/en_GB/LC_MESSAGES/django.po", str(british))
        z.writestr("pkg/locale/de/LC_MESSAGES/django.po", str(german_po))
        z.writestr("pkg/locale/de/LC_MESSAGES/django.mo", mo_bytes(german_mo, tmp_path))
        z.writestr("pkg/admin/locale/de/LC_MESSAGES/djangojs.mo", mo_bytes(german_js, tmp_path))
        z.writestr("pkg/locale/README.txt", "not a catalogue")
    return tmp_path / "pkg-1.0-py3-none-any.whl"


def test_the_filters_on_a_synthetic_catalogue(archive: Path) -> None:
    entries = list(X.catalogue_entries(archive, "pkg"))
    rows, dropped = X.build(entries, per_bucket=10, english_per_bucket=100,
                            exclude={"Sign out", "Abmelden"})
    assert set(rows) == {
        # English: every msgid with 3+ letters (placeholders and markup removed), and the
        # English locale's own wording; "Sign out" is a line of the dev set.
        ("po", "pkg", "en", "Log in"),
        ("po", "pkg", "en", "Search"),
        ("po", "pkg", "en", "Comments"),
        ("po", "pkg", "en", "Hello , welcome to"),
        ("po", "pkg", "en", "Email"),
        ("po", "pkg", "en", "Author"),
        ("po", "pkg", "en", "Color"),
        ("po", "pkg", "en", "Colour"),
        ("po", "pkg", "en", "Delete"),
        ("po", "pkg", "en", "Log out"),
        ("po", "pkg", "en", "Nepal"),
        ("po", "pkg", "en", "Nepali"),
        ("po", "pkg/admin/js", "en", "Save"),
        # Foreign: base languages; "Autor" once, under the first code (es, not pt).
        ("po", "pkg", "fr", "Connexion"),
        ("po", "pkg", "fr", "Bonjour , bienvenue sur"),
        ("po", "pkg", "fr", "Déconnexion"),
        ("po", "pkg", "es", "Autor"),
        ("po", "pkg", "es", "Cerrar sesión"),
        ("po", "pkg", "pt", "Entrar"),
        ("po", "pkg", "de", "Löschen"),       # the .po, not the .mo beside it
        ("po", "pkg/admin/js", "de", "Speichern"),  # a .mo alone is read
    }
    assert len(rows) == len(set(rows))
    assert dropped["fuzzy or untranslated"] == 2
    assert dropped["same letters as the English"] == 1
    assert dropped["fewer than 3 letters"] == 1
    assert dropped["in the Django dev set"] == 1          # Abmelden
    assert dropped["English line in the Django dev set"] == 1
    assert dropped["same text in another language"] == 1  # Autor (pt)
    assert dropped["same letters as another English string"] == 1  # Nepal (de)
    assert dropped["sampled out"] == 0


def test_sampling_is_deterministic_and_capped_per_language_and_bucket(archive: Path) -> None:
    entries = list(X.catalogue_entries(archive, "pkg"))
    rows, dropped = X.build(entries, per_bucket=1, english_per_bucket=3, exclude=set())
    again, _ = X.build(entries[::-1], per_bucket=1, english_per_bucket=3, exclude=set())
    assert rows == again
    per_group = Counter((lang, bucket_of(text)) for _, _, lang, text in rows if lang != "en")
    assert set(per_group.values()) == {1}
    assert per_group[("fr", "1-2")] == 1 and per_group[("fr", "3-5")] == 1
    english = Counter(bucket_of(text) for _, _, lang, text in rows if lang == "en")
    assert english == {"1-2": 3, "3-5": 1}
    # 1-2 word lines: fr 2, es 2 (Autor, Cerrar sesión), de 3 (Löschen, Abmelden, Speichern);
    # English 13 (the twelve msgids with 3+ letters, and "Colour").
    assert dropped["sampled out"] == 1 + 1 + 2 and dropped["English sampled out"] == 13 - 3


@pytest.mark.parametrize("locale, lang", [
    ("fr", "fr"), ("pt_BR", "pt"), ("zh-Hans", "zh"), ("zh_Hans", "zh"), ("sr@latin", "sr"),
    ("sr_Latn", "sr"), ("en", None), ("en_GB", None), ("EN-au", None)])
def test_locales_fold_to_their_base_language(locale: str, lang: str | None) -> None:
    assert X.language_of_locale(locale) == lang


def test_cldr_names_are_the_locales_own() -> None:
    german = X.cldr_names("de")
    assert german["territories", "territories/DE"] == "Deutschland"
    assert german["months", "months/format/1"] == "Januar"
    assert german["days", "days/2"] == "Mittwoch"
    # Haitian Creole inherits its names from French in CLDR: those are not Haitian Creole.
    assert ("languages", "languages/fr") not in X.cldr_names("ht")
    entries = [e for e in X.cldr_entries({"de"}) if e.english == "Germany"]
    assert {(e.lang, e.translated) for e in entries} == {("de", "Deutschland"),
                                                         (None, "Germany")}


def read_rows() -> list[list[str]]:
    lines = CROSSCHECK.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# set\tsource\tlang\ttext")
    for licence in ("BSD-3-Clause", "MIT", "BSD-2-Clause", "Unicode"):
        assert licence in lines[0]
    return [line.split("\t") for line in lines[1:]]


def test_the_committed_set_parses_and_covers_every_bucket() -> None:
    rows = read_rows()
    assert all(len(row) == 4 and row[0] in ("po", "cldr") and row[3].strip() == row[3]
               and row[3] for row in rows)
    counts = Counter((bucket_of(text), lang == "en") for _, _, lang, text in rows)
    for bucket in ("1-2", "3-5", "6-12", "13+"):
        assert counts[bucket, True] >= 200 and counts[bucket, False] >= 200, counts
    assert len({lang for _, _, lang, _ in rows if lang != "en"}) >= 60
    assert len({(s, text) for s, _, _, text in rows}) == len(rows)  # each text once per set


def test_the_committed_set_shares_no_line_with_the_devset() -> None:
    devset = {line.split("\t")[3] for line in DEVSET.read_text(encoding="utf-8").splitlines()
              if not line.startswith("#")}
    assert not devset & {text for *_, text in read_rows()}


def test_the_benchmark_reads_one_set_or_all_of_them() -> None:
    """bench/language.py --devset bench/data/language_crosscheck.tsv --half po|cldr|all."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_language", ROOT / "bench" / "language.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    everything = bench.read_devset(CROSSCHECK, None)
    po, cldr = (bench.read_devset(CROSSCHECK, {name}) for name in ("po", "cldr"))
    assert len(everything) == len(read_rows()) == len(po) + len(cldr)
    assert {half for half, _, _ in everything} == {"all"}
    assert po and cldr and {half for half, _, _ in po} == {"po"}
    assert sorted(text for _, _, text in everything) == sorted(
        text for _, _, text in po + cldr)
