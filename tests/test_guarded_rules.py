"""Rule files as a run sees them: invalid files stop the run before any work, naming file, rule id
and field; a regex that backtracks catastrophically fails its page alone, with a clear message;
a long but ordinary block is not mistaken for one."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bad_input import GOOD_CANONICAL
from cleaner.cli import main
from cleaner.rules import load_rules

SLOW_RULE = "[[rule]]\nid = \"mine.slow\"\nregex = '(a|aa)+$'\naction = \"drop\"\n"


def make_run(tmp_path: Path, rules: str) -> tuple[Path, Path]:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.toml").write_text(rules, encoding="utf-8")
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "good.txt").write_text(GOOD_CANONICAL.replace("\n\n", "\n"), encoding="utf-8")
    (pages / "trap.txt").write_text(GOOD_CANONICAL + "a" * 60 + "b\n", encoding="utf-8")
    return tmp_path / "rules", pages


def test_catastrophic_regex_fails_only_the_page_it_hangs_on(tmp_path):
    rules, pages = make_run(tmp_path, SLOW_RULE)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(pages), "-o", str(out), "--rules", str(rules), "-j", "1"])
    assert result.exit_code == 1, result.output
    (error,) = [json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert error["input"] == str(pages / "trap.txt")
    assert error["error"].startswith("RuleTimeout: rule 'mine.slow': regex took over ")
    assert error["error"].endswith(" on a block of 61 characters (catastrophic backtracking?)")
    assert (out / "good.txt").read_text("utf-8") == GOOD_CANONICAL
    assert not (out / "trap.txt").exists()  # no half-cleaned page


def test_long_ordinary_block_is_not_taken_for_backtracking():
    """A 5 MB line through the shipped regex rules: a linear scan (about 0.25 s for
    global.cookies), which the time limit allows for in proportion to the block's length (the
    fixed 0.05 s failed from about 1 MB on)."""
    sentence = "the quick brown fox jumps over the lazy dog and then some more words follow here. "
    block = sentence * (5_000_000 // len(sentence))
    rules = [r for r in load_rules().rules if r.matcher == "regex"]
    assert rules
    assert [r.id for r in rules if r.matches(block)] == []
    assert [r.id for r in rules if r.matches(block + " We use cookies.")] == ["global.cookies"]


def test_invalid_rule_file_stops_the_run_before_any_work(tmp_path):
    rules, pages = make_run(tmp_path, "[[rule]]\nid = \"mine.bad\"\nprefix = 3\nacton = \"drop\"\ncase = \"no\"\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(pages), "-o", str(out), "--rules", str(rules)])
    assert result.exit_code == 2
    where = f"{rules / 'mine.toml'} rule 'mine.bad'"
    for field, message in [("prefix", "must be str, not int"), ("acton", "unknown key"),
                           ("case", "must be bool, not str"), ("action", "missing")]:
        assert f"{where} field '{field}': {message}" in result.output
    assert not out.exists()
