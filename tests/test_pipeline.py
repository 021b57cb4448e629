"""Pages processed in real worker processes give the same documents as processing in-process."""

from __future__ import annotations

import json
from dataclasses import replace

from scanstation.station import Station

from .test_separation import prepared_stack  # noqa: F401 - the fixture
from tests.signing import signed_settings


def summary(station, result):
    return [(station.journal.document(d).started_by,
             [(e.page.seq, e.included, e.excluded_reason, e.page.rotation) for e in station.journal.document_pages(d)])
            for d in result.documents]


def test_worker_processes_place_pages_in_feed_order(tmp_path, prepared_stack, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    settings = signed_settings(station_id="KOEGE1", operator="anna")
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


def counting_tesseract(monkeypatch) -> list:
    """Every Tesseract OCR run of this process, as it happens (the real engine still runs)."""
    import scanstation.ocr as ocr

    runs, real = [], ocr.run_tesseract
    monkeypatch.setattr(ocr, "run_tesseract", lambda args, **kw: runs.append(args) or real(args, **kw))
    return runs


def test_a_page_is_read_once_whichever_way_up_it_was_fed(tmp_path, monkeypatch):
    """The letters' shapes say which way up the text is before Tesseract runs: a page fed upside
    down or sideways costs one reading, like an upright one, and comes out upright."""
    from scanstation.capture.demo_letters import demo_letters, render_letter_page
    from scanstation.pipeline import ProcessingOptions, process_page

    runs = counting_tesseract(monkeypatch)
    letter = next(item for item in demo_letters(10, seed=6) if item.page_count == 1)
    page = render_letter_page(letter, 1, 200, "gray")
    subject_word = max(letter.subject.split(), key=len)
    for fed_turned in (0, 180, 90, 270):  # counter-clockwise, as the sheet lay in the feeder
        path = tmp_path / f"fed-{fed_turned}.png"
        page.rotate(fed_turned, expand=True).save(path, dpi=(200, 200))
        runs.clear()
        done = process_page(str(path), 200, ProcessingOptions())
        assert (done.analysis.rotation, done.analysis.orientation_method) == (fed_turned, "letters")
        assert len(runs) == 1 and subject_word in done.ocr.text


def test_a_wrong_guess_of_which_way_up_is_caught_by_the_reading(tmp_path, monkeypatch):
    """The letters' guess is only a guess: a page it gets wrong reads poorly, is read the other
    way round too, and the better reading wins."""
    import scanstation.analysis as analysis
    from scanstation.capture.demo_letters import demo_letters, render_letter_page
    from scanstation.pipeline import ProcessingOptions, process_page

    runs = counting_tesseract(monkeypatch)
    monkeypatch.setattr(analysis, "way_up", lambda *a, **kw: 0)  # "upright", whatever the page
    letter = next(item for item in demo_letters(10, seed=6) if item.page_count == 1)
    flipped = tmp_path / "flipped.png"
    render_letter_page(letter, 1, 200, "gray").rotate(180).save(flipped, dpi=(200, 200))
    done = process_page(str(flipped), 200, ProcessingOptions())
    assert (done.analysis.rotation, done.analysis.orientation_method) == (180, "ocr")
    assert len(runs) == 2 and max(letter.subject.split(), key=len) in done.ocr.text


def test_a_shared_worker_pool_outlives_each_import_and_takes_new_settings(tmp_path, prepared_stack, monkeypatch):  # noqa: F811
    """The window and the hot folder keep their workers between scans: no start-up per scan."""
    from scanstation.pipeline import PageProcessor

    monkeypatch.setenv("SCANSTATION_OCR", "0")
    station = Station.open(tmp_path / "station", signed_settings(station_id="KOEGE1", operator="anna"))
    with PageProcessor(workers=1) as workers:
        first = station.intake(processor=workers).import_files([prepared_stack])
        pool = workers._executor
        assert pool is not None  # still running after the import
        station.settings = signed_settings(station_id="KOEGE1", operator="anna", separation_strategy="per_scan")
        second = station.intake(processor=workers).import_files([prepared_stack], again=True)
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


def test_a_black_and_white_letter_scanned_in_colour_is_read_bitonal(tmp_path):
    from scanstation.capture.demo_letters import demo_letters, render_letter_page
    from scanstation.pipeline import ProcessingOptions, process_page

    from .test_pdfa import colour_scan_of

    letter = next(item for item in demo_letters(10, seed=6) if item.page_count == 1)
    path = tmp_path / "colour.png"
    colour_scan_of(render_letter_page(letter, 1, 200, "gray")).save(path, dpi=(200, 200))
    done = process_page(str(path), 200, ProcessingOptions())
    assert done.analysis.ink_threshold is not None and max(letter.subject.split(), key=len) in done.ocr.text


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


def letter_pages(tmp_path, count: int, dpi: int = 200):
    """`count` one-page demo letters saved as scanned files, and the letters."""
    from scanstation.capture.demo_letters import demo_letters, render_letter_page

    letters = [item for item in demo_letters(12, seed=6) if item.page_count == 1][:count]
    paths = []
    for n, letter in enumerate(letters):
        path = tmp_path / f"letter-{n}.png"
        render_letter_page(letter, 1, dpi, "gray").save(path, dpi=(dpi, dpi))
        paths.append(path)
    return letters, paths


def test_pages_that_waited_for_a_worker_are_read_in_one_tesseract_run(tmp_path, monkeypatch):
    """A batch: an upright letter, one fed upside down and a blank back. One Tesseract run
    reads both letters (the blank needs none), each comes out as it would alone."""
    from PIL import Image

    from scanstation.pipeline import ProcessingOptions, process_page, process_pages

    runs = counting_tesseract(monkeypatch)
    letters, (upright, flipped) = letter_pages(tmp_path, 2)
    Image.open(flipped).rotate(180).save(flipped, dpi=(200, 200))
    blank = tmp_path / "blank.png"
    Image.new("L", (1654, 2339), 250).save(blank, dpi=(200, 200))
    done = process_pages([(str(upright), 200, False), (str(blank), 200, True), (str(flipped), 200, False)], ProcessingOptions())
    assert len(runs) == 1 and runs[0][1].endswith(".txt")  # a list of the two letters' images
    assert [d.analysis.blank for d in done] == [False, True, False] and done[1].ocr is None
    assert done[1].preview.size == (240, 339) and done[0].preview is None  # a thumbnail when asked for
    assert [d.analysis.rotation for d in (done[0], done[2])] == [0, 180]
    for letter, result in zip(letters, (done[0], done[2])):
        assert max(letter.subject.split(), key=len) in result.ocr.text
        alone = process_page(str(upright if letter is letters[0] else flipped), 200, ProcessingOptions())
        assert result.ocr.words == alone.ocr.words
        assert replace(result.analysis, timings_ms={}) == replace(alone.analysis, timings_ms={})
        assert result.ocr.page_image == alone.ocr.page_image  # the archive's G4 image of the page


def test_a_wrong_guess_in_a_batch_costs_that_page_alone_a_second_reading(tmp_path, monkeypatch):
    import scanstation.analysis as analysis
    from PIL import Image

    from scanstation.pipeline import ProcessingOptions, process_pages

    runs = counting_tesseract(monkeypatch)
    monkeypatch.setattr(analysis, "way_up", lambda *a, **kw: 0)  # "upright", whatever the page
    letters, (upright, flipped) = letter_pages(tmp_path, 2)
    Image.open(flipped).rotate(180).save(flipped, dpi=(200, 200))
    done = process_pages([(str(upright), 200, False), (str(flipped), 200, False)], ProcessingOptions())
    assert len(runs) == 2 and runs[1][1].endswith("-180.tif")  # the second run: that page, turned
    assert [(d.analysis.rotation, d.analysis.orientation_method) for d in done] == [(0, "letters"), (180, "ocr")]
    assert max(letters[1].subject.split(), key=len) in done[1].ocr.text


def test_a_page_that_cannot_be_analysed_does_not_hold_up_its_batch(tmp_path):
    from scanstation.pipeline import ProcessingOptions, process_pages

    letters, (good,) = letter_pages(tmp_path, 1)
    broken = tmp_path / "broken.png"
    broken.write_bytes(good.read_bytes()[:5000])  # cut off mid-image
    done = process_pages([(str(broken), 200, True), (str(good), 200, True)], ProcessingOptions())
    assert done[0].analysis is None and done[0].problem.startswith("analysis:") and done[0].preview is None
    assert done[1].preview.size[0] == 240
    assert max(letters[0].subject.split(), key=len) in done[1].ocr.text
