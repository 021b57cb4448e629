"""A page image as the archive gets it: turned upright, straightened, compressed."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from scanstation.imaging.bitonal import as_bitonal
from scanstation.imaging.deskew import MIN_CORRECTION_DEGREES, rotate_expanded


def upright_image(source: Path | Image.Image, rotation: int = 0, skew_degrees: float = 0.0) -> Image.Image:
    """The stored page turned upright (clockwise `rotation`, 0/90/180/270: lossless) and
    straightened (`skew_degrees`, the measured counter-clockwise lean) on a canvas grown with
    white so nothing is cut off: both in one resample. This is the image that is exported,
    and the image OCR reads, so a text layer lies exactly over its words.
    `source` is the stored file, or the page already read from it (not changed).
    image.info["dpi"] is the page's resolution, swapped when it was turned sideways."""
    if isinstance(source, Image.Image):
        return _turned(source, rotation, skew_degrees, keep_source=True)
    with Image.open(source) as image:
        image.load()
        return _turned(image, rotation, skew_degrees, keep_source=False)


def _turned(image: Image.Image, rotation: int, skew_degrees: float, *, keep_source: bool) -> Image.Image:
    dpi = image.info.get("dpi") or (300, 300)
    if abs(skew_degrees) >= MIN_CORRECTION_DEGREES:
        image = rotate_expanded(image, -skew_degrees - rotation)
    elif rotation % 360:
        image = image.transpose(_TRANSPOSE[rotation % 360])  # lossless quarter turns
    elif keep_source:
        image = image.copy()  # the caller's image stays as it was (its info included)
    if rotation % 180:
        dpi = (dpi[1], dpi[0])
    image.info["dpi"] = (int(round(dpi[0])), int(round(dpi[1])))
    return image


# PIL's transpose names turn counter-clockwise; our rotations are clockwise.
_TRANSPOSE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


def reading_image(source: Path | Image.Image, rotation: int = 0, skew_degrees: float = 0.0,
                  ink_threshold: int | None = None) -> Image.Image:
    """The page as OCR reads it: as exported (upright, straightened), and bitonal when it is
    archived bitonal, so the text layer lies over exactly the image in the PDF."""
    if ink_threshold is not None and isinstance(source, Image.Image) and source.mode == "RGB":
        source = source.convert("L")  # a colour scan without colour: turning its gray is a third of the work
    upright = upright_image(source, rotation, skew_degrees)
    return upright if ink_threshold is None else as_bitonal(upright, ink_threshold)


def g4_tiff(image: Image.Image, dpi) -> bytes:
    """A bitonal image as a CCITT G4 TIFF in one strip: the form img2pdf puts into a PDF as it
    is. (Pillow's default strips of 64 KB made img2pdf decode and encode every page again.)"""
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF", compression="group4", dpi=dpi, strip_size=1 << 30)
    return buffer.getvalue()


def encode_page(source: Path | Image.Image, jpeg_quality: int, rotation: int = 0, skew_degrees: float = 0.0) -> bytes:
    """The upright page compressed: bitonal as CCITT G4 (lossless, tiny), gray and colour as JPEG."""
    image = upright_image(source, rotation, skew_degrees)
    dpi = image.info["dpi"]
    if image.mode == "1":
        return g4_tiff(image, dpi)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=jpeg_quality, dpi=dpi, optimize=True)
    return buffer.getvalue()
