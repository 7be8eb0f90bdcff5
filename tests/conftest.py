"""Shared test setup: the ``--update-fixtures`` flag, paths to the repo's data, and a table cache
of the test run's own (so tests neither read nor write the user's ``~/.cache/cleaner``)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT / "seeds"
SHARED_BENCH = ROOT.parent / "shared" / "bench"

# Inherited by the subprocesses the CLI tests start; a fresh folder per test run, removed when
# the run ends (pytest_unconfigure), so runs leave no tables behind in the temp folder.
TABLE_CACHE = tempfile.mkdtemp(prefix="cleaner-test-cache-")
os.environ["CLEANER_CACHE_DIR"] = TABLE_CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(TABLE_CACHE, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-fixtures", action="store_true", default=False,
                     help="rewrite fixtures/*/expected.txt from the current output, for review "
                          "with `git diff fixtures/` (those tests are reported as skipped)")


@pytest.fixture
def update_fixtures(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-fixtures"))
