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
   name its language (Mongolian, Sorani).
3. **Words.** Each word is looked up in the wordfreq "small" frequency lists of every language of
   that script, and in the jusText stop-word lists of languages wordfreq lacks (Welsh, Basque,
   Estonian ...); the target's words in its deep ("large") list. Each language scores the sum of
   its words' Zipf frequencies (a unigram language model: the language in which these words are
   common wins). A word no list holds says nothing unless its letters are ones only some
   alphabets have ("ć", "ø", "ß"). Capitalised words are where names hide, so they are trusted
   less: one the target knows can support it but never outvote it ("Post a Comment", "Ali");
   one the target does not know counts only if it is clearly a common word elsewhere ("Izvor",
   "Komentari") and is not inside a run of capitals ("Recep Tayyip Erdoğan"). So "Lavrov" or
   "Sputnik" alone have no language: nothing in them says one. A block whose ordinary words are,
   letter for letter, mostly ones the target never uses or spells with letters it does not write
   ("Teipiwch yr a chyfrinair cywir", "Zurück zur Übersicht") is not the target's, whatever a few
   shared short words say; a word no list holds (a user name, "jdadmin") counts for half.
4. **langdetect**, seeded and told which languages the script allows, for blocks the words leave
   ambiguous; on a short block whose words the target mostly knows, its disagreement is ignored.

Codes are ISO 639-1; Serbian, Croatian and Bosnian are one code, ``sh`` (see :mod:`langdata`).

