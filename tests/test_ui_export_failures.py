"""A letter that cannot be exported, as the clerk and the supervisor see it in the real window:
the reason (in the clerk's language), the queue going on, Retry after the cause is fixed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from scanstation.config import Settings
from scanstation.station import Station
from scanstation.ui.batch_panel import DOC_ROLE
from scanstation.ui.i18n import TRANSLATIONS, install_translators
from scanstation.ui.main_window import MainWindow
from scanstation.ui.tasks import wait_for_all

from .pages import letter_files
from .pdfcheck import check_delivery


@pytest.fixture
def window_on(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "0")  # not about OCR
    opened = []

    def make(station: Station) -> MainWindow:
        window = MainWindow(station, settings_store=QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat))
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()
    wait_for_all()


def open_station(tmp_path) -> Station:
    drop = tmp_path / "drop"
    drop.mkdir(exist_ok=True)
    # Export at once: the correction window has tests of its own (tests/test_ui_correction.py).
    return Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna", drop_folder=drop,
                                                    correction_seconds=0))


def confirm_current_letter(qtbot, window, recipient: str):
    """As a clerk: type the team into the recipient field and press Enter; returns the export's outcome."""
    combo = window.form.recipient
    combo.setFocus()
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), recipient)
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    return exported.args[0]


def panel_tooltip(window, document_id: int) -> str:
    for index in range(window.panel.topLevelItemCount()):
        item = window.panel.topLevelItem(index)
        if item.data(0, DOC_ROLE) == document_id:
            return item.toolTip(0)
    raise AssertionError(f"letter {document_id} is not in the panel")


def test_a_letter_that_cannot_be_exported_fails_alone_shows_why_and_retry_sends_it(qtbot, tmp_path, window_on):
    station = open_station(tmp_path)
    station.intake(analyze=False).import_files(letter_files(tmp_path / "in"))
    window = window_on(station)
    qtbot.waitUntil(lambda: len(window.panel.documents) == 3, timeout=10000)
    first, second, _third = (d.id for d in window.panel.documents)
    window.panel.select(first)
    qtbot.waitUntil(lambda: window.form.document_id == first, timeout=5000)
    # The first letter's page file is gone from disk (a disk fault, a too eager clean-up).
    page_file = station.store.path_of(window.panel.document(first).pages[0].file_path)
    kept = tmp_path / "kept.png"
    shutil.move(page_file, kept)

    failed = confirm_current_letter(qtbot, window, "borgerservice")

    assert failed.document_id == first and not failed.ok
    qtbot.waitUntil(lambda: window.retry_button.isVisible(), timeout=5000)
    label = window.failure_label.text()
    assert label.startswith("1 export failed: Page 1 (") and "missing or damaged on disk" in label
    assert "Traceback" not in label and "missing or damaged" in window.failure_label.toolTip()
    qtbot.waitUntil(lambda: window.panel.document(first).status == "failed", timeout=5000)
    assert "missing or damaged" in panel_tooltip(window, first)

    # The queue goes on: the clerk is on the next letter, and it is delivered.
    assert window.form.document_id == second
    delivered = confirm_current_letter(qtbot, window, "jobcenter")
    assert delivered.ok and delivered.document_id == second
    check_delivery(delivered.pdf_path)

    # The clerk looks at the failed letter: the form says why.
    window.panel.select(first)
    qtbot.waitUntil(lambda: window.form.document_id == first, timeout=5000)
    assert window.form.error.text().startswith("Export failed: Page 1 (")

    # The supervisor counts it.
    qtbot.keyClick(window, Qt.Key_U, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.supervisor_window is not None
                    and window.supervisor_window.failed_label.text() == "Failed exports: 1", timeout=15000)
    window.supervisor_window.close()
    window.activateWindow()

    # IT restores the file; Retry sends the letter.
    shutil.move(kept, page_file)
    with qtbot.waitSignal(window.export_finished, timeout=30000) as retried:
        qtbot.mouseClick(window.retry_button, Qt.LeftButton)
    assert retried.args[0].ok and retried.args[0].document_id == first
    check_delivery(retried.args[0].pdf_path)
    qtbot.waitUntil(lambda: not window.retry_button.isVisible(), timeout=5000)
    assert window.failure_label.text() == ""
    qtbot.waitUntil(lambda: window.panel.document(first).status == "exported", timeout=5000)


def test_the_reason_is_shown_in_danish(qtbot, tmp_path, window_on):
    qm = tmp_path / "scanstation_da.qm"
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lrelease"), "-silent",
                    str(TRANSLATIONS / "scanstation_da.ts"), "-qm", str(qm)], check=True)
    translators = install_translators(QApplication.instance(), "da", folder=tmp_path)
    try:
        station = open_station(tmp_path)
        doc = station.intake(analyze=False).import_files(letter_files(tmp_path / "in")[:1]).documents[0]
        station.confirm(doc, {"recipient_id": "borgerservice", "received_date": "2026-11-20"})
        (tmp_path / "drop").rmdir()  # the share went away
        assert not station.exporter(tmp_path / "drop").export_document(doc).ok

        window = window_on(station)
        qtbot.waitUntil(lambda: window.retry_button.isVisible(), timeout=5000)

        assert window.failure_label.text() == (
            f"1 eksport mislykkedes: Kunne ikke aflevere til {tmp_path / 'drop'}: afleveringsmappen findes "
            "ikke eller kan ikke nås. Brevet er gemt og sendes igen.")
    finally:
        for translator in translators:
            QApplication.instance().removeTranslator(translator)
