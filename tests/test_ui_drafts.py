"""What the clerk types stays with the letter, whatever is looked at in between, and dates are
read as typed. Keys go to whatever widget has focus, as a clerk's do."""

from __future__ import annotations

import json
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from scanstation.journal.drafts import Drafts
from scanstation.ui.tasks import wait_for_all

from .test_ui_main_window import demo_env, open_window, scan_demo  # noqa: F401 - fixtures


def type_keys(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def press(key, modifier=Qt.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def test_typed_fields_survive_a_page_change_another_letter_and_a_restart(qtbot, open_window, tmp_path):
    window = open_window()
    scan_demo(qtbot, window)
    letter = window.form.document_id
    assert letter == window.panel.documents[0].id
    qtbot.waitUntil(lambda: window.form.recipient.hasFocus(), timeout=5000)
    type_keys("tekn")
    press(Qt.Key_Tab)
    type_keys("2024-0012345")
    assert window.form.recipient_id() == "teknik-miljoe"

    # Look at the letter's next page in the page list: the form is not reloaded.
    window.panel.setFocus()
    pages = [p for p in window.panel.document(letter).pages]
    press(Qt.Key_Down)
    qtbot.waitUntil(lambda: window.panel.current_ids()[1] is not None, timeout=5000)
    assert window.panel.current_ids()[0] == letter and len(pages) >= 1
    assert window.form.recipient.currentText() == "tekn" and window.form.recipient_id() == "teknik-miljoe"
    assert window.form.case_number.text() == "2024-0012345"

    # Another letter and back.
    window.form.note.setFocus()
    press(Qt.Key_Down, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.form.document_id != letter, timeout=5000)
    assert window.form.case_number.text() != "2024-0012345"
    press(Qt.Key_Up, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.form.document_id == letter, timeout=5000)
    assert window.form.recipient_id() == "teknik-miljoe"
    assert window.form.case_number.text() == "2024-0012345"

    # A restart: the typing is in the journal.
    window.close()
    wait_for_all()
    again = open_window()
    assert again.form.document_id == letter
    assert again.form.recipient_id() == "teknik-miljoe"
    assert again.form.case_number.text() == "2024-0012345"
    qtbot.waitUntil(lambda: again.form.recipient.hasFocus(), timeout=5000)
    with qtbot.waitSignal(again.export_finished, timeout=30000) as exported:
        press(Qt.Key_Return)
    sidecar = json.loads(exported.args[0].sidecar_path.read_text())
    assert sidecar["recipient"]["id"] == "teknik-miljoe"
    assert json.dumps(sidecar, ensure_ascii=False).count("2024-0012345") >= 1
    qtbot.waitUntil(lambda: Drafts(again.station.journal).get(letter) is None, timeout=5000)


def test_a_date_typed_after_alt_v_is_the_date_in_the_sidecar(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    typed = date.today() - timedelta(days=3)
    window.form.recipient.setFocus()
    type_keys("jobcenter")
    press(Qt.Key_V, Qt.AltModifier)
    type_keys(typed.isoformat())
    hint = window.form.findChild(QLabel, "received_hint")
    shown = hint.text() if hint is not None else ""
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        press(Qt.Key_Return)
    sidecar = json.loads(exported.args[0].sidecar_path.read_text())
    assert window.station.journal.document(exported.args[0].document_id).received_date == typed.isoformat()
    assert typed.isoformat() in json.dumps(sidecar)
    weekday = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[typed.weekday()]
    assert shown.startswith(weekday)  # the clerk saw which day was read


def test_dates_as_clerks_type_them_and_a_bad_one_is_never_replaced(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    first = window.form.document_id
    window.form.recipient.setFocus()
    type_keys("skole")
    press(Qt.Key_V, Qt.AltModifier)
    three_ago = date.today() - timedelta(days=3)
    type_keys(three_ago.strftime("%d%m%Y"))
    press(Qt.Key_Tab)  # leaving the field writes the date out in full
    assert window.form.received.text() == three_ago.isoformat()
    press(Qt.Key_V, Qt.AltModifier)
    press(Qt.Key_Down, Qt.ControlModifier)  # a day back, not the next letter
    assert window.form.document_id == first
    assert window.form.received.date() == three_ago - timedelta(days=1)
    type_keys("i går")  # stepping leaves the date selected: typing replaces it
    assert window.form.received.date() == date.today() - timedelta(days=1)
    press(Qt.Key_A, Qt.ControlModifier)
    type_keys("31.02.2026")
    press(Qt.Key_Return)
    assert window.form.received.text() == "31.02.2026"  # kept as typed, marked
    assert "not a date" in window.form.error.text()
    assert window.station.journal.documents(status="confirmed") == []


def test_a_future_date_or_one_before_the_letters_own_date_needs_a_second_enter_or_a_correction(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    first, second = window.panel.documents[0].id, window.panel.documents[1].id
    letter_date = date.today() - timedelta(days=2)
    window.station.journal.record_fields(second, {"letter_date": {"value": letter_date.isoformat()}})
    assert window.form.document_id == first
    window.form.recipient.setFocus()
    type_keys("skole")
    press(Qt.Key_V, Qt.AltModifier)
    tomorrow = date.today() + timedelta(days=1)
    type_keys(tomorrow.isoformat())
    assert "future" in window.form.received.hint.text()
    press(Qt.Key_Return)
    assert window.form.document_id == first and "future" in window.form.error.text()
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        press(Qt.Key_Return)  # deliberately, a second time
    assert exported.args[0].document_id == first
    assert window.station.journal.document(first).received_date == tomorrow.isoformat()

    # The next letter is dated two days ago; a received date before that is questioned.
    assert window.form.document_id == second
    press(Qt.Key_V, Qt.AltModifier)
    type_keys((letter_date - timedelta(days=5)).isoformat())
    press(Qt.Key_Return)
    assert "before the letter" in window.form.error.text()
    assert window.form.document_id == second
    press(Qt.Key_A, Qt.ControlModifier)
    type_keys("i dag")  # corrected: no question
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        press(Qt.Key_Return)
    assert exported.args[0].document_id == second
    assert window.station.journal.document(second).received_date == date.today().isoformat()


def test_typing_survives_the_supervisor_window_and_new_settings(qtbot, open_window, tmp_path):
    from dataclasses import replace

    window = open_window()
    scan_demo(qtbot, window)
    letter = window.form.document_id
    qtbot.waitUntil(lambda: window.form.recipient.hasFocus(), timeout=5000)
    type_keys("ældre")
    press(Qt.Key_Tab)
    type_keys("13/44080")
    press(Qt.Key_U, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.supervisor_window is not None and window.supervisor_window.isVisible(),
                    timeout=15000)
    window.supervisor_window.close()
    window.activateWindow()
    # Settings saved in the dialog (its signal calls apply_settings with the saved file's values).
    window.apply_settings(replace(window.settings, operator="anna"))
    assert window.form.document_id == letter
    assert window.form.recipient_id() == "aeldre" and window.form.case_number.text() == "13/44080"
