"""Find how far a page's text lines lean, and straighten the page without losing anything.

The skew is measured on a small binarised copy (about 100 dpi): text-sized blobs only, so rules,
logos, punched holes and scanner shadows do not pull the estimate. For each candidate angle
the ink is sheared onto the vertical axis; text lines give the sharpest row profile (largest
sum of squares) when the angle matches theirs. The same search on the transposed copy tells
a sideways page (text lines running top to bottom) from an upright one, which the
orientation step uses to pick its candidates.

Angles are in degrees, counter-clockwise positive, like PIL's `Image.rotate`: a page whose
lines climb to the right has a positive skew and is straightened by rotating it clockwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from .bitonal import ink_threshold
from .blobs import label_blobs

MAX_SKEW_DEGREES = 10.0
MIN_CORRECTION_DEGREES = 0.2  # below this a rotation only blurs the page: leave it alone
ANALYSIS_DPI = 100  # enough for 0.1 degree over a 16 cm text line; cheap
_COARSE_STEP, _FINE_STEP = 0.5, 0.05
_MAX_POINTS = 60_000  # ink pixels fed to the profile search; a subsample is as sharp


@dataclass(frozen=True)
class TextLines:
    """What the line search found on a page."""

    skew_degrees: float  # counter-clockwise lean of the text lines; 0.0 when there are none
    vertical: bool  # lines run top to bottom: the page lies sideways
    axis_contrast: float  # profile sharpness of the chosen axis over the other; ~1 = no clear lines
    ink_pixels: int  # text-sized ink at ANALYSIS_DPI; 0 = nothing to measure

    @property
    def found(self) -> bool:
        return self.ink_pixels >= 200 and self.axis_contrast >= 1.15


def gray_array(image: Image.Image) -> np.ndarray:
    """The page as 8-bit gray; lineart becomes 0/255."""
    if image.mode == "L":
        return np.asarray(image)
    return np.asarray(image.convert("L"))


def downscale(gray: np.ndarray, dpi: float, target_dpi: float) -> np.ndarray:
    """Area-averaged copy at about `target_dpi`; never enlarges."""
    factor = target_dpi / dpi
    if factor >= 1.0:
        return gray
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def text_ink_mask(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Dark pixels that belong to character-sized blobs (not rules, logos, holes or shadows)."""
    _, threshold = ink_threshold(gray)  # on a nearly blank page Otsu alone would split the paper grain
    ink = (gray <= threshold).astype(np.uint8)  # "<=": on lineart Otsu's threshold is 0 itself
    _, labels, stats = label_blobs(ink)
    mm = dpi / 25.4
    w, h, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    # Characters from 6 to ~30 pt, lying either way; solid blobs (holes, stamps' fills) are not text.
    small_side, long_side = np.minimum(w, h), np.maximum(w, h)
    keep = (long_side <= 12 * mm) & (small_side >= 0.3 * mm) & (area >= 3) & (area < 0.8 * w * h + 1)
    keep[0] = False
    return keep[labels]


