"""A fuzz campaign against the promises of ``cleaner clean`` (issue 18): hypothesis-generated input
trees (hostile names, contents and JSONL records) mixed with the bad-input corpus of
``tests/bad_input.py``, run with ``--jobs 2`` while workers or the whole run are killed at random,
then resumed. Each case checks:

* no crash: exit status 0 or 1 (2 only for a usage error the case was built to cause), never a
  traceback;
* inputs never modified (bytes and modification times);
* every input has its output or a reported error, no temporary file is left, every output is
  whole (JSON parses, text ends with a newline), and after a resume the outputs are
  byte-identical to a serial run (``-j 1``) of the same inputs that was never interrupted.

    python bench/fuzz_campaign.py --minutes 10          # prints one line per case, then a summary

The first failing case stops the campaign and is printed (not shrunk: each try costs three runs).
Cases run in ``--workdir`` (default: a temporary folder, removed at the end unless ``--keep``,
which also keeps each case's folder).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from bad_input import HEADLINE, P1, P2, build_corpus  # noqa: E402

from cleaner.runner import discover  # noqa: E402

CLEANER = [sys.executable, "-m", "cleaner.cli", "clean"]
OWN_FILES = {".cleaner-manifest.sqlite", ".cleaner-manifest.sqlite-wal", ".cleaner-manifest.sqlite-shm",
             ".cleaner-lock"}

# --- what a case is made of ------------------------------------------------------------------------

SAFE_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
NAMES = st.one_of(
    st.text(SAFE_CHARS, min_size=1, max_size=24),
    st.sampled_from(["errors", "articles", "stdin", "report", ".cleaner-tmp", ".cleaner-lock",
                     ".cleaner-manifest", "esc\x1b[31mred", "tab\there", " lead", "dots..."]),
    st.integers(200, 245).map(lambda n: "L" * n),
    st.binary(min_size=1, max_size=8).map(lambda b: os.fsdecode(b"raw" + b.replace(b"/", b"_").replace(b"\0", b"_"))),
)
SUFFIXES = st.sampled_from([".txt", ".html", ".htm", ".jsonl", ".TXT", ".jsonl.gz", ".md", ""])
FOLDERS = st.lists(st.one_of(st.sampled_from([".cleaner-tmp", "sub", "errors.jsonl", "out"]), NAMES),
                   max_size=2)
SENTENCES = st.sampled_from([HEADLINE, P1, P2, "Subscribe to our newsletter", "Read more:", "©",
                             "Правительство объявило новые меры", "İstanbul bureau", "ß ſ K Σ",
                             "<b>bold</b> &amp; entity", "\ufeffBOM", "nul\x00byte"])
PAGES = st.lists(SENTENCES, min_size=0, max_size=12).map("\n".join)
JSON_TEXT = st.text(max_size=30)  # lone surrogates included: json.dumps escapes them
RECORDS = st.lists(st.one_of(
    st.builds(lambda i, t, u: json.dumps({"id": i, "text": t, "url": u}), JSON_TEXT, PAGES,
              st.one_of(st.none(), st.just("https://x.example/\udfff"), JSON_TEXT)),
    st.builds(lambda i, h: json.dumps({"id": i, "html": f"<h1>{HEADLINE}</h1><p>{h}</p>"}), JSON_TEXT, PAGES),
    st.sampled_from(["{not json", "[1, 2]", '{"id": "no-text"}', "", '{"text": 5}']),
), max_size=6).map(lambda lines: "\n".join(lines) + "\n")
CONTENTS = st.one_of(
    PAGES.map(str.encode),
    PAGES.map(lambda p: f"<html><body><h1>{HEADLINE}</h1><p>{p}</p></body></html>".encode()),
    RECORDS.map(lambda r: r.encode("utf-8", "surrogatepass")),
    st.binary(max_size=3000),
    PAGES.map(lambda p: p.encode("cp1251", "replace")),
)
FILES = st.lists(st.tuples(FOLDERS, NAMES, SUFFIXES, CONTENTS), min_size=1, max_size=14)
CASES = st.fixed_dictionaries({
    "files": FILES,
    "corpus": st.lists(st.sampled_from(["good.txt", "binary-png.html", "binary-gzip.txt", "empty.txt",
                                        "nul-bytes.txt", "invalid-utf8.txt", "mixed-encodings.txt",
                                        "no-body.html", "records.jsonl", "deep.html", "loop.txt",
                                        "dangling.txt", "fifo.txt", "loops", "million-lines.txt",
                                        "huge-line.txt"]), max_size=5, unique=True),
    "format": st.sampled_from(["txt", "json", "jsonl"]),
    "kill": st.sampled_from(["none", "worker", "worker", "run"]),
    "delay": st.floats(0.5, 6.0),
    "seed": st.integers(0, 2**32 - 1),
})


# --- running and checking ----------------------------------------------------------------------------

class CaseFailed(AssertionError):
    pass


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    out = {}
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            p = Path(dirpath) / name
            if p.is_file() and not p.is_symlink():
                out[str(p.relative_to(root))] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
    return out


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in OWN_FILES}


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def run(args: list[str], kill: str = "none", delay: float = 0.0, rng: random.Random | None = None) -> tuple[int, str, str]:
    """Run cleaner; ``kill``: "worker" SIGKILLs one worker ``delay``/20 s after the workers start,
    "run" SIGKILLs the whole run after ``delay`` s."""
    proc = subprocess.Popen(CLEANER + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    killed = ""
    if kill == "worker":  # once the workers exist (they are forked after the tables load)
        while proc.poll() is None and not children(proc.pid):
            time.sleep(0.02)
        delay = delay / 20
    if kill != "none":
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        if proc.poll() is None:
            if kill == "run":
                proc.send_signal(signal.SIGKILL)
                killed = "run"
            else:
                workers = children(proc.pid)
                if workers:
                    os.kill((rng or random).choice(workers), signal.SIGKILL)
                    killed = "worker"
    stdout, stderr = proc.communicate(timeout=900)
    return proc.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace") + (
        f"\n[killed {killed}]" if killed else "")


def check_run(code: int, stderr: str, what: str) -> None:
    if "Traceback" in stderr:
        raise CaseFailed(f"{what}: traceback\n{stderr[-3000:]}")
    if code not in (0, 1):
        raise CaseFailed(f"{what}: exit status {code}\n{stderr[-2000:]}")


def check_complete(root: Path, out: Path, fmt: str) -> None:
    """Every input has its output or a reported error; nothing half-written or temporary."""
    tasks, errors = discover([root], out)
    report = out / "errors.jsonl"
    failed = [json.loads(line)["input"] for line in report.read_text("utf-8").split("\n")[:-1]] if report.exists() else []
    failed_set = set(failed)
    sources = set()
    if (out / "articles.jsonl").exists():
        sources = {json.loads(line)["metadata"]["source"]
                   for line in (out / "articles.jsonl").read_text("utf-8").split("\n")[:-1]}
    for task in tasks:
        reported = task.path in failed_set or any(f.startswith(task.path + ":") for f in failed)
        if task.kind == "jsonl":
            target = out / (task.rel + ".jsonl")
            has_lines = any(line.strip() for line in Path(task.path).read_bytes().splitlines()) \
                if Path(task.path).is_file() else True
            ok = target.is_file() or reported or not has_lines
        elif fmt == "jsonl":
            ok = task.path in sources or reported
        else:
            ok = (out / (task.rel + "." + fmt)).is_file() or reported
        if not ok:
            raise CaseFailed(f"no output and no error for {task.path!r}")
    leftovers = [str(p) for p in out.rglob(".cleaner-*.tmp")] + ([str(out / ".cleaner-tmp")] if (out / ".cleaner-tmp").exists() else [])
    if leftovers:
        raise CaseFailed(f"temporary files left: {leftovers}")
    for p in out.rglob("*"):
        if not p.is_file() or p.name in OWN_FILES:
            continue
        data = p.read_bytes()
        if p.suffix == ".json":
            json.loads(data)
        elif p.suffix == ".jsonl":
            for line in data.decode("utf-8").splitlines():  # one record a line, for every reader
                json.loads(line)
        elif p.suffix == ".txt" and data and not data.endswith(b"\n"):
            raise CaseFailed(f"half-written? {p}")


def build_case(case: dict, corpus: Path, where: Path) -> Path:
    root = where / "in"
    root.mkdir(parents=True)
    for name in case["corpus"]:
        src = corpus / name
        if src.is_symlink() or not src.exists():
            os.symlink(os.readlink(src), root / name, target_is_directory=src.is_dir())
        elif src.is_dir():
            shutil.copytree(src, root / name, symlinks=True)
        elif name == "fifo.txt":
            os.mkfifo(root / name)
        else:
            os.link(src, root / name)
    for folders, name, suffix, content in case["files"]:
        folder = root.joinpath(*folders) if folders else root
        path = folder / (name + suffix)
        if len(os.fsencode(path.name)) > 255 or path.name in (".", "..") or name in (".", ".."):
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_bytes(content)
        except (OSError, ValueError):
            continue  # a folder where a file is, a name the file system refuses: not this case
    return root


def one_case(case: dict, corpus: Path, where: Path, log: list[str]) -> None:
    rng = random.Random(case["seed"])
    root = build_case(case, corpus, where)
    before = snapshot(root)
    out, reference = where / "out", where / "reference"
    fmt = ["--format", case["format"]]
    code, _, stderr = run([str(root), "-o", str(out), "-j", "2", *fmt], case["kill"], case["delay"], rng)
    killed = "run" if "[killed run]" in stderr else "worker" if "[killed worker]" in stderr else "none"
    died = stderr.count("worker died (")
    if "[killed run]" not in stderr:
        check_run(code, stderr, "interrupted run" if "[killed" in stderr else "run")
    code, _, stderr = run([str(root), "-o", str(out), "-j", "2", *fmt])  # resume
    check_run(code, stderr, "resumed run")
    code_ref, _, stderr_ref = run([str(root), "-o", str(reference), "-j", "1", *fmt])
    check_run(code_ref, stderr_ref, "serial run")
    if snapshot(root) != before:
        raise CaseFailed("inputs were modified")
    check_complete(root, out, case["format"])
    if outputs(out) != outputs(reference):
        a, b = outputs(out), outputs(reference)
        diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        raise CaseFailed(f"resumed -j 2 differs from serial: {diff[:10]}")
    log.append(f"ok: {len(before)} inputs, format {case['format']}, killed {killed}, "
               f"{died} page(s) reported as 'worker died', exit {code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cleaner-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CLEANER_CACHE_DIR", str(work / "cache"))
    corpus = build_corpus(work / "corpus")
    start = time.monotonic()
    counter = iter(range(10**9))
    log: list[str] = []

    @settings(max_examples=5, deadline=None, database=None, derandomize=False,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=CASES)
    def campaign(case: dict) -> None:
        if time.monotonic() - start > args.minutes * 60:
            return
        where = work / f"case-{next(counter)}"
        try:
            one_case(case, corpus, where, log)
            print(f"[{time.monotonic() - start:6.0f}s] {log[-1]}", flush=True)
        except Exception as exc:
            print(f"[{time.monotonic() - start:6.0f}s] FAILED in {where}: {exc}\ncase: {case!r}"[:5000], flush=True)
            raise
        finally:
            if not args.keep:
                shutil.rmtree(where, ignore_errors=True)

    failure = None
    while time.monotonic() - start < args.minutes * 60:
        try:
            campaign()
        except Exception as exc:  # noqa: BLE001 - the campaign's finding
            failure = exc
            break
    kills = {k: sum(f"killed {k}," in line for line in log) for k in ("none", "worker", "run")}
    kills["pages reported as worker died"] = sum(int(line.split("killed ")[1].split(", ")[1].split()[0])
                                                 for line in log)
    print(f"{len(log)} case(s) in {time.monotonic() - start:.0f} s; kills: {kills}; "
          f"{'FAILED: ' + str(failure)[:3000] if failure else '0 crashes, 0 lost or half-written outputs, 0 modified inputs'}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failure else 0


if __name__ == "__main__":
    sys.exit(main())
