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
  everything in a 5% band along each edge - unless it reaches far into the page (over 5% of
  the area inside that band): that is a picture or a black page bleeding off the edge,
  not a shadow, and it is a mark;
- scanner streaks from dirty glass: lines thinner than 1.5 mm running half the page.

What remains is a mark. A page is blank when its marks add up to less than 3 mm² of ink,
which is less than one short pen stroke (a 10 mm tick at 0.4 mm is 4 mm²).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from scanstation.imaging.blobs import label_blobs
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
# An edge shadow lies along the edge; ink from the edge covering this share of the inside of the
# page is a picture or print bleeding off it (a scanner's own grid test page is half black).
_EDGE_INK_INSIDE = 0.05
COLOUR_MODES = ("RGBA", "CMYK", "P", "LA")  # judged by their darkest channel as RGB; other modes as gray


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
        image = image.convert("RGB" if image.mode in COLOUR_MODES else "L")
    return darkness_of(np.asarray(image), dpi, target_dpi)


def darkness_of(pixels: np.ndarray, dpi: float, target_dpi: float) -> np.ndarray:
    """darkness_gray() of a page given as 8-bit gray (H x W) or RGB (H x W x 3) pixels."""
    small = downscale(pixels, dpi, target_dpi)
    return small.min(axis=2) if small.ndim == 3 else small


def local_paper_level(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The paper's brightness around each pixel: the brightest level within about 14 mm."""
    h, w = gray.shape
    step = max(1, round(dpi * 2 / 25.4))  # one cell per 2 mm
    cells = cv2.resize(gray, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA)
    size = max(3, round(_PAPER_WINDOW_MM / 2) | 1)
    paper = cv2.dilate(cells, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    return cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)


# Ink is darker than INK_BELOW_PAPER times the local paper level, in float32: for 8-bit levels
# `gray < paper * INK_BELOW_PAPER` is `gray < _INK_LIMIT[paper]`, a table lookup ~5 times as fast.
_INK_LIMIT = np.ceil(np.arange(256, dtype=np.float32) * INK_BELOW_PAPER).astype(np.uint8)


def _ink_within(labels: np.ndarray, stats: np.ndarray, chosen: np.ndarray, box: tuple[int, int, int, int]
                ) -> tuple[int, int]:  # fmt: skip
    """(pixels, blobs) of the `chosen` blobs' ink within `box` (left, top, right, bottom, exclusive):
    from the stats for blobs wholly inside, pixel by pixel only for those that cross its edge."""
    left, top, right, bottom = box
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    w, h, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    within = chosen & (x >= left) & (y >= top) & (x + w <= right) & (y + h <= bottom)
    pixels, blobs = int(area[within].sum()), int(within.sum())
    for i in np.flatnonzero(chosen & ~within):
        x0, y0, x1, y1 = max(x[i], left), max(y[i], top), min(x[i] + w[i], right), min(y[i] + h[i], bottom)
        if x1 > x0 and y1 > y0:
            inside = int(np.count_nonzero(labels[y0:y1, x0:x1] == i))
            pixels, blobs = pixels + inside, blobs + (inside > 0)
    return pixels, blobs


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


def _edge_blobs_reaching_inside_are_marks(kinds: dict[str, np.ndarray], labels: np.ndarray, stats: np.ndarray,
                                          box: tuple[int, int, int, int]) -> None:  # fmt: skip
    left, top, right, bottom = box
    inside = max(1, (right - left) * (bottom - top))
    # Only a blob this big in all could cover that much inside: usually none, so no pixel is counted.
    for i in np.flatnonzero(kinds["edge"] & (stats[:, cv2.CC_STAT_AREA] >= _EDGE_INK_INSIDE * inside)):
        if np.count_nonzero(labels[top:bottom, left:right] == i) >= _EDGE_INK_INSIDE * inside:
            kinds["edge"][i], kinds["mark"][i] = False, True


def detect_blank(image: Image.Image, dpi: float) -> BlankVerdict:
    """Whether `image` is an empty side of paper, with the share of ink found and why."""
    gray = darkness_gray(image, dpi, ANALYSIS_DPI)
    return blank_verdict(gray, dpi * gray.shape[1] / image.width)


def blank_verdict(gray: np.ndarray, gray_dpi: float) -> BlankVerdict:
    """detect_blank() of a page given as its darkness_gray() at ANALYSIS_DPI, exactly `gray_dpi`."""
    mm = gray_dpi / 25.4  # pixels per millimetre at analysis size
    paper = local_paper_level(gray, mm * 25.4)
    ink = np.less(gray, cv2.LUT(paper, _INK_LIMIT)).view(np.uint8)

    h, w = ink.shape
    my, mx = round(h * MARGIN_FRACTION), round(w * MARGIN_FRACTION)
    _, labels, stats = label_blobs(ink)
    kinds = _classify_blobs(stats, (h, w), mm)
    _edge_blobs_reaching_inside_are_marks(kinds, labels, stats, (mx, my, w - mx, h - my))
    # Marks count inside the margins only.
    ink_pixels, mark_count = _ink_within(labels, stats, kinds.pop("mark"), (mx, my, w - mx, h - my))
    ink_mm2 = ink_pixels / (mm * mm)
    ink_ratio = ink_pixels / max(1, max(0, h - 2 * my) * max(0, w - 2 * mx))
    if ink_mm2 >= MIN_INK_MM2:
        marks_found = f"{mark_count} mark{'s' if mark_count != 1 else ''}"
        return BlankVerdict(False, round(ink_ratio, 6), f"{marks_found}, {ink_mm2:.1f} mm² of ink")
    excused = {kind: int(found.sum()) for kind, found in kinds.items()}
    ignored = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in excused.items() if n)
    return BlankVerdict(True, round(ink_ratio, 6), f"no marks ({ink_mm2:.1f} mm² of ink)"
                        + (f"; ignored {ignored}" if ignored else ""))  # fmt: skip
