"""The supervisor's window, offscreen on real journals: the chart, the tables, export and search."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from scanstation.config import Settings
from scanstation.journal import Journal
from scanstation.reports import NONE
from scanstation.ui.i18n import TRANSLATIONS, install_translators
from scanstation.ui.supervisor_window import SupervisorWindow
from scanstation.ui.tasks import wait_for_all
from tests.test_reports import TODAY, Builder, day, journal_clock_at_todays_noon  # noqa: F401 - the fixture
from tests.test_ui_main_window import demo_env, open_window, scan_demo  # noqa: F401 (fixtures)

CPR = "010190-1234"


@pytest.fixture
def journal_path(tmp_path):
    """A station's journal with known letters (dates relative to today)."""
    path = tmp_path / "data" / "journal.sqlite"
    b = Builder(path, "KOEGE1", "anna")
    scanned_next_day = b.letter(2, captured=-1)
    many_pages = b.letter(12, captured=-1)
    b.letter(1, captured=0)                          # not confirmed yet: counts on its scan day
    with_cpr = b.letter(1, captured=-1)
    overdue = b.letter(4, captured=-8)
    old = b.letter(1, captured=-40)                  # before the last 30 days
    b.journal.finish_batch(b.batch, "anna")
    b.confirm(scanned_next_day, "borgerservice", received=-2)
    b.confirm(many_pages, "jobcenter", received=-1)
    b.confirm(with_cpr, "borgerservice", received=-1, cpr=CPR, case_number="2024-0001")
    b.confirm(overdue, "borgerservice", received=-9)
    b.confirm(old, "jobcenter", received=-40)
    b.export(scanned_next_day, exported=0)
    b.journal.close()
    return path


@pytest.fixture
def make_window(qtbot, journal_path):
    opened = []

    def make(operator: str = "anna", supervisors: tuple[str, ...] = ()) -> SupervisorWindow:
        settings = Settings(station_id="KOEGE1", operator=operator, supervisors=supervisors)
        window = SupervisorWindow(journal_path, settings, [("borgerservice", "Borgerservice"),
                                                           ("jobcenter", "Jobcenter")], today=TODAY)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.dashboard is not None, timeout=10000)
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()
    wait_for_all()


def show_report(qtbot, window, by: str):
    window.tabs.setCurrentIndex(1)
    window.by_box.setCurrentIndex(window.by_box.findData(by))
    qtbot.waitUntil(lambda: window.report is not None and window.report.by == by, timeout=10000)
    return window.report_table


def save_as(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(path), "")))


def test_the_chart_stacks_each_days_letters_by_team(make_window):
    window = make_window()
    stacks = window.chart.stacks()
    assert len(stacks) == 30 and min(stacks) == day(-29) and max(stacks) == day(0)
    assert stacks[day(-2)] == [("borgerservice", 1)]            # received the day before it was scanned
    assert stacks[day(-1)] == [("borgerservice", 1), ("jobcenter", 1)]
    assert stacks[day(0)] == [(NONE, 1)]
    assert stacks[day(-9)] == [("borgerservice", 1)]
    assert sum(n for bars in stacks.values() for _, n in bars) == 5
    assert window.chart.label("borgerservice") == "Borgerservice"
    tip = window.chart.tooltip_for(day(-1))
    assert "Borgerservice: 1" in tip and "Jobcenter: 1" in tip and "13 pages" in tip
    backlog = window.dashboard.backlog
    assert backlog["not_confirmed"]["count"] == 1 and backlog["not_exported"]["count"] == 4
    assert window.clock_table.shown_rows() == [{"team": "Borgerservice", "approaching": 0, "overdue": 1},
                                               {"team": "Jobcenter", "approaching": 0, "overdue": 1}]



def test_quick_ranges_count_again(qtbot, make_window):
    window = make_window()
    window.range_picker.quick_buttons["today"].click()
    qtbot.waitUntil(lambda: window.dashboard.date_from == day(0), timeout=10000)
    assert window.chart.stacks() == {day(0): [(NONE, 1)]}
    window.range_picker.quick_buttons["month"].click()
    qtbot.waitUntil(lambda: window.dashboard.date_from == day(0).replace(day=1), timeout=10000)


def test_the_report_table_sorts_numbers_as_numbers_and_filters(qtbot, make_window):
    window = make_window()
    table = show_report(qtbot, window, "team")
    column = window.report.columns.index("pages_received")
    assert [r["team"] for r in table.shown_rows()] == ["Borgerservice", "Jobcenter", "No team yet"]  # by name
    table.view.sortByColumn(column, Qt.AscendingOrder)
    assert [r["team"] for r in table.shown_rows()] == ["No team yet", "Borgerservice", "Jobcenter"]  # 1, 7, 12 pages
    table.view.sortByColumn(column, Qt.DescendingOrder)
    assert [r["pages_received"] for r in table.shown_rows()] == [12, 7, 1]
    qtbot.keyClicks(table.filter_edit, "JOB")
    assert [r["team"] for r in table.shown_rows()] == ["Jobcenter"]
    table.filter_edit.clear()
    assert len(table.shown_rows()) == 3


