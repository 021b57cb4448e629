"""Finding a letter again: words in it, its journal id, dates, team, case number, clerk, status.

Searches run on the serial worker that does the journal's writes: every search writes who
searched for what to the audit trail (search_documents). A search by CPR number is for
supervisors only (role="supervisor"). Snippets come with CPR numbers masked.
Opening a result (double-click or Enter) asks the station window to show that letter.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from scanstation.cpr import normalize_cpr
from scanstation.journal import Journal
from scanstation.journal.schema import DOCUMENT_STATUSES
from scanstation.reports import Report
from scanstation.search import SearchHit, search_documents

from .date_range import pydate, qdate, quick_range
from .document_status import status_text
from .i18n import count_text, name_order
from .report_table import ReportTable
from .tasks import run_task

LIMIT = 100
RESULT_COLUMNS = ["journal_id", "status", "received_date", "recipient", "case_number", "pages", "snippet"]


def run_search(journal_path: Path, criteria: dict, *, role: str, actor: str) -> list[SearchHit]:
    """On a worker. Every search writes its audit event, so it needs a journal that can write."""
    journal = Journal(journal_path)
    try:
        return search_documents(journal, role=role, actor=actor, limit=LIMIT, **criteria)
    finally:
        journal.close()


class SearchPanel(QWidget):
    document_requested = Signal(int)
    search_finished = Signal(object)  # list[SearchHit], for tests and the status line

    def __init__(self, journal_path: Path, *, operator: str, supervisor: bool,
                 recipients: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal_path = Path(journal_path)
        self.operator = operator
        self.supervisor = supervisor
        self.hits: list[SearchHit] = []
        self._generation = 0

        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("Words in the letter"))
        self.journal_id_edit = QLineEdit()
        self.case_edit = QLineEdit()
        self.clerk_edit = QLineEdit()
        self.clerk_edit.setPlaceholderText(self.tr("User name of the clerk who confirmed"))
        self.recipient_box = QComboBox()
        self.recipient_box.addItem(self.tr("(any team)"), None)
        self.team_names = dict(recipients)
        for team_id, name in sorted(recipients, key=lambda r: (name_order(r[1]), r[0])):
            self.recipient_box.addItem(name, team_id)
            self.recipient_box.setItemData(self.recipient_box.count() - 1, team_id, Qt.ToolTipRole)
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("(any status)"), None)
        for status in DOCUMENT_STATUSES:
            self.status_box.addItem(status_text(status), status)
        self.dated_box = QCheckBox(self.tr("&Received between"))
        first, last = quick_range("30 days", date.today())
        self.received_from = QDateEdit(qdate(first))
        self.received_to = QDateEdit(qdate(last))
        for edit, name in ((self.received_from, self.tr("Received from")), (self.received_to, self.tr("Received to"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
            self.dated_box.toggled.connect(edit.setEnabled)
        self.cpr_edit = QLineEdit()
        self.cpr_edit.setPlaceholderText(self.tr("DDMMYY-SSSS"))
        self.cpr_edit.setEnabled(supervisor)
        self.cpr_edit.setToolTip(
            self.tr("Every search by CPR number is written to the audit trail.") if supervisor else
            self.tr("Only supervisors can search by CPR number. IT names them in the machine-wide "
                    "settings (supervisor.users)."))
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        for edit in (self.text_edit, self.journal_id_edit, self.case_edit, self.clerk_edit, self.cpr_edit):
            edit.setClearButtonEnabled(True)
            edit.returnPressed.connect(self.search)
        self.results = ReportTable(filterable=False, exportable=False)
        self.results.view.setAccessibleName(self.tr("Letters found"))
        self.results.view.setToolTip(self.tr("Double-click or press Enter to show the letter"))
        self.results.view.activated.connect(self._open)
        self.message = QLabel()

        grid = QGridLayout()
        left, right = QFormLayout(), QFormLayout()
        left.addRow(self.tr("&Text"), self.text_edit)
        left.addRow(self.tr("&Journal id"), self.journal_id_edit)
        left.addRow(self.tr("C&ase number"), self.case_edit)
        dates = QHBoxLayout()
        dates.addWidget(self.received_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.received_to)
        dates.addStretch(1)
        left.addRow(self.dated_box, dates)
        right.addRow(self.tr("Tea&m"), self.recipient_box)
        right.addRow(self.tr("C&lerk"), self.clerk_edit)
        right.addRow(self.tr("Stat&us"), self.status_box)
        right.addRow(self.tr("C&PR number"), self.cpr_edit)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.results, 1)


    def criteria(self) -> dict:
        """What the fields ask for, as search_documents' keyword arguments; empty fields left out."""
        values = {
            "text": self.text_edit.text().strip(), "journal_id": self.journal_id_edit.text().strip(),
            "case_number": self.case_edit.text().strip(), "clerk": self.clerk_edit.text().strip(),
            "recipient": self.recipient_box.currentData(), "status": self.status_box.currentData(),
            "cpr": self.cpr_edit.text().strip() if self.supervisor else "",
        }
        criteria = {key: value for key, value in values.items() if value}
        if self.dated_box.isChecked():
            criteria["received_from"] = pydate(self.received_from.date())
            criteria["received_to"] = pydate(self.received_to.date())
        return criteria

    def search(self) -> None:
        criteria = self.criteria()
        if "cpr" in criteria and normalize_cpr(criteria["cpr"]) is None:
            self.message.setText(self.tr("That CPR number is not valid: write DDMMYY-SSSS."))
            self.cpr_edit.setFocus()
            return
        self._generation += 1
        generation = self._generation
        self.message.setText(self.tr("Searching…"))
        role = "supervisor" if self.supervisor else "clerk"
        path, actor = self.journal_path, self.operator
        run_task(lambda: run_search(path, criteria, role=role, actor=actor),
                 lambda hits: self._show(generation, hits), lambda exc: self._failed(generation, exc),
                 serial=True)

    def _show(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self.hits = hits
        rows = [{"journal_id": h.journal_id, "status": status_text(h.status), "received_date": h.received_date,
                 "recipient": self.team_names.get(h.recipient_id or "", h.recipient_id), "case_number": h.case_number, "pages": len(h.pages),
                 "snippet": h.snippet} for h in hits]
        self.results.set_report(Report(RESULT_COLUMNS, rows, by="search"))
        if len(hits) >= LIMIT:
            self.message.setText(self.tr("The first %1 letters found: narrow the search to see others.")
                                 .replace("%1", str(len(hits))))
        else:
            self.message.setText(count_text(len(hits), self.tr("1 letter found"), self.tr("%1 letters found")))
        self.search_finished.emit(hits)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.setText(self.tr("The search failed: %1").replace("%1", str(exc)))
            self.search_finished.emit(None)

    def _open(self, index) -> None:
        row = self.results.source_row(index.row())
        if 0 <= row < len(self.hits):
            self.document_requested.emit(self.hits[row].document_id)
