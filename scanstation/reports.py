"""Counts for the supervisor: letters and pages per day, clerk, team and station, from journals.

Journals are opened read-only (an SQLite `mode=ro` URI) and never migrated: a report can run on
a station's live journal, or on copies from several stations, and leaves every file as it was.
Several journals are merged by counting each and adding up.

Dates: the received date (the legal date) is a calendar date; the other moments are stored as
UTC timestamps and are counted on the local calendar day they happened.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from .journal.schema import SCHEMA_VERSION
from .plural import counted

BY_CHOICES = ("day", "week", "month", "clerk", "team", "station", "separator")
FORMATS = ("table", "csv", "json", "xlsx")
AUTOMATIC = "automatic"
NONE = "(none)"
CLOCK_DAYS = 7
RETURNED_MAIL_TYPE = "returpost"  # the document type of returned mail: no 7-day clock, its own count
APPROACHING_FROM = 5

PERIOD_COLUMNS = [
    "letters_received", "pages_received", "letters_scanned", "pages_scanned", "confirmed", "exported",
    "blank_pages_dropped", "rescans", "missed_separator", "return_mail", "awaiting_confirmation",
    "failed_exports",
]
COLUMNS = {
    "clerk": ["confirmed", "confirmed_pages", "exported", "active_hours", "letters_per_hour", "pages_per_hour"],
    "team": ["letters_received", "pages_received", "confirmed", "exported", "return_mail",
             "awaiting_confirmation", "failed_exports", "approaching", "overdue"],
    "station": ["letters_scanned", "pages_scanned", "blank_pages_dropped", "rescans", "missed_separator",
                "confirmed", "exported"],
    "separator": ["letters_scanned", "pages_scanned", "missed_separator"],
}


class ReportError(Exception):
    """A journal cannot be read for a report, or the report was asked for wrongly."""


@dataclass
class Report:
    columns: list[str]
    rows: list[dict]
    by: str = "day"
    date_from: date | None = None
    date_to: date | None = None
    backlog: dict | None = field(default=None)
    # Returned mail by received day, team and reason: [{"day", "team", "reason", "letters"}]
    returned_mail: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"by": self.by, "from": _iso(self.date_from), "to": _iso(self.date_to),
                "columns": self.columns, "rows": self.rows, "backlog": self.backlog,
                "returned_mail": self.returned_mail}


# --- reading journals ----------------------------------------------------


def journal_files(paths: list[Path]) -> list[Path]:
    """The journals named: files as given, folders as their *.sqlite files."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(path.glob("*.sqlite"))
            if not found:
                raise ReportError(f"{path}: no journal (*.sqlite) in this folder")
            files.extend(found)
        else:
            files.append(path)
    if not files:
        raise ReportError("no journal given")
    return files


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write; refuses what is not a journal this program understands."""
    path = Path(path)
    if not path.is_file():
        raise ReportError(f"{path}: no such journal file")
    # A journal nobody has open (no -wal beside it: a copy, or a station that is shut down) is
    # read as immutable, which leaves no -wal/-shm behind and works on read-only shares; a live
    # one is read through SQLite's locks so the report sees whole transactions.
    live = path.with_name(path.name + "-wal").exists()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{'mode=ro' if live else 'immutable=1'}", uri=True)
    except sqlite3.Error as exc:
        raise ReportError(f"{path}: cannot be read ({exc})") from exc
    try:
        conn.execute("PRAGMA query_only=ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables or not {"documents", "pages", "batches", "document_pages"} <= tables:
            raise ReportError(f"{path}: an SQLite file, but not a ScanStation journal")
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise ReportError(f"{path}: written by a newer ScanStation (journal version {version}, "
                              f"this program knows up to {SCHEMA_VERSION}); please update ScanStation")
    except sqlite3.Error as exc:
        conn.close()
        raise ReportError(f"{path}: not a readable ScanStation journal ({exc})") from exc
    except ReportError:
        conn.close()
        raise
    return conn


def _document_facts(conn: sqlite3.Connection, path: Path, max_pages: int, since: date | None = None) -> list[dict]:
    """One dict per document: what it is, when each step happened, how many pages of each kind.

    `since`: only documents that may count on that day or later (a step on or after it), and
    every document still waiting (the backlog and the 7-day clock need them whatever their age).
    A day's margin covers the local calendar day of a UTC timestamp."""
    dp_columns = {r[1] for r in conn.execute("PRAGMA table_info(document_pages)")}
    doc_columns = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    return_reason = "d.return_reason" if "return_reason" in doc_columns else "NULL"  # journal migration 10
    reason = "dp.excluded_reason" if "excluded_reason" in dp_columns else "NULL"
    margin = (since - timedelta(days=2)).isoformat() if since else None
    candidates = """
        SELECT * FROM documents WHERE :since IS NULL OR status != 'exported'
            OR received_date >= :since OR created_at >= :since OR confirmed_at >= :since
            OR id IN (SELECT document_id FROM exports WHERE exported_at >= :since)"""
    sql = f"""
        WITH docs AS ({candidates})
        SELECT d.id, d.status, d.created_at, d.started_by, d.recipient_id, d.document_type,
               {return_reason} AS return_reason,
               d.received_date, d.confirmed_at, d.confirmed_by, b.station_id,
               pg.captured_at, COALESCE(pg.pages_all, 0) AS pages_all,
               COALESCE(pg.included, 0) AS included, COALESCE(pg.blank, 0) AS blank,
               COALESCE(pg.replaced, 0) AS replaced,
               (SELECT MIN(e.exported_at) FROM exports e WHERE e.document_id = d.id) AS exported_at
        FROM docs d JOIN batches b ON b.id = d.batch_id
        LEFT JOIN (
            SELECT dp.document_id, MIN(p.captured_at) AS captured_at, COUNT(*) AS pages_all,
                   SUM(dp.included) AS included, SUM({reason} = 'blank') AS blank,
                   SUM({reason} = 'replaced') AS replaced
            FROM document_pages dp JOIN pages p ON p.id = dp.page_id
            WHERE :since IS NULL OR dp.document_id IN (SELECT id FROM docs)
            GROUP BY dp.document_id
        ) pg ON pg.document_id = d.id
    """
    try:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute(sql, {"since": margin})]
    except sqlite3.Error as exc:
        raise ReportError(f"{path}: not a readable ScanStation journal ({exc})") from exc
    for r in rows:
        r["captured_day"] = local_day(r["captured_at"] or r["created_at"])
        r["received_day"] = _date(r["received_date"]) or r["captured_day"]
        r["confirmed_day"] = local_day(r["confirmed_at"])
        r["exported_day"] = local_day(r["exported_at"])
        r["clerk"] = clerk_name(r["confirmed_by"])
        r["flagged"] = r["included"] > max_pages
    return rows


