"""Pages that are only dark ink on light paper: found once, archived and read bitonal.

Such a page (most letters) loses nothing when every pixel becomes ink or paper: the archive
stores it as lossless CCITT G4 (far smaller than JPEG), and Tesseract reads the same bitonal
image about a fifth faster than the gray one, with the same text. Pages with anything else
on them (pencil, highlighter, shading, photos, coloured paper) stay as scanned everywhere.
A colour scan counts when it has no colour on it: a black-and-white letter scanned in colour
(a station left on colour) is archived as the black-and-white letter it is; a blue signature,
a red stamp or a coloured logo keeps the page in colour.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image

from .blobs import label_blobs

PAPER_MARGIN = 20  # gray levels below the paper that count as a mark (paper grain is ~3 levels)
# A mark away from ink this big keeps the page gray: a 2 mm pencil tick is 0.2-0.7 mm²,
# while JPEG ringing around letters in files we import comes as specks of 0.05 mm² at most.
STRAY_MARK_MM2 = 0.15
# A colour scan's pixel is coloured when its channels differ by more than this: tinted paper and
# a scanner's colour fringes on black letters stay below; ballpoint blue (~120), stamp red (~160)
# and logos are far above. A coloured blob this big keeps the page in colour.
COLOUR_SPREAD = 60
COLOUR_MARK_MM2 = 0.5


def ink_threshold(gray: np.ndarray) -> tuple[int, int]:
    """(paper level, ink threshold): pixels at or below the threshold are ink."""
    histogram = cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel()
    paper = int(np.searchsorted(np.cumsum(histogram), 0.9 * gray.size))  # 90th percentile
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return paper, int(min(otsu, paper - 50))  # on a page of bare paper Otsu would split the grain


def is_ink_on_paper(image: Image.Image, dpi: float, levels: tuple[int, int] | None = None) -> bool:
    """True when a gray page is dark ink on light paper and nothing else: safe to store bitonal.

    Anti-aliased edges of letters are gray too, but they touch solid ink; pencil, highlighter,
    shading and photos are marks away from any ink, and any such mark of some size keeps
    the page gray. `levels` is ink_threshold() of the page when the caller has it.
    """
    if image.mode != "L":
        return False
    return gray_is_ink_on_paper(np.asarray(image), dpi, levels)


def gray_is_ink_on_paper(gray: np.ndarray, dpi: float, levels: tuple[int, int] | None = None) -> bool:
    """is_ink_on_paper() of a gray page given as its 8-bit pixels."""
    paper, threshold = levels or ink_threshold(gray)
    if paper < 200:  # coloured or dark paper: keep it as it looks
        return False
    # Masks of 0/1 bytes, made and combined in place: a page-sized array costs 9 MB at 300 dpi.
    _, ink = cv2.threshold(gray, threshold, 1, cv2.THRESH_BINARY_INV)  # ink: at or below the threshold
    reach = max(1, round(dpi / 150))  # an edge is a pixel or two wide at 300 dpi
    near_ink = cv2.dilate(ink, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    del ink
    _, stray = cv2.threshold(gray, paper - PAPER_MARGIN - 1, 1, cv2.THRESH_BINARY_INV)  # darker than paper
    cv2.subtract(stray, near_ink, dst=stray)  # ... and away from any ink
    del near_ink
    if not cv2.countNonZero(stray):
        return True
    _, _, stats = label_blobs(stray)
    largest = int(stats[1:, cv2.CC_STAT_AREA].max())
    return largest < STRAY_MARK_MM2 * (dpi / 25.4) ** 2


def channel_spread(image: Image.Image) -> np.ndarray:
    """Per pixel of an RGB image, how far apart its red, green and blue are (0 for gray)."""
    # Band by band from the image: no page-sized copy of the colour pixels.
    return _channel_spread(image.height, image.width,
                           lambda top, bottom: np.asarray(image.crop((0, top, image.width, bottom))))


def channel_spread_of(rgb: np.ndarray) -> np.ndarray:
    """channel_spread() of an RGB page given as its H x W x 3 pixels."""
    return _channel_spread(rgb.shape[0], rgb.shape[1], lambda top, bottom: rgb[top:bottom])


def _channel_spread(height: int, width: int, rows: Callable[[int, int], np.ndarray]) -> np.ndarray:
    spread = np.empty((height, width), np.uint8)
    # In bands of rows: a page-sized copy of each colour would cost three times the result. OpenCV
    # per band is ten times as fast as numpy's max over the colour axis.
    for top in range(0, height, 256):
        bottom = min(height, top + 256)
        red, green, blue = cv2.split(rows(top, bottom))
        cv2.subtract(cv2.max(cv2.max(red, green), blue), cv2.min(cv2.min(red, green), blue),
                     dst=spread[top:bottom])  # fmt: skip
    return spread


def has_colour(image: Image.Image, dpi: float) -> bool:
    """True when a colour scan carries colour: a blob of coloured pixels of some size."""
    return _has_coloured_blob(_coloured(channel_spread(image)), dpi)


def has_colour_of(rgb: np.ndarray, dpi: float) -> bool:
    """has_colour() of a colour scan given as its H x W x 3 pixels."""
    return _has_coloured_blob(_coloured(channel_spread_of(rgb)), dpi)


def _coloured(spread: np.ndarray) -> np.ndarray:
    return cv2.threshold(spread, COLOUR_SPREAD, 1, cv2.THRESH_BINARY)[1]


def _has_coloured_blob(coloured: np.ndarray, dpi: float) -> bool:
    count = cv2.countNonZero(coloured)
    smallest_mark = COLOUR_MARK_MM2 * (dpi / 25.4) ** 2
    if count < smallest_mark:
        return False
    _, _, stats = label_blobs(coloured)
    return int(stats[1:, cv2.CC_STAT_AREA].max()) >= smallest_mark


def ink_only_threshold(image: Image.Image, dpi: float) -> int | None:
    """The ink threshold of a page of ink on paper, or None when the page must stay as scanned.
    Gray pages, and colour scans without colour (judged on their gray). Measured on the page as
    scanned: the white corners a deskew adds would move the levels."""
    if image.mode == "RGB":
        if has_colour(image, dpi):
            return None
        image = image.convert("L")
    if image.mode != "L":
        return None
    return ink_only_threshold_of(np.asarray(image), dpi)


def ink_only_threshold_of(gray: np.ndarray, dpi: float, rgb: np.ndarray | None = None) -> int | None:
    """ink_only_threshold() of a gray or colour scan given as arrays: `gray` its 8-bit gray (for a
    colour scan, what image.convert("L") gives), `rgb` a colour scan's own H x W x 3 pixels."""
    if rgb is not None and has_colour_of(rgb, dpi):
        return None
    levels = ink_threshold(gray)
    return levels[1] if gray_is_ink_on_paper(gray, dpi, levels) else None


def as_bitonal(image: Image.Image, threshold: int) -> Image.Image:
    """Mode "1": ink (at or below `threshold`) black, the rest white; the resolution kept.
    A colour page (without colour: ink_only_threshold) is judged on its gray."""
    if image.mode not in ("L", "1"):
        image = image.convert("L")
    bitonal = image.point(lambda level: 0 if level <= threshold else 255, "1")
    # Only the resolution carries over: a colour profile of the scan does not describe black and white.
    bitonal.info = {"dpi": image.info["dpi"]} if "dpi" in image.info else {}
    return bitonal
