"""Letters received per day, one bar a day stacked by team, drawn with QPainter.

QtCharts is not part of PySide6-Essentials, and a stacked bar chart is a few rectangles. The
busiest teams get a colour each; the rest share one stack ("other teams"), so the chart stays
readable with twenty teams. Hovering a bar shows its day, each team's letters and the pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from scanstation.dashboard import DailyCount
from scanstation.reports import NONE

from .i18n import count_text

# Okabe-Ito: told apart by colour-blind eyes too.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NO_TEAM_COLOUR = "#BBBBBB"
OTHER_COLOUR = "#888888"
OTHER = "\0other"  # the stack of the teams without a colour of their own; never a team id
LEGEND_WIDTH = 170
MARGIN_LEFT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 30


class DailyChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(420, 220))
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Letters received per day"))
        self.days: list[date] = []
        self.stack_order: list[str] = []  # bottom to top
        self._letters: dict[date, dict[str, int]] = {}
        self._pages: dict[date, int] = {}
        self._names: dict[str, str] = {}

    # --- data ------------------------------------------------------------------

    def show_counts(self, date_from: date, date_to: date, counts: Iterable[DailyCount], teams: list[str],
                    team_names: dict[str, str] | None = None) -> None:
        """`teams` busiest first; days from date_from to date_to, each a bar even when empty."""
        self.days = [date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)]
        coloured = [t for t in teams if t != NONE][:len(PALETTE)]
        rest = [t for t in teams if t != NONE and t not in coloured]
        self.stack_order = coloured + ([OTHER] if rest else []) + ([NONE] if NONE in teams else [])
        self._letters, self._pages = {}, {}
        for count in counts:
            stack = count.team if count.team in coloured or count.team == NONE else OTHER
            day = self._letters.setdefault(count.day, {})
            day[stack] = day.get(stack, 0) + count.letters
            self._pages[count.day] = self._pages.get(count.day, 0) + count.pages
        self._names = dict(team_names or {})
        total = sum(sum(d.values()) for d in self._letters.values())
        self.setAccessibleDescription(self.tr("%1 from %2 to %3")
                                      .replace("%1", count_text(total, self.tr("1 letter"), self.tr("%1 letters"))).replace("%2", date_from.isoformat())
                                      .replace("%3", date_to.isoformat()))
        self.update()

    def stacks(self) -> dict[date, list[tuple[str, int]]]:
        """Each day's bar, bottom to top: (team, or OTHER, letters)."""
        return {day: [(team, self._letters.get(day, {}).get(team, 0)) for team in self.stack_order
                      if self._letters.get(day, {}).get(team)] for day in self.days}

    def label(self, stack: str) -> str:
        if stack == OTHER:
            return self.tr("Other teams")
        if stack == NONE:
            return self.tr("No team yet")
        return self._names.get(stack) or stack

    def colour(self, stack: str) -> QColor:
        if stack == OTHER:
            return QColor(OTHER_COLOUR)
        if stack == NONE:
            return QColor(NO_TEAM_COLOUR)
        return QColor(PALETTE[self.stack_order.index(stack) % len(PALETTE)])

    def tooltip_for(self, day: date) -> str:
        letters = self._letters.get(day, {})
        lines = [day.isoformat()]
        lines += [f"{self.label(team)}: {letters[team]}" for team in reversed(self.stack_order) if letters.get(team)]
        lines.append(count_text(sum(letters.values()), self.tr("1 letter"), self.tr("%1 letters")) + ", "
                     + count_text(self._pages.get(day, 0), self.tr("1 page"), self.tr("%1 pages")))
        return "\n".join(lines)

    # --- geometry --------------------------------------------------------------

    def _plot(self) -> QRectF:
        return QRectF(MARGIN_LEFT, MARGIN_TOP, max(10, self.width() - MARGIN_LEFT - LEGEND_WIDTH - 8),
                      max(10, self.height() - MARGIN_TOP - MARGIN_BOTTOM))

    def day_at(self, x: float) -> date | None:
        plot = self._plot()
        if not self.days or not plot.left() <= x < plot.right():
            return None
        return self.days[int((x - plot.left()) / (plot.width() / len(self.days)))]

    def _scale_top(self) -> int:
        """The y axis ends at 1, 2 or 5 times a power of ten."""
        highest = max((sum(d.values()) for d in self._letters.values()), default=0)
        step = 1
        while True:
            for factor in (1, 2, 5):
                if step * factor >= highest:
                    return max(step * factor, 1)
            step *= 10

    # --- drawing ---------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing, False)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        plot = self._plot()
        text = palette.text().color()
        if not any(self._letters.values()):
            painter.setPen(text)
            painter.drawText(plot, Qt.AlignCenter, self.tr("No letters received in these days"))
            return
        top = self._scale_top()
        metrics = painter.fontMetrics()
        grid = QColor(text)
        grid.setAlpha(40)
        for n in range(5):  # grid lines and their values
            value = top * n / 4
            y = plot.bottom() - plot.height() * n / 4
            painter.setPen(grid)
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text)
            label = f"{value:g}"
            painter.drawText(QRectF(0, y - 8, MARGIN_LEFT - 6, 16), Qt.AlignRight | Qt.AlignVCenter, label)
        slot = plot.width() / len(self.days)
        bar = max(1.0, slot * 0.75)
        label_every = max(1, int(metrics.horizontalAdvance("30/12") * 1.4 / slot) + 1)
        for i, day in enumerate(self.days):
            x = plot.left() + i * slot + (slot - bar) / 2
            y = plot.bottom()
            letters = self._letters.get(day, {})
            for team in self.stack_order:
                height = plot.height() * letters.get(team, 0) / top
                if height:
                    painter.fillRect(QRectF(x, y - height, bar, height), self.colour(team))
                    y -= height
            total = sum(letters.values())
            painter.setPen(text)
            if total and bar >= metrics.horizontalAdvance(str(total)):
                painter.drawText(QRectF(x - 4, y - 16, bar + 8, 15), Qt.AlignHCenter | Qt.AlignBottom, str(total))
            if (len(self.days) - 1 - i) % label_every == 0:  # the last day always has its label
                painter.drawText(QRectF(x + bar / 2 - 30, plot.bottom() + 4, 60, 18), Qt.AlignHCenter | Qt.AlignTop,
                                 f"{day.day}/{day.month}")
        self._paint_legend(painter, plot, text)

    def _paint_legend(self, painter: QPainter, plot: QRectF, text: QColor) -> None:
        x = plot.right() + 14
        y = plot.top()
        metrics = painter.fontMetrics()
        row = max(18, metrics.height() + 4)
        totals = {team: sum(day.get(team, 0) for day in self._letters.values()) for team in self.stack_order}
        for team in reversed(self.stack_order):  # top of the stack first, as the bars read
            if y + row > self.height():
                break
            painter.fillRect(QRectF(x, y + (row - 12) / 2, 12, 12), self.colour(team))
            painter.setPen(text)
            label = metrics.elidedText(f"{self.label(team)} ({totals[team]})", Qt.ElideRight, LEGEND_WIDTH - 24)
            painter.drawText(QRectF(x + 18, y, LEGEND_WIDTH - 20, row), Qt.AlignLeft | Qt.AlignVCenter, label)
            y += row

    def event(self, event) -> bool:
        if event.type() == QEvent.ToolTip:
            day = self.day_at(event.pos().x())
            if day is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_for(day), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
