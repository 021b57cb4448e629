"""PDF/A-2b export with the real tools: Tesseract's text layer, qpdf, pikepdf, pdftotext, pdftoppm."""

import io
import re
import subprocess
from datetime import datetime

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw

from scanstation.capture.demo_letters import demo_letters, render_letter_page
from scanstation.export.pdf import encode_page
from scanstation.export.pdfa import PdfPage, build_pdfa, upright_image
from scanstation.imaging.bitonal import is_ink_on_paper
from scanstation.imaging.deskew import rotate_expanded
from scanstation.ocr import ocr_page

DPI = 300
JOURNAL_ID = "KOEGE1-2026-000042"
METADATA = {"journalId": JOURNAL_ID, "recipient": "Byggeri & Plan", "receivedDate": "2026-11-20"}
ROTATION, SKEW = 90, 1.5  # the letter was fed sideways and a little askew


@pytest.fixture(scope="module")
def letter():
    return next(lt for lt in demo_letters() if lt.case_number and len(lt.subject) < 50 and lt.page_count == 1)


@pytest.fixture(scope="module")
def scan(letter, tmp_path_factory):
    """The page file as stored: turned a quarter and 1.5 degrees counter-clockwise."""
    page = render_letter_page(letter, 1, DPI, "gray")
    path = tmp_path_factory.mktemp("pages") / "page.png"
    rotate_expanded(page, ROTATION + SKEW).save(path, dpi=(DPI, DPI))
    return path


@pytest.fixture(scope="module")
def ocr(scan):
    """OCR of the page exactly as it is exported: the contract build_pdfa relies on."""
    upright = upright_image(scan, ROTATION, SKEW)
    return ocr_page(upright, upright.info["dpi"][0])


@pytest.fixture(scope="module")
def letter_pdf(scan, ocr, tmp_path_factory):
    assert ocr.ok, ocr.problem
    pdf = build_pdfa([PdfPage(scan, ROTATION, SKEW, ocr.text_layer_pdf)], title=JOURNAL_ID, metadata=METADATA)
    path = tmp_path_factory.mktemp("drop") / f"{JOURNAL_ID}.pdf"
    path.write_bytes(pdf)
    return path


def qpdf_check(path):
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def pdftotext(path, *options):
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def assert_pdfa_2b(path, title):
    """What a PDF/A-2b validator looks at first, checked with pikepdf."""
    qpdf_check(path)
    with pikepdf.open(path) as pdf:
        assert "/Encrypt" not in pdf.trailer and len(pdf.trailer.ID) == 2
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        icc = intent.DestOutputProfile.read_bytes()
        # an ICC monitor profile for RGB, version below 5 (veraPDF rule 6.2.3-1)
        assert (icc[36:40], icc[12:16], icc[16:20]) == (b"acsp", b"mntr", b"RGB ") and icc[8] < 5
        assert "/Filter" not in pdf.Root.Metadata  # XMP stays readable as plain text
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == title == str(pdf.docinfo.Title)
        assert meta["pdf:Producer"] == str(pdf.docinfo.Producer)
        created = pikepdf.models.metadata.decode_pdf_date(str(pdf.docinfo.CreationDate))
        assert created == datetime.fromisoformat(meta["xmp:CreateDate"])
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                assert "/Group" not in obj and "/SMask" not in obj  # no transparency
                assert obj.get("/Interpolate", False) is False and "/Alternates" not in obj
                if obj.get("/Type") == "/FontDescriptor":  # every font carries its program
                    assert any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3")), obj
        return meta


def image_filters(path):
    with pikepdf.open(path) as pdf:
        images = [x for page in pdf.pages for x in page.Resources.XObject.values() if x.Subtype == "/Image"]
        # img2pdf writes /Filter as a name for JPEG and as a one-name array for G4
        return [str(f) for image in images
                for f in (image.Filter if isinstance(image.Filter, pikepdf.Array) else [image.Filter])]


def test_the_letter_pdf_is_pdfa_2b_with_our_metadata(letter_pdf):
    meta = assert_pdfa_2b(letter_pdf, JOURNAL_ID)
    ns = "{https://scanstation.example/ns/1.0/}"
    assert {key: meta[ns + key] for key in METADATA} == METADATA
    assert "scanstation" in str(pikepdf.open(letter_pdf).Root.Metadata.read_bytes())  # declared for PDF/A
    with pikepdf.open(letter_pdf) as pdf:
        (page,) = pdf.pages
        fonts = [f for x in page.Resources.XObject.values() if x.Subtype == "/Form"
                 for f in x.Resources.Font.values()]  # fmt: skip
        assert [str(f.BaseFont) for f in fonts] == ["/GlyphLessFont"]


def test_a_gray_text_letter_is_small_because_it_is_stored_bitonal(letter_pdf):
    size = letter_pdf.stat().st_size
    print(f"\n1-page {DPI} dpi gray letter with text layer: {size / 1024:.0f} KB")
    assert image_filters(letter_pdf) == ["/CCITTFaxDecode"]
    assert size < 200_000


