"""Cover and separator sheets: the code text, hostile codes, and printed sheets read back."""

import logging

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from scanstation.recognition.barcodes import read_barcodes
from scanstation.recognition.coversheet import (
    CoverSheet, Separator, code128_module_mm, encode_payload, parse_payload, render_cover_sheet_image,
    render_cover_sheet_pdf, render_cover_sheets_pdf, render_separator_sheet_image, render_separator_sheet_pdf,
    sheets_on_page,
)  # fmt: skip
from scanstation.recognition.patchcode import detect_patch_code
from tests.signing import TEST_SITE_KEY

SHEETS = [
    CoverSheet("jobcenter"),
    CoverSheet("jobcenter", "2017-0289209", "ansøgning"),
    CoverSheet("borgerservice", "13/44080", "klage", "Ring 50% | a=b, æøå – «ok» 100%"),
    CoverSheet("teknik-miljoe", "00.01.00-A00-1-26", None, "Haster"),
]


@pytest.mark.parametrize("sheet", SHEETS)
def test_payload_round_trip(sheet):
    text = encode_payload(sheet)
    assert text.startswith("SSCS1|r=") and text.isascii() and text.isprintable()
    assert parse_payload(text) == sheet


def test_separator_round_trip():
    assert encode_payload(Separator()) == "SSSEP1"
    assert parse_payload("SSSEP1") == Separator()


@pytest.mark.parametrize("fields", [
    {"recipient_id": "../etc"}, {"recipient_id": "Jobcenter"}, {"recipient_id": "a" * 65},
    {"recipient_id": "x", "case_number": "../../etc/passwd"}, {"recipient_id": "x", "case_number": "/etc"},
    {"recipient_id": "x", "case_number": "12\\34"}, {"recipient_id": "x", "case_number": "1" * 41},
    {"recipient_id": "x", "document_type": "a/b"}, {"recipient_id": "x", "note": "a\nb"},
    {"recipient_id": "x", "note": "n" * 121},
])  # fmt: skip
def test_invalid_sheets_cannot_be_made(fields):
    with pytest.raises(ValueError):
        CoverSheet(**fields)


def test_foreign_codes_are_ignored_quietly(caplog):
    with caplog.at_level(logging.DEBUG, logger="scanstation.coversheet"):
        for text in ("5701234567899", "https://example.dk/?r=jobcenter", "sscs1|r=jobcenter", "XSCS1|r=a", ""):
            assert parse_payload(text) is None
    assert caplog.records == []


HOSTILE = [
    ("SSCS1|r=../../etc/passwd", "recipient id"),
    ("SSCS1|r=jobcenter|c=..%2F..%2Fetc", "case number"),
    ("SSCS1|r=jobcenter|c=/etc/passwd", "case number"),
    ("SSCS1|r=job\\center", "escaped"),
    ("SSCS1|r=jobcenter|c=2017%5C0289", "case number"),
    ("SSCS1|r=jobcenter\x00", "printable ASCII"),
    ("SSCS1|r=jobcenter|n=%00", "control"),
    ("SSCS1|r=jobcenter|n=" + "A" * 10_000, "more than"),
    ("SSCS1|r=jobcenter|n=" + "A" * 121, "note longer"),
    ("SSCS2|r=jobcenter", "unknown format version 2"),
    ("SSSEP7", "unknown format version 7"),
    ("SSCSx|r=jobcenter", "malformed prefix"),
    ("SSCS1|r=jobcenter|n=<script>alert(1)</script>", "escaped"),
    ("SSCS1|r=jobcenter'; DROP TABLE documents;--", "escaped"),
    ("SSCS1|r=jobcenter|c=1' OR '1'='1", "escaped"),
    ("SSCS1|r=jobcenter|n=%FF%FE", "UTF-8"),
    ("SSCS1|r=jobcenter|n=\ufffd\ufffd", "printable ASCII"),
    ("SSCS1|r=jobcenter|n=%G1", "%-escape"),
    ("SSCS1|r=jobcenter|n=abc%4", "%-escape"),
    ("SSCS1|r=jobcenter|x=1", "unknown field"),
    ("SSCS1|r=jobcenter|r=skole", "twice"),
    ("SSCS1|r=jobcenter|c", "without '='"),
    ("SSCS1", "no recipient"),
    ("SSCS1|c=2017-0289209", "no recipient"),
    ("SSSEP1|r=jobcenter", "no fields"),
]


