"""cleaner.rules: loading and validating rule files, matchers, actions, precedence, selection."""
from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path

import pytest

from cleaner.model import Block
from cleaner.rules import (RuleError, RuleFile, RuleSet, RuleTimeout, apply_rules, check_examples,
                           load_rules)


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(content), encoding="utf-8")
    return path


def load(tmp_path: Path, content: str, name: str = "global.toml") -> RuleSet:
    d = tmp_path / "rules"
    write(d, name, content)
    return load_rules([d], builtin=False)


def one_rule(tmp_path: Path, body: str):
    rules = list(load(tmp_path, "[[rule]]\n" + textwrap.dedent(body)).rules)
    assert len(rules) == 1
    return rules[0]


def blocks_of(*texts: str) -> list[Block]:
    return [Block(index=i, raw=t, text=t) for i, t in enumerate(texts)]


def verdicts(blocks: list[Block]) -> list[str]:
    return [b.verdict for b in blocks]


# --- matchers --------------------------------------------------------------------------------------

def test_line_matcher_matches_whole_block_only(tmp_path):
    rule = one_rule(tmp_path, 'id = "t.line"\nline = "Newsfeed"\naction = "drop"\n')
    assert rule.matches("Newsfeed")
    assert not rule.matches("Newsfeed today")
    assert not rule.matches("The Newsfeed")
    assert not rule.matches("newsfeed")


def test_line_matcher_case_false(tmp_path):
    rule = one_rule(tmp_path, 'id = "t.line"\nline = "Newsfeed"\ncase = false\naction = "drop"\n')
    assert rule.matches("NEWSFEED")
    assert rule.matches("newsfeed")
    assert not rule.matches("newsfeeds")


def test_prefix_matcher(tmp_path):
    rule = one_rule(tmp_path, 'id = "t.prefix"\nprefix = "Read more:"\naction = "drop"\n')
    assert rule.matches("Read more: Lavrov in Pyongyang")
    assert rule.matches("Read more:")
    assert not rule.matches("Please Read more: now")
    assert not rule.matches("READ MORE: Lavrov")


def test_prefix_matcher_case_false(tmp_path):
    rule = one_rule(tmp_path, 'id = "t.prefix"\nprefix = "Read more:"\ncase = false\naction = "drop"\n')
    assert rule.matches("READ MORE: Lavrov")


def test_suffix_matcher(tmp_path):
    rule = one_rule(tmp_path, 'id = "t.suffix"\nsuffix = " - Sputnik International"\naction = "drop"\n')
    assert rule.matches("Seoul view - Sputnik International")
    assert not rule.matches("Sputnik International reported the talks.")
    assert not rule.matches("Seoul view - sputnik international")


def test_suffix_matcher_case_false(tmp_path):
    rule = one_rule(tmp_path, 'id = "t.suffix"\nsuffix = " - Sputnik International"\ncase = false\n'
                              'action = "drop"\n')
    assert rule.matches("Seoul view - SPUTNIK INTERNATIONAL")


def test_contains_matcher(tmp_path):
    rule = one_rule(tmp_path, 'id = "t.contains"\ncontains = "cookies"\naction = "drop"\n')
    assert rule.matches("We use cookies on this site")
    assert rule.matches("cookies")
    assert not rule.matches("We use COOKIES on this site")
    assert not rule.matches("We use biscuits")


def test_contains_matcher_case_false(tmp_path):
    rule = one_rule(tmp_path, 'id = "t.contains"\ncontains = "cookies"\ncase = false\naction = "drop"\n')
    assert rule.matches("We use COOKIES on this site")


def test_regex_matcher_is_searched_not_anchored(tmp_path):
    rule = one_rule(tmp_path, "id = \"t.regex\"\nregex = '\\d+ views'\naction = \"drop\"\n")
    assert rule.matches("1234 views")
    assert rule.matches("Seen: 12 views today")
    assert not rule.matches("no views")
    assert not rule.matches("12 VIEWS")


def test_regex_backslashes_kept_in_literal_strings(tmp_path):
    rule = one_rule(tmp_path, "id = \"t.regex\"\nregex = '^\\(c\\) \\w+$'\naction = \"drop\"\n")
    assert rule.matches("(c) Reuters")
    assert not rule.matches("c Reuters")


