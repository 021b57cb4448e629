"""Delivering confirmed documents to the archive's drop folder: exactly once, never half.

Order of work for one document:
1. the journal gives it its journal id (kept for good, even if delivery fails);
2. `<journal-id>.pdf` is written to a temp name, fsynced and renamed;
3. `<journal-id>.json` (the sidecar) likewise, last, so an importer that waits for the
   sidecar never sees a half PDF;
4. the journal records the export.
Whatever goes wrong with one document (the drop folder, a damaged page file, a page the
PDF library refuses, a bug) fails that document alone: the journal keeps it as `failed`
with one sentence saying why, and the next document is exported. `export --retry` and
the window's Retry try it again once the cause is fixed.
A crash between 3 and 4 leaves the delivery in the drop folder; the next attempt finds
its own sidecar there and records it instead of delivering again. Files are named by
the journal id, so a repeat can never make a second document in the archive.
A letter re-opened as a correction goes out again under the same journal id with the next
`version` (sidecar and PDF metadata): the archive replaces the earlier version, and an
earlier version still lying in the drop folder is never taken for this one's delivery.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scanstation.atomic import shared_file_mode, write_atomically
from scanstation.eventlog import blank_cpr
from scanstation.faultpoints import crash_point
from scanstation.journal import ExportRecord, Journal, JournalError, utc_now
from scanstation.pagestore import PageStore

from scanstation.ocr import ocr_page

from .pdf import reading_image
from .pdfa import PdfPage, build_pdfa
from .sidecar import build_sidecar, encode_sidecar

log = logging.getLogger("scanstation.export")


class ExportFailed(Exception):
    """Delivery did not happen; the document stays queued with this reason."""


# The seams a test (or another archive format) hands in: what turns pages into the PDF,
# and what reads a page again that the clerk turned after OCR.
PdfBuilder = Callable[..., bytes]
PageReader = Callable[..., object]


@dataclass(frozen=True)
class ExportOutcome:
    document_id: int
    journal_id: str | None
    ok: bool
    message: str
    pdf_path: Path | None = None
    sidecar_path: Path | None = None


@dataclass(frozen=True)
class ExportOptions:
    drop_folder: Path
    station_id: str
    operator: str
    include_cpr: bool = True
    jpeg_quality: int = 75
    mixed_raster: bool = True


# Why a letter was not exported, in the journal's words (English: journal, sidecar, logs, CLI).
# The window shows these sentences in the clerk's language by matching them (ui/export_failures.py),
# so a reason is written from one of these templates only.
DELIVERY_FAILED = "Could not deliver to {folder}: {why}. The document is kept and will be retried."
PAGE_MISSING = ("Page {page} ({file}) is missing or damaged on disk; "
                "the document is not exported until it is rescanned or restored.")
PAGE_REFUSED = ("Page {page} ({origin}) could not be put into the PDF ({cause}). "
                "Leave the page out or rescan it, then retry the export.")
PDF_NOT_MADE = "The PDF could not be made ({cause}). The letter is kept; retry the export, and call IT if it fails again."
UNEXPECTED = ("The export stopped on an unexpected error ({cause}). The letter is kept; "
              "retry the export, and call IT if it fails again.")
NO_PAGES = "The document has no pages to export."
DROP_FOLDER_PROBLEMS = {
    errno.ENOSPC: "the drop folder's disk is full",
    errno.EDQUOT: "the drop folder's disk quota is used up",
    errno.EROFS: "the drop folder is read-only",
    errno.EACCES: "no permission to write in the drop folder",
    errno.EPERM: "no permission to write in the drop folder",
    errno.ENOENT: "the drop folder does not exist or is not reachable",
    errno.ENOTDIR: "the drop folder is not a folder",
    errno.EIO: "input/output error on the drop folder",
}


def failed_for_missing_folder(reason: str | None) -> bool:
    """The export failed only because the drop folder was not there (a share not mounted yet):
    it can go by itself once the folder is back."""
    ending = DROP_FOLDER_PROBLEMS[errno.ENOENT] + DELIVERY_FAILED.split("{why}")[1]
    return bool(reason) and reason.startswith("Could not deliver to ") and reason.endswith(ending)


def describe_os_error(exc: OSError, drop_folder: Path) -> str:
    """Turn an OSError into what IT and the clerk need to know."""
    reason = DROP_FOLDER_PROBLEMS.get(exc.errno, exc.strerror or str(exc))
    return DELIVERY_FAILED.format(folder=drop_folder, why=reason)


def check_drop_folder(drop_folder: Path) -> None:
    if not drop_folder.exists():
        raise ExportFailed(describe_os_error(OSError(errno.ENOENT, "missing"), drop_folder))
    if not drop_folder.is_dir():
        raise ExportFailed(describe_os_error(OSError(errno.ENOTDIR, "not a folder"), drop_folder))


def short_cause(exc: BaseException) -> str:
    """The first line of an exception's message, short enough for a status bar; never a traceback."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return blank_cpr(text if len(text) <= 160 else text[:157] + "...")


