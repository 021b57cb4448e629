"""The operator's station window: scan, review, confirm, export — at keyboard speed.

A thin layer over the core. Reads for display come from the window's own journal
connection (WAL: never blocked by a writer); every write — scanning, importing,
editing, confirming, exporting — runs off the GUI thread through ui.tasks, journal
writes one at a time on the serial worker, which has its own connection.
"""

from __future__ import annotations

import html
import json
import logging
import threading
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication, QComboBox, QFileDialog, QInputDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QProgressBar,
    QPushButton, QSizePolicy, QSplitter, QStyle, QToolBar, QVBoxLayout, QWidget,
)
from shiboken6 import isValid

from scanstation.capture import backend_for, list_all_devices
from scanstation.capture.base import CancelToken, ScanSettings
from scanstation.config import KEYS, load_settings
from scanstation.export.correction_window import CorrectionWindow
from scanstation.export.exporter import failed_for_missing_folder
from scanstation.journal.drafts import Drafts, last_confirmed_routing
from scanstation.journal.editing import DocumentEditor
from scanstation.pipeline import PageProcessor
from scanstation.profiles import default_profile, load_profiles
from scanstation.station import Station

from .batch_panel import BatchPanel, snapshot
from .confirm_form import ConfirmForm, Suggestion
from .export_failures import failure_text
from .fault_banner import FaultBanner
from .focus_frame import FocusFrame
from .i18n import count_text
from .page_viewer import Highlight, PageViewer
from .tasks import run_task, serial_pool
from .window_keys import WindowKeys
from .thumbnails import load_thumbnail, make_thumbnail

log = logging.getLogger("scanstation.ui")

_worker = threading.local()


class _ScanSignals(QObject):
    """Lives on the GUI thread; the scan worker emits, Qt queues to the GUI."""

    page_captured = Signal(object, object)  # CapturedPage, QImage thumbnail
    page_stored = Signal()  # a page is on disk and in the journal; it is read next


def page_highlights(page, fields_json: str = "{}") -> list[Highlight]:
    """Where recognition found something on the page: barcodes, and the CPR numbers, case
    numbers and date OCR read (their boxes are in the upright page; mapped back here)."""
    try:
        analysis = json.loads(page.analysis or "{}")
        fields = json.loads(fields_json or "{}")
    except ValueError:
        return []
    marks = [Highlight(*code["bbox"], label=f"{code['symbology']}: {code['value']}", kind="barcode")
             for code in analysis.get("barcodes", []) if len(code.get("bbox", ())) == 4]
    turned = analysis.get("rotation", 0)
    for kind, key in (("cpr", "cprs"), ("case", "case_numbers"), ("date", "letter_date")):
        items = fields.get(key) or []
        for item in items if isinstance(items, list) else [items]:
            if item.get("page_id") != page.id:
                continue
            for box in item.get("boxes", []):
                marks.append(Highlight(*upright_box_to_stored(box, turned, page.width, page.height),
                                       label=item["value"], kind=kind))
    return marks


def upright_box_to_stored(box, rotation: int, width: int, height: int) -> tuple[int, int, int, int]:
    """A box on the page turned `rotation` degrees clockwise, on the page as it was stored."""
    x, y, w, h = box
    if rotation == 90:
        return y, height - x - w, h, w
    if rotation == 180:
        return width - x - w, height - y - h, w, h
    if rotation == 270:
        return width - y - h, x, h, w
    return x, y, w, h


