"""What one captured page is: blank or not, which way up, how skewed, which codes it carries.

Runs once per page, on the captured image, before the page is placed in a document; the
result is stored with the page (journal `pages.analysis`) and drives separation.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field

from PIL import Image

from .imaging.blank import detect_blank
from .imaging.cleanup import clean_page
from .imaging.deskew import find_text_lines, gray_array
from .imaging.updown import way_up
from .recognition.barcodes import Barcode, read_barcodes
from .recognition.coversheet import CoverSheet, Separator, sheets_on_page
from .recognition.patchcode import detect_patch_code

log = logging.getLogger("scanstation.analysis")


@dataclass(frozen=True)
class AnalysisOptions:
    languages: str = "dan+eng"
    separator_barcode: str = "PATCHT"  # a site's own printed separator (Code 39/128)
    detect_orientation: bool = True
    barcode_engine: str = "zxing"
    # "later": measure skew, line direction and the letters' guess of which way up only; the
    # caller settles orientation (the pipeline reads the page the way the letters say and
    # checks that reading; OSD only when reading cannot decide).
    orientation_step: str = "now"


@dataclass(frozen=True)
class PageAnalysis:
    blank: bool = False
    blank_reason: str = ""
    rotation: int = 0  # clockwise quarter turns that make the page upright
    skew_degrees: float = 0.0  # counter-clockwise lean, removed at export
    orientation_method: str = "none"
    barcodes: tuple[Barcode, ...] = ()
    patch_code: str | None = None
    cover_sheet: CoverSheet | None = None
    separator_sheet: bool = False  # our separator sheet, or the site's separator barcode value
    lines_vertical: bool = False  # the text lines run top to bottom (the page lies sideways)
    lines_found: bool = False
    # Which way up the letters' shapes say the text is (imaging/updown.py): clockwise degrees,
    # None when they do not settle it. Only a guess: the pipeline's reading confirms it.
    letters_way_up: int | None = None
    # A page of ink on paper only (gray, or a colour scan with no colour): the gray level at or
    # below which a pixel is ink (the page is archived and read bitonal, imaging/bitonal.py);
    # None: the page stays as it was scanned.
    ink_threshold: int | None = None
    timings_ms: dict = field(default_factory=dict)

    @property
    def separator_kind(self) -> str | None:
        """What makes this page a separator, if anything: cover_sheet, separator, patch_T/2/3."""
        if self.cover_sheet is not None:
            return "cover_sheet"
        if self.separator_sheet:
            return "separator"
        if self.patch_code in ("T", "2", "3"):
            return f"patch_{self.patch_code}"
        return None

    def to_json(self) -> dict:
        data = asdict(self)
        data["barcodes"] = [{"symbology": b.symbology, "value": b.value, "bbox": list(b.bbox)}
                            for b in self.barcodes]
        data["cover_sheet"] = asdict(self.cover_sheet) if self.cover_sheet else None
        return data


def analyze_page(image: Image.Image, dpi: int, options: AnalysisOptions = AnalysisOptions()) -> PageAnalysis:
    timings: dict[str, float] = {}
    lines, guess = None, None
    if options.detect_orientation and options.orientation_step == "later":
        started = time.perf_counter()
        verdict = detect_blank(image, dpi)
        timings["blank"] = round((time.perf_counter() - started) * 1000, 1)
        if verdict.is_blank:
            return PageAnalysis(blank=True, blank_reason=verdict.reason, timings_ms=timings)
        started = time.perf_counter()
        gray = gray_array(image)
        lines = find_text_lines(gray, dpi)
        timings["skew"] = round((time.perf_counter() - started) * 1000, 1)
        if lines.found:
            started = time.perf_counter()
            guess = way_up(gray, dpi, lines.skew_degrees, sideways=lines.vertical)
            timings["way_up"] = round((time.perf_counter() - started) * 1000, 1)
        del gray
        cleaned = None
    elif options.detect_orientation:
        cleaned = clean_page(image, dpi, languages=options.languages)
        timings.update(cleaned.timings_ms)
        if cleaned.blank.is_blank:
            return PageAnalysis(blank=True, blank_reason=cleaned.blank.reason, timings_ms=timings)
    else:
        cleaned = None
    started = time.perf_counter()
    if lines is not None:
        level_text = lines.found and not lines.vertical
    else:
        level_text = cleaned is not None and cleaned.orientation_method != "none" and cleaned.rotation in (0, 180)
    barcodes = tuple(read_barcodes(image, engine=options.barcode_engine, level_text=level_text))
    timings["barcodes"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    patch = detect_patch_code(image, dpi)
    timings["patch"] = round((time.perf_counter() - started) * 1000, 1)
    ours = sheets_on_page(b.value for b in barcodes)
    cover = next((s for s in ours if isinstance(s, CoverSheet)), None)
    separator = any(isinstance(s, Separator) for s in ours) or any(
        b.value.strip().upper() == options.separator_barcode.upper() for b in barcodes if options.separator_barcode)
    if cover is not None or separator or patch:
        rotation, skew, method = 0, 0.0, "none"  # a sheet that is not archived needs no turning
    elif cleaned is not None:
        rotation, skew, method = cleaned.rotation, cleaned.skew_degrees, cleaned.orientation_method
    elif lines is not None and lines.found:
        rotation, skew, method = 0, lines.skew_degrees, "pending"
    else:
        rotation, skew, method = 0, 0.0, "none"
    return PageAnalysis(
        blank=False, rotation=rotation, skew_degrees=round(skew, 3), orientation_method=method,
        barcodes=barcodes, patch_code=patch, cover_sheet=cover, separator_sheet=separator,
        lines_vertical=bool(lines and lines.vertical), lines_found=bool(lines and lines.found),
        letters_way_up=guess if method == "pending" else None, timings_ms=timings)
