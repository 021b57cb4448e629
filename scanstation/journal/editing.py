"""The clerk's corrections to how a batch was cut into documents, and to its pages.

Every edit is one transaction with an audit event. Pages are never removed from the
journal: "delete" leaves a page out of its document's PDF (undo puts it back). A
document that is exported is final; a confirmed one that is edited goes back to
awaiting confirmation, so the clerk looks at it again.
"""

from __future__ import annotations

import sqlite3

from .journal import Journal, JournalError, utc_now

EDITABLE = ("captured", "awaiting_confirmation", "confirmed", "failed")
EXCLUDE_REASONS = ("deleted", "blank", "separator", "cover_sheet", "replaced")


class DocumentEditor:
    def __init__(self, journal: Journal, actor: str) -> None:
        self.journal = journal
        self.actor = actor

    # --- pages ------------------------------------------------------------

    def rotate_page(self, page_id: int, degrees: int) -> int:
        """Turn a page by +/-90 or 180 degrees; returns its new rotation (0/90/180/270)."""
        with self.journal.transaction() as conn:
            document_id = self._editable_document_of(conn, page_id)
            current = conn.execute("SELECT rotation FROM pages WHERE id=?", (page_id,)).fetchone()[0]
            rotation = (current + degrees) % 360
            conn.execute("UPDATE pages SET rotation=? WHERE id=?", (rotation, page_id))
            self._reopen(conn, document_id)
            self.journal.record_event(self.actor, "page_rotated", f"page:{page_id}", {"rotation": rotation}, conn)
        return rotation

    def exclude_page(self, page_id: int, reason: str = "deleted") -> None:
        if reason not in EXCLUDE_REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        self._set_included(page_id, False, reason)

    def include_page(self, page_id: int) -> None:
        """Undo a delete, or keep a page that was taken for blank."""
        self._set_included(page_id, True, None)

    def _set_included(self, page_id: int, included: bool, reason: str | None) -> None:
        with self.journal.transaction() as conn:
            document_id = self._editable_document_of(conn, page_id)
            conn.execute("UPDATE document_pages SET included=?, excluded_reason=? WHERE page_id=?",
                         (int(included), reason, page_id))
            self._reopen(conn, document_id)
            self.journal.record_event(self.actor, "page_included" if included else "page_excluded",
                                      f"page:{page_id}", {"reason": reason}, conn)

    def move_page(self, page_id: int, target_document: int, position: int) -> None:
        """Move a page to `position` (1-based) in `target_document` (which may be its own)."""
        with self.journal.transaction() as conn:
            source = self._editable_document_of(conn, page_id)
            self._check_editable(conn, target_document)
            if source != target_document and len(self._page_order(conn, source)) == 1:
                if conn.execute("SELECT journal_id FROM documents WHERE id=?", (source,)).fetchone()[0]:
                    raise JournalError(f"Document {source} has a journal id and must keep at least one page")
            row = conn.execute("SELECT included, excluded_reason FROM document_pages WHERE page_id=?",
                               (page_id,)).fetchone()
            conn.execute("DELETE FROM document_pages WHERE page_id=?", (page_id,))
            order = self._page_order(conn, target_document)
            position = max(1, min(position, len(order) + 1))
            order.insert(position - 1, page_id)
            self._write_order(conn, target_document, order, {page_id: row})
            if source != target_document:
                self._write_order(conn, source, self._page_order(conn, source))
                self._drop_if_empty(conn, source)
                self._reopen(conn, source)
            self._reopen(conn, target_document)
            self.journal.record_event(self.actor, "page_moved", f"page:{page_id}",
                                      {"from": source, "to": target_document, "position": position}, conn)

    # --- documents ----------------------------------------------------------

    def split_document(self, document_id: int, at_position: int) -> int:
        """Pages from `at_position` on become a new document; returns its id."""
        with self.journal.transaction() as conn:
            doc = self._check_editable(conn, document_id)
            order = self._page_order(conn, document_id)
            if not 1 < at_position <= len(order):
                raise JournalError("Choose a page after the first one to split the document there")
            moving = order[at_position - 1:]
            states = {pid: conn.execute("SELECT included, excluded_reason FROM document_pages WHERE page_id=?",
                                        (pid,)).fetchone() for pid in moving}
            conn.execute(f"DELETE FROM document_pages WHERE page_id IN ({','.join('?' * len(moving))})", moving)
            new_id = conn.execute(
                "INSERT INTO documents(batch_id, status, created_at, started_by) VALUES (?,?,?,?)",
                (doc["batch_id"], "awaiting_confirmation" if doc["status"] != "captured" else "captured",
                 utc_now(), "clerk_split")).lastrowid
            self._write_order(conn, new_id, moving, states)
            self._reopen(conn, document_id)
            self.journal.record_event(self.actor, "document_split", f"document:{document_id}",
                                      {"new_document": new_id, "at_position": at_position}, conn)
        return new_id

    def merge_with_next(self, document_id: int) -> int:
        """Append the next document of the batch (paper order) to this one; returns the one removed."""
        batch_id = self.journal.document(document_id).batch_id
        order = [d.id for d in self.journal.batch_documents(batch_id)]
        index = order.index(document_id)
        if index + 1 >= len(order):
            raise JournalError("This is the last document of the batch; there is nothing to merge it with")
        following = order[index + 1]
        with self.journal.transaction() as conn:
            self._check_editable(conn, document_id)
            other = self._check_editable(conn, following)
            if other["journal_id"]:
                raise JournalError(f"Document {following} already has journal id {other['journal_id']}; it cannot be merged away")
            pages = self._page_order(conn, following)
            states = {pid: conn.execute("SELECT included, excluded_reason FROM document_pages WHERE page_id=?",
                                        (pid,)).fetchone() for pid in pages}
            conn.execute("DELETE FROM document_pages WHERE document_id=?", (following,))
            self._write_order(conn, document_id, self._page_order(conn, document_id) + pages, states)
            conn.execute("DELETE FROM documents WHERE id=?", (following,))
            self._reopen(conn, document_id)
            self.journal.record_event(self.actor, "documents_merged", f"document:{document_id}",
                                      {"merged": following}, conn)
        return following

    # --- helpers --------------------------------------------------------------

    def _editable_document_of(self, conn: sqlite3.Connection, page_id: int) -> int:
        row = conn.execute("SELECT document_id FROM document_pages WHERE page_id=?", (page_id,)).fetchone()
        if row is None:
            raise JournalError(f"No page {page_id} in any document")
        self._check_editable(conn, row[0])
        return row[0]

    @staticmethod
    def _check_editable(conn: sqlite3.Connection, document_id: int) -> dict:
        cur = conn.execute("SELECT * FROM documents WHERE id=?", (document_id,))
        row = cur.fetchone()
        if row is None:
            raise JournalError(f"No document {document_id} in this journal")
        doc = dict(zip([c[0] for c in cur.description], row))
        if doc["status"] not in EDITABLE:
            raise JournalError(f"Document {document_id} is {doc['status']}; it can no longer be changed")
        return doc

    @staticmethod
    def _page_order(conn: sqlite3.Connection, document_id: int) -> list[int]:
        return [r[0] for r in conn.execute(
            "SELECT page_id FROM document_pages WHERE document_id=? ORDER BY position", (document_id,))]

    @staticmethod
    def _write_order(conn, document_id: int, page_ids: list[int], states: dict | None = None) -> None:
        """Renumber 1..n. Negative positions first, so the (document, position) key never collides."""
        states = states or {}
        for pid in page_ids:
            conn.execute("UPDATE document_pages SET position=-position-100000 WHERE page_id=?", (pid,))
        for position, pid in enumerate(page_ids, start=1):
            if pid in states:
                included, reason = states[pid] if states[pid] is not None else (1, None)
                conn.execute("INSERT INTO document_pages(document_id, page_id, position, included, excluded_reason)"
                             " VALUES (?,?,?,?,?)", (document_id, pid, position, included, reason))
            else:
                conn.execute("UPDATE document_pages SET position=? WHERE page_id=?", (position, pid))

    @staticmethod
    def _drop_if_empty(conn, document_id: int) -> None:
        left = conn.execute("SELECT COUNT(*) FROM document_pages WHERE document_id=?", (document_id,)).fetchone()[0]
        has_id = conn.execute("SELECT journal_id FROM documents WHERE id=?", (document_id,)).fetchone()[0]
        if left == 0 and not has_id:
            conn.execute("DELETE FROM documents WHERE id=?", (document_id,))

    @staticmethod
    def _reopen(conn, document_id: int) -> None:
        """An edited confirmed document waits for the clerk's eyes again."""
        conn.execute("UPDATE documents SET status='awaiting_confirmation', confirmed_at=NULL"
                     " WHERE id=? AND status='confirmed'", (document_id,))
