"""Pages go to a free worker at once, alone; pages that find the workers busy go in batches."""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError, ThreadPoolExecutor

import pytest

from scanstation.batching import BatchingExecutor


class Workers:
    """A pool whose calls wait until the test lets them finish, and that records each call."""

    def __init__(self, slots: int) -> None:
        self.pool = ThreadPoolExecutor(slots)
        self.calls: list[list] = []
        self.release = threading.Event()
        self.started = threading.Semaphore(0)

    def work(self, items: list, suffix: str) -> list:
        self.calls.append(list(items))
        self.started.release()
        self.release.wait(10)
        if "bad" in items:
            raise ValueError("this call failed")
        return [f"{item}{suffix}" for item in items]


def test_a_page_goes_alone_to_a_free_worker_and_waiting_pages_go_together():
    workers = Workers(2)
    batches = BatchingExecutor(workers.pool, workers.work, slots=2, batch_size=4)
    first = batches.submit("p1", "!")
    assert workers.started.acquire(timeout=5)  # sent at once, not held back to fill a batch
    assert workers.calls == [["p1"]]
    second = batches.submit("p2", "!")
    assert workers.started.acquire(timeout=5)
    waiting = [batches.submit(f"p{n}", "!") for n in range(3, 10)]  # both workers busy: these wait
    workers.release.set()
    results = [f.result(timeout=10) for f in [first, second, *waiting]]
    assert results == [f"p{n}!" for n in range(1, 10)]  # each page its own result, in order
    later = workers.calls[2:]  # the 7 pages that waited: in batches of at most 4, shared by free workers
    assert max(len(call) for call in later) == 4 and len(later) <= 3
    assert [item for call in workers.calls for item in call] == [f"p{n}" for n in range(1, 10)]
    batches.close()
    workers.pool.shutdown()


def test_a_failed_call_fails_only_the_pages_it_carried():
    workers = Workers(1)
    batches = BatchingExecutor(workers.pool, workers.work, slots=1, batch_size=2)
    held = batches.submit("first", "")  # keeps the only worker busy while the rest queue
    assert workers.started.acquire(timeout=5)
    futures = [batches.submit(item, "") for item in ("a", "bad", "c", "d")]
    workers.release.set()
    assert held.result(timeout=10) == "first"
    assert futures[2].result(timeout=10) == "c" and futures[3].result(timeout=10) == "d"
    for future in futures[:2]:
        with pytest.raises(ValueError, match="this call failed"):
            future.result(timeout=10)
    batches.close()
    workers.pool.shutdown()


def test_pages_taken_under_other_settings_never_share_a_call():
    workers = Workers(1)
    batches = BatchingExecutor(workers.pool, workers.work, slots=1, batch_size=4)
    held = batches.submit("x", "-old")
    assert workers.started.acquire(timeout=5)
    old = [batches.submit(item, "-old") for item in ("a", "b")]
    new = [batches.submit(item, "-new") for item in ("c", "d")]
    workers.release.set()
    assert [f.result(timeout=10) for f in [held, *old, *new]] == ["x-old", "a-old", "b-old", "c-new", "d-new"]
    assert workers.calls == [["x"], ["a", "b"], ["c", "d"]]
    batches.close()
    workers.pool.shutdown()


def test_closing_cancels_the_pages_still_waiting_and_takes_no_more():
    workers = Workers(1)
    batches = BatchingExecutor(workers.pool, workers.work, slots=1, batch_size=4)
    running = batches.submit("running", "")
    assert workers.started.acquire(timeout=5)
    waiting = batches.submit("waiting", "")
    closer = threading.Thread(target=batches.close)
    closer.start()
    with pytest.raises(CancelledError):
        waiting.result(timeout=10)
    workers.release.set()
    closer.join(10)
    assert running.result(timeout=10) == "running"  # a call under way finishes
    with pytest.raises(RuntimeError, match="close"):
        batches.submit("late", "")
    workers.pool.shutdown()
