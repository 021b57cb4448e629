"""What one captured page is: blank or not, which way up, how skewed, which codes it carries.

Runs once per page, on the captured image, before the page is placed in a document; the
result is stored with the page (journal `pages.analysis`) and drives separation.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field, replace

from PIL import Image

from .imaging.bitonal import ink_only_threshold_of
from .imaging.blank import ANALYSIS_DPI as BLANK_DPI
from .imaging.blank import blank_verdict
from .imaging.cleanup import clean_page
from .imaging.deskew import ANALYSIS_DPI as LINES_DPI
from .imaging.deskew import text_lines_at
from .imaging.pagearrays import PageArrays
from .imaging.updown import LETTER_DPI, way_up
from .recognition.barcodes import Barcode, read_barcodes, read_barcodes_in, reads_as_plain_gray
from .recognition.coversheet import CoverSheet, Separator, read_sheet_codes
from .recognition.sheet_text import carries_letter_text
from .recognition.patchcode import WORK_DPI as PATCH_DPI
from .recognition.patchcode import find_patch_code

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
    # The site key our cover and separator sheets are signed with (separation.site_key); never
    # shown (repr=False). None: no code of ours can be trusted but unsigned ones, if allowed.
    site_key: str | None = field(default=None, repr=False)
    accept_unsigned_sheets: bool = False  # sheets printed before signing (a site changing over)


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
    # For the clerk: a code that looks like ours but this site did not sign, or a sheet's code
    # on a page that also carries a letter's text. One sentence each, no value from the code.
    sheet_warnings: tuple[str, ...] = ()
    # The page carries a sheet's code and a letter's text: a letter's page (kept in the PDF, its
    # code routes nothing), where the sheet's boundary still starts a new document.
    letter_text: bool = False
    # The page carries a trusted code of our own sheet (signed, or unsigned while allowed): only
    # such a page is read to tell a sheet from a letter. A patch code or the site's own separator
    # barcode is a sheet whatever else is on the page (paperless-ngx's separator pages carry text).
    sheet_code: bool = False
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


def analyze_page(image: Image.Image, dpi: int, options: AnalysisOptions = AnalysisOptions(), *,
                 ink_check: bool = False) -> PageAnalysis:  # fmt: skip
    """What the page is. `ink_check`: also measure, for a page that is neither blank nor a
    separator, whether it is ink on paper only (PageAnalysis.ink_threshold, as
    imaging.bitonal.ink_only_threshold gives it), from the arrays the analysis made anyway."""
    timings: dict[str, float] = {}
    # The page as numpy arrays, each made once and shared by the steps (imaging/pagearrays.py).
    page = PageArrays(image, dpi)
    lines, guess = None, None
    if options.detect_orientation and options.orientation_step == "later":
        started = time.perf_counter()
        darkness = page.darkness(BLANK_DPI)
        verdict = blank_verdict(darkness, page.dpi_of(darkness))
        timings["blank"] = round((time.perf_counter() - started) * 1000, 1)
        if verdict.is_blank:
            return PageAnalysis(blank=True, blank_reason=verdict.reason, timings_ms=timings)
        started = time.perf_counter()
        small = page.downscaled(LINES_DPI)
        lines = text_lines_at(small, page.dpi_of(small))
        timings["skew"] = round((time.perf_counter() - started) * 1000, 1)
        if lines.found:
            started = time.perf_counter()
            letters = None if lines.vertical else page.downscaled(LETTER_DPI)
            guess = way_up(page.gray, dpi, lines.skew_degrees, sideways=lines.vertical, small=letters)
            timings["way_up"] = round((time.perf_counter() - started) * 1000, 1)
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
    barcodes = tuple(_read_codes(page, options.barcode_engine, level_text))
    timings["barcodes"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    at_work_dpi = page.downscaled(PATCH_DPI) if dpi > PATCH_DPI else None
    patch = find_patch_code(page.gray, dpi, at_work_dpi=at_work_dpi)
    timings["patch"] = round((time.perf_counter() - started) * 1000, 1)
    codes = read_sheet_codes((b.value for b in barcodes), options.site_key,
                             accept_unsigned=options.accept_unsigned_sheets)
    ours = codes.sheets
    cover = next((s for s in ours if isinstance(s, CoverSheet)), None)
    separator = any(isinstance(s, Separator) for s in ours) or any(
        b.value.strip().upper() == options.separator_barcode.upper() for b in barcodes if options.separator_barcode)
    warnings = tuple(r.warning for r in codes.refused)
    if (cover is not None or separator or patch) and (lines is None or not ours):
        rotation, skew, method = 0, 0.0, "none"  # a sheet that is not archived needs no turning
    elif cleaned is not None:
        rotation, skew, method = cleaned.rotation, cleaned.skew_degrees, cleaned.orientation_method
    elif lines is not None and lines.found:
        rotation, skew, method = 0, lines.skew_degrees, "pending"
    else:
        rotation, skew, method = 0, 0.0, "none"
    analysis = PageAnalysis(
        blank=False, rotation=rotation, skew_degrees=round(skew, 3), orientation_method=method,
        barcodes=barcodes, patch_code=patch, cover_sheet=cover, separator_sheet=separator,
        lines_vertical=bool(lines and lines.vertical), lines_found=bool(lines and lines.found),
        letters_way_up=guess if method == "pending" else None, sheet_warnings=warnings, sheet_code=bool(ours),
        timings_ms=timings)
    if ink_check and analysis.separator_kind is None:
        started = time.perf_counter()
        analysis = replace(analysis, ink_threshold=_ink_threshold(page))
        timings["ink"] = round((time.perf_counter() - started) * 1000, 1)
    return analysis


def sheet_or_letter(analysis: PageAnalysis, ocr) -> tuple[PageAnalysis, object]:
    """A page that is a sheet by its codes, once it has been read: (the analysis, the reading).

    Only a sheet is left out of the PDF: a page whose words are more than the sheet prints
    (recognition/sheet_text.py) is a letter's page that carries a sheet's code. It is kept, its
    code routes nothing, and the clerk is told; the boundary the code marks still starts a new
    document (a genuine code was put there by the mailroom). A real sheet needs no text and no
    turning, as before. A page that could not be read is taken for what its codes say."""
    kind = analysis.separator_kind
    if kind is None or not analysis.sheet_code or ocr is None or not getattr(ocr, "ok", False):
        return analysis, ocr
    if carries_letter_text(ocr.words, sheet=analysis.cover_sheet, code_texts=[b.value for b in analysis.barcodes]):
        what = "a cover sheet's code" if kind == "cover_sheet" else "a separator sheet's code"
        warning = (f"the page carries {what} and a letter's text: it is kept as the first page of a new "
                   "letter" + (" and the cover sheet's routing is not used: check where it goes"
                               if kind == "cover_sheet" else ""))
        return replace(analysis, letter_text=True, sheet_warnings=analysis.sheet_warnings + (warning,)), ocr
    return replace(analysis, rotation=0, skew_degrees=0.0, orientation_method="none", letters_way_up=None), None


def _read_codes(page: PageArrays, engine: str, level_text: bool) -> list[Barcode]:
    if not reads_as_plain_gray(page.mode):  # transparent or 16-bit pages: the reader makes its own gray
        return read_barcodes(page.image, engine=engine, level_text=level_text)
    # The retry at half size is the page at 150 dpi on a 300 dpi scan: the copy the blank check made.
    half = (lambda: page.downscaled(page.dpi / 2)) if page.dpi > 0 else None
    return read_barcodes_in(page.gray, engine=engine, level_text=level_text, half=half)


def _ink_threshold(page: PageArrays) -> int | None:
    """imaging.bitonal.ink_only_threshold() of the page; None when it cannot be measured."""
    if page.mode not in ("L", "RGB"):
        return None  # lineart and other modes stay as scanned
    try:
        return ink_only_threshold_of(page.gray, page.dpi, rgb=page.rgb)
    except Exception as exc:  # noqa: BLE001 - then the page is simply read and archived as scanned
        log.warning("ink check failed on a page: %s", type(exc).__name__)
        return None
