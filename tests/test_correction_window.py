"""A confirmed letter can still be taken back or corrected: the correction window (Qt-free,
driven by the time passed in), and an exported letter corrected as version 2 under the same
journal id, delivered for real into a drop folder and read back with pikepdf and the schema."""

from __future__ import annotations

import json

import pikepdf
import pytest

from scanstation.config import Settings
from scanstation.export.correction_window import CorrectionWindow
from scanstation.export.pdfa import SCANSTATION_NS
from scanstation.journal import JournalError
from scanstation.station import Station

from .cli_run import scanstation, scanstation_json
from .pages import letter_files
from .pdfcheck import check_delivery


# --- the window itself -------------------------------------------------------------


def test_a_confirmed_letter_waits_its_seconds_and_can_be_taken_back_meanwhile():
    window = CorrectionWindow(10)
    assert window.hold(1, now=100.0) == []
    assert window.due(now=109.9) == [] and window.seconds_left(105.0) == 5.0
    assert window.take_back(now=105.0) == 1
    assert window.due(now=200.0) == [] and window.held() is None  # taken back: never exported


def test_the_time_up_releases_the_letter_and_it_can_no_longer_be_taken_back():
    window = CorrectionWindow(10)
    window.hold(1, now=0.0)
    assert window.take_back(now=10.0) is None  # too late: it is on its way
    assert window.due(now=10.0) == [1]
    assert window.due(now=11.0) == []


def test_confirming_the_next_letter_releases_the_one_before_at_once():
    window = CorrectionWindow(10)
    window.hold(1, now=0.0)
    assert window.hold(2, now=1.0) == [1]
    assert window.take_back(now=2.0) == 2  # only the last confirmation is undoable
    assert window.take_back(now=2.0) is None


def test_no_window_exports_at_once_and_release_all_empties_it():
    assert CorrectionWindow(0).hold(5, now=0.0) == [5]
    window = CorrectionWindow(10)
    window.hold(5, now=0.0)
    assert window.release_all() == [5] and window.held() is None
    window.hold(6, now=0.0)
    window.forget(6)
    assert window.due(now=100.0) == []


# --- corrections and exceptions on a real station -------------------------------------------


@pytest.fixture
def station(tmp_path, monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    drop = tmp_path / "drop"
    drop.mkdir()
    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna", drop_folder=drop))
    station.intake(analyze=False).import_files(letter_files(tmp_path / "in"))
    yield station
    station.close()


def xmp_version(pdf_path) -> str:
    with pikepdf.open(pdf_path) as pdf:
        return pdf.open_metadata().get(f"{{{SCANSTATION_NS}}}version")


def test_a_corrected_letter_goes_out_as_version_2_under_the_same_journal_id(station, tmp_path):
    first = station.journal.documents()[0].id
    station.confirm(first, {"recipient_id": "skole", "received_date": "2026-12-01"})
    exporter = station.exporter(tmp_path / "drop")
    v1 = exporter.export_document(first)
    sidecar = check_delivery(v1.pdf_path)
    assert v1.ok and sidecar["version"] == 1 and xmp_version(v1.pdf_path) == "1"

    # The clerk sees it went to the wrong team: re-open, correct, confirm.
    station.settings = Settings(station_id="KOEGE1", operator="bo", drop_folder=tmp_path / "drop")
    reopened = station.journal.reopen_for_correction(first, "bo", "wrong team")
    assert reopened.status == "awaiting_confirmation" and reopened.version == 2
    station.confirm(first, {"recipient_id": "jobcenter", "received_date": "2026-12-01"}, "bo")
    # Version 1 still lies in the drop folder (the archive has not collected it): it is not taken
    # for this delivery, it is replaced.
    v2 = station.exporter(tmp_path / "drop").export_document(first)
    assert v2.ok and v2.journal_id == v1.journal_id and v2.pdf_path == v1.pdf_path
    sidecar = check_delivery(v2.pdf_path)
    assert sidecar["version"] == 2 and sidecar["recipient"]["id"] == "jobcenter" and sidecar["operator"] == "bo"
    assert xmp_version(v2.pdf_path) == "2"
    assert station.journal.export_of(first).version == 2
    assert sorted(p.name for p in (tmp_path / "drop").iterdir()) == [f"{v1.journal_id}.json", f"{v1.journal_id}.pdf"]

    # Audited: who re-opened it, when, which version; both deliveries are in the events.
    events = station.journal.events(f"document:{first}")
    opened = next(e for e in events if e["action"] == "correction_opened")
    assert opened["actor"] == "bo" and opened["at"] and json.loads(opened["detail"]) == {
        "journal_id": v1.journal_id, "version": 2, "reason": "wrong team"}
    assert [json.loads(e["detail"])["version"] for e in events if e["action"] == "document_exported"] == [1, 2]


def test_a_crash_after_version_2_was_delivered_is_recognised_not_delivered_again(station, tmp_path):
    doc = station.journal.documents()[0].id
    station.confirm(doc, {"recipient_id": "skole", "received_date": "2026-12-01"})
    exporter = station.exporter(tmp_path / "drop")
    exporter.export_document(doc)
    station.journal.reopen_for_correction(doc, "anna")
    station.confirm(doc, {"recipient_id": "jobcenter", "received_date": "2026-12-01"})
    delivered = exporter.export_document(doc)
    # As if the program died after writing version 2 but before the journal heard of it.
    with station.journal.transaction() as conn:
        conn.execute("UPDATE documents SET status='confirmed' WHERE id=?", (doc,))
    before = delivered.sidecar_path.read_bytes()
    again = exporter.export_document(doc)
    assert again.ok and delivered.sidecar_path.read_bytes() == before  # recorded, not written again


def test_only_an_exported_letter_is_reopened_and_a_held_confirmation_can_be_undone(station):
    doc = station.journal.documents()[0].id
    with pytest.raises(JournalError, match="not exported"):
        station.journal.reopen_for_correction(doc, "anna")
    station.confirm(doc, {"recipient_id": "skole", "received_date": "2026-12-01", "case_number": "2024-0012345"})
    undone = station.journal.undo_confirmation(doc, "anna")
    assert undone.status == "awaiting_confirmation"
    assert (undone.recipient_id, undone.case_number) == ("skole", "2024-0012345")  # what was typed stays
    assert station.journal.events(f"document:{doc}")[-1]["action"] == "confirmation_undone"


def test_the_command_line_corrects_an_exported_letter_by_its_journal_id(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    done = scanstation_json(tmp_path, "--drop", str(drop), "process", "--recipient", "skole",
                            *map(str, letter_files(tmp_path / "in")[:1]))
    journal_id = json.loads(next(drop.glob("*.json")).read_text())["journal_id"]
    assert done
    corrected = scanstation_json(tmp_path, "--drop", str(drop), "--operator", "bo", "correct", journal_id,
                                 "--recipient", "jobcenter", "--reason", "wrong team")
    assert corrected["version"] == 2 and corrected["ok"] and corrected["journal_id"] == journal_id
    sidecar = check_delivery(drop / f"{journal_id}.pdf")
    assert sidecar["version"] == 2 and sidecar["recipient"]["id"] == "jobcenter" and sidecar["operator"] == "bo"
    refused = scanstation(tmp_path, "correct", "999")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
