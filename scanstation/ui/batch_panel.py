"""The left pane: the batch as a strip of page thumbnails, grouped into documents.

It shows a snapshot (plain data built from the journal) and reports what the clerk asks
for — select, split, merge, move, rotate, delete, restore — as signals; the window does
the work off the GUI thread and hands back a new snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from ..separation import sheet_warnings
from .document_status import status_text
from .export_failures import failure_text
from .i18n import count_text

DOC_ROLE = Qt.UserRole
PAGE_ROLE = Qt.UserRole + 1


@dataclass(frozen=True)
class PageView:
    id: int
    file_path: str
    position: int
    included: bool
    excluded_reason: str | None
    rotation: int
    origin: str
    analysis: str = "{}"
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class DocumentView:
    id: int
    status: str
    started_by: str
    recipient_id: str | None
    journal_id: str | None
    failure: str | None
    pages: tuple[PageView, ...] = field(default_factory=tuple)
    too_many_pages: bool = False  # more than the configured maximum: a separator was probably missed
    exception_reason: str | None = None  # parked by the clerk: out of the to-confirm flow
    recipient_name: str | None = None  # what the clerk reads; the id stays in files


def snapshot(journal, batch_id: int | None, max_pages: int = 50) -> list[DocumentView]:
    """Plain data for the panel, read from the journal."""
    if batch_id is None:
        return []
    views = []
    names = {r.id: r.name for r in journal.recipients(active_only=False)}
    for doc in journal.batch_documents(batch_id):
        pages = tuple(
            PageView(e.page.id, e.page.file_path, e.position, e.included, e.excluded_reason,
                     e.page.rotation, e.page.origin, e.page.analysis, e.page.width, e.page.height)
            for e in journal.document_pages(doc.id))
        views.append(DocumentView(doc.id, doc.status, doc.started_by, doc.recipient_id,
                                  doc.journal_id, doc.failure, pages,
                                  sum(1 for p in pages if p.included) > max_pages, doc.exception_reason,
                                  names.get(doc.recipient_id or "")))
    return views


class BatchPanel(QTreeWidget):
    document_selected = Signal(int)
    page_selected = Signal(int, int)  # document id, page id
    page_dropped = Signal(int, int, int)  # page id, target document id, position (1-based)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setIconSize(QSize(72, 100))
        self.setIndentation(14)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setDragDropMode(QAbstractItemView.InternalMove)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setAccessibleName(self.tr("Documents and pages"))
        self.currentItemChanged.connect(self._current_changed)
        self._documents: list[DocumentView] = []
        self._thumbnails: dict[int, QPixmap] = {}

    # --- content -------------------------------------------------------------

    def show_documents(self, documents: list[DocumentView]) -> None:
        """Rebuild from a snapshot, keeping the clerk's place."""
        keep = self.current_ids()
        self._documents = documents
        self.blockSignals(True)
        self.clear()
        for number, doc in enumerate(documents, start=1):
            mark, colour = self.STATUS_MARKS.get("exception" if doc.exception_reason else doc.status,
                                                 ("", QColor(0, 0, 0)))
            item = QTreeWidgetItem(self, [f"{mark}  {self._document_text(number, doc)}"])
            item.setData(0, DOC_ROLE, doc.id)
            item.setForeground(0, QBrush(colour))
            item.setSizeHint(0, QSize(0, 28 + 12 * (bool(doc.journal_id) + bool(doc.exception_reason))))
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            tip = [failure_text(doc.failure) or status_text(doc.status), self._started_by_text(doc.started_by)]
            if doc.exception_reason:
                tip[0] = status_text("exception") + ": " + doc.exception_reason
            if doc.too_many_pages:
                tip.append(self.tr("Unusually many pages: was a separator sheet missed?"))
                item.setText(0, "⚠ " + item.text(0))
            sheet_notes = sheet_warnings([page.analysis for page in doc.pages])
            if sheet_notes:  # a forged cover sheet, or a sheet's code on a letter: its routing was not used
                tip.append(self.tr("Check this letter: a cover or separator sheet code on it was not used."))
                tip.extend(sheet_notes)  # the details, in English like the log (they come from the core)
                if not item.text(0).startswith("⚠"):
                    item.setText(0, "⚠ " + item.text(0))
            item.setToolTip(0, "\n".join(t for t in tip if t))
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDropEnabled)
            included = [p.id for p in doc.pages if p.included]
            for page in doc.pages:
                child = QTreeWidgetItem(item, [self._page_text(page, included)])
                child.setData(0, DOC_ROLE, doc.id)
                child.setData(0, PAGE_ROLE, page.id)
                child.setToolTip(0, page.origin)
                child.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled)
                if page.id in self._thumbnails:
                    child.setIcon(0, QIcon(self._thumbnails[page.id]))
                if not page.included:
                    child.setForeground(0, QBrush(QColor(150, 150, 150)))
            item.setExpanded(True)
        if keep is not None:
            # Silently: a background refresh must not reload the form the clerk is typing in.
            self.select(*keep)
        self.blockSignals(False)

    def set_thumbnail(self, page_id: int, pixmap: QPixmap) -> None:
        self._thumbnails[page_id] = pixmap
        item = self._find(page_id=page_id)
        if item is not None:
            item.setIcon(0, QIcon(pixmap))

    def has_thumbnail(self, page_id: int) -> bool:
        return page_id in self._thumbnails

    @property
    def documents(self) -> list[DocumentView]:
        return self._documents

    # --- selection -------------------------------------------------------------

    def current_ids(self) -> tuple[int, int | None] | None:
        item = self.currentItem()
        if item is None:
            return None
        return item.data(0, DOC_ROLE), item.data(0, PAGE_ROLE)

    def select(self, document_id: int, page_id: int | None = None) -> bool:
        item = self._find(page_id=page_id) if page_id is not None else None
        item = item or self._find(document_id=document_id)
        if item is None:
            return False
        self.setCurrentItem(item)
        self.scrollToItem(item)
        return True

    def document(self, document_id: int) -> DocumentView | None:
        return next((d for d in self._documents if d.id == document_id), None)

    def _find(self, *, document_id: int | None = None, page_id: int | None = None) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if page_id is None and top.data(0, DOC_ROLE) == document_id:
                return top
            for j in range(top.childCount()):
                child = top.child(j)
                if page_id is not None and child.data(0, PAGE_ROLE) == page_id:
                    return child
        return None

    def _current_changed(self, current, _previous) -> None:
        if current is None:
            return
        doc_id, page_id = current.data(0, DOC_ROLE), current.data(0, PAGE_ROLE)
        self.document_selected.emit(doc_id)
        if page_id is not None:
            self.page_selected.emit(doc_id, page_id)

    # --- drag and drop: the panel only reports; the window changes the journal --------

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        dragged = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.setDropAction(Qt.IgnoreAction)
        event.accept()  # we never let the tree move items itself: the journal is the truth
        if dragged is None or dragged.data(0, PAGE_ROLE) is None or target is None:
            return
        indicator = self.dropIndicatorPosition()
        if target.data(0, PAGE_ROLE) is None:  # dropped on a document: append
            doc_id, position = target.data(0, DOC_ROLE), target.childCount() + 1
        else:
            doc_id = target.data(0, DOC_ROLE)
            parent = target.parent()
            position = parent.indexOfChild(target) + 1
            if indicator == QAbstractItemView.BelowItem:
                position += 1
        self.page_dropped.emit(dragged.data(0, PAGE_ROLE), doc_id, position)

    # --- words and icons -------------------------------------------------------------

    def _document_text(self, number: int, doc: DocumentView) -> str:
        included = sum(1 for p in doc.pages if p.included)
        if included == 0 and doc.status == "captured":
            # Only the sheet in front of it is scanned yet (a jam came after it): no "0 pages".
            text = self.tr("Letter %1 · being scanned").replace("%1", str(number))
        else:
            text = self.tr("Letter %1 · %2").replace("%1", str(number)).replace(
                "%2", count_text(included, self.tr("1 page"), self.tr("%1 pages")))
        if doc.recipient_id:
            text += f" → {doc.recipient_name or doc.recipient_id}"
        if doc.journal_id:
            text += f"\n{doc.journal_id}"
        if doc.exception_reason:
            text += "\n" + self.tr("Exception: %1").replace("%1", doc.exception_reason)
        return text

    def _page_text(self, page: PageView, included: list[int]) -> str:
        """The letter's own pages are numbered as printed ("Side 2 af 2" is page 2 of 2); the
        sheets left out of it (separator, cover sheet, blank, deleted) are named, not numbered."""
        if page.included:
            return (self.tr("Page %1 of %2").replace("%1", str(included.index(page.id) + 1))
                    .replace("%2", str(len(included))))
        return {"deleted": self.tr("Deleted page (left out)"), "blank": self.tr("Blank page (left out)"),
                "separator": self.tr("Separator sheet"), "cover_sheet": self.tr("Cover sheet"),
                "replaced": self.tr("Replaced page (left out)")}.get(
            page.excluded_reason or "", self.tr("Left out: %1").replace("%1", page.excluded_reason or ""))

    def _started_by_text(self, started_by: str) -> str:
        return {
            "cover_sheet": self.tr("Started by a cover sheet"),
            "separator": self.tr("Started by a separator sheet"),
            "patch_T": self.tr("Started by a Patch T sheet"),
            "patch_2": self.tr("Started by a Patch 2 sheet"),
            "patch_3": self.tr("Started by a Patch 3 sheet"),
            "blank_page": self.tr("Started by a blank page"),
            "fixed_pages": self.tr("Started by the page count"),
            "file": self.tr("A file of its own"),
            "batch_start": self.tr("First letter of the batch"),
            "clerk_split": self.tr("Split by the clerk"),
        }.get(started_by, "")


    STATUS_MARKS = {
        "captured": ("⟳", QColor(110, 110, 110)),
        "awaiting_confirmation": ("?", QColor(200, 110, 0)),
        "confirmed": ("✓", QColor(30, 90, 200)),
        "exported": ("✔", QColor(20, 140, 60)),
        "failed": ("✖", QColor(190, 0, 30)),
        "exception": ("⚑", QColor(150, 60, 160)),
    }
