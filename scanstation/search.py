"""Finding letters again: full-text search of their OCR text, with filters on the journal's fields.

The text lives in an SQLite FTS5 table, `document_text_fts`, one row per document (rowid =
documents.id) holding the OCR text of the pages that go into its PDF, in page order. Triggers
keep it in step with `page_ocr` and `document_pages`, so OCR, rescans and the clerk's edits
(move, split, merge, leave out) need no call from Python; `index_document` and `rebuild_index`
are there to repair or fill it by hand.

What the user types is never passed to FTS5 as query syntax: it is cut into words and each
word is quoted, so `"`, `AND`, `*` or `(` are just text. The last word is a prefix.

Every search is in the audit trail (`audit.record_search`: who, when, what was asked, with CPR
numbers and four-digit numbers masked and hashed), so a search needs a journal it can write.
A CPR number never comes out of a search in clear: snippets show it masked (`010190-****`),
and a clerk's words that make up a whole CPR number are refused like a clerk's CPR search.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .audit import record_search
from .cpr import find_cprs, mask_cprs, normalize_cpr

# unicode61 with remove_diacritics 0: æ, ø and å stay letters of their own (the default
# would fold "å" to "a", so "gås" and "gas" would match each other).
TOKENIZER = "unicode61 remove_diacritics 0"

# The text of one document, from its included pages in order; `{doc}` is an SQL expression.
_DOCUMENT_TEXT = (
    "SELECT group_concat(text, char(10) || char(10)) AS t FROM ("
    "SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id"
    " WHERE dp.document_id = {doc} AND dp.included = 1 AND o.text <> '' ORDER BY dp.position)"
)


def _reindex_sql(doc: str) -> str:
    return (f"DELETE FROM document_text_fts WHERE rowid = {doc};"
            f" INSERT INTO document_text_fts(rowid, text) SELECT {doc}, t FROM"
            f" ({_DOCUMENT_TEXT.format(doc=doc)}) WHERE t IS NOT NULL;")


def _page_doc(ref: str) -> str:
    return f"(SELECT document_id FROM document_pages WHERE page_id = {ref}.page_id)"


_FILL = (
    "INSERT INTO document_text_fts(rowid, text) SELECT document_id, group_concat(text, char(10) || char(10))"
    " FROM (SELECT dp.document_id, o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id"
    " WHERE dp.included = 1 AND o.text <> '' ORDER BY dp.document_id, dp.position) GROUP BY document_id"
)

# Migration 4 of the journal (scanstation/journal/schema.py takes this list as it is).
FTS_MIGRATION: list[str] = [
    f"CREATE VIRTUAL TABLE document_text_fts USING fts5(text, tokenize = '{TOKENIZER}')",
    f"CREATE TRIGGER fts_ocr_insert AFTER INSERT ON page_ocr BEGIN {_reindex_sql(_page_doc('NEW'))} END",
    f"CREATE TRIGGER fts_ocr_update AFTER UPDATE OF text ON page_ocr BEGIN {_reindex_sql(_page_doc('NEW'))} END",
    f"CREATE TRIGGER fts_ocr_delete AFTER DELETE ON page_ocr BEGIN {_reindex_sql(_page_doc('OLD'))} END",
    f"CREATE TRIGGER fts_place_insert AFTER INSERT ON document_pages BEGIN {_reindex_sql('NEW.document_id')} END",
    f"CREATE TRIGGER fts_place_delete AFTER DELETE ON document_pages BEGIN {_reindex_sql('OLD.document_id')} END",
    "CREATE TRIGGER fts_place_update AFTER UPDATE ON document_pages BEGIN"
    f" {_reindex_sql('OLD.document_id')} {_reindex_sql('NEW.document_id')} END",
    "CREATE TRIGGER fts_document_delete AFTER DELETE ON documents BEGIN"
    " DELETE FROM document_text_fts WHERE rowid = OLD.id; END",
    _FILL,  # existing journals: every document's text, once
    # The date filters, without a scan of every document.
    "CREATE INDEX documents_received ON documents(received_date)",
    "CREATE INDEX batches_started ON batches(started_at)",
]

ROLES = ("clerk", "supervisor")
SNIPPET_TOKENS = 12


@dataclass(frozen=True)
class HitPage:
    page_id: int
    file_path: str  # relative to the data folder, as in the journal


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    journal_id: str | None
    status: str
    received_date: str | None
    recipient_id: str | None
    case_number: str | None
    snippet: str  # the matching words in [brackets]; "" for a search without text
    pages: list[HitPage]  # the pages that go into the PDF, in order


def _conn(journal_or_conn) -> sqlite3.Connection:
    return journal_or_conn if isinstance(journal_or_conn, sqlite3.Connection) else journal_or_conn.conn


def index_document(conn: sqlite3.Connection, document_id: int) -> None:
    """Write one document's text into the index again (the triggers normally do this)."""
    conn.execute("DELETE FROM document_text_fts WHERE rowid = ?", (document_id,))
    conn.execute(f"INSERT INTO document_text_fts(rowid, text) SELECT ?, t FROM ({_DOCUMENT_TEXT.format(doc='?')})"
                 " WHERE t IS NOT NULL", (document_id, document_id))


