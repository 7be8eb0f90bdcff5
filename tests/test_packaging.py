"""The wheel a plain `pip install .` builds carries the rules and data, and cleans from them."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, SEEDS


def test_wheel_ships_rules_and_data_and_cleans_the_seeds(tmp_path: Path) -> None:
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                            str(tmp_path / "dist"), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("cleaner-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("cleaner/_rules/global.toml", "cleaner/_rules/sites/sputnik.toml",
                   "cleaner/data/scorer.json", "cleaner/report_page.html", "cleaner/py.typed"):
        assert needed in names, needed
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import cleaner.rules as r; print(r.builtin_rules_dir())"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert Path(where.stdout.strip()) == site / "cleaner" / "_rules", where.stderr
    run = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(SEEDS), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "000_9f1674006fe45cfa.txt").read_text(encoding="utf-8").startswith("Kim Wants")
