"""Pages processed in real worker processes give the same documents as processing in-process."""

from __future__ import annotations

import json

from scanstation.config import Settings
from scanstation.station import Station

from .test_separation import prepared_stack  # noqa: F401 - the fixture


def summary(station, result):
    return [(station.journal.document(d).started_by,
             [(e.page.seq, e.included, e.excluded_reason, e.page.rotation) for e in station.journal.document_pages(d)])
            for d in result.documents]


def test_worker_processes_place_pages_in_feed_order(tmp_path, prepared_stack, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    settings = Settings(station_id="KOEGE1", operator="anna")
    inline = Station.open(tmp_path / "inline", settings)
    parallel = Station.open(tmp_path / "parallel", settings)
    expected = summary(inline, inline.intake(workers=0).import_files([prepared_stack]))
    got = summary(parallel, parallel.intake(workers=2).import_files([prepared_stack]))
    assert got == expected
    assert [kind for kind, _ in got] == ["cover_sheet", "separator", "patch_T"]
    page = parallel.journal.pages(1)[4]
    assert json.loads(page.analysis)["barcodes"]  # the analysis came back from the worker
    inline.close()
    parallel.close()


def test_an_upright_page_is_read_once_and_an_upside_down_page_is_turned_and_read(tmp_path, monkeypatch):
    """OCR first: a page that reads well needs no orientation check; one that does not is turned."""
    from scanstation.capture.demo_letters import demo_letters, render_letter_page
    from scanstation.pipeline import ProcessingOptions, process_page

    letter = next(item for item in demo_letters(10, seed=6) if item.page_count == 1)
    upright, flipped = tmp_path / "upright.png", tmp_path / "flipped.png"
    page = render_letter_page(letter, 1, 200, "gray")
    page.save(upright, dpi=(200, 200))
    page.rotate(180).save(flipped, dpi=(200, 200))
    first = process_page(str(upright), 200, ProcessingOptions())
    assert first.analysis.rotation == 0 and first.analysis.orientation_method == "ocr" and first.ocr.ok
    second = process_page(str(flipped), 200, ProcessingOptions())
    assert second.analysis.rotation == 180 and second.analysis.orientation_method == "ocr"
    sideways = tmp_path / "sideways.png"
    page.rotate(90, expand=True).save(sideways, dpi=(200, 200))  # fed a quarter turned: OSD decides
    third = process_page(str(sideways), 200, ProcessingOptions())
    assert third.analysis.rotation == 90 and third.analysis.orientation_method in ("osd", "confidence")
    subject_word = max(letter.subject.split(), key=len)
    assert all(subject_word in done.ocr.text for done in (first, second, third))


def test_a_shared_worker_pool_outlives_each_import_and_takes_new_settings(tmp_path, prepared_stack, monkeypatch):  # noqa: F811
    """The window and the hot folder keep their workers between scans: no start-up per scan."""
    from scanstation.pipeline import PageProcessor

    monkeypatch.setenv("SCANSTATION_OCR", "0")
    station = Station.open(tmp_path / "station", Settings(station_id="KOEGE1", operator="anna"))
    with PageProcessor(workers=1) as workers:
        first = station.intake(processor=workers).import_files([prepared_stack])
        pool = workers._executor
        assert pool is not None  # still running after the import
        station.settings = Settings(station_id="KOEGE1", operator="anna", separation_strategy="per_scan")
        second = station.intake(processor=workers).import_files([prepared_stack])
        assert workers._executor is pool  # the same processes did the second import
    assert workers._executor is None  # closed with its owner
    assert len(first.documents) == 3 and len(second.documents) == 1  # the new separation applied
    station.close()


def test_a_page_of_ink_on_paper_is_read_bitonal_as_it_is_archived_and_a_shaded_page_gray(tmp_path):
    """Tesseract reads the image the PDF will hold: bitonal for ink on paper (faster, same text),
    gray when the page has marks a threshold would lose."""
    from PIL import ImageDraw

    from scanstation.capture.demo_letters import demo_letters, render_letter_page
    from scanstation.pipeline import ProcessingOptions, process_page

    letter = next(item for item in demo_letters(10, seed=6) if item.page_count == 1)
    page = render_letter_page(letter, 1, 200, "gray")
    plain, shaded = tmp_path / "plain.png", tmp_path / "shaded.png"
    page.save(plain, dpi=(200, 200))
    marked = page.copy()
    ImageDraw.Draw(marked).rectangle((150, 1500, 700, 1700), fill=200)  # a light gray box, as a form has
    marked.save(shaded, dpi=(200, 200))
    subject_word = max(letter.subject.split(), key=len)
    first = process_page(str(plain), 200, ProcessingOptions())
    assert first.analysis.ink_threshold is not None and subject_word in first.ocr.text
    second = process_page(str(shaded), 200, ProcessingOptions())
    assert second.analysis.ink_threshold is None and subject_word in second.ocr.text


def test_a_page_fed_upside_down_is_still_turned_when_ocr_cannot_read(tmp_path):
    """A missing OCR language costs the page its text, never its orientation: OSD decides (or, when
    OSD is unsure, which way round reads better)."""
    from dataclasses import replace

    from scanstation.capture.demo_letters import demo_letters, render_letter_page
    from scanstation.pipeline import ProcessingOptions, process_page

    letter = next(item for item in demo_letters(10, seed=6) if item.page_count == 1)
    flipped = tmp_path / "flipped.png"
    render_letter_page(letter, 1, 200, "gray").rotate(180).save(flipped, dpi=(200, 200))
    options = ProcessingOptions()
    options = replace(options, analysis=replace(options.analysis, languages="dan+xyz"))
    done = process_page(str(flipped), 200, options)
    assert done.analysis.rotation == 180 and done.analysis.orientation_method in ("osd", "confidence")
    assert not done.ocr.ok and "xyz" in done.ocr.problem
