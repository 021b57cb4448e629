"""A sheet is left out of the PDF only when it is a sheet: a genuine (signed) cover or
separator code on a page that also carries a letter's text keeps the page in the letter,
routes nothing and warns the clerk. Real pages, the real reader and real Tesseract."""

from __future__ import annotations

import json

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from scanstation.capture.demo_letters import demo_letters, render_letter_page
from scanstation.ocr import OcrWord
from scanstation.recognition.coversheet import (
    CoverSheet, Separator, encode_payload, render_cover_sheet_image, render_separator_sheet_image,
)  # fmt: skip
from scanstation.recognition.sheet_text import carries_letter_text
from scanstation.station import Station

from .pages import write_pages
from tests.signing import TEST_SITE_KEY, signed_settings

DPI = 200


def _words(text: str, conf: float = 90.0) -> list[OcrWord]:
    return [OcrWord(w, 0, 0, 10, 10, conf, 1, 1, 1, i) for i, w in enumerate(text.split())]


def test_a_sheets_own_words_and_its_recipients_name_are_not_a_letter():
    sheet = CoverSheet("borgerservice", "2017-0289209", "aktindsigt", "Haster: ring til Anna i dag")
    printed = ("FORSIDE / COVER SHEET Læg dette ark foran brevet / Put this sheet in front of the letter "
               "Modtager Borgerservice Køge Kommune Modtager-id borgerservice Sagsnr. 2017-0289209 "
               "Dokumenttype aktindsigt Note Haster: ring til Anna i dag "
               "SSCS1|r=borgerservice|c=2017-0289209|t=aktindsigt|s=ABCDEFGH "
               "ScanStation forside: koderne bærer de samme data som teksten ovenfor.")
    code = encode_payload(sheet, TEST_SITE_KEY)
    assert not carries_letter_text(_words(printed), sheet=sheet, code_texts=[code])
    letter = ("Kære Borgerservice. Jeg skriver fordi min ansøgning om boligstøtte endnu ikke er "
              "behandlet, selvom jeg sendte den for tre måneder siden. Med venlig hilsen Hansen")
    assert carries_letter_text(_words(printed + " " + letter), sheet=sheet, code_texts=[code])
    # Words Tesseract is unsure of (a QR code's modules read as letters) are not a letter.
    assert not carries_letter_text(_words(letter, conf=30), sheet=sheet)


def _with_code(image: Image.Image, text: str) -> Image.Image:
    made = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
    code = Image.fromarray(np.array(zxingcpp.write_barcode_to_image(made, scale=4))).convert("L")
    image = image.copy()
    image.paste(code, (image.width - code.width - 40, 30))
    return image


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """signed cover sheet (jobcenter) | letter A | letter B with a signed cover code for byggeri
    printed on it | letter C with a signed separator code on it. With OCR, as a station runs."""
    tmp = tmp_path_factory.mktemp("letter-text")
    letters = [item for item in demo_letters(8, seed=11) if item.page_count == 1][:3]
    pages = [
        render_cover_sheet_image(CoverSheet("jobcenter", "2017-0289209"), "Jobcenter", dpi=DPI, key=TEST_SITE_KEY),
        render_letter_page(letters[0], 1, DPI, "gray"),
        _with_code(render_letter_page(letters[1], 1, DPI, "gray"), encode_payload(CoverSheet("byggeri"), TEST_SITE_KEY)),
        _with_code(render_letter_page(letters[2], 1, DPI, "gray"), encode_payload(Separator(), TEST_SITE_KEY)),
    ]
    stack = write_pages(tmp / "stak.tif", [p.convert("L") for p in pages], dpi=DPI)
    station = Station.open(tmp / "data", signed_settings(station_id="KOEGE1", operator="anna"))
    result = station.intake().import_files([stack])
    yield station, result
    station.close()


def test_a_real_signed_cover_sheet_read_by_ocr_is_still_a_sheet(imported):
    station, result = imported
    first = station.journal.document(result.documents[0])
    entries = station.journal.document_pages(first.id)
    assert [e.included for e in entries] == [False, True]  # the sheet is left out, the letter kept
    assert entries[0].excluded_reason == "cover_sheet" and first.recipient_id == "jobcenter"
    assert station.journal.page_ocr(entries[0].page.id) is None  # a sheet's words are no letter's text
    assert json.loads(entries[0].page.analysis)["sheet_warnings"] == []


@pytest.mark.parametrize("index, kind", [(1, "cover_sheet"), (2, "separator")])
def test_a_signed_code_on_a_letters_page_keeps_the_page_and_routes_nothing(imported, index, kind):
    station, result = imported
    assert len(result.documents) == 3  # the genuine codes still mark where letters begin
    doc = station.journal.document(result.documents[index])
    entries = station.journal.document_pages(doc.id)
    assert [e.included for e in entries] == [True] and doc.started_by == kind
    facts = json.loads(entries[0].page.analysis)
    assert facts["letter_text"] is True
    assert len(facts["sheet_warnings"]) == 1 and "a letter's text" in facts["sheet_warnings"][0]
    assert doc.recipient_id is None  # byggeri from the code was not applied
    assert json.loads(doc.suggestion or "{}").get("recipient", {}).get("why") != "cover_sheet"
    assert station.journal.page_ocr(entries[0].page.id)["ok"]  # the letter's text is kept and searchable
    events = station.journal.conn.execute(
        "SELECT detail FROM events WHERE action='sheet_code_warning' AND subject=?",
        (f"page:{entries[0].page.id}",)).fetchall()
    assert len(events) == 1


def test_the_clerk_sees_the_warning_on_the_letter_in_the_batch_panel(qtbot, imported):
    from scanstation.ui.batch_panel import BatchPanel, snapshot

    station, result = imported
    panel = BatchPanel()
    qtbot.addWidget(panel)
    panel.show_documents(snapshot(station.journal, result.batch_id))
    items = [panel.topLevelItem(i) for i in range(panel.topLevelItemCount())]
    assert [item.text(0).startswith("⚠") for item in items] == [False, True, True]
    assert "was not used" in items[1].toolTip(0) and "a letter's text" in items[1].toolTip(0)
    assert "a cover or separator sheet code" not in items[0].toolTip(0)
