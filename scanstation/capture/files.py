"""Pages from image and PDF files: the `files` device.

`read_pages(path)` turns one PNG, JPEG, TIFF, BMP, GIF, WebP or PDF file into
`ScannedPage`s, and `expand_paths(paths)` turns the files and folders an operator picked
into the files to read. The type of a file is told from its first bytes, never from its
name. Only TIFF and PDF files have pages: of an animated GIF or WebP (or an APNG) the
first frame is the page - a picture that moves is not a letter of several pages.

Anything wrong with a file - empty, cut short, damaged, locked with a password, not
a picture at all, too small to be a page, or so large that decoding it would exhaust
memory; a named pipe, a device or a socket; a link that leads out of its folder -
becomes an `InputError` whose one-line message names the file and the problem.
Truncated images are refused, never padded: a scan that lost its bottom half must not be
archived as if it were whole (capture/jpeg_check.py finds the JPEG that hides it). Sizes
are checked from the header, before any pixel is decoded.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import stat
import struct
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from PIL import Image

from ..cpr import mask_cprs
from .base import (
    NOT_DECODED,
    STORED_PNG,
    CancelToken,
    DeviceInfo,
    DeviceNotFound,
    DeviceOptions,
    InputError,
    ScannedPage,
    ScanSettings,
)
from .jpeg_check import is_cut_short
from .png_check import PngDamaged, png_chunk_names

log = logging.getLogger(__name__)

MAX_PIXELS = 150_000_000  # per page; A0 at 300 dpi is 140 Mpx
MAX_PAGES_PER_FILE = 2000
DEFAULT_DPI = 300  # when a file does not say, and for PDF pages that are not scans
PDF_MIN_DPI, PDF_MAX_DPI = 150, 600  # range for rendering a scanned PDF page at its own resolution
PLAUSIBLE_DPI = (50, 2400)  # a resolution stored in a file outside this is treated as missing
SCANNED_PAGE_COVERAGE = 0.5  # an image covering this share of a PDF page makes it a scanned page
# The shortest side of a page. Nothing smaller is a letter or any part of one (a stamp is 2 cm,
# a receipt 5 cm wide); what is, are e-mail icons, tracking pixels, favicons and cut-off
# fragments, and a page under 3 pt cannot even be a PDF page. Measured at the resolution the
# file states (DEFAULT_DPI when it states none), so a 1 x 1 image and a 100-pixel icon are refused.
MIN_PAGE_MM = 10.0

DEVICE_ID = "files"
READABLE_TYPES = "PNG, JPEG, TIFF, BMP, GIF, WebP or PDF"

# pdfium is not thread-safe; every call into it in this module holds this lock
# (never across a yield, so a slow consumer does not block other readers).
_PDFIUM_LOCK = threading.Lock()

_SNIFF_BYTES = 1024


# --- what kind of file ------------------------------------------------------


_BMP_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)  # the DIB headers Windows and OS/2 wrote


def sniff_type(head: bytes) -> str | None:
    """'png', 'jpeg', 'tiff', 'bmp', 'gif', 'webp' or 'pdf' from a file's first bytes; None for anything else."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):  # classic and BigTIFF
        return "tiff"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    # "BM" alone starts plenty of text files; the DIB header size after it is what a BMP has.
    if head[:2] == b"BM" and len(head) >= 18 and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "bmp"
    if b"%PDF-" in head[:_SNIFF_BYTES]:  # the spec lets junk precede the header
        return "pdf"
    return None


def _looks_like(head: bytes) -> str:
    """A hint for the error message about what an unreadable file seems to be."""
    hints = (
        (b"PK\x03\x04", "a ZIP archive or an Office document"),
        (b"\xd0\xcf\x11\xe0", "an old-style Office document"),
        (b"{\\rtf", "an RTF document"),
    )
    for magic, what in hints:
        if head.startswith(magic):
            return f" (it looks like {what})"
    if head[4:8] == b"ftyp":
        return " (it looks like a HEIC photo or a video)"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return " (it looks like text)" if b"\x00" not in head else ""


def _read_head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(_SNIFF_BYTES)


_NOT_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
              (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))  # fmt: skip


