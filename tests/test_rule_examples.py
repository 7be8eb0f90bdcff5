"""Every shipped rule's own examples, one test each: ``<rule id>-drop-<n>`` must match,
``<rule id>-keep-<n>`` must not (the sqlfluff habit: rule cases are data, collected here)."""
from __future__ import annotations

import pytest

from cleaner.rules import Rule, load_rules

RULES = list(load_rules().rules)
CASES = [(rule, text, True) for rule in RULES for text in rule.drop_examples] + \
        [(rule, text, False) for rule in RULES for text in rule.keep_examples]
IDS = [f"{rule.id}-{'drop' if should else 'keep'}-{n}"
       for n, (rule, _, should) in enumerate(CASES)]


@pytest.mark.parametrize("rule, text, should_match", CASES, ids=IDS)
def test_rule_example(rule: Rule, text: str, should_match: bool) -> None:
    assert rule.matches(text) is should_match


def test_every_shipped_rule_has_examples_of_both_kinds() -> None:
    missing = [r.id for r in RULES if not (r.drop_examples and r.keep_examples)]
    assert missing == []
