"""Letter-trigram models of languages, for words no word list holds.

A word that no frequency list knows ("hutswaarde", "omdirigeringer", "kvintilyon") still looks
like its language: Dutch and Afrikaans "aa", "sch"; Danish "ige", Welsh "dd", "wy". Each
language of a script gets a model of P(letter | two letters before), with word boundaries,
counted over the commonest words of its wordfreq "small" list (each word once: the list is its
vocabulary) or, for a language wordfreq lacks, its jusText stop-word list. The word lists come
from :mod:`cleaner.language`'s lexicon, which reads them anyway; the models are built the first
time a word needs one, from the installed packages, never downloaded.

:meth:`Models.log_likelihoods` scores a word in every language of its script; the caller
compares the target's score with the best other one (see :mod:`cleaner.language`).
"""
from __future__ import annotations

import marshal
import math
import sys
import threading
from collections import Counter
from typing import Callable, Iterable

from cleaner import langdata as D

__all__ = ["Models"]

_BOUNDARY = " "


def _trigrams(word: str) -> list[str]:
    padded = _BOUNDARY * 2 + word + _BOUNDARY
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


class _Model:
    """Add-``NGRAM_SMOOTHING`` conditional trigram model of one language's words."""

    def __init__(self, words: Iterable[str]) -> None:
        trigrams: Counter[str] = Counter()
        for word in words:
            trigrams.update(_trigrams(word))
        contexts: Counter[str] = Counter()
        letters: set[str] = set()
        for trigram, count in trigrams.items():
            contexts[trigram[:2]] += count
            letters.add(trigram[2])
        alpha = D.NGRAM_SMOOTHING
        size = len(letters) + 1
        # Interned: the same trigrams recur in every language's model.
        self._log = {sys.intern(t): math.log10((c + alpha) / (contexts[t[:2]] + alpha * size))
                     for t, c in trigrams.items()}
        self._unseen = {ctx: math.log10(alpha / (c + alpha * size))
                        for ctx, c in contexts.items()}
        self._unseen_context = math.log10(1.0 / size)

    def state(self) -> tuple[dict[str, float], dict[str, float], float]:
        """The model's numbers, for :meth:`from_state` (and :mod:`marshal`)."""
        return self._log, self._unseen, self._unseen_context

    @classmethod
    def from_state(cls, state: tuple[dict[str, float], dict[str, float], float]) -> "_Model":
        model = cls.__new__(cls)  # the counting in __init__ is what the state saves
        log, unseen, model._unseen_context = state
        model._log = {sys.intern(t): v for t, v in log.items()}
        model._unseen = dict(unseen)
        return model

    def score(self, word: str) -> float:
        """log10 P(word) under the model."""
        log, unseen, floor = self._log, self._unseen, self._unseen_context
        total = 0.0
        for trigram in _trigrams(word):
            found = log.get(trigram)
            if found is None:
                found = unseen.get(trigram[:2], floor)
            total += found
        return total


class ScriptModels(dict):
    """language -> :class:`_Model` for the languages of one script, as one table for
    :mod:`cleaner.tablecache` (building a script's models takes about 0.5 CPU s; reading them
    back a few tens of milliseconds)."""

    def to_bytes(self) -> bytes:
        return marshal.dumps({lang: model.state() for lang, model in sorted(self.items())})

    @classmethod
    def from_bytes(cls, data: bytes) -> "ScriptModels":
        """The models :meth:`to_bytes` wrote (ValueError or TypeError when it is not one)."""
        try:
            states = marshal.loads(data)
        except EOFError as error:
            raise ValueError("truncated letter models") from error
        if not isinstance(states, dict):
            raise TypeError("not a table of letter models")
        return cls({lang: _Model.from_state(state) for lang, state in states.items()})


#: ``cached(name, build, read)``: the table ``name`` read back with ``read`` when a cache has
#: it, else made by ``build`` (and cached).
Cache = Callable[[str, Callable[[], ScriptModels], Callable[[bytes], ScriptModels]], ScriptModels]


class Models:
    """The trigram models of every language of each script, built on first use."""

    def __init__(self, vocabularies: dict[str, dict[str, str]], cached: Cache | None = None) -> None:
        """``vocabularies``: script -> language -> its words, one per line; ``cached``: where
        built models are kept between processes (see :data:`Cache`), when anywhere."""
        self._vocabularies = vocabularies
        self._models: dict[str, dict[str, _Model]] = {}
        self._lock = threading.Lock()
        self._cached = cached

    def word_lists(self) -> dict[str, dict[str, str]]:
        """script -> language -> its words, one per line, of the models not built yet (what
        :class:`Models` was given, for caching it before first use)."""
        return {script: dict(by_lang) for script, by_lang in self._vocabularies.items()}

    def _of(self, script: str) -> dict[str, _Model]:
        found = self._models.get(script)
        if found is None:
            with self._lock:
                found = self._models.get(script)
                if found is None:
                    words = self._vocabularies.pop(script, {})

                    def build() -> ScriptModels:
                        return ScriptModels((lang, _Model(words[lang].split("\n"))) for lang in sorted(words))
                    if self._cached is None:
                        found = build()
                    else:
                        found = self._cached(f"ngrams-{script}", build, ScriptModels.from_bytes)
                    self._models[script] = found
        return found

    def log_likelihoods(self, word: str, script: str) -> dict[str, float]:
        """{language: log10 P(word)} for a casefolded word, over the languages of ``script``."""
        return {lang: model.score(word) for lang, model in self._of(script).items()}
