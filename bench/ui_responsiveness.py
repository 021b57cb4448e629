"""How quickly the operator window appears, and how long its event loop ever stalls while a
50-page demo batch is scanned, analysed and shown (the GUI thread must never block).

    .venv/bin/python bench/ui_responsiveness.py [--pages 50] [--out docs/benchmarks.md]

A 5 ms timer runs on the GUI thread throughout; the longest gap between its ticks, less
its interval, is the longest stall a clerk could feel.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import publish  # noqa: E402

SECTION = "## Operator window responsiveness (bench/ui_responsiveness.py)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    # About 2.4 sheets a letter with its separator sheet: enough letters for the pages asked.
    os.environ["SCANSTATION_DEMO_LETTERS"] = str(max(1, round(args.pages / 2.4)))

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from scanstation.config import Settings
    from scanstation.station import Station
    from scanstation.ui.main_window import MainWindow
    from scanstation.ui.tasks import wait_for_all

    app = QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="scanstation-bench-"))
    station = Station.open(work / "data", Settings(station_id="BENCH", operator="bench"))
    window = MainWindow(station, settings_store=QSettings(str(work / "ui.ini"), QSettings.IniFormat))
    window.dpi_box.setCurrentIndex(window.dpi_box.findData(args.dpi))
    window.show()
    result: dict = {}

    def appeared() -> None:
        result["appear_s"] = time.perf_counter() - STARTED
        result["scan_started"] = time.perf_counter()
        window.start_scan()

    ticks: list[float] = []
    ticker = QTimer(interval=5, timeout=lambda: ticks.append(time.perf_counter()))

    def finished(batch) -> None:
        result["scan_s"] = time.perf_counter() - result["scan_started"]
        result["pages"] = batch.pages if batch else 0
        QTimer.singleShot(300, app.quit)

    window.scan_finished.connect(finished)
    QTimer.singleShot(0, appeared)
    ticker.start()
    QTimer.singleShot(600_000, app.quit)
    app.exec()
    ticker.stop()
    wait_for_all()
    station.close()
    gaps = sorted((b - a) * 1000 - 5 for a, b in zip(ticks, ticks[1:]))
    result["max_stall_ms"] = gaps[-1] if gaps else float("nan")
    result["p99_stall_ms"] = gaps[int(len(gaps) * 0.99)] if gaps else float("nan")
    lines = [
        SECTION, "",
        f"`{' '.join(['python', 'bench/ui_responsiveness.py'] + sys.argv[1:])}` — {platform.node()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, offscreen Qt.", "",
        "| measure | result | target |", "|---|---|---|",
        f"| window shown, from process start | {result.get('appear_s', float('nan')):.2f} s | < 2 s |",
        f"| pages scanned, analysed and shown ({args.dpi} dpi demo) | {result.get('pages', 0)} in "
        f"{result.get('scan_s', float('nan')):.1f} s | |",
        f"| longest event-loop stall during the batch | {result['max_stall_ms']:.0f} ms | < 100 ms |",
        f"| 99th percentile stall | {result['p99_stall_ms']:.0f} ms | |", "",
        "No peer tool is measured here: NAPS2's window is .NET/Windows and cannot run on this machine.",
    ]
    report = "\n".join(lines) + "\n"
    publish(report, SECTION, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
