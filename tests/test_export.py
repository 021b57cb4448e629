"""Import -> confirm -> export, in process, with real files, a real journal and real PDFs."""

import errno
import json

import pytest

from scanstation.config import Settings
from scanstation.export import exporter as exporter_module
from scanstation.station import Station

from .pages import letter_files
from .pdfcheck import check_delivery


@pytest.fixture
def station(tmp_path):
    s = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
    yield s
    s.close()


def import_and_confirm(station, folder, **fields):
    result = station.intake().import_files(letter_files(folder))
    for doc_id in result.documents:
        station.journal.confirm_document(
            doc_id, {"recipient_id": "borgerservice", "received_date": "2026-11-20", **fields}, "anna")
    return result


def drop_contents(drop):
    return sorted(p.name for p in drop.iterdir())


def test_each_file_becomes_a_document_with_every_page_on_disk_and_in_the_journal(station, tmp_path):
    result = station.intake().import_files(letter_files(tmp_path / "in"))
    assert result.pages == 4 and len(result.documents) == 3 and not result.file_errors
    assert [len(station.journal.document_pages(d)) for d in result.documents] == [1, 2, 1]
    for doc_id in result.documents:
        assert station.journal.document(doc_id).status == "awaiting_confirmation"
        for entry in station.journal.document_pages(doc_id):
            assert station.store.verify(entry.page.file_path, entry.page.sha256)


def test_confirmed_documents_are_exported_as_valid_pdfs_with_matching_sidecars(station, tmp_path):
    result = import_and_confirm(station, tmp_path / "in", case_number="2017-0289209", cpr="010190-1234")
    drop = tmp_path / "drop"
    drop.mkdir()
    outcomes = station.exporter(drop).export_pending()
    assert [o.ok for o in outcomes] == [True, True, True]
    year = outcomes[0].journal_id.split("-")[1]
    assert drop_contents(drop) == sorted(
        f"KOEGE1-{year}-00000{n}.{ext}" for n in (1, 2, 3) for ext in ("pdf", "json"))
    sidecars = [check_delivery(o.pdf_path) for o in outcomes]
    assert [s["page_count"] for s in sidecars] == [1, 2, 1]
    first = sidecars[0]
    assert first["recipient"] == {"id": "borgerservice", "name": "Borgerservice"}
    assert first["received_date"] == "2026-11-20" and first["case_number"] == "2017-0289209"
    assert first["operator"] == "anna" and first["station_id"] == "KOEGE1"
    assert first["cpr"] == "010190-1234"
    assert first["source"] == {"device": "files", "batch_id": result.batch_id}
    page_hashes = [e.page.sha256 for e in station.journal.document_pages(result.documents[1])]
    assert [p["image_sha256"] for p in sidecars[1]["pages"]] == page_hashes
    assert all(station.journal.document(d).status == "exported" for d in result.documents)


def test_cpr_is_left_out_of_the_sidecar_when_the_setting_is_off(tmp_path):
    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna", include_cpr=False))
    import_and_confirm(station, tmp_path / "in", cpr="010190-1234")
    drop = tmp_path / "drop"
    drop.mkdir()
    for outcome in station.exporter(drop).export_pending():
        assert "cpr" not in json.loads(outcome.sidecar_path.read_text())
    station.close()


def test_exporting_again_never_duplicates(station, tmp_path):
    import_and_confirm(station, tmp_path / "in")
    drop = tmp_path / "drop"
    drop.mkdir()
    exporter = station.exporter(drop)
    exporter.export_pending()
    before = drop_contents(drop)
    assert exporter.export_pending(retry_failed=True) == []
    again = exporter.export_document(1)
    assert again.ok and again.message == "already exported"
    assert drop_contents(drop) == before


def test_missing_drop_folder_keeps_documents_queued_until_retry(station, tmp_path):
    result = import_and_confirm(station, tmp_path / "in")
    drop = tmp_path / "unmounted-share"
    outcomes = station.exporter(drop).export_pending()
    assert not any(o.ok for o in outcomes)
    assert "does not exist or is not reachable" in outcomes[0].message
    assert not drop.exists()  # never created: it may be a network share that is not mounted
    assert all(station.journal.document(d).status == "failed" for d in result.documents)
    assert "reachable" in station.journal.document(result.documents[0]).failure
    drop.mkdir()
    retried = station.exporter(drop).export_pending(retry_failed=True)
    assert all(o.ok for o in retried)
    # The ids were given on the first attempt and kept: no gaps, no new numbers.
    assert sorted(o.journal_id[-6:] for o in retried) == ["000001", "000002", "000003"]
    for o in retried:
        check_delivery(o.pdf_path)


