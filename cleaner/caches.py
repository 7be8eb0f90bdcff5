"""Caches bounded by bytes, not by entries: one page with a 530 KB line must not make a cache of
4,096 entries hold gigabytes.

:func:`text_cache` remembers a function of one text the way ``functools.lru_cache`` does, but
counts what it holds — the key's and the value's bytes, as ``sys.getsizeof`` gives them (a
tuple's items too) — and empties itself when the next entry would pass ``max_bytes``; a text
whose entry alone would take more than 1/64 of that is computed and not kept. Hits cost one
dict lookup; answers never depend on the cache. Dict operations are atomic under the GIL, and a
miss updates the count under a lock, so the bound holds with threads too.

:func:`short_args_cache` is ``lru_cache`` for functions of a short word (and a few small
arguments): calls whose first argument is longer than ``max_chars`` are computed, not kept, so
the cache holds at most ``maxsize`` entries of bounded size.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

T = TypeVar("T")


def size_of(value: Any) -> int:
    """Bytes of ``value``: ``sys.getsizeof``, plus that of each item of a tuple or list."""
    size = sys.getsizeof(value)
    if isinstance(value, (tuple, list)):
        size += sum(map(sys.getsizeof, value))
    return size


class TextCache:
    """The cache behind :func:`text_cache`."""

    def __init__(self, function: Callable[[str], Any], max_bytes: int):
        self.function = function
        self.max_bytes = max_bytes
        self.data: dict[str, Any] = {}
        self.used = 0
        self.lock = threading.Lock()
        wraps(function)(self)

    def __call__(self, text: str) -> Any:
        try:
            return self.data[text]
        except KeyError:
            pass
        value = self.function(text)
        cost = sys.getsizeof(text) + size_of(value) + 100  # + the dict slot and hash table share
        if cost <= self.max_bytes // 64:
            with self.lock:
                if self.used + cost > self.max_bytes:
                    self.data.clear()
                    self.used = 0
                self.data[text] = value
                self.used += cost
        return value

    def cache_clear(self) -> None:
        with self.lock:
            self.data.clear()
            self.used = 0


def text_cache(max_bytes: int) -> Callable[[Callable[[str], T]], TextCache]:
    """Remember ``function(text)`` within ``max_bytes`` (see the module's docstring)."""
    def decorate(function: Callable[[str], T]) -> TextCache:
        return TextCache(function, max_bytes)
    return decorate


def short_args_cache(maxsize: int, max_chars: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """``lru_cache(maxsize)`` for calls whose first argument (a word) has at most ``max_chars``
    characters; longer ones are computed each time."""
    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def wrapper(word: str, *args: Any) -> T:
            return cached(word, *args) if len(word) <= max_chars else function(word, *args)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return wrapper
    return decorate
