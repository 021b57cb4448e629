"""Broken settings files: the real `scanstation-gui` start still opens the window, on the
defaults, with a note that stays in the status bar and names the file, key and problem."""

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel

from scanstation import logsetup, paths
from scanstation.ui import app as gui_app
from scanstation.ui import main_window
from tests.signing import TEST_SITE_KEY


@pytest.fixture
def started(tmp_path, monkeypatch):
    """Runs scanstation.ui.app.main up to the event loop; yields (exit code, window)."""
    machine = tmp_path / "ProgramData" / "config.toml"
    user = tmp_path / "user" / "config.toml"
    machine.parent.mkdir()
    user.parent.mkdir()
    machine.write_text('[archive]\ndrop_folder = "\\\\srv\\post"\n[station\n', encoding="utf-8")  # not TOML
    user.write_text('[export]\njpeg_quality = "high"\n[scanner]\nspeed = 3\n'
                    f'[separation]\nsite_key = "{TEST_SITE_KEY}"\n', encoding="utf-8")  # a key: no first-start note
    monkeypatch.setattr(paths, "machine_config_file", lambda: machine)
    monkeypatch.setattr(paths, "user_config_file", lambda: user)
    monkeypatch.setattr(logsetup, "setup_logging", lambda **_: None)  # leave the test run's logging alone

    class TempSettings(QSettings):  # the window's own geometry etc. stay in tmp
        def __init__(self, *_args) -> None:
            super().__init__(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)

    monkeypatch.setattr(main_window, "QSettings", TempSettings)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # return at once instead of running the loop
    # An earlier test's window may still be waiting for deletion: take the one this start opened.
    before = {id(w) for w in QApplication.topLevelWidgets()}
    code = gui_app.main(["--data-dir", str(tmp_path / "data"), "--language", "en"])
    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, main_window.MainWindow) and id(w) not in before]
    assert len(windows) == 1
    yield code, windows[0], machine, user
    for window in windows:
        window.close()
        window.deleteLater()


def test_bad_files_leave_a_visible_note_and_the_app_runs_on_defaults(qtbot, started):
    code, window, machine, user = started
    assert code == 0 and window.isVisible()
    assert window.settings.drop_folder is None and window.settings.jpeg_quality == 75  # the defaults
    note = window.statusBar().findChild(QLabel, "settings_warning")
    assert note is not None and note.isVisible()
    assert str(machine) in note.text() and "cannot be read" in note.text() and "(+2)" in note.text()
    tip = note.toolTip().splitlines()
    assert len(tip) == 3
    assert any(str(user) in line and "export.jpeg_quality has a wrong value" in line and "whole number" in line
               for line in tip)
    assert any(str(user) in line and "unknown setting 'scanner.speed'" in line for line in tip)
    qtbot.wait(50)
    assert note.isVisible()  # not a status message that times out


def test_no_note_when_the_settings_are_fine(qtbot):
    from PySide6.QtWidgets import QMainWindow

    from scanstation.ui.settings_warnings import show_settings_warnings

    window = QMainWindow()
    qtbot.addWidget(window)
    assert show_settings_warnings(window, ()) is None
    assert window.statusBar().findChild(QLabel, "settings_warning") is None
