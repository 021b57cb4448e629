"""Colour and gray pages in the archive: the text as a sharp G4 layer over a small JPEG of the
rest (export/mixed_raster.py). What the archive's reader gets: the page as it was scanned,
colour where there was colour, black text as sharp as the scan, searchable, at a fraction of
one JPEG's size.
"""

from __future__ import annotations

import subprocess

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw

from scanstation.capture.demo_letters import demo_letters, render_letter_page
from scanstation.export.pdfa import PdfPage, build_pdfa, upright_image
from scanstation.ocr import ocr_page

from .cli_run import cli_env, scanstation
from .test_pdfa import assert_pdfa_2b, image_filters, pdftotext

DPI = 300
TITLE = "KOEGE1-2026-000050"


@pytest.fixture(scope="module")
def company_letter():
    """A one-page letter on a company letterhead: a logo block and the name in its brand colour."""
    return next(lt for lt in demo_letters(30, seed=4) if lt.sender_kind == "company" and lt.page_count == 1)


@pytest.fixture(scope="module")
def colour_scan(company_letter, tmp_path_factory):
    path = tmp_path_factory.mktemp("scan") / "colour.png"
    render_letter_page(company_letter, 1, DPI, "color").save(path, dpi=(DPI, DPI))
    return path


@pytest.fixture(scope="module")
def exported(colour_scan, tmp_path_factory):
    """The scan exported both ways, with the text layer OCR made of it."""
    ocr = ocr_page(upright_image(colour_scan))
    assert ocr.ok, ocr.problem
    folder = tmp_path_factory.mktemp("drop")
    paths = {}
    for mixed in (True, False):
        paths[mixed] = folder / f"{TITLE}-{'mixed' if mixed else 'jpeg'}.pdf"
        paths[mixed].write_bytes(build_pdfa([PdfPage(colour_scan, text_layer_pdf=ocr.text_layer_pdf)], title=TITLE,
                                            metadata={"journalId": TITLE}, mixed_raster=mixed))  # fmt: skip
    return paths


