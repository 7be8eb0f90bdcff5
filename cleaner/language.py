"""Language of each block, and the pipeline stage that flags or drops what is not the target.

Cheap evidence first, langdetect only for what stays ambiguous. langdetect is slow (2-7 ms a
call) and wrong on fragments: seeded, it calls "Subscribe" Romanian, "Post a Comment" French and
English fragments of one or two words non-English about half the time. So, in order:

1. **No letters** ("©", "0", "12:30", fewer than three letters): no language. URLs, e-mail
   addresses and domains are blanked first: they have no language.
2. **Script.** Letters are counted per Unicode script. A script one language owns names it (Hangul
   -> ko, kana -> ja, Han -> zh, Greek -> el, Thai -> th ...). Latin, Cyrillic, Arabic and
   Devanagari are shared, so their blocks go on to the words; a block in a shared script the
   target does not write (Cyrillic for English) is not the target's even when the words cannot
   name its language (Mongolian, Sorani), nor is a block whose words in such a script make a
   fifth of its letters ("redirect хаанаас"). Vowel signs (Khmer, Myanmar, Tamil ...) count as
   letters of their script.
3. **Words.** Each word is looked up in the wordfreq "small" frequency lists of every language of
   that script, and in the jusText stop-word lists of languages wordfreq lacks (Welsh, Basque,
   Estonian ...); the target's words in its deep ("large") list. Each language scores the sum of
   its words' Zipf frequencies (a unigram language model: the language in which these words are
   common wins). A word no list holds says nothing unless its letters are ones only some
   alphabets have ("ć", "ø", "ß"). Capitalised words are where names hide, so they are trusted
   less: one the target knows can support it but never outvote it ("Post a Comment", "Ali");
   one the target does not know counts only if it is clearly a common word elsewhere ("Izvor",
   "Komentari") and is not inside a run of capitals ("Recep Tayyip Erdoğan"). So "Lavrov" or
   "Sputnik" alone have no language: nothing in them says one. An uncapitalised word no list
   holds, not even the target's deep one, and that is not common target words run together,
   is judged by its letter trigrams (:mod:`cleaner.ngrams`): "omdirigeringer" is Danish, a
   capitalised one stays a name. A block whose ordinary words are,
   letter for letter, mostly ones the target never uses or spells with letters it does not write
   ("Teipiwch yr a chyfrinair cywir", "Zurück zur Übersicht") is not the target's, whatever a few
   shared short words say; a word no list holds (a user name, "jdadmin") counts for half.
4. **langdetect**, seeded and told which languages the script allows, for blocks the words leave
   ambiguous; on a short block whose words the target mostly knows, its disagreement is ignored
   unless a word of the block is clearly foreign ("Gëff eng valid URL an.").
   In a page (:func:`apply_language`) it is asked only where the page cannot answer: a short
   ambiguous block in a page of the target is the target's anyway, and a block in a script the
   target does not write takes the page's language when that is one of the script's.

Codes are ISO 639-1; Serbian, Croatian and Bosnian are one language, reported under the code the
caller gave as target (``sr``, ``hr``, ``bs``) and as ``sh`` (Serbo-Croatian) to other targets
(see :mod:`langdata`). Letters only some languages of a script write (``langdata.LETTER_WRITERS``:
Serbian ђ ћ, Macedonian ќ ѓ ѕ, Ukrainian ї є ґ ...) are decisive evidence.

Determinism: the langdetect factory is this module's own, with its own seed; the global
``langdetect.DetectorFactory.seed`` is neither read nor changed. The word lists are read once per
process, lazily, into sorted arrays of 64-bit keys (12 MB for 1.5 million entries in 80 languages,
where Python dicts would take over 200 MB), so worker processes stay small. Building them takes
about 2.5 s of CPU, once.
"""
from __future__ import annotations

import bisect
import json
import math
import re
import threading
import unicodedata
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

import regex

from cleaner import langdata as D
from cleaner import ngrams, tablecache
from cleaner.caches import short_args_cache
from cleaner.model import Block, Flag
from cleaner.ngrams import Models

__all__ = ["Detection", "detect", "apply_language", "canonical_code", "known_word",
           "SUPPORTED_TARGETS", "known_languages"]

#: The target languages cleaner is measured to serve (``--lang``): for each, on the held-out
#: UDHR fragments (bench/data/language_udhr.tsv, ``bench/language.py --target T``), its own
#: text flagged on at most 5 % of 1-2 word fragments and 1 % of longer ones, and other
#: languages' fragments missed on at most 10 % and 2 % (README, "Languages"). ``sr``, ``hr``,
#: ``bs`` (and ``sh``) are one language, Serbo-Croatian, in Latin and Cyrillic letters.
#: Measured and refused: ``fi`` (own text flagged on 1.7 % of 3+ word fragments), ``nb``/``no``
#: (7.5 %: Nynorsk and Bokmål are one code, and Nynorsk fragments are flagged) and ``id`` (other
#: languages missed on 2.3 % of 3+ word fragments, Sundanese and Javanese mostly).
SUPPORTED_TARGETS: tuple[str, ...] = (
    "ar", "bg", "bs", "ca", "cs", "da", "de", "el", "en", "es", "fa", "fr", "he", "hi", "hr",
    "hu", "it", "ja", "ko", "lt", "lv", "mk", "nl", "pl", "pt", "ro", "ru", "sh", "sk",
    "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh")

POLICIES = ("drop", "flag", "keep")


@dataclass(frozen=True, slots=True)
class Detection:
    """The language of one piece of text.

    ``lang`` is an ISO 639-1 code, ``None`` when nothing in the text says which language it is
    (no letters, or only names). ``is_target`` is ``None`` exactly when ``lang`` is.
    """

    lang: str | None
    confidence: float
    is_target: bool | None


NO_LANGUAGE = Detection(None, 0.0, None)

#: How often each way of deciding was taken (``calls``, ``none``, ``script``, ``words``,
#: ``coverage``, ``langdetect`` ...) and ``langdetect-calls``, the calls that reached langdetect
#: (naming a foreign language may ask it too): the benchmark reads it.
STATS: Counter[str] = Counter()


def canonical_code(code: str) -> str:
    """The code this module judges ``code`` as: lower case, aliases folded (``hr`` -> ``sh``)."""
    code = code.strip().lower().replace("_", "-")
    return D.CODE_ALIASES.get(code, code)


def _reported(lang: str | None, target: str) -> str | None:
    """The code :func:`detect` reports for ``lang`` when the caller's target is ``target`` (as
    given): Serbo-Croatian text is reported under the caller's own code of it (``sr``, ``hr``,
    ``bs``), and ``sh`` otherwise."""
    if lang == "sh":
        given = target.strip().lower().replace("_", "-").split("-")[0]
        if given in D.SERBO_CROATIAN:
            return given
    return lang


# ---------------------------------------------------------------------------------------------
# Scripts

_RANGE_STARTS = [r[0] for r in D.SCRIPT_RANGES]


def _script_of(char: str) -> str:
    cp = ord(char)
    if cp < 0x80:
        return "Latin"
    i = bisect.bisect_right(_RANGE_STARTS, cp) - 1
    if i >= 0 and cp <= D.SCRIPT_RANGES[i][1]:
        return D.SCRIPT_RANGES[i][2]
    return "Other"


def _script_weights(text: str) -> tuple[int, Counter[str]]:
    """Letters in ``text``, and their weight per script (CJK characters weigh more)."""
    ascii_letters = sum(map(len, _ASCII_LETTERS.findall(text)))
    weights: Counter[str] = Counter()
    if ascii_letters:
        weights["Latin"] = ascii_letters
    n = ascii_letters
    if not text.isascii():
        for ch, count in Counter(_NON_ASCII.findall(text)).items():
            script = _letter_script(ch)
            if script is not None:
                n += count
                weights[script] += D.SCRIPT_WEIGHT.get(script, 1) * count
    return n, weights


@lru_cache(maxsize=1 << 12)
def _letter_script(char: str) -> str | None:
    """The script of a letter; None for what is not one. The vowel signs of Khmer, Myanmar,
    Tamil, Devanagari ... are combining marks, not letters, to ``str.isalpha()``, yet they are
    half the characters of a word there: "ឈ្មោះ" has two letters and three signs. Counted as
    letters of their script, they keep "ឈ្មោះ python model class" from being mostly Latin.
    Latin's combining accents (outside the script tables) stay uncounted."""
    if char.isalpha():
        return _script_of(char)
    if unicodedata.category(char)[0] == "M":
        script = _script_of(char)
        if script not in ("Latin", "Other"):
            return script
    return None


_ASCII_LETTERS = regex.compile(r"[A-Za-z]+")
_ASCII_LETTER_BYTES = bytes(range(65, 91)) + bytes(range(97, 123))


def _ascii_letters(text: str) -> int:
    """Letters in an ASCII ``text`` (what :func:`_script_weights` counts, without a regex)."""
    return len(text) - len(text.encode("ascii").translate(None, _ASCII_LETTER_BYTES))


def _letters(text: str) -> int:
    return _ascii_letters(text) if text.isascii() else _script_weights(text)[0]
_NON_ASCII = regex.compile(r"[^\x00-\x7F]")


def _main_script(weights: Counter[str]) -> tuple[str, float]:
    """The script most of the letters are in (Han and kana together), and its share."""
    merged = Counter(weights)
    cjk = merged.pop("Han", 0) + merged.pop("Kana", 0)
    if cjk:
        share_kana = weights.get("Kana", 0) / cjk
        merged["Kana" if share_kana >= D.JA_MIN_KANA_SHARE else "Han"] = cjk
    total = sum(merged.values())
    # On a tie the rarer script wins: "[사진=MBC, SBS]" is Korean with acronyms.
    script, weight = max(merged.items(), key=lambda kv: (kv[1], kv[0] != "Latin", kv[0]))
    return script, weight / total


