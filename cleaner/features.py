"""Block features for the content scorer: what a block looks like, and what its page is.

Each block becomes a short vector of numbers (length, stop-word density in the page's own
language, sentence punctuation, title case, chrome vocabulary, position...) plus the same for its
neighbours. jusText's insight is kept: stop-word density separates prose from chrome in any
language, provided the stop words are the page's own (jusText's ~100 stoplists, which ship with
trafilatura's dependency, are used; the page's language is the list its words hit most).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from .dates import parse_date_line
from .vocabulary import BOUNDARY_PHRASES, CHROME_WORDS, TAIL_PHRASES

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TOKEN = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_COUNTER = re.compile(r"[\s(\[]*\d+[)\]]?\s*$|^\s*\d+\s+")
_BYLINE = re.compile(r"^(by|von|por|par|di|door|av|af)\s+\S", re.I)
_SEPARATORS = re.compile(r"[|•·»›]")
_NUMBERED = re.compile(r"^\(?\d{1,3}[.)]\s")
_GLUED = re.compile(r"[a-z][A-Z][a-z]")
_DATE_WORDS = re.compile(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|"
                         r"\d{1,2}:\d{2}|\b(19|20)\d{2}\b|\b(ago|updated|published|posted)\b")

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


@lru_cache(maxsize=1)
def stoplists() -> tuple[tuple[str, ...], dict[str, int]]:
    """jusText's stoplists as (language names, word → bit mask of languages), loaded once."""
    import justext

    names = tuple(sorted(justext.get_stoplists()))
    masks: dict[str, int] = {}
    for bit, name in enumerate(names):
        for word in justext.get_stoplist(name):
            masks[word] = masks.get(word, 0) | (1 << bit)
    return names, masks


def page_stoplist(texts: list[str]) -> int:
    """Bit of the stoplist whose words the page uses most (English when nothing hits)."""
    names, masks = stoplists()
    per_mask = Counter(masks.get(word, 0) for text in texts for word in _WORD.findall(text.lower()))
    per_mask.pop(0, None)
    counts = [0] * len(names)
    for mask, n in per_mask.items():  # few distinct masks: spread each one's count over its bits
        while mask:
            low = mask & -mask
            counts[low.bit_length() - 1] += n
            mask ^= low
    best = max(range(len(names)), key=lambda i: (counts[i], names[i] == "English"))
    return best if counts[best] else names.index("English")


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


def block_vector(text: str, position: float, repeated: bool, stop_bit: int) -> list[float]:
    """The block-only features of one normalised block."""
    _, masks = stoplists()
    words = _WORD.findall(text)
    n = word_count(text)
    lower = [w.lower() for w in words]
    stop = sum(1 for w in lower if masks.get(w, 0) >> stop_bit & 1) / len(words) if words else 0.0
    long_words = [w for w in words if len(w) >= 4]
    title_case = sum(w[0].isupper() for w in long_words) / len(long_words) if long_words else 0.0
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    upper = sum(c.isupper() for c in text)
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
        1.0 if parse_date_line(text) else 0.0,
        sum(1 for w in lower if w in CHROME_WORDS) / len(words) if words else 0.0,
        1.0 if is_boundary(text) else 0.0,
        1.0 if is_byline(text) else 0.0,
        min(len(_SEPARATORS.findall(text)), 5) / 5,
        1.0 if n <= 3 else 0.0,
        1.0 if n >= 25 else 0.0,
        position,
        1.0 if repeated else 0.0,
        1.0 if ("http" in text or "www." in text or ".com" in text) and n <= 6 else 0.0,
        1.0 if _NUMBERED.match(text) else 0.0,
        1.0 if _GLUED.search(text) else 0.0,
        1.0 if n <= 15 and _DATE_WORDS.search(text) else 0.0,
        1.0 if text.endswith("?") else 0.0,
        1.0 if "©" in text or "rights reserved" in text.lower() else 0.0,
        1.0 if is_tail_boundary(text) else 0.0,
    ]


def prose_score(vec: list[float]) -> float:
    """How much a block reads like article prose, 0..1, from its own features (for context)."""
    words = math.expm1(vec[2])
    return min(words / 25, 1.0) * (0.5 + 0.5 * vec[4]) * min(vec[3] / 0.3, 1.0)


def page_vectors(texts: list[str]) -> list[list[float]]:
    """Feature vectors (block + context) for every block of one page."""
    stop_bit = page_stoplist(texts)
    n = len(texts)
    seen: dict[str, int] = {}
    for t in texts:
        seen[t.casefold()] = seen.get(t.casefold(), 0) + 1
    own = [block_vector(t, i / max(n - 1, 1), seen[t.casefold()] > 1, stop_bit)
           for i, t in enumerate(texts)]
    prose = [prose_score(v) for v in own]
    boundary_seen = tail_seen = 0.0
    tail = BLOCK_FEATURES.index("tail")
    vectors = []
    for i, vec in enumerate(own):
        def at(j: int) -> float:
            return prose[j] if 0 <= j < n else 0.0
        near = max((prose[j] for j in range(max(0, i - 3), min(n, i + 4)) if j != i), default=0.0)
        vectors.append(vec + [at(i - 1), at(i + 1), at(i - 2), at(i + 2), boundary_seen, near, tail_seen])
        if vec[BLOCK_FEATURES.index("boundary")] and i / max(n - 1, 1) > 0.2:
            boundary_seen = 1.0
        if vec[tail] and max(prose[:i], default=0.0) > 0.5:
            tail_seen = 1.0
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


def words(text: str) -> list[str]:
    """Words made of letters (digits and punctuation are not words)."""
    return _WORD.findall(text)


def is_byline(text: str) -> bool:
    """A short "By Name" line (in the languages whose word for "by" :data:`_BYLINE` knows)."""
    return bool(_BYLINE.match(text)) and len(_WORD.findall(text)) <= 8


def word_count(text: str) -> int:
    """Words of a block; scripts written without spaces (Chinese, Japanese) count one word per
    two characters, about their average word length, so their prose is not taken for chrome."""
    words = _WORD.findall(text)
    cjk = len(_CJK.findall(text))
    return len(words) + cjk // 2 - sum(1 for w in words if _CJK.search(w)) if cjk else len(words)
