#!/usr/bin/env python3
"""Quality benchmark over several sources: cleaner and the reference extractors on the same pages.

    python bench/quality.py [SOURCE_DIR ...] [--modes dump,html,html-fast,trafilatura,readability]
                            [--sample N] [--per-doc N] [--jobs N] [--timeout S] [--save DIR]
                            [--json FILE]

Each SOURCE_DIR is a bench folder (``html/``, ``dump/``, ``gold/``, ``meta.jsonl``); by default
every folder of ``../shared/bench`` (dev, readability, dragnet, cleaneval). Modes:

- ``dump``: cleaner on the text dump (text mode); ``html``: cleaner's default HTML profile;
  ``html-fast``: cleaner's ``--fast`` profile;
- ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``;
- ``readability``: readability-lxml's ``Document(html).summary()`` as text (bench extra).

Every page is scored with the bench's own ``score.py`` (4-word shingles, per-page P/R averaged,
F1 of the means) against its source's gold. The table gives per source F1 (P/R below), the macro
F1 over sources (each source weighs the same, whatever its size), and the CPU seconds each mode
spent cleaning (summed over the workers, measured inside them around each page, so start-up and
the other modes do not count). Pages run in worker processes (``--jobs``, default every core),
modes interleaved page by page so that a busy spell of the shared machine does not fall on one
mode; each worker cleans one page per mode untimed first. A page that raises or exceeds
``--timeout`` seconds scores zero and is listed. ``--sample N`` takes N pages per source (a fixed
seed, the same pages on every run) for a check in a minute; ``--per-doc N`` lists each mode's N
worst pages per source (read them with ``cleaner explain``).
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH = Path(os.environ.get("CLEANER_BENCH", ROOT.parent / "shared" / "bench"))
SOURCES = ("dev", "readability", "dragnet", "cleaneval")
CLEANER_MODES = ("dump", "html", "html-fast")
REFERENCES = ("trafilatura", "readability")
MODES = CLEANER_MODES + REFERENCES
SEED = 20261208  #: the sample is the same on every run and every machine


def load_scorer(bench: Path):
    """The bench's own ``score.py`` (one metric for every tool)."""
    spec = importlib.util.spec_from_file_location("score", bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@dataclass(frozen=True)
class Page:
    source: str      #: the bench folder's name
    folder: str      #: its path (str: pickled to the workers)
    id: str
    url: str | None


def pages_of(folder: Path) -> list[Page]:
    if not (folder / "gold").is_dir():
        raise SystemExit(f"no bench at {folder} (expected gold/, dump/, html/)")
    urls: dict[str, str | None] = {}
    meta = folder / "meta.jsonl"
    if meta.exists():
        for line in meta.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                urls[row["id"]] = row.get("url")
    return [Page(folder.name, str(folder), p.stem, urls.get(p.stem))
            for p in sorted((folder / "gold").glob("*.txt"))]


def sample_pages(pages: list[Page], n: int | None) -> list[Page]:
    """``n`` pages of one source, chosen with a fixed seed (all of them when n is None or more)."""
    if n is None or n >= len(pages):
        return pages
    chosen = random.Random(f"{SEED}:{pages[0].source}").sample(range(len(pages)), n)
    return [pages[i] for i in sorted(chosen)]


def digest(pages: list[Page]) -> str:
    """SHA-256 over the ids and bytes (html, dump, gold) of the pages: says the sample is the
    one the floors were pinned on."""
    h = hashlib.sha256()
    for p in pages:
        h.update(f"{p.source}/{p.id}\0".encode())
        for sub, ext in (("html", "html"), ("dump", "txt"), ("gold", "txt")):
            path = Path(p.folder) / sub / f"{p.id}.{ext}"
            h.update(hashlib.sha256(path.read_bytes() if path.exists() else b"").digest())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# In the workers


def html_to_text(html: str) -> str:
    """readability-lxml's summary (HTML) as text: block elements end a line, inline ones do not
    split words."""
    import lxml.html
    if not html.strip():
        return ""
    tree = lxml.html.fromstring(html)
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag in BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    return tree.text_content()


BLOCK_TAGS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table blockquote pre "
                       "section article header footer figure figcaption dd dt dl".split())


