"""After a crash, running the same command again finishes the batch: each letter once, none twice.

Real `scanstation process` runs, killed for real (SIGKILL at named points, and at a random
moment with two page workers), then run again exactly as before.
"""

import random
import signal
import subprocess
import sys
import time

import pytest

from .cli_run import cli_env, scanstation
from .crash_batch import check_each_letter_once, journal_rows, mailroom_files

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX-only (faultpoints.py)")


def process_command(tmp_path):
    return ("--drop", str(tmp_path / "drop"), "process", str(tmp_path / "in"), "--recipient", "jobcenter")


@pytest.fixture
def mailroom(tmp_path):
    (tmp_path / "drop").mkdir()
    return mailroom_files(tmp_path / "in")


@pytest.mark.parametrize("crash_at", [
    "after_page_saved:5",       # a page file on disk without its journal row (letter B's only page)
    "after_page_journaled:8",   # a page recorded, not yet analysed or placed (letter D, its own file)
    "after_sidecar_written:2",  # a letter delivered, the journal not yet told
])
def test_running_the_same_command_again_finishes_the_batch_each_letter_once(tmp_path, mailroom, crash_at):
    killed = scanstation(tmp_path, *process_command(tmp_path), env=cli_env(tmp_path, SCANSTATION_CRASH_AT=crash_at))
    assert killed.returncode == -signal.SIGKILL

    again = scanstation(tmp_path, *process_command(tmp_path))
    assert again.returncode == 0, again.stderr
    assert "recovered after an interruption" in again.stderr
    assert "Traceback" not in again.stderr
    check_each_letter_once(tmp_path / "data", tmp_path / "drop", mailroom)
    # One batch, finished: the re-run went on in the batch the crash cut.
    assert journal_rows(tmp_path / "data", "SELECT id, status FROM batches") == [(1, "complete")]

    # A third run takes nothing: every file was taken, and says so.
    third = scanstation(tmp_path, *process_command(tmp_path))
    assert third.returncode == 0, third.stderr
    assert third.stderr.count("already taken in batch 1") == 3 and "--again" in third.stderr
    check_each_letter_once(tmp_path / "data", tmp_path / "drop", mailroom)


def test_killed_at_a_random_moment_with_page_workers_each_letter_once(tmp_path, mailroom):
    """Two real worker processes, up to 16 pages in flight: the kill catches pages on disk, in
    the journal but unplaced, and letters half delivered, wherever it falls."""
    env = cli_env(tmp_path, SCANSTATION_WORKERS="2")
    proc = subprocess.Popen([sys.executable, "-m", "scanstation.cli", "--data-dir", str(tmp_path / "data"),
                             *process_command(tmp_path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pages_before_kill = random.Random().randint(1, 11)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
        try:
            if journal_rows(tmp_path / "data", "SELECT COUNT(*) FROM pages")[0][0] >= pages_before_kill:
                break
        except Exception:  # noqa: BLE001 - the journal is still being created
            pass
    proc.kill()
    proc.communicate(timeout=30)

    again = scanstation(tmp_path, *process_command(tmp_path), env=env)
    assert again.returncode == 0, again.stderr
    check_each_letter_once(tmp_path / "data", tmp_path / "drop", mailroom)


def test_a_letter_read_again_after_a_crash_is_read_by_ocr_and_has_a_text_layer(tmp_path, mailroom):
    """Letter E's first page was recorded, not yet read, when the program was killed: recovery
    reads it (OCR) and it continues the letter the separator sheet before it began."""
    (tmp_path / "in" / "01-stak.tif").unlink()
    env = cli_env(tmp_path, ocr=True)
    killed = scanstation(tmp_path, *process_command(tmp_path),
                         env={**env, "SCANSTATION_CRASH_AT": "after_page_journaled:3"})
    assert killed.returncode == -signal.SIGKILL
    assert journal_rows(tmp_path / "data", "SELECT COUNT(*) FROM page_ocr") == [(1,)]  # only D was read

    again = scanstation(tmp_path, *process_command(tmp_path), env=env)
    assert again.returncode == 0, again.stderr
    check_each_letter_once(tmp_path / "data", tmp_path / "drop", {"D": mailroom["D"], "E": mailroom["E"]},
                           {"02-brev.png": 1, "03-stak.tif": 4})
    texts = [subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
             for pdf in sorted((tmp_path / "drop").glob("*.pdf"))]
    letter_e = next(t for t in texts if "Brev E" in t)
    for page in (1, 2, 3):
        assert f"side {page} af 3" in letter_e
    recovered = journal_rows(tmp_path / "data", "SELECT p.origin, o.ok FROM pages p JOIN page_ocr o"
                                                " ON o.page_id = p.id WHERE p.origin LIKE '03-stak.tif page 2%'")
    assert recovered == [("03-stak.tif page 2 of 4", 1)]  # its origin kept, its text read
