#!/usr/bin/env python3
"""Speed benchmark: documents/s, MB/s and peak memory, text and HTML mode, one process and --jobs N,
with plain ``trafilatura.extract`` on the same HTML in the same run as the reference.

    python bench/speed.py [--bench ../shared/bench/dev] [--files 5000] [--repeat 3] [--jobs 2]
                          [--parts inproc,stages,cli,rerun,rss] [--rss-files 1000,10000] [--keep]

Parts:
  inproc  ``cleaner.clean`` on the bench pages in memory (no file I/O, rules loaded once), text and
          HTML (default and, when the build has it, the ``--fast`` profile), and trafilatura.extract
          on the same HTML. Repeated ``--repeat`` times; the table shows the median and the spread.
  stages  where text mode's CPU time goes: each pipeline stage's share of ``cleaner.clean`` on the
          bench dumps (the stage functions wrapped with a timer; the scorer apart from the other
          heuristics), fastest of ``--repeat`` passes per stage; and the first pass alone, which
          starts with the per-word caches empty (as a run over pages never seen does).
  cli     ``cleaner clean`` on a corpus of ``--files`` files made by repeating the bench pages,
          ``--jobs 1`` and ``--jobs N``, text and HTML: wall time (start-up included) and peak RSS.
  rerun   the text run again into the same output folder (nothing changed: the manifest skips it).
  rss     peak RSS of ``--jobs 1`` text runs over each size in ``--rss-files``: flat memory means
          the same figure for 1,000 and 10,000 files.

Each run shows wall time and CPU time (user + system, of every process of the run): on a shared
machine the wall figures wander with the load while the CPU ones hold still, and a rate per CPU
second is what one core delivers. Peak RSS is the largest resident set of the cleaner process and its workers (getrusage of the
children of a small wrapper process). The corpus lives in bench/out/speed/ (git-ignored). The
machine may be shared: read the spread, not one number. Nothing here is asserted by the tests.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Runs a command and prints its wall time and the peak RSS (KiB) of it and its descendants.
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}))
"""


def build_corpus(bench: Path, folder: Path, suffix: str, n: int, head: int = 0) -> tuple[Path, int]:
    """``n`` files made by repeating the bench pages of one kind (hard links when possible; with
    ``head``, only each page's lines within its first ``head`` bytes); returns the folder and the
    total bytes."""
    source = sorted((bench / ("dump" if suffix == ".txt" else "html")).glob(f"*{suffix}"))
    target = folder / (f"{suffix[1:]}-{n}" + (f"-head{head}" if head else ""))
    if not (target.is_dir() and len(list(target.rglob(f"*{suffix}"))) == n):
        shutil.rmtree(target, ignore_errors=True)
        for i in range(n):
            page = source[i % len(source)]
            path = target / f"{i // 1000:03d}" / f"{i:06d}{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            if head:
                data = page.read_bytes()[:head]
                path.write_bytes(data[:data.rfind(b"\n") + 1] or data)
                continue
            try:
                path.hardlink_to(page)
            except OSError:
                shutil.copyfile(page, path)
    total = sum(p.stat().st_size for p in target.rglob(f"*{suffix}"))
    return target, total


