"""One letter that cannot be exported fails alone, with its reason, and the queue goes on.

Real journal, real page files, real PDFs; the faults are a PDF builder and a page reader handed
to the Exporter (its seams), and page files taken away on disk.
"""

from __future__ import annotations

import shutil

import pytest

from scanstation.config import Settings
from scanstation.export.exporter import ExportOptions, Exporter
from scanstation.export.pdfa import build_pdfa
from scanstation.station import Station

from .pages import letter_files
from .pdfcheck import check_delivery


@pytest.fixture
def station(tmp_path):
    s = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
    yield s
    s.close()


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


def confirmed_letters(station, folder) -> list[int]:
    """Three confirmed letters: 01-brev.png (1 page), 02-klage.tif (2 pages), 03-faktura.jpg (1 page)."""
    result = station.intake(analyze=False).import_files(letter_files(folder))
    for doc_id in result.documents:
        station.confirm(doc_id, {"recipient_id": "borgerservice", "received_date": "2026-11-20"})
    return result.documents


def exporter(station, drop, **seams) -> Exporter:
    return Exporter(station.journal, station.store, ExportOptions(drop, "KOEGE1", "anna"), **seams)


def refusing(file_name: str, error: Exception):
    """A PDF builder that refuses any page stored from `file_name`'s import, as a library would."""
    def build(pages, **options):
        if any(page.image_path.name == file_name for page in pages):
            raise error
        return build_pdfa(pages, **options)
    return build


def stored_name(station, doc_id: int, position: int = 0) -> str:
    page = station.journal.document_pages(doc_id)[position].page
    return station.store.path_of(page.file_path).name


def test_a_letter_the_pdf_library_refuses_fails_alone_and_the_next_ones_go_out(station, drop, tmp_path):
    first, second, third = confirmed_letters(station, tmp_path / "in")
    second_page_two = stored_name(station, second, 1)
    build = refusing(second_page_two, ValueError("Page size must be between 3 and 14400 PDF units"))

    outcomes = exporter(station, drop, build_pdf=build).export_pending()

    assert [o.document_id for o in outcomes] == [first, second, third]
    assert [o.ok for o in outcomes] == [True, False, True]
    for o in (outcomes[0], outcomes[2]):
        check_delivery(o.pdf_path)
    failed = station.journal.document(second)
    assert failed.status == "failed"
    # One sentence a clerk can act on: which page, what the library said, what to do. No traceback.
    assert failed.failure == outcomes[1].message
    assert failed.failure.startswith("Page 2 (02-klage.tif page 2 of 2) could not be put into the PDF")
    assert "14400 PDF units" in failed.failure and "rescan" in failed.failure
    assert "Traceback" not in failed.failure and "\n" not in failed.failure
    assert [e["action"] for e in station.journal.events(f"document:{second}")][-1] == "export_failed"
    assert sorted(p.suffix for p in drop.iterdir()) == [".json", ".json", ".pdf", ".pdf"]


def test_retry_after_the_cause_is_fixed_exports_the_failed_letter_with_its_kept_journal_id(station, drop, tmp_path):
    first, second, third = confirmed_letters(station, tmp_path / "in")
    build = refusing(stored_name(station, first), MemoryError())
    outcomes = exporter(station, drop, build_pdf=build).export_pending()
    assert [o.ok for o in outcomes] == [False, True, True]
    assert "could not be put into the PDF (MemoryError)" in outcomes[0].message
    kept_id = station.journal.document(first).journal_id

    # Plain `export` does not touch failed letters; `export --retry` (the window's Retry) does.
    assert exporter(station, drop).export_pending() == []
    (retried,) = exporter(station, drop).export_pending(retry_failed=True)

    assert retried.ok and retried.journal_id == kept_id
    assert station.journal.document(first).status == "exported"
    assert station.journal.document(first).failure is None
    check_delivery(retried.pdf_path)


def test_an_unexpected_error_anywhere_in_a_delivery_fails_that_letter_only(station, drop, tmp_path):
    first, second, third = confirmed_letters(station, tmp_path / "in")

    def broken_builder(pages, **options):
        if len(pages) == 1 and pages[0].image_path.name == stored_name(station, third):
            raise KeyError("boom")  # a bug, not a refusal: still only this letter
        return build_pdfa(pages, **options)

    outcomes = exporter(station, drop, build_pdf=broken_builder).export_pending()

    assert [o.ok for o in outcomes] == [True, True, False]
    assert "could not be put into the PDF ('boom')" in outcomes[2].message


def test_a_page_file_gone_from_disk_fails_its_letter_until_it_is_restored(station, drop, tmp_path):
    first, second, third = confirmed_letters(station, tmp_path / "in")
    page = station.journal.document_pages(first)[0].page
    stored = station.store.path_of(page.file_path)
    backup = tmp_path / "backup.png"
    shutil.move(stored, backup)

    outcomes = exporter(station, drop).export_pending()

    assert [o.ok for o in outcomes] == [False, True, True]
    assert "missing or damaged on disk" in outcomes[0].message
    shutil.move(backup, stored)  # IT restores the file from the backup
    (retried,) = exporter(station, drop).export_pending(retry_failed=True)
    assert retried.ok
    check_delivery(retried.pdf_path)


