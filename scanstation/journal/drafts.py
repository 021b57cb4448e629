"""What the clerk typed into a letter's form before confirming it (the `drafts` table).

A draft belongs to one letter and outlives everything the clerk does in between: looking at
another page or letter, the settings, the supervisor's window, a restart. It goes when the
letter is confirmed (a trigger in the same transaction: see schema migration 8), and a draft
is only ever written for a letter that can still be confirmed, so a save that was queued
behind the confirmation cannot bring it back.

No audit event per keystroke: the confirmation records what was decided. A draft may hold a
CPR number the clerk typed, as the document row does once confirmed; it is never logged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .journal import Journal, utc_now

FIELDS = ("recipient", "case_number", "document_type", "received", "cpr", "note")
OPEN_STATUSES = ("captured", "awaiting_confirmation", "failed")


@dataclass(frozen=True)
class Draft:
    document_id: int
    fields: dict[str, str] = field(default_factory=dict)  # field -> value as left in the form
    touched: frozenset[str] = frozenset()  # the fields the clerk changed
    operator: str = ""
    updated_at: str = ""


class Drafts:
    """The drafts in one journal."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def save(self, draft: Draft) -> bool:
        """Keep the draft, replacing the letter's last one. False (nothing written) when the
        letter is confirmed, exported or gone: there is nothing left to type into."""
        values = {k: str(v) for k, v in draft.fields.items() if k in FIELDS and v is not None}
        touched = sorted(t for t in draft.touched if t in FIELDS)
        with self.journal.transaction() as conn:
            status = conn.execute("SELECT status FROM documents WHERE id=?", (draft.document_id,)).fetchone()
            if status is None or status[0] not in OPEN_STATUSES:
                return False
            conn.execute(
                "INSERT INTO drafts(document_id, fields, touched, operator, updated_at) VALUES (?,?,?,?,?)"
                " ON CONFLICT(document_id) DO UPDATE SET fields=excluded.fields, touched=excluded.touched,"
                " operator=excluded.operator, updated_at=excluded.updated_at",
                (draft.document_id, json.dumps(values, ensure_ascii=False), json.dumps(touched),
                 draft.operator, utc_now()))
        return True

    def get(self, document_id: int) -> Draft | None:
        row = self.journal.conn.execute(
            "SELECT fields, touched, operator, updated_at FROM drafts WHERE document_id=?", (document_id,)).fetchone()
        if row is None:
            return None
        try:
            values, touched = json.loads(row[0]), json.loads(row[1])
        except ValueError:  # written by us, so never; but a draft is not worth a crash
            return None
        return Draft(document_id, {k: str(v) for k, v in values.items() if k in FIELDS},
                     frozenset(t for t in touched if t in FIELDS), row[2], row[3])

    def discard(self, document_id: int) -> None:
        """The clerk threw the typing away (or it was confirmed by other means)."""
        with self.journal.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE document_id=?", (document_id,))

    def waiting(self) -> list[int]:
        """The letters that have a draft, oldest first."""
        return [r[0] for r in self.journal.conn.execute("SELECT document_id FROM drafts ORDER BY updated_at, document_id")]


def last_confirmed_routing(journal: Journal) -> dict[str, str | None] | None:
    """Recipient and document type of the letter confirmed last ("same as previous letter")."""
    row = journal.conn.execute(
        "SELECT recipient_id, document_type FROM documents WHERE confirmed_at IS NOT NULL"
        " AND recipient_id IS NOT NULL ORDER BY confirmed_at DESC, id DESC LIMIT 1").fetchone()
    return {"recipient_id": row[0], "document_type": row[1]} if row else None
