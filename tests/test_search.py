"""Finding letters by their OCR text and the journal's fields, on a real journal."""

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest

from scanstation.journal import Journal
from scanstation.journal.editing import DocumentEditor
from scanstation.search import FTS_MIGRATION, fts_query, index_document, rebuild_index, search_documents

CPR = "010190-1234"


@dataclass
class FakeOcr:
    text: str
    ok: bool = True
    problem: str | None = None
    languages: str = "dan"
    text_layer_pdf: bytes | None = None
    seconds: float = 0.1

    def words_json(self) -> list:
        return []


def open_journal(path) -> Journal:
    journal = Journal(path / "journal.db")
    if not journal.conn.execute("SELECT 1 FROM sqlite_master WHERE name='document_text_fts'").fetchone():
        with journal.transaction() as conn:  # until migration 4 is in schema.py
            for statement in FTS_MIGRATION:
                conn.execute(statement)
    return journal


def add_letter(journal: Journal, texts: list[str], *, confirm: dict | None = None, clerk: str = "anna") -> int:
    batch = journal.start_batch("KOEGE1", "files", {}, "anna")
    document = None
    for i, text in enumerate(texts):
        seq = journal.next_page_seq(batch)
        page_id, document = journal.record_page(batch, {
            "seq": seq, "file_path": f"pages/b{batch}/{seq}.png", "sha256": "0" * 64, "bytes": 1,
            "captured_at": "2026-11-23T10:00:00+00:00", "device": "files", "sheet": seq, "side": "front",
            "width": 10, "height": 10, "dpi": 100, "mode": "L"}, new_document=i == 0, started_by="file",
            actor="anna")
        journal.record_ocr(page_id, FakeOcr(text))
    journal.finish_batch(batch, "anna")
    if confirm is not None:
        journal.conn.execute("INSERT OR IGNORE INTO recipients(id, name) VALUES (?, ?)",
                             (confirm["recipient_id"], confirm["recipient_id"]))
        journal.confirm_document(document, confirm, clerk)
    return document


@pytest.fixture
def journal(tmp_path):
    journal = open_journal(tmp_path)
    yield journal
    journal.close()


@pytest.fixture
def letters(journal):
    return {
        "housing": add_letter(journal, ["Ansøgning om boligstøtte", "Vedlagt lønsedler for oktober"],
                              confirm={"recipient_id": "borgerservice", "received_date": "2026-11-02",
                                       "case_number": "27.12.00-G01-1-26", "cpr": CPR}),
        "heating": add_letter(journal, ["Faktura for varme, betales senest 1. december"],
                              confirm={"recipient_id": "okonomi", "received_date": "2026-10-15"}, clerk="bo"),
        "geese": add_letter(journal, ["Klage over gæs og gås på marken"]),
        "unread": add_letter(journal, [""]),
    }


def ids(hits) -> list[int]:
    return [h.document_id for h in hits]


def test_a_danish_word_finds_its_letter_with_a_snippet_and_its_pages(journal, letters):
    hits = search_documents(journal, text="boligstøtte", actor="anna")
    assert ids(hits) == [letters["housing"]]
    hit = hits[0]
    assert "[boligstøtte]" in hit.snippet
    assert hit.recipient_id == "borgerservice" and hit.status == "confirmed" and hit.received_date == "2026-11-02"
    assert [p.file_path for p in hit.pages] == [p.page.file_path for p in journal.document_pages(hit.document_id)]
    # Words from every included page count, and æøå are letters of their own.
    assert ids(search_documents(journal, text="lønsedler oktober ", actor="anna")) == [letters["housing"]]
    assert ids(search_documents(journal, text="gås ", actor="anna")) == [letters["geese"]]
    assert search_documents(journal, text="gas ", actor="anna") == []


def test_the_last_word_is_a_prefix_while_typing(journal, letters):
    assert ids(search_documents(journal, text="bolig", actor="anna")) == [letters["housing"]]
    assert ids(search_documents(journal, text="faktura var", actor="anna")) == [letters["heating"]]
    assert search_documents(journal, text="bolig ", actor="anna") == []  # a finished word is whole


@pytest.mark.parametrize("typed", ['"', '"bolig', "AND", "boligstøtte AND", "OR NOT", "*", "bolig*", "(", ")",
                                   "NEAR(a b)", "text:bolig", "^bolig", "-", "'", "a + b", "{x}", "\\", "\x00"])
def test_query_syntax_in_what_the_user_types_is_just_text(journal, letters, typed):
    hits = search_documents(journal, text=typed, actor="anna")
    assert isinstance(hits, list)