def _profile_scores(xs: np.ndarray, ys: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Sharpness of the row profile after shearing by each angle: sum of squared row counts."""
    scores = np.empty(len(angles))
    for i, angle in enumerate(angles):
        rows = np.rint(ys + xs * np.tan(np.radians(angle))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        scores[i] = float(np.dot(counts, counts))
    return scores


def _best_angle(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    """(angle, score) of the sharpest profile within +/- MAX_SKEW_DEGREES, to _FINE_STEP."""
    limit = MAX_SKEW_DEGREES + _COARSE_STEP
    coarse = np.arange(-limit, limit + 1e-9, _COARSE_STEP)
    scores = _profile_scores(xs, ys, coarse)
    best = coarse[int(np.argmax(scores))]
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + 1e-9, _FINE_STEP)
    fine_scores = _profile_scores(xs, ys, fine)
    i = int(np.argmax(fine_scores))
    angle = fine[i]
    if 0 < i < len(fine) - 1:  # parabola through the peak and its neighbours: sub-step precision
        left, mid, right = fine_scores[i - 1 : i + 2]
        denominator = left - 2 * mid + right
        if denominator < 0:
            angle += 0.5 * (left - right) / denominator * _FINE_STEP
    return float(angle), float(fine_scores[i])


def find_text_lines(gray: np.ndarray, dpi: float) -> TextLines:
    """Skew and direction of the text lines on a gray page (any resolution)."""
    small = downscale(gray, dpi, ANALYSIS_DPI)
    return text_lines_at(small, dpi * small.shape[1] / gray.shape[1])


def text_lines_at(small: np.ndarray, small_dpi: float) -> TextLines:
    """find_text_lines() of a page already made small: `downscale(gray, dpi, ANALYSIS_DPI)`, whose
    exact resolution is `small_dpi`. For a caller that has that copy anyway (analysis.py)."""
    ys, xs = np.nonzero(text_ink_mask(small, small_dpi))
    if len(xs) < 200:
        return TextLines(0.0, False, 1.0, int(len(xs)))
    if len(xs) > _MAX_POINTS:  # evenly spaced subsample keeps every line represented
        step = len(xs) / _MAX_POINTS
        pick = (np.arange(_MAX_POINTS) * step).astype(np.int64)
        xs, ys = xs[pick], ys[pick]
    xs, ys = xs.astype(np.float64), ys.astype(np.float64)
    across, across_score = _best_angle(xs, ys)
    down, down_score = _best_angle(ys, xs)  # transposed: lines running top to bottom
    vertical = down_score > across_score
    contrast = max(across_score, down_score) / max(1.0, min(across_score, down_score))
    # Transposing mirrors the sense of rotation, hence the sign flip for vertical lines.
    skew = -down if vertical else across
    return TextLines(round(skew, 2), vertical, round(contrast, 3), int(len(xs)))


def estimate_skew(image: Image.Image, dpi: float) -> float:
    """Counter-clockwise lean of the text lines in degrees (0.0 when the page has no text lines)."""
    lines = find_text_lines(gray_array(image), dpi)
    return lines.skew_degrees if lines.found else 0.0


def rotate_expanded(image: Image.Image, degrees: float) -> Image.Image:
    """`image` turned counter-clockwise by `degrees` on a canvas grown to hold all of it, white fill.

    Same mode out as in. Lineart is rotated as gray and thresholded again, so strokes keep
    their weight instead of getting the jagged edges of nearest-neighbour rotation.
    """
    mode = image.mode
    work = image if mode in ("L", "RGB") else image.convert("L" if mode == "1" else "RGB")
    pixels = np.asarray(work)
    h, w = pixels.shape[:2]
    radians = np.radians(degrees)
    cos, sin = abs(np.cos(radians)), abs(np.sin(radians))
    new_w, new_h = int(np.ceil(w * cos + h * sin)), int(np.ceil(w * sin + h * cos))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    matrix[0, 2] += (new_w - w) / 2
    matrix[1, 2] += (new_h - h) / 2
    white = (255, 255, 255) if pixels.ndim == 3 else 255
    turned = cv2.warpAffine(pixels, matrix, (new_w, new_h), flags=cv2.INTER_CUBIC,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=white)  # fmt: skip
    result = Image.fromarray(turned, work.mode)
    if mode == "1":
        return result.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
    return result if mode == work.mode else result.convert(mode)


def deskew(image: Image.Image, dpi: float, *, skew_degrees: float | None = None,
           min_degrees: float = MIN_CORRECTION_DEGREES) -> tuple[Image.Image, float]:  # fmt: skip
    """The page with its text lines level, and the skew that was removed.

    Pass `skew_degrees` when it is already known (clean_page measures it once for both
    orientation and deskew). A page is returned untouched, same object, when the skew is
    below `min_degrees` or there are no text lines.
    """
    skew = estimate_skew(image, dpi) if skew_degrees is None else skew_degrees
    if abs(skew) < min_degrees:
        return image, skew
    return rotate_expanded(image, -skew), skew
