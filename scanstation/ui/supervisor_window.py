"""The supervisor's window: what came in, what waits, who did what, and finding a letter again.

Read-only: everything here is counted from the station's journal through a read-only
connection on a worker (the overview by scanstation.dashboard's SQL, fast on any journal;
the report tables by scanstation.reports), never on the GUI thread. Anyone may look at the
counts; the CPR search is for supervisors (config: supervisor.users) and is audited.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)
from shiboken6 import isValid

from scanstation.config import Settings, is_supervisor
from scanstation.dashboard import Dashboard, load_dashboard
from scanstation.reports import NONE, Report, build_report, with_team_names
from scanstation.retention import PrivateData, amount, private_data_in

from .daily_chart import DailyChart
from .date_range import DateRangePicker
from .i18n import count_text, name_order
from .report_table import ReportTable
from .search_panel import SearchPanel
from .tasks import run_task

REPORT_BY = ("day", "week", "month", "clerk", "team", "station")
PREFERRED_SIZE = (1240, 800)  # the overview's four tables side by side without scrolling
TITLE_BAR, BORDER = 32, 4  # what a window manager's title bar and frame take of the screen


def fitted_geometry(area: QRect) -> QRect:
    """The window's place on a screen whose free area (less the task bar) is `area`: its
    preferred size, or the whole area on a small screen (1280x720: a laptop, a projector),
    centred, title bar and frame included."""
    width = min(PREFERRED_SIZE[0], area.width() - 2 * BORDER)
    height = min(PREFERRED_SIZE[1], area.height() - TITLE_BAR - BORDER)
    left = area.x() + (area.width() - width) // 2
    top = area.y() + TITLE_BAR + (area.height() - TITLE_BAR - BORDER - height) // 2
    return QRect(left, top, width, height)


def backlog_report(backlog: dict, labels: dict[str, str]) -> Report:
    """The backlog summary as a small table; `labels` names its two rows."""
    rows = [{"waiting": labels[key], **backlog[key]} for key in ("not_confirmed", "not_exported")]
    return Report(["waiting", "count", "oldest_received", "oldest_age_days"], rows, by="backlog")


def exceptions_report(exceptions, team_names: dict[str, str]) -> Report:
    """The letters parked as exceptions, oldest first, with the team by name."""
    rows = [{"letter": e.document_id, "team": team_names.get(e.team, e.team), "reason": e.reason,
             "parked_by": e.parked_by, "parked_at": e.parked_at.replace("T", " ")[:16], "pages": e.pages}
            for e in exceptions]
    return Report(["letter", "team", "reason", "parked_by", "parked_at", "pages"], rows, by="exceptions")


def clock_report(backlog: dict, team_names: dict[str, str]) -> Report:
    """Per team (by name, as the chart shows them) the letters nearing or past the 7 days."""
    rows = [{"team": team_names.get(team, team), **clock} for team, clock in backlog["clock"].items()]
    return Report(["team", "approaching", "overdue"], rows, by="team", backlog=backlog)


class SupervisorWindow(QWidget):
    document_requested = Signal(int)
    dashboard_shown = Signal(object)  # Dashboard
    report_shown = Signal(object)  # Report

    def __init__(self, journal_path: Path, settings: Settings, recipients: list[tuple[str, str]],
                 parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent, Qt.Window)
        self.journal_path = Path(journal_path)
        self.settings = settings
        self.supervisor = is_supervisor(settings)
        self.team_names = dict(recipients)
        self.dashboard: Dashboard | None = None
        self.report: Report | None = None
        self._dashboard_generation = 0  # the overview shows the newest count asked for
        self._report_stale = True  # the report tab counts again when it is shown
        self._report_running = False
        self.setWindowTitle(self.tr("Supervisor — %1").replace("%1", settings.station_id))
        self.setGeometry(fitted_geometry(((parent or self).screen() or QGuiApplication.primaryScreen())
                                         .availableGeometry()))

        self.range_picker = DateRangePicker(today)
        self.range_picker.range_changed.connect(lambda *_: self.reload())
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Count again (F5)"))
        self.refresh_button.clicked.connect(self.reload)
        QShortcut(QKeySequence(Qt.Key_F5), self, activated=self.reload)
        role = self.tr("%1, supervisor") if self.supervisor else self.tr("%1: counts only (not a supervisor)")
        self.role_label = QLabel(role.replace("%1", settings.operator))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)  # a long line in Danish must not widen the window

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_overview(), self.tr("&Overview"))
        self.team_names[NONE] = self.chart.label(NONE)  # letters without a team, named as the chart names them
        self.tabs.addTab(self._build_report_page(), self.tr("Re&port"))
        self.search_panel = SearchPanel(self.journal_path, operator=settings.operator, supervisor=self.supervisor,
                                        recipients=recipients)
        self.search_panel.document_requested.connect(self.document_requested)
        self.tabs.addTab(self.search_panel, self.tr("Searc&h"))
        self.tabs.currentChanged.connect(self._tab_changed)

        top = QHBoxLayout()
        top.addWidget(self.range_picker, 1)
        top.addWidget(self.refresh_button, 0, Qt.AlignRight)  # not the whole row when the dates are hidden
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.role_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.reload()

    # --- building ---------------------------------------------------------------

    def _build_overview(self) -> QWidget:
        self.chart = DailyChart()
        self.backlog_table = ReportTable(filterable=False, exportable=False)
        self.backlog_table.view.setAccessibleName(self.tr("Backlog"))
        self.clock_table = ReportTable(file_stem="seven-day-clock")
        self.clock_table.view.setAccessibleName(self.tr("7-day clock per team"))
        backlog_box = QWidget()
        backlog_layout = QVBoxLayout(backlog_box)
        backlog_layout.setContentsMargins(0, 0, 0, 0)
        self.backlog_title = QLabel(self.tr("<b>Waiting now</b>"))
        self.failed_label = QLabel()
        self.exceptions_label = QLabel()
        self.private_label = QLabel()  # how much of the letters' content this station still holds
        self.private_label.setWordWrap(True)
        self.exceptions_table = ReportTable(filterable=False, file_stem="exceptions")
        self.exceptions_table.view.setAccessibleName(self.tr("Letters parked as exceptions"))
        self.exceptions_table.view.setToolTip(self.tr("Double-click a letter to show it in the station window"))
        self.exceptions_table.view.doubleClicked.connect(self._exception_chosen)
        for widget in (self.backlog_title, self.backlog_table, self.failed_label, self.exceptions_label,
                       self.exceptions_table, self.private_label):
            backlog_layout.addWidget(widget)
        clock_box = QWidget()
        clock_layout = QVBoxLayout(clock_box)
        clock_layout.setContentsMargins(0, 0, 0, 0)
        clock_layout.addWidget(QLabel(self.tr("<b>7-day clock</b>: letters not yet exported, per team")))
        clock_layout.addWidget(self.clock_table)
        lower = QSplitter(Qt.Horizontal)
        lower.addWidget(backlog_box)
        lower.addWidget(clock_box)
        lower.setSizes([740, 500])  # the exceptions (six columns) left, the 7-day clock (three) right
        self.lower_splitter = lower
        self._clock_fitted = False
        page = QSplitter(Qt.Vertical)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(QLabel(self.tr("<b>Letters received per day</b>, by team")))
        chart_layout.addWidget(self.chart, 1)
        page.addWidget(chart_box)
        page.addWidget(lower)
        page.setSizes([420, 260])
        return page

    def _build_report_page(self) -> QWidget:
        self.by_box = QComboBox()
        for by, text in zip(REPORT_BY, (self.tr("Day"), self.tr("Week"), self.tr("Month"), self.tr("Clerk"),
                                        self.tr("Team"), self.tr("Station"))):
            self.by_box.addItem(text, by)
        self.by_box.currentIndexChanged.connect(lambda _: self._load_report())
        self.report_table = ReportTable(file_stem="report")
        self.report_status = QLabel()
        by_label = QLabel(self.tr("Count &by"))
        by_label.setBuddy(self.by_box)
        row = QHBoxLayout()
        row.addWidget(by_label)
        row.addWidget(self.by_box)
        row.addWidget(self.report_status, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.report_table, 1)
        return page

    # --- counting -----------------------------------------------------------------

    def reload(self) -> None:
        """Count again for the chosen dates: the overview now, the report when it is shown."""
        self._load_dashboard()
        self._load_report()

    def _load_dashboard(self) -> None:
        date_from, date_to = self.range_picker.range()
        today, path = self.range_picker.today(), self.journal_path
        self._dashboard_generation += 1
        generation = self._dashboard_generation
        self.status_label.setText(self.tr("Counting…"))
        run_task(lambda: load_dashboard([path], date_from, date_to, today=today),
                 lambda result: self._show_dashboard(generation, result),
                 lambda exc: self._dashboard_failed(generation, exc))
        days = self.settings.retention_days
        run_task(lambda: private_data_in(path, days), self._show_private_data, lambda exc: None)

    def _load_report(self) -> None:
        """reports.py holds every document in memory while it counts (seconds on a big journal):
        one count at a time, and only for the tab shown; what is asked for meanwhile comes next."""
        self._report_stale = True
        if self._report_running or self.tabs.currentIndex() != 1:
            return
        date_from, date_to = self.range_picker.range()
        by, limit = self.by_box.currentData(), self.settings.max_document_pages
        today, path = self.range_picker.today(), self.journal_path
        self._report_stale, self._report_running = False, True
        self.report_status.setText(self.tr("Counting…"))
        run_task(lambda: build_report([path], date_from=date_from, date_to=date_to, by=by,
                                      max_document_pages=limit, today=today),
                 self._show_report, self._report_failed)

    def _tab_changed(self, index: int) -> None:
        self.range_picker.setVisible(index != 2)  # the search has dates of its own
        if index == 1 and self._report_stale:
            self._load_report()

    # --- showing ---------------------------------------------------------------------

    def _report_wanted(self) -> bool:
        """A report count ended: True if its result is still the one wanted, else count again."""
        if not isValid(self):  # the window is gone
            return False
        self._report_running = False
        if self._report_stale:
            self._load_report()
            return False
        return True

    def _show_dashboard(self, generation: int, dashboard: Dashboard) -> None:
        if not isValid(self) or generation != self._dashboard_generation:
            return  # the window is gone, or a newer count is on its way
        self.dashboard = dashboard
        self.chart.show_counts(dashboard.date_from, dashboard.date_to, dashboard.received, dashboard.teams(),
                               self.team_names)
        backlog = dashboard.backlog
        self.backlog_table.set_report(backlog_report(backlog, {
            "not_confirmed": self.tr("Not confirmed"), "not_exported": self.tr("Confirmed, not exported")}))
        self._show_every_row(self.backlog_table.view)
        self.failed_label.setText(self.tr("Failed exports: %1").replace("%1", str(backlog["failed_exports"])))
        self.clock_table.set_report(clock_report(backlog, self.team_names))
        self._fit_clock_table()
        self.exceptions_label.setText(self.tr("Parked as exceptions: %1").replace("%1", str(len(dashboard.exceptions))))
        self.exceptions_table.set_report(exceptions_report(dashboard.exceptions, self.team_names))
        letters = sum(c.letters for c in dashboard.received)
        self.status_label.setText(self.tr("%1 received from %2 to %3; %4 approaching and %5 overdue "
                                          "on the 7-day clock")
                                  .replace("%1", count_text(letters, self.tr("1 letter"), self.tr("%1 letters"))).replace("%2", dashboard.date_from.isoformat())
                                  .replace("%3", dashboard.date_to.isoformat())
                                  .replace("%4", str(backlog["approaching"])).replace("%5", str(backlog["overdue"])))
        self.dashboard_shown.emit(dashboard)

    def _fit_clock_table(self) -> None:
        """Once, when the first counts arrive: the 7-day clock gets the width its columns need
        (long team names), up to half; the supervisor's own dragging is kept after that."""
        total = sum(self.lower_splitter.sizes())
        if self._clock_fitted or total <= 0:  # not laid out yet: the next counts fit it
            return
        self._clock_fitted = True
        view = self.clock_table.view
        view.resizeColumnsToContents()
        need = (sum(view.columnWidth(c) for c in range(view.model().columnCount())) + 2 * view.frameWidth()
                + view.verticalScrollBar().sizeHint().width() + 4)
        right = min(max(need, self.lower_splitter.sizes()[1]), total // 2)
        self.lower_splitter.setSizes([total - right, right])

    @staticmethod
    def _show_every_row(view) -> None:
        """A table of two rows shows both whole, whatever room the window has (on a 1280x720
        screen the second was cut)."""
        view.resizeColumnsToContents()
        view.resizeRowsToContents()
        scroll = view.horizontalScrollBar()
        height = (view.horizontalHeader().sizeHint().height() + view.verticalHeader().length() + 2 * view.frameWidth()
                  + (scroll.sizeHint().height() if scroll.isVisible() else 0))
        view.setFixedHeight(height)

    def _show_private_data(self, held: PrivateData) -> None:
        if not isValid(self):
            return
        self.private_label.setText(
            self.tr("Kept on this station: %1, %2 with images or text, %3, oldest from %4; deleted %5 after export")
            .replace("%1", count_text(held.letters, self.tr("1 letter"), self.tr("%1 letters")))
            .replace("%2", count_text(held.pages, self.tr("1 page"), self.tr("%1 pages")))
            .replace("%3", amount(held.bytes)).replace("%4", (held.oldest or "—")[:10])
            .replace("%5", count_text(self.settings.retention_days, self.tr("1 day"), self.tr("%1 days"))))

    def _exception_chosen(self, index) -> None:
        rows = self.exceptions_table.shown_rows()
        if 0 <= index.row() < len(rows):
            self.document_requested.emit(int(rows[index.row()]["letter"]))

    def _show_report(self, report: Report) -> None:
        if not self._report_wanted():
            return
        if self.dashboard is not None:
            report.backlog = self.dashboard.backlog  # the workbook gets a backlog sheet, as from the CLI
        report = with_team_names(report, {NONE: self.tr("No team yet"), **self.team_names})
        if report.by == "team":
            report.rows.sort(key=lambda row: name_order(str(row["team"])))
        self.report = report
        self.report_table.file_stem = f"report-{report.by}-{report.date_from}-{report.date_to}"
        self.report_table.set_report(report)
        self.report_status.setText(count_text(len(report.rows), self.tr("1 row"), self.tr("%1 rows")))
        self.report_shown.emit(report)

    def _dashboard_failed(self, generation: int, exc: BaseException) -> None:
        if isValid(self) and generation == self._dashboard_generation:
            self.status_label.setText(self.tr("Could not count: %1").replace("%1", str(exc)))

    def _report_failed(self, exc: BaseException) -> None:
        if self._report_wanted():
            self.report_status.setText(self.tr("Could not count: %1").replace("%1", str(exc)))