def _not_a_file(mode: int) -> str | None:
    """What a path that is not a regular file is ("a named pipe"), from its stat mode; None for a file.
    Opening a named pipe waits for a writer for ever, and a device never ends: never opened."""
    for test, what in _NOT_FILES:
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def _link_out_of_folder(path: Path) -> Path | None:
    """Where a link leads when that is outside the folder the link is in; None otherwise. A link
    dropped into an inbox or hot folder must not carry someone else's files into the archive."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    folder = path.parent.resolve()
    return None if target.is_relative_to(folder) else target


# --- which files --------------------------------------------------------------


def natural_key(name: str) -> list:
    """Sort key so 'scan2' comes before 'scan10', ignoring case."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def is_hidden(path: Path) -> bool:
    """Dot-files everywhere, and files with the hidden attribute on Windows."""
    if path.name.startswith("."):
        return True
    attributes = getattr(path.stat(), "st_file_attributes", 0)  # Windows only
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _is_readable_type(path: Path) -> bool:
    try:
        return sniff_type(_read_head(path)) is not None
    except OSError:
        return True  # keep it, so reading it reports the actual problem


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files to read, in order: files as given, folders replaced by their files.

    A folder contributes the files of a readable type directly inside it (not its
    subfolders, so a hot folder's imported/ and failed/ stay out), in natural name
    order, skipping hidden files, files of other types and what is not a file at all
    (named pipes, sockets, devices: never opened). A link that leads out of the folder
    is kept, so that reading it says why it is refused. A file named explicitly is
    always kept, so reading it reports what is wrong with it.
    """
    result: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(f"No such file or folder: {path}", device=DEVICE_ID)
        if not path.is_dir():
            result.append(path)
            continue
        try:
            children = sorted(path.iterdir(), key=lambda p: natural_key(p.name))
        except OSError as exc:
            raise InputError(f"Cannot list the folder {path}: {exc.strerror or exc}", device=DEVICE_ID) from exc
        for child in children:
            try:
                if child.name.startswith(".") or child.is_dir():
                    continue
                other = _not_a_file(child.stat().st_mode)
                if other is not None:  # never opened: a named pipe would block the import for ever
                    log.info("Skipping %s: it is %s, not a file", mask_cprs(str(child)), other)
                    continue
                if is_hidden(child):
                    continue
            except OSError:
                continue  # vanished or unreadable while listing, or a link to nothing
            if _link_out_of_folder(child) is not None:
                result.append(child)  # kept, so reading it says why it is refused
                continue
            if _is_readable_type(child):
                result.append(child)
            else:
                log.info("Skipping %s: not a %s file", mask_cprs(str(child)), READABLE_TYPES)
    return result


# --- reading pages ----------------------------------------------------------


_REPR = re.compile(r"<[^<>]*? at 0x[0-9a-fA-F]+>|<[^<>]*>")


def _error(path: Path, problem: str) -> InputError:
    # Pillow's messages can name the stream they read (`<_io.BytesIO object at 0x7f...>`): a clerk
    # reads the file's name instead. A CPR number in the name (`trunc 210895-1096.png`) is masked:
    # this sentence goes to stderr, the window, the log and the journal's events.
    one_line = " ".join(_REPR.sub("the file", problem).split())
    return InputError(mask_cprs(f"Cannot read {path.name}: {one_line}"), device=DEVICE_ID)


def _pillow_problem(exc: Exception) -> str:
    """A Pillow exception in words: "cannot identify image file" means the content is no image."""
    text = str(exc)
    if isinstance(exc, Image.UnidentifiedImageError) or text.startswith("cannot identify image file"):
        return "its content is not a readable image"
    return text or type(exc).__name__


def _check_page_size(path: Path, width_mm: float, height_mm: float, what: str, measured: str) -> None:
    if min(width_mm, height_mm) < MIN_PAGE_MM:
        raise _error(path, f"{what} is only {_mm(width_mm)} x {_mm(height_mm)} mm{measured}, too small to be a "
                           f"page (a page is at least {MIN_PAGE_MM / 10:g} cm on each side).")


def _mm(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _check_pixels(path: Path, width: int, height: int, what: str) -> None:
    if width <= 0 or height <= 0:
        raise _error(path, f"{what} has no size ({width} x {height} pixels).")
    if width * height > MAX_PIXELS:
        raise _error(
            path,
            f"{what} is too large ({width} x {height} pixels, over the limit of {_megapixels()}).",
        )


def _megapixels() -> str:
    return f"{MAX_PIXELS / 1_000_000:g} megapixels"


def _origin(path: Path, number: int, count: int) -> str:
    return path.name if count == 1 else f"{path.name} page {number} of {count}"


def read_pages(path: str | os.PathLike) -> Iterator[ScannedPage]:
    """Yield every page of one PNG, JPEG, TIFF, BMP, GIF, WebP or PDF file as a fully loaded image.

    Images come out in mode "1", "L" or "RGB", upright (EXIF orientation applied),
    with square pixels. Pages share `group` = str(path); `sheet` is the page number
    from 1. Raises InputError for anything that cannot be read as pages; pages
    yielded before the error stay valid.
    """
    path = Path(path)
    try:
        status = path.stat()
        other = _not_a_file(status.st_mode)
        if other is not None:
            raise _error(path, f"it is {other}, not a file.")
        outside = _link_out_of_folder(path)
        if outside is not None:
            raise _error(path, f"it is a link to a file outside its folder ({outside}); import that file itself.")
        size = status.st_size
        head = _read_head(path)
    except FileNotFoundError as exc:
        raise InputError(f"No such file: {path}", device=DEVICE_ID) from exc
    except OSError as exc:
        raise _error(path, exc.strerror or str(exc)) from exc
    if size == 0:
        raise _error(path, "the file is empty.")
    kind = sniff_type(head)
    if kind is None:
        raise _error(path, f"it is not a {READABLE_TYPES} file{_looks_like(head)}.")
    if kind == "pdf":
        yield from _read_pdf(path)
    else:
        yield from _read_image(path, kind)


# --- images -----------------------------------------------------------------

_PIL_FORMAT = {"png": "PNG", "jpeg": "JPEG", "tiff": "TIFF", "bmp": "BMP", "gif": "GIF", "webp": "WEBP"}


def _read_image(path: Path, kind: str) -> Iterator[ScannedPage]:
    label = kind.upper()
    # A PNG is read from its bytes in memory, so the page can be stored as those very bytes
    # (no second encoding; the stored page is the file received, checksum and all).
    png = _png_bytes(path) if kind == "png" else None
    try:
        img = Image.open(io.BytesIO(png) if png is not None else path, formats=[_PIL_FORMAT[kind]])
    except Image.DecompressionBombError as exc:
        # Pillow's own, higher limit (2 x Image.MAX_IMAGE_PIXELS) refused it while opening.
        claimed = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(claimed.group(1)):,} pixels, " if claimed else ""
        raise _error(path, f"the image is too large ({size}over the limit of {_megapixels()}).") from exc
    except Exception as exc:  # Pillow raises many types for damaged headers
        raise _error(path, f"the {label} file is damaged ({_pillow_problem(exc)}).") from exc
    undecoded = _undecoded_png_page(path, img, png) if png is not None and _undecoded_candidate(img) else None
    if undecoded is not None:
        yield undecoded
        return
    with img:
        # Only TIFF pages are pages: other frames (APNG, MPO previews) are not.
        if kind == "tiff":
            _check_tiff_complete(path)
        count = _tiff_page_count(path, img) if kind == "tiff" else 1
        for index in range(count):
            number = index + 1
            what = f"page {number}" if count > 1 else "the image"
            try:
                if index:
                    img.seek(index)
                _check_pixels(path, img.width, img.height, what)
                if kind == "tiff":
                    _check_tiff_strips(path, img, what)
                img.load()
                if kind == "jpeg" and is_cut_short(path.read_bytes(), img):
                    raise _error(path, "the JPEG file is incomplete: its image data ends before the "
                                       "bottom of the picture (the file was cut short).")
                page_image, dpi = _normalise(path, img, what)
                _check_page_size(path, page_image.width * 25.4 / dpi, page_image.height * 25.4 / dpi, what,
                                 f" ({page_image.width} x {page_image.height} pixels at {dpi} dpi)")
            except InputError:
                raise
            except Exception as exc:  # truncated data, bad compression, broken tags...
                raise _error(path, f"{what} is damaged or incomplete ({_pillow_problem(exc)}).") from exc
            extra = {"source_file": str(path), "page_count": count, "format": kind}
            if png is not None and _stored_as_is(img, page_image, dpi):
                extra[STORED_PNG] = png
            yield ScannedPage(
                image=page_image,
                sheet=number,
                dpi=dpi,
                origin=_origin(path, number, count),
                group=str(path),
                extra=extra,
            )


_PASS_THROUGH_MAX_BYTES = 64 * 1024 * 1024  # larger PNG files are decoded from disk and stored re-encoded


def _png_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.stat().st_size <= _PASS_THROUGH_MAX_BYTES else None
    except OSError:
        return None  # opening the path will say what is wrong


def _undecoded_candidate(img: Image.Image) -> bool:
    """A PNG that is already a page as the station keeps it: "1", "L" or "RGB", square pixels
    at a stated resolution, one frame, no colour profile or transparent colour, not interlaced.
    (An EXIF orientation can only be known by reading the chunks: _undecoded_png_page.)"""
    stated, plausible = img.info.get("dpi") or (), _file_dpi(img)
    return (img.mode in ("1", "L", "RGB") and plausible is not None and len(stated) == 2
            and round(float(stated[0])) == round(float(stated[1])) == round(plausible[0])
            and not {"icc_profile", "transparency", "interlace"} & set(img.info)
            and not getattr(img, "is_animated", False))  # fmt: skip


def _undecoded_png_page(path: Path, img: Image.Image, png: bytes) -> ScannedPage | None:
    """The page of a PNG stored as the very file, checked whole but not decoded here: the worker
    that analyses it decodes it (and makes its preview), so the import does not do it too.
    `image` is the file opened, its pixels read only if someone asks for them. None when the
    file carries EXIF, which may say to turn the page: then it is read the usual way."""
    _check_pixels(path, img.width, img.height, "the image")
    try:
        chunks = png_chunk_names(png)
    except PngDamaged as exc:
        raise _error(path, f"the PNG file is damaged ({exc}).") from exc
    if "eXIf" in chunks:
        return None
    dpi = round(_file_dpi(img)[0])
    _check_page_size(path, img.width * 25.4 / dpi, img.height * 25.4 / dpi, "the image",
                     f" ({img.width} x {img.height} pixels at {dpi} dpi)")
    return ScannedPage(image=img, sheet=1, dpi=dpi, origin=_origin(path, 1, 1), group=str(path),
                       extra={"source_file": str(path), "page_count": 1, "format": "png", STORED_PNG: png,
                              NOT_DECODED: True})  # fmt: skip


def _stored_as_is(img: Image.Image, page: Image.Image, dpi: int) -> bool:
    """The PNG file decodes to exactly `page` and states its resolution: storing the file's own
    bytes keeps everything a stored page needs (pixels, mode, dpi). A colour profile or a
    transparent colour would travel with the file and mean something else later: re-encoded."""
    stated = img.info.get("dpi") or ()
    return (len(stated) == 2 and all(round(float(v)) == dpi for v in stated)
            and not {"icc_profile", "transparency"} & set(img.info)
            and img.mode == page.mode and img.size == page.size and not getattr(img, "is_animated", False)
            and img.getexif().get(0x0112, 1) == 1)  # fmt: skip


_TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}


def _check_tiff_complete(path: Path) -> None:
    """Refuse a TIFF whose page descriptions run past the end of the file: Pillow ends the page
    list at a page it cannot read (a multi-page TIFF cut short lost its last pages silently) and
    reads a tag cut off as whatever follows (a G4 page came out with other pixels)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise _error(path, exc.strerror or str(exc)) from exc
    order = "<" if data[:2] == b"II" else ">"
    big = data[2:4] in (b"+\x00", b"\x00+")  # BigTIFF: 8-byte offsets and counts, 20-byte entries
    offset_format, count_format, entry = (order + "Q", order + "Q", 20) if big else (order + "I", order + "H", 12)
    offset_size, count_size = struct.calcsize(offset_format), struct.calcsize(count_format)
    cut_short = _error(path, "the TIFF file is incomplete (it ends inside the description of its pages).")
    if len(data) < (16 if big else 8):
        raise cut_short
    position = struct.unpack_from(offset_format, data, 8 if big else 4)[0]
    seen: set[int] = set()
    while position and position not in seen and len(seen) <= MAX_PAGES_PER_FILE:
        seen.add(position)
        if position + count_size > len(data):
            raise cut_short
        entries = struct.unpack_from(count_format, data, position)[0]
        next_at = position + count_size + entries * entry
        if next_at + offset_size > len(data):
            raise cut_short
        for at in range(position + count_size, next_at, entry):  # values too long to sit in their entry
            kind = struct.unpack_from(order + "H", data, at + 2)[0]
            values, value_at = struct.unpack_from(order + ("QQ" if big else "II"), data, at + 4)
            length = _TIFF_TYPE_SIZES.get(kind, 0) * values
            if length > offset_size and value_at + length > len(data):
                raise cut_short
        position = struct.unpack_from(offset_format, data, next_at)[0]


def _check_tiff_strips(path: Path, img: Image.Image, what: str) -> None:
    """Refuse a TIFF page whose image data runs past the end of the file: libtiff decodes such a
    page without an error (a G4 page comes out part blank), so it would be archived as if whole."""
    size = path.stat().st_size
    tags = img.tag_v2
    for offsets_tag, counts_tag in ((273, 279), (324, 325)):  # strips, tiles
        offsets, counts = tags.get(offsets_tag), tags.get(counts_tag)
        if offsets is None or counts is None:
            continue
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        counts = counts if isinstance(counts, tuple) else (counts,)
        if any(int(start) + int(length) > size for start, length in zip(offsets, counts)):
            raise _error(path, f"{what} is incomplete (the file ends inside its image data).")


def _tiff_page_count(path: Path, img: Image.Image) -> int:
    # Step one page at a time instead of asking n_frames, so a file claiming a
    # million pages is refused after reading MAX_PAGES_PER_FILE directories, not all.
    # (Seeking far past the end in one go also leaves Pillow with a wrong count.)
    count = 1
    try:
        while True:
            try:
                img.seek(count)
            except EOFError:
                break
            count += 1
            if count > MAX_PAGES_PER_FILE:
                raise _error(path, f"it has more than {MAX_PAGES_PER_FILE} pages; split it into smaller files.")
        img.seek(0)
    except InputError:
        raise
    except Exception as exc:
        raise _error(path, f"the TIFF page list is damaged ({exc}).") from exc
    return count


def _file_dpi(img: Image.Image) -> tuple[float, float] | None:
    """(x, y) resolution the file states, or None when it states none plausible."""
    dpi = img.info.get("dpi")
    if not dpi:
        return None
    try:
        x, y = (float(v) for v in dpi)
    except (TypeError, ValueError):
        return None
    low, high = PLAUSIBLE_DPI
    x_ok, y_ok = low <= x <= high, low <= y <= high  # also False for NaN
    if x_ok and y_ok:
        return x, y
    if x_ok or y_ok:
        one = x if x_ok else y
        return one, one
    return None


def _normalise(path: Path, img: Image.Image, what: str) -> tuple[Image.Image, int]:
    """A detached, upright, square-pixel copy in "1", "L" or "RGB", and its dpi."""
    stated = _file_dpi(img)
    x_dpi, y_dpi = stated or (DEFAULT_DPI, DEFAULT_DPI)
    # exif_transpose reads the orientation from `img`, so take it before converting.
    orientation = img.getexif().get(0x0112, 1)
    out = _to_basic_mode(img)
    if abs(x_dpi - y_dpi) > 0.02 * max(x_dpi, y_dpi):
        # Fax-style resolutions (204 x 98 dpi): stretch the coarse axis to square pixels.
        dpi = max(x_dpi, y_dpi)
        size = (round(out.width * dpi / x_dpi), round(out.height * dpi / y_dpi))
        _check_pixels(path, size[0], size[1], what)
        resample = Image.Resampling.NEAREST if out.mode == "1" else Image.Resampling.LANCZOS
        out = out.resize(size, resample)
    else:
        dpi = x_dpi
    if orientation in (2, 3, 4, 5, 6, 7, 8):
        out = _apply_orientation(out, orientation)
    if out is img:
        out = img.copy()
    out.info = {}
    return out, round(dpi)


def _apply_orientation(img: Image.Image, orientation: int) -> Image.Image:
    transpose = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }[orientation]
    return img.transpose(transpose)


