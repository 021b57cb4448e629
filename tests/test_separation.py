"""Splitting a prepared stack into letters: cover sheets, separator sheets, patch codes, blank backs."""

from __future__ import annotations

import json

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from scanstation.analysis import PageAnalysis
from scanstation.capture.base import ScannedPage
from scanstation.capture.demo_letters import demo_letters, render_blank_back, render_letter_page
from scanstation.recognition.coversheet import CoverSheet, render_cover_sheet_image, render_separator_sheet_image
from scanstation.recognition.patchcode import render_patch_sheet_image
from scanstation.separation import DocumentSplitter, parse_strategy

from .cli_run import scanstation, scanstation_json
from tests.signing import TEST_SITE_KEY, signed_settings

DPI = 150


def page(group: str = "", side: str = "front") -> ScannedPage:
    return ScannedPage(image=Image.new("L", (10, 10), 255), sheet=1, side=side, group=group)


def placements(splitter, analyses, pages=None):
    pages = pages or [page() for _ in analyses]
    return [splitter.place(p, a) for p, a in zip(pages, analyses)]


TEXT, BLANK = PageAnalysis(), PageAnalysis(blank=True)
PATCH_T, SEPARATOR = PageAnalysis(patch_code="T"), PageAnalysis(separator_sheet=True)
COVER = PageAnalysis(cover_sheet=CoverSheet("jobcenter", "13/44080"))


def test_separators_start_documents_and_are_left_out():
    result = placements(DocumentSplitter(), [COVER, TEXT, BLANK, TEXT, PATCH_T, TEXT, SEPARATOR, COVER, TEXT])
    assert [p.new_document for p in result] == [True, False, False, False, True, False, True, False, False]
    assert [p.started_by for p in result if p.new_document] == ["cover_sheet", "patch_T", "separator"]
    assert [p.excluded_reason for p in result] == [
        "cover_sheet", None, "blank", None, "separator", None, "separator", "cover_sheet", None]
    # A separator sheet followed by a cover sheet is one boundary, and the cover sheet still routes it.
    assert result[7].document_fields["recipient_id"] == "jobcenter"


def test_cover_sheets_can_be_kept_and_blank_pages_too():
    result = placements(DocumentSplitter(keep_cover_sheets=True, drop_blank_pages=False), [COVER, TEXT, BLANK])
    assert [p.included for p in result] == [True, True, True]


def test_other_strategies():
    blank = placements(DocumentSplitter("blank_page"), [TEXT, TEXT, BLANK, TEXT, PATCH_T])
    assert [p.new_document for p in blank] == [True, False, True, False, False]
    fixed = placements(DocumentSplitter("fixed_pages:2"), [TEXT] * 5)
    assert [p.new_document for p in fixed] == [True, False, True, False, True]
    per_scan = placements(DocumentSplitter("per_scan"), [TEXT, PATCH_T, COVER, TEXT])
    assert [p.new_document for p in per_scan] == [True, False, False, False]
    files = placements(DocumentSplitter("per_scan"), [TEXT, TEXT, TEXT], [page("a"), page("a"), page("b")])
    assert [p.new_document for p in files] == [True, False, True]
    with pytest.raises(ValueError, match="unknown separation"):
        parse_strategy("by_magic")
    with pytest.raises(ValueError, match="page count|fixed_pages:N"):
        parse_strategy("fixed_pages:0")


def foreign_barcode_letter(letter) -> Image.Image:
    """A letter that carries its own barcode (a sender's QR code and a Code 39 reference)."""
    image = render_letter_page(letter, 1, DPI, "gray").copy()
    for fmt, value, box in ((zxingcpp.BarcodeFormat.QRCode, "https://example.dk/sag/4711", (900, 80)),
                            (zxingcpp.BarcodeFormat.Code39, "REF4711", (80, 1500))):
        made = zxingcpp.create_barcode(value, fmt)
        code = Image.fromarray(np.array(zxingcpp.write_barcode_to_image(made, scale=3))).convert("L")
        image.paste(code, box)
    return image


