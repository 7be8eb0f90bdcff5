"""The content scorer's features: the fast implementation in ``cleaner.features`` must give
exactly the values of the plain definitions below (the scorer's weights were trained on them)."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import features as F
from cleaner.dates import parse_date_line
from cleaner.vocabulary import BOUNDARY_PHRASES, CHROME_WORDS, TAIL_PHRASES

ROOT = Path(__file__).resolve().parents[1]


def plain_block_vector(text: str, position: float, repeated: bool, stop_bit: int) -> list[float]:
    """The features as first written: one obvious expression each."""
    _, masks = F.stoplists()
    words = F._WORD.findall(text)
    n = F.word_count(text)
    lower = [w.lower() for w in words]
    stop = sum(1 for w in lower if masks.get(w, 0) >> stop_bit & 1) / len(words) if words else 0.0
    long_words = [w for w in words if len(w) >= 4]
    title_case = sum(w[0].isupper() for w in long_words) / len(long_words) if long_words else 0.0
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    upper = sum(c.isupper() for c in text)
    return [
        1.0, math.log1p(len(text)), math.log1p(n), stop,
        1.0 if F._TERMINAL.search(text) else 0.0,
        min((text.count(",") + text.count("、")) / n, 1.0) if n else 0.0,
        title_case,
        digits / (letters + digits) if letters + digits else 1.0,
        upper / letters if letters else 0.0,
        1.0 if parse_date_line(text) else 0.0,
        sum(1 for w in lower if w in CHROME_WORDS) / len(words) if words else 0.0,
        1.0 if F.boundary_key(text) in BOUNDARY_PHRASES else 0.0,
        1.0 if F.is_byline(text) else 0.0,
        min(len(F._SEPARATORS.findall(text)), 5) / 5,
        1.0 if n <= 3 else 0.0,
        1.0 if n >= 25 else 0.0,
        position,
        1.0 if repeated else 0.0,
        1.0 if ("http" in text or "www." in text or ".com" in text) and n <= 6 else 0.0,
        1.0 if F._NUMBERED.match(text) else 0.0,
        1.0 if F._GLUED.search(text) else 0.0,
        1.0 if n <= 15 and F._DATE_WORDS.search(text) else 0.0,
        1.0 if text.endswith("?") else 0.0,
        1.0 if "©" in text or "rights reserved" in text.lower() else 0.0,
        1.0 if F.boundary_key(text) in TAIL_PHRASES else 0.0,
    ]


def plain_page_vectors(texts: list[str]) -> list[list[float]]:
    stop_bit = F.page_stoplist(texts)
    n = len(texts)
    seen: dict[str, int] = {}
    for t in texts:
        seen[t.casefold()] = seen.get(t.casefold(), 0) + 1
    own = [plain_block_vector(t, i / max(n - 1, 1), seen[t.casefold()] > 1, stop_bit)
           for i, t in enumerate(texts)]
    prose = [F.prose_score(v) for v in own]
    boundary_seen = tail_seen = 0.0
    vectors = []
    for i, vec in enumerate(own):
        def at(j: int) -> float:
            return prose[j] if 0 <= j < n else 0.0
        near = max((prose[j] for j in range(max(0, i - 3), min(n, i + 4)) if j != i), default=0.0)
        vectors.append(vec + [at(i - 1), at(i + 1), at(i - 2), at(i + 2), boundary_seen, near, tail_seen])
        if vec[F.BLOCK_FEATURES.index("boundary")] and i / max(n - 1, 1) > 0.2:
            boundary_seen = 1.0
        if vec[F.BLOCK_FEATURES.index("tail")] and max(prose[:i], default=0.0) > 0.5:
            tail_seen = 1.0
    return vectors


def seed_pages() -> list[list[str]]:
    pages = []
    for path in sorted((ROOT / "seeds").iterdir()):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        pages.append([line for line in lines if line])
    return pages


@pytest.mark.parametrize("page", seed_pages(), ids=lambda p: p[0][:30])
def test_fast_features_equal_plain_definitions_on_seeds(page):
    assert F.page_vectors(page) == plain_page_vectors(page)


MIXED = [
    "By Jane Doe", "Updated 3 hours ago", "Posted", "Jun 1, 2018", "© 2019 Associated Press. All Rights Reserved",
    "Comments (12)", "Related stories", "SubscribeSign In", "1. First item", "www.example.com",
    "Ещё раз: Москва, 12 июня 2019 года.", "東京で開かれた会議では、新しい計画が発表された。", "Straße und Öl — 20 €",
    "Is this the end?", "İstanbul’da büyük bir toplantı yapıldı.", "Ǆemal and ǅemal went home", "",
    "The talks, which began on Monday, continued late into the night as delegates argued over the text.",
]


def test_fast_features_equal_plain_definitions_on_mixed_scripts():
    assert F.page_vectors(MIXED) == plain_page_vectors(MIXED)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=12))
def test_fast_features_equal_plain_definitions_on_any_text(texts):
    assert F.page_vectors(texts) == plain_page_vectors(texts)


def test_scorer_folded_weights_match_standardised_dot_product():
    """The scorer folds standardisation into its coefficients; the probabilities stay those of
    the textbook formula (to rounding)."""
    from cleaner.scorer import default_scorer

    model = default_scorer().stage1
    vectors = [v for page in seed_pages() for v in F.page_vectors(page)]
    fast = model.predict(vectors)
    for vec, p in zip(vectors, fast):
        z = sum(w * (x - m) / s for w, x, m, s in zip(model.weights, vec, model.mean, model.scale))
        assert p == pytest.approx(1 / (1 + math.exp(-max(min(z, 30.0), -30.0))), abs=1e-12)