def _to_basic_mode(img: Image.Image) -> Image.Image:
    """"1", "L" or "RGB"; transparency is flattened onto white paper."""
    mode = img.mode
    if mode in ("1", "L", "RGB"):
        return img
    if mode == "P":
        palette_is_gray = _palette_is_gray(img)
        if "transparency" in img.info:
            img = img.convert("RGBA")
            flat = _flatten(img)
            return flat.convert("L") if palette_is_gray else flat
        return img.convert("L" if palette_is_gray else "RGB")
    if mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        if mode == "PA":
            img = img.convert("RGBA")
        if mode == "La":
            img = img.convert("LA")
        if mode == "RGBa":
            img = img.convert("RGBA")
        return _flatten(img)
    if mode.startswith("I;16") or mode == "I":
        return _integers_to_gray(img)
    if mode == "F":
        return _floats_to_gray(img)
    # CMYK, YCbCr, LAB, HSV...
    return img.convert("RGB")


def _palette_is_gray(img: Image.Image) -> bool:
    palette = img.getpalette() or []
    return all(palette[i] == palette[i + 1] == palette[i + 2] for i in range(0, len(palette) - 2, 3))


def _flatten(img: Image.Image) -> Image.Image:
    base_mode = "L" if img.mode == "LA" else "RGB"
    paper = Image.new(base_mode, img.size, 255 if base_mode == "L" else (255, 255, 255))
    paper.paste(img.convert(base_mode), mask=img.getchannel("A"))
    return paper


