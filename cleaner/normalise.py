"""Normalisation: encoding repair (ftfy), Unicode NFC, white space and invisible characters.

Every later stage, and the rule matchers, read ``block.text`` as produced here, so a rule written
as ``line = "Subscribe"`` also matches ``"Subscribe\u00a0"`` or ``"Sub\u200bscribe"`` in the source.
"""
from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

from .model import Block

#: ftfy's configuration. Typographic quotes and dashes carry meaning and are kept
#: (``uncurl_quotes=False``); full-width CJK forms are legitimate text (``fix_character_width=False``);
#: HTML entities are decoded explicitly because ftfy's "auto" mode turns itself off after the
#: first ``<`` it sees, and a text dump may legitimately contain one.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=True,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_line_breaks=True,
    normalization="NFC",
    explain=True,
)
FTFY_STRAIGHT_QUOTES = FTFY_CONFIG._replace(uncurl_quotes=True)

# Zero-width and other format characters (Unicode category Cf: ZWSP, ZWJ, BOM, soft hyphen,
# bidi marks) and control characters (Cc) are removed; all white space folds to one space.
#: Repairs after the first, at most, until a block stops changing (one is almost always enough).
REPAIR_ROUNDS = 3

_INVISIBLE = re.compile(r"[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e"
                        r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
_SPACES = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def needs_repair(text: str) -> bool:
    """Cheap gate before ftfy: clean ASCII without entities, and text with no mojibake signs,
    skip the expensive repair (ftfy on clean text runs at a few MB/s)."""
    if text.isascii():
        return "&" in text and _ENTITY.search(text) is not None
    return is_bad(text) or ("&" in text and _ENTITY.search(text) is not None) or "\ufffd" in text


def repair_text(text: str, *, straighten_quotes: bool = False) -> tuple[str, list[str]]:
    """Repair mojibake and HTML entities in one block; return the text and what ftfy did."""
    config = FTFY_STRAIGHT_QUOTES if straighten_quotes else FTFY_CONFIG
    if not straighten_quotes and not needs_repair(text):
        return text, []
    fixed, explanation = ftfy.fix_and_explain(text, config=config)
    steps = [f"{step}:{arg}" if arg else step for step, arg in (explanation or [])]
    return fixed, steps


def normalise_text(text: str) -> str:
    """NFC, invisible characters removed, every run of white space folded to one space, stripped.

    >>> normalise_text("a\\u00a0\\u00a0b\\u200b c\\t")
    'a b c'
    """
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def normalise_blocks(blocks: list[Block], *, straighten_quotes: bool = False) -> list[str]:
    """Set ``block.text`` for every block; return the distinct repairs made, in order of first use."""
    fixes: dict[str, None] = {}
    for block in blocks:
        fixed, steps = repair_text(block.raw, straighten_quotes=straighten_quotes)
        fixes.update(dict.fromkeys(steps))
        block.text = normalise_text(fixed)
        for _ in range(REPAIR_ROUNDS if block.text != block.raw else 0):
            # ftfy is not idempotent on every string ("A0\x8dÀµ"; "Â\t?" becomes "Â ?", which it
            # reads as mojibake): repeat until the text is stable, so cleaning twice changes nothing
            fixed, steps = repair_text(block.text, straighten_quotes=straighten_quotes)
            if normalise_text(fixed) == block.text:
                break
            fixes.update(dict.fromkeys(steps))
            block.text = normalise_text(fixed)
    return list(fixes)
