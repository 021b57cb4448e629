"""A scanner fault arriving while the clerk types: shown in a banner that typing cannot answer,
counted for the whole batch, and a batch the clerk stops is recorded as stopped."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .test_ui_main_window import demo_env, open_window  # noqa: F401 - fixtures


def press(qtbot, key, modifier=Qt.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def scan_until_the_jam(qtbot, window):
    with qtbot.waitSignal(window.scan_finished, timeout=60000) as finished:
        press(qtbot, Qt.Key_F5)
    result = finished.args[0]
    assert result.fault is not None and result.fault.code == "paper_jam"
    return result


def test_a_jam_while_the_clerk_types_takes_no_key_and_continue_counts_the_whole_batch(qtbot, open_window,
                                                                                       monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_JAM_AFTER", "5")
    window = open_window()
    result = scan_until_the_jam(qtbot, window)
    batch = window.station.journal.batch(result.batch_id)
    assert batch.status == "interrupted"
    banner = window.fault_banner
    assert banner.isVisible() and "Paper jam" in banner.text.text()

    # The clerk was typing and goes on: Tab, a case number, Space, Tab - none of it answers the fault.
    assert window.form.isAncestorOf(QApplication.focusWidget())
    press(qtbot, Qt.Key_Tab)
    assert QApplication.focusWidget() is window.form.case_number
    type_text(qtbot, "2024-0012345")
    press(qtbot, Qt.Key_Space)
    press(qtbot, Qt.Key_Backspace)
    press(qtbot, Qt.Key_Tab)
    press(qtbot, Qt.Key_Space)
    press(qtbot, Qt.Key_F5)  # a key already on its way when the fault appeared is no answer either
    assert window.form.case_number.text() == "2024-0012345"
    assert window.form.isAncestorOf(QApplication.focusWidget())
    assert banner.isVisible() and not window.scanning
    assert window.station.journal.batch(result.batch_id).status == "interrupted"
    assert not banner.continue_button.isEnabled()  # not even a click in its first second
    for button in (banner.continue_button, banner.stop_button):
        assert button.focusPolicy() == Qt.NoFocus and not button.isDefault() and not button.autoDefault()

    # The clerk clears the jam and answers with F5 (Continue) after a look at the banner.
    monkeypatch.setenv("SCANSTATION_DEMO_JAM_AFTER", "")
    qtbot.waitUntil(banner.continue_button.isEnabled, timeout=3000)
    with qtbot.waitSignal(window.scan_finished, timeout=60000) as finished:
        press(qtbot, Qt.Key_F5)
    assert finished.args[0].fault is None and not banner.isVisible()
    assert window.station.journal.batch(result.batch_id).status == "complete"
    pages = len(window.station.journal.pages(result.batch_id))
    letters = len(window.station.journal.batch_documents(result.batch_id))
    assert pages == 12 and letters == 4  # the demo stack of 4 letters: every sheet, both passes
    assert window.progress_label.text() == f"{pages} pages in {letters} letters"


def test_stop_after_a_jam_records_the_batch_as_stopped_and_leaves_no_empty_letter(qtbot, open_window, monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_JAM_AFTER", "4")  # the jam comes right after letter 2's cover sheet
    window = open_window()
    result = scan_until_the_jam(qtbot, window)
    qtbot.waitUntil(window.fault_banner.stop_button.isEnabled, timeout=3000)
    assert all("0 page" not in window.panel.topLevelItem(i).text(0)
               for i in range(window.panel.topLevelItemCount()))
    press(qtbot, Qt.Key_F5, Qt.ShiftModifier)  # Stop
    qtbot.waitUntil(lambda: window.station.journal.batch(result.batch_id).status != "interrupted", timeout=10000)
    batch = window.station.journal.batch(result.batch_id)
    assert batch.status == "cancelled" and "Stopped by the clerk" in batch.interruption
    assert not window.fault_banner.isVisible()
    documents = window.station.journal.batch_documents(result.batch_id)
    assert len(documents) == 1
    for doc in documents:
        assert any(e.included for e in window.station.journal.document_pages(doc.id))
    assert len(window.station.journal.pages(result.batch_id)) == 4  # the cover sheet is kept, in no letter
    qtbot.waitUntil(lambda: len(window.panel.documents) == 1, timeout=5000)
    assert window.progress_label.text() == "Stopped: 4 pages in 1 letter"
