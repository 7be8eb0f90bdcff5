"""cleaner.prefilter: the literals it derives are necessary (a text the regex matches always holds
one of them), so skipping a rule on a block without them never changes an answer."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.prefilter import literal_finder, required_literals
from cleaner.rules import load_rules

SHIPPED = [r for f in load_rules().files for r in f.rules if r.matcher == "regex"]


def compiled(pattern: str, case: bool = True):
    return regex.compile(pattern, regex.V0 | (0 if case else regex.IGNORECASE))


def holds(pattern: str, text: str, case: bool = True) -> bool:
    """What the Matcher asks: does ``text`` pass the pattern's prefilter (True when it has none)."""
    need = required_literals(pattern, case)
    if need is None:
        return True
    literals, folded = need
    subject = text.casefold() if folded else text
    return any(literal in subject for literal in literals)


def test_most_shipped_regex_rules_get_a_prefilter():
    with_one = [r.id for r in SHIPPED if required_literals(r.pattern, r.case)]
    assert len(with_one) >= 0.75 * len(SHIPPED), with_one


def test_every_shipped_example_a_rule_matches_passes_its_prefilter():
    checked = 0
    for rule in SHIPPED:
        for text in rule.drop_examples + rule.keep_examples:
            if rule.matches(text):
                assert holds(rule.pattern, text, rule.case), (rule.id, text)
                checked += 1
    assert checked > 50


def test_literals_read_by_hand():
    literals, folded = required_literals(r"(?i)^(read more|related stories)\b")
    assert sorted(literals) == ["read more", "related stories"] and folded
    literals, folded = required_literals(r"^\d+ Komentar[ai]?$")
    assert literals == {" Komentar"} and not folded
    literals, _ = required_literals(r"\bcredits?\s*:", case=False)
    assert literals == {"credit"}  # "credits" holds "credit": the shorter one suffices
    literals, _ = required_literals(r"^\((ap|afp)\)$")
    assert literals == {"(ap)", "(afp)"}  # a known prefix and suffix multiply out
    assert required_literals(r"^(?i:news)feed") == ({"feed"}, False)  # outside the scoped flag


def test_no_prefilter_where_none_can_be_proved():
    for pattern in (
        r"^(Menu|)$",                 # one alternative needs nothing
        r"^(sign in)?\s*\d+$",        # optional
        r"^\w+ \1$",                  # no literal at all
        r"(?i)^(ad|advert)$",         # "ad": too short to be worth a test
        r"^[[:alpha:]]+ news$",       # POSIX class: the standard parser would misread it
        r"(?:colour){e<=1}",          # fuzzy matching: "color" matches without the literal
        r"\p{Lu}\p{Ll}+ said",        # the standard parser cannot read \p
        r"^(?i:news|sport)$",         # a scoped flag: left alone
        r"(?|(sign) in|(log) in)",    # branch reset
    ):
        assert required_literals(pattern) is None, pattern


def test_case_folding_covers_what_ignorecase_matches():
    # The Kelvin sign matches "k" when case is ignored, and casefolds to "k"
    assert compiled(r"(?i)kelvin").search("\u212aelvin")
    assert holds(r"(?i)kelvin scale", "The \u212aELVIN SCALE")
    assert holds(r"photo credit", "PHOTO CREDIT: x", case=False)
    assert not holds(r"Photo credit:", "PHOTO CREDIT: x")  # case-sensitive rule, and no match
    assert not compiled(r"Photo credit:").search("PHOTO CREDIT: x")


def test_literal_finder_finds_any_of_its_strings():
    finder = literal_finder({"sign in", "sign up", "sign", "log out", "a.b", "(c)"})
    assert [bool(finder.search(t)) for t in ("xx sign", "log ou", "a.b", "axb", "©(c)", "c")] == \
        [True, False, True, False, True, False]


_PIECES = ["read more", "Read More", "READ", "photo", "Photo:", "credit", "(AP)", "(ap)", "©", "sign in",
           "comments", "Komentar", "ago", " 3 hours ago", "Subscribe", "cookies", "we use", "\u212a", "ß",
           "SS", ":", " ", "x", "1", "-", "|", "Getty Images", "newsletter"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
def test_prefilter_never_rejects_a_text_a_shipped_rule_matches(text):
    for rule in SHIPPED:
        if rule.matches(text):
            assert holds(rule.pattern, text, rule.case), (rule.id, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "ab", "(", ")", "?", "|", "x", "\\d", "+", "*", "[ab]", "(?i)"]),
                min_size=1, max_size=7).map("".join),
       st.text(alphabet="abABx()1 ", max_size=12))
def test_prefilter_is_necessary_for_generated_patterns(pattern, text):
    try:
        rx = compiled(pattern)
    except regex.error:
        return
    if rx.search(text):
        assert holds(pattern, text), (pattern, text)
