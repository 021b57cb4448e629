"""A letter split by the clerk while the scanner feeds on: the pages that follow go to the
letter being scanned, not to the part split off, and only a letter the scanner has passed can
be confirmed (found playing a clerk's day, tests/test_ui_clerk_day.py)."""

from __future__ import annotations

import pytest

from scanstation.journal import Journal, JournalError
from scanstation.journal.editing import DocumentEditor


def feed(journal: Journal, batch: int, sheet: int, *, separator: bool = False) -> int:
    """One page from the scanner; a separator sheet starts a letter. Returns its document."""
    seq = journal.next_page_seq(batch)
    _, document = journal.record_page(batch, {
        "seq": seq, "file_path": f"pages/b{batch}/{seq}.png", "sha256": f"{seq:064d}", "bytes": 1,
        "captured_at": "2026-12-06T10:00:00+00:00", "device": "demo", "sheet": sheet, "side": "front",
        "width": 10, "height": 10, "dpi": 100, "mode": "L", "origin": f"demo ADF sheet {sheet} front"},
        new_document=separator, started_by="separator", actor="anna",
        included=not separator, excluded_reason="separator" if separator else None)
    return document


def sheets(journal: Journal, document: int) -> list[int]:
    return [entry.page.sheet for entry in journal.document_pages(document)]


def test_pages_after_a_split_go_to_the_letter_being_scanned(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    batch = journal.start_batch("KOEGE1", "demo", {}, "anna")  # open, and this program is scanning it
    letter = feed(journal, batch, 1, separator=True)
    for sheet in (2, 3, 4):
        feed(journal, batch, sheet)
    following = feed(journal, batch, 5, separator=True)  # the next letter has begun
    split_off = DocumentEditor(journal, "anna").split_document(letter, 3)  # the clerk: sheets 3, 4 are another letter
    assert feed(journal, batch, 6) == following
    assert sheets(journal, letter) == [1, 2] and sheets(journal, split_off) == [3, 4]
    assert sheets(journal, following) == [5, 6]

    # The part split off is whole (a later page is in another letter); the letter the scanner
    # is in is not, though it is older than the part split off.
    journal.confirm_document(split_off, {"recipient_id": "jobcenter"}, "anna")
    with pytest.raises(JournalError, match="still being scanned"):
        journal.confirm_document(following, {"recipient_id": "jobcenter"}, "anna")


def test_a_split_of_the_letter_being_scanned_leaves_its_next_pages_with_the_part_they_follow(tmp_path):
    journal = Journal(tmp_path / "j.sqlite")
    batch = journal.start_batch("KOEGE1", "demo", {}, "anna")
    letter = feed(journal, batch, 1, separator=True)
    feed(journal, batch, 2)
    feed(journal, batch, 3)
    split_off = DocumentEditor(journal, "anna").split_document(letter, 3)
    feed(journal, batch, 4)
    assert sheets(journal, letter) == [1, 2] and sheets(journal, split_off) == [3, 4]
    journal.confirm_document(letter, {"recipient_id": "jobcenter"}, "anna")
