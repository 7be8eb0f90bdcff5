"""Per-page budgets: one pathological page (a 50 MB line, a million lines, a page that takes
minutes) is reported as over budget and the run goes on; it is never silently truncated.

Three limits, checked cheapest first:

1. **bytes** — the size of the page, checked while reading, before any decoding or cleaning, so a
   huge file is never read whole into memory;
2. **blocks** — the non-blank lines of a text dump (each is a block that every stage visits),
   counted on the raw bytes before the expensive stages;
3. **time** — wall-clock seconds for one page, enforced with ``SIGALRM`` in the main thread of a
   serial run or of each worker process (a no-op where signals are unavailable: Windows, threads).

A page over any limit raises :class:`OverBudget`, whose message starts with ``over budget:`` and
names the option that sets the limit.
"""
from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .language import preload
from .model import Article
from .pipeline import Options, clean

#: A page that makes every lazily loaded table load: the word lists (about 10 s on a busy machine)
#: and langdetect's profiles (the Latin line is one the word lists leave to langdetect).
WARM_UP_PAGE = ("Harbour Reopens After The Storm\n"
                "The first page a worker cleans loads the word lists, so this page is that page.\n"
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n")

#: Re-raise the alarm this often after the deadline, in case library code swallowed the first one.
REALARM_S = 0.25


@dataclass(frozen=True, slots=True)
class Budget:
    """Limits for one page; 0 turns a limit off. Frozen and picklable for worker processes."""

    max_bytes: int = 20_000_000   #: bytes of one page (a file, or one JSONL record's text)
    max_blocks: int = 50_000      #: non-blank lines of a text dump
    timeout: float = 60.0         #: seconds to clean one page


DEFAULT_BUDGET = Budget()


class OverBudget(RuntimeError):
    """A page exceeds a budget; the message says which one and by how much."""


class _Alarm(BaseException):
    """Raised by the SIGALRM handler. A BaseException, so a library's ``except Exception`` around
    the code that happens to be running cannot swallow it."""


def check_bytes(size: int, budget: Budget) -> None:
    """Raise :class:`OverBudget` when ``size`` bytes exceed the budget.

    >>> check_bytes(10, Budget(max_bytes=10))
    >>> check_bytes(11, Budget(max_bytes=10))
    Traceback (most recent call last):
    ...
    cleaner.budget.OverBudget: over budget: 11 bytes, more than --max-bytes 10
    """
    if budget.max_bytes and size > budget.max_bytes:
        raise OverBudget(f"over budget: {size:,} bytes, more than --max-bytes {budget.max_bytes:,}")


def count_blocks(source: str | bytes) -> int:
    """Non-blank lines of a text dump: the blocks :func:`cleaner.split.split_text` will make.

    >>> count_blocks(b"a\\n\\n  \\nb\\r\\nc")
    3
    """
    return sum(1 for line in source.splitlines() if line.strip())


def check_blocks(source: str | bytes, budget: Budget) -> None:
    """Raise :class:`OverBudget` when a text dump has more blocks than the budget allows."""
    if not budget.max_blocks:
        return
    newline = b"\n" if isinstance(source, bytes) else "\n"
    if source.count(newline) < budget.max_blocks:  # cheap: most pages stop here
        return
    blocks = count_blocks(source)
    if blocks > budget.max_blocks:
        raise OverBudget(f"over budget: {blocks:,} blocks (non-blank lines), more than "
                         f"--max-blocks {budget.max_blocks:,}")


def read_page(path: str, budget: Budget) -> bytes:
    """Read one input file, refusing files over the byte budget before reading them whole, and
    anything that is not a regular file (a FIFO would block the run; a device may never end).

    Raises ``OSError`` when the file cannot be read, :class:`OverBudget` when it is too big.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        check_bytes(info.st_size, budget)
        with open(fd, "rb", closefd=False) as f:
            data = f.read(budget.max_bytes + 1) if budget.max_bytes else f.read()
    finally:
        os.close(fd)
    check_bytes(len(data), budget)  # the file grew while we read it
    return data


def alarms_available() -> bool:
    """Whether :func:`time_limit` can interrupt: POSIX signals, in the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _raise_alarm(signum: int, frame: Any) -> None:
    raise _Alarm()


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`_Alarm` in this thread after ``seconds`` (and again every REALARM_S)."""
    if not seconds or not alarms_available():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, REALARM_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_limit(seconds: float, call: Any, *args: Any, **kwargs: Any) -> Any:
    """``call(*args, **kwargs)``, or :class:`OverBudget` when it runs longer than ``seconds``."""
    try:
        with _alarm(seconds):
            return call(*args, **kwargs)
    except _Alarm:
        raise OverBudget(f"over budget: took more than {seconds:g} s (--timeout)") from None


def clean_within(budget: Budget, source: str | bytes, **kwargs: Any) -> Article:
    """:func:`cleaner.clean` under ``budget``: size and block count first, then the time limit."""
    check_bytes(len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "surrogatepass")),
                budget)
    if kwargs.get("kind") == "text":
        check_blocks(source, budget)
    return time_limit(budget.timeout, clean, source, **kwargs)


def warm_up(options: Options | None = None) -> None:
    """Clean :data:`WARM_UP_PAGE` once and preload the language tables, so that what is loaded on
    first use is loaded before any page's clock starts (and before workers are forked, which then
    share it); otherwise the first pages of every worker would pay for it."""
    clean(WARM_UP_PAGE, options=options)
    preload((options or Options()).lang)
