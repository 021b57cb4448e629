"""Private files: what the station writes is readable by its own user only, whatever the umask;
what it delivers to the drop folder has the share's own permissions. Real CLI runs (real
import, OCR, journal, export), then the file modes, then another local user trying to read."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from scanstation.atomic import shared_file_mode, write_atomically

from .cli_run import cli_env
from .pages import text_page, write_pages

CPR = "210895-1096"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def run(tmp_path: Path, *args: str, umask: int = 0o022, ocr: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scanstation.cli", "--data-dir", str(tmp_path / "data"), *args],
                          capture_output=True, text=True, env=cli_env(tmp_path, ocr=ocr), timeout=120, umask=umask)


def letter(tmp_path: Path) -> Path:
    return write_pages(tmp_path / "in" / "brev.png", [text_page(["Ansøgning om boligstøtte", f"CPR-nr.: {CPR}"],
                                                                dpi=150)], dpi=150)


def modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[path.relative_to(folder).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    return found


def log_text(tmp_path: Path) -> str:
    logs = list((tmp_path / "xdg-state").rglob("scanstation.log"))
    return logs[0].read_text(encoding="utf-8") if logs else ""


@posix_only
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_after_a_real_import_and_export_every_file_in_the_data_folder_is_private(tmp_path, umask):
    drop = tmp_path / "drop"
    drop.mkdir()
    drop.chmod(0o750)  # the share: the archive's group reads, others are not let in
    done = run(tmp_path, "--drop", str(drop), "process", str(letter(tmp_path)), "--recipient", "jobcenter",
               umask=umask, ocr=True)
    assert done.returncode == 0, done.stderr
    data = tmp_path / "data"
    found = modes(data)
    assert {"journal.sqlite", "pages"} <= set(found)
    assert any(name.endswith(".png") for name in found)  # the page image is there to be checked
    for name, mode in found.items():
        path = data / name
        wanted = 0o700 if path.is_dir() else 0o600
        assert mode == wanted, f"{name} is {mode:o} with umask {umask:03o}"
    # The drop folder's files follow the share (0750 -> 0640), not our umask (which is 000 or 022).
    delivered = modes(drop)
    del delivered["."]
    assert len(delivered) == 2
    assert set(delivered.values()) == {0o640 & ~umask}
    # The log folder and file are the station user's alone too.
    log_dir = next((tmp_path / "xdg-state").rglob("scanstation.log")).parent
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700


@posix_only
def test_the_journals_wal_and_shm_are_private_too_while_the_journal_is_open(tmp_path):
    from scanstation.config import Settings
    from scanstation.station import Station

    old = os.umask(0)
    try:
        station = Station.open(tmp_path / "data", Settings(station_id="T1", operator="anna"), read_recovered=False)
        try:
            station.journal.record_event("anna", "test", "", {})  # a write: the -wal has content
            names = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "data").iterdir() if p.is_file()}
        finally:
            station.close()
    finally:
        os.umask(old)
    assert {"journal.sqlite", "journal.sqlite-wal", "journal.sqlite-shm"} <= set(names)
    assert set(names.values()) == {0o600}, names


@posix_only
def test_a_loose_data_folder_from_before_is_made_private_at_start_with_a_warning_in_the_log(tmp_path):
    assert run(tmp_path, "import", str(letter(tmp_path))).returncode == 0
    data = tmp_path / "data"
    for path in [data, *data.rglob("*")]:  # as an older version left it under umask 022
        path.chmod(0o755 if path.is_dir() else 0o644)
    done = run(tmp_path, "documents")
    assert done.returncode == 0, done.stderr
    assert all(mode in (0o600, 0o700) for mode in modes(data).values()), modes(data)
    log = log_text(tmp_path)
    assert "readable by other users; made private" in log
    assert "journal.sqlite" in log and "pages/batch-000001" in log
    assert CPR not in log and "1096" not in log


def read_as_nobody(path: Path) -> subprocess.CompletedProcess:
    """Another local user (nobody) tries to read `path`; tests run as root in CI's container."""
    return subprocess.run(["cat", "--", str(path)], capture_output=True, user="nobody", group="nogroup",
                          extra_groups=[], timeout=30)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to become another user")
