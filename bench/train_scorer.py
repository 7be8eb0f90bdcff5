#!/usr/bin/env python3
"""Train the content scorer (cleaner/data/scorer.json) on the shared bench's dev pages.

    python bench/train_scorer.py [--bench ../shared/bench/dev] [--folds 5] [--write]

Labels: after cleaner's normalisation and rules, a block of a dump is content (1) when at least
half of its 4-word windows occur in the page's gold body (blocks of 1-3 words: all their words
in a row). Model: L2-regularised logistic regression on standardised features (numpy, bench-only
dependency). Honesty: the script reports the end-to-end body F1 of cleaner with weights trained
*without* the held-out sites (GroupKFold by domain), next to the F1 with weights trained on all
pages (which reads too high); only ``--write`` replaces the shipped weights (trained on all pages).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cleaner  # noqa: E402
from cleaner.features import FEATURES, STAGE2_FEATURES, page_vectors, stage2_vectors, word_count  # noqa: E402
from cleaner.normalise import normalise_blocks  # noqa: E402
from cleaner.rules import apply_rules  # noqa: E402
from cleaner.scorer import WEIGHTS_FILE, Logistic, Scorer  # noqa: E402
from cleaner.split import split_text  # noqa: E402

WORD = re.compile(r"\w+")


def windows(words: list[str]) -> list[tuple[str, ...]]:
    if len(words) < 4:
        return [tuple(words)] if words else []
    return [tuple(words[i:i + 4]) for i in range(len(words) - 3)]


def page_blocks(data: bytes) -> list[str]:
    """Block texts as the heuristics see them (normalised; rule drops kept, as the scorer sees
    every block)."""
    blocks = split_text(data.decode("utf-8", "replace"))
    normalise_blocks(blocks)
    rules = cleaner.default_rules()
    apply_rules(blocks, rules.select("\n".join(b.text for b in blocks)))
    return [b.text for b in blocks]


def labels_for(texts: list[str], gold: str) -> list[int]:
    gold_words = WORD.findall(gold)
    gold_windows = set(windows(gold_words))
    gold_joined = " " + " ".join(gold_words) + " "
    out = []
    for t in texts:
        w = WORD.findall(t)
        if not w:
            out.append(0)
        elif len(w) < 4:
            out.append(int(" " + " ".join(w) + " " in gold_joined))
        else:
            win = windows(w)
            out.append(int(sum(x in gold_windows for x in win) / len(win) >= 0.5))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 400,
        positive_weight: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    mean[0], scale[0] = 0.0, 1.0           # bias column stays 1
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    w = np.zeros(z.shape[1])
    sw = np.where(y > 0, positive_weight, 1.0)  # losing article text costs more than a stray line
    for _ in range(iters):                  # Newton steps (IRLS): a few are enough
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (sw * (p - y)) + l2 * np.r_[0, w[1:]]
        hess = (z * (sw * p * (1 - p))[:, None]).T @ z + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w, mean, scale


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--positive-weight", type=float, default=1.0,
                    help="weight of content blocks in the loss (recall over precision above 1)")
    ap.add_argument("--stages", type=int, choices=(1, 2), default=1,
                    help="2 adds the learned context pass (measured: no gain so far)")
    ap.add_argument("--write", action="store_true", help="write cleaner/data/scorer.json (all pages)")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("score", args.bench.parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)  # type: ignore[union-attr]
    meta = {json.loads(l)["id"]: json.loads(l) for l in (args.bench / "meta.jsonl").read_text().splitlines()}
    ids = sorted(p.stem for p in (args.bench / "gold").glob("*.txt"))
    raw = {i: (args.bench / "dump" / f"{i}.txt").read_bytes() for i in ids}
    gold = {i: score.read(args.bench / "gold" / f"{i}.txt") for i in ids}
    xs, ys, wcs = {}, {}, {}
    for i in ids:
        texts = page_blocks(raw[i])
        xs[i] = np.array(page_vectors(texts), dtype=float).reshape(-1, len(FEATURES))
        ys[i] = np.array(labels_for(texts, gold[i]), dtype=float)
        wcs[i] = [word_count(t) for t in texts]
    domains = sorted({meta[i]["domain"] for i in ids})
    fold_of = {d: k % args.folds for k, d in enumerate(sorted(domains, key=lambda d: hash_stable(d)))}
    # inner folds (inside a training set) use another split of the sites
    inner_fold = {d: (k // args.folds) for k, d in enumerate(sorted(domains, key=lambda d: hash_stable(d)))}

    def end_to_end(weights_by_page: dict[str, Scorer]) -> tuple[float, float, float]:
        counts = []
        for i in ids:
            options = cleaner.Options(scorer=weights_by_page[i])
            body = cleaner.clean(raw[i], options=options, kind="text", source_id=i).body
            counts.append(score.page_counts(gold[i], body))
        return score.summarise(counts)

    def logistic(train_ids: list[str], x_of) -> Logistic:
        x = np.vstack([x_of(i) for i in train_ids])
        y = np.concatenate([ys[i] for i in train_ids])
        w, m, s = fit(x, y, args.l2, positive_weight=args.positive_weight)
        return Logistic(tuple(w.tolist()), tuple(m.tolist()), tuple(s.tolist()))

    def train(train_ids: list[str]) -> Scorer:
        """Stage 1 on block features; stage 2 on stage-1 probabilities that are out-of-fold
        (grouped by site inside the training pages), so stage 2 learns from honest inputs."""
        stage1 = logistic(train_ids, lambda i: xs[i])
        if args.stages == 1:
            return Scorer(stage1)
        inner = {}
        for k in range(args.folds):
            held = [i for i in train_ids if inner_fold[meta[i]["domain"]] % args.folds == k]
            rest = [i for i in train_ids if i not in set(held)]
            if not held or not rest:
                continue
            model = logistic(rest, lambda i: xs[i])
            for i in held:
                probs = model.predict(xs[i].tolist())
                inner[i] = np.array(stage2_vectors(probs, wcs[i]), dtype=float).reshape(-1, len(STAGE2_FEATURES))
        stage2 = logistic([i for i in train_ids if i in inner], lambda i: inner[i])
        return Scorer(stage1, stage2)

    per_page = {}
    for k in range(args.folds):
        held = [i for i in ids if fold_of[meta[i]["domain"]] == k]
        model = train([i for i in ids if fold_of[meta[i]["domain"]] != k])
        per_page.update({i: model for i in held})
    cv = end_to_end(per_page)
    full = train(ids)
    fit_all = end_to_end({i: full for i in ids})
    print(f"blocks: {sum(len(y) for y in ys.values())}, content share {np.mean(np.concatenate(list(ys.values()))):.3f}")
    print(f"grouped {args.folds}-fold CV by site   F1={cv[0]:.3f} P={cv[1]:.3f} R={cv[2]:.3f}")
    print(f"trained on all pages (reads high) F1={fit_all[0]:.3f} P={fit_all[1]:.3f} R={fit_all[2]:.3f}")
    for stage, names in ((full.stage1, FEATURES), (full.stage2, STAGE2_FEATURES)):
        if stage is None:
            continue
        print("  " + ", ".join(f"{n} {w:+.2f}" for n, w in sorted(zip(names, stage.weights), key=lambda t: -abs(t[1]))))
    if args.write:
        WEIGHTS_FILE.parent.mkdir(exist_ok=True)
        WEIGHTS_FILE.write_text(json.dumps({
            "features": list(FEATURES), "stage2_features": list(STAGE2_FEATURES),
            "stage1": full.stage1.to_dict(), "stage2": full.stage2.to_dict() if full.stage2 else None,
            "trained_on": f"{len(ids)} dev pages of the shared bench ({len(domains)} sites)",
            "cv_grouped_by_site": {"folds": args.folds, "f1": round(cv[0], 4), "precision": round(cv[1], 4),
                                   "recall": round(cv[2], 4)},
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}")


def hash_stable(text: str) -> int:
    import zlib
    return zlib.crc32(text.encode())


if __name__ == "__main__":
    main()