def test_drop_folder_that_is_a_file_is_reported(station, tmp_path):
    import_and_confirm(station, tmp_path / "in")
    not_a_folder = tmp_path / "drop"
    not_a_folder.write_text("oops")
    outcome = station.exporter(not_a_folder).export_pending()[0]
    assert not outcome.ok and "is not a folder" in outcome.message


@pytest.mark.parametrize("error, words", [
    (errno.ENOSPC, "disk is full"),
    (errno.EROFS, "read-only"),
    (errno.EACCES, "no permission"),
])
def test_a_write_failing_at_the_sidecar_leaves_no_half_delivery(station, tmp_path, monkeypatch, error, words):
    """Fault injection (tests run as root, so chmod cannot make a folder read-only):
    the drop folder fails after the PDF, before the sidecar."""
    import_and_confirm(station, tmp_path / "in")
    drop = tmp_path / "drop"
    drop.mkdir()
    real_write = exporter_module.write_atomically

    def disk_full_on_sidecar(target, data, **options):
        if target.suffix == ".json":
            raise OSError(error, "injected")
        real_write(target, data, **options)

    monkeypatch.setattr(exporter_module, "write_atomically", disk_full_on_sidecar)
    outcomes = station.exporter(drop).export_pending()
    assert not any(o.ok for o in outcomes) and words in outcomes[0].message
    assert not list(drop.glob("*.json"))  # an importer waiting for sidecars takes nothing
    assert not [p for p in drop.iterdir() if p.name.startswith(".")]  # no temp files left
    monkeypatch.setattr(exporter_module, "write_atomically", real_write)
    retried = station.exporter(drop).export_pending(retry_failed=True)
    assert all(o.ok for o in retried)
    assert len(list(drop.glob("*.pdf"))) == 3 and len(list(drop.glob("*.json"))) == 3
    for o in retried:
        check_delivery(o.pdf_path)


def test_a_damaged_page_file_is_never_exported(station, tmp_path):
    result = import_and_confirm(station, tmp_path / "in")
    page = station.journal.document_pages(result.documents[0])[0].page
    station.store.path_of(page.file_path).write_bytes(b"damaged")
    drop = tmp_path / "drop"
    drop.mkdir()
    outcome = station.exporter(drop).export_document(result.documents[0])
    assert not outcome.ok and "missing or damaged" in outcome.message
    assert not list(drop.iterdir())


def test_an_exported_document_cannot_be_changed(station, tmp_path):
    result = import_and_confirm(station, tmp_path / "in")
    drop = tmp_path / "drop"
    drop.mkdir()
    station.exporter(drop).export_pending()
    from scanstation.journal import JournalError
    with pytest.raises(JournalError, match="can no longer be changed"):
        station.journal.confirm_document(result.documents[0], {"recipient_id": "jobcenter"}, "anna")


def test_a_missing_ocr_language_flags_pages_and_the_letter_still_exports(tmp_path, monkeypatch):
    """Real Tesseract, a language that is not installed: pages are kept, image-only, and say why."""
    monkeypatch.setenv("SCANSTATION_OCR", "1")
    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna", ocr_languages="dan+xyz"))
    result = import_and_confirm(station, tmp_path / "in")
    page = station.journal.document_pages(result.documents[0])[0].page
    stored = station.journal.page_ocr(page.id)
    assert not stored["ok"] and "xyz" in stored["problem"]
    drop = tmp_path / "drop"
    drop.mkdir()
    outcomes = station.exporter(drop).export_pending()
    assert all(o.ok for o in outcomes)
    sidecar = check_delivery(outcomes[0].pdf_path)
    assert sidecar["ocr"]["pages_with_text"] == 0
    assert "xyz" in sidecar["ocr"]["pages_without_text"][0]["problem"]
    station.close()


