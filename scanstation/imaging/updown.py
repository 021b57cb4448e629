"""Which way up a page's text is, from the shape of its letters: no OCR needed.

In Latin script nearly every letter stands on the baseline, and the letters that stick out
mostly stick out upwards (capitals, digits, b d f h k l t, å) rather than downwards
(g j p q y). So along a text line more letters end on the baseline than reach the line's
common top; upside down it is the other way round. After levelling the skew and grouping the
letters into lines, count both: upright letters give 1.1 to 1.5 times as many on the baseline
(bold and condensed italic type the least), upside-down ones 0.67 to 0.94. ~15 ms a page.

A page the count does not settle (few letters, a script without baselines, a drawing) gets
None, and the pipeline reads it both ways as before. A guess is always checked by the reading
itself (pipeline.reads_upright), so a wrong guess costs a second reading, never a wrong page.
"""

from __future__ import annotations

import cv2
import numpy as np

from .bitonal import ink_threshold
from .blobs import label_blobs
from .deskew import downscale

LETTER_DPI = 150  # letters of body text are 12-20 px high: rows fine enough, and cheap
MIN_LETTERS = 40  # a few words decide nothing
CLEAR_RATIO = 1.05  # this many more letters on the baseline than at the top (or the reverse)
NEAR = 0.12  # of a letter's height: "on" a line
LINE_GAP = 0.4  # of a letter's height: letters whose middles are further apart are on two lines


def baseline_agreement(gray: np.ndarray, dpi: float, skew_degrees: float) -> tuple[float, int]:
    """How many more letters sit on their line's baseline than reach its top line (> 1: upright),
    and how many letters were counted. Lines are taken to run across the image, leaning by
    `skew_degrees` counter-clockwise (deskew.find_text_lines)."""
    small = downscale(gray, dpi, LETTER_DPI)
    return _baseline_agreement_at(small, dpi * small.shape[1] / gray.shape[1], skew_degrees)


def _baseline_agreement_at(small: np.ndarray, small_dpi: float, skew_degrees: float) -> tuple[float, int]:
    """baseline_agreement() of the page at LETTER_DPI (exactly `small_dpi`)."""
    _, threshold = ink_threshold(small)
    ink = (small <= threshold).astype(np.uint8)
    _, _, stats = label_blobs(ink)
    x, y, w, h = (stats[1:, i].astype(np.float64)
                  for i in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))  # fmt: skip
    mm = small_dpi / 25.4
    letter_sized = (h >= 0.8 * mm) & (h <= 8 * mm) & (w <= 10 * mm)
    x, y, w, h = x[letter_sized], y[letter_sized], w[letter_sized], h[letter_sized]
    if len(h) < MIN_LETTERS:
        return 1.0, int(len(h))
    # Dots, commas and hyphens sit neither on the baseline nor at the top: leave them out.
    typical = float(np.median(h))
    full = h >= 0.6 * typical
    x, y, w, h = x[full], y[full], w[full], h[full]
    level = (x + w / 2.0) * np.tan(np.radians(skew_degrees))  # as deskew's row profile levels a line
    tops, bottoms = y + level, y + h + level
    middles = (tops + bottoms) / 2
    order = np.argsort(middles)
    tops, bottoms, middles = tops[order], bottoms[order], middles[order]
    # Letters of one line have their middles within half a letter of each other; lines are
    # further apart than that.
    starts = np.flatnonzero(np.diff(middles) > LINE_GAP * typical) + 1
    near = max(1.0, NEAR * typical)
    on_baseline = on_top_line = 0
    for start, end in zip(np.r_[0, starts], np.r_[starts, len(middles)]):
        if end - start < 5:  # a stray mark or a page number: no line to speak of
            continue
        on_baseline += int(np.sum(np.abs(bottoms[start:end] - np.median(bottoms[start:end])) <= near))
        on_top_line += int(np.sum(np.abs(tops[start:end] - np.median(tops[start:end])) <= near))
    return on_baseline / max(1, on_top_line), int(len(h))


def way_up(gray: np.ndarray, dpi: float, skew_degrees: float, *, sideways: bool = False,
           small: np.ndarray | None = None) -> int | None:  # fmt: skip
    """Clockwise degrees that make the page upright, or None when the letters do not say.

    A page whose lines run across is upright (0) or upside down (180); with `sideways` (its
    lines run top to bottom) it lies on one side (90) or the other (270). `small`: the page at
    LETTER_DPI, `deskew.downscale(gray, dpi, LETTER_DPI)`, when the caller has made it already
    (analysis.py shares it with the blank check); a sideways page is turned first, so it does
    not use it."""
    if sideways:
        gray = np.ascontiguousarray(np.rot90(gray, k=-1))  # a quarter turn clockwise: lines across
        small = None
    if small is None:
        small = downscale(gray, dpi, LETTER_DPI)
    ratio, letters = _baseline_agreement_at(small, dpi * small.shape[1] / gray.shape[1], skew_degrees)
    if letters < MIN_LETTERS:
        return None
    upright, upside_down = (90, 270) if sideways else (0, 180)
    if ratio >= CLEAR_RATIO:
        return upright
    if ratio <= 1 / CLEAR_RATIO:
        return upside_down
    return None
