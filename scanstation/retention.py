"""Local copies purged once archived.

A letter is on the station only until the archive has it: `retention.days_after_export` days
(default 30) after its successful export, its page images and everything read from them are
deleted here. What goes:
  - the page image files (pages/batch-*/…png), of every page of the letter, sheets and blank
    backs included;
  - the OCR (page_ocr: text, words, text layer, the bitonal reading image) and so the letter's
    full-text index;
  - what was read or typed from the letter's content: the found fields (sender's address
    block, dates, masked CPRs), the CPR number, the clerk's note, barcode values.
What stays is the journal's facts: ids, journal id, dates, statuses, page counts and sizes,
checksums, recipient, case number, type, clerk, the export record and the audit trail. The
supervisor's counts, reports and dashboard read only those and are unchanged.

Crash safety: the journal first, then the files. One transaction clears the letters' text and
records the purge (an audit event with counts); only then are the files deleted. A crash in
between leaves image files of letters the journal already calls purged: the next run (at the
next start, or `scanstation purge`) finds them, as it looks for any exported letter past
retention that still holds something, and deletes them. Nothing is deleted before the audit
trail says so, and nothing needed is lost: the archive has had the letter for
`days_after_export` days.

The station's SQLite is told to overwrite what it deletes (secure_delete), the full-text
index is merged so no old segment keeps the words, and the write-ahead log is checkpointed
and truncated, so the text is gone from the files on disk, not only from the tables.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .atomic import fsync_dir, is_temp_name
from .faultpoints import crash_point
from .journal import Journal
from .pagestore import PageStore
from .plural import counted

log = logging.getLogger("scanstation.retention")

PURGE_ACTION = "retention_purge"
PURGE_SUBJECT = "retention"
_CLEARED_OCR = "text = '', words = '[]', text_layer = NULL, page_image = NULL"
# What in a page's journal rows quotes the letter: its OCR, a barcode's value, a cover sheet's payload.
_HOLDS_TEXT = ("o.text <> '' OR o.words <> '[]' OR o.text_layer IS NOT NULL OR o.page_image IS NOT NULL "
               "OR EXISTS (SELECT 1 FROM json_each(p.analysis, '$.barcodes') b "
               "WHERE json_extract(b.value, '$.value') IS NOT NULL) "
               "OR (json_extract(p.analysis, '$.cover_sheet') IS NOT NULL "
               "AND json_extract(p.analysis, '$.cover_sheet.purged') IS NULL)")
PURGED_SHEET = {"purged": True}  # a cover sheet's payload gone; that the page was one is kept


@dataclass(frozen=True)
class PrivateData:
    """How much of the letters' content the station holds (--self-test, the Supervisor window)."""
    letters: int  # documents with a page image or text still on the station
    pages: int  # their pages with an image file or OCR text
    bytes: int  # page image files plus OCR text and images in the journal
    oldest: str | None  # when the oldest page still held was captured (ISO, UTC)
    due: int  # exported letters past retention that the next purge deletes

    def describe(self) -> str:
        if not self.letters:
            return "no letter's pages or text are kept on this station"
        return (f"{counted(self.letters, 'letter')}, {counted(self.pages, 'page')} with images or text, "
                f"{amount(self.bytes)}, "
                f"oldest captured {self.oldest[:10] if self.oldest else 'unknown'}"
                + (f"; {counted(self.due, 'exported letter')} past retention, purged at the next start" if self.due
                   else ""))


@dataclass(frozen=True)
class PurgeResult:
    letters: int  # letters whose content was deleted (or would be, dry run)
    pages: int  # pages whose image file or text was deleted
    files: int  # image files deleted
    bytes: int  # of those files
    days_after_export: int
    dry_run: bool = False
    journal_ids: tuple[str, ...] = ()

    def describe(self) -> str:
        if not self.letters:
            return f"nothing to purge: no exported letter older than {counted(self.days_after_export, 'day')} holds pages here"
        verb = "would delete" if self.dry_run else "deleted"
        return (f"{verb} the pages and text of {counted(self.letters, 'letter')} exported more than "
                f"{counted(self.days_after_export, 'day')} ago: {counted(self.pages, 'page')}, "
                f"{counted(self.files, 'image file')}, "
                f"{amount(self.bytes)}")


def amount(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3)) if size else 0} KB"


def utc(clock: Callable[[], datetime] | None = None) -> datetime:
    return (clock or (lambda: datetime.now(timezone.utc)))()


