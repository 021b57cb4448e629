"""The settings window on real files: a machine-wide file with locks, a user file, a journal."""

import tomllib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from scanstation.config import load_settings
from scanstation.journal import Journal, Recipient
from scanstation.profiles import ScanProfile
from scanstation.ui.settings_dialog import SettingsDialog


@pytest.fixture
def files(tmp_path):
    machine = tmp_path / "etc" / "config.toml"
    machine.parent.mkdir()
    machine.write_text('[archive]\ndrop_folder = "/srv/it-post"\n[lock]\nkeys = ["archive.drop_folder", "profiles"]\n',
                       encoding="utf-8")
    return machine, tmp_path / "user" / "config.toml"


@pytest.fixture
def journal(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    yield journal
    journal.close()


def open_dialog(qtbot, files, journal=None):
    machine, user = files
    dialog = SettingsDialog(load_settings(machine_file=machine, user_file=user), journal)
    qtbot.addWidget(dialog)
    return dialog


def press_ok(dialog):
    dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).click()


def reload(files):
    machine, user = files
    return load_settings(machine_file=machine, user_file=user)


def test_locked_values_are_read_only_and_never_saved(qtbot, files):
    machine, user = files
    dialog = open_dialog(qtbot, files)
    assert not dialog.drop_folder_edit.isEnabled() and not dialog.browse_button.isEnabled()
    assert dialog.drop_folder_edit.toolTip() == "Set by your IT department"
    assert not dialog.profile_editor.isEnabled()
    assert dialog.values()["archive.drop_folder"] == "/srv/it-post"
    assert dialog.station_id_edit.isEnabled()

    dialog.drop_folder_edit.setText("/home/me/sneaky")  # as if someone got around the UI
    dialog.ocr_edit.setText("dan")
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000) as saved:
        press_ok(dialog)
    assert saved.args == [user]
    table = tomllib.loads(user.read_text(encoding="utf-8"))
    assert table["ocr"] == {"languages": "dan"} and "archive" not in table
    assert reload(files).drop_folder == Path("/srv/it-post")


def test_changing_the_drop_folder_writes_the_user_file(qtbot, files, tmp_path):
    machine, user = files
    machine.write_text("", encoding="utf-8")  # nothing locked
    dialog = open_dialog(qtbot, files)
    assert dialog.drop_folder_edit.isEnabled() and dialog.values()["archive.drop_folder"] is None
    drop = tmp_path / "Post ud"
    dialog.drop_folder_edit.setText(str(drop))
    dialog.max_pages_spin.setValue(12)
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        press_ok(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    settings = reload(files)
    assert settings.drop_folder == drop and settings.max_document_pages == 12
    assert settings.sources["archive.drop_folder"] == str(user) and settings.warnings == ()


def test_invalid_station_id_shows_an_error_and_saves_nothing(qtbot, files):
    _, user = files
    dialog = open_dialog(qtbot, files)
    dialog.show()
    dialog.station_id_edit.setText("bad id!")
    press_ok(dialog)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "Station ID" in dialog.error_label.text()
    assert dialog.tabs.currentIndex() == 0 and not user.exists()
    dialog.station_id_edit.setText("koege1")
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        press_ok(dialog)
    assert reload(files).station_id == "KOEGE1"


def test_recipients_import_from_csv_and_save_into_the_journal(qtbot, files, journal, tmp_path):
    journal.replace_recipients([Recipient("gammel", "Gammel afdeling", "", 1)], "test")
    csv = tmp_path / "teams.csv"
    csv.write_text("id,name,keywords\njobcenter,Jobcenter,ledighed; fleksjob\nbyggeri,Byg og Miljø,byggetilladelse\n",
                   encoding="utf-8")
    dialog = open_dialog(qtbot, files, journal)
    assert dialog.recipient_table.rowCount() == 1
    assert dialog.import_recipients(csv)
    assert dialog.recipient_table.rowCount() == 2
    assert dialog.recipient_table.item(1, 1).text() == "Byg og Miljø"
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        press_ok(dialog)
    assert [(r.id, r.name, r.keywords) for r in journal.recipients()] == [
        ("byggeri", "Byg og Miljø", "byggetilladelse"), ("jobcenter", "Jobcenter", "ledighed;fleksjob")]
    assert not files[1].exists()  # only recipients changed: the settings file is untouched


def test_a_bad_csv_or_a_bad_row_is_reported_and_nothing_is_saved(qtbot, files, journal, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nBad Id!,X\n", encoding="utf-8")
    dialog = open_dialog(qtbot, files, journal)
    assert not dialog.import_recipients(bad)
    assert "line 2" in dialog.error_label.text()
    dialog._add_recipient_row("ok", "")
    press_ok(dialog)
    assert "Recipients, row 1" in dialog.error_label.text() and journal.recipients() == []


def test_a_new_scan_profile_is_saved_and_can_become_the_default(qtbot, files):
    machine, _ = files
    machine.write_text('[lock]\nkeys = ["archive.drop_folder"]\n', encoding="utf-8")
    dialog = open_dialog(qtbot, files)
    dialog.new_profile_button.click()
    dialog.profile_name.setText("Tykke breve")
    dialog.profile_source.setCurrentIndex(dialog.profile_source.findData("flatbed"))
    dialog.profile_separation.setCurrentIndex(dialog.profile_separation.findData("fixed_pages"))
    dialog.profile_pages.setValue(2)
    assert dialog.apply_profile_edits()
    dialog.default_profile_combo.setCurrentText("Tykke breve")
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        press_ok(dialog)
    settings = reload(files)
    assert settings.profiles == (ScanProfile("Tykke breve", source="flatbed", separation="fixed_pages:2"),)
    assert settings.default_profile == "Tykke breve"


def test_every_field_has_a_keyboard_shortcut(qtbot, files):
    from PySide6.QtWidgets import QCheckBox, QLabel
    dialog = open_dialog(qtbot, files)
    for tab in range(dialog.tabs.count()):
        assert "&" in dialog.tabs.tabText(tab)
    for f in dialog._fields.values():
        labels = [w for w in dialog.findChildren(QLabel) if w.buddy() is f.widget]
        texts = [w.text() for w in labels] if labels else [f.widget.text()] if isinstance(f.widget, QCheckBox) else []
        assert any("&" in t for t in texts), f.key


def test_a_failing_journal_write_keeps_the_window_open_with_the_reason(qtbot, files, tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    dialog = open_dialog(qtbot, files, journal)
    dialog.show()
    dialog._add_recipient_row("post", "Post")
    journal.close()  # the write on the serial worker now fails
    press_ok(dialog)
    qtbot.waitUntil(lambda: dialog.button_box.isEnabled(), timeout=5000)
    assert dialog.isVisible() and "recipients could not be saved" in dialog.error_label.text()
