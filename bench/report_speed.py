#!/usr/bin/env python3
"""How fast the HTML report is built and opened, for the bench dumps and for N pages.

    python bench/report_speed.py [--bench ../shared/bench/dev] [--pages 5000] [--repeat 3]
                                 [--out bench/out/report-speed]

Cleans the bench dumps once (with their URLs, so pages group by site) into JSONL records, makes
a synthetic OUT of ``--pages`` records by repeating them (new ids and sources), then for each
report prints: its size, the seconds ``build_report`` takes, and the wall-clock seconds from
starting headless Chromium (``/usr/bin/chromium``) to the report's script finishing its first
render (seen as a console message from an instrumented copy), against a blank page's (Chromium's
own start-up). Each figure is repeated; min / median / max are shown, as the machine is shared.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cleaner  # noqa: E402
from cleaner.report import build_report  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
MARK = "REPORT-RENDERED"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=300000", "--dump-dom"]


def clean_bench(bench: Path) -> list[dict]:
    meta = bench / "meta.jsonl"
    lines = meta.read_text(encoding="utf-8").splitlines() if meta.exists() else []
    urls = {m["id"]: m["url"] for m in map(json.loads, filter(str.strip, lines))}
    records = []
    for path in sorted((bench / "dump").glob("*.txt")):
        article = cleaner.clean(path.read_bytes(), url=urls.get(path.stem), source_id=path.name)
        records.append(article.to_record())
    return records


def repeat_records(records: list[dict], n: int) -> list[dict]:
    out = []
    for k in range(n):
        record = records[k % len(records)]
        copy = k // len(records)
        out.append({**record, "id": f"{record['id']}-{k:05d}",
                    "metadata": {**record["metadata"], "source": f"copy{copy:03d}/{record['metadata']['source']}"}})
    return out


def open_seconds(html: Path, profile: Path) -> float:
    """Seconds from starting Chromium to the page's script logging that it rendered."""
    start = time.perf_counter()
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", html.as_uri()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
    seconds = float("nan")
    assert proc.stderr is not None
    for line in proc.stderr:
        if MARK in line:
            seconds = time.perf_counter() - start
            break
    proc.kill()
    proc.wait()
    return seconds


def instrumented(html: str) -> str:
    marker = 'document.body.dataset.rendered = "yes";'
    assert marker in html, "the report's script changed: update bench/report_speed.py"
    return html.replace(marker, marker + f' console.log("{MARK}");', 1)


def spread(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "report-speed")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    bench_records = clean_bench(args.bench)
    sets = {"blank page": None, f"bench dumps ({len(bench_records)})": bench_records,
            f"synthetic ({args.pages})": repeat_records(bench_records, args.pages)}
    print(f"{'report':<22} {'MB':>6}  {'build s (min/med/max)':>22}  {'open s (min/med/max)':>22}")
    with tempfile.TemporaryDirectory() as profile:
        for name, records in sets.items():
            path = args.out / (name.split(" ")[0] + ".html")
            builds = []
            if records is None:
                html = f'<!DOCTYPE html><body><script>console.log("{MARK}")</script></body>'
            else:
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    html = build_report(records, source=name)
                    builds.append(time.perf_counter() - start)
                html = instrumented(html)
            path.write_text(html, encoding="utf-8")
            opens = [open_seconds(path, Path(profile)) for _ in range(args.repeat)]
            size = len(html.encode("utf-8")) / 1e6
            print(f"{name:<22} {size:6.1f}  {spread(builds) if builds else '-':>22}  {spread(opens):>22}")


if __name__ == "__main__":
    main()