def _confirm_hours(conn: sqlite3.Connection, since: date | None = None) -> list[tuple[str, datetime]]:
    """(clerk, local hour) of every confirmation (from `since`, a day's margin): the hours a clerk was at work."""
    margin = (since - timedelta(days=2)).isoformat() if since else ""
    rows = conn.execute("SELECT actor, at FROM events WHERE action='document_confirmed' AND at >= ?", (margin,))
    return [(clerk_name(actor), _local(at).replace(minute=0, second=0, microsecond=0)) for actor, at in rows]


def _read(journals: list[Path], max_pages: int, since: date | None = None,
          ) -> tuple[list[dict], list[tuple[str, datetime]]]:
    facts, hours = [], []
    for path in journal_files(journals):
        conn = open_read_only(path)
        try:
            facts.extend(_document_facts(conn, path, max_pages, since))
            hours.extend(_confirm_hours(conn, since))
        finally:
            conn.close()
    return facts, hours


# --- counting --------------------------------------------------------------


def _metrics(doc: dict) -> list[tuple[str, date | None, int]]:
    """(column, the day it counts on, how much) for one document."""
    letters = doc["included"] > 0  # a document with no page left is not a letter
    out = [("letters_scanned", doc["captured_day"], int(letters)),
           ("pages_scanned", doc["captured_day"], doc["pages_all"]),
           ("blank_pages_dropped", doc["captured_day"], doc["blank"]),
           ("rescans", doc["captured_day"], doc["replaced"]),
           ("missed_separator", doc["captured_day"], int(doc["flagged"]))]
    if letters:
        out += [("letters_received", doc["received_day"], 1),
                ("pages_received", doc["received_day"], doc["included"]),
                ("return_mail", doc["received_day"], int(is_returned_mail(doc))),
                ("awaiting_confirmation", doc["received_day"],
                 int(doc["status"] in ("captured", "awaiting_confirmation"))),
                ("failed_exports", doc["received_day"], int(doc["status"] == "failed"))]
    if doc["confirmed_day"] is not None:
        out += [("confirmed", doc["confirmed_day"], 1), ("confirmed_pages", doc["confirmed_day"], doc["included"])]
    if doc["exported_day"] is not None:
        out.append(("exported", doc["exported_day"], 1))
    return out