def test_regex_matcher_case_false(tmp_path):
    rule = one_rule(tmp_path, "id = \"t.regex\"\nregex = '^\\d+ views$'\ncase = false\naction = \"drop\"\n")
    assert rule.matches("12 VIEWS")


# --- actions ---------------------------------------------------------------------------------------

ACTIONS_FILE = """
[[rule]]
id = "t.drop"
line = "Advertisement"
action = "drop"

[[rule]]
id = "t.cut-rest"
line = "Newsfeed"
action = "cut-rest"

[[rule]]
id = "t.cut-before"
line = "Skip to content"
action = "cut-before"

[[rule]]
id = "t.flag"
prefix = "Editor's note"
action = "flag"

[[rule]]
id = "t.keep"
line = "Asia"
action = "keep"
"""


@pytest.fixture
def action_files(tmp_path):
    return load(tmp_path, ACTIONS_FILE).files


def test_drop_action(action_files):
    blocks = blocks_of("Intro.", "Advertisement", "Body.")
    fired = apply_rules(blocks, action_files)
    assert verdicts(blocks) == ["keep", "drop", "keep"]
    assert blocks[1].reason == "rule:t.drop"
    assert blocks[0].reason is None and blocks[2].reason is None
    assert fired == ["t.drop"]


def test_cut_rest_drops_the_block_and_all_later(action_files):
    blocks = blocks_of("Intro.", "Body.", "Newsfeed", "Comment one", "Comment two")
    fired = apply_rules(blocks, action_files)
    assert verdicts(blocks) == ["keep", "keep", "drop", "drop", "drop"]
    assert [b.reason for b in blocks[2:]] == ["rule:t.cut-rest"] * 3
    assert fired == ["t.cut-rest"]


def test_cut_rest_from_first_match(action_files):
    blocks = blocks_of("Intro.", "Newsfeed", "Middle", "Newsfeed", "End")
    apply_rules(blocks, action_files)
    assert verdicts(blocks) == ["keep", "drop", "drop", "drop", "drop"]


def test_cut_before_drops_the_block_and_all_earlier(action_files):
    blocks = blocks_of("Menu", "Home", "Skip to content", "Headline", "Body.")
    apply_rules(blocks, action_files)
    assert verdicts(blocks) == ["drop", "drop", "drop", "keep", "keep"]
    assert [b.reason for b in blocks[:3]] == ["rule:t.cut-before"] * 3


def test_cut_keeps_reason_of_a_block_already_dropped(action_files):
    blocks = blocks_of("Body.", "Newsfeed", "Advertisement", "Comment")
    apply_rules(blocks, action_files)
    assert verdicts(blocks) == ["keep", "drop", "drop", "drop"]
    assert blocks[2].reason == "rule:t.drop"
    assert blocks[3].reason == "rule:t.cut-rest"


def test_flag_action_sets_verdict_flag(action_files):
    blocks = blocks_of("Body.", "Editor's note: corrected", "More.")
    fired = apply_rules(blocks, action_files)
    assert verdicts(blocks) == ["keep", "flag", "keep"]
    assert blocks[1].reason == "rule:t.flag"
    assert blocks[1].kept
    assert fired == ["t.flag"]


def test_keep_action_protects_from_later_drop(action_files):
    blocks = blocks_of("Asia", "Body.")
    apply_rules(blocks, action_files)
    assert blocks[0].protected is True
    assert blocks[0].reason == "rule:t.keep"
    assert blocks[0].verdict == "keep"
    assert blocks[1].protected is False
    blocks[0].drop("heuristic:short-line")
    blocks[1].drop("heuristic:short-line")
    assert blocks[0].verdict == "keep" and blocks[0].reason == "rule:t.keep"
    assert blocks[1].verdict == "drop"


def test_keep_action_protects_from_cut_rest(action_files):
    blocks = blocks_of("Body.", "Newsfeed", "Asia", "Comment")
    apply_rules(blocks, action_files)
    assert verdicts(blocks) == ["keep", "drop", "keep", "drop"]
    assert blocks[2].reason == "rule:t.keep"