# ---------------------------------------------------------------------------------------------
# Vocabulary: every word list in one sorted array of packed keys

_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")
_CAMEL = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")
_URL = regex.compile(D.URL_PATTERN)
_URL_HINT = regex.compile(r"[\w-]\.[A-Za-z]|@|://")
_DOT_LETTER = re.compile(r"\.[A-Za-z]")  # necessary for _URL_HINT's first branch, and quicker


def _blank_addresses(text: str) -> str:
    """``text`` with URLs, e-mail addresses, handles and domains blanked (they have no language)."""
    if "@" in text or "://" in text or (_DOT_LETTER.search(text) and _URL_HINT.search(text)):
        return _URL.sub(" ", text)
    return text


def _fingerprint(word: str) -> int:
    """48 deterministic bits of ``word`` (``hash()`` changes between processes)."""
    data = word.encode("utf-8")
    return (zlib.crc32(data) << 16) | (zlib.adler32(data) & 0xFFFF)


def _packed_keys(words: Iterable[str], shift: int, payload: int) -> list[int]:
    """``(_fingerprint(word) << shift) | payload`` for many words (inlined: 1.5 million calls)."""
    crc32, adler32 = zlib.crc32, zlib.adler32
    return [(((crc32(b) << 16) | (adler32(b) & 0xFFFF)) << shift) | payload
            for b in map(str.encode, words)]


class _SortedKeys:
    """Collects 64-bit keys into 256 arrays by their top byte, then joins them sorted.

    The same result as sorting one list, without a list of 1.5 million Python ints alive at once
    (about 100 MB that the allocator would keep after the sort).
    """

    def __init__(self) -> None:
        self._parts = [array("Q") for _ in range(256)]

    def add(self, keys: list[int]) -> None:
        parts = self._parts
        for key in keys:
            parts[key >> 56].append(key)

    def done(self) -> array:
        out = array("Q")
        for part in self._parts:
            out.extend(sorted(part))
        self._parts = []
        return out


def _zipf_code(zipf: float) -> int:
    return max(0, min(255, round(zipf * 20)))


_ZIPF_OF_CODE = tuple(code / 20 for code in range(256))  # shared float objects, not one per entry


class _Lexicon:
    """Word -> {language: Zipf frequency}, over the wordfreq "small" lists and jusText stop words.

    Each (word, language) pair is one 64-bit key: 48 bits of the word's fingerprint, 8 bits of
    language index, 8 bits of frequency (0.05 Zipf steps). Keys are sorted, so the entries of a
    word are one bisect away. A fingerprint collision (about 1 in 50 million for a word no list
    holds) would lend a stray word some language's frequency: deterministic, and negligible.

    ``script_langs`` says which languages speak for words of each script: a wordfreq list only
    for its own script (the Hindi list holds "comment", the English one "в"), a stop-word list for
    the scripts that make a real share of it.
    """

    def __init__(self) -> None:
        import justext
        import wordfreq

        self.langs: list[str] = []
        self.alphabets: dict[str, frozenset[str]] = {}
        self._index: dict[str, int] = {}
        script_langs: dict[str, set[str]] = {}
        spelling: dict[str, dict[str, list[str]]] = {}  # script -> language -> words (ngrams)
        keys = _SortedKeys()

        available = wordfreq.available_languages("small")
        list_script: dict[str, str] = {}
        for wf_code, script in D.WORDFREQ_LISTS.items():
            if wf_code not in available:
                continue
            lang = canonical_code(wf_code)
            list_script[lang] = script
            script_langs.setdefault(script, set()).add(lang)
            idx = self._lang_index(lang)
            non_ascii: list[str] = []
            common: list[str] = spelling.setdefault(script, {}).setdefault(lang, [])
            for bucket, words in enumerate(wordfreq.read_cBpack(available[wf_code])):
                if words:
                    keys.add(_packed_keys(words, 16, (idx << 8) | _zipf_code(9 - bucket / 100)))
                    non_ascii.extend(_NON_ASCII.findall("".join(words)))
                    if len(common) < D.NGRAM_WORDS:
                        common.extend(w for w in words if w.isalpha())
            self._set_alphabet(lang, Counter(non_ascii), D.ALPHABET_MIN_WORDS)

        stop_code = _zipf_code(D.STOPWORD_ZIPF)
        for name in sorted(justext.get_stoplists()):
            lang = D.JUSTEXT_ISO.get(name)
            if lang is None:
                continue
            by_script: dict[str, set[str]] = {}
            for raw in justext.get_stoplist(name):
                word = unicodedata.normalize("NFC", raw.strip(_PUNCTUATION).casefold())
                if word and _WORD.fullmatch(word):
                    by_script.setdefault(_script_of(word[0]), set()).add(word)
            total = sum(len(words) for words in by_script.values())
            idx = self._lang_index(lang)
            for script, words in sorted(by_script.items()):
                # Only where the list really is in that script, and the language has no
                # frequency list there (a frequency list is better evidence).
                if len(words) < D.STOPLIST_MIN_SCRIPT_SHARE * total:
                    continue
                if list_script.get(lang) == script:
                    continue
                script_langs.setdefault(script, set()).add(lang)
                keys.add(_packed_keys(words, 16, (idx << 8) | stop_code))
                if len(words) >= D.NGRAM_MIN_STOPWORDS:
                    spelling.setdefault(script, {}).setdefault(lang, []).extend(sorted(words))
                letters = Counter(_NON_ASCII.findall("".join(words)))
                self._set_alphabet(lang, letters, D.ALPHABET_MIN_STOPWORDS)

        self._keys = keys.done()
        self.script_langs = {script: frozenset(langs) for script, langs in script_langs.items()}
        # The letters whose writers langdata names: those languages and no others spell them.
        self.alphabets["sh"] = self.alphabets.get("sh", frozenset()) | D.SERBIAN_CYRILLIC
        for letter, writers in D.LETTER_WRITERS.items():
            for lang in set(self.alphabets) | writers:
                letters = self.alphabets.get(lang, frozenset())
                self.alphabets[lang] = (letters | {letter} if lang in writers
                                        else letters - {letter})
        # One string per language until a model is built: 200,000 word objects would cost
        # about 15 MB in every process.
        self.ngrams = Models({script: {lang: "\n".join(words[:D.NGRAM_WORDS])
                                       for lang, words in by_lang.items()}
                              for script, by_lang in spelling.items()}, _cached)

    def to_bytes(self) -> bytes:
        """The lexicon as bytes for :mod:`cleaner.tablecache` (before any letter model is built):
        a JSON header (languages, alphabets, scripts, the letter models' word lists), then the
        packed keys."""
        header = json.dumps({
            "langs": self.langs,
            "alphabets": {lang: "".join(sorted(letters)) for lang, letters in self.alphabets.items()},
            "script_langs": {script: sorted(langs) for script, langs in self.script_langs.items()},
            "spelling": self.ngrams.word_lists(),
        }, ensure_ascii=False).encode("utf-8")
        return len(header).to_bytes(8, "little") + header + self._keys.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "_Lexicon":
        """The lexicon :meth:`to_bytes` wrote (ValueError or KeyError when it is not one)."""
        size = int.from_bytes(data[:8], "little")
        header = json.loads(data[8:8 + size].decode("utf-8"))
        keys = array("Q")
        keys.frombytes(data[8 + size:])
        lexicon = cls.__new__(cls)
        lexicon.langs = list(header["langs"])
        lexicon._index = {lang: i for i, lang in enumerate(lexicon.langs)}
        lexicon.alphabets = {lang: frozenset(letters) for lang, letters in header["alphabets"].items()}
        lexicon.script_langs = {script: frozenset(langs) for script, langs in header["script_langs"].items()}
        lexicon._keys = keys
        lexicon.ngrams = Models(header["spelling"], _cached)
        return lexicon

    def _lang_index(self, lang: str) -> int:
        if lang not in self._index:
            self._index[lang] = len(self.langs)
            self.langs.append(lang)
        return self._index[lang]

    def _set_alphabet(self, lang: str, counts: Counter[str], minimum: int) -> None:
        letters = {ch for ch, n in counts.items() if n >= minimum and ch.isalpha()}
        self.alphabets[lang] = self.alphabets.get(lang, frozenset()) | letters

    def lookup(self, word: str) -> dict[str, float]:
        """{language: Zipf frequency} of a casefolded word, over every list that holds it."""
        return _lookup_packed(self._keys, word, self.langs)

    def spells(self, lang: str, word: str) -> bool:
        """Whether ``lang``'s alphabet has every non-ASCII letter of ``word``."""
        alphabet = self.alphabets.get(lang, frozenset())
        return all(ch.isascii() or ch in alphabet for ch in word if ch.isalpha())


_PUNCTUATION = ".,;:!?\"'()[]{}«»“”„‘’-–—"


def _lookup_packed(keys: array, word: str, langs: list[str] | None) -> dict[str, float]:
    """Entries of ``word`` in a sorted packed-key array (``langs`` None: one-language array)."""
    shift = 16 if langs is not None else 8
    low = _fingerprint(word) << shift
    high = low + (1 << shift)
    i = bisect.bisect_left(keys, low)
    found: dict[str, float] = {}
    while i < len(keys) and keys[i] < high:
        key = keys[i]
        lang = langs[(key >> 8) & 0xFF] if langs is not None else ""
        zipf = _ZIPF_OF_CODE[key & 0xFF]
        if zipf > found.get(lang, 0.0):
            found[lang] = zipf
        i += 1
    return found


