"""A small mailroom batch with known letters, and the check that a crash changed none of them.

Three files as a scanner's scan-to-folder leaves them: two stacks (multi-page TIFF) whose
letters are separated by a Patch T sheet, our separator sheet and a cover sheet, and one
single-page letter in between, so a file boundary splits too. Every page says which letter
and page it is, so a PDF's text (with OCR) or its pages' origins (without) tell whether a
letter came out whole, once, in order.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from scanstation.recognition.coversheet import CoverSheet, render_cover_sheet_image, render_separator_sheet_image
from scanstation.recognition.patchcode import render_patch_sheet_image

from .pages import text_page, write_pages
from tests.signing import TEST_SITE_KEY

DPI = 100


def _letter(name: str, pages: int) -> list:
    return [text_page([f"Brev {name} side {n} af {pages}", "Kære kommune", "Med venlig hilsen"], dpi=DPI)
            for n in range(1, pages + 1)]


def mailroom_files(folder: Path) -> dict[str, list[tuple[str, int]]]:
    """Write the batch's files; returns each letter's pages as (file name, page number), in order."""
    write_pages(folder / "01-stak.tif", [
        render_patch_sheet_image("T", dpi=DPI), *_letter("A", 2),
        render_separator_sheet_image(dpi=DPI, key=TEST_SITE_KEY), *_letter("B", 1),
        render_cover_sheet_image(CoverSheet("jobcenter", "2024-17"), dpi=DPI, key=TEST_SITE_KEY), *_letter("C", 1)], dpi=DPI)
    write_pages(folder / "02-brev.png", _letter("D", 1), dpi=DPI)
    write_pages(folder / "03-stak.tif", [render_separator_sheet_image(dpi=DPI, key=TEST_SITE_KEY), *_letter("E", 3)], dpi=DPI)
    return {
        "A": [("01-stak.tif", 2), ("01-stak.tif", 3)],
        "B": [("01-stak.tif", 5)],
        "C": [("01-stak.tif", 7)],
        "D": [("02-brev.png", 1)],
        "E": [("03-stak.tif", 2), ("03-stak.tif", 3), ("03-stak.tif", 4)],
    }


PAGES_IN_FILES = {"01-stak.tif": 7, "02-brev.png": 1, "03-stak.tif": 4}
_ORIGIN = re.compile(r"^(?P<file>.+?)(?: page (?P<page>\d+)(?: of \d+)?)?$")


def where_from(origin: str) -> tuple[str, int]:
    """("01-stak.tif", 5) from "01-stak.tif page 5 of 7" (or "... page 5", as recovery writes it)."""
    match = _ORIGIN.match(origin)
    return match["file"], int(match["page"] or 1)


def journal_rows(data_dir: Path, sql: str, args: tuple = ()) -> list:
    with sqlite3.connect(f"file:{data_dir / 'journal.sqlite'}?mode=ro", uri=True) as conn:
        return conn.execute(sql, args).fetchall()


def exported_letters(data_dir: Path) -> dict[str, list[tuple[str, int]]]:
    """journal id -> the pages in its PDF, as (file, page), in order."""
    letters: dict[str, list] = {}
    for journal_id, origin in journal_rows(data_dir, (
            "SELECT d.journal_id, p.origin FROM documents d JOIN document_pages dp ON dp.document_id = d.id"
            " JOIN pages p ON p.id = dp.page_id WHERE d.status = 'exported' AND dp.included = 1"
            " ORDER BY d.id, dp.position")):
        letters.setdefault(journal_id, []).append(where_from(origin))
    return letters


def check_each_letter_once(data_dir: Path, drop: Path, expected: dict[str, list[tuple[str, int]]],
                           pages_in_files: dict[str, int] = PAGES_IN_FILES) -> None:
    """One PDF per letter, each letter whole and in order; every page of every file in the
    journal once and in a document; nothing half-written or temporary left behind."""
    pdfs = sorted(drop.glob("*.pdf"))
    letters = exported_letters(data_dir)
    assert sorted(letters.values()) == sorted(expected.values()), letters
    assert sorted(p.stem for p in pdfs) == sorted(letters), "one PDF per exported letter, no other"
    assert all(p.with_suffix(".json").exists() for p in pdfs)
    assert not [p for p in drop.iterdir() if p.name.startswith(".")]
    pages = [where_from(origin) for (origin,) in journal_rows(data_dir, "SELECT origin FROM pages")]
    assert sorted(pages) == sorted((f, n) for f, count in pages_in_files.items() for n in range(1, count + 1))
    assert journal_rows(data_dir, "SELECT COUNT(*) FROM pages p LEFT JOIN document_pages dp ON dp.page_id = p.id"
                                  " WHERE dp.page_id IS NULL") == [(0,)], "every page is in a document"
    assert journal_rows(data_dir, "SELECT COUNT(*) FROM documents WHERE status <> 'exported'") == [(0,)]
    leftovers = [p for p in (data_dir / "tmp").rglob("*") if p.is_file()] if (data_dir / "tmp").exists() else []
    leftovers += [p for p in (data_dir / "pages").rglob(".*")]
    assert not leftovers, leftovers
