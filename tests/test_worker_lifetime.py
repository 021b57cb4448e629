"""Page workers and their Tesseract die with the program, however it ends; their temporary
files live in the data folder and a later start removes what a killed run left."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .cli_run import cli_env, scanstation
from .crash_batch import journal_rows, mailroom_files

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)")


def processes_tagged(tag: str) -> dict[int, str]:
    """pid -> command name of every process that inherited this test's environment tag."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"SCANSTATION_TEST_TAG={tag}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                found[int(entry.name)] = (entry / "comm").read_text().strip()
        except OSError:
            continue  # gone meanwhile, or not ours to read
    return found


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_killed_program_leaves_no_worker_no_tesseract_and_no_temp_files(tmp_path):
    mailroom_files(tmp_path / "in")
    tag = uuid.uuid4().hex
    env = cli_env(tmp_path, ocr=True, SCANSTATION_WORKERS="2", SCANSTATION_TEST_TAG=tag)
    proc = subprocess.Popen([sys.executable, "-m", "scanstation.cli", "--data-dir", str(tmp_path / "data"),
                             "import", str(tmp_path / "in")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Kill it while Tesseract reads in a worker: the worst moment for leftovers.
        assert wait_for(lambda: "tesseract" in processes_tagged(tag).values(), 60), processes_tagged(tag)
        scratch = tmp_path / "data" / "tmp" / str(proc.pid)
        assert [p.name for p in scratch.iterdir() if p.name.startswith("read-")]  # Tesseract's input is here
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert wait_for(lambda: not processes_tagged(tag), 5), f"left running: {processes_tagged(tag)}"
    assert scratch.exists()  # what the killed run was writing...

    done = scanstation(tmp_path, "batches", env=cli_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert not scratch.exists()  # ...is gone at the next start
    assert not [p for p in (tmp_path / "data" / "tmp").rglob("*") if p.is_file()]
    # The pages the kill caught in flight were read at that start and placed in letters.
    assert journal_rows(tmp_path / "data", "SELECT COUNT(*) FROM pages p LEFT JOIN document_pages dp"
                                           " ON dp.page_id = p.id WHERE dp.page_id IS NULL") == [(0,)]


def test_a_running_programs_temp_folder_is_left_alone(tmp_path):
    """A window and a command line may share a data folder: only folders of programs that no
    longer run are removed."""
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        mine = tmp_path / "data" / "tmp" / str(live.pid) / "read-x"
        mine.mkdir(parents=True)
        (mine / "page.tif").write_bytes(b"busy")
        dead = tmp_path / "data" / "tmp" / str(_a_finished_pid()) / "read-y"
        dead.mkdir(parents=True)
        assert scanstation(tmp_path, "batches").returncode == 0
        assert (mine / "page.tif").exists() and not dead.exists()
    finally:
        live.kill()
        live.wait()


def _a_finished_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    assert not os.path.exists(f"/proc/{done.pid}")
    return done.pid
