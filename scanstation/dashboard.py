"""The supervisor's first screen, fast on a big journal: letters received per day and team,
what is waiting now, and the 7-day clock per team.

reports.py reads every document into Python, which suits a full report but takes seconds on a
journal of a million letters. Here SQLite counts, and only the rows that matter are visited: a
received-date range through the `documents_received` index, the letters still waiting through
`documents_status`. The definitions are those of reports.py (tests/test_dashboard.py compares
the two): a letter is a document with at least one page that goes into its PDF, dated by its
received date or, until a clerk gives one, by the local day its first page was scanned.
Journals are opened read-only, as for a report.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .reports import (APPROACHING_FROM, CLOCK_DAYS, NONE, RETURNED_MAIL_TYPE, ReportError, journal_files, local_day,
                      open_read_only)

NOT_CONFIRMED = ("captured", "awaiting_confirmation")
NOT_EXPORTED = ("confirmed", "failed")
WAITING = NOT_CONFIRMED + NOT_EXPORTED

_PAGES_IN_PDF = "(SELECT COUNT(*) FROM document_pages dp WHERE dp.document_id = d.id AND dp.included = 1)"
_HAS_PAGE_IN_PDF = "EXISTS (SELECT 1 FROM document_pages dp WHERE dp.document_id = d.id AND dp.included = 1)"
_UNDATED = "(d.received_date IS NULL OR d.received_date = '')"
# A literal, so SQLite can use the partial indexes of journal migration 10.
_RETURNED = f"d.document_type = '{RETURNED_MAIL_TYPE}'"


@dataclass(frozen=True)
class DailyCount:
    day: date
    team: str
    letters: int
    pages: int


@dataclass(frozen=True)
class UndatedLetter:
    """A letter without a received date yet: it counts on the day its first page was scanned."""
    team: str
    status: str
    day: date
    pages: int
    return_reason: str | None = None  # returned mail (document type returpost): its reason; else None


@dataclass(frozen=True)
class ExceptionLetter:
    """A letter a clerk parked as an exception: it waits for someone to decide."""
    journal: str  # the journal file's folder name: which station, when several are read
    document_id: int
    batch_id: int
    team: str
    reason: str
    parked_by: str
    parked_at: str
    pages: int


@dataclass(frozen=True)
class Dashboard:
    date_from: date
    date_to: date
    received: tuple[DailyCount, ...]  # by day, then team; days and teams without letters left out
    backlog: dict  # as reports.backlog(): not confirmed, not exported, failed, 7-day clock per team
    exceptions: tuple[ExceptionLetter, ...] = ()  # parked letters, oldest first (they count as not confirmed)
    # Returned mail, its own kind: (received day, team, reason) -> letters, as reports.returned_mail_counts
    returned: tuple[tuple[date, str, str, int], ...] = ()

    def teams(self) -> list[str]:
        """Teams by letters received in the range, most first; letters with no team yet last."""
        totals: Counter[str] = Counter()
        for count in self.received:
            totals[count.team] += count.letters
        return sorted(totals, key=lambda team: (team == NONE, -totals[team], team))


def load_dashboard(journals: list[Path], date_from: date, date_to: date, *, today: date | None = None) -> Dashboard:
    """The dashboard over one or more journals (counted each, then added up)."""
    if date_from > date_to:
        raise ReportError(f"the start date {date_from} is after the end date {date_to}")
    today = today or date.today()
    received: Counter[tuple[date, str]] = Counter()
    pages: Counter[tuple[date, str]] = Counter()
    waiting: Counter[tuple[str, str, date]] = Counter()
    exceptions: list[ExceptionLetter] = []
    returned: Counter[tuple[date, str, str]] = Counter()
    unclocked: Counter[tuple[str, str, date]] = Counter()
    for path in journal_files(journals):
        conn = open_read_only(path)
        try:
            undated = undated_letters(conn)
            for (day, team), (letters, page_count) in received_counts(conn, date_from, date_to, undated).items():
                received[day, team] += letters
                pages[day, team] += page_count
            waiting.update(waiting_counts(conn, undated))
            returned.update(returned_counts(conn, date_from, date_to, undated))
            unclocked.update(returned_waiting_counts(conn, undated))
            exceptions += exception_letters(conn, path.parent.name)
        except sqlite3.Error as exc:
            raise ReportError(f"{path}: not a readable ScanStation journal ({exc})") from exc
        finally:
            conn.close()
    rows = tuple(DailyCount(day, team, received[day, team], pages[day, team]) for day, team in sorted(received))
    return Dashboard(date_from, date_to, rows, backlog_summary(waiting, today, unclocked),
                     tuple(sorted(exceptions, key=lambda e: e.parked_at)),
                     tuple((day, team, reason, n) for (day, team, reason), n in sorted(returned.items()) if n))


def exception_letters(conn: sqlite3.Connection, journal: str) -> list[ExceptionLetter]:
    """The letters parked as exceptions (none in a journal older than exceptions: migration 9)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    if "exception_reason" not in columns:
        return []
    rows = conn.execute(
        f"SELECT d.id, d.batch_id, d.recipient_id, d.exception_reason, d.exception_by, d.exception_at, {_PAGES_IN_PDF}"
        " FROM documents d WHERE d.exception_reason IS NOT NULL ORDER BY d.exception_at, d.id")
    return [ExceptionLetter(journal, doc_id, batch, team or NONE, reason, by or "", at or "", pages)
            for doc_id, batch, team, reason, by, at, pages in rows]


