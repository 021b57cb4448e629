"""Is this side of the sheet empty? For dropping the backs of single-sided letters in duplex scans.

Throwing away a page that holds a signature or a short note loses part of a letter; keeping
a blank back only costs a page. So the test is what a person would call a mark, and the
things a scanner adds to empty paper are named and excused one by one:

- paper grain and faint bleed-through of the front: ink is only what is clearly darker than
  the paper around it (under 75% of the local paper level), so light gray never counts;
- uneven lighting and broad shadows: the paper level is measured locally (a max filter
  about 14 mm wide), so a gradient is paper, not ink;
- dust and specks: marks shorter than 1.5 mm are ignored;
- punched holes: filled round blobs 4-10 mm across within 25 mm of an edge;
- edge shadows, the paper's own edge, tape: anything touching the image border, and
  everything in a 5% band along each edge;
- scanner streaks from dirty glass: lines thinner than 1.5 mm running half the page.

What remains is a mark. A page is blank when its marks add up to less than 3 mm² of ink,
which is less than one short pen stroke (a 10 mm tick at 0.4 mm is 4 mm²).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from scanstation.imaging.deskew import downscale

ANALYSIS_DPI = 150  # keeps a 0.3 mm pen line at least a pixel wide
MARGIN_FRACTION = 0.05
INK_BELOW_PAPER = 0.75  # ink is darker than this share of the local paper level
MIN_MARK_MM = 1.5  # longest side of anything that counts as a mark
MIN_INK_MM2 = 3.0  # total mark area from which a page is not blank
_PAPER_WINDOW_MM = 14.0
_HOLE_DIAMETER_MM = (4.0, 10.0)
_HOLE_EDGE_MM = 25.0
_STREAK_WIDTH_MM, _STREAK_LENGTH = 1.5, 0.5  # thinner than this, longer than this share of the page


@dataclass(frozen=True)
class BlankVerdict:
    is_blank: bool
    ink_ratio: float  # share of the inspected area (inside the margins) covered by marks
    reason: str  # one line for the operator and the log


def darkness_gray(image: Image.Image, dpi: float, target_dpi: float) -> np.ndarray:
    """8-bit gray at about `target_dpi` where low means ink; colour pages take their darkest channel.

    A red stamp or a yellow highlighter is faint in luminance but dark in one channel:
    the darkest channel keeps them, while gray bleed-through stays as light as it looks.
    Downscaling comes first: on a 300 dpi colour page the channel minimum is then 4x cheaper.
    """
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB" if image.mode in ("RGBA", "CMYK", "P", "LA") else "L")
    small = downscale(np.asarray(image), dpi, target_dpi)
    return small.min(axis=2) if small.ndim == 3 else small


def local_paper_level(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The paper's brightness around each pixel: the brightest level within about 14 mm."""
    h, w = gray.shape
    step = max(1, round(dpi * 2 / 25.4))  # one cell per 2 mm
    cells = cv2.resize(gray, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA)
    size = max(3, round(_PAPER_WINDOW_MM / 2) | 1)
    paper = cv2.dilate(cells, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    return cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)


def _classify_blobs(stats: np.ndarray, shape: tuple[int, int], mm: float) -> dict[str, np.ndarray]:
    """For each connected component (row of `stats`), which excuse applies; `mark` if none."""
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    w, h, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    rows, cols = shape
    longest, shortest = np.maximum(w, h), np.minimum(w, h)
    speck = longest < MIN_MARK_MM * mm
    edge = ~speck & ((x == 0) | (y == 0) | (x + w == cols) | (y + h == rows))
    centre_to_edge = np.minimum.reduce([x + w / 2, y + h / 2, cols - x - w / 2, rows - y - h / 2])
    low, high = (d * mm for d in _HOLE_DIAMETER_MM)
    hole = (~speck & ~edge & (longest >= low) & (longest <= high) & (shortest >= 0.7 * longest)
            & (area >= 0.6 * w * h) & (centre_to_edge <= _HOLE_EDGE_MM * mm))  # fmt: skip
    streak = (~speck & ~edge & ~hole & (shortest <= _STREAK_WIDTH_MM * mm)
              & ((h >= _STREAK_LENGTH * rows) | (w >= _STREAK_LENGTH * cols)))  # fmt: skip
    mark = ~(speck | edge | hole | streak)
    kinds = {"speck": speck, "edge": edge, "punched hole": hole, "streak": streak, "mark": mark}
    for found in kinds.values():
        found[0] = False  # component 0 is the paper itself
    return kinds


def detect_blank(image: Image.Image, dpi: float) -> BlankVerdict:
    """Whether `image` is an empty side of paper, with the share of ink found and why."""
    gray = darkness_gray(image, dpi, ANALYSIS_DPI)
    mm = dpi * gray.shape[1] / image.width / 25.4  # pixels per millimetre at analysis size
    paper = local_paper_level(gray, mm * 25.4)
    ink = (gray.astype(np.float32) < paper.astype(np.float32) * INK_BELOW_PAPER).astype(np.uint8)

    h, w = ink.shape
    inner = np.zeros_like(ink)
    my, mx = round(h * MARGIN_FRACTION), round(w * MARGIN_FRACTION)
    inner[my : h - my, mx : w - mx] = 1
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    kinds = _classify_blobs(stats, (h, w), mm)
    marks = kinds.pop("mark")[labels] & inner.astype(bool)
    ink_pixels = int(marks.sum())
    ink_mm2 = ink_pixels / (mm * mm)
    ink_ratio = ink_pixels / max(1, int(inner.sum()))
    mark_count = len(np.unique(labels[marks])) if ink_pixels else 0
    if ink_mm2 >= MIN_INK_MM2:
        marks_found = f"{mark_count} mark{'s' if mark_count != 1 else ''}"
        return BlankVerdict(False, round(ink_ratio, 6), f"{marks_found}, {ink_mm2:.1f} mm² of ink")
    excused = {kind: int(found.sum()) for kind, found in kinds.items()}
    ignored = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in excused.items() if n)
    return BlankVerdict(True, round(ink_ratio, 6), f"no marks ({ink_mm2:.1f} mm² of ink)"
                        + (f"; ignored {ignored}" if ignored else ""))  # fmt: skip
