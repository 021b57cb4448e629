"""The Windows Application event log, for IT's monitoring: one entry per exported
document, per failed export and per error; nothing else.

A record reaches the event log when it is ERROR or worse, or when the code that logs it
marks it with `extra={"event_log": True}` (the exporter does, for "exported" and "export
failed"). Entries carry ids and codes only, like the log file; a CPR number that slipped
into a message anyway is masked (`010190-****`) before it leaves the process.

The event source "ScanStation" is registered by the MSI (installer/scanstation.wxs) with
.NET's EventLogMessages.dll as message file, which shows every event id as its text;
a user cannot register a source, so without the MSI the entries still arrive, with
Event Viewer's "description cannot be found" preamble.

Elsewhere there is no event log: `event_log_handler()` returns None unless a test
passes a factory, so the filtering and blanking are tested on Linux.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

from .cpr import mask_cprs

SOURCE = "ScanStation"
MESSAGE_FILE = r"Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll"  # under %SystemRoot%
# Event ids IT can filter on in Event Viewer or a monitoring agent.
EVENT_EXPORTED, EVENT_EXPORT_FAILED, EVENT_ERROR = 100, 200, 300

HandlerFactory = Callable[[], logging.Handler]


def for_event_log(record: logging.LogRecord) -> bool:
    """Errors, and the records marked for IT (one per exported or failed document)."""
    return record.levelno >= logging.ERROR or bool(getattr(record, "event_log", False))


def event_id(record: logging.LogRecord) -> int:
    if record.levelno >= logging.ERROR:
        return EVENT_ERROR
    return EVENT_EXPORT_FAILED if record.levelno >= logging.WARNING else EVENT_EXPORTED


def blank_cpr(text: str) -> str:
    """Any CPR number (a real date in its first six digits) is masked: `010190-****`, the
    product's one masked form (scanstation/cpr.py)."""
    return mask_cprs(text)


class EventLogFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return blank_cpr(super().format(record))


def event_log_handler(factory: HandlerFactory | None = None) -> logging.Handler | None:
    """A handler for the `scanstation` logger that writes only what IT monitors.

    None where there is no event log (not Windows, or pywin32 missing): logging to the
    file goes on as before. A handler that cannot be made is no reason to stop the app.
    """
    factory = factory or _platform_factory()
    if factory is None:
        return None
    try:
        handler = factory()
    except Exception as exc:  # noqa: BLE001 - pywin32 raises pywintypes.error
        logging.getLogger("scanstation.eventlog").warning("no Windows event log: %r", exc)
        return None
    handler.addFilter(for_event_log)
    handler.setFormatter(EventLogFormatter())
    return handler


def _platform_factory() -> HandlerFactory | None:
    if sys.platform != "win32":
        return None
    try:
        import win32evtlogutil  # noqa: F401  (pywin32)
    except ImportError:
        return None
    return _nt_handler


def _nt_handler() -> logging.Handler:
    from logging.handlers import NTEventLogHandler

    class Handler(NTEventLogHandler):
        def getEventID(self, record: logging.LogRecord) -> int:  # noqa: N802 (logging's name)
            return event_id(record)

    # The same message file the MSI registers: when an administrator runs ScanStation,
    # NTEventLogHandler re-registers the source and must not point it elsewhere.
    message_file = os.path.join(os.environ.get("SystemRoot", r"C:\Windows"), MESSAGE_FILE)
    return Handler(SOURCE, dllname=message_file)
