"""The command line, as a user runs it: folders in, files out, clear errors, exit codes."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import cleaner
from cleaner.cli import main
from conftest import SEEDS

SEED_NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_clean_seeds_writes_one_canonical_article_per_page(tmp_path: Path) -> None:
    result = invoke("clean", str(SEEDS), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    written = sorted(p.stem for p in (tmp_path / "out").glob("*.txt"))
    assert written == SEED_NAMES
    assert not (tmp_path / "out" / "errors.jsonl").exists()
    for name in SEED_NAMES:
        expected = cleaner.clean((SEEDS / f"{name}.txt").read_bytes()).canonical_text()
        assert (tmp_path / "out" / f"{name}.txt").read_text(encoding="utf-8") == expected


def test_output_mirrors_nested_input_tree(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    shutil.copy(SEEDS / f"{SEED_NAMES[3]}.txt", src / "a" / "b" / "page.txt")
    shutil.copy(SEEDS / f"{SEED_NAMES[4]}.txt", src / "top.txt")
    result = invoke("clean", str(src), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out" / "a" / "b" / "page.json").read_text(encoding="utf-8"))
    assert record["metadata"]["rule_site"] == "tass"
    assert (tmp_path / "out" / "top.json").exists()


def test_jsonl_format_has_one_record_per_page_in_input_order(tmp_path: Path) -> None:
    result = invoke("clean", str(SEEDS), "-o", str(tmp_path), "--format", "jsonl", "-j", "2")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert [Path(json.loads(line)["metadata"]["source"]).stem for line in lines] == SEED_NAMES


def test_parallel_and_serial_runs_are_byte_identical(tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        assert invoke("clean", str(SEEDS), "-o", str(tmp_path / jobs), "--format", "json",
                      "-j", jobs).exit_code == 0
    for name in SEED_NAMES:
        assert (tmp_path / "1" / f"{name}.json").read_bytes() == (tmp_path / "2" / f"{name}.json").read_bytes()


def test_bad_and_unreadable_files_are_reported_and_the_rest_cleaned(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS / f"{SEED_NAMES[0]}.txt", src / "good.txt")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (src / "gone.txt").symlink_to(src / "does-not-exist.txt")
    before = {p.name: p.read_bytes() for p in src.iterdir() if p.exists()}
    result = invoke("clean", str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8").startswith("Kim Wants")
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert sorted(Path(e["input"]).name for e in errors) == ["gone.txt", "image.txt"]
    assert any("binary" in e["error"] for e in errors)
    assert "failed:" in result.output
    assert before == {p.name: p.read_bytes() for p in src.iterdir() if p.exists()}  # inputs untouched


def test_invalid_rule_folder_lists_every_error_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "mine.toml").write_text(
        '[[rule]]\nid = "mine.one"\nline = "x"\naction = "explode"\n\n'
        '[[rule]]\nid = "mine.two"\nregex = "(unclosed"\naction = "drop"\ncolour = "red"\n',
        encoding="utf-8")
    result = invoke("clean", str(SEEDS), "-o", str(tmp_path / "out"), "--rules", str(bad))
    assert result.exit_code == 2
    out = result.output
    assert "mine.toml rule 'mine.one' field 'action'" in out
    assert "mine.toml rule 'mine.two' field 'regex'" in out
    assert "mine.toml rule 'mine.two' field 'colour'" in out
    assert not (tmp_path / "out").exists()


def test_user_rules_apply(tmp_path: Path) -> None:
    mine = tmp_path / "rules"
    mine.mkdir()
    (mine / "extra.toml").write_text(
        '[[rule]]\nid = "mine.drop-putin-line"\nprefix = "Putin expressed hope"\naction = "drop"\n'
        'drop = ["Putin expressed hope that they meet."]\n', encoding="utf-8")
    seed = SEEDS / f"{SEED_NAMES[2]}.txt"
    result = invoke("clean", str(seed), "-o", str(tmp_path / "out"), "--rules", str(mine))
    assert result.exit_code == 0
    text = (tmp_path / "out" / f"{SEED_NAMES[2]}.txt").read_text(encoding="utf-8")
    assert "Putin expressed hope" not in text and "Putin last visited North Korea" in text


def test_explain_names_the_rule_or_heuristic_behind_each_removal() -> None:
    result = invoke("explain", str(SEEDS / f"{SEED_NAMES[0]}.txt"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any("DROP" in l and "rule:sputnik.newsfeed-footer" in l and "Newsfeed" in l for l in lines)
    assert any("heuristic:teaser-headline" in l and "Pompeo Accuses Russia" in l for l in lines)
    assert any("TITLE" in l and "Kim Wants to Foster" in l for l in lines)
    dropped = [l for l in lines if " DROP " in l]
    assert dropped and all(("rule:" in l or "heuristic:" in l or "language:" in l) for l in dropped)


def test_rules_check_passes_on_shipped_rules() -> None:
    result = invoke("rules", "check")
    assert result.exit_code == 0, result.output
    assert "0 failing example(s)" in result.output and "0 rule(s) without examples" in result.output


def test_rules_check_reports_failing_examples(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r.x"\nline = "Share"\naction = "drop"\n'
                                     'drop = ["Share this"]\n', encoding="utf-8")
    result = invoke("rules", "check", str(tmp_path))
    assert result.exit_code == 1
    assert "FAIL r.x: should match: 'Share this'" in result.output


def test_stdin_jsonl_to_stdout_one_record_per_line_and_bad_lines_reported() -> None:
    page = (SEEDS / f"{SEED_NAMES[4]}.txt").read_text(encoding="utf-8")
    stdin = json.dumps({"id": "a", "text": page}) + "\nnot json\n" + json.dumps({"id": "b", "text": page}) + "\n"
    result = CliRunner().invoke(main, ["clean", "-", "-o", "-"], input=stdin)
    assert result.exit_code == 1
    records = [json.loads(l) for l in result.stdout.splitlines() if l.startswith("{\"id\"")]
    assert [r["id"] for r in records] == ["a", "b"]
    assert "stdin:2" in result.stderr


def test_version_and_help() -> None:
    assert cleaner.__version__ in invoke("--version").output
    help_text = invoke("clean", "--help").output
    for option in ("--format", "--rules", "--lang", "--foreign", "--jobs", "--report"):
        assert option in help_text


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("cleaner")
    proc = subprocess.run([str(exe), "clean", str(SEEDS), "-o", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "cleaned 5 page(s)" in proc.stderr


def test_out_that_is_a_file_is_a_usage_error_not_a_traceback(tmp_path):
    target = tmp_path / "taken"
    target.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(SEEDS), "-o", str(target)])
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output
    assert target.read_text(encoding="utf-8") == "keep me"


def test_out_below_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(SEEDS), "-o", str(tmp_path / "file" / "out")])
    assert result.exit_code == 2
    assert "cannot create the output folder" in result.output
