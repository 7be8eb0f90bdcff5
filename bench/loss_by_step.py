#!/usr/bin/env python3
"""Where text mode loses gold text and keeps chrome, step by step, per bench source.

    python bench/loss_by_step.py [--sample N] [--jobs N] [--sources dev,readability,...]

Each dump is cleaned; each block is labelled content or not the way ``bench/train_scorer.py``
labels it (half its 4-word windows in the gold). Per source it prints, per removal reason, the
content words it removed per page (lost recall) and the non-content words removed (its worth);
and the non-content words kept per page (lost precision). Read with ``cleaner explain``.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import BENCH, SOURCES, pages_of, sample_pages  # noqa: E402


def one(args: tuple[str, str, str]) -> tuple[str, str, Counter, Counter]:
    import cleaner
    from train_scorer import labels_for
    folder, source, pid = args
    data = (Path(folder) / "dump" / f"{pid}.txt").read_bytes()
    gold = (Path(folder) / "gold" / f"{pid}.txt").read_bytes().decode("utf-8", "replace")
    article = cleaner.clean(data, kind="text", source_id=pid)
    texts = [b.text for b in article.blocks]
    labels = labels_for(texts, gold)
    lost, removed_chrome = Counter(), Counter()
    for b, y in zip(article.blocks, labels):
        n = len(b.text.split())
        reason = "kept" if b.kept and b.index != article.title_index else (b.reason or "title")
        if b.index == article.title_index:
            reason = "title"
        (lost if y else removed_chrome)[reason] += n
    return source, pid, lost, removed_chrome


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--sources", default=",".join(SOURCES))
    ap.add_argument("--top", type=int, default=14)
    args = ap.parse_args()
    work = []
    for source in args.sources.split(","):
        for p in sample_pages(pages_of(BENCH / source), args.sample):
            work.append((p.folder, source, p.id))
    per_source: dict[str, list[Counter]] = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        for source, pid, content, chrome in pool.map(one, work, chunksize=4):
            acc = per_source.setdefault(source, [Counter(), Counter(), Counter()])
            acc[0].update(content)
            acc[1].update(chrome)
            acc[2]["pages"] += 1
    for source, (content, chrome, n) in per_source.items():
        pages = n["pages"]
        print(f"\n== {source} ({pages} pages): words per page; content = gold-labelled blocks")
        print(f"   content kept {content['kept'] / pages:7.1f}   chrome kept {chrome['kept'] / pages:7.1f}")
        reasons = sorted((set(content) | set(chrome)) - {"kept"}, key=lambda r: -content[r])
        for r in reasons[:args.top]:
            print(f"   {r:42s} content lost {content[r] / pages:7.1f}   chrome removed {chrome[r] / pages:7.1f}")


if __name__ == "__main__":
    main()
