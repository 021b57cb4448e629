"""The drop folder given with --drop stays in effect after Settings → OK, and a confirmed letter
never sits in the export queue: it goes at the next start, and when a drop folder is set."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolButton

from scanstation.dashboard import load_dashboard
from scanstation.station import Station
from scanstation.ui.app import parse_args, station_settings

from .pages import letter_files
from .pdfcheck import check_delivery
from .station_window import press, station_with_letters, type_recipient, window_on  # noqa: F401


def open_settings(qtbot, window):
    """The clerk clicks Settings… in the toolbar."""
    button = next(b for b in window.findChildren(QToolButton) if b.defaultAction() is window.settings_action)
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: getattr(window, "settings_dialog", None) is not None
                    and window.settings_dialog.isVisible(), timeout=5000)
    return window.settings_dialog


def archive_tab(qtbot, dialog) -> None:
    """Ctrl+Tab to the "Archive and export" tab."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is dialog, timeout=5000)
    press(qtbot, Qt.Key_Tab, Qt.ControlModifier)
    qtbot.waitUntil(lambda: dialog.jpeg_spin.isVisible(), timeout=5000)


def press_ok(qtbot, window, dialog) -> None:
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        qtbot.mouseClick(dialog.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_settings_ok_keeps_the_drop_folder_given_with_drop(qtbot, tmp_path, monkeypatch, window_on):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the clerk's own settings file
    user_file = tmp_path / "config" / "ScanStation" / "config.toml"
    user_file.parent.mkdir(parents=True)
    user_file.write_text('[station]\nid = "KOEGE1"\n[export]\ncorrection_seconds = 0\n', encoding="utf-8")
    drop = tmp_path / "drop"
    drop.mkdir()
    settings, data_dir, command_line = station_settings(
        parse_args(["--drop", str(drop), "--data-dir", str(tmp_path / "data")]))
    station = Station.open(data_dir, settings)
    station.intake(analyze=False).import_files(letter_files(tmp_path / "in"))
    window = window_on(station, command_line=command_line)

    dialog = open_settings(qtbot, window)
    archive_tab(qtbot, dialog)
    dialog.jpeg_spin.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Up)  # the clerk changes something else
    press_ok(qtbot, window, dialog)

    assert window.settings.jpeg_quality == 76 and window.settings.drop_folder == drop
    assert "No drop folder" not in window.queue_label.text()
    assert "drop_folder" not in user_file.read_text(encoding="utf-8")  # --drop is not written into the file
    type_recipient(qtbot, window, "skole")
    with qtbot.waitSignal(window.export_finished, timeout=15000) as exported:
        press(qtbot, Qt.Key_Return)
    assert exported.args[0].ok and exported.args[0].pdf_path.parent == drop
    check_delivery(exported.args[0].pdf_path)

    # A drop folder the clerk sets in Settings counts from then on.
    other = tmp_path / "other-drop"
    other.mkdir()
    dialog = open_settings(qtbot, window)
    archive_tab(qtbot, dialog)
    dialog.drop_folder_edit.setFocus()
    press(qtbot, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(QApplication.focusWidget(), str(other))
    press_ok(qtbot, window, dialog)
    assert window.settings.drop_folder == other and window.command_line == {}


def test_a_letter_confirmed_but_not_exported_goes_at_the_next_start(qtbot, tmp_path, monkeypatch, window_on):
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    # The window was closed (or killed) while the letter waited in the correction window.
    station = station_with_letters(tmp_path)
    letter = station.journal.documents()[0].id
    station.confirm(letter, {"recipient_id": "jobcenter", "received_date": "2026-12-01"})
    station.close()
    assert load_dashboard([tmp_path / "data" / "journal.sqlite"], date(2026, 1, 1),
                          date.today()).backlog["not_exported"]["count"] == 1

    station = station_with_letters(tmp_path)
    window = window_on(station)
    qtbot.waitUntil(lambda: station.journal.document(letter).status == "exported", timeout=15000)
    check_delivery(tmp_path / "drop" / f"{station.journal.document(letter).journal_id}.pdf")
    assert load_dashboard([station.journal.path], date(2026, 1, 1),
                          date.today()).backlog["not_exported"]["count"] == 0
    qtbot.waitUntil(lambda: window.queue_label.text() == "Export queue: 0", timeout=5000)


def test_letters_confirmed_without_a_drop_folder_go_once_one_is_set(qtbot, tmp_path, monkeypatch, window_on):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # Settings → OK writes here
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    station = station_with_letters(tmp_path, drop_folder=None)
    letter = station.journal.documents()[0].id
    station.confirm(letter, {"recipient_id": "skole", "received_date": "2026-12-01"})
    window = window_on(station)
    assert "No drop folder" in window.queue_label.text()
    drop = tmp_path / "late-drop"
    drop.mkdir()
    dialog = open_settings(qtbot, window)
    archive_tab(qtbot, dialog)
    dialog.drop_folder_edit.setFocus()
    with qtbot.waitSignal(window.export_finished, timeout=15000) as exported:
        qtbot.keyClicks(QApplication.focusWidget(), str(drop))
        press_ok(qtbot, window, dialog)
    assert exported.args[0].ok and exported.args[0].document_id == letter and exported.args[0].pdf_path.parent == drop


def test_a_letter_that_failed_because_the_share_was_gone_goes_when_it_is_back(qtbot, tmp_path, monkeypatch,
                                                                               window_on):
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    station = station_with_letters(tmp_path, correction_seconds=0)
    (tmp_path / "drop").rmdir()  # the network share is not mounted
    window = window_on(station)
    window._drop_folder_watch.setInterval(200)  # the window looks every half minute; the test has no time
    letter = window.form.document_id
    type_recipient(qtbot, window, "skole")
    with qtbot.waitSignal(window.export_finished, timeout=15000) as failed:
        press(qtbot, Qt.Key_Return)
    assert not failed.args[0].ok
    (tmp_path / "drop").mkdir()  # the share is back; nobody presses Retry
    with qtbot.waitSignal(window.export_finished, timeout=15000) as delivered:
        pass
    assert delivered.args[0].ok and delivered.args[0].document_id == letter
    check_delivery(delivered.args[0].pdf_path)
