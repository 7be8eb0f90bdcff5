#!/usr/bin/env python3
"""How often re-encoded pages decode back to their exact text: charset-normalizer's first choice
against :func:`cleaner.decode.decode_bytes`.

    python bench/encoding_detection.py [--bench ../shared/bench/dev]

Every seed and bench dump that an encoding can represent, and that is not valid UTF-8 once
encoded (pure ASCII pages are), is encoded and decoded again; a page counts as right when the
decoded text equals the original exactly. Prints one row per encoding and the wrong decodings.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import charset_normalizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner.decode import decode_bytes  # noqa: E402

ENCODINGS = ("cp1252", "latin-1", "cp1251", "cp1250", "utf-16-le")


def cases(paths: list[Path], encoding: str) -> list[tuple[str, str, bytes]]:
    """(name, text, bytes) for the pages ``encoding`` represents and UTF-8 cannot read."""
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            data = text.encode(encoding)
            data.decode("utf-8")
        except UnicodeEncodeError:
            continue
        except UnicodeDecodeError:
            out.append((path.name, text, data))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    args = parser.parse_args()
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((args.bench / "dump").glob("*.txt"))
    print(f"{'encoding':<10} {'pages':>5} {'charset-normalizer':>18} {'cleaner':>8} {'s/page':>7}")
    wrong: list[str] = []
    for encoding in ENCODINGS:
        found = cases(paths, encoding)
        detector_right = cleaner_right = 0
        picks: Counter[str] = Counter()
        start = time.perf_counter()
        for name, text, data in found:
            decoded = decode_bytes(data)
            cleaner_right += decoded.text == text
            if decoded.text != text:
                wrong.append(f"{encoding} {name}: cleaner decoded as {decoded.encoding}")
        seconds = (time.perf_counter() - start) / max(1, len(found))
        for name, text, data in found:
            best = charset_normalizer.from_bytes(data).best()
            detector_right += best is not None and str(best) == text
            picks[best.encoding if best else "none"] += 1
        print(f"{encoding:<10} {len(found):>5} {detector_right:>18} {cleaner_right:>8} {seconds:>7.3f}"
              f"   detector picked: {dict(picks.most_common(4))}")
    print("\n".join(wrong) or "cleaner decoded every page exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
