"""The ``cleaner`` command line: ``clean`` folders, ``explain`` one page, ``rules check``."""
from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import click

from . import __version__
from .budget import DEFAULT_BUDGET, Budget, warm_up
from .learn import MIN_PAGES, MIN_SHARE, SiteChrome
from .model import Block
from .pipeline import Options, clean
from .records import iter_records
from .report import render_report, report_data
from .rules import RuleError, check_examples, load_rules, rule_warnings
from .readers import NO_FETCH, decompress, fastwarc_missing, is_url, needs_fastwarc, read_input_list, split_suffixes
from .runner import (FORMATS, LEFT_OUT, SUFFIXES, JsonlSink, OutBusy, Result, Task, clean_folder,
                     clean_record, describe, discover, is_disk_full, is_foreign, json_line, left_out,
                     out_lock, output_overlap, record_of, write_atomic, write_report)
from .stats import render_summary, summarise
from .language import SUPPORTED_TARGETS
from .targets import check_target, describe_targets

COLOURS = {"rule": "red", "heuristic": "yellow", "language": "magenta", "normalise": "blue"}


def load_rules_or_exit(rule_dirs: tuple[str, ...], builtin: bool = True, warn: bool = True):
    """Load rules, or print every problem (file, rule id, field) and exit with status 2; print
    a warning for what loads but cannot work (a site file that never applies)."""
    try:
        ruleset = load_rules(rule_dirs, builtin=builtin)
    except RuleError as exc:
        click.echo(f"error: {len(exc.problems)} problem(s) in rule files:", err=True)
        for problem in exc.problems:
            click.echo(f"  {shown(str(problem))}", err=True)
        sys.exit(2)
    for warning in rule_warnings(ruleset) if warn else ():
        click.echo(f"warning: {shown(warning)}", err=True)
    return ruleset


