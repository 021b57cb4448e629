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


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` via a hidden temp file in the same folder.

    The temp name starts with a dot so importers and hot folders skip it. An existing
    target is replaced in one step (os.replace), so a reader never sees a half file.
    """
    target = Path(target)
    temp = target.with_name(f"{TEMP_PREFIX}{secrets.token_hex(4)}-{target.name}.tmp")
    try:
        with open(temp, "xb") as handle:
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
