"""One scanning station: its data folder, journal, page store and settings, opened together.

The CLI and the GUI both start here; domain code receives what it needs from a Station
rather than reaching for globals.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .export.exporter import ExportOptions, Exporter
from .analysis import AnalysisOptions
from .intake import Intake
from .pipeline import PageProcessor, ProcessingOptions, ocr_wanted
from .journal import Journal
from .pagestore import PageStore
from .private_files import LoosePaths, create_private_file, make_private_dir, secure_data_folder
from .recipients import DEFAULT_DIRECTORY, read_directory
from .retention import PrivateData, PurgeResult, private_data_held, purge
from .recovery import RecoveryReport, recover, scratch_folder
from .separation import DocumentSplitter, parse_strategy
from .suggest import RecipientSuggester, examples_from_journal
from .cpr import mask_cpr
from .ocr import OcrWord, ocr_page
from .plural import counted
from .recognition.fields import extract_fields
from .return_routing import route_returned
from .returned_mail import ReturnedMail, read_returned_mail

JOURNAL_FILE = "journal.sqlite"

log = logging.getLogger("scanstation.station")


@dataclass
class Station:
    data_dir: Path
    settings: Settings
    journal: Journal
    store: PageStore
    recovery: RecoveryReport
    loose_paths: LoosePaths = field(default_factory=LoosePaths)  # made private at this start
    _suggester: RecipientSuggester | None = field(default=None, repr=False)
    _owns_scratch: bool = field(default=False, repr=False)  # the opened station, not an attached connection

    @classmethod
    def open(cls, data_dir: Path, settings: Settings, *, read_recovered: bool = True,
             purge: bool = True) -> "Station":
        """Open the station, putting it back in order after a crash (recovery.py).

        `read_recovered`: pages a crash left unplaced are analysed, read and placed now (the
        command line; it takes a few seconds a page with OCR). The window passes False and
        has them read in the background (`read_recovered_pages`). `purge`: the pages and text of
        letters archived longer than the retention are deleted (False: `scanstation purge` does it)."""
        data_dir = Path(data_dir)
        make_private_dir(data_dir, within=data_dir)
        # Before SQLite opens anything: a journal, -wal or -shm left readable by others is closed
        # now, and a new journal file is made 0600 (SQLite gives its -wal and -shm the same mode).
        loose = secure_data_folder(data_dir)
        create_private_file(data_dir / JOURNAL_FILE)
        journal = Journal(data_dir / JOURNAL_FILE)
        store = PageStore(data_dir)
        report = recover(journal, store, settings.operator)
        if not journal.recipients(active_only=False) and DEFAULT_DIRECTORY.exists():
            journal.replace_recipients(read_directory(DEFAULT_DIRECTORY), "scanstation")
        station = cls(data_dir, settings, journal, store, report, loose)
        station._owns_scratch = True
        if purge:
            station.purge_archived_letters()
        # Page workers write their temp files here (Tesseract's too): private before they start.
        make_private_dir(scratch_folder(data_dir), within=data_dir)
        if read_recovered:
            station.read_recovered_pages()
        return station

    @classmethod
    def attach(cls, data_dir: Path, settings: Settings) -> "Station":
        """Another connection to an open station, for a worker thread: no recovery, no seeding."""
        data_dir = Path(data_dir)
        return cls(data_dir, settings, Journal(data_dir / JOURNAL_FILE), PageStore(data_dir), RecoveryReport())

    def purge_archived_letters(self, *, dry_run: bool = False, actor: str | None = None,
                               clock=None) -> PurgeResult | None:
        """Delete the pages and text of letters exported more than `retention.days_after_export`
        days ago (retention.py); at every start, and by `scanstation purge`. At start a problem
        is logged and the station opens anyway: the next start tries again."""
        try:
            result = purge(self.journal, self.store, self.settings.retention_days, dry_run=dry_run, clock=clock,
                           actor=actor or "scanstation")
        except Exception as exc:  # noqa: BLE001 - privacy housekeeping must not keep the mailroom from working
            if actor is not None:
                raise
            log.warning("the purge of archived letters did not run: %s", type(exc).__name__)
            return None
        return result

    def private_data(self, clock=None) -> PrivateData:
        return private_data_held(self.journal, self.store, self.settings.retention_days, clock=clock)

    def close(self) -> None:
        self.journal.close()
        if getattr(self, "_owns_scratch", False):
            try:  # empty once every reading is done; a later start removes it anyway
                scratch_folder(self.data_dir).rmdir()
            except OSError:
                pass

    def read_recovered_pages(self, *, processor: PageProcessor | None = None,
                             separation: str | None = None) -> list[int]:
        """Read and place the pages a crash left in no document (batches no program is
        capturing), as any page is: analysis, OCR, separators, continuing the batch's last
        letter. Returns the batches that had such pages."""
        batches = self.journal.batches_with_unplaced_pages()
        for batch_id in batches:
            try:
                placed = self.intake(separation, processor=processor).read_recovered(batch_id)
            except Exception as exc:  # noqa: BLE001 - the pages stay recorded; the next start reads them
                log.warning("pages of batch %s left by a crash not read yet: %s", batch_id, type(exc).__name__)
                continue
            log.info("batch %s: %s left unplaced by a crash read and placed", batch_id, counted(placed.pages, "page"))
            self.recovery.adopted_pages += [f"batch {batch_id}"] * placed.pages
            if batch_id not in self.recovery.interrupted_batches:
                self.recovery.interrupted_batches.append(batch_id)
        return batches

    def intake(self, separation: str | None = None, *, analyze: bool = True, workers: int | None = None,
               processor: PageProcessor | None = None) -> Intake:
        """An intake with this station's page processing and separation (or a profile's).

        `processor`: worker processes kept running between scans (the window, the hot folder);
        they take this station's current settings and outlive the intake."""
        s = self.settings
        strategy = separation or s.separation_strategy
        parse_strategy(strategy)  # a wrong strategy fails here, before anything is scanned
        options = ProcessingOptions(
            analysis=AnalysisOptions(languages=s.ocr_languages, separator_barcode=s.separator_barcode,
                                     site_key=s.site_key, accept_unsigned_sheets=s.accept_unsigned_sheets),
            ocr=ocr_wanted(), scratch_dir=str(scratch_folder(self.data_dir)))
        return Intake(
            self.journal, self.store, s.station_id, s.operator,
            processor=(_with_options(processor, options) if processor else PageProcessor(options, workers))
            if analyze else None,
            keep_processor=processor is not None,
            splitter_factory=lambda: DocumentSplitter(strategy, keep_cover_sheets=s.keep_cover_sheets,
                                                      drop_blank_pages=s.drop_blank_pages),
            after_page=self.update_suggestion if analyze else None,
        )

    # --- suggestions and learning ------------------------------------------------

    def suggester(self) -> RecipientSuggester:
        """Trained on what the clerks confirmed here, at first use."""
        if self._suggester is None:
            self._suggester = RecipientSuggester(self.journal.recipients())
            self._suggester.train_from_examples(examples_from_journal(self.journal))
        return self._suggester

    def update_suggestion(self, document_id: int) -> None:
        """What the letter says (fields) and where it probably goes, from its pages so far."""
        self.update_fields(document_id)
        doc = self.journal.document(document_id)
        current = json.loads(doc.suggestion or "{}").get("recipient") or {}
        if current.get("why") == "cover_sheet":
            return  # the mailroom said so on paper: nothing in the text overrules it
        returned = ReturnedMail.from_json(json.loads(doc.return_mail or "null"))
        if returned is not None:
            # Our own letter came back: it goes to the team that sent it, never by what it is about.
            self.journal.record_suggestion(document_id, {"recipient": returned_suggestion(returned)})
            return
        text = self.journal.document_text(document_id)
        if not text.strip() and not doc.case_number:
            return
        suggestion = self.suggester().suggest(text, case_number=doc.case_number)
        if suggestion.recipient_id is not None:
            self.journal.record_suggestion(document_id, {"recipient": suggestion.journal_field()})

    def update_fields(self, document_id: int) -> None:
        """CPR, case number, letter date, sender and return-mail marks found by OCR, each with
        the page and place it was read; the best CPR and case number pre-fill the form."""
        found: dict = {"cprs": [], "case_numbers": [], "letter_date": None, "sender": None, "return_mail": None}
        for entry in self.journal.document_pages(document_id, included_only=True):
            stored = self.journal.page_ocr(entry.page.id)
            if not stored or not stored["ok"]:
                continue
            words = [OcrWord.from_json(w) for w in json.loads(stored["words"])]
            page_fields = extract_fields(words, case_patterns=self.settings.case_patterns)
            data = page_fields.to_json(include_cpr=True)
            for key in ("cprs", "case_numbers"):
                found[key] += [{**item, "page_id": entry.page.id} for item in data[key]]
            for key in ("letter_date", "sender", "return_mail"):
                if found[key] is None and data[key] is not None:
                    found[key] = {**data[key], "page_id": entry.page.id}
        self._update_return_mail(document_id, found)
        if not any(found.values()):
            return
        best_cpr = next((f["value"] for f in found["cprs"] if f["confidence"] >= 0.5), None)
        best_case = next((f["value"] for f in found["case_numbers"] if f["confidence"] >= 0.5), None)
        # The journal keeps the CPR in its own column; the fields record only says where it was.
        for item in found["cprs"]:
            item["value"] = mask_cpr(item["value"])
        self.journal.record_fields(document_id, found, case_number=best_case, cpr=best_cpr,
                                   document_type="returpost" if found["return_mail"] else None)

    def _update_return_mail(self, document_id: int, found: dict) -> None:
        """Returned mail: its reason, the original letter it was and the team it goes back to."""
        if not found["return_mail"] and not self.journal.document(document_id).return_mail:
            return
        barcodes = []
        for entry in self.journal.document_pages(document_id, included_only=True):
            analysis = json.loads(entry.page.analysis or "{}") or {}
            barcodes += [b.get("value", "") for b in analysis.get("barcodes") or []]
        mail = read_returned_mail(found, self.journal.document_text(document_id), barcodes,
                                  sender_names=self.settings.return_sender_names)
        if mail is not None:
            mail = route_returned(mail, teams=self.journal.recipients(),
                                  sender_block=(found["sender"] or {}).get("value"),
                                  team_by_case=self.suggester().known_case_recipient,
                                  team_by_document=self.journal.team_of_returned_document)
        self.journal.record_return_mail(document_id, mail.to_json() if mail else None)

    def confirm(self, document_id: int, fields: dict, operator: str | None = None):
        """The clerk's decision, recorded and learned from (a correction counts most)."""
        operator = operator or self.settings.operator
        before = self.journal.document(document_id)
        doc = self.journal.confirm_document(document_id, fields, operator)
        if doc.recipient_id and not operator.startswith("auto:"):
            suggested = (json.loads(before.suggestion or "{}").get("recipient") or {}).get("value")
            text = self.journal.document_text(document_id)
            if text.strip():
                self.suggester().learn(text, doc.recipient_id, case_number=doc.case_number,
                                       corrected=bool(suggested) and suggested != doc.recipient_id)
        return doc

    def exporter(self, drop_folder: Path) -> Exporter:
        return Exporter(self.journal, self.store, ExportOptions(
            drop_folder=Path(drop_folder), station_id=self.settings.station_id,
            operator=self.settings.operator, include_cpr=self.settings.include_cpr,
            jpeg_quality=self.settings.jpeg_quality, mixed_raster=self.settings.mixed_raster,
        ), read_page=self._read_page_privately)

    def _read_page_privately(self, image, **options):
        """A page turned after OCR is read again at export: Tesseract's files for it stay in
        the data folder's private tmp folder, never in the system's shared one."""
        scratch = make_private_dir(scratch_folder(self.data_dir), within=self.data_dir)
        return ocr_page(image, scratch_dir=scratch, **options)


ROUTE_CONFIDENCE = {"case_number": 0.95, "document_number": 0.9, "letterhead_unit": 0.8, "none": 0.0}


def returned_suggestion(mail: ReturnedMail) -> dict:
    """The `recipient` suggestion of a returned letter: the team that sent it (why "return_mail")."""
    confidence = ROUTE_CONFIDENCE.get(mail.route, 0.0) if mail.team_id else 0.0
    return {"value": mail.team_id, "confidence": confidence, "why": "return_mail",
            "alternatives": [[mail.team_id, confidence]] if mail.team_id else [], "route": mail.route,
            "reason": mail.route_reason}


def _with_options(processor: PageProcessor, options: ProcessingOptions) -> PageProcessor:
    processor.options = options  # read at each page's submit: changed settings apply from the next scan
    return processor
