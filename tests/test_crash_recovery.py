"""Crash safety, proven with real SIGKILLs of a real `scanstation` process."""

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from .cli_run import cli_env, scanstation, scanstation_json
from .pages import letter_files
from .pdfcheck import check_delivery

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX-only (faultpoints.py)")


def page_files_on_disk(tmp_path):
    return sorted(p for p in (tmp_path / "data" / "pages").rglob("*.png") if not p.name.startswith("."))


def journal_pages(tmp_path):
    with sqlite3.connect(f"file:{tmp_path / 'data' / 'journal.sqlite'}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0]


def test_killed_mid_batch_every_page_is_recovered_and_the_batch_continues(tmp_path):
    env = cli_env(tmp_path, SCANSTATION_DEMO_DELAY="0.25", SCANSTATION_DEMO_LETTERS="5")
    proc = subprocess.Popen(
        [sys.executable, "-m", "scanstation.cli", "--data-dir", str(tmp_path / "data"),
         "scan", "--device", "demo", "--dpi", "100"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            if journal_pages(tmp_path) >= 3:
                break
        except sqlite3.Error:
            pass  # the journal is still being created
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    on_disk = page_files_on_disk(tmp_path)
    assert len(on_disk) >= 3

    batches = scanstation_json(tmp_path, "batches")["batches"]
    assert len(batches) == 1 and batches[0]["status"] == "interrupted"
    assert "crash or power cut" in batches[0]["interruption"]
    assert batches[0]["pages"] == len(on_disk)  # every page that reached the disk is in the journal

    done = scanstation(tmp_path, "--json", "scan", "--continue", str(batches[0]["id"]), env=cli_env(tmp_path))
    assert done.returncode == 0, done.stderr
    batch = scanstation_json(tmp_path, "batches")["batches"][0]
    assert batch["status"] == "complete"
    documents = scanstation_json(tmp_path, "documents")["documents"]
    assert sum(d["pages_scanned"] for d in documents) == batch["pages"] == len(page_files_on_disk(tmp_path))
    assert all(d["status"] == "awaiting_confirmation" for d in documents)


def test_killed_after_a_page_reached_the_disk_but_not_the_journal(tmp_path):
    letter_files(tmp_path / "in")
    env = cli_env(tmp_path, SCANSTATION_CRASH_AT="after_page_saved:3")
    done = scanstation(tmp_path, "import", str(tmp_path / "in"), env=env)
    assert done.returncode == -signal.SIGKILL
    assert len(page_files_on_disk(tmp_path)) == 3 and journal_pages(tmp_path) == 2

    done = scanstation(tmp_path, "--json", "batches")
    assert "recovered after an interruption" in done.stderr and "1 page re-attached" in done.stderr
    batch = json.loads(done.stdout)["batches"][0]
    assert batch["pages"] == 3 and batch["status"] == "interrupted"
    # Recovery happens once: the next start has nothing to say.
    assert "recovered" not in scanstation(tmp_path, "batches").stderr


def _process_with_crash(tmp_path, crash_at):
    letter_files(tmp_path / "in")
    drop = tmp_path / "drop"
    drop.mkdir()
    env = cli_env(tmp_path, SCANSTATION_CRASH_AT=crash_at)
    done = scanstation(tmp_path, "--drop", str(drop), "process", str(tmp_path / "in"),
                       "--recipient", "jobcenter", env=env)
    assert done.returncode == -signal.SIGKILL
    return drop


def _export_and_check_exactly_once(tmp_path, drop):
    """Finish after the crash: export what was confirmed, confirm what waits, export again.

    `process` streams letters out as it goes, so the crash came mid-import: the files not yet
    read are simply not in the journal (they are still in the folder)."""
    done = scanstation(tmp_path, "--drop", str(drop), "export")
    assert done.returncode == 0, done.stderr
    for doc in scanstation_json(tmp_path, "documents")["documents"]:
        if doc["status"] in ("captured", "awaiting_confirmation"):
            scanstation_json(tmp_path, "confirm", str(doc["id"]), "--recipient", "jobcenter")
    assert scanstation(tmp_path, "--drop", str(drop), "export").returncode == 0
    documents = scanstation_json(tmp_path, "documents")["documents"]
    assert documents and [d["status"] for d in documents] == ["exported"] * len(documents)
    pdfs, sidecars = sorted(drop.glob("*.pdf")), sorted(drop.glob("*.json"))
    assert len(pdfs) == len(sidecars) == len(documents)
    assert not [p for p in drop.iterdir() if p.name.startswith(".")]
    ids = [check_delivery(p)["journal_id"] for p in pdfs]
    assert [i[-6:] for i in ids] == [f"{n:06d}" for n in range(1, len(ids) + 1)]  # gap-free
    assert sorted(d["journal_id"] for d in documents) == ids


def test_killed_after_delivery_before_the_journal_knew_exports_once(tmp_path):
    drop = _process_with_crash(tmp_path, "after_sidecar_written:1")
    assert len(list(drop.glob("*.json"))) == 1
    first = next(drop.glob("*.json")).read_bytes()
    _export_and_check_exactly_once(tmp_path, drop)
    # The earlier, complete delivery was recognised, not written again.
    assert next(iter(sorted(drop.glob("*.json")))).read_bytes() == first


def test_killed_between_pdf_and_sidecar_finishes_under_the_same_journal_id(tmp_path):
    drop = _process_with_crash(tmp_path, "after_pdf_written:2")
    assert len(list(drop.glob("*.pdf"))) == 2 and len(list(drop.glob("*.json"))) == 1
    half = sorted(drop.glob("*.pdf"))[1].name
    _export_and_check_exactly_once(tmp_path, drop)
    assert (drop / half).exists() and (drop / half).with_suffix(".json").exists()  # finished under its id
