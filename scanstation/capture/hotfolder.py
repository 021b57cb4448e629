"""A watched folder: files a scanner or a colleague drops in are imported once.

`poll()` is called on a timer and returns the files that have stopped changing. The
caller reads each one (see files.read_pages) and then calls `mark_imported(path)` or
`quarantine(path, why)`, which move it into `imported/` or `quarantine/` inside the
folder (a quarantined file gets `<name>.why.txt` beside it: what was wrong, what to do).
Because finished files leave the folder, a restart never sees them again; a file the
station was killed on stays and is picked up again, and the journal's content ledger
recognises what of it was already taken, so it is moved to imported/ without a second import.

A file counts as complete when its size and modification time are the same at polls
at least `settle_seconds` apart, it is not empty, and its name is not one a copying
program uses while writing (*.part, *.tmp, ~*, hidden files). The clock is
injectable so tests can step time instead of sleeping.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .base import InputError
from .files import is_hidden, natural_key

IMPORTED_DIR = "imported"
QUARANTINE_DIR = "quarantine"
WHY_SUFFIX = ".why.txt"

# Names copy tools, browsers and scanners use while a file is still being written.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".filepart")
# System clutter that is never a document, so it should not land in quarantine/.
SYSTEM_FILES = ("thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class _Observation:
    size: int
    mtime_ns: int
    since: float  # clock reading when this size and mtime were first seen


class HotFolder:
    """One watched folder. Not thread-safe: poll and mark from the same worker."""

    def __init__(
        self,
        folder: str | os.PathLike,
        settle_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = Path(folder)
        self.settle_seconds = settle_seconds
        self._clock = clock
        self._watching: dict[Path, _Observation] = {}
        self._handed_out: set[Path] = set()  # returned by poll and still in the folder
        self._check_folder()

    # --- finding finished files ---------------------------------------------

    def poll(self) -> list[Path]:
        """Files that have stopped changing since earlier polls, each returned once."""
        self._check_folder()
        now = self._clock()
        present: set[Path] = set()
        ready: list[Path] = []
        for path, size, mtime_ns in self._candidates():
            present.add(path)
            if path in self._handed_out:
                continue
            seen = self._watching.get(path)
            if seen is None or (seen.size, seen.mtime_ns) != (size, mtime_ns):
                self._watching[path] = _Observation(size, mtime_ns, now)  # new or still changing
            elif size > 0 and now - seen.since >= self.settle_seconds:
                ready.append(path)
        # Forget files that went away: one that reappears under the same name is a new file.
        self._watching = {p: o for p, o in self._watching.items() if p in present}
        self._handed_out &= present
        for path in ready:
            del self._watching[path]
            self._handed_out.add(path)
        return sorted(ready, key=lambda p: natural_key(p.name))

    def _candidates(self) -> list[tuple[Path, int, int]]:
        try:
            entries = list(os.scandir(self.folder))
        except OSError as exc:
            raise InputError(f"Cannot read the hot folder {self.folder}: {exc.strerror or exc}") from exc
        found = []
        for entry in entries:
            if is_partial_name(entry.name):
                continue
            path = Path(entry.path)
            try:
                if not entry.is_file() or is_hidden(path):
                    continue
                info = entry.stat()
            except OSError:
                continue  # removed or locked while we looked; the next poll sees it again
            found.append((path, info.st_size, info.st_mtime_ns))
        return found

    def _check_folder(self) -> None:
        if not self.folder.is_dir():
            raise InputError(
                f"The hot folder {self.folder} does not exist or is not a folder. "
                "Create it, or choose another folder in the settings."
            )

    # --- after reading -----------------------------------------------------------

    def mark_imported(self, path: str | os.PathLike) -> Path:
        """Move an imported file into imported/; returns where it went."""
        return self._move(Path(path), IMPORTED_DIR)

    def quarantine(self, path: str | os.PathLike, why: str) -> Path:
        """Move a file that could not be taken into quarantine/, with <name>.why.txt beside it."""
        target = self._move(Path(path), QUARANTINE_DIR)
        try:
            _why_note(target).write_text(why.rstrip() + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"Moved {target.name} to {QUARANTINE_DIR}/ but could not write why: "
                             f"{exc.strerror or exc}") from exc
        return target

    def _move(self, path: Path, subfolder: str) -> Path:
        destination = self.folder / subfolder
        try:
            destination.mkdir(exist_ok=True)
            target = _free_name(destination / path.name)
            # Same file system, so this is a rename: atomic, never a half-copied file.
            path.rename(target)
        except OSError as exc:
            raise InputError(f"Could not move {path.name} to {subfolder}/: {exc.strerror or exc}") from exc
        self._handed_out.discard(path)
        self._watching.pop(path, None)
        return target


def is_partial_name(name: str) -> bool:
    """True for names of files that are still being written, hidden, or system clutter."""
    lowered = name.lower()
    return (
        name.startswith((".", "~"))
        or lowered.endswith(PARTIAL_SUFFIXES)
        or lowered in SYSTEM_FILES
    )


def _free_name(wanted: Path) -> Path:
    """`wanted`, or `name (2).ext`, `name (3).ext`... if it is taken."""
    if not wanted.exists() and not _why_note(wanted).exists():
        return wanted
    number = 2
    while True:
        candidate = wanted.with_name(f"{wanted.stem} ({number}){wanted.suffix}")
        if not candidate.exists() and not _why_note(candidate).exists():
            return candidate
        number += 1


def _why_note(path: Path) -> Path:
    return path.with_name(path.name + WHY_SUFFIX)