def period_key(day: date, by: str) -> str:
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def build_report(
    journals: list[Path], *, date_from: date | None = None, date_to: date | None = None, by: str = "day",
    max_document_pages: int = 50, today: date | None = None,
) -> Report:
    """Counts per period (day/week/month) or per clerk/team/station/separator kind.

    Each count is dated by its own moment (received, scanned, confirmed, exported) and kept
    when that day lies within date_from..date_to (both included).
    """
    if by not in BY_CHOICES:
        raise ReportError(f"cannot report by {by!r}: choose one of {', '.join(BY_CHOICES)}")
    if date_from and date_to and date_from > date_to:
        raise ReportError(f"the start date {date_from} is after the end date {date_to}")
    facts, hours = _read(journals, max_document_pages, since=date_from)

    def in_range(day: date | None) -> bool:
        return day is not None and (date_from is None or day >= date_from) and (date_to is None or day <= date_to)

    periodic = by in ("day", "week", "month")
    columns = PERIOD_COLUMNS if periodic else COLUMNS[by]
    totals: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(columns, 0))
    for doc in facts:
        if not periodic:
            key = {"clerk": doc["clerk"], "team": doc["recipient_id"] or NONE,
                   "station": doc["station_id"], "separator": doc["started_by"] or NONE}[by]
            if key is None:  # not confirmed: no clerk yet
                continue
        for column, day, amount in _metrics(doc):
            if column in columns and amount and in_range(day):
                totals[period_key(day, by) if periodic else key][column] += amount
    if by == "team":
        for team, clock in seven_day_clock(facts, today or date.today()).items():
            totals[team].update(clock)
    if by == "clerk":
        active: dict[str, set] = defaultdict(set)
        for clerk, hour in hours:
            if in_range(hour.date()):
                active[clerk].add(hour)
        for clerk, row in totals.items():
            row["active_hours"] = n = len(active.get(clerk, ()))
            row["letters_per_hour"] = round(row["confirmed"] / n, 1) if n else 0
            row["pages_per_hour"] = round(row["confirmed_pages"] / n, 1) if n else 0
    name = by if not periodic else ("period" if by != "day" else "day")
    rows = [{name: key, **values} for key, values in sorted(totals.items())]
    returned = [{"day": day.isoformat(), "team": team, "reason": reason, "letters": n}
                for (day, team, reason), n in sorted(returned_mail_counts(facts, date_from, date_to).items())]
    return Report([name, *columns], rows, by, date_from, date_to, returned_mail=returned)


def with_team_names(report: Report, names: dict[str, str]) -> Report:
    """The report as a person reads it: teams by name (in the rows of a team report and in the
    backlog's 7-day clock). Files written for other programs (CSV, JSON) keep the ids."""
    def name(team: str) -> str:
        return names.get(team, team)

    rows = [{**row, "team": name(row["team"])} if "team" in row else row for row in report.rows]
    backlog_named = report.backlog
    if report.backlog and report.backlog.get("clock"):
        backlog_named = {**report.backlog, "clock": {name(t): c for t, c in report.backlog["clock"].items()}}
    return replace(report, rows=rows, backlog=backlog_named)


def seven_day_clock(facts: list[dict], today: date) -> dict[str, dict[str, int]]:
    """Per team: letters not yet exported, 5-7 days after receipt (approaching) or later (overdue)."""
    clock: dict[str, dict[str, int]] = defaultdict(lambda: {"approaching": 0, "overdue": 0})
    for doc in facts:
        if doc["included"] == 0 or doc["status"] == "exported" or is_returned_mail(doc):
            continue  # returned mail is our own letter back: no citizen waits for an answer
        age = (today - doc["received_day"]).days
        team = doc["recipient_id"] or NONE
        if age > CLOCK_DAYS:
            clock[team]["overdue"] += 1
        elif age >= APPROACHING_FROM:
            clock[team]["approaching"] += 1
    return dict(clock)


def is_returned_mail(doc: dict) -> bool:
    return doc["document_type"] == RETURNED_MAIL_TYPE


def returned_mail_counts(facts: list[dict], date_from: date | None = None,
                         date_to: date | None = None) -> dict[tuple[date, str, str], int]:
    """(received day, team, reason) -> returned letters: our own letters that came back,
    counted as their own kind, on the day they came back."""
    counts: dict[tuple[date, str, str], int] = defaultdict(int)
    for doc in facts:
        if doc["included"] == 0 or not is_returned_mail(doc):
            continue
        day = doc["received_day"]
        if (date_from is None or day >= date_from) and (date_to is None or day <= date_to):
            counts[day, doc["recipient_id"] or NONE, doc.get("return_reason") or "other"] += 1
    return dict(counts)


