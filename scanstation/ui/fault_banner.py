"""A scanner fault shown above the pages, in a way typing cannot answer.

A dialog that pops up while the clerk types takes the keys: a Tab moved focus to Stop and
the next space pressed it, and the batch stopped unread. The banner takes no focus: its
buttons are outside the tab chain, there is no default button, and they cannot be pressed
in the first second after it appears (a key or a click already on its way is not an answer).
Keys typed meanwhile go on doing what they did in the form. The keyboard answers with F5
(Continue) and Shift+F5 (Stop), keys no one types in a field, and only after that second.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStyle

ARMING_SECONDS = 1.0


class FaultBanner(QFrame):
    continue_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._armed = False
        self.setObjectName("fault_banner")
        self.setFocusPolicy(Qt.NoFocus)
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("#fault_banner { background: #fff4d6; border: 1px solid #e0a800; }"
                           " #fault_banner QLabel { color: #3b2a00; }")
        self.setAccessibleName(self.tr("The scanner needs you"))
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxWarning).pixmap(32, 32))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.NoTextInteraction)
        self.text.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.continue_button = self._button(self.continue_requested)
        self.stop_button = self._button(self.stop_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(icon, 0, Qt.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.continue_button)
        layout.addWidget(self.stop_button)
        self._arming = QTimer(self, singleShot=True, timeout=self._arm)
        self.hide()

    def _button(self, signal) -> QPushButton:
        button = QPushButton()
        button.setFocusPolicy(Qt.NoFocus)  # never in the tab chain: Tab and Space cannot reach it
        button.setAutoDefault(False)
        button.setDefault(False)
        button.clicked.connect(lambda: self._answer(signal))
        return button

    def show_fault(self, text: str, *, continue_text: str | None, stop_text: str) -> None:
        """Show `text`; Continue only when `continue_text` is given. Focus stays where it is."""
        self.text.setText(text)
        self.continue_button.setVisible(continue_text is not None)
        self.continue_button.setText(continue_text or "")
        self.stop_button.setText(stop_text)
        self._armed = False
        for button in (self.continue_button, self.stop_button):
            button.setEnabled(False)
        self._arming.start(int(ARMING_SECONDS * 1000))
        self.show()

    @property
    def pending(self) -> bool:
        return self.isVisible()

    @property
    def can_continue(self) -> bool:
        return self.pending and not self.continue_button.isHidden()

    def armed(self) -> bool:
        """A second has passed since the fault appeared: an answer now is meant."""
        return self.pending and self._armed

    def answer_continue(self) -> bool:
        """The keyboard's Continue (F5); False when it is not an answer (yet)."""
        if not (self.armed() and self.can_continue):
            return False
        self._answer(self.continue_requested)
        return True

    def answer_stop(self) -> bool:
        """The keyboard's Stop (Shift+F5)."""
        if not self.armed():
            return False
        self._answer(self.stop_requested)
        return True

    def dismiss(self) -> None:
        self._arming.stop()
        self._armed = False
        self.hide()

    def _arm(self) -> None:
        self._armed = True
        for button in (self.continue_button, self.stop_button):
            button.setEnabled(True)

    def _answer(self, signal) -> None:
        if not self.armed():
            return
        self.dismiss()
        signal.emit()
