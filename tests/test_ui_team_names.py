"""Teams by name wherever a person reads them — the batch panel, the Supervisor window's search
and report, the CLI's lines — and by id only in files and JSON (issue 15, item 7)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from scanstation.config import Settings
from scanstation.ui.supervisor_window import SupervisorWindow
from scanstation.ui.tasks import wait_for_all
from tests.test_ui_supervisor import journal_path  # noqa: F401 - the fixture

from .cli_run import scanstation
from .pages import text_page, write_pages
from .station_window import press, station_with_letters, type_recipient, window_on  # noqa: F401 - the fixture


def test_the_batch_panel_names_the_team_a_letter_goes_to(qtbot, window_on, tmp_path):  # noqa: F811
    window = window_on(station_with_letters(tmp_path))
    first = window.form.document_id
    type_recipient(qtbot, window, "Byg og Plan")
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.station.journal.document(first).status != "awaiting_confirmation", timeout=5000)
    qtbot.waitUntil(lambda: "→" in window.panel.topLevelItem(0).text(0), timeout=5000)
    text = window.panel.topLevelItem(0).text(0)
    assert "→ Byg og Plan" in text and "byggeri" not in text
    assert window.station.journal.document(first).recipient_id == "byggeri"  # the id stays in the journal


def test_the_supervisor_searches_and_reports_by_team_name(qtbot, journal_path):  # noqa: F811
    window = SupervisorWindow(journal_path, Settings(station_id="KOEGE1", operator="anna"),
                              [("jobcenter", "Jobcenter"), ("borgerservice", "Borgerservice"),
                               ("aeldre", "Ældre og Sundhed"), ("byggeri", "Byg og Plan")])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.dashboard is not None, timeout=10000)
    search = window.search_panel
    box = search.recipient_box
    assert [box.itemText(i) for i in range(1, box.count())] == ["Borgerservice", "Byg og Plan", "Jobcenter",
                                                                 "Ældre og Sundhed"]  # by name, æøå last
    window.tabs.setCurrentWidget(search)
    box.setCurrentIndex(box.findData("borgerservice"))
    with qtbot.waitSignal(search.search_finished, timeout=10000) as found:
        search.search_button.click()
    assert len(found.args[0]) == 3
    assert {row["recipient"] for row in search.results.shown_rows()} == {"Borgerservice"}

    window.tabs.setCurrentIndex(1)
    window.by_box.setCurrentIndex(window.by_box.findData("team"))
    qtbot.waitUntil(lambda: window.report is not None and window.report.by == "team", timeout=10000)
    assert [row["team"] for row in window.report_table.shown_rows()] == ["Borgerservice", "Jobcenter", "No team yet"]  # by name
    window.close()
    wait_for_all()


def test_the_command_line_names_teams_in_its_lines_and_keeps_ids_in_json(tmp_path):
    write_pages(tmp_path / "brev.png", [text_page(["Ansøgning om carport"])])
    assert scanstation(tmp_path, "import", str(tmp_path / "brev.png")).returncode == 0
    confirmed = scanstation(tmp_path, "confirm", "1", "--recipient", "byggeri", "--received", "2026-11-20")
    assert confirmed.returncode == 0, confirmed.stderr
    assert "confirmed for Byg og Plan" in confirmed.stdout

    listed = scanstation(tmp_path, "documents")
    assert "Byg og Plan" in listed.stdout and "byggeri" not in listed.stdout
    report = scanstation(tmp_path, "report", "--by", "team")
    assert "Byg og Plan" in report.stdout and "byggeri" not in report.stdout, report.stdout
    as_json = json.loads(scanstation(tmp_path, "--json", "documents").stdout)
    assert as_json["documents"][0]["recipient"] == "byggeri"
    csv_text = scanstation(tmp_path, "report", "--by", "team", "--format", "csv").stdout
    assert "byggeri" in csv_text  # a file for other programs keeps the id