def _integers_to_gray(img: Image.Image) -> Image.Image:
    """16- and 32-bit gray scaled to 8 bits by the range of the depth the file states (Pillow's
    convert("L") clips at 255 instead: a 16-bit page came out white). Data that fits in a
    sixteenth of that range (12-bit sensor values in a 16-bit file, 16-bit values in a 32-bit
    one) would come out black or nearly: it is scaled by the whole bits it uses. (A scan of
    paper uses the top of its range: its paper is white.)"""
    import numpy as np

    values = np.asarray(img if img.mode == "I" else img.convert("I"), dtype=np.int64)
    tags = getattr(img, "tag_v2", {})
    bits = _first(tags.get(258), 16 if img.mode.startswith("I;16") else 32)
    low, high = int(values.min()), int(values.max())
    if low < 0:  # signed data below zero: its own range, black to white
        return _stretched(values, low, high)
    full = (1 << bits) - 1 if 0 < bits <= 32 else (1 << 16) - 1
    if _first(tags.get(339), 1) == 2 and bits == 32:  # signed 32-bit without negatives: 0 .. 2**31 - 1
        full = (1 << 31) - 1
    if high > full or (0 < high <= full >> 4):
        full = (1 << max(8, high.bit_length())) - 1
    return _stretched(values, 0, full)


