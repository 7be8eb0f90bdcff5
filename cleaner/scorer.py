"""The content scorer: a logistic model over block features, weights shipped as a small JSON file.

Trained by ``bench/train_scorer.py`` on the dev pages of the shared bench (labels: a block is
content when most of its words' 4-word windows are in the gold body), evaluated there with
cross-validation grouped by site. Inference is a dot product in pure Python: no numerical
library at run time.
"""
from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .features import FEATURES, STAGE2_FEATURES, page_vectors, stage2_vectors, word_count

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
        s1, s2 = data["stage1"], data.get("stage2")
        return cls(Logistic(tuple(s1["weights"]), tuple(s1["mean"]), tuple(s1["scale"])),
                   Logistic(tuple(s2["weights"]), tuple(s2["mean"]), tuple(s2["scale"])) if s2 else None)


@lru_cache(maxsize=1)
def default_scorer() -> Scorer:
    """The shipped scorer, read once per process."""
    return Scorer.from_dict(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))
