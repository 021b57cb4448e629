"""Putting the station back in order after a crash or power cut.

Runs whenever the station opens its journal. A batch left open by a process that no
longer runs is marked interrupted; page files that reached the disk but not the journal
are adopted (their names carry batch order, sheet and side); half-written temp files
are removed. Documents whose export was under way are finished by the exporter, which
recognises its own earlier delivery in the drop folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

from PIL import Image

from .atomic import is_temp_name
from .journal import Journal
from .pagestore import PAGE_NAME_RE, PageStore

log = logging.getLogger("scanstation.recovery")

CRASH_REASON = "ScanStation stopped while scanning (crash or power cut). Every page that was scanned is kept."


@dataclass
class RecoveryReport:
    interrupted_batches: list[int] = field(default_factory=list)
    adopted_pages: list[str] = field(default_factory=list)
    removed_temp_files: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.interrupted_batches or self.adopted_pages or self.removed_temp_files)


def recover(journal: Journal, store: PageStore, actor: str = "scanstation") -> RecoveryReport:
    report = RecoveryReport()
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
                    _adopt_page(journal, store, batch.id, batch.device, entry, match, actor)
                    report.adopted_pages.append(relative)
        journal.interrupt_batch(batch.id, CRASH_REASON, actor)
        report.interrupted_batches.append(batch.id)
        log.info("recovered batch %s after a crash", batch.id)
    return report


def _adopt_page(journal, store, batch_id, device, path, match, actor) -> None:
    data = path.read_bytes()
    with Image.open(path) as image:
        width, height, mode = image.width, image.height, image.mode
        dpi = int(round((image.info.get("dpi") or (300, 300))[0]))
    captured = datetime.fromtimestamp(os.stat(path).st_mtime, timezone.utc).isoformat(timespec="seconds")
    journal.record_page(
        batch_id,
        {
            "seq": int(match["seq"]), "file_path": path.relative_to(store.data_dir).as_posix(),
            "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "captured_at": captured,
            "device": device, "sheet": int(match["sheet"]), "side": match["side"], "width": width,
            "height": height, "dpi": dpi, "mode": mode, "origin": "recovered after a crash",
            "recovered": 1,
        },
        new_document=False, started_by="recovery", actor=actor,
    )
