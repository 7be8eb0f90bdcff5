"""Normalisation: encoding repair (ftfy), Unicode NFC, white space and invisible characters.

Every later stage, and the rule matchers, read ``block.text`` as produced here, so a rule written
as ``line = "Subscribe"`` also matches ``"Subscribe\u00a0"`` or ``"Sub\u200bscribe"`` in the source.
"""
from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CHARMAP_ENCODINGS, DOUBLE_QUOTE_RE, HTML_ENTITY_RE, SINGLE_QUOTE_RE

from .encodingdata import FTFY_ENCODING_NAMES, FTFY_STEP_PHRASES
from .model import Block

#: ftfy's configuration. Typographic quotes and dashes carry meaning and are kept
#: (``uncurl_quotes=False``); full-width CJK forms are legitimate text (``fix_character_width=False``);
#: HTML entities are decoded explicitly because ftfy's "auto" mode turns itself off after the
#: first ``<`` it sees, and a text dump may legitimately contain one. Line breaks, control
#: characters and NFC are left to :func:`normalise_text`, which treats every block alike: so ftfy
#: only ever changes what :func:`needs_repair` can see, and the gate changes no output.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=True,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
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
#: What ftfy changes outside mojibake (which :func:`is_bad` finds): C1 controls, Latin ligatures,
#: surrogates, terminal escapes, the replacement character left by lossy mojibake.
_FTFY_TARGETS = re.compile("[\x1b\x80-\x9f\ufb00-\ufb06\ud800-\udfff\ufffd]")


def build_mojibake_pairs() -> re.Pattern[str]:
    """A pattern for the only shape ftfy can fix: a UTF-8 lead byte followed by a continuation
    byte (or the space that replaced a lost 0xA0), as read in one of ftfy's single-byte
    encodings. Text without such a pair skips ftfy's slower ``is_bad`` test."""
    import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-* codecs

    def chars(encoding: str, first: int, last: int) -> str:
        text = bytes(range(first, last + 1)).decode(encoding, errors="ignore")
        return "".join(sorted(set(text)))

    # one class of lead bytes and one of continuations over all the encodings (looser than
    # pairs per encoding, and a far faster regex: ``is_bad`` decides the rest); a space may
    # stand for a lost 0xA0 in every encoding but macroman, as in ftfy
    def char_class(encodings: list[str], first: int, last: int) -> str:
        return "[" + re.escape("".join(sorted(set("".join(chars(e, first, last) for e in encodings))))) + "]"

    not_mac = [e for e in CHARMAP_ENCODINGS if e != "macroman"]
    return re.compile(f"{char_class(CHARMAP_ENCODINGS, 0xC0, 0xF4)}{char_class(CHARMAP_ENCODINGS, 0x80, 0xBF)}"
                      f"|{char_class(not_mac, 0xC0, 0xF4)} ")


_MOJIBAKE_PAIR = build_mojibake_pairs()


def needs_repair(text: str) -> bool:
    """Cheap gate before ftfy: only text with an HTML entity, a sign of mojibake or a character
    ftfy would change goes through the repair, which runs at about 2 MB/s even on clean text
    (``bench/normalise_speed.py`` measures the gain)."""
    if "&" in text and HTML_ENTITY_RE.search(text):
        return True
    if text.isascii():
        return "\x1b" in text
    if _FTFY_TARGETS.search(text):
        return True
    return _MOJIBAKE_PAIR.search(text) is not None and is_bad(text)


def repair_text(text: str, *, straighten_quotes: bool = False, gate: bool = True) -> tuple[str, list[str]]:
    """Repair mojibake and HTML entities in one block; return the text and what was done, in
    words a person reads (``"mojibake: utf-8 read as windows-1252"``, ``"html entities"``).
    ``gate=False`` sends every block through ftfy (for measuring the gate)."""
    config = FTFY_STRAIGHT_QUOTES if straighten_quotes else FTFY_CONFIG
    curly = straighten_quotes and (SINGLE_QUOTE_RE.search(text) or DOUBLE_QUOTE_RE.search(text))
    if gate and not curly and not needs_repair(text):
        return text, []
    fixed, explanation = ftfy.fix_and_explain(text, config=config)
    return fixed, describe_steps(explanation or [])


def describe_steps(steps: list[tuple[str, str]]) -> list[str]:
    """ftfy's explanation as phrases: each encode/decode pair is one layer of mojibake
    (``"mojibake: utf-8 read as windows-1252"``, ``"... (2 layers)"`` when fixed twice).

    >>> describe_steps([("encode", "sloppy-windows-1252"), ("decode", "utf-8")])
    ['mojibake: utf-8 read as windows-1252']
    >>> describe_steps([("apply", "unescape_html")])
    ['html entities']
    """
    phrases: dict[str, int] = {}
    encoded = None
    for action, arg in steps:
        if action == "encode":
            encoded = FTFY_ENCODING_NAMES.get(arg, arg)
            continue
        if action == "decode" and encoded is not None:
            phrase = f"mojibake: {FTFY_ENCODING_NAMES.get(arg, arg)} read as {encoded}"
            encoded = None
        else:
            phrase = FTFY_STEP_PHRASES.get(arg, f"{action} {arg}")
        phrases[phrase] = phrases.get(phrase, 0) + 1
    return [p if n == 1 or not p.startswith("mojibake") else f"{p} ({n} layers)"
            for p, n in phrases.items()]


def normalise_text(text: str) -> str:
    """NFC, invisible characters removed, every run of white space folded to one space, stripped.

    >>> normalise_text("a\\u00a0\\u00a0b\\u200b c\\t")
    'a b c'
    """
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def normalise_blocks(blocks: list[Block], *, straighten_quotes: bool = False,
                     gate: bool = True) -> list[str]:
    """Set ``block.text`` for every block; return the distinct repairs made, in order of first use."""
    fixes: dict[str, None] = {}
    for block in blocks:
        fixed, steps = repair_text(block.raw, straighten_quotes=straighten_quotes, gate=gate)
        fixes.update(dict.fromkeys(steps))
        block.text = normalise_text(fixed)
        for _ in range(REPAIR_ROUNDS if block.text != block.raw else 0):
            # ftfy is not idempotent on every string ("A0\x8dÀµ"; "Â\t?" becomes "Â ?", which it
            # reads as mojibake): repeat until the text is stable, so cleaning twice changes nothing
            fixed, steps = repair_text(block.text, straighten_quotes=straighten_quotes, gate=gate)
            if normalise_text(fixed) == block.text:
                break
            fixes.update(dict.fromkeys(steps))
            block.text = normalise_text(fixed)
    return list(fixes)
