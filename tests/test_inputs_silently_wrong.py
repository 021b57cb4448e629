"""Inputs that used to be taken silently wrong (issue 14, item 5), and are now taken right or
refused with one sentence: a JPEG cut short with its end marker put back, float and 32-bit
TIFFs, tiny images, named pipes, devices and sockets, links out of a folder, BMP / GIF / WebP,
and no Python object ever named in a message. All files are made here, small."""

from __future__ import annotations

import io
import os
import socket
import threading

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanstation.capture.base import InputError, ScanSettings
from scanstation.capture.files import FilesBackend, expand_paths, read_pages
from tests.pages import text_page


def refusal(path) -> str:
    """The one sentence a clerk reads for `path`; it names the file and shows nothing of Python."""
    with pytest.raises(InputError) as caught:
        list(read_pages(path))
    message = str(caught.value)
    assert os.path.basename(path) in message and "\n" not in message
    assert "Traceback" not in message and "<" not in message and "object at" not in message, message
    return message


def page_of(path):
    pages = list(read_pages(path))
    assert len(pages) == 1
    return pages[0]


def jpeg(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", dpi=(150, 150), **options)
    return buffer.getvalue()


# --- a JPEG cut short, its end marker put back --------------------------------------------------


@pytest.mark.parametrize("kind", ["baseline", "progressive", "gray", "cmyk"])
@pytest.mark.parametrize("kept", [0.6, 0.95])
def test_jpeg_cut_short_with_its_end_marker_appended_is_refused(tmp_path, kind, kept):
    page = text_page(["Kære kommune", "Ansøgning om boligstøtte"], dpi=150, mode="L" if kind == "gray" else "RGB")
    data = jpeg(page.convert("CMYK") if kind == "cmyk" else page, progressive=kind == "progressive")
    path = tmp_path / f"{kind}.jpg"
    path.write_bytes(data[: int(len(data) * kept)] + b"\xff\xd9")  # libjpeg decodes it "fine", gray below

    assert "incomplete" in refusal(path) and "cut short" in refusal(path)


@pytest.mark.parametrize("options", [{}, {"progressive": True}, {"optimize": True}, {"subsampling": 0}])
def test_whole_jpegs_are_taken_even_with_a_flat_gray_corner(tmp_path, options):
    page = text_page(["Faktura nr. 4711"], dpi=150, mode="RGB")
    ImageDraw.Draw(page).rectangle((page.width - 60, page.height - 60, page.width, page.height), fill=(128,) * 3)
    path = tmp_path / "whole.jpg"
    path.write_bytes(jpeg(page, **options))
    taken = page_of(path).image
    assert taken.size == page.size and taken.getpixel((10, 10)) == (255, 255, 255)


# --- deep gray: float and 32-bit integer TIFFs --------------------------------------------------


def ramp(width: int = 256, height: int = 200) -> np.ndarray:
    """0..1 from left to right: black on the left, white on the right."""
    return np.tile(np.linspace(0.0, 1.0, width), (height, 1))


def stored_levels(path) -> tuple[int, int, int]:
    image = page_of(path).image
    assert image.mode == "L"
    return image.getpixel((0, 10)), image.getpixel((128, 10)), image.getpixel((255, 10))


@pytest.mark.parametrize("scale", [1.0, 255.0, 65535.0, 1e6])
def test_float_tiff_is_scaled_by_its_real_range(tmp_path, scale):
    path = tmp_path / "float.tif"
    Image.fromarray((ramp() * scale).astype(np.float32), "F").save(path, dpi=(50, 50))
    black, middle, white = stored_levels(path)
    assert black == 0 and 120 <= middle <= 135 and white == 255  # used to be stored black


def test_float_tiff_with_not_a_number_pixels_takes_them_as_paper(tmp_path):
    values = ramp().astype(np.float32)
    values[:, 250:] = np.nan
    path = tmp_path / "nan.tif"
    Image.fromarray(values, "F").save(path, dpi=(50, 50))
    assert stored_levels(path)[2] == 255


@pytest.mark.parametrize(("full", "label"), [(2**31 - 1, "32-bit"), (2**16 - 1, "16-bit values in 32 bits"),
                                             (4095, "12-bit values in 32 bits")])
def test_32_bit_integer_tiff_is_scaled_by_its_depth(tmp_path, full, label):
    path = tmp_path / "deep.tif"
    Image.fromarray((ramp() * full).astype(np.int32), "I").save(path, dpi=(50, 50))
    black, middle, white = stored_levels(path)
    assert black == 0 and 115 <= middle <= 140 and white == 255, label  # used to be stored white


@pytest.mark.parametrize("suffix", [".tif", ".png"])
def test_16_bit_gray_is_scaled_and_12_bit_data_in_it_is_not_black(tmp_path, suffix):
    full = tmp_path / f"full{suffix}"
    Image.fromarray((ramp() * 65535).astype(np.uint16)).save(full, dpi=(50, 50))
    twelve = tmp_path / f"twelve{suffix}"
    Image.fromarray((ramp() * 4095).astype(np.uint16)).save(twelve, dpi=(50, 50))
    for path in (full, twelve):
        black, middle, white = stored_levels(path)
        assert black == 0 and 120 <= middle <= 135 and white == 255, path.name


# --- too small to be a page --------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "dpi"), [((1, 1), None), ((100, 100), None), ((40, 2000), 300)])
def test_tiny_image_is_refused_with_its_size(tmp_path, size, dpi):
    path = tmp_path / "pixel.png"
    Image.new("L", size, 0).save(path, **({"dpi": (dpi, dpi)} if dpi else {}))
    message = refusal(path)
    assert "too small to be a page" in message and f"{size[0]} x {size[1]} pixels" in message


def test_small_but_real_page_is_taken(tmp_path):
    path = tmp_path / "stamp.png"  # a 2 x 2 cm stamp cut out and scanned at 200 dpi
    Image.new("L", (158, 158), 255).save(path, dpi=(200, 200))
    assert page_of(path).image.size == (158, 158)


def test_tiny_pdf_page_is_refused(tmp_path):
    import pikepdf

    path = tmp_path / "tiny.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    pdf.pages[0].MediaBox = pikepdf.Array([0, 0, 2, 2])  # 0.7 mm: pikepdf itself would not make it
    pdf.save(path)
    assert "too small to be a page" in refusal(path)


# --- what is not a file ----------------------------------------------------------------------------


def run_with_time_limit(action, seconds: float = 10):
    """`action()`'s result, or a test failure (not a hang) if it does not return in time."""
    outcome: list = []

    def run():
        try:
            outcome.append(("ok", action()))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(("error", exc))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"still running after {seconds} s: it hangs"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def test_named_pipe_named_png_is_refused_at_once(tmp_path):
    fifo = tmp_path / "scan.png"
    os.mkfifo(fifo)
    message = run_with_time_limit(lambda: refusal(fifo))
    assert "named pipe" in message


def test_device_and_socket_are_refused(tmp_path):
    assert "device" in refusal("/dev/zero")
    sock_path = tmp_path / "s.pdf"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(sock_path))
        assert "socket" in refusal(sock_path)
    finally:
        server.close()


