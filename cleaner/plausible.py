"""How implausible a decoding looks: the tie-breaker between the code pages a detector offers.

charset-normalizer often ranks a wrong single-byte code page first on Western text: cp1250 for
French (``déjà`` → ``déjŕ``), cp852 or cp775 for English with curly quotes (``“`` → ``ō``),
cp932 for English with apostrophes. Each wrong decoding leaves traces a reader would see at once,
and this module counts them:

- a letter whose script differs from the letter next to it (a kanji inside an English word);
- an upper-case non-ASCII letter straight after a lower-case letter (``jaŸñ``, KOI8 read as cp1251);
- a non-letter outside the everyday set (box drawing, ``¤``, C1 controls), or a mark inside a word
  that never stands there (``Za¿ó³æ``);
- non-ASCII letters that no single language's alphabet holds together (``déjŕ``, ``poèet``).

The lowest count wins; :mod:`cleaner.decode` breaks ties in favour of the Western code pages.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from .encodingdata import ALPHABETS, COMMON_MARKS, SCORE_SAMPLE_CHARS, WORD_INTERNAL_MARKS

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of a letter, from its Unicode name (``LATIN``, ``CYRILLIC``, ``CJK``...)."""
    if char.isascii():
        return "LATIN"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def count_implausible(text: str) -> int:
    """How many characters of ``text`` (its first :data:`SCORE_SAMPLE_CHARS`) look mis-decoded."""
    text = text[:SCORE_SAMPLE_CHARS]
    bad = 0
    letters: Counter[str] = Counter()
    last = len(text) - 1
    for match in _NON_ASCII.finditer(text):
        i, char = match.start(), match.group()
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i < last else " "
        if char.isalpha():
            script = script_of(char)
            if any(n.isalpha() and script_of(n) != script for n in (prev, nxt)):
                bad += 1
            if char.isupper() and prev.islower():
                bad += 1
            lower = char.lower()
            letters[lower if len(lower) == 1 else char] += 1
        elif char.isspace() or unicodedata.category(char) in ("Cf", "Mn"):
            continue
        elif char not in COMMON_MARKS:
            bad += 1
        elif prev.isalpha() and nxt.isalpha() and char not in WORD_INTERNAL_MARKS:
            bad += 1
    return bad + count_off_alphabet(letters)


def count_off_alphabet(letters: Counter[str]) -> int:
    """Per script with alphabets: the letters outside the best-fitting language's alphabet."""
    total = 0
    by_script: dict[str, Counter[str]] = {}
    for letter, n in letters.items():
        by_script.setdefault(script_of(letter), Counter())[letter] = n
    for script, counts in by_script.items():
        alphabets = ALPHABETS.get(script)
        if not alphabets:
            continue
        total += min(sum(n for letter, n in counts.items() if letter not in alphabet)
                     for alphabet in alphabets.values())
    return total
