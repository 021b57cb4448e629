"""The right pane: the clerk confirms or corrects where a letter goes, with the keyboard.

Recipient (type-ahead over the directory, the suggestion pre-selected with why), case
number (pattern-checked), document type, received date (today by default: letters
stamped yesterday are scanned today), CPR (masked; revealing it is audited), note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QDateEdit, QFormLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from scanstation.casenumbers import is_case_number
from scanstation.cpr import mask_cpr, normalize_cpr

from .export_failures import failure_text

DOCUMENT_TYPES = ("brev", "ansøgning", "klage", "indsigelse", "faktura", "partshøring", "returpost", "andet")


@dataclass(frozen=True)
class Suggestion:
    recipient_id: str | None = None
    confidence: float = 0.0
    why: str = ""  # "cover_sheet", "case_number", "learned", "keywords"

    @classmethod
    def from_document(cls, suggestion_json: str | None) -> "Suggestion | None":
        try:
            recipient = json.loads(suggestion_json or "{}").get("recipient") or {}
        except ValueError:
            return None
        if not recipient.get("value"):
            return None
        return cls(recipient["value"], float(recipient.get("confidence", 0)), recipient.get("why", ""))


class ConfirmForm(QWidget):
    confirm_requested = Signal(dict)  # the fields, validated
    cpr_revealed = Signal(int)  # document id: the window audits it

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document_id: int | None = None
        self._cpr = ""
        self._recipient_ids: list[str] = []

        self.title = QLabel(self.tr("No document selected"))
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.recipient = QComboBox()
        self.recipient.setEditable(True)
        self.recipient.setInsertPolicy(QComboBox.NoInsert)
        self.recipient.completer().setFilterMode(Qt.MatchContains)
        self.recipient.completer().setCompletionMode(QCompleter.PopupCompletion)
        self.recipient.setAccessibleName(self.tr("Recipient"))
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.suggestion.setStyleSheet("color: #555")
        self.case_number = QLineEdit()
        self.case_number.setPlaceholderText("2017-0289209, 13/44080, 00.01.00-A00-1-26")
        self.case_number.textChanged.connect(self._check_case_number)
        self.document_type = QComboBox()
        self.document_type.setEditable(True)
        self.document_type.addItems(("",) + DOCUMENT_TYPES)
        self.received = QDateEdit()
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd")
        self.received.setMaximumDate(QDate.currentDate())
        self.cpr = QLineEdit()
        self.cpr.setEchoMode(QLineEdit.Password)
        self.cpr.setPlaceholderText("DDMMÅÅ-XXXX")
        self.reveal_cpr = QCheckBox(self.tr("Show CPR"))
        self.reveal_cpr.toggled.connect(self._reveal_toggled)
        self.note = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("&Confirm (Enter)"))
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.request_confirm)

        form = QFormLayout()
        form.addRow(self.tr("&Recipient"), self.recipient)
        form.addRow("", self.suggestion)
        form.addRow(self.tr("Ca&se number"), self.case_number)
        form.addRow(self.tr("Document &type"), self.document_type)
        form.addRow(self.tr("Recei&ved"), self.received)
        form.addRow(self.tr("C&PR"), self.cpr)
        form.addRow("", self.reveal_cpr)
        form.addRow(self.tr("&Note"), self.note)
        for label_field in (self.recipient, self.case_number, self.document_type, self.received, self.cpr, self.note):
            label = form.labelForField(label_field)
            if label is not None:
                label.setBuddy(label_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.confirm_button)
        layout.addStretch(1)
        self.setEnabled(False)

    # --- filling in ------------------------------------------------------------

    def set_recipients(self, recipients: list[tuple[str, str]]) -> None:
        """(id, name) pairs from the directory."""
        current = self.recipient_id()
        self._recipient_ids = [rid for rid, _ in recipients]
        self.recipient.clear()
        for rid, name in recipients:
            self.recipient.addItem(f"{name} ({rid})", rid)
        self.recipient.setCurrentIndex(-1)
        if current:
            self._select_recipient(current)

    def load(self, document, suggestion: Suggestion | None = None, *, title: str = "") -> None:
        """Show a document (journal Document) for confirmation."""
        self.document_id = document.id
        self.title.setText(title or self.tr("Document %1").replace("%1", str(document.id)))
        editable = document.status in ("captured", "awaiting_confirmation", "confirmed", "failed")
        self.setEnabled(editable)
        chosen = document.recipient_id or (suggestion.recipient_id if suggestion else None)
        self.recipient.setCurrentIndex(-1)
        self.recipient.setEditText("")
        if chosen:
            self._select_recipient(chosen)
        if suggestion and suggestion.recipient_id and document.status in ("captured", "awaiting_confirmation"):
            why = {"cover_sheet": self.tr("cover sheet"), "case_number": self.tr("known case number"),
                   "learned": self.tr("learned from earlier letters"),
                   "keywords": self.tr("keywords")}.get(suggestion.why, suggestion.why)
            self.suggestion.setText(self.tr("Suggested: %1 (%2 %, %3)")
                                    .replace("%1", suggestion.recipient_id)
                                    .replace("%2", str(round(suggestion.confidence * 100)))
                                    .replace("%3", why))
        else:
            self.suggestion.setText("")
        self.case_number.setText(document.case_number or "")
        self.document_type.setCurrentText(document.document_type or "")
        received = date.fromisoformat(document.received_date) if document.received_date else date.today()
        self.received.setDate(QDate(received.year, received.month, received.day))
        self._cpr = document.cpr or ""
        self.reveal_cpr.blockSignals(True)
        self.reveal_cpr.setChecked(False)
        self.reveal_cpr.blockSignals(False)
        self.cpr.setEchoMode(QLineEdit.Password)
        self.cpr.setText(self._cpr)
        self.cpr.setToolTip(mask_cpr(self._cpr))
        self.note.setText(document.note or "")
        self.error.setText("")
        if not editable:
            self.error.setText(self.tr("This document is exported and can no longer be changed."))
        elif document.status == "failed":
            self.error.setText(self.tr("Export failed: %1").replace("%1", failure_text(document.failure)))
        self.recipient.setFocus()
        self.recipient.lineEdit().selectAll()

    def clear_document(self) -> None:
        self.document_id = None
        self.title.setText(self.tr("No document selected"))
        self.setEnabled(False)

    # --- reading back ------------------------------------------------------------

    def recipient_id(self) -> str | None:
        index = self.recipient.currentIndex()
        text = self.recipient.currentText().strip()
        if index >= 0 and self.recipient.itemText(index) == text:
            return self.recipient.itemData(index)
        # Typed: an exact id, or the one entry whose label contains the text.
        if text in self._recipient_ids:
            return text
        matches = [self.recipient.itemData(i) for i in range(self.recipient.count())
                   if text and text.lower() in self.recipient.itemText(i).lower()]
        return matches[0] if len(matches) == 1 else None

    def fields(self) -> dict:
        """The form's values; raises ValueError with a message for the clerk."""
        recipient = self.recipient_id()
        if recipient is None:
            raise ValueError(self.tr("Choose a recipient from the list."))
        case = self.case_number.text().strip()
        if case and not is_case_number(case):
            raise ValueError(self.tr("The case number does not look like one (e.g. 2017-0289209 or 13/44080)."))
        cpr_text = self.cpr.text().strip()
        cpr = normalize_cpr(cpr_text) if cpr_text else None
        if cpr_text and cpr is None:
            raise ValueError(self.tr("The CPR number is not valid (DDMMYY-XXXX)."))
        received = self.received.date().toPython()
        return {
            "recipient_id": recipient, "case_number": case or None,
            "document_type": self.document_type.currentText().strip() or None,
            "received_date": received.isoformat(), "cpr": cpr,
            "note": self.note.text().strip() or None,
        }

    def request_confirm(self) -> None:
        if self.document_id is None or not self.isEnabled():
            return
        try:
            fields = self.fields()
        except ValueError as problem:
            self.error.setText(str(problem))
            return
        self.error.setText("")
        self.confirm_requested.emit(fields)

    # --- details -----------------------------------------------------------------

    def _select_recipient(self, recipient_id: str) -> None:
        index = self.recipient.findData(recipient_id)
        if index >= 0:
            self.recipient.setCurrentIndex(index)

    def _check_case_number(self, text: str) -> None:
        ok = not text.strip() or is_case_number(text)
        self.case_number.setStyleSheet("" if ok else "background: #fde7e9")

    def _reveal_toggled(self, shown: bool) -> None:
        self.cpr.setEchoMode(QLineEdit.Normal if shown else QLineEdit.Password)
        if shown and self.document_id is not None and self.cpr.text():
            self.cpr_revealed.emit(self.document_id)
