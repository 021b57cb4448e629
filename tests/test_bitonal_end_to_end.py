"""Black-and-white (mode "1") pages are first-class, from every container to the archive.

Issue 14, item 1: every 1-bit page used to crash the station. Here each way such a page
arrives - G3/G4/LZW/PackBits/uncompressed TIFF, fax TIFF (204 x 98 and 204 x 196 dpi), a
production scanner's CCITT PDF, PDF pages that render black and white (blank, vector-only),
bitonal PNG with and without a resolution, `scan --mode lineart` on SANE and on the demo
scanner, and the hot folder - is taken in; the worker's analysis works on it (blank pages,
cover sheets, separator sheets, patch codes, the site's separator barcode, skew, which way
up); the reading gives text; and the export is a PDF/A whose page image is still CCITT G4
(never inflated to gray), searchable, with a sidecar that tells the truth about its text.

The bulk is checked in-process without OCR (fast); the real CLI with Tesseract runs on a few
small ugly pages (dust, skew, fax resolution), each read once.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw
from reportlab.pdfgen import canvas

from scanstation.analysis import AnalysisOptions, analyze_page
from scanstation.capture.files import read_pages
from scanstation.imaging.blank import detect_blank
from scanstation.pipeline import ProcessingOptions, process_page
from tests import bitonal_pages as bp
from tests.cli_run import cli_env, scanstation, scanstation_json
from tests.pdfcheck import check_delivery
from tests.sane_env import use_test_sane_config
from tests.signing import TEST_SITE_KEY

use_test_sane_config()  # the CLI's subprocesses inherit the test SANE configuration

NO_OCR = ProcessingOptions(ocr=False, analysis=AnalysisOptions(site_key=TEST_SITE_KEY))


def only_page(path):
    pages = list(read_pages(path))
    assert len(pages) == 1
    return pages[0]


# --- every container gives a black-and-white page with square pixels -------------------------------


@pytest.mark.parametrize("compression", ["group4", "group3", "tiff_lzw", "packbits", "raw"])
def test_bitonal_tiff_of_every_compression_is_taken_as_it_is(tmp_path, compression):
    letter = bp.ugly_letter("boligstøtte", dpi=100)
    path = bp.save_tiff(tmp_path / "letter.tif", [letter], compression, dpi=(100, 100))
    page = only_page(path)
    assert (page.image.mode, page.dpi, page.image.size) == ("1", 100, letter.size)
    assert page.image.tobytes() == letter.tobytes()  # lossless: not a pixel changed


@pytest.mark.parametrize(("fine", "lines"), [(False, 98), (True, 196)])
def test_fax_tiff_gets_square_pixels(tmp_path, fine, lines):
    sent = bp.fax(bp.ugly_letter("vejarbejde", dpi=204), fine=fine)
    path = bp.save_tiff(tmp_path / "fax.tif", [sent], "group3", dpi=(204, lines))
    page = only_page(path)
    assert (page.image.mode, page.dpi) == ("1", 204)
    assert page.image.width == sent.width
    assert page.image.height == pytest.approx(sent.height * 204 / lines, abs=1)  # an A4 page is A4 again


def test_ccitt_pdf_is_taken_black_and_white_at_its_scan_resolution(tmp_path):
    letters = [bp.ugly_letter("hjemmehjælp", dpi=150), bp.ugly_letter("affaldsgebyr", dpi=150, skew=-1)]
    path = bp.ccitt_pdf(tmp_path / "scanner.pdf", letters, dpi=150)
    pages = list(read_pages(path))
    assert [(p.image.mode, p.dpi) for p in pages] == [("1", 150), ("1", 150)]
    for page, letter in zip(pages, letters):  # drawn pixel for pixel (pdfium may sample an edge a row off)
        assert page.image.size == letter.size
        differ = ImageChops.logical_xor(page.image, letter).histogram()[255]
        assert differ < 0.005 * letter.width * letter.height


def test_pdf_pages_that_render_black_and_white_are_taken(tmp_path):
    path = tmp_path / "vector.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595.2, 841.92))  # A4, a whole number of pixels at 300 dpi
    pdf.showPage()  # a blank page
    for x in range(72, 480, 24):  # bars and rules, edges on the pixel grid: no anti-aliasing
        pdf.rect(x, 600, 12, 120, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    blank, bars = read_pages(path)
    assert (blank.image.mode, bars.image.mode) == ("1", "1")
    assert blank.dpi == bars.dpi == 300


@pytest.mark.parametrize("dpi", [200, None])
def test_bitonal_png_with_and_without_a_resolution(tmp_path, dpi):
    letter = bp.ugly_letter("affaldsgebyr", dpi=150)
    path = tmp_path / "letter.png"
    letter.save(path, **({"dpi": (dpi, dpi)} if dpi else {}))
    page = only_page(path)
    assert page.image.mode == "1" and page.dpi == (dpi or 300)
    assert page.image.convert("L").tobytes() == letter.convert("L").tobytes()


# --- the worker's analysis on black-and-white pages --------------------------------------------------


def processed(tmp_path, image: Image.Image, dpi: int = 200, name: str = "page.png"):
    """What a worker makes of the stored page (the page store keeps pages as PNG), thumbnail too."""
    path = tmp_path / name
    image.save(path, dpi=(dpi, dpi))
    result = process_page(str(path), dpi, NO_OCR, preview=True)
    assert result.problem is None, result.problem
    assert result.preview is not None and result.preview.mode == "L"
    return result.analysis


def test_blank_back_and_letter_are_told_apart(tmp_path):
    assert processed(tmp_path, bp.blank_bitonal(), name="back.png").blank
    letter = processed(tmp_path, bp.ugly_letter("boligstøtte"), name="letter.png")
    assert not letter.blank and letter.barcodes == ()  # text is not a barcode


@pytest.mark.parametrize(("sheet", "kind"), [
    (lambda: bp.cover_sheet("jobcenter", "2017-0289209"), "cover_sheet"),
    (lambda: bp.separator_sheet(), "separator"),
    (lambda: bp.patch_sheet("T"), "patch_T"),
    (lambda: bp.patch_sheet("2"), "patch_2"),
    (lambda: bp.patch_sheet("3"), "patch_3"),
])
def test_sheets_are_recognised_in_black_and_white(tmp_path, sheet, kind):
    analysis = processed(tmp_path, sheet())
    assert analysis.separator_kind == kind
    if kind == "cover_sheet":
        assert (analysis.cover_sheet.recipient_id, analysis.cover_sheet.case_number) == ("jobcenter", "2017-0289209")


def test_site_separator_barcode_is_read_in_black_and_white(tmp_path):
    from reportlab.graphics.barcode import code39

    path = tmp_path / "site.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    code39.Standard39("PATCHT", barWidth=1.2, barHeight=60, checksum=False).drawOn(pdf, 150, 600)
    pdf.showPage()
    pdf.save()
    page = only_page(path)
    bars = page.image.convert("L").point(lambda v: 255 if v > 127 else 0).convert("1")
    analysis = processed(tmp_path, bars, dpi=page.dpi)
    assert analysis.separator_kind == "separator"


def test_skew_and_way_up_are_measured_on_black_and_white():
    # As a worker that reads the page measures them: skew and the letters' way up before reading.
    plan = AnalysisOptions(orientation_step="later")
    leaning = analyze_page(bp.ugly_letter("vejarbejde", skew=2.5), 200, plan, ink_check=True)
    assert leaning.lines_found and leaning.skew_degrees == pytest.approx(2.5, abs=0.3)
    assert leaning.ink_threshold is None  # already black and white: archived as it is
    upside_down = bp.ugly_letter("hjemmehjælp", skew=0).rotate(180)
    assert analyze_page(upside_down, 200, plan).letters_way_up == 180


def test_scanner_grid_page_in_lineart_is_not_taken_for_blank():
    # SANE's test picture in lineart is half black, in squares that touch the edges: a picture
    # bleeding off the page, not an edge shadow.
    grid = Image.new("1", (295, 413), 1)
    draw = ImageDraw.Draw(grid)
    for row in range(4):
        for col in range(3):
            if (row + col) % 2:
                draw.rectangle((col * 118, row * 118, col * 118 + 117, row * 118 + 117), fill=0)
    assert not detect_blank(grid, 300).is_blank
    shadow = Image.new("1", (295, 413), 1)
    ImageDraw.Draw(shadow).rectangle((0, 0, 12, 412), fill=0)  # a 1 mm dark edge: still blank
    assert detect_blank(shadow, 300).is_blank


# --- the real CLI, with Tesseract, on a few ugly pages ---------------------------------------------------


def journal_rows(tmp_path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "data" / "journal.sqlite") as db:
        return db.execute(sql).fetchall()


def no_processing_failures(tmp_path) -> None:
    failed = journal_rows(tmp_path, "SELECT subject, detail FROM events WHERE action = 'page_processing_failed'")
    assert failed == []


def delivered(drop: Path) -> dict[str, tuple[dict, str, list]]:
    """journal id -> (sidecar, pdftotext text, image filters per page), every delivery checked."""
    result = {}
    for pdf in sorted(drop.glob("*.pdf")):
        sidecar = check_delivery(pdf)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        result[sidecar["journal_id"]] = (sidecar, text, bp.pdf_image_filters(pdf))
    return result


def test_ugly_black_and_white_files_are_read_and_archived_as_g4(tmp_path):
    inbox, drop = tmp_path / "in", tmp_path / "drop"
    inbox.mkdir()
    drop.mkdir()
    bp.save_tiff(inbox / "01-g4.tif", [bp.ugly_letter("boligstøtte")], "group4")
    fax = bp.fax(bp.ugly_letter("vejarbejde", dpi=204, skew=-1.5, seed=2))
    bp.save_tiff(inbox / "02-fax.tif", [fax], "group3", dpi=(204, 98))
    bp.ccitt_pdf(inbox / "03-scanner.pdf", [bp.ugly_letter("hjemmehjælp", skew=3, seed=3)])
    bp.ugly_letter("affaldsgebyr", skew=0.5, seed=4).save(inbox / "04-no-dpi.png")  # read as 300 dpi
    stack = [bp.cover_sheet("jobcenter", "2017-0289209"), bp.ugly_letter("parkeringskort", seed=5),
             bp.separator_sheet(), bp.ugly_letter("byggetilladelse", seed=6), bp.blank_bitonal()]
    bp.save_tiff(inbox / "05-stack.tif", stack, "group4")

    done = scanstation(tmp_path, "--drop", str(drop), "process", str(inbox), "--auto-confirm",
                       "--recipient", "borgerservice", env=cli_env(tmp_path, ocr=True), timeout=300)

    assert done.returncode == 0, done.stderr
    no_processing_failures(tmp_path)
    assert journal_rows(tmp_path, "SELECT DISTINCT mode FROM pages") == [("1",)]
    deliveries = delivered(drop)
    assert len(deliveries) == 6
    by_word = {}
    for sidecar, text, filters in deliveries.values():
        (word,) = [w for w in bp.LETTERS if w in text]  # searchable, each letter its own
        by_word[word] = sidecar
        assert all(f == ["/CCITTFaxDecode"] for f in filters), filters  # G4, never inflated to gray
        assert sidecar["ocr"] == {"pages_with_text": sidecar["page_count"], "pages_without_text": []}
    assert set(by_word) == set(bp.LETTERS)
    assert [by_word[w]["page_count"] for w in bp.LETTERS] == [1, 1, 1, 1, 1, 1]  # sheets and blank back left out
    assert by_word["parkeringskort"]["recipient"]["id"] == "jobcenter"  # routed by its cover sheet
    assert by_word["parkeringskort"]["case_number"] == "2017-0289209"
    assert by_word["byggetilladelse"]["recipient"]["id"] == "borgerservice"


def test_fax_page_is_archived_with_the_shape_of_the_paper(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    fax = bp.fax(bp.ugly_letter("vejarbejde", dpi=204, skew=0))
    path = bp.save_tiff(tmp_path / "fax.tif", [fax], "group4", dpi=(204, 98))
    done = scanstation(tmp_path, "--drop", str(drop), "process", str(path), "--recipient", "borgerservice")
    assert done.returncode == 0, done.stderr
    import pikepdf

    (pdf_path,) = drop.glob("*.pdf")
    with pikepdf.open(pdf_path) as pdf:
        box = pdf.pages[0].mediabox
        width, height = float(box[2]), float(box[3])
    assert height / width == pytest.approx(11.69 / 8.27, rel=0.01)  # A4, not squashed to half its height
    assert bp.pdf_image_filters(pdf_path) == [["/CCITTFaxDecode"]]


def test_lineart_scan_on_sane_is_analysed_and_archived_as_g4(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    scanned = scanstation_json(tmp_path, "scan", "--device", "sane:test:0", "--mode", "lineart", "--dpi", "300")
    assert scanned["pages"] == 10
    no_processing_failures(tmp_path)
    rows = journal_rows(tmp_path, "SELECT mode, dpi, analysis FROM pages")
    assert {(mode, dpi) for mode, dpi, _ in rows} == {("1", 300)}
    assert all(analysis and not json.loads(analysis)["blank"] for _, _, analysis in rows)  # half black: not blank
    (document,) = scanned["documents"]
    scanstation_json(tmp_path, "confirm", str(document["id"]), "--recipient", "borgerservice")
    scanstation_json(tmp_path, "--drop", str(drop), "export")
    ((sidecar, _, filters),) = delivered(drop).values()
    assert sidecar["page_count"] == 10 and filters == [["/CCITTFaxDecode"]] * 10


def test_lineart_scan_on_the_demo_scanner_is_read_and_archived_as_g4(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    env = cli_env(tmp_path, ocr=True, SCANSTATION_DEMO_LETTERS="1")
    scanned = scanstation_json(tmp_path, "scan", "--device", "demo", "--mode", "lineart", "--dpi", "300", env=env)
    no_processing_failures(tmp_path)
    assert journal_rows(tmp_path, "SELECT DISTINCT mode, dpi FROM pages") == [("1", 300)]
    (document,) = scanned["documents"]
    scanstation_json(tmp_path, "confirm", str(document["id"]), "--recipient", "borgerservice", env=env)
    scanstation_json(tmp_path, "--drop", str(drop), "export", env=env)
    ((sidecar, text, filters),) = delivered(drop).values()
    pages = sidecar["page_count"]
    assert pages == scanned["pages"] - 1  # the separator sheet in front is left out
    assert filters == [["/CCITTFaxDecode"]] * pages
    assert len(text.split()) > 30
    assert sidecar["ocr"] == {"pages_with_text": pages, "pages_without_text": []}


def test_hot_folder_takes_black_and_white_files(tmp_path):
    hot = tmp_path / "hot"
    hot.mkdir()
    bp.save_tiff(hot / "fax.tif", [bp.fax(bp.ugly_letter("vejarbejde", dpi=204))], "group3", dpi=(204, 98))
    bp.ccitt_pdf(hot / "scanner.pdf", [bp.ugly_letter("hjemmehjælp"), bp.blank_bitonal()])
    bp.ugly_letter("affaldsgebyr").save(hot / "phone.png", dpi=(200, 200))

    done = scanstation(tmp_path, "--json", "watch", str(hot), "--once", "--settle", "0.2")

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["quarantined"] == [] and sorted(i["file"] for i in report["imported"]) == [
        "fax.tif", "phone.png", "scanner.pdf"]
    assert sorted(p.name for p in (hot / "imported").iterdir()) == ["fax.tif", "phone.png", "scanner.pdf"]
    no_processing_failures(tmp_path)
    assert journal_rows(tmp_path, "SELECT DISTINCT mode FROM pages") == [("1",)]
    assert journal_rows(tmp_path, "SELECT count(*) FROM pages WHERE analysis IS NULL") == [(0,)]


def test_sidecar_says_which_pages_have_no_text(tmp_path):
    # A drawing without a word: Tesseract reads it fine and finds nothing. Its (empty) text
    # layer used to be counted as text, and a PDF with no text at all claimed to be searchable.
    drawing = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(drawing)
    draw.ellipse((400, 500, 1200, 1300), outline=0, width=12)
    draw.rectangle((300, 1500, 1350, 2000), outline=0, width=12)
    drop = tmp_path / "drop"
    drop.mkdir()
    path = bp.ccitt_pdf(tmp_path / "two.pdf", [bp.ugly_letter("boligstøtte"), bp.bitonal(drawing)])

    done = scanstation(tmp_path, "--drop", str(drop), "process", str(path), "--recipient", "borgerservice",
                       env=cli_env(tmp_path, ocr=True))

    assert done.returncode == 0, done.stderr
    ((sidecar, text, filters),) = delivered(drop).values()
    assert "boligstøtte" in text and filters == [["/CCITTFaxDecode"]] * 2
    assert sidecar["ocr"] == {"pages_with_text": 1,
                              "pages_without_text": [{"page": 2, "problem": "no text was found on the page"}]}
