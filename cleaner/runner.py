"""Folder runs: find inputs, clean them (in worker processes when ``jobs > 1``), write outputs
atomically, and report every failure without stopping the run.

Inputs are never modified. Each input yields an output or an error record; results are written in
input order, so serial and parallel runs produce byte-identical files. With an output folder, a
manifest there (:mod:`cleaner.manifest`) lets a re-run skip inputs whose outputs are current and
finish a run that was killed.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import wait
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from . import __version__
from .budget import Budget, OverBudget, clean_within, warm_up
from .decode import charset_of_record
from .language import canonical_code
from .learn import SiteChrome, host_of, site_of
from .manifest import NAME as MANIFEST_NAME, Entry, Manifest, is_current
from .markdown import to_markdown
from .model import Article
from .pipeline import Options
from .readers import (CONTAINERS, fastwarc_missing, input_suffix, output_stem, read_input, refuse_urls,
                      regular_file_sha256, split_suffixes, warc_records)
from .records import json_line
from .rules import load_rules

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".warc": "warc"}
FORMATS = ("txt", "md", "json", "jsonl")
#: Where the pages left out by ``--skip-foreign-pages`` are listed (beside ``errors.jsonl``).
LEFT_OUT = "left-out.jsonl"
#: Temporary files of atomic writes go here, inside the output folder; a killed run's leftovers
#: are removed when the next run starts.
TMP_DIR = ".cleaner-tmp"
#: The lock a run holds on its output folder (see :func:`out_lock`).
LOCK_NAME = ".cleaner-lock"
#: Names cleaner itself writes at the top of an output folder. An input whose output would take
#: one of them keeps its own suffix in its name (``errors.jsonl`` -> ``OUT/errors.jsonl.jsonl``),
#: an input folder gets a ``~`` (``.cleaner-tmp/`` -> ``OUT/.cleaner-tmp~/``): cleaner's own files
#: never share a name with an input's output.
OWN_NAMES = frozenset({"errors.jsonl", "articles.jsonl", "stdin.jsonl", "report.html", TMP_DIR, LOCK_NAME,
                       MANIFEST_NAME, MANIFEST_NAME + "-wal", MANIFEST_NAME + "-shm",
                       MANIFEST_NAME + "-journal"})
#: An INPUT that is a URL: cleaner reads files, it does not fetch pages.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


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
    #: (relative output path, content) for txt/json; records (as JSON lines) for jsonl
    files: list[tuple[str, str]] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
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
    output folder skipped), and errors for inputs that cannot be used (missing, a URL, a folder
    that cannot be read).

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

    def unreadable(exc: OSError) -> None:
        errors.append({"input": str(exc.filename), "error": f"cannot read folder: {exc.strerror or exc}"})

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
            for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
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
    overwrites the other; an input named twice is cleaned once. An output that would take the
    name of one of cleaner's own files (:data:`OWN_NAMES`) is renamed the same way, and any
    clash left after that gets ``~2``, ``~3``... (in input order)."""
    unique = list({os.path.realpath(t.path): t for t in reversed(tasks)}.values())[::-1]
    unique = [avoid_own_names(t) for t in unique]
    count = Counter(t.rel for t in unique)
    apart = [t if count[t.rel] == 1 else Task(t.path, t.rel + input_suffix(t.path), t.kind) for t in unique]
    taken: set[str] = set()
    final = []
    for t in apart:
        rel, n = t.rel, 1
        while rel in taken:
            n += 1
            rel = f"{t.rel}~{n}"
        taken.add(rel)
        final.append(t if rel == t.rel else Task(t.path, rel, t.kind))
    return final


def avoid_own_names(task: Task) -> Task:
    """``task`` with an output path whose first part is none of :data:`OWN_NAMES`."""
    parts = Path(task.rel).parts
    if not parts:
        return task
    if len(parts) > 1:
        if parts[0] not in OWN_NAMES:
            return task
        return Task(task.path, str(Path(parts[0] + "~", *parts[1:])), task.kind)
    outputs = {task.rel + ".jsonl"} if task.kind == "jsonl" else {task.rel + ".txt", task.rel + ".json"}
    if not outputs & OWN_NAMES and task.rel not in OWN_NAMES:
        return task
    return Task(task.path, task.rel + input_suffix(task.path), task.kind)