class MainWindow(QMainWindow):
    export_finished = Signal(object)  # ExportOutcome, for tests and the status bar
    scan_finished = Signal(object)  # BatchResult

    def __init__(self, station: Station, *, settings_store: QSettings | None = None,
                 config_file: Path | None = None, command_line: dict | None = None,
                 clock=time.monotonic) -> None:
        super().__init__()
        self.station = station
        self.settings = station.settings
        self.config_file = config_file
        # Settings given on the command line (attribute -> value, e.g. --drop): they stay in
        # effect when the Settings window saves, until the clerk sets that setting there.
        self.command_line = dict(command_line or {})
        # A confirmed letter waits here a few seconds before export: Ctrl+Z takes it back.
        self.clock = clock
        self.correction = CorrectionWindow(self.settings.correction_seconds)
        self._correction_timer = QTimer(self, interval=250, timeout=self._correction_tick)
        self._exports_in_flight: set[int] = set()
        self.store = settings_store or QSettings("ScanStation", "ScanStation")
        self.batch_id: int | None = None
        self.cancel: CancelToken | None = None
        self.scanning = False
        self.exports_queued = 0
        self.fault_batch: int | None = None  # the interrupted batch the fault banner asks about
        self.closing = False  # once closed, late results from workers are dropped
        self._undo: list[tuple[str, tuple]] = []
        self._scan_signals = _ScanSignals()
        self._scan_signals.page_captured.connect(self._on_page_captured)
        self._scan_signals.page_stored.connect(self._on_page_stored)
        self._refresh_timer = QTimer(self, singleShot=True, interval=150, timeout=self.refresh)
        self.page_workers = PageProcessor()  # started by the first scan, kept until the window closes

        self.setWindowTitle(self.tr("ScanStation — %1").replace("%1", self.settings.station_id))
        self.setAcceptDrops(True)
        self._build_toolbar()
        self.panel = BatchPanel()
        self.viewer = PageViewer()
        self.form = ConfirmForm()
        self.splitter = QSplitter(Qt.Horizontal)
        for widget in (self.panel, self.viewer, self.form):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([260, 700, 340])
        self.fault_banner = FaultBanner()
        self.fault_banner.continue_requested.connect(self._continue_after_fault)
        self.fault_banner.stop_requested.connect(self._stop_after_fault)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.fault_banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self.correction_label = QLabel()
        self.correction_label.setObjectName("correction_window")
        self.statusBar().insertWidget(0, self.correction_label)
        self._build_shortcuts()
        self._build_letter_actions()

        self.panel.document_selected.connect(self._document_selected)
        self.panel.page_selected.connect(self._page_selected)
        self.panel.page_dropped.connect(lambda page, doc, pos: self._edit("move_page", page, doc, pos))
        self.viewer.next_page_requested.connect(lambda: self._step_page(+1))
        self.viewer.previous_page_requested.connect(lambda: self._step_page(-1))
        self.form.confirm_requested.connect(self._confirm)
        self.form.cpr_revealed.connect(self._audit_cpr_reveal)
        QApplication.instance().focusChanged.connect(self._zoom_to_field)
        self.form.draft_changed.connect(self._save_draft)
        self.form.draft_discarded.connect(self._discard_draft)

        self.form.set_recipients([(r.id, r.name) for r in station.journal.recipients()])
        self.form.set_confidence_thresholds(self.settings.auto_confirm_threshold, self.settings.prefill_threshold)
        self.form.set_previous_letter(last_confirmed_routing(station.journal))
        self._load_profiles()
        self._restore_layout()
        self._load_devices()
        self._reopen_last_batch()
        self.focus_frame = FocusFrame(self)  # where the next key goes, seen at a glance
        # Start the page workers once the window is up, so the clerk's first scan does not wait.
        QTimer.singleShot(1500, self, self._warm_up_page_workers)
        # Letters confirmed but not exported (held at quit, killed, no drop folder then) go now,
        # and whenever the drop folder comes back.
        self.export_waiting_letters()
        self._drop_folder_watch = QTimer(self, interval=30000, timeout=self._drop_folder_check)
        self._drop_folder_watch.start()
        for field in self.findChildren(QLineEdit) + self.findChildren(QComboBox):
            field.installEventFilter(self)  # Ctrl+Z in a field with nothing to undo: see eventFilter

    def _warm_up_page_workers(self) -> None:
        if not self.closing:
            run_task(self._warm_up_and_read_recovered, lambda batches: self.refresh() if batches else None)

    def _warm_up_and_read_recovered(self) -> list[int]:
        """In the background: start the page workers, then read and place the pages a crash left
        in no document (Station.open leaves that to us: it takes seconds a page with OCR)."""
        self.page_workers.warm_up()
        if self.closing:
            return []
        station = Station.attach(self.station.data_dir, self.settings)
        try:
            return station.read_recovered_pages(processor=self.page_workers)
        finally:
            station.close()

    # --- building ---------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Scanning"))
        bar.setObjectName("scan_toolbar")
        self.addToolBar(bar)
        self.profile_box = QComboBox()
        self.profile_box.setAccessibleName(self.tr("Scan profile"))
        self.profile_box.setToolTip(self.tr("Scan profile"))
        self.device_box = QComboBox()
        self.device_box.setAccessibleName(self.tr("Scanner"))
        self.device_box.addItem(self.tr("Demo scanner"), "demo")
        # The scanners are found after the window is shown: the box grows to the longest name.
        self.device_box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.source_box = QComboBox()
        for label, value in ((self.tr("Feeder (ADF)"), "adf"), (self.tr("Duplex"), "duplex"),
                             (self.tr("Flatbed"), "flatbed")):
            self.source_box.addItem(label, value)
        self.dpi_box = QComboBox()
        for dpi in (200, 300, 400, 600):
            self.dpi_box.addItem(f"{dpi} dpi", dpi)
        self.dpi_box.setCurrentIndex(1)
        self.mode_box = QComboBox()
        for label, value in ((self.tr("Gray"), "gray"), (self.tr("Colour"), "color"),
                             (self.tr("Black and white"), "lineart")):
            self.mode_box.addItem(label, value)
        self.separation_box = QComboBox()
        self.separation_box.setToolTip(self.tr("How the stack is split into letters"))
        for label, value in ((self.tr("Separator and cover sheets"), "separators"),
                             (self.tr("Blank page between letters"), "blank_page"),
                             (self.tr("One letter per scan"), "per_scan"),
                             (self.tr("Every page is a letter"), "fixed_pages:1"),
                             (self.tr("Every 2 pages"), "fixed_pages:2")):
            self.separation_box.addItem(label, value)
        style = self.style()
        self.scan_action = QAction(style.standardIcon(QStyle.SP_MediaPlay), self.tr("&Scan"), self)
        self.scan_action.setShortcut(QKeySequence(Qt.Key_F5))
        self.scan_action.triggered.connect(self._scan_key)
        self.import_action = QAction(style.standardIcon(QStyle.SP_DialogOpenButton), self.tr("&Import files…"), self)
        self.import_action.setShortcut(QKeySequence.Open)
        self.import_action.triggered.connect(self._choose_files)
        self.stop_action = QAction(style.standardIcon(QStyle.SP_MediaStop), self.tr("S&top"), self)
        self.stop_action.setShortcut(QKeySequence("Shift+F5"))
        self.stop_action.setToolTip(self.tr("Stop scanning (Shift+F5)"))
        self.stop_action.setEnabled(False)
        self.stop_action.triggered.connect(self._stop_key)
        self.settings_action = QAction(self.tr("Se&ttings…"), self)
        self.settings_action.triggered.connect(self._open_settings)
        for widget in (self.profile_box, self.device_box, self.source_box, self.dpi_box, self.mode_box,
                       self.separation_box):
            bar.addWidget(widget)
        self.profile_box.currentIndexChanged.connect(self._profile_chosen)
        for action in (self.scan_action, self.import_action, self.stop_action):
            bar.addAction(action)
        bar.addSeparator()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setFormat("%v / %m")
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        bar.addWidget(self.progress)
        bar.addWidget(self.progress_label)
        bar.addSeparator()
        bar.addAction(self.settings_action)
        self.supervisor_window = None
        self.supervisor_action = QAction(self.tr("S&upervisor…"), self)
        self.supervisor_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.supervisor_action.setToolTip(self.tr("Counts, backlog and search (Ctrl+Shift+U)"))
        self.supervisor_action.triggered.connect(self.open_supervisor)
        bar.addAction(self.supervisor_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.queue_label = QLabel()
        self.failure_label = QLabel()
        self.failure_label.setObjectName("export_failure")
        self.failure_label.setStyleSheet("color: #b00020")
        # A long reason is cut at the window's edge (the tooltip has every failed letter whole),
        # never widening the window.
        self.failure_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.retry_button = QPushButton(self.tr("&Retry export"))
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self.retry_exports)
        self.left_label = QLabel()
        self.left_label.setObjectName("letters_left")
        status.addWidget(self.left_label)
        status.addWidget(self.queue_label)
        status.addWidget(self.failure_label, 1)
        status.addPermanentWidget(self.retry_button)

    def _build_shortcuts(self) -> None:
        def shortcut(keys, slot, context=Qt.WindowShortcut):
            for key in keys if isinstance(keys, (list, tuple)) else [keys]:
                sc = QShortcut(QKeySequence(key), self)
                sc.setContext(context)
                sc.activated.connect(slot)

        def window_key(keys, slot) -> QAction:
            """A key that works wherever focus is, and never changes a form field."""
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in (keys if isinstance(keys, (list, tuple)) else [keys])])
            action.triggered.connect(slot)
            self.addAction(action)
            self.window_keys.add(action)
            return action

        self.window_keys = WindowKeys(self)
        shortcut([Qt.Key_Return, Qt.Key_Enter], self.form.request_confirm)
        shortcut(Qt.Key_Escape, lambda: self._step_document(-1))
        # Letter navigation stays an ordinary window shortcut: no field claims Ctrl+Up/Down today,
        # and a field that means something by them (a date) may.
        shortcut("Ctrl+Down", lambda: self._step_document(+1))
        shortcut("Ctrl+Up", lambda: self._step_document(-1))
        window_key("Ctrl+K", self.split_here)
        window_key("Ctrl+M", self.merge_with_next)
        window_key("Ctrl+R", lambda: self.rotate_page(90))
        window_key("Ctrl+Shift+R", lambda: self.rotate_page(-90))
        window_key("Ctrl+Delete", self.delete_page)
        window_key("Ctrl+Shift+Delete", self.restore_page)
        window_key("Alt+Up", lambda: self.move_page(-1))
        window_key("Alt+Down", lambda: self.move_page(+1))
        shortcut(QKeySequence.Undo, self.undo)
        window_key(Qt.Key_F6, self.rescan_page)
        # The viewer's page and zoom keys (PageUp/PageDown, Ctrl+0/1/2, Ctrl++/-) work from the
        # form too: the clerk's focus is nearly always in the Recipient box.
        for action in self.viewer.actions():
            self.window_keys.add(action)
        for action in (self.scan_action, self.stop_action, self.import_action):
            self.window_keys.add(action)
        self.window_keys.install()
        self.panel.setContextMenuPolicy(Qt.ActionsContextMenu)
        for text, slot in ((self.tr("Split here (Ctrl+K)"), self.split_here),
                           (self.tr("Merge with next (Ctrl+M)"), self.merge_with_next),
                           (self.tr("Rotate right (Ctrl+R)"), lambda: self.rotate_page(90)),
                           (self.tr("Rotate left (Ctrl+Shift+R)"), lambda: self.rotate_page(-90)),
                           (self.tr("Delete page (Ctrl+Del)"), self.delete_page),
                           (self.tr("Restore page"), self.restore_page),
                           (self.tr("Rescan page (F6)"), self.rescan_page),
                           (self.tr("Undo (Ctrl+Z)"), self.undo)):
            action = QAction(text, self.panel)
            action.triggered.connect(slot)
            self.panel.addAction(action)

    # --- workers get a connection of their own --------------------------------------

    def _worker_station(self) -> Station:
        """The calling worker thread's own connection to this station."""
        station = getattr(_worker, "station", None)
        if station is None or station.data_dir != self.station.data_dir:
            station = Station.attach(self.station.data_dir, self.settings)
            _worker.station = station
        station.settings = self.settings  # settings changed in the dialog apply from the next task on
        return station

    # --- devices --------------------------------------------------------------------

    def _load_devices(self) -> None:
        def found(result) -> None:
            devices, _problems = result
            current = self.device_box.currentData()
            self.device_box.clear()
            for device in devices:
                if device.kind != "files":
                    # The demo scanner's name in the window's language; a real one as it calls itself.
                    self.device_box.addItem(self.tr("Demo scanner") if device.kind == "demo" else device.name,
                                            device.id)
            index = self.device_box.findData(current or self.settings.default_device)
            self.device_box.setCurrentIndex(max(0, index))

        run_task(list_all_devices, found)  # SANE probing can take seconds: never on the GUI thread

    def _load_profiles(self) -> None:
        self.profiles = load_profiles(self.settings)
        chosen = self.profile_box.currentData() or default_profile(self.settings).name
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        for profile in self.profiles:
            self.profile_box.addItem(profile.name, profile.name)
        self.profile_box.blockSignals(False)
        index = max(0, self.profile_box.findData(chosen))
        self.profile_box.setCurrentIndex(index)
        self._profile_chosen(index)

    def _profile_chosen(self, index: int) -> None:
        profile = next((p for p in self.profiles if p.name == self.profile_box.itemData(index)), None)
        if profile is None:
            return
        for box, value in ((self.source_box, profile.source), (self.dpi_box, profile.dpi),
                           (self.mode_box, profile.mode), (self.separation_box, profile.separation),
                           (self.device_box, profile.device)):
            found = box.findData(value)
            if found < 0 and box is self.separation_box:
                box.addItem(value, value)
                found = box.count() - 1
            if found >= 0:
                box.setCurrentIndex(found)
        if self.dpi_box.findData(profile.dpi) < 0:  # not silently another resolution: say so
            self.statusBar().showMessage(
                self.tr("The profile \"%1\" asks for %2 dpi, which is not offered here: it scans at %3 dpi. "
                        "Choose a resolution in Settings → Scan profiles.")
                .replace("%1", profile.name).replace("%2", str(profile.dpi))
                .replace("%3", str(self.dpi_box.currentData())), 15000)

    # --- scanning and importing ---------------------------------------------------------

    def scan_settings(self) -> ScanSettings:
        return ScanSettings(source=self.source_box.currentData(), dpi=self.dpi_box.currentData(),
                            mode=self.mode_box.currentData())

    def start_scan(self, continue_batch: int | None = None) -> None:
        if self.scanning:
            return
        device = self.device_box.currentData() or "demo"
        settings = self.scan_settings()
        separation = self.separation_box.currentData()
        self._begin_capture(self.tr("Scanning…"))

        def work():
            station = Station.attach(self.station.data_dir, self.settings)  # this scan's own connection
            try:
                intake = station.intake(separation, processor=self.page_workers)
                intake.on_stored = lambda _batch: self._scan_signals.page_stored.emit()
                return intake.scan(backend_for(device, site_key=self.settings.site_key), device, settings,
                                   cancel=self.cancel, on_page=self._page_from_worker,
                                   continue_batch=continue_batch)
            finally:
                station.close()

        run_task(work, self._capture_done, self._capture_failed)

    def import_files(self, paths: list[Path]) -> None:
        if self.scanning or not paths:
            return
        separation = self.separation_box.currentData()
        self._begin_capture(self.tr("Importing…"))

        def work():
            station = Station.attach(self.station.data_dir, self.settings)
            try:
                intake = station.intake(separation, processor=self.page_workers)
                intake.on_stored = lambda _batch: self._scan_signals.page_stored.emit()
                return intake.import_files(paths, cancel=self.cancel, on_page=self._page_from_worker)
            finally:
                station.close()

        run_task(work, self._capture_done, self._capture_failed)

    def _scan_key(self) -> None:
        """F5 or the Scan button: scan; with a fault waiting, it is the banner's Continue."""
        if self.fault_banner.pending:
            if self.fault_banner.can_continue:
                self.fault_banner.answer_continue()  # ignored in the banner's first second
                return
            if not self.fault_banner.armed():
                return  # a key on its way when the fault appeared is not an answer
            self.fault_banner.dismiss()  # nothing to continue: a new scan (an interrupted batch stays so)
        self.start_scan()

    def _stop_key(self) -> None:
        """Shift+F5 or the Stop button: stop the scan, or answer a fault with Stop."""
        if self.fault_banner.pending:
            self.fault_banner.answer_stop()
        else:
            self.stop_scan()

    def stop_scan(self) -> None:
        if self.cancel is not None:
            self.cancel.cancel()
            self.progress_label.setText(self.tr("Stopping after this page…"))

    def _begin_capture(self, text: str) -> None:
        self.scanning = True
        self.cancel = CancelToken()
        self.pages_this_scan = 0  # read (analysed, placed in a letter) in this pass
        self.pages_stored = 0  # scanned: on disk and in the journal
        self.capture_started = time.monotonic()
        self.progress.setRange(0, 0)  # how many sheets the feeder holds is not known
        self.scan_action.setEnabled(False)
        self.import_action.setEnabled(False)
        self.stop_action.setEnabled(True)
        self.progress.setVisible(True)
        self.progress_label.setText(text)

    def _page_from_worker(self, page) -> None:
        """Runs on the scan worker: the page is on disk and in the journal already."""
        thumbnail = make_thumbnail(page.image) if page.image is not None else QImage()
        self._scan_signals.page_captured.emit(page, thumbnail)

    def _on_page_captured(self, page, thumbnail: QImage) -> None:
        if self.closing:
            return
        self.pages_this_scan += 1
        self._show_progress()
        if not thumbnail.isNull():
            self.panel.set_thumbnail(page.page_id, QPixmap.fromImage(thumbnail))
        if self.batch_id != page.batch_id:
            self.batch_id = page.batch_id
            self.refresh()
            self.panel.select(page.document_id)
        else:
            self._refresh_timer.start()  # coalesce: at most a few refreshes a second

    def _on_page_stored(self) -> None:
        if self.closing or not self.scanning:
            return
        self.pages_stored += 1
        self._show_progress()

    def _show_progress(self) -> None:
        """Pages scanned, pages read, and the time reading the rest will take."""
        scanned = max(self.pages_stored, self.pages_this_scan)
        read = self.pages_this_scan
        self.progress.setRange(0, max(scanned, 1))
        self.progress.setValue(read)
        text = self.tr("Scanned %1 · read %2").replace("%1", str(scanned)).replace("%2", str(read))
        if read >= 2 and scanned > read:
            per_page = (time.monotonic() - self.capture_started) / read
            seconds = max(1, round(per_page * (scanned - read)))
            text += " · " + self.tr("about %1 s left").replace("%1", str(seconds))
        self.progress_label.setText(text)

    def _end_capture(self) -> None:
        self.scanning = False
        self.scan_action.setEnabled(True)
        self.import_action.setEnabled(True)
        self.stop_action.setEnabled(False)
        self.progress.setVisible(False)

    def _capture_done(self, result) -> None:
        if self.closing:
            return
        self._end_capture()
        self.batch_id = result.batch_id if result.pages or self.batch_id is None else self.batch_id
        self.refresh()
        if result.batch_id == self.batch_id:
            self.progress_label.setText(self._batch_count_text())
        if result.file_errors and result.fault is None:
            # In the banner, not a dialog: a dialog would take the keys the clerk is typing.
            self.fault_batch = None
            title = self.tr("Some files could not be read")  # outside the f-string: lupdate finds it
            self.fault_banner.show_fault(
                f"<b>{title}</b><br>" + "<br>".join(
                    html.escape(error) for error in result.file_errors),
                continue_text=None, stop_text=self.tr("Close"))
        if result.fault is not None:
            self._show_fault(result)
        elif self.panel.current_ids() is None or self.form.document_id is None:
            self._select_next_unconfirmed()
        self.scan_finished.emit(result)

    def _batch_count_text(self) -> str:
        """The whole batch, every pass of it: "20 pages in 6 letters"."""
        # Every sheet side scanned, separator sheets too: what went through the scanner.
        pages = len(self.station.journal.pages(self.batch_id)) if self.batch_id is not None else 0
        letters = sum(1 for d in self.panel.documents if any(p.included for p in d.pages))
        page_text = count_text(pages, self.tr("1 page"), self.tr("%1 pages"))
        letter_text = count_text(letters, self.tr("1 letter"), self.tr("%1 letters"))
        return self.tr("%1 in %2").replace("%1", page_text).replace("%2", letter_text)

    def _capture_failed(self, exc: BaseException) -> None:
        if self.closing:
            return
        self._end_capture()
        self.refresh()
        message = getattr(exc, "user_message", None) or str(exc)
        self.progress_label.setText(self.tr("Scanning stopped"))
        self.fault_batch = None
        self.fault_banner.show_fault(message, continue_text=None, stop_text=self.tr("Close"))
        self.scan_finished.emit(None)

    def _show_fault(self, result) -> None:
        """A scanner fault in the clerk's words, in a banner typing cannot answer."""
        fault = result.fault
        kept = self.tr("The pages scanned before it are kept: %1.").replace("%1", self._batch_count_text()) \
            if result.pages else ""
        resumable = fault.resumable and result.pages > 0
        self.fault_batch = result.batch_id if resumable or result.pages else None
        title = self.tr("The scanner needs you.")  # outside the f-string: lupdate finds it
        self.fault_banner.show_fault(
            f"<b>{title}</b> {html.escape(self._fault_text(fault))} {html.escape(kept)}",
            continue_text=self.tr("Continue (F5)") if resumable else None,
            stop_text=self.tr("Stop (Shift+F5)") if self.fault_batch is not None else self.tr("Close"))
        self.stop_action.setEnabled(True)  # Shift+F5 answers Stop

    def _continue_after_fault(self) -> None:
        batch, self.fault_batch = self.fault_batch, None
        if batch is not None:
            self.start_scan(continue_batch=batch)

    def _stop_after_fault(self) -> None:
        batch, self.fault_batch = self.fault_batch, None
        if not self.scanning:
            self.stop_action.setEnabled(False)
        if batch is not None:
            self._finish_interrupted(batch)

    def _fault_text(self, fault) -> str:
        texts = {
            "paper_jam": self.tr("Paper jam. Open the scanner, remove the jammed sheet, put it back on top "
                                 "of the stack and press Continue."),
            "double_feed": self.tr("Double feed: two sheets went through together. Take them out of the scanner, "
                                   "put them back on top of the stack and press Continue."),
            "cover_open": self.tr("The scanner cover is open. Close it and press Continue."),
            "feeder_empty": self.tr("There is no paper in the feeder. Put the letters in the feeder and scan."),
            "device_busy": self.tr("The scanner is busy with another program. Wait, then press Continue."),
            "device_lost": self.tr("Lost the connection to the scanner. Check that it is on and connected, "
                                   "then press Continue."),
            "device_not_found": self.tr("The scanner was not found. Check that it is on and connected."),
        }
        return texts.get(fault.code, fault.user_message)

    def _finish_interrupted(self, batch_id: int) -> None:
        """The clerk stopped a batch a fault interrupted: it is recorded as stopped, not complete."""
        operator = self.settings.operator

        def work():
            station = self._worker_station()
            batch = station.journal.batch(batch_id)
            if batch.status == "interrupted":
                station.journal.finish_batch(batch_id, operator, status="cancelled",
                                             reason=f"Stopped by the clerk after: {batch.interruption or 'a fault'}")

        def done(_):
            self.refresh()
            self.progress_label.setText(self.tr("Stopped: %1").replace("%1", self._batch_count_text()))
            if self.form.document_id is None or self.panel.document(self.form.document_id) is None:
                self._select_next_unconfirmed()

        run_task(work, done, self._show_error, serial=True)

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import files"), "", self.tr("Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)"))
        self.import_files([Path(f) for f in files])

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    # --- showing -----------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the batch from the journal (fast: an indexed read, never blocked by writers)."""
        if self.closing:
            return
        documents = snapshot(self.station.journal, self.batch_id, self.settings.max_document_pages)
        self.panel.show_documents(documents)
        self._refresh_form(documents)
        self._load_missing_thumbnails(documents)
        self._show_empty_hint(not documents)
        self._update_status()

    def _refresh_form(self, documents) -> None:
        """Results that arrived for the letter in the form (its suggestion, fields read, more pages)
        fill the fields the clerk has not touched; the viewer moves on from a separator sheet to
        the letter's first page once that has arrived, unless the clerk chose a page."""
        document_id = self.form.document_id
        view = next((d for d in documents if d.id == document_id), None)
        if view is None:
            return
        try:
            doc = self.station.journal.document(document_id)
        except Exception:  # merged away in the meantime
            return
        self.form.update_document(doc, Suggestion.from_document(doc.suggestion))
        ids = self.panel.current_ids()
        first = next((p for p in view.pages if p.included), None)
        shown = getattr(self, "_current_page", None)
        if ids and ids == (document_id, None) and first is not None \
                and (shown is None or shown.id not in {p.id for p in view.pages if p.included}):
            self._show_page(first)

    def _show_empty_hint(self, empty: bool) -> None:
        """A window with nothing in it says what to do, and shows no form with made-up values."""
        self.form.setVisible(not empty)
        if empty and not self.scanning:
            self.viewer.clear(self.tr("Put the letters in the scanner and press F5 to scan,\n"
                                      "or drop files here, or press Ctrl+O to import files."))
        elif empty:
            self.viewer.clear()

    def _letters_left_text(self) -> str:
        """Letters of this batch still to confirm, of all its letters: "3 of 6 letters left"."""
        letters = [d for d in self.panel.documents if any(p.included for p in d.pages)]
        left = sum(1 for d in letters if d.status in ("captured", "awaiting_confirmation"))
        if not letters:
            return ""
        text = self.tr("%1 of 1 letter left") if len(letters) == 1 else self.tr("%1 of %2 letters left")
        return text.replace("%1", str(left)).replace("%2", str(len(letters)))

    def _load_missing_thumbnails(self, documents) -> None:
        for doc in documents:
            for page in doc.pages:
                if not self.panel.has_thumbnail(page.id):
                    path = self.station.store.path_of(page.file_path)
                    self.panel._thumbnails[page.id] = QPixmap()  # asked for once
                    run_task(lambda p=path: load_thumbnail(p),
                             lambda image, pid=page.id: self.panel.set_thumbnail(pid, QPixmap.fromImage(image)),
                             lambda exc: None)

    def _document_selected(self, document_id: int) -> None:
        if self.closing:
            return
        try:
            doc = self.station.journal.document(document_id)
        except Exception:  # merged away in the meantime
            return
        view = self.panel.document(document_id)
        number = next((i for i, d in enumerate(self.panel.documents, 1) if d.id == document_id), document_id)
        if document_id != self.form.document_id:  # another page of the same letter keeps the form as it is
            self.form.load(doc, Suggestion.from_document(doc.suggestion),
                           title=self.tr("Letter %1").replace("%1", str(number)) +
                           (f" — {doc.journal_id}" if doc.journal_id else ""),
                           draft=Drafts(self.station.journal).get(document_id))
        self.store.setValue("last_document", document_id)
        self.store.setValue("last_batch", self.batch_id)
        if view and view.pages and (self.panel.current_ids() or (None, None))[1] is None:
            first = next((p for p in view.pages if p.included), view.pages[0])
            self._show_page(first)

    def _page_selected(self, _document_id: int, page_id: int) -> None:
        for doc in self.panel.documents:
            for page in doc.pages:
                if page.id == page_id:
                    self._show_page(page)

    def _show_page(self, page) -> None:
        ids = self.panel.current_ids()
        try:
            fields = self.station.journal.document(ids[0]).fields if ids else "{}"
        except Exception:
            fields = "{}"
        self.viewer.show_page(self.station.store.path_of(page.file_path), rotation=page.rotation,
                              dimmed=not page.included, highlights=page_highlights(page, fields))
        self._current_page = page

    def _zoom_to_field(self, _old, new) -> None:
        """Into the case number, CPR or received date field: the page shows where the reading
        found it (Kofax Validation's "zoom to field"), so the clerk checks it without looking for it."""
        if not isValid(self) or self.closing or new is None:
            return
        kinds = {self.form.case_number: ("case",), self.form.cpr: ("cpr",),
                 self.form.received.edit: ("date",)}.get(new)
        if kinds:
            self.viewer.show_found(kinds)

    def _step_page(self, step: int) -> None:
        ids = self.panel.current_ids()
        if ids is None:
            return
        pages = [(d.id, p.id) for d in self.panel.documents for p in d.pages]
        current = ids if ids[1] is not None else next(((d, p) for d, p in pages if d == ids[0]), None)
        if current in pages:
            index = max(0, min(len(pages) - 1, pages.index(current) + step))
            self.panel.select(*pages[index])

    def _step_document(self, step: int) -> None:
        ids = self.panel.current_ids()
        docs = [d.id for d in self.panel.documents]
        if not docs:
            return
        index = docs.index(ids[0]) + step if ids and ids[0] in docs else 0
        self.panel.select(docs[max(0, min(len(docs) - 1, index))])

    def _select_next_unconfirmed(self, after: int | None = None) -> bool:
        docs = self.panel.documents
        start = next((i + 1 for i, d in enumerate(docs) if d.id == after), 0) if after else 0
        for doc in docs[start:] + docs[:start]:
            if doc.status in ("awaiting_confirmation", "captured") and doc.id != after \
                    and not getattr(doc, "exception_reason", None):  # parked: out of the flow
                self.panel.select(doc.id)
                return True
        return False

    # --- confirming and exporting ---------------------------------------------------

    def _confirm(self, fields: dict) -> None:
        document_id = self.form.document_id
        if document_id is None:
            return
        view = self.panel.document(document_id)
        if view is not None and getattr(view, "exception_reason", None):
            self.statusBar().showMessage(self.tr("This letter is parked as an exception: take it back "
                                                 "(Ctrl+Shift+P) before confirming it."), 10000)
            return
        operator = self.settings.operator

        def work():
            station = self._worker_station()
            station.confirm(document_id, fields, operator)

        def failed(exc):
            self.correction.forget(document_id)
            self._undo = [u for u in self._undo if u != ("undo_confirmation", (document_id,))]
            self._show_error(exc)
            self.refresh()

        run_task(work, lambda _: self.refresh(), failed, serial=True)
        # The export waits in the correction window (serial after the confirmation, so Ctrl+Z
        # and the export always find the letter confirmed).
        self._hold_for_correction(document_id)
        self._undo.append(("undo_confirmation", (document_id,)))
        # Move on at once: the clerk does not wait for the journal or the export.
        self._mark_locally_confirmed(document_id)
        if not self._select_next_unconfirmed(after=document_id):
            self.progress_label.setText(self.tr("All letters in this batch are confirmed."))

    def _mark_locally_confirmed(self, document_id: int) -> None:
        from dataclasses import replace
        self.panel._documents = [replace(d, status="confirmed") if d.id == document_id else d
                                 for d in self.panel.documents]

    # --- the correction window and the export queue ----------------------------------

    def _hold_for_correction(self, document_id: int) -> None:
        for released in self.correction.hold(document_id, self.clock()):
            self._export_released(released)
        self._correction_tick()

    def _correction_tick(self) -> None:
        """Export what the correction window lets go; say how long the last letter can be taken back."""
        if self.closing:
            self._correction_timer.stop()
            return
        now = self.clock()
        for released in self.correction.due(now):
            self._export_released(released)
        held, left = self.correction.held(), self.correction.seconds_left(now)
        if held is None:
            self._correction_timer.stop()
            self.correction_label.setText("")
            return
        if not self._correction_timer.isActive():
            self._correction_timer.start()
        self.correction_label.setText(
            self.tr("Letter %1 goes to the archive in %2 s (Ctrl+Z takes it back)")
            .replace("%1", self._letter_number(held)).replace("%2", str(max(1, round(left)))))

    def _letter_number(self, document_id: int) -> str:
        """The letter's number in the batch as the list shows it (its journal id when not shown)."""
        number = next((i for i, d in enumerate(self.panel.documents, 1) if d.id == document_id), None)
        return str(number) if number is not None else f"#{document_id}"

    def _export_released(self, document_id: int) -> None:
        drop = self.settings.drop_folder
        if drop is not None:  # without one the letter stays confirmed and goes once one is set
            self._queue_export(document_id, drop)

    def export_waiting_letters(self, *, missing_folder_failures: bool = False) -> None:
        """Export every letter confirmed but not exported that nothing is doing yet: at start,
        when the drop folder is set, on Retry. `missing_folder_failures`: also those that
        failed only because the drop folder was not there (it is back)."""
        drop = self.settings.drop_folder
        if drop is None or self.closing:
            return
        waiting = self.station.journal.documents(status="confirmed")
        if missing_folder_failures:
            waiting += [d for d in self.station.journal.documents(status="failed")
                        if failed_for_missing_folder(d.failure)]
        for doc in waiting:
            if doc.id != self.correction.held() and doc.id not in self._exports_in_flight:
                self._queue_export(doc.id, drop)

    def _drop_folder_check(self) -> None:
        """Every half minute: is the drop folder there (a network share may take seconds: not
        on the GUI thread)? Then what waited for it goes."""
        drop = self.settings.drop_folder
        if drop is None or self.closing:
            return
        run_task(lambda: Path(drop).is_dir(),
                 lambda there: self.export_waiting_letters(missing_folder_failures=True) if there else None,
                 lambda exc: None)

    def _queue_export(self, document_id: int, drop: Path) -> None:
        self.exports_queued += 1
        self._exports_in_flight.add(document_id)
        self._update_status()

        def work():
            station = self._worker_station()
            if station.journal.document(document_id).status not in ("confirmed", "failed"):
                return None  # taken back or changed since it was queued: it waits for the clerk again
            return station.exporter(drop).export_document(document_id)

        def done(outcome):
            self.exports_queued -= 1
            self._exports_in_flight.discard(document_id)
            self.refresh()
            if outcome is not None:
                self.export_finished.emit(outcome)

        def failed(exc):
            self.exports_queued -= 1
            self._exports_in_flight.discard(document_id)
            self._show_error(exc)

        run_task(work, done, failed, serial=True)

    def retry_exports(self) -> None:
        drop = self.settings.drop_folder
        if drop is None:
            return
        for doc in self.station.journal.documents(status="failed"):
            if doc.id not in self._exports_in_flight:
                self._queue_export(doc.id, drop)
        self.export_waiting_letters()

    def _take_back_confirmation(self, document_id: int) -> None:
        """Ctrl+Z after Enter: the letter was not exported; it is back in the form as confirmed."""
        if self.correction.held() != document_id or self.correction.take_back(self.clock()) is None:
            self.statusBar().showMessage(
                self.tr("Letter %1 has gone to the archive already; to change it, re-open it as a correction "
                        "(Ctrl+Shift+C).").replace("%1", self._letter_number(document_id)), 10000)
            return
        self._correction_tick()
        operator = self.settings.operator

        def work():
            return self._worker_station().journal.undo_confirmation(document_id, operator)

        def done(_doc):
            self.refresh()
            if (self.panel.current_ids() or (None,))[0] == document_id:
                self._document_selected(document_id)
            else:
                self.panel.select(document_id)
            self.form.recipient.setFocus()
            self.statusBar().showMessage(self.tr("Confirmation taken back: letter %1 was not exported.")
                                         .replace("%1", self._letter_number(document_id)), 10000)

        run_task(work, done, self._show_error, serial=True)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Ctrl+Z in a form field with nothing of its own to undo is the window's undo (the
        confirmation just made): a line edit would otherwise take the key and do nothing."""
        if event.type() == QEvent.ShortcutOverride and self._undo and event.matches(QKeySequence.Undo):
            edit = watched.lineEdit() if isinstance(watched, QComboBox) else watched  # an editable combo forwards
            if isinstance(edit, QLineEdit) and not edit.isUndoAvailable() and watched.window() is self:
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    # --- exceptions and corrections ----------------------------------------------------

    def _build_letter_actions(self) -> None:
        self.park_action = QAction(self.tr("&Park as exception… (Ctrl+Shift+P)"), self)
        self.park_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.park_action.triggered.connect(self.park_letter)
        self.correct_action = QAction(self.tr("Re-open as &correction (Ctrl+Shift+C)"), self)
        self.correct_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.correct_action.triggered.connect(self.reopen_for_correction)
        for action in (self.park_action, self.correct_action):
            action.setShortcutContext(Qt.WindowShortcut)
            self.addAction(action)
            self.panel.addAction(action)

    def _current_letter(self):
        ids = self.panel.current_ids()
        return self.panel.document(ids[0]) if ids else None

    def park_letter(self) -> None:
        """Set the letter aside with a reason (or take a parked one back)."""
        doc = self._current_letter()
        if doc is None:
            return
        if getattr(doc, "exception_reason", None):
            self._take_back_letter(doc.id)
            return
        if doc.status not in ("captured", "awaiting_confirmation", "failed"):
            self.statusBar().showMessage(self.tr("Only a letter waiting for confirmation can be parked."), 10000)
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("park_dialog")
        dialog.setWindowTitle(self.tr("Park as exception"))
        dialog.setLabelText(self.tr("Why is letter %1 set aside? The supervisor sees the reason.")
                            .replace("%1", self._letter_number(doc.id)))
        dialog.setComboBoxItems([self.tr("Unreadable"), self.tr("Recipient unclear"),
                                 self.tr("Pages missing or mixed up"), self.tr("Not for us"),
                                 self.tr("Ask the supervisor")])
        dialog.setComboBoxEditable(True)
        dialog.setTextValue("")
        dialog.setOkButtonText(self.tr("&Park"))
        dialog.textValueSelected.connect(lambda reason, document_id=doc.id: self._park(document_id, reason))
        dialog.finished.connect(lambda _result: (self.activateWindow(), self.form.recipient.setFocus()))
        self.park_dialog = dialog
        dialog.open()

    def _park(self, document_id: int, reason: str) -> None:
        if not reason.strip():
            self.statusBar().showMessage(self.tr("Not parked: say why the letter is set aside."), 10000)
            return
        operator = self.settings.operator

        def done(_doc):
            self.refresh()
            self._select_next_unconfirmed(after=document_id)
            self.form.recipient.setFocus()
            self.statusBar().showMessage(self.tr("Letter %1 is parked as an exception: %2")
                                         .replace("%1", self._letter_number(document_id)).replace("%2", reason), 10000)

        run_task(lambda: self._worker_station().journal.park_document(document_id, reason, operator),
                 done, self._show_error, serial=True)

    def _take_back_letter(self, document_id: int) -> None:
        operator = self.settings.operator

        def done(_doc):
            self.refresh()
            self._document_selected(document_id)
            self.statusBar().showMessage(self.tr("Letter %1 is back among the letters to confirm.")
                                         .replace("%1", self._letter_number(document_id)), 10000)

        run_task(lambda: self._worker_station().journal.take_back_document(document_id, operator),
                 done, self._show_error, serial=True)

    def reopen_for_correction(self) -> None:
        """An exported letter back in the form: confirmed again, it goes to the archive as the next
        version under the same journal id, and replaces the one there."""
        doc = self._current_letter()
        if doc is None:
            return
        if doc.status != "exported":
            self.statusBar().showMessage(self.tr("Only an exported letter is re-opened; this one can be changed "
                                                 "and confirmed as it is."), 10000)
            return
        operator = self.settings.operator

        def done(reopened):
            self._undo.clear()
            self.refresh()
            self._document_selected(doc.id)
            self.form.recipient.setFocus()
            self.statusBar().showMessage(
                self.tr("Correcting %1: change it and press Enter; version %2 replaces the one in the archive.")
                .replace("%1", reopened.journal_id or self._letter_number(doc.id))
                .replace("%2", str(reopened.version)), 15000)

        run_task(lambda: self._worker_station().journal.reopen_for_correction(doc.id, operator),
                 done, self._show_error, serial=True)

    def _update_status(self) -> None:
        if self.closing:
            return
        self.left_label.setText(self._letters_left_text())
        failed = self.station.journal.documents(status="failed")
        waiting = len(self.station.journal.documents(status="confirmed"))
        if self.settings.drop_folder is None:
            self.queue_label.setText(self.tr("No drop folder is set: confirmed letters wait (Settings)."))
        else:
            self.queue_label.setText(self.tr("Export queue: %1").replace("%1", str(max(waiting, self.exports_queued))))
        if failed:
            self.failure_label.setText(count_text(len(failed), self.tr("1 export failed: %2"),
                                                  self.tr("%1 exports failed: %2"))
                                       .replace("%2", failure_text(failed[-1].failure)))
            self.failure_label.setToolTip("\n".join(
                f"{doc.journal_id or '#' + str(doc.id)}: {failure_text(doc.failure)}" for doc in failed))
        else:
            self.failure_label.setText("")
            self.failure_label.setToolTip("")
        self.retry_button.setVisible(bool(failed))

    def _save_draft(self, draft) -> None:
        """The clerk's typing in a letter, kept in the journal until the letter is confirmed."""
        from dataclasses import replace
        draft = replace(draft, operator=self.settings.operator)
        run_task(lambda: Drafts(self._worker_station().journal).save(draft), None, self._show_error, serial=True)

    def _discard_draft(self, document_id: int) -> None:
        run_task(lambda: Drafts(self._worker_station().journal).discard(document_id), None, self._show_error,
                 serial=True)

    def _audit_cpr_reveal(self, document_id: int, cpr: str) -> None:
        """Who showed which letter's CPR number (the stored one, or a draft's), and when; the
        number itself only as a keyed hash."""
        from scanstation.audit import cpr_reveal_detail

        operator = self.settings.operator

        def record() -> None:
            journal = self._worker_station().journal
            journal.record_event(operator, "cpr_revealed", f"document:{document_id}",
                                 cpr_reveal_detail(journal.conn, cpr))

        run_task(record, serial=True)

    # --- the clerk's corrections ---------------------------------------------------

    def _edit(self, operation: str, *args, undo: tuple | None = None) -> None:
        operator = self.settings.operator

        def work():
            editor = DocumentEditor(self._worker_station().journal, operator)
            return getattr(editor, operation)(*args)

        def done(_result):
            if undo is not None:
                self._undo.append(undo)
            self.refresh()

        run_task(work, done, self._show_error, serial=True)

    def _current_page_view(self):
        ids = self.panel.current_ids()
        if ids is None or ids[1] is None:
            return None, None
        doc = self.panel.document(ids[0])
        page = next((p for p in doc.pages if p.id == ids[1]), None) if doc else None
        return doc, page

    def split_here(self) -> None:
        doc, page = self._current_page_view()
        if page is not None:
            self._edit("split_document", doc.id, page.position, undo=("merge_with_next", (doc.id,)))

    def merge_with_next(self) -> None:
        ids = self.panel.current_ids()
        doc = self.panel.document(ids[0]) if ids else None
        if doc is not None:
            self._edit("merge_with_next", doc.id, undo=("split_document", (doc.id, len(doc.pages) + 1)))

    def rotate_page(self, degrees: int) -> None:
        _doc, page = self._current_page_view()
        if page is not None:
            self._edit("rotate_page", page.id, degrees, undo=("rotate_page", (page.id, -degrees)))

    def delete_page(self) -> None:
        _doc, page = self._current_page_view()
        if page is not None and page.included:
            self._edit("exclude_page", page.id, "deleted", undo=("include_page", (page.id,)))

    def restore_page(self) -> None:
        _doc, page = self._current_page_view()
        if page is not None and not page.included:
            self._edit("include_page", page.id, undo=("exclude_page", (page.id, page.excluded_reason or "deleted")))

    def move_page(self, step: int) -> None:
        doc, page = self._current_page_view()
        if page is not None:
            self._edit("move_page", page.id, doc.id, page.position + step,
                       undo=("move_page", (page.id, doc.id, page.position)))

    def rescan_page(self) -> None:
        """Scan one sheet (put it on the flatbed or in the feeder) to replace the page shown."""
        _doc, page = self._current_page_view()
        if page is None or self.scanning:
            return
        device = self.device_box.currentData() or "demo"
        settings = self.scan_settings()
        operator = self.settings.operator

        def work():
            station = self._worker_station()
            intake = station.intake()
            intake.operator = operator
            return intake.rescan_page(backend_for(device, site_key=self.settings.site_key), device, settings, page.id)

        def done(new_page_id):
            self._undo.clear()  # a rescan is not undone by Ctrl+Z: both pages stay in the journal
            self.refresh()
            self.panel.select(_doc.id, new_page_id)

        run_task(work, done, self._show_error, serial=True)

    def undo(self) -> None:
        if self._undo:
            operation, args = self._undo.pop()
            if operation == "undo_confirmation":
                self._take_back_confirmation(*args)
            else:
                self._edit(operation, *args)

    # --- errors, settings, layout -------------------------------------------------

    def _show_error(self, exc: BaseException) -> None:
        log.warning("operation failed: %s", exc)
        self.statusBar().showMessage(str(exc), 10000)

    def _open_settings(self) -> None:
        try:
            from .settings_dialog import SettingsDialog
        except ImportError:
            return
        dialog = SettingsDialog(self.settings, self.station.journal, self)
        dialog.settings_saved.connect(lambda _path: self._settings_saved(dialog.changes()))
        self.settings_dialog = dialog
        dialog.open()

    def _settings_saved(self, changed: dict) -> None:
        """The files as saved, under what the command line gave (--drop), unless the clerk has
        just set that setting in the window: then theirs counts from now on."""
        settings = load_settings(self.config_file, machine_file=self.settings.machine_file,
                                 user_file=self.settings.user_file)
        for attribute in list(self.command_line):
            key = next((k for k, (name, _) in KEYS.items() if name == attribute), None)
            if key in changed:
                del self.command_line[attribute]
            else:
                settings = replace(settings, **{attribute: self.command_line[attribute]})
        self.apply_settings(settings)

    def open_supervisor(self) -> None:
        """The supervisor's counts and search: one window, opened anew when the settings changed."""
        from .supervisor_window import SupervisorWindow

        if self.supervisor_window is None or self.supervisor_window.settings != self.settings:
            if self.supervisor_window is not None:
                self.supervisor_window.close()
            recipients = [(r.id, r.name) for r in self.station.journal.recipients(active_only=False)]
            self.supervisor_window = SupervisorWindow(self.station.journal.path, self.settings, recipients, self)
            self.supervisor_window.document_requested.connect(self.show_document)
        self.supervisor_window.show()
        self.supervisor_window.raise_()
        self.supervisor_window.activateWindow()

    def show_document(self, document_id: int) -> None:
        """Show a letter found by the supervisor's search, loading its batch if another is shown."""
        try:
            batch_id = self.station.journal.document(document_id).batch_id
        except Exception:  # gone from the journal since the search
            return
        if batch_id != self.batch_id:
            if self.scanning:  # the viewer follows the scan until it ends
                self.statusBar().showMessage(self.tr("Scanning: the letter can be shown when the scan has ended."),
                                             10000)
                return
            self.batch_id = batch_id
            self.refresh()
        self.panel.select(document_id)
        self.raise_()
        self.activateWindow()

    def apply_settings(self, settings) -> None:
        """New settings from the dialog: the next scan, confirmation and export use them."""
        drop_before = self.settings.drop_folder
        self.settings = settings
        self.station.settings = settings
        self.setWindowTitle(self.tr("ScanStation — %1").replace("%1", settings.station_id))
        self.form.set_recipients([(r.id, r.name) for r in self.station.journal.recipients()])
        self.form.set_confidence_thresholds(settings.auto_confirm_threshold, settings.prefill_threshold)
        self._load_profiles()
        self.correction.seconds = float(settings.correction_seconds)
        if self.correction.seconds <= 0:
            for released in self.correction.release_all():
                self._export_released(released)
        self._correction_tick()
        if settings.drop_folder != drop_before:
            self.export_waiting_letters(missing_folder_failures=True)
        self._update_status()

    def _restore_layout(self) -> None:
        geometry = self.store.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1300, 850)
        state = self.store.value("window_state")
        if state is not None:
            self.restoreState(state)
        splitter = self.store.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def _reopen_last_batch(self) -> None:
        """After a restart (or a crash) the clerk is back where they were."""
        last_batch = self.store.value("last_batch")
        batches = self.station.journal.batches()
        known = {b.id for b in batches}
        try:
            last_batch = int(last_batch) if last_batch is not None else None
        except (TypeError, ValueError):
            last_batch = None
        self.batch_id = last_batch if last_batch in known else (batches[-1].id if batches else None)
        self.refresh()
        try:
            last_document = int(self.store.value("last_document"))
        except (TypeError, ValueError):
            last_document = None
        last = self.panel.document(last_document) if last_document is not None else None
        if last is not None and last.status in ("awaiting_confirmation", "captured"):
            self.panel.select(last.id)  # the letter the clerk was on still waits for them
        elif not self._select_next_unconfirmed(after=last.id if last is not None else None) and last is not None:
            self.panel.select(last.id)  # every letter is done: show the last one looked at

    def closeEvent(self, event) -> None:  # noqa: N802
        self.form.flush_draft()  # the typing of the letter shown is in the journal before the window goes
        serial_pool().waitForDone(10000)
        self.store.setValue("geometry", self.saveGeometry())
        self.store.setValue("window_state", self.saveState())
        self.store.setValue("splitter", self.splitter.saveState())
        if self.cancel is not None:
            self.cancel.cancel()
        self.closing = True
        self._refresh_timer.stop()
        self._correction_timer.stop()  # a held letter stays confirmed: exported at the next start
        self._drop_folder_watch.stop()
        self.page_workers.close()
        self.window_keys.remove()
        super().closeEvent(event)
