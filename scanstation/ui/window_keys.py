"""Keys that work from anywhere in a window, whatever widget has focus.

Qt asks the focused widget first (a ShortcutOverride event) whether it wants a key for
itself; a text field or a combo box claims some of ours (Ctrl+K deletes to the end of the
line, PageDown picks another recipient, Ctrl+Delete deletes a word), and a completion popup
takes every key while it is open. The clerk's page, zoom, letter and editing keys must turn
the page instead, and never change a form field: this filter answers the override for them
("not yours"), and while a completion popup is open it closes the popup and runs the key's
action itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


def key_sequence(event) -> QKeySequence:
    """The key of a key event as a sequence (the keypad's Ctrl+0 is Ctrl+0)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(event.key() | modifiers.value)


class WindowKeys(QObject):
    """Installed on the application; acts only on keys meant for `window`."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.actions: list[QAction] = []

    def add(self, action: QAction) -> None:
        """An action whose keys win over any widget of the window."""
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.actions.append(action)

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def action_for(self, event) -> QAction | None:
        pressed = key_sequence(event)
        for action in self.actions:
            if any(s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for s in action.shortcuts()):
                return action
        return None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(watched, QWidget):
            return False
        if watched.window() is self.window:
            if self.action_for(event) is None:
                return False
            if kind == QEvent.Type.ShortcutOverride:
                event.ignore()  # the field does not get the key: the window's shortcut runs
                _close_completion(watched)
            # A key press arrives only when the shortcut did not run (its action is disabled
            # just now, e.g. no page to turn to): the field must not get it either.
            return True
        popup = QApplication.activePopupWidget()
        focus = QApplication.focusWidget()
        if (kind != QEvent.Type.KeyPress or popup is None or watched.window() is not popup
                or focus is None or focus.window() is not self.window):
            return False
        action = self.action_for(event)
        if action is None:
            return False
        popup.hide()  # a completion list open in the form: the key is the window's, not the list's
        if action.isEnabled():
            action.trigger()
        return True


def _close_completion(widget: QWidget) -> None:
    """A completion list left open would cover the page the key turns to."""
    completer = widget.completer() if hasattr(widget, "completer") else None
    popup = completer.popup() if completer is not None else None
    if popup is not None and popup.isVisible():
        popup.hide()
