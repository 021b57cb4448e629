import sqlite3

import pytest

from scanstation.journal import Journal, JournalError
from scanstation.journal.schema import SCHEMA_VERSION


def test_new_journal_is_wal_with_foreign_keys_and_versioned(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    assert journal.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert journal.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert journal.schema_version() == SCHEMA_VERSION
    for table in ("batches", "pages", "documents", "document_pages", "exports", "events"):
        assert table in journal.db.table_names()
    journal.close()
    # Opening again does not migrate twice.
    assert Journal(tmp_path / "j.sqlite").schema_version() == SCHEMA_VERSION


def test_journal_from_a_newer_scanstation_is_refused_untouched(tmp_path):
    path = tmp_path / "j.sqlite"
    journal = Journal(path)
    journal.conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    journal.close()
    before = path.read_bytes()
    with pytest.raises(JournalError, match="newer ScanStation"):
        Journal(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_and_garbage_are_refused(tmp_path):
    foreign = tmp_path / "other.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE x(y)").connection.commit()
    with pytest.raises(JournalError, match="not a ScanStation journal"):
        Journal(foreign)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(JournalError):
        Journal(garbage)


def test_event_log_is_append_only(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    journal.record_event("anna", "test", "x:1", {"a": 1})
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        journal.conn.execute("UPDATE events SET actor='eve'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        journal.conn.execute("DELETE FROM events")
    assert journal.events("x:1")[0]["actor"] == "anna"


def _document(journal: Journal) -> int:
    batch = journal.start_batch("KOEGE1", "files", {}, "anna")
    seq = journal.next_page_seq(batch)
    _, doc = journal.record_page(batch, {
        "seq": seq, "file_path": f"pages/b{batch}/{seq}.png", "sha256": "0" * 64, "bytes": 1,
        "captured_at": "2026-11-23T10:00:00+00:00", "device": "files", "sheet": 1, "side": "front",
        "width": 10, "height": 10, "dpi": 100, "mode": "L"}, new_document=True, started_by="file", actor="anna")
    return doc


def test_journal_ids_are_gap_free_per_station_and_year_and_stick_to_their_document(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    docs = [_document(journal) for _ in range(3)]
    assert journal.assign_journal_id(docs[0], "KOEGE1", 2026) == "KOEGE1-2026-000001"
    assert journal.assign_journal_id(docs[1], "KOEGE1", 2026) == "KOEGE1-2026-000002"
    # Asking again (a retried export) gives the same id and uses no number.
    assert journal.assign_journal_id(docs[0], "KOEGE1", 2026) == "KOEGE1-2026-000001"
    assert journal.assign_journal_id(docs[2], "KOEGE1", 2027) == "KOEGE1-2027-000001"
    other = _document(journal)
    assert journal.assign_journal_id(other, "KOEGE2", 2026) == "KOEGE2-2026-000001"
