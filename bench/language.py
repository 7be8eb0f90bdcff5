#!/usr/bin/env python3
"""Block language: false alarms and misses per length bucket, and speed, against langdetect.

    python bench/language.py [--bench ../shared/bench/dev] [--half dev|heldout|both]
                             [--repeat 3] [--errors N]
    python bench/language.py --devset bench/data/language_crosscheck.tsv --half all|po|cldr
    python bench/language.py --target sr [--devset ...] [--half ...]   # one target, any language

Lines (see bench/build_language_devset.py for the dev set and its filters):

- English: the msgids of Django's catalogues, and every line of the gold bodies of the shared
  bench's dev pages that seeded langdetect calls English as a whole page (the pages in other
  languages are left out, and counted);
- foreign: Django's translations into ~90 languages.

``--devset`` reads another set of the same columns: bench/data/language_crosscheck.tsv
(bench/build_language_crosscheck.py: other packages' catalogues, set ``po``, and CLDR's names,
set ``cldr``); ``--half`` names one set of the file, or ``all`` for every line in one table.

A false alarm is an English line flagged (``is_target is False``); a miss is a foreign line not
flagged (``True`` or ``None``: "cannot tell" counts as a miss). Three detectors, one run:

- ``detect``: :func:`cleaner.language.detect` on the line alone;
- ``in page``: :func:`cleaner.language.apply_language` on the line inside an English page
  (gold lines: their own page; catalogue lines: appended to a fixed English page), the way the
  pipeline sees a fragment: short ambiguous blocks lean to the page's language;
- ``langdetect``: seeded ``langdetect.detect`` (seed 0), flagged when it names another language;
  an exception (nothing to go on) is not flagged.

``--target T`` measures another target the same way, on any of the sets: its own lines (the
lines of T's code, after :func:`cleaner.language.canonical_code`: ``sr``, ``hr`` and ``bs`` are
one language) flagged, and every other language's lines not flagged, by ``detect`` alone, in
two buckets (1-2 words and 3+; in scripts written without spaces two characters count as a
word, see bench/build_language_udhr.py). A line of another language with the same letters as
one of T's lines says nothing and is left out, and so are the languages cleaner cannot name
(:func:`cleaner.language.known_languages`: Quechua, Lingala ... have no word list and no
langdetect profile, and a word or two of them says nothing it could know). bench/data/language_udhr.tsv (``--half udhr``) is
the held-out check: nothing was tuned on it.

Speed: calls per second (CPU time, word caches cleared before each repeat; median and min-max)
on the lines of the seeds plus the dev dumps, cleaner's ``detect`` against langdetect on every
line, with the share of calls that reached langdetect.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_language_devset import OUT as DEVSET, bucket_of, letters_of  # noqa: E402
from build_language_udhr import fragment_bucket  # noqa: E402
from cleaner import language as L  # noqa: E402
from cleaner.model import Block  # noqa: E402

BUCKETS = ("1-2", "3-5", "6-12", "13+")
DETECTORS = ("detect", "in page", "langdetect")


def read_devset(path: Path, halves: set[str] | None) -> list[tuple[str, str, str]]:
    """(half, lang, text) rows of the committed dev set (every row, as half "all", when
    ``halves`` is None)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        half, _catalogue, lang, text = line.split("\t")
        if halves is None:
            rows.append(("all", lang, text))
        elif half in halves:
            rows.append((half, lang, text))
    return rows


def page_lines(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def seeded_langdetect():
    """A langdetect ``detect`` with its own factory, seed 0 (the module's global left alone)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)

    def detect(text: str) -> str | None:
        detector = factory.create()
        detector.append(text)
        try:
            return L.canonical_code(detector.detect())
        except LangDetectException:
            return None
    return detect


def english_gold_pages(bench: Path, ld) -> tuple[list[list[str]], int]:
    """Gold bodies langdetect calls English as a whole; and how many pages were left out."""
    pages, other = [], 0
    for path in sorted((bench / "gold").glob("*.txt")):
        lines = page_lines(path)
        if lines and ld("\n".join(lines)) == "en":
            pages.append(lines)
        else:
            other += 1
    return pages, other


def flagged_in_page(context: list[str], line: str) -> bool:
    """Whether ``line``, the last block of an English page, is flagged."""
    blocks = [Block(index=i, raw=t, text=t) for i, t in enumerate([*context, line])]
    _, flags = L.apply_language(blocks, policy="flag")
    return any(f.index == len(context) for f in flags)


def gold_page_flags(lines: list[str]) -> list[bool]:
    blocks = [Block(index=i, raw=t, text=t) for i, t in enumerate(lines)]
    _, flags = L.apply_language(blocks, policy="flag")
    flagged = {f.index for f in flags}
    return [i in flagged for i in range(len(lines))]


def evaluate(items, ld, context: list[str]):
    """counts[(group, detector, bucket)] = [errors, total]; errors[(detector, kind)] = lines.

    ``items`` are (group, lang, text, in_page_flag or None); group is "english" or "foreign".
    """
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    errors: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group, lang, text, page_flag in items:
        bucket = bucket_of(text)
        found = L.detect(text)
        flags = {
            "detect": found.is_target is False,
            "in page": page_flag if page_flag is not None else flagged_in_page(context, text),
            "langdetect": ld(text) not in (None, "en"),
        }
        if group == "foreign" and found.is_target is None:
            counts[group, "cannot tell", bucket][0] += 1
        for name, flagged in flags.items():
            wrong = flagged if group == "english" else not flagged
            cell = counts[group, name, bucket]
            cell[0] += wrong
            cell[1] += 1
            if wrong:
                errors[name, group].append(f"{lang}\t{found.lang}\t{text}")
    return counts, errors


def print_table(title: str, counts) -> None:
    print(f"\n{title}")
    head = f"{'bucket':>6} | {'english':>7} " + " ".join(f"{'FA ' + d:>13}" for d in DETECTORS)
    head += f" | {'foreign':>7} " + " ".join(f"{'miss ' + d:>15}" for d in DETECTORS)
    print(head)
    print("-" * len(head))
    for bucket in (*BUCKETS, "3+", "all"):
        chosen = BUCKETS if bucket == "all" else BUCKETS[1:] if bucket == "3+" else (bucket,)
        row = f"{bucket:>6} |"
        for group, width in (("english", 13), ("foreign", 15)):
            total = sum(counts[group, DETECTORS[0], b][1] for b in chosen)
            row += f" {total:7d} "
            for d in DETECTORS:
                wrong = sum(counts[group, d, b][0] for b in chosen)
                rate = f"{100 * wrong / total:.1f}% ({wrong})" if total else "-"
                row += f"{rate:>{width}} "
            row += "|" if group == "english" else ""
        print(row)
    none = [(b, counts["foreign", "cannot tell", b][0]) for b in BUCKETS]
    if any(n for _, n in none):
        print("  detect misses that are 'cannot tell' (None, never flagged): "
              + ", ".join(f"{b}: {n}" for b, n in none))


def time_calls(lines: list[str], repeat: int, ld) -> None:
    print(f"\nspeed on {len(lines)} lines of the seeds + dev dumps "
          f"(CPU time, {repeat} repeats, word caches cleared each time)")
    L._lexicon(), L._vocabulary("en"), L._langdetect("warm up", None)
    ours, theirs = [], []
    L.STATS.clear()
    for _ in range(repeat):
        L.clear_caches()
        start = time.process_time()
        for line in lines:
            L.detect(line)
        ours.append(len(lines) / (time.process_time() - start))
        start = time.process_time()
        for line in lines:
            ld(line)
        theirs.append(len(lines) / (time.process_time() - start))
    stats = L.STATS
    for name, rates in (("cleaner detect", ours), ("langdetect", theirs)):
        print(f"  {name:15s} {statistics.median(rates):9.0f} calls/s "
              f"(min {min(rates):.0f}, max {max(rates):.0f})")
    ratios = [a / b for a, b in zip(ours, theirs)]
    print(f"  speed-up        {statistics.median(ratios):.1f}x "
          f"(min {min(ratios):.1f}x, max {max(ratios):.1f}x)")
    print(f"  calls reaching langdetect: {stats['langdetect-calls'] // repeat} of "
          f"{stats['calls'] // repeat} ({100 * stats['langdetect-calls'] / stats['calls']:.2f}%)")


def evaluate_target(rows, target: str, errors: int) -> dict[str, tuple[int, int]]:
    """Print and return {"own 1-2": (flagged, total), "own 3+", "other 1-2", "other 3+":
    (missed, total)} of ``detect`` with ``target`` on ``rows`` (half, lang, text)."""
    want = L.canonical_code(target)
    own = [(lang, text) for _, lang, text in rows if L.canonical_code(lang) == want]
    own_letters = {letters_of(text) for _, text in own}
    known = L.known_languages()
    others = [(lang, text) for _, lang, text in rows
              if L.canonical_code(lang) != want and letters_of(text) not in own_letters]
    left_out = sum(1 for _, lang, text in rows if L.canonical_code(lang) != want) - len(others)
    unknown = sorted({lang for lang, _ in others if L.canonical_code(lang) not in known})
    others = [(lang, text) for lang, text in others if L.canonical_code(lang) in known]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: dict[str, list[str]] = defaultdict(list)
    by_lang: Counter[str] = Counter()
    for group, items in (("own", own), ("other", others)):
        for lang, text in items:
            found = L.detect(text, target)
            bucket = "1-2" if fragment_bucket(text) == "1-2" else "3+"
            bad = found.is_target is False if group == "own" else found.is_target is not False
            cell = counts[f"{group} {bucket}"]
            cell[0] += bad
            cell[1] += 1
            if bad:
                wrong[group].append(f"{lang}\t{found.lang}\t{found.confidence}\t{text}")
                by_lang[lang] += group == "other"
    def rate(key: str) -> str:
        n, total = counts[key]
        return f"{100 * n / total:.1f}% ({n}/{total})" if total else "-"
    print(f"target {target}: own text flagged 1-2 {rate('own 1-2')}, 3+ {rate('own 3+')}; "
          f"other languages missed 1-2 {rate('other 1-2')}, 3+ {rate('other 3+')} "
          f"({len({lang for lang, _ in others})} languages cleaner can name; {left_out} lines "
          f"with the letters of an own line left out; {len(unknown)} languages it cannot name "
          "left out)")
    if errors:
        for group in ("own", "other"):
            print(f"  {group} errors ({len(wrong[group])}): lang / detected / confidence / text")
            for line in wrong[group][:errors]:
                print("   ", line)
        print("  most missed languages:", ", ".join(f"{g} {n}" for g, n in by_lang.most_common(12)))
    return {key: (n, total) for key, (n, total) in counts.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--devset", type=Path, default=DEVSET)
    ap.add_argument("--half", default="both",
                    help="dev, heldout or both (the dev set); a set's name, or all")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--errors", type=int, default=0, help="print up to N wrong lines per kind")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--target", default=None,
                    help="measure this target language instead of English (detect alone)")
    args = ap.parse_args()
    if args.target is not None:
        halves = ["dev", "heldout"] if args.half == "both" else [args.half]
        rows = read_devset(args.devset, None if args.half == "all" else set(halves))
        if not rows:
            ap.error(f"no line of {args.devset} is in --half {args.half}")
        for half in halves if args.half != "all" else ["all"]:
            print(f"{args.devset.name}, {half}:", end=" ")
            evaluate_target([r for r in rows if r[0] == half], args.target, args.errors)
        return 0

    ld = seeded_langdetect()
    halves = ["dev", "heldout"] if args.half == "both" else [args.half]
    rows = read_devset(args.devset, None if args.half == "all" else set(halves))
    if not rows:
        ap.error(f"no line of {args.devset} is in --half {args.half}")
    gold, other_pages = (english_gold_pages(args.bench, ld) if args.bench.is_dir()
                         else ([], 0))
    # The page a catalogue fragment is put into: the first English gold body (or a stand-in).
    context = gold[0] if gold else [
        "The minister said on Tuesday that the talks would continue next week in Geneva.",
        "Officials from both sides described the meeting as constructive and businesslike."]

    for half in halves:
        items = [("english" if lang == "en" else "foreign", lang, text, None)
                 for h, lang, text in rows if h == half]
        counts, errors = evaluate(items, ld, context)
        langs = {lang for _, lang, _, _ in items if lang != "en"}
        print_table(f"{args.devset.name}, {half} ({len(langs)} foreign languages): "
                    "false alarms (English flagged) and misses (foreign not flagged)", counts)
        if args.errors:
            for (name, group), lines in sorted(errors.items()):
                if name != "langdetect":
                    print(f"\n  {name} {group} errors ({len(lines)}): lang / detected / text")
                    for line in lines[:args.errors]:
                        print("   ", line)
            misses = Counter(line.split("\t")[0] for line in errors["detect", "foreign"])
            totals = Counter(lang for _, lang, _, _ in items if lang != "en")
            worst = sorted(misses, key=lambda g: (-misses[g] / totals[g], g))[:12]
            print("  worst languages (detect misses):",
                  ", ".join(f"{g} {misses[g]}/{totals[g]}" for g in worst))

    if gold:
        items = []
        for lines in gold:
            for text, flagged in zip(lines, gold_page_flags(lines)):
                items.append(("english", "en", text, flagged))
        counts, errors = evaluate(items, ld, context)
        print_table(f"English gold bodies of the dev bench: {len(gold)} pages, {len(items)} lines "
                    f"({other_pages} pages in other languages left out)", counts)
        if args.errors:
            for name in ("detect", "in page"):
                for line in errors[name, "english"][:args.errors]:
                    print(f"    {name}: {line}")

    if not args.no_speed:
        lines = [line for path in sorted((ROOT / "seeds").glob("*.txt")) for line in
                 page_lines(path)]
        if args.bench.is_dir():
            lines += [line for path in sorted((args.bench / "dump").glob("*.txt"))
                      for line in page_lines(path)]
        time_calls(lines, args.repeat, ld)
    return 0


if __name__ == "__main__":
    sys.exit(main())