def measure(cmd: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cli_has(option: str) -> bool:
    out = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", "--help"], capture_output=True, text=True)
    return option in out.stdout


def spread(values: list[float]) -> str:
    """Median, with min–max when repeated."""
    med = statistics.median(values)
    return f"{med:8.2f}" + (f" ({min(values):.2f}–{max(values):.2f})" if len(values) > 1 else "")


def row(label: str, docs: int, mb: float, seconds: list[float], cpu: list[float],
        rss_mb: float | None = None) -> None:
    rss = f"{rss_mb:9.0f}" if rss_mb is not None else f"{'':>9}"
    print(f"{label:<30}{docs:>6}{mb:>7.1f}{spread(seconds):>22}{spread([mb / s for s in seconds]):>22}"
          f"{spread(cpu):>22}{spread([docs / s for s in cpu]):>22}{spread([mb / s for s in cpu]):>22}{rss}")


def header(title: str) -> None:
    print(f"\n{title}")
    print(f"{'run':<30}{'docs':>6}{'MB':>7}{'wall s':>22}{'MB/s (wall)':>22}{'CPU s':>22}"
          f"{'docs/CPU s':>22}{'MB/CPU s':>22}{'RSS MB':>9}")


def inproc(bench: Path, repeat: int) -> dict[str, float]:
    """cleaner.clean and trafilatura.extract on the bench pages, in this process."""
    import trafilatura

    import cleaner
    from cleaner.pipeline import Options
    from cleaner.rules import compile_matcher

    dumps = [p.read_bytes() for p in sorted((bench / "dump").glob("*.txt"))]
    htmls = [p.read_bytes() for p in sorted((bench / "html").glob("*.html"))]
    urls = {}
    if (bench / "meta.jsonl").exists():
        for line in (bench / "meta.jsonl").read_text().splitlines():
            meta = json.loads(line)
            urls[meta["id"]] = meta.get("url")
    html_urls = [urls.get(p.stem) for p in sorted((bench / "html").glob("*.html"))]
    rules = cleaner.default_rules()
    default = Options(rules=rules)
    fast = Options(rules=rules, fast=True) if "fast" in getattr(Options, "__dataclass_fields__", {}) else None

    def run_text() -> None:
        for data in dumps:
            cleaner.clean(data, options=default, kind="text")

    def run_html(options) -> None:
        for data, url in zip(htmls, html_urls):
            cleaner.clean(data, options=options, kind="html", url=url)

    def run_trafilatura() -> None:
        for data in htmls:
            trafilatura.extract(data.decode("utf-8", "replace"), include_comments=False)

    cases = [("text  clean()", dumps, run_text), ("html  clean() default", htmls, lambda: run_html(default))]
    if fast is not None:
        cases.append(("html  clean() --fast", htmls, lambda: run_html(fast)))
    cases.append(("html  trafilatura.extract", htmls, run_trafilatura))
    header(f"in one process, no file I/O, {repeat} repeat(s): median (min–max)")
    medians = {}
    for label, pages, fn in cases:
        fn() if repeat > 1 else None  # warm up (imports, caches) when there are repeats to spare
        times, cpu = [], []
        for _ in range(repeat):
            compile_matcher.cache_clear()  # rule answers remembered from the last pass would flatter
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        row(label, len(pages), sum(map(len, pages)) / 1e6, times, cpu)
        medians[label] = statistics.median(cpu)
    if fast is None:
        print(f"{'html  clean() --fast':<30}    n/a (this build has no Options.fast)")
    traf = medians["html  trafilatura.extract"]
    print(f"\nCPU time, html default / trafilatura: {medians['html  clean() default'] / traf:.2f}x"
          + (f";  html --fast / trafilatura: {medians['html  clean() --fast'] / traf:.2f}x" if fast else
             ";  html --fast: n/a"))
    return medians


def stages(bench: Path, repeat: int) -> dict[str, float]:
    """CPU seconds per pipeline stage of text mode over the bench dumps (fastest of ``repeat``)."""
    import cleaner
    import cleaner.pipeline as pipeline
    from cleaner import features, language
    from cleaner.rules import compile_matcher
    from cleaner.scorer import Scorer

    dumps = [p.read_bytes() for p in sorted((bench / "dump").glob("*.txt"))]
    spent: dict[str, float] = {}

    def timed(name: str, fn):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return wrapper

    names = {"decode_bytes": "decode", "split_text": "split", "normalise_blocks": "normalise (ftfy gated)",
             "apply_rules": "rules", "apply_heuristics": "heuristics (all)",
             "apply_language": "language flags", "assemble": "assemble"}
    saved = {attr: getattr(pipeline, attr) for attr in names}
    saved_scorer = Scorer.probabilities
    best: dict[str, float] = {}
    totals = []
    try:
        for attr, name in names.items():
            setattr(pipeline, attr, timed(name, saved[attr]))
        Scorer.probabilities = timed("  of which: content scorer", saved_scorer)
        options = pipeline.Options(rules=cleaner.default_rules())
        cleaner.clean(dumps[0], options=options)  # lazy tables load here, untimed
        language.clear_caches()  # the first pass starts with no word seen, as a run over new pages
        features.words.cache_clear()
        features.word_count.cache_clear()
        for _ in range(repeat):
            spent.clear()
            compile_matcher.cache_clear()  # as in inproc: the rule answers of the last pass would flatter
            start = time.process_time()
            for data in dumps:
                cleaner.clean(data, options=options, kind="text")
            totals.append(time.process_time() - start)
            for name, seconds in spent.items():
                best[name] = min(best.get(name, seconds), seconds)
    finally:
        for attr, fn in saved.items():
            setattr(pipeline, attr, fn)
        Scorer.probabilities = saved_scorer
    total = min(totals)
    mb = sum(map(len, dumps)) / 1e6
    print(f"\ntext mode by stage: {len(dumps)} dumps, {mb:.2f} MB, fastest of {repeat}: {total:.2f} CPU s "
          f"({mb / total:.2f} MB per CPU second)")
    print(f"  (the first pass, with the per-word caches still empty as in a run over pages never seen: "
          f"{totals[0]:.2f} CPU s, {mb / totals[0]:.2f} MB per CPU second)")
    order = list(names.values())[:5] + ["  of which: content scorer"] + list(names.values())[5:]
    for name in order:
        if name in best:
            print(f"  {name:<30}{best[name]:>8.3f} s{100 * best[name] / total:>7.1f}%")
    other = total - sum(v for k, v in best.items() if not k.startswith("  "))
    print(f"  {'other (clean() itself)':<30}{other:>8.3f} s{100 * other / total:>7.1f}%")
    return best


def cli_run(corpus: Path, out: Path, jobs: int, extra: list[str] = ()) -> dict:
    cmd = [sys.executable, "-m", "cleaner.cli", "clean", str(corpus), "-o", str(out), "--jobs", str(jobs),
           *extra]
    result = measure(cmd)
    if result["rc"] not in (0, 1):
        raise SystemExit(f"cleaner failed: {' '.join(cmd)}")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--files", type=int, default=5000, help="corpus size for the command-line runs")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2, help="N for the --jobs N runs")
    ap.add_argument("--parts", default="inproc,stages,cli,rerun,rss")
    ap.add_argument("--rss-files", default="1000,10000")
    ap.add_argument("--rss-head", type=int, default=0, metavar="BYTES",
                    help="rss part: cut each page to its first lines within BYTES (memory against the "
                         "number of files, at a lower cost in time)")
    ap.add_argument("--html-files", type=int, help="corpus size for html in the cli part [default: --files]")
    ap.add_argument("--kinds", default="text,html", help="corpora for the cli part")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "speed")
    ap.add_argument("--keep", action="store_true", help="keep the output folders")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    args.work.mkdir(parents=True, exist_ok=True)

    if "inproc" in parts:
        inproc(args.bench, args.repeat)
    if "stages" in parts:
        stages(args.bench, args.repeat)

    fast_flag = cli_has("--fast")
    text_corpus = None
    if parts & {"cli", "rerun"}:
        header("cleaner clean on bench pages repeated, wall time with start-up")
        for kind in args.kinds.split(","):
            files = args.files if kind == "text" else args.html_files or args.files
            corpus, size = build_corpus(args.bench, args.work, ".txt" if kind == "text" else ".html", files)
            if kind == "text":
                text_corpus = (corpus, size)
            variants = [([], "")] + ([(["--fast"], " --fast")] if kind == "html" and fast_flag else [])
            for extra, name in variants:
                cpus = {}
                for jobs in sorted({1, args.jobs}):
                    out = args.work / f"out-{kind}-{jobs}"
                    shutil.rmtree(out, ignore_errors=True)
                    r = cli_run(corpus, out, jobs, ["--force", *extra])
                    cpus[jobs] = r
                    row(f"{kind}{name} --jobs {jobs}", files, size / 1e6, [r["wall"]], [r["cpu"]],
                        r["maxrss_kb"] / 1024)
                if args.jobs in cpus and 1 in cpus and args.jobs != 1:
                    one, many = cpus[1], cpus[args.jobs]
                    print(f"{'':<4}{kind}{name}: --jobs {args.jobs} vs --jobs 1: wall {one['wall'] / many['wall']:.2f}x "
                          f"faster; CPU {many['cpu'] / one['cpu']:.2f}x as much work in all")
            if kind == "html" and not fast_flag:
                print(f"{'html --fast':<30}    n/a (this build's CLI has no --fast)")

    if "rerun" in parts:
        corpus, size = text_corpus or build_corpus(args.bench, args.work, ".txt", args.files)
        out = args.work / "out-rerun"
        shutil.rmtree(out, ignore_errors=True)
        header(f"re-run over an unchanged folder ({args.files} text files, --jobs {args.jobs})")
        first = cli_run(corpus, out, args.jobs)
        again = [cli_run(corpus, out, args.jobs) for _ in range(max(1, args.repeat))]
        row("first run", args.files, size / 1e6, [first["wall"]], [first["cpu"]], first["maxrss_kb"] / 1024)
        row("re-run, nothing changed", args.files, size / 1e6, [a["wall"] for a in again],
            [a["cpu"] for a in again], max(a["maxrss_kb"] for a in again) / 1024)
        print(f"{'':<4}re-run is {first['wall'] / statistics.median(a['wall'] for a in again):.1f}x faster (wall), "
              f"{first['cpu'] / statistics.median(a['cpu'] for a in again):.1f}x less CPU")

    if "rss" in parts:
        header("peak memory against the number of files (text, --jobs 1)")
        for n in (int(x) for x in args.rss_files.split(",")):
            corpus, size = build_corpus(args.bench, args.work, ".txt", n, args.rss_head)
            out = args.work / f"out-rss-{n}"
            shutil.rmtree(out, ignore_errors=True)
            r = cli_run(corpus, out, 1, ["--force"])
            row(f"text --jobs 1, {n} files", n, size / 1e6, [r["wall"]], [r["cpu"]], r["maxrss_kb"] / 1024)

    if not args.keep:
        for out in args.work.glob("out-*"):
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
