"""The real operator window, offscreen, driven like a clerk would: scan, correct, confirm, export."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from scanstation.station import Station
from scanstation.ui.main_window import MainWindow
from scanstation.ui.tasks import wait_for_all

from .pdfcheck import check_delivery
from tests.signing import signed_settings


@pytest.fixture
def demo_env(monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "0")  # the window's tests are not about OCR (tests/test_ocr.py is)
    monkeypatch.setenv("SCANSTATION_DEMO_LETTERS", "4")
    monkeypatch.delenv("SCANSTATION_DEMO_JAM_AFTER", raising=False)
    monkeypatch.delenv("SCANSTATION_DEMO_DELAY", raising=False)


@pytest.fixture
def open_window(qtbot, tmp_path, demo_env):
    opened = []

    def make(**settings_overrides) -> MainWindow:
        drop = tmp_path / "drop"
        drop.mkdir(exist_ok=True)
        # Export at once: the correction window has tests of its own (tests/test_ui_correction.py).
        settings = signed_settings(station_id="KOEGE1", operator="anna", drop_folder=drop,
                                   **{"correction_seconds": 0, **settings_overrides})
        station = Station.open(tmp_path / "data", settings)
        store = QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat)
        window = MainWindow(station, settings_store=store)
        qtbot.addWidget(window)
        window.dpi_box.setCurrentIndex(window.dpi_box.findData(200))
        window.show()
        window.activateWindow()  # shortcuts (F5, Enter, Ctrl+K) work in the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        opened.append((window, station))
        return window

    yield make
    for window, station in opened:
        window.close()
        wait_for_all()
        station.close()


def scan_demo(qtbot, window) -> object:
    with qtbot.waitSignal(window.scan_finished, timeout=60000) as finished:
        qtbot.keyClick(window, Qt.Key_F5)
    return finished.args[0]


def choose_recipient(qtbot, window, typed: str) -> None:
    combo = window.form.recipient
    combo.setFocus()
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), typed)


def test_a_whole_demo_batch_scan_correct_split_confirm_export(qtbot, open_window, tmp_path):
    window = open_window()
    result = scan_demo(qtbot, window)
    assert result.fault is None and result.pages >= 4
    documents = window.panel.documents
    assert len(documents) == 4 and all(d.status == "awaiting_confirmation" for d in documents)
    # The first letter waits for the clerk, with the form ready.
    assert window.form.document_id == documents[0].id

    # Split a letter with several pages after its first page.
    multi = next(d for d in documents if sum(p.included for p in d.pages) >= 2)
    second = [p for p in multi.pages if p.included][1]
    window.panel.select(multi.id, second.id)
    qtbot.keyClick(window, Qt.Key_K, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(window.panel.documents) == 5, timeout=10000)

    # Correct the recipient by typing, confirm with Enter, and the next letter comes up.
    first = window.panel.documents[0].id
    window.panel.select(first)
    choose_recipient(qtbot, window, "jobcenter")
    assert window.form.recipient_id() == "jobcenter"
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        qtbot.keyClick(window.form.recipient, Qt.Key_Return)
        assert window.form.document_id != first  # moved on without waiting for the export
    outcome = exported.args[0]
    assert outcome.ok and outcome.document_id == first
    sidecar = check_delivery(outcome.pdf_path)
    assert sidecar["recipient"]["id"] == "jobcenter" and sidecar["operator"] == "anna"
    qtbot.waitUntil(lambda: window.panel.document(first).status == "exported", timeout=10000)


def test_an_invalid_case_number_is_explained_and_nothing_is_confirmed(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    choose_recipient(qtbot, window, "borgerservice")
    window.form.case_number.setText("not a case")
    qtbot.keyClick(window.form.case_number, Qt.Key_Return)
    assert "case number" in window.form.error.text()
    assert window.station.journal.documents(status="confirmed") == []


def test_delete_page_then_undo_and_rotate(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    doc = window.panel.documents[0]
    page = next(p for p in doc.pages if p.included)  # the first page after the separator sheet

    def current():
        return next(p for p in window.panel.document(doc.id).pages if p.id == page.id)

    window.panel.select(doc.id, page.id)
    qtbot.keyClick(window, Qt.Key_Delete, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not current().included, timeout=10000)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    qtbot.waitUntil(lambda: current().included, timeout=10000)
    window.panel.select(doc.id, page.id)
    qtbot.keyClick(window, Qt.Key_R, Qt.ControlModifier)
    qtbot.waitUntil(lambda: current().rotation == 90, timeout=10000)


def test_a_paper_jam_shows_what_to_do_and_continue_resumes_the_batch(qtbot, open_window, monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_JAM_AFTER", "2")
    window = open_window()
    result = scan_demo(qtbot, window)
    assert result.pages == 2 and result.fault.code == "paper_jam"
    banner = window.fault_banner
    assert banner.isVisible() and "Paper jam" in banner.text.text() and "2 pages" in banner.text.text()
    monkeypatch.setenv("SCANSTATION_DEMO_JAM_AFTER", "")  # the clerk cleared the jam
    qtbot.waitUntil(banner.continue_button.isEnabled, timeout=3000)  # no answer in its first second
    with qtbot.waitSignal(window.scan_finished, timeout=60000) as finished:
        banner.continue_button.click()
    assert finished.args[0].fault is None
    batch = window.station.journal.batch(result.batch_id)
    assert batch.status == "complete"
    pages = window.station.journal.pages(result.batch_id)
    assert [p.sheet for p in pages] == list(range(1, len(pages) + 1))


def test_a_jam_on_a_real_sane_scanner_before_any_page(qtbot, open_window):
    sane = pytest.importorskip("sane")
    device = sane.open("test:0")
    device.read_return_value = "SANE_STATUS_JAMMED"
    device.close()
    try:
        window = open_window()
        window.device_box.addItem("SANE test", "sane:test:0")
        window.device_box.setCurrentIndex(window.device_box.count() - 1)
        scan_demo(qtbot, window)
        banner = window.fault_banner
        assert "Paper jam" in banner.text.text()
        assert banner.continue_button.isHidden()  # nothing to continue
    finally:
        device = sane.open("test:0")
        device.read_return_value = "Default"
        device.close()


def test_restarting_reopens_the_batch_where_the_clerk_was(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    third = window.panel.documents[2].id
    window.panel.select(third)
    window.close()
    wait_for_all()
    again = open_window()
    assert again.batch_id == window.batch_id
    assert again.form.document_id == third


def test_export_failure_is_shown_with_the_reason_and_retry_delivers(qtbot, open_window, tmp_path):
    window = open_window()
    scan_demo(qtbot, window)
    (tmp_path / "drop").rmdir()  # the share went away
    choose_recipient(qtbot, window, "skole")
    with qtbot.waitSignal(window.export_finished, timeout=30000) as exported:
        qtbot.keyClick(window.form.recipient, Qt.Key_Return)
    assert not exported.args[0].ok
    qtbot.waitUntil(lambda: window.retry_button.isVisible(), timeout=5000)
    assert "not reachable" in window.failure_label.text()
    (tmp_path / "drop").mkdir()
    with qtbot.waitSignal(window.export_finished, timeout=30000) as retried:
        window.retry_button.click()
    assert retried.args[0].ok
    qtbot.waitUntil(lambda: not window.retry_button.isVisible(), timeout=5000)
    assert json.loads(retried.args[0].sidecar_path.read_text())["recipient"]["id"] == "skole"


def test_rescan_replaces_the_page_shown(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    doc = window.panel.documents[0]
    page = next(p for p in doc.pages if p.included)
    window.panel.select(doc.id, page.id)
    qtbot.keyClick(window, Qt.Key_F6)
    qtbot.waitUntil(lambda: len(window.panel.document(doc.id).pages) == len(doc.pages) + 1, timeout=20000)
    pages = window.panel.document(doc.id).pages
    at = page.position - 1
    assert pages[at].id != page.id and pages[at].included
    assert pages[at + 1].id == page.id and pages[at + 1].excluded_reason == "replaced"


def test_duplex_profile_shows_blank_backs_dimmed_and_restorable(qtbot, open_window, monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_LETTERS", "2")
    window = open_window()
    window.profile_box.setCurrentIndex(window.profile_box.findData("duplex"))
    assert window.source_box.currentData() == "duplex"
    window.dpi_box.setCurrentIndex(window.dpi_box.findData(200))
    scan_demo(qtbot, window)
    documents = window.panel.documents
    assert len(documents) == 2
    assert [d.started_by for d in documents] == ["separator", "cover_sheet"]
    blank = next(p for p in documents[0].pages if p.excluded_reason == "blank")
    window.panel.select(documents[0].id, blank.id)
    window.restore_page()
    qtbot.waitUntil(lambda: next(p for p in window.panel.document(documents[0].id).pages
                                 if p.id == blank.id).included, timeout=10000)


def test_settings_saved_in_the_dialog_apply_to_the_window(qtbot, open_window, tmp_path, monkeypatch):
    window = open_window()
    new_drop = tmp_path / "new-drop"
    window.apply_settings(signed_settings(station_id="KOEGE9", operator="anna", drop_folder=new_drop))
    assert "KOEGE9" in window.windowTitle()
    assert window._worker_station().settings.drop_folder == new_drop


def test_barcodes_found_on_a_page_are_highlighted_where_they_are(qtbot, open_window, monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_LETTERS", "2")
    window = open_window()
    scan_demo(qtbot, window)
    cover = window.panel.documents[1]  # the second letter has a cover sheet in front
    sheet = cover.pages[0]
    with qtbot.waitSignal(window.viewer.page_shown, timeout=10000):
        window.panel.select(cover.id, sheet.id)
    labels = [item.toolTip() for item in window.viewer.highlight_items()]
    assert any("SSCS1" in label for label in labels)


def test_a_cover_sheet_preselects_the_recipient_and_says_why(qtbot, open_window, monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_LETTERS", "2")
    window = open_window()
    scan_demo(qtbot, window)
    routed = window.panel.documents[1]
    window.panel.select(routed.id)
    assert window.form.recipient_id() == window.station.journal.document(routed.id).recipient_id is not None
    assert "cover sheet" in window.form.suggestion.text() and "100 %" in window.form.suggestion.text()


def test_stop_keeps_the_pages_scanned_so_far(qtbot, open_window, monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_DELAY", "0.3")
    window = open_window()
    with qtbot.waitSignal(window.scan_finished, timeout=60000) as finished:
        window.start_scan()
        qtbot.waitUntil(lambda: window.pages_this_scan >= 2, timeout=30000)
        window.stop_action.trigger()
    result = finished.args[0]
    assert 2 <= result.pages < 8
    assert window.station.journal.batch(result.batch_id).status == "cancelled"
    assert len(window.station.journal.pages(result.batch_id)) == result.pages


def test_merge_and_moving_a_page_by_drag_and_drop(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    first, second = window.panel.documents[:2]
    window.panel.select(first.id)
    qtbot.keyClick(window, Qt.Key_M, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(window.panel.documents) == 3, timeout=10000)
    merged = window.panel.document(first.id)
    assert len(merged.pages) == len(first.pages) + len(second.pages)
    # What a drop of the last page onto the next letter reports, and what it does:
    last, target = merged.pages[-1], window.panel.documents[1]
    window.panel.page_dropped.emit(last.id, target.id, 1)
    qtbot.waitUntil(lambda: window.panel.document(target.id).pages[0].id == last.id, timeout=10000)


def test_revealing_a_cpr_number_is_audited(qtbot, open_window):
    window = open_window()
    scan_demo(qtbot, window)
    doc = window.panel.documents[0]
    window.panel.select(doc.id)
    window.form.cpr.setFocus()
    qtbot.keyClicks(window.form.cpr, "0101901234")
    qtbot.keyClick(window.form.cpr, Qt.Key_Tab)
    assert window.form.cpr.text() == "010190-****"  # masked (tests/test_ui_cpr_field.py)
    window.form.reveal_cpr.setChecked(True)
    qtbot.waitUntil(lambda: any(e["action"] == "cpr_revealed"
                                for e in window.station.journal.events(f"document:{doc.id}")), timeout=10000)
    event = [e for e in window.station.journal.events(f"document:{doc.id}") if e["action"] == "cpr_revealed"][0]
    assert event["actor"] == "anna" and "1234" not in event["detail"]


def test_page_workers_start_once_the_window_is_up_and_serve_every_scan(qtbot, open_window, monkeypatch):
    """The clerk's first scan does not wait for worker processes to start, nor does any later one."""
    monkeypatch.setenv("SCANSTATION_WORKERS", "1")  # one real worker process
    window = open_window()
    qtbot.waitUntil(lambda: window.page_workers._executor is not None, timeout=10000)
    pool = window.page_workers._executor
    assert scan_demo(qtbot, window).pages >= 4
    assert scan_demo(qtbot, window).pages >= 4
    assert window.page_workers._executor is pool  # the same processes served both scans
    window.close()
    assert window.page_workers._executor is None  # and they stop with the window