def _first(tag, default: int) -> int:
    """A TIFF tag's (first) value as a number: Pillow gives one value, or a tuple of them per sample."""
    if isinstance(tag, tuple):
        tag = tag[0] if tag else None
    try:
        return int(tag) if tag is not None else default
    except (TypeError, ValueError):
        return default


def _floats_to_gray(img: Image.Image) -> Image.Image:
    """32-bit float gray: 0..1 (the usual convention), 0..255 and 0..65535 scaled as such, any
    other range stretched black to white (Pillow's convert("L") clips at 255: 0..1 came out
    black). Not-a-number pixels are paper."""
    import numpy as np

    values = np.asarray(img, dtype=np.float64)
    finite = np.isfinite(values)
    if not finite.any():
        raise ValueError("no pixel of the image holds a value, every one is 'not a number'")
    low, high = float(values[finite].min()), float(values[finite].max())
    values = np.where(np.isnan(values), max(high, 1.0), np.clip(values, low, high))
    for top in (1.0, 255.0, 65535.0):
        if low >= 0 and high <= top:
            return _stretched(values, 0.0, top)
    return _stretched(values, low, high)


def _stretched(values, low: float, high: float) -> Image.Image:
    import numpy as np

    span = max(high - low, 1e-12)
    scaled = (values - low) * (255.0 / span) + 0.5
    return Image.fromarray(np.clip(scaled, 0, 255).astype(np.uint8), mode="L")