Determinism: the langdetect factory is this module's own, with its own seed; the global
``langdetect.DetectorFactory.seed`` is neither read nor changed. The word lists are read once per
process, lazily, into sorted arrays of 64-bit keys (12 MB for 1.5 million entries in 80 languages,
where Python dicts would take over 200 MB), so worker processes stay small. Building them takes
about 2.5 s of CPU, once.
"""
from __future__ import annotations

import bisect
import math
import threading
import unicodedata
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, NamedTuple

import regex

from cleaner import langdata as D
from cleaner.model import Block, Flag

__all__ = ["Detection", "detect", "apply_language", "canonical_code", "known_word"]

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
    """The code this module reports for ``code``: lower case, aliases folded (``hr`` -> ``sh``)."""
    code = code.strip().lower().replace("_", "-")
    return D.CODE_ALIASES.get(code, code)


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
        for ch in _NON_ASCII.findall(text):
            if ch.isalpha():
                n += 1
                script = _script_of(ch)
                weights[script] += D.SCRIPT_WEIGHT.get(script, 1)
    return n, weights


_ASCII_LETTERS = regex.compile(r"[A-Za-z]+")
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


def _blank_addresses(text: str) -> str:
    """``text`` with URLs, e-mail addresses, handles and domains blanked (they have no language)."""
    return _URL.sub(" ", text) if _URL_HINT.search(text) else text


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
            for bucket, words in enumerate(wordfreq.read_cBpack(available[wf_code])):
                if words:
                    keys.add(_packed_keys(words, 16, (idx << 8) | _zipf_code(9 - bucket / 100)))
                    non_ascii.extend(_NON_ASCII.findall("".join(words)))
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
                letters = Counter(_NON_ASCII.findall("".join(words)))
                self._set_alphabet(lang, letters, D.ALPHABET_MIN_STOPWORDS)

        self._keys = keys.done()
        self.script_langs = {script: frozenset(langs) for script, langs in script_langs.items()}

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
                _LEXICON = _Lexicon()
    return _LEXICON


@lru_cache(maxsize=8)
def _vocabulary(lang: str) -> _Vocabulary:
    with _LOCK:
        return _Vocabulary(lang)


def known_word(word: str, lang: str = "en") -> bool:
    """Whether ``lang``'s deep word list (wordfreq "large", loaded once) holds ``word``, names
    and brands included ("TripAdvisor")."""
    return _vocabulary(canonical_code(lang)).zipf(word.casefold(), {}) > 0


@lru_cache(maxsize=1 << 12)
def _word_evidence(word: str, script: str) -> tuple[dict[str, float], bool]:
    """{language: Zipf} for a casefolded word among the script's languages; True if by letters.

    A word no list holds still speaks when only some alphabets of its script can spell it
    ("ć": Serbo-Croatian or Polish, not English). Callers must not mutate the dict.
    """
    lex = _lexicon()
    langs = lex.script_langs.get(script, frozenset())
    found = {lang: z for lang, z in lex.lookup(word).items() if lang in langs}
    if script == "Cyrillic" and D.SERBIAN_CYRILLIC.issuperset(word):
        from wordfreq.transliterate import SR_LATN_TABLE

        zipf = lex.lookup(word.translate(SR_LATN_TABLE)).get("sh", 0.0)
        if zipf > found.get("sh", 0.0):
            found["sh"] = zipf
    if found or word.isascii():
        return found, False
    if any(_script_of(ch) != script for ch in word if ch.isalpha()):
        return {}, False  # mixed scripts ("RTД"): a code or a brand
    fits = [lang for lang in sorted(langs) if lex.spells(lang, word)]
    if not fits or len(fits) == len(langs):
        return {}, False
    return {lang: D.LETTER_ZIPF for lang in fits}, True


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


def _langdetect(text: str, allowed: Iterable[str] | None) -> list[tuple[str, float]]:
    global _LANGDETECT
    if _LANGDETECT is None:
        with _LOCK:
            if _LANGDETECT is None:
                _LANGDETECT = _LangDetect()
    return _LANGDETECT.probabilities(text, allowed)


def _langdetect_script_langs(script: str) -> frozenset[str]:
    return frozenset(code for code, s in D.LANGDETECT_SCRIPT.items() if s == script)


# ---------------------------------------------------------------------------------------------
# Judging one text

@dataclass(frozen=True, slots=True)
class _Judgement:
    """A detection with what the page stage needs to weigh it.

    ``clear`` says the foreign evidence would stand against the page's language: a script the
    target does not use, a clearly foreign word, or a long block.
    """

    detection: Detection
    letters: int
    method: str
    clear: bool


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + 10.0 ** (-x / D.TEMPERATURE))


def _tokens(text: str, script: str) -> list[tuple[str, float, bool]]:
    """(casefolded word, weight, capitalised) for the words of ``text`` written in ``script``.

    Weight 0 marks a capitalised word in a run of them ("Recep Tayyip Erdoğan", "Pompeo Says
    Now"): a name unless the target knows the word. Initials
    ("J. Smith"), one-letter pieces of camelCase ("eFA", "iPhone") are skipped; camelCase is split
    ("SubscribeSign In"); a piece hyphenated to a capitalised word belongs to it ("Jong-un",
    "Gyeongju-si").
    """
    spans: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if len(word) == 1 and text.startswith(".", m.end()):
            continue
        parts = [word] if word.islower() or word[1:].islower() else _CAMEL.split(word)
        start = m.start()
        for part in parts:
            if len(part) > 1 or len(parts) == 1:
                spans.append((part, start, start + len(part)))
            start += len(part)
    capitals: list[bool] = []
    for i, (word, start, _end) in enumerate(spans):
        capital = word[0].isupper()
        if not capital and i and capitals[i - 1] and text[spans[i - 1][2]:start] in _HYPHENS:
            capital = True
        capitals.append(capital)
    for i in range(1, len(spans) - 1):
        # A particle inside a name: "Cirque du Soleil", "Charles de Gaulle", "Osama bin Laden".
        word, start, end = spans[i]
        if (not capitals[i] and len(word) <= 3 and capitals[i - 1]
                and spans[i + 1][0][0].isupper()
                and text[spans[i - 1][2]:start].isspace() and text[end:spans[i + 1][1]].isspace()):
            capitals[i] = True

    out: list[tuple[str, float, bool]] = []
    n = len(spans)
    for i, (word, start, end) in enumerate(spans):
        if _script_of(word[0]) != script:
            continue
        gap_before = text[spans[i - 1][2]:start] if i else ""
        if not capitals[i]:
            weight = 1.0
        elif (i and capitals[i - 1] and _joins(gap_before)) or (
                i + 1 < n and capitals[i + 1] and _joins(text[end:spans[i + 1][1]])):
            weight = 0.0
        elif i == 0 or any(ch in _SENTENCE_BREAKS for ch in gap_before):
            weight = 1.0
        else:
            weight = D.LONE_CAPITAL_WEIGHT
        word = word.casefold().replace("’", "'")
        if not word.isascii():
            word = unicodedata.normalize("NFC", word)
        out.append((word, weight, capitals[i]))
    return out


_HYPHENS = ("-", "\u2010", "\u2011")
_SENTENCE_BREAKS = ".!?:;|•·–—"


def _joins(gap: str) -> bool:
    """Whether two capitalised words separated by ``gap`` read as one name."""
    return all(ch.isspace() or ch in ".-'’" for ch in gap)


class _Word(NamedTuple):
    """What one word says, for one target (cached: most words recur)."""

    target_zipf: float        # in the target's deep list (0: absent)
    target_score: float       # what it is worth to the target (letters may help), >= floor
    foreign: tuple[tuple[str, float], ...]  # (language, Zipf) of the other languages
    capped: tuple[tuple[str, float], ...]   # the same, capped at target_zipf (capitalised use)
    best_foreign: float       # max of foreign, floor if none
    best_capped: float
    clearly_foreign: bool     # common elsewhere, rare or absent in the target (uncapped)


@lru_cache(maxsize=1 << 15)
def _word(word: str, script: str, target: str, has_vocabulary: bool) -> _Word:
    evidence, by_letters = _word_evidence(word, script)
    tz = _vocabulary(target).zipf(word, evidence) if has_vocabulary else 0.0
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

    counted: list[tuple[_Word, float, bool]] = []
    weight_total = target_known = clear_weight = bound = 0.0
    unknown_letters = 0
    # Ordinary words (not names), in letters times weight, and those of them the target's texts
    # hardly use; ``strange`` counts the latter in words.
    plain_letters = strange_letters = strange = 0.0
    nouns: list[tuple[_Word, float, bool]] = []  # capitalised words counted only against it
    alien = False  # a word that is clear evidence by itself (letters, or a clearly foreign noun)
    seen: set[str] = set()
    for word, weight, capital in _tokens(text, script):
        if word in seen:
            continue  # a repeated word is not more evidence ("by amigo & amigo")
        seen.add(word)
        w = _word(word, script, target, has_vocabulary)
        if "'" in word and not w.foreign and not w.target_score:
            # An elided article no list holds whole: "l'utilisateur", "dell'utente" -> the word.
            tail = word.rsplit("'", 1)[1]
            if len(tail) >= D.ELISION_MIN_LETTERS:
                word, w = tail, _word(tail, script, target, has_vocabulary)
        known = w.target_zipf >= D.TARGET_KNOWN_ZIPF
        capped = capital and known
        if capped:
            # A sentence start, a Title Case word or a name the target knows ("Ali", "Post",
            # "Milan"): it may support the target, never outvote it.
            weight = 1.0
        elif capital and (weight == 0.0 or w.target_zipf >= D.NAME_ZIPF
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
        if has_vocabulary and not capped:
            plain_letters += weight * len(word)
            oddness = _oddness(word, w, target)
            strange_letters += bool(oddness) * weight * len(word)
            strange += oddness * weight
            alien = alien or (oddness and not _spelt_by_target(word, target))
        if not w.foreign and not w.target_score:
            unknown_letters += len(word)
            continue
        counted.append((w, weight, capped))
        weight_total += weight
        if w.clearly_foreign and not capped:
            clear_weight += weight
        elif w.target_zipf >= D.COVERAGE_ZIPF:
            target_known += weight
        best = w.best_capped if capped else w.best_foreign
        bound += weight * (max(w.target_score, D.FLOOR_ZIPF) - best)

    long_block = letters >= D.PRIOR_MAX_LETTERS
    clear = long_block or (clear_weight >= 1.0
                           and clear_weight > D.CLEAR_MIN_SHARE * weight_total)
    if strange >= 1.0 and strange_letters > D.STRANGE_MIN_SHARE * plain_letters:
        # Most of the ordinary words' letters are in words the target's texts hardly ever use
        # ("hutswaarde", "Teipiwch yr a chyfrinair cywir"): not the target, whatever a few
        # shared words say.
        return _not_target(text, target, script, share, letters, counted + nouns,
                           clear=clear or alien or strange >= D.STRANGE_CLEAR_WEIGHT)
    if not counted:
        if unknown_letters >= D.LANGDETECT_MIN_LETTERS:
            return _ask_langdetect(text, target, script, share, letters, fallback=None,
                                   coverage=0.0, clear=long_block)
        STATS["none"] += 1
        return _Judgement(NO_LANGUAGE, letters, "none", False)
    if has_vocabulary and bound >= _DECIDE_MARGIN:
        # No language beats the target by enough even taking each word's best rival.
        return _words(target, _sigmoid(bound) * share, True, letters, clear=False)

    gains: Counter[str] = Counter()
    for w, weight, capped in counted:
        if has_vocabulary:
            gains[target] += weight * (max(w.target_score, D.FLOOR_ZIPF) - D.FLOOR_ZIPF)
        for lang, zipf in (w.capped if capped else w.foreign):
            gains[lang] += weight * (zipf - D.FLOOR_ZIPF)
    ranked = sorted(gains.items(), key=lambda kv: (-kv[1], kv[0] != target, kv[0]))
    foreign = [(lang, g) for lang, g in ranked if lang != target]
    if not has_vocabulary:
        return _name_foreign(text, target, script, share, letters, foreign, 0.0, clear=True)

    coverage = target_known / weight_total if len(counted) <= D.SHORT_WORDS else 0.0
    target_gain = gains[target]
    margin = target_gain - (foreign[0][1] if foreign else 0.0)
    p_target = _sigmoid(margin)
    if p_target >= D.DECIDE_PROBABILITY or not foreign:
        return _words(target, p_target * share, True, letters, clear=False)
    if not clear_weight:
        # Nothing clearly foreign: the target's unless the foreign languages win outright.
        if -margin >= D.FOREIGN_OVERRIDE_MARGIN:
            return _name_foreign(text, target, script, share, letters, foreign, target_gain,
                                 clear=clear)
        if p_target >= 0.5 or target_known / weight_total >= D.TARGET_COVERAGE_MIN:
            return _words(target, max(p_target, D.PRIOR_CONFIDENCE) * share, True, letters,
                          clear=False, method="coverage")
    elif 1.0 - p_target >= D.DECIDE_PROBABILITY:
        return _name_foreign(text, target, script, share, letters, foreign, target_gain,
                             clear=clear)
    return _ask_langdetect(text, target, script, share, letters, fallback=ranked[0][0],
                           coverage=coverage, clear=clear)


def _foreign_noun(word: str, w: _Word, weight: float, target: str) -> bool:
    """A capitalised word the target does not use and another language's list holds: a noun of
    a language that capitalises them ("Passwort"), counted against the target. Names the
    target's texts mention are in its deep list ("Recep" 2.65, "Lavrov" 2.7, "Erdoğan" 2.6); a
    word it knows only a little counts when its letters are not the target's, outside a run of
    capitals ("Dassault Systèmes" is a name)."""
    if not w.foreign or w.target_zipf >= D.NAME_ZIPF:
        return False
    if w.target_zipf and (weight == 0.0 or _spelt_by_target(word, target)):
        return False  # a run of capitals the target knows a little is a name ("Dassault Systèmes")
    return w.best_foreign >= D.CLEAR_FOREIGN_ZIPF


def _spelt_by_target(word: str, target: str) -> bool:
    return word.isascii() or _lexicon().spells(target, word)


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
    return 1.0 if w.foreign and not w.target_zipf else D.RARE_WEIGHT


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
    allowed = _langdetect_script_langs(script) - {target}
    answer = _langdetect(text, allowed) if allowed else []
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
        allowed = _langdetect_script_langs(script) - {target}
        answer = _langdetect(text, allowed)
        if answer and answer[0][0] in allowed:
            lang, prob = answer[0]
            return _words(lang, prob * share, lang == target, letters, clear=clear,
                          method="langdetect")
    return _words(best, confidence * share, best == target, letters, clear=clear)


def _ask_langdetect(text: str, target: str, script: str, share: float, letters: int, *,
                    fallback: str | None, coverage: float, clear: bool) -> _Judgement:
    """langdetect among the script's languages; overruled when it contradicts ``coverage``.

    ``coverage`` is the target's share of a short block's words (0 for long blocks): where the
    target knows most words of a fragment, langdetect's "Romanian" for "Subscribe" is noise.
    """
    allowed = _langdetect_script_langs(script) or None
    answer = _langdetect(text, allowed)
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
    text = _blank_addresses(text)
    letters, weights = _script_weights(text)
    if sum(weights.values()) < D.MIN_LETTERS:
        STATS["none"] += 1
        return _Judgement(NO_LANGUAGE, letters, "none", False)
    script, share = _main_script(weights)
    if script == "Other":
        STATS["none"] += 1
        return _Judgement(NO_LANGUAGE, letters, "none", False)
    if script in D.SCRIPT_LANGUAGE:
        lang = D.SCRIPT_LANGUAGE[script]
        return _words(lang, share, lang == target, letters, clear=lang != target,
                      method="script")
    sample = _sample(text)
    judgement = _judge_words(sample, target, script, share, letters)
    if judgement.detection.is_target is not False and script not in _target_scripts(target):
        # Cyrillic, Arabic ... in an English block: not English, even when no word list can
        # say which language of the script it is ("Буруу хуудас", Sorani, Uyghur).
        return _not_target(sample, target, script, share, letters, [], clear=True)
    return judgement


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

def detect(text: str, target: str = "en") -> Detection:
    """The language of ``text``, judged alone (no page context), and whether it is ``target``.

    >>> detect("Možda vas zanima").lang
    'sh'
    >>> detect("Subscribe").is_target
    True
    """
    return _judge(text, canonical_code(target)).detection


def apply_language(blocks: list[Block], *, target: str = "en",
                   policy: str = "drop") -> tuple[str | None, list[Flag]]:
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
    language (no flag for them).
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown language policy {policy!r}: expected one of {POLICIES}")
    target = canonical_code(target)
    judged = [_judge(block.text or block.raw, target) for block in blocks]

    letters_by_lang: Counter[str] = Counter()
    for block, judgement in zip(blocks, judged):
        if block.kept and judgement.detection.lang is not None:
            letters_by_lang[judgement.detection.lang] += judgement.letters
    page = None
    if letters_by_lang:
        page = max(letters_by_lang.items(), key=lambda kv: (kv[1], kv[0] == target, kv[0]))[0]

    prior = Detection(target, D.PRIOR_CONFIDENCE, True)
    flags: list[Flag] = []
    for block, judgement in zip(blocks, judged):
        found = judgement.detection
        if (page == target and found.lang != target and judgement.letters
                and not judgement.clear):
            found = prior
        block.lang, block.lang_confidence = found.lang, found.confidence
        if found.lang is None or found.is_target:
            continue
        text = block.text or block.raw
        applies = block.kept and not block.protected and page == target
        if not applies:
            flags.append(Flag(block.index, text, found.lang, found.confidence, block.kept))
        elif policy == "drop":
            block.drop(f"language:{found.lang}")
            flags.append(Flag(block.index, text, found.lang, found.confidence, False))
        elif policy == "flag":
            if block.verdict == "keep":
                block.verdict, block.reason = "flag", f"language:{found.lang}"
            flags.append(Flag(block.index, text, found.lang, found.confidence, True))
    return page, flags


def page_language(blocks: list[Block], *, target: str = "en") -> str | None:
    """The page's language from one look at the start of its kept text, with no block judged
    alone: the ``--fast`` profile's language stage (no flags, nothing dropped)."""
    text = " ".join(b.text or b.raw for b in blocks if b.kept)
    return _judge(_sample(text[: 2 * D.WORDS_SAMPLE_CHARS]), canonical_code(target)).detection.lang
