"""The datatrove step: a 2-task LocalPipelineExecutor run (JSONL reader → CleanerStep → JSONL
writer) gives the same documents as ``cleaner clean --format jsonl`` on the same files."""
from __future__ import annotations

import json
import pickle
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS, SHARED_BENCH

pytest.importorskip("datatrove", reason="the datatrove extra is not installed")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import cleaner  # noqa: E402
from cleaner.cli import main  # noqa: E402
from cleaner.integrations.datatrove import CleanerStep, read_cleaner_record  # noqa: E402

BENCH = SHARED_BENCH / "dev"
#: Bench pages in the sample: the first ones by id, as HTML (with their URL) and as text dumps.
BENCH_HTML, BENCH_DUMPS = 4, 3
#: Only chrome: every line is dropped by a global rule, so the document ends up empty.
EMPTY_PAGE = "Subscribe\nLog in\nShare"


def seed_records() -> list[dict]:
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]


def bench_records() -> list[dict]:
    if not BENCH.is_dir():
        return []
    meta = [json.loads(line) for line in (BENCH / "meta.jsonl").read_text(encoding="utf-8").splitlines()]
    meta.sort(key=lambda m: m["id"])
    html = [{"id": f"html-{m['id'][:12]}", "url": m["url"],
             "html": (BENCH / "html" / f"{m['id']}.html").read_text(encoding="utf-8")}
            for m in meta[:BENCH_HTML]]
    dumps = [{"id": f"dump-{m['id'][:12]}", "text": (BENCH / "dump" / f"{m['id']}.txt").read_text(encoding="utf-8")}
             for m in meta[BENCH_HTML:BENCH_HTML + BENCH_DUMPS]]
    return html + dumps


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def read_jsonl(folder: Path) -> list[dict]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl")) if path.name != "errors.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines()]