def _return_reason_column(conn: sqlite3.Connection) -> str:
    """The returned-mail reason column, or NULL in a journal older than it (migration 10)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    return "d.return_reason" if "return_reason" in columns else "NULL"


def undated_letters(conn: sqlite3.Connection) -> list[UndatedLetter]:
    """Letters with no received date: the ones a clerk has not confirmed yet, as a rule few."""
    reason = _return_reason_column(conn)
    rows = conn.execute(
        "SELECT d.recipient_id, d.status, d.created_at,"
        " (SELECT MIN(p.captured_at) FROM document_pages dp JOIN pages p ON p.id = dp.page_id"
        "  WHERE dp.document_id = d.id),"
        f" {_PAGES_IN_PDF}, d.document_type, {reason} FROM documents d WHERE {_UNDATED}")
    return [UndatedLetter(team or NONE, status, local_day(captured_at or created_at), count,
                          (reason or "other") if kind == RETURNED_MAIL_TYPE else None)
            for team, status, created_at, captured_at, count, kind, reason in rows if count > 0]


def returned_counts(conn: sqlite3.Connection, date_from: date, date_to: date,
                    undated: list[UndatedLetter]) -> Counter[tuple[date, str, str]]:
    """(received day, team, reason) -> returned letters from date_from to date_to, both included."""
    counts: Counter[tuple[date, str, str]] = Counter()
    rows = conn.execute(
        f"SELECT d.received_date, d.recipient_id, COALESCE({_return_reason_column(conn)}, 'other'), COUNT(*)"
        " FROM documents d"
        f" WHERE d.received_date >= ? AND d.received_date < ? AND {_RETURNED} AND {_HAS_PAGE_IN_PDF}"
        " GROUP BY 1, 2, 3",
        (date_from.isoformat(), (date_to + timedelta(days=1)).isoformat()))
    for day, team, reason, letters in rows:
        counts[_iso_day(day), team or NONE, reason] += letters
    for letter in undated:
        if letter.return_reason is not None and date_from <= letter.day <= date_to:
            counts[letter.day, letter.team, letter.return_reason] += 1
    return counts


def returned_waiting_counts(conn: sqlite3.Connection, undated: list[UndatedLetter]) -> Counter[tuple[str, str, date]]:
    """(status, team, received day) -> returned letters not exported yet: they wait, but on no 7-day clock."""
    counts: Counter[tuple[str, str, date]] = Counter()
    rows = conn.execute(
        "SELECT d.status, d.recipient_id, d.received_date, COUNT(*) FROM documents d"
        f" WHERE d.status <> 'exported' AND {_RETURNED} AND NOT {_UNDATED} AND {_HAS_PAGE_IN_PDF}"
        " GROUP BY d.status, d.recipient_id, d.received_date")
    for status, team, day, letters in rows:
        counts[status, team or NONE, _iso_day(day)] += letters
    for letter in undated:
        if letter.return_reason is not None and letter.status in WAITING:
            counts[letter.status, letter.team, letter.day] += 1
    return counts


def received_counts(conn: sqlite3.Connection, date_from: date, date_to: date,
                    undated: list[UndatedLetter]) -> dict[tuple[date, str], tuple[int, int]]:
    """(day, team) -> (letters, pages) received from date_from to date_to, both included."""
    counts: dict[tuple[date, str], tuple[int, int]] = {}
    # MATERIALIZED: each document's pages are counted once, not again for each use of the count.
    rows = conn.execute(
        "WITH received AS MATERIALIZED ("
        f" SELECT d.received_date AS day, d.recipient_id AS team, {_PAGES_IN_PDF} AS pages FROM documents d"
        "  WHERE d.received_date >= ? AND d.received_date < ?)"
        " SELECT day, team, COUNT(*), SUM(pages) FROM received WHERE pages > 0 GROUP BY day, team",
        (date_from.isoformat(), (date_to + timedelta(days=1)).isoformat()))
    for day, team, letters, pages in rows:
        _add(counts, (_iso_day(day), team or NONE), letters, pages)
    for letter in undated:
        if date_from <= letter.day <= date_to:
            _add(counts, (letter.day, letter.team), 1, letter.pages)
    return counts


def waiting_counts(conn: sqlite3.Connection, undated: list[UndatedLetter]) -> Counter[tuple[str, str, date]]:
    """(status, team, received day) -> letters not exported yet."""
    counts: Counter[tuple[str, str, date]] = Counter()
    # `status <> 'exported'` and grouping by the bare columns in index order let SQLite read the
    # partial index `documents_waiting` (journal migration 5) alone, without sorting.
    rows = conn.execute(
        "SELECT d.status, d.recipient_id, d.received_date, COUNT(*) FROM documents d"
        f" WHERE d.status <> 'exported' AND NOT {_UNDATED} AND {_HAS_PAGE_IN_PDF}"
        " GROUP BY d.status, d.recipient_id, d.received_date")
    for status, team, day, letters in rows:
        counts[status, team or NONE, _iso_day(day)] += letters
    for letter in undated:
        if letter.status in WAITING:
            counts[letter.status, letter.team, letter.day] += 1
    return counts


def backlog_summary(waiting: Counter[tuple[str, str, date]], today: date,
                    unclocked: Counter[tuple[str, str, date]] | None = None) -> dict:
    """What waits now, in the shape of reports.backlog(). `unclocked`: the waiting letters on no
    7-day clock (returned mail), counted in what waits but not on the clock."""
    unclocked = unclocked or Counter()
    def summary(statuses: tuple[str, ...]) -> dict:
        days = [day for (status, _team, day), n in waiting.items() if status in statuses and n]
        oldest = min(days, default=None)
        return {"count": sum(n for (status, _t, _d), n in waiting.items() if status in statuses),
                "oldest_received": oldest.isoformat() if oldest else None,
                "oldest_age_days": (today - oldest).days if oldest else None}

    clock: dict[str, dict[str, int]] = {}
    for (status, team, day), n in waiting.items():
        n -= unclocked.get((status, team, day), 0)
        age = (today - day).days
        if age >= APPROACHING_FROM and n > 0:
            kind = "overdue" if age > CLOCK_DAYS else "approaching"
            clock.setdefault(team, {"approaching": 0, "overdue": 0})[kind] += n
    return {
        "today": today.isoformat(),
        "not_confirmed": summary(NOT_CONFIRMED),
        "not_exported": summary(NOT_EXPORTED),
        "failed_exports": sum(n for (status, _t, _d), n in waiting.items() if status == "failed"),
        "clock": {team: clock[team] for team in sorted(clock)},
        "approaching": sum(c["approaching"] for c in clock.values()),
        "overdue": sum(c["overdue"] for c in clock.values()),
    }


def _iso_day(text: str) -> date:
    """The journal writes received dates as YYYY-MM-DD (a time after it is ignored)."""
    return date.fromisoformat(text[:10])


def _add(counts: dict, key, letters: int, pages: int) -> None:
    before = counts.get(key, (0, 0))
    counts[key] = (before[0] + letters, before[1] + pages)
