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
