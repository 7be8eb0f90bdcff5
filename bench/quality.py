#!/usr/bin/env python3
"""Quality benchmark: cleaner's article bodies against the gold bodies of the shared bench.

    python bench/quality.py [--bench ../shared/bench/dev] [--modes dump,html,html-fast,trafilatura]
                            [--per-doc N] [--save DIR] [--repeat N]

For each mode it cleans every page, keeps the body (the JSON ``text``: no title), and scores it
with the bench's own ``score.py`` (4-word shingles, per-page P/R averaged, F1 of the means). The
``trafilatura`` mode is plain ``trafilatura.extract(html, include_comments=False)`` on the same
pages in the same run, as the reference; ``html-fast`` is cleaner's ``--fast`` profile. Prints one
table; ``--per-doc N`` lists each mode's N worst pages. Every mode first cleans one page untimed
(lazy loading of word lists and parsers happens once per process, not per page); ``--repeat N``
times each mode N times and prints the fastest run and the spread, since the machine is shared;
CPU seconds (this process only) suffer less from other processes than wall seconds, and the ratio
column compares each mode's fastest CPU time with plain trafilatura's.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cleaner  # noqa: E402

#: A page where a cleaner mode scores this much F1 below plain trafilatura is listed.
BELOW = 0.05


def load_scorer(bench: Path):
    spec = importlib.util.spec_from_file_location("score", bench.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def predict(modes: list[str], bench: Path, ids: list[str], urls: dict[str, str],
            repeat: int = 1) -> dict[str, tuple[dict[str, str], list[tuple[float, float]]]]:
    """Per mode: bodies per page id, and the (wall, CPU) seconds each of ``repeat`` runs took
    (cleaning only, no file reading), after one untimed warm-up page. Runs take turns across modes, so a busy
    spell on the shared machine does not fall on one mode only."""
    runs = {mode: runner(mode, bench, ids, urls) for mode in modes}
    for run in runs.values():
        run(ids[:1])
    results: dict[str, tuple[dict[str, str], list[tuple[float, float]]]] = {m: ({}, []) for m in modes}
    for _ in range(repeat):
        for mode, run in runs.items():
            start, cpu = time.perf_counter(), time.process_time()
            out = run(ids)
            results[mode][1].append((time.perf_counter() - start, time.process_time() - cpu))
            results[mode][0].update(out)
    return results


def runner(mode: str, bench: Path, ids: list[str], urls: dict[str, str]):
    """A function that cleans the given page ids in ``mode`` and returns their bodies."""
    if mode == "dump":
        inputs = {i: (bench / "dump" / f"{i}.txt").read_bytes() for i in ids}
    else:
        inputs = {i: (bench / "html" / f"{i}.html").read_bytes() for i in ids}
    if mode == "trafilatura":
        import trafilatura
        texts = {i: data.decode("utf-8", "replace") for i, data in inputs.items()}
        return lambda some: {i: trafilatura.extract(texts[i], include_comments=False) or ""
                             for i in some}
    if mode not in ("dump", "html", "html-fast"):
        sys.exit(f"unknown mode {mode!r}: expected dump, html, html-fast or trafilatura")
    kind = "text" if mode == "dump" else "html"
    options = cleaner.Options(fast=mode == "html-fast")
    return lambda some: {i: cleaner.clean(inputs[i], kind=kind, options=options, source_id=i,
                                          url=urls.get(i) if kind == "html" else None).body
                         for i in some}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--modes", default="dump,html,trafilatura")
    ap.add_argument("--per-doc", type=int, default=0, metavar="N", help="show the N worst pages per mode")
    ap.add_argument("--save", type=Path, help="write each mode's bodies to SAVE/<mode>/<id>.txt")
    ap.add_argument("--repeat", type=int, default=1, help="time each mode N times (fastest shown)")
    args = ap.parse_args()
    if not (args.bench / "gold").is_dir():
        sys.exit(f"no bench at {args.bench} (expected gold/, dump/, html/)")
    score = load_scorer(args.bench)
    ids = sorted(p.stem for p in (args.bench / "gold").glob("*.txt"))
    urls = {}
    if (args.bench / "meta.jsonl").exists():
        import json
        for line in (args.bench / "meta.jsonl").read_text().splitlines():
            row = json.loads(line)
            urls[row["id"]] = row["url"]
    gold = {i: score.read(args.bench / "gold" / f"{i}.txt") for i in ids}
    print(f"{'mode':<14}{'F1':>7}{'P':>7}{'R':>7}{'pages/s':>10}{'wall s (min-max)':>19}"
          f"{'CPU s (min-max)':>18}{'CPU ratio':>11}   (n={len(ids)})")
    per_doc = {}
    results = predict(args.modes.split(","), args.bench, ids, urls, args.repeat)
    for mode, (bodies, times) in results.items():
        counts = {i: score.page_counts(gold[i], bodies[i]) for i in ids}
        f1, p, r = score.summarise(list(counts.values()))
        walls, cpus = [t[0] for t in times], [t[1] for t in times]
        base = min(t[1] for t in results["trafilatura"][1]) if "trafilatura" in results else None
        ratio = f"{min(cpus) / base:.2f}x" if base else "-"
        print(f"{mode:<14}{f1:>7.3f}{p:>7.3f}{r:>7.3f}{len(ids) / min(walls):>10.1f}"
              f"{min(walls):>10.2f}-{max(walls):<8.2f}{min(cpus):>9.2f}-{max(cpus):<8.2f}{ratio:>9}")
        per_doc[mode] = {i: score.summarise([c]) for i, c in counts.items()}
        if args.save:
            (args.save / mode).mkdir(parents=True, exist_ok=True)
            for i, body in bodies.items():
                (args.save / mode / f"{i}.txt").write_text(body, encoding="utf-8")
    reference = per_doc.get("trafilatura")
    for mode, rows in per_doc.items() if reference else ():
        below = sorted((rows[i][0] - reference[i][0], i) for i in ids
                       if mode != "trafilatura" and rows[i][0] < reference[i][0] - BELOW)
        if mode != "trafilatura":
            print(f"\n{mode}: {len(below)} page(s) more than {BELOW} F1 below trafilatura"
                  + "".join(f"\n{'':<20}{d:+.3f}  {i[:16]}  {urls.get(i, '')[:60]}" for d, i in below))
    for mode, rows in per_doc.items() if args.per_doc else ():
        print(f"\nworst pages, {mode}:  F1     P      R    id")
        for i, (f1, p, r) in sorted(rows.items(), key=lambda kv: kv[1][0])[: args.per_doc]:
            print(f"{'':<20}{f1:.3f}  {p:.3f}  {r:.3f}  {i[:16]}  {urls.get(i, '')[:60]}")


if __name__ == "__main__":
    main()