def test_keep_action_protects_from_cut_before(action_files):
    blocks = blocks_of("Menu", "Asia", "Skip to content", "Body.")
    apply_rules(blocks, action_files)
    assert verdicts(blocks) == ["drop", "keep", "drop", "keep"]


def test_fired_rules_listed_once_in_order_of_first_firing(action_files):
    blocks = blocks_of("Asia", "Advertisement", "Asia", "Advertisement", "Body.")
    assert apply_rules(blocks, action_files) == ["t.keep", "t.drop"]


def test_no_rules_no_changes(action_files):
    blocks = blocks_of("Body one.", "Body two.")
    assert apply_rules(blocks, action_files) == []
    assert verdicts(blocks) == ["keep", "keep"]
    assert apply_rules(blocks, []) == []


# --- precedence ------------------------------------------------------------------------------------

def make_site_and_global(tmp_path: Path) -> RuleSet:
    d = tmp_path / "rules"
    write(d, "global.toml", """
        [[rule]]
        id = "g.drop-newsfeed"
        line = "Newsfeed"
        action = "drop"

        [[rule]]
        id = "g.drop-asia"
        line = "Asia"
        action = "drop"
    """)
    write(d, "sites/sputnik.toml", """
        site = "sputnik"
        domains = ["sputniknews.com", "sputnikglobe.com"]
        detect = ["- Sputnik International"]

        [[rule]]
        id = "s.keep-newsfeed"
        line = "Newsfeed"
        action = "keep"
    """)
    write(d, "sites/tass.toml", """
        site = "tass"
        domains = ["tass.com"]
        detect = ["/TASS/."]

        [[rule]]
        id = "tass.all-news"
        line = "All news"
        action = "drop"
    """)
    return load_rules([d], builtin=False)


def test_site_keep_beats_global_drop(tmp_path):
    ruleset = make_site_and_global(tmp_path)
    files = ruleset.select("", "sputniknews.com")
    blocks = blocks_of("Newsfeed", "Asia")
    fired = apply_rules(blocks, files)
    assert blocks[0].verdict == "keep" and blocks[0].protected
    assert blocks[0].reason == "rule:s.keep-newsfeed"
    assert blocks[1].verdict == "drop" and blocks[1].reason == "rule:g.drop-asia"
    assert fired == ["s.keep-newsfeed", "g.drop-asia"]


def test_without_site_file_global_drop_applies(tmp_path):
    ruleset = make_site_and_global(tmp_path)
    files = ruleset.select("", "example.com")
    blocks = blocks_of("Newsfeed")
    apply_rules(blocks, files)
    assert blocks[0].verdict == "drop" and blocks[0].reason == "rule:g.drop-newsfeed"


def test_first_rule_in_file_order_wins(tmp_path):
    files = load(tmp_path, """
        [[rule]]
        id = "t.first"
        contains = "news"
        action = "flag"

        [[rule]]
        id = "t.second"
        line = "Newsfeed news"
        action = "drop"
    """).files
    blocks = blocks_of("Newsfeed news")
    assert apply_rules(blocks, files) == ["t.first"]
    assert blocks[0].verdict == "flag" and blocks[0].reason == "rule:t.first"


# --- selection -------------------------------------------------------------------------------------

def names(files: list[RuleFile]) -> list[str]:
    return [f.name for f in files]


def test_ruleset_files_global_first(tmp_path):
    ruleset = make_site_and_global(tmp_path)
    assert ruleset.files[0].site is None
    assert {f.site for f in ruleset.files[1:]} == {"sputnik", "tass"}


@pytest.mark.parametrize("domain", ["sputniknews.com", "www.sputniknews.com", "a.b.sputnikglobe.com",
                                    "WWW.SputnikNews.COM"])
def test_select_by_domain_and_subdomain(tmp_path, domain):
    ruleset = make_site_and_global(tmp_path)
    assert names(ruleset.select("no detect string here", domain)) == ["sputnik", "global"]


@pytest.mark.parametrize("domain", ["notsputniknews.com", "sputniknews.com.evil.org", "sputniknews.co"])
def test_select_no_false_suffix_match(tmp_path, domain):
    ruleset = make_site_and_global(tmp_path)
    assert names(ruleset.select("no detect string here", domain)) == ["global"]


