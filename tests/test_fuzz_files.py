"""Reading image and PDF files (capture/files.py), fuzzed: small valid PNG, JPEG, TIFF and PDF
files, cut at every length or damaged at random, are read as whole pages or refused with one
line that names the file - never another exception, never a page that cannot be decoded later,
never a hang. Files that claim a huge size are refused from their header."""

from __future__ import annotations

import io
import socket
import struct
import threading
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from scanstation.capture.base import InputError
from scanstation.capture.files import read_pages, sniff_type

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow on the damaged files

NAME = "brev.bin"  # the type is told from the bytes, never from the name


def _page(mode: str, size=(200, 160)) -> Image.Image:  # over 1 cm a side: smaller is refused
    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).rectangle((3, 3, size[0] - 5, size[1] - 7), outline=0, width=2)
    return image.convert(mode)


def _saved(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    if kind == "TIFF" and options.pop("pages", 1) == 2:
        image.save(out, kind, save_all=True, append_images=[_page("L", (160, 240))], **options)
    else:
        image.save(out, kind, **options)
    return out.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(144, 72), invariant=1)
    canvas.drawString(5, 10, "Brev")
    canvas.drawInlineImage(_page("L"), 60, 5, 48, 38)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


SAMPLES = {
    "png gray 300 dpi (stored as received)": _saved(_page("L"), "PNG", dpi=(300, 300)),
    "png 1-bit": _saved(_page("1"), "PNG", dpi=(200, 200)),
    "png rgb, no dpi": _saved(_page("RGB"), "PNG"),
    "png palette": _saved(_page("RGB").convert("P"), "PNG", dpi=(300, 300)),
    "jpeg baseline": _saved(_page("RGB"), "JPEG", quality=60, dpi=(300, 300)),
    "jpeg progressive": _saved(_page("L"), "JPEG", quality=60, progressive=True),
    "tiff lzw, two pages": _saved(_page("L"), "TIFF", compression="tiff_lzw", pages=2, dpi=(300, 300)),
    "tiff g4": _saved(_page("1"), "TIFF", compression="group4", dpi=(204, 196)),
    "tiff raw rgb": _saved(_page("RGB"), "TIFF", dpi=(300, 300)),
    "pdf": _pdf(),
}


def read_or_refuse(path: Path) -> list | None:
    """The pages, each decodable in a supported mode, or None after a one-line InputError naming the file."""
    started = time.monotonic()
    try:
        pages = []
        for page in read_pages(path):
            page.image.load()  # a page handed on undecoded (a PNG kept as received) must decode later
            assert page.image.mode in ("1", "L", "RGB", "P") and page.image.width > 0 and page.image.height > 0
            assert 50 <= page.dpi <= 2400
            pages.append(page)
    except InputError as exc:
        message = str(exc)
        assert message.startswith(f"Cannot read {path.name}: "), message
        assert "\n" not in message and "Traceback" not in message, message
        assert "object at 0x" not in message and "BytesIO" not in message, message  # no Python reprs
        pages = None
    assert time.monotonic() - started < 20, "reading one small file took too long"
    return pages


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-files")

    def write(data: bytes) -> Path:
        path = folder / NAME
        path.write_bytes(data)
        return path

    return write


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_sample_is_read_whole(sample_file, kind):
    pages = read_or_refuse(sample_file(SAMPLES[kind]))
    assert pages and len(pages) == (2 if "two pages" in kind else 1)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_sample_cut_at_any_length_is_refused_unless_nothing_was_lost(sample_file, kind):
    data = SAMPLES[kind]
    whole = [page.image.tobytes() for page in read_or_refuse(sample_file(data))]
    step = max(1, len(data) // 400)  # every length of the small files, every n-th of the PDF
    for length in range(0, len(data) - 1, step):
        pages = read_or_refuse(sample_file(data[:length]))
        # Taken only when every pixel is there (a PNG cut inside its last checksum or end marker).
        assert pages is None or [page.image.tobytes() for page in pages] == whole, f"cut at {length} was taken"


_mutation = st.tuples(st.sampled_from(["flip", "insert", "delete", "overwrite"]), st.integers(0, 1 << 20),
                      st.binary(min_size=1, max_size=16))


def _mutated(data: bytes, mutations) -> bytes:
    data = bytearray(data)
    for how, position, payload in mutations:
        position %= max(1, len(data))
        if how == "flip":
            data[position] ^= payload[0] or 1
        elif how == "insert":
            data[position:position] = payload
        elif how == "delete":
            del data[position:position + len(payload)]
        else:
            data[position:position + len(payload)] = payload
    return bytes(data)


@settings(max_examples=200)
@given(st.sampled_from(sorted(SAMPLES)), st.lists(_mutation, min_size=1, max_size=4))
def test_a_damaged_file_is_read_or_refused_with_one_line(sample_file, kind, mutations):
    read_or_refuse(sample_file(_mutated(SAMPLES[kind], mutations)))


@given(st.binary(max_size=2048))
@example(b"%PDF-1.4\n%%EOF")
@example(b"\xff\xd8\xff")
@example(b"II*\x00\x08\x00\x00\x00\x00\x00")
def test_any_bytes_are_read_or_refused_with_one_line(sample_file, data):
    assert sniff_type(data) in (None, "png", "jpeg", "tiff", "pdf", "gif", "webp", "bmp")
    read_or_refuse(sample_file(data))


# --- claiming a huge size ---------------------------------------------------------------


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def _tiff_claiming(width: int, height: int) -> bytes:
    tags = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8), (277, 3, 1),
            (278, 4, height), (279, 4, 4)]
    ifd = struct.pack("<H", len(tags)) + b"".join(struct.pack("<HHII", t, k, 1, v) for t, k, v in tags) + b"\0" * 4
    return b"II*\x00" + struct.pack("<I", 12) + b"\xff" * 4 + ifd


