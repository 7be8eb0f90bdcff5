"""Folder runs: find inputs, clean them (in worker processes when ``jobs > 1``), write outputs
atomically, and report every failure without stopping the run.

Inputs are never modified. Each input yields an output or an error record; results are written in
input order, so serial and parallel runs produce byte-identical files. With an output folder, a
manifest there (:mod:`cleaner.manifest`) lets a re-run skip inputs whose outputs are current and
finish a run that was killed.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from . import __version__
from .budget import Budget, OverBudget, clean_within, warm_up
from .decode import charset_of_record
from .language import canonical_code
from .learn import SiteChrome, host_of, site_of
from .manifest import Entry, Manifest, is_current
from .markdown import to_markdown
from .model import Article
from .pipeline import Options
from .readers import (CONTAINERS, fastwarc_missing, input_suffix, output_stem, read_input, refuse_urls,
                      regular_file_sha256, split_suffixes, warc_records)
from .rules import load_rules

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".warc": "warc"}
FORMATS = ("txt", "md", "json", "jsonl")
#: Where the pages left out by ``--skip-foreign-pages`` are listed (beside ``errors.jsonl``).
LEFT_OUT = "left-out.jsonl"
#: Temporary files of atomic writes go here, inside the output folder; a killed run's leftovers
#: are removed when the next run starts.
TMP_DIR = ".cleaner-tmp"


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Outputs get the mode a plain ``open()`` would give them (mkstemp's own is 0600).
FILE_MODE = 0o666 & ~current_umask()


@dataclass(frozen=True, slots=True)
class Task:
    """One input file and where its output goes (``rel``: the mirrored path, without suffix)."""

    path: str
    rel: str
    kind: str

    @property
    def key(self) -> str:
        """The input's path relative to the input root: its manifest key."""
        return self.rel + input_suffix(self.path)


@dataclass(slots=True)
class Result:
    task: Task
    #: (relative output path, content) for txt/json; records for jsonl
    files: list[tuple[str, str]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    foreign_pages: int = 0
    #: pages not written because they are mainly in another language (``--skip-foreign-pages``)
    left_out: list[dict[str, Any]] = field(default_factory=list)
    sha256: str = ""  #: of the input's bytes, as read by the worker
    #: set for an input skipped as unchanged: its manifest entry (outputs already on disk)
    reused: Entry | None = None


@dataclass(slots=True)
class Summary:
    pages: int = 0
    files: int = 0
    failed: int = 0
    foreign_pages: int = 0
    skipped: int = 0  #: inputs whose outputs were current (not cleaned again)
    errors: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[dict[str, Any]] = field(default_factory=list)


def discover(inputs: Iterable[str | Path], out_dir: Path | None = None) -> tuple[list[Task], list[dict]]:
    """Tasks for every input file (folders recursively, symlinked folders not followed, the
    output folder skipped), and errors for inputs that cannot be used.

    One folder: outputs mirror the tree inside it. One file: the output takes its name. Several
    inputs: outputs mirror their paths below the inputs' common parent, so ``a/x.txt`` and
    ``b/x.txt`` stay apart.
    """
    names, errors = refuse_urls(str(p) for p in inputs)  # before Path() folds "https://" to "https:/"
    roots = [Path(p) for p in names]
    tasks: list[Task] = []
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
            kind = split_suffixes(root)[0] or "text"
            tasks.append(Task(str(root), str(output_stem(prefix)), kind))
        elif root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                here = Path(dirpath)
                dirnames[:] = sorted(d for d in dirnames
                                     if not (out_resolved and (here / d).resolve() == out_resolved))
                for name in sorted(filenames):
                    path = here / name
                    kind = split_suffixes(path)[0]
                    if kind is not None:
                        tasks.append(Task(str(path), str(prefix / output_stem(path.relative_to(root))), kind))
        else:
            errors.append({"input": str(root), "error": "no such file or folder"})
    return keep_outputs_apart(tasks), errors


def keep_outputs_apart(tasks: list[Task]) -> list[Task]:
    """Inputs that would write the same output (``a.txt`` and ``a.html`` both to ``a.txt``) keep
    their own suffix in the output's name (``a.txt.txt``, ``a.html.txt``), so neither output
    overwrites the other; an input named twice is cleaned once."""
    unique = list({os.path.realpath(t.path): t for t in reversed(tasks)}.values())[::-1]
    count = Counter(t.rel for t in unique)
    return [t if count[t.rel] == 1 else Task(t.path, t.rel + input_suffix(t.path), t.kind) for t in unique]


# --- the worker side -------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def init_worker(rule_dirs: tuple[str, ...], lang: str, foreign: str, fmt: str,
                budget: Budget = Budget(), fast: bool = False, site_chrome: SiteChrome | None = None,
                skip_foreign: bool = False) -> None:
    """Load the rule set once per process (validated already by the parent)."""
    _WORKER["options"] = Options(rules=load_rules(rule_dirs), lang=lang, foreign=foreign, fast=fast,
                                 site_chrome=site_chrome)
    _WORKER["format"] = fmt
    _WORKER["budget"] = budget
    _WORKER["skip_foreign"] = skip_foreign
    warm_up(_WORKER["options"])  # lazy tables load now, not on the first page's clock


