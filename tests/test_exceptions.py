"""A letter parked as an exception (Ctrl+Shift+P and a reason) leaves the to-confirm flow, shows
as an exception in the letter list, is counted and listed for the supervisor, and can be taken
back; the dashboard lists the exceptions of a real journal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from scanstation.dashboard import load_dashboard
from scanstation.ui.batch_panel import DOC_ROLE

from .station_window import press, station_with_letters, type_text, window_on  # noqa: F401


def panel_text(window, document_id: int) -> str:
    for index in range(window.panel.topLevelItemCount()):
        item = window.panel.topLevelItem(index)
        if item.data(0, DOC_ROLE) == document_id:
            return item.text(0)
    raise AssertionError(f"letter {document_id} is not in the list")


def test_a_parked_letter_leaves_the_flow_and_the_supervisor_sees_it(qtbot, tmp_path, window_on):
    window = window_on(station_with_letters(tmp_path, correction_seconds=0))
    qtbot.waitUntil(lambda: window.form.document_id is not None, timeout=5000)
    first = window.form.document_id
    window.form.recipient.setFocus()

    press(qtbot, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(window, "park_dialog", None) is not None and window.park_dialog.isVisible(),
                    timeout=5000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is window.park_dialog, timeout=5000)
    type_text(qtbot, "Ulæselig underskrift")
    press(qtbot, Qt.Key_Return)

    qtbot.waitUntil(lambda: window.station.journal.document(first).exception_reason == "Ulæselig underskrift",
                    timeout=5000)
    qtbot.waitUntil(lambda: window.form.document_id not in (None, first), timeout=5000)  # the next letter
    qtbot.waitUntil(lambda: "Exception: Ulæselig underskrift" in panel_text(window, first), timeout=5000)
    assert window.station.journal.events(f"document:{first}")[-1]["action"] == "document_parked"

    # The supervisor sees it: counted and listed with its reason and who parked it.
    window.activateWindow()
    press(qtbot, Qt.Key_U, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.supervisor_window is not None
                    and window.supervisor_window.exceptions_label.text() == "Parked as exceptions: 1", timeout=15000)
    rows = window.supervisor_window.exceptions_table.shown_rows()
    assert [(r["letter"], r["reason"], r["parked_by"]) for r in rows] == [(first, "Ulæselig underskrift", "anna")]
    window.supervisor_window.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)

    # Enter on the parked letter does not confirm it; Ctrl+Shift+P takes it back.
    window.form.recipient.setFocus()
    press(qtbot, Qt.Key_Escape)
    qtbot.waitUntil(lambda: window.form.document_id == first, timeout=5000)
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: "parked" in window.statusBar().currentMessage(), timeout=5000)
    assert window.station.journal.document(first).status == "awaiting_confirmation"
    press(qtbot, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.station.journal.document(first).exception_reason is None, timeout=5000)
    qtbot.waitUntil(lambda: "Exception" not in panel_text(window, first), timeout=5000)


def test_the_dashboard_lists_the_exceptions_of_a_journal(tmp_path, monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    station = station_with_letters(tmp_path)
    try:
        first, second, _third = (d.id for d in station.journal.documents())
        station.journal.park_document(second, "Recipient unclear", "bo")
        station.journal.park_document(first, "Pages missing", "anna")
        station.journal.take_back_document(first, "anna")
        dashboard = load_dashboard([station.journal.path], date(2026, 1, 1), date.today())
        assert [(e.document_id, e.reason, e.parked_by) for e in dashboard.exceptions] == [
            (second, "Recipient unclear", "bo")]
        assert [d.id for d in station.journal.parked_documents()] == [second]
    finally:
        station.close()