def rebuild_index(journal_or_conn) -> int:
    """Fill the index from scratch from page_ocr; returns how many documents have text."""
    conn = _conn(journal_or_conn)
    transaction = getattr(journal_or_conn, "transaction", None)
    if transaction is not None:
        with transaction() as c:
            _refill(c)
    else:
        with conn:
            _refill(conn)
    return conn.execute("SELECT COUNT(*) FROM document_text_fts").fetchone()[0]


def _refill(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM document_text_fts")
    conn.execute(_FILL)


_WORD = re.compile(r"[^\W_]+")


def fts_query(text: str) -> str | None:
    """The user's words as a safe FTS5 query: every word quoted, all required, the last a prefix.

    Words joined by punctuation (`010190-1234`, `J.nr.`) stay together as a phrase.
    Returns None when there is no word to look for.
    """
    phrases = []
    for chunk in text.split():
        words = _WORD.findall(chunk)
        if words:
            phrases.append('"' + " ".join(words) + '"')
    if not phrases:
        return None
    if not text[-1].isspace():  # still typing the last word
        phrases[-1] += "*"
    return " ".join(phrases)


def _as_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"bad date {value!r}: use YYYY-MM-DD") from None


def _day(value: date | str) -> str:
    return _as_date(value).isoformat()


def _next_day(value: date | str) -> str:
    return (_as_date(value) + timedelta(days=1)).isoformat()


def search_documents(
    journal_or_conn, *, text: str | None = None, journal_id: str | None = None,
    received_from: date | str | None = None, received_to: date | str | None = None,
    scanned_from: date | str | None = None, scanned_to: date | str | None = None,
    recipient: str | None = None, case_number: str | None = None, clerk: str | None = None,
    status: str | None = None, cpr: str | None = None, role: str = "clerk", actor: str,
    limit: int = 100,
) -> list[SearchHit]:
    """Documents matching every criterion given; best text match first, else newest first.

    Dates are inclusive days. Searching by CPR number is for supervisors only, and each such
    search is written to the audit trail with the number masked.
    """
    conn = _conn(journal_or_conn)
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    asked = {"text": text, "journal_id": journal_id, "received_from": received_from, "received_to": received_to,
             "scanned_from": scanned_from, "scanned_to": scanned_to, "recipient": recipient,
             "case_number": case_number, "clerk": clerk, "status": status, "cpr": cpr}
    try:
        hits = _search(conn, asked, role=role, limit=limit)
    except (PermissionError, ValueError) as refused:  # audited too: a refused search was still asked
        record_search(conn, actor, role=role, criteria=asked, found=None, refused=str(refused))
        raise
    record_search(conn, actor, role=role, criteria=asked, found=len(hits))
    return hits


