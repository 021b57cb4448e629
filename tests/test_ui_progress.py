"""What the clerk reads in the window: the empty window says what to do, pages are numbered as
printed, "x of N letters left", a restart opens on the next letter to confirm, and scanning
shows pages scanned and read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from scanstation.ui.tasks import wait_for_all

from .test_ui_main_window import demo_env, open_window, scan_demo  # noqa: F401 - fixtures


def visible_texts(window) -> list[str]:
    from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit
    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QLineEdit) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QAbstractSpinBox) if w.isVisible()]
    return texts


def test_the_empty_first_window_says_what_to_do_and_shows_no_made_up_date(qtbot, open_window):
    window = open_window()
    hint = window.viewer.message_text()
    assert "F5" in hint and "drop files" in hint and "Ctrl+O" in hint
    assert not any("2000-01-01" in text for text in visible_texts(window))


def test_pages_are_numbered_as_printed_not_counting_the_separator_sheet(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    item = window.panel.topLevelItem(0)  # separator sheet, then the letter's 2 pages
    texts = [item.child(i).text(0) for i in range(item.childCount())]
    assert texts == ["Separator sheet", "Page 1 of 2", "Page 2 of 2"]


def test_letters_left_counts_down_as_the_clerk_confirms(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    assert window.left_label.text() == "4 of 4 letters left"
    press_down = Qt.Key_Down
    qtbot.keyClick(QApplication.focusWidget(), press_down, Qt.ControlModifier)  # the routed letter
    with qtbot.waitSignal(window.export_finished, timeout=30000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    qtbot.waitUntil(lambda: window.left_label.text() == "3 of 4 letters left", timeout=10000)


def test_a_restart_opens_on_the_next_letter_to_confirm_not_an_exported_one(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Down, Qt.ControlModifier)  # the routed letter 2
    routed = window.form.document_id
    with qtbot.waitSignal(window.export_finished, timeout=30000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    qtbot.waitUntil(lambda: window.station.journal.document(routed).status == "exported", timeout=10000)
    window.panel.select(routed)  # the clerk looked back at it, then closed the window
    window.close()
    wait_for_all()
    again = open_window()
    assert again.form.document_id == window.panel.documents[2].id
    assert again.station.journal.document(again.form.document_id).status == "awaiting_confirmation"


def test_scanning_shows_pages_scanned_and_read_with_a_bar(qtbot, open_window, monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_DELAY", "0.15")
    window = open_window()
    seen = []
    window.progress_label.linkActivated  # noqa: B018 - the label exists
    with qtbot.waitSignal(window.scan_finished, timeout=60000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_F5)
        qtbot.waitUntil(lambda: window.pages_this_scan >= 3, timeout=30000)
        seen.append((window.progress_label.text(), window.progress.isVisible(), window.progress.maximum()))
    text, bar_shown, maximum = seen[0]
    assert text.startswith("Scanned ") and " read " in text and bar_shown and maximum >= 3
    assert window.progress_label.text() == "12 pages in 4 letters"


def test_a_visible_frame_follows_the_focus(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    frame = window.focus_frame
    assert frame.isVisible() and frame.target is window.form.recipient
    assert frame.geometry().contains(window.form.recipient.geometry().translated(
        window.form.recipient.mapTo(window, window.form.recipient.rect().topLeft())
        - window.form.recipient.pos()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    assert frame.target is window.form.case_number and frame.isVisible()