def process(task: Task) -> Result:
    """Clean one input; never raises: a failure becomes an error record."""
    options, fmt, budget = _WORKER["options"], _WORKER["format"], _WORKER.get("budget", Budget())
    skip_foreign = _WORKER.get("skip_foreign", False)
    result = Result(task)
    try:  # a JSONL or WARC file may be big: its budget applies to each record
        data, result.sha256 = (b"", regular_file_sha256(task.path)) if task.kind == "warc" else \
            read_input(task.path, task.kind, budget)
    except OSError as exc:
        result.errors.append({"input": task.path, "error": f"cannot read: {exc.strerror or exc}"})
        return result
    except (OverBudget, ValueError) as exc:
        result.errors.append({"input": task.path, "error": describe(exc)})
        return result
    if task.kind in CONTAINERS:
        folder = site_of(task.path) if options.site_chrome else None
        for where, record in container_records(task, data, result, budget.max_bytes):
            try:
                article = clean_record(record, options, where, budget, folder)
            except Exception as exc:  # noqa: BLE001 - one bad record never stops the file
                result.errors.append({"input": where, "error": describe(exc)})
                continue
            foreign = is_foreign(article, options)
            result.foreign_pages += foreign
            if foreign and skip_foreign:
                result.left_out.append(left_out(where, article, options))
                continue
            result.records.append(record_of(article, fmt))
        return result
    try:
        article = clean_within(budget, data, options=options, kind=task.kind, source_id=task.path,
                               site=site_of(task.path) if options.site_chrome else None)
    except Exception as exc:  # noqa: BLE001 - reported per file, the run goes on
        result.errors.append({"input": task.path, "error": describe(exc)})
        return result
    result.foreign_pages = int(is_foreign(article, options))
    if result.foreign_pages and skip_foreign:
        result.left_out.append(left_out(task.path, article, options))
    elif fmt == "txt":
        result.files.append((task.rel + ".txt", article.canonical_text()))
    elif fmt == "md":
        result.files.append((task.rel + ".md", to_markdown(article)))
    elif fmt == "json":
        result.files.append((task.rel + ".json", to_json(article) + "\n"))
    else:
        result.records.append(article.to_record())
    return result


