"""The bad-input corpus, run through the command line as a user would: every bad file gives a clean
result or a clear per-file error, every other file completes, exit status 1, a report lists each
failure with its reason, inputs are untouched, and serial and parallel runs write the same bytes.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleaner
from bad_input import (DEEP_SENTENCE, ESCAPE_NAME, GOOD_CANONICAL, HEADLINE, LONG_NAME, NOT_UTF8_NAME,
                       OWN_NAME_INPUTS, P1, build_corpus, deep_html)
from cleaner import cli
from cleaner.cli import main
from cleaner.manifest import Manifest

# input (relative to the corpus) -> the start of its error message
EXPECTED_ERRORS = {
    "binary-png.html": "DecodeError: binary content",
    "binary-gzip.txt": "DecodeError: binary content",
    "huge-line.txt": "over budget: 52,428,800 bytes, more than --max-bytes 20,000,000",
    "million-lines.txt": "over budget: 1,000,000 blocks (non-blank lines), more than --max-blocks 50,000",
    "loop.txt": "cannot read: Too many levels of symbolic links",
    "dangling.txt": "cannot read: No such file or directory",
    "fifo.txt": "cannot read: not a regular file",
    "vanishes.txt": "cannot read: No such file or directory",
    "becomes-dir.txt": "cannot read: ",
    "records.jsonl:2": "JSONDecodeError: ",
    "records.jsonl:3": "ValueError: record is not a JSON object",
    "records.jsonl:4": "ValueError: record has no 'text' or 'html' string field",
}
# outputs that must be written (txt format), relative to OUT
EXPECTED_OUTPUTS = {"good.txt", "empty.txt", "nul-bytes.txt", "invalid-utf8.txt", "mixed-encodings.txt",
                    "no-body.txt", "deep.txt", "records.jsonl", os.path.join("loops", "page.txt"),
                    *OWN_NAME_INPUTS.values(), NOT_UTF8_NAME, LONG_NAME, ESCAPE_NAME, "surrogates.jsonl"}


def snapshot(root: Path, skip: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every regular file under ``root`` outside ``skip``."""
    out = {}
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            p = Path(dirpath) / name
            if skip not in p.parents and p.is_file() and not p.is_symlink():
                out[str(p.relative_to(root))] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("bad") / "in")


def run_cli(corpus: Path, tmp: Path, jobs: str, monkeypatch) -> tuple[Path, object, dict, dict]:
    """Copy the corpus (symlinks as symlinks), add two files that change after discovery, run
    ``cleaner clean IN -o IN/out``; return the input root, the result and snapshots before/after."""
    root = tmp / "in"
    shutil.copytree(corpus, root, symlinks=True, copy_function=os.link)
    for name in ("vanishes.txt", "becomes-dir.txt"):
        (root / name).write_text(f"{HEADLINE}\n{P1}\n", encoding="utf-8")
    out = root / "out"
    Manifest(out).close()  # an earlier run's output folder (files cleaner did not write would be refused)
    (out / "old").mkdir(parents=True)
    (out / "old" / "stale.txt").write_text("an old output: not an input", encoding="utf-8")
    discover = cli.discover

    def discover_then_change(inputs, out_dir):
        tasks, errors = discover(inputs, out_dir)
        (root / "vanishes.txt").unlink()              # removed during the run
        (root / "becomes-dir.txt").unlink()
        (root / "becomes-dir.txt").mkdir()            # unreadable as a file (tests run as root)
        return tasks, errors

    monkeypatch.setattr(cli, "discover", discover_then_change)
    before = snapshot(root, skip=out)
    result = CliRunner().invoke(main, ["clean", str(root), "-o", str(out), "-j", jobs],
                                catch_exceptions=False)
    after = snapshot(root, skip=out)
    return root, result, before, after