def _jpeg_claiming(width: int, height: int) -> bytes:
    data = bytearray(SAMPLES["jpeg baseline"])
    at = next(i for i in range(len(data) - 1) if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC2))
    data[at + 5:at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _pdf_with_image_claiming(width: int, height: int) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, zlib.compress(b"\x00" * 1000))
    image.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Image, "/Width": width, "/Height": height,
                  "/ColorSpace": pikepdf.Name.DeviceGray, "/BitsPerComponent": 8, "/Filter": pikepdf.Name.FlateDecode})
    page = pdf.add_blank_page(page_size=(595, 842))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pikepdf.Stream(pdf, b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _pdf_page_of(width_pt: float, height_pt: float) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width_pt, height_pt))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("what, data", [
    ("PNG of 100,000 x 100,000 pixels", _png_claiming(100_000, 100_000)),
    ("PNG of 4 billion x 4 billion pixels", _png_claiming(2**31 - 1, 2**31 - 1)),
    ("TIFF of 100,000 x 100,000 pixels", _tiff_claiming(100_000, 100_000)),
    ("JPEG of 65,535 x 65,535 pixels", _jpeg_claiming(65_535, 65_535)),
    ("PDF with an image of 200,000 x 200,000 pixels", _pdf_with_image_claiming(200_000, 200_000)),
    ("PDF page of 14,400 x 14,400 pt (5 m square)", _pdf_page_of(14_400, 14_400)),
])
def test_a_file_claiming_a_huge_size_is_refused_from_its_header(sample_file, what, data):
    started = time.monotonic()
    with pytest.raises(InputError, match=r"^Cannot read brev\.bin: .*(too large|damaged)"):
        list(read_pages(sample_file(data)))
    assert time.monotonic() - started < 5, what


def test_a_socket_is_refused_not_waited_on(tmp_path):
    path = tmp_path / "scan.png"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        result: list = []
        reader = threading.Thread(target=lambda: result.append(read_or_refuse(path)), daemon=True)
        reader.start()
        reader.join(10)
        assert not reader.is_alive() and result == [None]
    finally:
        server.close()


@pytest.mark.parametrize("kind, cut", [
    ("tiff lzw, two pages", 1000),  # in page 2's pixels, before its description: was taken as one page
    ("tiff g4", 286),  # inside the page's tags (after its pixels): was taken with other pixels
])
def test_a_tiff_cut_inside_its_page_descriptions_is_refused(sample_file, kind, cut):
    with pytest.raises(InputError, match="incomplete"):
        list(read_pages(sample_file(SAMPLES[kind][:cut])))
