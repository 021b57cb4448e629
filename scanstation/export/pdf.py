"""A page image as the archive gets it: turned upright, straightened, compressed."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from scanstation.imaging.deskew import MIN_CORRECTION_DEGREES, rotate_expanded


def upright_image(path: Path, rotation: int = 0, skew_degrees: float = 0.0) -> Image.Image:
    """The stored page turned upright (clockwise `rotation`, 0/90/180/270: lossless) and
    straightened (`skew_degrees`, the measured counter-clockwise lean) on a canvas grown with
    white so nothing is cut off: both in one resample. This is the image that is exported,
    and the image OCR reads, so a text layer lies exactly over its words.
    image.info["dpi"] is the page's resolution, swapped when it was turned sideways."""
    with Image.open(path) as image:
        image.load()
        dpi = image.info.get("dpi") or (300, 300)
        if abs(skew_degrees) >= MIN_CORRECTION_DEGREES:
            image = rotate_expanded(image, -skew_degrees - rotation)
        elif rotation % 360:
            image = image.rotate(-rotation, expand=True)  # PIL turns counter-clockwise
    if rotation % 180:
        dpi = (dpi[1], dpi[0])
    image.info["dpi"] = (int(round(dpi[0])), int(round(dpi[1])))
    return image


def encode_page(path: Path, jpeg_quality: int, rotation: int = 0, skew_degrees: float = 0.0) -> bytes:
    """The upright page compressed: bitonal as CCITT G4 (lossless, tiny), gray and colour as JPEG."""
    image = upright_image(path, rotation, skew_degrees)
    dpi = image.info["dpi"]
    buffer = io.BytesIO()
    if image.mode == "1":
        image.save(buffer, format="TIFF", compression="group4", dpi=dpi)
    else:
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(buffer, format="JPEG", quality=jpeg_quality, dpi=dpi, optimize=True)
    return buffer.getvalue()
