"""The conformance matrix: every kind of page file a scanner, a fax, a phone or a clerk produces,
made here at test time (nothing binary committed), is either taken whole - the right number of
pages, the right way round, the right size and resolution - or refused with one sentence a clerk
understands: one line, naming the file, no traceback, no Python object.

Pillow modes (1, L, LA, P with transparency, RGB, RGBA, CMYK, I;16, I, F); TIFF compressions
(none, LZW, Deflate, PackBits, G3, G4, JPEG); a multi-page TIFF whose pages differ in mode, size
and resolution; JPEG baseline / progressive / CMYK / EXIF-turned / cut short; PNG 16-bit /
palette / ICC; BMP / GIF / WebP; PDFs with CCITT, JPEG, JPEG 2000 and Flate images, born-digital
text, /Rotate, a crop box, a form, an attachment, owner-password-only encryption, no pages,
huge and tiny pages; resolutions from fax to 600 dpi.

The bulk goes through files.read_pages (fast, no OCR); a handful goes through the real CLI, and
three pages of it are read by Tesseract and must be found by their words in the archived PDF.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageCms, ImageDraw, TiffImagePlugin
from reportlab.pdfgen import canvas

from scanstation.capture.base import InputError
from scanstation.capture.files import read_pages
from tests.cli_run import cli_env, scanstation
from tests.pages import FONT, text_page
from tests.pdfcheck import check_delivery

A6_MM = (105, 148)


# --- pages to put in files ------------------------------------------------------------------------------


def sheet(dpi: int = 100, mode: str = "L", mm: tuple[float, float] = A6_MM) -> Image.Image:
    """A small page with a black block in its top-left corner (to tell which way round it came
    out) and some lines of text, in `mode`."""
    size = (round(mm[0] / 25.4 * dpi), round(mm[1] / 25.4 * dpi))
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, size[0] // 5, size[1] // 10), fill=0)
    for row in range(3):
        y = size[1] // 4 + row * size[1] // 8
        draw.rectangle((size[0] // 8, y, size[0] * 7 // 8, y + max(2, dpi // 25)), fill=60)
    if mode == "1":
        return page.point(lambda v: 255 if v > 128 else 0).convert("1")
    if mode in ("L", "RGB", "CMYK"):
        return page.convert(mode)
    if mode == "LA":
        out = page.convert("LA")
        out.putalpha(Image.new("L", size, 255))
        ImageDraw.Draw(out).rectangle((size[0] - 30, size[1] - 30, size[0], size[1]), fill=(0, 0))  # transparent
        return out
    if mode == "RGBA":
        out = page.convert("RGBA")
        ImageDraw.Draw(out).rectangle((size[0] - 30, size[1] - 30, size[0], size[1]), fill=(0, 0, 0, 0))
        return out
    if mode == "P":
        out = page.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
        return out
    levels = np.asarray(page, dtype=np.float64) / 255.0
    if mode == "I;16":
        return Image.fromarray((levels * 65535).astype(np.uint16))
    if mode == "I":
        return Image.fromarray((levels * (2**31 - 1)).astype(np.int32), "I")
    if mode == "F":
        return Image.fromarray(levels.astype(np.float32), "F")
    raise ValueError(mode)


def text_sheet(lines: list[str], dpi: int = 150) -> Image.Image:
    """An A4 page of large text at `dpi`, for the pages Tesseract reads."""
    return text_page(lines, dpi=dpi)


def save(image: Image.Image, path: Path, **options) -> Path:
    image.save(path, **options)
    return path


def tiff_pages(path: Path, pages: list[tuple[Image.Image, tuple[int, int], str]]) -> Path:
    """A multi-page TIFF whose pages each have their own mode, size, resolution and compression."""
    with TiffImagePlugin.AppendingTiffWriter(str(path), new=True) as tiff:
        for image, dpi, compression in pages:
            image.save(tiff, format="TIFF", dpi=dpi, compression=compression)
            tiff.newFrame()
    return path


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def image_pdf(path: Path, data: bytes) -> Path:
    """A PDF of one image file's data, embedded as it is (img2pdf: CCITT, DCT, JPX or Flate)."""
    path.write_bytes(img2pdf.convert(data))
    return path


def vector_pdf(path: Path, size=(297.6, 419.5), text: str = "Kære kommune", pages: int = 1, draw=None) -> Path:
    """A born-digital page: text and a block drawn as vectors (A6 by default)."""
    pdf = canvas.Canvas(str(path), pagesize=size)
    for _ in range(pages):
        pdf.rect(0, size[1] - 40, 60, 40, stroke=0, fill=1)  # the top-left block
        pdf.setFont("Helvetica", 14)
        pdf.drawString(30, size[1] / 2, text)
        if draw is not None:
            draw(pdf)
        pdf.showPage()
    pdf.save()
    return path


