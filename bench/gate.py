#!/usr/bin/env python3
"""Quality gate: pinned F1 floors per source and cleaner mode, on a fixed sample of the bench.

    python bench/gate.py                      # measure and compare with the floors
    python bench/gate.py --update             # re-pin the floors to today's figures
    python bench/gate.py --update --allow-regression   # ... even where a figure went down

In the manner of trafilatura's ``tests/eval_gate.py``. The gate reads every page of the four
sources (``SAMPLE`` = None; a number takes that many pages per source with
``bench/quality.py``'s fixed seed), cleaned in the modes ``dump``, ``html`` and ``html-fast``:
about 150 CPU seconds, 80 s on two cores. A sample of 120 pages per source was tried first and
read changes wrongly: a step that lifted cleaneval by 0.009 on all 732 pages lowered it by 0.002
on the 120 of the sample. The floors file (``bench/gate_floors.json``) holds each mode's F1 per source and its macro, and the SHA-256 of
the pages read, so a changed bench is told apart from a changed cleaner. cleaner's output is
deterministic, so the only noise is a library underneath changing its output (trafilatura,
lxml): a figure fails the gate when it is more than ``tolerance`` below its floor.
``tests/test_quality_gate.py`` runs the check in CI. ``--update`` refuses to lower any floor
unless ``--allow-regression`` is given: a floor goes down only on purpose, with a note saying why.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402

FLOORS = Path(__file__).resolve().parent / "gate_floors.json"
SAMPLE: int | None = None
MODES = list(quality.CLEANER_MODES)
TOLERANCE = 0.002


def measure(bench: Path = quality.BENCH, jobs: int | None = None) -> tuple[dict, str]:
    """(figures per mode and source, digest of the pages read) on the gate's sample."""
    pages = quality.select([bench / s for s in quality.SOURCES], SAMPLE)
    digest = quality.digest([p for ps in pages.values() for p in ps])
    result = quality.run(pages, MODES, jobs=jobs)
    failed = [f for f in result.failures]
    figures = result.figures()
    return {"figures": figures, "failures": failed}, digest


def compare(figures: dict, floors: dict, tolerance: float) -> list[str]:
    """Each figure more than ``tolerance`` below its floor, as a line naming mode and source."""
    out = []
    for mode, row in floors.items():
        for source, floor in row.items():
            got = figures.get(mode, {}).get(source)
            if got is None:
                out.append(f"{mode} on {source}: not measured (floor {floor:.4f})")
            elif got < floor - tolerance:
                out.append(f"{mode} on {source}: F1 {got:.4f} < floor {floor:.4f} "
                           f"(-{floor - got:.4f}, tolerance {tolerance})")
    return out


def lowered(figures: dict, floors: dict) -> list[str]:
    return [f"{m} on {s}: {floors[m][s]:.4f} -> {figures[m][s]:.4f}"
            for m in floors for s in floors[m] if figures.get(m, {}).get(s, 0.0) < floors[m][s]]


def load_floors(path: Path = FLOORS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="re-pin the floors to today's figures")
    ap.add_argument("--allow-regression", action="store_true", help="let --update lower a floor")
    ap.add_argument("--jobs", type=int)
    args = ap.parse_args()
    measured, digest = measure(jobs=args.jobs)
    figures = measured["figures"]
    for mode, row in figures.items():
        print(f"{mode:<10}" + "  ".join(f"{s} {v:.4f}" for s, v in row.items()))
    for failure in measured["failures"]:
        print("failed:", *failure)
    old = load_floors() if FLOORS.exists() else None
    if args.update:
        down = lowered(figures, old["floors"]) if old else []
        if down and not args.allow_regression:
            sys.exit("refusing to lower floors (give --allow-regression, and say why in the "
                     "commit):\n  " + "\n  ".join(down))
        FLOORS.write_text(json.dumps({"sample_per_source": SAMPLE, "seed": quality.SEED,
                                      "digest": digest, "tolerance": TOLERANCE,
                                      "floors": figures}, indent=1, sort_keys=True) + "\n")
        print(f"floors written to {FLOORS}" + (f" (lowered: {'; '.join(down)})" if down else ""))
        return
    if old is None:
        sys.exit(f"no floors at {FLOORS}: run with --update")
    if old["digest"] != digest:
        sys.exit("the gate's pages changed (digest differs): check the bench, then --update")
    problems = compare(figures, old["floors"], old["tolerance"])
    print("\n".join(problems) if problems else "gate passed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