def test_select_by_detect_without_domain(tmp_path):
    ruleset = make_site_and_global(tmp_path)
    page = "Lavrov in Pyongyang\nSeoul view - Sputnik International\nBody."
    assert names(ruleset.select(page, None)) == ["sputnik", "global"]
    assert names(ruleset.select("MOSCOW, June 1. /TASS/. Talks began.", None)) == ["tass", "global"]
    assert names(ruleset.select("An unknown site's page.", None)) == ["global"]


def test_select_domain_match_wins_over_detect(tmp_path):
    ruleset = make_site_and_global(tmp_path)
    page = "MOSCOW, June 1. /TASS/. Sputnik says - Sputnik International"
    assert names(ruleset.select(page, "tass.com")) == ["tass", "global"]


def test_global_always_included_and_last(tmp_path):
    ruleset = make_site_and_global(tmp_path)
    for page, domain in [("", None), ("", "tass.com"), ("- Sputnik International", None), ("x", "x.org")]:
        selected = ruleset.select(page, domain)
        assert selected[-1].site is None
        assert sum(f.site is None for f in selected) == 1


# --- load_rules: validation ------------------------------------------------------------------------

BAD_FILE = """\
site = "bad"
domains = ["bad.example"]
colour = "red"

[[rule]]
id = "bad.unknown-key"
line = "x"
action = "drop"
severity = "high"

[[rule]]
id = "bad.wrong-type"
line = "y"
action = "drop"
case = "no"

[[rule]]
id = "bad.missing-action"
line = "z"

[[rule]]
id = "bad.two-matchers"
line = "w"
prefix = "w"
action = "drop"

[[rule]]
id = "bad.regex"
regex = '(unclosed'
action = "drop"

[[rule]]
id = "bad.no-matcher"
action = "drop"

[[rule]]
id = "bad.bad-action"
line = "v"
action = "delete"
"""


def load_bad(tmp_path: Path, extra: dict[str, str] | None = None) -> tuple[RuleError, Path, Path]:
    d = tmp_path / "user-rules"
    path = write(d, "sites/bad.toml", BAD_FILE)
    for name, content in (extra or {}).items():
        write(d, name, content)
    # the shipped rules are valid: their presence must not hide the user's errors
    with pytest.raises(RuleError) as info:
        load_rules([d])
    return info.value, d, path


def find(problems, rule, field):
    return [p for p in problems if p.rule == rule and p.field == field]


def test_rule_error_lists_every_problem_with_file_rule_and_field(tmp_path):
    error, _, path = load_bad(tmp_path)
    problems = error.problems
    assert all(p.file == str(path) for p in problems)
    expected = [
        (None, "colour"),
        ("bad.unknown-key", "severity"),
        ("bad.wrong-type", "case"),
        ("bad.missing-action", "action"),
        ("bad.regex", "regex"),
        ("bad.no-matcher", "matcher"),
        ("bad.bad-action", "action"),
    ]
    for rule, field in expected:
        assert find(problems, rule, field), f"no problem reported for rule {rule!r} field {field!r}"
    two = [p for p in problems if p.rule == "bad.two-matchers"]
    assert len(two) == 1 and "line" in two[0].field and "prefix" in two[0].field
    assert len(problems) == len(expected) + 1
    # the rendered error names each of them
    message = str(error)
    for rule, field in expected:
        assert repr(field) in message
        if rule:
            assert repr(rule) in message


def test_duplicate_id_reported_alongside_other_errors(tmp_path):
    d = tmp_path / "user-rules"
    write(d, "bad.toml", """
        [[rule]]
        id = "dup.one"
        line = "a"
        action = "drop"

        [[rule]]
        id = "dup.one"
        line = "b"
        action = "drop"

        [[rule]]
        id = "dup.broken"
        line = "c"
    """)
    with pytest.raises(RuleError) as info:
        load_rules([d], builtin=False)
    assert find(info.value.problems, "dup.broken", "action")
    assert find(info.value.problems, "dup.one", "id")