def test_folder_listing_skips_pipes_and_sockets_without_opening_them(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.mkfifo(folder / "a.png")
    text_page(["Brev"], dpi=50).save(folder / "b.png", dpi=(50, 50))
    files = run_with_time_limit(lambda: expand_paths([folder]))
    assert [f.name for f in files] == ["b.png"]
    pages = run_with_time_limit(lambda: list(FilesBackend().scan("files", ScanSettings(paths=(folder,)))))
    assert [p.origin for p in pages] == ["b.png"]


def test_link_out_of_an_imported_folder_is_refused_and_one_inside_is_taken(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    text_page(["Fortroligt"], dpi=50).save(outside / "secret.png", dpi=(50, 50))
    folder = tmp_path / "inbox"
    folder.mkdir()
    text_page(["Brev"], dpi=50).save(folder / "letter.png", dpi=(50, 50))
    (folder / "a-secret.png").symlink_to(outside / "secret.png")
    (folder / "b-same.png").symlink_to(folder / "letter.png")

    files = expand_paths([folder])

    assert [f.name for f in files] == ["a-secret.png", "b-same.png", "letter.png"]
    message = refusal(files[0])
    assert "link to a file outside its folder" in message
    assert page_of(files[1]).image.size == page_of(files[2]).image.size


# --- pictures from phones and e-mail -------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "fmt"), [(".bmp", "BMP"), (".gif", "GIF"), (".webp", "WEBP")])
def test_bmp_gif_and_webp_are_taken(tmp_path, suffix, fmt):
    page = text_page(["Kvittering"], dpi=100, mode="RGB")
    path = tmp_path / f"picture{suffix}"
    options = {"lossless": True} if fmt == "WEBP" else {}
    page.save(path, format=fmt, dpi=(100, 100), **options)
    taken = page_of(path)
    assert taken.image.size == page.size and taken.image.mode in ("L", "RGB")
    assert taken.image.convert("L").getpixel((5, 5)) == 255  # paper stays paper


def test_animated_gif_gives_its_first_frame_as_one_page(tmp_path):
    frames = [Image.new("L", (300, 300), level) for level in (255, 0, 128)]
    path = tmp_path / "animation.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    taken = page_of(path)
    assert taken.image.getpixel((10, 10)) == 255


def test_text_that_starts_with_bm_is_not_a_bmp(tmp_path):
    path = tmp_path / "notes.bmp"
    path.write_text("BMW service note: nothing to see here\n")
    assert "it looks like text" in refusal(path)


# --- messages never show Python -----------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,            # a PNG signature and nothing of a PNG
    b"GIF89a" + b"\x00" * 5,                        # a GIF header cut short
    b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8,  # a WebP without its picture
    b"BM" + b"\x00" * 12 + (40).to_bytes(4, "little") + b"\x00" * 4,  # a BMP header cut short
])
def test_damaged_headers_are_refused_in_words(tmp_path, content):
    path = tmp_path / "damaged.png"
    path.write_bytes(content)
    refusal(path)


def test_pdf_without_pages_is_not_called_locked_after_a_locked_one(tmp_path):
    # pdfium's error code is the last of its thread: a PDF it refuses without one used to take
    # the reason of the file read before it.
    import pikepdf

    locked, empty = tmp_path / "locked.pdf", tmp_path / "empty.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(595, 842))
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u", R=6))
    pikepdf.new().save(empty)
    assert "password" in refusal(locked)
    message = refusal(empty)
    assert "no pages" in message and "password" not in message