def container_records(task: Task, data: bytes, result: Result, max_bytes: int = 0) -> Iterator[tuple[str, Any]]:
    """``(where, record)`` for each page of a JSONL or WARC input; a line or WARC record that
    cannot be read goes to ``result.errors`` and the next one is read."""
    if task.kind == "jsonl":
        for n, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield f"{task.path}:{n}", json.loads(line)
            except ValueError as exc:
                result.errors.append({"input": f"{task.path}:{n}", "error": describe(exc)})
        return
    found = 0
    try:
        for n, record in warc_records(task.path, max_bytes):
            if isinstance(record, Exception):
                result.errors.append({"input": f"{task.path}#{n}", "error": describe(record)})
            else:
                found += 1
                yield f"{task.path}#{n}", record
    except ImportError:
        result.errors.append({"input": task.path, "error": fastwarc_missing()})
        return
    except Exception as exc:  # noqa: BLE001 - a broken archive: what was read stays
        result.errors.append({"input": task.path, "error": f"not a readable WARC file: {describe(exc)}"})
        return
    if not found and not result.errors:
        result.errors.append({"input": task.path, "error": "no response record with an HTML or "
                                                           "plain-text payload in this WARC file"})


def record_of(article: Article, fmt: str) -> dict[str, Any]:
    """The JSON record; with ``--format md`` it also holds the article as Markdown."""
    record = article.to_record()
    if fmt == "md":
        record["markdown"] = to_markdown(article)
    return record


def left_out(where: str, article: Article, options: Options) -> dict[str, Any]:
    """The line ``left-out.jsonl`` gets for a page ``--skip-foreign-pages`` did not write."""
    return {"input": where, "id": article.id, "language": article.language,
            "reason": f"mainly in '{article.language}', not the target '{canonical_code(options.lang)}' "
                      f"(--skip-foreign-pages)"}


def clean_record(record: Any, options: Options, where: str, budget: Budget = Budget(),
                 folder_site: str | None = None) -> Article:
    """Clean one JSONL record: ``{"id", "text" | "html", "url"?, "metadata"?}``, within ``budget``.
    Its site (for ``options.site_chrome``) is its url's host, else ``folder_site``."""
    if not isinstance(record, dict):
        raise ValueError("record is not a JSON object")
    meta = record.get("metadata") if isinstance(record.get("metadata"), dict) else {}
    url = record.get("url") or meta.get("url")
    source_id = str(record.get("id") or where)
    charset = charset_of_record(meta)
    site = (host_of(url) or folder_site) if options.site_chrome is not None else None
    if isinstance(record.get("html"), (str, bytes)):  # bytes: a WARC payload, charset unknown yet
        return clean_within(budget, record["html"], options=options, kind="html", url=url,
                            source_id=source_id, declared_encoding=charset, site=site)
    if isinstance(record.get("text"), (str, bytes)):
        return clean_within(budget, record["text"], options=options, kind="text", url=url,
                            source_id=source_id, declared_encoding=charset, site=site)
    raise ValueError("record has no 'text' or 'html' string field")


def is_foreign(article: Article, options: Options) -> bool:
    """Whether the page is mainly in a language other than the target (for the run summary)."""
    return (article.language is not None
            and canonical_code(article.language) != canonical_code(options.lang))


def describe(exc: BaseException) -> str:
    """The error text of a report record; an over-budget message already says what it is."""
    return str(exc) if isinstance(exc, OverBudget) else f"{type(exc).__name__}: {exc}"


def to_json(article: Article) -> str:
    return json.dumps(article.to_record(), ensure_ascii=False, indent=2)


# --- the parent side -------------------------------------------------------------------------------

def run(tasks: list[Task], *, rule_dirs: tuple[str, ...], lang: str, foreign: str, fmt: str,
        jobs: int = 1, budget: Budget = Budget(), fast: bool = False,
        site_chrome: SiteChrome | None = None, skip_foreign: bool = False) -> Iterator[Result]:
    """Results in input order, from one process or a pool of ``jobs`` workers."""
    args = (rule_dirs, lang, foreign, fmt, budget, fast, site_chrome, skip_foreign)
    if jobs <= 1 or len(tasks) <= 1:
        init_worker(*args)
        yield from map(process, tasks)
        return
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))  # small chunks: no long tail on one core
    context = pool_context()
    if context.get_start_method() == "fork":
        init_worker(*args)  # loaded once here; every forked worker starts with the tables warm
        for stream in (sys.stdout, sys.stderr):  # a child flushes what it inherits: nothing twice
            stream.flush()
        pool = context.Pool(jobs)
    else:
        pool = context.Pool(jobs, initializer=init_worker, initargs=args)
    with pool:
        yield from pool.imap(process, tasks, chunksize=chunk)