def test_duplicate_id_in_one_file(tmp_path):
    d = tmp_path / "user-rules"
    path = write(d, "global.toml", """
        [[rule]]
        id = "dup.one"
        line = "a"
        action = "drop"

        [[rule]]
        id = "dup.one"
        line = "b"
        action = "drop"
    """)
    with pytest.raises(RuleError) as info:
        load_rules([d], builtin=False)
    (problem,) = info.value.problems
    assert (problem.file, problem.rule, problem.field) == (str(path), "dup.one", "id")


def test_duplicate_id_across_files_names_both(tmp_path):
    d = tmp_path / "user-rules"
    first = write(d, "a.toml", '[[rule]]\nid = "same"\nline = "a"\naction = "drop"\n')
    second = write(d, "b.toml", '[[rule]]\nid = "same"\nline = "b"\naction = "drop"\n')
    with pytest.raises(RuleError) as info:
        load_rules([d], builtin=False)
    (problem,) = info.value.problems
    assert problem.file == str(second) and problem.rule == "same" and problem.field == "id"
    assert str(first) in problem.message


def test_duplicate_of_a_builtin_rule_id(tmp_path):
    d = tmp_path / "user-rules"
    write(d, "mine.toml", '[[rule]]\nid = "global.subscribe"\nline = "x"\naction = "drop"\n')
    with pytest.raises(RuleError) as info:
        load_rules([d])
    assert find(info.value.problems, "global.subscribe", "id")


def test_invalid_toml_reported_with_file_name_and_other_files_still_checked(tmp_path):
    error, d, bad = load_bad(tmp_path, {"broken.toml": "[[rule]\nid = \n"})
    broken = [p for p in error.problems if p.file == str(d / "broken.toml")]
    assert len(broken) == 1
    assert broken[0].rule is None and broken[0].field is None
    assert "TOML" in broken[0].message
    assert str(d / "broken.toml") in str(error)
    assert any(p.file == str(bad) for p in error.problems), "errors of the other file are reported too"


def test_missing_id_and_wrong_types(tmp_path):
    d = tmp_path / "user-rules"
    path = write(d, "global.toml", """
        domains = "example.com"

        [[rule]]
        line = "a"
        action = "drop"

        [[rule]]
        id = "t.types"
        line = 5
        action = "drop"
        drop = "not a list"
        keep = [1, 2]
    """)
    with pytest.raises(RuleError) as info:
        load_rules([d], builtin=False)
    problems = info.value.problems
    assert all(p.file == str(path) for p in problems)
    assert find(problems, None, "domains")
    assert find(problems, "#1", "id")
    assert find(problems, "t.types", "line")
    assert find(problems, "t.types", "drop")
    assert find(problems, "t.types", "keep")


def test_empty_pattern_is_a_problem(tmp_path):
    d = tmp_path / "user-rules"
    write(d, "global.toml", '[[rule]]\nid = "t.empty"\ncontains = ""\naction = "drop"\n')
    with pytest.raises(RuleError) as info:
        load_rules([d], builtin=False)
    assert find(info.value.problems, "t.empty", "contains")


def test_missing_rules_folder(tmp_path):
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path / "nope"], builtin=False)
    assert info.value.problems[0].file == str(tmp_path / "nope")


def test_valid_user_rules_added_to_builtin(tmp_path):
    d = tmp_path / "user-rules"
    write(d, "sites/mine.toml", 'site = "mine"\ndomains = ["mine.example"]\n'
                                '[[rule]]\nid = "mine.x"\nline = "x"\naction = "drop"\n')
    ruleset = load_rules([d])
    ids = {r.id for r in ruleset.rules}
    assert "mine.x" in ids and "global.subscribe" in ids


def test_builtin_rules_load():
    ruleset = load_rules()
    assert any(r.id == "global.subscribe" for r in ruleset.rules)
    assert ruleset.files[0].site is None


# --- regex timeout ---------------------------------------------------------------------------------

def test_catastrophic_regex_raises_rule_timeout(tmp_path):
    rule = one_rule(tmp_path, "id = \"t.slow\"\nregex = '(a|aa)+$'\naction = \"drop\"\n")
    start = time.monotonic()
    with pytest.raises(RuleTimeout):
        rule.matches("a" * 40 + "b")
    assert time.monotonic() - start < 2


