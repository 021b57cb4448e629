"""Keys that work from anywhere in the window, played by a clerk on the keyboard: focus is where
the window leaves it (the Recipient box), keys go to QApplication.focusWidget()."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .test_ui_main_window import demo_env, open_window, scan_demo  # noqa: F401 - fixtures


def press(qtbot, key, modifier=Qt.NoModifier) -> None:
    """A key pressed by the clerk: it goes to whatever has focus."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def shown_page_id(window) -> int | None:
    ids = window.panel.current_ids()
    return ids[1] if ids else None


def test_page_down_in_the_recipient_box_turns_the_page_and_keeps_the_recipient(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    press(qtbot, Qt.Key_Down, Qt.ControlModifier)  # the second letter: routed by its cover sheet
    routed = window.form.recipient_id()
    assert routed is not None
    assert window.form.recipient.isAncestorOf(QApplication.focusWidget()) or \
        window.form.recipient is QApplication.focusWidget()
    letter = window.form.document_id
    before = shown_page_id(window)

    press(qtbot, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: shown_page_id(window) not in (None, before), timeout=5000)
    assert window.form.recipient_id() == routed
    turned = shown_page_id(window)

    press(qtbot, Qt.Key_PageUp)
    qtbot.waitUntil(lambda: shown_page_id(window) != turned, timeout=5000)
    assert window.form.recipient_id() == routed and window.form.document_id == letter


def test_page_down_while_the_completion_list_is_open_turns_the_page(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    qtbot.keyClicks(QApplication.focusWidget(), "o")  # many recipients have an o: the list opens
    qtbot.waitUntil(lambda: window.form.recipient.completer().popup().isVisible(), timeout=5000)
    before = shown_page_id(window)
    qtbot.keyClick(QApplication.activePopupWidget() or QApplication.focusWidget(), Qt.Key_PageDown)
    qtbot.waitUntil(lambda: shown_page_id(window) not in (None, before), timeout=5000)
    assert not window.form.recipient.completer().popup().isVisible()


def test_zoom_keys_work_while_typing_in_the_form(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    qtbot.waitUntil(lambda: not window.viewer.is_loading, timeout=10000)
    assert window.form.isAncestorOf(QApplication.focusWidget())
    for key, mode in ((Qt.Key_0, "fit_page"), (Qt.Key_1, "actual"), (Qt.Key_2, "fit_width")):
        press(qtbot, key, Qt.ControlModifier)
        assert window.viewer.zoom_mode == mode
    assert window.form.isAncestorOf(QApplication.focusWidget())  # the clerk types on


def test_letter_keys_from_the_case_number_field_leave_its_text(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    first = window.form.document_id
    window.form.case_number.setFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "2024-0012345")
    window.form.case_number.setCursorPosition(0)
    press(qtbot, Qt.Key_Down, Qt.ControlModifier)
    assert window.form.document_id != first
    press(qtbot, Qt.Key_Up, Qt.ControlModifier)
    assert window.form.document_id == first


def test_split_and_rotate_work_while_focus_is_in_a_field(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    letters = len(window.panel.documents)
    multi = next(d for d in window.panel.documents if sum(p.included for p in d.pages) >= 2)
    second = [p for p in multi.pages if p.included][1]
    window.panel.select(multi.id, second.id)
    window.form.case_number.setFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "13/44080")
    window.form.case_number.setCursorPosition(0)
    press(qtbot, Qt.Key_R, Qt.ControlModifier)

    def rotation():
        return next(p.rotation for d in window.panel.documents for p in d.pages if p.id == second.id)
    qtbot.waitUntil(lambda: rotation() == 90, timeout=10000)
    window.panel.select(multi.id, second.id)
    window.form.case_number.setFocus()
    press(qtbot, Qt.Key_K, Qt.ControlModifier)  # Ctrl+K is also "delete to end of line" in a text field
    qtbot.waitUntil(lambda: len(window.panel.documents) == letters + 1, timeout=10000)