def rendered(pdf_path, dpi: int = 100) -> np.ndarray:
    """The first page as a PDF viewer shows it (poppler), at `dpi`."""
    out = pdf_path.with_name(f"{pdf_path.stem}-{dpi}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf_path), str(out)], check=True)
    with Image.open(out.with_suffix(".png")) as shown:
        return np.asarray(shown.convert("RGB")).astype(np.int16)


def as_shown(scan_path, shape) -> np.ndarray:
    with Image.open(scan_path) as scan:
        return np.asarray(scan.convert("RGB").resize((shape[1], shape[0]), Image.Resampling.BOX)).astype(np.int16)


def spread(rgb: np.ndarray) -> np.ndarray:
    return rgb.max(axis=2) - rgb.min(axis=2)


def test_a_colour_letter_is_a_small_searchable_pdfa(exported, company_letter):
    mixed, jpeg = exported[True].stat().st_size, exported[False].stat().st_size
    print(f"\n1-page {DPI} dpi colour letter: {mixed / 1024:.0f} KB mixed, {jpeg / 1024:.0f} KB as one JPEG")
    assert mixed < 200_000 and mixed < jpeg / 3
    assert_pdfa_2b(exported[True], TITLE)
    assert sorted(image_filters(exported[True])) == ["/CCITTFaxDecode", "/DCTDecode"]
    text = pdftotext(exported[True])
    assert max(company_letter.subject.split(), key=len) in text and company_letter.sender_name.split()[0] in text


def test_the_archived_page_looks_like_the_scan(exported, colour_scan):
    page = rendered(exported[True])
    scan = as_shown(colour_scan, page.shape)
    assert np.abs(page - scan).mean() < 4  # gray levels, over the whole page
    coloured = spread(scan) > 80  # the logo block, the brand-coloured name and rule
    assert coloured.sum() > 500
    assert (spread(page)[coloured] > 60).mean() > 0.9  # still coloured, and the same colour
    assert np.abs(page[coloured] - scan[coloured]).mean() < 20
    text = (scan.max(axis=2) < 90) & (spread(scan) < 30)  # the black letters
    assert np.median(page.max(axis=2)[text]) < 40


def test_the_text_is_as_sharp_as_the_scan(exported, colour_scan):
    """At full resolution the black letters are where the scan has them, pixel for pixel."""
    page = rendered(exported[True], dpi=DPI)
    scan = as_shown(colour_scan, page.shape)
    drawn = page.max(axis=2) < 128
    assert drawn[scan.max(axis=2) < 80].mean() > 0.97  # black in the scan: black in the PDF
    assert (scan.max(axis=2)[drawn] < 160).mean() > 0.999  # and nothing black where the scan is light


def test_one_jpeg_when_switched_off(exported):
    assert image_filters(exported[False]) == ["/DCTDecode"]
    assert_pdfa_2b(exported[False], TITLE)


def test_a_page_with_hardly_any_text_stays_one_jpeg(tmp_path):
    """A photo with a caption: nothing worth a text layer of its own."""
    photo = np.zeros((1200, 900, 3), np.uint8)
    photo[...] = np.linspace(40, 220, 900, dtype=np.uint8)[None, :, None] * np.array([1.0, 0.8, 0.5])
    image = Image.fromarray(photo, "RGB")
    ImageDraw.Draw(image).text((50, 1100), "Foto", fill=(0, 0, 0))
    path = tmp_path / "photo.png"
    image.save(path, dpi=(150, 150))
    pdf = tmp_path / "photo.pdf"
    pdf.write_bytes(build_pdfa([PdfPage(path)], title=TITLE))
    assert image_filters(pdf) == ["/DCTDecode"]


def test_a_letter_typed_in_blue_stays_one_jpeg_so_its_text_stays_sharp(tmp_path, company_letter):
    """Only colourless text goes into the sharp layer; a page whose text is largely in colour would
    have that text only in the 150 dpi picture, so it is kept as one full-resolution JPEG."""
    gray = np.asarray(render_letter_page(company_letter, 1, 200, "gray"), dtype=np.float32)[..., None] / 255
    ink = np.zeros((gray.shape[0], 1, 3), np.float32)  # black letterhead and address ...
    ink[gray.shape[0] * 2 // 5:] = (20, 45, 140)  # ... the body typed in navy
    rgb = (gray * 255 + (1 - gray) * ink).clip(0, 255).astype(np.uint8)
    path = tmp_path / "blue.png"
    Image.fromarray(rgb, "RGB").save(path, dpi=(200, 200))
    pdf = tmp_path / "blue.pdf"
    pdf.write_bytes(build_pdfa([PdfPage(path)], title=TITLE))
    assert image_filters(pdf) == ["/DCTDecode"]


def test_a_pencil_note_on_a_gray_letter_stays_pencil_gray(tmp_path, company_letter):
    page = render_letter_page(company_letter, 1, 200, "gray")
    ImageDraw.Draw(page).line((60, 1500, 110, 1520), fill=170, width=4)  # a pencil tick in the margin
    path = tmp_path / "pencil.png"
    page.save(path, dpi=(200, 200))
    pdf = tmp_path / "pencil.pdf"
    pdf.write_bytes(build_pdfa([PdfPage(path)], title=TITLE))
    assert sorted(image_filters(pdf)) == ["/CCITTFaxDecode", "/DCTDecode"]
    shown = rendered(pdf, dpi=200)[1500:1521, 60:111].max(axis=2)
    tick = np.asarray(page)[1500:1521, 60:111] < 200
    assert 140 < np.median(shown[tick]) < 200  # pencil gray: neither lost to white nor blackened


def test_the_setting_turns_it_off_for_the_station(tmp_path, colour_scan):
    """IT's `[export] mixed_raster = false` gives one JPEG per colour page, e.g. for an archive
    system that re-renders pages itself."""
    config = tmp_path / "settings.toml"
    config.write_text("[export]\nmixed_raster = false\n", encoding="utf-8")
    for name, extra in (("default", []), ("off", ["--config", str(config)])):
        drop = tmp_path / name
        drop.mkdir()
        done = scanstation(tmp_path / name, *extra, "--drop", str(drop), "process", str(colour_scan),
                           "--recipient", "jobcenter", "--received", "2026-11-20", env=cli_env(tmp_path / name))
        assert done.returncode == 0, done.stderr
    (default,), (off,) = sorted((tmp_path / "default").glob("*.pdf")), sorted((tmp_path / "off").glob("*.pdf"))
    assert sorted(image_filters(default)) == ["/CCITTFaxDecode", "/DCTDecode"]
    assert image_filters(off) == ["/DCTDecode"]
    with pikepdf.open(off) as pdf:
        assert len(pdf.pages) == 1


def test_a_colour_letter_fed_sideways_and_askew_comes_out_upright_mixed_and_searchable(tmp_path, company_letter):
    from scanstation.imaging.deskew import rotate_expanded

    scan = render_letter_page(company_letter, 1, 200, "color")
    path = tmp_path / "sideways.png"
    rotate_expanded(scan, 90 + 1.5).save(path, dpi=(200, 200))  # fed a quarter turned, 1.5° askew
    upright = upright_image(path, 90, 1.5)
    ocr = ocr_page(upright)
    pdf = tmp_path / "sideways.pdf"
    pdf.write_bytes(build_pdfa([PdfPage(path, 90, 1.5, ocr.text_layer_pdf)], title=TITLE, metadata={}))
    assert_pdfa_2b(pdf, TITLE)
    assert sorted(image_filters(pdf)) == ["/CCITTFaxDecode", "/DCTDecode"]
    with pikepdf.open(pdf) as doc:
        x0, y0, x1, y1 = (float(v) for v in doc.pages[0].mediabox)
        assert y1 - y0 > x1 - x0  # portrait, as the letter reads
    assert max(company_letter.subject.split(), key=len) in pdftotext(pdf)
