"""Kodak patch codes: print them on separator sheets and find them on scanned pages.

A patch code is four black bars parallel to the sheet's leading edge, two wide (0.20 in,
5.08 mm) and two narrow (0.08 in, 2.03 mm), with three narrow spaces between them: 0.80 in from
the first bar to the last, whatever the code. Which bars are wide, read from the leading edge
inward, names the code (Kodak publication A-61599 "Patch Code Information"):

    Patch 1 WWNN   Patch 2 WNNW   Patch 3 WNWN   Patch 4 NWWN   Patch T NWNW   Patch 6 NNWW

Bars must be at least 0.75 in long and start at least 0.25 in from the edge; we print them
0.5 in from the top edge, 170 mm long, so every patch sensor position of an ADF sees them.
Scanners with a patch reader act on them in hardware; most small ADFs have none, and zbar and
zxing-cpp do not read patch codes, so `detect_patch_code` finds them in the image.

Read backwards, Patch 3 is Patch T and Patch 1 is Patch 6: the pattern is therefore read from
the page edge it is nearest to, which is the leading edge however the sheet went through.
"""

from __future__ import annotations

import logging

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..imaging.blobs import label_blobs
from ..imaging.deskew import downscale

log = logging.getLogger("scanstation.recognition.patchcode")

PATTERNS = {"1": "WWNN", "2": "WNNW", "3": "WNWN", "4": "NWWN", "T": "NWNW", "6": "NNWW"}
_CODES = {pattern: code for code, pattern in PATTERNS.items()}
MEANINGS = {
    "1": "Patch 1: image control",
    "2": "Patch 2: document level 2",
    "3": "Patch 3: document level 3 (batch)",
    "4": "Patch 4: toggle colour/bitonal",
    "T": "Patch T: transfer, next document",
    "6": "Patch 6: image control",
}

NARROW_MM = 0.08 * 25.4  # bars and spaces
WIDE_MM = 0.20 * 25.4
PATTERN_MM = 0.80 * 25.4  # first bar to last, all codes
TOP_MM = 0.5 * 25.4  # from the leading edge to the first bar
LEFT_MM, RIGHT_MM = 20.0, 190.0  # bar ends on an A4 sheet
A4_MM = (210.0, 297.0)

WORK_DPI = 100  # detection runs on the page scaled to this: bars are 8 px, fast, noise averaged
MIN_BAR_MM = 15.0  # the standard's minimum is 19 mm; some slack for skew and worn toner


def patch_bars(code: str) -> list[tuple[float, float]]:
    """(offset from the pattern's leading side, thickness) in mm for the four bars of `code`."""
    if code not in PATTERNS:
        raise ValueError(f"unknown patch code {code!r}; use one of {', '.join(PATTERNS)}")
    bars, offset = [], 0.0
    for kind in PATTERNS[code]:
        width = WIDE_MM if kind == "W" else NARROW_MM
        bars.append((offset, width))
        offset += width + NARROW_MM
    return bars


def render_patch_sheet_image(code: str, dpi: int = 300, mode: str = "L") -> Image.Image:
    """A printed patch sheet as an A4 page at `dpi`: the pattern at the top, its name below."""
    bars = patch_bars(code)
    if mode not in ("L", "RGB", "1"):
        raise ValueError(f"unknown image mode {mode!r}; use L, RGB or 1")
    px = dpi / 25.4
    page = Image.new("L", (round(A4_MM[0] * px), round(A4_MM[1] * px)), 255)
    draw = ImageDraw.Draw(page)
    for offset, width in bars:
        top = (TOP_MM + offset) * px
        draw.rectangle((round(LEFT_MM * px), round(top), round(RIGHT_MM * px) - 1, round(top + width * px) - 1), fill=0)
    font = _font(round(28 * dpi / 72))
    small = _font(round(12 * dpi / 72))
    draw.text((page.width / 2, 120 * px), f"PATCH {code}", font=font, fill=0, anchor="mm")
    draw.text((page.width / 2, 140 * px), MEANINGS[code], font=small, fill=0, anchor="mm")
    return page.convert(mode) if mode != "1" else page.point(lambda v: 255 if v > 127 else 0).convert("1")