class Exporter:
    def __init__(self, journal: Journal, store: PageStore, options: ExportOptions, *,
                 build_pdf: PdfBuilder = build_pdfa, read_page: PageReader = ocr_page) -> None:
        self.journal = journal
        self.store = store
        self.options = options
        self.build_pdf = build_pdf
        self.read_page = read_page

    def export_document(self, document_id: int) -> ExportOutcome:
        """Deliver one confirmed (or failed) document. Never raises for what the document, its
        pages or the drop folder do: the outcome says why it failed, and the journal keeps it."""
        doc = self.journal.document(document_id)
        if doc.status == "exported":
            return ExportOutcome(document_id, doc.journal_id, True, "already exported")
        if doc.status not in ("confirmed", "failed"):
            raise JournalError(f"Document {document_id} is not confirmed yet; confirm it before export")
        try:
            pdf_path, sidecar_path, journal_id = self._deliver(document_id)
        except ExportFailed as failure:
            return self._failed(document_id, str(failure))
        except Exception as exc:  # noqa: BLE001 - one letter's trouble must never stop the queue behind it
            log.debug("export of document %s stopped on an unexpected error", document_id, exc_info=True)
            return self._failed(document_id, UNEXPECTED.format(cause=short_cause(exc)))
        log.info("exported document %s as %s", document_id, journal_id, extra={"event_log": True})
        return ExportOutcome(document_id, journal_id, True, f"exported as {journal_id}", pdf_path, sidecar_path)

    def _failed(self, document_id: int, reason: str) -> ExportOutcome:
        """Keep the document as failed, with its reason, for the clerk, the supervisor and Retry."""
        reason = blank_cpr(reason)  # a file name or a library's message may carry one: never in the logs
        try:
            self.journal.record_export_failure(document_id, reason, self.options.operator)
            journal_id = self.journal.document(document_id).journal_id
        except Exception as exc:  # noqa: BLE001 - the journal itself is in trouble: say so, go on
            log.error("export of document %s failed and could not be recorded: %s",
                      document_id, short_cause(exc))
            journal_id = None
        log.warning("export of document %s failed: %s", document_id, reason, extra={"event_log": True})
        return ExportOutcome(document_id, journal_id, False, reason)

    def export_pending(self, *, retry_failed: bool = False) -> list[ExportOutcome]:
        """Export every confirmed document (and, with retry_failed, those that failed before).
        Each fails alone: a document that cannot be exported never holds up the ones behind it."""
        statuses = ["confirmed"] + (["failed"] if retry_failed else [])
        outcomes = []
        for status in statuses:
            for doc in self.journal.documents(status=status):
                outcomes.append(self.export_document(doc.id))
        return outcomes

    # --- one delivery ------------------------------------------------------

    def _deliver(self, document_id: int) -> tuple[Path, Path, str]:
        drop = self.options.drop_folder
        check_drop_folder(drop)
        pages = self.journal.document_pages(document_id, included_only=True)
        if not pages:
            raise ExportFailed(NO_PAGES)
        for entry in pages:
            if not self.store.verify(entry.page.file_path, entry.page.sha256):
                raise ExportFailed(PAGE_MISSING.format(page=entry.position, file=entry.page.file_path))
        journal_id = self.journal.assign_journal_id(document_id, self.options.station_id, datetime.now().year)
        pdf_path, sidecar_path = drop / f"{journal_id}.pdf", drop / f"{journal_id}.json"

        earlier = self._earlier_delivery(journal_id, self.journal.document(document_id).version,
                                         pdf_path, sidecar_path)
        if earlier is not None:
            self.journal.record_export(document_id, earlier, self.options.operator)
            return pdf_path, sidecar_path, journal_id

        doc = self.journal.document(document_id)
        batch = self.journal.batch(doc.batch_id)
        recipient = self.journal.recipient(doc.recipient_id) if doc.recipient_id else None
        pdf_pages, ocr_report = self._pdf_pages(pages)
        pdf = self._build(pdf_pages, pages, title=journal_id, metadata={
            "journalId": journal_id, "stationId": self.options.station_id,
            "recipient": doc.recipient_id or "", "recipientName": recipient.name if recipient else "",
            "receivedDate": doc.received_date or "", "caseNumber": doc.case_number or "",
            "documentType": doc.document_type or "", "version": str(doc.version)})
        pdf_sha = hashlib.sha256(pdf).hexdigest()
        exported_at = utc_now()
        sidecar = encode_sidecar(build_sidecar(
            document=doc, journal_id=journal_id, station_id=self.options.station_id,
            recipient=recipient,
            pages=pages, batch=batch, pdf_file=pdf_path.name, pdf_sha256=pdf_sha, pdf_bytes=len(pdf),
            exported_at=exported_at, include_cpr=self.options.include_cpr, ocr=ocr_report, version=doc.version,
            barcodes=[{"page": n, "symbology": b["symbology"], "value": b["value"]}
                      for n, p in enumerate(pages, start=1)
                      for b in json.loads(p.page.analysis or "{}").get("barcodes", [])],
        ))
        try:
            mode = shared_file_mode(drop)  # the share's own permissions, not our umask's
            write_atomically(pdf_path, pdf, mode=mode)
            crash_point("after_pdf_written")
            write_atomically(sidecar_path, sidecar, mode=mode)
            crash_point("after_sidecar_written")
        except OSError as exc:
            raise ExportFailed(describe_os_error(exc, drop)) from exc
        self.journal.record_export(document_id, ExportRecord(
            journal_id=journal_id, drop_folder=str(drop), pdf_file=pdf_path.name, pdf_sha256=pdf_sha,
            pdf_bytes=len(pdf), sidecar_file=sidecar_path.name,
            sidecar_sha256=hashlib.sha256(sidecar).hexdigest(), exported_at=exported_at, version=doc.version,
        ), self.options.operator)
        return pdf_path, sidecar_path, journal_id

    def _build(self, pdf_pages: list[PdfPage], pages, *, title: str, metadata: dict) -> bytes:
        """The PDF/A of the pages; when it cannot be made, which page stopped it and why."""
        def build(some: list[PdfPage]) -> bytes:
            return self.build_pdf(some, title=title, jpeg_quality=self.options.jpeg_quality,
                                  mixed_raster=self.options.mixed_raster, metadata=metadata)

        try:
            return build(pdf_pages)
        except Exception as whole:  # noqa: BLE001 - any library's refusal becomes the letter's reason
            log.debug("the PDF of %s could not be made", title, exc_info=True)
            if len(pdf_pages) > 1:
                # Only on failure: each page alone, to tell the clerk which one to leave out or rescan.
                for entry, pdf_page in zip(pages, pdf_pages):
                    try:
                        build([pdf_page])
                    except Exception as alone:  # noqa: BLE001
                        raise ExportFailed(_page_refused(entry, alone)) from whole
                raise ExportFailed(PDF_NOT_MADE.format(cause=short_cause(whole))) from whole
            raise ExportFailed(_page_refused(pages[0], whole)) from whole

    def _pdf_pages(self, pages) -> tuple[list[PdfPage], dict]:
        """Each page with its text layer. A page the clerk turned after OCR is read again, turned
        as exported: a text layer must lie over the words it describes."""
        result, without_text = [], []
        for number, entry in enumerate(pages, start=1):
            page = entry.page
            path = self.store.path_of(page.file_path)
            analysis = json.loads(page.analysis or "{}")
            skew = analysis.get("skew_degrees", 0.0)
            stored = self.journal.page_ocr(page.id)
            threshold = analysis.get("ink_threshold")
            if stored is not None and page.rotation != stored["rotation"]:
                try:
                    ocr = self.read_page(reading_image(path, page.rotation, skew, threshold),
                                         languages=stored["languages"])
                except Exception as exc:  # noqa: BLE001 - the page goes out image-only, and the sidecar says so
                    log.debug("page %s could not be read again after turning", page.id, exc_info=True)
                    without_text.append({"page": number, "problem": "not read again after it was turned: "
                                                                    + short_cause(exc)})
                    result.append(PdfPage(path, page.rotation, skew, None, threshold, None))
                    continue
                self.journal.record_ocr(page.id, ocr, rotation=page.rotation)
                stored = self.journal.page_ocr(page.id)
            layer = stored["text_layer"] if stored and stored["ok"] else None
            # The sidecar tells the truth about every page: one never read, or read with nothing
            # found on it (a picture, bars), has no searchable text even where a text layer exists.
            if stored is None:
                without_text.append({"page": number, "problem": "the page was not read"})
            elif not stored["ok"]:
                without_text.append({"page": number, "problem": stored["problem"] or "no text"})
            elif not (stored["text"] or "").strip():
                without_text.append({"page": number, "problem": "no text was found on the page"})
            page_image = stored.get("page_image") if stored and stored["rotation"] == page.rotation else None
            result.append(PdfPage(path, page.rotation, skew, layer, threshold, page_image))
        report = {"pages_with_text": len(result) - len(without_text), "pages_without_text": without_text}
        return result, report

    def _earlier_delivery(self, journal_id: str, version: int, pdf_path: Path,
                          sidecar_path: Path) -> ExportRecord | None:
        """Our own complete delivery of this version from an attempt that crashed before the
        journal heard of it (an earlier version of a corrected letter is not: it is replaced)."""
        try:
            sidecar_bytes = sidecar_path.read_bytes()
            sidecar = json.loads(sidecar_bytes)
            pdf = pdf_path.read_bytes()
        except (OSError, ValueError):
            return None
        if sidecar.get("journal_id") != journal_id or sidecar.get("pdf", {}).get("sha256") != hashlib.sha256(pdf).hexdigest():
            return None
        if sidecar.get("version", 1) != version:
            return None
        return ExportRecord(
            journal_id=journal_id, drop_folder=str(self.options.drop_folder), pdf_file=pdf_path.name,
            pdf_sha256=sidecar["pdf"]["sha256"], pdf_bytes=len(pdf), sidecar_file=sidecar_path.name,
            sidecar_sha256=hashlib.sha256(sidecar_bytes).hexdigest(), exported_at=sidecar.get("exported_at", utc_now()),
            version=version,
        )


def _page_refused(entry, exc: BaseException) -> str:
    page = entry.page
    origin = page.origin or f"sheet {page.sheet}, {page.side}"
    return PAGE_REFUSED.format(page=entry.position, origin=origin, cause=short_cause(exc))
