"""Field extraction and CPR numbers, fuzzed: any text (OCR's or a barcode's) gives fields
without an exception, every CPR number found is a real one in the one spelling the journal
and the sidecar use, and the JSON for them masks it."""

from __future__ import annotations

import json
import re

from hypothesis import example, given
from hypothesis import strategies as st

from scanstation.cpr import mask_cpr, normalize_cpr
from scanstation.recognition.fields import extract_fields

_pieces = st.sampled_from(["CPR-nr.: ", "Sagsnr. ", "010190-1234", "0101901234", "010190 1234", "310299-9999",
                           "2017-0289209", "13/44080", "Køge, 12. november 2026", "RETUR", "4600 Køge", "\n", " ",
                           "٠١٠١٩٠-١٢٣٤", "O1O19O-1234", "\u200f", "\x00", "-", "/", "."])
texts = st.text(max_size=400) | st.lists(_pieces | st.text(max_size=6), max_size=30).map("".join)


@given(texts)
@example("CPR-nr.: ٠١٠١٩٠-١٢٣٤")
@example("010100-10000AA0101001000")  # found by the fuzzing: a longer number that starts like the CPR found
def test_any_text_gives_fields_and_only_real_cpr_numbers(text):
    fields = extract_fields(text)
    for found in fields.cprs:
        assert re.fullmatch(r"\d{6}-\d{4}", found.value, re.ASCII) and normalize_cpr(found.value) == found.value
    masked = json.dumps(fields.to_json())
    for found in fields.cprs:
        # The number as a number (not the first ten digits of a longer one, "010100-10000").
        birth, serial = found.value.split("-")
        as_number = re.compile(rf"(?<![0-9]){birth}\s*[-\u2013]?\s*{serial}(?![0-9])")
        assert not as_number.search(masked) and mask_cpr(found.value) in masked


@given(st.text(max_size=20))
def test_a_cpr_number_is_normalised_to_ascii_or_refused(text):
    value = normalize_cpr(text)
    assert value is None or re.fullmatch(r"\d{6}-\d{4}", value, re.ASCII)


def test_digits_of_other_scripts_are_no_cpr_number():
    # Regression: `\d` matched Arabic-Indic digits, so "٠١٠١٩٠-١٢٣٤" became a CPR number that no
    # search for 010190-1234 finds.
    assert normalize_cpr("٠١٠١٩٠-١٢٣٤") is None
    assert extract_fields("CPR-nr.: ٠١٠١٩٠-١٢٣٤").cprs == []


def test_a_cpr_number_in_the_sender_block_is_masked_too():
    # Regression (found by the fuzzing): Fields.to_json() masked the CPR list but left the same
    # number in the sender's address block.
    fields = extract_fields("010190-1234 Jens Hansen\nStrandvejen 1\n4600 Køge\n")
    assert fields.sender is not None and "010190-1234" in fields.sender.value
    assert "010190-1234" not in json.dumps(fields.to_json())
    assert "010190-1234" in json.dumps(fields.to_json(include_cpr=True))