class _Vocabulary:
    """The target's own words, as deep as wordfreq has them ("large" list: down to Zipf 1).

    Deep enough to know the names and rare words the target's texts use ("Lavrov", "unreserved"),
    so that they are not taken for foreign words. Languages without a wordfreq list fall back to
    what the lexicon holds for them (a stop-word list).
    """

    def __init__(self, lang: str) -> None:
        import wordfreq

        self.lang = lang
        self._keys: array | None = None
        wf_code = next((code for code in D.WORDFREQ_LISTS if canonical_code(code) == lang), None)
        for size in ("large", "small"):
            path = wordfreq.available_languages(size).get(wf_code) if wf_code else None
            if path:
                keys = _SortedKeys()
                for bucket, words in enumerate(wordfreq.read_cBpack(path)):
                    if words:
                        keys.add(_packed_keys(words, 8, _zipf_code(9 - bucket / 100)))
                self._keys = keys.done()
                break

    def to_bytes(self) -> bytes:
        """The packed keys for :mod:`cleaner.tablecache` (a first byte says whether there are any)."""
        return b"\0" if self._keys is None else b"\1" + self._keys.tobytes()

    @classmethod
    def from_bytes(cls, lang: str, data: bytes) -> "_Vocabulary":
        """The vocabulary :meth:`to_bytes` wrote (ValueError when it is not one)."""
        if data[:1] not in (b"\0", b"\1"):
            raise ValueError("not a vocabulary table")
        vocabulary = cls.__new__(cls)
        vocabulary.lang = lang
        vocabulary._keys = None
        if data[:1] == b"\1":
            vocabulary._keys = array("Q")
            vocabulary._keys.frombytes(data[1:])
        return vocabulary

    def zipf(self, word: str, evidence: dict[str, float]) -> float:
        """Zipf frequency of a casefolded word in the target (0 when absent)."""
        if self._keys is None:
            return evidence.get(self.lang, 0.0)
        return _lookup_packed(self._keys, word, None).get("", 0.0)


_LOCK = threading.Lock()
_LEXICON: _Lexicon | None = None


def _lexicon() -> _Lexicon:
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = _cached_lexicon()
    return _LEXICON


def _cached_lexicon() -> _Lexicon:
    """The lexicon from the table cache when this code and these packages built it before (a few
    milliseconds), else built (about 2.5 CPU seconds) and cached for the next process."""
    return _cached("lexicon", _Lexicon, _Lexicon.from_bytes)


def _cached(name: str, build, read):
    """Table ``name`` read from :mod:`cleaner.tablecache` with ``read`` when this code and these
    packages wrote it before, else made with ``build`` and cached (its ``to_bytes``)."""
    return tablecache.cached(name, [Path(__file__), Path(D.__file__), Path(ngrams.__file__)],
                             ["wordfreq", "jusText"], build, read)


@lru_cache(maxsize=8)
def _vocabulary(lang: str) -> _Vocabulary:
    with _LOCK:
        return _cached(f"vocabulary-{lang}", lambda: _Vocabulary(lang),
                       lambda data: _Vocabulary.from_bytes(lang, data))


def preload(target: str = "en") -> None:
    """Load now what pages would otherwise load on first use: the word lists, ``target``'s deep
    vocabulary and the letter models of the Latin and Cyrillic scripts. A process that forks
    workers calls it first, so they share these tables instead of each building its own."""
    lexicon = _lexicon()
    _vocabulary(canonical_code(target))
    for script in ("Latin", "Cyrillic"):
        lexicon.ngrams.log_likelihoods("preload", script)


def clear_caches() -> None:
    """Empty the per-word caches (the word lists stay loaded): for benchmarks and tests that
    measure or check a cold start. Answers never depend on the caches."""
    _word_evidence.cache_clear()
    _word.cache_clear()
    _PARTS.clear()
    _ENTRIES.clear()
    _JUDGED.clear()


def forget_blocks() -> None:
    """Forget the judged blocks only (the per-word caches stay): for a benchmark pass that
    should see a run's repeated blocks as a run would, and no more."""
    _JUDGED.clear()


def known_languages() -> frozenset[str]:
    """The codes :func:`detect` can name: the languages of its word lists, of langdetect's
    profiles and of the scripts one language owns."""
    return (frozenset(_lexicon().langs) | frozenset(D.LANGDETECT_SCRIPT)
            | frozenset(D.SCRIPT_LANGUAGE.values()))


def known_word(word: str, lang: str = "en") -> bool:
    """Whether ``lang``'s deep word list (wordfreq "large", loaded once) holds ``word``, names
    and brands included ("TripAdvisor")."""
    return _vocabulary(canonical_code(lang)).zipf(word.casefold(), {}) > 0


@short_args_cache(1 << 12, D.CACHED_WORD_MAX_CHARS)
def _word_evidence(word: str, script: str) -> tuple[dict[str, float], bool]:
    """{language: Zipf} for a casefolded word among the script's languages; True if by letters.

    A word no list holds still speaks when only some alphabets of its script can spell it
    ("ć": Serbo-Croatian or Polish, not English). Callers must not mutate the dict.
    """
    lex = _lexicon()
    langs = lex.script_langs.get(script, frozenset())
    found = {lang: z for lang, z in lex.lookup(word).items() if lang in langs}
    if script == "Cyrillic" and D.SERBIAN_CYRILLIC.issuperset(word):
        zipf = lex.lookup(_serbian_latin(word)).get("sh", 0.0)
        if zipf > found.get("sh", 0.0):
            found["sh"] = zipf
    if found and not word.isascii():
        # A letter only some languages write: no other language's list speaks for the word.
        for ch in word:
            writers = D.LETTER_WRITERS.get(ch)
            if writers is not None:
                found = {lang: z for lang, z in found.items() if lang in writers}
    if found or word.isascii():
        return found, False
    if any(_script_of(ch) != script for ch in word if ch.isalpha()):
        return {}, False  # mixed scripts ("RTД"): a code or a brand
    fits = [lang for lang in sorted(langs) if lex.spells(lang, word)]
    if not fits or len(fits) == len(langs):
        return {}, False
    return {lang: D.LETTER_ZIPF for lang in fits}, True


def _serbian_latin(word: str) -> str:
    """A Serbian Cyrillic word in Latin letters (wordfreq's own table): its Serbo-Croatian list
    is in Latin letters."""
    from wordfreq.transliterate import SR_LATN_TABLE

    return word.translate(SR_LATN_TABLE)


def _block_writers(text: str) -> frozenset[str] | None:
    """The languages that write every letter of ``text`` whose writers langdata names (None:
    no such letter). Serbian ђ in a block: it is not Macedonian, Russian or Bulgarian."""
    found = _TABLE_LETTER(text)
    if found is None:
        return None  # most blocks: one regex scan
    allowed: frozenset[str] | None = None
    for ch in set(_TABLE_LETTERS(text)):
        writers = D.LETTER_WRITERS[_TABLE_CASE.get(ch, ch)]
        allowed = writers if allowed is None else allowed & writers
    return allowed


_LETTER_TABLE = frozenset(D.LETTER_WRITERS)
#: The table's letters and their capitals (those that are one non-ASCII letter: "ı" has "I").
_TABLE_CASE = {ch.upper(): ch for ch in D.LETTER_WRITERS
               if len(ch.upper()) == 1 and not ch.upper().isascii() and ch.upper() != ch}
_TABLE_CLASS = "[" + re.escape("".join(sorted(_LETTER_TABLE | set(_TABLE_CASE)))) + "]"
_TABLE_LETTER = re.compile(_TABLE_CLASS).search
_TABLE_LETTERS = re.compile(_TABLE_CLASS).findall
_TABLE_LANGS = frozenset().union(*D.LETTER_WRITERS.values())


def _only(w: "_Word", langs: frozenset[str]) -> "_Word":
    """``w`` with the evidence of languages outside ``langs`` left out."""
    foreign = tuple((lang, z) for lang, z in w.foreign if lang in langs)
    capped = tuple((lang, z) for lang, z in w.capped if lang in langs)
    return w._replace(foreign=foreign, capped=capped,
                      best_foreign=max((z for _, z in foreign), default=D.FLOOR_ZIPF),
                      best_capped=max((z for _, z in capped), default=D.FLOOR_ZIPF))


# ---------------------------------------------------------------------------------------------
# langdetect, seeded, one factory for the process

class _LangDetect:
    """One langdetect factory with its own seed, restricted per call to the allowed languages."""

    def __init__(self) -> None:
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

        self.factory = DetectorFactory()
        self.factory.load_profile(PROFILES_DIRECTORY)
        self.factory.set_seed(D.LANGDETECT_SEED)  # on this instance only
        self.raw_codes: list[str] = list(self.factory.get_lang_list())

    def probabilities(self, text: str, allowed: Iterable[str] | None) -> list[tuple[str, float]]:
        """[(code, probability)], best first; empty when langdetect finds nothing to go on."""
        from langdetect.lang_detect_exception import LangDetectException

        detector = self.factory.create()
        if allowed is not None:
            allowed = set(allowed)
            prior = {raw: 1.0 for raw in self.raw_codes if canonical_code(raw) in allowed}
            if not prior:
                return []
            detector.set_prior_map(prior)
        detector.append(text)
        STATS["langdetect-calls"] += 1
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            return []
        merged: Counter[str] = Counter()
        for item in found:
            merged[canonical_code(item.lang)] += item.prob
        return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))


