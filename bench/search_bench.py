"""How fast search answers on a big journal: a full-text query and a 30-day date range.

    .venv/bin/python bench/search_bench.py [--documents 1000000] [--out docs/benchmarks.md]

The journal is filled with synthetic letters by bulk SQL in one transaction (the per-row API
would take hours for a million), then migration 4's SQL builds the full-text index, as it
would on an existing journal. Each query is timed cold-ish (first run) and as a median of 5.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from report import publish, timed  # noqa: E402

from scanstation.journal.schema import MIGRATIONS  # noqa: E402
from scanstation.search import FTS_MIGRATION, search_documents  # noqa: E402

SECTION = "## Search at scale (bench/search_bench.py)"
COMMON = ("og i at det en til er som på de med han af for ikke der var mig sig men et har om vi min "
          "kommune borger ansøgning hermed venlig hilsen vedrørende sag dato side brev").split()
RARE = "boligstøtte boligsikring førtidspension kontanthjælp børnetilskud ældrepleje".split()
SYLLABLES = "an be da er fo ga hå je kø la mæ no pe ri sø te ud vi ær øl".split()
DAYS = 3 * 365
FIRST_DAY = date(2023, 1, 1)


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    return [w for w in {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)}]


def fill(conn: sqlite3.Connection, documents: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    words = COMMON + vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like, as in real text
    per_day = max(1, documents // DAYS)
    batches = (documents + per_day - 1) // per_day
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO batches(id, station_id, device, settings, operator, started_at, status, owner_host, owner_pid)"
        " VALUES (?, 'BENCH', 'files', '{}', 'bench', ?, 'complete', 'bench', 1)",
        ((b + 1, f"{FIRST_DAY + timedelta(days=b % DAYS)}T08:00:00+00:00") for b in range(batches)))

    def docs():
        for i in range(1, documents + 1):
            day = FIRST_DAY + timedelta(days=((i - 1) // per_day) % DAYS)
            status = "exported" if i % 10 else "awaiting_confirmation"
            yield (i, (i - 1) // per_day + 1, status, day.isoformat(), f"team{i % 20}", f"27.12.00-G01-{i}-23",
                   (day - timedelta(days=i % 5)).isoformat(), f"clerk{i % 10}",
                   f"BENCH-{day.year}-{i:07d}" if status == "exported" else None)
    conn.executemany(
        "INSERT INTO documents(id, batch_id, status, created_at, recipient_id, case_number, received_date,"
        " confirmed_by, journal_id) VALUES (?,?,?,?,?,?,?,?,?)", docs())
    conn.executemany(
        "INSERT INTO pages(id, batch_id, seq, file_path, sha256, bytes, captured_at, device, sheet, side, width,"
        " height, dpi, mode) VALUES (?,?,?,?,'',1,'','files',1,'front',1,1,300,'L')",
        ((i, (i - 1) // per_day + 1, (i - 1) % per_day + 1, f"pages/{i}.png") for i in range(1, documents + 1)))
    conn.executemany("INSERT INTO document_pages(document_id, page_id, position) VALUES (?,?,1)",
                     ((i, i) for i in range(1, documents + 1)))

    def texts():
        for i in range(1, documents + 1):
            text = rng.choices(words, weights, k=60)
            if i % 100 == 0:  # one letter in a hundred is about housing benefit, say
                text[rng.randrange(60)] = RARE[(i // 100) % len(RARE)]
            yield i, " ".join(text)
    conn.executemany("INSERT INTO page_ocr(page_id, ok, languages, text) VALUES (?, 1, 'dan', ?)", texts())
    conn.execute("COMMIT")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scanstation-search-bench-"))
    path = work / "journal.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    for number in (1, 2, 3):  # the journal as it was before search
        for statement in MIGRATIONS[number]:
            conn.execute(statement)
    start = time.perf_counter()
    fill(conn, args.documents)
    fill_s = time.perf_counter() - start
    start = time.perf_counter()
    conn.execute("BEGIN")
    for statement in FTS_MIGRATION:
        conn.execute(statement)
    conn.execute("COMMIT")
    migrate_s = time.perf_counter() - start
    conn.execute("ANALYZE")
    size_mb = path.stat().st_size / 1e6

    last = FIRST_DAY + timedelta(days=DAYS - 1)
    month = dict(received_from=last - timedelta(days=29), received_to=last)
    queries = [
        ("text: `boligstøtte` (1 in 600 letters)", dict(text="boligstøtte")),
        ("prefix while typing: `bolig`", dict(text="bolig")),
        ("text, two common words: `kommune sag`", dict(text="kommune sag ")),
        ("30-day received-date range", month),
        ("30-day scanned-date range", dict(scanned_from=month["received_from"], scanned_to=last)),
        ("text + 30-day range + recipient", dict(text="boligstøtte", recipient="team0", **month)),
    ]
    rows = []
    for label, criteria in queries:
        found, first, median = timed(lambda: search_documents(conn, actor="bench", limit=100, **criteria))
        hits = len(found)
        rows.append(f"| {label} | {hits} | {first:.1f} ms | {median:.1f} ms |")
    conn.close()
    lines = [
        SECTION, "",
        f"`{' '.join(['python', 'bench/search_bench.py'] + sys.argv[1:])}` — {platform.node()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}.", "",
        f"{args.documents:,} one-page letters of 60 synthetic Danish-like words, over {DAYS} days: "
        f"bulk fill {fill_s:.1f} s, migration 4 (FTS index of existing text) {migrate_s:.1f} s, "
        f"journal {size_mb:,.0f} MB. Every query asks for at most 100 hits, with snippets and page paths.", "",
        "| query | hits | first run | median of 5 |", "|---|---|---|---|", *rows,
    ]
    report = "\n".join(lines) + "\n"
    publish(report, SECTION, args.out)
    for leftover in work.iterdir():
        leftover.unlink()
    work.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