def backlog(journals: list[Path], *, today: date | None = None, max_document_pages: int = 50) -> dict:
    """What is waiting now: not confirmed, confirmed but not exported, and the 7-day clock per team."""
    today = today or date.today()
    facts, _ = _read(journals, max_document_pages)
    letters = [d for d in facts if d["included"] > 0]

    def summary(docs: list[dict]) -> dict:
        oldest = min(docs, key=lambda d: (d["received_day"], d["captured_at"] or ""), default=None)
        return {"count": len(docs),
                "oldest_received": _iso(oldest["received_day"]) if oldest else None,
                "oldest_age_days": (today - oldest["received_day"]).days if oldest else None}

    clock = seven_day_clock(facts, today)
    return {
        "today": today.isoformat(),
        "not_confirmed": summary([d for d in letters if d["status"] in ("captured", "awaiting_confirmation")]),
        "not_exported": summary([d for d in letters if d["status"] in ("confirmed", "failed")]),
        "failed_exports": sum(1 for d in letters if d["status"] == "failed"),
        "clock": {team: clock[team] for team in sorted(clock)},
        "approaching": sum(c["approaching"] for c in clock.values()),
        "overdue": sum(c["overdue"] for c in clock.values()),
    }


# --- output ----------------------------------------------------------------


def format_report(report: Report, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=report.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(report.rows)
        return buffer.getvalue()
    if fmt == "table":
        return _table(report)
    raise ReportError(f"unknown format {fmt!r}: choose table, csv or json (xlsx needs a file)")


def _table(report: Report) -> str:
    cells = [report.columns] + [[_cell(r.get(c)) for c in report.columns] for r in report.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(report.columns))]
    lines = ["  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths)))
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if not report.rows:
        lines.append("(nothing in this period)")
    if report.returned_mail:
        lines += ["", "Returned mail (no 7-day clock), by day, team and reason:"]
        lines += [f"  {r['day']}  {r['team']:24} {r['reason']:18} {r['letters']:4}" for r in report.returned_mail]
    if report.backlog:
        b = report.backlog
        lines += ["", f"Backlog on {b['today']}:",
                  f"  not confirmed:            {_waiting(b['not_confirmed'])}",
                  f"  confirmed, not exported:  {_waiting(b['not_exported'])}"
                  f" ({counted(b['failed_exports'], 'failed export')})",
                  f"  7-day clock:              {b['approaching']} approaching (5-7 days),"
                  f" {b['overdue']} overdue (over 7 days)"]
        for team, clock in b["clock"].items():
            lines.append(f"    {team:24} {clock['approaching']:4} approaching {clock['overdue']:4} overdue")
    return "\n".join(lines) + "\n"


def _waiting(summary: dict) -> str:
    if not summary["count"]:
        return "0"
    return f"{summary['count']} (oldest received {summary['oldest_received']}, {counted(summary['oldest_age_days'], 'day')} ago)"


def write_xlsx(report: Report, path: Path) -> None:
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        raise ReportError("XLSX needs the openpyxl package: pip install openpyxl, or use --format csv") from exc
    book = Workbook()
    sheet = book.active
    sheet.title = f"by {report.by}"
    sheet.append(report.columns)
    for row in report.rows:
        sheet.append([row.get(c) for c in report.columns])
    if report.backlog:
        b = report.backlog
        extra = book.create_sheet("backlog")
        extra.append(["what", "count", "oldest received", "oldest age (days)"])
        for label, key in (("not confirmed", "not_confirmed"), ("confirmed, not exported", "not_exported")):
            s = b[key]
            extra.append([label, s["count"], s["oldest_received"], s["oldest_age_days"]])
        extra.append([])
        extra.append(["team", "approaching", "overdue"])
        for team, clock in b["clock"].items():
            extra.append([team, clock["approaching"], clock["overdue"]])
    book.save(path)


# --- small helpers ---------------------------------------------------------


def clerk_name(confirmed_by: str | None) -> str | None:
    if confirmed_by is None:
        return None
    return AUTOMATIC if confirmed_by.startswith("auto:") else confirmed_by


def _local(timestamp: str) -> datetime:
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:  # the journal writes UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone()


def local_day(timestamp: str | None) -> date | None:
    return _local(timestamp).date() if timestamp else None


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _cell(value) -> str:
    return "" if value is None else str(value)
