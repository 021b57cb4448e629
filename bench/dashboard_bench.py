"""How fast the supervisor's first screen answers on a big journal, and that it counts right.

    .venv/bin/python bench/dashboard_bench.py [--documents 1000000] [--no-report] [--out docs/benchmarks.md]

The journal is search_bench.py's: the same synthetic letters, filled by bulk SQL into a journal
at migration 3, then brought up to date by the journal's own migrations (4: full-text index,
5: the dashboard's indexes), as a station's journal would be. No ANALYZE: stations have no
statistics either. A connection stays open while timing, so the journal is read as a live one.

Timed: scanstation.dashboard.load_dashboard for the last 30 days (letters and pages per day and
team, backlog, 7-day clock), cold-ish (first run) and as a median of 5; and, unless --no-report,
reports.build_report and reports.backlog on the same journal once, for comparison, checking that
both give the same numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from report import publish, timed  # noqa: E402
from search_bench import DAYS, FIRST_DAY, fill  # noqa: E402

from scanstation.dashboard import load_dashboard  # noqa: E402
from scanstation.journal.schema import MIGRATIONS, SCHEMA_VERSION  # noqa: E402
from scanstation.reports import backlog, build_report  # noqa: E402

SECTION = "## Supervisor dashboard at scale (bench/dashboard_bench.py)"
TARGET_MS = 200


def build(path: Path, documents: int) -> tuple[sqlite3.Connection, dict[str, float]]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    for number in (1, 2, 3):
        for statement in MIGRATIONS[number]:
            conn.execute(statement)
    seconds = {}
    start = time.perf_counter()
    fill(conn, documents)
    seconds["fill"] = time.perf_counter() - start
    for number in range(4, SCHEMA_VERSION + 1):
        start = time.perf_counter()
        conn.execute("BEGIN")
        for statement in MIGRATIONS[number]:
            conn.execute(statement)
        conn.execute("INSERT INTO meta(key, value) VALUES('schema_version', ?) ON CONFLICT(key) DO UPDATE"
                     " SET value=excluded.value", (str(number),))
        conn.execute("COMMIT")
        seconds[f"migration {number}"] = time.perf_counter() - start
    return conn, seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--no-report", action="store_true", help="skip the reports.py comparison (slow, ~2 GB)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scanstation-dashboard-bench-"))
    path = work / "journal.sqlite"
    live, seconds = build(path, args.documents)  # kept open: the journal is read as a station's live one
    size_mb = path.stat().st_size / 1e6
    last = FIRST_DAY + timedelta(days=DAYS - 1)
    first_day = last - timedelta(days=29)

    dashboard, first, median = timed(lambda: load_dashboard([path], first_day, last, today=last))
    letters = sum(c.letters for c in dashboard.received)
    waiting = dashboard.backlog["not_confirmed"]["count"] + dashboard.backlog["not_exported"]["count"]
    rows = [f"| `dashboard.load_dashboard`, last 30 days | {first:.1f} ms | {median:.1f} ms |"]
    agree = ""
    if not args.no_report:
        start = time.perf_counter()
        report = build_report([path], date_from=first_day, date_to=last, by="day", today=last)
        report_s = time.perf_counter() - start
        start = time.perf_counter()
        now = backlog([path], today=last)
        backlog_s = time.perf_counter() - start
        per_day = {}
        for count in dashboard.received:
            letters_pages = per_day.get(count.day.isoformat(), (0, 0))
            per_day[count.day.isoformat()] = (letters_pages[0] + count.letters, letters_pages[1] + count.pages)
        same = per_day == {r["day"]: (r["letters_received"], r["pages_received"]) for r in report.rows
                           if r["letters_received"]} and now == dashboard.backlog
        if not same:
            print("dashboard and reports disagree", file=sys.stderr)
        agree = (" The dashboard's letters and pages per day and its backlog equal those of reports.py: "
                 f"{'yes' if same else 'NO'}.")
        rows += [f"| `reports.build_report(by='day')`, last 30 days (for comparison) | {report_s * 1000:,.0f} ms | |",
                 f"| `reports.backlog` (for comparison) | {backlog_s * 1000:,.0f} ms | |"]
    live.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    migrations = ", ".join(f"{name} {value:.1f} s" for name, value in seconds.items() if name != "fill")
    lines = [
        SECTION, "",
        f"`{' '.join(['python', 'bench/dashboard_bench.py'] + sys.argv[1:])}` — {platform.node()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}.", "",
        f"search_bench.py's journal: {args.documents:,} one-page letters over {DAYS} days, 20 teams; bulk fill "
        f"{seconds['fill']:.1f} s, then the journal's migrations ({migrations}); journal {size_mb:,.0f} MB, "
        "no ANALYZE statistics, read while a connection holds it open. One letter in ten is left awaiting "
        f"confirmation, so the backlog is {waiting:,} letters, far more than a mailroom would let wait: the "
        "backlog and 7-day clock queries are timed at their worst.", "",
        f"The first screen counts {letters:,} letters in {len(dashboard.received)} (day, team) stacks, "
        f"{dashboard.backlog['overdue']:,} overdue. Target: under {TARGET_MS} ms.{agree}", "",
        "| what | first run | median of 5 |", "|---|---|---|", *rows, "",
        f"Peak memory of the benchmark process: {peak_mb:,.0f} MB"
        + (" (mostly reports.py's comparison run, which holds every document in Python)." if not args.no_report
           else "."),
    ]
    text = "\n".join(lines) + "\n"
    publish(text, SECTION, args.out)
    for leftover in work.iterdir():
        leftover.unlink()
    work.rmdir()
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
