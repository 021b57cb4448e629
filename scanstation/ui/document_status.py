"""A document's status in the clerk's and the supervisor's words (one wording everywhere)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def status_text(status: str) -> str:
    translate = QCoreApplication.translate
    return {
        "captured": translate("DocumentStatus", "Scanning…"),
        "awaiting_confirmation": translate("DocumentStatus", "Needs confirmation"),
        "confirmed": translate("DocumentStatus", "Confirmed, waiting for export"),
        "exported": translate("DocumentStatus", "Exported"),
        "failed": translate("DocumentStatus", "Export failed"),
        "exception": translate("DocumentStatus", "Parked as an exception"),
    }.get(status, status)
