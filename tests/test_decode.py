"""cleaner.decode: bytes to text, BOM → UTF-8 → declared charset → detection; binary refused."""
from __future__ import annotations

import codecs
import gzip

import pytest

from cleaner.decode import (Decoded, DecodeError, _decode_with, charset_of_record, declared_charset, decode_bytes,
                            looks_binary,
                            utf16_by_nuls)

TEXT = "Héllo, naïve café — “quoted” Привет"

RUSSIAN = (
    "Министр иностранных дел России Сергей Лавров прибыл в Пхеньян, где проведёт переговоры "
    "со своим северокорейским коллегой. Как сообщили в министерстве, стороны обсудят ситуацию "
    "на Корейском полуострове, а также двустороннее сотрудничество в области экономики, "
    "культуры и образования. Визит продлится два дня, после чего министр вернётся в Москву."
)


# --- BOMs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_bom_decodes_text_without_the_bom(bom, codec):
    decoded = decode_bytes(bom + TEXT.encode(codec))
    assert decoded.text == TEXT
    assert "bom" in decoded.encoding
    assert decoded.encoding.startswith(codecs.lookup(codec).name)
    assert decoded.fixes == ()


def test_utf8_bom_via_utf_8_sig_encoder():
    decoded = decode_bytes(TEXT.encode("utf-8-sig"))
    assert decoded.text == TEXT
    assert "\ufeff" not in decoded.text
    assert "bom" in decoded.encoding


def test_utf16_with_bom_is_not_mistaken_for_binary():
    # UTF-16 of ASCII text is full of NUL bytes
    data = codecs.BOM_UTF16_LE + ("Plain ASCII article text. " * 50).encode("utf-16-le")
    assert decode_bytes(data).text == "Plain ASCII article text. " * 50


# --- UTF-8 fast path -------------------------------------------------------------------------------

def test_valid_utf8_fast_path():
    decoded = decode_bytes(TEXT.encode("utf-8"))
    assert decoded == Decoded(TEXT, "utf-8", ())


def test_ascii_is_utf8():
    assert decode_bytes(b"just ascii\n").encoding == "utf-8"


def test_empty_bytes_decode_to_empty_utf8():
    decoded = decode_bytes(b"")
    assert decoded.text == ""
    assert decoded.encoding == "utf-8"
    assert decoded.fixes == ()


# --- legacy encodings ------------------------------------------------------------------------------

def test_cp1251_russian_paragraph_detected():
    data = RUSSIAN.encode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # precondition: the fast path cannot take it
    decoded = decode_bytes(data)
    assert decoded.text == RUSSIAN
    assert decoded.encoding == "cp1251"


def test_declared_charset_argument_is_used():
    data = RUSSIAN.encode("cp1251")
    decoded = decode_bytes(data, declared="windows-1251")
    assert decoded.text == RUSSIAN
    assert decoded.encoding == "cp1251"
    assert decoded.fixes == ()


HTML_1252 = (b'<!DOCTYPE html><html><head><meta charset="windows-1252"><title>t</title></head>'
             b"<body><p>caf\xe9 na\xefve \x93quoted\x94 \x96 dash</p></body></html>")


def test_meta_charset_used_for_bytes_invalid_as_utf8():
    decoded = decode_bytes(HTML_1252)
    assert decoded.encoding == "cp1252"
    assert "café naïve “quoted” – dash" in decoded.text
    assert decoded.fixes == ()


def test_http_equiv_meta_charset_recognised():
    data = (b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            b"</head><body>caf\xe9</body></html>")
    assert declared_charset(data) == "cp1252"
    assert "café" in decode_bytes(data).text


def test_declared_argument_wins_over_meta():
    data = b'<meta charset="windows-1252"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>'
    decoded = decode_bytes(data, declared="windows-1251")
    assert "Привет" in decoded.text
    assert decoded.encoding == "cp1251"


def test_unknown_declared_charset_falls_through_to_meta():
    decoded = decode_bytes(HTML_1252, declared="x-no-such-charset")
    assert decoded.encoding == "cp1252"
    assert "café" in decoded.text