def output_overlap(inputs: Iterable[str], out_dir: Path) -> str | None:
    """Why ``out_dir`` cannot be the output folder of ``inputs`` (a usage error, found before
    anything is written), or None. Inputs are never written over, so the output folder may not be
    an input folder, nor hold one; inside an input folder it is skipped when the inputs are
    found, which is safe only when it is new, empty, or an earlier run's output (it has a
    manifest): files already there that cleaner did not write may be inputs. An input file that is
    one of cleaner's own files in the output folder (``errors.jsonl``, the manifest ...) is refused
    too."""
    out = Path(os.path.realpath(out_dir))
    for raw in inputs:
        if raw == "-" or (_URL.match(raw) and not os.path.exists(raw)):
            continue
        real = Path(os.path.realpath(raw))
        if os.path.isdir(raw):
            if real == out:
                return (f"-o {out_dir} is the input folder {raw}: choose another output folder "
                        f"(inputs are never overwritten)")
            if out in real.parents:
                return (f"-o {out_dir} holds the input folder {raw}: outputs would mix with the inputs; "
                        f"choose an output folder outside it")
            if real in out.parents and out.is_dir() and not (out / MANIFEST_NAME).is_file() \
                    and any(out.iterdir()):
                return (f"-o {out_dir} is inside the input folder {raw} and already holds files "
                        f"cleaner did not write (they may be inputs); choose a new or empty folder")
        elif real.parent == out and real.name in OWN_NAMES:
            return f"{raw} is one of cleaner's own files in -o {out_dir}: copy it elsewhere to clean it"
    return None


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
        if task.kind == "warc":
            data, result.sha256 = None, regular_file_sha256(task.path)
        elif task.kind == "jsonl" and split_suffixes(task.path)[1] is None:
            data = None  # streamed line by line (container_records), never held whole
        else:
            data, result.sha256 = read_input(task.path, task.kind, budget)
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
            result.records.append(json_line(record_of(article, fmt)))
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
        result.records.append(json_line(article.to_record()))
    return result


def container_records(task: Task, data: bytes | None, result: Result, max_bytes: int = 0
                      ) -> Iterator[tuple[str, Any]]:
    """``(where, record)`` for each page of a JSONL or WARC input; a line or WARC record that
    cannot be read goes to ``result.errors`` and the next one is read. A plain JSONL file
    (``data`` None) is streamed: one line in memory at a time."""
    if task.kind == "jsonl":
        lines = enumerate(data.splitlines(), start=1) if data is not None else jsonl_lines(task, result)
        for n, line in lines:
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


def jsonl_lines(task: Task, result: Result) -> Iterator[tuple[int, bytes]]:
    """``(line number, line)`` of a plain JSONL file read in chunks (never whole), as
    ``bytes.splitlines`` of the whole file numbers them; sets ``result.sha256`` at the end. A
    file that cannot be read becomes an error of the input."""
    digest = hashlib.sha256()
    n = 0
    try:
        with open_regular(task.path) as f:
            for chunk in f:
                digest.update(chunk)
                for line in chunk.splitlines():  # as bytes.splitlines() of the whole file: \r too
                    n += 1
                    yield n, line
    except OSError as exc:
        result.errors.append({"input": task.path, "error": f"cannot read: {exc.strerror or exc}"})
        return
    result.sha256 = digest.hexdigest()


