"""The check in `make test` that no log line and no journal event holds a CPR number
(tests/cpr_leak_check.py) really fails a run that writes one, and lets a clean run pass."""

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def outside():
    """A folder outside this run's temporary folder: the leaks the inner runs write on purpose
    must not fail this run's own sweep."""
    with tempfile.TemporaryDirectory(prefix="cpr-leak-check-") as folder:
        yield Path(folder)


def run_pytest(folder: Path, source: str) -> subprocess.CompletedProcess:
    """A small test file run by its own pytest with only the check loaded (no Qt, no conftest)."""
    (folder / "test_sample.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.cpr_leak_check",
         "--rootdir", str(folder), "--basetemp", str(folder / "tmp"), str(folder / "test_sample.py")],
        cwd=folder, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_a_cpr_number_logged_by_a_test_fails_that_test_unless_it_says_it_is_on_purpose(outside):
    done = run_pytest(outside, """
        import logging
        import pytest

        def test_logs_a_file_name():
            logging.getLogger("scanstation.intake").info("took %s", "trunc 210895-1096.png")

        def test_logs_a_traceback():
            try:
                raise ValueError("page of 2108951096")
            except ValueError:
                logging.getLogger("other.library").warning("failed", exc_info=True)

        @pytest.mark.cpr_logged_on_purpose
        def test_checks_the_masking():
            logging.getLogger("scanstation.x").warning("010190-1234")

        def test_logs_ordinary_numbers():
            logging.getLogger("scanstation.x").warning("case 2015-2654300, account 1234567890, sha %s",
                                                       "0" * 20 + "2108951096" + "f" * 34)
    """)
    assert done.returncode == 1, done.stdout
    assert "4 passed, 2 errors" in done.stdout, done.stdout
    assert "ERROR at teardown of test_logs_a_file_name" in done.stdout
    assert "ERROR at teardown of test_logs_a_traceback" in done.stdout
    assert "a CPR number was logged" in done.stdout and "trunc 210895-****.png" in done.stdout
    assert "ValueError: page of 210895****" in done.stdout  # the check's own report masks it too


def test_a_cpr_number_in_a_journal_event_or_a_log_file_fails_the_run(outside):
    done = run_pytest(outside, """
        import sqlite3

        def test_writes_a_journal_and_a_log_file(tmp_path):
            with sqlite3.connect(tmp_path / "journal.sqlite") as conn:
                conn.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, at, actor, action, subject, detail)")
                conn.execute("INSERT INTO events(actor, action, subject, detail) VALUES"
                             " ('anna', 'file_rejected', 'batch:1', '{\\"file\\": \\"trunc 210895-1096.png\\"}')")
            (tmp_path / "scanstation.log").write_text("INFO imported 0101901234.tif\\n", encoding="utf-8")
    """)
    assert done.returncode == 1, done.stdout
    assert "1 passed" in done.stdout
    assert "CPR numbers in journal events or log files" in done.stdout
    assert "trunc 210895-****.png" in done.stdout and "imported 010190****.tif" in done.stdout


def test_a_run_without_cpr_numbers_passes(outside):
    done = run_pytest(outside, """
        import logging
        import sqlite3

        def test_clean(tmp_path):
            logging.getLogger("scanstation.intake").warning("batch 3 stopped: paper_jam")
            with sqlite3.connect(tmp_path / "journal.db") as conn:
                conn.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, at, actor, action, subject, detail)")
                conn.execute("INSERT INTO events(actor, action, detail) VALUES ('anna', 'search', '{\\"cpr\\": \\"010190-****\\"}')")
    """)
    assert done.returncode == 0, done.stdout