def test_declared_charset_none_without_meta_and_for_unknown_names():
    assert declared_charset(b"<html><body>no meta</body></html>") is None
    assert declared_charset(b'<meta charset="klingon-8">') is None


def test_meta_charset_ignored_when_bytes_are_valid_utf8():
    data = '<meta charset="windows-1252"><p>café</p>'.encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert "café" in decoded.text


UTF16_TEXT = "Привет, мир: a page served as UTF-16LE without a byte-order mark."


def test_declared_utf16_without_bom_is_decoded():
    # was a known bug: UTF-16 of ASCII/Cyrillic is valid UTF-8, so the fast path took it
    decoded = decode_bytes(UTF16_TEXT.encode("utf-16-le"), declared="utf-16-le")
    assert decoded == Decoded(UTF16_TEXT, "utf-16-le", ())


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_undeclared_utf16_without_bom_detected_from_nul_pattern(codec):
    decoded = decode_bytes(UTF16_TEXT.encode(codec))
    assert decoded.text == UTF16_TEXT
    assert decoded.encoding == codec
    assert decoded.fixes == (f"decoded as {codec} (detected from NUL bytes)",)


def test_utf16_by_nuls():
    assert utf16_by_nuls("Hello world".encode("utf-16-le")) == "utf-16-le"
    assert utf16_by_nuls("Hello world".encode("utf-16-be")) == "utf-16-be"
    assert utf16_by_nuls(b"Hello world") is None
    assert utf16_by_nuls(bytes(range(256)) * 4) is None   # NULs everywhere: not a pattern


def test_utf8_with_a_stray_nul_still_takes_the_fast_path():
    data = "Plain text with one stray NUL\x00 in a long line of café prose.".encode() * 3
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == data.decode("utf-8")


def test_declared_narrow_charset_on_nul_heavy_binary_is_still_refused():
    with pytest.raises(DecodeError):
        decode_bytes(PNG, declared="windows-1252")


# --- detection: the least implausible candidate ----------------------------------------------------

@pytest.mark.parametrize("text, codec, want", [
    # charset-normalizer alone ranks cp1250 first here ("déjà" → "déjŕ")
    ("café déjà vu résumé naïve", "latin-1", "cp1252"),
    ("Größere Änderungen für die Straße über München.", "latin-1", "cp1252"),
    ("He said “it doesn’t matter” – and left… © 2019", "cp1252", "cp1252"),
    ("Ministar je rekao da će razgovori biti nastavljeni. Možda vas zanima. Počet, čudo.", "cp1250", "cp1250"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy. Počet lidí vzrostl.", "cp1250", "cp1250"),
    ("Zażółć gęślą jaźń. Wiadomości z kraju i ze świata.", "cp1250", "cp1250"),
    (RUSSIAN, "cp1251", "cp1251"),
    ("Привет мир, новости дня.", "koi8-r", "koi8-r"),
    ("Ελληνικά νέα από την Αθήνα σήμερα.", "cp1253", "cp1253"),
    ("北京今天天气很好，新闻报道如下。", "gb18030", "gb18030"),
])
def test_detection_prefers_the_plausible_decoding(text, codec, want):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == want
    assert decoded.fixes == (f"decoded as {want} (detected)",)


# --- binary content --------------------------------------------------------------------------------

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
       b"\x1f\xf3\xffa\x00\x00\x00\x19tEXtSoftware\x00" + bytes(range(256)) * 4)


def test_png_bytes_raise_decode_error():
    with pytest.raises(DecodeError):
        decode_bytes(PNG)


def test_gzip_bytes_raise_decode_error():
    data = gzip.compress(("Some article text that compresses. " * 200).encode(), mtime=0)
    with pytest.raises(DecodeError):
        decode_bytes(data)


def test_decode_error_is_a_value_error():
    assert issubclass(DecodeError, ValueError)


def test_looks_binary():
    assert looks_binary(b"") is False
    assert looks_binary(b"plain text\n\twith tabs\r\n") is False
    assert looks_binary(b"abc\x00def") is True
    # more than 5% control bytes (other than tab, LF, VT, FF, CR) is binary; exactly 5% is not
    assert looks_binary(b"\x01" * 6 + b"a" * 94) is True
    assert looks_binary(b"\x01" * 5 + b"a" * 95) is False
    assert looks_binary(b"\t\n\r\x0b\x0c" * 100) is False


