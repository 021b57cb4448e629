"""A table of counts that sorts (numbers as numbers) and filters, and exports what it shows.

The rows are a reports.Report's: plain dicts, shown as they are. Export writes the rows the
table shows, filtered and in their shown order, as CSV or XLSX through reports.format_report /
write_xlsx, on a worker thread.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from scanstation.atomic import write_atomically
from scanstation.reports import Report, format_report, write_xlsx

from .tasks import run_task

SORT_ROLE = Qt.UserRole + 1


def sort_key(value) -> tuple:
    """Numbers before text, text without regard to case, empty cells last."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, "")
    if value is None or value == "":
        return (2, 0, "")
    return (1, 0, str(value).casefold())


def write_report(report: Report, fmt: str, path: Path) -> Path:
    """The file, whole or not at all. CSV gets a byte-order mark so Excel reads æ, ø and å."""
    if fmt == "csv":
        write_atomically(path, format_report(report, "csv").encode("utf-8-sig"))
    else:
        write_xlsx(report, path)
    return path


class ReportModel(QAbstractTableModel):
    def __init__(self, titles, parent=None) -> None:
        super().__init__(parent)
        self._titles = titles  # column name -> header text
        self.columns: list[str] = []
        self.rows: list[dict] = []

    def set_rows(self, columns: list[str], rows: list[dict]) -> None:
        self.beginResetModel()
        self.columns, self.rows = list(columns), list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()].get(self.columns[index.column()])
        if role == Qt.DisplayRole:
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return value
        if role == Qt.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and section < len(self.columns):
            return self._titles(self.columns[section])
        return super().headerData(section, orientation, role)


class ReportSortFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.setFilterKeyColumn(-1)  # a row matches when any cell does

    def lessThan(self, left, right) -> bool:  # noqa: N802
        return sort_key(left.data(SORT_ROLE)) < sort_key(right.data(SORT_ROLE))


class ReportTable(QWidget):
    exported = Signal(str)  # the file written
    export_failed = Signal(str)

    def __init__(self, *, filterable: bool = True, exportable: bool = True, file_stem: str = "report",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_stem = file_stem
        self.report = Report([], [])
        self.model = ReportModel(self.column_title, self)
        self.proxy = ReportSortFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.AscendingOrder)  # the report's own order until a header is clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter rows…"))
        self.filter_edit.setAccessibleName(self.tr("Filter rows"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.csv_button = QPushButton(self.tr("Export &CSV…"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button = QPushButton(self.tr("Export &XLSX…"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.message = QLabel()

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        if filterable:
            tools.addWidget(self.filter_edit, 1)
        else:
            self.filter_edit.hide()
            tools.addStretch(1)
        for button in (self.csv_button, self.xlsx_button):
            button.setVisible(exportable)
            tools.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if filterable or exportable:
            layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.message.setVisible(exportable)

    def set_report(self, report: Report) -> None:
        self.report = report
        self.model.set_rows(report.columns, report.rows)

    def source_row(self, view_row: int) -> int:
        return self.proxy.mapToSource(self.proxy.index(view_row, 0)).row()

    def shown_rows(self) -> list[dict]:
        """The rows as the table shows them: filtered, in the shown order."""
        return [self.model.rows[self.source_row(r)] for r in range(self.proxy.rowCount())]

    def shown_report(self) -> Report:
        return replace(self.report, rows=self.shown_rows())

    def export(self, fmt: str) -> None:
        suffix = f".{fmt}"
        kind = self.tr("CSV files (*.csv)") if fmt == "csv" else self.tr("Excel workbooks (*.xlsx)")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the table"), self.file_stem + suffix, kind)
        if not name:
            return
        path = Path(name) if name.lower().endswith(suffix) else Path(name + suffix)
        report = self.shown_report()  # a snapshot: the table may change while the file is written
        self.message.setText(self.tr("Writing %1…").replace("%1", path.name))
        run_task(lambda: write_report(report, fmt, path), self._written, self._not_written)

    def _written(self, path: Path) -> None:
        self.message.setText(self.tr("Saved %1").replace("%1", str(path)))
        self.exported.emit(str(path))

    def _not_written(self, exc: BaseException) -> None:
        text = self.tr("The file could not be written: %1").replace("%1", str(exc))
        self.message.setText(text)
        self.export_failed.emit(text)

    def column_title(self, name: str) -> str:
        titles = {
            "day": self.tr("Day"), "period": self.tr("Period"), "clerk": self.tr("Clerk"),
            "team": self.tr("Team"), "station": self.tr("Station"), "separator": self.tr("Started by"),
            "letters_received": self.tr("Letters received"), "pages_received": self.tr("Pages received"),
            "letters_scanned": self.tr("Letters scanned"), "pages_scanned": self.tr("Pages scanned"),
            "confirmed": self.tr("Confirmed"), "confirmed_pages": self.tr("Pages confirmed"),
            "exported": self.tr("Exported"), "blank_pages_dropped": self.tr("Blank pages dropped"),
            "rescans": self.tr("Rescans"), "missed_separator": self.tr("Missed separators?"),
            "return_mail": self.tr("Return mail"), "awaiting_confirmation": self.tr("Awaiting confirmation"),
            "failed_exports": self.tr("Failed exports"), "active_hours": self.tr("Active hours"),
            "letters_per_hour": self.tr("Letters per hour"), "pages_per_hour": self.tr("Pages per hour"),
            "approaching": self.tr("Approaching (5-7 days)"), "overdue": self.tr("Overdue (over 7 days)"),
            "waiting": self.tr("Waiting"), "count": self.tr("Letters"),
            "oldest_received": self.tr("Oldest received"), "oldest_age_days": self.tr("Oldest age (days)"),
            "journal_id": self.tr("Journal id"), "status": self.tr("Status"),
            "received_date": self.tr("Received"), "recipient": self.tr("Team"),
            "case_number": self.tr("Case number"), "pages": self.tr("Pages"), "snippet": self.tr("Text"),
            "letter": self.tr("Letter"), "reason": self.tr("Reason"), "parked_by": self.tr("Parked by"),
            "parked_at": self.tr("Parked at"),
        }
        return titles.get(name, name)
