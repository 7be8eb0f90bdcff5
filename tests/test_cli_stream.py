"""``cleaner clean - -o -`` as a filter in a shell pipe: a record comes out as soon as it went in,
a bad line does not stop the stream, and a reader that goes away (``| head -1``) ends it quietly.

These run the installed console script in a subprocess whose stdin stays open. A reader thread
with a join timeout only keeps a broken build from hanging the suite; no test asserts on time.
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

from conftest import SEEDS

CLEANER = str(Path(sys.executable).with_name("cleaner"))
#: Generous: the first record pays for loading the language data.
GUARD_S = 300


def seed_line(n: int, record_id: str) -> bytes:
    page = sorted(SEEDS.glob("*.txt"))[n].read_text(encoding="utf-8")
    return (json.dumps({"id": record_id, "text": page}) + "\n").encode("utf-8")


def read_line(stream: IO[bytes]) -> bytes | None:
    """One line from ``stream``, or None if none came before the guard ran out."""
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(GUARD_S)
    return got[0] if got else None


def start() -> subprocess.Popen:
    return subprocess.Popen([CLEANER, "clean", "-", "-o", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_each_record_comes_out_while_stdin_is_still_open_and_bad_lines_do_not_stop_it() -> None:
    proc = start()
    try:
        proc.stdin.write(seed_line(0, "first"))
        proc.stdin.flush()
        first = read_line(proc.stdout)
        assert first, "no record came out while stdin was open"
        assert json.loads(first)["id"] == "first"
        assert json.loads(first)["text"].startswith("MOSCOW (Sputnik)")

        proc.stdin.write(b"not json\n" + b'{"id": "no-text", "html": 5}\n' + seed_line(3, "second"))
        proc.stdin.flush()
        second = read_line(proc.stdout)
        assert second, "the stream stopped after a bad line"
        assert json.loads(second)["id"] == "second"
    finally:
        proc.stdin.close()
    out, err = proc.stdout.read(), proc.stderr.read().decode("utf-8")
    assert proc.wait() == 1  # some lines failed
    assert out == b""  # nothing but the two records: errors never go to stdout
    errors = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert [(e["input"], e["id"]) for e in errors] == [("stdin:2", None), ("stdin:3", "no-text")]
    assert "JSONDecodeError" in errors[0]["error"] and "no 'text' or 'html'" in errors[1]["error"]
    assert "cleaned 2 record(s) from stdin; 2 failed" in err


def test_a_closed_stdout_ends_the_run_quietly(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_bytes(b"".join(seed_line(n % 5, f"r{n}") for n in range(40)))  # far more than a pipe holds
    with records.open("rb") as stdin:
        proc = subprocess.Popen([CLEANER, "clean", "-", "-o", "-"], stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = read_line(proc.stdout)
        proc.stdout.close()  # what `| head -1` does after its line
        err = proc.stderr.read().decode("utf-8")
        code = proc.wait()
    assert first and json.loads(first)["id"] == "r0"
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert "cleaned" not in err  # it stopped, rather than cleaning all 40 into a closed pipe
    assert code == 1


def test_folder_to_stdout_with_two_workers_gives_each_record_once_as_serial(tmp_path) -> None:
    """Forked workers inherit the parent's stdout: nothing may come out twice."""
    runs = []
    for jobs in ("1", "2"):
        done = subprocess.run([CLEANER, "clean", str(SEEDS), "-o", "-", "--format", "jsonl", "--jobs", jobs],
                              capture_output=True, timeout=GUARD_S)
        assert done.returncode == 0, done.stderr.decode()
        runs.append(done.stdout)
    ids = [json.loads(line)["id"] for line in runs[1].splitlines()]
    assert len(ids) == len(set(ids)) == len(list(SEEDS.glob("*.txt")))
    assert runs[0] == runs[1]
