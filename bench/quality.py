#!/usr/bin/env python3
"""Quality benchmark: cleaner's article bodies against the gold bodies of the shared bench.

    python bench/quality.py [--bench ../shared/bench/dev] [--modes dump,html,trafilatura]
                            [--per-doc N] [--save DIR]

For each mode it cleans every page, keeps the body (the JSON ``text``: no title), and scores it
with the bench's own ``score.py`` (4-word shingles, per-page P/R averaged, F1 of the means). The
``trafilatura`` mode is plain ``trafilatura.extract(html, include_comments=False)`` on the same
pages in the same run, as the reference. Prints one table; ``--per-doc N`` lists each mode's N
worst pages.
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


def load_scorer(bench: Path):
    spec = importlib.util.spec_from_file_location("score", bench.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def predict(mode: str, bench: Path, ids: list[str], urls: dict[str, str]) -> tuple[dict[str, str], float]:
    """Bodies per page id, and the seconds it took (cleaning only, no file reading)."""
    if mode == "dump":
        inputs = {i: (bench / "dump" / f"{i}.txt").read_bytes() for i in ids}
    else:
        inputs = {i: (bench / "html" / f"{i}.html").read_bytes() for i in ids}
    out: dict[str, str] = {}
    if mode == "trafilatura":
        import trafilatura
        texts = {i: data.decode("utf-8", "replace") for i, data in inputs.items()}
        start = time.perf_counter()
        for i in ids:
            out[i] = trafilatura.extract(texts[i], include_comments=False) or ""
        return out, time.perf_counter() - start
    cleaner.default_rules()  # load once, outside the timing
    kind = "text" if mode == "dump" else "html"
    start = time.perf_counter()
    for i in ids:
        out[i] = cleaner.clean(inputs[i], kind=kind, url=urls.get(i) if kind == "html" else None,
                               source_id=i).body
    return out, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--modes", default="dump,html,trafilatura")
    ap.add_argument("--per-doc", type=int, default=0, metavar="N", help="show the N worst pages per mode")
    ap.add_argument("--save", type=Path, help="write each mode's bodies to SAVE/<mode>/<id>.txt")
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
    print(f"{'mode':<14}{'F1':>7}{'P':>7}{'R':>7}{'pages/s':>10}   (n={len(ids)})")
    per_doc = {}
    for mode in args.modes.split(","):
        bodies, seconds = predict(mode, args.bench, ids, urls)
        counts = {i: score.page_counts(gold[i], bodies[i]) for i in ids}
        f1, p, r = score.summarise(list(counts.values()))
        print(f"{mode:<14}{f1:>7.3f}{p:>7.3f}{r:>7.3f}{len(ids) / seconds:>10.1f}")
        per_doc[mode] = {i: score.summarise([c]) for i, c in counts.items()}
        if args.save:
            (args.save / mode).mkdir(parents=True, exist_ok=True)
            for i, body in bodies.items():
                (args.save / mode / f"{i}.txt").write_text(body, encoding="utf-8")
    for mode, rows in per_doc.items() if args.per_doc else ():
        print(f"\nworst pages, {mode}:  F1     P      R    id")
        for i, (f1, p, r) in sorted(rows.items(), key=lambda kv: kv[1][0])[: args.per_doc]:
            print(f"{'':<20}{f1:.3f}  {p:.3f}  {r:.3f}  {i[:16]}  {urls.get(i, '')[:60]}")


if __name__ == "__main__":
    main()
