"""The content scorer: a logistic model over block features, weights shipped as a small JSON file.

Trained by ``bench/train_scorer.py`` on the shared bench's licensed sources (labels: a block is
content when most of its words' 4-word windows are in the gold body): the block scorer on the
dev pages, the region model (P(article text) of a block the region search leaves out, see
:func:`cleaner.heuristics.outside_vectors`) on the dev and readability pages; evaluated with
cross-validation grouped by site, leave-one-source-out, and on the validation-only sources.
Inference is a dot product in pure Python: no numerical library at run time.
"""
from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .features import FEATURES, REGION_FEATURES, STAGE2_FEATURES, page_vectors, stage2_vectors, word_count

WEIGHTS_FILE = Path(__file__).with_name("data") / "scorer.json"


@dataclass(frozen=True, slots=True)
class Logistic:
    """One logistic model: standardisation (mean, scale) and weights, one per feature."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def predict(self, vectors: list[list[float]]) -> list[float]:
        coef, intercept = _folded(self.weights, self.mean, self.scale)
        out = []
        for vec in vectors:
            z = sum(map(operator.mul, coef, vec), intercept)
            out.append(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
        return out

    def to_dict(self) -> dict:
        return {"weights": list(self.weights), "mean": list(self.mean), "scale": list(self.scale)}


@lru_cache(maxsize=8)
def _folded(weights: tuple[float, ...], mean: tuple[float, ...],
            scale: tuple[float, ...]) -> tuple[tuple[float, ...], float]:
    """Standardising and weighting folded into one coefficient per feature and an intercept
    (once per model, not per page)."""
    coef = tuple(w / s for w, s in zip(weights, scale))
    return coef, -sum(c * m for c, m in zip(coef, mean))


@dataclass(frozen=True, slots=True)
class Scorer:
    """Two stages: block features → P(content); then those probabilities in context → final P."""

    stage1: Logistic
    stage2: Logistic | None = None
    #: the region model: P(article text) of a block the region search would leave out
    region: Logistic | None = None

    def first_stage(self, texts: list[str]) -> list[float]:
        return self.stage1.predict(page_vectors(texts))

    def probabilities(self, texts: list[str]) -> list[float]:
        """P(content) for every block of a page, given the blocks' normalised texts."""
        probs = self.first_stage(texts)
        if self.stage2 is None:
            return probs
        return self.stage2.predict(stage2_vectors(probs, [word_count(t) for t in texts]))

    @classmethod
    def from_dict(cls, data: dict) -> "Scorer":
        if list(data["features"]) != list(FEATURES) or list(data["stage2_features"]) != list(STAGE2_FEATURES):
            raise ValueError("scorer weights were trained for other features than the code computes: "
                             "retrain with bench/train_scorer.py --write")
        region = data.get("region")
        if region is not None and list(data.get("region_features", ())) != list(REGION_FEATURES):
            raise ValueError("region model weights were trained for other features than the code "
                             "computes: retrain with bench/train_scorer.py --write")

        def logistic(d: dict | None) -> Logistic | None:
            return Logistic(tuple(d["weights"]), tuple(d["mean"]), tuple(d["scale"])) if d else None
        return cls(logistic(data["stage1"]), logistic(data.get("stage2")), logistic(region))


@lru_cache(maxsize=1)
def default_scorer() -> Scorer:
    """The shipped scorer, read once per process."""
    return Scorer.from_dict(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))