def test_looks_binary_false_for_utf16_with_bom():
    # was a known bug: the NUL halves of UTF-16 code units were counted as control bytes
    assert looks_binary(codecs.BOM_UTF16_LE + "Plain article text.".encode("utf-16-le")) is False
    assert looks_binary(codecs.BOM_UTF16_BE + "Plain article text.".encode("utf-16-be")) is False


def test_looks_binary_true_for_control_bytes_after_a_utf16_bom():
    assert looks_binary(codecs.BOM_UTF16_LE + ("\x01\x02\x03\x04" * 40).encode("utf-16-le")) is True


# --- replacement reporting -------------------------------------------------------------------------

def test_undecodable_bytes_are_replaced_and_reported():
    decoded = _decode_with(b"ab\xffcd\xfe", "utf-8", "fallback")
    assert decoded.text == "ab\ufffdcd\ufffd"
    assert decoded.fixes == ("replaced 2 undecodable bytes",)
    assert decoded.encoding == "utf-8"


def test_decode_with_bom_marks_encoding():
    assert _decode_with(b"x", "UTF8", "bom").encoding == "utf-8 (bom)"


# --- declared charset of a JSONL record ------------------------------------------------------------

@pytest.mark.parametrize("meta, want", [
    ({"charset": "windows-1251"}, "windows-1251"),
    ({"encoding": "latin-1"}, "latin-1"),
    ({"content-type": "text/html; charset=UTF-8"}, "UTF-8"),
    ({"headers": {"Content-Type": "text/html; charset=\"koi8-r\""}}, "koi8-r"),
    ({"headers": {"content-type": "text/html"}}, None),
    ({}, None),
])
def test_charset_of_record(meta, want):
    assert charset_of_record(meta) == want


# --- declared charsets decoded as browsers do (WHATWG Encoding Standard) ------------------------

@pytest.mark.parametrize("label, data, text, codec", [
    ("iso-8859-1", b"that\x92s \x80 5, caf\xe9", "that\u2019s \u20ac 5, caf\u00e9", "cp1252"),
    ("ISO_8859-1", b"\x93quoted\x94 \x96 dash", "\u201cquoted\u201d \u2013 dash", "cp1252"),
    ("us-ascii", b"caf\xe9 \x85", "caf\u00e9 \u2026", "cp1252"),
    ("latin1", b"na\xefve\x99", "na\u00efve\u2122", "cp1252"),
    ("iso-8859-9", b"\x80 \xfd\xf0", "\u20ac \u0131\u011f", "cp1254"),
    ("tis-620", b"\x80 \xa1", "\u20ac \u0e01", "cp874"),
    ("shift_jis", "\u2460\u3042".encode("cp932"), "\u2460\u3042", "cp932"),
    ("gb2312", "\u4e2d\u6587\u20ac".encode("gb18030"), "\u4e2d\u6587\u20ac", "gb18030"),
])
def test_declared_charset_decoded_as_browsers_do(label, data, text, codec):
    page = b'<html><head><meta charset="' + label.encode() + b'"></head><body>' + data + b"</body></html>"
    decoded = decode_bytes(page)
    assert text in decoded.text
    assert decoded.encoding == codec
    assert any("as browsers do" in fix for fix in decoded.fixes)


def test_a_charset_browsers_take_as_it_is_has_no_fix():
    page = '<html><head><meta charset="windows-1251"></head><body>Привет</body></html>'.encode("cp1251")
    decoded = decode_bytes(page)
    assert "Привет" in decoded.text and decoded.encoding == "cp1251" and decoded.fixes == ()


def test_the_fix_reaches_the_article_metadata():
    import cleaner
    page = (b'<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article><p>'
            b"It is a long story that\x92s worth telling, and the caf\xe9 was open all the time "
            b"for the people of the town.</p></article></body></html>")
    article = cleaner.clean(page, kind="html")
    assert "that\u2019s" in article.body and article.metadata.encoding == "cp1252"
    assert any("as browsers do" in fix for fix in article.metadata.fixes)
