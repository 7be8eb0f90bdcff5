#!/usr/bin/env python3
"""Speed of the normalise stage with and without the repair gate (``needs_repair``).

    python bench/normalise_speed.py [--bench ../shared/bench/dev] [--repeat 5]

Splits every bench dump into blocks once, then times :func:`cleaner.normalise.normalise_blocks`
over all of them, with the gate (clean blocks skip ftfy) and without it (every block through
ftfy), alternating the two so machine noise hits both alike. Prints MB/s (UTF-8 bytes of the
dumps) as the median and the min-max over the repeats, and checks that both give the same text
and fixes. A second row does the same on the dumps turned into mojibake (every block needs
repair), where the gate can only cost.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cleaner.model import Block  # noqa: E402
from cleaner.normalise import normalise_blocks  # noqa: E402
from cleaner.split import split_text  # noqa: E402
from make_encoding_fixtures import mojibake  # noqa: E402


def time_pass(pages: list[list[str]], gate: bool) -> tuple[float, list]:
    """Seconds for one pass over every page, and the output (texts and fixes) to compare."""
    out = []
    start = time.perf_counter()
    for raws in pages:
        blocks = [Block(index=i, raw=r) for i, r in enumerate(raws)]
        fixes = normalise_blocks(blocks, gate=gate)
        out.append(([b.text for b in blocks], fixes))
    return time.perf_counter() - start, out


def measure(name: str, pages: list[list[str]], repeat: int) -> None:
    size = sum(len(r.encode("utf-8")) for raws in pages for r in raws) / 1e6
    runs: dict[bool, list[float]] = {True: [], False: []}
    outputs = {}
    for _ in range(repeat):
        for gate in (True, False):
            seconds, outputs[gate] = time_pass(pages, gate)
            runs[gate].append(size / seconds)
    same = "yes" if outputs[True] == outputs[False] else "NO"
    for gate in (True, False):
        rates = runs[gate]
        print(f"{name:<22} {'gate' if gate else 'no gate':<8} {statistics.median(rates):8.2f} "
              f"{min(rates):8.2f} {max(rates):8.2f}   {size:6.2f} MB  same output: {same}")
    print(f"{'':<22} speed-up (median): {statistics.median(runs[True]) / statistics.median(runs[False]):.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dumps = sorted((args.bench / "dump").glob("*.txt"))
    if not dumps:
        print(f"no dumps in {args.bench / 'dump'}", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in dumps]
    clean = [[b.raw for b in split_text(t)] for t in texts]
    broken = [[b.raw for b in split_text(mojibake(t).decode("utf-8"))] for t in texts]
    print(f"{len(dumps)} dumps, {args.repeat} repeats; MB/s of UTF-8 input")
    print(f"{'input':<22} {'mode':<8} {'median':>8} {'min':>8} {'max':>8}")
    measure("bench dumps", clean, args.repeat)
    measure("dumps as mojibake", broken, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