# --- PDF ----------------------------------------------------------------------


def _read_pdf(path: Path) -> Iterator[ScannedPage]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    _check_pdf_complete(path)
    try:
        # A file object, not a name: pdfium's own opening of a name can fail on
        # non-ASCII names (brev_æøå.pdf) on Windows.
        stream = open(path, "rb")
    except OSError as exc:
        raise _error(path, exc.strerror or str(exc)) from exc
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(stream, autoclose=True)
        except pdfium.PdfiumError as exc:
            stream.close()
            raise _error(path, _why_pdf_will_not_open(path, exc.err_code, pdfium_c)) from exc
        except Exception as exc:
            stream.close()
            raise _error(path, f"the PDF cannot be opened ({exc}).") from exc
    try:
        with _PDFIUM_LOCK:
            count = len(pdf)
            try:
                pdf.init_forms()  # so filled-in form fields without appearances are drawn
            except Exception:
                pass
        if count == 0:
            raise _error(path, "the PDF has no pages.")
        _check_pdf_not_dynamic_form(path)
        if count > MAX_PAGES_PER_FILE:
            raise _error(path, f"it has {count} pages, more than {MAX_PAGES_PER_FILE}; split it into smaller files.")
        for index in range(count):
            number = index + 1
            with _PDFIUM_LOCK:
                try:
                    image, dpi = _render_pdf_page(path, pdf, index, number)
                except InputError:
                    raise
                except Exception as exc:
                    raise _error(path, f"page {number} of the PDF is damaged ({exc}).") from exc
            yield ScannedPage(
                image=image,
                sheet=number,
                dpi=dpi,
                origin=_origin(path, number, count),
                group=str(path),
                extra={"source_file": str(path), "page_count": count, "format": "pdf"},
            )
    finally:
        with _PDFIUM_LOCK:
            pdf.close()