@pytest.fixture(scope="module")
def prepared_stack(tmp_path_factory):
    """cover sheet | letter (2 pages) | separator sheet | letter with foreign codes | blank back |
    patch T sheet | letter turned upside down."""
    letters = demo_letters(6, seed=3)
    two_pages = next(item for item in letters if item.page_count >= 2)
    others = [item for item in letters if item is not two_pages]
    pages = [
        render_cover_sheet_image(CoverSheet("jobcenter", "2017-0289209", "ansøgning"), "Jobcenter", dpi=DPI, key=TEST_SITE_KEY),
        render_letter_page(two_pages, 1, DPI, "gray"), render_letter_page(two_pages, 2, DPI, "gray"),
        render_separator_sheet_image(dpi=DPI, key=TEST_SITE_KEY),
        foreign_barcode_letter(others[0]), render_blank_back(DPI, "gray", seed=1),
        render_patch_sheet_image("T", dpi=DPI),
        render_letter_page(others[1], 1, DPI, "gray").rotate(180),
    ]
    path = tmp_path_factory.mktemp("stack") / "stak.tif"
    pages = [p.convert("L") for p in pages]
    pages[0].save(path, format="TIFF", save_all=True, append_images=pages[1:], dpi=(DPI, DPI), compression="tiff_lzw")
    return path


def test_a_prepared_stack_becomes_the_right_letters(tmp_path, prepared_stack):
    drop = tmp_path / "drop"
    drop.mkdir()
    done = scanstation(tmp_path, "--json", "--drop", str(drop), "process", str(prepared_stack), "--auto-confirm")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    docs = summary["documents"]
    assert [d["started_by"] for d in docs] == ["cover_sheet", "separator", "patch_T"]
    assert [d["pages"] for d in docs] == [2, 1, 1]  # separators and the blank back left out
    assert docs[0]["left_out"] == [{"page": 1, "reason": "cover_sheet"}]
    assert {"page": 3, "reason": "blank"} in docs[1]["left_out"]
    # The letter's own barcodes are recorded, and did not split it.
    assert {b["value"] for b in docs[1]["barcodes"]} >= {"https://example.dk/sag/4711", "REF4711"}
    # The cover sheet routed the first letter: confirmed automatically and exported.
    assert docs[0]["recipient"] == "jobcenter" and docs[0]["case_number"] == "2017-0289209"
    assert docs[0]["status"] == "exported" and docs[0]["journal_id"]
    assert [d["status"] for d in docs[1:]] == ["awaiting_confirmation"] * 2
    # The upside-down letter is turned upright.
    pages = scanstation_json(tmp_path, "documents")["documents"]
    assert pages[2]["pages"] == 1


def test_the_upside_down_page_is_recorded_turned(tmp_path, prepared_stack):
    from scanstation.station import Station

    station = Station.open(tmp_path / "data", signed_settings(station_id="KOEGE1", operator="anna"))
    result = station.intake().import_files([prepared_stack])
    last = station.journal.document_pages(result.documents[-1], included_only=True)[0].page
    assert last.rotation == 180
    station.close()


def test_coversheet_command_prints_sheets_that_route(tmp_path):
    out = tmp_path / "cover.pdf"
    done = scanstation(tmp_path, "coversheet", "--recipient", "byggeri", "--recipient", "skole",
                       "--case", "13/44080", "-o", str(out))
    assert done.returncode == 0, done.stderr
    import pikepdf
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
    bad = scanstation(tmp_path, "coversheet", "--recipient", "nosuch", "-o", str(out))
    assert bad.returncode == 1 and "unknown recipient" in bad.stderr


def test_process_streams_each_finished_letter_to_the_drop_folder_while_the_scan_goes_on(tmp_path):
    """Each letter is exported as soon as the next one begins, not after the whole stack."""
    import sqlite3

    from .cli_run import cli_env

    drop = tmp_path / "drop"
    drop.mkdir()
    env = cli_env(tmp_path, SCANSTATION_DEMO_LETTERS="3")
    done = scanstation(tmp_path, "--drop", str(drop), "process", "--device", "demo", "--recipient", "fordeling",
                       env=env)
    assert done.returncode == 0, done.stderr
    assert len(list(drop.glob("*.json"))) == 3
    with sqlite3.connect(tmp_path / "data" / "journal.sqlite") as conn:
        actions = [row[0] for row in conn.execute("SELECT action FROM events ORDER BY id")]
    # Two letters went out before the scanner had fed the last sheet.
    assert actions.index("batch_complete") > [i for i, a in enumerate(actions) if a == "document_exported"][1]
