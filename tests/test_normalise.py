"""cleaner.normalise: encoding repair, NFC, white space and invisible characters."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.model import Block
from cleaner.normalise import describe_steps, needs_repair, normalise_blocks, normalise_text, repair_text


# --- normalise_text: spaces ------------------------------------------------------------------------

@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u3000", "\u2002", "\u202f", "\t", "\u2028"])
def test_unicode_spaces_fold_to_one_ascii_space(space):
    assert normalise_text(f"one{space}two") == "one two"


def test_runs_of_mixed_spaces_fold_to_one_space_and_ends_are_stripped():
    assert normalise_text("\u00a0 a \u00a0\u2009\u3000 b\t\u00a0") == "a b"


# --- normalise_text: invisible and control characters ------------------------------------------------

@pytest.mark.parametrize("char, name", [
    ("\u200b", "zero-width space"),
    ("\u200c", "zero-width non-joiner"),
    ("\u200d", "zero-width joiner"),
    ("\u00ad", "soft hyphen"),
    ("\ufeff", "BOM / zero-width no-break space"),
    ("\u200e", "left-to-right mark"),
    ("\u200f", "right-to-left mark"),
    ("\u202a", "left-to-right embedding"),
    ("\u202e", "right-to-left override"),
    ("\u2066", "left-to-right isolate"),
    ("\u2069", "pop directional isolate"),
    ("\u2060", "word joiner"),
    ("\u061c", "arabic letter mark"),
    ("\x00", "NUL"),
    ("\x07", "BEL"),
    ("\x1b", "ESC"),
    ("\x7f", "DEL"),
    ("\x85", "C1 NEL"),
    ("\x9f", "C1 APC"),
])
def test_invisible_and_control_characters_are_removed(char, name):
    assert normalise_text(f"Sub{char}scribe") == "Subscribe", name


def test_invisible_characters_removed_without_joining_words_separated_by_space():
    assert normalise_text("co\u00adoperate \u200bnow\ufeff") == "cooperate now"


def test_a_line_of_only_invisible_characters_becomes_empty():
    assert normalise_text("\u200b\ufeff\u00ad \u00a0") == ""


# --- normalise_text: NFC ---------------------------------------------------------------------------

def test_combining_acute_composes_to_precomposed_e():
    out = normalise_text("cafe\u0301")
    assert out == "caf\u00e9"
    assert len(out) == 4


def test_nfc_applies_after_an_invisible_character_between_base_and_mark():
    # the zero-width space goes first, then e + combining acute compose
    assert normalise_text("cafe\u200b\u0301") == "caf\u00e9"


def test_already_nfc_text_unchanged():
    text = "Привет, мир. 中文新闻. naïve café."
    assert normalise_text(text) == text


# --- repair_text: mojibake -------------------------------------------------------------------------

def test_mojibake_apostrophe_repaired_and_curly_quote_kept():
    fixed, steps = repair_text("doesnâ€™t")
    assert fixed == "doesn\u2019t"
    assert steps == ["mojibake: utf-8 read as windows-1252"]


def test_mojibake_cyrillic_repaired():
    fixed, steps = repair_text("ÐŸÑ€Ð¸Ð²ÐµÑ‚")
    assert fixed == "Привет"
    assert steps == ["mojibake: utf-8 read as windows-1252"]


def test_double_mojibake_repaired_and_reported_as_two_layers():
    twice = "doesn’t".encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252")
    assert twice == "doesnÃ¢â‚¬â„¢t"
    assert repair_text(twice) == ("doesn’t", ["mojibake: utf-8 read as windows-1252 (2 layers)"])


def test_mojibake_next_to_correct_text_is_repaired_and_reported_alike():
    fixed, steps = repair_text("caf\u00c3\u00a9 and caf\u00e9")
    assert fixed == "café and café"
    assert steps == ["mojibake: utf-8 read as windows-1252"]


def test_c1_quotes_from_latin1_decoding_become_windows_1252_quotes():
    assert repair_text("a \x93quote\x94") == ("a “quote”", ["mojibake: windows-1252 read as latin-1"])


def test_latin_ligature_expanded_and_reported():
    assert repair_text("\ufb01ne") == ("fine", ["latin ligatures expanded"])


def test_describe_steps_unknown_step_kept_readable():
    assert describe_steps([("apply", "some_new_fix")]) == ["apply some_new_fix"]


def test_typographic_quotes_and_dashes_are_kept_by_default():
    text = "\u201cPeace\u201d \u2014 he said \u2018now\u2019"
    assert repair_text(text) == (text, [])


def test_straighten_quotes_option_uncurls():
    fixed, _ = repair_text("\u201cHi\u201d, doesn\u2019t", straighten_quotes=True)
    assert fixed == "\"Hi\", doesn't"


# --- repair_text: HTML entities --------------------------------------------------------------------

def test_entities_decoded_even_when_text_contains_a_less_than_sign():
    fixed, steps = repair_text("Tom &amp; Jerry&#8217;s show: 1 < 2")
    assert fixed == "Tom & Jerry\u2019s show: 1 < 2"
    assert steps == ["html entities"]


def test_entities_decoded_when_less_than_comes_first():
    fixed, _ = repair_text("a < b &amp;&amp; c &gt; d")
    assert fixed == "a < b && c > d"


def test_hex_entity_decoded():
    assert repair_text("caf&#xE9;")[0] == "caf\u00e9"


def test_ampersand_without_entity_left_alone():
    assert repair_text("AT&T and R&D") == ("AT&T and R&D", [])


# --- legitimate text is left alone ------------------------------------------------------------------

LEGIT = [
    "Možda vas zanima",
    "Ministar je rekao da će razgovori biti nastavljeni.",
    "Министр иностранных дел России прибыл в Пхеньян.",
    "外交部长抵达平壤进行会谈。",
    "naïve café",
    "Ça coûte 5 €, señor.",
]


@pytest.mark.parametrize("text", LEGIT)
def test_legitimate_non_ascii_text_unchanged_and_no_fixes(text):
    assert repair_text(text) == (text, [])


@pytest.mark.parametrize("text", LEGIT)
def test_needs_repair_false_for_clean_non_ascii(text):
    assert needs_repair(text) is False


@pytest.mark.parametrize("text", ["Plain ASCII text.", "AT&T & friends", "a < b", ""])
def test_needs_repair_false_for_plain_ascii(text):
    assert needs_repair(text) is False


@pytest.mark.parametrize("text", ["doesnâ€™t", "Tom &amp; Jerry", "x &#8217; y", "broken \ufffd char",
                                  "\ufb01ne", "a \x93quote\x94", "\x1b[31mred\x1b[0m"])
def test_needs_repair_true_for_mojibake_entities_and_replacement_char(text):
    assert needs_repair(text) is True


# --- normalise_blocks ------------------------------------------------------------------------------

def test_normalise_blocks_sets_text_keeps_raw_and_returns_fixes():
    raws = ["doesnâ€™t\u00a0stop", "Tom &amp; Jerry", "doesnâ€™t", "Plain line."]
    blocks = [Block(index=i, raw=r) for i, r in enumerate(raws)]
    fixes = normalise_blocks(blocks)
    assert [b.text for b in blocks] == ["doesn\u2019t stop", "Tom & Jerry", "doesn\u2019t", "Plain line."]
    assert [b.raw for b in blocks] == raws
    assert len(fixes) == len(set(fixes)), "fixes are distinct"
    # order of first use: block 0 (mojibake) was repaired before block 1 (entities)
    assert fixes == ["mojibake: utf-8 read as windows-1252", "html entities"]


def test_normalise_blocks_on_clean_blocks_reports_no_fixes():
    blocks = [Block(index=i, raw=r) for i, r in enumerate(LEGIT + ["Plain\u00a0ASCII"])]
    assert normalise_blocks(blocks) == []
    assert blocks[-1].text == "Plain ASCII"
    assert [b.text for b in blocks[:-1]] == LEGIT


def test_normalise_blocks_straighten_quotes():
    blocks = [Block(index=0, raw="\u201cQuoted\u201d")]
    normalise_blocks(blocks, straighten_quotes=True)
    assert blocks[0].text == "\"Quoted\""


def test_normalise_text_is_idempotent_on_its_output():
    once = normalise_text(" a\u00a0\u200bb  cafe\u0301 \x00 ")
    assert normalise_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


# --- the gate changes no output ----------------------------------------------------------------------

GATE_CASES = LEGIT + [
    "Plain ASCII text.", "AT&T & friends", "a < b &amp; c", "doesnâ€™t", "ÐŸÑ€Ð¸Ð²ÐµÑ‚", "\ufb01ne",
    "\x1b[31mred\x1b[0m", "a \x93quote\x94", "cafe\u0301 NFD", "“Peace” — he said ‘now’",
    "line\u2028break", "tab\there", "x\u00a0y", "Ã©tÃ© 20 Â°C", "¯\\_(ツ)_/¯", "ＡＢＣ full width",
]


@pytest.mark.parametrize("text", GATE_CASES)
def test_gate_gives_the_same_text_and_fixes_as_ftfy_on_every_block(text):
    gated, ungated = repair_text(text), repair_text(text, gate=False)
    assert normalise_text(gated[0]) == normalise_text(ungated[0])
    assert gated[1] == ungated[1]


@pytest.mark.parametrize("text", GATE_CASES)
def test_gate_gives_the_same_output_when_straightening_quotes(text):
    assert (repair_text(text, straighten_quotes=True)
            == repair_text(text, straighten_quotes=True, gate=False))


def test_gate_gives_the_same_output_on_every_seed_line():
    from conftest import SEEDS
    lines = [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text("utf-8").splitlines()]
    assert len(lines) > 100
    for line in lines:
        assert repair_text(line) == repair_text(line, gate=False), line


_ALPHABET = ("abcXYZ 12&;#<>amp" "éàïçñöüßÃÂâÐÑ€™‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜š›œžŸ\u00a0"
             "ПриветмирЖЯё" "čćšžđŁń" "中文。" "\u0301\x85\x93\ufffd\ufb01")


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(alphabet=_ALPHABET, max_size=40),
    st.text(alphabet=_ALPHABET, max_size=20).map(
        lambda t: t.encode("utf-8").decode("cp1252", errors="replace")),
    st.text(alphabet=_ALPHABET, max_size=20).map(
        lambda t: t.encode("utf-8").decode("latin-1")),
))
def test_gate_never_changes_the_outcome(text):
    gated, ungated = repair_text(text), repair_text(text, gate=False)
    assert normalise_text(gated[0]) == normalise_text(ungated[0])
    assert gated[1] == ungated[1]


# --- line breaks of a dump: only LF, CR, CRLF split it, before repair ---------------------------

def test_a_mojibake_line_holding_nel_is_one_block_and_repaired():
    """"х" in UTF-8 is D1 85: read as Latin-1 the 0x85 is U+0085 (NEL), which str.splitlines
    takes for a line break; the dump line must stay whole until ftfy repairs it."""
    import cleaner

    russian = "Хорошо, что хлеб и сахар есть у всех."
    mojibake = russian.encode("utf-8").decode("latin-1")
    assert "\x85" in mojibake
    article = cleaner.clean("Заголовок статьи сегодня\n" + mojibake + "\nКонец строки здесь.\n", kind="text")
    assert [b.text for b in article.blocks][1:] == [russian, "Конец строки здесь."]


def test_dump_lines_do_not_split_at_nel_or_u2028():
    from cleaner.split import split_text

    blocks = split_text("one\u2028still one\x85and one\r\ntwo\rthree\n\nfour\x0cfive\x1esix")
    assert [b.raw for b in blocks] == ["one\u2028still one\x85and one", "two", "three", "four", "five", "six"]
