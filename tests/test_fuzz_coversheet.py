"""Cover-sheet code text, fuzzed: every sheet that can be made prints a code that reads back as
the same sheet, and no text a barcode can carry is taken as a sheet unless it is one exactly."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from scanstation.recognition.coversheet import (
    MAX_PAYLOAD,
    CoverSheet,
    Separator,
    encode_payload,
    parse_payload,
    read_sheet_codes,
)
from tests.signing import OTHER_SITE_KEY, TEST_SITE_KEY

recipient_ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,63}", fullmatch=True)
case_numbers = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9./-]{0,39}", fullmatch=True).filter(
    lambda c: ".." not in c and "//" not in c)
document_types = st.from_regex(r"[^\W_][\w .-]{0,39}", fullmatch=True).filter(lambda t: ".." not in t)
notes = st.text(max_size=120).filter(str.isprintable)


def _sheet_or_none(*values):
    try:
        return CoverSheet(*values)
    except ValueError:  # a long non-ASCII note: the sheet cannot be made (tested below)
        return None


sheets = st.builds(_sheet_or_none, recipient_ids, st.none() | case_numbers, st.none() | document_types,
                   st.none() | notes).filter(lambda sheet: sheet is not None)


@given(recipient_ids, st.none() | case_numbers, st.none() | document_types, st.none() | notes)
@example("jobcenter", "2017-0289209", "ansøgning", "Ring efter 14 | 50% af 3/4 ≠ æøå 😀")
@example("a", None, None, "")
def test_every_sheet_that_can_be_made_reads_back_as_itself(recipient, case, kind, note):
    sheet = _sheet_or_none(recipient, case, kind, note)
    assume(sheet is not None)
    text = encode_payload(sheet)
    assert text.isascii() and text.isprintable() and len(text) <= MAX_PAYLOAD
    assert parse_payload(text) == sheet


def test_a_sheet_whose_code_would_be_too_long_cannot_be_made():
    # Regression: a 120-character Danish note escaped to ~1,000 characters; the sheet printed,
    # but every scan of it was refused as "more than 400 characters": the letter was not routed.
    with pytest.raises(ValueError, match="shorten the note"):
        CoverSheet("jobcenter", note="æ" * 120)


@pytest.mark.parametrize("field", ["recipient_id", "case_number", "document_type"])
def test_a_value_ending_in_a_line_break_is_refused(field):
    # Regression: `$` in the checks matched before a final "\n", so CoverSheet("abc\n") was made
    # and printed a code that no scan reads back.
    values = {"recipient_id": "abc", "case_number": "2017-1", "document_type": "klage"}
    values[field] += "\n"
    with pytest.raises(ValueError):
        CoverSheet(**values)


@given(st.text(max_size=500))
@example("SSCS1|r=abc\n")
@example("SSCS1|r=abc|r=def")
@example("SSCS1|r=abc|c=%2")
@example("SSCS1|r=abc|n=%FF")
@example("SSCS1|r=ABC")
@example("SSCS01|r=abc")
@example("SSCS1 |r=abc")
@example("SSSEP1|x")
@example("SSSEP1\x00")
@example("SSCS1|r=abc|c=..%2F..%2Fetc")
def test_arbitrary_text_is_a_valid_sheet_or_nothing(text):
    _check_outcome(text, parse_payload(text))


# Text built to look like ours: our prefixes, our keys, escapes good and bad, separators.
_pieces = st.sampled_from(["SSCS", "SSSEP", "1", "2", "|", "=", "r", "c", "t", "n", "s", "|s=ABCDEFGH", "%",
                           "%C3%B8", "%2", "%G0",
                           "abc", "2017-0289209", "010190-1234", "..", "/", " ", "\x00", "\u202e", "ø", "\ud800"])
lookalikes = st.lists(_pieces, max_size=20).map("".join).map(lambda s: ("SSCS1|r=" if s[:1] == "|" else "") + s)


@given(lookalikes)
def test_text_that_looks_like_ours_is_a_valid_sheet_or_nothing(text):
    _check_outcome(text, parse_payload(text))


@given(sheets.flatmap(lambda s: st.tuples(st.just(s), st.integers(0, 400), st.sampled_from(["drop", "dup", "flip"]),
                                          st.characters())))
def test_a_damaged_code_is_a_valid_sheet_or_nothing(case):
    sheet, position, how, char = case
    text = encode_payload(sheet)
    position %= len(text)
    damaged = {"drop": text[:position] + text[position + 1:], "dup": text[:position + 1] + text[position:],
               "flip": text[:position] + char + text[position + 1:]}[how]
    _check_outcome(damaged, parse_payload(damaged))


def _check_outcome(text: str, result) -> None:
    """None, or a sheet whose code is exactly what was read (up to escape spelling and field order)."""
    if result is None:
        return
    assert isinstance(result, (CoverSheet, Separator))
    assert text.isascii() and text.isprintable() and len(text) <= MAX_PAYLOAD
    assert parse_payload(encode_payload(result)) == result
    if isinstance(result, Separator):
        assert re.fullmatch(r"SSSEP1(\|s=[A-Z2-7]{8})?", text)
    else:
        assert text.startswith("SSCS1|r=") or "|r=" in text


@given(sheets.flatmap(lambda s: st.tuples(st.just(s), st.integers(0, 400), st.sampled_from(["drop", "dup", "flip"]),
                                          st.characters())))
def test_a_signed_code_changed_in_any_way_is_refused(case):
    """The signature covers every character: a code that routes is exactly the one printed."""
    sheet, position, how, char = case
    text = encode_payload(sheet, TEST_SITE_KEY)
    assert read_sheet_codes([text], TEST_SITE_KEY).sheets == (sheet,)
    assert read_sheet_codes([text], OTHER_SITE_KEY).sheets == ()
    position %= len(text)
    damaged = {"drop": text[:position] + text[position + 1:], "dup": text[:position + 1] + text[position:],
               "flip": text[:position] + char + text[position + 1:]}[how]
    trusted = read_sheet_codes([damaged], TEST_SITE_KEY).sheets
    assert trusted == () or damaged == text
