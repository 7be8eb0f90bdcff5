"""A run killed with SIGKILL and run again ends complete and byte-identical to a run that was never
interrupted (the manifest and atomic writes at work, end to end, through the real command line)."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.manifest import NAME
from cleaner.runner import LOCK_NAME

from test_runner import tree

PAGES = 500  # more than manifest.COMMIT_ROWS: the first commit cannot hold every page
WORDS = ("minister talks summit officials capital visit agreement border trade energy security "
         "council parliament election reform budget treaty harbour railway festival").split()

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def make_pages(root: Path) -> None:
    """Small, distinct, deterministic pages in a few folders."""
    for n in range(PAGES):
        words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(40)]
        title = f"Report {n}: {words[0].title()} {words[1].title()} {words[2].title()} Meet Again"
        body = [" ".join(words[i:i + 16]).capitalize() + f", officials said on day {n}." for i in (0, 8, 20)]
        path = root / f"part{n % 4}" / f"page{n:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join([title, "Subscribe", *body, "Share this article"]) + "\n", encoding="utf-8")


def command(root: Path, out: Path, fmt: str, jobs: int) -> list[str]:
    return [sys.executable, "-m", "cleaner.cli", "clean", str(root), "-o", str(out), "--format", fmt,
            "--jobs", str(jobs)]


def outputs(out: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(out).items() if not k.startswith(NAME) and k != LOCK_NAME}


def recorded(out: Path) -> int:
    """Inputs the manifest has committed so far (0 while it does not exist yet)."""
    if not (out / NAME).exists():
        return 0
    try:
        with sqlite3.connect(f"file:{out / NAME}?mode=ro", uri=True, timeout=0.1) as db:
            return db.execute("SELECT count(*) FROM inputs").fetchone()[0]
    except sqlite3.Error:
        return 0


def written(out: Path) -> int:
    return sum(1 for p in out.rglob("page*.txt")) if out.exists() else 0


def kill_when(proc: subprocess.Popen, ready, deadline_s: float = 120) -> None:
    """SIGKILL the run's whole process group once ``ready()`` is true (polled, no fixed sleeps)."""
    start = time.monotonic()
    while not ready():
        if proc.poll() is not None:
            pytest.fail("the run finished before it could be killed; make it longer")
        if time.monotonic() - start > deadline_s:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_kill_9_then_rerun_matches_an_uninterrupted_run(tmp_path, fmt):
    root = tmp_path / "in"
    make_pages(root)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    subprocess.run(command(root, whole, fmt, 1), check=True, env=env, capture_output=True)

    proc = subprocess.Popen(command(root, resumed, fmt, 2), env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if fmt == "txt":
        kill_when(proc, lambda: written(resumed) >= 20)
        assert 0 < written(resumed) < PAGES  # really cut short
    else:
        kill_when(proc, lambda: recorded(resumed) >= 1)
        assert not (resumed / "articles.jsonl").exists()  # written only at the end
    partial = recorded(resumed)
    assert partial < PAGES

    again = subprocess.run(command(root, resumed, fmt, 1), env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    if partial:
        assert "unchanged since the last run" in again.stderr  # the work already done was reused
    assert outputs(resumed) == outputs(whole)
    assert len(outputs(whole)) == (PAGES if fmt == "txt" else 1)
