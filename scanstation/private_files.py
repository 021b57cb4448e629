"""The data folder is private: on POSIX the folder and every folder in it 0700, every file 0600.

Letters to a public administration are private until they reach the right person, and the
data folder holds their page images, their OCR text and their CPR numbers. Nothing here
relies on the process umask (a station shipped with umask 022, or a test with 000): every
file and folder ScanStation makes in the data folder gets its mode set explicitly after it
is created, and at start `secure_data_folder` repairs whatever is more open than that (an
older version's files, a copy restored by hand), naming the paths in the log.

SQLite creates the journal's -wal and -shm files with the journal file's own permissions
(it fchmods them to match), so a private journal file is enough for them; the journal file
itself is made here, private, before SQLite first opens it.

Windows has no mode bits: there the data folder's ACL is what counts, set and repaired at start
the same way (windows_acl.py).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("scanstation.private_files")

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX = os.name == "posix"
_SHOWN = 5  # loose paths named in the log line; the rest are counted


def make_private_dir(folder: Path, *, within: Path | None = None) -> Path:
    """Create `folder` (and its missing parents below `within`) private, whatever the umask.

    A folder that exists already is left as it is: the start check repairs the data folder."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if within is not None and probe == Path(within):
            break
        if probe.parent == probe:
            break
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True)
    if POSIX:
        for created in missing:
            if within is None or created == Path(within) or Path(within) in created.parents:
                _chmod(created, PRIVATE_DIR)
    return folder


def create_private_file(path: Path) -> None:
    """Make sure `path` exists and, if this call created it, is 0600 (e.g. the journal before
    SQLite opens it: SQLite would create it 0644 less the umask)."""
    if path.exists():
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    try:
        if POSIX:
            os.fchmod(fd, PRIVATE_FILE)  # the umask may have taken bits off, never put any on: still explicit
    finally:
        os.close(fd)


@dataclass
class LoosePaths:
    """What the start check found more open than private, relative to the data folder."""
    repaired: list[str] = field(default_factory=list)
    not_repaired: list[str] = field(default_factory=list)  # someone else's file: chmod refused

    @property
    def anything(self) -> bool:
        return bool(self.repaired or self.not_repaired)


def secure_data_folder(data_dir: Path) -> LoosePaths:
    """Check the data folder and everything in it; repair what is readable by others, with a
    warning in the log that names the paths (relative; a file name never carries a CPR: page
    files are named by batch order, sheet and side). POSIX only; elsewhere nothing to do here."""
    data_dir = Path(data_dir)
    found = LoosePaths()
    if os.name == "nt" and data_dir.is_dir():
        return _secure_windows_folder(data_dir, found)
    if not POSIX or not data_dir.is_dir():
        return found
    _repair(data_dir, data_dir, found)
    for root, dirs, files in os.walk(data_dir, followlinks=False):
        for name in dirs + files:
            _repair(Path(root) / name, data_dir, found)
    if found.repaired:
        log.warning("the data folder was readable by other users; made private (folders 0700, files 0600): %d "
                    "path(s): %s", len(found.repaired), _some(found.repaired))
    if found.not_repaired:
        log.error("these paths in the data folder are readable by other users and could not be made private "
                  "(owned by another user?): %d path(s): %s", len(found.not_repaired), _some(found.not_repaired))
    return found


def _secure_windows_folder(data_dir: Path, found: LoosePaths) -> LoosePaths:
    from . import windows_acl

    try:
        others = windows_acl.secure_data_folder(data_dir, windows_acl.Pywin32Security())
    except Exception as exc:  # noqa: BLE001 - pywin32 missing or a network drive without ACLs: say so, go on
        log.error("the data folder's access list could not be checked or set (%s); --self-test tells more",
                  type(exc).__name__)
        found.not_repaired.append(".")
        return found
    if others:
        found.repaired.append(".")
    return found


def loose_paths(data_dir: Path) -> list[str]:
    """What in the data folder other users could read or change, without repairing it (--self-test)."""
    data_dir = Path(data_dir)
    if not POSIX or not data_dir.is_dir():
        return []
    loose = []
    for path in [data_dir, *_everything_in(data_dir)]:
        try:
            status = path.lstat()
        except OSError:
            continue
        if not stat.S_ISLNK(status.st_mode) and status.st_mode & 0o077:
            loose.append(_relative(path, data_dir))
    return loose


def _everything_in(data_dir: Path):
    for root, dirs, files in os.walk(data_dir, followlinks=False):
        for name in dirs + files:
            yield Path(root) / name


def _repair(path: Path, data_dir: Path, found: LoosePaths) -> None:
    try:
        status = path.lstat()
    except OSError:
        return  # gone meanwhile (a temp file)
    if stat.S_ISLNK(status.st_mode):
        return  # chmod would follow it out of the data folder; we never make links
    if status.st_mode & 0o077 == 0:
        return  # nothing for group or others: private
    wanted = PRIVATE_DIR if stat.S_ISDIR(status.st_mode) else PRIVATE_FILE
    if _chmod(path, wanted):
        found.repaired.append(_relative(path, data_dir))
    else:
        found.not_repaired.append(_relative(path, data_dir))


def _chmod(path: Path, mode: int) -> bool:
    try:
        os.chmod(path, mode)
        return True
    except OSError:
        return False


def _relative(path: Path, data_dir: Path) -> str:
    return "." if path == data_dir else path.relative_to(data_dir).as_posix()


def _some(paths: list[str]) -> str:
    shown = ", ".join(paths[:_SHOWN])
    return shown + (f" and {len(paths) - _SHOWN} more" if len(paths) > _SHOWN else "")