def _why_pdf_will_not_open(path: Path, err_code: int, pdfium_c) -> str:
    """Why pdfium would not open the PDF, in words. pdfium's error code is the last one of its
    thread, so a PDF it refuses without setting one (a PDF of no pages) would take the reason of
    the file before it ("protected by a password"): qpdf, which reads the file structure
    alone, says which it is."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) == 0:
                return "the PDF has no pages."
    except pikepdf.PasswordError:
        return "the PDF is protected by a password."
    except Exception:  # noqa: BLE001 - qpdf cannot read it either
        return "the PDF is damaged and cannot be opened."
    if err_code == pdfium_c.FPDF_ERR_SECURITY:
        return "the PDF uses an encryption that cannot be opened."
    return "the PDF is damaged and cannot be opened."


def _check_pdf_not_dynamic_form(path: Path) -> None:
    """Refuse a dynamic XFA form (Adobe LiveCycle): its pages are built by Adobe Reader from
    the form's XML, and every other reader, pdfium included, shows only a placeholder page
    ("please wait...") or nothing, which would be archived instead of the letter."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            dynamic = bool(pdf.Root.get("/NeedsRendering", False))
    except Exception:  # noqa: BLE001 - pdfium opened it; a catalogue qpdf cannot read is no form
        return
    if dynamic:
        raise _error(path, "it is a dynamic XFA form that only Adobe Reader can show; "
                           "open it in Adobe Reader and print it to a PDF, then import that.")


