"""The files device: every format it reads, and every way a file can be bad.

All files are made here; nothing binary is committed. Images are small (around A4
at 50 dpi) to keep the suite fast.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFile
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from scanstation.capture import backend_for, files
from scanstation.capture.base import (
    Cancelled,
    CancelToken,
    DeviceNotFound,
    InputError,
    ScannerBackend,
    ScanSettings,
)
from scanstation.capture.files import FilesBackend, expand_paths, read_pages

A4_50DPI = (413, 585)


# --- making files -------------------------------------------------------------


def letter(mode: str = "L", size: tuple[int, int] = A4_50DPI, seed: int = 1) -> Image.Image:
    """A page with some text-like marks and noise, so it does not compress to nothing."""
    rng = np.random.default_rng(seed)
    gray = np.full((size[1], size[0]), 255, dtype=np.uint8)
    gray[rng.random(gray.shape) < 0.2] = 0
    img = Image.fromarray(gray, "L")
    draw = ImageDraw.Draw(img)
    draw.rectangle((size[0] // 20, size[1] // 20, size[0] // 3, size[1] // 6), fill=0)
    draw.rectangle((size[0] // 20, size[1] // 4, size[0] // 3, size[1] // 3), fill=100)  # a gray photo
    if mode == "1":
        return img.convert("1", dither=Image.Dither.NONE)
    if mode == "RGB":
        rgb = img.convert("RGB")
        ImageDraw.Draw(rgb).rectangle((size[0] // 2, size[1] // 20, size[0] - 2, size[1] // 8), fill=(200, 30, 30))
        return rgb
    return img


def only(pages) -> object:
    pages = list(pages)
    assert len(pages) == 1
    return pages[0]


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return a.mode == b.mode and a.size == b.size and a.tobytes() == b.tobytes()


def save_tiff(path: Path, pages: list[Image.Image], compression: str, dpi=(200, 200)) -> Path:
    # Copies: Pillow leaves a previous save's encoder settings on an image, which breaks libtiff.
    pages = [page.copy() for page in pages]
    pages[0].save(path, save_all=True, append_images=pages[1:], compression=compression, dpi=dpi)
    return path


def pdf_with_image(path: Path, img: Image.Image, dpi: float, pages: int = 1) -> Path:
    """A PDF whose pages are `img` drawn edge to edge at `dpi`, like a scanner's PDF."""
    width, height = img.width * 72 / dpi, img.height * 72 / dpi
    pdf = canvas.Canvas(str(path), pagesize=(width, height))
    for _ in range(pages):
        pdf.drawImage(ImageReader(img), 0, 0, width, height)
        pdf.showPage()
    pdf.save()
    return path


