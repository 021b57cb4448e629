"""A scan profile's resolution is one the chosen scanner offers; a profile asking for another
(250 dpi) is questioned with a clear message, not silently kept (issue 15, item 9)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from scanstation.config import load_settings
from scanstation.ui.settings_dialog import SettingsDialog
from tests.test_ui_main_window import demo_env, open_window  # noqa: F401 (fixtures)


def open_dialog(qtbot, tmp_path, user_text: str = "") -> SettingsDialog:
    machine, user = tmp_path / "machine.toml", tmp_path / "user.toml"
    machine.write_text("", encoding="utf-8")
    user.write_text(user_text, encoding="utf-8")
    dialog = SettingsDialog(load_settings(machine_file=machine, user_file=user))
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(dialog.tabs.indexOf(dialog.profile_editor.parentWidget()))
    return dialog


def offered(dialog) -> list[int]:
    return [dialog.profile_dpi.itemData(i) for i in range(dialog.profile_dpi.count())]


def select_profile(dialog, name: str) -> None:
    rows = [dialog.profile_list.item(i).text() for i in range(dialog.profile_list.count())]
    dialog.profile_list.setCurrentRow(next(i for i, text in enumerate(rows) if text.startswith(name + " (")))


def test_only_the_demo_scanners_resolutions_are_offered(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)
    select_profile(dialog, "standard")
    assert dialog.profile_device.currentText() == "demo"
    assert offered(dialog) == [150, 200, 300, 400, 600] and dialog.profile_dpi.currentData() == 300
    assert dialog.resolution_note.isHidden()


def test_a_profile_asking_250_dpi_is_questioned_until_a_resolution_is_chosen(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path, '[[profiles]]\nname = "Tynde breve"\ndevice = "demo"\ndpi = 250\n')
    select_profile(dialog, "Tynde breve")
    assert dialog.profile_dpi.currentData() == 250 and "not offered" in dialog.profile_dpi.currentText()
    assert not dialog.resolution_note.isHidden()
    assert "does not offer 250 dpi" in dialog.resolution_note.text()

    dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "does not offer 250 dpi" in dialog.error_label.text()  # OK refused: not silently kept
    assert dialog.result() == 0 and "250" in (tmp_path / "user.toml").read_text(encoding="utf-8")

    dialog.profile_dpi.setCurrentIndex(dialog.profile_dpi.findData(300))
    assert dialog.resolution_note.isHidden()
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    saved = load_settings(machine_file=tmp_path / "machine.toml", user_file=tmp_path / "user.toml")
    assert [p.dpi for p in saved.profiles if p.name == "Tynde breve"] == [300]


def test_a_sane_scanner_offers_what_its_driver_reports_and_files_the_usual_set(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)
    select_profile(dialog, "standard")
    dialog.profile_device.setCurrentText("sane:test:0")  # the SANE `test` backend (tests/sane_env.py)
    qtbot.waitUntil(lambda: 1200 in offered(dialog), timeout=10000)
    assert 240 in offered(dialog) and dialog.profile_dpi.currentData() == 300
    dialog.profile_device.setCurrentText("files")  # files keep their own resolution: the usual set
    assert offered(dialog) == [150, 200, 240, 300, 400, 600]


def test_the_window_says_so_when_a_profile_asks_for_a_resolution_it_does_not_offer(qtbot, open_window):  # noqa: F811
    from scanstation.profiles import ScanProfile

    window = open_window(profiles=(ScanProfile("Tynde breve", dpi=250),), default_profile="Tynde breve")
    message = window.statusBar().currentMessage()
    assert "asks for 250 dpi" in message and "Settings" in message