def letters_due(journal: Journal | sqlite3.Connection, store: PageStore, days_after_export: int, *,
                now: datetime) -> list[int]:
    """Exported letters past retention that still hold an image file or text, oldest export first.

    Two cheap looks, so a start stays quick on a journal of a million letters: the text of the
    exports recorded since the last purge (every earlier one past its retention was purged in
    that purge's transaction), and the page image files still in pages/ (few: retention bounds
    them), which also finds the files a crash kept from being deleted."""
    conn = journal if isinstance(journal, sqlite3.Connection) else journal.conn
    cutoff = (now - timedelta(days=days_after_export)).isoformat(timespec="seconds")
    since = _next_export_id(conn)
    rows = conn.execute(
        "SELECT d.id, e.exported_at FROM documents d JOIN exports e ON e.document_id = d.id "
        "WHERE d.status = 'exported' AND e.exported_at <= ? AND e.id >= ? AND (d.fields NOT IN ('{}', '') "
        "OR d.cpr IS NOT NULL OR d.note IS NOT NULL OR EXISTS (SELECT 1 FROM document_pages dp "
        "JOIN pages p ON p.id = dp.page_id LEFT JOIN page_ocr o ON o.page_id = p.id WHERE dp.document_id = d.id "
        f"AND ({_HOLDS_TEXT})))", (cutoff, since)).fetchall()
    due = dict(rows)
    for path in _held_files(store):
        row = conn.execute(
            "SELECT d.id, e.exported_at FROM pages p JOIN document_pages dp ON dp.page_id = p.id "
            "JOIN documents d ON d.id = dp.document_id JOIN exports e ON e.document_id = d.id "
            "WHERE p.file_path = ? AND d.status = 'exported' AND e.exported_at <= ?", (path, cutoff)).fetchone()
        if row:
            due[row[0]] = row[1]
    return sorted(due, key=lambda doc_id: (due[doc_id], doc_id))


def purge(journal: Journal, store: PageStore, days_after_export: int, *, actor: str,
          dry_run: bool = False, clock: Callable[[], datetime] | None = None) -> PurgeResult:
    """Delete the pages and text of exported letters past retention (see the module's text)."""
    now = utc(clock)
    due = letters_due(journal, store, days_after_export, now=now)
    pages = [(doc_id, page_id, path) for doc_id in due for page_id, path in _pages_of(journal, doc_id)]
    files = [store.path_of(path) for _, _, path in pages if store.path_of(path).exists()]
    size = sum(_size(path) for path in files)
    journal_ids = tuple(_journal_id(journal, doc_id) for doc_id in due)
    result = PurgeResult(len(due), len(pages), len(files), size, days_after_export, dry_run, journal_ids)
    if dry_run or not due:
        return result
    cutoff = (now - timedelta(days=days_after_export)).isoformat(timespec="seconds")
    _clear_journal(journal, due, [page_id for _, page_id, _ in pages], result, actor, cutoff)
    crash_point("purge_journal_cleared")
    for path in files:  # the audit event is committed: now the files
        try:
            path.unlink(missing_ok=True)
            crash_point("purge_file_deleted")
        except OSError as exc:  # a file in use (Windows) or a read-only disk: the next run finishes it
            log.warning("a purged page image could not be deleted yet (%s): %s",
                        exc.strerror or type(exc).__name__, path.relative_to(store.data_dir).as_posix())
    for folder in sorted({path.parent for path in files}):
        fsync_dir(folder)
        try:
            folder.rmdir()  # a batch whose letters are all purged: its folder goes too
        except OSError:
            pass  # pages of letters still here
    _vacuum_deleted_text(journal)
    log.info("retention purge: %s", result.describe())
    return result


def private_data_in(journal_path: Path, days_after_export: int) -> PrivateData:
    """The same, read from a journal file opened read-only (the Supervisor window's thread)."""
    from .reports import open_read_only

    conn = open_read_only(Path(journal_path))
    try:
        return private_data_held(conn, PageStore(Path(journal_path).parent), days_after_export)
    finally:
        conn.close()


def private_data_held(journal: Journal | sqlite3.Connection, store: PageStore, days_after_export: int, *,
                      clock: Callable[[], datetime] | None = None) -> PrivateData:
    """What the station holds of letters' content: letters, pages, bytes, the oldest capture."""
    conn = journal if isinstance(journal, sqlite3.Connection) else journal.conn
    held: dict[int, list] = {}  # page id -> [document id, captured_at, bytes]
    for (page_id, doc_id, captured_at, ocr_bytes) in conn.execute(
            "SELECT p.id, dp.document_id, p.captured_at, COALESCE(length(o.text), 0) + COALESCE(length(o.words), 0) "
            "+ COALESCE(length(o.text_layer), 0) + COALESCE(length(o.page_image), 0) FROM page_ocr o "
            "JOIN pages p ON p.id = o.page_id LEFT JOIN document_pages dp ON dp.page_id = p.id "
            "WHERE o.text <> '' OR o.words <> '[]' OR o.text_layer IS NOT NULL OR o.page_image IS NOT NULL"):
        held[page_id] = [doc_id, captured_at, ocr_bytes]
    for path in _held_files(store):
        row = conn.execute("SELECT p.id, dp.document_id, p.captured_at FROM pages p LEFT JOIN document_pages "
                                   "dp ON dp.page_id = p.id WHERE p.file_path = ?", (path,)).fetchone()
        key = row[0] if row else path  # a file the journal does not know yet (recovery records it)
        entry = held.setdefault(key, [row[1] if row else None, row[2] if row else None, 0])
        entry[2] += _size(store.path_of(path))
    letters = {doc_id for doc_id, _, _ in held.values() if doc_id is not None}
    dates = [captured_at for _, captured_at, _ in held.values() if captured_at]
    due = len(letters_due(conn, store, days_after_export, now=utc(clock)))
    return PrivateData(len(letters), len(held), sum(size for _, _, size in held.values()),
                       min(dates) if dates else None, due)