_LANGDETECT: _LangDetect | None = None


class _Deferred(Exception):
    """Raised instead of calling langdetect while a page is judged (see :func:`_judge_page`)."""

    def __init__(self, allowed: frozenset[str] | None, clear: bool) -> None:
        super().__init__()
        self.allowed, self.clear = allowed, clear


_DEFER = threading.local()  # .on: raise _Deferred instead of calling langdetect


def _langdetect(text: str, allowed: Iterable[str] | None, *,
                clear: bool = True) -> list[tuple[str, float]]:
    """Seeded langdetect among ``allowed``; ``clear`` is the caller's, for a deferred call."""
    _ASKED.count += 1
    if getattr(_DEFER, "on", False):
        raise _Deferred(frozenset(allowed) if allowed is not None else None, bool(clear))
    global _LANGDETECT
    if _LANGDETECT is None:
        with _LOCK:
            if _LANGDETECT is None:
                _LANGDETECT = _LangDetect()
    return _LANGDETECT.probabilities(text, allowed)


def _langdetect_script_langs(script: str, text: str = "") -> frozenset[str]:
    """The languages langdetect may name for a block of ``script``: those of its profiles in
    that script, less those that do not write a letter of ``text`` (:func:`_block_writers`)."""
    langs = _SCRIPT_PROFILES.get(script, frozenset())
    writers = None if text.isascii() else _block_writers(text)
    return langs if writers is None else langs & writers


def _profiles_for(script: str, text: str) -> frozenset[str]:
    """The script's profiles that write the block's letters; if none does, all the script's
    (Azerbaijani has no profile: Turkish is its nearest)."""
    return _langdetect_script_langs(script, text) or _langdetect_script_langs(script)


_SCRIPT_PROFILES: dict[str, frozenset[str]] = {
    script: frozenset(code for code, s in D.LANGDETECT_SCRIPT.items() if s == script)
    for script in set(D.LANGDETECT_SCRIPT.values())}


# ---------------------------------------------------------------------------------------------
# Judging one text

class _Judgement(NamedTuple):
    """A detection with what the page stage needs to weigh it (a tuple: one per block).

    ``clear`` says the foreign evidence would stand against the page's language: a script the
    target does not use, a clearly foreign word, or a long block.
    """

    detection: Detection
    letters: int
    method: str
    clear: bool
    #: For a block whose judging was deferred (method "deferred"): the languages langdetect
    #: would have been asked to choose from (None: any).
    allowed: frozenset[str] | None = None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + 10.0 ** (-x / D.TEMPERATURE))


def _tokens(text: str, script: str) -> list[tuple[str, float, bool]]:
    """(casefolded word, weight, capitalised) for the words of ``text`` written in ``script``.

    Weight 0 marks a capitalised word in a run of them ("Recep Tayyip Erdoğan", "Pompeo Says
    Now"): a name unless the target knows the word. Initials
    ("J. Smith"), one-letter pieces of camelCase ("eFA", "iPhone") are skipped; camelCase is split
    ("SubscribeSign In"); a piece hyphenated to a capitalised word belongs to it ("Jong-un",
    "Gyeongju-si").

    This runs on every block, so the work per word is one regex step (the word and the gap
    before it) and one dict look-up (its parts, case, script and folded form, see
    :func:`_word_parts`); the gaps are read only around capitals.
    """
    ascii_text = text.isascii()
    if ascii_text and script != "Latin":
        return []
    pairs = (_ASCII_GAP_WORD if ascii_text else _GAP_WORD).findall(text)
    parts_of = _PARTS.get
    # One entry per word piece: (folded, starts upper-case, script, gap before it, length).
    spans: list[tuple[str, bool, str, str, int]] = []
    carried = ""  # the text of a skipped initial, which belongs to the next gap
    last = len(pairs) - 1
    for k, (gap, word) in enumerate(pairs):
        parts = parts_of(word)
        if parts is None:
            parts = _word_parts(word)
        if not parts:
            carried += gap + word  # only one-letter camelCase pieces ("aB")
            continue
        if len(word) == 1:
            following = pairs[k + 1][0] if k < last else text[text.rindex(word) + 1:]
            if following.startswith(".") or following in _HYPHENS:
                carried += gap + word  # an initial ("J. Smith"), a prefix ("E-mail")
                continue
        if carried:
            gap, carried = carried + gap, ""
        if len(parts) == 1:
            folded, upper, first, prefix, length, tail = parts[0]
            spans.append((folded, upper, first, gap + prefix if prefix else gap, length))
        else:
            for i, (folded, upper, first, prefix, length, tail) in enumerate(parts):
                spans.append((folded, upper, first, gap + prefix if i == 0 else prefix, length))
        if tail:
            carried = tail  # dropped one-letter pieces at its end ("SpaceX")
    if not spans:
        return []
    capitals = [span[1] for span in spans]
    if True not in capitals:
        return [(span[0], 1.0, False) for span in spans if span[2] == script]
    n = len(spans)
    # The rules below only look next to a capitalised piece, so they visit those alone.
    i = capitals.index(True)
    while i + 1 < n:
        # "Jong-un" is one name; after one letter the hyphen makes a prefix ("E-posadres").
        if (not capitals[i + 1] and spans[i + 1][3] in _HYPHENS and spans[i][4] > 1):
            capitals[i + 1] = True
            i += 1
            continue
        try:
            i = capitals.index(True, i + 1)
        except ValueError:
            break
    capital_at = [i for i in range(n) if capitals[i]]
    for j in capital_at:
        i = j + 1
        # A particle inside a name: "Cirque du Soleil", "Charles de Gaulle", "Osama bin Laden".
        if (i < n - 1 and not capitals[i] and spans[i][4] <= 3 and spans[i + 1][1]
                and spans[i][3].isspace() and spans[i + 1][3].isspace()):
            capitals[i] = True
            capital_at.append(i)  # order does not matter: weights are read by position

    weights: dict[int, float] = {}
    for i in capital_at:
        gap_before = spans[i][3]
        if (i and capitals[i - 1] and _joins(gap_before)) or (
                i + 1 < n and capitals[i + 1] and _joins(spans[i + 1][3])):
            weights[i] = 0.0
        elif i == 0 or not _SENTENCE_BREAKS.isdisjoint(gap_before):
            weights[i] = 1.0
        else:
            weights[i] = D.LONE_CAPITAL_WEIGHT
    if ascii_text:  # every piece is Latin, the script asked for: patch the capitals in
        out = [(span[0], 1.0, False) for span in spans]
        for i, weight in weights.items():
            out[i] = (spans[i][0], weight, True)
        return out
    get = weights.get
    return [(span[0], 1.0, False) if (capital := get(i)) is None else (span[0], capital, True)
            for i, span in enumerate(spans) if span[2] == script]


# _WORD with the gap before it (no letters: a letter would be part of a word); on ASCII text a
# plain ``re`` pattern, faster.
_GAP_WORD = regex.compile(r"([^\p{L}\p{M}]*)(" + _WORD.pattern + ")")
_ASCII_GAP_WORD = re.compile(r"([^A-Za-z]*)([A-Za-z]+(?:'[A-Za-z]+)*)")
_HYPHENS = ("-", "\u2010", "\u2011")
_SENTENCE_BREAKS = frozenset(".!?:;|•·–—")

#: Per-word cache of :func:`_word_parts` (words are Zipfian: a few thousand cover most text).
#: Emptied when full, so memory stays bounded; answers never depend on it.
_CACHE_LIMIT = 1 << 16
_PARTS: dict[str, tuple[tuple[str, bool, str, str, int, str], ...]] = {}


def _word_parts(word: str) -> tuple[tuple[str, bool, str, str, int, str], ...]:
    """The pieces of a word the language is judged on, each as (casefolded form with ’ as '
    and NFC, starts upper-case, script of its first letter, the word's text before it, length,
    the word's text after it if it is the last piece).

    camelCase is split ("SubscribeSign" -> two pieces) and its one-letter pieces dropped
    ("iPhone" -> "Phone", "SpaceX" -> "Space"; a dropped letter is text between pieces); other
    words are one piece.
    """
    pieces = [word] if word.islower() or word[1:].islower() else _CAMEL.split(word)
    parts = []
    offset = end = 0
    for piece in pieces:
        if len(piece) > 1 or len(pieces) == 1:
            folded = piece.casefold().replace("’", "'")
            if not folded.isascii():
                # Turkish İ folds to i and a combining dot ("İnsan" -> "i̇nsan"); the lists
                # hold "insan".
                folded = unicodedata.normalize("NFC", folded.replace("i\u0307", "i"))
            first = "Latin" if piece[0] < "\x80" else _script_of(piece[0])
            parts.append([folded, piece[0].isupper(), first, word[end:offset], len(piece), ""])
            end = offset + len(piece)
        offset += len(piece)
    if parts:
        parts[-1][5] = word[end:]
    found = tuple(map(tuple, parts))
    if len(word) <= D.CACHED_WORD_MAX_CHARS:
        if len(_PARTS) >= _CACHE_LIMIT:
            _PARTS.clear()
        _PARTS[word] = found
    return found


def _joins(gap: str) -> bool:
    """Whether two capitalised words separated by ``gap`` read as one name (only spaces and
    ``.-'’`` between them)."""
    return _JOINING_GAP(gap) is not None


_JOINING_GAP = re.compile(r"[\s.\-'’]*").fullmatch  # re's \s is str.isspace()


