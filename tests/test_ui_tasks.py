import threading
from scanstation.ui.tasks import run_task
def test_runs_off_thread_and_returns_on_gui_thread(qtbot):
    seen = {}
    def work():
        seen["worker"] = threading.get_ident()
        return 42
    def done(v):
        seen["done_thread"] = threading.get_ident(); seen["v"] = v
    run_task(work, done)
    qtbot.waitUntil(lambda: "v" in seen, timeout=5000)
    assert seen["v"] == 42 and seen["done_thread"] == threading.get_ident() != seen["worker"]


def test_a_failing_task_reports_its_error_on_the_gui_thread(qtbot):
    seen = {}

    def work():
        raise OSError("drop folder gone")

    run_task(work, lambda _: seen.setdefault("done", True),
             lambda exc: seen.update(error=exc, thread=threading.get_ident()))
    qtbot.waitUntil(lambda: "error" in seen, timeout=5000)
    assert "done" not in seen and str(seen["error"]) == "drop folder gone"
    assert seen["thread"] == threading.get_ident()


def test_a_result_that_comes_after_its_window_was_closed_is_dropped_quietly(qtbot):
    """A window closed while its task ran (a device list that takes seconds) must not raise
    into the next window's event loop."""
    from PySide6.QtWidgets import QComboBox

    box = QComboBox()
    release = threading.Event()
    finished = []

    def work():
        release.wait(5)
        return ["demo"]

    def done(names):
        try:
            box.addItems(names)  # the widget is gone by now
        finally:
            finished.append(True)

    run_task(work, done)
    box.deleteLater()
    qtbot.waitUntil(lambda: not _alive(box), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)  # no exception caught in the Qt event loop


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)