# --- the parts -----------------------------------------------------------------------------


def _pages_of(journal: Journal, doc_id: int) -> list[tuple[int, str]]:
    return [tuple(row) for row in journal.conn.execute(
        "SELECT p.id, p.file_path FROM document_pages dp JOIN pages p ON p.id = dp.page_id "
        "WHERE dp.document_id = ? ORDER BY dp.position", (doc_id,)).fetchall()]


def _kept_analysis(analysis: str | None) -> str:
    """A page's analysis without what quotes the letter: barcode values (a CPR can come in a
    barcode) and a cover sheet's payload. Which way up, skew, blank, what kind of sheet: kept."""
    data = json.loads(analysis or "{}")
    if not any(b.get("value") is not None for b in data.get("barcodes") or []) and \
            data.get("cover_sheet") in (None, PURGED_SHEET):
        return analysis or "{}"
    data["barcodes"] = [{**b, "value": None} for b in data.get("barcodes") or []]  # that a code was there: kept
    if data.get("cover_sheet") is not None:
        data["cover_sheet"] = PURGED_SHEET
    return json.dumps(data, ensure_ascii=False)


def _clear_journal(journal: Journal, due: list[int], page_ids: list[int], result: PurgeResult, actor: str,
                   cutoff: str) -> None:
    """One transaction: the letters' text is gone and the audit trail says so, or neither."""
    conn = journal.conn
    conn.execute("PRAGMA secure_delete = ON")  # freed pages are overwritten, not left on disk
    with journal.transaction() as tx:
        for page_id in page_ids:
            tx.execute(f"UPDATE page_ocr SET {_CLEARED_OCR} WHERE page_id = ?", (page_id,))
            (analysis,) = tx.execute("SELECT analysis FROM pages WHERE id = ?", (page_id,)).fetchone()
            tx.execute("UPDATE pages SET analysis = ? WHERE id = ?", (_kept_analysis(analysis), page_id))
        for doc_id in due:
            tx.execute("UPDATE documents SET fields = '{}', cpr = NULL, note = NULL WHERE id = ?", (doc_id,))
        detail = asdict(result)
        del detail["dry_run"]
        detail["journal_ids"] = list(result.journal_ids)
        detail["exported_up_to"] = cutoff
        # Every export before the first one not yet past retention is purged now: the next
        # purge looks at the text of exports from there on only (see letters_due).
        (next_id,) = tx.execute("SELECT COALESCE(MIN(id), (SELECT COALESCE(MAX(id), 0) + 1 FROM exports)) "
                                "FROM exports WHERE exported_at > ?", (cutoff,)).fetchone()
        detail["next_export_id"] = next_id
        journal.record_event(actor, PURGE_ACTION, PURGE_SUBJECT, detail, conn=tx)


def _vacuum_deleted_text(journal: Journal) -> None:
    """The deleted text out of the files too: the index merged, the write-ahead log emptied."""
    try:
        journal.conn.execute("INSERT INTO document_text_fts(document_text_fts) VALUES ('optimize')")
        journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception as exc:  # noqa: BLE001 - a reader holds the log: the next checkpoint does it
        log.info("after the purge the journal's log is emptied later (%s)", type(exc).__name__)


def _journal_id(journal: Journal, doc_id: int) -> str:
    (journal_id,) = journal.conn.execute("SELECT journal_id FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return journal_id or ""


def _held_files(store: PageStore) -> list[str]:
    """Every page image file in pages/, relative to the data folder."""
    found = []
    if not store.root.is_dir():
        return found
    for batch in os.scandir(store.root):
        if batch.is_dir(follow_symlinks=False):
            for entry in os.scandir(batch.path):
                if entry.name.endswith(".png") and not is_temp_name(entry.name):
                    found.append(f"{store.root.name}/{batch.name}/{entry.name}")
    return found


def _next_export_id(conn: sqlite3.Connection) -> int:
    """Exports recorded from this id on may still hold text (the last purge's detail says)."""
    row = conn.execute("SELECT detail FROM events WHERE subject = ? AND action = ? ORDER BY id DESC LIMIT 1",
                               (PURGE_SUBJECT, PURGE_ACTION)).fetchone()
    return int(json.loads(row[0]).get("next_export_id", 0)) if row else 0


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
