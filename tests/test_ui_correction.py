"""The correction window and corrections in the real station window, played at the keyboard:
Enter confirms, Ctrl+Z takes the confirmation back before anything reaches the archive, the
letter goes once its seconds are up (or the next letter is confirmed), and an exported letter
re-opened with Ctrl+Shift+C goes out again as version 2 under the same journal id."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .pdfcheck import check_delivery
from .station_window import press, station_with_letters, type_recipient, type_text, window_on  # noqa: F401


def drop_files(tmp_path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "drop").iterdir())


def test_ctrl_z_in_the_correction_window_takes_the_confirmation_back_and_nothing_is_exported(
        qtbot, tmp_path, window_on):
    window = window_on(station_with_letters(tmp_path, correction_seconds=3))
    first = window.form.document_id
    type_recipient(qtbot, window, "jobcenter")
    press(qtbot, Qt.Key_Tab)
    type_text(qtbot, "2024-0012345")
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.form.document_id != first, timeout=5000)
    assert "Ctrl+Z" in window.correction_label.text()

    press(qtbot, Qt.Key_Z, Qt.ControlModifier)  # focus is in the next letter's form

    qtbot.waitUntil(lambda: window.form.document_id == first, timeout=5000)
    qtbot.waitUntil(lambda: window.station.journal.document(first).status == "awaiting_confirmation", timeout=5000)
    assert window.form.recipient_id() == "jobcenter" and window.form.case_number.text() == "2024-0012345"
    assert window.correction_label.text() == ""
    qtbot.wait(4000)  # longer than the window: still nothing goes
    assert drop_files(tmp_path) == []
    assert window.station.journal.document(first).status == "awaiting_confirmation"
    assert window.station.journal.events(f"document:{first}")[-1]["action"] == "confirmation_undone"


def test_after_its_seconds_the_letter_is_exported_and_ctrl_z_then_says_how_to_correct_it(
        qtbot, tmp_path, window_on):
    window = window_on(station_with_letters(tmp_path, correction_seconds=1))
    first = window.form.document_id
    type_recipient(qtbot, window, "skole")
    with qtbot.waitSignal(window.export_finished, timeout=15000) as exported:
        press(qtbot, Qt.Key_Return)
        assert drop_files(tmp_path) == []  # not at once: it waits in the correction window
    assert exported.args[0].ok and exported.args[0].document_id == first
    assert check_delivery(exported.args[0].pdf_path)["recipient"]["id"] == "skole"
    qtbot.waitUntil(lambda: window.correction_label.text() == "", timeout=5000)
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    qtbot.waitUntil(lambda: "re-open it as a correction" in window.statusBar().currentMessage(), timeout=5000)
    assert window.station.journal.document(first).status == "exported"


def test_confirming_the_next_letter_sends_the_one_before_at_once(qtbot, tmp_path, window_on):
    window = window_on(station_with_letters(tmp_path, correction_seconds=120))
    first = window.form.document_id
    type_recipient(qtbot, window, "skole")
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.form.document_id != first, timeout=5000)
    second = window.form.document_id
    type_recipient(qtbot, window, "jobcenter")
    with qtbot.waitSignal(window.export_finished, timeout=15000) as exported:
        press(qtbot, Qt.Key_Return)
    assert exported.args[0].document_id == first and exported.args[0].ok
    assert window.station.journal.document(second).status == "confirmed"  # still held, undoable
    assert window.correction.held() == second


def test_an_exported_letter_reopened_with_ctrl_shift_c_goes_out_as_version_2(qtbot, tmp_path, window_on):
    window = window_on(station_with_letters(tmp_path, correction_seconds=0))
    first = window.form.document_id
    type_recipient(qtbot, window, "skole")
    with qtbot.waitSignal(window.export_finished, timeout=15000) as exported:
        press(qtbot, Qt.Key_Return)
    v1 = check_delivery(exported.args[0].pdf_path)
    qtbot.waitUntil(lambda: window.panel.document(first).status == "exported", timeout=5000)

    press(qtbot, Qt.Key_Escape)  # back to the letter before
    qtbot.waitUntil(lambda: window.form.document_id == first, timeout=5000)
    press(qtbot, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.station.journal.document(first).status == "awaiting_confirmation", timeout=5000)
    # The journal changes in the worker a moment before the window hears of it.
    qtbot.waitUntil(lambda: "version 2" in window.statusBar().currentMessage(), timeout=5000)
    type_recipient(qtbot, window, "jobcenter")
    with qtbot.waitSignal(window.export_finished, timeout=15000) as corrected:
        press(qtbot, Qt.Key_Return)
    v2 = check_delivery(corrected.args[0].pdf_path)
    assert v2["journal_id"] == v1["journal_id"] and (v1["version"], v2["version"]) == (1, 2)
    assert v2["recipient"]["id"] == "jobcenter"
    assert drop_files(tmp_path) == [f"{v1['journal_id']}.json", f"{v1['journal_id']}.pdf"]
