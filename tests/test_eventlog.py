"""The Windows event log gets one entry per exported document and per error, and never a
CPR number. On Linux the real logging set-up runs with a handler that keeps the entries."""

import logging
import sys
import uuid

import pytest

from scanstation import eventlog
from scanstation.config import Settings
from scanstation.logsetup import setup_logging
from scanstation.station import Station

from .pages import letter_files


class Entries(logging.Handler):
    """Stands in for NTEventLogHandler: keeps (event id, level, text) per entry."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[tuple[int, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.entries.append((eventlog.event_id(record), record.levelname, self.format(record)))


@pytest.fixture
def entries(tmp_path, monkeypatch):
    handler = Entries()
    monkeypatch.setattr(eventlog, "_platform_factory", lambda: lambda: handler)
    setup_logging(log_dir=tmp_path / "logs")
    yield handler.entries
    restore_logging()


def restore_logging():
    """setup_logging took over the `scanstation` logger; give it back to pytest's capture."""
    root = logging.getLogger("scanstation")
    for h in list(root.handlers):
        root.removeHandler(h)
        h.close()
    root.propagate = True


def confirmed_letter(station, folder):
    result = station.intake().import_files(letter_files(folder)[:1], again=True)  # the same letter, a second time
    [doc_id] = result.documents
    station.journal.confirm_document(
        doc_id, {"recipient_id": "borgerservice", "received_date": "2026-11-20", "cpr": "010190-1234",
                 "case_number": "2017-0289209"}, "anna")
    return doc_id


def test_an_export_a_failed_export_and_an_error_give_one_entry_each(entries, tmp_path):
    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
    try:
        drop = tmp_path / "drop"
        drop.mkdir()
        confirmed_letter(station, tmp_path / "in1")
        [done] = station.exporter(drop).export_pending()
        assert done.ok
        confirmed_letter(station, tmp_path / "in2")
        [failed] = station.exporter(tmp_path / "no-such-share").export_pending()
        assert not failed.ok
    finally:
        station.close()
    logging.getLogger("scanstation.intake").info("batch 3 started")  # ordinary: the file only
    logging.getLogger("scanstation.intake").warning("batch 3 stopped after 2 page(s): paper_jam")
    logging.getLogger("scanstation.ui.tasks").error("background task failed: OSError: disk full")

    assert [(event, level) for event, level, _ in entries] == [
        (eventlog.EVENT_EXPORTED, "INFO"), (eventlog.EVENT_EXPORT_FAILED, "WARNING"), (eventlog.EVENT_ERROR, "ERROR")]
    assert done.journal_id in entries[0][2] and "failed" in entries[1][2] and "disk full" in entries[2][2]
    log_text = (tmp_path / "logs" / "scanstation.log").read_text(encoding="utf-8")
    assert "batch 3 started" in log_text and "paper_jam" in log_text
    assert not any("010190" in text for _, _, text in entries)


def test_a_cpr_in_a_message_is_blanked_and_other_numbers_are_kept(entries):
    log = logging.getLogger("scanstation.export")
    log.error("could not export letter for 010190-1234 (also 0101901234) to KOEGE1-2026-000001; code 1234567890")
    log.info("ordinary progress 010190-1234")
    log.warning("ordinary warning")
    [(_, _, text)] = entries
    assert "1234 " not in text and "1234)" not in text
    assert "010190-****" in text and "010190****" in text  # the product's one masked form
    assert "KOEGE1-2026-000001" in text and "1234567890" in text  # 12/34/56 is no date: kept


def test_no_event_log_where_there_is_none_and_a_failing_factory_never_stops_logging(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert eventlog.event_log_handler() is None
    monkeypatch.undo()

    def broken():
        raise OSError("access denied")

    assert eventlog.event_log_handler(broken) is None
    monkeypatch.setattr(eventlog, "_platform_factory", lambda: broken)
    try:
        assert setup_logging(log_dir=tmp_path / "logs") == tmp_path / "logs" / "scanstation.log"
    finally:
        restore_logging()


@pytest.mark.skipif(sys.platform != "win32", reason="the real Application event log is on Windows only")
def test_on_windows_an_export_reaches_the_application_event_log():
    import win32evtlog

    handler = eventlog.event_log_handler()
    assert handler is not None
    marker = f"KOEGE1-2026-{uuid.uuid4().hex[:6]}"
    record = logging.LogRecord("scanstation.export", logging.INFO, __file__, 1,
                               "exported document 7 as %s", (marker,), None)
    record.event_log = True
    handler.handle(record)
    log = win32evtlog.OpenEventLog(None, "Application")
    try:
        found = []
        flags = win32evtlog.EVENTLOG_BACKWARDS_READ | win32evtlog.EVENTLOG_SEQUENTIAL_READ
        for _ in range(20):  # the newest entries first; ours is among them
            batch = win32evtlog.ReadEventLog(log, flags, 0)
            if not batch:
                break
            found += [e for e in batch if e.SourceName == eventlog.SOURCE
                      and any(marker in text for text in e.StringInserts or ())]
            if found:
                break
    finally:
        win32evtlog.CloseEventLog(log)
    [entry] = found
    assert entry.EventID & 0xFFFF == eventlog.EVENT_EXPORTED
    assert entry.EventType == win32evtlog.EVENTLOG_INFORMATION_TYPE