def test_the_bitonal_page_goes_into_the_pdf_as_encoded(letter_pdf, scan):
    """The G4 image is stored as it was encoded, not decoded and encoded again on its way in
    (the same pixels either way, but a second encoding doubled the export's image work)."""
    from scanstation.export.pdfa import encode_archive_page

    encoded = Image.open(io.BytesIO(encode_archive_page(PdfPage(scan, ROTATION, SKEW), 75, True)))
    offset, length = encoded.tag_v2[273][0], encoded.tag_v2[279][0]  # the one strip's G4 data
    g4 = encoded.fp.getvalue()[offset:offset + length] if hasattr(encoded.fp, "getvalue") else None
    with pikepdf.open(letter_pdf) as pdf:
        (image,) = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert image.read_raw_bytes() == g4


def test_the_text_comes_out_in_reading_order(letter, letter_pdf):
    text = pdftotext(letter_pdf)
    first, last = letter.subject.split()[0], letter.signature[0].split()[-1]
    assert letter.case_number in text
    assert text.index(first) < text.index(letter.case_number) < text.index("Med venlig hilsen") < text.rindex(last)


def test_the_text_lies_on_the_word_in_the_page_image(letter, letter_pdf, ocr, tmp_path):
    """pdftotext's box for the case label is where the label's ink is in the rendered page."""
    label = letter.case_label.split()[0]
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                       pdftotext(letter_pdf, "-bbox"))  # fmt: skip
    x0, y0, x1, y1 = next(tuple(map(float, w[:4])) for w in words if w[4] == label)

    scale = 2  # render at 144 dpi: 2 pixels per point
    subprocess.run(["pdftoppm", "-r", "144", "-gray", "-png", "-singlefile", str(letter_pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    ink = np.asarray(Image.open(tmp_path / "page.png").convert("L")) < 128  # the text layer is invisible: image only
    band = ink[round(y0 * scale) : round(y1 * scale)]
    columns = np.flatnonzero(band.any(axis=0))
    assert abs(columns[0] / scale - x0) < 2  # the label is first on its line
    inside = columns[columns < (x1 + 1.5) * scale]
    assert abs(inside[-1] / scale - x1) < 2
    rows = np.flatnonzero(ink[:, round(x0 * scale) : round(x1 * scale)].any(axis=1))
    rows = rows[(rows > (y0 - 4) * scale) & (rows < (y1 + 4) * scale)]
    assert y0 - 2 < rows[0] / scale and rows[-1] / scale < y1 + 2

    word = next(w for w in ocr.words if w.text == label)  # and where OCR saw it, in points
    assert abs(word.left * 72 / ocr.dpi - x0) < 1.5 and abs(word.top * 72 / ocr.dpi - y0) < 4


def test_a_page_without_text_layer_is_an_image_only_pdfa(tmp_path, letter):
    lineart = tmp_path / "lineart.png"
    render_letter_page(letter, 1, 200, "lineart").save(lineart, dpi=(200, 200))
    path = tmp_path / "image-only.pdf"
    path.write_bytes(build_pdfa([PdfPage(lineart)], title="KOEGE1-2026-000043", metadata={}))
    assert_pdfa_2b(path, "KOEGE1-2026-000043")
    assert image_filters(path) == ["/CCITTFaxDecode"]
    assert pdftotext(path).strip() == ""
    with pikepdf.open(path) as pdf:
        assert "/Font" not in pdf.pages[0].Resources and "/XObject" in pdf.pages[0].Resources


def test_gray_with_pencil_stays_gray(tmp_path, letter):
    page = render_letter_page(letter, 1, 200, "gray")
    assert is_ink_on_paper(page, 200)
    imported = io.BytesIO()
    page.save(imported, format="JPEG", quality=75)  # a JPEG file brought in: ringing around letters
    assert is_ink_on_paper(Image.open(imported), 200)
    ImageDraw.Draw(page).line((60, 1500, 80, 1508), fill=170, width=2)  # a 3 mm pencil tick in the margin
    assert not is_ink_on_paper(page, 200)
    pencil = tmp_path / "pencil.png"
    page.save(pencil, dpi=(200, 200))
    path = tmp_path / "pencil.pdf"
    path.write_bytes(build_pdfa([PdfPage(pencil)], title="KOEGE1-2026-000044", metadata=METADATA,
                                mixed_raster=False))  # fmt: skip
    assert_pdfa_2b(path, "KOEGE1-2026-000044")
    assert image_filters(path) == ["/DCTDecode"]
    print(f"\n1-page 200 dpi gray letter kept as JPEG (pencil note): {path.stat().st_size / 1024:.0f} KB")


def colour_scan_of(page: Image.Image, seed: int = 1) -> Image.Image:
    """A gray page as a colour scanner delivers it: warm paper tint, grain on each channel alone."""
    rng = np.random.default_rng(seed)
    rgb = np.asarray(page.convert("RGB"), dtype=np.float32) * np.array([0.99, 0.97, 0.93], np.float32)
    rgb += rng.normal(0, 3, rgb.shape).astype(np.float32)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def test_a_black_and_white_letter_scanned_in_colour_is_archived_bitonal(tmp_path, letter):
    """A station left on colour: the letter has no colour, so it is archived as G4 like a gray scan."""
    gray = render_letter_page(letter, 1, DPI, "gray")
    assert is_ink_on_paper(gray, DPI)
    scan_path = tmp_path / "colour-scan.png"
    colour_scan_of(gray).save(scan_path, dpi=(DPI, DPI))
    path = tmp_path / "colour-scan.pdf"
    path.write_bytes(build_pdfa([PdfPage(scan_path)], title="KOEGE1-2026-000045", metadata=METADATA))
    assert_pdfa_2b(path, "KOEGE1-2026-000045")
    assert image_filters(path) == ["/CCITTFaxDecode"] and path.stat().st_size < 100_000
    print(f"\n1-page {DPI} dpi colour scan without colour: {path.stat().st_size / 1024:.0f} KB")


def test_a_colour_profile_of_the_scan_does_not_go_with_its_bitonal_page(tmp_path, letter):
    """An RGB profile on a page stored bitonal would describe colours a 1-bit image has not got."""
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = tmp_path / "profiled.png"
    colour_scan_of(render_letter_page(letter, 1, 200, "gray")).save(path, dpi=(200, 200), icc_profile=srgb)
    pdf = tmp_path / "profiled.pdf"
    pdf.write_bytes(build_pdfa([PdfPage(path)], title="KOEGE1-2026-000047", metadata={}))
    assert_pdfa_2b(pdf, "KOEGE1-2026-000047")
    with pikepdf.open(pdf) as doc:
        (image,) = [x for x in doc.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert (str(image.Filter[0]), str(image.ColorSpace)) == ("/CCITTFaxDecode", "/DeviceGray")


@pytest.mark.parametrize("mark", ["blue signature", "red stamp"])
def test_a_colour_scan_with_colour_on_it_stays_colour(tmp_path, letter, mark):
    scan = colour_scan_of(render_letter_page(letter, 1, 200, "gray"))
    draw = ImageDraw.Draw(scan)
    if mark == "blue signature":
        draw.line((300, 1900, 420, 1880, 470, 1930), fill=(25, 50, 150), width=3)  # a short ballpoint stroke
    else:
        draw.rectangle((1100, 400, 1300, 480), outline=(196, 32, 38), width=4)
    scan_path = tmp_path / "marked.png"
    scan.save(scan_path, dpi=(200, 200))
    path = tmp_path / "marked.pdf"
    path.write_bytes(build_pdfa([PdfPage(scan_path)], title="KOEGE1-2026-000046", metadata=METADATA))
    with pikepdf.open(path) as pdf:
        colour = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image" and "/ColorSpace" in x]
        assert [(str(x.Filter), str(x.ColorSpace)) for x in colour] == [("/DCTDecode", "/DeviceRGB")]


def test_gray_jpeg_can_be_forced_and_takes_the_same_text_layer(scan, ocr, tmp_path):
    path = tmp_path / "gray.pdf"
    path.write_bytes(build_pdfa([PdfPage(scan, ROTATION, SKEW, ocr.text_layer_pdf)], title=JOURNAL_ID,
                                metadata={}, bitonal_text_pages=False, mixed_raster=False))  # fmt: skip
    assert_pdfa_2b(path, JOURNAL_ID)
    assert image_filters(path) == ["/DCTDecode"]
    assert "Med venlig hilsen" in pdftotext(path)
    print(f"\nthe same page as gray JPEG: {path.stat().st_size / 1024:.0f} KB")


def test_upright_image_is_the_image_encode_page_exports(scan):
    exported = Image.open(io.BytesIO(encode_page(scan, 75, ROTATION, SKEW)))
    upright = upright_image(scan, ROTATION, SKEW)
    assert upright.size == exported.size and upright.height > upright.width  # portrait again
    assert upright.info["dpi"] == (DPI, DPI)


def test_a_text_layer_made_for_another_orientation_is_left_out(scan, ocr, tmp_path, caplog):
    path = tmp_path / "sideways.pdf"
    path.write_bytes(build_pdfa([PdfPage(scan, 0, 0.0, ocr.text_layer_pdf)], title=JOURNAL_ID, metadata={}))
    assert_pdfa_2b(path, JOURNAL_ID)
    assert pdftotext(path).strip() == "" and "does not fit" in caplog.text


def test_metadata_keys_must_be_xml_names(scan):
    with pytest.raises(ValueError, match="not a plain XML name"):
        build_pdfa([PdfPage(scan)], title=JOURNAL_ID, metadata={"received date": "2026-11-20"})


def test_a_damaged_text_layer_costs_the_text_not_the_delivery(scan, tmp_path, caplog):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(build_pdfa([PdfPage(scan, ROTATION, SKEW, b"%PDF-1.5 truncated")], title=JOURNAL_ID))
    assert_pdfa_2b(path, JOURNAL_ID)
    assert pdftotext(path).strip() == "" and "cannot be read" in caplog.text