def shown(text: object) -> str:
    """Text for the terminal: control characters (escape codes in a file name), invisible format
    characters and lone surrogates (a file name that is not UTF-8) are shown as escapes, never
    sent raw."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def finite_seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds (0 turns the limit off)")
    return value


def report_path(option: str, value: str | None) -> None:
    """A report file must go into an existing folder (checked before the run, not after it)."""
    if value is None:
        return
    folder = Path(value).parent
    if not folder.is_dir():
        raise click.UsageError(f"{option} {shown(value)}: the folder {shown(folder)} does not exist")
    if Path(value).is_dir():
        raise click.UsageError(f"{option} {shown(value)}: this is a folder; give a file name")


def validate_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--lang``: a language cleaner can judge (usage error, exit 2, otherwise)."""
    try:
        check_target(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def list_languages(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(describe_targets(), nl=False)
        ctx.exit(0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
@click.option("--list-languages", is_flag=True, expose_value=False, is_eager=True, callback=list_languages,
              help="List the languages --lang accepts (the ones cleaner can judge) and exit.")
def main() -> None:
    """Turn scraped news pages (text dumps, HTML, JSONL records) into clean canonical articles."""


@main.command("clean")
@click.argument("inputs", nargs=-1, required=False, type=click.Path(allow_dash=True))
@click.option("-i", "--input-file", type=click.Path(dir_okay=False, allow_dash=True),
              help="A file listing inputs, one path per line (blank lines and '#' comments skipped; "
                   "'-': the list on stdin). Adds to INPUT.")
@click.option("-o", "--out", required=True, type=click.Path(allow_dash=True),
              help="Output folder (mirrors the input tree), or '-' for JSONL on stdout.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="txt", show_default=True,
              help="txt: canonical text per page; md: Markdown per page (headings, lists, quotes, "
                   "tables kept from HTML); json: one record per page; jsonl: all records in "
                   "OUT/articles.jsonl. JSONL and WARC inputs always give JSONL records (md adds "
                   "a 'markdown' field).")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Extra rule folder (*.toml and sites/*.toml), added to the shipped rules. Repeatable.")
@click.option("--lang", default="en", show_default=True, callback=validate_lang,
              help="Target language: " + ", ".join(SUPPORTED_TARGETS) + " (ISO 639-1; sr, hr "
                   "and bs accept each other's text in both scripts; 'cleaner --list-languages').")
@click.option("--foreign", type=click.Choice(["drop", "flag", "keep"]), default="drop", show_default=True,
              help="Blocks in another language: drop them from the text (listed in flags), flag "
                   "them (kept and listed) or keep them (language ignored).")
@click.option("--skip-foreign-pages", is_flag=True,
              help=f"Write no output for pages mainly in another language than --lang; each is "
                   f"listed in OUT/{LEFT_OUT} (with -o -: on stderr) and counted in the summary.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: number of cores]. Output is identical for any value.")
@click.option("--report", type=click.Path(dir_okay=False),
              help="Write failures as JSONL here [default: OUT/errors.jsonl when any failed].")
@click.option("--max-bytes", type=click.IntRange(min=0), default=DEFAULT_BUDGET.max_bytes, show_default=True,
              help="Pages (files, or JSONL records' text) bigger than this are reported as over "
                   "budget, not cleaned; 0: no limit.")
@click.option("--max-blocks", type=click.IntRange(min=0), default=DEFAULT_BUDGET.max_blocks, show_default=True,
              help="Text dumps with more non-blank lines than this are reported as over budget; "
                   "0: no limit.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_BUDGET.timeout, show_default=True,
              callback=finite_seconds,
              help="Seconds allowed for one page; a slower page is reported as over budget and "
                   "the run goes on; 0: no limit.")
@click.option("--html-report", type=click.Path(dir_okay=False),
              help="Also write the HTML report of what was removed and why here (json/jsonl formats).")
@click.option("--fast", is_flag=True,
              help="Speed over completeness: trafilatura's fast extraction for HTML (no fallback "
                   "extractors), and only the page's language (no per-block language flags).")
@click.option("--force", is_flag=True,
              help="Clean every input again, ignoring the manifest of the last run in OUT.")
@click.option("--site-chrome", is_flag=True,
              help="Two passes: first count the lines of every page, then drop lines that recur on "
                   f"at least {MIN_PAGES} pages and {MIN_SHARE:.0%} of the pages of their site (a "
                   "JSONL record's url host, else the file's folder). Every output then depends on "
                   "the whole run's inputs.")
def clean_command(inputs: tuple[str, ...], input_file: str | None, out: str, fmt: str,
                  rule_dirs: tuple[str, ...], lang: str, foreign: str, skip_foreign_pages: bool,
                  jobs: int | None, report: str | None,
                  max_bytes: int, max_blocks: int, timeout: float, html_report: str | None,
                  fast: bool, force: bool, site_chrome: bool) -> None:
    """Clean INPUT files and folders (.txt dumps, .html/.htm pages, .jsonl records with a 'text'
    or 'html' field, .warc archives; each also gzip- or zstd-compressed: .gz, .zst; '-' reads
    JSONL from stdin) into OUT. cleaner does not fetch: a URL is reported, not read.

    A re-run into the same OUT cleans only inputs that changed (or all of them when the rules,
    options or cleaner's version changed), and finishes a run that was interrupted; --force
    cleans everything again.

    Exit status: 0 when every input was cleaned, 1 when some failed (each reported, the rest still
    written), 2 for usage errors such as invalid rule files.
    """
    inputs = with_input_file(inputs, input_file)
    load_rules_or_exit(rule_dirs)  # validate once, in the parent, before any work
    try:
        Options(lang=lang, foreign=foreign)
    except ValueError as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[1], param_hint="--lang") from None
    report_path("--report", report)
    report_path("--html-report", html_report)
    to_stdout = out == "-"
    budget = Budget(max_bytes=max_bytes, max_blocks=max_blocks, timeout=timeout)
    out_dir = None if to_stdout else Path(out)
    if "-" in inputs:
        if html_report:
            raise click.UsageError("--html-report cannot be used with '-' (stdin); run 'cleaner "
                                   "report' on the output instead")
        if len(inputs) > 1:
            raise click.UsageError("'-' (stdin) cannot be combined with other inputs")
        if site_chrome:
            raise click.UsageError("--site-chrome counts every page before cleaning any: it needs "
                                   "files or folders, not '-' (stdin)")
        fmt = stdin_format(fmt, click.get_current_context())
        if out_dir is None:
            sys.exit(clean_stdin(None, rule_dirs, lang, foreign, report, budget, fast, fmt=fmt,
                                 skip_foreign=skip_foreign_pages))
        prepare_out_dir(out_dir)
        with locked(out_dir):
            sys.exit(clean_stdin(out_dir, rule_dirs, lang, foreign, report, budget, fast, fmt=fmt,
                                 skip_foreign=skip_foreign_pages))
    if to_stdout:
        fmt = stdout_format(fmt, click.get_current_context())
    # everything that can refuse the run is checked before anything is written
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise click.UsageError(f"-o {shown(out_dir)}: this is a file, not a folder; choose a folder for "
                                   f"the outputs")
        overlap = output_overlap(inputs, out_dir)
        if overlap:
            raise click.UsageError(shown(overlap))
    tasks, errors = discover(inputs, out_dir)
    needing = next((t.path for t in tasks if needs_fastwarc(t.path)), None)
    if needing and (missing := fastwarc_missing()):
        raise click.UsageError(f"{needing}: {missing}")
    if html_report and fmt in ("txt", "md") and any(t.kind not in ("jsonl", "warc") for t in tasks):
        raise click.UsageError("--html-report needs --format json or jsonl: the report is built "
                               "from the records")
    if not tasks:
        for error in errors:
            click.echo(f"failed: {shown(error['input'])}: {shown(error['error'])}", err=True)
        click.echo(f"error: no input found in {shown(', '.join(inputs))}: cleaner reads "
                   f"{', '.join(sorted(SUFFIXES))} files; nothing was written", err=True)
        sys.exit(1)
    jobs = jobs or os.cpu_count() or 1
    if out_dir is not None:
        prepare_out_dir(out_dir)
    with locked(out_dir):
        chrome = count_site_chrome(tasks, show_progress(sys.stderr, to_stdout)) if site_chrome else None
        progress = Progress(total=len(tasks))
        extra: dict[str, object] = {"site_chrome": chrome} if chrome is not None else {}
        if skip_foreign_pages:  # only when set: the manifest's settings digest stays as it was
            extra["skip_foreign"] = True
        with click.progressbar(length=len(tasks), label="cleaning", file=sys.stderr, show_pos=True,
                               show_eta=False, item_show_func=progress.describe,
                               hidden=not show_progress(sys.stderr, to_stdout)) as bar:
            summary = clean_folder(tasks, out_dir, fmt, jobs=jobs, force=force,
                                   on_result=lambda r: bar.update(1, progress.count(r)),
                                   rule_dirs=rule_dirs, lang=lang, foreign=foreign, budget=budget,
                                   fast=fast, **extra)
        summary.errors[:0] = errors
        summary.failed += len(errors)
        finish(summary.errors, out_dir, report)
        finish_left_out(summary.left_out, out_dir)
        if html_report:  # from the records in OUT: pages skipped as unchanged are in the report too
            problems: list[str] = []
            data = report_data(iter_records(out_dir, problems), source=", ".join(inputs))  # type: ignore[arg-type]
            write_atomic(Path(html_report), render_report(data))
            click.echo(f"report of {len(data['pages'])} page(s) written to {shown(html_report)}", err=True)
    where = "stdout" if to_stdout else shown(out_dir)
    click.echo(f"cleaned {summary.pages} page(s) from {summary.files} file(s) into {where}; "
               f"{summary.failed} failed; {summary.foreign_pages} page(s) mainly not in '{lang}'"
               + (f", {len(summary.left_out)} of them left out (listed in "
                  f"{out_dir / LEFT_OUT if out_dir else 'stderr'})" if skip_foreign_pages else "")
               + (f"; {summary.skipped} file(s) unchanged since the last run" if summary.skipped else ""),
               err=True)
    sys.exit(1 if summary.failed else 0)


def with_input_file(inputs: tuple[str, ...], input_file: str | None) -> tuple[str, ...]:
    """INPUT and the paths listed in ``--input-file``; none at all is a usage error."""
    listed: list[str] = []
    if input_file:
        if input_file == "-" and "-" in inputs:
            raise click.UsageError("'-' cannot be both the input list (--input-file -) and an input")
        if is_url(input_file):
            raise click.UsageError(f"--input-file {input_file}: {NO_FETCH}")
        try:
            listed = read_input_list(input_file)
        except (OSError, UnicodeDecodeError) as exc:
            raise click.UsageError(f"--input-file {input_file}: cannot read it: "
                                   f"{getattr(exc, 'strerror', None) or exc}") from None
        if not listed:
            raise click.UsageError(f"--input-file {input_file}: it lists no input")
    combined = tuple(inputs) + tuple(listed)
    if not combined:
        raise click.UsageError("no INPUT: give files or folders, '-' for JSONL on stdin, or --input-file LIST")
    return combined


def stdin_format(fmt: str, ctx: click.Context) -> str:
    """The format for '-' (stdin): JSONL records, the only shape a stream of records can have;
    ``md`` is honoured (each record gains a ``markdown`` field); a ``--format txt`` or ``json``
    given on the command line is not, and a warning says so."""
    if fmt in ("txt", "json") and format_given(ctx):
        click.echo(f"warning: --format {fmt} does not apply to '-' (stdin): records are written as "
                   f"JSONL (use --format md to add each article as Markdown)", err=True)
    return "md" if fmt == "md" else "jsonl"


def stdout_format(fmt: str, ctx: click.Context) -> str:
    """``-o -`` streams JSONL records; a ``--format`` given on the command line is not honoured
    (files cannot go to stdout), and a warning says so."""
    if fmt != "jsonl" and format_given(ctx):
        click.echo(f"warning: --format {fmt} does not apply with -o - (stdout): records are "
                   f"written as JSONL", err=True)
    return "jsonl"


def format_given(ctx: click.Context) -> bool:
    return ctx.get_parameter_source("fmt") not in (None, click.core.ParameterSource.DEFAULT)
@contextmanager
def locked(out_dir: Path | None) -> Iterator[None]:
    """The run's hold on its output folder: a second run into it exits with status 2; a full
    disk ends the run with one line (status 1), every output written so far being whole."""
    if out_dir is None:
        yield
        return
    try:
        with out_lock(out_dir):
            yield
    except OutBusy as exc:
        click.echo(f"error: {shown(exc)}", err=True)
        sys.exit(2)
    except (OSError, sqlite3.Error) as exc:
        if not is_disk_full(exc):
            raise
        click.echo(f"error: the disk holding {shown(out_dir)} is full ({shown(exc.__cause__ or exc)}); "
                   f"every output written is whole: free some space and run again to finish", err=True)
        sys.exit(1)


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder, or stop with a usage error that says why it cannot be one."""
    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(f"-o {shown(out_dir)}: this is a file, not a folder; choose a folder for the outputs")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"-o {shown(out_dir)}: cannot create the output folder: {exc.strerror or exc}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise click.UsageError(f"-o {shown(out_dir)}: the output folder is not writable")


def count_site_chrome(tasks: list[Task], visible: bool) -> SiteChrome:
    """The counting pass of ``--site-chrome``: every input's lines, one digest per distinct line."""
    with click.progressbar([Path(t.path) for t in tasks], label="counting lines", file=sys.stderr,
                           show_pos=True, hidden=not visible) as paths:
        chrome = SiteChrome.count(paths)
    frequent = sum(len(lines) for lines in chrome.lines.values())
    click.echo(f"site chrome: {frequent} frequent line(s) in {len(chrome.lines)} site(s)", err=True)
    return chrome


def show_progress(stream: IO[str], to_stdout: bool) -> bool:
    """A progress bar only for a person watching: stderr is a terminal, and stdout is not the data."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not to_stdout


class Progress:
    """Counts for the progress bar: pages per second, failed files so far and the time left.

    Rates and the ETA are measured from the first result on: the start-up before it (rules,
    word tables, forking the workers) is paid once, and counting it made a 15-second run show
    7 minutes left at its first file. ``clock`` is for tests.
    """

    def __init__(self, total: int = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.total = total
        self.first: float | None = None  #: when the first result arrived
        self.done = 0
        self.pages = 0
        self.pages_after_first = 0
        self.failed = 0

    def count(self, result: Result) -> Result:
        pages = len(result.files) + len(result.records) + (result.reused.pages if result.reused else 0)
        if self.first is None:
            self.first = self.clock()
        else:
            self.pages_after_first += pages
        self.done += 1
        self.pages += pages
        self.failed += bool(result.errors)
        return result

    def eta(self) -> float | None:
        """Seconds left at the pace since the first result, or None before there is a pace."""
        if self.first is None or self.done < 2:
            return None
        return (self.clock() - self.first) / (self.done - 1) * max(self.total - self.done, 0)

    def describe(self, _: object = None) -> str:
        if self.first is None or self.done < 2:
            return f"starting, {self.failed} failed"
        rate = self.pages_after_first / max(self.clock() - self.first, 1e-9)
        eta = int(self.eta() or 0)
        return (f"{rate:.0f} pages/s, {self.failed} failed, "
                f"ETA {eta // 3600}:{eta // 60 % 60:02d}:{eta % 60:02d}")


def clean_stdin(out_dir: Path | None, rule_dirs: tuple[str, ...], lang: str, foreign: str,
                report: str | None = None, budget: Budget = Budget(), fast: bool = False,
                fmt: str = "jsonl", skip_foreign: bool = False) -> int:
    """JSONL records on stdin, one cleaned record out per good record in, flushed line by line.

    stdout carries only cleaned records, so a consumer can trust every line; a bad line becomes
    one JSON error line on stderr (with the record's ``id`` when it has one) and the stream goes
    on. A closed stdout (``| head -1``) is not a failure of the record: it ends the run, and
    click exits quietly on EPIPE.
    """
    options = Options(rules=load_rules(rule_dirs), lang=lang, foreign=foreign, fast=fast)
    warm_up(options)  # lazy tables load now, not on the first record's clock
    sink = JsonlSink(out_dir / "stdin.jsonl" if out_dir else None)
    errors: list[dict] = []
    skipped: list[dict] = []
    cleaned = 0
    for n, line in enumerate(sys.stdin.buffer, start=1):
        if not line.strip():
            continue
        try:
            article = clean_record(json.loads(line), options, f"stdin:{n}", budget)
            record = record_of(article, fmt)
        except Exception as exc:  # noqa: BLE001 - a bad line never stops the stream
            error = {"input": f"stdin:{n}", "id": record_id(line), "error": describe(exc)}
            errors.append(error)
            click.echo(json_line(error), err=True)
            continue
        if skip_foreign and is_foreign(article, options):
            skipped.append(left_out(f"stdin:{n}", article, options))
            click.echo(json.dumps(skipped[-1], ensure_ascii=False), err=True)
            continue
        sink.add(record)  # outside the try: a broken pipe ends the run, it is no bad record
        cleaned += 1
    sink.close()
    finish(errors, out_dir, report, echo=False)  # each error was printed as it happened
    if out_dir is not None:
        finish_left_out(skipped, out_dir, echo=False)
    click.echo(f"cleaned {cleaned} record(s) from stdin; {len(errors)} failed"
               + (f"; {len(skipped)} left out (mainly not in '{lang}')" if skip_foreign else ""), err=True)
    return 1 if errors else 0


def record_id(line: bytes) -> str | None:
    """The ``id`` of a JSONL line if it parses, so an error can be joined back to its record."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return str(record["id"]) if isinstance(record, dict) and record.get("id") is not None else None


def finish(errors: list[dict], out_dir: Path | None, report: str | None, echo: bool = True) -> None:
    """Report failures on stderr and in the report file; remove a stale report after a clean run."""
    for error in errors if echo else ():
        click.echo(f"failed: {shown(error['input'])}: {shown(error['error'])}", err=True)
    path = Path(report) if report else (out_dir / "errors.jsonl" if out_dir else None)
    if path is None:
        return
    if errors or report:
        write_report(errors, path)
    elif path.exists():
        path.unlink()


def finish_left_out(left: list[dict], out_dir: Path | None, echo: bool = True) -> None:
    """List the pages ``--skip-foreign-pages`` left out: in ``OUT/left-out.jsonl`` (removed when a
    later run leaves none out), or one JSON line each on stderr when there is no output folder."""
    if out_dir is None:
        for entry in left if echo else ():
            click.echo(json.dumps(entry, ensure_ascii=False), err=True)
        return
    path = out_dir / LEFT_OUT
    if left:
        write_report(left, path)
    elif path.exists():
        path.unlink()


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Extra rule folder, as for 'clean'.")
@click.option("--lang", default="en", show_default=True, callback=validate_lang, help="Target language.")
@click.option("--foreign", type=click.Choice(["drop", "flag", "keep"]), default="drop", show_default=True)
@click.option("--url", help="The page's URL, to select site rules by domain.")
def explain(file: str, rule_dirs: tuple[str, ...], lang: str, foreign: str, url: str | None) -> None:
    """Show every block of FILE with its verdict and the rule or heuristic that decided it."""
    try:
        options = Options(rules=load_rules_or_exit(rule_dirs), lang=lang, foreign=foreign)
    except ValueError as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[1], param_hint="--lang") from None
    path = Path(file)
    kind, compression, _ = split_suffixes(path)
    if kind in ("jsonl", "warc"):
        raise click.UsageError(f"{file}: explain takes one page (.txt or .html, maybe .gz); "
                               f"clean a {kind.upper()} file with 'cleaner clean'")
    try:
        data = decompress(path.read_bytes(), compression, Budget(0))
        article = clean(data, options=options, kind=kind if kind == "html" else None, url=url,
                        source_id=file)
    except Exception as exc:  # noqa: BLE001
        raise click.ClickException(f"{file}: {describe(exc)}") from exc
    meta = article.metadata
    click.echo(click.style(f"{file}", bold=True) + f"  site={meta.site} rule_site={meta.rule_site} date={meta.date} "
               f"language={meta.language} encoding={meta.encoding} rules={','.join(meta.rules)}")
    for block in article.blocks:
        click.echo(format_block(block))
    kept = sum(b.kept for b in article.blocks)
    click.echo(f"{kept} kept, {len(article.blocks) - kept} dropped, {len(article.flags)} flagged")


def format_block(block: Block) -> str:
    verdict = "TITLE" if block.kind == "title" else block.verdict.upper()
    reason = block.reason or ""
    colour = COLOURS.get(reason.split(":")[0]) if block.verdict != "keep" else None
    lang = f" [{block.lang}]" if block.lang else ""
    text = block.text if len(block.text) <= 100 else block.text[:97] + "..."
    line = f"{block.index:4d} {verdict:<5} {reason:<34}{lang:<6} {text}"
    if block.kind == "title":
        return click.style(line, bold=True)
    return click.style(line, fg=colour, strikethrough=block.verdict == "drop") if colour else line


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--out", type=click.Path(file_okay=False),
              help="Write one candidate rule file per site into OUT/sites/ (a folder for --rules "
                   "after review) instead of printing them.")
@click.option("--min-pages", default=3, show_default=True, help="A line must recur on this many pages...")
@click.option("--min-share", default=0.3, show_default=True, help="...and on this share of a site's pages.")
def learn(inputs: tuple[str, ...], out: str | None, min_pages: int, min_share: float) -> None:
    """Print candidate rules (TOML) for lines that recur across many pages of one site.

    Pages are grouped by site: JSONL records by their URL's domain, files by their folder. Only
    a digest per distinct line is kept in memory, never the pages.
    """
    from .learn import candidate_rules, count_sites

    tasks, errors = discover(inputs)
    for error in errors:
        click.echo(f"error: {error['input']}: {error['error']}", err=True)
    sites = count_sites(Path(t.path) for t in tasks)
    files = candidate_rules(sites, min_pages, min_share)
    for name, text in files.items():
        if out:
            write_atomic(Path(out) / "sites" / name, text)
        else:
            click.echo(f"# ===== {name}\n{text}")
    click.echo(f"{sum(s.pages for s in sites.values())} page(s) in {len(sites)} site(s); "
               f"{len(files)} candidate rule file(s)" + (f" written to {out}/sites" if out else ""), err=True)


@main.group()
def rules() -> None:
    """Work with rule files."""


@rules.command("check")
@click.argument("directory", required=False, type=click.Path(exists=True, file_okay=False))
def rules_check(directory: str | None) -> None:
    """Validate rule files (the shipped ones, or DIRECTORY's) and run each rule's examples.

    Exit status: 0 all good, 1 some examples fail, 2 invalid rule files.
    """
    # DIRECTORY is checked together with the shipped rules, as 'clean --rules DIR' loads it: an id
    # that duplicates a shipped rule's is an error here too
    ruleset = load_rules_or_exit((directory,) if directory else ())
    if directory:
        mine = Path(directory).resolve()
        files = [f for f in ruleset.files if mine in Path(f.path).resolve().parents]
    else:
        files = list(ruleset.files)
    failures = 0
    without = []
    for rule_file in files:
        click.echo(f"{rule_file.path}: {len(rule_file.rules)} rule(s) ({rule_file.name})")
        for rule in rule_file.rules:
            for problem in check_examples(rule):
                failures += 1
                click.echo(click.style(f"  FAIL {rule.id}: {problem}", fg="red"))
            if not (rule.drop_examples or rule.keep_examples):
                without.append(rule.id)
    for rule_id in without:
        click.echo(click.style(f"  no examples: {rule_id}", fg="yellow"))
    total = sum(len(f.rules) for f in files)
    click.echo(f"{total} rule(s) in {len(files)} file(s); {failures} failing example(s); "
               f"{len(without)} rule(s) without examples; digest {ruleset.digest}")
    sys.exit(1 if failures else 0)


def echo_problems(problems: list[str], out: str, found: int) -> None:
    """Report each unreadable file; no record at all is an error (exit status 1)."""
    for problem in problems:
        click.echo(f"skipped: {shown(problem)}", err=True)
    if not found:
        raise click.ClickException(f"no cleaned-article records in {out}: write them with "
                                   f"'cleaner clean ... --format json' (or jsonl)")


@main.command("report")
@click.argument("out", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The HTML file [default: OUT/report.html; for a file OUT, its name with .html].")
def report_command(out: str, output: str | None) -> None:
    """Write one self-contained HTML page showing, for every record under OUT (the .json/.jsonl
    files 'cleaner clean' wrote), the page's blocks with the removed ones struck through and
    labelled with their reason, plus tables per rule, heuristic and site. Opens from disk.

    Exit status 1 when some files could not be read (the report covers the rest).
    """
    problems: list[str] = []
    data = report_data(iter_records(Path(out), problems), source=out)
    echo_problems(problems, out, len(data["pages"]))
    path = Path(output) if output else (Path(out) / "report.html" if Path(out).is_dir()
                                        else Path(out).with_suffix(".html"))
    write_atomic(path, render_report(data))
    click.echo(f"report of {len(data['pages'])} page(s) written to {path}", err=True)
    sys.exit(1 if problems else 0)


@main.command("stats")
@click.argument("out", type=click.Path(exists=True))
def stats_command(out: str) -> None:
    """Print what the records under OUT removed: per rule and heuristic (blocks, pages) and per site.

    Exit status 1 when some files or records could not be read (the summary covers the rest).
    """
    problems: list[str] = []
    summary = summarise(iter_records(Path(out), problems))
    echo_problems(problems, out, summary.pages)
    click.echo(render_summary(summary), nl=False)
    sys.exit(1 if problems else 0)

if __name__ == "__main__":
    main()
