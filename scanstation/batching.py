"""Items handed to a pool of workers in batches, but only when they would otherwise wait.

A page is sent to a worker at once when one is free, alone: a clerk scanning at the
feeder's pace never waits for a batch to fill. Pages that arrive while every worker is busy
(an import of many files, a feeder faster than OCR) queue up, and the next free worker takes
up to `batch_size` of them in one call, so work done once per call (loading Tesseract's
language model) is shared between them. Each item still gets its own Future, in the order
submitted, and a failed call fails only the items it carried.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any


class BatchingExecutor:
    """Calls `fn(items, *args)` -> one result per item, on `executor`, at most `slots` at a time.

    Items submitted with different `args` never share a call (settings changed between scans)."""

    def __init__(self, executor: Executor, fn: Callable[..., list], *, slots: int, batch_size: int) -> None:
        self.executor, self.fn = executor, fn
        self.slots, self.batch_size = max(1, slots), max(1, batch_size)
        self._waiting: deque[tuple[Any, tuple, Future]] = deque()
        self._running = 0
        self._closed = False
        self._changed = threading.Condition()
        # The calls are handed over by a thread of our own: a Future's done-callback runs in the
        # pool's manager thread, which must not be made to submit work to its own pool.
        self._dispatcher = threading.Thread(target=self._dispatch, name="page-batches", daemon=True)
        self._dispatcher.start()

    def submit(self, item: Any, *args: Any) -> Future:
        future: Future = Future()
        with self._changed:
            if self._closed:
                raise RuntimeError("cannot take new work after close()")
            self._waiting.append((item, args, future))
            self._changed.notify()
        return future

    def close(self) -> None:
        """Stop handing out work; items still waiting are cancelled (calls running finish)."""
        with self._changed:
            self._closed = True
            waiting, self._waiting = list(self._waiting), deque()
            self._changed.notify()
        for _, _, future in waiting:
            future.cancel()
        if threading.current_thread() is not self._dispatcher:
            self._dispatcher.join()

    def _dispatch(self) -> None:
        while True:
            with self._changed:
                while not self._closed and not (self._waiting and self._running < self.slots):
                    self._changed.wait()
                if self._closed:
                    return
                batch = self._take()
                self._running += 1
            try:
                call = self.executor.submit(self.fn, [item for item, _, _ in batch], *batch[0][1])
            except Exception as exc:  # noqa: BLE001 - the pool is shut down or broken
                self._finished(batch, None, exc)
                continue
            call.add_done_callback(lambda done, batch=batch: self._finished(batch, done, None))

    def _take(self) -> list[tuple[Any, tuple, Future]]:
        """The oldest waiting items with the same args: a fair share of the queue per free slot."""
        free = self.slots - self._running
        size = min(self.batch_size, -(-len(self._waiting) // free))
        batch = [self._waiting.popleft()]
        while len(batch) < size and self._waiting and self._waiting[0][1] == batch[0][1]:
            batch.append(self._waiting.popleft())
        return batch

    def _finished(self, batch, done: Future | None, error: BaseException | None) -> None:
        results = None
        if done is not None:
            try:
                results = done.result()
                if len(results) != len(batch):
                    raise RuntimeError(f"{len(results)} results for {len(batch)} items")
            except BaseException as exc:  # noqa: BLE001 - handed to each item's Future
                error = exc
        for position, (_, _, future) in enumerate(batch):
            if future.set_running_or_notify_cancel():
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(results[position])
        with self._changed:
            self._running -= 1
            self._changed.notify()
