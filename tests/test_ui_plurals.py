"""Counts read as words in both languages: "1 page", "2 pages", "1 side", "2 sider" — never
"page(s)", "1 pages" or "1 sider" (issue 15, item 9)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from scanstation.config import Settings
from scanstation.plural import counted
from scanstation.station import Station
from scanstation.ui.i18n import TRANSLATIONS, install_translators
from scanstation.ui.supervisor_window import SupervisorWindow
from scanstation.ui.tasks import wait_for_all
from tests.test_ui_supervisor import journal_path  # noqa: F401 - the fixture

from .pages import text_page, write_pages
from .station_window import press, station_with_letters, window_on  # noqa: F401 - the fixture

WORDS = {
    "en": {"letter 1": "Letter 1 · 1 page", "letter 2": "Letter 2 · 2 pages", "left 3": "3 of 3 letters left",
           "left 1": "1 of 1 letter left", "one scan": "1 page in 1 letter", "three scans": "4 pages in 3 letters",
           "found 1": "1 letter found", "found 6": "6 letters found", "rows 1": "1 row", "rows 3": "3 rows",
           "held": "Kept on this station: 0 letters, 0 pages with images or text", "kept": "deleted 1 day after export"},
    "da": {"letter 1": "Brev 1 · 1 side", "letter 2": "Brev 2 · 2 sider", "left 3": "3 af 3 breve tilbage",
           "left 1": "1 af 1 brev tilbage", "one scan": "1 side i 1 brev", "three scans": "4 sider i 3 breve",
           "found 1": "1 brev fundet", "found 6": "6 breve fundet", "rows 1": "1 række", "rows 3": "3 rækker",
           "held": "Gemt på denne station: 0 breve, 0 sider med billeder eller tekst", "kept": "slettes 1 dag efter eksport"},
}


@pytest.fixture(params=["en", "da"])
def words(request, tmp_path):
    """The window in English, or in Danish from the translation file as it is in the tree."""
    translators = []
    if request.param == "da":
        lrelease = Path(sys.executable).parent / "pyside6-lrelease"
        subprocess.run([str(lrelease), "-silent", str(TRANSLATIONS / "scanstation_da.ts"), "-qm",
                        str(tmp_path / "scanstation_da.qm")], check=True)
        translators = install_translators(QApplication.instance(), "da", folder=tmp_path)
    yield WORDS[request.param]
    for translator in translators:
        QApplication.instance().removeTranslator(translator)


def first_lines(window) -> list[str]:
    return [window.panel.topLevelItem(i).text(0).splitlines()[0] for i in range(window.panel.topLevelItemCount())]


def import_by_keys(qtbot, window, monkeypatch, files) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kwargs: ([str(f) for f in files], "")))
    with qtbot.waitSignal(window.scan_finished, timeout=30000):
        press(qtbot, Qt.Key_O, Qt.ControlModifier)


def test_the_station_window_counts_in_words(qtbot, window_on, tmp_path, words, monkeypatch):  # noqa: F811
    window = window_on(station_with_letters(tmp_path))  # letters of 1, 2 and 1 pages
    lines = first_lines(window)
    assert lines[0].endswith(words["letter 1"]) and lines[1].endswith(words["letter 2"])
    assert window.left_label.text() == words["left 3"]
    assert not any("(" in line for line in lines)

    one = write_pages(tmp_path / "more" / "one.png", [text_page(["Et andet brev"])])
    import_by_keys(qtbot, window, monkeypatch, [one])
    assert window.progress_label.text() == words["one scan"]
    assert window.left_label.text() == words["left 1"]
    import_by_keys(qtbot, window, monkeypatch, [  # one batch: 4 pages in 3 letters
        write_pages(tmp_path / "more" / "a.png", [text_page(["Brev A"])]),
        write_pages(tmp_path / "more" / "b.tif", [text_page(["Brev B", "Side 1 af 2"]), text_page(["Side 2 af 2"])]),
        write_pages(tmp_path / "more" / "c.png", [text_page(["Brev C"])])])
    assert window.progress_label.text() == words["three scans"]


def test_the_supervisor_window_counts_in_words(qtbot, journal_path, words):  # noqa: F811
    window = SupervisorWindow(journal_path, Settings(station_id="KOEGE1", operator="anna", retention_days=1),
                              [("borgerservice", "Borgerservice"), ("jobcenter", "Jobcenter")])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.dashboard is not None and window.private_label.text() != "", timeout=10000)
    assert window.private_label.text().startswith(words["held"])  # none of its letters has pages on disk
    assert window.private_label.text().endswith(words["kept"])

    search = window.search_panel
    window.tabs.setCurrentWidget(search)
    search.case_edit.setText("2024-0001")
    with qtbot.waitSignal(search.search_finished, timeout=10000):
        search.search_button.click()
    assert search.message.text() == words["found 1"]
    search.case_edit.clear()
    with qtbot.waitSignal(search.search_finished, timeout=10000):
        search.search_button.click()
    assert search.message.text() == words["found 6"]

    window.tabs.setCurrentIndex(1)
    for by, rows in (("station", words["rows 1"]), ("team", words["rows 3"])):
        window.by_box.setCurrentIndex(window.by_box.findData(by))
        qtbot.waitUntil(lambda: window.report is not None and window.report.by == by, timeout=10000)
        assert window.report_status.text() == rows
    window.close()
    wait_for_all()


def test_the_command_line_counts_in_words():
    assert [counted(n, "page") for n in (0, 1, 2)] == ["0 pages", "1 page", "2 pages"]
    assert counted(1, "batch", "batches") == "1 batch" and counted(3, "batch", "batches") == "3 batches"
