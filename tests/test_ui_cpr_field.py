"""The confirm form's CPR field shows the one masked form (210895-****, the birth date readable),
the number in clear only on "Show CPR" (audited); looking never loses it, typing replaces or
corrects it (issue 15; docs/privacy.md)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from .station_window import press, station_with_letters, type_recipient, type_text, window_on  # noqa: F401 - the fixture

CPR = "210895-1096"


def found_cpr_on_every_letter(tmp_path):
    """A station whose letters had a CPR number read by OCR (stored, not yet confirmed)."""
    station = station_with_letters(tmp_path)
    for doc in station.journal.documents():
        station.journal.record_fields(doc.id, {}, cpr=CPR)
    return station


def into_cpr(qtbot, window) -> QLineEdit:
    press(qtbot, Qt.Key_P, Qt.AltModifier)  # the "C&PR" label's key
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.cpr, timeout=5000)
    return window.form.cpr


def confirm_to(qtbot, window, team: str, doc_id: int) -> None:
    type_recipient(qtbot, window, team)
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.station.journal.document(doc_id).status == "confirmed", timeout=5000)


def revealed(window, doc_id) -> list[dict]:
    return [e for e in window.station.journal.events(f"document:{doc_id}") if e["action"] == "cpr_revealed"]


def test_the_field_shows_the_masked_form_and_looking_keeps_the_number(qtbot, window_on, tmp_path):  # noqa: F811
    window = window_on(found_cpr_on_every_letter(tmp_path))
    first = window.form.document_id
    field = window.form.cpr
    assert field.echoMode() == QLineEdit.Normal and field.text() == "210895-****"

    into_cpr(qtbot, window)
    press(qtbot, Qt.Key_Tab)  # the clerk only passes through the field
    assert field.text() == "210895-****" and revealed(window, first) == []
    confirm_to(qtbot, window, "Borgerservice", first)
    assert window.station.journal.document(first).cpr == CPR  # never "210895-****"


def test_show_cpr_shows_it_in_clear_and_is_audited(qtbot, window_on, tmp_path):  # noqa: F811
    window = window_on(found_cpr_on_every_letter(tmp_path))
    doc_id = window.form.document_id
    window.form.reveal_cpr.click()
    assert window.form.cpr.text() == CPR
    qtbot.waitUntil(lambda: len(revealed(window, doc_id)) == 1, timeout=5000)
    event = revealed(window, doc_id)[0]
    assert event["actor"] == "anna" and "1096" not in event["detail"]
    window.form.reveal_cpr.click()
    assert window.form.cpr.text() == "210895-****"


def test_the_clerk_types_a_new_number_and_corrects_one(qtbot, window_on, tmp_path):  # noqa: F811
    window = window_on(found_cpr_on_every_letter(tmp_path))
    journal = window.station.journal
    first = window.form.document_id
    field = into_cpr(qtbot, window)  # Tab-like focus selects the masked number: typing replaces it
    type_text(qtbot, "0101901234")
    press(qtbot, Qt.Key_Tab)
    assert field.text() == "010190-****"  # masked once the clerk leaves the field
    confirm_to(qtbot, window, "Jobcenter", first)
    assert journal.document(first).cpr == "010190-1234"

    qtbot.waitUntil(lambda: window.form.document_id not in (None, first), timeout=5000)
    second = window.form.document_id
    field = into_cpr(qtbot, window)
    press(qtbot, Qt.Key_End)
    for _ in range(4):
        press(qtbot, Qt.Key_Backspace)  # the stars go: the serial is typed again
    type_text(qtbot, "1097")
    assert field.text() == "210895-1097"
    confirm_to(qtbot, window, "Jobcenter", second)
    assert journal.document(second).cpr == "210895-1097"
    assert revealed(window, first) == [] and revealed(window, second) == []