def test_catastrophic_regex_timeout_propagates_from_apply_rules(tmp_path):
    files = load(tmp_path, "[[rule]]\nid = \"t.slow\"\nregex = '(a|aa)+$'\naction = \"drop\"\n").files
    with pytest.raises(RuleTimeout):
        apply_rules(blocks_of("a" * 40 + "b"), files)


def test_nested_quantifier_does_not_hang(tmp_path):
    # '(a+)+$' is the textbook catastrophic pattern; whether the regex module answers quickly
    # (no match: the text ends in 'b') or times out, it must not hang
    rule = one_rule(tmp_path, "id = \"t.nested\"\nregex = '(a+)+$'\naction = \"drop\"\n")
    start = time.monotonic()
    try:
        result = rule.matches("a" * 30 + "b")
    except RuleTimeout:
        result = None
    assert result in (False, None)
    assert time.monotonic() - start < 2


# --- examples --------------------------------------------------------------------------------------

def test_check_examples_passes_for_correct_examples(tmp_path):
    rule = one_rule(tmp_path, """
        id = "t.ok"
        line = "Newsfeed"
        action = "cut-rest"
        drop = ["Newsfeed"]
        keep = ["The newsfeed feature was launched in 2006."]
    """)
    assert check_examples(rule) == []


def test_check_examples_reports_wrong_examples(tmp_path):
    rule = one_rule(tmp_path, """
        id = "t.wrong"
        prefix = "Read more"
        action = "drop"
        drop = ["Read more: story", "See also: story"]
        keep = ["Relatedly, prices fell.", "Read more carefully, the law says"]
    """)
    wrong = check_examples(rule)
    assert len(wrong) == 2
    assert any(w.startswith("should match") and "See also: story" in w for w in wrong)
    assert any(w.startswith("should not match") and "Read more carefully" in w for w in wrong)
    assert not any("Read more: story" in w or "Relatedly" in w for w in wrong)


def test_examples_are_normalised_like_blocks(tmp_path):
    rule = one_rule(tmp_path, """
        id = "t.norm"
        line = "Subscribe now"
        action = "drop"
        drop = ["Subscribe\u00a0now", "Sub\u200bscribe now "]
    """)
    assert rule.drop_examples == ("Subscribe now", "Subscribe now")
    assert check_examples(rule) == []


# --- digest ----------------------------------------------------------------------------------------

def test_digest_stable_and_changes_with_content(tmp_path):
    d = tmp_path / "user-rules"
    path = write(d, "global.toml", '[[rule]]\nid = "t.a"\nline = "a"\naction = "drop"\n')
    first = load_rules([d], builtin=False).digest
    assert load_rules([d], builtin=False).digest == first
    path.write_text('[[rule]]\nid = "t.a"\nline = "b"\naction = "drop"\n', encoding="utf-8")
    changed = load_rules([d], builtin=False).digest
    assert changed != first
    path.write_text('[[rule]]\nid = "t.a"\nline = "a"\naction = "drop"\n', encoding="utf-8")
    assert load_rules([d], builtin=False).digest == first


def test_digest_changes_when_a_file_is_added(tmp_path):
    d = tmp_path / "user-rules"
    write(d, "global.toml", '[[rule]]\nid = "t.a"\nline = "a"\naction = "drop"\n')
    before = load_rules([d], builtin=False).digest
    write(d, "sites/x.toml", 'site = "x"\n[[rule]]\nid = "x.b"\nline = "b"\naction = "drop"\n')
    assert load_rules([d], builtin=False).digest != before


def test_digest_does_not_depend_on_folder_location(tmp_path):
    d = tmp_path / "one"
    write(d, "global.toml", '[[rule]]\nid = "t.a"\nline = "a"\naction = "drop"\n')
    shutil.copytree(d, tmp_path / "two")
    assert load_rules([d], builtin=False).digest == load_rules([tmp_path / "two"], builtin=False).digest


def test_user_rules_change_the_digest_of_the_builtin_set(tmp_path):
    d = tmp_path / "user-rules"
    write(d, "global.toml", '[[rule]]\nid = "t.a"\nline = "a"\naction = "drop"\n')
    assert load_rules([d]).digest != load_rules().digest
