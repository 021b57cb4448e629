"""The received-date field: takes a date the way a clerk types it and says which day it read.

A QDateEdit is not used: focused by its mnemonic (Alt+V) it puts the cursor in the day
section, so the digits of "2026-12-02" land in the day and month, and with a maximum date
(today) it silently refuses the keystrokes that would pass it, so the clerk got another day
than typed (2026-12-01 for 2026-12-02). Here the whole text is read by
scanstation.received_date, the weekday is shown beside it, and a text that is not a date
stays as typed, marked, until the clerk corrects it.

Up/Down and Ctrl+Up/Down step a day while the field has focus.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from scanstation.received_date import (
    BEFORE_LETTER, FAR_PAST, FUTURE, NotADate, check_received_date, parse_received_date,
)

AMBER = "#8a5300"
RED = "#b00020"
_STEP_KEYS = (Qt.Key_Up, Qt.Key_Down)


class _DateLineEdit(QLineEdit):
    """Keeps Up/Down (with or without Ctrl) from the window's shortcuts while it has focus."""

    step = Signal(int)

    def event(self, event) -> bool:  # noqa: D401 - Qt's name
        if event.type() == QEvent.ShortcutOverride and event.key() in _STEP_KEYS \
                and event.modifiers() in (Qt.NoModifier, Qt.ControlModifier, Qt.KeypadModifier):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in _STEP_KEYS and not event.modifiers() & ~(Qt.ControlModifier | Qt.KeypadModifier):
            self.step.emit(+1 if event.key() == Qt.Key_Up else -1)
            return
        super().keyPressEvent(event)


class ReceivedDateField(QWidget):
    edited = Signal()  # the clerk changed the date (typing or stepping)

    def __init__(self, parent=None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._today = today
        self._letter_date: date | None = None
        self.edit = _DateLineEdit()
        self.edit.setPlaceholderText(self.tr("e.g. 2.12.2026, 2/12, yesterday"))
        self.edit.setAccessibleName(self.tr("Received date"))
        self.edit.setToolTip(self.tr("Type a date (2026-12-02, 2.12.2026, 02122026, 2/12, today, yesterday); "
                                     "Up/Down or Ctrl+Up/Down step a day."))
        self.hint = QLabel()
        self.hint.setObjectName("received_hint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(Qt.StrongFocus)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.step.connect(self._step)

    # --- values ------------------------------------------------------------------

    def set_date(self, day: date) -> None:
        self.set_text(day.isoformat())

    def set_text(self, text: str) -> None:
        """Show a value (a loaded letter, a draft): not an edit of the clerk's."""
        self.edit.setText(text)
        self._show_reading()

    def text(self) -> str:
        return self.edit.text()

    def set_letter_date(self, day: date | None) -> None:
        """The date the letter itself carries: a received date before it is questioned."""
        self._letter_date = day
        self._show_reading()

    def date(self) -> date | None:
        """The date read from the text, or None when the text is not a date."""
        try:
            return parse_received_date(self.edit.text(), self._today())
        except NotADate:
            return None

    def doubts(self) -> list[str]:
        """What is doubtful about the date (received_date.FUTURE, BEFORE_LETTER, FAR_PAST)."""
        day = self.date()
        return check_received_date(day, self._today(), self._letter_date) if day else []

    def doubt_text(self) -> str:
        day = self.date()
        texts = {
            FUTURE: self.tr("%1 is in the future.").replace("%1", day.isoformat() if day else ""),
            BEFORE_LETTER: self.tr("%1 is before the letter's own date (%2).")
            .replace("%1", day.isoformat() if day else "")
            .replace("%2", self._letter_date.isoformat() if self._letter_date else ""),
            FAR_PAST: self.tr("%1 is more than a year ago.").replace("%1", day.isoformat() if day else ""),
        }
        return " ".join(texts[d] for d in self.doubts())

    def problem(self) -> str:
        """Why the text cannot be used, for the clerk ('' when it is a date)."""
        if self.date() is not None:
            return ""
        if not self.edit.text().strip():
            return self.tr("Type the date the letter was received.")
        return self.tr("\"%1\" is not a date. Type it like 2.12.2026, 2026-12-02, 2/12 or yesterday.") \
            .replace("%1", self.edit.text().strip())

    # --- the clerk ---------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._show_reading()
        self.edited.emit()

    def _step(self, days: int) -> None:
        day = self.date()
        if day is None:
            return  # never replace what the clerk typed with another day
        self.edit.setText((day + timedelta(days=days)).isoformat())
        self.edit.selectAll()
        self._show_reading()
        self.edited.emit()

    def _tidy(self) -> None:
        """Leaving the field: a date typed short is written out in full, so what is recorded is
        what is seen. A text that is not a date stays as it is."""
        day = self.date()
        if day is not None and self.edit.text() != day.isoformat():
            self.edit.setText(day.isoformat())
            self._show_reading()
            self.edited.emit()

    def _show_reading(self) -> None:
        day = self.date()
        if day is None:
            shown = self.edit.text().strip()
            self.hint.setText(self.problem() if shown else "")
            self.hint.setStyleSheet(f"color: {RED}")
            self.edit.setStyleSheet("background: #fde7e9" if shown else "")
            return
        words = [self.weekday_name(day)]
        if not self.edit.text().strip().startswith(day.isoformat()):
            words.append(day.isoformat())
        relative = {0: self.tr("today"), 1: self.tr("yesterday")}.get((self._today() - day).days)
        if relative:
            words.append(f"({relative})")
        doubt = self.doubt_text()
        self.hint.setText(" ".join(words) + (f" — {doubt}" if doubt else ""))
        self.hint.setStyleSheet(f"color: {AMBER}; font-weight: bold" if doubt else "color: #555")
        self.edit.setStyleSheet("background: #fff3cd" if doubt else "")

    def weekday_name(self, day: date) -> str:
        return (self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
                self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday"))[day.weekday()]
