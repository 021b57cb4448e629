"""A guess looks like a guess, a weak one is not filled in, and a person reads team names."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .test_ui_main_window import demo_env, open_window, scan_demo  # noqa: F401 - fixtures


def type_keys(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def press(key, modifier=Qt.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def keyword_guess(journal, document_id: int, team: str, confidence: float, runner_up: str) -> None:
    journal.record_suggestion(document_id, {"recipient": {
        "value": team, "confidence": confidence, "why": "keywords",
        "alternatives": [[team, confidence], [runner_up, 0.2]]}})


def test_a_24_percent_guess_is_not_filled_in_a_62_percent_one_is_marked_and_a_cover_sheet_is_certain(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    first, second = window.panel.documents[0].id, window.panel.documents[2].id
    keyword_guess(window.station.journal, second, "aeldre", 0.24, "byggeri")
    window.form.recipient.setFocus()
    press(Qt.Key_Down, Qt.ControlModifier)
    press(Qt.Key_Down, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.form.document_id == second, timeout=5000)
    assert window.form.recipient_id() is None and window.form.recipient.currentText() == ""
    line = window.form.suggestion.text()
    assert "Ældre og Sundhed" in line and "24 %" in line and "not filled in" in line
    assert "Byg og Plan" in line and "aeldre" not in line and "byggeri" not in line
    press(Qt.Key_Return)
    assert "Choose a recipient" in window.form.error.text()
    assert window.form.document_id == second
    assert window.station.journal.document(second).status == "awaiting_confirmation"
    assert window.station.journal.document(first).status == "awaiting_confirmation"

    # A 62 % guess is filled in, but marked a guess, with the runner-up.
    fourth = window.panel.documents[3].id
    keyword_guess(window.station.journal, fourth, "teknik-miljoe", 0.62, "byggeri")
    press(Qt.Key_Down, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.form.document_id == fourth, timeout=5000)
    assert window.form.recipient.currentText() == "Teknik og Miljø"
    line = window.form.suggestion.text()
    assert line.startswith("Guess: Teknik og Miljø (62 %, keywords)") and "Runner-up: Byg og Plan (20 %)" in line
    assert "#8a5300" in window.form.suggestion.styleSheet()  # amber
    assert "background" in window.form.recipient.styleSheet()
    # The cover sheet's routing of the second letter looks certain, not amber.
    press(Qt.Key_Up, Qt.ControlModifier)
    press(Qt.Key_Up, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.form.document_id == window.panel.documents[1].id, timeout=5000)
    assert window.form.suggestion.text().startswith("✔") and "#8a5300" not in window.form.suggestion.styleSheet()


def test_the_first_letter_of_a_fresh_scan_gets_its_suggestion_and_shows_its_first_page(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    first = window.panel.documents[0]
    assert window.form.document_id == first.id
    shown = window._current_page
    assert shown.included and shown.id == next(p for p in first.pages if p.included).id  # not the separator
    # The clerk types a case number; then a suggestion arrives (a page read in the background):
    # it fills the recipient the clerk has not touched, and leaves the case number alone.
    qtbot.waitUntil(lambda: window.form.recipient.hasFocus(), timeout=5000)
    press(Qt.Key_Tab)
    type_keys("13/44080")
    keyword_guess(window.station.journal, first.id, "jobcenter", 0.7, "skole")
    window.refresh()  # what the window does when a worker's result comes in
    assert window.form.recipient_id() == "jobcenter" and "Jobcenter (70 %" in window.form.suggestion.text()
    assert window.form.case_number.text() == "13/44080"
    # Once the clerk chose the recipient, a later suggestion does not change it.
    press(Qt.Key_R, Qt.AltModifier)
    press(Qt.Key_A, Qt.ControlModifier)
    type_keys("skole")
    keyword_guess(window.station.journal, first.id, "aeldre", 0.8, "jobcenter")
    window.refresh()
    assert window.form.recipient_id() == "skole" and window.form.case_number.text() == "13/44080"


def test_recipients_are_listed_by_name_in_danish_order():
    from scanstation.ui.confirm_form import name_order

    names = ["Ældre og Sundhed", "Børn og Familie", "Åbent hus", "Zoo", "Byg og Plan", "Østervold"]
    assert sorted(names, key=name_order) == ["Byg og Plan", "Børn og Familie", "Zoo", "Ældre og Sundhed",
                                              "Østervold", "Åbent hus"]


def test_the_recipient_list_shows_names_sorted_by_name(qtbot, open_window):
    window = open_window()
    combo = window.form.recipient
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "Teknik og Miljø" in texts and "teknik-miljoe" not in " ".join(texts)
    assert texts.index("Byg og Plan") < texts.index("Jobcenter") < texts.index("Ældre og Sundhed")


def test_after_confirming_a_typed_recipient_the_next_letters_first_key_is_not_swallowed(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    first = window.form.document_id
    window.form.recipient.setFocus()
    type_keys("tekn")
    popup = window.form.recipient.completer().popup()
    press(Qt.Key_Return)
    qtbot.waitUntil(lambda: window.form.document_id != first, timeout=5000)
    assert not popup.isVisible()
    qtbot.waitUntil(lambda: window.station.journal.document(first).recipient_id == "teknik-miljoe", timeout=10000)
    assert window.form.recipient.lineEdit().hasFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)  # not the hidden list
    press(Qt.Key_S, Qt.AltModifier)  # the window's keys work: Alt+S is the case number
    assert window.form.case_number.hasFocus()
    press(Qt.Key_R, Qt.AltModifier)
    type_keys("jobc")
    assert window.form.recipient.currentText() == "jobc" and window.form.recipient_id() == "jobcenter"


def test_ctrl_d_gives_the_next_letter_the_previous_letters_recipient_and_type(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    first = window.form.document_id
    window.form.recipient.setFocus()
    type_keys("Byg")
    press(Qt.Key_T, Qt.AltModifier)
    type_keys("klage")
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        press(Qt.Key_Return)
    assert exported.args[0].document_id == first
    following = window.form.document_id
    assert following != first
    press(Qt.Key_D, Qt.ControlModifier)
    assert window.form.recipient_id() == "byggeri" and window.form.document_type.currentText() == "klage"
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        press(Qt.Key_Return)
    sidecar = json.loads(exported.args[0].sidecar_path.read_text())
    assert exported.args[0].document_id == following
    assert sidecar["recipient"]["id"] == "byggeri" and "klage" in json.dumps(sidecar, ensure_ascii=False)