def pool_context() -> BaseContext:
    """Fork where the platform has it and this process runs one thread (forked workers share the
    parent's loaded rules and word tables instead of each importing and loading them again: about
    2.5 CPU-seconds per worker); spawn otherwise (forking a threaded process is unsafe)."""
    if "fork" in get_all_start_methods() and threading.active_count() == 1:
        return get_context("fork")
    return get_context("spawn")


def clean_folder(tasks: list[Task], out: Path | None, fmt: str, *, jobs: int = 1, force: bool = False,
                 on_result: Callable[[Result], None] | None = None, **options: Any) -> Summary:
    """Clean ``tasks`` into ``out`` (None: JSONL on stdout) and return the run's summary.

    With an output folder, inputs whose outputs are current by the folder's manifest are not
    cleaned again (unless ``force``), and every input cleaned is recorded there once its outputs
    are written. ``options`` are :func:`run`'s (``rule_dirs``, ``lang``, ``foreign``).
    """
    if out is None:
        return write_results(run(tasks, fmt=fmt, jobs=jobs, **options), None, fmt, on_result)
    shutil.rmtree(out / TMP_DIR, ignore_errors=True)  # a killed run's half-written files
    settings = settings_digest(fmt, options)
    with Manifest(out) as manifest:
        skip = [not force and is_unchanged(manifest, task, settings, out) for task in tasks]
        fresh = run([t for t, s in zip(tasks, skip) if not s], fmt=fmt, jobs=jobs, **options)

        def merged() -> Iterator[Result]:
            try:
                for task, unchanged in zip(tasks, skip):
                    yield Result(task, reused=manifest.get(task.key)) if unchanged else next(fresh)
            finally:
                fresh.close()  # shut the worker pool down

        return write_results(merged(), out, fmt, on_result, manifest=manifest, settings=settings)


