"""The received date as clerks type it, read exactly or not at all.

The received date starts the legal clock (a reply within 7 days), so a text that is not
a date is refused with a reason, never turned into some other day. What clerks type:

    2026-12-02   20261202          ISO, with or without dashes
    2.12.2026    02.12.26          day first, "." "/" or "-" between, two-digit years are 20xx
    02122026     021226            day, month, year run together
    2/12  2.12   0212              day and month: the latest such day that is not in the future
    i dag  today  i går  yesterday  i forgårs   and  -3 (three days ago)
    mandag ... søndag, monday ... sunday: the latest such day, today included

`check_received_date` says what is doubtful about a date that did parse: a received date
in the future, or before the date the letter itself carries.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

FUTURE = "future"
BEFORE_LETTER = "before_letter"
FAR_PAST = "far_past"  # more than a year ago: a typing slip in the year, most likely

_WORDS = {
    "idag": 0, "today": 0, "nu": 0, "now": 0,
    "igår": 1, "igar": 1, "igaar": 1, "yesterday": 1,
    "iforgårs": 2, "iforgars": 2, "iforgaars": 2,
}
_WEEKDAYS = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "man": 0, "tir": 1, "ons": 2, "tor": 3, "fre": 4, "lør": 5, "søn": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
_SEPARATED = re.compile(r"(\d{1,4})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*(\d{1,4}))?\s*[.]?")
_DAYS_AGO = re.compile(r"-\s*(\d{1,3})")
MIN_YEAR, MAX_YEAR = 1900, 2199


class NotADate(ValueError):
    """The text is not a date this module reads; `reason` says why, in English, for logs and tests."""


def parse_received_date(text: str, today: date) -> date:
    """The date the clerk meant by `text`, or NotADate. Never a nearby or corrected date."""
    raw = " ".join(text.split()).casefold()
    if not raw:
        raise NotADate("empty")
    word = raw.replace(" ", "").rstrip(".")
    if word in _WORDS:
        return today - timedelta(days=_WORDS[word])
    if word in _WEEKDAYS:
        return today - timedelta(days=(today.weekday() - _WEEKDAYS[word]) % 7)
    ago = _DAYS_AGO.fullmatch(raw)
    if ago:
        return today - timedelta(days=int(ago[1]))
    if raw.isdigit():
        return _digits(raw, today)
    separated = _SEPARATED.fullmatch(raw)
    if separated:
        first, second, third = separated.groups()
        if third is None:  # day and month
            return _latest(int(first), int(second), today) if len(first) <= 2 else _fail(text)
        if len(first) == 4:  # 2026-12-02
            return _make(int(first), int(second), int(third), text)
        if len(first) <= 2 and len(third) in (2, 4):  # 2.12.2026, 2.12.26
            return _make(_full_year(third), int(second), int(first), text)
    return _fail(text)


def _digits(raw: str, today: date) -> date:
    if len(raw) == 8:
        # DDMMYYYY or YYYYMMDD: never both valid (a year must start 19-21, no month is 19-21).
        for year, month, day in ((raw[4:], raw[2:4], raw[:2]), (raw[:4], raw[4:6], raw[6:])):
            try:
                return _make(int(year), int(month), int(day), raw)
            except NotADate:
                continue
        return _fail(raw)
    if len(raw) == 6:  # DDMMYY
        return _make(_full_year(raw[4:]), int(raw[2:4]), int(raw[:2]), raw)
    if len(raw) == 4:  # DDMM
        return _latest(int(raw[:2]), int(raw[2:]), today)
    if len(raw) in (1, 2):  # a day of this month (or the last month, when it is still to come)
        return _latest_day(int(raw), today)
    return _fail(raw)


def _full_year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _make(year: int, month: int, day: int, text: str) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NotADate(f"year {year} out of range in {text!r}")
    try:
        return date(year, month, day)
    except ValueError:
        raise NotADate(f"no such day: {text!r}") from None


def _latest(day: int, month: int, today: date) -> date:
    """Day and month without a year: this year's, or last year's when this year's is to come
    (a letter received "30.12" and typed on 2 January was received last year)."""
    text = f"{day}.{month}"
    for year in (today.year, today.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            if month == 2 and day == 29:
                continue  # 29 February exists in some years: try the previous one
            raise NotADate(f"no such day: {text!r}") from None
        if candidate <= today:
            return candidate
    raise NotADate(f"no such day in the last year: {text!r}")


def _latest_day(day: int, today: date) -> date:
    month_start = today.replace(day=1)
    for start in (month_start, (month_start - timedelta(days=1)).replace(day=1)):
        try:
            candidate = start.replace(day=day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise NotADate(f"no such day: {day!r}")


def _fail(text: str) -> date:
    raise NotADate(f"not a date: {text!r}")


def check_received_date(received: date, today: date, letter_date: date | None = None) -> list[str]:
    """What a clerk should be asked about before the date is recorded (empty: nothing)."""
    doubts = []
    if received > today:
        doubts.append(FUTURE)
    if letter_date is not None and received < letter_date:
        doubts.append(BEFORE_LETTER)
    if received < today - timedelta(days=366):
        doubts.append(FAR_PAST)
    return doubts


def letter_date_of(fields: dict) -> date | None:
    """The letter's own date from a document's recognised fields ({"letter_date": {"value": ISO}})."""
    found = fields.get("letter_date") if isinstance(fields, dict) else None
    value = found.get("value") if isinstance(found, dict) else None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
