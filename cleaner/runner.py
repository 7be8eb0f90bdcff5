"""Folder runs: find inputs, clean them (in worker processes when ``jobs > 1``), write outputs
atomically, and report every failure without stopping the run.

Inputs are never modified. Each input yields an output or an error record; results are written in
input order, so serial and parallel runs produce byte-identical files.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .budget import Budget, OverBudget, clean_within, read_page, warm_up
from .decode import charset_of_record
from .language import canonical_code
from .model import Article
from .pipeline import Options
from .rules import load_rules

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
FORMATS = ("txt", "json", "jsonl")


@dataclass(frozen=True, slots=True)
class Task:
    """One input file and where its output goes (``rel``: the mirrored path, without suffix)."""

    path: str
    rel: str
    kind: str


@dataclass(slots=True)
class Result:
    task: Task
    #: (relative output path, content) for txt/json; records for jsonl
    files: list[tuple[str, str]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    foreign_pages: int = 0


@dataclass(slots=True)
class Summary:
    pages: int = 0
    files: int = 0
    failed: int = 0
    foreign_pages: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def discover(inputs: Iterable[str | Path], out_dir: Path | None = None) -> tuple[list[Task], list[dict]]:
    """Tasks for every input file (folders recursively, symlinked folders not followed, the
    output folder skipped), and errors for inputs that cannot be used.

    One folder: outputs mirror the tree inside it. One file: the output takes its name. Several
    inputs: outputs mirror their paths below the inputs' common parent, so ``a/x.txt`` and
    ``b/x.txt`` stay apart.
    """
    roots = [Path(p) for p in inputs]
    tasks: list[Task] = []
    errors: list[dict] = []
    out_resolved = out_dir.resolve() if out_dir else None
    base = None
    if len(roots) > 1:
        base = Path(os.path.commonpath([str(r.resolve().parent) for r in roots]))
    for root in roots:
        resolved = root.resolve()
        if base is not None:
            prefix = resolved.relative_to(base)
        else:
            prefix = Path(root.name) if root.is_file() else Path()
        if out_resolved and root.is_dir() and resolved == out_resolved:
            errors.append({"input": str(root), "error": "the output folder is this input folder: "
                                                         "choose another -o, inputs are never overwritten"})
        elif root.is_file():
            kind = SUFFIXES.get(root.suffix.lower(), "text")
            tasks.append(Task(str(root), str(prefix.with_suffix("")), kind))
        elif root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                here = Path(dirpath)
                dirnames[:] = sorted(d for d in dirnames
                                     if not (out_resolved and (here / d).resolve() == out_resolved))
                for name in sorted(filenames):
                    path = here / name
                    kind = SUFFIXES.get(path.suffix.lower())
                    if kind is not None:
                        tasks.append(Task(str(path), str(prefix / path.relative_to(root).with_suffix("")), kind))
        else:
            errors.append({"input": str(root), "error": "no such file or folder"})
    return tasks, errors


# --- the worker side -------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def init_worker(rule_dirs: tuple[str, ...], lang: str, foreign: str, fmt: str,
                budget: Budget = Budget(), fast: bool = False) -> None:
    """Load the rule set once per process (validated already by the parent)."""
    _WORKER["options"] = Options(rules=load_rules(rule_dirs), lang=lang, foreign=foreign, fast=fast)
    _WORKER["format"] = fmt
    _WORKER["budget"] = budget
    warm_up(_WORKER["options"])  # lazy tables load now, not on the first page's clock


def process(task: Task) -> Result:
    """Clean one input; never raises: a failure becomes an error record."""
    options, fmt, budget = _WORKER["options"], _WORKER["format"], _WORKER.get("budget", Budget())
    result = Result(task)
    try:  # a JSONL file may be big: its budget applies to each record
        data = read_page(task.path, budget if task.kind != "jsonl" else Budget(0))
    except OSError as exc:
        result.errors.append({"input": task.path, "error": f"cannot read: {exc.strerror or exc}"})
        return result
    except OverBudget as exc:
        result.errors.append({"input": task.path, "error": describe(exc)})
        return result
    if task.kind == "jsonl":
        for n, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                article = clean_record(record, options, f"{task.path}:{n}", budget)
            except Exception as exc:  # noqa: BLE001 - one bad record never stops the file
                result.errors.append({"input": f"{task.path}:{n}", "error": describe(exc)})
                continue
            result.records.append(article.to_record())
            result.foreign_pages += is_foreign(article, options)
        return result
    try:
        article = clean_within(budget, data, options=options, kind=task.kind, source_id=task.path)
    except Exception as exc:  # noqa: BLE001 - reported per file, the run goes on
        result.errors.append({"input": task.path, "error": describe(exc)})
        return result
    result.foreign_pages = int(is_foreign(article, options))
    if fmt == "txt":
        result.files.append((task.rel + ".txt", article.canonical_text()))
    elif fmt == "json":
        result.files.append((task.rel + ".json", to_json(article) + "\n"))
    else:
        result.records.append(article.to_record())
    return result


def clean_record(record: Any, options: Options, where: str, budget: Budget = Budget()) -> Article:
    """Clean one JSONL record: ``{"id", "text" | "html", "url"?, "metadata"?}``, within ``budget``."""
    if not isinstance(record, dict):
        raise ValueError("record is not a JSON object")
    meta = record.get("metadata") if isinstance(record.get("metadata"), dict) else {}
    url = record.get("url") or meta.get("url")
    source_id = str(record.get("id") or where)
    charset = charset_of_record(meta)
    if isinstance(record.get("html"), str):
        return clean_within(budget, record["html"], options=options, kind="html", url=url,
                            source_id=source_id, declared_encoding=charset)
    if isinstance(record.get("text"), str):
        return clean_within(budget, record["text"], options=options, kind="text", url=url,
                            source_id=source_id, declared_encoding=charset)
    raise ValueError("record has no 'text' or 'html' string field")


def is_foreign(article: Article, options: Options) -> bool:
    """Whether the page is mainly in a language other than the target (for the run summary)."""
    return article.language is not None and article.language != canonical_code(options.lang)


def describe(exc: BaseException) -> str:
    """The error text of a report record; an over-budget message already says what it is."""
    return str(exc) if isinstance(exc, OverBudget) else f"{type(exc).__name__}: {exc}"


def to_json(article: Article) -> str:
    return json.dumps(article.to_record(), ensure_ascii=False, indent=2)


# --- the parent side -------------------------------------------------------------------------------

def run(tasks: list[Task], *, rule_dirs: tuple[str, ...], lang: str, foreign: str, fmt: str,
        jobs: int = 1, budget: Budget = Budget(), fast: bool = False) -> Iterator[Result]:
    """Results in input order, from one process or a pool of ``jobs`` workers."""
    args = (rule_dirs, lang, foreign, fmt, budget, fast)
    if jobs <= 1 or len(tasks) <= 1:
        init_worker(*args)
        yield from map(process, tasks)
        return
    chunk = max(1, min(64, len(tasks) // (jobs * 8)))
    with get_context("spawn").Pool(jobs, initializer=init_worker, initargs=args) as pool:
        yield from pool.imap(process, tasks, chunksize=chunk)


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file in the same folder and rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class JsonlSink:
    """Records to a stream (``-o -``) or to one file written atomically at the end."""

    def __init__(self, path: Path | None):
        self.path = path
        self.lines: list[str] = []

    def add(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False)
        if self.path is None:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        else:
            self.lines.append(line)

    def close(self) -> None:
        if self.path is not None and self.lines:
            write_atomic(self.path, "\n".join(self.lines) + "\n")


def write_results(results: Iterable[Result], out: Path | None, fmt: str,
                  on_result: Callable[[Result], None] | None = None) -> Summary:
    """Write each result as it arrives; return the run's summary."""
    summary = Summary()
    sinks: dict[str, JsonlSink] = {}
    for result in results:
        summary.files += 1
        for rel, content in result.files:
            target = out / rel  # type: ignore[operator]
            if target.resolve() == Path(result.task.path).resolve():
                result.errors.append({"input": result.task.path,
                                      "error": f"output {target} would overwrite the input"})
                continue
            write_atomic(target, content)
        if result.records:
            key = result.task.rel if result.task.kind == "jsonl" else "articles"
            sink = sinks.get(key)
            if sink is None:
                sink = sinks[key] = JsonlSink(out / (key + ".jsonl") if out else None)
            for record in result.records:
                sink.add(record)
        summary.pages += len(result.files) + len(result.records)
        summary.foreign_pages += result.foreign_pages
        summary.errors.extend(result.errors)
        summary.failed += bool(result.errors)
        if on_result:
            on_result(result)
    for sink in sinks.values():
        sink.close()
    return summary


def write_report(errors: list[dict[str, Any]], path: Path) -> None:
    write_atomic(path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
