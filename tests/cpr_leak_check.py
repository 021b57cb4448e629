"""`make test` fails when the suite writes a CPR number into a log line or a journal event.

A pytest plugin (tests/conftest.py loads it), in two parts:

- Every log record any test makes, at the level the station logs at (INFO), is looked at as it
  is made, before any masking filter: a record that holds a CPR number fails that test (at its
  teardown), so the code that logged it is found at once. A test that logs one on purpose, to
  check the masking, says so with `@pytest.mark.cpr_logged_on_purpose`.
- At the end of the run every journal (`*.sqlite`, `*.db`) and every log file (`*.log`) under the
  run's temporary folder is read: an event or a log line with a CPR number fails the run. This
  also covers the `scanstation` commands the tests start as subprocesses, whose logs and
  journals live in their tests' tmp_path.

"A CPR number" is what scanstation/cpr.py finds: six digits that are a real date, four more,
so the suite's test numbers (010190-1234) count. Checksums are not CPR numbers.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from scanstation.cpr import find_cprs, mask_cprs

MARKER = "cpr_logged_on_purpose"
JOURNAL_SUFFIXES = (".sqlite", ".db")
MAX_REPORTED = 20


class CprInLogRecords(logging.Handler):
    """Keeps, for the running test, every log record that holds a CPR number (masked, for the report)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's problem, not a leak
            return
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        for extra in (record.exc_text, record.stack_info):
            if extra:
                text += "\n" + extra
        if find_cprs(text):
            self.found.append(f"{record.levelname} {record.name}: {mask_cprs(text)}")


def leaks_in_journal(path: Path) -> list[str]:
    """The events of one journal that hold a CPR number (masked, for the report)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return []
    try:
        rows = conn.execute("SELECT id, actor, action, subject, detail FROM events").fetchall()
    except sqlite3.Error:  # not a journal, or one from before the events table
        return []
    finally:
        conn.close()
    found = []
    for row in rows:
        text = " ".join(str(value) for value in row[1:])
        if find_cprs(text):
            found.append(f"{path}: event {row[0]}: {mask_cprs(text)}")
    return found


def leaks_in_log_file(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [f"{path}:{number}: {mask_cprs(line)}" for number, line in enumerate(lines, start=1)
            if find_cprs(line)]


def leaks_under(folder: Path) -> list[str]:
    """Every journal event and log line with a CPR number in the files under `folder`."""
    found: list[str] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        try:
            if not path.is_file() or path.is_symlink():
                continue
        except OSError:
            continue
        if path.suffix in JOURNAL_SUFFIXES:
            found += leaks_in_journal(path)
        elif path.suffix == ".log" or ".log." in path.name:  # the rotating log and its backups
            found += leaks_in_log_file(path)
    return found


_records = CprInLogRecords()
_session_leaks: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: the test logs a CPR number to check that it is masked")
    logging.getLogger().addHandler(_records)
    station = logging.getLogger("scanstation")
    if station.level == logging.NOTSET or station.level > logging.INFO:
        station.setLevel(logging.INFO)  # what the station writes to its log file


def pytest_unconfigure(config: pytest.Config) -> None:
    logging.getLogger().removeHandler(_records)


@pytest.fixture(autouse=True)
def _no_cpr_in_the_log(request: pytest.FixtureRequest):
    _records.found.clear()
    yield
    found = list(_records.found)
    _records.found.clear()
    if found and request.node.get_closest_marker(MARKER) is None:
        pytest.fail("a CPR number was logged (masked here):\n  " + "\n  ".join(found[:MAX_REPORTED]),
                    pytrace=False)


def pytest_sessionfinish(session: pytest.Session) -> None:
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    try:
        base = factory.getbasetemp()
    except Exception:  # noqa: BLE001 - no temporary folder: nothing was written there
        return
    _session_leaks[:] = leaks_under(Path(base))
    if _session_leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if _session_leaks:
        terminalreporter.section("CPR numbers in journal events or log files", sep="=", red=True)
        for line in _session_leaks[:MAX_REPORTED]:
            terminalreporter.line(line)
        if len(_session_leaks) > MAX_REPORTED:
            terminalreporter.line(f"... and {len(_session_leaks) - MAX_REPORTED} more")
