"""Writing files so that a reader sees the whole file or nothing: temp name, fsync, rename."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMP_PREFIX = ".~scanstation-"


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(target: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `target` via a hidden temp file in the same folder.

    The temp name starts with a dot so importers and hot folders skip it. An existing
    target is replaced in one step (os.replace), so a reader never sees a half file.

    `mode` (POSIX): the file's permission bits, set exactly, whatever the umask, and set on
    the temp file from its creation on, so the data is never readable by more people than
    the finished file is (0o600 for the data folder's files). None: as the umask says.
    """
    target = Path(target)
    temp = target.with_name(f"{TEMP_PREFIX}{secrets.token_hex(4)}-{target.name}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(temp, flags, 0o666 if mode is None else mode & 0o666)
        with open(fd, "wb") as handle:
            if mode is not None and os.name == "posix":
                os.fchmod(handle.fileno(), mode)  # the umask only takes bits away: set them as asked
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    fsync_dir(target.parent)


def is_temp_name(name: str) -> bool:
    return name.startswith(TEMP_PREFIX)


def shared_file_mode(folder: Path) -> int | None:
    """The permission bits for a file we deliver into a shared folder (the drop folder): the
    folder's own, for files. Each class of user (owner, group, others) gets read/write on the
    file as the folder grants them, but only if the folder lets that class in at all (its x
    bit); never more than the umask allows. A 0750 share gives 0640 files, a 0700 one 0600,
    a 2770 group share 0660; a world-readable file only where the folder is open to the world
    and the umask agrees. None on Windows: there a new file inherits the folder's ACL.
    """
    if os.name != "posix":
        return None
    folder_mode = os.stat(folder).st_mode
    mode = 0o600  # the owner (us) can always read and replace what we delivered
    for shift in (3, 0):  # group, others
        bits = (folder_mode >> shift) & 0o7
        if bits & 0o1:  # x: that class can reach files in the folder
            mode |= (bits & 0o6) << shift
    return mode & ~current_umask()


def current_umask() -> int:
    """The process umask, read without changing it where Linux allows (os.umask sets it, and
    a thread creating a file meanwhile would get the stand-in)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask
