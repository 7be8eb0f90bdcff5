#!/usr/bin/env python3
"""CPU time of the pipeline's language stage on the bench dumps, and its answers.

    python bench/language_stage_speed.py [--bench ../shared/bench/dev] [--passes 2]
                                         [--profile] [--save FILE] [--compare FILE]

Runs ``cleaner.pipeline.clean(bytes, options=Options())`` over every dump of the bench, ``--passes``
times in one process (the first pass loads the word lists and fills the per-word caches; later
passes are warm; the judged blocks are forgotten between passes, so each pass judges from
memory only the blocks repeated within it, as one run would). For each pass it prints the
process CPU time of the whole pipeline and of the language stage alone (``apply_language``, timed around each call), in seconds and microseconds per
block. ``--profile`` adds a cProfile of ``apply_language`` over the last pass.

``--save`` writes every block's language, confidence, verdict and reason and every page's flags;
``--compare`` reads such a file and lists what changed, so that a speed-up can be shown to give
the same answers. The machine may be shared: run it three times and read the spread.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner import language, pipeline  # noqa: E402
from cleaner.pipeline import Options, clean  # noqa: E402


def answers_of(article) -> dict:
    """What the language stage decided on one page, in a JSON-friendly form."""
    return {
        "language": article.metadata.language,
        "text": [article.title, *article.paragraphs],
        "blocks": [[b.lang, b.lang_confidence, b.verdict, b.reason] for b in article.blocks],
        "flags": [[f.index, f.text, f.language, f.confidence, f.kept, f.kind]
                  for f in article.flags],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--save", type=Path)
    ap.add_argument("--compare", type=Path)
    args = ap.parse_args()

    pages = [(p.name, p.read_bytes()) for p in sorted((args.bench / "dump").glob("*.txt"))]
    options = Options()
    stage = {"cpu": 0.0, "blocks": 0, "profile": None}
    original = pipeline.apply_language

    def timed(blocks, **kwargs):
        start = time.process_time()
        if stage["profile"] is not None:
            result = stage["profile"].runcall(original, blocks, **kwargs)
        else:
            result = original(blocks, **kwargs)
        stage["cpu"] += time.process_time() - start
        stage["blocks"] += len(blocks)
        return result

    pipeline.apply_language = timed
    size = sum(len(b) for _, b in pages)
    print(f"{len(pages)} dumps, {size / 1e6:.2f} MB")
    answers = {}
    for n in range(args.passes):
        stage.update(cpu=0.0, blocks=0)
        # Each pass is one run: the blocks judged in the passes before are forgotten, so only
        # the repeats inside the run are judged from memory (the word caches stay warm).
        language.forget_blocks()
        if args.profile and n == args.passes - 1:
            stage["profile"] = cProfile.Profile()
        start = time.process_time()
        for name, data in pages:
            article = clean(data, options=options)
            answers[name] = answers_of(article)
        total = time.process_time() - start
        print(f"pass {n + 1}: pipeline {total:.3f} s CPU ({size / 1e6 / total:.2f} MB/s), "
              f"language stage {stage['cpu']:.3f} s CPU on {stage['blocks']} blocks "
              f"({1e6 * stage['cpu'] / max(stage['blocks'], 1):.1f} us/block)")
    if stage["profile"] is not None:
        out = io.StringIO()
        pstats.Stats(stage["profile"], stream=out).sort_stats("tottime").print_stats(18)
        print(out.getvalue())
    if args.save:
        args.save.write_text(json.dumps(answers, ensure_ascii=False, indent=0), encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        changed = [name for name in answers if before.get(name) != answers[name]]
        print(f"pages whose text, language or flags changed: {len(changed)} of {len(answers)}")
        for name in changed:
            old, new = before.get(name, {}), answers[name]
            if old.get("language") != new["language"]:
                print(f"  {name}: language {old.get('language')} -> {new['language']}")
            old_flags = {tuple(f) for f in old.get("flags", [])}
            new_flags = {tuple(f) for f in new["flags"]}
            for f in sorted(old_flags - new_flags):
                print(f"  {name}: - {f}")
            for f in sorted(new_flags - old_flags):
                print(f"  {name}: + {f}")
            if old.get("text") != new["text"] and old_flags == new_flags:
                print(f"  {name}: text changed")
            old_blocks = old.get("blocks", [])
            moved = [i for i, (a, b) in enumerate(zip(old_blocks, new["blocks"])) if a != b]
            if moved:
                print(f"  {name}: {len(moved)} blocks with another language, confidence or "
                      f"verdict, e.g. block {moved[0]}: {old_blocks[moved[0]]} -> "
                      f"{new['blocks'][moved[0]]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