def test_a_vanished_drop_folder_fails_each_letter_with_the_reason_and_retry_delivers_them(station, drop, tmp_path):
    confirmed_letters(station, tmp_path / "in")
    drop.rmdir()  # the network share went away
    outcomes = exporter(station, drop).export_pending()
    assert len(outcomes) == 3 and not any(o.ok for o in outcomes)
    assert all("does not exist or is not reachable" in o.message for o in outcomes)
    drop.mkdir()
    assert all(o.ok for o in exporter(station, drop).export_pending(retry_failed=True))


def test_a_turned_page_that_cannot_be_read_again_goes_out_image_only_and_the_sidecar_says_so(tmp_path, drop,
                                                                                             monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "1")
    from scanstation.journal.editing import DocumentEditor

    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
    try:
        doc = station.intake().import_files(letter_files(tmp_path / "in")[:1]).documents[0]
        page = station.journal.document_pages(doc)[0].page
        assert station.journal.page_ocr(page.id)["ok"]
        DocumentEditor(station.journal, "anna").rotate_page(page.id, 90)
        station.confirm(doc, {"recipient_id": "borgerservice", "received_date": "2026-11-20"})

        def tesseract_gone(*_args, **_kwargs):
            raise FileNotFoundError("tesseract")

        outcome = exporter(station, drop, read_page=tesseract_gone).export_document(doc)

        assert outcome.ok
        sidecar = check_delivery(outcome.pdf_path)
        assert sidecar["ocr"]["pages_with_text"] == 0
        (problem,) = sidecar["ocr"]["pages_without_text"]
        assert problem["page"] == 1 and "not read again after it was turned" in problem["problem"]
    finally:
        station.close()


def test_a_real_one_pixel_page_never_blocks_the_letter_behind_it(station, drop, tmp_path):
    """Whatever the import and the PDF library make of a 1x1 image (refused, exported, or
    failed with a reason), the good letter after it is delivered."""
    from PIL import Image

    folder = tmp_path / "in"
    folder.mkdir()
    Image.new("L", (1, 1), 0).save(folder / "01-tiny.png")
    letter_files(folder)
    result = station.intake(analyze=False).import_files([folder])
    for doc_id in result.documents:
        station.confirm(doc_id, {"recipient_id": "borgerservice", "received_date": "2026-11-20"})

    outcomes = exporter(station, drop).export_pending()
    outcomes += exporter(station, drop).export_pending(retry_failed=True)  # a retry never crashes either

    delivered = {station.journal.document(o.document_id).status for o in outcomes if o.ok}
    assert delivered <= {"exported"}
    origins = {station.journal.document_pages(o.document_id)[0].page.origin: o for o in outcomes}
    for name in ("01-brev.png", "02-klage.tif page 1 of 2", "03-faktura.jpg"):
        assert origins[name].ok
    tiny = origins.get("01-tiny.png")
    if tiny is not None and not tiny.ok:
        assert "Page 1 (01-tiny.png)" in tiny.message
    else:  # refused at the import, or made exportable
        assert tiny is not None or any("01-tiny.png" in e for e in result.file_errors)


def test_the_clerk_leaves_the_refused_page_out_confirms_again_and_the_letter_goes_out(station, drop, tmp_path):
    from scanstation.journal.editing import DocumentEditor

    _first, second, _third = confirmed_letters(station, tmp_path / "in")
    refused = station.journal.document_pages(second)[1].page
    build = refusing(station.store.path_of(refused.file_path).name, ValueError("bad page"))
    assert not exporter(station, drop, build_pdf=build).export_document(second).ok

    DocumentEditor(station.journal, "anna").exclude_page(refused.id)  # Ctrl+Del in the window
    station.confirm(second, {"recipient_id": "jobcenter", "received_date": "2026-11-20"})  # Enter
    outcome = exporter(station, drop, build_pdf=build).export_document(second)

    assert outcome.ok
    sidecar = check_delivery(outcome.pdf_path)
    assert sidecar["page_count"] == 1 and sidecar["recipient"]["id"] == "jobcenter"


def test_a_cpr_number_in_a_failure_never_reaches_the_reason_or_the_log(station, drop, tmp_path, caplog):
    first, _second, _third = confirmed_letters(station, tmp_path / "in")
    build = refusing(stored_name(station, first), ValueError("cannot encode 010190-1234's page"))

    outcome = exporter(station, drop, build_pdf=build).export_document(first)

    assert not outcome.ok and "010190-1234" not in outcome.message and "010190-****" in outcome.message
    assert "010190-1234" not in station.journal.document(first).failure
    assert "010190-1234" not in caplog.text