class _Word(NamedTuple):
    """What one word says, for one target (cached: most words recur)."""

    target_zipf: float        # in the target's deep list (0: absent)
    target_score: float       # what it is worth to the target (letters may help), >= floor
    foreign: tuple[tuple[str, float], ...]  # (language, Zipf) of the other languages
    capped: tuple[tuple[str, float], ...]   # the same, capped at target_zipf (capitalised use)
    best_foreign: float       # max of foreign, floor if none
    best_capped: float
    clearly_foreign: bool     # common elsewhere, rare or absent in the target (uncapped)


@short_args_cache(1 << 15, D.CACHED_WORD_MAX_CHARS)
def _word(word: str, script: str, target: str, has_vocabulary: bool,
          allowed: frozenset[str] | None = None) -> _Word:
    """What ``word`` says for ``target``; ``allowed``: the only languages the block can be in
    (its letters say so, see :func:`_block_writers`), None when its letters do not say."""
    evidence, by_letters = _word_evidence(word, script)
    if allowed is not None:
        evidence = {lang: z for lang, z in evidence.items() if lang in allowed}
    listed = word
    if target == "sh" and script == "Cyrillic" and D.SERBIAN_CYRILLIC.issuperset(word):
        listed = _serbian_latin(word)  # its list is in Latin letters
    tz = _vocabulary(target).zipf(listed, evidence) if has_vocabulary else 0.0
    foreign = tuple((lang, z) for lang, z in evidence.items() if lang != target)
    capped = tuple((lang, min(z, tz)) for lang, z in foreign) if tz else foreign
    best = max((z for _, z in foreign), default=D.FLOOR_ZIPF)
    target_z = max(tz, evidence.get(target, 0.0)) if has_vocabulary else 0.0
    clearly = has_vocabulary and bool(foreign) and (
        (by_letters and target not in evidence)
        or (best >= D.CLEAR_FOREIGN_ZIPF and best - tz >= D.CLEAR_FOREIGN_GAP))
    return _Word(tz, max(target_z, D.FLOOR_ZIPF) if target_z else 0.0, foreign, capped, best,
                 max((z for _, z in capped), default=D.FLOOR_ZIPF), clearly)


#: Margin (in summed Zipf) at which the target's probability reaches DECIDE_PROBABILITY.
_DECIDE_MARGIN = D.TEMPERATURE * math.log10(D.DECIDE_PROBABILITY / (1 - D.DECIDE_PROBABILITY))


def _judge_words(text: str, target: str, script: str, share: float, letters: int) -> _Judgement:
    """Decide a block of a shared script (Latin, Cyrillic ...) from its words.

    Each language scores the sum, over the counted words, of how much commoner than the floor
    each word is in it; the target against the best other language decides, then coverage (the
    share of words the target uses) decides what is left when no word is clearly foreign, and
    langdetect gets the rest. Most English lines are settled by a cheap bound before any
    per-language sum: if every other language together cannot catch up, the target wins.

    What an uncapitalised word or a capitalised word the target knows adds to each sum does not
    depend on its neighbours, so it is worked out once per word (:func:`_entry`); only
    capitalised words the target does not know (names, nouns) are weighed here each time.
    """
    lex = _lexicon()
    if target not in lex.script_langs.get(script, frozenset()):
        if D.LANGDETECT_SCRIPT.get(target) == script:
            # A target with no word list at all: only langdetect can recognise it.
            return _ask_langdetect(text, target, script, share, letters, fallback=None,
                                   coverage=0.0, clear=True)
        has_vocabulary = False
    else:
        has_vocabulary = True

    allowed = None if text.isascii() else _block_writers(text)
    if allowed is not None and target not in allowed:
        # The letters already say it is not the target's: the words' full evidence stands
        # ("Sadələşdirilmiş Çin dili" is Turkic to an English target, by "çin" and "dili").
        allowed = None
    entries = _entries(script, target, has_vocabulary, allowed)
    counted: list[tuple[_Word, float, bool]] = []
    weight_total = target_known = clear_weight = bound = 0.0
    unknown_letters = 0
    # Ordinary words (not names), in letters times weight, and those of them the target's texts
    # hardly use; ``strange`` counts the latter in words.
    plain_letters = strange_letters = strange = 0.0
    nouns: list[tuple[_Word, float, bool]] = []  # capitalised words counted only against it
    alien = False  # a word that is clear evidence by itself (letters, or a clearly foreign noun)
    seen: set[str] = set()
    tokens = _tokens(text, script)
    for word, weight, capital in tokens:
        if word in seen:
            continue  # a repeated word is not more evidence ("by amigo & amigo")
        seen.add(word)
        entry = entries.get(word)
        if entry is None:
            entry = _entry(word, script, target, has_vocabulary, allowed)
            if len(word) <= D.CACHED_WORD_MAX_CHARS:
                entries[word] = entry
        w, word, known, plain, capped_bound, spelt = entry
        if not capital:
            (plain_add, strange_letters_add, strange_add, alien_word, unknown, clear_add,
             known_add, bound_add) = plain
            plain_letters += plain_add
            strange_letters += strange_letters_add
            strange += strange_add
            alien = alien or alien_word
            if unknown:
                unknown_letters += unknown
                continue
            counted.append((spelt, 1.0, False))
            weight_total += 1.0
            clear_weight += clear_add
            target_known += known_add
            bound += bound_add
            continue
        if known:
            # A sentence start, a Title Case word or a name the target knows ("Ali", "Post",
            # "Milan"): it may support the target, never outvote it.
            counted.append((w, 1.0, True))
            weight_total += 1.0
            target_known += 1.0
            bound += capped_bound
            continue
        if (weight == 0.0 or w.target_zipf >= D.NAME_ZIPF
                or not (w.clearly_foreign or not has_vocabulary)):
            # A name: in a run of capitals, one the target's texts mention ("Lavrov"), or one
            # no list knows well ("Tanjug", "Makaan"). Only a clearly foreign word counts.
            if has_vocabulary and _foreign_noun(word, w, weight, target):
                nouns.append((w, 1.0, False))
                alien = alien or w.clearly_foreign or not _spelt_by_target(word, target)
                plain_letters += len(word)
                strange_letters += len(word)
                strange += 1.0
            continue
        if has_vocabulary:
            plain_letters += weight * len(word)
            oddness = _oddness(word, w, target)
            strange_letters += bool(oddness) * weight * len(word)
            strange += oddness * weight
            alien = alien or bool(oddness and not _spelt_by_target(word, target))
        if not w.foreign and not w.target_score:
            unknown_letters += len(word)
            continue
        counted.append((w, weight, False))
        weight_total += weight
        if w.clearly_foreign:
            clear_weight += weight
        elif w.target_zipf >= D.COVERAGE_ZIPF:
            target_known += weight
        bound += weight * (max(w.target_score, D.FLOOR_ZIPF) - w.best_foreign)

    if not text.isascii() and target in _TABLE_LANGS and allowed is None:
        writers = _block_writers(" ".join(word for word, weight, _ in tokens if weight == 1.0))
        if writers is not None and target not in writers:
            # An ordinary word with a letter the target does not write ("lüğət" to Turkish,
            # "ђак" to Macedonian): not the target's. Capitalised words inside a sentence or
            # in a run of capitals may be names ("Łukasz"); one that starts it is not.
            return _not_target(text, target, script, share, letters,
                               [(_only(w, writers), weight, capped)
                                for w, weight, capped in counted + nouns], clear=True)
    long_block = letters >= D.PRIOR_MAX_LETTERS
    clear = long_block or (clear_weight >= 1.0
                           and clear_weight > D.CLEAR_MIN_SHARE * weight_total)
    if strange >= 1.0 and strange_letters > D.STRANGE_MIN_SHARE * plain_letters:
        # Most of the ordinary words' letters are in words the target's texts hardly ever use
        # ("hutswaarde", "Teipiwch yr a chyfrinair cywir"): not the target, whatever a few
        # shared words say.
        return _not_target(text, target, script, share, letters, counted + nouns,
                           clear=clear or alien or strange >= D.STRANGE_CLEAR_WEIGHT)
    if len(tokens) == 2 and has_vocabulary:
        pair = _foreign_pair(tokens, entries, target)
        if pair:
            # Two words, each commoner in another language than in the target, one of them
            # clearly foreign: "Bahasa Hindi", "Tiếng Albania", "Setel sandi".
            return _not_target(text, target, script, share, letters, pair, clear=False)
    if not counted:
        if unknown_letters >= D.LANGDETECT_MIN_LETTERS:
            return _ask_langdetect(text, target, script, share, letters, fallback=None,
                                   coverage=0.0, clear=long_block)
        STATS["none"] += 1
        return _Judgement(NO_LANGUAGE, letters, "none", False)
    if has_vocabulary and bound >= _DECIDE_MARGIN:
        # No language beats the target by enough even taking each word's best rival.
        return _words(target, _sigmoid(bound) * share, True, letters, clear=False)

    if not has_vocabulary:
        return _name_foreign(text, target, script, share, letters,
                             _ranked(_gains(counted, False)[1]), 0.0, clear=True)
    target_gain, top = _top_gains(counted)
    coverage = (target_known / weight_total if len(counted) <= D.SHORT_WORDS and not clear_weight
                else 0.0)
    margin = target_gain - (top if top is not None else 0.0)
    p_target = _sigmoid(margin)
    if p_target >= D.DECIDE_PROBABILITY or top is None:
        return _words(target, p_target * share, True, letters, clear=False)
    if not clear_weight:
        # Nothing clearly foreign: the target's unless the foreign languages win outright.
        if -margin >= D.FOREIGN_OVERRIDE_MARGIN:
            return _name_foreign(text, target, script, share, letters,
                                 _ranked(_gains(counted, True)[1]), target_gain, clear=clear)
        if p_target >= 0.5 or target_known / weight_total >= D.TARGET_COVERAGE_MIN:
            return _words(target, max(p_target, D.PRIOR_CONFIDENCE) * share, True, letters,
                          clear=False, method="coverage")
    foreign = _ranked(_gains(counted, True)[1])
    if clear_weight and 1.0 - p_target >= D.DECIDE_PROBABILITY:
        return _name_foreign(text, target, script, share, letters, foreign, target_gain,
                             clear=clear)
    best = foreign[0][0] if foreign[0][1] > target_gain else target
    return _ask_langdetect(text, target, script, share, letters, fallback=best,
                           coverage=coverage, clear=clear)


