"""The received date is read as the clerk typed it, or refused: never another day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanstation.received_date import (
    BEFORE_LETTER, FAR_PAST, FUTURE, NotADate, check_received_date, letter_date_of, parse_received_date,
)

TODAY = date(2026, 12, 5)  # a Saturday


@pytest.mark.parametrize("typed, meant", [
    ("2026-12-02", date(2026, 12, 2)),
    ("2026-12-03", date(2026, 12, 3)),
    ("2026-12-2", date(2026, 12, 2)),
    ("20261202", date(2026, 12, 2)),
    ("2.12.2026", date(2026, 12, 2)),
    ("02.12.2026", date(2026, 12, 2)),
    ("2.12.26", date(2026, 12, 2)),
    ("2/12/2026", date(2026, 12, 2)),
    ("2-12-2026", date(2026, 12, 2)),
    ("02122026", date(2026, 12, 2)),
    ("021226", date(2026, 12, 2)),
    ("2/12", date(2026, 12, 2)),
    ("2.12", date(2026, 12, 2)),
    ("2.12.", date(2026, 12, 2)),
    ("0212", date(2026, 12, 2)),
    (" 2 . 12 . 2026 ", date(2026, 12, 2)),
    ("2", date(2026, 12, 2)),
    ("30.11", date(2026, 11, 30)),
    ("i dag", TODAY), ("idag", TODAY), ("today", TODAY), ("I DAG", TODAY),
    ("i går", TODAY - timedelta(days=1)), ("igår", TODAY - timedelta(days=1)),
    ("yesterday", TODAY - timedelta(days=1)), ("i forgårs", TODAY - timedelta(days=2)),
    ("-3", TODAY - timedelta(days=3)),
    ("fredag", date(2026, 12, 4)), ("lørdag", TODAY), ("monday", date(2026, 11, 30)),
    ("2026-12-24", date(2026, 12, 24)),  # the future is read as typed (and questioned, below)
])
def test_what_clerks_type_is_read_as_they_meant_it(typed, meant):
    assert parse_received_date(typed, TODAY) == meant


def test_a_day_and_month_still_to_come_this_year_is_last_years():
    assert parse_received_date("30.12", date(2027, 1, 2)) == date(2026, 12, 30)
    assert parse_received_date("31", date(2027, 1, 2)) == date(2026, 12, 31)
    with pytest.raises(NotADate):
        parse_received_date("29.2", date(2026, 3, 1))  # no 29 February in 2026 or 2025


@pytest.mark.parametrize("typed", [
    "", "   ", "31.02.2026", "2026-02-30", "2026-13-01", "32.12", "13/13", "2026-12", "12345", "1234567",
    "2.12.202", "0000-00-00", "00.00.0000", "tomorrow", "i morgen", "2026-12-02x", "2,12,2026", "1.1.1800",
    "99999999", "2026/12/02/01", "--3", "12.2026",
])
def test_what_is_not_a_date_is_refused_not_replaced(typed):
    with pytest.raises(NotADate):
        parse_received_date(typed, TODAY)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
def test_every_written_form_of_a_date_reads_back_as_that_date(day):
    for text in (day.isoformat(), day.strftime("%Y%m%d"), f"{day.day}.{day.month}.{day.year}",
                 day.strftime("%d%m%Y"), f"{day.day}/{day.month}/{day.year}"):
        assert parse_received_date(text, TODAY) == day, text


@given(st.text(max_size=12))
def test_any_text_gives_a_date_or_a_refusal_never_a_crash(text):
    try:
        result = parse_received_date(text, TODAY)
    except NotADate:
        return
    assert isinstance(result, date)


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)))
def test_a_day_and_month_is_never_in_the_future(today):
    for offset in range(0, 400, 37):
        day = today - timedelta(days=offset)
        if (day.month, day.day) == (2, 29):
            continue
        got = parse_received_date(f"{day.day}.{day.month}", today)
        assert got <= today and (got.month, got.day) == (day.month, day.day) and today - got < timedelta(days=366)


def test_a_date_in_the_future_or_before_the_letter_is_questioned():
    assert check_received_date(TODAY, TODAY) == []
    assert check_received_date(TODAY + timedelta(days=1), TODAY) == [FUTURE]
    assert check_received_date(date(2026, 11, 30), TODAY, letter_date=date(2026, 12, 1)) == [BEFORE_LETTER]
    assert check_received_date(date(2026, 12, 1), TODAY, letter_date=date(2026, 12, 1)) == []
    assert check_received_date(date(2025, 12, 1), TODAY) == [FAR_PAST]


def test_the_letters_own_date_comes_from_its_fields():
    assert letter_date_of({"letter_date": {"value": "2026-11-12", "confidence": 0.8}}) == date(2026, 11, 12)
    assert letter_date_of({"letter_date": None}) is None
    assert letter_date_of({"letter_date": {"value": "12.11.2026"}}) is None
    assert letter_date_of([]) is None
