"""A letter's draft (what the clerk typed, not yet confirmed) lives in the journal until the letter is confirmed."""

from __future__ import annotations

import sqlite3

from scanstation.journal import Journal
from scanstation.journal.drafts import Draft, Drafts, last_confirmed_routing
from scanstation.journal.editing import DocumentEditor

from .test_journal import _document


def test_a_draft_survives_closing_the_journal_and_goes_when_the_letter_is_confirmed(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    doc = _document(journal)
    assert Drafts(journal).save(Draft(doc, {"recipient": "teknik-miljoe", "case_number": "2024-0012345",
                                            "received": "2.12.2026"}, frozenset({"recipient", "case_number"}), "anna"))
    journal.close()

    journal = Journal(tmp_path / "j.sqlite")
    draft = Drafts(journal).get(doc)
    assert draft.fields["case_number"] == "2024-0012345" and draft.fields["received"] == "2.12.2026"
    assert draft.touched == {"recipient", "case_number"} and draft.operator == "anna"
    journal.finish_batch(journal.document(doc).batch_id, "anna")
    journal.confirm_document(doc, {"recipient_id": "teknik-miljoe"}, "anna")
    assert Drafts(journal).get(doc) is None
    # A save queued behind the confirmation does not bring the draft back.
    assert not Drafts(journal).save(Draft(doc, {"note": "late"}, frozenset({"note"}), "anna"))
    assert Drafts(journal).get(doc) is None
    assert last_confirmed_routing(journal) == {"recipient_id": "teknik-miljoe", "document_type": None}


def test_a_letter_merged_away_takes_its_draft_with_it(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    first = _document(journal)
    batch = journal.document(first).batch_id
    _, second = journal.record_page(batch, {
        "seq": 2, "file_path": f"pages/b{batch}/2.png", "sha256": "1" * 64, "bytes": 1,
        "captured_at": "2026-11-23T10:00:00+00:00", "device": "files", "sheet": 2, "side": "front",
        "width": 10, "height": 10, "dpi": 100, "mode": "L"}, new_document=True, started_by="file", actor="anna")
    drafts = Drafts(journal)
    drafts.save(Draft(second, {"note": "x"}, frozenset({"note"}), "anna"))
    drafts.save(Draft(first, {"note": "y"}, frozenset({"note"}), "anna"))
    assert set(drafts.waiting()) == {first, second}
    DocumentEditor(journal, "anna").merge_with_next(first)
    assert drafts.get(second) is None and drafts.get(first).fields == {"note": "y"}
    drafts.discard(first)
    assert drafts.waiting() == []


def test_an_old_journal_gets_the_drafts_table_when_opened(tmp_path):
    path = tmp_path / "j.sqlite"
    Journal(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE drafts")
        conn.execute("DROP TRIGGER IF EXISTS drafts_confirmed")
        conn.execute("DROP TRIGGER IF EXISTS drafts_document_gone")
        conn.execute("DROP INDEX documents_returned")  # and migration 10 (returned mail)
        conn.execute("DROP INDEX documents_returned_waiting")
        for column in ("return_mail", "return_reason"):
            conn.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        conn.execute("DROP INDEX documents_exceptions")  # and migration 9 (exceptions, versions)
        for column in ("exception_reason", "exception_at", "exception_by", "version"):
            conn.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        conn.execute("ALTER TABLE exports DROP COLUMN version")
        conn.execute("UPDATE meta SET value='7' WHERE key='schema_version'")
    journal = Journal(path)
    assert journal.schema_version() == 10 and "drafts" in journal.db.table_names()
