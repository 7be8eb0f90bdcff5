"""Block features for the content scorer: what a block looks like, and what its page is.

Each block becomes a short vector of numbers (length, stop-word density in the page's own
language, sentence punctuation, title case, chrome vocabulary, position...) plus the same for its
neighbours. jusText's insight is kept: stop-word density separates prose from chrome in any
language, provided the stop words are the page's own (jusText's ~100 stoplists, which ship with
trafilatura's dependency, are used; the page's language is the list its words hit most).
"""
from __future__ import annotations

import marshal
import math
import re
import string
from collections import Counter
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import NamedTuple, Sequence

from . import tablecache
from .caches import text_cache
from .dates import parse_date_line
from .thresholds import THRESHOLDS
from .vocabulary import BOUNDARY_PHRASES, BYLINE_WORDS, CHROME_WORDS, TAIL_PHRASES

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TOKEN = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_COUNTER = re.compile(r"[\s(\[]*\d+[)\]]?\s*$|^\s*\d+\s+")
_BYLINE = re.compile(r"^(?:" + "|".join(BYLINE_WORDS) + r")\s+\S", re.I)
_SEPARATORS = re.compile(r"[|•·»›]")
_NUMBERED = re.compile(r"^\(?\d{1,3}[.)]\s")
_GLUED = re.compile(r"[a-z][A-Z][a-z]")
_DATE_WORDS = re.compile(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|"
                         r"\d{1,2}:\d{2}|\b(19|20)\d{2}\b|\b(ago|updated|published|posted)\b")
_DATE_TERMS = re.compile(r"(?i)\b(ago|updated|published|posted)\b")  # _DATE_WORDS without digits
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*")  # _WORD on ASCII text, faster

#: Names of the features, in vector order (the scorer's weights follow this order).
BLOCK_FEATURES = (
    "bias", "log_chars", "log_words", "stop_density", "terminal", "commas_per_word",
    "title_case", "digit_share", "upper_share", "date_line", "chrome_share", "boundary",
    "byline", "separators", "short", "long", "position", "repeated", "url_like",
    "numbered", "glued", "dated_short", "question", "copyright", "tail",
)
CONTEXT_FEATURES = ("prev_prose", "next_prose", "prev2_prose", "next2_prose", "after_boundary",
                    "near_prose", "after_tail")
FEATURES = BLOCK_FEATURES + CONTEXT_FEATURES
#: Second stage (jusText's context pass, learned): a block's first-stage probability and those of
#: its neighbours.
STAGE2_FEATURES = ("bias", "p", "p_prev", "p_next", "p_prev2", "p_next2", "mean_before5", "mean_after5",
                   "max_before5", "max_after5", "mean_page", "rank_page", "log_words")
#: The region model (``cleaner.heuristics.outside_vectors``): whether a block outside the main
#: region, or above its headline, is article text after all, from its score and its place.
#: Each feature also enters times ``above``: what speaks for a block above the article (a first
#: section of a page that is not one article) differs from what speaks for one below it (comments).
REGION_BASE_FEATURES = ("bias", "p", "prose", "log_words", "above", "log_gap", "past_tail", "near_p",
                        "near_prose", "boundary_between", "region_prose_share", "log_region_words",
                        "title_case", "headline_shaped", "near_max_p", "rule_drops_between")
REGION_FEATURES = REGION_BASE_FEATURES + tuple(f"above*{f}" for f in REGION_BASE_FEATURES[1:] if f != "above")


class Stoplists(NamedTuple):
    """jusText's stoplists: the language names, and word → bit mask of the languages whose list
    holds it (bit ``i`` is ``names[i]``)."""

    names: tuple[str, ...]
    masks: dict[str, int]

    def to_bytes(self) -> bytes:
        return marshal.dumps((self.names, self.masks))

    @classmethod
    def from_bytes(cls, data: bytes) -> "Stoplists":
        try:
            names, masks = marshal.loads(data)
        except EOFError as error:
            raise ValueError("truncated stoplists") from error
        if not isinstance(masks, dict):
            raise TypeError("not a stoplist table")
        return cls(tuple(names), masks)


def _read_stoplists() -> Stoplists:
    import justext

    names = tuple(sorted(justext.get_stoplists()))
    masks: dict[str, int] = {}
    for bit, name in enumerate(names):
        for word in justext.get_stoplist(name):
            masks[word] = masks.get(word, 0) | (1 << bit)
    return Stoplists(names, masks)


@lru_cache(maxsize=1)
def stoplists() -> Stoplists:
    """jusText's stoplists, loaded once per process: from :mod:`cleaner.tablecache` when this
    code read them from this jusText before (reading ~100 files takes about 0.25 s)."""
    return tablecache.cached("stoplists", [Path(__file__)], ["jusText"], _read_stoplists,
                             Stoplists.from_bytes)


def page_stoplist(texts: list[str]) -> int:
    """Bit of the stoplist whose words the page uses most (English when nothing hits)."""
    return _best_stoplist(_WORD.findall(text.lower()) for text in texts)