def test_another_local_user_can_read_neither_the_page_images_nor_the_journal_nor_the_sidecar(tmp_path):
    # pytest's own tmp folders are private: open the way to tmp_path as a shared disk would be.
    opened = {p: p.stat().st_mode for p in [tmp_path, *tmp_path.parents] if p != Path(tmp_path.anchor)}
    for path, mode in opened.items():
        path.chmod(mode | 0o005)
    try:
        drop = tmp_path / "drop"
        drop.mkdir()
        drop.chmod(0o770)  # the archive's group may read; others not
        done = run(tmp_path, "--drop", str(drop), "process", str(letter(tmp_path)), "--recipient", "jobcenter",
                   ocr=True)
        assert done.returncode == 0, done.stderr
        data = tmp_path / "data"
        page = next(data.rglob("*.png"))
        targets = [page, data / "journal.sqlite", *drop.iterdir()]
        assert len(targets) == 4
        for target in targets:
            attempt = read_as_nobody(target)
            assert attempt.returncode != 0 and b"Permission denied" in attempt.stderr, (target, attempt.stderr)
            assert not attempt.stdout
        # nobody can read the very same bytes from a loose file: the attempts above were real ones.
        loose = tmp_path / "loose.png"
        loose.write_bytes(page.read_bytes())
        loose.chmod(0o644)
        assert read_as_nobody(loose).stdout == page.read_bytes()
    finally:
        for path, mode in opened.items():
            path.chmod(stat.S_IMODE(mode))


@posix_only
@pytest.mark.parametrize(("folder_mode", "umask", "file_mode"), [
    (0o700, 0o022, 0o600),   # a private drop folder: private files
    (0o750, 0o022, 0o640),   # the archive's group reads
    (0o2770, 0o002, 0o660),  # a group share where the importer moves files away
    (0o770, 0o027, 0o640),   # the umask takes away what it always did
    (0o755, 0o022, 0o644),   # a folder open to everyone: the share's own choice, not ours
    (0o751, 0o022, 0o640),   # others may pass through but not list: they get no read on our files
])
def test_drop_folder_files_get_the_folders_permissions_for_files(tmp_path, folder_mode, umask, file_mode):
    folder = tmp_path / "share"
    folder.mkdir()
    folder.chmod(folder_mode)
    old = os.umask(umask)
    try:
        mode = shared_file_mode(folder)
        write_atomically(folder / "x.pdf", b"%PDF-", mode=mode)
    finally:
        os.umask(old)
    assert mode == file_mode
    assert stat.S_IMODE((folder / "x.pdf").stat().st_mode) == file_mode


def test_no_module_writes_a_temp_file_outside_the_data_folder():
    """Every tempfile use in scanstation/ names the folder it writes in (the data folder's tmp)."""
    import re

    root = Path(__file__).resolve().parent.parent / "scanstation"
    calls = re.compile(r"tempfile\.(mkdtemp|mkstemp|TemporaryDirectory|NamedTemporaryFile|TemporaryFile)\(([^)]*)\)")
    found = [(path.name, m.group(0)) for path in root.rglob("*.py") for m in calls.finditer(path.read_text())]
    assert found
    assert all("dir=" in call for _, call in found), found


@posix_only
def test_self_test_warns_about_a_loose_data_folder_and_names_what_is_open(tmp_path):
    from dataclasses import replace

    from scanstation.config import load_settings
    from scanstation.selftest import run_self_test

    data = tmp_path / "data"
    (data / "pages" / "batch-000001").mkdir(parents=True)
    (data / "pages" / "batch-000001" / "000001-s00001-front.png").write_bytes(b"")
    for path in [data, *data.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    settings = replace(load_settings(machine_file=tmp_path / "m.toml", user_file=tmp_path / "u.toml"),
                       drop_folder=tmp_path)
    privacy = {c.name: c for c in run_self_test(settings, data)}["Data folder privacy"]
    assert privacy.status == "WARN"
    assert "4 paths" in privacy.detail and "pages/batch-000001/000001-s00001-front.png" in privacy.detail
    assert stat.S_IMODE(data.stat().st_mode) == 0o755  # the self-test only looks; the start repairs