def edit_pdf(path: Path, change: Callable[[pikepdf.Pdf], None], **save_options) -> Path:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path, **save_options)
    return path


def rotated(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].Rotate = 90


def cropped(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].CropBox = pikepdf.Array([0, 209.75, 148.8, 419.5])  # the top-left quarter


def attached(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["note.txt"] = pikepdf.AttachedFileSpec(pdf, b"an attachment is not a page\n")


def form_field(pdf) -> None:
    pdf.acroForm.textfield(name="navn", value="Hans Jensen", x=30, y=120, width=200, height=30,
                           borderWidth=1, fontName="Helvetica", fontSize=14)


def tiny_pdf(path: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    pdf.pages[0].MediaBox = pikepdf.Array([0, 0, 2, 2])
    pdf.save(path)
    return path


def no_pages_pdf(path: Path) -> Path:
    pikepdf.new().save(path)
    return path


def exif_turned_jpeg(path: Path) -> Path:
    """A phone photo held sideways: the pixels lie landscape, EXIF orientation 6 turns them upright."""
    upright = sheet(150, "RGB")
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(path, format="JPEG", exif=exif, dpi=(150, 150))
    return path


def cut_jpeg(path: Path, progressive: bool = False) -> Path:
    data = encoded(sheet(150, "RGB"), "JPEG", progressive=progressive, dpi=(150, 150))
    path.write_bytes(data[: int(len(data) * 0.6)] + b"\xff\xd9")
    return path


def icc_png(path: Path) -> Path:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return save(sheet(100, "RGB"), path, icc_profile=profile, dpi=(100, 100))


def transparent_palette_png(path: Path) -> Path:
    page = sheet(100, "P")
    return save(page, path, transparency=0, dpi=(100, 100))


# --- the matrix ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Taken:
    """Read whole: per page (mode, dpi, (width, height)); `upright` checks the top-left block."""

    pages: list[tuple[str, int, tuple[int, int]]]
    upright: bool = True


@dataclass(frozen=True)
class Refused:
    words: tuple[str, ...] = field(default_factory=tuple)


def a6(dpi: int) -> tuple[int, int]:
    return round(A6_MM[0] / 25.4 * dpi), round(A6_MM[1] / 25.4 * dpi)


def a6_pdf(dpi: int) -> tuple[int, int]:
    """The pixel size pdfium gives a page of A6 (297.6 x 419.5 pt) at `dpi`."""
    import math

    return math.ceil(297.6 * dpi / 72 * (1 - 1e-6)), math.ceil(419.5 * dpi / 72 * (1 - 1e-6))


def pdf_of(image: Image.Image, fmt: str, dpi: int, **options) -> Callable[[Path], Path]:
    return lambda path: image_pdf(path, encoded(image, fmt, dpi=(dpi, dpi), **options))


CASES: dict[str, tuple[str, Callable[[Path], Path], Taken | Refused]] = {
    # Pillow modes
    "mode-1.png": ("m1.png", lambda p: save(sheet(100, "1"), p, dpi=(100, 100)), Taken([("1", 100, a6(100))])),
    "mode-L.png": ("mL.png", lambda p: save(sheet(100, "L"), p, dpi=(100, 100)), Taken([("L", 100, a6(100))])),
    "mode-LA.png": ("mLA.png", lambda p: save(sheet(100, "LA"), p, dpi=(100, 100)), Taken([("L", 100, a6(100))])),
    "mode-P-transparent.png": ("mP.png", transparent_palette_png, Taken([("L", 100, a6(100))])),
    "mode-RGB.png": ("mRGB.png", lambda p: save(sheet(100, "RGB"), p, dpi=(100, 100)), Taken([("RGB", 100, a6(100))])),
    "mode-RGBA.png": ("mRGBA.png", lambda p: save(sheet(100, "RGBA"), p, dpi=(100, 100)),
                      Taken([("RGB", 100, a6(100))])),
    "mode-CMYK.tif": ("mCMYK.tif", lambda p: save(sheet(100, "CMYK"), p, dpi=(100, 100)),
                      Taken([("RGB", 100, a6(100))])),
    "mode-I16.png": ("mI16.png", lambda p: save(sheet(100, "I;16"), p, dpi=(100, 100)), Taken([("L", 100, a6(100))])),
    "mode-I16.tif": ("mI16.tif", lambda p: save(sheet(100, "I;16"), p, dpi=(100, 100)), Taken([("L", 100, a6(100))])),
    "mode-I.tif": ("mI.tif", lambda p: save(sheet(100, "I"), p, dpi=(100, 100)), Taken([("L", 100, a6(100))])),
    "mode-F.tif": ("mF.tif", lambda p: save(sheet(100, "F"), p, dpi=(100, 100)), Taken([("L", 100, a6(100))])),
    # TIFF compressions
    **{f"tiff-{c}-L": (f"c-{c}.tif", lambda p, c=c: save(sheet(100), p, dpi=(100, 100), compression=c),
                       Taken([("L", 100, a6(100))]))
       for c in ("raw", "tiff_lzw", "tiff_adobe_deflate", "packbits", "jpeg")},
    **{f"tiff-{c}-1": (f"b-{c}.tif", lambda p, c=c: save(sheet(200, "1"), p, dpi=(200, 200), compression=c),
                       Taken([("1", 200, a6(200))]))
       for c in ("raw", "tiff_lzw", "tiff_adobe_deflate", "packbits", "group3", "group4")},
    "tiff-jpeg-RGB": ("c-jpeg-rgb.tif", lambda p: save(sheet(100, "RGB"), p, dpi=(100, 100), compression="jpeg"),
                      Taken([("RGB", 100, a6(100))])),
    # a multi-page TIFF whose pages differ in everything
    "tiff-mixed-pages": ("mixed.tif", lambda p: tiff_pages(p, [
        (sheet(200, "1"), (200, 200), "group4"),
        (sheet(300, "L", (148, 210)), (300, 300), "tiff_lzw"),
        (sheet(150, "RGB", (210, 148)), (150, 150), "tiff_adobe_deflate"),
        (sheet(204, "1").resize((a6(204)[0], round(a6(204)[1] * 98 / 204)), Image.Resampling.NEAREST),
         (204, 98), "group3"),
    ]), Taken([("1", 200, a6(200)), ("L", 300, (1748, 2480)), ("RGB", 150, (1240, 874)),
               ("1", 204, (a6(204)[0], round(round(a6(204)[1] * 98 / 204) * 204 / 98)))])),
    # JPEG
    "jpeg-baseline": ("base.jpg", lambda p: save(sheet(150, "RGB"), p, dpi=(150, 150)), Taken([("RGB", 150, a6(150))])),
    "jpeg-progressive": ("prog.jpg", lambda p: save(sheet(150, "RGB"), p, dpi=(150, 150), progressive=True),
                         Taken([("RGB", 150, a6(150))])),
    "jpeg-gray": ("gray.jpg", lambda p: save(sheet(150, "L"), p, dpi=(150, 150)), Taken([("L", 150, a6(150))])),
    "jpeg-cmyk": ("cmyk.jpg", lambda p: save(sheet(150, "CMYK"), p, dpi=(150, 150)), Taken([("RGB", 150, a6(150))])),
    "jpeg-exif-turned": ("phone.jpg", exif_turned_jpeg, Taken([("RGB", 150, a6(150))])),
    "jpeg-cut-with-end-marker": ("cut.jpg", cut_jpeg, Refused(("incomplete",))),
    "jpeg-progressive-cut-with-end-marker": ("cutprog.jpg", lambda p: cut_jpeg(p, progressive=True),
                                             Refused(("incomplete",))),
    "jpeg-cut-plain": ("cutplain.jpg", lambda p: p.write_bytes(
        encoded(sheet(150, "RGB"), "JPEG")[:3000]) and p, Refused(("incomplete",))),
    # PNG
    "png-16-bit": ("deep.png", lambda p: save(sheet(100, "I;16"), p, dpi=(100, 100)), Taken([("L", 100, a6(100))])),
    "png-palette": ("pal.png", lambda p: save(sheet(100, "P"), p, dpi=(100, 100)), Taken([("L", 100, a6(100))])),
    "png-icc": ("icc.png", icc_png, Taken([("RGB", 100, a6(100))])),
    "png-no-dpi": ("nodpi.png", lambda p: save(sheet(300, "L"), p), Taken([("L", 300, a6(300))])),
    # phone and e-mail pictures
    "bmp": ("pic.bmp", lambda p: save(sheet(100, "RGB"), p, dpi=(100, 100)), Taken([("RGB", 100, a6(100))])),
    "bmp-1-bit": ("pic1.bmp", lambda p: save(sheet(100, "1"), p, dpi=(100, 100)), Taken([("1", 100, a6(100))])),
    "gif": ("pic.gif", lambda p: save(sheet(100, "L"), p), Taken([("L", 300, a6(100))])),
    "gif-animated": ("anim.gif", lambda p: save(sheet(100, "L"), p, save_all=True,
                                                 append_images=[Image.new("L", a6(100), 0)]),
                     Taken([("L", 300, a6(100))])),
    "webp": ("pic.webp", lambda p: save(sheet(100, "RGB"), p, lossless=True),  # WebP states no resolution
             Taken([("RGB", 300, a6(100))])),
    # resolutions from fax to 600 dpi
    **{f"dpi-{d}": (f"r{d}.png", lambda p, d=d: save(sheet(d, "1"), p, dpi=(d, d)), Taken([("1", d, a6(d))]))
       for d in (100, 150, 200, 300, 400, 600)},
    "dpi-fax-204x98": ("fax.tif", lambda p: save(
        sheet(204, "1").resize((a6(204)[0], round(a6(204)[1] * 98 / 204)), Image.Resampling.NEAREST),
        p, dpi=(204, 98), compression="group3"),
        Taken([("1", 204, (a6(204)[0], round(round(a6(204)[1] * 98 / 204) * 204 / 98)))])),
    # PDFs
    "pdf-ccitt": ("ccitt.pdf", pdf_of(sheet(200, "1"), "TIFF", 200, compression="group4"),
                  Taken([("1", 200, a6(200))])),
    # A PDF page without colour on it is a gray page, however it is stored.
    "pdf-jpeg": ("dct.pdf", pdf_of(sheet(150, "RGB"), "JPEG", 150), Taken([("L", 150, a6(150))])),
    "pdf-jpeg-gray": ("dctgray.pdf", pdf_of(sheet(150, "L"), "JPEG", 150), Taken([("L", 150, a6(150))])),
    # Pillow writes no resolution into JPEG 2000, so img2pdf places it at 96 dpi: rendered at 150, the least.
    "pdf-jpx": ("jpx.pdf", pdf_of(sheet(150, "RGB"), "JPEG2000", 150), Taken([("L", 150, (969, 1366))])),
    "pdf-flate": ("flate.pdf", pdf_of(sheet(150, "L"), "PNG", 150), Taken([("L", 150, a6(150))])),
    "pdf-vector-text": ("vector.pdf", vector_pdf, Taken([("L", 300, a6_pdf(300))])),
    "pdf-rotate-90": ("rotate.pdf", lambda p: edit_pdf(vector_pdf(p), rotated),
                      Taken([("L", 300, a6_pdf(300)[::-1])], upright=False)),
    "pdf-crop-box": ("crop.pdf", lambda p: edit_pdf(vector_pdf(p), cropped), Taken([("L", 300, (620, 874))])),
    "pdf-form": ("form.pdf", lambda p: vector_pdf(p, draw=form_field), Taken([("RGB", 300, a6_pdf(300))])),
    "pdf-attachment": ("attach.pdf", lambda p: edit_pdf(vector_pdf(p), attached), Taken([("L", 300, a6_pdf(300))])),
    "pdf-owner-password-only": ("owner.pdf", lambda p: edit_pdf(
        vector_pdf(p), lambda pdf: None, encryption=pikepdf.Encryption(owner="kontor", user="", R=6)),
        Taken([("L", 300, a6_pdf(300))])),
    "pdf-user-password": ("locked.pdf", lambda p: edit_pdf(
        vector_pdf(p), lambda pdf: None, encryption=pikepdf.Encryption(owner="kontor", user="borger", R=6)),
        Refused(("password",))),
    "pdf-two-pages": ("two.pdf", lambda p: vector_pdf(p, pages=2), Taken([("L", 300, a6_pdf(300))] * 2)),
    "pdf-no-pages": ("empty.pdf", no_pages_pdf, Refused(("no pages",))),
    "pdf-huge-page": ("poster.pdf", lambda p: vector_pdf(p, size=(14400, 14400)),
                      Refused(("too large", "508 x 508 cm", "60000 x 60000 pixels"))),
    "pdf-tiny-page": ("stamp.pdf", tiny_pdf, Refused(("too small to be a page", "0.7 x 0.7 mm"))),
    # too small or not a picture at all
    "png-1x1": ("pixel.png", lambda p: save(Image.new("L", (1, 1), 0), p), Refused(("too small to be a page",))),
    "png-icon": ("icon.png", lambda p: save(Image.new("RGB", (32, 32), "red"), p, dpi=(96, 96)),
                 Refused(("too small to be a page", "32 x 32 pixels"))),
    "text-named-png": ("notes.png", lambda p: p.write_text("Kære kommune\n") and p, Refused(("looks like text",))),
    "empty-file": ("nothing.pdf", lambda p: p.write_bytes(b"") or p, Refused(("empty",))),
}


def clerk_sentence(message: str, name: str) -> None:
    assert name in message, message
    assert "\n" not in message and "Traceback" not in message, message
    assert "<" not in message and "object at" not in message, message


def block_at_top_left(image: Image.Image) -> bool:
    gray = image.convert("L")
    w, h = gray.size
    return gray.getpixel((w // 20, h // 40)) < 100 and gray.getpixel((w - 1 - w // 20, h // 40)) > 150


@pytest.mark.parametrize("case", list(CASES))
def test_every_file_is_taken_whole_or_refused_in_one_sentence(tmp_path, case):
    name, build, expected = CASES[case]
    path = tmp_path / name
    result = build(path)
    assert Path(result) == path
    if isinstance(expected, Refused):
        with pytest.raises(InputError) as caught:
            list(read_pages(path))
        message = str(caught.value)
        clerk_sentence(message, name)
        for word in expected.words:
            assert word in message, message
        return
    pages = list(read_pages(path))
    assert [(p.image.mode, p.dpi, p.image.size) for p in pages] == expected.pages
    if expected.upright:
        assert all(block_at_top_left(p.image) for p in pages), "turned or mirrored"


def test_rotate_90_page_comes_out_as_the_viewer_shows_it(tmp_path):
    path = edit_pdf(vector_pdf(tmp_path / "rotate.pdf"), rotated)
    (page,) = read_pages(path)
    gray = page.image.convert("L")
    w, h = gray.size
    assert w > h
    assert gray.getpixel((w - 1 - w // 40, h // 20)) < 100  # /Rotate 90 is clockwise: the block is top-right


def test_form_field_value_is_on_the_page(tmp_path):
    plain = vector_pdf(tmp_path / "plain.pdf")
    form = vector_pdf(tmp_path / "form.pdf", draw=form_field)
    (without,), (with_field,) = read_pages(plain), read_pages(form)

    def ink(image):
        return sum(image.convert("L").point(lambda v: 255 if v < 128 else 0).histogram()[255:])

    assert ink(with_field.image) > ink(without.image) + 200  # "Hans Jensen" and the field's frame


def test_not_a_file_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "scanner.png"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        list(read_pages(fifo))
    clerk_sentence(str(caught.value), "scanner.png")


# --- a representative handful through the real CLI ---------------------------------------------------------


def test_representative_files_through_the_cli(tmp_path):
    """Files taken, read and archived searchable; files refused, each in one line; exit code 5."""
    inbox, drop = tmp_path / "in", tmp_path / "drop"
    inbox.mkdir()
    drop.mkdir()
    # Read by Tesseract (three pages): a phone photo held sideways, a turned PDF page, a locked-for-editing PDF.
    upright = text_sheet(["Kære kommune", "Ansøgning om friplads", "Med venlig hilsen"], dpi=150).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    upright.transpose(Image.Transpose.ROTATE_90).save(inbox / "01-phone.jpg", exif=exif, dpi=(150, 150), quality=85)
    edit_pdf(vector_pdf(inbox / "02-turned.pdf", size=(595, 842), text="Indsigelse mod ejendomsskat"), rotated)
    edit_pdf(vector_pdf(inbox / "03-owner.pdf", size=(595, 842), text="Kvittering for betaling af kontingent"),
             lambda pdf: None, encryption=pikepdf.Encryption(owner="kontor", user="", R=6))
    # Refused.
    cut_jpeg(inbox / "04-cut.jpg")
    save(Image.new("L", (1, 1), 0), inbox / "05-pixel.png")
    no_pages_pdf(inbox / "06-empty.pdf")

    done = scanstation(tmp_path, "--drop", str(drop), "process", str(inbox), "--recipient", "borgerservice",
                       env=cli_env(tmp_path, ocr=True), timeout=300)

    assert done.returncode == 5, done.stdout + done.stderr  # some files could not be imported
    complaints = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(complaints) == 3, done.stderr
    for line, name in zip(complaints, ("04-cut.jpg", "05-pixel.png", "06-empty.pdf")):
        clerk_sentence(line, name)
    texts = {}
    for pdf in sorted(drop.glob("*.pdf")):
        sidecar = check_delivery(pdf)
        assert sidecar["ocr"]["pages_without_text"] == []
        texts[pdf.name] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    found = " ".join(texts.values())
    assert len(texts) == 3
    for words in ("friplads", "ejendomsskat", "kontingent"):
        assert words in found, found
