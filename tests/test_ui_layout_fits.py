"""What the screenshots showed cut off stays whole: the windows fit a 1280x720 screen and the
texts fit their boxes, in English and in Danish (docs/screenshots/, `make screenshot`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QStyle, QStyleOptionComboBox

from scanstation.config import Settings
from scanstation.journal import Journal
from scanstation.ui.i18n import TRANSLATIONS, install_translators
from scanstation.ui.supervisor_window import SupervisorWindow, fitted_geometry
from scanstation.ui.tasks import wait_for_all
from tests.test_ui_main_window import demo_env, open_window, scan_demo  # noqa: F401 - fixtures
from tests.test_ui_supervisor import journal_clock_at_todays_noon, journal_path  # noqa: F401 - fixtures

SMALL_SCREEN = QRect(0, 0, 1280, 680)  # 1280x720 less the task bar


@pytest.fixture(params=["en", "da"])
def language(request, tmp_path_factory):
    """The window's strings in English, then in Danish (the translation compiled here)."""
    app = QApplication.instance()
    translators = []
    if request.param == "da":
        folder = tmp_path_factory.mktemp("qm")
        lrelease = Path(sys.executable).parent / "pyside6-lrelease"
        subprocess.run([str(lrelease), "-silent", str(TRANSLATIONS / "scanstation_da.ts"), "-qm",
                        str(folder / "scanstation_da.qm")], check=True)
        translators = install_translators(app, "da", folder=folder)
        assert translators
    yield request.param
    for translator in translators:
        app.removeTranslator(translator)


def combo_text_width(combo: QComboBox) -> int:
    """How wide a text the closed box shows without cutting it."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.CC_ComboBox, option, QStyle.SC_ComboBoxEditField, combo).width()


def test_the_supervisor_window_opens_on_a_1280x720_screen_and_fits_it(qtbot, language, journal_path):
    journal = Journal(journal_path)
    journal.park_document(journal.documents(status="awaiting_confirmation")[0].id, "Illegible", "anna")
    journal.close()
    window = SupervisorWindow(journal_path, Settings(station_id="KOEGE1", operator="anna"),
                              [("borgerservice", "Borgerservice"), ("teknik-miljoe", "Teknik og Miljø")])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.dashboard is not None, timeout=10000)
    # On the screen it opens on, it opens inside the free area, title bar and all.
    assert window.screen().availableGeometry().contains(window.frameGeometry())
    placed = fitted_geometry(SMALL_SCREEN)
    assert SMALL_SCREEN.contains(placed.adjusted(0, -32, 0, 0))  # its title bar too
    minimum = window.minimumSizeHint()
    assert minimum.width() <= placed.width() and minimum.height() <= placed.height()
    window.setGeometry(placed)
    qtbot.wait(50)
    assert window.size() == placed.size()  # nothing in it insists on more
    # Both rows of the backlog are whole.
    backlog = window.backlog_table.view
    assert backlog.model().rowCount() == 2
    assert all(backlog.rowViewportPosition(r) + backlog.rowHeight(r) <= backlog.viewport().height() for r in (0, 1))
    # The 7-day clock's columns are all in view.
    clock = window.clock_table.view
    assert sum(clock.columnWidth(c) for c in range(clock.model().columnCount())) <= clock.viewport().width()
    # Letters parked without a team say so in the window's language.
    assert window.exceptions_table.shown_rows()[0]["team"] == window.chart.label("(none)")
    # On a large screen it keeps its preferred size, centred.
    large = fitted_geometry(QRect(0, 0, 1920, 1040))
    assert (large.width(), large.height()) == (1240, 800) and large.x() == 340
    # The date range's labels are whole ("To" was painted "Tc").
    for label in window.range_picker.findChildren(QLabel):
        metrics = label.fontMetrics()
        whole = sum(metrics.horizontalAdvance(c) for c in label.text().replace("&", ""))
        assert label.width() >= whole, label.text()
    window.close()
    wait_for_all()


def test_the_scanner_box_shows_whole_names_and_the_case_number_its_examples(qtbot, language, open_window):
    window = open_window()
    window.resize(SMALL_SCREEN.size())
    scan_demo(qtbot, window)  # the scanners found long before; a letter in the form
    box = window.device_box
    qtbot.waitUntil(lambda: box.count() >= 1 and box.currentData() == "demo", timeout=5000)
    # In the window's language, not the backend's "ScanStation demo scanner".
    assert box.currentText() == {"en": "Demo scanner", "da": "Demoscanner"}[language]
    box.addItem("Fujitsu fi-7160 (sane:fujitsu:fi-7160:1234)", "sane:fujitsu")  # a real scanner's name
    qtbot.waitUntil(lambda: all(combo_text_width(box) >= box.fontMetrics().horizontalAdvance(box.itemText(i))
                                for i in range(box.count())), timeout=2000)
    assert window.geometry().width() == SMALL_SCREEN.width()  # still fits the screen

    field = window.form.case_number
    field.clear()
    assert field.isVisible()
    room = field.contentsRect().width() - 8  # the frame's and the text's margins
    assert field.fontMetrics().horizontalAdvance(field.placeholderText()) <= room
    assert "00.01.00-A00-1-26" in field.toolTip()


def test_no_translated_text_hides_in_an_f_string():
    """lupdate does not look inside f-strings: a tr() there stays English in the Danish window
    (the fault banner's "The scanner needs you." did)."""
    import re

    ui = Path(__file__).resolve().parent.parent / "scanstation" / "ui"
    hidden = [f"{path.name}:{number}" for path in sorted(ui.glob("*.py"))
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
              if re.search(r"""\bf(["']).*\{[^}]*\btr\(""", line)]
    assert hidden == []


def test_the_settings_dialog_fits_a_small_screen_and_shows_each_scan_profile_whole(qtbot, tmp_path, language):
    from scanstation.config import load_settings
    from scanstation.ui.settings_dialog import SettingsDialog

    journal = Journal(tmp_path / "j.sqlite")
    dialog = SettingsDialog(load_settings(machine_file=tmp_path / "none.toml", user_file=tmp_path / "user.toml"),
                            journal)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= SMALL_SCREEN.width() and dialog.height() <= SMALL_SCREEN.height() - 32
    dialog.tabs.setCurrentIndex(4)  # Scan profiles
    profiles = dialog.profile_list
    qtbot.waitUntil(profiles.isVisible, timeout=2000)
    assert profiles.count() >= 4
    for row in range(profiles.count()):
        text = profiles.item(row).text()
        assert profiles.visualItemRect(profiles.item(row)).x() + profiles.fontMetrics().horizontalAdvance(text) \
            <= profiles.viewport().width(), text
    dialog.reject()
    journal.close()