def test_user_words_are_quoted_for_fts():
    assert fts_query('say "AND" now') == '"say" "AND" "now"*'
    assert fts_query("J.nr. 27.12.00 ") == '"J nr" "27 12 00"'
    assert fts_query('" * ( ') is None


def test_filters_combine_with_text_and_each_other(journal, letters):
    def find(**criteria):
        return ids(search_documents(journal, actor="anna", **criteria))

    assert find(recipient="borgerservice") == [letters["housing"]]
    assert find(text="faktura", recipient="borgerservice") == []
    assert find(received_from="2026-10-01", received_to=date(2026, 10, 31)) == [letters["heating"]]
    assert find(received_from="2026-10-15", received_to="2026-11-02") == [letters["heating"], letters["housing"]]  # newest first
    assert find(clerk="bo") == [letters["heating"]]
    assert find(case_number="27.12.00-G01-1-26", text="bolig") == [letters["housing"]]
    assert find(status="awaiting_confirmation") == [letters["unread"], letters["geese"]]
    today = datetime.now(timezone.utc).date()
    assert len(find(scanned_from=today, scanned_to=today)) == 4
    assert find(scanned_to="2000-01-01") == []
    assert find(journal_id="KOEGE1-2026-000001") == []
    journal_id = journal.assign_journal_id(letters["heating"], "KOEGE1", 2026)
    assert find(journal_id=journal_id, text="varme") == [letters["heating"]]
    assert len(search_documents(journal, actor="anna", limit=2)) == 2


def test_cpr_search_is_for_supervisors_and_audited_without_the_number(journal, letters):
    with pytest.raises(PermissionError, match="supervisor"):
        search_documents(journal, text=None, cpr=CPR, actor="anna")
    assert not [e for e in journal.events() if e["action"] == "cpr_search"]

    hits = search_documents(journal, cpr="0101901234", role="supervisor", actor="sara")
    assert ids(hits) == [letters["housing"]]
    audits = [e for e in journal.events() if e["action"] == "cpr_search"]
    assert [(e["actor"], e["subject"]) for e in audits] == [("sara", "search")]
    assert "010190-****" in audits[0]["detail"]
    for event in journal.events():
        assert "1234" not in event["detail"], event
    with pytest.raises(ValueError):
        search_documents(journal, cpr="not a number", role="supervisor", actor="sara")


def test_the_index_follows_edits_and_a_rebuild_gives_the_same_index(journal, letters):
    editor = DocumentEditor(journal, "anna")
    pages = journal.document_pages(letters["housing"])
    editor.exclude_page(pages[1].page.id)  # the payslips left out of the PDF: not found any more
    assert search_documents(journal, text="lønsedler", actor="anna") == []
    editor.include_page(pages[1].page.id)
    assert ids(search_documents(journal, text="lønsedler", actor="anna")) == [letters["housing"]]
    editor.move_page(pages[1].page.id, letters["geese"], 1)
    assert ids(search_documents(journal, text="lønsedler", actor="anna")) == [letters["geese"]]
    journal.record_ocr(pages[0].page.id, FakeOcr("Ansøgning om boligsikring"))  # read again
    assert search_documents(journal, text="boligstøtte", actor="anna") == []

    def index():
        return journal.conn.execute("SELECT rowid, text FROM document_text_fts ORDER BY rowid").fetchall()

    incremental = index()
    assert rebuild_index(journal) == len(incremental) == 3
    assert index() == incremental
    with journal.transaction() as conn:
        for document_id in letters.values():
            index_document(conn, document_id)
    assert index() == incremental


def test_the_migration_fills_the_index_of_an_existing_journal(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    with journal.transaction() as conn:  # a journal from before search, whatever schema.py says now
        for name in ("document_text_fts",):
            conn.execute(f"DROP TABLE IF EXISTS {name}")
        for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'fts_%'"
                                       ).fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")
        for index in ("documents_received", "batches_started"):
            conn.execute(f"DROP INDEX IF EXISTS {index}")
    old = add_letter(journal, ["Ansøgning om boligstøtte"])
    journal.close()
    journal = open_journal(tmp_path)
    assert ids(search_documents(journal, text="boligstøtte", actor="anna")) == [old]
    journal.close()


def test_cpr_numbers_in_snippets_are_masked():
    from scanstation.search import mask_cprs_in_text

    assert mask_cprs_in_text("Sagsnr.: 2015-2654300 CPR-nr.: 050557-1234 og 0101901234") == \
        "Sagsnr.: 2015-2654300 CPR-nr.: 050557-**** og 010190****"
    assert mask_cprs_in_text("Tlf. 12 58 28 26, konto 1234 5678901234") == "Tlf. 12 58 28 26, konto 1234 5678901234"