def _foreign_pair(tokens: list[tuple[str, float, bool]], entries: dict[str, tuple],
                  target: str) -> list[tuple[_Word, float, bool]]:
    """A two-word fragment's words as evidence against the target, when each is commoner in
    another language than in the target (by PAIR_MARGIN) and one of them is clearly foreign
    (common elsewhere and rare in the target, or spelt with letters it does not write); else
    []. Capitalised words count too: alone they would be names, but a name of two words both
    foreign-dominant, one clearly foreign, is rare in the target's texts."""
    out: list[tuple[_Word, float, bool]] = []
    clearly = False
    for word, _weight, _capital in tokens:
        entry = entries.get(word)
        if entry is None:
            return []
        w, folded, spelt = entry[0], entry[1], entry[5]
        w = spelt if spelt.foreign else w
        if (not w.foreign or w.target_zipf >= D.NAME_ZIPF
                or w.best_foreign < max(w.target_zipf, D.FLOOR_ZIPF) + D.PAIR_MARGIN):
            return []
        clearly = clearly or w.clearly_foreign or not _spelt_by_target(folded, target)
        out.append((w, 1.0, False))
    return out if clearly else []


def _gains(counted: list[tuple[_Word, float, bool]],
           has_vocabulary: bool) -> tuple[float, dict[str, float]]:
    """The target's score and every other language's, summed over the counted words (each
    language in word order, so the same words always give the same floats)."""
    target_gain = 0.0
    gains: dict[str, float] = {}
    get = gains.get
    for w, weight, capped in counted:
        if has_vocabulary:
            target_gain += weight * (max(w.target_score, D.FLOOR_ZIPF) - D.FLOOR_ZIPF)
        for lang, zipf in (w.capped if capped else w.foreign):
            gains[lang] = get(lang, 0) + weight * (zipf - D.FLOOR_ZIPF)
    return target_gain, gains


def _top_gains(counted: list[tuple[_Word, float, bool]]) -> tuple[float, float | None]:
    """The target's score and the best other language's (None: no other language), as
    :func:`_gains` has them. Half the blocks that get here are one word ("Videos", "Latest
    News" with a known name): its best rival is already known, no sum needed."""
    if len(counted) == 1 and counted[0][1] == 1.0:
        w, _weight, capped = counted[0]
        target_gain = 0.0 + 1.0 * (max(w.target_score, D.FLOOR_ZIPF) - D.FLOOR_ZIPF)
        if not (w.capped if capped else w.foreign):
            return target_gain, None
        # Rounding is monotone, so the best of (zipf - floor) is (best zipf - floor).
        return target_gain, 1.0 * ((w.best_capped if capped else w.best_foreign) - D.FLOOR_ZIPF)
    target_gain, gains = _gains(counted, True)
    return target_gain, (max(gains.values()) if gains else None)


def _ranked(gains: dict[str, float]) -> list[tuple[str, float]]:
    """Languages by score, best first (ties by code)."""
    return sorted(gains.items(), key=lambda kv: (-kv[1], kv[0]))


_ENTRIES: dict[tuple[str, str, bool, frozenset[str] | None], dict[str, tuple]] = {}


def _entries(script: str, target: str, has_vocabulary: bool,
             allowed: frozenset[str] | None = None) -> dict[str, tuple]:
    key = (script, target, has_vocabulary, allowed)
    found = _ENTRIES.get(key)
    if found is None or len(found) >= _CACHE_LIMIT:
        _ENTRIES[key] = found = {}
    return found


def _entry(word: str, script: str, target: str, has_vocabulary: bool,
           allowed: frozenset[str] | None = None) -> tuple:
    """What a word adds to a block's sums, worked out once: ``(w, word, known, plain,
    capped_bound, spelt)``. ``word`` is what is left of an elided article no list holds whole
    ("l'utilisateur" -> "utilisateur"); ``known``, whether the target knows it as a common word
    (then capitalised it adds ``capped_bound`` to the bound); ``plain``, what it adds
    uncapitalised (letters, strangeness, whether it is clear evidence, bound), with the letters
    of a word no list holds in place of ``unknown``; ``spelt``, ``w`` with the evidence of its
    spelling when no list holds it (counted only uncapitalised)."""
    w = _word(word, script, target, has_vocabulary, allowed)
    if "'" in word and not w.foreign and not w.target_score:
        # An elided article no list holds whole: "l'utilisateur", "dell'utente" -> the word.
        tail = word.rsplit("'", 1)[1]
        if len(tail) >= D.ELISION_MIN_LETTERS:
            word, w = tail, _word(tail, script, target, has_vocabulary, allowed)
    known = w.target_zipf >= D.TARGET_KNOWN_ZIPF
    capped_bound = 1.0 * (max(w.target_score, D.FLOOR_ZIPF) - w.best_capped)
    spelt = w
    if has_vocabulary and not w.foreign and not w.target_score:
        # No list holds it, not even the target's deep one: how it is spelt may still say
        # ("hutswaarde", "omdirigeringer"). Uncapitalised only: capitalised, it is a name.
        lang = _spelling_language(word, script, target)
        if lang is not None:
            evidence = ((lang, D.NGRAM_ZIPF),)
            spelt = w._replace(foreign=evidence, capped=evidence, best_foreign=D.NGRAM_ZIPF,
                               best_capped=D.NGRAM_ZIPF)
    plain_add = strange_letters_add = strange_add = 0.0
    alien = False
    if has_vocabulary:
        plain_add = 1.0 * len(word)
        oddness = _oddness(word, spelt, target)
        strange_letters_add = bool(oddness) * 1.0 * len(word)
        strange_add = oddness * 1.0
        alien = bool(oddness and not _spelt_by_target(word, target))
    unknown = len(word) if not spelt.foreign and not spelt.target_score else 0
    clear_add = known_add = 0.0
    if spelt.clearly_foreign:
        clear_add = 1.0
    elif spelt.target_zipf >= D.COVERAGE_ZIPF:
        known_add = 1.0
    plain = (plain_add, strange_letters_add, strange_add, alien, unknown, clear_add, known_add,
             1.0 * (max(spelt.target_score, D.FLOOR_ZIPF) - spelt.best_foreign))
    return (w, word, known, plain, capped_bound, spelt)


def _run_together(word: str, target: str) -> bool:
    """Whether ``word`` is common words of the target written together, each of at least
    RUN_TOGETHER_MIN_LETTERS letters ("breakfastcanningeasy", "thelastchargersfan"): tags and
    user names, not a foreign word, however odd its letter trigrams."""
    vocabulary = _vocabulary(target)
    least = D.RUN_TOGETHER_MIN_LETTERS
    ends = [False] * (len(word) + 1)  # ends[i]: word[:i] is such words
    ends[0] = True
    for i in range(least, len(word) + 1):
        ends[i] = any(ends[j] and vocabulary.zipf(word[j:i], {}) >= D.TARGET_KNOWN_ZIPF
                      for j in range(0, i - least + 1))
    return ends[-1]


def _spelling_language(word: str, script: str, target: str) -> str | None:
    """The language whose letter trigrams make ``word`` at least NGRAM_MIN_LLR (log10) likelier
    than the target's do, if any (the likeliest; ties by code)."""
    if len(word) < D.NGRAM_MIN_LETTERS or "'" in word or _run_together(word, target):
        return None
    scores = _lexicon().ngrams.log_likelihoods(word, script)
    if target not in scores:
        return None
    base = scores[target]
    best = min(((lang, score) for lang, score in scores.items() if lang != target),
               key=lambda kv: (-kv[1], kv[0]), default=None)
    if best is None or best[1] - base < D.NGRAM_MIN_LLR:
        return None
    return best[0]


def _foreign_noun(word: str, w: _Word, weight: float, target: str) -> bool:
    """A capitalised word the target does not use and another language's list holds: a noun of
    a language that capitalises them ("Passwort"), counted against the target. Names the
    target's texts mention are in its deep list ("Recep" 2.65, "Lavrov" 2.7, "Erdoğan" 2.6); a
    word it knows only a little counts when its letters are not the target's, outside a run of
    capitals ("Dassault Systèmes" is a name)."""
    if not w.foreign:
        return False
    if w.target_zipf >= D.NAME_ZIPF:
        # A name the target's texts mention, even when another language uses the word far
        # more: "Dele" (Dele Alli; Danish "dele"), "Tur". So "Foto", "Dag", "Nei" stay unknown.
        return False
    if w.target_zipf and (weight == 0.0 or _spelt_by_target(word, target)):
        return False  # a run of capitals the target knows a little is a name ("Dassault Systèmes")
    if not w.target_zipf and weight:
        # The target never uses it, even as a name, and it stands alone: a common word of
        # another language ("Hebrejski", "Tailandés", "Schots") is enough.
        return w.best_foreign >= D.FOREIGN_NOUN_ZIPF
    return w.best_foreign >= D.CLEAR_FOREIGN_ZIPF