def test_export_writes_the_rows_shown_as_csv_and_xlsx(qtbot, make_window, tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    window = make_window()
    table = show_report(qtbot, window, "team")
    table.view.sortByColumn(window.report.columns.index("pages_received"), Qt.DescendingOrder)

    save_as(monkeypatch, tmp_path / "teams")  # no suffix typed: .xlsx is added
    with qtbot.waitSignal(table.exported, timeout=10000):
        table.xlsx_button.click()
    book = openpyxl.load_workbook(tmp_path / "teams.xlsx")
    sheet = book.worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == window.report.columns
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("Jobcenter", 1, 12), ("Borgerservice", 3, 7), ("No team yet", 1, 1)]
    assert "backlog" in book.sheetnames

    qtbot.keyClicks(table.filter_edit, "borger")
    save_as(monkeypatch, tmp_path / "teams.csv")
    with qtbot.waitSignal(table.exported, timeout=10000):
        table.csv_button.click()
    with open(tmp_path / "teams.csv", encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [(r["team"], r["letters_received"], r["pages_received"]) for r in written] == [("Borgerservice", "3", "7")]


def test_the_clock_table_exports_too(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    save_as(monkeypatch, tmp_path / "clock.csv")
    with qtbot.waitSignal(window.clock_table.exported, timeout=10000):
        window.clock_table.csv_button.click()
    text = (tmp_path / "clock.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["team,approaching,overdue", "Borgerservice,0,1", "Jobcenter,0,1"]


def audits(journal_path) -> list[dict]:
    journal = Journal(journal_path)
    try:
        return [e for e in journal.events() if e["action"] == "cpr_search"]
    finally:
        journal.close()


def test_a_clerk_sees_the_counts_but_cannot_search_by_cpr(qtbot, make_window, journal_path):
    window = make_window(operator="kim", supervisors=("anna",))
    search = window.search_panel
    assert not search.cpr_edit.isEnabled()
    assert "supervisor" in search.cpr_edit.toolTip().lower()
    assert "not a supervisor" in window.role_label.text()
    search.cpr_edit.setText(CPR)  # even if the field were filled, the search leaves it out
    assert "cpr" not in search.criteria()
    window.tabs.setCurrentWidget(search)
    search.case_edit.setText("2024-0001")
    with qtbot.waitSignal(search.search_finished, timeout=10000) as found:
        search.search_button.click()
    assert len(found.args[0]) == 1
    assert audits(journal_path) == []


def test_a_supervisors_cpr_search_finds_the_letter_and_is_audited(qtbot, make_window, journal_path):
    window = make_window(operator="anna", supervisors=("ANNA",))
    search = window.search_panel
    assert search.cpr_edit.isEnabled() and "supervisor" in window.role_label.text()
    window.tabs.setCurrentWidget(search)
    search.cpr_edit.setText("0101901234")
    with qtbot.waitSignal(search.search_finished, timeout=10000) as found:
        qtbot.keyClick(search.cpr_edit, Qt.Key_Return)
    hits = found.args[0]
    assert [h.case_number for h in hits] == ["2024-0001"]
    assert CPR not in json.dumps([h.snippet for h in hits])
    events = audits(journal_path)
    assert [(e["actor"], json.loads(e["detail"])["cpr_masked"]) for e in events] == [("anna", "010190-****")]

    search.cpr_edit.setText("321390-1234")  # no such date: refused before any search
    search.search_button.click()
    assert "not valid" in search.message.text()
    assert len(audits(journal_path)) == 1


def test_the_window_opens_from_the_main_window_and_a_found_letter_opens_there(qtbot, open_window):  # noqa: F811
    window = open_window()
    scan_demo(qtbot, window)
    first_batch = window.batch_id
    scan_demo(qtbot, window)
    assert window.batch_id != first_batch
    wanted = window.station.journal.batch_documents(first_batch)[1].id

    qtbot.keyClick(window, Qt.Key_U, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.supervisor_window is not None and window.supervisor_window.isVisible(),
                    timeout=5000)
    supervisor = window.supervisor_window
    qtbot.waitUntil(lambda: supervisor.dashboard is not None, timeout=10000)
    assert sum(n for bars in supervisor.chart.stacks().values() for _, n in bars) == 8
    assert not supervisor.search_panel.cpr_edit.isEnabled()  # anna is not listed as a supervisor

    search = supervisor.search_panel
    supervisor.tabs.setCurrentWidget(search)
    search.status_box.setCurrentIndex(search.status_box.findData("awaiting_confirmation"))
    with qtbot.waitSignal(search.search_finished, timeout=10000) as found:
        search.search_button.click()
    hits = found.args[0]
    assert len(hits) == 8
    row = next(i for i, h in enumerate(hits) if h.document_id == wanted)
    view = search.results.view
    view.setCurrentIndex(search.results.proxy.index(row, 0))
    qtbot.keyClick(view, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.batch_id == first_batch and window.form.document_id == wanted, timeout=5000)
    assert window.panel.current_ids()[0] == wanted

    journal = window.station.journal
    other = next(i for i, h in enumerate(hits) if journal.document(h.document_id).batch_id != first_batch)
    rect = view.visualRect(search.results.proxy.index(other, 0))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())  # a double-click starts with a press
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.form.document_id == hits[other].document_id, timeout=5000)
    assert window.batch_id != first_batch

    qtbot.keyClick(window, Qt.Key_U, Qt.ControlModifier | Qt.ShiftModifier)  # the same window again
    assert window.supervisor_window is supervisor


def test_the_window_speaks_danish(qtbot, journal_path, tmp_path):
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), "-silent", str(TRANSLATIONS / "scanstation_da.ts"), "-qm",
                    str(tmp_path / "scanstation_da.qm")], check=True)
    app = QApplication.instance()
    translators = install_translators(app, "da", folder=tmp_path)
    try:
        window = SupervisorWindow(journal_path, Settings(station_id="KOEGE1", operator="kim"), [])
        qtbot.addWidget(window)
        assert window.tabs.tabText(0) == "O&verblik" and window.search_panel.search_button.text() == "&Søg"
        assert window.chart.label(NONE) == "Intet team endnu"
        assert window.report_table.column_title("letters_received") == "Breve modtaget"
        qtbot.waitUntil(lambda: window.dashboard is not None, timeout=10000)
        window.close()
        wait_for_all()
    finally:
        for translator in translators:
            app.removeTranslator(translator)
