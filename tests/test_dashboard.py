"""The supervisor's dashboard counts by SQL what reports.py counts in Python: the two must agree."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta

import pytest

from scanstation.dashboard import DailyCount, load_dashboard
from scanstation.journal import Journal
from scanstation.journal.schema import SCHEMA_VERSION
from scanstation.reports import ReportError, backlog, build_report
from tests.test_reports import TODAY, Builder, day, journal_clock_at_todays_noon  # noqa: F401 - the fixture


@pytest.fixture
def copenhagen(monkeypatch):
    """Local days differ from UTC days here, as on the stations."""
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def late_letter(builder: Builder, captured: str) -> int:
    """A one-page letter scanned at a given UTC moment, not confirmed: no received date yet."""
    builder.seq += 1
    page = {"seq": builder.seq, "file_path": f"{builder.station}/{builder.batch}/{builder.seq}.png",
            "sha256": f"{builder.seq:064d}", "bytes": 1, "captured_at": captured, "device": "demo",
            "sheet": builder.seq, "side": "front", "width": 10, "height": 10, "dpi": 300, "mode": "gray"}
    return builder.journal.record_page(builder.batch, page, new_document=True, started_by="patch_t",
                                       actor=builder.operator)[1]


@pytest.fixture
def journals(tmp_path, copenhagen):
    a = Builder(tmp_path / "a.sqlite", "st1", "anna")
    received_before_scan = a.letter(2, captured=-1)
    failed_then_exported = a.letter(3, captured=-1, left_out=("blank", "replaced"))
    a.letter(1, captured=0)                                   # not confirmed: counts on its scan day
    a.letter(0, captured=0, left_out=("blank",))              # nothing left in it: not a letter
    approaching = a.letter(1, captured=-5)
    overdue = a.letter(4, captured=-8)
    failed = a.letter(2, captured=-3)
    # 23:30 UTC two days ago is 00:30 or 01:30 the next morning in Copenhagen.
    late_letter(a, f"{day(-2).isoformat()}T23:30:00+00:00")
    a.journal.finish_batch(a.batch, "anna")
    a.confirm(received_before_scan, "borgerservice", received=-2)
    a.confirm(failed_then_exported, "jobcenter", received=-1, by="auto:anna")
    a.confirm(approaching, "jobcenter", received=-6, document_type="returpost")
    a.confirm(overdue, "borgerservice", received=-9)
    a.confirm(failed, "ydelse", received=-3)
    a.export(received_before_scan, exported=0)
    a.journal.assign_journal_id(failed_then_exported, "st1", TODAY.year)
    a.journal.record_export_failure(failed_then_exported, "drop folder offline", "scanstation")
    a.export(failed_then_exported, exported=0)
    a.journal.assign_journal_id(failed, "st1", TODAY.year)
    a.journal.record_export_failure(failed, "drop folder offline", "scanstation")
    a.journal.close()

    b = Builder(tmp_path / "b.sqlite", "st2", "bo")
    one = b.letter(1, captured=-1)
    old = b.letter(2, captured=-40)                            # before a 30-day range
    b.letter(3, captured=-6)                                   # waiting six days unconfirmed
    b.journal.finish_batch(b.batch, "bo")
    b.confirm(one, "jobcenter", received=-1)
    b.confirm(old, "jobcenter", received=-41)
    b.journal.close()
    return [tmp_path / "a.sqlite", tmp_path / "b.sqlite"]


def per(dashboard, key: str) -> dict:
    out: dict = {}
    for count in dashboard.received:
        name = count.day.isoformat() if key == "day" else count.team
        letters, pages = out.get(name, (0, 0))
        out[name] = (letters + count.letters, pages + count.pages)
    return out


def from_report(report, key: str) -> dict:
    return {r[key]: (r["letters_received"], r["pages_received"]) for r in report.rows if r["letters_received"]}


@pytest.mark.parametrize("first, last", [(-29, 0), (-60, 5), (-2, -1), (-1, -1)])
def test_letters_and_pages_per_day_and_team_agree_with_the_report(journals, first, last):
    dashboard = load_dashboard(journals, day(first), day(last))
    for by in ("day", "team"):
        report = build_report(journals, date_from=day(first), date_to=day(last), by=by)
        assert per(dashboard, by) == from_report(report, by), by


def test_a_letter_counts_on_its_received_day_and_an_unconfirmed_one_on_its_local_scan_day(journals):
    dashboard = load_dashboard(journals[:1], day(-29), day(0))
    received = {(c.day, c.team): (c.letters, c.pages) for c in dashboard.received}
    assert received[day(-2), "borgerservice"] == (1, 2)       # scanned the day after
    assert (day(-1), "borgerservice") not in received
    assert received[day(-1), "jobcenter"] == (1, 3)           # the blank and the replaced page left out
    assert received[day(-1), "(none)"] == (1, 1)              # 23:30 UTC on day -2, the next day here
    assert received[day(0), "(none)"] == (1, 1)
    assert sum(c.letters for c in dashboard.received) == 7
    assert dashboard.received == tuple(sorted(dashboard.received, key=lambda c: (c.day, c.team)))
    assert dashboard.teams() == ["borgerservice", "jobcenter", "ydelse", "(none)"]
    assert isinstance(dashboard.received[0], DailyCount)


@pytest.mark.parametrize("later", [0, 3, 10])
def test_the_backlog_and_seven_day_clock_agree_with_the_report(journals, later):
    today = day(later)
    dashboard = load_dashboard(journals, day(-29), day(0), today=today)
    assert dashboard.backlog == backlog(journals, today=today)


def test_the_backlog_in_numbers(journals):
    now = load_dashboard(journals, day(-29), day(0), today=TODAY).backlog
    assert now["not_confirmed"] == {"count": 3, "oldest_received": day(-6).isoformat(), "oldest_age_days": 6}
    assert now["not_exported"] == {"count": 5, "oldest_received": day(-41).isoformat(), "oldest_age_days": 41}
    assert now["failed_exports"] == 1
    # jobcenter's letter 6 days old is returned mail: counted as waiting, but on no 7-day clock
    assert now["clock"] == {"(none)": {"approaching": 1, "overdue": 0},
                            "borgerservice": {"approaching": 0, "overdue": 1},
                            "jobcenter": {"approaching": 0, "overdue": 1}}


def test_mistakes_are_report_errors(journals, tmp_path):
    with pytest.raises(ReportError, match="after"):
        load_dashboard(journals, day(0), day(-1))
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(ReportError, match="not a ScanStation journal"):
        load_dashboard([foreign], day(-1), day(0))


def make_version_4(path) -> None:
    """The journal as ScanStation wrote it before migrations 5 to 10."""
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX documents_returned")  # migration 10: returned mail
        conn.execute("DROP INDEX documents_returned_waiting")
        for column in ("return_mail", "return_reason"):
            conn.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        conn.execute("DROP INDEX documents_exceptions")  # migration 9: exceptions and versions
        for column in ("exception_reason", "exception_at", "exception_by", "version"):
            conn.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        conn.execute("ALTER TABLE exports DROP COLUMN version")
        conn.execute("DROP TRIGGER drafts_confirmed")  # migration 8: drafts
        conn.execute("DROP TRIGGER drafts_document_gone")
        conn.execute("DROP TABLE drafts")
        conn.execute("DROP INDEX pages_source_file")
        conn.execute("ALTER TABLE pages DROP COLUMN source_file")
        conn.execute("DROP TABLE source_files")
        conn.execute("ALTER TABLE page_ocr DROP COLUMN page_image")
        conn.execute("DROP INDEX documents_waiting")
        conn.execute("DROP INDEX document_pages_included")
        conn.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    sqlite3.connect(path).close()


def indexes(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}


def test_an_older_journal_is_read_as_it_is_and_migrates_when_a_station_opens_it(journals):
    path = journals[0]
    expected = load_dashboard([path], day(-29), day(0))
    make_version_4(path)
    before = path.read_bytes()
    assert load_dashboard([path], day(-29), day(0)) == expected  # slower without the indexes, same numbers
    assert build_report([path], date_from=day(-29), date_to=day(0), by="team").rows
    assert path.read_bytes() == before                            # read-only: not migrated, not touched

    journal = Journal(path)
    try:
        assert journal.schema_version() == SCHEMA_VERSION == 10
        assert len(journal.documents()) == 8
    finally:
        journal.close()
    assert {"documents_waiting", "document_pages_included"} <= indexes(path)
    with sqlite3.connect(path) as conn:
        assert "page_image" in {row[1] for row in conn.execute("PRAGMA table_info(page_ocr)")}
    assert load_dashboard([path], day(-29), day(0)) == expected


def test_the_queries_use_indexes_not_a_scan_of_every_document(journals):
    """Without ANALYZE statistics, as on a station: every query must still start from an index."""
    statements: list[str] = []
    conn = sqlite3.connect(journals[0])
    conn.set_trace_callback(statements.append)
    from scanstation import dashboard

    undated = dashboard.undated_letters(conn)
    dashboard.received_counts(conn, day(-29), day(0), undated)
    dashboard.waiting_counts(conn, undated)
    dashboard.returned_counts(conn, day(-29), day(0), undated)  # returned mail: its own kind
    dashboard.returned_waiting_counts(conn, undated)
    conn.set_trace_callback(None)
    statements = [sql for sql in statements if not sql.startswith("PRAGMA")]  # which columns an old journal has
    assert len(statements) == 5
    for sql in statements:
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        # Allowed: the CTE's own rows, and the partial index that holds only the waiting letters.
        scans = [step for step in plan if step.startswith("SCAN") and step != "SCAN received"
                 and step != "SCAN d USING COVERING INDEX documents_waiting"
                 and step != "SCAN d USING INDEX documents_returned_waiting"]  # partial: returned mail only
        assert scans == [], (sql, plan)
    conn.close()


def test_a_30_day_range_has_thirty_days_of_bars_at_most(journals):
    dashboard = load_dashboard(journals, day(-29), day(0))
    assert {c.day for c in dashboard.received} <= {day(-n) for n in range(30)}
    assert day(-41) not in {c.day for c in load_dashboard(journals, day(-29), day(0)).received}
    assert timedelta(days=29) == dashboard.date_to - dashboard.date_from


def test_the_benchmark_journal_counts_the_same_as_reports(tmp_path):
    """bench/dashboard_bench.py's journal, small: thousands of letters, statuses mixed, all migrations."""
    from bench import dashboard_bench
    from bench.search_bench import DAYS, FIRST_DAY

    conn, _ = dashboard_bench.build(tmp_path / "journal.sqlite", 3000)
    try:
        last = FIRST_DAY + timedelta(days=DAYS - 1)
        paths = [tmp_path / "journal.sqlite"]
        dashboard = load_dashboard(paths, last - timedelta(days=29), last, today=last)
        report = build_report(paths, date_from=last - timedelta(days=29), date_to=last, by="day", today=last)
        assert per(dashboard, "day") == from_report(report, "day") and dashboard.received
        assert dashboard.backlog == backlog(paths, today=last)
    finally:
        conn.close()
