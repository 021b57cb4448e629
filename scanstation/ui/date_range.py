"""From and to dates with calendar pop-ups, and buttons for the ranges a supervisor asks for most."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def quick_range(kind: str, today: date) -> tuple[date, date]:
    """"today", "7 days" and "30 days" end today; "month" is this calendar month so far."""
    if kind == "month":
        return today.replace(day=1), today
    return today - timedelta(days={"today": 0, "7 days": 6, "30 days": 29}[kind]), today


class DateRangePicker(QWidget):
    range_changed = Signal(object, object)  # date_from, date_to (both included)

    def __init__(self, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        first, last = quick_range("30 days", self.today())
        self.from_edit = self._date_edit(first, self.tr("From"))
        self.to_edit = self._date_edit(last, self.tr("To"))
        # Typing a date changes it digit by digit: wait for a pause before counting again.
        self._settle = QTimer(self, singleShot=True, interval=250, timeout=self._emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        from_label, to_label = QLabel(self.tr("&From")), QLabel(self.tr("&To"))
        for label in (from_label, to_label):
            # Qt paints a label's mnemonic letter as a run of its own, unkerned, but measures the
            # text kerned: "To" lost its "o". Unkerned, both agree.
            font = label.font()
            font.setKerning(False)
            label.setFont(font)
        from_label.setBuddy(self.from_edit)
        to_label.setBuddy(self.to_edit)
        for widget in (from_label, self.from_edit, to_label, self.to_edit):
            if widget is to_label:
                layout.addSpacing(8)
            layout.addWidget(widget)
        self.quick_buttons: dict[str, QPushButton] = {}
        for kind, text in (("today", self.tr("Today")), ("7 days", self.tr("7 days")),
                           ("30 days", self.tr("30 days")), ("month", self.tr("This month"))):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=kind: self.set_range(*quick_range(k, self.today())))
            layout.addWidget(button)
            self.quick_buttons[kind] = button
        layout.addStretch(1)
        self.from_edit.dateChanged.connect(self._from_changed)
        self.to_edit.dateChanged.connect(self._to_changed)

    def _date_edit(self, day: date, name: str) -> QDateEdit:
        edit = QDateEdit(qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        return edit

    def today(self) -> date:
        return self._today or date.today()

    def range(self) -> tuple[date, date]:
        return pydate(self.from_edit.date()), pydate(self.to_edit.date())

    def set_range(self, date_from: date, date_to: date) -> None:
        """Both ends at once, announced once, at once."""
        for edit, day in ((self.from_edit, date_from), (self.to_edit, date_to)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        self._settle.stop()
        self._emit()

    def _from_changed(self, day: QDate) -> None:
        if day > self.to_edit.date():  # the range never turns inside out: the other end follows
            self.to_edit.blockSignals(True)
            self.to_edit.setDate(day)
            self.to_edit.blockSignals(False)
        self._settle.start()

    def _to_changed(self, day: QDate) -> None:
        if day < self.from_edit.date():
            self.from_edit.blockSignals(True)
            self.from_edit.setDate(day)
            self.from_edit.blockSignals(False)
        self._settle.start()

    def _emit(self) -> None:
        self.range_changed.emit(*self.range())
