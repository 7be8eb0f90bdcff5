"""Incremental runs: the manifest in the output folder, skipping unchanged inputs, redoing what a
rule change or an edit affects, --force, streaming jsonl, and the progress-bar decision."""
from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from cleaner.cli import Progress, show_progress
from cleaner.manifest import NAME, Entry, Manifest, is_current
from cleaner.runner import TMP_DIR, JsonlSink, Result, clean_folder, discover

from test_runner import PAGE, PAGE_B, make_inputs, tree, write_bytes

OPTS = dict(rule_dirs=(), lang="en", foreign="drop")


def outputs(out: Path) -> dict[str, bytes]:
    """The output folder without the manifest's own files."""
    return {k: v for k, v in tree(out).items() if not k.startswith(NAME)}


def clean(root: Path, out: Path, fmt: str = "txt", **kw):
    tasks, errors = discover([root], out)
    assert errors == []
    return clean_folder(tasks, out, fmt, **{**OPTS, **kw})


def manifest_rows(out: Path) -> dict[str, tuple]:
    with sqlite3.connect(out / NAME) as db:
        return {r[0]: r[1:] for r in db.execute("SELECT key, sha256, status, outputs FROM inputs")}


@pytest.mark.parametrize("fmt", ["txt", "json", "jsonl"])
def test_rerun_skips_unchanged_inputs_and_gives_the_same_outputs(tmp_path, fmt):
    root, out = tmp_path / "in", tmp_path / "out"
    make_inputs(root)
    first = clean(root, out, fmt)
    before = outputs(out)
    second = clean(root, out, fmt)
    # 6 inputs; the two with failures (binary file, jsonl with a bad line) are always tried again
    assert (first.skipped, second.skipped) == (0, 4)
    assert outputs(out) == before
    assert (second.pages, second.files, second.failed) == (first.pages, first.files, first.failed)
    assert sorted(e["input"] for e in second.errors) == sorted(e["input"] for e in first.errors)
    assert not (out / TMP_DIR).exists()


