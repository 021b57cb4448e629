"""Putting the station back in order after a crash or power cut.

Runs whenever the station opens its journal. A batch left open by a process that no
longer runs is marked interrupted; a page file that reached the disk but not the journal
(at most the one being saved) is recorded, with where it came from (the file and page
being taken, or the scanner sheet and side: its name carries batch order, sheet and side);
half-written temp files are removed, and so are the scratch folders of programs that no
longer run. Pages recorded but not yet in a document are then read and placed like any
page (Intake.read_recovered; the station does it at open, the window in the background).
Documents whose export was under way are finished by the exporter, which recognises its
own earlier delivery in the drop folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from PIL import Image

from .atomic import is_temp_name
from .capture.base import feeder_origin
from .journal import Journal
from .pagestore import PAGE_NAME_RE, PageStore

log = logging.getLogger("scanstation.recovery")

CRASH_REASON = "ScanStation stopped while scanning (crash or power cut). Every page that was scanned is kept."
SCRATCH_FOLDER = "tmp"  # <data>/tmp/<pid>/: what a program's page workers write while reading pages


@dataclass
class RecoveryReport:
    interrupted_batches: list[int] = field(default_factory=list)
    adopted_pages: list[str] = field(default_factory=list)  # pages re-attached to their letters (read, placed)
    recorded_files: list[str] = field(default_factory=list)  # page files found without a journal row
    removed_temp_files: int = 0
    removed_scratch_folders: int = 0  # housekeeping, not worth telling the clerk

    @property
    def anything(self) -> bool:
        return bool(self.interrupted_batches or self.adopted_pages or self.recorded_files or self.removed_temp_files)


def scratch_folder(data_dir: Path, pid: int | None = None) -> Path:
    """This program's folder for temporary files, inside the data folder (cleaned at start)."""
    return Path(data_dir) / SCRATCH_FOLDER / str(os.getpid() if pid is None else pid)


def recover(journal: Journal, store: PageStore, actor: str = "scanstation") -> RecoveryReport:
    report = RecoveryReport()
    report.removed_scratch_folders = remove_dead_scratch_folders(store.data_dir)
    for batch in journal.batches(status="open"):
        if journal.batch_is_live(batch):
            continue
        folder = store.batch_folder(batch.id)
        if folder.is_dir():
            known = journal.page_paths(batch.id)
            for entry in sorted(folder.iterdir()):
                if is_temp_name(entry.name):
                    entry.unlink(missing_ok=True)
                    report.removed_temp_files += 1
                    continue
                relative = entry.relative_to(store.data_dir).as_posix()
                match = PAGE_NAME_RE.match(entry.name)
                if match and relative not in known:
                    _record_orphan(journal, store, batch, entry, match, actor)
                    report.recorded_files.append(relative)
        journal.interrupt_batch(batch.id, CRASH_REASON, actor)
        report.interrupted_batches.append(batch.id)
        log.info("recovered batch %s after a crash", batch.id)
    return report


def remove_dead_scratch_folders(data_dir: Path) -> int:
    """Scratch folders of programs that no longer run (a GUI and a CLI may share the data folder)."""
    root = Path(data_dir) / SCRATCH_FOLDER
    removed = 0
    if not root.is_dir():
        return 0
    for folder in root.iterdir():
        if folder.name.isdigit() and int(folder.name) != os.getpid() and not _running(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process (or a platform that cannot tell): leave it alone
    return True


def _record_orphan(journal, store, batch, path: Path, match, actor) -> None:
    """A page file the crash caught before its journal row: recorded now, unplaced, with its origin.

    In a file import it is the next page of the file being taken (the batch's last ledger row);
    from a scanner, its name says the sheet and side."""
    data = path.read_bytes()
    with Image.open(path) as image:
        width, height, mode = image.width, image.height, image.mode
        dpi = int(round((image.info.get("dpi") or (300, 300))[0]))
    captured = datetime.fromtimestamp(os.stat(path).st_mtime, timezone.utc).isoformat(timespec="seconds")
    sheet, side = int(match["sheet"]), match["side"]
    source = journal.last_source_file(batch.id) if batch.device == "files" else None
    if source is not None and not source.finished:
        origin, group, source_file = f"{Path(source.path).name} page {sheet}", source.path, source.id
    else:
        origin = feeder_origin(str(batch.settings.get("source", "adf")), sheet, side)
        group, source_file = "", None
    journal.record_unplaced_page(batch.id, {
        "seq": int(match["seq"]), "file_path": path.relative_to(store.data_dir).as_posix(),
        "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "captured_at": captured,
        "device": batch.device, "sheet": sheet, "side": side, "width": width, "height": height, "dpi": dpi,
        "mode": mode, "origin": origin, "source_group": group, "source_file": source_file, "recovered": 1,
    }, actor)
