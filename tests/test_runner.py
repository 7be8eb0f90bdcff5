"""cleaner.runner: discovering inputs, atomic writes, per-file failures, serial = parallel."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaner import runner
from cleaner.runner import Task, clean_folder, discover, process, run, write_atomic, write_results

HEADLINE = "Lavrov Arrives In Pyongyang For Talks With Kim"
P1 = "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Tuesday for talks with officials."
P2 = "The visit comes weeks before a planned summit between the leaders of the two countries."
PAGE = f"{HEADLINE}\n{P1}\n{P2}\n"
CANONICAL = f"{HEADLINE}\n\n{P1}\n\n{P2}\n"

HEADLINE_B = "Seoul Reports Missile Launch Over Eastern Waters"
P3 = "South Korea said on Wednesday that the North had fired a missile into the sea off its east coast."
P4 = "The launch was the third this month, according to the joint chiefs of staff in Seoul."
PAGE_B = f"{HEADLINE_B}\n{P3}\n{P4}\n"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def snapshot(root: Path, skip: Path | None = None) -> dict[str, tuple[bytes, int]]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not (skip and skip in p.parents):
            out[str(p.relative_to(root))] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def worker():
    """The in-process worker state that ``process`` reads; restored afterwards."""
    saved = dict(runner._WORKER)

    def init(fmt: str = "txt", lang: str = "en", foreign: str = "drop", rule_dirs: tuple[str, ...] = ()):
        runner.init_worker(rule_dirs, lang, foreign, fmt)

    yield init
    runner._WORKER.clear()
    runner._WORKER.update(saved)


# --- discover --------------------------------------------------------------------------------------

def make_tree(root: Path) -> None:
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(root / "B.TXT", PAGE.encode())
    write_bytes(root / "notes.pdf", b"%PDF")
    write_bytes(root / "README", b"no suffix")
    write_bytes(root / "sub" / "page.html", b"<html></html>")
    write_bytes(root / "sub" / "old.htm", b"<html></html>")
    write_bytes(root / "sub" / "deeper" / "records.jsonl", b"{}\n")


def test_discover_recurses_and_keeps_known_suffixes(tmp_path):
    root = tmp_path / "in"
    make_tree(root)
    tasks, errors = discover([root])
    assert errors == []
    got = sorted((Path(t.path).relative_to(root).as_posix(), t.rel, t.kind) for t in tasks)
    assert got == sorted([
        ("a.txt", "a", "text"),
        ("B.TXT", "B", "text"),
        ("sub/page.html", os.path.join("sub", "page"), "html"),
        ("sub/old.htm", os.path.join("sub", "old"), "html"),
        ("sub/deeper/records.jsonl", os.path.join("sub", "deeper", "records"), "jsonl"),
    ])


def test_discover_order_is_stable(tmp_path):
    root = tmp_path / "in"
    make_tree(root)
    assert discover([root])[0] == discover([root])[0]


def test_discover_single_file_any_suffix(tmp_path):
    dump = write_bytes(tmp_path / "page.dump", PAGE.encode())
    html = write_bytes(tmp_path / "page.HTML", b"<html></html>")
    tasks, errors = discover([dump])
    assert errors == [] and tasks == [Task(str(dump), "page", "text")]
    assert discover([html])[0] == [Task(str(html), "page", "html")]


def test_discover_several_inputs_prefixed_by_their_names(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write_bytes(one / "x.txt", b"x")
    write_bytes(two / "y.txt", b"y")
    tasks, errors = discover([one, two])
    assert errors == []
    assert sorted(t.rel for t in tasks) == sorted([os.path.join("one", "x"), os.path.join("two", "y")])


def test_discover_several_inputs_with_the_same_name_get_distinct_outputs(tmp_path):
    first = write_bytes(tmp_path / "a" / "x.txt", b"first")
    second = write_bytes(tmp_path / "b" / "x.txt", b"second")
    tasks, _ = discover([first, second])
    assert len({t.rel for t in tasks}) == 2


def test_discover_skips_output_dir_inside_input_dir(tmp_path):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", b"a")
    out = root / "out"
    write_bytes(out / "a.txt", b"old output")
    write_bytes(out / "nested" / "b.txt", b"old output")
    tasks, _ = discover([root], out)
    assert [Path(t.path) for t in tasks] == [root / "a.txt"]


def test_discover_skips_nested_output_dir_given_as_relative_path(tmp_path, monkeypatch):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", b"a")
    write_bytes(root / "results" / "run1" / "a.txt", b"old output")
    write_bytes(root / "results" / "notes.txt", b"kept: not the output dir")
    monkeypatch.chdir(tmp_path)
    tasks, _ = discover([Path("in")], Path("in/results/run1"))
    assert sorted(Path(t.path).as_posix() for t in tasks) == ["in/a.txt", "in/results/notes.txt"]


def test_discover_without_out_dir_takes_everything(tmp_path):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", b"a")
    write_bytes(root / "out" / "a.txt", b"old")
    assert len(discover([root])[0]) == 2


def test_discover_reports_missing_input_and_goes_on(tmp_path):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", b"a")
    missing = tmp_path / "nope"
    tasks, errors = discover([missing, root])
    assert errors == [{"input": str(missing), "error": "no such file or folder"}]
    assert [Path(t.path).name for t in tasks] == ["a.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_discover_does_not_follow_symlinked_folders(tmp_path):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", b"a")
    elsewhere = tmp_path / "elsewhere"
    write_bytes(elsewhere / "b.txt", b"b")
    (root / "link").symlink_to(elsewhere, target_is_directory=True)
    tasks, _ = discover([root])
    assert [Path(t.path).name for t in tasks] == ["a.txt"]


# --- write_atomic ----------------------------------------------------------------------------------

def test_write_atomic_writes_utf8_lf_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "deep" / "er" / "a.txt"
    write_atomic(target, "Привет\nsecond line\n")
    assert target.read_bytes() == "Привет\nsecond line\n".encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.txt"]


def test_write_atomic_replaces_by_rename(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old content", encoding="utf-8")
    old_inode = target.stat().st_ino
    with open(target, encoding="utf-8") as reader:  # a reader holding the old file
        write_atomic(target, "new content")
        assert reader.read() == "old content"  # never sees a truncated or mixed file
    assert target.read_text(encoding="utf-8") == "new content"
    assert target.stat().st_ino != old_inode
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_write_atomic_failure_keeps_old_file_and_removes_temp(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half written \ud800 lone surrogate")
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


# --- process ---------------------------------------------------------------------------------------

def test_process_text_file_to_canonical_text(tmp_path, worker):
    worker("txt")
    path = write_bytes(tmp_path / "a.txt", PAGE.encode())
    result = process(Task(str(path), "a", "text"))
    assert result.errors == []
    assert result.files == [("a.txt", CANONICAL)]


def test_process_json_format(tmp_path, worker):
    worker("json")
    path = write_bytes(tmp_path / "a.txt", PAGE.encode())
    result = process(Task(str(path), "sub/a", "text"))
    ((name, content),) = result.files
    assert name == "sub/a.json" and content.endswith("\n")
    record = json.loads(content)
    assert record["text"] == f"{P1}\n\n{P2}"
    assert record["metadata"]["title"] == HEADLINE
    assert record["metadata"]["source"] == str(path)


def test_process_binary_file_becomes_error_record(tmp_path, worker):
    worker("txt")
    path = write_bytes(tmp_path / "image.txt", PNG)
    result = process(Task(str(path), "image", "text"))
    assert result.files == [] and result.records == []
    ((error),) = result.errors
    assert error["input"] == str(path)
    assert error["error"].startswith("DecodeError:")


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_process_unreadable_file_becomes_error_record(tmp_path, worker, make):
    worker("txt")
    path = tmp_path / "page.txt"
    if make == "directory":
        path.mkdir()
    result = process(Task(str(path), "page", "text"))
    assert result.files == [] and result.records == []
    ((error),) = result.errors
    assert error["input"] == str(path)
    assert error["error"].startswith("cannot read:")


def test_process_jsonl_one_bad_line_one_error_other_records(tmp_path, worker):
    worker("jsonl")
    lines = [json.dumps({"id": "first", "text": PAGE}), "{this is not json",
             json.dumps({"id": "third", "text": PAGE_B}), ""]
    path = write_bytes(tmp_path / "recs.jsonl", "\n".join(lines).encode())
    result = process(Task(str(path), "recs", "jsonl"))
    assert [e["input"] for e in result.errors] == [f"{path}:2"]
    assert result.errors[0]["error"].startswith("JSONDecodeError:")
    records = [json.loads(r) for r in result.records]  # kept as JSON lines
    assert [r["id"] for r in records] == ["first", "third"]
    assert records[0]["text"] == f"{P1}\n\n{P2}"
    assert records[1]["text"] == f"{P3}\n\n{P4}"


def test_process_jsonl_records_without_text_and_non_objects_are_errors(tmp_path, worker):
    worker("jsonl")
    lines = [json.dumps({"id": "no-text"}), json.dumps([1, 2]), json.dumps({"id": "ok", "text": PAGE})]
    path = write_bytes(tmp_path / "recs.jsonl", "\n".join(lines).encode())
    result = process(Task(str(path), "recs", "jsonl"))
    assert [e["input"] for e in result.errors] == [f"{path}:1", f"{path}:2"]
    assert all(e["error"].startswith("ValueError:") for e in result.errors)
    assert [json.loads(r)["id"] for r in result.records] == ["ok"]


# --- whole runs ------------------------------------------------------------------------------------

def make_inputs(root: Path) -> None:
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(root / "b.txt", PAGE_B.encode())
    write_bytes(root / "sub" / "c.txt", ("\ufeff" + PAGE_B).encode("utf-8"))
    write_bytes(root / "sub" / "broken.txt", PNG)
    write_bytes(root / "sub" / "recs.jsonl", (json.dumps({"id": "r1", "text": PAGE}) + "\n{bad\n"
                                              + json.dumps({"id": "r2", "text": PAGE_B}) + "\n").encode())
    write_bytes(root / "d.html", (f"<html><head><title>{HEADLINE}</title></head><body><article>"
                                  f"<h1>{HEADLINE}</h1><p>{P1}</p><p>{P2}</p></article></body></html>")
                .encode())


def result_key(results):
    return [(r.task, r.files, r.records, r.errors, r.foreign_pages) for r in results]


def test_serial_and_parallel_runs_give_identical_results_and_files(tmp_path):
    root = tmp_path / "in"
    make_inputs(root)
    tasks, errors = discover([root])
    assert errors == [] and len(tasks) == 6
    opts = dict(rule_dirs=(), lang="en", foreign="drop", fmt="json")
    serial = list(run(tasks, jobs=1, **opts))
    parallel = list(run(tasks, jobs=2, **opts))
    assert [r.task for r in serial] == tasks  # input order
    assert result_key(serial) == result_key(parallel)
    s1 = write_results(serial, tmp_path / "out1", "json")
    s2 = write_results(parallel, tmp_path / "out2", "json")
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")
    assert (s1.pages, s1.files, s1.failed) == (s2.pages, s2.files, s2.failed)


def test_run_summary_counts_and_outputs(tmp_path):
    root = tmp_path / "in"
    make_inputs(root)
    tasks, _ = discover([root])
    summary = write_results(run(tasks, rule_dirs=(), lang="en", foreign="drop", fmt="txt"), tmp_path / "out",
                            "txt")
    # 4 text/html pages written, 2 records from the jsonl; the PNG and one jsonl line failed
    assert summary.files == 6
    assert summary.pages == 6
    assert summary.failed == 2
    assert sorted(e["input"] for e in summary.errors) == sorted([str(root / "sub" / "broken.txt"),
                                                                 f"{root / 'sub' / 'recs.jsonl'}:2"])
    out = tmp_path / "out"
    assert sorted(tree(out)) == sorted(["a.txt", "b.txt", "d.txt", os.path.join("sub", "c.txt"),
                                        os.path.join("sub", "recs.jsonl")])
    assert (out / "a.txt").read_text(encoding="utf-8") == CANONICAL
    assert (out / "sub" / "c.txt").read_text(encoding="utf-8") == f"{HEADLINE_B}\n\n{P3}\n\n{P4}\n"
    records = [json.loads(line) for line in (out / "sub" / "recs.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["r1", "r2"]


def test_jsonl_format_collects_pages_in_articles_jsonl(tmp_path):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(root / "b.txt", PAGE_B.encode())
    tasks, _ = discover([root])
    write_results(run(tasks, rule_dirs=(), lang="en", foreign="drop", fmt="jsonl"), tmp_path / "out",
                  "jsonl")
    lines = (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["metadata"]["source"] for line in lines] == [str(root / "a.txt"),
                                                                          str(root / "b.txt")]


@pytest.mark.parametrize("fmt", ["txt", "json", "jsonl"])
def test_inputs_are_not_modified(tmp_path, fmt):
    root = tmp_path / "in"
    make_inputs(root)
    out = root / "out"  # output inside the input folder
    before = snapshot(root)
    tasks, _ = discover([root], out)
    write_results(run(tasks, rule_dirs=(), lang="en", foreign="drop", fmt=fmt), out, fmt)
    assert snapshot(root, skip=out) == before
    assert any(out.iterdir())
    # a second run neither reads its own outputs nor touches the inputs
    tasks_again, _ = discover([root], out)
    assert tasks_again == tasks
    write_results(run(tasks_again, rule_dirs=(), lang="en", foreign="drop", fmt=fmt), out, fmt)
    assert snapshot(root, skip=out) == before


def test_output_folder_equal_to_input_folder_does_not_overwrite_inputs(tmp_path):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", (PAGE + "Menu\n").encode())
    before = snapshot(root)
    try:
        tasks, errors = discover([root], root)
    except ValueError:
        return  # refusing the run is a fine answer
    if errors:
        return
    write_results(run(tasks, rule_dirs=(), lang="en", foreign="drop", fmt="txt"), root, "txt")
    after = snapshot(root)
    assert {k: after.get(k) for k in before} == before


def test_discover_inputs_that_would_share_an_output_keep_their_suffixes(tmp_path):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", b"text")
    write_bytes(root / "a.html", b"<html></html>")
    write_bytes(root / "b.txt", b"alone")
    tasks, errors = discover([root])
    assert errors == []
    assert sorted(t.rel for t in tasks) == ["a.html", "a.txt", "b"]


def test_folder_with_same_stem_text_and_html_writes_both_outputs(tmp_path):
    root = tmp_path / "in"
    write_bytes(root / "a.txt", PAGE.encode())
    write_bytes(root / "a.html", f"<html><body><article><p>{PAGE}</p></article></body></html>".encode())
    out = tmp_path / "out"
    tasks, _ = discover([root], out)
    summary = clean_folder(tasks, out, "txt", rule_dirs=(), lang="en", foreign="drop")
    assert summary.failed == 0 and summary.pages == 2
    assert sorted(p.name for p in out.glob("*.txt")) == ["a.html.txt", "a.txt.txt"]


def test_discover_the_same_file_named_twice_is_one_task(tmp_path):
    page = write_bytes(tmp_path / "x.txt", b"x")
    tasks, _ = discover([page, tmp_path / "." / "x.txt"])
    assert len(tasks) == 1