def vector_pdf(path: Path, size=(144, 216), pages: int = 1) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=size)
    for number in range(pages):
        pdf.setFont("Helvetica", 14)
        pdf.drawString(10, size[1] - 30, f"Page {number + 1}")
        pdf.rect(10, 10, 50, 50, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def ifd_first_tiff(path: Path, img: Image.Image, compression: str) -> Path:
    """A one-strip TIFF with its directory before the pixels, as many scanners write it.

    Pillow (libtiff) puts the directory last, so cutting such a file loses the
    directory; cutting this one keeps it and loses pixel data instead.
    """
    buffer = io.BytesIO()
    img.save(buffer, format="TIFF", compression=compression, strip_size=1 << 24)
    tags = Image.open(buffer).tag_v2
    assert len(tags[273]) == 1
    strip = buffer.getvalue()[tags[273][0] :][: tags[279][0]]
    entries = [  # (tag, type: 3 = SHORT, 4 = LONG, value)
        (256, 4, img.width),
        (257, 4, img.height),
        (258, 3, 1 if img.mode == "1" else 8),
        (259, 3, tags[259]),
        (262, 3, tags[262]),
        (273, 4, 8 + 2 + 12 * 9 + 4),  # pixels right after this 9-entry directory
        (277, 3, 1),
        (278, 4, img.height),
        (279, 4, len(strip)),
    ]
    data = b"II*\x00" + struct.pack("<IH", 8, len(entries))
    for tag, kind, value in entries:
        packed = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        data += struct.pack("<HHI", tag, kind, 1) + packed
    path.write_bytes(data + struct.pack("<I", 0) + strip)
    return path


def cut(path: Path, keep: float = 0.5) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def assert_input_error(path: Path, *words: str) -> InputError:
    with pytest.raises(InputError) as caught:
        list(read_pages(path))
    message = str(caught.value)
    assert path.name in message
    assert "\n" not in message
    for word in words:
        assert word in message.lower()
    return caught.value


# --- each format round-trips ------------------------------------------------


def test_png_round_trips_with_its_dpi(tmp_path):
    original = letter("L")
    path = tmp_path / "brev.png"
    original.save(path, dpi=(150, 150))

    page = only(read_pages(path))

    assert same_pixels(page.image, original)
    assert page.dpi == 150
    assert (page.sheet, page.side, page.group, page.origin) == (1, "front", str(path), "brev.png")
    # Detached from the file (which a hot folder may move away): the file's bytes in memory,
    # decoded by the worker that analyses the page, not here as well.
    assert getattr(page.image, "filename", "") == "" and page.extra["not_decoded"]


def test_jpeg_round_trips_with_its_jfif_dpi(tmp_path):
    path = tmp_path / "photo.jpg"
    letter("RGB").save(path, dpi=(200, 200), quality=90)

    page = only(read_pages(path))

    assert (page.image.mode, page.image.size, page.dpi) == ("RGB", A4_50DPI, 200)


def test_file_without_resolution_is_taken_as_300_dpi(tmp_path):
    path = tmp_path / "nodpi.png"
    letter("L").save(path)
    assert only(read_pages(path)).dpi == 300


def test_multipage_g4_tiff_keeps_pages_bitonal_and_in_order(tmp_path):
    originals = [letter("1", seed=n) for n in range(3)]
    path = save_tiff(tmp_path / "brev.tif", originals, "group4", dpi=(300, 300))

    pages = list(read_pages(path))

    assert [p.sheet for p in pages] == [1, 2, 3]
    assert [p.origin for p in pages] == [f"brev.tif page {n} of 3" for n in (1, 2, 3)]
    assert {p.group for p in pages} == {str(path)}
    assert all(p.dpi == 300 for p in pages)
    for page, original in zip(pages, originals):
        assert same_pixels(page.image, original)


def test_multipage_lzw_tiff_with_mixed_modes(tmp_path):
    originals = [letter("L", seed=1), letter("RGB", seed=2), letter("L", size=(200, 100), seed=3)]
    path = save_tiff(tmp_path / "mixed.tiff", originals, "tiff_lzw")

    pages = list(read_pages(path))

    assert len(pages) == 3
    for page, original in zip(pages, originals):
        assert same_pixels(page.image, original)
        assert page.dpi == 200


def test_type_is_told_by_content_not_name(tmp_path):
    path = tmp_path / "actually-a-png.pdf"
    letter("L").save(path, format="PNG")
    assert only(read_pages(path)).image.size == A4_50DPI


def test_fax_resolution_tiff_is_stretched_to_square_pixels(tmp_path):
    stored = letter("1", size=(408, 196))
    path = save_tiff(tmp_path / "fax.tif", [stored], "group3", dpi=(204, 98))

    page = only(read_pages(path))

    assert page.dpi == 204
    assert page.image.mode == "1"
    assert page.image.size == (408, round(196 * 204 / 98))


# --- PDF ----------------------------------------------------------------------


def test_scanned_pdf_renders_at_its_image_resolution(tmp_path):
    path = pdf_with_image(tmp_path / "scan.pdf", letter("L"), dpi=200)

    page = only(read_pages(path))

    assert page.dpi == 200
    assert page.image.size == A4_50DPI
    assert page.image.mode == "L"
    assert page.group == str(path) and page.origin == "scan.pdf"


def test_bitonal_scan_in_pdf_comes_back_bitonal(tmp_path):
    original = letter("1")
    path = pdf_with_image(tmp_path / "bw.pdf", original, dpi=300)

    page = only(read_pages(path))

    assert page.image.mode == "1"
    assert same_pixels(page.image, original)


def test_colour_scan_in_pdf_stays_colour(tmp_path):
    path = pdf_with_image(tmp_path / "colour.pdf", letter("RGB"), dpi=150)
    page = only(read_pages(path))
    assert (page.image.mode, page.dpi) == ("RGB", 150)


@pytest.mark.parametrize(("scan_dpi", "expected"), [(72, 150), (1200, 600)])
def test_scan_resolution_is_kept_within_a_sane_range(tmp_path, scan_dpi, expected):
    path = pdf_with_image(tmp_path / "odd.pdf", letter("L", size=(600, 850)), dpi=scan_dpi)
    assert only(read_pages(path)).dpi == expected


def test_vector_pdf_renders_at_300_dpi(tmp_path):
    path = vector_pdf(tmp_path / "letter.pdf", size=(144, 216))

    page = only(read_pages(path))

    assert page.dpi == 300
    assert page.image.size == (600, 900)
    assert page.image.mode == "L"  # anti-aliased black text on white


def test_small_logo_does_not_decide_the_resolution(tmp_path):
    path = tmp_path / "logo.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(144, 216))
    pdf.drawImage(ImageReader(letter("L", size=(40, 40))), 10, 10, 20, 20)  # 144 dpi, tiny
    pdf.showPage()
    pdf.save()
    assert only(read_pages(path)).dpi == 300


def test_multipage_pdf_and_rotated_page(tmp_path):
    path = vector_pdf(tmp_path / "two.pdf", size=(144, 216), pages=2)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[1].Rotate = 90
        pdf.save(path)

    pages = list(read_pages(path))

    assert [p.origin for p in pages] == ["two.pdf page 1 of 2", "two.pdf page 2 of 2"]
    assert [p.sheet for p in pages] == [1, 2]
    assert pages[0].image.size == (600, 900)
    assert pages[1].image.size == (900, 600)


def test_pdf_with_only_an_owner_password_opens(tmp_path):
    path = vector_pdf(tmp_path / "restricted.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="boss", user=""))
    assert only(read_pages(path)).dpi == 300


# --- normalising images -------------------------------------------------------


def test_exif_rotated_jpeg_comes_out_upright(tmp_path):
    # Stored landscape with a black block top-left; orientation 6 = turn 90 degrees clockwise.
    stored = Image.new("RGB", (300, 200), "white")
    ImageDraw.Draw(stored).rectangle((0, 0, 60, 60), fill="black")
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "phone.jpg"
    stored.save(path, exif=exif.tobytes(), quality=95)

    page = only(read_pages(path))

    assert page.image.size == (200, 300)
    assert page.image.getpixel((190, 10))[0] < 60  # the block is now top-right
    assert page.image.getpixel((10, 10))[0] > 200


def test_rgba_is_flattened_onto_white(tmp_path):
    rgba = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).rectangle((0, 0, 9, 9), fill=(255, 0, 0, 255))
    path = tmp_path / "alpha.png"
    rgba.save(path, dpi=(50, 50))  # 20 x 15 mm: big enough to be a page

    image = only(read_pages(path)).image

    assert image.mode == "RGB"
    assert image.getpixel((5, 5)) == (255, 0, 0)
    assert image.getpixel((30, 20)) == (255, 255, 255)


def test_gray_with_alpha_becomes_gray(tmp_path):
    path = tmp_path / "la.png"
    Image.new("LA", (20, 20), (0, 0)).save(path, dpi=(50, 50))
    image = only(read_pages(path)).image
    assert (image.mode, image.getpixel((0, 0))) == ("L", 255)


def test_palette_images_become_rgb_or_gray(tmp_path):
    colour = tmp_path / "colour.png"
    letter("RGB", size=(60, 40)).convert("P", palette=Image.Palette.ADAPTIVE).save(colour, dpi=(50, 50))
    transparent = tmp_path / "transparent.png"
    pal = Image.new("P", (20, 20), 1)
    pal.putpalette([0, 0, 0, 10, 200, 10] + [0] * 762)
    pal.save(transparent, transparency=1, dpi=(50, 50))

    assert only(read_pages(colour)).image.mode == "RGB"
    flat = only(read_pages(transparent)).image
    assert flat.getpixel((0, 0)) in (255, (255, 255, 255))


def test_gray_palette_becomes_gray(tmp_path):
    path = tmp_path / "graypal.png"
    pal = Image.new("P", (20, 20), 1)
    pal.putpalette([v for g in range(256) for v in (g, g, g)])
    pal.save(path, dpi=(50, 50))
    assert only(read_pages(path)).image.mode == "L"


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_sixteen_bit_gray_is_scaled_not_clipped(tmp_path, suffix):
    values = np.zeros((20, 20), dtype=np.uint16)
    values[:, 10:] = 65535
    values[:, 5:10] = 32768
    path = tmp_path / f"deep{suffix}"
    Image.fromarray(values).save(path, dpi=(50, 50))

    image = only(read_pages(path)).image

    assert image.mode == "L"
    assert [image.getpixel((x, 0)) for x in (0, 7, 15)] == [0, 128, 255]


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    path = tmp_path / "print.jpg"
    letter("RGB", size=(50, 40)).convert("CMYK").save(path, dpi=(50, 50))
    assert only(read_pages(path)).image.mode == "RGB"


# --- bad input: always InputError naming the file --------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert_input_error(path, "empty")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="gone.png"):
        list(read_pages(tmp_path / "gone.png"))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_image_is_refused(tmp_path, fmt):
    path = tmp_path / f"cut.{fmt.lower()}"
    letter("RGB").save(path, format=fmt)
    cut(path)
    assert_input_error(path)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
@pytest.mark.parametrize(("mode", "compression"), [("1", "group4"), ("L", "tiff_lzw")])
@pytest.mark.parametrize("pages", [1, 3])
def test_truncated_tiff_is_refused(tmp_path, mode, compression, pages):
    path = save_tiff(tmp_path / "cut.tif", [letter(mode, seed=n) for n in range(pages)], compression)
    cut(path, 0.6)
    assert_input_error(path)


@pytest.mark.parametrize(("mode", "compression"), [("1", "group4"), ("L", "tiff_lzw"), ("L", "raw")])
@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_tiff_with_pixel_data_cut_short_is_refused(tmp_path, mode, compression, keep):
    original = letter(mode)
    whole = ifd_first_tiff(tmp_path / "whole.tif", original, compression)
    assert same_pixels(only(read_pages(whole)).image, original)  # the crafted file itself is good

    partial = tmp_path / "partial.tif"
    partial.write_bytes(whole.read_bytes())
    assert_input_error(cut(partial, keep), "incomplete")


def test_truncated_pdf_is_refused(tmp_path):
    path = cut(pdf_with_image(tmp_path / "cut.pdf", letter("L"), dpi=100))
    assert_input_error(path, "incomplete")


def test_corrupt_pdf_is_refused(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert_input_error(path, "damaged")


def test_pdf_without_pages_is_refused(tmp_path):
    path = tmp_path / "nopages.pdf"
    pikepdf.new().save(path)
    error = assert_input_error(path)
    assert "no pages" in str(error) or "damaged" in str(error)


def test_password_protected_pdf_is_refused(tmp_path):
    path = vector_pdf(tmp_path / "secret.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="boss", user="secret"))
    assert_input_error(path, "password")


def test_office_document_renamed_pdf_is_refused(tmp_path):
    path = tmp_path / "report.pdf"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    error = assert_input_error(path, "not a png, jpeg, tiff, bmp, gif, webp or pdf")
    assert "office" in str(error).lower()


def test_text_file_renamed_pdf_is_refused(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("Dear Sir,\nthis is not a PDF.\n")
    assert_input_error(path, "not a png, jpeg, tiff, bmp, gif, webp or pdf", "text")


def test_png_claiming_ten_billion_pixels_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    )
    assert_input_error(path, "too large")


def test_images_over_the_pixel_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_PIXELS", 50_000)
    small = letter("L", size=(100, 100))
    big = letter("L", size=(300, 300))
    png = tmp_path / "big.png"
    big.save(png)
    tif = save_tiff(tmp_path / "second-page-big.tif", [small, big], "tiff_lzw")

    assert_input_error(png, "too large")
    with pytest.raises(InputError, match="page 2.*too large"):
        list(read_pages(tif))


def test_pdf_page_of_huge_size_is_refused_before_rendering(tmp_path):
    path = vector_pdf(tmp_path / "poster.pdf", size=(14400, 14400))  # 200 x 200 inches
    assert_input_error(path, "too large")


def test_pdf_with_a_huge_embedded_image_is_refused(tmp_path):
    path = pdf_with_image(tmp_path / "hugeimage.pdf", letter("L", size=(50, 50)), dpi=100)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                obj.Width, obj.Height = 100_000, 100_000
        pdf.save(path)
    assert_input_error(path, "too large")


def test_too_many_pages_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_PAGES_PER_FILE", 2)
    tif = save_tiff(tmp_path / "long.tif", [letter("1", size=(50, 50))] * 3, "group4")
    pdf = vector_pdf(tmp_path / "long.pdf", pages=3)

    assert_input_error(tif, "more than 2 pages")
    assert_input_error(pdf, "more than 2")


# --- expanding folders --------------------------------------------------------


def test_folder_is_expanded_in_natural_order_skipping_others(tmp_path):
    folder = tmp_path / "post"
    folder.mkdir()
    for name in ("scan10.png", "scan2.png", "Scan1.tif"):
        letter("L", size=(20, 20)).save(folder / name, format="TIFF" if name.endswith("tif") else "PNG")
    vector_pdf(folder / "scan3.pdf")
    letter("L", size=(20, 20)).save(folder / ".hidden.png")
    (folder / "notes.txt").write_text("not a scan")
    (folder / "empty.png").write_bytes(b"")
    (folder / "sub").mkdir()
    letter("L", size=(20, 20)).save(folder / "sub" / "inner.png")

    found = expand_paths([folder])

    assert [p.name for p in found] == ["Scan1.tif", "scan2.png", "scan3.pdf", "scan10.png"]


def test_files_are_kept_as_given_even_unreadable_ones(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    image = tmp_path / "a.png"
    letter("L", size=(20, 20)).save(image)
    assert expand_paths([str(notes), image]) == [notes, image]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="No such file or folder: .*nowhere"):
        expand_paths([tmp_path / "nowhere"])


# --- the backend ----------------------------------------------------------------


def test_backend_is_registered_and_describes_itself():
    backend = backend_for("files")
    assert isinstance(backend, FilesBackend)
    assert isinstance(backend, ScannerBackend)
    (device,) = backend.list_devices()
    assert (device.id, device.name, device.kind) == ("files", "Files and folders", "files")
    assert backend.describe("files").sources == ("adf",)


def test_scan_reads_every_file_and_numbers_sheets_across_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    save_tiff(folder / "a.tif", [letter("1", size=(40, 40))] * 2, "group4", dpi=(100, 100))
    letter("L", size=(30, 30)).save(folder / "b.png", dpi=(50, 50))
    extra = vector_pdf(tmp_path / "c.pdf")

    pages = list(FilesBackend().scan("files", ScanSettings(paths=(folder, extra))))

    assert [p.sheet for p in pages] == [1, 2, 3, 4]
    assert [p.origin for p in pages] == ["a.tif page 1 of 2", "a.tif page 2 of 2", "b.png", "c.pdf"]
    assert [Path(p.group).name for p in pages] == ["a.tif", "a.tif", "b.png", "c.pdf"]


def test_scan_stops_between_pages_when_cancelled(tmp_path):
    path = save_tiff(tmp_path / "a.tif", [letter("1", size=(40, 40))] * 3, "group4", dpi=(100, 100))
    cancel = CancelToken()
    scan = FilesBackend().scan("files", ScanSettings(paths=(path,)), cancel)

    first = next(scan)
    cancel.cancel()

    assert first.sheet == 1
    with pytest.raises(Cancelled):
        next(scan)


def test_scan_of_nothing_readable_is_an_input_error(tmp_path):
    (tmp_path / "readme.txt").write_text("x")
    with pytest.raises(InputError, match="No PNG, JPEG, TIFF, BMP, GIF, WebP or PDF files"):
        list(FilesBackend().scan("files", ScanSettings(paths=(tmp_path,))))


def test_scan_of_another_device_is_refused():
    with pytest.raises(DeviceNotFound):
        list(FilesBackend().scan("sane:test:0", ScanSettings()))


def test_pdf_from_memory_is_not_needed(tmp_path):
    # read_pages takes paths only; a str path works as well as a Path.
    path = vector_pdf(tmp_path / "str.pdf")
    assert only(read_pages(str(path))).group == str(path)


# --- a PNG is stored as the file it is ------------------------------------------


def test_an_imported_png_is_stored_as_the_very_file_and_others_are_encoded_losslessly(tmp_path, monkeypatch):
    """A PNG that states its resolution is kept byte for byte (no second encoding, the same
    checksum as the file received); one without a resolution, or turned by its EXIF, is stored
    as a new PNG of what was read, with the resolution the import settled on."""
    import hashlib

    from scanstation.config import Settings
    from scanstation.station import Station

    monkeypatch.setenv("SCANSTATION_OCR", "0")
    stated, unstated, turned = tmp_path / "stated.png", tmp_path / "unstated.png", tmp_path / "turned.png"
    letter("L", seed=4).save(stated, dpi=(200, 200))
    letter("L", seed=5).save(unstated)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to view"
    letter("RGB", seed=6).save(turned, dpi=(200, 200), exif=exif)
    profiled = tmp_path / "profiled.png"  # a colour profile travels with a file: it is not kept
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    letter("RGB", seed=7).save(profiled, dpi=(200, 200), icc_profile=srgb)
    station = Station.open(tmp_path / "station", Settings(station_id="KOEGE1", operator="anna"))
    station.intake(workers=0).import_files([stated, unstated, turned, profiled])
    pages = station.journal.pages(1)
    kept = [station.store.path_of(p.file_path) for p in pages]
    assert pages[0].sha256 == hashlib.sha256(stated.read_bytes()).hexdigest() == hashlib.sha256(
        kept[0].read_bytes()).hexdigest()
    assert kept[1].read_bytes() != unstated.read_bytes() and kept[2].read_bytes() != turned.read_bytes()
    with Image.open(kept[3]) as page:
        assert "icc_profile" not in page.info and round(page.info["dpi"][0]) == 200
    for path, source in zip(kept, (stated, unstated, turned)):
        with Image.open(path) as page, Image.open(source) as original:
            assert round(page.info["dpi"][0]) == (300 if source is unstated else 200)
            expected = original.transpose(Image.Transpose.ROTATE_270) if source is turned else original
            assert page.size == expected.size and page.tobytes() == expected.convert(page.mode).tobytes()
    station.close()


# --- a PNG stored as the very file is checked whole, not decoded at import ------------


def gray_png(rows: int, *, width: int = 50, height: int = 40, filters: int = 0, data: bytes | None = None) -> bytes:
    """An 8-bit gray 200 dpi PNG whose header says `width` x `height` and whose image data is
    `rows` white rows, each with filter byte `filters` (or `data` as it is)."""
    per_metre = round(200 / 0.0254)
    image_data = data if data is not None else zlib.compress((bytes([filters]) + b"\xff" * width) * rows)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
            + png_chunk(b"IDAT", image_data) + png_chunk(b"IEND", b""))


@pytest.mark.parametrize("damage, words", [
    ("rows missing", "not the"),
    ("rows too many", "not the"),
    ("unknown filter", "unknown filter"),
    ("not zlib", "cannot be inflated"),
])
def test_a_png_whose_pixels_are_damaged_under_good_checksums_is_refused_at_import(tmp_path, damage, words):
    """Chunk checksums all right, image data wrong: what decoding would find, found without it."""
    data = {
        "rows missing": gray_png(39),
        "rows too many": gray_png(41),
        "unknown filter": gray_png(40, filters=7),
        "not zlib": gray_png(40, data=b"\x00" * 100),
    }[damage]
    path = tmp_path / "scan.png"
    path.write_bytes(data)
    assert_input_error(path, "damaged", words)


def test_an_imported_png_is_decoded_once_by_its_worker_and_not_at_import(tmp_path, monkeypatch):
    """The import checks the file whole and stores it as it is; the worker that analyses the
    page decodes it and sends the thumbnail the window shows."""
    from PIL import PngImagePlugin

    from scanstation.config import Settings
    from scanstation.station import Station

    monkeypatch.setenv("SCANSTATION_OCR", "0")
    path = tmp_path / "letter.png"
    letter("L", seed=3).save(path, dpi=(200, 200))
    decoded, real_load = [], PngImagePlugin.PngImageFile.load
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", lambda self: decoded.append(1) or real_load(self))
    station = Station.open(tmp_path / "station", Settings(station_id="KOEGE1", operator="anna"))
    shown = []
    station.intake(workers=1).import_files([path], on_page=shown.append)
    assert decoded == []  # not in this process: the worker (another process) decoded it
    (page,) = shown
    with Image.open(path) as original:
        expected = original.copy()
        expected.thumbnail((240, 340))
    assert page.image.size == expected.size
    assert np.abs(np.asarray(page.image, dtype=int) - np.asarray(expected, dtype=int)).mean() < 8
    stored = station.journal.pages(1)[0]
    assert station.store.path_of(stored.file_path).read_bytes() == path.read_bytes()
    station.close()
