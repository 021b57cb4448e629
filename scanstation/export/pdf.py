"""The exported PDF: the document's page images, one per page, at their true size."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import img2pdf
from PIL import Image

from scanstation import __version__
from scanstation.imaging.deskew import MIN_CORRECTION_DEGREES, rotate_expanded


def encode_page(path: Path, jpeg_quality: int, rotation: int = 0, skew_degrees: float = 0.0) -> bytes:
    """Bitonal pages as CCITT G4 (lossless, tiny); gray and colour as JPEG.

    `rotation` turns the page upright (clockwise, 0/90/180/270: lossless); `skew_degrees`
    is the measured counter-clockwise lean, straightened on a canvas grown with white so
    nothing is cut off. Both in one resample.
    """
    with Image.open(path) as image:
        dpi = image.info.get("dpi") or (300, 300)
        dpi = (int(round(dpi[0])), int(round(dpi[1])))
        if abs(skew_degrees) >= MIN_CORRECTION_DEGREES:
            image = rotate_expanded(image, -skew_degrees - rotation)
        elif rotation % 360:
            image = image.rotate(-rotation, expand=True)  # PIL turns counter-clockwise
        if rotation % 180:
            dpi = (dpi[1], dpi[0])
        buffer = io.BytesIO()
        if image.mode == "1":
            image.save(buffer, format="TIFF", compression="group4", dpi=dpi)
        else:
            if image.mode not in ("L", "RGB"):
                image = image.convert("RGB")
            image.save(buffer, format="JPEG", quality=jpeg_quality, dpi=dpi, optimize=True)
        return buffer.getvalue()


def build_pdf(page_files: list[Path], *, title: str, jpeg_quality: int = 75,
              rotations: list[int] | None = None, skews: list[float] | None = None) -> bytes:
    if not page_files:
        raise ValueError("a document needs at least one page")
    rotations = rotations or [0] * len(page_files)
    skews = skews or [0.0] * len(page_files)
    images = [encode_page(p, jpeg_quality, r, k) for p, r, k in zip(page_files, rotations, skews)]
    return img2pdf.convert(
        images,
        title=title,
        producer=f"ScanStation {__version__}",
        creator="ScanStation",
        creationdate=datetime.now(timezone.utc),
        moddate=datetime.now(timezone.utc),
    )
