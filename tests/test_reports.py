"""Reports count what the journal knows, from real journals built through the Journal's own methods."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from scanstation.journal import ExportRecord, Journal
from scanstation.reports import ReportError, backlog, build_report, format_report, write_xlsx
from tests.cli_run import scanstation

TODAY = date.today()


@pytest.fixture(scope="module", autouse=True)
def journal_clock_at_todays_noon():
    """The journal's "now" (confirmations, batches, events) is noon of TODAY, so a test run that
    crosses midnight counts as one that does not. Modules using Builder import this fixture."""
    from unittest import mock

    with mock.patch("scanstation.journal.journal.utc_now", lambda: at_noon(0)):
        yield


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def at_noon(offset: int) -> str:
    """Local noon of a day, written as the journal writes moments (UTC)."""
    return datetime.combine(day(offset), time(12)).astimezone().astimezone(timezone.utc).isoformat()


class Builder:
    def __init__(self, path: Path, station: str, operator: str) -> None:
        self.journal = Journal(path)
        self.station, self.operator = station, operator
        self.batch = self.journal.start_batch(station, "demo", {}, operator)
        self.seq = 0

    def letter(self, pages: int, captured: int, *, left_out: tuple[str, ...] = ()) -> int:
        doc = None
        for n in range(pages + len(left_out)):
            self.seq += 1
            reason = left_out[n - pages] if n >= pages else None
            page = {"seq": self.seq, "file_path": f"{self.station}/{self.batch}/{self.seq}.png",
                    "sha256": f"{self.seq:064d}", "bytes": 1, "captured_at": at_noon(captured),
                    "device": "demo", "sheet": self.seq, "side": "front", "width": 10, "height": 10,
                    "dpi": 300, "mode": "gray"}
            _, doc = self.journal.record_page(self.batch, page, new_document=n == 0, started_by="patch_t",
                                              actor=self.operator, included=reason is None,
                                              excluded_reason=reason)
        return doc

    def confirm(self, doc: int, team: str, received: int, by: str | None = None, **extra) -> None:
        self.journal.confirm_document(doc, {"recipient_id": team, "received_date": day(received).isoformat(),
                                            **extra}, by or self.operator)

    def export(self, doc: int, exported: int) -> None:
        journal_id = self.journal.assign_journal_id(doc, self.station, TODAY.year)
        self.journal.record_export(doc, ExportRecord(journal_id, "/drop", f"{journal_id}.pdf", "0" * 64, 1,
                                                     f"{journal_id}.xml", "0" * 64, at_noon(exported)), "scanstation")


@pytest.fixture(scope="module")
def journals(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("journals")
    a = Builder(folder / "a.sqlite", "st1", "anna")
    doc1 = a.letter(2, captured=-1)                                   # received the day before it was scanned
    doc2 = a.letter(3, captured=-1, left_out=("blank", "replaced"))
    doc3 = a.letter(1, captured=0)                                    # no received date: counts on its scan day
    a.letter(0, captured=0, left_out=("blank",))                      # nothing left in it: not a letter
    a.journal.finish_batch(a.batch, "anna")
    a.confirm(doc1, "borgerservice", received=-2)
    a.confirm(doc2, "jobcenter", received=-1, by="auto:anna")
    a.export(doc1, exported=0)
    a.journal.assign_journal_id(doc2, "st1", TODAY.year)
    a.journal.record_export_failure(doc2, "drop folder offline", "scanstation")
    a.export(doc2, exported=0)                                        # the retry: one export
    assert a.journal.document(doc3).status == "awaiting_confirmation"
    a.journal.close()

    b = Builder(folder / "b.sqlite", "st2", "bo")
    doc5 = b.letter(1, captured=-1)
    doc6 = b.letter(4, captured=-1)
    b.journal.finish_batch(b.batch, "bo")
    b.confirm(doc5, "jobcenter", received=-6, document_type="returpost")  # approaching the 7 days
    b.confirm(doc6, "borgerservice", received=-9)                         # overdue
    b.journal.close()
    return folder / "a.sqlite", folder / "b.sqlite"


def rows_by(report, key: str) -> dict:
    return {r[key]: r for r in report.rows}


def test_per_day_counts_each_step_on_its_own_day(journals):
    a, _ = journals
    rows = rows_by(build_report([a], date_from=None, date_to=None, by="day"), "day")
    assert set(rows) == {day(-2).isoformat(), day(-1).isoformat(), day(0).isoformat()}
    two, one, today = rows[day(-2).isoformat()], rows[day(-1).isoformat()], rows[day(0).isoformat()]
    assert (two["letters_received"], two["pages_received"], two["letters_scanned"]) == (1, 2, 0)
    assert (one["letters_received"], one["pages_received"]) == (1, 3)
    assert (one["letters_scanned"], one["pages_scanned"]) == (2, 7)
    assert (one["blank_pages_dropped"], one["rescans"], one["confirmed"], one["exported"]) == (1, 1, 0, 0)
    assert (today["letters_received"], today["pages_received"], today["awaiting_confirmation"]) == (1, 1, 1)
    assert (today["letters_scanned"], today["pages_scanned"], today["blank_pages_dropped"]) == (1, 2, 1)
    assert (today["confirmed"], today["exported"], today["failed_exports"]) == (2, 2, 0)


def test_two_journals_merge_and_the_range_limits_each_count(journals):
    merged = rows_by(build_report(list(journals), date_from=None, date_to=None, by="day",
                                  max_document_pages=3), "day")
    assert merged[day(-9).isoformat()]["letters_received"] == 1
    assert merged[day(-9).isoformat()]["pages_received"] == 4
    assert merged[day(-6).isoformat()]["return_mail"] == 1
    one = merged[day(-1).isoformat()]
    assert (one["letters_scanned"], one["pages_scanned"], one["missed_separator"]) == (4, 12, 1)
    assert merged[day(0).isoformat()]["confirmed"] == 4
    assert sum(r["letters_received"] for r in merged.values()) == 5

    only = build_report(list(journals), date_from=day(-1), date_to=day(-1), by="day")
    assert [r["day"] for r in only.rows] == [day(-1).isoformat()]
    assert only.rows[0]["missed_separator"] == 0  # the default limit is 50 pages

    month = build_report(list(journals), date_from=None, date_to=None, by="month")
    assert sum(r["letters_received"] for r in month.rows) == 5
    assert all(len(r["period"]) == 7 for r in month.rows)


def test_per_clerk_with_automatic_confirmations_and_throughput(journals):
    rows = rows_by(build_report(list(journals), date_from=None, date_to=None, by="clerk"), "clerk")
    assert set(rows) == {"anna", "automatic", "bo"}
    assert (rows["anna"]["confirmed"], rows["anna"]["confirmed_pages"], rows["anna"]["exported"]) == (1, 2, 1)
    assert (rows["automatic"]["confirmed"], rows["automatic"]["confirmed_pages"]) == (1, 3)
    bo = rows["bo"]
    assert (bo["confirmed"], bo["confirmed_pages"], bo["exported"], bo["active_hours"]) == (2, 5, 0, 1)
    assert (bo["letters_per_hour"], bo["pages_per_hour"]) == (2.0, 5.0)


def test_per_team_and_station_and_the_seven_day_clock(journals):
    teams = rows_by(build_report(list(journals), date_from=None, date_to=None, by="team", today=TODAY), "team")
    borger, job, none = teams["borgerservice"], teams["jobcenter"], teams["(none)"]
    assert (borger["letters_received"], borger["pages_received"], borger["confirmed"], borger["exported"]) == (2, 6, 2, 1)
    assert (borger["approaching"], borger["overdue"]) == (0, 1)
    assert (job["letters_received"], job["pages_received"], job["return_mail"], job["exported"]) == (2, 4, 1, 1)
    assert (job["approaching"], job["overdue"]) == (0, 0)  # its returned mail is on no 7-day clock
    assert (none["letters_received"], none["awaiting_confirmation"], none["overdue"]) == (1, 1, 0)

    stations = rows_by(build_report(list(journals), date_from=None, date_to=None, by="station",
                                    max_document_pages=3), "station")
    assert {k: stations["st1"][k] for k in ("letters_scanned", "pages_scanned", "blank_pages_dropped", "rescans",
                                            "confirmed", "exported")} == {
        "letters_scanned": 3, "pages_scanned": 9, "blank_pages_dropped": 2, "rescans": 1, "confirmed": 2, "exported": 2}
    assert (stations["st2"]["letters_scanned"], stations["st2"]["missed_separator"]) == (2, 1)


def test_backlog_now(journals):
    now = backlog(list(journals), today=TODAY)
    assert now["not_confirmed"] == {"count": 1, "oldest_received": TODAY.isoformat(), "oldest_age_days": 0}
    assert now["not_exported"] == {"count": 2, "oldest_received": day(-9).isoformat(), "oldest_age_days": 9}
    # jobcenter's letter waiting 6 days is returned mail: our own letter back, on no 7-day clock
    assert (now["failed_exports"], now["approaching"], now["overdue"]) == (0, 0, 1)
    assert now["clock"] == {"borgerservice": {"approaching": 0, "overdue": 1}}
    later = backlog(list(journals), today=day(3))  # three days on, the scanned-today letter is still young
    assert (later["approaching"], later["overdue"]) == (0, 1)


def test_formats(journals, tmp_path):
    report = build_report(list(journals), date_from=None, date_to=None, by="team", today=TODAY)
    parsed = list(csv.DictReader(io.StringIO(format_report(report, "csv"))))
    assert parsed[0].keys() == set(report.columns) and len(parsed) == 3
    assert json.loads(format_report(report, "json"))["rows"] == report.rows
    table = format_report(report, "table")
    assert "borgerservice" in table and "overdue" in table
    openpyxl = pytest.importorskip("openpyxl")
    write_xlsx(report, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert [c.value for c in sheet[1]] == report.columns and sheet.max_row == 4


def test_unusable_journals_are_refused_with_their_name(journals, tmp_path):
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.commit()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    newer = tmp_path / "newer.sqlite"
    shutil.copy(journals[0], newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    for path, words in ((foreign, "not a ScanStation journal"), (garbage, "journal"),
                        (newer, "newer ScanStation"), (tmp_path / "missing.sqlite", "no such")):
        with pytest.raises(ReportError, match=words) as caught:
            build_report([path], date_from=None, date_to=None, by="day")
        assert str(path) in str(caught.value)
    with pytest.raises(ReportError, match="after"):
        build_report([journals[0]], date_from=day(0), date_to=day(-1), by="day")


# --- the command --------------------------------------------------------------


def test_cli_report_formats_and_leaves_the_journals_alone(journals, tmp_path):
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in journals]
    folder = journals[0].parent
    done = scanstation(tmp_path, "report", "--journal", str(folder), "--by", "team", "--format", "json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert {r["team"]: r["letters_received"] for r in payload["rows"]} == {
        "borgerservice": 2, "jobcenter": 2, "(none)": 1}
    assert payload["backlog"]["overdue"] == 1

    done = scanstation(tmp_path, "report", "--journal", str(journals[0]), "--journal", str(journals[1]),
                       "--from", day(-1).isoformat(), "--to", day(0).isoformat(), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["day"] for r in rows] == [day(-1).isoformat(), day(0).isoformat()]

    done = scanstation(tmp_path, "report", "--journal", str(folder), "--by", "clerk")
    assert done.returncode == 0 and "automatic" in done.stdout and "Backlog" in done.stdout

    if _has_openpyxl():
        done = scanstation(tmp_path, "report", "--journal", str(folder), "--format", "xlsx",
                           "-o", str(tmp_path / "out.xlsx"))
        assert done.returncode == 0, done.stderr
        assert (tmp_path / "out.xlsx").stat().st_size > 0
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in journals] == before
    assert sorted(p.name for p in folder.iterdir()) == ["a.sqlite", "b.sqlite"]


def test_cli_report_defaults_to_the_stations_own_journal(tmp_path):
    done = scanstation(tmp_path, "report")
    assert done.returncode == 0, done.stderr
    assert "day" in done.stdout and "(nothing in this period)" in done.stdout


def _has_openpyxl() -> bool:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("args, words", [
    (["--from", "2024-05-02", "--to", "2024-05-01"], "after"),
    (["--from", "yesterday"], "bad --from date"),
    (["--by", "weather"], "unknown --by"),
    (["--format", "xlsx"], "-o FILE"),
    (["--journal", "{foreign}"], "not a ScanStation journal"),
])
def test_cli_report_mistakes_are_one_line(tmp_path, args, words):
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.commit()
    done = scanstation(tmp_path, "report", *[a.format(foreign=foreign) for a in args])
    assert done.returncode != 0
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_journal_open_in_a_station_is_read_as_it_is(journals, tmp_path):
    live = Journal(tmp_path / "live.sqlite")  # a running station holds its journal open (WAL)
    shutil.copy(journals[1], tmp_path / "copy.sqlite")
    try:
        journal_open = build_report([tmp_path / "live.sqlite"], date_from=None, date_to=None, by="day")
        assert journal_open.rows == []
        assert backlog([tmp_path / "copy.sqlite"], today=TODAY)["overdue"] == 1
    finally:
        live.close()


def test_a_date_range_reads_only_the_letters_that_can_count_in_it_and_counts_the_same(tmp_path):
    """A 30-day report on ten years of post must not read ten years: old finished letters are
    left out before counting; the counts are those of the whole journal within the range."""
    from scanstation.reports import _document_facts, open_read_only

    b = Builder(tmp_path / "j.sqlite", "st1", "anna")
    old, recent, waiting = b.letter(2, captured=-40), b.letter(1, captured=-3), b.letter(3, captured=-60)
    b.journal.finish_batch(b.batch, "anna")
    b.confirm(old, "jobcenter", received=-41)
    b.confirm(recent, "borgerservice", received=-4)
    b.export(old, exported=-40)
    b.export(recent, exported=-2)
    with b.journal.transaction() as conn:  # the old letter was confirmed 40 days ago, not now
        conn.execute("UPDATE documents SET created_at=?, confirmed_at=? WHERE id=?", (at_noon(-40), at_noon(-40), old))
        conn.execute("UPDATE documents SET created_at=? WHERE id=?", (at_noon(-60), waiting))
    b.journal.close()
    path = tmp_path / "j.sqlite"
    since = day(-10)
    conn = open_read_only(path)
    assert {f["id"] for f in _document_facts(conn, path, 50, since)} == {recent, waiting}  # the backlog stays
    conn.close()
    for by in ("day", "team", "clerk", "station"):
        ranged = build_report([path], date_from=since, by=by, today=TODAY)
        whole = build_report([path], by=by, today=TODAY)
        if by == "day":
            assert ranged.rows == [r for r in whole.rows if r["day"] >= since.isoformat()]
        else:
            assert {r[by] for r in ranged.rows} <= {r[by] for r in whole.rows}
    team = rows_by(build_report([path], date_from=since, by="team", today=TODAY), "team")
    assert team["borgerservice"]["letters_received"] == 1 and "jobcenter" not in team
