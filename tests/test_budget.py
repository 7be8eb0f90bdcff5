"""cleaner.budget: size, block and time limits for one page; over budget is an error, never a
truncated output. The time tests use loops that never end by themselves, so they pass or hang:
they assert nothing about how fast anything runs."""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from cleaner import budget as B
from cleaner import language, runner
from cleaner.budget import Budget, OverBudget, check_blocks, clean_within, read_page, time_limit
from cleaner.runner import Task, process, run

PAGE = ("Harbour Reopens After Storm Repairs Finish\n"
        "The city harbour reopened on Monday after three weeks of repairs to the storm-damaged pier.\n"
        "Fishing boats were the first to return, followed by the ferry service to the islands.\n")


def spin_forever() -> None:
    while True:
        pass


def swallow_exceptions_forever() -> None:
    """Library code that catches every Exception must not be able to eat the alarm."""
    while True:
        try:
            time.sleep(10)
        except Exception:  # noqa: BLE001
            pass


def swallow_first_alarm() -> None:
    """Code that catches even BaseException once: the alarm comes again."""
    try:
        time.sleep(10)
    except BaseException:  # noqa: BLE001
        pass
    spin_forever()


@pytest.mark.parametrize("endless", [spin_forever, swallow_exceptions_forever, swallow_first_alarm])
def test_time_limit_stops_a_call_that_never_ends(endless):
    with pytest.raises(OverBudget, match=r"^over budget: took more than 0.2 s \(--timeout\)$"):
        time_limit(0.2, endless)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # disarmed afterwards


def test_time_limit_returns_the_value_and_restores_the_handler():
    def mine(signum, frame):
        raise AssertionError("not expected")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        assert time_limit(30, sum, [1, 2, 3]) == 6
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_is_a_no_op_outside_the_main_thread():
    got = []
    thread = threading.Thread(target=lambda: got.append((B.alarms_available(), time_limit(0.01, max, 1, 2))))
    thread.start()
    thread.join()
    assert got == [(False, 2)]
    assert B.alarms_available()


def test_time_limit_zero_means_no_limit():
    assert time_limit(0, max, 3, 4) == 4
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_check_blocks_counts_non_blank_lines_only():
    check_blocks(b"a\n\n\n\n\nb\n", Budget(max_blocks=2))
    check_blocks("a\n" * 10, Budget(max_blocks=0))
    with pytest.raises(OverBudget, match="over budget: 3 blocks"):
        check_blocks("a\n \nb\r\nc\n", Budget(max_blocks=2))


def test_read_page_refuses_a_big_file_before_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(10 * 1024 ** 3)  # 10 GiB, sparse: reading it would take minutes and memory
    with pytest.raises(OverBudget, match="over budget: 10,737,418,240 bytes, more than --max-bytes 20,000,000"):
        read_page(str(big), Budget())
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 100)
    assert read_page(str(small), Budget(max_bytes=100)) == b"x" * 100
    with pytest.raises(OverBudget):
        read_page(str(small), Budget(max_bytes=99))


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir])
def test_read_page_refuses_what_is_not_a_regular_file(tmp_path, make):
    path = tmp_path / "page.txt"
    make(path)
    with pytest.raises(OSError, match="not a regular file"):
        read_page(str(path), Budget())


def test_clean_within_checks_text_records_too():
    with pytest.raises(OverBudget, match="over budget: 6 bytes, more than --max-bytes 5"):
        clean_within(Budget(max_bytes=5), "\u00e9\u00e9\u00e9", kind="text")  # 3 characters, 6 bytes
    with pytest.raises(OverBudget, match="over budget: 3 blocks"):
        clean_within(Budget(max_blocks=2), PAGE, kind="text")
    assert clean_within(Budget(max_blocks=3), PAGE, kind="text").title.startswith("Harbour")


def test_warm_up_loads_the_lazy_tables():
    B.warm_up()
    assert language._LEXICON is not None and language._LANGDETECT is not None


@pytest.fixture
def worker():
    saved = dict(runner._WORKER)
    yield lambda budget: runner.init_worker((), "en", "drop", "txt", budget)
    runner._WORKER.clear()
    runner._WORKER.update(saved)


def test_process_reports_a_slow_page_and_writes_nothing(tmp_path, worker, monkeypatch):
    worker(Budget(timeout=0.2))
    path = tmp_path / "slow.txt"
    path.write_text(PAGE, encoding="utf-8")
    monkeypatch.setattr(B, "clean", lambda *a, **k: spin_forever())
    result = process(Task(str(path), "slow", "text"))
    assert result.files == [] and result.records == []
    assert result.errors == [{"input": str(path), "error": "over budget: took more than 0.2 s (--timeout)"}]


def test_process_goes_on_after_a_slow_page(tmp_path, worker, monkeypatch):
    """After an interrupted page the worker is usable: the next page cleans as usual."""
    worker(Budget(timeout=0.2))
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    real = B.clean
    monkeypatch.setattr(B, "clean", lambda *a, **k: spin_forever())
    assert process(Task(str(path), "page", "text")).errors
    monkeypatch.setattr(B, "clean", real)
    result = process(Task(str(path), "page", "text"))
    assert result.errors == [] and result.files[0][1].startswith("Harbour Reopens")


def test_parallel_workers_enforce_the_time_budget(tmp_path):
    """In worker processes (where nothing can be monkeypatched) a page far over the limit: 100,000
    lines take half a minute or more to clean; the limit is one second."""
    slow = tmp_path / "slow.txt"
    slow.write_text("".join(f"Line {i} of a long page says something about the harbour works.\n"
                            for i in range(100_000)), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    tasks = [Task(str(slow), "slow", "text"), Task(str(empty), "empty", "text")]
    results = list(run(tasks, rule_dirs=(), lang="en", foreign="drop", fmt="txt", jobs=2,
                       budget=Budget(max_blocks=0, timeout=1)))
    assert results[0].errors == [{"input": str(slow), "error": "over budget: took more than 1 s (--timeout)"}]
    assert results[0].files == []
    assert results[1].errors == [] and results[1].files == [("empty.txt", "")]