def test_manifest_records_hash_status_and_outputs(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    make_inputs(root)
    clean(root, out)
    rows = manifest_rows(out)
    import hashlib
    assert rows["a.txt"] == (hashlib.sha256(PAGE.encode()).hexdigest(), "ok", '["a.txt"]')
    assert rows[os.path.join("sub", "broken.txt")][1] == "failed"
    assert rows[os.path.join("sub", "recs.jsonl")][1:] == ("failed", json.dumps([os.path.join("sub", "recs.jsonl")]))


def test_changed_input_is_cleaned_again_and_only_it(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(root / "b.txt", PAGE.encode())
    clean(root, out)
    write_bytes(root / "b.txt", PAGE_B.encode())
    summary = clean(root, out)
    assert summary.skipped == 1
    assert (out / "b.txt").read_text("utf-8").startswith("Seoul Reports Missile Launch")


def test_rule_change_redoes_every_page(tmp_path):
    root, out, rules = tmp_path / "in", tmp_path / "out", tmp_path / "rules"
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(root / "b.txt", PAGE_B.encode())
    write_bytes(rules / "mine.toml", b'[[rule]]\nid = "mine.x"\nline = "nothing like this"\naction = "drop"\n')
    assert clean(root, out, rule_dirs=(str(rules),)).skipped == 0
    assert clean(root, out, rule_dirs=(str(rules),)).skipped == 2
    # the new rule drops a paragraph of a.txt: every page is redone, and a.txt's output changes
    write_bytes(rules / "mine.toml", b'[[rule]]\nid = "mine.x"\nprefix = "The visit comes"\naction = "drop"\n')
    summary = clean(root, out, rule_dirs=(str(rules),))
    assert summary.skipped == 0
    assert "The visit comes" not in (out / "a.txt").read_text("utf-8")


def test_option_change_redoes_every_page(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    write_bytes(root / "a.txt", PAGE.encode())
    clean(root, out)
    assert clean(root, out, foreign="keep").skipped == 0
    assert clean(root, out, foreign="keep").skipped == 1


def test_deleted_output_is_written_again(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(root / "b.txt", PAGE_B.encode())
    clean(root, out)
    before = outputs(out)
    (out / "a.txt").unlink()
    assert clean(root, out).skipped == 1
    assert outputs(out) == before


def test_force_ignores_the_manifest(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    write_bytes(root / "a.txt", PAGE.encode())
    clean(root, out)
    assert clean(root, out, force=True).skipped == 0


def test_jsonl_format_rebuilds_articles_from_the_manifest(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(root / "b.txt", PAGE_B.encode())
    write_bytes(root / "c.txt", PAGE.encode() + b"More text at the end of the third page, long enough.\n")
    clean(root, out, "jsonl")
    before = (out / "articles.jsonl").read_bytes()
    assert [json.loads(line)["metadata"]["source"] for line in before.decode().splitlines()] == \
        [str(root / n) for n in ("a.txt", "b.txt", "c.txt")]
    (out / "articles.jsonl").unlink()  # e.g. a run killed before the file was renamed into place
    write_bytes(root / "b.txt", PAGE_B.encode() + b"An added closing paragraph that is long enough.\n")
    summary = clean(root, out, "jsonl")
    assert summary.skipped == 2
    after = (out / "articles.jsonl").read_bytes().decode().splitlines()
    assert after[0] == before.decode().splitlines()[0] and after[2] == before.decode().splitlines()[2]
    assert "An added closing paragraph" in json.loads(after[1])["text"]


def test_stale_temp_files_of_a_killed_run_are_removed(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(out / TMP_DIR / ".a.txt.xyz.tmp", b"half a")
    clean(root, out)
    assert sorted(outputs(out)) == ["a.txt"]


def test_outputs_are_readable_by_others_like_plain_open(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    write_bytes(root / "a.txt", PAGE.encode())
    clean(root, out)
    plain = tmp_path / "plain"
    plain.write_text("x")
    assert (out / "a.txt").stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_is_current_needs_every_part_to_match(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    entry = Entry("h", "s", "v", ("a.txt",), "ok", 1, 0, None)
    assert is_current(entry, "h", "s", "v", tmp_path)
    assert not is_current(None, "h", "s", "v", tmp_path)
    assert not is_current(entry, "other", "s", "v", tmp_path)
    assert not is_current(entry, "h", "other", "v", tmp_path)
    assert not is_current(entry, "h", "s", "other", tmp_path)
    assert not is_current(Entry("h", "s", "v", ("a.txt",), "failed", 1, 0, None), "h", "s", "v", tmp_path)
    assert not is_current(Entry("h", "s", "v", ("gone.txt",), "ok", 1, 0, None), "h", "s", "v", tmp_path)


def test_manifest_round_trip_and_reopen(tmp_path):
    entry = Entry("h", "s", "v", ("a.txt", "b/c.txt"), "ok", 2, 1, '{"id": 1}\n{"id": 2}')
    with Manifest(tmp_path) as manifest:
        manifest.put("a.txt", entry)
        assert manifest.get("a.txt") == entry
    with Manifest(tmp_path) as manifest:
        assert manifest.get("a.txt") == entry
        assert manifest.get("b.txt") is None


def test_jsonl_sink_streams_to_a_temp_file_and_renames_on_close(tmp_path):
    target = tmp_path / "out" / "articles.jsonl"
    sink = JsonlSink(target, tmp_path / "tmp")
    sink.add({"id": 1})
    sink.add_line('{"id": 2}')
    assert not target.exists()
    (tmp_file,) = (tmp_path / "tmp").iterdir()
    sink.close()
    assert target.read_text("utf-8") == '{"id": 1}\n{"id": 2}\n'
    assert not tmp_file.exists()
    sink = JsonlSink(tmp_path / "other.jsonl", tmp_path / "tmp")
    sink.add({"id": 3})
    sink.discard()
    assert not (tmp_path / "other.jsonl").exists() and list((tmp_path / "tmp").iterdir()) == []


class FakeStream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_bar_only_on_a_terminal_and_not_when_stdout_is_the_data():
    assert show_progress(FakeStream(True), to_stdout=False)
    assert not show_progress(FakeStream(False), to_stdout=False)
    assert not show_progress(FakeStream(True), to_stdout=True)
    assert not show_progress(object(), to_stdout=False)  # type: ignore[arg-type]


def test_progress_counts_pages_and_failures(tmp_path):
    from cleaner.runner import Task
    progress = Progress()
    task = Task("a.txt", "a", "text")
    progress.count(Result(task, files=[("a.txt", "x")]))
    progress.count(Result(task, errors=[{"input": "a.txt", "error": "bad"}]))
    progress.count(Result(task, reused=Entry("h", "s", "v", (), "ok", 3, 0, None)))
    assert (progress.pages, progress.failed) == (4, 1)
    assert "pages/s, 1 failed, ETA" in progress.describe()
