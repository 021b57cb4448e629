"""The right pane: the clerk confirms or corrects where a letter goes, with the keyboard.

Recipient (type-ahead over the team names; the suggestion pre-selected when it is sure
enough, and marked a guess when it is not certain), case number (pattern-checked), document
type, received date (today by default: letters stamped yesterday are scanned today; typed
as clerks type dates), CPR (masked; revealing it is audited), note.

What the clerk types is a draft of that letter (journal.drafts): it stays with the letter
whatever is looked at in between, and results that arrive later (a suggestion, fields read
by OCR) fill only the fields the clerk has not touched. The window stores the drafts
(`draft_changed`); the form keeps the newest in memory, so going back to a letter at once
shows what was typed even before the journal has it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QCompleter, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from scanstation.casenumbers import is_case_number
from scanstation.cpr import mask_cpr, normalize_cpr
from scanstation.journal.drafts import Draft
from scanstation.received_date import letter_date_of
from scanstation.returned_mail import ReturnedMail

from .date_field import AMBER, ReceivedDateField
from .export_failures import failure_text
from .i18n import name_order

DOCUMENT_TYPES = ("brev", "ansøgning", "klage", "indsigelse", "faktura", "partshøring", "returpost", "andet")
OPEN_STATUSES = ("captured", "awaiting_confirmation")
DRAFT_SAVE_DELAY_MS = 400  # typing is saved this long after the last key (and at once on leaving the letter)
CERTAIN = "#1b5e20"
GUESS_BACKGROUND = "#fff3cd"


@dataclass(frozen=True)
class Suggestion:
    recipient_id: str | None = None
    confidence: float = 0.0
    why: str = ""  # "cover_sheet", "case_number", "learned", "keywords"
    alternatives: tuple[tuple[str, float], ...] = ()  # the best candidates, best first

    @classmethod
    def from_document(cls, suggestion_json: str | None) -> "Suggestion | None":
        try:
            recipient = json.loads(suggestion_json or "{}").get("recipient") or {}
            if not recipient.get("value"):
                return None
            alternatives = tuple((str(rid), float(p)) for rid, p in recipient.get("alternatives") or ())
            return cls(recipient["value"], float(recipient.get("confidence", 0)), recipient.get("why", ""),
                       alternatives)
        except (ValueError, TypeError, AttributeError):
            return None

    def runner_up(self) -> tuple[str, float] | None:
        return next(((rid, p) for rid, p in self.alternatives if rid != self.recipient_id and p > 0), None)


class ConfirmForm(QWidget):
    confirm_requested = Signal(dict)  # the fields, validated
    cpr_revealed = Signal(int, str)  # document id, the number shown: the window audits it
    draft_changed = Signal(object)  # journal.drafts.Draft: the window stores it
    draft_discarded = Signal(int)  # document id: the clerk threw the typing away

    def __init__(self, parent=None, *, today=date.today) -> None:
        super().__init__(parent)
        self._today = today
        self.document_id: int | None = None
        self._document = None
        self._suggestion: Suggestion | None = None
        self._cpr = ""  # the whole number behind the masked field (010190-****), "" if none
        self._names: dict[str, str] = {}  # recipient id -> team name
        self._touched: set[str] = set()
        self._drafts: dict[int, Draft] = {}  # the newest typing per letter, ahead of the journal
        self._unsaved = False
        self._filling = False  # values set by the form, not typed by the clerk
        self._questioned: tuple[int, str] | None = None  # a doubtful date the clerk was asked about
        self._previous: dict | None = None  # routing of the letter confirmed last (Ctrl+D)
        self.auto_confirm_threshold = 0.9
        self.prefill_threshold = 0.5

        self.title = QLabel(self.tr("No document selected"))
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.recipient = QComboBox()
        self.recipient.setEditable(True)
        self.recipient.setInsertPolicy(QComboBox.NoInsert)
        self.recipient.completer().setFilterMode(Qt.MatchContains)
        self.recipient.completer().setCompletionMode(QCompleter.PopupCompletion)
        self.recipient.setAccessibleName(self.tr("Recipient"))
        self.suggestion = QLabel()
        self.suggestion.setObjectName("suggestion_line")
        self.suggestion.setWordWrap(True)
        self.suggestion.setStyleSheet("color: #555")
        self.returned = QLabel()  # "Returned mail — why; which of our letters, its date"
        self.returned.setObjectName("returned_mail_line")
        self.returned.setWordWrap(True)
        self.returned.setStyleSheet(f"color: {AMBER}; font-weight: bold")
        self.returned.setVisible(False)
        self.case_number = QLineEdit()
        # Two of the forms fit the field's width; the tooltip has all three.
        self.case_number.setPlaceholderText("2017-0289209, 13/44080")
        self.case_number.setToolTip(self.tr("A case number as the archive writes it: 2017-0289209, 13/44080 "
                                            "or a KLE number such as 00.01.00-A00-1-26"))
        self.case_number.textChanged.connect(self._check_case_number)
        self.document_type = QComboBox()
        self.document_type.setEditable(True)
        self.document_type.addItems(("",) + DOCUMENT_TYPES)
        self.received = ReceivedDateField(today=today)
        # One masked form everywhere: the field shows 010190-****, the birth date readable. Typing
        # replaces it (Tab selects it all) or corrects it (the stars deleted); "Show CPR" shows
        # the number in clear, audited. Looking never changes the number.
        self.cpr = QLineEdit()
        self.cpr.setPlaceholderText("DDMMÅÅ-XXXX")
        self.cpr.editingFinished.connect(self._mask_typed_cpr)
        self.reveal_cpr = QCheckBox(self.tr("Show CPR"))
        self.reveal_cpr.toggled.connect(self._reveal_toggled)
        self.note = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("&Confirm (Enter)"))
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.request_confirm)
        self.same_button = QPushButton(self.tr("Same as previous letter (Ctrl+D)"))
        self.same_button.setFocusPolicy(Qt.NoFocus)
        self.same_button.clicked.connect(self.same_as_previous)
        self.discard_button = QPushButton(self.tr("Discard my changes"))
        self.discard_button.setFocusPolicy(Qt.NoFocus)
        self.discard_button.setVisible(False)
        self.discard_button.clicked.connect(self.discard_changes)
        self.draft_label = QLabel()
        self.draft_label.setObjectName("draft_state")
        self.draft_label.setStyleSheet("color: #555")

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
            if label is not None:  # Alt+V goes into the date's text itself
                label.setBuddy(self.received.edit if label_field is self.received else label_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.returned)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.confirm_button)
        layout.addWidget(self.same_button)
        layout.addWidget(self.discard_button)
        layout.addWidget(self.draft_label)
        layout.addStretch(1)
        self.setEnabled(False)

        # What the clerk does (never what the form fills in) marks a field touched.
        self.recipient.lineEdit().textEdited.connect(lambda _t: self._clerk_changed("recipient"))
        self.recipient.activated.connect(lambda _i: self._clerk_changed("recipient"))
        self.recipient.completer().activated.connect(lambda _t: self._clerk_changed("recipient"))
        self.case_number.textEdited.connect(lambda _t: self._clerk_changed("case_number"))
        self.document_type.lineEdit().textEdited.connect(lambda _t: self._clerk_changed("document_type"))
        self.document_type.activated.connect(lambda _i: self._clerk_changed("document_type"))
        self.received.edited.connect(lambda: self._clerk_changed("received"))
        self.cpr.textEdited.connect(lambda _t: self._clerk_changed("cpr"))
        self.note.textEdited.connect(lambda _t: self._clerk_changed("note"))
        self._save_timer = QTimer(self, singleShot=True, interval=DRAFT_SAVE_DELAY_MS, timeout=self.flush_draft)
        QApplication.instance().focusWindowChanged.connect(self._focus_window_changed)
        self.recipient.completer().popup().installEventFilter(self)
        same = QShortcut(QKeySequence("Ctrl+D"), self)
        same.setContext(Qt.WindowShortcut)
        same.activated.connect(self.same_as_previous)

    # --- settings ------------------------------------------------------------------

    def set_recipients(self, recipients: list[tuple[str, str]]) -> None:
        """(id, name) pairs from the directory, listed by name: a person reads names, files keep ids."""
        current, typed = self.recipient_id(), self.recipient.currentText()
        self._names = dict(recipients)
        self._filling = True
        self.recipient.clear()
        for rid, name in sorted(recipients, key=lambda r: (name_order(r[1]), r[0])):
            self.recipient.addItem(name, rid)
            self.recipient.setItemData(self.recipient.count() - 1, rid, Qt.ToolTipRole)
        self.recipient.setCurrentIndex(-1)
        if current and current in self._names:
            self._select_recipient(current)
        else:
            self.recipient.setEditText(typed)  # what the clerk typed stays, settings or not
        self._filling = False

    def set_confidence_thresholds(self, auto_confirm: float, prefill: float) -> None:
        """A guess below `prefill` is not filled in; below `auto_confirm` it is marked a guess."""
        self.auto_confirm_threshold, self.prefill_threshold = auto_confirm, prefill

    def set_previous_letter(self, routing: dict | None) -> None:
        """{recipient_id, document_type} of the letter confirmed last, for Ctrl+D."""
        self._previous = dict(routing) if routing and routing.get("recipient_id") else None

    def recipient_name(self, recipient_id: str | None) -> str:
        return self._names.get(recipient_id or "", recipient_id or "")

    # --- filling in ------------------------------------------------------------

    def load(self, document, suggestion: Suggestion | None = None, *, title: str = "",
             draft: Draft | None = None, focus: bool = True) -> None:
        """Show a document (journal Document) for confirmation, with what the clerk typed into it
        before (the form's own newest typing first, else `draft` from the journal)."""
        self.flush_draft()  # the letter left keeps its typing
        self._hide_completion()
        self.document_id = document.id
        self.title.setText(title or self.tr("Document %1").replace("%1", str(document.id)))
        editable = document.status in ("captured", "awaiting_confirmation", "confirmed", "failed")
        self.setEnabled(editable)
        draft = self._drafts.get(document.id) or draft
        self._touched = set(draft.touched) if draft and document.status in OPEN_STATUSES + ("failed",) else set()
        self._questioned = None
        self._fill(document, suggestion, everything=True)
        if self._touched:
            self._apply_draft(draft)
        self.error.setText("")
        if not editable:
            self.error.setText(self.tr("This document is exported and can no longer be changed."))
        elif document.status == "failed":
            self.error.setText(self.tr("Export failed: %1").replace("%1", failure_text(document.failure)))
        self._show_draft_state()
        if focus:
            self.recipient.setFocus()
            self.recipient.lineEdit().selectAll()

    def update_document(self, document, suggestion: Suggestion | None = None) -> None:
        """Results that arrived for the letter shown (a suggestion, fields read by OCR, more pages):
        they fill the fields the clerk has not touched; what the clerk typed stays."""
        if document.id != self.document_id:
            return
        # A letter whose scan ended (captured -> awaiting confirmation) is the same form to the
        # clerk; one confirmed, exported or failed meanwhile is shown anew (what can be edited changed).
        if self._document is not None and document.status != self._document.status \
                and not {document.status, self._document.status} <= set(OPEN_STATUSES):
            self.load(document, suggestion, title=self.title.text(), focus=False)
            return
        self._fill(document, suggestion, everything=False)

    def clear_document(self) -> None:
        self.flush_draft()
        self._hide_completion()
        self.document_id = None
        self._document = None
        self.title.setText(self.tr("No document selected"))
        self.setEnabled(False)

    def _fill(self, document, suggestion: Suggestion | None, *, everything: bool) -> None:
        keep = set() if everything else self._touched
        self._document = document
        self._suggestion = suggestion
        self._show_returned(document)
        self._filling = True
        try:
            if "recipient" not in keep:
                chosen = self._prefilled_recipient(document, suggestion)
                if chosen != self.recipient_id() or (chosen is None and self.recipient.currentText()):
                    had_focus = self.recipient.lineEdit().hasFocus()
                    self.recipient.setCurrentIndex(-1)
                    self.recipient.setEditText("")
                    if chosen:
                        self._select_recipient(chosen)
                        if chosen not in self._names:  # not in the directory: shown, never chosen silently
                            self.recipient.setEditText(chosen)
                    if had_focus:
                        self.recipient.lineEdit().selectAll()
            # Only what differs is set: setting the same text would move the cursor of a clerk
            # who is in the field without having typed yet.
            if "case_number" not in keep and self.case_number.text() != (document.case_number or ""):
                self.case_number.setText(document.case_number or "")
            if "document_type" not in keep and self.document_type.currentText() != (document.document_type or ""):
                self.document_type.setCurrentText(document.document_type or "")
            if "received" not in keep:
                received = date.fromisoformat(document.received_date) if document.received_date else self._today()
                if self.received.text() != received.isoformat():
                    self.received.set_date(received)
            if "cpr" not in keep and (everything or self.cpr_text() != (document.cpr or "")):
                self.reveal_cpr.blockSignals(True)
                self.reveal_cpr.setChecked(False)
                self.reveal_cpr.blockSignals(False)
                self._set_cpr_text(document.cpr or "")
            if "note" not in keep and self.note.text() != (document.note or ""):
                self.note.setText(document.note or "")
            try:
                self.received.set_letter_date(letter_date_of(json.loads(document.fields or "{}")))
            except ValueError:
                self.received.set_letter_date(None)
        finally:
            self._filling = False
        self._show_suggestion()

    def _prefilled_recipient(self, document, suggestion: Suggestion | None) -> str | None:
        if document.recipient_id:  # the clerk's earlier decision, or a cover sheet's routing
            return document.recipient_id
        if suggestion and suggestion.recipient_id and suggestion.confidence >= self.prefill_threshold \
                and suggestion.recipient_id in self._names:
            return suggestion.recipient_id
        return None

    def _apply_draft(self, draft: Draft) -> None:
        self._filling = True
        try:
            values = draft.fields
            for name in self._touched:
                value = values.get(name, "")
                if name == "recipient":
                    self.recipient.setCurrentIndex(-1)
                    if value in self._names:
                        self._select_recipient(value)
                    else:
                        self.recipient.setEditText(value)
                elif name == "case_number":
                    self.case_number.setText(value)
                elif name == "document_type":
                    self.document_type.setCurrentText(value)
                elif name == "received":
                    self.received.set_text(value)
                elif name == "cpr":
                    self._set_cpr_text(value)
                elif name == "note":
                    self.note.setText(value)
        finally:
            self._filling = False
        self._show_suggestion()

    # --- the suggestion, and how sure it is --------------------------------------------

    def _show_returned(self, document) -> None:
        """Our own letter came back: why, which letter, its date — the clerk confirms it in one key."""
        returned = returned_mail_of(document)
        if returned is None:
            self.returned.setVisible(False)
            self.returned.setText("")
            return
        reasons = {"unknown_addressee": self.tr("addressee unknown"), "moved": self.tr("moved"),
                   "refused": self.tr("refused"), "not_collected": self.tr("not collected"),
                   "other": self.tr("returned")}
        text = self.tr("Returned mail — %1").replace("%1", reasons.get(returned.reason, reasons["other"]))
        original = returned.original_document_number or returned.case_number
        if original and returned.original_date:
            text += "; " + self.tr("our letter %1 of %2").replace("%1", original) \
                .replace("%2", _day(returned.original_date))
        elif original:
            text += "; " + self.tr("our letter %1").replace("%1", original)
        self.returned.setText(text)
        self.returned.setVisible(True)

    def _show_suggestion(self) -> None:
        document, suggestion = self._document, self._suggestion
        self.recipient.setStyleSheet("")
        if document is None or document.status not in OPEN_STATUSES or suggestion is None \
                or not suggestion.recipient_id:
            self.suggestion.setText("")
            self.suggestion.setStyleSheet("color: #555")
            return
        name = self.recipient_name(suggestion.recipient_id)
        percent = str(round(suggestion.confidence * 100))
        why = {"cover_sheet": self.tr("cover sheet"), "case_number": self.tr("known case number"),
               "learned": self.tr("learned from earlier letters"),
               "keywords": self.tr("keywords"),
               "return_mail": self.tr("returned mail, back to the team that sent it")}.get(suggestion.why, suggestion.why)
        runner = suggestion.runner_up()
        runner_text = self.tr("Runner-up: %1 (%2 %).").replace("%1", self.recipient_name(runner[0])) \
            .replace("%2", str(round(runner[1] * 100))) if runner else ""
        chosen_by_clerk = "recipient" in self._touched
        if suggestion.why == "cover_sheet":
            if suggestion.recipient_id in self._names and suggestion.confidence >= 1.0:
                text, style = self.tr("✔ %1 — from the cover sheet (100 %)").replace("%1", name), f"color: {CERTAIN}; font-weight: bold"
            else:
                text = self.tr("The cover sheet names \"%1\", which is not in the recipient list: choose the "
                               "recipient.").replace("%1", suggestion.recipient_id)
                style = "color: #b00020"
        elif suggestion.confidence >= self.auto_confirm_threshold and suggestion.why != "keywords":
            text = self.tr("Suggested: %1 (%2 %, %3)").replace("%1", name).replace("%2", percent).replace("%3", why)
            style = f"color: {CERTAIN}"
        elif suggestion.confidence >= self.prefill_threshold and suggestion.recipient_id in self._names:
            text = self.tr("Guess: %1 (%2 %, %3) — check it.").replace("%1", name).replace("%2", percent) \
                .replace("%3", why) + (" " + runner_text if runner_text else "")
            style = f"color: {AMBER}; font-weight: bold"
            if not chosen_by_clerk and self.recipient_id() == suggestion.recipient_id:
                self.recipient.setStyleSheet(f"QComboBox {{ background: {GUESS_BACKGROUND}; }}")
        else:
            text = self.tr("Weak guess, not filled in: %1 (%2 %, %3).").replace("%1", name) \
                .replace("%2", percent).replace("%3", why) + (" " + runner_text if runner_text else "")
            style = f"color: {AMBER}"
        self.suggestion.setText(text)
        self.suggestion.setStyleSheet(style)

    # --- reading back ------------------------------------------------------------

    def recipient_id(self) -> str | None:
        index = self.recipient.currentIndex()
        text = self.recipient.currentText().strip()
        if index >= 0 and self.recipient.itemText(index) == text:
            return self.recipient.itemData(index)
        # Typed: an exact id or name, or the one team whose name contains the text.
        if text in self._names:
            return text
        folded = text.casefold()
        exact = [rid for rid, name in self._names.items() if name.casefold() == folded]
        if len(exact) == 1:
            return exact[0]
        matches = [rid for rid, name in self._names.items() if folded and folded in name.casefold()]
        return matches[0] if len(matches) == 1 else None

    def fields(self) -> dict:
        """The form's values; raises ValueError with a message for the clerk."""
        recipient = self.recipient_id()
        if recipient is None:
            raise ValueError(self.tr("Choose a recipient from the list."))
        case = self.case_number.text().strip()
        if case and not is_case_number(case):
            raise ValueError(self.tr("The case number does not look like one (e.g. 2017-0289209 or 13/44080)."))
        cpr_text = self.cpr_text().strip()
        cpr = normalize_cpr(cpr_text) if cpr_text else None
        if cpr_text and cpr is None:
            raise ValueError(self.tr("The CPR number is not valid (DDMMYY-XXXX)."))
        received = self.received.date()
        if received is None:
            raise ValueError(self.received.problem())
        return {
            "recipient_id": recipient, "case_number": case or None,
            "document_type": self.document_type.currentText().strip() or None,
            "received_date": received.isoformat(), "cpr": cpr,
            "note": self.note.text().strip() or None,
        }

    def request_confirm(self) -> None:
        if self.document_id is None or not self.isEnabled():
            return
        self._hide_completion()
        try:
            fields = self.fields()
        except ValueError as problem:
            self.error.setStyleSheet("color: #b00020")
            self.error.setText(str(problem))
            return
        doubt = self.received.doubt_text()
        asked = (self.document_id, fields["received_date"])
        if doubt and self._questioned != asked:
            # A legal date that looks wrong: the clerk confirms it deliberately (Enter again) or corrects it.
            self._questioned = asked
            self.error.setStyleSheet(f"color: {AMBER}; font-weight: bold")
            self.error.setText(doubt + " " + self.tr("Press Enter again to confirm this received date, "
                                                     "or correct it."))
            self.received.setFocus(Qt.OtherFocusReason)
            self.received.edit.selectAll()
            return
        self.error.setText("")
        self.flush_draft()  # stored before the confirmation: kept if it fails, removed with it if not
        self._drafts.pop(self.document_id, None)
        self._previous = {"recipient_id": fields["recipient_id"], "document_type": fields["document_type"]}
        self.confirm_requested.emit(fields)

    # --- the clerk's typing: drafts ----------------------------------------------------

    def _clerk_changed(self, name: str) -> None:
        if self._filling or self.document_id is None:
            return
        self._touched.add(name)
        if name == "recipient":
            self.recipient.setStyleSheet("")  # the clerk decided: no longer a guess
        self._drafts[self.document_id] = self._current_draft()
        self._unsaved = True
        self._save_timer.start()
        self._show_draft_state()

    def _current_draft(self) -> Draft:
        values = {
            "recipient": self.recipient_id() or self.recipient.currentText(),
            "case_number": self.case_number.text(),
            "document_type": self.document_type.currentText(),
            "received": self.received.text(),
            "cpr": self.cpr_text() if "cpr" in self._touched else "",
            "note": self.note.text(),
        }
        return Draft(self.document_id, {k: v for k, v in values.items() if k in self._touched},
                     frozenset(self._touched))

    def flush_draft(self) -> None:
        """Hand the typing not yet stored to the window now (leaving the letter, closing)."""
        self._save_timer.stop()
        if self._unsaved and self.document_id is not None and self.document_id in self._drafts:
            self._unsaved = False
            self.draft_changed.emit(self._drafts[self.document_id])

    def has_changes(self) -> bool:
        return bool(self._touched)

    def discard_changes(self) -> None:
        """Back to what the journal has for the letter (the clerk's typing thrown away)."""
        if self.document_id is None or self._document is None:
            return
        self._save_timer.stop()
        self._unsaved = False
        self._drafts.pop(self.document_id, None)
        self._touched = set()
        self.draft_discarded.emit(self.document_id)
        self._fill(self._document, self._suggestion, everything=True)
        self._show_draft_state()

    def same_as_previous(self) -> None:
        """Ctrl+D: the recipient and document type of the letter confirmed last (a stack of one team's post)."""
        if self.document_id is None or not self.isEnabled():
            return
        if self._previous is None:
            self.error.setText(self.tr("No letter has been confirmed yet."))
            return
        self._hide_completion()
        self._select_recipient(self._previous["recipient_id"])
        self.document_type.setCurrentText(self._previous.get("document_type") or "")
        for name in ("recipient", "document_type"):
            self._clerk_changed(name)
        self.recipient.setFocus()
        self.recipient.lineEdit().selectAll()

    def _show_draft_state(self) -> None:
        changed = bool(self._touched) and self._document is not None and self._document.status in \
            OPEN_STATUSES + ("failed",)
        self.discard_button.setVisible(changed)
        self.draft_label.setText(self.tr("Your changes are kept until you confirm the letter.") if changed else "")

    # --- details -----------------------------------------------------------------

    def _hide_completion(self) -> None:
        """The type-ahead list closes: left open, it would cover the next letter and take its first key."""
        popup = self.recipient.completer().popup()
        if popup.isVisible():
            popup.hide()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Enter on an entry the clerk went down to in the type-ahead list picks that team, and
        only that. Without this the window's Enter (confirm) took the key before the list saw
        it: the letter went at once, before the clerk had typed its case number, and the next
        Enter confirmed the next letter unseen. (Enter with no entry chosen still confirms.)"""
        if event.type() == QEvent.ShortcutOverride and event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                and watched.isVisible() and watched.currentIndex().isValid():
            event.accept()  # the list's key, not the window's
            return True
        return False

    def _focus_window_changed(self, _window) -> None:
        """A hidden type-ahead list that still becomes the active window (it happens after the
        list is closed by confirming) would take the next letter's keys: give them back."""
        popup = self.recipient.completer().popup()
        if QApplication.activeWindow() is popup and not popup.isVisible() and self.isVisible():
            self.window().activateWindow()

    def _select_recipient(self, recipient_id: str) -> None:
        index = self.recipient.findData(recipient_id)
        if index >= 0:
            self.recipient.setCurrentIndex(index)

    def _check_case_number(self, text: str) -> None:
        ok = not text.strip() or is_case_number(text)
        self.case_number.setStyleSheet("" if ok else "background: #fde7e9")

    # --- the CPR number, masked until shown ------------------------------------------

    def cpr_text(self) -> str:
        """What the CPR field stands for: the whole number while it shows it masked and untouched,
        else what is in it (typed by the clerk)."""
        if self._cpr and self.cpr.text() == mask_cpr(self._cpr):
            return self._cpr
        return self.cpr.text()

    def _set_cpr_text(self, text: str) -> None:
        """A number from the journal or a draft: masked unless the clerk asked to see it."""
        number = normalize_cpr(text) if text.strip() else None
        self._cpr = number or ""
        self.cpr.setText(mask_cpr(number) if number and not self.reveal_cpr.isChecked() else text)
        self.cpr.setToolTip(mask_cpr(number) if number else "")

    def _mask_typed_cpr(self) -> None:
        """A whole number typed in clear is masked when the clerk leaves the field."""
        if not self.reveal_cpr.isChecked() and self.cpr.text() != mask_cpr(self._cpr) \
                and normalize_cpr(self.cpr.text()):
            self._set_cpr_text(self.cpr.text())

    def _reveal_toggled(self, shown: bool) -> None:
        if not shown:
            if normalize_cpr(self.cpr.text()):
                self._set_cpr_text(self.cpr.text())
            return
        if self._cpr and self.cpr.text() == mask_cpr(self._cpr):
            self.cpr.setText(self._cpr)
            if self.document_id is not None:
                self.cpr_revealed.emit(self.document_id, self._cpr)  # a hidden number was shown: audited


def returned_mail_of(document):
    """The document's returned-mail facts (scanstation/returned_mail.py), or None."""
    raw = getattr(document, "return_mail", None)
    if not raw:
        return None
    try:
        return ReturnedMail.from_json(json.loads(raw))
    except (ValueError, TypeError):
        return None


def _day(iso: str) -> str:
    """2019-11-26 as a Danish clerk reads a date: 26.11.2019."""
    try:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso
