"""The real station window on a real station with three imported letters, for tests that play
a clerk at the keyboard (keys go to whatever widget has focus, as a clerk's do)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from scanstation.config import Settings
from scanstation.station import Station
from scanstation.ui.main_window import MainWindow
from scanstation.ui.tasks import wait_for_all

from .pages import letter_files


def station_with_letters(tmp_path: Path, **settings) -> Station:
    drop = tmp_path / "drop"
    drop.mkdir(exist_ok=True)
    values = {"station_id": "KOEGE1", "operator": "anna", "drop_folder": drop, **settings}
    station = Station.open(tmp_path / "data", Settings(**values))
    if not station.journal.documents():
        station.intake(analyze=False).import_files(letter_files(tmp_path / "in"))
    return station


@pytest.fixture
def window_on(qtbot, tmp_path, monkeypatch):
    """Opens the window on a station; closes both after the test."""
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    opened = []

    def make(station: Station, **kwargs) -> MainWindow:
        window = MainWindow(station, settings_store=QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat),
                            **kwargs)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        opened.append((window, station))
        return window

    yield make
    for window, station in opened:
        window.close()
        wait_for_all()
        station.close()


def press(qtbot, key, modifier=Qt.NoModifier) -> None:
    """A key as the clerk presses it: on whatever has focus."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def type_recipient(qtbot, window, typed: str) -> None:
    """Into the recipient field, where the form puts the clerk: replace what is there."""
    qtbot.waitUntil(lambda: window.form.document_id is not None, timeout=5000)
    window.form.recipient.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (window.form.recipient, window.form.recipient.lineEdit()),
                    timeout=5000)
    press(qtbot, Qt.Key_A, Qt.ControlModifier)
    type_text(qtbot, typed)
