"""Golden fixtures: ``fixtures/<case>/input.{txt,html}`` cleaned must equal ``expected.txt``.

Each expected file was written or read and checked by a person. ``expected.json``, where present,
holds the facts that matter beyond the text: ``title``, ``date``, ``site``, ``language``,
``encoding``, the language ``flags`` (``text``, ``kept`` and the acceptable ``language`` codes), and
``fixes`` (exactly) or ``fixes_include`` (among them) for ``metadata.fixes``.
``pytest --update-fixtures`` rewrites ``expected.txt`` from the current output for review with
``git diff fixtures/``; it never runs silently as part of a normal test run.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleaner
from conftest import FIXTURES

CASES = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "bad-input")  # its own tests


def input_of(case: Path) -> Path:
    return next(p for p in sorted(case.glob("input.*")))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_text(case: Path, update_fixtures: bool) -> None:
    article = cleaner.clean(input_of(case).read_bytes(), source_id=case.name)
    expected = case / "expected.txt"
    if update_fixtures:
        expected.write_text(article.canonical_text(), encoding="utf-8")
        pytest.skip(f"rewrote {expected.relative_to(FIXTURES.parent)}: review it with git diff")
    assert article.canonical_text() == expected.read_text(encoding="utf-8")


JSON_CASES = [c for c in CASES if (c / "expected.json").exists()]


@pytest.mark.parametrize("case", JSON_CASES, ids=[c.name for c in JSON_CASES])
def test_fixture_facts(case: Path) -> None:
    article = cleaner.clean(input_of(case).read_bytes(), source_id=case.name)
    record = article.to_record()
    facts = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    for key in ("title", "date", "site", "rule_site", "language", "encoding", "fixes"):
        if key in facts:
            assert record["metadata"][key] == facts[key], key
    for fix in facts.get("fixes_include", []):
        assert fix in record["metadata"]["fixes"], fix
    if "flags" in facts:
        got = [(f["text"], f["kept"]) for f in record["flags"]]
        assert got == [(f["text"], f["kept"]) for f in facts["flags"]]
        for flag, want in zip(record["flags"], facts["flags"]):
            codes = want["language"] if isinstance(want["language"], list) else [want["language"]]
            assert flag["language"] in codes, flag
