"""The one way to run work off the GUI thread (after Picard's run_task / Anki's CollectionOp).

`run_task(func, on_done, on_error)` runs `func()` in a worker thread and calls `on_done(result)`
or `on_error(exception)` back on the GUI thread. Two pools: a shared one for reads and
image work, and a single-thread one for everything that writes the journal or the drop
folder, so those writes happen one at a time, in order.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("scanstation.ui.tasks")

_shared_pool: QThreadPool | None = None
_serial_pool: QThreadPool | None = None


def shared_pool() -> QThreadPool:
    global _shared_pool
    if _shared_pool is None:
        _shared_pool = QThreadPool()
        _shared_pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
    return _shared_pool


def serial_pool() -> QThreadPool:
    """One thread: journal writes and exports, in the order they were asked for."""
    global _serial_pool
    if _serial_pool is None:
        _serial_pool = QThreadPool()
        _serial_pool.setMaxThreadCount(1)
    return _serial_pool


class _Relay(QObject):
    """Lives on the GUI thread. The worker emits; because the receiving slots are methods
    of this GUI-thread object, Qt queues the call over to the GUI thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done, on_error) -> None:
        super().__init__()
        self._on_done, self._on_error = on_done, on_error
        self.done.connect(self._finished)
        self.failed.connect(self._failed)

    @Slot(object)
    def _finished(self, result: Any) -> None:
        _live_relays.discard(self)
        if self._on_done is not None:
            _deliver(self._on_done, result)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        _live_relays.discard(self)
        if self._on_error is not None:
            _deliver(self._on_error, exc)


def _deliver(callback: Callable[[Any], None], value: Any) -> None:
    """A window closed while its task ran no longer wants the result: its widgets are gone."""
    try:
        callback(value)
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            raise
        log.debug("a task's result came after its window was closed; dropped")


class _Task(QRunnable):
    def __init__(self, func: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.func = func
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.func()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            log.error("background task failed: %s", "".join(traceback.format_exception_only(exc)).strip())
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_live_relays: set[_Relay] = set()


def run_task(
    func: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    serial: bool = False,
) -> None:
    """Call from the GUI thread. `func` gets no widgets: give it plain data (snapshots)."""
    relay = _Relay(on_done, on_error)
    _live_relays.add(relay)  # kept alive until its result has been delivered
    (serial_pool() if serial else shared_pool()).start(_Task(func, relay))


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """For shutdown and tests: let running tasks finish."""
    ok = True
    for pool in (_shared_pool, _serial_pool):
        if pool is not None:
            ok = pool.waitForDone(timeout_ms) and ok
    return ok