def as_document(record: dict) -> dict:
    """What the step should make of one ``cleaner clean --format jsonl`` record, written out here
    from the record's documented fields rather than taken from the step."""
    metadata = {k: v for k, v in record["metadata"].items() if k != "source"}
    metadata["flags"] = record["flags"]
    metadata["removed_counts"] = dict(Counter(r["reason"] for r in record["removed"]))
    return {"id": record["id"], "text": record["text"], "metadata": metadata}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The same three input files cleaned by the CLI and by a 2-task datatrove pipeline."""
    tmp = tmp_path_factory.mktemp("datatrove")
    inputs = tmp / "in"
    inputs.mkdir()
    seeds = seed_records()
    write_jsonl(inputs / "a.jsonl", seeds[:3] + [{"id": "empty", "text": EMPTY_PAGE}])
    write_jsonl(inputs / "b.jsonl", seeds[3:] + [{"id": "bad", "text": 5}])
    bench = bench_records()
    if bench:
        write_jsonl(inputs / "c.jsonl", bench)

    cli = CliRunner().invoke(main, ["clean", str(inputs), "-o", str(tmp / "cli"), "--format", "jsonl", "-j", "1"],
                             catch_exceptions=False)
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(inputs), adapter=read_cleaner_record),
            CleanerStep(exclusion_writer=JsonlWriter(str(tmp / "excluded"), compression=None)),
            JsonlWriter(str(tmp / "dt"), compression=None),
        ],
        # 2 worker processes, so the pipeline really is pickled (dill) to each task, as on Slurm
        # and Ray; forked from this process, whose language data the CLI run above has loaded,
        # rather than the default forkserver, so each worker does not load it again
        tasks=2, workers=2, logging_dir=str(tmp / "logs"), start_method="fork")
    stats = executor.run()
    return {"cli": cli, "tmp": tmp, "bench": bench, "stats": stats,
            "cli_records": {r["id"]: r for r in read_jsonl(tmp / "cli")},
            "documents": read_jsonl(tmp / "dt"), "excluded": read_jsonl(tmp / "excluded")}


def test_both_tasks_wrote_documents(runs: dict) -> None:
    assert sorted(p.name for p in (runs["tmp"] / "dt").glob("*.jsonl")) == ["00000.jsonl", "00001.jsonl"]
    assert all(p.stat().st_size > 0 for p in (runs["tmp"] / "dt").glob("*.jsonl"))


def test_pipeline_output_equals_cli_jsonl(runs: dict) -> None:
    cli_records = runs["cli_records"]
    documents = runs["documents"]
    ids = [d["id"] for d in documents]
    assert len(ids) == len(set(ids))
    expected_ids = {i for i, r in cli_records.items() if r["text"]}
    assert set(ids) == expected_ids
    assert {s.stem for s in SEEDS.glob("*.txt")} <= expected_ids
    for document in documents:
        assert document["metadata"].pop("file_path").endswith(".jsonl")  # added by the reader
        assert document == as_document(cli_records[document["id"]]), document["id"]


def test_bench_html_and_dump_pages_were_in_the_sample(runs: dict) -> None:
    if not runs["bench"]:
        pytest.skip(f"no bench pages at {BENCH}")
    documents = {d["id"]: d for d in runs["documents"]}
    html_ids = [r["id"] for r in runs["bench"] if "html" in r]
    assert len(html_ids) == BENCH_HTML
    for record in runs["bench"]:
        document = documents[record["id"]]
        assert "html" not in document["metadata"] and "<" not in document["text"][:200]
        assert document["text"] == runs["cli_records"][record["id"]]["text"] != ""


def test_empty_documents_go_to_the_exclusion_writer_with_a_reason(runs: dict) -> None:
    excluded = {d["id"]: d for d in runs["excluded"]}
    assert sorted(excluded) == ["empty"]
    empty = excluded["empty"]
    assert empty["metadata"]["filter_reason"] == "cleaner_empty"
    assert empty["text"] == EMPTY_PAGE  # kept as it came in, for inspection
    assert empty["metadata"]["removed_counts"] == {"rule:global.sign-in": 1, "rule:global.share-buttons": 1,
                                                   "rule:global.subscribe": 1}
    assert runs["cli_records"]["empty"]["text"] == ""  # the CLI writes it, empty


def test_record_without_text_is_skipped_by_the_reader_and_failed_by_the_cli(runs: dict) -> None:
    assert "bad" not in {d["id"] for d in runs["documents"] + runs["excluded"]}
    cli_errors = [json.loads(line) for line in (runs["tmp"] / "cli" / "errors.jsonl").read_text().splitlines()]
    assert [e["input"].rsplit("/", 1)[-1] for e in cli_errors] == ["b.jsonl:3"]
    assert runs["cli"].exit_code == 1


def test_a_document_that_cannot_be_cleaned_is_dropped_with_the_error() -> None:
    doc = Document(text=5, id="bad")  # type: ignore[arg-type]  # what a lax reader may hand over
    assert CleanerStep().filter(doc) == (False, "cleaner_error")
    assert "ValueError" in doc.metadata["cleaner_error"]


def test_stats_count_documents_and_removals(runs: dict) -> None:
    step = next(s for s in runs["stats"].stats if "cleaner" in s.name)
    assert step.stats["total"].total == len(runs["cli_records"])
    assert step.stats["forwarded"].total == len(runs["documents"])
    assert step.stats["dropped_cleaner_empty"].total == 1
    removed = sum(len(r["removed"]) for r in runs["cli_records"].values())
    assert step.stats["blocks_removed"].total == removed > 0


def test_step_is_picklable_and_keeps_its_rules_and_options(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "mine.wire"\nline = "Wire copy"\naction = "drop"\n',
                                     encoding="utf-8")
    step = CleanerStep(cleaner.Options(foreign="flag"), rule_dirs=[tmp_path])
    copy = pickle.loads(pickle.dumps(step))
    assert copy.options == step.options and copy.options.foreign == "flag"
    doc = Document(text="A Headline For The Story Here\nWire copy\nThe body of the story is here, and it is long enough.",
                   id="x")
    assert copy.filter(doc) is True
    assert doc.text == "The body of the story is here, and it is long enough."
    assert doc.metadata["title"] == "A Headline For The Story Here"
    assert doc.metadata["removed_counts"] == {"rule:mine.wire": 1}


STORM_HTML = ("<html><head><title>Storm Hits The Coast</title></head><body><article><h1>Storm Hits The Coast</h1>"
              "<p>The storm reached the coast on Monday night, and thousands of homes lost power.</p>"
              "</article></body></html>")
STORM_BODY = "The storm reached the coast on Monday night, and thousands of homes lost power."


def test_html_kept_in_metadata_is_cleaned_as_html_and_removed() -> None:
    doc = Document(text="placeholder", id="h", metadata={"html": STORM_HTML, "url": "https://example.com/storm"})
    assert CleanerStep().filter(doc) is True
    assert doc.text == STORM_BODY
    assert doc.metadata["title"] == "Storm Hits The Coast"
    assert "html" not in doc.metadata and doc.metadata["url"] == "https://example.com/storm"


def test_text_is_read_as_html_when_the_step_is_told_so() -> None:
    as_html = Document(text=STORM_HTML, id="w")
    assert CleanerStep(kind="html").filter(as_html) is True
    assert as_html.text == STORM_BODY
    # the default reads a text dump: markup in it is text, never parsed
    dump = "Storm Hits The Coast\nThe storm reached the coast on Monday night, and <b>thousands</b> of homes lost power."
    as_text = Document(text=dump, id="t")
    assert CleanerStep().filter(as_text) is True
    assert as_text.text == "The storm reached the coast on Monday night, and <b>thousands</b> of homes lost power."


def test_rules_given_twice_and_unknown_kind_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not both"):
        CleanerStep(cleaner.Options(rules=cleaner.default_rules()), rule_dirs=[tmp_path])
    with pytest.raises(ValueError, match="kind"):
        CleanerStep(kind="pdf")


def test_invalid_rule_folder_fails_when_the_pipeline_is_built(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('[[rule]]\nid = "x"\naction = "drop"\n', encoding="utf-8")
    with pytest.raises(cleaner.RuleError, match="bad.toml"):
        CleanerStep(rule_dirs=[tmp_path])


def test_the_cli_reads_back_what_a_datatrove_writer_wrote_gzipped(tmp_path: Path) -> None:
    """JsonlWriter's default output (``00000.jsonl.gz``, as in the README's example) is a folder
    ``cleaner clean`` reads: one record per document, the same as from the plain JSONL."""
    documents = [Document(text=r["text"], id=r["id"]) for r in seed_records()[:2]]
    with JsonlWriter(str(tmp_path / "dt")) as writer:
        for document in documents:
            writer.write(document, rank=0)
    assert [p.name for p in (tmp_path / "dt").iterdir()] == ["00000.jsonl.gz"]
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "dt"), "-o", str(tmp_path / "out"), "-j", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "cleaned 2 page(s) from 1 file(s)" in result.output
    records = [json.loads(line) for line in (tmp_path / "out" / "00000.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [d.id for d in documents]
    assert records[0]["text"] == cleaner.clean(documents[0].text, kind="text", source_id=documents[0].id).body


def test_the_readme_example_writes_under_one_folder_and_the_cli_reads_it_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's datatrove example, run as written (one task in this process instead of two
    workers, to stay quick): everything lands in ``datatrove-run/``, and ``cleaner clean`` reads
    the gzipped output back."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use in a datatrove pipeline"):]
    script = section[section.index("```python\n") + 10:section.index("```", section.index("```python\n") + 10)]
    shell = section[section.index("```sh\n") + 6:section.index("```", section.index("```sh\n") + 6)]
    make_pages = shell.splitlines()[0]
    assert make_pages.startswith('python -c "') and make_pages.endswith('"')
    (tmp_path / "seeds").symlink_to(SEEDS)
    monkeypatch.chdir(tmp_path)
    exec(make_pages[len('python -c "'):-1], {})  # noqa: S102 - the README's own command
    namespace: dict = {"__name__": "readme_example"}
    exec(script, namespace)  # noqa: S102 - builds `pipeline`; its __main__ block does not run
    logging_dir = script.split('logging_dir="')[1].split('"')[0]
    LocalPipelineExecutor(namespace["pipeline"], tasks=1, workers=1, logging_dir=logging_dir).run()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datatrove-run", "seeds"]
    written = sorted((tmp_path / "datatrove-run" / "clean").iterdir())
    assert [p.name for p in written] == ["00000.jsonl.gz"]
    result = CliRunner().invoke(main, ["clean", "datatrove-run/clean", "-o", "datatrove-run/cli", "-j", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"cleaned {len(list(SEEDS.glob('*.txt')))} page(s) from 1 file(s)" in result.output
    assert "datatrove-run/" in (Path(__file__).resolve().parents[1] / ".gitignore").read_text(encoding="utf-8")