def _check_pdf_complete(path: Path) -> None:
    """Refuse a PDF without its end marker: pdfium would quietly show what survived."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 4096))
            tail = f.read().rstrip(b"\x00\r\n\t\f ")
    except OSError as exc:
        raise _error(path, exc.strerror or str(exc)) from exc
    if b"%%EOF" not in tail[-1024:]:
        raise _error(path, "the PDF is incomplete or damaged (it has no end-of-file marker).")


def _render_pdf_page(path: Path, pdf, index: int, number: int) -> tuple[Image.Image, int]:
    page = pdf[index]
    try:
        width_pt, height_pt = page.get_size()  # includes the page's /Rotate
        _check_page_size(path, width_pt * 25.4 / 72, height_pt * 25.4 / 72, f"page {number}", "")
        dpi, bitonal_scan = _pdf_page_scan(path, page, width_pt, height_pt, number)
        # pypdfium2 sizes the bitmap as ceil(points * scale); page sizes come from
        # float32 values, so without the nudge 216 pt at 300 dpi renders 901 pixels high.
        scale = dpi / 72 * (1 - 1e-6)
        width_px, height_px = math.ceil(width_pt * scale), math.ceil(height_pt * scale)
        size_cm = f"{width_pt * 2.54 / 72:.0f} x {height_pt * 2.54 / 72:.0f} cm"
        _check_pixels(path, width_px, height_px, f"page {number} ({size_cm}) at {dpi} dpi")
        # A black-and-white scan (a production scanner's CCITT PDF) is drawn pixel for pixel, not
        # smoothed: smoothing gives its edges shades of gray, and the page would be stored, read
        # and archived as a gray page instead of the black-and-white one it is.
        bitmap = page.render(scale=scale, may_draw_forms=True, no_smoothimage=bitonal_scan)
        try:
            image = bitmap.to_pil().convert("RGB")  # convert() copies out of pdfium's buffer
        finally:
            bitmap.close()
    finally:
        page.close()
    return _simplest_mode(image), dpi


def _pdf_page_scan(path: Path, page, width_pt: float, height_pt: float, number: int) -> tuple[int, bool]:
    """The resolution of the page's scan image (DEFAULT_DPI for a page that is not a scan), and
    whether that scan is black and white (1 bit a pixel).

    The largest image decides; it counts as the scan when it covers at least half
    the page. Every image is also checked against MAX_PIXELS, since pdfium would
    decode an oversized image in full while rendering.
    """
    import pypdfium2.raw as pdfium_c

    page_area = max(width_pt * height_pt, 1e-6)
    best: tuple[float, float, object] | None = None  # (covered area in pt², dpi, the image)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        px_w, px_h = obj.get_px_size()
        _check_pixels(path, px_w, px_h, f"an image on page {number}")
        left, bottom, right, top = obj.get_bounds()
        area = max(right - left, 0) * max(top - bottom, 0)
        if area <= 0:
            continue
        # Area-based, so a scan placed rotated by 90 degrees gives the same answer.
        dpi = math.sqrt(px_w * px_h / area) * 72
        if best is None or area > best[0]:
            best = (area, dpi, obj)
    if best is None or best[0] < SCANNED_PAGE_COVERAGE * page_area:
        return DEFAULT_DPI, False
    try:
        bitonal = best[2].get_metadata().bits_per_pixel == 1
    except Exception:  # noqa: BLE001 - then it is drawn smoothed, as any image
        bitonal = False
    return int(min(max(round(best[1]), PDF_MIN_DPI), PDF_MAX_DPI)), bitonal


def _simplest_mode(image: Image.Image) -> Image.Image:
    """pdfium renders RGB; a gray page becomes "L", a black-and-white one "1"."""
    red, green, blue = image.split()
    if red.tobytes() != green.tobytes() or green.tobytes() != blue.tobytes():
        return image
    gray = red
    colours = gray.getcolors(2)
    if colours is not None and all(value in (0, 255) for _, value in colours):
        return gray.convert("1", dither=Image.Dither.NONE)
    return gray


# --- the device -----------------------------------------------------------------


class FilesBackend:
    """Image and PDF files read as if they came out of a document feeder."""

    kind = "files"

    def list_devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(DEVICE_ID, "Files and folders", "files")]

    def describe(self, device_id: str = DEVICE_ID) -> DeviceOptions:
        self._check_device(device_id)
        # Files keep their own resolution and colours; these values are nominal.
        return DeviceOptions(sources=("adf",))

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: CancelToken | None = None
    ) -> Iterator[ScannedPage]:
        """Pages of every file in settings.paths, in order.

        `sheet` counts pages across the whole batch from 1 (as for a scanner);
        the page within its file is in `origin`, and `group` holds the file.
        """
        self._check_device(device_id)
        files = expand_paths(settings.paths)
        if not files:
            given = ", ".join(str(p) for p in settings.paths) or "nothing was given"
            raise InputError(f"No {READABLE_TYPES} files to import ({given}).", device=DEVICE_ID)
        sheet = 0
        for path in files:
            pages = read_pages(path)
            try:
                while True:
                    # Checked before each page is decoded, not after, so no work is wasted.
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    page = next(pages, None)
                    if page is None:
                        break
                    sheet += 1
                    yield replace(page, sheet=sheet)
            finally:
                pages.close()  # closes the file now, not whenever it is garbage-collected

    @staticmethod
    def _check_device(device_id: str) -> None:
        if device_id != DEVICE_ID:
            raise DeviceNotFound(f"The files backend has no device {device_id!r}.", device=device_id)
