"""Shared test setup: the ``--update-fixtures`` flag and paths to the repo's data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT / "seeds"
SHARED_BENCH = ROOT.parent / "shared" / "bench"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-fixtures", action="store_true", default=False,
                     help="rewrite fixtures/*/expected.txt from the current output, for review "
                          "with `git diff fixtures/` (those tests are reported as skipped)")


@pytest.fixture
def update_fixtures(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-fixtures"))