@pytest.fixture(scope="module")
def serial_and_parallel(corpus, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    try:
        runs = {}
        for jobs in ("1", "2"):
            runs[jobs] = run_cli(corpus, tmp_path_factory.mktemp(f"jobs{jobs}"), jobs, mp)
            mp.undo()
        return runs
    finally:
        mp.undo()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_bad_file_fails_alone_with_its_reason(serial_and_parallel, jobs):
    root, result, _, _ = serial_and_parallel[jobs]
    assert result.exit_code == 1, result.output
    report = [json.loads(line) for line in (root / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    got = {str(Path(e["input"]).relative_to(root)): e["error"] for e in report}
    assert set(got) == set(EXPECTED_ERRORS)
    for name, start in EXPECTED_ERRORS.items():
        assert got[name].startswith(start), (name, got[name])
    for name in EXPECTED_ERRORS:
        assert f"failed: {root / name}: " in result.output  # also said on stderr
    assert "\x1b" not in result.output  # a name's escape codes are shown escaped, never sent raw


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_other_file_completes(serial_and_parallel, jobs):
    root, _, _, _ = serial_and_parallel[jobs]
    out = root / "out"
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and "old" not in p.parts}
    assert written == EXPECTED_OUTPUTS | {"errors.jsonl", ".cleaner-manifest.sqlite", ".cleaner-lock"}
    assert not [p for p in out.rglob(".*.tmp")]  # no temporary file left behind
    assert (out / "good.txt").read_text("utf-8") == GOOD_CANONICAL
    assert (out / "loops" / "page.txt").read_text("utf-8") == GOOD_CANONICAL  # not also via loops/up/
    assert (out / "nul-bytes.txt").read_text("utf-8") == GOOD_CANONICAL  # NULs removed, nothing else
    assert (out / "empty.txt").read_bytes() == b""
    records = [json.loads(line) for line in (out / "records.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["first", "last"]
    invalid = (out / "invalid-utf8.txt").read_text("utf-8")
    assert invalid.startswith(f"{HEADLINE}\n\n{P1}\n\nFishing boats were the first to return ")
    assert invalid.endswith(" followed by the ferry service.\n")
    deep = (out / "deep.txt").read_text("utf-8")
    assert deep.startswith(f"{HEADLINE}\n\n{P1}\n")
    for name in (NOT_UTF8_NAME, LONG_NAME, ESCAPE_NAME, OWN_NAME_INPUTS[os.path.join(".cleaner-tmp", "page.txt")]):
        assert (out / name).read_text("utf-8") == GOOD_CANONICAL, name
    for name in ("errors.jsonl", "articles.jsonl"):  # own names: the input's record is kept apart
        (record,) = [json.loads(x) for x in (out / OWN_NAME_INPUTS[name]).read_text("utf-8").splitlines()]
        assert record["id"] == "own" and record["text"] == GOOD_CANONICAL.split("\n\n", 1)[1].rstrip("\n")
    surrogates = [json.loads(x) for x in (out / "surrogates.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in surrogates] == ["\ud800", "ok"]  # written as JSON escapes, read back the same
    assert surrogates[1]["metadata"]["url"] == "https://x.example/\udfff"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_inputs_are_not_modified(serial_and_parallel, jobs):
    _, _, before, after = serial_and_parallel[jobs]
    changed_by_the_test = {"vanishes.txt", "becomes-dir.txt"}
    assert {k: v for k, v in after.items()} == {k: v for k, v in before.items() if k not in changed_by_the_test}
    assert "good.txt" in after and "out" not in {Path(k).parts[0] for k in after}


def test_serial_and_parallel_outputs_are_byte_identical(serial_and_parallel):
    def outputs(root: Path) -> dict[str, bytes]:
        out = root / "out"
        return {str(p.relative_to(out)): p.read_bytes().replace(str(root).encode(), b"ROOT")
                for p in out.rglob("*") if p.is_file()}

    assert outputs(serial_and_parallel["1"][0]) == outputs(serial_and_parallel["2"][0])


def test_report_option_writes_the_failures_there(corpus, tmp_path):
    report = tmp_path / "failures.jsonl"
    result = CliRunner().invoke(main, ["clean", str(corpus / "binary-png.html"), str(corpus / "good.txt"),
                                       "-o", str(tmp_path / "out"), "--report", str(report), "-j", "1"])
    assert result.exit_code == 1
    (error,) = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert error["input"] == str(corpus / "binary-png.html")
    assert error["error"].startswith("DecodeError: binary content")
    assert (tmp_path / "out" / "good.txt").read_text("utf-8") == GOOD_CANONICAL
    assert not (tmp_path / "out" / "errors.jsonl").exists()


def test_budget_options_raise_and_lower_the_limits(corpus, tmp_path):
    """The 50 MB line cleans when --max-bytes allows it; the good page fails at --max-bytes 100."""
    result = CliRunner().invoke(main, ["clean", str(corpus / "good.txt"), "-o", str(tmp_path / "a"),
                                       "--max-bytes", "100", "-j", "1"])
    assert result.exit_code == 1
    assert "over budget: 221 bytes, more than --max-bytes 100" in result.output
    result = CliRunner().invoke(main, ["clean", str(corpus / "million-lines.txt"), "-o", str(tmp_path / "b"),
                                       "--max-blocks", "999999", "-j", "1"])
    assert result.exit_code == 1
    assert "over budget: 1,000,000 blocks (non-blank lines), more than --max-blocks 999,999" in result.output


def test_jsonl_record_over_budget_is_one_error(tmp_path):
    page = f"{HEADLINE}\n{P1}\n"
    lines = [json.dumps({"id": "big", "text": page * 10}), json.dumps({"id": "small", "text": page})]
    (tmp_path / "recs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "recs.jsonl"), "-o", str(tmp_path / "out"),
                                       "--max-bytes", "500", "-j", "1"])
    assert result.exit_code == 1
    (error,) = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    assert error == {"input": f"{tmp_path / 'recs.jsonl'}:1",
                     "error": "over budget: 1,350 bytes, more than --max-bytes 500"}
    (record,) = [json.loads(x) for x in (tmp_path / "out" / "recs.jsonl").read_text("utf-8").splitlines()]
    assert record["id"] == "small"


# --- single cases through clean(), where the finding is about the pipeline, not the run ----------

def test_deep_html_gives_a_result_without_recursion_error():
    article = cleaner.clean(deep_html(), kind="html")
    assert article.title == HEADLINE
    assert article.paragraphs[0] == P1


def test_deep_html_text_is_kept_or_reported():
    """lxml (libxml2) stops parsing 256 elements deep: the record says so (issue 18)."""
    article = cleaner.clean(deep_html(), kind="html")
    assert DEEP_SENTENCE in article.paragraphs or any("deeper than" in f for f in article.metadata.fixes)
    shallow = cleaner.clean(deep_html(100), kind="html")
    assert DEEP_SENTENCE in shallow.paragraphs and not any("deeper" in f for f in shallow.metadata.fixes)


def test_mixed_encodings_keep_the_utf8_lines_intact():
    from bad_input import CORPUS
    text = cleaner.clean((CORPUS / "mixed-encodings.txt").read_bytes()).canonical_text()
    assert "The café by the pier reopened on Monday" in text