def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "arialbd.ttf"):
        try:
            return ImageFont.truetype(name, px)
        except OSError:
            continue
    return ImageFont.load_default(size=px)


def detect_patch_code(image: Image.Image, dpi: float) -> str | None:
    """The patch code printed on `image` ("1", "2", "3", "4", "T" or "6"), or None.

    Looks for four long parallel dark bars, horizontal or vertical (a sheet fed turned), whose
    thicknesses and spacing match a patch pattern in the right proportions and near the right
    size for `dpi`, with clear paper on both sides. Text, table rules, underlines, ordinary
    barcodes and letterhead bands do not have that shape.
    """
    try:
        gray = np.asarray(image.convert("L"), dtype=np.uint8)
    except Exception as exc:  # a broken image has no patch code; never stop the scan for it
        log.warning("page image cannot be checked for a patch code: %s", exc)
        return None
    return find_patch_code(gray, dpi)


def find_patch_code(gray: np.ndarray, dpi: float, *, at_work_dpi: np.ndarray | None = None) -> str | None:
    """detect_patch_code() of a page given as 8-bit gray. `at_work_dpi`: the page shrunk to
    WORK_DPI, `deskew.downscale(gray, dpi, WORK_DPI)`, when the caller has made it already
    (analysis.py shares it with the line search)."""
    if not dpi or dpi <= 0 or gray.shape[0] < 16 or gray.shape[1] < 16:
        return None
    dark = _dark_pixels(gray, dpi, at_work_dpi)
    found = []
    for turned in (False, True):
        rows = dark.T if turned else dark
        for pattern, centre in _patterns(np.ascontiguousarray(rows), WORK_DPI / 25.4):
            distance_to_edge = min(centre, rows.shape[0] - centre)
            from_far_edge = centre > rows.shape[0] / 2
            code = _CODES.get(pattern[::-1] if from_far_edge else pattern)
            if code:
                found.append((distance_to_edge, code))
    return min(found)[1] if found else None


def _dark_pixels(gray: np.ndarray, dpi: float, at_work_dpi: np.ndarray | None) -> np.ndarray:
    import cv2

    if dpi > WORK_DPI:
        gray = at_work_dpi if at_work_dpi is not None else downscale(gray, dpi, WORK_DPI)
    elif dpi > WORK_DPI * 1.01 or dpi < WORK_DPI * 0.99:  # scanned below 100 dpi: bring up to it
        gray = cv2.resize(gray, None, fx=WORK_DPI / dpi, fy=WORK_DPI / dpi, interpolation=cv2.INTER_LINEAR)
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    threshold = min(threshold, 170)  # a page of bare paper has no "ink" for Otsu to split off
    return (gray < threshold).astype(np.uint8)


def _patterns(dark: np.ndarray, px_mm: float):
    """(pattern "WNNW"..., centre row) for each run of four bars that looks like a patch code."""
    import cv2

    # Fill specks in the bars along their length only (never bridge the spaces), then keep
    # only ink that runs on for MIN_BAR_MM: letters, rules drawn across and noise go away.
    closed = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((1, 5), np.uint8))
    closed = cv2.morphologyEx(closed, cv2.MORPH_CLOSE, np.ones((3, 1), np.uint8))
    runs = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((1, max(3, round(MIN_BAR_MM * 0.8 * px_mm))), np.uint8))
    if not cv2.countNonZero(runs):  # most pages: nothing that long
        return
    count, labels, stats = label_blobs(runs)
    bars = []
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        thickness = area / w
        if w < MIN_BAR_MM * px_mm or not 0.55 * NARROW_MM * px_mm <= thickness <= 1.6 * WIDE_MM * px_mm:
            continue
        if h > thickness + 0.1 * w + 3:  # not a straight bar (tilted more than ~5 degrees, or a blob)
            continue
        bars.append(_Bar(labels[y : y + h, x : x + w] == i, x, y, thickness))
    bars.sort(key=lambda bar: bar.at((bar.x0 + bar.x1) / 2))
    for i in range(len(bars) - 3):
        group = bars[i : i + 4]
        pattern = _classify(group, px_mm)
        if pattern and _clear_around(dark, group, px_mm):
            middle = (max(b.x0 for b in group) + min(b.x1 for b in group)) / 2
            yield pattern, (group[0].at(middle) + group[3].at(middle)) / 2


