"""cleaner.tablecache and the language lexicon it caches: a cached table is the built table."""
from __future__ import annotations

import pytest

from cleaner import features, language, ngrams, tablecache


@pytest.fixture(scope="module")
def built() -> "language._Lexicon":
    return language._Lexicon()


def test_lexicon_read_back_from_bytes_is_the_built_one(built):
    again = language._Lexicon.from_bytes(built.to_bytes())
    assert again.langs == built.langs
    assert again.alphabets == built.alphabets
    assert again.script_langs == built.script_langs
    assert again._keys == built._keys
    assert again.ngrams.word_lists() == built.ngrams.word_lists()
    for word in ("the", "komentari", "анмелден", "straße", "zzyzx", "comment"):
        assert again.lookup(word) == built.lookup(word)
    assert again.ngrams.log_likelihoods("omdirigeringer", "Latin") == \
        built.ngrams.log_likelihoods("omdirigeringer", "Latin")


def test_store_then_load_round_trips_and_keeps_one_file_per_table(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    assert tablecache.load("t", "k1") is None
    assert tablecache.store("t", "k1", b"one")
    assert tablecache.load("t", "k1") == b"one"
    assert tablecache.store("t", "k2", b"two")
    assert tablecache.load("t", "k1") is None and tablecache.load("t", "k2") == b"two"
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["t-k2.bin"]  # no temp file left


def test_cache_off_when_the_variable_is_empty(monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", "")
    assert tablecache.cache_dir() is None
    assert not tablecache.store("t", "k", b"x") and tablecache.load("t", "k") is None


def test_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocker / "cache"))
    assert tablecache.store("t", "k", b"x") is False
    assert tablecache.load("t", "k") is None


def test_a_damaged_cache_file_is_rebuilt_not_trusted(tmp_path, monkeypatch, built):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    key = tablecache.digest("lexicon", [], [])
    monkeypatch.setattr(tablecache, "digest", lambda *args: key)
    (tmp_path / f"lexicon-{key}.bin").write_bytes(tablecache.MAGIC + b"\x05\x00\x00\x00\x00\x00\x00\x00{oops")
    lexicon = language._cached_lexicon()
    assert lexicon.langs == built.langs and lexicon._keys == built._keys
    assert language._Lexicon.from_bytes(tablecache.load("lexicon", key))._keys == built._keys  # rewritten


def test_digest_follows_sources_and_packages(tmp_path):
    source = tmp_path / "a.py"
    source.write_text("x = 1", encoding="utf-8")
    first = tablecache.digest("t", [source], ["click"])
    assert first == tablecache.digest("t", [source], ["click"])
    source.write_text("x = 2", encoding="utf-8")
    assert tablecache.digest("t", [source], ["click"]) != first
    assert tablecache.digest("t", [source], ["ftfy"]) != tablecache.digest("t", [source], ["click"])


def test_no_key_and_nothing_cached_when_a_source_cannot_be_read(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    key = tablecache.digest("t", [tmp_path / "missing.py"], [])
    assert key is None
    assert tablecache.store("t", key, b"x") is False and tablecache.load("t", key) is None
    assert list(tmp_path.iterdir()) == []


def test_vocabulary_read_back_from_bytes_is_the_built_one():
    built = language._Vocabulary("en")
    again = language._Vocabulary.from_bytes("en", built.to_bytes())
    assert again._keys == built._keys and again._keys is not None
    for word in ("lavrov", "unreserved", "the", "zzyzxq"):
        assert again.zipf(word, {}) == built.zipf(word, {})
    empty = language._Vocabulary.__new__(language._Vocabulary)
    empty.lang, empty._keys = "xx", None
    assert language._Vocabulary.from_bytes("xx", empty.to_bytes())._keys is None
    with pytest.raises(ValueError):
        language._Vocabulary.from_bytes("en", b"junk")


def test_letter_models_read_back_from_bytes_score_as_the_built_ones(built):
    models = built.ngrams._of("Cyrillic")
    again = ngrams.ScriptModels.from_bytes(models.to_bytes())
    assert sorted(again) == sorted(models) and len(again) > 1
    for word in ("анмелден", "коментари", "zzz"):
        for lang in models:
            assert again[lang].score(word) == models[lang].score(word)
    with pytest.raises(ValueError):
        ngrams.ScriptModels.from_bytes(b"\x00junk")
    with pytest.raises(ValueError):
        ngrams.ScriptModels.from_bytes(models.to_bytes()[:100])  # a truncated file


def test_letter_models_are_cached_once_built_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    words = {"Latin": {"xa": "aab\naac\nbaa", "xb": "zzy\nyzz\nzyz"}}
    first = ngrams.Models({s: dict(v) for s, v in words.items()}, language._cached)
    scores = first.log_likelihoods("aab", "Latin")
    assert scores["xa"] > scores["xb"]
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["ngrams"]
    calls = []

    class Counted(ngrams._Model):  # building a model again would show here
        def __init__(self, words):
            calls.append(words)
            super().__init__(words)
    monkeypatch.setattr(ngrams, "_Model", Counted)
    second = ngrams.Models({s: dict(v) for s, v in words.items()}, language._cached)
    assert second.log_likelihoods("aab", "Latin") == scores and calls == []


def test_stoplists_read_back_from_bytes_are_the_read_ones():
    read = features._read_stoplists()
    again = features.Stoplists.from_bytes(read.to_bytes())
    assert again == read and "English" in again.names and again.masks["the"]
    with pytest.raises((ValueError, TypeError)):
        features.Stoplists.from_bytes(b"junk")
