"""Render the operator window mid-batch to docs/screenshot.png (for the README).

Runs the real window offscreen on the demo scanner in a throw-away data folder:
`make screenshot`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SCANSTATION_DEMO_LETTERS", "6")


def main(out: Path) -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from scanstation.config import Settings
    from scanstation.station import Station
    from scanstation.ui.main_window import MainWindow
    from scanstation.ui.tasks import wait_for_all

    app = QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="scanstation-shot-"))
    (work / "drop").mkdir()
    station = Station.open(work / "data", Settings(station_id="KOEGE1", operator="anna", drop_folder=work / "drop"))
    window = MainWindow(station, settings_store=QSettings(str(work / "ui.ini"), QSettings.IniFormat))
    window.resize(1400, 900)
    window.show()

    def scanned(_result) -> None:
        docs = window.panel.documents
        doc = docs[2] if len(docs) > 2 else docs[-1]
        page = next(p for p in doc.pages if p.included)
        window.viewer.page_shown.connect(shown)  # only the page chosen here, not those shown while scanning
        window.panel.select(doc.id, page.id)

    def shown(_path) -> None:
        QTimer.singleShot(400, grab)

    def grab() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        print(f"wrote {out}")
        app.quit()

    window.scan_finished.connect(scanned)
    QTimer.singleShot(200, window.start_scan)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    wait_for_all()
    station.close()
    return 0 if out.exists() else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")))