def test_exported_pdf_is_searchable_where_the_words_are(tmp_path, monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "1")
    import subprocess

    from scanstation.capture.demo_letters import demo_letters, render_letter_page

    letter = next(item for item in demo_letters(10, seed=2) if item.page_count == 1)
    path = tmp_path / "in" / "brev.png"
    path.parent.mkdir()
    render_letter_page(letter, 1, 300, "gray").rotate(180).save(path, dpi=(300, 300))  # fed upside down
    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
    result = station.intake().import_files([path])
    station.confirm(result.documents[0], {"recipient_id": letter.team, "received_date": "2026-11-20"})
    drop = tmp_path / "drop"
    drop.mkdir()
    outcome = station.exporter(drop).export_document(result.documents[0])
    sidecar = check_delivery(outcome.pdf_path)
    assert sidecar["ocr"] == {"pages_with_text": 1, "pages_without_text": []}
    text = subprocess.run(["pdftotext", str(outcome.pdf_path), "-"], capture_output=True, text=True).stdout
    subject_word = max(letter.subject.split(), key=len)
    assert subject_word in text
    # Reading order: the subject comes before the signature.
    assert text.index(subject_word) < text.rindex(letter.signature[0].split()[0])
    assert outcome.pdf_path.stat().st_size < 200_000
    station.close()


def test_a_page_the_clerk_turns_after_ocr_is_read_again_once(tmp_path, monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "1")
    from scanstation.capture.demo_letters import demo_letters, render_letter_page
    from scanstation.journal.editing import DocumentEditor

    letter = next(item for item in demo_letters(10, seed=4) if item.page_count == 1)
    path = tmp_path / "brev.png"
    render_letter_page(letter, 1, 200, "gray").rotate(90, expand=True).save(path, dpi=(200, 200))
    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
    doc = station.intake().import_files([path]).documents[0]
    page = station.journal.document_pages(doc)[0].page
    DocumentEditor(station.journal, "anna").rotate_page(page.id, 180)  # the clerk knows better
    station.confirm(doc, {"recipient_id": letter.team})
    drop = tmp_path / "drop"
    drop.mkdir()
    outcome = station.exporter(drop).export_document(doc)
    assert outcome.ok
    assert station.journal.page_ocr(page.id)["rotation"] == station.journal.document_pages(doc)[0].page.rotation
    station.close()


def test_the_archived_page_is_the_image_ocr_read_without_decoding_the_scan_again(tmp_path, monkeypatch):
    """An ink-on-paper page is read bitonal; that very G4 image is kept with its reading and
    goes into the PDF, so the export neither decodes the scan nor makes the image again."""
    import io

    import pikepdf
    from PIL import Image

    import scanstation.export.pdfa as pdfa
    from scanstation.capture.demo_letters import demo_letters, render_letter_page

    monkeypatch.setenv("SCANSTATION_OCR", "1")
    letter = next(item for item in demo_letters(10, seed=2) if item.page_count == 1)
    path = tmp_path / "in" / "brev.png"
    path.parent.mkdir()
    render_letter_page(letter, 1, 200, "gray").rotate(180).save(path, dpi=(200, 200))  # fed upside down
    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
    doc = station.intake(workers=0).import_files([path]).documents[0]
    page = station.journal.document_pages(doc)[0].page
    read = station.journal.page_ocr(page.id)
    g4 = Image.open(io.BytesIO(read["page_image"]))
    assert (g4.mode, g4.info["compression"], read["rotation"]) == ("1", "group4", 180)
    station.confirm(doc, {"recipient_id": letter.team, "received_date": "2026-11-20"})

    scan, real_open = station.store.path_of(page.file_path), Image.open

    def no_decoding(source, *args, **kwargs):
        assert str(source) != str(scan), "the scan was decoded again at export"
        return real_open(source, *args, **kwargs)

    monkeypatch.setattr(pdfa.Image, "open", no_decoding)
    drop = tmp_path / "drop"
    drop.mkdir()
    outcome = station.exporter(drop).export_document(doc)
    monkeypatch.undo()
    assert outcome.ok, outcome.message
    check_delivery(outcome.pdf_path)
    strip = read["page_image"][g4.tag_v2[273][0]:][:g4.tag_v2[279][0]]  # the TIFF's one strip of G4 data
    with pikepdf.open(outcome.pdf_path) as pdf:
        (image,) = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert image.read_raw_bytes() == strip
    station.close()