def _spelt_by_target(word: str, target: str) -> bool:
    return word.isascii() or _lexicon().spells(target, word)


@lru_cache(maxsize=64)
def _deep(target: str) -> bool:
    """Whether the target's vocabulary is a deep (wordfreq "large") list: without one, a word
    of the target below Zipf 3 is in no list at all."""
    import wordfreq

    large = wordfreq.available_languages("large")
    return any(canonical_code(code) == target for code in large)


def _oddness(word: str, w: _Word, target: str) -> float:
    """How strange an ordinary word is in the target: 1 when it never uses it and another
    language's list holds it, or when it is spelt with letters the target does not write
    ("wêze", "bestân"); RARE_WEIGHT when the target uses it rarely or no list knows it
    ("jdadmin", "thelastchargersfan": user names and run-together words are not foreign
    words); 0 when it is the target's vocabulary."""
    if not _spelt_by_target(word, target):
        return 1.0
    if w.target_zipf >= D.STRANGE_ZIPF:
        return 0.0
    if not _deep(target) and not w.target_zipf and w.best_foreign < D.CLEAR_FOREIGN_ZIPF:
        # Only a short list ("small": down to Zipf 3) knows the target's words: most of its
        # rarer words are in no list ("otoritesinin", "proizvoljnom"), or in a neighbour's
        # below that ("mešanju", Slovenian 3.2). Such a word says little.
        return 0.0 if not w.foreign or w.target_score else D.RARE_WEIGHT
    # A word no list holds that the target's letters spell as well as another's
    # ("достојанству": Serbian or Macedonian by its ј) is rare in the target, not foreign.
    return 1.0 if w.foreign and not w.target_zipf and not w.target_score else D.RARE_WEIGHT


def _not_target(text: str, target: str, script: str, share: float, letters: int,
                counted: list[tuple[_Word, float, bool]], *, clear: bool) -> _Judgement:
    """A block the words say is not the target's: name its language among the others."""
    gains: Counter[str] = Counter()
    for w, weight, capped in counted:
        for lang, zipf in (w.capped if capped else w.foreign):
            gains[lang] += weight * (zipf - D.FLOOR_ZIPF)
    foreign = sorted(gains.items(), key=lambda kv: (-kv[1], kv[0]))
    if foreign:
        return _name_foreign(text, target, script, share, letters, foreign, 0.0, clear=clear)
    allowed = _profiles_for(script, text) - {target}
    answer = _langdetect(text, allowed, clear=clear) if allowed else []
    if answer and answer[0][0] in allowed:
        lang, prob = answer[0]
        return _words(lang, prob * share, False, letters, clear=clear, method="langdetect")
    lang = D.SCRIPT_DEFAULT.get(script)
    if lang is None or lang == target:
        STATS["none"] += 1
        return _Judgement(NO_LANGUAGE, letters, "none", False)
    return _words(lang, D.PRIOR_CONFIDENCE * share, False, letters, clear=clear,
                  method="fallback")


def _words(lang: str, confidence: float, is_target: bool, letters: int, *, clear: bool,
           method: str = "words") -> _Judgement:
    STATS[method] += 1
    return _Judgement(Detection(lang, round(confidence, 4), is_target), letters, method, clear)


def _name_foreign(text: str, target: str, script: str, share: float, letters: int,
                  foreign: list[tuple[str, float]], target_gain: float, *,
                  clear: bool) -> _Judgement:
    """Name the language of a block that is not the target's.

    The words name it when one language stands out; otherwise langdetect, on blocks long enough
    for its n-grams, chooses among the languages of the script.
    """
    if not foreign:
        return _ask_langdetect(text, target, script, share, letters, fallback=None,
                               coverage=0.0, clear=clear)
    best, gain = foreign[0]
    runner_up = max(foreign[1][1] if len(foreign) > 1 else 0.0, target_gain)
    confidence = _sigmoid(gain - runner_up)
    if confidence < D.DECIDE_PROBABILITY and letters >= D.LANGDETECT_MIN_LETTERS:
        allowed = _profiles_for(script, text) - {target}
        answer = _langdetect(text, allowed, clear=clear)
        if answer and answer[0][0] in allowed:
            lang, prob = answer[0]
            return _words(lang, prob * share, lang == target, letters, clear=clear,
                          method="langdetect")
    return _words(best, confidence * share, best == target, letters, clear=clear)


def _ask_langdetect(text: str, target: str, script: str, share: float, letters: int, *,
                    fallback: str | None, coverage: float, clear: bool) -> _Judgement:
    """langdetect among the script's languages; overruled when it contradicts ``coverage``.

    ``coverage`` is the target's share of a short block's words (0 for long blocks, and for
    blocks with a clearly foreign word): where the target knows most words of a fragment and
    nothing in it is clearly foreign, langdetect's "Romanian" for "Subscribe" is noise; with
    "Gëff" or "izan" in it, "valid URL" and "float" are the target's loanwords in another
    language.
    """
    allowed = _profiles_for(script, text) or None
    answer = _langdetect(text, allowed, clear=clear)
    if not answer:
        lang = fallback or D.SCRIPT_DEFAULT.get(script)
        if lang is None:
            STATS["none"] += 1
            return _Judgement(NO_LANGUAGE, letters, "none", False)
        return _words(lang, D.PRIOR_CONFIDENCE * share, lang == target, letters, clear=clear,
                      method="fallback")
    lang, prob = answer[0]
    if lang != target and coverage >= D.TARGET_COVERAGE_MIN:
        return _words(target, D.PRIOR_CONFIDENCE * share, True, letters, clear=False,
                      method="langdetect-overruled")
    return _words(lang, prob * share, lang == target, letters, clear=clear, method="langdetect")


def _judge(text: str, target: str) -> _Judgement:
    """The detection of ``text`` with the evidence behind it; ``target`` is canonical."""
    STATS["calls"] += 1
    return _judge_text(text, target)


def _judge_text(text: str, target: str) -> _Judgement:
    """:func:`_judge_text_once`, remembered for short blocks that needed no langdetect: chrome,
    captions and headings recur across the pages of a site (half the blocks of the dev dumps
    repeat one seen before). A judgement that asked langdetect, or put it off, is not kept: the
    page stage must see the same thing every time."""
    key = (text, target)
    found = _JUDGED.get(key)
    if found is not None:
        STATS[found.method] += 1
        return found
    before = _ASKED.count
    judgement = _judge_text_once(text, target)
    if _ASKED.count == before and len(text) <= D.REMEMBER_MAX_CHARS:
        if len(_JUDGED) >= D.REMEMBER_BLOCKS:
            _JUDGED.clear()
        _JUDGED[key] = judgement
    return judgement


class _Asked(threading.local):
    count = 0  # times langdetect was asked (or put off) in this thread


_ASKED = _Asked()
_JUDGED: dict[tuple[str, str], _Judgement] = {}


def _judge_text_once(text: str, target: str) -> _Judgement:
    text = _blank_addresses(text)
    if text.isascii():
        letters = _ascii_letters(text)
        if letters < D.MIN_LETTERS:
            STATS["none"] += 1
            return _Judgement(NO_LANGUAGE, letters, "none", False)
        script, share = "Latin", 1.0
    else:
        letters, weights = _script_weights(text)
        if sum(weights.values()) < D.MIN_LETTERS:
            STATS["none"] += 1
            return _Judgement(NO_LANGUAGE, letters, "none", False)
        script, share = _main_script(weights)
        if len(weights) > 1 and script in _target_scripts(target):
            minority = _minority_script_words(text, weights, target)
            if minority:
                # "redirect хаанаас", "ឈ្មោះ python model class": the target's technical words
                # around words in a script it does not write. Those words say the language.
                found = _judge_text(minority, target).detection
                if found.is_target is False and found.lang is not None:
                    return _words(found.lang, found.confidence, False, letters, clear=True,
                                  method="minority-script")
    if script == "Other":
        STATS["none"] += 1
        return _Judgement(NO_LANGUAGE, letters, "none", False)
    if script in D.SCRIPT_LANGUAGE:
        lang = D.SCRIPT_LANGUAGE[script]
        if lang == "zh" and target == "ja" and _japanese_han(text):
            # Kanji alone ("技術教育", "国連総会") are Japanese as much as Chinese: for a
            # Japanese target, Han text is Chinese only with a character Japanese does not
            # write (simplified "们", "这", "权").
            lang = "ja"
        return _words(lang, share, lang == target, letters, clear=lang != target,
                      method="script")
    sample = _sample(text)
    judgement = _judge_words(sample, target, script, share, letters)
    if judgement.detection.is_target is not False and script not in _target_scripts(target):
        # Cyrillic, Arabic ... in an English block: not English, even when no word list can
        # say which language of the script it is ("Буруу хуудас", Sorani, Uyghur).
        return _not_target(sample, target, script, share, letters, [], clear=True)
    return judgement


def _japanese_han(text: str) -> bool:
    """Whether every Han character of ``text`` is one the words of wordfreq's Japanese list
    write."""
    letters = _japanese_letters()
    return all(ch in letters for ch in text if _script_of(ch) == "Han")


@lru_cache(maxsize=1)
def _japanese_letters() -> frozenset[str]:
    import wordfreq

    path = wordfreq.available_languages("small").get("ja")
    if path is None:
        return frozenset()
    return frozenset(ch for words in wordfreq.read_cBpack(path) for word in words
                     for ch in word if _script_of(ch) == "Han")


