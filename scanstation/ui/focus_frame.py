"""A clearly visible frame around whatever has keyboard focus in a window.

The platform styles mark focus faintly (a dotted line, a slightly darker border), and a
clerk working by keyboard must see at a glance where the next key goes. An overlay draws
the frame, so no widget's own look (or style sheet) is changed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

FRAME_COLOUR = QColor(26, 115, 232)  # a strong blue, readable on light and grey backgrounds
WIDTH = 2


class FocusFrame(QWidget):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._target: QWidget | None = None
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.NoFocus)
        self.hide()
        QApplication.instance().focusChanged.connect(self._focus_changed)

    @property
    def target(self) -> QWidget | None:
        return self._target

    def _focus_changed(self, _old, new) -> None:
        if self._target is not None:
            try:
                self._target.removeEventFilter(self)
            except RuntimeError:  # deleted meanwhile
                pass
        self._target = _framed(new) if new is not None and new.window() is self.window() else None
        if self._target is not None:
            self._target.installEventFilter(self)
        self._follow()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self._follow()
        return False

    def _follow(self) -> None:
        target = self._target
        if target is None or not target.isVisible():
            self.hide()
            return
        top_left = target.mapTo(self.window(), target.rect().topLeft())
        margin = WIDTH + 1
        self.setGeometry(QRect(top_left, target.size()).adjusted(-margin, -margin, margin, margin))
        self.show()
        self.raise_()
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(FRAME_COLOUR, WIDTH))
        half = WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)


def _framed(widget: QWidget) -> QWidget:
    """The widget the clerk sees: a combo box or a date box, not the text field inside it."""
    while widget.parentWidget() is not None and widget.parentWidget().focusProxy() is widget:
        widget = widget.parentWidget()
    return widget