def extract(mode: str, page: Page) -> str:
    """The body one mode gives for one page."""
    folder = Path(page.folder)
    if mode == "dump":
        import cleaner
        data = (folder / "dump" / f"{page.id}.txt").read_bytes()
        return cleaner.clean(data, kind="text", source_id=page.id).body
    data = (folder / "html" / f"{page.id}.html").read_bytes()
    if mode in ("html", "html-fast"):
        import cleaner
        options = cleaner.Options(fast=mode == "html-fast")
        return cleaner.clean(data, kind="html", options=options, source_id=page.id,
                             url=page.url).body
    if mode == "trafilatura":
        import trafilatura
        return trafilatura.extract(data, include_comments=False, url=page.url) or ""
    if mode == "readability":
        import logging
        from readability import Document
        logging.getLogger("readability").setLevel(logging.CRITICAL)  # it logs a traceback per failure
        return html_to_text(Document(data).summary())
    raise ValueError(f"unknown mode {mode!r}: expected one of {', '.join(MODES)}")


class PageTimeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001
    raise PageTimeout


_WARM: set[str] = set()


def run_one(mode: str, page: Page, timeout: float, warm_page: Page | None
            ) -> tuple[str, str, str, str, float, str | None]:
    """(mode, source, id, body, CPU seconds, error) for one page, under a time limit."""
    if mode not in _WARM and warm_page is not None:
        try:
            extract(mode, warm_page)   # lazy loading of word lists and parsers: once, untimed
        except Exception:  # noqa: BLE001 - a failing warm-up page is reported by its own task
            pass
        _WARM.add(mode)
    signal.signal(signal.SIGALRM, _alarm)
    cpu = time.process_time()
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        body, error = extract(mode, page), None
    except PageTimeout:
        body, error = "", f"timed out after {timeout:g} s"
    except Exception as exc:  # noqa: BLE001 - any failure scores zero and is listed
        body, error = "", f"{type(exc).__name__}: {exc}"[:200]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return mode, page.source, page.id, body, time.process_time() - cpu, error


# ---------------------------------------------------------------------------------------------
# In the parent


