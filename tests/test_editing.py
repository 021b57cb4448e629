"""The clerk's corrections: split, merge, move, rotate, delete with undo — nothing is ever lost."""

import pikepdf
import pytest

from scanstation.journal import JournalError
from scanstation.journal.editing import DocumentEditor
from scanstation.station import Station

from .pages import text_page, write_pages
from tests.signing import TEST_SITE_KEY, signed_settings


@pytest.fixture
def station(tmp_path, monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "0")  # corrections are not about OCR
    s = Station.open(tmp_path / "data", signed_settings(station_id="KOEGE1", operator="anna"))
    yield s
    s.close()


def one_file_batch(station, tmp_path, pages=4):
    path = write_pages(tmp_path / "stak.tif", [text_page([f"Side {n}"]) for n in range(1, pages + 1)])
    result = station.intake().import_files([path])
    return result.documents[0]


def page_ids(station, doc):
    return [e.page.id for e in station.journal.document_pages(doc)]


def test_split_and_merge_back(station, tmp_path):
    doc = one_file_batch(station, tmp_path)
    editor = DocumentEditor(station.journal, "anna")
    pages = page_ids(station, doc)
    new = editor.split_document(doc, 3)
    assert page_ids(station, doc) == pages[:2] and page_ids(station, new) == pages[2:]
    batch = station.journal.document(doc).batch_id
    assert [d.id for d in station.journal.batch_documents(batch)] == [doc, new]
    assert station.journal.document(new).started_by == "clerk_split"
    editor.merge_with_next(doc)
    assert page_ids(station, doc) == pages
    assert [d.id for d in station.journal.batch_documents(batch)] == [doc]
    with pytest.raises(JournalError, match="last document"):
        editor.merge_with_next(doc)
    with pytest.raises(JournalError, match="after the first"):
        editor.split_document(doc, 1)


def test_move_a_page_to_another_document_and_back_in_order(station, tmp_path):
    doc = one_file_batch(station, tmp_path)
    editor = DocumentEditor(station.journal, "anna")
    p1, p2, p3, p4 = page_ids(station, doc)
    other = editor.split_document(doc, 3)
    editor.move_page(p2, other, 1)
    assert page_ids(station, doc) == [p1] and page_ids(station, other) == [p2, p3, p4]
    editor.move_page(p4, other, 1)  # reorder within a document
    assert page_ids(station, other) == [p4, p2, p3]
    editor.move_page(p1, other, 99)  # the last page leaves: its document goes
    assert page_ids(station, other) == [p4, p2, p3, p1]
    with pytest.raises(JournalError):
        station.journal.document(doc)


def test_deleted_and_rotated_pages_shape_the_export_and_delete_can_be_undone(station, tmp_path):
    doc = one_file_batch(station, tmp_path)
    editor = DocumentEditor(station.journal, "anna")
    p1, p2, p3, p4 = page_ids(station, doc)
    editor.exclude_page(p2)
    editor.exclude_page(p3)
    editor.include_page(p3)  # undo
    assert editor.rotate_page(p4, 90) == 90
    assert editor.rotate_page(p4, -180) == 270
    entries = station.journal.document_pages(doc)
    assert [(e.page.id, e.included, e.excluded_reason) for e in entries] == [
        (p1, True, None), (p2, False, "deleted"), (p3, True, None), (p4, True, None)]
    station.journal.confirm_document(doc, {"recipient_id": "jobcenter", "received_date": "2026-11-20"}, "anna")
    drop = tmp_path / "drop"
    drop.mkdir()
    outcome = station.exporter(drop).export_document(doc)
    assert outcome.ok
    with pikepdf.open(outcome.pdf_path) as pdf:
        assert len(pdf.pages) == 3
        first, last = pdf.pages[0].mediabox, pdf.pages[2].mediabox
        assert float(first[2]) < float(first[3])  # portrait
        assert float(last[2]) > float(last[3])  # the turned page is landscape
    assert len(station.journal.pages(station.journal.document(doc).batch_id)) == 4  # nothing removed
    with pytest.raises(JournalError, match="no longer be changed"):
        editor.exclude_page(p1)


def test_editing_a_confirmed_document_asks_for_confirmation_again(station, tmp_path):
    doc = one_file_batch(station, tmp_path)
    station.journal.confirm_document(doc, {"recipient_id": "jobcenter"}, "anna")
    DocumentEditor(station.journal, "anna").rotate_page(page_ids(station, doc)[0], 180)
    assert station.journal.document(doc).status == "awaiting_confirmation"
    actions = [e["action"] for e in station.journal.events(f"page:{page_ids(station, doc)[0]}")]
    assert actions[-1] == "page_rotated"


def test_rescan_replaces_a_page_in_place_and_keeps_the_old_one(station, tmp_path):
    from scanstation.capture.base import ScanSettings
    from scanstation.capture.demo import DemoBackend

    doc = one_file_batch(station, tmp_path, pages=3)
    p1, p2, p3 = page_ids(station, doc)
    new = station.intake().rescan_page(DemoBackend(letters=1, site_key=TEST_SITE_KEY), "demo", ScanSettings(source="flatbed", dpi=100), p2)
    entries = station.journal.document_pages(doc)
    assert [(e.page.id, e.included, e.excluded_reason) for e in entries] == [
        (p1, True, None), (new, True, None), (p2, False, "replaced"), (p3, True, None)]
