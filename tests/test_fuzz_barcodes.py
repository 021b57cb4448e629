"""Whatever a barcode on a letter carries, fuzzed: it is read, classified and stored without an
exception; only one of our own well-formed codes makes a page a cover sheet or a separator;
no CPR number reaches the log.

The real path: the text is printed as a QR code with zxing-cpp, the page is analysed as any
page is (analysis.analyze_page: zxing-cpp, patch-code search, our codes), the analysis goes
into the journal's JSON and the barcodes into the sidecar, and the splitter places the page.
"""

from __future__ import annotations

import json
import logging
import re

import numpy as np
import zxingcpp
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from scanstation.analysis import AnalysisOptions, PageAnalysis, analyze_page
from scanstation.capture.base import ScannedPage
from scanstation.export.sidecar import encode_sidecar
from scanstation.recognition.barcodes import Barcode
from scanstation.recognition.coversheet import CoverSheet, Separator, encode_payload, parse_payload, sheets_on_page
from scanstation.recognition.fields import extract_fields
from scanstation.separation import DocumentSplitter
from tests.signing import OTHER_SITE_KEY, TEST_SITE_KEY

CPR = "010190-1234"  # a valid CPR number (1 January 1990)
CPR_IN_LOG = re.compile(r"0101\D?90\D?-?\D?1234|0101901234")

# Texts a letter's own codes, a forger or a damaged print might carry.
_shapes = st.sampled_from([
    "SSCS1|r=jobcenter", f"SSCS1|r=jobcenter|c={CPR}", f"SSCS1|r={CPR}", f"SSCS1|r=a|n={CPR}%00", "SSSEP1",
    "SSSEP1 ", "SSSEP2", "SSSEP1|r=a", "SSCS1|", "SSCS1|r=", "SSCS1|r=a|c=..%2F", "SSCS9|r=a", "sscs1|r=a",
    "SSCS1|r=a|r=b", "SSCS1|r=a|x=1", "PATCHT", "patcht", CPR, "0101901234", '{"cpr": "010190-1234"}',
    "\x00", "\u202e", "\u200f", "\ufeff", "%", "|", "=", "😀", "ø", "\r\n", "\t",
])
payloads = st.one_of(
    st.text(max_size=300),
    st.lists(_shapes | st.text(max_size=8), max_size=8).map("".join),
    st.builds(encode_payload, st.builds(CoverSheet, st.from_regex(r"[a-z][a-z0-9]{0,9}", fullmatch=True),
                                        st.none() | st.just("2017-0289209")),
              st.sampled_from([None, TEST_SITE_KEY, OTHER_SITE_KEY])),  # unsigned, ours, another site's
)
OPTIONS = AnalysisOptions(detect_orientation=False, site_key=TEST_SITE_KEY)


def _trusted(content) -> CoverSheet | Separator | None:
    """What the text routes as: one of our sheets only when signed with this site's key."""
    found = sheets_on_page([content], TEST_SITE_KEY) if isinstance(content, str) else []
    return found[0] if found else None


def _qr_page(content: str | bytes) -> Image.Image:
    code = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode)
    symbol = Image.fromarray(np.asarray(code.to_image(scale=3, add_quiet_zones=True)))
    page = Image.new("L", (symbol.width + 120, symbol.height + 120), 255)
    page.paste(symbol, (60, 60))
    return page


def _through_the_station(analysis: PageAnalysis) -> None:
    """What intake, the splitter and the exporter do with a page's analysis and codes."""
    stored = json.dumps(analysis.to_json(), ensure_ascii=False).encode("utf-8")  # the journal row
    codes = json.loads(stored)["barcodes"]
    sidecar = encode_sidecar({"barcodes": [{"page": 1, "symbology": b["symbology"], "value": b["value"]}
                                           for b in codes]})
    assert [b["value"] for b in json.loads(sidecar)["barcodes"]] == [b.value for b in analysis.barcodes]
    placement = DocumentSplitter("separators").place(ScannedPage(Image.new("L", (8, 8), 255), 1), analysis)
    if analysis.separator_kind is not None:
        assert not placement.included
    for code in analysis.barcodes:
        extract_fields(code.value)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payloads | st.binary(max_size=200))
@example(b"\xff\xfe\x00abc\xed\xa0\x80")
@example(f"SSCS1|r=a|n={CPR}\x00")
@example("SSSEP1\x00")
def test_any_code_on_a_page_is_read_and_stored_and_only_ours_route_it(caplog, content):
    try:
        page = _qr_page(content)
    except Exception:  # more than a QR code holds
        return
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="scanstation"):
        analysis = analyze_page(page, 100, OPTIONS)
        _through_the_station(analysis)
    meant = _trusted(content)
    looks_ours = isinstance(content, str) and parse_payload(content) is not None
    assert bool(analysis.sheet_warnings) == (looks_ours and meant is None)  # a look-alike is told
    assert analysis.cover_sheet == (meant if isinstance(meant, CoverSheet) else None)
    site_separator = any(b.value.strip().upper() == "PATCHT" for b in analysis.barcodes)
    assert analysis.separator_sheet == (isinstance(meant, Separator) or site_separator)
    assert not CPR_IN_LOG.search(caplog.text)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(payloads | st.text(min_size=5000, max_size=10_000), max_size=4))
@example([f"SSCS1|r=a|c={CPR}" + "x" * 500, CPR * 1000])
def test_any_text_a_reader_returns_is_classified_and_stored(caplog, values):
    """The same without the image, for what a QR code cannot hold: 10 kB strings, any character."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="scanstation"):
        barcodes = tuple(Barcode("QRCODE", value, (0, 0, 10, 10), "zxing") for value in values)
        ours = sheets_on_page(values, TEST_SITE_KEY)
        for sheet in ours:
            assert sheet == parse_payload(encode_payload(sheet)) and any(_trusted(v) == sheet for v in values)
        cover = next((s for s in ours if isinstance(s, CoverSheet)), None)
        separator = any(isinstance(s, Separator) for s in ours)
        _through_the_station(PageAnalysis(barcodes=barcodes, cover_sheet=cover, separator_sheet=separator))
    assert not CPR_IN_LOG.search(caplog.text)
