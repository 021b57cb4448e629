"""Intake: a stream of scanned pages becomes stored, journaled pages grouped into documents.

For every page, in this order: the image is written to disk (fsync + rename), then the
page and its place in a document are committed to the journal, and only then is the
page handed to `on_page` (the UI, a progress line). A scanner fault keeps every page
before it; the batch is marked interrupted and can be continued.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import Any
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .capture.base import (
    NOT_DECODED, STORED_PNG, CancelToken, Cancelled, FeederEmpty, InputError, ScanError, ScannedPage, ScannerBackend,
    ScanSettings,
)
from .faultpoints import crash_point
from .imaging.preview import preview_of, unreadable_preview
from .journal import Journal, utc_now
from .pagestore import PageStore
from .memory import release_freed_memory
from .pipeline import PageProcessor, ProcessedPage
from .separation import DocumentSplitter

log = logging.getLogger("scanstation.intake")


@dataclass(frozen=True)
class CapturedPage:
    """What `on_page` receives: the page is on disk and in the journal."""

    batch_id: int
    page_id: int
    document_id: int
    seq: int
    file_path: str
    origin: str
    image: Any = None  # a small preview of the page (PIL image), for a thumbnail without reading the file
    analysis: Any = None  # PageAnalysis, when the intake analyses pages


@dataclass
class BatchResult:
    batch_id: int
    pages: int = 0
    documents: list[int] = field(default_factory=list)
    fault: ScanError | None = None  # set when the scan stopped on a scanner fault
    file_errors: list[str] = field(default_factory=list)  # imported files that could not be read
    already_taken: list[str] = field(default_factory=list)  # files skipped: the same content was taken before

    @property
    def complete(self) -> bool:
        return self.fault is None


OnPage = Callable[[CapturedPage], None]


@dataclass
class _InFlight:
    seq: int
    scanned: ScannedPage
    stored: Any
    future: Future | None

    def ready(self) -> bool:
        return self.future is None or self.future.done()

    def result(self) -> ProcessedPage | None:
        if self.future is None:
            return None
        try:
            return self.future.result()
        except Exception as exc:  # a worker died: the page is kept, unprocessed
            return ProcessedPage(None, None, f"{type(exc).__name__}: {exc}")




class Intake:
    def __init__(
        self, journal: Journal, store: PageStore, station_id: str, operator: str, *,
        processor: PageProcessor | None = None,
        splitter_factory: Callable[[], DocumentSplitter] = DocumentSplitter,
        after_page: Callable[[int], None] | None = None,
        keep_processor: bool = False,
    ) -> None:
        self.journal = journal
        self.store = store
        self.station_id = station_id
        self.operator = operator
        self.processor = processor  # None: pages stored as they come (files and demo groups still split)
        self.splitter_factory = splitter_factory
        self.after_page = after_page  # called with the document a page was placed in (suggestions)
        self.keep_processor = keep_processor  # a processor shared by several intakes outlives each


    def close(self) -> None:
        """Stop the worker processes (a later scan starts them again), unless they are shared."""
        if self.processor is not None and not self.keep_processor:
            self.processor.close()

    # --- scanning ----------------------------------------------------------

    def scan(
        self, backend: ScannerBackend, device_id: str, settings: ScanSettings, *,
        cancel: CancelToken | None = None, on_page: OnPage | None = None,
        continue_batch: int | None = None,
    ) -> BatchResult:
        """Scan until the feeder is empty; a fault interrupts the batch, never loses a page."""
        if continue_batch is None:
            batch_id = self.journal.start_batch(self.station_id, device_id, _settings_dict(settings), self.operator)
            first_sheet = 1
        else:
            batch = self.journal.reopen_batch(continue_batch, self.operator)
            batch_id, device_id = batch.id, batch.device
            first_sheet = self.journal.last_sheet(batch_id) + 1
        result = BatchResult(batch_id)
        pages = backend.scan(device_id, settings, cancel, first_sheet=first_sheet)
        try:
            self._take_pages(batch_id, pages, device_id, result, on_page, continuing=continue_batch is not None)
        except Cancelled:
            self.journal.finish_batch(batch_id, self.operator, status="cancelled")
        except ScanError as fault:
            result.fault = fault
            log.warning("batch %s stopped after %s page(s): %s", batch_id, result.pages, fault.code)
            if result.pages == 0 and continue_batch is None:
                # Nothing was scanned (no paper, wrong device): no batch to continue.
                self.journal.finish_batch(batch_id, self.operator, status="cancelled")
                return result
            log.warning("batch %s interrupted after %s pages: %s", batch_id, result.pages, fault.code)
            self.journal.interrupt_batch(batch_id, fault.user_message, self.operator)
        else:
            self.journal.finish_batch(batch_id, self.operator)
        finally:
            close = getattr(pages, "close", None)
            if close:
                close()
            self.close()
        return result

    def rescan_page(
        self, backend: ScannerBackend, device_id: str, settings: ScanSettings, page_id: int,
    ) -> int:
        """Scan one sheet to replace a bad page: the new page takes its place, the old one is
        kept in the journal, left out as 'replaced'. Returns the new page's id."""
        from .journal.editing import DocumentEditor

        document_id = self.journal.document_of_page(page_id)
        old = next(e for e in self.journal.document_pages(document_id) if e.page.id == page_id)
        batch_id = old.page.batch_id
        pages = backend.scan(device_id, settings, None)
        try:
            scanned = next(iter(pages), None)
        finally:
            close = getattr(pages, "close", None)
            if close:
                close()
        if scanned is None:
            raise FeederEmpty()
        scanned.sheet = self.journal.last_sheet(batch_id) + 1  # a new sheet of this batch
        seq = self.journal.next_page_seq(batch_id)
        stored = self.store.save(batch_id, seq, scanned.sheet, scanned.side, scanned.image, scanned.dpi,
                                         png=scanned.extra.pop(STORED_PNG, None))
        new_page, _ = self.journal.record_page(
            batch_id, self._page_row(seq, stored, scanned, device_id),
            new_document=False, started_by="rescan", actor=self.operator, into_document=document_id)
        editor = DocumentEditor(self.journal, self.operator)
        editor.move_page(new_page, document_id, old.position)
        editor.exclude_page(page_id, "replaced")
        return new_page

    # --- importing files ---------------------------------------------------

    def import_files(
        self, paths: Iterable[Path], *, cancel: CancelToken | None = None, on_page: OnPage | None = None,
    ) -> BatchResult:
        """Import files as one batch; a file that cannot be read is reported and skipped."""
        from .capture.files import expand_paths

        files = expand_paths([Path(p) for p in paths])  # InputError for a missing path: nothing started
        batch_id = self.journal.start_batch(self.station_id, "files", {"paths": [str(f) for f in files]}, self.operator)
        result = BatchResult(batch_id)
        try:
            # One stream of pages across all files, so the workers stay busy from file to file.
            pages = self._pages_of_files(files, batch_id, result, cancel)
            self._take_pages(batch_id, pages, "files", result, on_page)
        except Cancelled:
            self.journal.finish_batch(batch_id, self.operator, status="cancelled")
            return result
        finally:
            self.close()
        self.journal.finish_batch(batch_id, self.operator)
        return result

    def _pages_of_files(
        self, files: list[Path], batch_id: int, result: BatchResult, cancel: CancelToken | None,
    ) -> Iterator[ScannedPage]:
        """Every page of every file in order; a file that cannot be read is reported and skipped."""
        from .capture.files import read_pages

        for path in files:
            if cancel is not None:
                cancel.raise_if_cancelled()
            kept = 0
            try:
                # Pages are stored as they are read (memory stays flat on big files); if a
                # file breaks off at page 3, pages 1-2 stay as a document and the error says so.
                for page in read_pages(path):
                    kept += 1
                    yield page
            except InputError as problem:
                message = str(problem) + (f" ({kept} page(s) before the problem were kept)" if kept else "")
                result.file_errors.append(message)
                self.journal.record_event(self.operator, "file_rejected", f"batch:{batch_id}",
                                          {"file": str(path), "reason": message})

    # --- the one place pages enter the journal -----------------------------

    def _take_pages(
        self, batch_id: int, pages: Iterator[ScannedPage], device_id: str, result: BatchResult,
        on_page: OnPage | None, *, continuing: bool = False, splitter: DocumentSplitter | None = None,
    ) -> None:
        """Store each page at once; place it (analysis, OCR, separation) in feed order.

        With a processor, pages are analysed and OCR'd in worker processes while the scanner
        feeds on; a few pages are in flight at a time. Whatever stops the feed, every page
        already stored is placed before this returns.
        """
        splitter = splitter or self.splitter_factory()
        in_flight: deque[_InFlight] = deque()
        limit = self.processor.max_in_flight if self.processor is not None else 1
        seq = self.journal.next_page_seq(batch_id)
        try:
            for scanned in pages:
                stored = self.store.save(batch_id, seq, scanned.sheet, scanned.side, scanned.image, scanned.dpi,
                                         png=scanned.extra.pop(STORED_PNG, None))
                crash_point("after_page_saved")
                # A page not decoded at import gets its preview from the worker, which decodes it anyway.
                undecoded = bool(scanned.extra.pop(NOT_DECODED, False)) and self.processor is not None
                scanned.image = None if undecoded else preview_of(scanned.image)  # the page is on disk
                release_freed_memory()
                future = self.processor.submit(self.store.path_of(stored.relative_path), scanned.dpi,
                                               preview=undecoded) if self.processor is not None else None
                in_flight.append(_InFlight(seq, scanned, stored, future))
                seq += 1
                while in_flight and (len(in_flight) >= limit or in_flight[0].ready()):
                    self._place(batch_id, in_flight.popleft(), splitter, device_id, result, on_page, continuing)
        finally:
            while in_flight:
                self._place(batch_id, in_flight.popleft(), splitter, device_id, result, on_page, continuing)

    def _place(self, batch_id, item: "_InFlight", splitter, device_id, result, on_page, continuing) -> None:
        processed = item.result()
        analysis = processed.analysis if processed is not None else None
        scanned, stored = item.scanned, item.stored
        if scanned.image is None:
            scanned.image = processed.preview if processed is not None and processed.preview is not None \
                else self._stored_preview(stored.relative_path)
        placement = splitter.place(scanned, analysis)
        new_document = placement.new_document
        if continuing and placement.started_by == "batch_start":
            new_document = False  # the first page after a jam continues the letter it was in
        row = self._page_row(item.seq, stored, scanned, device_id)
        if analysis is not None:
            row["rotation"] = analysis.rotation
            row["analysis"] = json.dumps(analysis.to_json(), ensure_ascii=False)
        page_id, document_id = self.journal.record_page(
            batch_id, row, new_document=new_document, started_by=placement.started_by or "batch_start",
            actor=self.operator, included=placement.included, excluded_reason=placement.excluded_reason,
            document_fields=placement.document_fields,
        )
        crash_point("after_page_recorded")
        if processed is not None and processed.ocr is not None:
            self.journal.record_ocr(page_id, processed.ocr, rotation=analysis.rotation if analysis else 0)
        if processed is not None and processed.problem:
            log.warning("page %s could not be processed: %s", page_id, processed.problem.split(":")[0])
            self.journal.record_event(self.operator, "page_processing_failed", f"page:{page_id}",
                                      {"problem": processed.problem[:300]})
        if self.after_page is not None:
            self.after_page(document_id)
        result.pages += 1
        if document_id not in result.documents:
            result.documents.append(document_id)
        if on_page is not None:
            on_page(CapturedPage(batch_id, page_id, document_id, item.seq, stored.relative_path, scanned.origin,
                                 scanned.image, analysis))

    def _stored_preview(self, relative_path: str):
        """The preview of a stored page, read from disk (its worker did not send one)."""
        try:
            return preview_of(self.store.open(relative_path))
        except Exception as exc:  # noqa: BLE001 - the page is kept; its thumbnail shows it cannot be read
            log.warning("page %s cannot be read for its preview: %s", relative_path, type(exc).__name__)
            return unreadable_preview()

    @staticmethod
    def _page_row(seq: int, stored, scanned: ScannedPage, device_id: str) -> dict:
        return {
            "seq": seq, "file_path": stored.relative_path, "sha256": stored.sha256,
            "bytes": stored.bytes, "captured_at": utc_now(), "device": device_id,
            "sheet": scanned.sheet, "side": scanned.side, "width": stored.width,
            "height": stored.height, "dpi": stored.dpi, "mode": stored.mode,
            "origin": scanned.origin, "source_group": scanned.group,
        }


def _settings_dict(settings: ScanSettings) -> dict:
    data = asdict(settings)
    data["paths"] = [str(p) for p in settings.paths]
    return data