class _Bar:
    """One long dark bar: its mid-line y = slope * x + intercept (a skewed page tilts it) and thickness."""

    def __init__(self, mask: np.ndarray, x: int, y: int, thickness: float) -> None:
        columns = np.arange(mask.shape[1])
        filled = mask.sum(axis=0)
        keep = filled > 0
        mid = (mask * np.arange(mask.shape[0])[:, None]).sum(axis=0)[keep] / filled[keep]
        self.slope, intercept = np.polyfit(columns[keep] + x, mid + y, 1) if keep.sum() > 1 else (0.0, y)
        self.intercept = float(intercept)
        self.x0, self.x1, self.thickness = x, x + mask.shape[1], float(thickness)

    def at(self, x: float | np.ndarray) -> float | np.ndarray:
        return self.slope * x + self.intercept


def _classify(group: list[_Bar], px_mm: float) -> str | None:
    left, right = max(b.x0 for b in group), min(b.x1 for b in group)
    if right - left < 0.85 * min(b.x1 - b.x0 for b in group):  # bars of one pattern line up
        return None
    if max(b.slope for b in group) - min(b.slope for b in group) > 0.02:  # and are parallel
        return None
    centres = [b.at((left + right) / 2) for b in group]
    widths = [b.thickness for b in group]
    thinnest = min(widths)
    pattern = "".join("W" if w > 1.7 * thinnest else "N" for w in widths)
    if pattern.count("W") != 2:
        return None
    narrow = [w for w, kind in zip(widths, pattern) if kind == "N"]
    wide = [w for w, kind in zip(widths, pattern) if kind == "W"]
    n, wd = sum(narrow) / 2, sum(wide) / 2
    if not 0.6 * NARROW_MM * px_mm <= n <= 1.6 * NARROW_MM * px_mm:
        return None
    if not 1.8 <= wd / n <= 3.6 or max(narrow) > 1.4 * min(narrow) or max(wide) > 1.3 * min(wide):
        return None
    for k in range(3):  # the spaces are as wide as a narrow bar
        space = centres[k + 1] - centres[k] - (widths[k] + widths[k + 1]) / 2
        if not 0.5 * n <= space <= 1.7 * n:
            return None
    return pattern


def _clear_around(dark: np.ndarray, group: list[_Bar], px_mm: float) -> bool:
    """Paper before the first bar and after the last: no fifth bar, no text pressed against it."""
    xs = np.arange(max(b.x0 for b in group), min(b.x1 for b in group), 2)
    margin = round(3 * px_mm)
    height = dark.shape[0]
    first, last = group[0], group[3]
    edge_before = np.round(first.at(xs) - first.thickness / 2).astype(int) - 2
    edge_after = np.round(last.at(xs) + last.thickness / 2).astype(int) + 2
    for edge, step in ((edge_before, -1), (edge_after, 1)):
        rows = edge[None, :] + step * np.arange(margin)[:, None]
        inside = (rows >= 0) & (rows < height)
        if inside.any() and dark[np.clip(rows, 0, height - 1), xs[None, :]][inside].mean() >= 0.04:
            return False
    return True