@dataclass
class Result:
    """What one run measured: per (mode, source) the page scores, CPU seconds and failures."""
    pages: dict[str, list[Page]]                          #: source -> pages run
    modes: list[str]
    scores: dict[tuple[str, str], dict[str, tuple[float, float, float]]] = field(default_factory=dict)
    totals: dict[tuple[str, str], tuple[float, float, float]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    failures: list[tuple[str, str, str, str]] = field(default_factory=list)
    bodies: dict[tuple[str, str, str], str] = field(default_factory=dict)
    wall: float = 0.0

    def f1(self, mode: str, source: str) -> float:
        return self.totals[mode, source][0]

    def macro(self, mode: str) -> float:
        return sum(self.f1(mode, s) for s in self.pages) / len(self.pages)

    def figures(self) -> dict[str, dict[str, float]]:
        """mode -> {source: F1, ..., "macro": F1}, rounded to 4 digits (what the gate pins)."""
        return {m: {**{s: round(self.f1(m, s), 4) for s in self.pages},
                    "macro": round(self.macro(m), 4)} for m in self.modes}


def run(pages: dict[str, list[Page]], modes: list[str], jobs: int | None = None,
        timeout: float = 60.0, keep_bodies: bool = False) -> Result:
    """Clean every page in every mode in worker processes and score each against its gold."""
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise SystemExit(f"unknown mode(s) {', '.join(unknown)}: expected {', '.join(MODES)}")
    bench_root = Path(next(iter(pages.values()))[0].folder).parent
    score = load_scorer(bench_root)
    warm = next(iter(pages.values()))[0]
    tasks = [(m, p) for src in pages.values() for p in src for m in modes]  # modes interleaved
    result = Result(pages=pages, modes=list(modes))
    bodies: dict[tuple[str, str, str], str] = {}
    cpu = dict.fromkeys(modes, 0.0)
    start = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, min(16, len(tasks) // (jobs * 8) or 1))
        for mode, source, pid, body, seconds, error in pool.map(
                _star, [(m, p, timeout, warm) for m, p in tasks], chunksize=chunk):
            bodies[mode, source, pid] = body
            cpu[mode] += seconds
            if error:
                result.failures.append((mode, source, pid, error))
    result.wall = time.perf_counter() - start
    result.cpu = cpu
    for source, plist in pages.items():
        gold = {p.id: score.read(Path(p.folder) / "gold" / f"{p.id}.txt") for p in plist}
        for mode in modes:
            counts = {p.id: score.page_counts(gold[p.id], bodies[mode, source, p.id]) for p in plist}
            result.scores[mode, source] = {i: score.summarise([c]) for i, c in counts.items()}
            result.totals[mode, source] = score.summarise(list(counts.values()))
    if keep_bodies:
        result.bodies = bodies
    return result


def _star(args):
    return run_one(*args)


def select(folders: list[Path], sample: int | None) -> dict[str, list[Page]]:
    return {f.name: sample_pages(pages_of(f), sample) for f in folders}


def print_table(result: Result, out=sys.stdout) -> None:
    sources = list(result.pages)
    n = {s: len(result.pages[s]) for s in sources}
    head = f"{'mode':<13}" + "".join(f"{f'{s} ({n[s]})':>20}" for s in sources) + f"{'macro':>9}{'CPU s':>9}{'CPU/traf':>10}"
    print(head, file=out)
    base = result.cpu.get("trafilatura")
    for mode in result.modes:
        cells = "".join(f"{result.f1(mode, s):>20.3f}" for s in sources)
        ratio = f"{result.cpu[mode] / base:.2f}x" if base else "-"
        print(f"{mode:<13}{cells}{result.macro(mode):>9.3f}{result.cpu[mode]:>9.1f}{ratio:>10}", file=out)
        pr = "".join(f"{'P %.3f R %.3f' % result.totals[mode, s][1:]:>20}" for s in sources)
        print(f"{'':<13}{pr}", file=out)
    print(f"wall {result.wall:.1f} s; {sum(n.values())} pages x {len(result.modes)} modes", file=out)
    if result.failures:
        print(f"\n{len(result.failures)} page(s) failed or timed out (scored zero):", file=out)
        for mode, source, pid, error in result.failures:
            print(f"  {mode:<12} {source}/{pid}: {error}", file=out)


def print_worst(result: Result, k: int, out=sys.stdout) -> None:
    urls = {(p.source, p.id): p.url or "" for ps in result.pages.values() for p in ps}
    for mode in result.modes:
        for source in result.pages:
            rows = sorted(result.scores[mode, source].items(), key=lambda kv: kv[1][0])[:k]
            print(f"\nworst pages, {mode} on {source}:   F1     P      R", file=out)
            for pid, (f1, p, r) in rows:
                print(f"  {pid[:24]:<26}{f1:.3f}  {p:.3f}  {r:.3f}  {urls[source, pid][:60]}", file=out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="*", type=Path,
                    help=f"bench folders (default: {', '.join(SOURCES)} under {BENCH})")
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated (default: all)")
    ap.add_argument("--sample", type=int, metavar="N", help="N pages per source, fixed seed")
    ap.add_argument("--per-doc", type=int, default=0, metavar="N", help="N worst pages per mode and source")
    ap.add_argument("--jobs", type=int, default=os.cpu_count(), help="worker processes (default: cores)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per page (default 60)")
    ap.add_argument("--save", type=Path, help="write bodies to SAVE/<mode>/<source>/<id>.txt")
    ap.add_argument("--json", type=Path, help="write the figures (F1 per mode and source) as JSON")
    args = ap.parse_args()
    folders = args.sources or [BENCH / s for s in SOURCES]
    result = run(select(folders, args.sample), args.modes.split(","), args.jobs, args.timeout,
                 keep_bodies=bool(args.save))
    print_table(result)
    if args.per_doc:
        print_worst(result, args.per_doc)
    if args.save:
        for (mode, source, pid), body in result.bodies.items():
            path = args.save / mode / source / f"{pid}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"figures": result.figures(), "cpu": result.cpu,
                                         "failures": result.failures}, indent=1) + "\n")


if __name__ == "__main__":
    main()