def _minority_script_words(text: str, weights: Counter[str], target: str) -> str:
    """The words of ``text`` written wholly in one script the target does not write, when they
    make at least FOREIGN_SCRIPT_MIN_SHARE of its weighted letters; else "". A stray letter
    inside a word ("Сomment" with a Cyrillic С, "RTД") is not such a word."""
    # Latin words in a Japanese, Russian or Arabic block are the target's technical words,
    # brands and code ("“ ” は None、True または False"), not a translation around them.
    scripts = _target_scripts(target) | {"Latin"}
    total = sum(weights.values())
    if sum(w for s, w in weights.items() if s not in scripts and s != "Other") < (
            D.FOREIGN_SCRIPT_MIN_SHARE * total):
        return ""
    words, weight = [], 0
    for word in _WORD_WITH_MARKS.findall(text):
        found = {of for ch in word if (of := _letter_script(ch)) is not None}
        if len(found) == 1:
            (script,) = found
            if script not in scripts and script != "Other":
                words.append(word)
                weight += D.SCRIPT_WEIGHT.get(script, 1) * sum(
                    _letter_script(ch) is not None for ch in word)
    return " ".join(words) if weight >= D.FOREIGN_SCRIPT_MIN_SHARE * total else ""


_WORD_WITH_MARKS = regex.compile(r"[\p{L}\p{M}]+")


@lru_cache(maxsize=64)
def _target_scripts(target: str) -> frozenset[str]:
    """The scripts the target is written in (any script of the tables when not known)."""
    scripts = {s for code, s in D.WORDFREQ_LISTS.items() if canonical_code(code) == target}
    scripts.update(s for code, s in D.LANGDETECT_SCRIPT.items() if code == target)
    scripts.update(D.EXTRA_SCRIPTS.get(target, ()))
    return frozenset(scripts) if scripts else frozenset(D.SCRIPT_DEFAULT) | {"Latin"}


def _sample(text: str) -> str:
    """The first ``WORDS_SAMPLE_CHARS`` characters of a long block, cut at a space: its language
    is plain by then, and the words pass costs time in proportion to the words it reads. The
    letter count (the block's vote for the page's language) still comes from the whole block."""
    if len(text) <= D.WORDS_SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, D.WORDS_SAMPLE_CHARS)
    return text[: cut if cut > 0 else D.WORDS_SAMPLE_CHARS]


# ---------------------------------------------------------------------------------------------
# Public API

def detect(text: str, target: str = "en", *, siblings: bool = False) -> Detection:
    """The language of ``text``, judged alone (no page context), and whether it is ``target``.

    ``siblings``: a close sibling of the target whose texts cleaner can tell apart
    (``langdata.SIBLINGS``: Indonesian and Malay) counts as the target (``is_target`` True, its
    own code as ``lang``); by default it is another language. Serbian, Croatian and Bosnian are
    always one language (see ``langdata.SERBO_CROATIAN``).

    >>> detect("Možda vas zanima").lang
    'sh'
    >>> detect("Subscribe").is_target
    True
    """
    found = _judge(text, canonical_code(target)).detection
    return _as_given(found, target, siblings)


def _as_given(found: Detection, given: str, siblings: bool) -> Detection:
    """``found`` as the caller sees it: Serbo-Croatian under the caller's code of it, and a
    sibling of the target as the target when ``siblings``."""
    if found.lang == "sh":
        return Detection(_reported(found.lang, given), found.confidence, found.is_target)
    if (siblings and found.is_target is False
            and found.lang in D.SIBLINGS.get(canonical_code(given), ())):
        return Detection(found.lang, found.confidence, True)
    return found


def apply_language(blocks: list[Block], *, target: str = "en", policy: str = "drop",
                   siblings: bool = False) -> tuple[str | None, list[Flag]]:
    """Pipeline stage: set every block's language, find the page's, apply the foreign policy.

    Every block (kept or dropped) gets ``lang`` and ``lang_confidence``. The page's language is
    the one with most letters among the kept blocks (``None`` if none has one).

    The page is the prior for short blocks. In a page mainly in the target language, a block
    that is called foreign without clear evidence (no foreign script, no clearly foreign word,
    under ``PRIOR_MAX_LETTERS`` letters) is taken to be the target's, and so is a block with
    letters but no language of its own (a name, "Lavrov"); both get ``PRIOR_CONFIDENCE``. Chrome
    and captions in an English page are English; "Možda vas zanima" stays Serbo-Croatian.

    ``flags`` lists every block of a known language other than the target, in order, with
    ``kept`` saying whether it is still in the text. The policy touches only kept, unprotected
    blocks, and only when the page's language is the target (a page in another language keeps
    its text and just reports it): ``drop`` drops them (reason ``language:<code>``), ``flag``
    marks them (verdict ``flag``; a reason another stage gave is kept), ``keep`` ignores their
    language (no flag for them). ``siblings`` is :func:`detect`'s: with it a page mainly in a
    sibling of the target is one in the target.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown language policy {policy!r}: expected one of {POLICIES}")
    given, target = target, canonical_code(target)
    judged, page = _judge_page([block.text or block.raw for block in blocks],
                               [block.kept for block in blocks], target)

    prior = Detection(target, D.PRIOR_CONFIDENCE, True)
    page_is_target = page == target or (siblings and page in D.SIBLINGS.get(target, ()))
    flags: list[Flag] = []
    for block, judgement in zip(blocks, judged):
        found = judgement.detection
        if (page == target and found.lang != target and judgement.letters
                and not judgement.clear):
            found = prior
        found = _as_given(found, given, siblings)
        block.lang, block.lang_confidence = found.lang, found.confidence
        if found.lang is None or found.is_target:
            continue
        text = block.text or block.raw
        applies = block.kept and not block.protected and page_is_target
        if not applies:
            flags.append(Flag(block.index, text, found.lang, found.confidence, block.kept))
        elif policy == "drop":
            block.drop(f"language:{found.lang}")
            flags.append(Flag(block.index, text, found.lang, found.confidence, False))
        elif policy == "flag":
            if block.verdict == "keep":
                block.verdict, block.reason = "flag", f"language:{found.lang}"
            flags.append(Flag(block.index, text, found.lang, found.confidence, True))
    return _reported(page, given), flags


def _judge_page(texts: list[str], kept: list[bool],
                target: str) -> tuple[list[_Judgement], str | None]:
    """Every block's judgement and the page's language, asking langdetect only where the page
    cannot answer for it.

    The blocks are judged first without langdetect; a block that would need it is put off. If
    the put-off blocks' letters could not change the page's language whatever they are, the
    page answers for them: a short block without clear evidence in a page of the target is the
    target's (the prior of :func:`apply_language`; langdetect's answer would be overruled),
    and a block whose script the target does not write, in a page whose language is among
    those langdetect would choose from, is in the page's language (the Russian names under the
    photos of a Russian page, which langdetect calls Bulgarian or Macedonian). The rest are
    judged again with langdetect.
    """
    _DEFER.on = True
    try:
        judged = [_judge_deferred(text, target) for text in texts]
    finally:
        _DEFER.on = False
    deferred = [i for i, judgement in enumerate(judged) if judgement.method == "deferred"]
    letters_by_lang = _letters_by_language(judged, kept)
    if deferred:
        unknown = sum(judged[i].letters for i in deferred if kept[i])
        page = _settled_language(letters_by_lang, unknown, target)
        for i in deferred:
            judgement = judged[i]
            if page is None and unknown:
                judged[i] = _judge_text(texts[i], target)
            elif page == target and not judgement.clear:
                continue  # the page prior makes it the target's
            elif (page is not None and judgement.allowed is not None
                  and page in judgement.allowed and target not in judgement.allowed):
                judged[i] = _words(page, D.PRIOR_CONFIDENCE, page == target, judgement.letters,
                                   clear=True, method="page")
            else:
                judged[i] = _judge_text(texts[i], target)
        if page is None and unknown:
            letters_by_lang = _letters_by_language(judged, kept)
    page = _settled_language(letters_by_lang, 0, target)
    return judged, page


def _judge_deferred(text: str, target: str) -> _Judgement:
    """:func:`_judge`, with a block that needs langdetect put off (method "deferred")."""
    STATS["calls"] += 1
    try:
        return _judge_text(text, target)
    except _Deferred as deferred:
        letters = _letters(_blank_addresses(text))
        return _Judgement(NO_LANGUAGE, letters, "deferred", deferred.clear, deferred.allowed)


def _letters_by_language(judged: list[_Judgement], kept: list[bool]) -> Counter[str]:
    found: Counter[str] = Counter()
    for judgement, is_kept in zip(judged, kept):
        if is_kept and judgement.detection.lang is not None:
            found[judgement.detection.lang] += judgement.letters
    return found


def _settled_language(letters_by_lang: Counter[str], unknown: int, target: str) -> str | None:
    """The language with most letters (ties: the target, then by code), if ``unknown`` more
    letters in any language could not change it; None otherwise (or with no letters at all)."""
    if not letters_by_lang:
        return None
    ranked = sorted(letters_by_lang.items(), key=lambda kv: (kv[1], kv[0] == target, kv[0]),
                    reverse=True)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if unknown and ranked[0][1] - runner_up <= unknown:
        return None
    return ranked[0][0]


def page_language(blocks: list[Block], *, target: str = "en") -> str | None:
    """The page's language from one look at the start of its kept text, with no block judged
    alone: the ``--fast`` profile's language stage (no flags, nothing dropped)."""
    text = " ".join(b.text or b.raw for b in blocks if b.kept)
    found = _judge(_sample(text[: 2 * D.WORDS_SAMPLE_CHARS]), canonical_code(target)).detection
    return _reported(found.lang, target)
