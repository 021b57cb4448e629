"""Deciding where one document ends and the next begins, page by page as pages arrive."""

from __future__ import annotations

from .capture.base import ScannedPage


class DocumentSplitter:
    """The simplest rule: an imported file is one document; a scan without separators is one.

    Sources that know document boundaries (files, the demo stack) mark pages with a
    `group`; a change of group starts a new document.
    """

    def __init__(self) -> None:
        self._last_group: str | None = None

    def starts_new_document(self, page: ScannedPage) -> tuple[bool, str]:
        """(True, why) when `page` begins a new document."""
        first = self._last_group is None
        changed = bool(page.group) and page.group != self._last_group
        self._last_group = page.group
        if first:
            return True, "batch_start"
        if changed:
            return True, "source"  # the next file, or the next letter of the demo stack
        return False, ""