def open_regular(path: str) -> Any:
    """``path`` opened for reading bytes, or ``OSError`` when it is not a regular file (a FIFO
    would block; a device may never end)."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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
    return json_line(article.to_record(), indent=2)


# --- the parent side -------------------------------------------------------------------------------

def run(tasks: list[Task], *, rule_dirs: tuple[str, ...], lang: str, foreign: str, fmt: str,
        jobs: int = 1, budget: Budget = Budget(), fast: bool = False,
        site_chrome: SiteChrome | None = None, skip_foreign: bool = False) -> Iterator[Result]:
    """Results in input order, from one process or a pool of ``jobs`` workers (:class:`WorkerPool`:
    a worker that dies fails its page alone and is replaced)."""
    args = (rule_dirs, lang, foreign, fmt, budget, fast, site_chrome, skip_foreign)
    if jobs <= 1 or len(tasks) <= 1:
        init_worker(*args)
        yield from map(process, tasks)
        return
    context = pool_context()
    forked = context.get_start_method() == "fork"
    if forked:
        init_worker(*args)  # loaded once here; every forked worker starts with the tables warm
        for stream in (sys.stdout, sys.stderr):  # a child flushes what it inherits: nothing twice
            stream.flush()
    with WorkerPool(context, jobs, None if forked else args) as pool:
        yield from pool.imap(tasks)


def _worker_main(conn: Any, init_args: tuple | None, inherited: list[int]) -> None:
    """A worker's loop: a task in, its :class:`Result` out, until the parent says stop (None) or
    goes away (EOF)."""
    for fd in inherited:  # the parent's ends of the other workers' pipes (fork copies them)
        try:
            os.close(fd)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if init_args is not None:
        init_worker(*init_args)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = process(task)
        except BaseException as exc:  # noqa: BLE001 - process() reports its own; this is a last resort
            result = Result(task, errors=[{"input": task.path, "error": describe(exc)}])
        conn.send(result)


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any


class WorkerPool:
    """``jobs`` worker processes, each sent one task at a time over its own pipe, so the parent
    always knows which page each worker holds. A worker that dies (killed by the OOM killer, a
    segfault in a C library, ``kill -9``) is noticed through its process sentinel: its page is
    reported as failed, a new worker takes its place, and the run goes on. (The standard pools
    cannot say which task a dead worker held: ``multiprocessing.Pool`` waits for it forever,
    ``ProcessPoolExecutor`` fails every pending task and cannot be used again.)

    Results are yielded in input order; at most ``window`` results wait for a slow earlier page,
    so memory stays flat."""

    def __init__(self, context: BaseContext, jobs: int, init_args: tuple | None):
        self.context = context
        self.jobs = jobs
        self.init_args = init_args
        self.workers: list[_Worker] = []
        self.replaced = 0  #: workers that died and were replaced

    def __enter__(self) -> WorkerPool:
        for _ in range(self.jobs):
            self.workers.append(self._start())
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            self._stop(worker, gently=exc[0] is None)

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        inherited = ([w.conn.fileno() for w in self.workers if not w.conn.closed] + [parent.fileno()]
                     if self.context.get_start_method() == "fork" else [])
        proc = self.context.Process(target=_worker_main, args=(child, self.init_args, inherited), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def _stop(self, worker: _Worker, gently: bool) -> None:
        if gently:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()

    def _replace(self, worker: _Worker) -> _Worker:
        self._stop(worker, gently=False)
        self.replaced += 1
        new = self._start()
        self.workers[self.workers.index(worker)] = new
        return new

    def imap(self, tasks: list[Task]) -> Iterator[Result]:
        window = 8 * self.jobs
        done: dict[int, Result] = {}
        busy: dict[_Worker, tuple[int, Task]] = {}
        idle = list(self.workers)
        given = 0  # tasks handed out
        ready_from = 0  # next result to yield
        while ready_from < len(tasks):
            while idle and given < len(tasks) and given < ready_from + window:
                worker = idle.pop()
                try:
                    worker.conn.send(tasks[given])
                except OSError:  # died while idle: a new one takes the task
                    idle.append(self._replace(worker))
                    continue
                busy[worker] = (given, tasks[given])
                given += 1
            signalled = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in [w for w in busy if w.conn in signalled or w.process.sentinel in signalled]:
                index, task = busy.pop(worker)
                try:
                    if not worker.conn.poll():
                        raise EOFError
                    done[index] = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(timeout=5)
                    done[index] = Result(task, errors=[{"input": task.path, "error": died(worker.process.exitcode)}])
                    idle.append(self._replace(worker))
                    continue
                idle.append(worker if worker.process.is_alive() else self._replace(worker))
            while ready_from in done:
                yield done.pop(ready_from)
                ready_from += 1


def died(exitcode: int | None) -> str:
    """The error of a page whose worker process died while cleaning it."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        how = f"killed by {name}" + (": out of memory?" if -exitcode == signal.SIGKILL else "")
    else:
        how = f"exit status {exitcode}"
    return f"worker died ({how}) while cleaning this page; the run went on"


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
    are written; outputs an input had from an earlier run (another format) and no longer has are
    removed, so OUT never holds a page twice. ``options`` are :func:`run`'s (``rule_dirs``,
    ``lang``, ``foreign``). The caller holds :func:`out_lock` on ``out``.
    """
    if out is None:
        return write_results(run(tasks, fmt=fmt, jobs=jobs, **options), None, fmt, on_result)
    inputs = frozenset(os.path.realpath(t.path) for t in tasks)
    shutil.rmtree(out / TMP_DIR, ignore_errors=True)  # a killed run's half-written files
    settings = settings_digest(fmt, options)
    with Manifest(out) as manifest:
        skip = [not force and is_unchanged(manifest, task, settings, out) for task in tasks]
        if fmt != "jsonl" and (out / "articles.jsonl").is_file():
            (out / "articles.jsonl").unlink()  # an earlier --format jsonl run's: these pages are now files
        fresh = run([t for t, s in zip(tasks, skip) if not s], fmt=fmt, jobs=jobs, **options)

        def merged() -> Iterator[Result]:
            try:
                for task, unchanged in zip(tasks, skip):
                    yield Result(task, reused=manifest.get(task.key)) if unchanged else next(fresh)
            finally:
                fresh.close()  # shut the worker pool down

        return write_results(merged(), out, fmt, on_result, manifest=manifest, settings=settings,
                             inputs=inputs)


class OutBusy(RuntimeError):
    """Another run holds the lock on the output folder."""


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for a whole run (``OUT/.cleaner-lock``, an
    ``flock``: released by the kernel when the process ends, even by ``kill -9``). A second run
    into the same OUT raises :class:`OutBusy` at once instead of deleting the first one's
    temporary files. No-op where ``fcntl`` is missing (Windows)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            raise OutBusy(f"-o {out}: another cleaner run is writing to this folder; wait for it to "
                          f"finish or choose another output folder") from None
        yield
    finally:
        os.close(fd)  # releases the lock


class DiskFull(OSError):
    """The output folder's file system is full: the run stops (every output already written is
    whole; a re-run resumes)."""


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    return isinstance(exc, sqlite3.Error) and "full" in str(exc)


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
    if entry is None or entry.status != "ok" or entry.settings != settings or entry.version != __version__:
        return False
    try:
        digest = file_sha256(Path(task.path))
    except OSError:
        return False
    return is_current(entry, digest, settings, __version__, out)


def file_sha256(path: Path) -> str:
    """SHA-256 of a regular file's bytes (``OSError`` for a FIFO, which would block, or a device)."""
    with open_regular(str(path)) as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_atomic(path: Path, content: str, tmp_dir: Path | None = None) -> None:
    """Write via a temporary file (in the same folder, or in ``tmp_dir`` on the same file system)
    and rename: a reader never sees half a file. The temporary name has a fixed length, so an
    output whose name is close to the 255-byte limit can still be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cleaner-", suffix=".tmp")
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
        self.add_line(json_line(record))

    def add_line(self, line: str) -> None:
        if self.path is None:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
            return
        if self._file is None:
            folder = self.tmp_dir or self.path.parent
            folder.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(dir=folder, prefix=".cleaner-", suffix=".tmp")
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
                  manifest: Manifest | None = None, settings: str = "",
                  inputs: frozenset[str] = frozenset()) -> Summary:
    """Write each result as it arrives (records of ``--format jsonl`` streamed into
    ``articles.jsonl``), record it in ``manifest`` once written; return the run's summary.
    ``inputs`` (real paths) are never written over. A full disk stops the run with
    :class:`DiskFull`; any other output that cannot be written fails its input alone."""
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
                outputs, lines = write_result(result, out, articles, tmp_dir, inputs)
                summary.pages += len(result.files) + len(result.records)
                summary.foreign_pages += result.foreign_pages
                summary.errors.extend(result.errors)
                summary.failed += bool(result.errors)
                summary.left_out.extend(result.left_out)
                if manifest is not None:  # pages left out are listed on every run: never reused
                    old = manifest.get(result.task.key)
                    manifest.put(result.task.key, Entry(
                        result.sha256, settings, __version__, tuple(outputs),
                        "failed" if result.errors else "left-out" if result.left_out else "ok",
                        len(result.files) + len(result.records),
                        result.foreign_pages, "\n".join(lines) if lines else None))
                    if old is not None and out is not None:
                        remove_stale(out, set(old.outputs) - set(outputs), inputs)
            if on_result:
                on_result(result)
    except BaseException as exc:
        articles.discard()
        if is_disk_full(exc) and not isinstance(exc, DiskFull):
            raise DiskFull(errno.ENOSPC, f"the disk is full ({exc})") from exc
        raise
    articles.close()
    if tmp_dir is not None and tmp_dir.is_dir():
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return summary


def remove_stale(out: Path, rels: set[str], inputs: frozenset[str]) -> None:
    """Remove outputs an input had from an earlier run and no longer has (it was cleaned into
    another format), so that OUT holds each page once; never an input."""
    for rel in sorted(rels):
        path = out / rel
        if path.is_file() and os.path.realpath(path) not in inputs:
            path.unlink(missing_ok=True)


def write_result(result: Result, out: Path | None, articles: JsonlSink,
                 tmp_dir: Path | None, inputs: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """Write one cleaned input: its files atomically, the records of a ``.jsonl`` input to its
    own ``.jsonl`` output (a WARC input's too), other records to ``articles``. Returns the output paths written
    (relative to ``out``) and the record lines sent to ``articles``. An output that would take
    an input's place, or that cannot be written (a name too long, a folder in the way), becomes
    an error of this input."""
    outputs: list[str] = []
    task = result.task
    own = inputs | {os.path.realpath(task.path)}

    def put(rel: str, content: str) -> None:
        target = out / rel  # type: ignore[operator]
        if os.path.realpath(target) in own:
            result.errors.append({"input": task.path, "error": f"output {target} would overwrite an input"})
            return
        try:
            write_atomic(target, content, tmp_dir)
        except OSError as exc:
            if is_disk_full(exc):
                raise
            result.errors.append({"input": task.path, "error": f"cannot write {target}: {exc.strerror or exc}"})
            return
        outputs.append(rel)

    for rel, content in result.files:
        put(rel, content)
    lines = result.records
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
    put(task.rel + ".jsonl", "".join(line + "\n" for line in lines))
    return outputs, []


def write_report(errors: list[dict[str, Any]], path: Path) -> None:
    write_atomic(path, "".join(json_line(e) + "\n" for e in errors))
