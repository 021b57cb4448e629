"""Local copies purged once archived: real CLI runs with real OCR make a station with one
exported letter (2 pages) and one waiting (1 page); then the purge, as at start, by
`scanstation purge`, and killed half-way."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scanstation.config import Settings
from scanstation.dashboard import load_dashboard
from scanstation.reports import build_report
from scanstation.search import search_documents
from scanstation.station import Station

from .cli_run import cli_env, scanstation
from .pages import text_page, write_pages

CPR = "210895-1096"
EXPORTED_WORD, WAITING_WORD = "Vindmølleparken", "Hundeskoven"


@pytest.fixture(scope="module")
def mailroom(tmp_path_factory) -> Path:
    """A data folder after a real day: letter 1 exported, letter 2 waiting for the clerk."""
    base = tmp_path_factory.mktemp("mailroom")
    write_pages(base / "in" / "klage.tif", [
        text_page([f"Klage over {EXPORTED_WORD}", f"CPR-nr.: {CPR}", "Side 1 af 2"], dpi=150),
        text_page([f"{EXPORTED_WORD} larmer", "Side 2 af 2"], dpi=150)], dpi=150)
    write_pages(base / "later" / "brev.png", [text_page([f"Ansøgning om {WAITING_WORD}"], dpi=150)], dpi=150)
    (base / "drop").mkdir()
    env = cli_env(base, ocr=True)
    done = scanstation(base, "--drop", str(base / "drop"), "process", str(base / "in"), "--recipient", "jobcenter",
                       "--received", date.today().isoformat(), env=env)
    assert done.returncode == 0, done.stderr
    done = scanstation(base, "import", str(base / "later"), env=env)
    assert done.returncode == 0, done.stderr
    return base


@pytest.fixture
def data(mailroom, tmp_path) -> Path:
    shutil.copytree(mailroom / "data", tmp_path / "data")
    return tmp_path / "data"


def station(data: Path, days: int = 30, **kw) -> Station:
    return Station.open(data, Settings(station_id="T1", operator="anna", retention_days=days),
                        read_recovered=False, **kw)


def in_days(days: float):
    return lambda: datetime.now(timezone.utc) + timedelta(days=days)


def counts(data: Path) -> tuple:
    today = date.today()
    report = build_report([data / "journal.sqlite"], by="team")
    board = load_dashboard([data / "journal.sqlite"], today - timedelta(days=30), today)
    return report.rows, board.received, board.backlog


def found(opened: Station, word: str) -> list[int]:
    return [hit.document_id for hit in search_documents(opened.journal, text=word, actor="anna")]


def page_files(data: Path) -> set[str]:
    return {p.relative_to(data).as_posix() for p in (data / "pages").rglob("*.png")}


def test_after_retention_the_exported_letters_pages_and_text_are_deleted_and_the_counts_stay(data):
    before = counts(data)
    files_before = page_files(data)
    opened = station(data, purge=False)
    try:
        assert found(opened, EXPORTED_WORD) == [1] and found(opened, WAITING_WORD) == [2]
        held = opened.private_data()
        assert (held.letters, held.pages, held.due) == (2, 3, 0)
        assert opened.purge_archived_letters(clock=in_days(29)).letters == 0  # not yet: the archive is young

        result = opened.purge_archived_letters(clock=in_days(31))
        assert (result.letters, result.pages, result.files) == (1, 2, 2) and result.bytes > 0
        exported, waiting = opened.journal.document(1), opened.journal.document(2)
        # The facts stay: journal id, recipient, status, pages with their checksums.
        assert exported.status == "exported" and exported.journal_id and exported.recipient_id == "jobcenter"
        assert len(opened.journal.document_pages(1)) == 2
        assert all(e.page.sha256 for e in opened.journal.document_pages(1))
        # The content goes: images, OCR text and words, the CPR, the fields read from the letter.
        assert exported.cpr is None and json.loads(exported.fields) == {}
        for entry in opened.journal.document_pages(1):
            ocr = opened.journal.page_ocr(entry.page.id)
            assert ocr["text"] == "" and ocr["words"] == "[]" and ocr["text_layer"] is None
            assert not opened.store.path_of(entry.page.file_path).exists()
        assert found(opened, EXPORTED_WORD) == []
        # The waiting letter is untouched.
        assert waiting.status == "awaiting_confirmation" and found(opened, WAITING_WORD) == [2]
        assert page_files(data) == files_before - {e.page.file_path for e in opened.journal.document_pages(1)}
        assert len(page_files(data)) == 1
        held = opened.private_data()
        assert (held.letters, held.pages) == (1, 1)
        [event] = [e for e in opened.journal.events() if e["action"] == "retention_purge"]
        detail = json.loads(event["detail"]) if isinstance(event["detail"], str) else event["detail"]
        assert (detail["letters"], detail["pages"], detail["files"]) == (1, 2, 2)
        assert detail["journal_ids"] == [exported.journal_id] and event["actor"] == "scanstation"
        # A second run has nothing left to do.
        assert opened.purge_archived_letters(clock=in_days(40)).letters == 0
    finally:
        opened.close()
    # The supervisor's report and dashboard count exactly as before.
    assert counts(data) == before
    # The text is gone from the files on disk too, not only from the tables.
    raw = b"".join(p.read_bytes() for p in data.glob("journal.sqlite*"))
    # ("larmer": a word of the letter never searched for; the searches themselves stay in the audit trail)
    assert "larmer".encode() not in raw and CPR.replace("-", "").encode() not in raw
    assert CPR.encode() not in raw
    assert WAITING_WORD.encode() in raw


def test_the_purge_runs_at_every_start(data):
    opened = station(data, days=0)  # purge at once after export
    try:
        assert opened.journal.document(1).cpr is None
        assert len(page_files(data)) == 1
    finally:
        opened.close()


def test_dry_run_deletes_nothing_and_says_what_it_would(data, tmp_path):
    config = tmp_path / "now.toml"
    config.write_text("[retention]\ndays_after_export = 0\n", encoding="utf-8")
    done = scanstation(tmp_path, "--config", str(config), "purge", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "would delete the pages and text of 1 letter" in done.stdout
    assert "kept on this station: 2 letters, 3 pages" in done.stdout
    assert len(page_files(data)) == 3
    done = scanstation(tmp_path, "--config", str(config), "purge")
    assert "deleted the pages and text of 1 letter" in done.stdout and done.returncode == 0
    assert "kept on this station: 1 letter, 1 page" in done.stdout
    assert len(page_files(data)) == 1


@pytest.mark.parametrize("crash_at", ["purge_journal_cleared", "purge_file_deleted:1"])
def test_a_purge_killed_half_way_is_finished_by_the_next_run(data, tmp_path, crash_at):
    config = tmp_path / "now.toml"
    config.write_text("[retention]\ndays_after_export = 0\n", encoding="utf-8")
    killed = scanstation(tmp_path, "--config", str(config), "purge",
                         env=cli_env(tmp_path, SCANSTATION_CRASH_AT=crash_at))
    assert killed.returncode == -9, killed.stderr
    left = len(page_files(data))
    assert left == (3 if crash_at == "purge_journal_cleared" else 2)  # the journal went first
    again = scanstation(tmp_path, "--config", str(config), "purge")
    assert again.returncode == 0, again.stderr
    assert ("1 image file," if left == 2 else f"{left - 1} image files") in again.stdout
    assert len(page_files(data)) == 1
    opened = station(data, purge=False)
    try:
        purges = [e for e in opened.journal.events() if e["action"] == "retention_purge"]
        assert len(purges) == 2  # each run audited, with what it deleted
        assert opened.private_data().letters == 1
    finally:
        opened.close()


def test_self_test_says_how_much_private_data_the_station_holds_and_for_how_long(data, tmp_path):
    from dataclasses import replace

    from scanstation.config import load_settings
    from scanstation.selftest import format_report, run_self_test

    settings = replace(load_settings(machine_file=tmp_path / "m.toml", user_file=tmp_path / "u.toml"),
                       drop_folder=tmp_path, retention_days=30)
    checks = {c.name: c for c in run_self_test(settings, data)}
    held = checks["Private data held"]
    assert held.ok and held.detail.startswith("2 letters, 3 pages with images or text, ")
    assert f"oldest captured {date.today().isoformat()}" in held.detail
    assert "deleted 30 days after export" in held.detail
    assert checks["Data folder privacy"].ok, format_report(list(checks.values()))
