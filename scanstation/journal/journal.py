"""The station's journal: one SQLite file that remembers every page, document and export.

Every write that must survive a crash happens in one short transaction with WAL and
synchronous=FULL, so a committed row is on disk when the call returns. Writes go
through this class only; readers get plain dataclasses.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from ..cpr import mask_cprs, mask_cprs_in
from .schema import MIGRATIONS, SCHEMA_VERSION


class JournalError(Exception):
    """The journal cannot be used: unreadable, foreign, or from a newer ScanStation."""


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Batch:
    id: int
    station_id: str
    device: str
    settings: dict
    operator: str
    started_at: str
    finished_at: str | None
    status: str
    interruption: str | None
    owner_host: str
    owner_pid: int


@dataclass(frozen=True)
class Page:
    id: int
    batch_id: int
    seq: int
    file_path: str
    sha256: str
    bytes: int
    captured_at: str
    device: str
    sheet: int
    side: str
    width: int
    height: int
    dpi: int
    mode: str
    origin: str
    source_group: str
    recovered: int
    rotation: int = 0
    analysis: str = "{}"
    source_file: int | None = None  # the ledger row of the file it was taken from (source_files)


@dataclass(frozen=True)
class SourceFile:
    """A file taken in, known by its content (see the source_files table)."""

    id: int
    sha256: str
    bytes: int
    path: str
    batch_id: int
    started_at: str
    finished_at: str | None
    pages: int

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class Document:
    id: int
    batch_id: int
    status: str
    created_at: str
    started_by: str
    recipient_id: str | None
    case_number: str | None
    document_type: str | None
    received_date: str | None
    cpr: str | None
    note: str | None
    confirmed_at: str | None
    confirmed_by: str | None
    journal_id: str | None
    failure: str | None
    export_attempts: int
    suggestion: str = "{}"
    fields: str = "{}"
    version: int = 1  # 2, 3, ... once re-opened as a correction (same journal id)
    exception_reason: str | None = None  # parked by the clerk, out of the to-confirm flow
    exception_at: str | None = None
    exception_by: str | None = None
    return_mail: str | None = None  # JSON of returned_mail.ReturnedMail: our own letter came back
    return_reason: str | None = None

    @property
    def parked(self) -> bool:
        return self.exception_reason is not None


@dataclass(frozen=True)
class DocumentPage:
    page: Page
    position: int
    included: bool
    excluded_reason: str | None = None


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str
    keywords: str
    active: int


@dataclass(frozen=True)
class ExportRecord:
    journal_id: str
    drop_folder: str
    pdf_file: str
    pdf_sha256: str
    pdf_bytes: int
    sidecar_file: str
    sidecar_sha256: str
    exported_at: str
    version: int = 1


def _build(cls, row: dict):
    # A column a journal does not have yet takes the field's default (reports read old journals).
    return cls(**{k: row[k] for k in cls.__dataclass_fields__ if k in row})


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=15000")
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{self.path} is not a ScanStation journal ({exc})") from exc
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        self._migrate()

    # --- plumbing ----------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: one writer at a time across processes."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def schema_version(self) -> int:
        if "meta" not in self.db.table_names():
            return 0
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        try:
            tables = set(self.db.table_names())
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{self.path} is not a ScanStation journal ({exc})") from exc
        if tables and "meta" not in tables:
            raise JournalError(f"{self.path} is an SQLite file, but not a ScanStation journal")
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{self.path} was written by a newer ScanStation (journal version {version}, "
                f"this program knows up to {SCHEMA_VERSION}); please update ScanStation"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as conn:
                for statement in MIGRATIONS[number]:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                    (str(number),),
                )

    def record_event(
        self, actor: str, action: str, subject: str = "", detail: dict | None = None,
        conn: sqlite3.Connection | None = None,
    ) -> None:
        """Append to the audit trail. Callers never put a CPR number in `detail`; one that comes
        with a file name, a note or a library's message anyway is masked here (`010190-****`)."""
        (conn or self.conn).execute(
            "INSERT INTO events(at, actor, action, subject, detail) VALUES (?,?,?,?,?)",
            (utc_now(), actor, action, mask_cprs(subject),
             json.dumps(mask_cprs_in(detail or {}), ensure_ascii=False)),
        )

    def events(self, subject: str | None = None) -> list[dict]:
        if subject is None:
            return list(self.db.query("SELECT * FROM events ORDER BY id"))
        return list(self.db.query("SELECT * FROM events WHERE subject=? ORDER BY id", [subject]))

    # --- batches -----------------------------------------------------------

    def start_batch(self, station_id: str, device: str, settings: dict, operator: str) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO batches(station_id, device, settings, operator, started_at, status,"
                " owner_host, owner_pid) VALUES (?,?,?,?,?,'open',?,?)",
                (station_id, device, json.dumps(settings), operator, utc_now(),
                 socket.gethostname(), os.getpid()),
            )
            batch_id = cur.lastrowid
            self.record_event(operator, "batch_started", f"batch:{batch_id}", {"device": device}, conn)
        return batch_id

    def reopen_batch(self, batch_id: int, operator: str) -> Batch:
        """Take an interrupted batch back to continue scanning into it."""
        batch = self.batch(batch_id)
        if batch.status == "open" and self.batch_is_live(batch):
            raise JournalError(f"Batch {batch_id} is being scanned by another program right now")
        if batch.status in ("complete", "cancelled"):
            raise JournalError(f"Batch {batch_id} is already {batch.status}; start a new scan")
        with self.transaction() as conn:
            conn.execute(
                "UPDATE batches SET status='open', interruption=NULL, owner_host=?, owner_pid=?"
                " WHERE id=?", (socket.gethostname(), os.getpid(), batch_id))
            self.record_event(operator, "batch_continued", f"batch:{batch_id}", {}, conn)
        return self.batch(batch_id)

    def interrupt_batch(self, batch_id: int, reason: str, actor: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE batches SET status='interrupted', interruption=? WHERE id=?", (reason, batch_id))
            self.record_event(actor, "batch_interrupted", f"batch:{batch_id}", {"reason": reason}, conn)

    def finish_batch(self, batch_id: int, actor: str, status: str = "complete", reason: str | None = None) -> None:
        """Close a batch; its documents are then ready for the clerk to confirm.

        A batch stopped before the feeder was empty ("cancelled") keeps `reason` (why, in
        words) and loses a last letter that is nothing but the sheet in front of it: its pages
        were never scanned. That sheet stays in the journal, in no letter."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE batches SET status=?, finished_at=?, interruption=? WHERE id=?",
                (status, utc_now(), reason, batch_id))
            if status == "cancelled":
                self._drop_sheet_only_last_letter(conn, batch_id, actor)
            conn.execute(
                "UPDATE documents SET status='awaiting_confirmation'"
                " WHERE batch_id=? AND status='captured'", (batch_id,))
            self.record_event(actor, f"batch_{status}", f"batch:{batch_id}", {"reason": reason} if reason else {},
                              conn)

    def _drop_sheet_only_last_letter(self, conn, batch_id: int, actor: str) -> None:
        last = conn.execute("SELECT id FROM documents WHERE batch_id=? AND status='captured' AND journal_id IS NULL"
                            " AND id=(SELECT MAX(id) FROM documents WHERE batch_id=?)", (batch_id, batch_id)).fetchone()
        if last is None:
            return
        reasons = [r[0] for r in conn.execute(
            "SELECT CASE WHEN included THEN NULL ELSE excluded_reason END FROM document_pages WHERE document_id=?",
            (last[0],))]
        if reasons and all(r in ("separator", "cover_sheet") for r in reasons):
            conn.execute("DELETE FROM document_pages WHERE document_id=?", (last[0],))
            conn.execute("DELETE FROM documents WHERE id=?", (last[0],))
            self.record_event(actor, "letter_without_pages_dropped", f"document:{last[0]}", {"batch": batch_id}, conn)

    def batch(self, batch_id: int) -> Batch:
        row = self.db["batches"].get(batch_id) if self._exists("batches", batch_id) else None
        if row is None:
            raise JournalError(f"No batch {batch_id} in this journal")
        return _build(Batch, {**row, "settings": json.loads(row["settings"])})

    def batches(self, status: str | None = None) -> list[Batch]:
        where, args = ("status=?", [status]) if status else (None, None)
        return [
            _build(Batch, {**r, "settings": json.loads(r["settings"])})
            for r in self.db["batches"].rows_where(where, args, order_by="id")
        ]

    @staticmethod
    def batch_is_live(batch: Batch) -> bool:
        """True when the process that opened the batch is still running on this computer."""
        if batch.owner_host != socket.gethostname():
            return True  # another station's process: never take it over
        if batch.owner_pid == os.getpid():
            return True
        try:
            os.kill(batch.owner_pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    # --- pages and documents ---------------------------------------------

    def next_page_seq(self, batch_id: int) -> int:
        row = self.conn.execute("SELECT MAX(seq) FROM pages WHERE batch_id=?", (batch_id,)).fetchone()
        return (row[0] or 0) + 1

    def last_sheet(self, batch_id: int) -> int:
        row = self.conn.execute("SELECT MAX(sheet) FROM pages WHERE batch_id=?", (batch_id,)).fetchone()
        return row[0] or 0

    def record_page(
        self, batch_id: int, page: dict, *, new_document: bool, started_by: str, actor: str,
        into_document: int | None = None, included: bool = True, excluded_reason: str | None = None,
        document_fields: dict | None = None,
    ) -> tuple[int, int]:
        """Record a stored page and put it into a document, in one transaction.

        `new_document` starts a new document with this page; otherwise the page is
        appended to the batch's last document (a first page always starts one).
        Returns (page_id, document_id).
        """
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO pages(batch_id, seq, file_path, sha256, bytes, captured_at, device,"
                " sheet, side, width, height, dpi, mode, origin, source_group, recovered, rotation, analysis)"
                " VALUES (:batch_id,:seq,:file_path,:sha256,:bytes,:captured_at,:device,:sheet,"
                " :side,:width,:height,:dpi,:mode,:origin,:source_group,:recovered,:rotation,:analysis)",
                {"recovered": 0, "origin": "", "source_group": "", "rotation": 0, "analysis": "{}",
                 **page, "batch_id": batch_id},
            )
            page_id = cur.lastrowid
            document_id = self._put_in_document(
                conn, batch_id, page_id, new_document=new_document, started_by=started_by,
                into_document=into_document, included=included, excluded_reason=excluded_reason,
                document_fields=document_fields)
            self.record_event(actor, "page_captured", f"page:{page_id}",
                              {"batch": batch_id, "seq": page["seq"], "document": document_id,
                               "sha256": page["sha256"], "recovered": bool(page.get("recovered"))},
                              conn)
        return page_id, document_id

    def _put_in_document(
        self, conn, batch_id: int, page_id: int, *, new_document: bool, started_by: str,
        into_document: int | None = None, included: bool = True, excluded_reason: str | None = None,
        document_fields: dict | None = None,
    ) -> int:
        """Append a page to a document: `into_document` (a rescanned page goes to the clerk's
        letter), a new one, or the batch's last one while it is still being captured."""
        # The letter being scanned holds the batch's last page fed. Not the newest document: a
        # letter the clerk split while the scanner fed on is newer, and took the next letter's pages.
        last = conn.execute(
            "SELECT d.id, d.status FROM documents d JOIN document_pages dp ON dp.document_id = d.id"
            " JOIN pages p ON p.id = dp.page_id WHERE d.batch_id=? ORDER BY p.seq DESC LIMIT 1",
            (batch_id,)).fetchone()
        if into_document is None and (new_document or last is None or last[1] != "captured"):
            doc = conn.execute(
                "INSERT INTO documents(batch_id, status, created_at, started_by) VALUES (?, 'captured', ?, ?)",
                (batch_id, utc_now(), started_by))
            document_id, position = doc.lastrowid, 1
        else:
            document_id = into_document if into_document is not None else last[0]
            position = conn.execute(
                "SELECT COALESCE(MAX(position),0)+1 FROM document_pages WHERE document_id=?",
                (document_id,)).fetchone()[0]
        conn.execute(
            "INSERT INTO document_pages(document_id, page_id, position, included, excluded_reason)"
            " VALUES (?,?,?,?,?)", (document_id, page_id, position, int(included), excluded_reason))
        if document_fields:
            self._prefill(conn, document_id, document_fields)
        return document_id

    def record_unplaced_page(self, batch_id: int, page: dict, actor: str) -> int:
        """Record a page whose file is on disk, before its analysis is back; `place_page`
        puts it in a document later. A crash in between leaves it here, found and read
        again by recovery (`unplaced_pages`). Returns the page id."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO pages(batch_id, seq, file_path, sha256, bytes, captured_at, device, sheet, side,"
                " width, height, dpi, mode, origin, source_group, recovered, rotation, analysis, source_file)"
                " VALUES (:batch_id,:seq,:file_path,:sha256,:bytes,:captured_at,:device,:sheet,:side,:width,"
                " :height,:dpi,:mode,:origin,:source_group,:recovered,:rotation,:analysis,:source_file)",
                {"recovered": 0, "origin": "", "source_group": "", "rotation": 0, "analysis": "{}",
                 "source_file": None, **page, "batch_id": batch_id},
            )
            page_id = cur.lastrowid
            self.record_event(actor, "page_captured", f"page:{page_id}",
                              {"batch": batch_id, "seq": page["seq"], "sha256": page["sha256"],
                               "recovered": bool(page.get("recovered"))}, conn)
        return page_id

    def place_page(
        self, page_id: int, *, new_document: bool, started_by: str, actor: str, included: bool = True,
        excluded_reason: str | None = None, document_fields: dict | None = None, rotation: int = 0,
        analysis: str | None = None, ocr=None,
    ) -> int:
        """Put a recorded page in a document, with its analysis and reading, in one transaction:
        a page is either unplaced (and read again after a crash) or placed with all it has.

        `new_document` starts a document with this page; otherwise it joins the batch's last
        document (a new one when that one is no longer being captured). Returns the document id."""
        with self.transaction() as conn:
            row = conn.execute("SELECT batch_id, seq, sha256 FROM pages WHERE id=?", (page_id,)).fetchone()
            if row is None:
                raise JournalError(f"No page {page_id} in this journal")
            batch_id = row[0]
            placed = conn.execute("SELECT document_id FROM document_pages WHERE page_id=?", (page_id,)).fetchone()
            if placed is not None:
                return placed[0]  # placed already (by another program's recovery): nothing to do
            if analysis is not None:
                conn.execute("UPDATE pages SET rotation=?, analysis=? WHERE id=?", (rotation, analysis, page_id))
            document_id = self._put_in_document(
                conn, batch_id, page_id, new_document=new_document, started_by=started_by,
                included=included, excluded_reason=excluded_reason, document_fields=document_fields)
            if ocr is not None:
                self._store_ocr(conn, page_id, ocr, rotation)
            self.record_event(actor, "page_placed", f"page:{page_id}",
                              {"batch": batch_id, "seq": row[1], "document": document_id}, conn)
        return document_id

    def unplaced_pages(self, batch_id: int) -> list[Page]:
        """Pages recorded but in no document yet, in feed order (a crash came between the two)."""
        rows = self.db.query(
            "SELECT p.* FROM pages p LEFT JOIN document_pages dp ON dp.page_id = p.id"
            " WHERE p.batch_id=? AND dp.page_id IS NULL ORDER BY p.seq", [batch_id])
        return [_build(Page, r) for r in rows]

    def last_placed_page(self, batch_id: int) -> tuple[Page, int] | None:
        """The batch's last placed page and how many pages with content its document has after
        its last separator: where a continued batch goes on from."""
        rows = list(self.db.query(
            "SELECT p.*, dp.document_id AS _document FROM pages p JOIN document_pages dp ON dp.page_id = p.id"
            " WHERE p.batch_id=? ORDER BY p.seq DESC LIMIT 1", [batch_id]))
        if not rows:
            return None
        content = 0
        for entry in self.document_pages(rows[0]["_document"]):
            facts = json.loads(entry.page.analysis or "{}")
            if facts.get("letter_text"):  # a letter's page with a sheet's code: the letter's first page
                content = 1
            elif facts.get("cover_sheet") or facts.get("separator_sheet") or facts.get("patch_code") in ("T", "2", "3"):
                content = 0
            elif entry.included:
                content += 1
        return _build(Page, rows[0]), content

    def batches_with_unplaced_pages(self) -> list[int]:
        """Batches no running program is capturing that have pages in no document."""
        candidates = [b for b in self.batches() if b.status in ("open", "interrupted")
                      and not (b.status == "open" and self.batch_is_live(b))]
        return [b.id for b in candidates if self.conn.execute(
            "SELECT 1 FROM pages p LEFT JOIN document_pages dp ON dp.page_id = p.id"
            " WHERE p.batch_id=? AND dp.page_id IS NULL LIMIT 1", (b.id,)).fetchone()]

    # --- the ledger of files taken in ---------------------------------------

    def start_source_file(self, batch_id: int, sha256: str, size: int, path: str) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO source_files(sha256, bytes, path, batch_id, started_at) VALUES (?,?,?,?,?)",
                (sha256, size, path, batch_id, utc_now()))
        return cur.lastrowid

    def finish_source_file(self, source_file: int) -> None:
        """Every page of the file is in the journal: the file is taken."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE source_files SET finished_at=?, pages=(SELECT COUNT(*) FROM pages WHERE source_file=?)"
                " WHERE id=?", (utc_now(), source_file, source_file))

    def forget_source_file(self, source_file: int) -> None:
        """Nothing of the file was taken (it could not be read): it is not in the ledger."""
        with self.transaction() as conn:
            if not conn.execute("SELECT 1 FROM pages WHERE source_file=? LIMIT 1", (source_file,)).fetchone():
                conn.execute("DELETE FROM source_files WHERE id=?", (source_file,))

    def source_files_with(self, sha256: str) -> list[SourceFile]:
        """Every taking of a file with this content, the latest first."""
        return [_build(SourceFile, r) for r in self.db.query(
            "SELECT * FROM source_files WHERE sha256=? ORDER BY id DESC", [sha256])]

    def source_file(self, source_file: int) -> SourceFile | None:
        rows = list(self.db.query("SELECT * FROM source_files WHERE id=?", [source_file]))
        return _build(SourceFile, rows[0]) if rows else None

    def last_source_file(self, batch_id: int) -> SourceFile | None:
        """The file a batch was taking last (recovery: where a page file without a row came from)."""
        rows = list(self.db.query("SELECT * FROM source_files WHERE batch_id=? ORDER BY id DESC LIMIT 1",
                                  [batch_id]))
        return _build(SourceFile, rows[0]) if rows else None

    def taken_sheets(self, source_file: int) -> set[int]:
        """The pages of a file (numbered from 1) that are in the journal."""
        return {r[0] for r in self.conn.execute("SELECT sheet FROM pages WHERE source_file=?", (source_file,))}

    @staticmethod
    def _prefill(conn: sqlite3.Connection, document_id: int, fields: dict) -> None:
        """A cover sheet's routing data, as the document's starting values and its suggestion."""
        known = fields.get("recipient_id") and conn.execute(
            "SELECT 1 FROM recipients WHERE id=? AND active=1", (fields["recipient_id"],)).fetchone()
        suggestion = {"recipient": {"value": fields.get("recipient_id"), "confidence": 1.0 if known else 0.0,
                                    "why": "cover_sheet"}}
        conn.execute(
            "UPDATE documents SET recipient_id=COALESCE(?, recipient_id), case_number=COALESCE(?, case_number),"
            " document_type=COALESCE(?, document_type), note=COALESCE(?, note), suggestion=? WHERE id=?",
            (fields.get("recipient_id") if known else None, fields.get("case_number"),
             fields.get("document_type"), fields.get("note"), json.dumps(suggestion), document_id))

    def record_suggestion(self, document_id: int, suggestion: dict) -> None:
        """What recognition suggests for the document ({"recipient": {value, confidence, why}})."""
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET suggestion=? WHERE id=? AND status IN ('captured','awaiting_confirmation')",
                         (json.dumps(suggestion, ensure_ascii=False), document_id))

    def record_fields(self, document_id: int, fields: dict, *, case_number: str | None = None,
                      cpr: str | None = None, document_type: str | None = None) -> None:
        """What OCR found on the document; fills empty form values, never the clerk's."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE documents SET fields=?, case_number=COALESCE(case_number, ?), cpr=COALESCE(cpr, ?),"
                " document_type=COALESCE(document_type, ?)"
                " WHERE id=? AND status IN ('captured','awaiting_confirmation')",
                (json.dumps(fields, ensure_ascii=False), case_number, cpr, document_type, document_id))

    def record_return_mail(self, document_id: int, return_mail: dict | None) -> None:
        """What the post's mark and the letterhead say of a returned letter (ReturnedMail.to_json());
        None: no mark (any more). Only while the letter waits for the clerk."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE documents SET return_mail=?, return_reason=? WHERE id=?"
                " AND status IN ('captured','awaiting_confirmation')",
                (json.dumps(return_mail, ensure_ascii=False) if return_mail else None,
                 return_mail["reason"] if return_mail else None, document_id))

    def team_of_returned_document(self, document_number: str) -> str | None:
        """The team an earlier returned copy of our document `document_number` was confirmed for."""
        rows = list(self.db.query(
            "SELECT recipient_id FROM documents WHERE return_reason IS NOT NULL AND recipient_id IS NOT NULL"
            " AND status IN ('confirmed','exported') AND json_extract(return_mail, '$.original_document_number') = ?"
            " ORDER BY confirmed_at DESC LIMIT 1", [document_number]))
        return rows[0]["recipient_id"] if rows else None

    def record_ocr(self, page_id: int, ocr, rotation: int = 0) -> None:
        """Store a page's OCR result (an ocr.OcrResult) and which way up the page was read."""
        with self.transaction() as conn:
            self._store_ocr(conn, page_id, ocr, rotation)

    def _store_ocr(self, conn: sqlite3.Connection, page_id: int, ocr, rotation: int) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO page_ocr(page_id, ok, problem, languages, text, words, text_layer,"
            " rotation, seconds, page_image) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (page_id, int(ocr.ok), ocr.problem, ocr.languages, ocr.text or "",
             json.dumps(ocr.words_json()), ocr.text_layer_pdf, rotation % 360, float(ocr.seconds),
             getattr(ocr, "page_image", None)))
        if not ocr.ok:
            self.record_event("scanstation", "ocr_failed", f"page:{page_id}", {"problem": ocr.problem}, conn)

    def page_ocr(self, page_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM page_ocr WHERE page_id=?", [page_id]))
        return rows[0] if rows else None

    def document_text(self, document_id: int) -> str:
        """The OCR text of a document's pages that go into its PDF, in page order."""
        rows = self.conn.execute(
            "SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id"
            " WHERE dp.document_id=? AND dp.included=1 ORDER BY dp.position", (document_id,))
        return "\n\n".join(r[0] for r in rows if r[0])

    def pages(self, batch_id: int) -> list[Page]:
        return [_build(Page, r) for r in self.db["pages"].rows_where("batch_id=?", [batch_id], order_by="seq")]

    def page_paths(self, batch_id: int) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT file_path FROM pages WHERE batch_id=?", (batch_id,))}

    def document(self, document_id: int) -> Document:
        if not self._exists("documents", document_id):
            raise JournalError(f"No document {document_id} in this journal")
        return _build(Document, self.db["documents"].get(document_id))

    def documents(self, status: str | None = None, batch_id: int | None = None) -> list[Document]:
        clauses, args = [], []
        if status:
            clauses.append("status=?")
            args.append(status)
        if batch_id is not None:
            clauses.append("batch_id=?")
            args.append(batch_id)
        rows = self.db["documents"].rows_where(" AND ".join(clauses) or None, args or None, order_by="id")
        return [_build(Document, r) for r in rows]

    def document_of_page(self, page_id: int) -> int:
        row = self.conn.execute("SELECT document_id FROM document_pages WHERE page_id=?", (page_id,)).fetchone()
        if row is None:
            raise JournalError(f"Page {page_id} is not in any document")
        return row[0]

    def batch_documents(self, batch_id: int) -> list[Document]:
        """The batch's documents in paper order (by their first page), as the clerk sees them."""
        rows = self.db.query(
            "SELECT d.* FROM documents d LEFT JOIN document_pages dp ON dp.document_id = d.id"
            " LEFT JOIN pages p ON p.id = dp.page_id WHERE d.batch_id=?"
            " GROUP BY d.id ORDER BY MIN(p.seq), d.id", [batch_id])
        return [_build(Document, r) for r in rows]

    def document_pages(self, document_id: int, *, included_only: bool = False) -> list[DocumentPage]:
        sql = ("SELECT p.*, dp.position AS _position, dp.included AS _included,"
               " dp.excluded_reason AS _reason FROM document_pages dp"
               " JOIN pages p ON p.id = dp.page_id WHERE dp.document_id=?"
               + (" AND dp.included=1" if included_only else "") + " ORDER BY dp.position")
        return [DocumentPage(_build(Page, r), r["_position"], bool(r["_included"]), r["_reason"])
                for r in self.db.query(sql, [document_id])]

    def confirm_document(self, document_id: int, fields: dict, operator: str) -> Document:
        """Record the clerk's routing decision. Only before export: an exported letter is final
        (a failed export is not: the clerk may correct the letter and confirm it again)."""
        doc = self.document(document_id)
        if doc.status not in ("captured", "awaiting_confirmation", "confirmed", "failed"):
            raise JournalError(f"Document {document_id} is {doc.status.replace('_', ' ')}; it can no longer be changed"
                               " (re-open it as a correction)")
        if doc.parked:
            raise JournalError(f"Document {document_id} is parked as an exception ({doc.exception_reason}); "
                               "take it back before confirming it")
        if doc.status == "captured":
            batch = self.batch(doc.batch_id)
            finished = self.conn.execute(  # the next letter has begun (a later page is in another): this one is whole
                "SELECT 1 FROM document_pages dp JOIN pages p ON p.id = dp.page_id"
                " WHERE p.batch_id=? AND dp.document_id<>? AND p.seq > (SELECT MAX(p2.seq) FROM document_pages dp2"
                " JOIN pages p2 ON p2.id = dp2.page_id WHERE dp2.document_id=?) LIMIT 1",
                (doc.batch_id, document_id, document_id)).fetchone()
            if batch.status == "open" and self.batch_is_live(batch) and not finished:
                raise JournalError(f"Document {document_id} is still being scanned")
        included = self.conn.execute(
            "SELECT COUNT(*) FROM document_pages WHERE document_id=? AND included=1", (document_id,)).fetchone()[0]
        if included == 0:
            raise JournalError(f"Document {document_id} has no pages to export; restore a page or merge it "
                               "with the next document")
        allowed = {"recipient_id", "case_number", "document_type", "received_date", "cpr", "note"}
        values = {k: v for k, v in fields.items() if k in allowed}
        with self.transaction() as conn:
            sets = ", ".join(f"{k}=:{k}" for k in values)
            conn.execute(
                f"UPDATE documents SET {sets + ', ' if sets else ''}status='confirmed',"
                " confirmed_at=:at, confirmed_by=:by WHERE id=:id",
                {**values, "at": utc_now(), "by": operator, "id": document_id})
            audit = {k: v for k, v in values.items() if k != "cpr"}
            audit["cpr_given"] = bool(values.get("cpr"))
            self.record_event(operator, "document_confirmed", f"document:{document_id}", audit, conn)
        return self.document(document_id)

    # --- export ------------------------------------------------------------

    def assign_journal_id(self, document_id: int, station_id: str, year: int) -> str:
        """Give the document its journal id, once; gap-free per station and year.

        The id is taken in the same transaction that stores it on the document, and a
        document keeps it through failed attempts, so no number is ever skipped or reused.
        """
        with self.transaction() as conn:
            existing = conn.execute("SELECT journal_id FROM documents WHERE id=?", (document_id,)).fetchone()
            if existing is None:
                raise JournalError(f"No document {document_id} in this journal")
            if existing[0]:
                return existing[0]
            row = conn.execute(
                "SELECT last_number FROM journal_sequences WHERE station_id=? AND year=?",
                (station_id, year)).fetchone()
            number = (row[0] if row else 0) + 1
            conn.execute(
                "INSERT INTO journal_sequences(station_id, year, last_number) VALUES (?,?,?)"
                " ON CONFLICT(station_id, year) DO UPDATE SET last_number=excluded.last_number",
                (station_id, year, number))
            journal_id = f"{station_id}-{year}-{number:06d}"
            conn.execute("UPDATE documents SET journal_id=? WHERE id=?", (journal_id, document_id))
            self.record_event("scanstation", "journal_id_assigned", f"document:{document_id}",
                              {"journal_id": journal_id}, conn)
        return journal_id

    def record_export(self, document_id: int, record: ExportRecord, actor: str) -> None:
        """The delivery is in the drop folder. A correction's delivery replaces the earlier
        version's row (the events keep every version)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO exports(document_id, journal_id, drop_folder, pdf_file, pdf_sha256,"
                " pdf_bytes, sidecar_file, sidecar_sha256, exported_at, version) VALUES (?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(document_id) DO UPDATE SET drop_folder=excluded.drop_folder,"
                " pdf_file=excluded.pdf_file, pdf_sha256=excluded.pdf_sha256, pdf_bytes=excluded.pdf_bytes,"
                " sidecar_file=excluded.sidecar_file, sidecar_sha256=excluded.sidecar_sha256,"
                " exported_at=excluded.exported_at, version=excluded.version",
                (document_id, record.journal_id, record.drop_folder, record.pdf_file,
                 record.pdf_sha256, record.pdf_bytes, record.sidecar_file, record.sidecar_sha256,
                 record.exported_at, record.version))
            conn.execute(
                "UPDATE documents SET status='exported', failure=NULL,"
                " export_attempts=export_attempts+1 WHERE id=?", (document_id,))
            self.record_event(actor, "document_exported", f"document:{document_id}",
                              {"journal_id": record.journal_id, "pdf_sha256": record.pdf_sha256,
                               "version": record.version}, conn)

    def record_export_failure(self, document_id: int, reason: str, actor: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE documents SET status='failed', failure=?, export_attempts=export_attempts+1"
                " WHERE id=?", (reason, document_id))
            self.record_event(actor, "export_failed", f"document:{document_id}", {"reason": reason}, conn)

    def export_of(self, document_id: int) -> ExportRecord | None:
        rows = list(self.db.query("SELECT * FROM exports WHERE document_id=?", [document_id]))
        return _build(ExportRecord, rows[0]) if rows else None

    # --- the clerk changes their mind ---------------------------------------------

    def undo_confirmation(self, document_id: int, actor: str) -> Document:
        """Take back a confirmation not exported yet (the correction window): the letter waits
        for the clerk again with the values they gave."""
        with self.transaction() as conn:
            row = conn.execute("SELECT status FROM documents WHERE id=?", (document_id,)).fetchone()
            if row is None:
                raise JournalError(f"No document {document_id} in this journal")
            if row[0] != "confirmed":
                raise JournalError(f"Document {document_id} is {row[0].replace('_', ' ')}; "
                                   "only a confirmation not exported yet can be undone")
            conn.execute("UPDATE documents SET status='awaiting_confirmation', confirmed_at=NULL, confirmed_by=NULL"
                         " WHERE id=?", (document_id,))
            self.record_event(actor, "confirmation_undone", f"document:{document_id}", {}, conn)
        return self.document(document_id)

    def reopen_for_correction(self, document_id: int, actor: str, reason: str = "") -> Document:
        """An exported letter back to the clerk: once confirmed again it is exported as the next
        version under the same journal id, and the archive replaces the earlier one."""
        with self.transaction() as conn:
            row = conn.execute("SELECT status, journal_id, version FROM documents WHERE id=?",
                               (document_id,)).fetchone()
            if row is None:
                raise JournalError(f"No document {document_id} in this journal")
            status, journal_id, version = row
            if status != "exported":
                raise JournalError(f"Document {document_id} is {status.replace('_', ' ')}, not exported: "
                                   "it can be changed and confirmed as it is")
            conn.execute("UPDATE documents SET status='awaiting_confirmation', version=?, confirmed_at=NULL,"
                         " confirmed_by=NULL WHERE id=?", (version + 1, document_id))
            self.record_event(actor, "correction_opened", f"document:{document_id}",
                              {"journal_id": journal_id, "version": version + 1, "reason": reason}, conn)
        return self.document(document_id)

    def park_document(self, document_id: int, reason: str, actor: str) -> Document:
        """Set a letter aside as an exception: it leaves the to-confirm flow, the supervisor sees it."""
        reason = " ".join(reason.split())
        if not reason:
            raise JournalError("Say why the letter is set aside")
        with self.transaction() as conn:
            row = conn.execute("SELECT status FROM documents WHERE id=?", (document_id,)).fetchone()
            if row is None:
                raise JournalError(f"No document {document_id} in this journal")
            if row[0] not in ("captured", "awaiting_confirmation", "failed"):
                raise JournalError(f"Document {document_id} is {row[0].replace('_', ' ')}; "
                                   "only a letter waiting for the clerk can be parked")
            conn.execute("UPDATE documents SET exception_reason=?, exception_at=?, exception_by=? WHERE id=?",
                         (reason[:500], utc_now(), actor, document_id))
            self.record_event(actor, "document_parked", f"document:{document_id}", {"reason": reason[:500]}, conn)
        return self.document(document_id)

    def take_back_document(self, document_id: int, actor: str) -> Document:
        """A parked letter back into the to-confirm flow."""
        with self.transaction() as conn:
            row = conn.execute("SELECT exception_reason FROM documents WHERE id=?", (document_id,)).fetchone()
            if row is None:
                raise JournalError(f"No document {document_id} in this journal")
            if row[0] is None:
                raise JournalError(f"Document {document_id} is not parked")
            conn.execute("UPDATE documents SET exception_reason=NULL, exception_at=NULL, exception_by=NULL"
                         " WHERE id=?", (document_id,))
            self.record_event(actor, "document_taken_back", f"document:{document_id}", {"reason": row[0]}, conn)
        return self.document(document_id)

    def parked_documents(self) -> list[Document]:
        """The exceptions, oldest first."""
        rows = self.db.query("SELECT * FROM documents WHERE exception_reason IS NOT NULL ORDER BY exception_at, id")
        return [_build(Document, r) for r in rows]

    # --- recipients --------------------------------------------------------

    def recipients(self, *, active_only: bool = True) -> list[Recipient]:
        where = "active=1" if active_only else None
        return [_build(Recipient, r) for r in self.db["recipients"].rows_where(where, order_by="id")]

    def recipient(self, recipient_id: str) -> Recipient | None:
        rows = list(self.db.query("SELECT * FROM recipients WHERE id=?", [recipient_id]))
        return _build(Recipient, rows[0]) if rows else None

    def replace_recipients(self, recipients: list[Recipient], actor: str) -> None:
        """Load a directory: new and changed teams are written; missing ones become inactive."""
        with self.transaction() as conn:
            conn.execute("UPDATE recipients SET active=0")
            for r in recipients:
                conn.execute(
                    "INSERT INTO recipients(id, name, keywords, active) VALUES (?,?,?,1)"
                    " ON CONFLICT(id) DO UPDATE SET name=excluded.name, keywords=excluded.keywords,"
                    " active=1", (r.id, r.name, r.keywords))
            self.record_event(actor, "recipients_loaded", "recipients", {"count": len(recipients)}, conn)

    # --- helpers -----------------------------------------------------------

    def _exists(self, table: str, row_id: int) -> bool:
        return self.conn.execute(f"SELECT 1 FROM {table} WHERE id=?", (row_id,)).fetchone() is not None
