"""Enter on a team chosen in the type-ahead list picks it and does not confirm the letter: the
clerk goes on to the case number, and the next Enter confirms (found playing a clerk's day)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .test_ui_main_window import demo_env, open_window, scan_demo  # noqa: F401 - fixtures


def press(key, modifier=Qt.NoModifier) -> None:
    """The keyboard: the open type-ahead list has it, else the focused widget."""
    QTest.keyClick(QApplication.activePopupWidget() or QApplication.focusWidget(), key, modifier)


def test_enter_in_the_completion_list_picks_the_team_and_the_next_enter_confirms(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    letter = window.form.document_id
    popup = window.form.recipient.completer().popup()
    QTest.keyClicks(QApplication.focusWidget(), "tek")
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    press(Qt.Key_Down)
    press(Qt.Key_Return)
    assert not popup.isVisible() and window.form.document_id == letter
    assert window.form.recipient.currentText() == "Teknik og Miljø"
    assert window.station.journal.documents(status="confirmed") == []

    press(Qt.Key_S, Qt.AltModifier)
    QTest.keyClicks(QApplication.focusWidget(), "2024-0012345")
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        press(Qt.Key_Return)
    sidecar = json.loads(exported.args[0].sidecar_path.read_text(encoding="utf-8"))
    assert exported.args[0].document_id == letter
    assert (sidecar["recipient"]["id"], sidecar["case_number"]) == ("teknik-miljoe", "2024-0012345")
