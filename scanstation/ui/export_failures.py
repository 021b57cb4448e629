"""Why a letter was not exported, in the clerk's language.

The core writes the reason in English from a few templates (export/exporter.py): the journal,
the sidecar, the logs and the command line keep those words. The window matches a reason to
its template and shows the same sentence translated; a reason it does not know is shown as it is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from scanstation.export import exporter


def _pattern(template: str) -> re.Pattern:
    """'Page {page} ({origin}) ...' -> a regex with a named group per field."""
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.*?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


def _fill(text: str, *values) -> str:
    for number, value in enumerate(values, start=1):
        text = text.replace(f"%{number}", str(value))
    return text


def _drop_folder_problem(why: str) -> str:
    translate = QCoreApplication.translate
    return {
        "the drop folder's disk is full": translate("ExportFailure", "the drop folder's disk is full"),
        "the drop folder's disk quota is used up": translate("ExportFailure", "the drop folder's disk quota is used up"),
        "the drop folder is read-only": translate("ExportFailure", "the drop folder is read-only"),
        "no permission to write in the drop folder": translate("ExportFailure",
                                                               "no permission to write in the drop folder"),
        "the drop folder does not exist or is not reachable": translate(
            "ExportFailure", "the drop folder does not exist or is not reachable"),
        "the drop folder is not a folder": translate("ExportFailure", "the drop folder is not a folder"),
        "input/output error on the drop folder": translate("ExportFailure", "input/output error on the drop folder"),
    }.get(why, why)


def failure_text(reason: str | None) -> str:
    """The journal's reason for a failed export, as the clerk reads it."""
    if not reason:
        return ""
    translate = QCoreApplication.translate
    found = _pattern(exporter.DELIVERY_FAILED).match(reason)
    if found:
        return _fill(translate("ExportFailure", "Could not deliver to %1: %2. The letter is kept and will be retried."),
                     found["folder"], _drop_folder_problem(found["why"]))
    found = _pattern(exporter.PAGE_MISSING).match(reason)
    if found:
        return _fill(translate("ExportFailure", "Page %1 (%2) is missing or damaged on disk. Rescan it or have it "
                                                "restored, then retry the export."), found["page"], found["file"])
    found = _pattern(exporter.PAGE_REFUSED).match(reason)
    if found:
        return _fill(translate("ExportFailure", "Page %1 (%2) could not be put into the PDF (%3). Leave the page out "
                                                "or rescan it, then retry the export."),
                     found["page"], found["origin"], found["cause"])
    found = _pattern(exporter.PDF_NOT_MADE).match(reason)
    if found:
        return _fill(translate("ExportFailure", "The PDF could not be made (%1). The letter is kept; retry the "
                                                "export, and call IT if it fails again."), found["cause"])
    found = _pattern(exporter.UNEXPECTED).match(reason)
    if found:
        return _fill(translate("ExportFailure", "The export stopped on an unexpected error (%1). The letter is kept; "
                                                "retry the export, and call IT if it fails again."), found["cause"])
    if reason == exporter.NO_PAGES:
        return translate("ExportFailure", "The letter has no pages to export.")
    return reason