@pytest.mark.parametrize("text, reason", HOSTILE)
def test_our_prefix_but_bad_is_rejected_with_a_logged_reason(text, reason, caplog):
    with caplog.at_level(logging.WARNING, logger="scanstation.coversheet"):
        assert parse_payload(text) is None
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and reason in record.getMessage()
    assert len(record.getMessage()) < 400  # a 10 kB code is not copied into the log


def test_rejected_code_never_logs_a_cpr_number(caplog):
    with caplog.at_level(logging.WARNING, logger="scanstation.coversheet"):
        assert parse_payload("SSCS1|r=jobcenter|c=010190-1234|n=CPR 0101901234%00") is None
    message = caplog.records[0].getMessage()
    assert "010190" not in message and "1234" not in message and "##" in message


def test_sheets_on_page_counts_the_qr_and_code128_once():
    text, separator = encode_payload(SHEETS[1], TEST_SITE_KEY), encode_payload(Separator(), TEST_SITE_KEY)
    assert sheets_on_page([text, "5701234567899", text, separator], TEST_SITE_KEY) == [SHEETS[1], Separator()]


def _skew(image: Image.Image, degrees: float) -> Image.Image:
    return image.rotate(degrees, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)


def _scanned(image: Image.Image, seed: int = 0) -> Image.Image:
    a = np.asarray(image, dtype=np.float32) * 0.9 + 12 + np.random.default_rng(seed).normal(0, 6, image.size[::-1])
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("turn", [0, 180, 3])
def test_printed_cover_sheet_reads_back(dpi, turn):
    sheet = SHEETS[1]
    page = _scanned(_skew(render_cover_sheet_image(sheet, "Jobcenter Eksempelby", dpi=dpi, key=TEST_SITE_KEY), turn) if turn else
                    render_cover_sheet_image(sheet, "Jobcenter Eksempelby", dpi=dpi, key=TEST_SITE_KEY))  # fmt: skip
    found = read_barcodes(page)
    assert {c.symbology for c in found} == {"QRCODE", "CODE128"}
    assert all(parse_payload(c.value) == sheet for c in found)  # each code alone is enough
    assert detect_patch_code(page, dpi) is None


def test_long_note_goes_in_the_qr_code_only():
    sheet = CoverSheet("borgerservice", "2017-0289209", "dokumentation", "Vedr. boligstøtte – " + "x" * 90)
    assert code128_module_mm(encode_payload(sheet, TEST_SITE_KEY)) is None
    found = read_barcodes(render_cover_sheet_image(sheet, dpi=200, key=TEST_SITE_KEY))
    assert [(c.symbology, parse_payload(c.value)) for c in found] == [("QRCODE", sheet)]


def test_pdfs_are_pdf_and_one_page_per_sheet():
    many = render_cover_sheets_pdf([(s, None) for s in SHEETS], key=TEST_SITE_KEY)
    for data, pages in ((render_cover_sheet_pdf(SHEETS[0], key=TEST_SITE_KEY), 1), (many, len(SHEETS)), (render_separator_sheet_pdf(key=TEST_SITE_KEY), 1)):
        assert data.startswith(b"%PDF")
        assert len(pypdfium2.PdfDocument(data)) == pages
    with pytest.raises(ValueError):
        render_cover_sheets_pdf([], key=TEST_SITE_KEY)


@pytest.mark.parametrize("dpi, turn", [(200, 0), (300, 180), (200, 90)])
def test_separator_sheet_is_found_by_code_and_by_patch_t(dpi, turn):
    page = _scanned(render_separator_sheet_image(dpi=dpi, key=TEST_SITE_KEY).rotate(turn, expand=True))
    assert sheets_on_page((c.value for c in read_barcodes(page)), TEST_SITE_KEY) == [Separator()]
    assert detect_patch_code(page, dpi) == "T"