def _best_stoplist(lowered_words) -> int:
    """:func:`page_stoplist` given each block's lower-cased words."""
    names, masks = stoplists()
    per_mask = Counter(map(masks.get, chain.from_iterable(lowered_words)))
    per_mask.pop(None, None)
    counts = [0] * len(names)
    for mask, n in per_mask.items():  # few distinct masks: spread each one's count over its bits
        for bit in _bits(mask):
            counts[bit] += n
    best = max(range(len(names)), key=lambda i: (counts[i], names[i] == "English"))
    return best if counts[best] else names.index("English")


@lru_cache(maxsize=1 << 14)
def _bits(mask: int) -> tuple[int, ...]:
    """The positions of the set bits of a stoplist mask (the languages a word is a stop word in)."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return tuple(out)


def boundary_key(text: str) -> str | None:
    """A short block reduced to its phrase: lower case, counters and punctuation stripped."""
    if len(text) > 40:
        return None
    return _COUNTER.sub("", text.lower()).strip(" :.-–—|»>()")


def is_boundary(text: str) -> bool:
    """A block that opens a non-article section ("Comments (12)", "Related stories", "Tags:")."""
    return boundary_key(text) in BOUNDARY_PHRASES


def is_tail_boundary(text: str) -> bool:
    """A block after which the page holds no more article: comment threads, story lists."""
    return boundary_key(text) in TAIL_PHRASES


def block_vector(text: str, position: float, repeated: bool, stop_bit: int,
                 lower: list[str] | None = None, found: list[str] | None = None) -> list[float]:
    """The block-only features of one normalised block.

    Written for speed (this runs once per block of every page): the words are found once, the
    character classes of ASCII text are counted with ``bytes.translate`` in C, and each test
    that only matters for short blocks runs only on them. The values are those of the plain
    definitions (``tests/test_features.py`` checks them against each other). ``found`` and
    ``lower``, when given, are the block's words and the same lower-cased, as
    :func:`page_vectors` finds them.
    """
    ascii = text.isascii()
    words = found if found is not None else _ASCII_WORD.findall(text) if ascii else _WORD.findall(text)
    n = _count_words(text, words)
    lowered = text.lower()
    if lower is None:
        lower = _ASCII_WORD.findall(lowered) if ascii else [w.lower() for w in words]
    if ascii:
        letters, digits, upper = _ascii_counts(text)
    else:
        letters, digits, upper = sum(map(str.isalpha, text)), sum(map(str.isdigit, text)), sum(map(str.isupper, text))
    n_words = len(words)
    if n_words:
        stop = sum(map(stopwords(stop_bit).__contains__, lower)) / n_words
        chrome = sum(map(CHROME_WORDS.__contains__, lower)) / n_words
    else:
        stop = chrome = 0.0
    long_words = [w for w in words if len(w) >= 4]
    title_case = len([w for w in long_words if w[0].isupper()]) / len(long_words) if long_words else 0.0
    key = boundary_key(text)
    return [
        1.0,
        math.log1p(len(text)),
        math.log1p(n),
        stop,
        1.0 if _TERMINAL.search(text) else 0.0,
        min((text.count(",") + text.count("、")) / n, 1.0) if n else 0.0,
        title_case,
        digits / (letters + digits) if letters + digits else 1.0,
        upper / letters if letters else 0.0,
        1.0 if digits and parse_date_line(text) else 0.0,
        chrome,
        1.0 if key in BOUNDARY_PHRASES else 0.0,
        1.0 if n_words <= 8 and _BYLINE.match(text) else 0.0,
        min(len(_SEPARATORS.findall(text)), 5) / 5,
        1.0 if n <= 3 else 0.0,
        1.0 if n >= 25 else 0.0,
        position,
        1.0 if repeated else 0.0,
        1.0 if n <= 6 and ("http" in text or "www." in text or ".com" in text) else 0.0,
        1.0 if _NUMBERED.match(text) else 0.0,
        1.0 if _GLUED.search(text) else 0.0,
        1.0 if n <= 15 and (_DATE_WORDS if digits else _DATE_TERMS).search(text) else 0.0,
        1.0 if text.endswith("?") else 0.0,
        1.0 if "©" in text or "rights reserved" in lowered else 0.0,
        1.0 if key in TAIL_PHRASES else 0.0,
    ]


_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_DIGITS = string.digits.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()


def _ascii_counts(text: str) -> tuple[int, int, int]:
    """Letters, digits and capitals of an ASCII text, counted by deleting them in C."""
    raw = text.encode("ascii")
    size = len(raw)
    return (size - len(raw.translate(None, _ASCII_LETTERS)), size - len(raw.translate(None, _ASCII_DIGITS)),
            size - len(raw.translate(None, _ASCII_UPPER)))


@lru_cache(maxsize=8)
def stopwords(bit: int) -> frozenset[str]:
    """The words of one stoplist (by its bit in :func:`stoplists`, as :func:`page_stoplist` gives it)."""
    _, masks = stoplists()
    return frozenset(word for word, mask in masks.items() if mask >> bit & 1)


def prose_score(vec: list[float]) -> float:
    """How much a block reads like article prose, 0..1, from its own features (for context)."""
    words = math.expm1(vec[2])
    return min(words / 25, 1.0) * (0.5 + 0.5 * vec[4]) * min(vec[3] / 0.3, 1.0)


_BOUNDARY = BLOCK_FEATURES.index("boundary")
_TAIL = BLOCK_FEATURES.index("tail")


def page_vectors(texts: list[str]) -> list[list[float]]:
    """Feature vectors (block + context) for every block of one page."""
    # ASCII blocks: their words once, lower-cased in C (an ASCII word's lower case is the word
    # the same pattern finds in the lower-cased text)
    found = [_ASCII_WORD.findall(t) if t.isascii() else None for t in texts]
    lowers = [list(map(str.lower, words)) if words is not None else None for words in found]
    stop_bit = _best_stoplist(lw if lw is not None else _WORD.findall(t.lower()) for t, lw in zip(texts, lowers))
    n = len(texts)
    folded = [t.casefold() for t in texts]
    seen = Counter(folded)
    last = max(n - 1, 1)
    own = [block_vector(t, i / last, seen[f] > 1, stop_bit, lw, words)
           for i, (t, f, lw, words) in enumerate(zip(texts, folded, lowers, found))]
    prose = [prose_score(v) for v in own]
    padded = [0.0, 0.0] + prose + [0.0, 0.0]
    boundary_seen = tail_seen = 0.0
    best_before = 0.0  # max(prose[:i])
    vectors = []
    for i, vec in enumerate(own):
        near = max(prose[max(0, i - 3):i] + prose[i + 1:i + 4], default=0.0)
        vec.extend((padded[i + 1], padded[i + 3], padded[i], padded[i + 4], boundary_seen, near, tail_seen))
        vectors.append(vec)
        if vec[_BOUNDARY] and i / last > 0.2:
            boundary_seen = 1.0
        if vec[_TAIL] and best_before > 0.5:
            tail_seen = 1.0
        best_before = max(best_before, prose[i])
    return vectors


def stage2_vectors(probs: list[float], word_counts: list[int]) -> list[list[float]]:
    """Second-stage features from first-stage probabilities: the block's own, its neighbours',
    windows before and after it, and where it stands on its page."""
    n = len(probs)
    mean_page = sum(probs) / n if n else 0.0
    order = sorted(range(n), key=lambda i: probs[i])
    rank = [0.0] * n
    for r, i in enumerate(order):
        rank[i] = r / max(n - 1, 1)
    out = []
    for i, p in enumerate(probs):
        def at(j: int) -> float:
            return probs[j] if 0 <= j < n else 0.0
        before = probs[max(0, i - 5):i] or [0.0]
        after = probs[i + 1:i + 6] or [0.0]
        out.append([1.0, p, at(i - 1), at(i + 1), at(i - 2), at(i + 2), sum(before) / len(before),
                    sum(after) / len(after), max(before), max(after), mean_page, rank[i],
                    math.log1p(word_counts[i])])
    return out


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


#: Bytes the caches of :func:`words` and :func:`word_count` may hold, each (keys and values).
WORD_CACHE_BYTES = 32 * 1024 * 1024


@text_cache(WORD_CACHE_BYTES)
def words(text: str) -> tuple[str, ...]:
    """Words made of letters (digits and punctuation are not words). Cached within
    :data:`WORD_CACHE_BYTES`: the heuristics ask again and again about the same few thousand
    blocks of a page."""
    return tuple(_WORD.findall(text))


def is_byline(text: str) -> bool:
    """A short "By Name" line (in the languages whose word for "by" :data:`_BYLINE` knows)."""
    return bool(_BYLINE.match(text)) and len(words(text)) <= 8


_SENTENCE_MARK = re.compile(r"[.!?…。！？](?:\s|$)")


def is_long_prose(text: str, min_words: int | None = None) -> bool:
    """A block of running prose too long to be chrome: at least ``min_words`` words (default
    ``phrase_guard_words``) and a sentence end. Steps and rules that remove a block for a phrase
    it holds, or for where it stands, leave such a block (on old layouts a whole article is one
    block)."""
    least = THRESHOLDS["phrase_guard_words"] if min_words is None else min_words
    return len(text) >= least * 2 and word_count(text) >= least and bool(_SENTENCE_MARK.search(text))


@text_cache(WORD_CACHE_BYTES)
def word_count(text: str) -> int:
    """Words of a block; scripts written without spaces (Chinese, Japanese) count one word per
    two characters, about their average word length, so their prose is not taken for chrome."""
    return _count_words(text, words(text))


def _count_words(text: str, words: Sequence[str]) -> int:
    """:func:`word_count` given the block's :data:`_WORD` matches."""
    if text.isascii() or not _CJK.search(text):
        return len(words)
    cjk = len(_CJK.findall(text))
    return len(words) + cjk // 2 - sum(1 for w in words if _CJK.search(w))
