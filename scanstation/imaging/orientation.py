"""Which way up a page is: 0, 90, 180 or 270 degrees, for every page that has text.

Three cheap-to-expensive steps, each only when the one before cannot decide:

1. The line search (deskew.find_text_lines) says whether text lines run across or down the
   page. That halves the question: a page with level lines is upright or upside down, a page
   with vertical lines lies on one side or the other. Pages without text lines stay as they are.
2. Tesseract's orientation detection (OSD) on a band of the densest text at 150 dpi, turned so
   its lines are level. OSD is quick and, at this resolution, right whenever it is confident.
   We trust it from a confidence of 5, far below OCRmyPDF's default of 14, and only when it
   picks one of the candidates the lines allow. On demo letters OSD was never wrong at 150 dpi;
   its wrong answers (at 100-120 dpi) had confidences up to 3.9, so 5 keeps a margin.
3. When OSD gives up (too few characters) or is unsure: OCR about four lines of the densest
   text each way and keep the way Tesseract reads with the higher word confidence. Upright
   Danish reads at 90+, upside-down text as garbage at 55 or less, so even a short letter of
   a few lines is decided; two reads of a small crop cost about 0.3 s.

Rotations are clockwise degrees, like a PDF page's /Rotate and Tesseract's "Rotate:".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image

from scanstation.imaging.deskew import (
    MIN_CORRECTION_DEGREES,
    TextLines,
    downscale,
    find_text_lines,
    gray_array,
    rotate_expanded,
    text_ink_mask,
)
from scanstation.tesseract_path import configure as configure_tesseract

configure_tesseract()  # our bundled Tesseract first, then the registry, then PATH

OSD_DPI = 150  # below this OSD makes confident mistakes; above it only gets slower
OSD_TRUSTED_CONFIDENCE = 5.0
OSD_BAND_MM = 70  # about 12 lines of body text: enough characters for a confident answer
READ_BAND_MM = (24, 110)  # height, width: about 4 lines of 60 characters for the read-both-ways
# comparison; it runs Tesseract twice, so it gets the smallest crop that still decides
CLEAR_LINE_CONTRAST = 1.5  # line search this sure of the axis: only its two candidates are tried

_TRANSPOSE_CLOCKWISE = {
    90: Image.Transpose.ROTATE_270,  # PIL's names count counter-clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Orientation:
    """How to turn a page upright, and how that was decided."""

    rotation: int  # clockwise degrees: 0, 90, 180 or 270
    method: str  # "osd" | "confidence" | "none" (no text lines: left as it is)
    confidence: float  # osd: Tesseract's orientation confidence; confidence: margin in word
    # confidence points (0-100) between the best and the runner-up reading; none: 0


def turn_clockwise(image: Image.Image, rotation: int) -> Image.Image:
    """`image` turned by a multiple of 90 degrees: lossless, same mode, same object for 0."""
    rotation %= 360
    if rotation == 0:
        return image
    return image.transpose(_TRANSPOSE_CLOCKWISE[rotation])


def _densest_window(counts: np.ndarray, length: int) -> tuple[int, int]:
    """The `length` stretch of `counts` with the most ink, its ends moved into the nearest gaps.

    Cutting through a line of text (or a word) leaves half-characters that read as garbage
    whichever way up they are, which blurs the reading comparison.
    """
    if length >= len(counts):
        return 0, len(counts)
    start = int(np.argmax(np.convolve(counts, np.ones(length), mode="valid")))
    end = start + length
    slack = length // 5
    gaps = np.flatnonzero(counts[start : start + slack] == 0)
    if len(gaps):
        start += int(gaps[-1])
    gaps = np.flatnonzero(counts[end - slack : end] == 0)
    if len(gaps):
        end = end - slack + int(gaps[0]) + 1
    return start, end


def densest_text_crop(gray: np.ndarray, dpi: float, height_mm: float,
                      width_mm: float | None = None) -> Image.Image:  # fmt: skip
    """The `height_mm` band (and `width_mm` stretch of it) holding the most text-sized ink."""
    ink = text_ink_mask(gray, dpi)
    top, bottom = _densest_window(ink.sum(axis=1).astype(np.float64), int(height_mm * dpi / 25.4))
    left, right = 0, gray.shape[1]
    if width_mm is not None:
        left, right = _densest_window(ink[top:bottom].sum(axis=0).astype(np.float64), int(width_mm * dpi / 25.4))
    return Image.fromarray(np.ascontiguousarray(gray[top:bottom, left:right]), "L")


def _osd(band: Image.Image) -> tuple[int, float] | None:
    """Tesseract's (clockwise rotation, confidence), or None when it cannot tell."""
    try:
        result = pytesseract.image_to_osd(
            band, config="--psm 0 -c min_characters_to_try=20", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractError:  # "Too few characters", or no text it can use
        return None
    return int(result["rotate"]) % 360, float(result["orientation_conf"])


def reading_confidence(band: Image.Image, languages: str) -> float:
    """Mean word confidence (0-100), weighted by word length, of Tesseract reading `band` as is."""
    data = pytesseract.image_to_data(band, lang=languages, config="--psm 6", output_type=pytesseract.Output.DICT)
    total = weight = 0.0
    for text, confidence in zip(data["text"], data["conf"]):
        letters = sum(ch.isalnum() for ch in text)
        if letters and float(confidence) >= 0:
            total += float(confidence) * letters
            weight += letters
    return total / weight if weight else 0.0


def _read_both_ways(band: Image.Image, candidates: tuple[int, ...], languages: str) -> tuple[int, float]:
    """The candidate rotation Tesseract reads best, and its margin over the runner-up (0: no idea)."""
    # One language is enough to tell readable from garbage, and half the work of "dan+eng".
    language = languages.split("+")[0]
    scores = []
    for rotation in candidates:
        try:
            scores.append((reading_confidence(turn_clockwise(band, rotation), language), rotation))
        except pytesseract.TesseractError:  # a crop Tesseract refuses reads as nothing
            scores.append((0.0, rotation))
    scores.sort(reverse=True)
    (best, rotation), runner_up = scores[0], scores[1][0]
    return (rotation, round(best - runner_up, 2)) if best > runner_up else (0, 0.0)


def detect_orientation(image: Image.Image, dpi: float, *, languages: str = "dan+eng",
                       lines: TextLines | None = None) -> Orientation:  # fmt: skip
    """How far to turn `image` clockwise so its text reads upright.

    `lines` saves the line search when the caller has it already (clean_page does).
    """
    gray = gray_array(image)
    if lines is None:
        lines = find_text_lines(gray, dpi)
    if not lines.found:
        return Orientation(0, "none", 0.0)
    small = downscale(gray, dpi, OSD_DPI)
    small_dpi = dpi * small.shape[1] / gray.shape[1]
    level = Image.fromarray(small, "L")
    if abs(lines.skew_degrees) >= MIN_CORRECTION_DEGREES:  # OSD and OCR read level lines better
        level = rotate_expanded(level, -lines.skew_degrees)
    # Lay vertical lines down first: then both steps only decide "as is" or "upside down".
    base = 90 if lines.vertical else 0
    level_gray = np.asarray(turn_clockwise(level, base))
    axis_is_clear = lines.axis_contrast >= CLEAR_LINE_CONTRAST
    candidates = (0, 180) if axis_is_clear else (0, 90, 180, 270)

    osd = _osd(densest_text_crop(level_gray, small_dpi, OSD_BAND_MM))
    if osd is not None:
        rotation, confidence = osd
        if confidence >= OSD_TRUSTED_CONFIDENCE and rotation in candidates:
            return Orientation((base + rotation) % 360, "osd", confidence)

    band = densest_text_crop(level_gray, small_dpi, *READ_BAND_MM)
    rotation, margin = _read_both_ways(band, candidates, languages)
    if margin == 0.0:  # neither way reads: leave the page as it came
        return Orientation(0, "none", 0.0)
    return Orientation((base + rotation) % 360, "confidence", margin)
