"""Intake: a stream of scanned pages becomes stored, journaled pages grouped into documents.

For every page, in this order: the image is written to disk (fsync + rename), then the
page and its place in a document are committed to the journal, and only then is the
page handed to `on_page` (the UI, a progress line). A scanner fault keeps every page
before it; the batch is marked interrupted and can be continued.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future
from itertools import chain
from typing import Any
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .capture.base import (
    NOT_DECODED, STORED_PNG, CancelToken, Cancelled, FeederEmpty, InputError, ScanError, ScannedPage, ScannerBackend,
    ScanSettings,
)
from .cpr import mask_cprs
from .faultpoints import crash_point
from .imaging.preview import preview_of, unreadable_preview
from .journal import Journal, Page, SourceFile, utc_now
from .pagestore import PageStore
from .memory import release_freed_memory
from .pipeline import PageProcessor, ProcessedPage
from .plural import counted
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
    notes: list[str] = field(default_factory=list)  # for the clerk: why a file was skipped
    resumed: bool = False  # the batch a crash cut was taken up again and finished

    @property
    def complete(self) -> bool:
        return self.fault is None


OnPage = Callable[[CapturedPage], None]


# ScannedPage.extra keys used by the intake: the ledger row of the file a page comes from, and
# the journal row of a page recorded before a crash that is placed now (its file is on disk).
SOURCE_FILE = "source_file"
JOURNALED = "journaled_page"


@dataclass
class _InFlight:
    seq: int
    scanned: ScannedPage
    relative_path: str
    page_id: int
    future: Future | None

    def ready(self) -> bool:
        return self.future is None or self.future.done()

    def result(self) -> ProcessedPage | None:
        if self.future is None:
            return None
        try:
            return self.future.result()
        except CancelledError:
            raise  # the workers were shut down (the window closed): the page stays recorded, unplaced
        except Exception as exc:  # a worker died: the page is kept, unprocessed
            return ProcessedPage(None, None, f"{type(exc).__name__}: {exc}")


@dataclass
class _FilePlan:
    """A file to take: its content's digest (None: not a regular file, refused when read) and,
    when a crash cut its taking, the ledger row to go on with."""

    path: Path
    sha256: str | None = None
    size: int = 0
    resume: SourceFile | None = None


def file_digest(path: Path) -> tuple[str, int] | None:
    """sha256 and size of a regular file; None for anything else (a FIFO must not be read here)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return None  # read_pages says why in the clerk's words
    return digest.hexdigest(), size


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
        # Called with the batch id as each page is stored, before it is read (progress: scanned vs read).
        self.on_stored: Callable[[int], None] | None = None


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
        splitter = self._splitter_for(batch_id)  # a continued batch goes on in the letter it was in
        pages = backend.scan(device_id, settings, cancel, first_sheet=first_sheet)
        try:
            # Pages a crash left unplaced come first: they were fed before the rest.
            self._take_pages(batch_id, chain(self._unplaced(batch_id), pages), device_id, result, on_page,
                             splitter=splitter)
        except Cancelled:
            self.journal.finish_batch(batch_id, self.operator, status="cancelled")
        except ScanError as fault:
            result.fault = fault
            log.warning("batch %s stopped after %s: %s", batch_id, counted(result.pages, "page"), fault.code)
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
        again: bool = False,
    ) -> BatchResult:
        """Import files as one batch; a file that cannot be read is reported and skipped.

        A file whose content was taken before is skipped with a note (`again`: taken anyway).
        A file whose taking a crash cut is resumed: the batch it was in is taken up again, its
        pages already in the journal are not taken twice, and the rest continue the letter
        the crash cut; that batch's letters are then all in `documents`."""
        from .capture.files import expand_paths

        files = expand_paths([Path(p) for p in paths])  # InputError for a missing path: nothing started
        plans, skipped, resume_batch = self._plan_files(files, again)
        if resume_batch is not None:
            batch_id = self.journal.reopen_batch(resume_batch, self.operator).id
        elif plans or not skipped:
            batch_id = self.journal.start_batch(self.station_id, "files", {"paths": [str(f) for f in files]},
                                                self.operator)
        else:  # every file was taken before: no new batch
            result = BatchResult(skipped[0][2])
            self._note_skipped(result, skipped)
            return result
        result = BatchResult(batch_id, resumed=resume_batch is not None)
        self._note_skipped(result, skipped)
        if resume_batch is not None:
            result.documents = [d.id for d in self.journal.batch_documents(batch_id)]
            log.info("batch %s taken up again after a crash", batch_id)
        try:
            # One stream of pages across all files, so the workers stay busy from file to file.
            pages = chain(self._unplaced(batch_id), self._pages_of_files(plans, batch_id, result, cancel))
            self._take_pages(batch_id, pages, "files", result, on_page, splitter=self._splitter_for(batch_id))
        except Cancelled:
            self.journal.finish_batch(batch_id, self.operator, status="cancelled")
            return result
        finally:
            self.close()
        self.journal.finish_batch(batch_id, self.operator)
        return result

    def _plan_files(self, files: list[Path], again: bool) -> tuple[list[_FilePlan], list[tuple], int | None]:
        """Which files to take, which were taken before (path, note, batch), and the batch a
        crash cut that these files were being taken into (taken up again), if any."""
        plans: list[_FilePlan] = []
        skipped: list[tuple[Path, str, int]] = []
        seen: dict[str, Path] = {}
        takings: list[tuple[Path, tuple | None, list[SourceFile]]] = []
        for path in files:
            digest = file_digest(path)
            earlier = self.journal.source_files_with(digest[0]) if digest is not None and not again else []
            takings.append((path, digest, earlier))
        # A batch a crash cut while taking one of these files is taken up again and finished.
        resume_batch = next((rows[0].batch_id for _, _, rows in takings if rows and self._was_cut(rows[0].batch_id)),
                            None)
        for path, digest, earlier in takings:
            if digest is None:
                plans.append(_FilePlan(path))  # not a regular file: read_pages says why it is refused
                continue
            sha256, size = digest
            if not earlier and sha256 in seen and not again:
                skipped.append((path, f"{path.name} is the same file as {seen[sha256].name} in this import; "
                                      f"--again to take both", 0))
                continue
            seen[sha256] = path
            if not earlier:
                plans.append(_FilePlan(path, sha256, size))
                continue
            latest = earlier[0]
            batch = self.journal.batch(latest.batch_id)
            if latest.finished and latest.batch_id == resume_batch:
                skipped.append((path, f"{path.name} was taken in batch {latest.batch_id} before the interruption; "
                                      f"that batch is finished now", latest.batch_id))
            elif latest.finished:
                skipped.append((path, f"{path.name} was already taken in batch {latest.batch_id} on "
                                      f"{latest.finished_at[:10]}; --again to take it again", latest.batch_id))
            elif batch.status == "open" and self.journal.batch_is_live(batch):
                skipped.append((path, f"{path.name} is being taken right now by another ScanStation "
                                      f"(batch {latest.batch_id})", latest.batch_id))
            else:  # a crash (or Stop) cut its taking: the pages not yet taken follow the ones that were
                plans.append(_FilePlan(path, sha256, size, resume=latest))
        # The file the crash cut goes first, so its next page continues the letter it was in.
        plans.sort(key=lambda plan: not (plan.resume is not None and plan.resume.batch_id == resume_batch))
        return plans, skipped, resume_batch

    def _was_cut(self, batch_id: int) -> bool:
        batch = self.journal.batch(batch_id)
        return batch.status == "interrupted" or (batch.status == "open" and not self.journal.batch_is_live(batch))

    def _note_skipped(self, result: BatchResult, skipped: list[tuple]) -> None:
        for path, note, batch_id in skipped:
            result.already_taken.append(str(path))
            note = mask_cprs(note)  # a file name may carry a CPR number: never in messages, log or events
            result.notes.append(note)
            log.info("skipped a file taken before: %s", note)
            self.journal.record_event(self.operator, "file_already_taken", f"batch:{batch_id or result.batch_id}",
                                      {"file": mask_cprs(str(path))})

    def _pages_of_files(
        self, plans: list[_FilePlan], batch_id: int, result: BatchResult, cancel: CancelToken | None,
    ) -> Iterator[ScannedPage]:
        """Every page of every file in order; a file that cannot be read is reported and skipped.
        Each file is in the ledger from its first page on, and marked taken after its last."""
        from .capture.files import read_pages

        for plan in plans:
            if cancel is not None:
                cancel.raise_if_cancelled()
            source, taken = None, set()
            if plan.resume is not None:
                source, taken = plan.resume.id, self.journal.taken_sheets(plan.resume.id)
            elif plan.sha256 is not None:
                source = self.journal.start_source_file(batch_id, plan.sha256, plan.size, str(plan.path))
            kept = 0
            try:
                # Pages are stored as they are read (memory stays flat on big files); if a
                # file breaks off at page 3, pages 1-2 stay as a document and the error says so.
                for page in read_pages(plan.path):
                    kept += 1
                    if page.sheet in taken:
                        continue  # in the journal before the crash
                    page.extra[SOURCE_FILE] = source
                    yield page
            except InputError as problem:
                message = mask_cprs(str(problem) + (f" ({counted(kept, 'page')} before the problem kept)" if kept else ""))
                result.file_errors.append(message)
                self.journal.record_event(self.operator, "file_rejected", f"batch:{batch_id}",
                                          {"file": mask_cprs(str(plan.path)), "reason": message})
                if source is not None and kept == 0:
                    self.journal.forget_source_file(source)  # nothing taken: a fixed copy is not "taken"
                    source = None
            if source is not None:
                self.journal.finish_source_file(source)

    # --- after a crash -------------------------------------------------------

    def read_recovered(self, batch_id: int) -> BatchResult:
        """Place the pages a crash left recorded but unplaced: analysed, read and split like any
        page, continuing the batch's last letter. The batch stays interrupted (a scan or an
        import of the same files continues it). Returns what was placed."""
        batch = self.journal.reopen_batch(batch_id, self.operator)  # ours while we read: no one else does
        reason = self._interruption_of(batch_id)
        result = BatchResult(batch_id)
        try:
            self._take_pages(batch_id, self._unplaced(batch_id), batch.device, result, None,
                             splitter=self._splitter_for(batch_id))
        finally:
            self.journal.interrupt_batch(batch_id, reason, self.operator)
            self.close()
        return result

    def _interruption_of(self, batch_id: int) -> str:
        from .recovery import CRASH_REASON

        for event in reversed(self.journal.events(f"batch:{batch_id}")):
            if event["action"] == "batch_interrupted":
                return json.loads(event["detail"] or "{}").get("reason") or CRASH_REASON
        return CRASH_REASON

    def _unplaced(self, batch_id: int) -> Iterator[ScannedPage]:
        """The batch's recorded pages that are in no document yet (a crash came between), as pages
        to place; their files are on disk."""
        for page in self.journal.unplaced_pages(batch_id):
            yield ScannedPage(None, page.sheet, page.side, page.dpi, page.origin, page.source_group,
                              extra={JOURNALED: page})

    def _splitter_for(self, batch_id: int) -> DocumentSplitter:
        """A splitter that goes on from the batch's last placed page, if it has one."""
        splitter = self.splitter_factory()
        last = self.journal.last_placed_page(batch_id)
        if last is not None:
            page, content_pages = last
            splitter.continue_after(page.source_group, content_pages)
        return splitter

    # --- the one place pages enter the journal -----------------------------

    def _take_pages(
        self, batch_id: int, pages: Iterator[ScannedPage], device_id: str, result: BatchResult,
        on_page: OnPage | None, *, splitter: DocumentSplitter,
    ) -> None:
        """Store and record each page at once; place it (analysis, OCR, separation) in feed order.

        A page is in the journal from the moment its file is on disk (recorded, unplaced); it is
        placed in a document, with its analysis and reading, when those come back from a
        worker. A crash in between leaves it recorded, and recovery reads and places it then.
        With a processor, pages are analysed and OCR'd in worker processes while the scanner
        feeds on; a few pages are in flight at a time. Whatever stops the feed, every page
        already stored is placed before this returns.
        """
        in_flight: deque[_InFlight] = deque()
        limit = self.processor.max_in_flight if self.processor is not None else 1
        seq = self.journal.next_page_seq(batch_id)
        try:
            for scanned in pages:
                journaled: Page | None = scanned.extra.pop(JOURNALED, None)
                if journaled is not None:  # recorded before a crash: its file is on disk
                    future = self.processor.submit(self.store.path_of(journaled.file_path), journaled.dpi,
                                                   preview=True) if self.processor is not None else None
                    in_flight.append(_InFlight(journaled.seq, scanned, journaled.file_path, journaled.id, future))
                else:
                    in_flight.append(self._record(batch_id, seq, scanned, device_id))
                    seq += 1
                while in_flight and (len(in_flight) >= limit or in_flight[0].ready()):
                    self._place(batch_id, in_flight.popleft(), splitter, result, on_page)
        finally:
            while in_flight:
                self._place(batch_id, in_flight.popleft(), splitter, result, on_page)

    def _record(self, batch_id: int, seq: int, scanned: ScannedPage, device_id: str) -> _InFlight:
        """The page's file on disk, then its journal row; then off to a worker."""
        stored = self.store.save(batch_id, seq, scanned.sheet, scanned.side, scanned.image, scanned.dpi,
                                 png=scanned.extra.pop(STORED_PNG, None))
        crash_point("after_page_saved")
        page_id = self.journal.record_unplaced_page(batch_id, self._page_row(seq, stored, scanned, device_id),
                                                    self.operator)
        crash_point("after_page_journaled")
        if self.on_stored is not None:
            self.on_stored(batch_id)
        # A page not decoded at import gets its preview from the worker, which decodes it anyway.
        undecoded = bool(scanned.extra.pop(NOT_DECODED, False)) and self.processor is not None
        scanned.image = None if undecoded else preview_of(scanned.image)  # the page is on disk
        release_freed_memory()
        future = self.processor.submit(self.store.path_of(stored.relative_path), scanned.dpi,
                                       preview=undecoded) if self.processor is not None else None
        return _InFlight(seq, scanned, stored.relative_path, page_id, future)

    def _place(self, batch_id, item: "_InFlight", splitter, result, on_page) -> None:
        processed = item.result()
        analysis = processed.analysis if processed is not None else None
        scanned = item.scanned
        if scanned.image is None:
            scanned.image = processed.preview if processed is not None and processed.preview is not None \
                else self._stored_preview(item.relative_path)
        placement = splitter.place(scanned, analysis)
        rotation = analysis.rotation if analysis else 0
        document_id = self.journal.place_page(
            item.page_id, new_document=placement.new_document, started_by=placement.started_by or "batch_start",
            actor=self.operator, included=placement.included, excluded_reason=placement.excluded_reason,
            document_fields=placement.document_fields, rotation=rotation,
            analysis=json.dumps(analysis.to_json(), ensure_ascii=False) if analysis is not None else None,
            ocr=processed.ocr if processed is not None else None,
        )
        crash_point("after_page_recorded")
        for warning in analysis.sheet_warnings if analysis is not None else ():
            # A forged cover sheet, or a sheet's code on a letter: the audit trail says what was done.
            self.journal.record_event(self.operator, "sheet_code_warning", f"page:{item.page_id}",
                                      {"warning": warning})
        if processed is not None and processed.problem:
            log.warning("page %s could not be processed: %s", item.page_id, processed.problem.split(":")[0])
            self.journal.record_event(self.operator, "page_processing_failed", f"page:{item.page_id}",
                                      {"problem": processed.problem[:300]})
        if self.after_page is not None:
            self.after_page(document_id)
        result.pages += 1
        if document_id not in result.documents:
            result.documents.append(document_id)
        if on_page is not None:
            on_page(CapturedPage(batch_id, item.page_id, document_id, item.seq, item.relative_path,
                                 scanned.origin, scanned.image, analysis))

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
            "source_file": scanned.extra.get(SOURCE_FILE),
        }


def _settings_dict(settings: ScanSettings) -> dict:
    data = asdict(settings)
    data["paths"] = [str(p) for p in settings.paths]
    return data
