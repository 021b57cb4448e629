"""Logging for IT: a rotating file under the platform log folder; stderr only when asked.

Nothing that is logged may contain a CPR number: callers log ids and codes, not content.
Where a file name or a library's message carries one anyway, `MaskCprNumbers` on every
handler masks it (`010190-****`) in the message, the traceback and the stack.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from .cpr import mask_cprs
from .eventlog import event_log_handler
from .paths import default_log_dir

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class MaskCprNumbers(logging.Filter):
    """Masks CPR numbers in a record before any handler writes it. The record is shared by the
    handlers, so the first one's filter masks it for all of them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_cprs(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_cprs(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_cprs(record.stack_info)
        return True


def setup_logging(*, verbose: bool = False, log_dir: Path | None = None) -> Path | None:
    root = logging.getLogger("scanstation")
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    log_file = None
    try:
        folder = Path(log_dir or default_log_dir())
        folder.mkdir(parents=True, exist_ok=True)
        _keep_private(folder)
        log_file = folder / "scanstation.log"
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        _keep_private(log_file)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    except OSError:
        log_file = None  # an unwritable log folder must not stop the mailroom
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(stream)
    event_log = event_log_handler()  # Windows: exports and errors for IT's monitoring
    if event_log is not None:
        root.addHandler(event_log)
    for handler in root.handlers:
        handler.addFilter(MaskCprNumbers())
    root.propagate = False
    return log_file


def _keep_private(path: Path) -> None:
    """The log names letters and clerks: the folder 0700 (rotated files inside it too), the file 0600."""
    if os.name != "posix":
        return
    try:
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    except OSError:
        pass  # someone else's log folder: not ours to change, and no reason to stop the mailroom