def settings_digest(fmt: str, options: dict[str, Any]) -> str:
    """A digest of everything besides the input that shapes an output: the rule set's content, the
    output format and the cleaning options."""
    rules = load_rules(options.get("rule_dirs", ())).digest
    others = {k: v.digest() if isinstance(v, SiteChrome) else v for k, v in options.items() if k != "rule_dirs"}
    text = json.dumps({"rules": rules, "format": fmt, **others}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_unchanged(manifest: Manifest, task: Task, settings: str, out: Path) -> bool:
    """Whether the manifest's outputs for ``task`` are current (hashing the input only when the
    settings and version already match)."""
    entry = manifest.get(task.key)
    if entry is None or entry.settings != settings or entry.version != __version__:
        return False
    try:
        digest = file_sha256(Path(task.path))
    except OSError:
        return False
    return is_current(entry, digest, settings, __version__, out)


def file_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_atomic(path: Path, content: str, tmp_dir: Path | None = None) -> None:
    """Write via a temporary file (in the same folder, or in ``tmp_dir`` on the same file system)
    and rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(tmp, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class JsonlSink:
    """Records to a stream (``-o -``) or to one file. A file is streamed into a temporary file (in
    ``tmp_dir``, else beside it) and renamed into place on :meth:`close`, so memory stays flat
    and a reader never sees half a file; :meth:`discard` drops an unfinished one."""

    def __init__(self, path: Path | None, tmp_dir: Path | None = None):
        self.path = path
        self.tmp_dir = tmp_dir
        self._file: Any = None
        self._tmp: str | None = None

    def add(self, record: dict[str, Any]) -> None:
        self.add_line(json.dumps(record, ensure_ascii=False))

    def add_line(self, line: str) -> None:
        if self.path is None:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
            return
        if self._file is None:
            folder = self.tmp_dir or self.path.parent
            folder.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
            os.chmod(self._tmp, FILE_MODE)
            self._file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self._file.write(line + "\n")

    def close(self) -> None:
        if self._file is not None and self.path is not None and self._tmp is not None:
            self._file.close()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._tmp, self.path)
            self._file = None

    def discard(self) -> None:
        if self._file is not None and self._tmp is not None:
            self._file.close()
            Path(self._tmp).unlink(missing_ok=True)
            self._file = None


def write_results(results: Iterable[Result], out: Path | None, fmt: str,
                  on_result: Callable[[Result], None] | None = None, *,
                  manifest: Manifest | None = None, settings: str = "") -> Summary:
    """Write each result as it arrives (records of ``--format jsonl`` streamed into
    ``articles.jsonl``), record it in ``manifest`` once written; return the run's summary."""
    summary = Summary()
    tmp_dir = out / TMP_DIR if out else None
    articles = JsonlSink(out / "articles.jsonl" if out else None, tmp_dir)
    try:
        for result in results:
            summary.files += 1
            if result.reused is not None:
                entry = result.reused
                summary.skipped += 1
                summary.pages += entry.pages
                summary.foreign_pages += entry.foreign_pages
                for line in (entry.records.split("\n") if entry.records else ()):
                    articles.add_line(line)
            else:
                outputs, lines = write_result(result, out, articles, tmp_dir)
                summary.pages += len(result.files) + len(result.records)
                summary.foreign_pages += result.foreign_pages
                summary.errors.extend(result.errors)
                summary.failed += bool(result.errors)
                summary.left_out.extend(result.left_out)
                if manifest is not None:  # pages left out are listed on every run: never reused
                    manifest.put(result.task.key, Entry(
                        result.sha256, settings, __version__, tuple(outputs),
                        "failed" if result.errors else "left-out" if result.left_out else "ok",
                        len(result.files) + len(result.records),
                        result.foreign_pages, "\n".join(lines) if lines else None))
            if on_result:
                on_result(result)
    except BaseException:
        articles.discard()
        raise
    articles.close()
    if tmp_dir is not None and tmp_dir.is_dir():
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return summary


def write_result(result: Result, out: Path | None, articles: JsonlSink,
                 tmp_dir: Path | None) -> tuple[list[str], list[str]]:
    """Write one cleaned input: its files atomically, the records of a ``.jsonl`` input to its
    own ``.jsonl`` output (a WARC input's too), other records to ``articles``. Returns the output paths written
    (relative to ``out``) and the record lines sent to ``articles``."""
    outputs: list[str] = []
    task = result.task
    for rel, content in result.files:
        target = out / rel  # type: ignore[operator]
        if target.resolve() == Path(task.path).resolve():
            result.errors.append({"input": task.path, "error": f"output {target} would overwrite the input"})
            continue
        write_atomic(target, content, tmp_dir)
        outputs.append(rel)
    lines = [json.dumps(record, ensure_ascii=False) for record in result.records]
    if not lines:
        return outputs, []
    if task.kind not in CONTAINERS:
        for line in lines:
            articles.add_line(line)
        return outputs, lines
    if out is None:
        sys.stdout.write("".join(line + "\n" for line in lines))
        sys.stdout.flush()
        return outputs, []
    rel = task.rel + ".jsonl"
    if (out / rel).resolve() == Path(task.path).resolve():
        result.errors.append({"input": task.path, "error": f"output {out / rel} would overwrite the input"})
    else:
        write_atomic(out / rel, "".join(line + "\n" for line in lines), tmp_dir)
        outputs.append(rel)
    return outputs, []


def write_report(errors: list[dict[str, Any]], path: Path) -> None:
    write_atomic(path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
