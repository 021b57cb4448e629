"""Where one document ends and the next begins, decided page by page as pages arrive.

Strategies (per scan profile):
- separators (default): a cover sheet, our separator sheet, a Patch T/2/3 or the site's
  separator barcode starts a new document; the sheet itself is kept in the journal but left
  out of the PDF (unless the site keeps cover sheets). A letter's own barcodes never split,
  nor does a code that looks like ours but this site did not sign (recognition/coversheet.py).
  A page with a sheet's code and a letter's text (analysis.sheet_or_letter) starts a new
  document but is kept in it, and its code routes nothing.
- blank_page: a blank front page starts a new document.
- fixed_pages:N: a new document every N pages.
- per_scan: one document per scan (or per imported file).
Whatever the strategy, an imported file is never merged with the next file, and blank
backs are left out of the PDF (kept in the journal, restorable) when drop_blank_pages is on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .analysis import PageAnalysis
from .capture.base import ScannedPage
from .profiles import parse_separation

@dataclass(frozen=True)
class Placement:
    new_document: bool
    started_by: str = ""  # batch_start, file, cover_sheet, separator, patch_T, blank_page, fixed_pages
    included: bool = True
    excluded_reason: str | None = None
    document_fields: dict | None = None  # pre-filled from a cover sheet


def parse_strategy(text: str) -> tuple[str, int | None]:
    """The profile's separation text, checked: ("fixed_pages", 3) for "fixed_pages:3"."""
    return parse_separation(text)


class DocumentSplitter:
    def __init__(self, strategy: str = "separators", *, keep_cover_sheets: bool = False,
                 drop_blank_pages: bool = True) -> None:
        self.strategy, self.fixed_pages = parse_strategy(strategy)
        self.keep_cover_sheets = keep_cover_sheets
        self.drop_blank_pages = drop_blank_pages
        self._last_group: str | None = None
        self._content_pages = 0  # pages with content in the current document
        self._started = False

    def continue_after(self, group: str, content_pages: int) -> None:
        """Go on from where a batch stopped (a jam, a crash): its last page came from `group`
        and its last document has `content_pages` pages with content since its last separator."""
        self._started, self._last_group, self._content_pages = True, group, content_pages

    def place(self, page: ScannedPage, analysis: PageAnalysis | None = None) -> Placement:
        analysis = analysis or PageAnalysis()
        first = not self._started
        new_file = bool(page.group) and page.group != self._last_group and not first
        self._last_group = page.group
        self._started = True

        separator = analysis.separator_kind if self.strategy == "separators" else None
        if self.strategy == "blank_page" and analysis.blank and page.side == "front":
            separator = "blank_page"
        if separator is not None and analysis.letter_text and separator != "blank_page":
            # A letter's page that carries a sheet's code: the boundary stands, the page is the
            # letter's first, and its code routes nothing (the clerk is warned: analysis.py).
            self._content_pages = 1
            return Placement(True, separator)
        if separator is not None:
            # Two separators in a row (a separator sheet, then a cover sheet) make one boundary.
            new = first or new_file or self._content_pages > 0
            self._content_pages = 0
            fields = None
            if analysis.cover_sheet is not None:
                c = analysis.cover_sheet
                fields = {"recipient_id": c.recipient_id, "case_number": c.case_number,
                          "document_type": c.document_type, "note": c.note}
            keep = self.keep_cover_sheets and separator == "cover_sheet"
            reason = None if keep else ("cover_sheet" if separator == "cover_sheet" else "separator")
            started_by = separator if new else ""
            return Placement(new, started_by if new else "", keep, reason, fields)

        if analysis.blank and self.drop_blank_pages:
            placement = Placement(first or new_file, "batch_start" if first else ("file" if new_file else ""),
                                  False, "blank")
            if first or new_file:
                self._content_pages = 0
            return placement

        if first or new_file:
            self._content_pages = 1
            return Placement(True, "batch_start" if first else "file")
        if self.strategy == "fixed_pages" and self._content_pages >= self.fixed_pages:
            self._content_pages = 1
            return Placement(True, "fixed_pages")
        self._content_pages += 1
        return Placement(False)


def sheet_warnings(analyses: list[str | None]) -> list[str]:
    """The clerk's warnings about sheet codes on a document's pages (their analysis JSON, in
    page order): "page 2: ...". A document with one is never confirmed automatically."""
    found = []
    for number, text in enumerate(analyses, start=1):
        try:
            facts = json.loads(text or "{}")
        except ValueError:
            continue
        for warning in facts.get("sheet_warnings") or ():
            found.append(f"page {number}: {warning}")
    return found
