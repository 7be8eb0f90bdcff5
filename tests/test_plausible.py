"""cleaner.plausible: counting the traces a wrong code page leaves."""
from __future__ import annotations

import pytest

from cleaner.plausible import count_implausible


@pytest.mark.parametrize("text", [
    "He said “it doesn’t matter” — and left… © 2019, £40",
    "café déjà vu résumé naïve",
    "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Министр иностранных дел России прибыл в Пхеньян.",
    "外交部长抵达平壤进行会谈。",
    "the day—and the night",
])
def test_correct_text_counts_zero(text):
    assert count_implausible(text) == 0


@pytest.mark.parametrize("right, codec, wrong", [
    ("Ça coûte cher, señor", "latin-1", "cp1250"),  # coűte, seńor: Hungarian ű next to Polish ń
    ("He said “it” and left", "cp1252", "cp852"),   # “ → ō, glued to the word
    ("Zażółć gęślą jaźń", "cp1250", "cp1252"),       # Za¿ó³æ: marks inside words
    ("Привет мир", "cp1251", "cp1252"),              # Ïðèâåò: no alphabet holds these together
    ("Привет мир", "koi8-r", "cp1251"),              # case jumps inside words
])
def test_wrong_code_page_counts_more_than_the_right_one(right, codec, wrong):
    data = right.encode(codec)
    assert count_implausible(data.decode(wrong)) > count_implausible(right)


def test_french_read_as_cp1250_is_a_tie_that_the_preference_for_cp1252_breaks():
    # déjŕ naďve: é, ŕ and ď are all Slovak letters, so the count cannot tell; decode.detect
    # then prefers cp1252 (tested in test_decode.py)
    text = "café déjà vu, naïve"
    assert count_implausible(text.encode("latin-1").decode("cp1250")) == count_implausible(text) == 0