_NOT_FOR_CLERKS = ("Searching by CPR number is only allowed for supervisors; ask a supervisor to make this search")


def _search(conn: sqlite3.Connection, asked: dict, *, role: str, limit: int) -> list[SearchHit]:
    where: list[str] = []
    args: list = []
    text, cpr = asked["text"], asked["cpr"]
    if cpr is not None:
        if role != "supervisor":
            raise PermissionError(_NOT_FOR_CLERKS)
        normalized = normalize_cpr(cpr)
        if normalized is None:
            raise ValueError("that CPR number is not valid: use DDMMYY-SSSS with a real date")
        where.append("d.cpr = ?")
        args.append(normalized)
    if text and role != "supervisor" and find_cprs(text):
        raise PermissionError(_NOT_FOR_CLERKS)  # the same search as by CPR, in the text
    query = fts_query(text) if text else None
    for clause, value in (
        ("d.journal_id = ?", asked["journal_id"]), ("d.recipient_id = ?", asked["recipient"]),
        ("d.case_number = ?", asked["case_number"]), ("d.confirmed_by = ?", asked["clerk"]),
        ("d.status = ?", asked["status"]),
        ("d.received_date >= ?", asked["received_from"] and _day(asked["received_from"])),
        ("d.received_date < ?", asked["received_to"] and _next_day(asked["received_to"])),
        ("b.started_at >= ?", asked["scanned_from"] and _day(asked["scanned_from"])),
        ("b.started_at < ?", asked["scanned_to"] and _next_day(asked["scanned_to"])),
    ):
        if value is not None:
            where.append(clause)
            args.append(value)
    columns = "d.id, d.journal_id, d.status, d.received_date, d.recipient_id, d.case_number"
    if query:
        # Marks the user never types, so a CPR number split by a highlight is still found and masked.
        sql = (f"SELECT {columns}, snippet(document_text_fts, 0, ?, ?, '…', {SNIPPET_TOKENS})"
               " FROM document_text_fts f JOIN documents d ON d.id = f.rowid"
               " JOIN batches b ON b.id = d.batch_id WHERE document_text_fts MATCH ?"
               + "".join(f" AND {w}" for w in where) + " ORDER BY f.rank LIMIT ?")
        args = [_OPEN, _CLOSE, query, *args, limit]
    else:
        sql = (f"SELECT {columns}, '' FROM documents d JOIN batches b ON b.id = d.batch_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.id DESC LIMIT ?")
        args = [*args, limit]
    rows = conn.execute(sql, args).fetchall()
    pages = _pages_of(conn, [r[0] for r in rows])
    return [SearchHit(*r[:6], _shown_snippet(r[6]), pages.get(r[0], [])) for r in rows]


_OPEN, _CLOSE = "\x02", "\x03"


def _shown_snippet(raw: str) -> str:
    """The snippet as lists show it: one line, CPR numbers masked, the matches in [brackets]."""
    masked = mask_cprs(" ".join(raw.split()), ignore=_OPEN + _CLOSE)
    return masked.replace(_OPEN, "[").replace(_CLOSE, "]")


def mask_cprs_in_text(text: str) -> str:
    """A snippet is shown in lists: any CPR-like number in it is masked (birth date kept)."""
    return mask_cprs(text)


def _pages_of(conn: sqlite3.Connection, document_ids: list[int]) -> dict[int, list[HitPage]]:
    found: dict[int, list[HitPage]] = {}
    if not document_ids:
        return found
    marks = ",".join("?" * len(document_ids))
    for doc, page_id, path in conn.execute(
            "SELECT dp.document_id, p.id, p.file_path FROM document_pages dp JOIN pages p ON p.id = dp.page_id"
            f" WHERE dp.document_id IN ({marks}) AND dp.included = 1 ORDER BY dp.document_id, dp.position",
            document_ids):
        found.setdefault(doc, []).append(HitPage(page_id, path))
    return found
