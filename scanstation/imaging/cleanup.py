"""One page in, the same page upright and level out, with a note of what was done and how long it took.

Order: blank check first (an empty back needs no text analysis), then one line search that
serves both the orientation step and the deskew, then a single resample of the full page.
Orientation is decided on a small copy that is already level, so OSD and OCR see straight
lines; turning a page by the skew and by a quarter turn are then one rotation, so the page
is resampled at most once, and not at all when it is upright and level.

Cleanup never crops: a skew correction grows the canvas with white, and a page it is unsure
about is left as it came.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PIL import Image

from scanstation.imaging import blank as blank_page
from scanstation.imaging.blank import BlankVerdict
from scanstation.imaging.deskew import MIN_CORRECTION_DEGREES, find_text_lines, gray_array, rotate_expanded
from scanstation.imaging.orientation import detect_orientation, turn_clockwise


@dataclass(frozen=True)
class CleanedPage:
    image: Image.Image  # upright and level; the input object itself when nothing needed doing
    rotation: int  # clockwise quarter turns applied, in degrees: 0, 90, 180, 270
    skew_degrees: float  # counter-clockwise lean that was measured (and removed if >= 0.2)
    orientation_method: str  # "osd" | "confidence" | "none"
    orientation_confidence: float
    blank: BlankVerdict
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.rotation != 0 or abs(self.skew_degrees) >= MIN_CORRECTION_DEGREES


_NOT_CHECKED = BlankVerdict(False, 0.0, "not checked")


def clean_page(image: Image.Image, dpi: float, *, languages: str = "dan+eng",
               detect_blank: bool = True) -> CleanedPage:  # fmt: skip
    """Orientation, skew and blankness of one scanned page; `dpi` is the scan resolution."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round((now - clock) * 1000, 1)
        clock = now

    verdict = _NOT_CHECKED
    if detect_blank:
        verdict = blank_page.detect_blank(image, dpi)
        lap("blank")
        if verdict.is_blank:
            return CleanedPage(image, 0, 0.0, "none", 0.0, verdict, timings)

    lines = find_text_lines(gray_array(image), dpi)
    skew = lines.skew_degrees if lines.found else 0.0
    lap("skew")
    orientation = detect_orientation(image, dpi, languages=languages, lines=lines)
    lap("orientation")
    if abs(skew) >= MIN_CORRECTION_DEGREES:  # both turns in one resample
        cleaned = rotate_expanded(image, -skew - orientation.rotation)
    else:
        cleaned = turn_clockwise(image, orientation.rotation)
    lap("rotate")
    return CleanedPage(cleaned, orientation.rotation, skew, orientation.method, orientation.confidence,
                       verdict, timings)  # fmt: skip
