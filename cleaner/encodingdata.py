"""Data for decoding and repair: alphabets, common marks, and the words used to report fixes.

Only tables here; :mod:`cleaner.plausible` and :mod:`cleaner.normalise` hold the logic.
"""
from __future__ import annotations

from types import MappingProxyType

#: The non-ASCII letters of the languages a scraped news page is most often written in, lower
#: case, by script. A decoding whose letters fit one alphabet is plausible; one that needs
#: letters from several (``déjŕ``: French é with Slovak ŕ) is probably the wrong code page.
ALPHABETS: MappingProxyType[str, MappingProxyType[str, frozenset[str]]] = MappingProxyType({
    "LATIN": MappingProxyType({lang: frozenset(letters) for lang, letters in {
        "fr": "àâæçéèêëîïôœùûüÿ",
        "de": "äöüß",
        "es": "áéíñóúü",
        "pt": "áâãàçéêíóôõúü",
        "it": "àèéìíîòóùú",
        "nl": "áéëïóöüèĳ",
        "nordic": "åäæøöéáðþíóúý",
        "fi": "äöåšž",
        "pl": "ąćęłńóśźż",
        "cs": "áčďéěíňóřšťúůýž",
        "sk": "áäčďéíĺľňóôŕšťúýž",
        "hu": "áéíóöőúüű",
        "ro": "ăâîșțşţ",
        "sh": "čćđšž",                 # Serbian/Croatian/Bosnian Latin
        "sl": "čšž",
        "tr": "çğıöşüâî",
        "lt": "ąčęėįšųūž",
        "lv": "āčēģīķļņšūž",
        "et": "äöõüšž",
        "ga": "áéíóú",
        "vi": "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
    }.items()}),
    "CYRILLIC": MappingProxyType({lang: frozenset(letters) for lang, letters in {
        "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
        "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
        "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
        "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    }.items()}),
})

#: Punctuation, symbols and spaces that ordinary text uses; any other non-letter outside ASCII
#: (box drawing, C1 controls, ``¹``, ``¤``) counts against a decoding.
COMMON_MARKS = frozenset(
    "\u00a0\u2009\u202f\u2002\u2003"             # spaces
    "‘’‚“”„‹›«»′″"                               # quotes
    "–—‐‑−…•·¡¿§¶†‡‰"                            # dashes, ellipsis, bullets
    "©®™°±×÷£€¥¢µ²³½¼¾№"                          # symbols
    "。、，：；！？「」『』（）《》〈〉・〜"               # CJK punctuation
)

#: Marks that may stand between two letters (``don’t``, ``l·l``, ``co‐op``, ``day—and``).
WORD_INTERNAL_MARKS = frozenset("’‘·‐‑–—")

#: When decodings are equally plausible (often identical: cp1251 and cp1252 agree on quotes and
#: dashes), prefer the code pages of the Western web, in this order, over the detector's choice.
PREFERRED_ENCODINGS = ("cp1252", "cp1251", "cp1250", "koi8-r")

#: How many characters of a candidate decoding are scored (bounded cost on big pages).
SCORE_SAMPLE_CHARS = 65536

#: NULs on one side of the byte pairs, above this share of the bytes, mean UTF-16 (UTF-8 text
#: has none; UTF-16 of a Chinese page with a few ASCII digits and spaces has a few per cent).
NUL_SHARE_UTF16 = 0.02

#: ftfy's names for its steps, as a person reads them in ``metadata.fixes``.
FTFY_STEP_PHRASES = MappingProxyType({
    "unescape_html": "html entities",
    # ftfy's repair of mojibake next to correct text in one block: the same fault, said the same way
    "decode_inconsistent_utf8": "mojibake: utf-8 read as windows-1252",
    "fix_c1_controls": "c1 control characters read as windows-1252",
    "fix_latin_ligatures": "latin ligatures expanded",
    "uncurl_quotes": "quotes straightened",
    "fix_surrogates": "surrogate pairs joined",
    "remove_terminal_escapes": "terminal escape codes removed",
    "restore_byte_a0": "lost non-breaking spaces restored",
    "replace_lossy_sequences": "unrecoverable mojibake replaced with \ufffd",
})

#: ftfy's encoding names, as reported.
FTFY_ENCODING_NAMES = MappingProxyType({
    "sloppy-windows-1252": "windows-1252",
    "sloppy-windows-1251": "windows-1251",
    "sloppy-windows-1250": "windows-1250",
    "sloppy-windows-1253": "windows-1253",
    "sloppy-windows-1254": "windows-1254",
    "utf-8-variants": "utf-8",
})
