"""The test run's own table cache (conftest.py) goes when the run ends: no 37 MB folder is left in
the temp directory by each run."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, TABLE_CACHE


def test_this_run_uses_its_own_cache_folder() -> None:
    assert os.environ["CLEANER_CACHE_DIR"] == TABLE_CACHE and Path(TABLE_CACHE).is_dir()


def test_a_test_run_leaves_no_cache_folder_behind(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "tests/test_plausible.py"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "TMPDIR": str(tmp_path)})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "100%" in run.stdout
    assert list(tmp_path.glob("cleaner-test-cache-*")) == []
