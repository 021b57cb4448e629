import threading
from PySide6.QtCore import QThread
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
