"""The settings window: what a clerk or an administrator may change on this station.

Every field maps to one key of the TOML settings (config.KEYS). A key the machine-wide
file locks is shown read-only with a lock, and is never written. OK writes the changed
keys into the user file (config.save_user_settings) and the recipient directory into the
journal, the latter on the serial worker (ui.tasks.run_task) like every journal write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QPushButton, QSpinBox,
    QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)
from shiboken6 import isValid

from .. import paths
from ..capture import offered_resolutions
from ..capture.base import USUAL_RESOLUTIONS, device_kind
from ..config import PROFILES_KEY, Settings, check_value, save_user_settings, toml_value
from ..journal import Recipient
from ..profiles import (
    BUILTIN_PROFILES, SEPARATIONS, ScanProfile, find_profile, format_separation, load_profiles,
    parse_separation,
)
from ..recipients import ID_RE, DirectoryError, read_directory
from .tasks import run_task

LOCK_MARK = "\U0001F512"  # a padlock; the tooltip says the same in words
KNOWN_DEVICES = ("demo", "files")


@dataclass
class _Field:
    key: str
    label: str  # as the user sees it, without the mnemonic '&'
    widget: QWidget  # what gets focus when the value is wrong
    get: Callable[[], object]  # the value as written to TOML (None = unset)
    set: Callable[[object], None]
    tab: int


class SettingsDialog(QDialog):
    settings_saved = Signal(Path)

    def __init__(self, settings: Settings, journal=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ScanStation settings"))
        self.settings = settings
        self.journal = journal
        self.user_file = settings.user_file or paths.user_config_file()
        self.machine_file = settings.machine_file or paths.machine_config_file()
        self._fields: dict[str, _Field] = {}
        self._current_tab = 0
        self._saving = False  # the journal write is on its way: the window waits for it

        self.tabs = QTabWidget()
        self._add_tab(self._station_tab, self.tr("S&tation"))
        self._add_tab(self._archive_tab, self.tr("&Archive and export"))
        self._add_tab(self._ocr_tab, self.tr("&OCR"))
        self._add_tab(self._recipients_tab, self.tr("&Recipients"))
        self._add_tab(self._profiles_tab, self.tr("Scan &profiles"))
        self._add_tab(self._separation_tab, self.tr("S&eparation"))

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)

        self._initial = self.values()
        self._initial_recipients = self.recipient_rows() if journal is not None else []

    # --- building the tabs -------------------------------------------------------

    def _add_tab(self, build: Callable[[], QWidget], title: str) -> None:
        self._current_tab = self.tabs.count()
        self.tabs.addTab(build(), title)

    def _is_locked(self, key: str) -> bool:
        return key in self.settings.locked

    def _lock_marker(self) -> QLabel:
        marker = QLabel(LOCK_MARK)
        marker.setToolTip(self.tr("Set by your IT department"))
        marker.setAccessibleName(self.tr("Locked"))
        return marker

    def _mark(self, key: str, widgets: list[QWidget]) -> list[QWidget]:
        """Disable a locked key's widgets; say where an unlocked value comes from."""
        if self._is_locked(key):
            for w in widgets:
                w.setEnabled(False)
                w.setToolTip(self.tr("Set by your IT department"))
            return [self._lock_marker()]
        source = self.settings.sources.get(key)
        if source:
            for w in widgets:
                w.setToolTip(self.tr("Currently set in {file}").format(file=source))
        return []

    def _row(self, form: QFormLayout, key: str, label: str | None, widget: QWidget,
             get: Callable[[], object], set_: Callable[[object], None], extra: list[QWidget] = ()) -> None:
        """One setting: label (with mnemonic) + widget (+ extra buttons) + lock marker."""
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget, 1)
        for w in extra:
            box.addWidget(w)
        for marker in self._mark(key, [widget, *extra]):
            box.addWidget(marker)
        if label is None:  # a check box carries its own text
            form.addRow(row)
            shown = widget.text()
        else:
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, row)
            shown = label
        self._fields[key] = _Field(key, shown.replace("&", ""), widget, get, set_, self._current_tab)
        set_(toml_value(self.settings, key))

    def _line(self, form, key, label, *, upper=False, empty_is_none=False, extra=()) -> QLineEdit:
        edit = QLineEdit()

        def get():
            text = edit.text().strip()
            if empty_is_none and not text:
                return None
            return text.upper() if upper else text

        self._row(form, key, label, edit, get, lambda v: edit.setText("" if v is None else str(v)), extra)
        return edit

    def _check(self, form, key, text) -> QCheckBox:
        box = QCheckBox(text)
        self._row(form, key, None, box, box.isChecked, lambda v: box.setChecked(bool(v)))
        return box

    def _spin(self, form, key, label, low, high, suffix="") -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        self._row(form, key, label, spin, spin.value, lambda v: spin.setValue(int(v)))
        return spin

    def _choice(self, form, key, label, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for value, text in choices:
            combo.addItem(text, value)

        def set_(value):
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))

        self._row(form, key, label, combo, combo.currentData, set_)
        return combo

    def _device_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        devices = dict.fromkeys([*KNOWN_DEVICES, self.settings.default_device,
                                 *(p.device for p in load_profiles(self.settings))])
        combo.addItems(list(devices))
        return combo

    def _station_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.station_id_edit = self._line(form, "station.id", self.tr("Station &ID:"), upper=True)
        self.station_id_edit.setPlaceholderText(self.tr("e.g. KOEGE1"))
        operator = QLabel(self.settings.operator)
        operator.setToolTip(self.tr("The name you logged in with; it is written on every document you confirm."))
        form.addRow(self.tr("Operator:"), operator)
        self.device_combo = self._device_combo()
        self._row(form, "station.default_device", self.tr("Default &scanner:"), self.device_combo,
                  lambda: self.device_combo.currentText().strip(), self.device_combo.setCurrentText)
        # Language names are written in their own language, so anyone can find theirs.
        self.language_combo = self._choice(form, "ui.language", self.tr("&Language:"), [
            ("auto", self.tr("Same as the computer")), ("da", "Dansk"), ("en", "English")])
        note = QLabel(self.tr("A new language is used the next time ScanStation starts."))
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _archive_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.drop_folder_edit = self._line(form, "archive.drop_folder", self.tr("&Drop folder:"),
                                           empty_is_none=True, extra=[self.browse_button])
        self.drop_folder_edit.setPlaceholderText(self.tr("The folder the archive system collects PDFs from"))
        self.browse_button.clicked.connect(self._browse_drop_folder)
        self.include_cpr_check = self._check(form, "export.include_cpr",
                                             self.tr("Include the &CPR number in the metadata file"))
        self.jpeg_spin = self._spin(form, "export.jpeg_quality", self.tr("&JPEG quality:"), 20, 100)
        self.drop_blank_check = self._check(form, "export.drop_blank_pages",
                                            self.tr("Leave blank pa&ges out of the PDF"))
        self.correction_spin = self._spin(form, "export.correction_seconds", self.tr("Time to &undo a confirmation:"),
                                          0, 300, self.tr(" s"))
        self.correction_spin.setSpecialValueText(self.tr("none: export at once"))
        self.correction_spin.setToolTip(self.tr("A confirmed letter waits this long (or until the next letter is "
                                                "confirmed) before it goes to the archive; Ctrl+Z takes it back."))
        return page

    def _ocr_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.ocr_edit = self._line(form, "ocr.languages", self.tr("Text recognition &languages:"))
        help_text = QLabel(self.tr("Tesseract language codes joined by +, e.g. dan+eng"))
        help_text.setWordWrap(True)
        form.addRow(help_text)
        return page

    def _separation_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.strategy_combo = QComboBox()
        for kind in SEPARATIONS:
            self.strategy_combo.addItem(self._separation_text(kind), kind)
        self.strategy_pages = QSpinBox()
        self.strategy_pages.setRange(1, 10000)
        self.strategy_pages.setSuffix(self.tr(" pages"))
        self.strategy_pages.setAccessibleName(self.tr("Pages per document"))
        self._row(form, "separation.strategy", self.tr("&New document at:"), self.strategy_combo,
                  lambda: self._separation_value(self.strategy_combo, self.strategy_pages),
                  lambda v: self._set_separation(self.strategy_combo, self.strategy_pages, v),
                  extra=[self.strategy_pages])
        self.strategy_combo.currentIndexChanged.connect(
            lambda: self._enable_pages(self.strategy_combo, self.strategy_pages, "separation.strategy"))
        self._enable_pages(self.strategy_combo, self.strategy_pages, "separation.strategy")
        self.barcode_edit = self._line(form, "separation.separator_barcode", self.tr("Separator &barcode:"))
        self.keep_cover_check = self._check(form, "separation.keep_cover_sheets",
                                            self.tr("&Keep cover sheets as the first page"))
        self.max_pages_spin = self._spin(form, "separation.max_document_pages",
                                         self.tr("&Most pages in one document:"), 1, 10000)
        return page

    # --- separation helpers (shared by the Separation tab and the profile editor) --

    def _separation_text(self, kind: str) -> str:
        return {
            "separators": self.tr("Separator sheets, cover sheets and patch codes"),
            "blank_page": self.tr("A blank sheet"),
            "fixed_pages": self.tr("Every fixed number of pages"),
            "per_scan": self.tr("Each scan (one document per scan)"),
        }[kind]

    @staticmethod
    def _separation_value(combo: QComboBox, pages: QSpinBox) -> str:
        return format_separation(combo.currentData(), pages.value())

    @staticmethod
    def _set_separation(combo: QComboBox, pages: QSpinBox, value: object) -> None:
        kind, count = parse_separation(value)
        combo.setCurrentIndex(max(combo.findData(kind), 0))
        pages.setValue(count or 1)

    def _enable_pages(self, combo: QComboBox, pages: QSpinBox, key: str) -> None:
        pages.setEnabled(combo.currentData() == "fixed_pages" and not self._is_locked(key))

    # --- recipients -------------------------------------------------------------

    def _recipients_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(self.tr("The teams and mailboxes post is sent to. Keywords (separated by ;) "
                               "help ScanStation suggest the right recipient."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.recipient_table = QTableWidget(0, 3)
        self.recipient_table.setHorizontalHeaderLabels([self.tr("ID"), self.tr("Name"), self.tr("Keywords")])
        self.recipient_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.recipient_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recipient_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        layout.addWidget(self.recipient_table)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("&Import CSV…"))
        self.add_recipient_button = QPushButton(self.tr("A&dd"))
        self.remove_recipient_button = QPushButton(self.tr("Re&move"))
        for button in (self.import_button, self.add_recipient_button, self.remove_recipient_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.import_button.clicked.connect(self._choose_recipient_file)
        self.add_recipient_button.clicked.connect(self._add_recipient_row)
        self.remove_recipient_button.clicked.connect(self._remove_recipient_rows)
        if self.journal is None:
            page.setEnabled(False)
            page.setToolTip(self.tr("No journal is open"))
        else:
            self._show_recipients(self.journal.recipients())
        return page

    def _show_recipients(self, recipients: list[Recipient]) -> None:
        self.recipient_table.setRowCount(0)
        for r in recipients:
            self._add_recipient_row(r.id, r.name, r.keywords)

    def _add_recipient_row(self, rid: str = "", name: str = "", keywords: str = "") -> None:
        row = self.recipient_table.rowCount()
        self.recipient_table.insertRow(row)
        for column, text in enumerate((rid, name, keywords)):
            self.recipient_table.setItem(row, column, QTableWidgetItem(text if isinstance(text, str) else ""))
        if not rid:  # a new empty row: start typing its ID
            self.recipient_table.setCurrentCell(row, 0)
            self.recipient_table.editItem(self.recipient_table.item(row, 0))

    def _remove_recipient_rows(self) -> None:
        rows = sorted({i.row() for i in self.recipient_table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.recipient_table.removeRow(row)

    def _choose_recipient_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import recipients"), "",
                                              self.tr("CSV files (*.csv);;All files (*)"))
        if path:
            self.import_recipients(Path(path))

    def import_recipients(self, path: Path) -> bool:
        """Replace the table with the CSV's rows (id,name,keywords); saved when OK is pressed.

        The file is a few kilobytes, so it is read here rather than on a worker."""
        try:
            recipients = read_directory(path)
        except DirectoryError as exc:
            self._show_errors([self.tr("Recipients: {problem}").format(problem=exc)], tab=self.tabs.currentIndex())
            return False
        self._show_recipients(recipients)
        self._show_errors([])
        return True

    def recipient_rows(self) -> list[Recipient]:
        rows = []
        for row in range(self.recipient_table.rowCount()):
            cells = [self.recipient_table.item(row, c) for c in range(3)]
            rid, name, keywords = ((c.text() if c else "").strip() for c in cells)
            if not (rid or name or keywords):
                continue  # an empty row someone added and left
            keywords = ";".join(k.strip() for k in keywords.split(";") if k.strip())
            rows.append(Recipient(rid.lower(), name, keywords, 1))
        return rows

    def _recipient_errors(self, rows: list[Recipient]) -> list[str]:
        errors, seen = [], set()
        for number, r in enumerate(rows, start=1):
            if not ID_RE.match(r.id):
                errors.append(self.tr("Recipients, row {row}: the ID {id!r} must be lower-case letters, "
                                      "digits, '-', '_' or '.'").format(row=number, id=r.id))
            elif r.id in seen:
                errors.append(self.tr("Recipients, row {row}: the ID {id!r} appears twice").format(row=number, id=r.id))
            seen.add(r.id)
            if not r.name or len(r.name) > 200:
                errors.append(self.tr("Recipients, row {row}: the name is missing or too long").format(row=number))
        return errors

    # --- scan profiles ----------------------------------------------------------

    def _profiles_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self._profiles = load_profiles(self.settings)
        user_file = str(self.user_file)
        # Profiles written to the user file: those it already holds and those edited here.
        self._own_profiles = {p.name for p in self.settings.profiles
                              if self.settings.sources.get(f"{PROFILES_KEY}.{p.name}") == user_file}
        self._profiles_changed = False
        profiles_locked = self._is_locked(PROFILES_KEY)

        top = QFormLayout()
        self.default_profile_combo = QComboBox()
        self._row(top, "station.default_profile", self.tr("&Default profile:"), self.default_profile_combo,
                  self.default_profile_combo.currentText, self.default_profile_combo.setCurrentText)
        layout.addLayout(top)

        body = QHBoxLayout()
        self.profile_list = QListWidget()
        self.profile_list.setAccessibleName(self.tr("Scan profiles"))
        body.addWidget(self.profile_list, 1)

        self.profile_editor = QGroupBox(self.tr("Profile"))
        form = QFormLayout(self.profile_editor)
        self.profile_name = QLineEdit()
        self.profile_device = self._device_combo()
        self.profile_source = QComboBox()
        for value, text in (("adf", self.tr("Document feeder, one side")), ("duplex", self.tr("Document feeder, both sides")),
                            ("flatbed", self.tr("Flatbed glass"))):
            self.profile_source.addItem(text, value)
        # Only the resolutions the chosen scanner offers (asked off the GUI thread); a profile
        # asking for another is questioned (resolution_note), never silently kept.
        self.profile_dpi = QComboBox()
        self.profile_dpi.setAccessibleName(self.tr("Resolution"))
        self.resolution_note = QLabel()
        self.resolution_note.setWordWrap(True)
        self.resolution_note.setStyleSheet("color: #b00020;")
        self.resolution_note.hide()
        self._offered: tuple[int, ...] = USUAL_RESOLUTIONS
        self._offered_known = False
        self.profile_dpi.currentIndexChanged.connect(self._check_resolution)
        self.profile_device.currentTextChanged.connect(self._device_chosen)
        self.profile_mode = QComboBox()
        for value, text in (("gray", self.tr("Grey")), ("color", self.tr("Colour")), ("lineart", self.tr("Black and white"))):
            self.profile_mode.addItem(text, value)
        self.profile_separation = QComboBox()
        for kind in SEPARATIONS:
            self.profile_separation.addItem(self._separation_text(kind), kind)
        self.profile_pages = QSpinBox()
        self.profile_pages.setRange(1, 10000)
        self.profile_pages.setSuffix(self.tr(" pages"))
        self.profile_pages.setAccessibleName(self.tr("Pages per document"))
        separation_row = QWidget()
        sep_box = QHBoxLayout(separation_row)
        sep_box.setContentsMargins(0, 0, 0, 0)
        sep_box.addWidget(self.profile_separation, 1)
        sep_box.addWidget(self.profile_pages)
        for text, widget, buddy in (
            (self.tr("Na&me:"), self.profile_name, None), (self.tr("&Scanner:"), self.profile_device, None),
            (self.tr("Paper &feed:"), self.profile_source, None), (self.tr("Reso&lution:"), self.profile_dpi, None),
            (self.tr("&Colour mode:"), self.profile_mode, None),
            (self.tr("&New document at:"), separation_row, self.profile_separation),
        ):
            caption = QLabel(text)
            caption.setBuddy(buddy or widget)
            form.addRow(caption, widget)
            if widget is self.profile_dpi:
                form.addRow("", self.resolution_note)
        self.profile_separation.currentIndexChanged.connect(
            lambda: self._enable_pages(self.profile_separation, self.profile_pages, PROFILES_KEY))
        buttons = QHBoxLayout()
        self.apply_profile_button = QPushButton(self.tr("Appl&y to profile"))
        self.new_profile_button = QPushButton(self.tr("Ne&w profile"))
        self.remove_profile_button = QPushButton(self.tr("Remo&ve profile"))
        for button in (self.apply_profile_button, self.new_profile_button, self.remove_profile_button):
            buttons.addWidget(button)
        form.addRow(buttons)
        body.addWidget(self.profile_editor, 2)
        layout.addLayout(body)

        if profiles_locked:
            self.profile_editor.setEnabled(False)
            self.profile_editor.setToolTip(self.tr("Set by your IT department"))
            self.profile_editor.setTitle(self.tr("Profile") + " " + LOCK_MARK)

        self.profile_list.currentRowChanged.connect(self._show_profile)
        self.apply_profile_button.clicked.connect(self.apply_profile_edits)
        self.new_profile_button.clicked.connect(self._new_profile)
        self.remove_profile_button.clicked.connect(self._remove_profile)
        self._refresh_profiles(self.settings.default_profile)
        self._fields["station.default_profile"].set(self.settings.default_profile)
        return page

    def _refresh_profiles(self, select: str | None) -> None:
        default = self.default_profile_combo.currentText() or self.settings.default_profile
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for p in self._profiles:
            self.profile_list.addItem(self._profile_summary(p))
        self.profile_list.blockSignals(False)
        # Each profile's summary whole ("flatbed (gla" was all Danish showed), a scroll bar's room spare;
        # at most 420 pixels, so that a long name cannot push the dialog off a small screen.
        listed = self.profile_list
        listed.setMinimumWidth(min(420, listed.sizeHintForColumn(0) + 2 * listed.frameWidth()
                                   + listed.verticalScrollBar().sizeHint().width() + 8))
        self.default_profile_combo.clear()
        self.default_profile_combo.addItems([p.name for p in self._profiles])
        self.default_profile_combo.setCurrentText(default if find_profile(self._profiles, default) else self._profiles[0].name)
        names = [p.name for p in self._profiles]
        self.profile_list.setCurrentRow(names.index(select) if select in names else 0)
        self._show_profile(self.profile_list.currentRow())

    def _profile_summary(self, p: ScanProfile) -> str:
        source = {"adf": self.tr("feeder"), "duplex": self.tr("feeder, both sides"), "flatbed": self.tr("flatbed")}
        mode = {"gray": self.tr("grey"), "color": self.tr("colour"), "lineart": self.tr("black and white")}
        return self.tr("{name} ({source}, {mode}, {dpi} dpi)").format(
            name=p.name, source=source.get(p.source, p.source), mode=mode.get(p.mode, p.mode), dpi=p.dpi)

    def _selected_profile(self) -> ScanProfile | None:
        row = self.profile_list.currentRow()
        return self._profiles[row] if 0 <= row < len(self._profiles) else None

    def _show_profile(self, row: int) -> None:
        if not 0 <= row < len(self._profiles):
            return
        p = self._profiles[row]
        self.profile_name.setText(p.name)
        self.profile_device.blockSignals(True)
        self.profile_device.setCurrentText(p.device)
        self.profile_device.blockSignals(False)
        self.profile_source.setCurrentIndex(max(self.profile_source.findData(p.source), 0))
        self._offer_resolutions(p.dpi)
        self._device_chosen(p.device)  # what this scanner offers (a SANE or TWAIN one answers later)
        self.profile_mode.setCurrentIndex(max(self.profile_mode.findData(p.mode), 0))
        self._set_separation(self.profile_separation, self.profile_pages, p.separation)
        self._enable_pages(self.profile_separation, self.profile_pages, PROFILES_KEY)
        builtin = find_profile(list(BUILTIN_PROFILES), p.name)
        self.remove_profile_button.setEnabled(p.name in self._own_profiles and p != builtin)

    def _edited_profile(self) -> ScanProfile:
        return ScanProfile(
            name=self.profile_name.text().strip(), device=self.profile_device.currentText().strip(),
            source=self.profile_source.currentData(), dpi=self._chosen_resolution(),
            mode=self.profile_mode.currentData(),
            separation=self._separation_value(self.profile_separation, self.profile_pages))

    # --- resolutions the scanner offers ------------------------------------------------

    def _device_chosen(self, device: str) -> None:
        device = device.strip()
        if not device:
            return
        if device_kind(device) in ("demo", "files"):  # no hardware to ask: at once
            self._resolutions_known(device, offered_resolutions(device))
            return
        self._resolutions_known(device, None)  # the usual ones until the scanner answers
        run_task(lambda: offered_resolutions(device), lambda found: self._resolutions_known(device, found))

    def _resolutions_known(self, device: str, offered: tuple[int, ...] | None) -> None:
        if not isValid(self) or device != self.profile_device.currentText().strip():
            return  # the dialog is gone, or another scanner was chosen meanwhile
        self._offered_known = offered is not None
        self._offered = tuple(offered) if offered else USUAL_RESOLUTIONS
        self._offer_resolutions(self.profile_dpi.currentData())

    def _offer_resolutions(self, wanted: int | None) -> None:
        """The scanner's resolutions; one it does not offer that the profile asks for stays
        visible (marked) so the question is seen, and is not what the profile silently keeps."""
        wanted = wanted or min(self._offered, key=lambda dpi: abs(dpi - 300))
        self.profile_dpi.blockSignals(True)
        self.profile_dpi.clear()
        for dpi in self._offered:
            self.profile_dpi.addItem(self.tr("%1 dpi").replace("%1", str(dpi)), dpi)
        if wanted not in self._offered:
            self.profile_dpi.addItem(self.tr("%1 dpi (not offered)").replace("%1", str(wanted)), wanted)
        self.profile_dpi.setCurrentIndex(self.profile_dpi.findData(wanted))
        self.profile_dpi.blockSignals(False)
        self._check_resolution()

    def _resolution_problem(self) -> str:
        dpi = self.profile_dpi.currentData()
        if dpi is None or dpi in self._offered:
            return ""
        listed = ", ".join(str(d) for d in self._offered)
        if self._offered_known:
            return self.tr("The scanner “{device}” does not offer {dpi} dpi: choose one of {listed} dpi.").format(
                device=self.profile_device.currentText().strip(), dpi=dpi, listed=listed)
        return self.tr("{dpi} dpi is not a usual resolution and the scanner could not be asked: "
                       "check that it scans at {dpi} dpi, or choose one of {listed} dpi.").format(dpi=dpi, listed=listed)

    def _check_resolution(self) -> None:
        problem = self._resolution_problem()
        self.resolution_note.setText(problem)
        self.resolution_note.setVisible(bool(problem))

    def _chosen_resolution(self) -> int:
        """The chosen resolution; ValueError when the scanner is known not to offer it."""
        if self._offered_known and self._resolution_problem():
            raise ValueError(self._resolution_problem())
        return int(self.profile_dpi.currentData() or 300)

    def _profile_edit_pending(self) -> bool:
        selected = self._selected_profile()
        try:
            return selected is not None and self._edited_profile() != selected
        except ValueError:
            return True

    def apply_profile_edits(self) -> bool:
        """Put the editor's values into the selected profile (a new one if renamed)."""
        if self._is_locked(PROFILES_KEY):
            return True
        selected = self._selected_profile()
        try:
            edited = self._edited_profile()
        except ValueError as exc:
            self._show_errors([self.tr("Scan profile: {problem}").format(problem=exc)],
                              tab=self.tabs.indexOf(self.profile_editor.parentWidget()), focus=self.profile_name)
            return False
        renamed = selected is None or edited.name != selected.name
        if renamed and find_profile(self._profiles, edited.name):
            self._show_errors([self.tr("Scan profile: the name {name!r} is already used").format(name=edited.name)],
                              tab=self.tabs.indexOf(self.profile_editor.parentWidget()), focus=self.profile_name)
            return False
        if selected is not None and edited == selected:
            return True
        names = [p.name for p in self._profiles]
        if renamed and selected is not None and selected.name in self._own_profiles \
                and not find_profile(list(BUILTIN_PROFILES), selected.name):
            self._own_profiles.discard(selected.name)  # a rename of the user's own profile
            self._profiles[names.index(selected.name)] = edited
        elif renamed:
            self._profiles.append(edited)  # built-in and IT profiles stay; this is a new one
        else:
            self._profiles[names.index(edited.name)] = edited
        self._own_profiles.add(edited.name)
        self._profiles_changed = True
        self._refresh_profiles(edited.name)
        self._show_errors([])
        return True

    def _new_profile(self) -> None:
        base = self._selected_profile() or BUILTIN_PROFILES[0]
        number = 1
        while find_profile(self._profiles, self.tr("New profile {n}").format(n=number)):
            number += 1
        name = self.tr("New profile {n}").format(n=number)
        self._profiles.append(ScanProfile(name, base.device, base.source, base.dpi, base.mode, base.separation))
        self._own_profiles.add(name)
        self._profiles_changed = True
        self._refresh_profiles(name)
        self.profile_name.setFocus()
        self.profile_name.selectAll()

    def _remove_profile(self) -> None:
        selected = self._selected_profile()
        if selected is None or selected.name not in self._own_profiles:
            return
        self._own_profiles.discard(selected.name)
        builtin = find_profile(list(BUILTIN_PROFILES), selected.name)
        index = self._profiles.index(selected)
        if builtin:
            self._profiles[index] = builtin  # removing the user's version brings the built-in back
        else:
            del self._profiles[index]
        self._profiles_changed = True
        self._refresh_profiles(builtin.name if builtin else None)

    # --- values, checking and saving ----------------------------------------------

    def values(self) -> dict[str, object]:
        """Every key as the window shows it, as it would be written (None = unset),
        plus "profiles": every profile in the list."""
        shown = {key: f.get() for key, f in self._fields.items()}
        shown[PROFILES_KEY] = list(self._profiles)
        return shown

    def changes(self) -> dict[str, object]:
        """What OK writes: changed keys that are not locked."""
        now = self.values()
        changed = {k: v for k, v in now.items()
                   if k != PROFILES_KEY and v != self._initial[k] and not self._is_locked(k)}
        if self._profiles_changed and not self._is_locked(PROFILES_KEY):
            own = [p for p in self._profiles if p.name in self._own_profiles]
            changed[PROFILES_KEY] = own or None
        return changed

    def recipients_changed(self) -> bool:
        return self.journal is not None and self.recipient_rows() != self._initial_recipients

    def _field_problem(self, key: str, exc: Exception) -> str:
        messages = {
            "station.id": self.tr("use 1–16 letters A–Z and digits, e.g. KOEGE1"),
            "station.default_device": self.tr("choose or type a scanner"),
            "ocr.languages": self.tr("type at least one language code, e.g. dan"),
            "separation.separator_barcode": self.tr("type the barcode's text, 1–64 characters"),
        }
        return messages.get(key, str(exc))

    def _validate(self) -> list[tuple[str, int, QWidget | None]]:
        errors: list[tuple[str, int, QWidget | None]] = []
        for key, value in self.values().items():
            if key == PROFILES_KEY or self._is_locked(key) or value is None:
                continue
            try:
                check_value(key, value)
            except ValueError as exc:
                f = self._fields[key]
                errors.append((self.tr("{field} {problem}").format(field=f.label, problem=self._field_problem(key, exc)),
                               f.tab, f.widget))
        if self.journal is not None:
            tab = self.tabs.indexOf(self.recipient_table.parentWidget())
            errors.extend((message, tab, self.recipient_table) for message in self._recipient_errors(self.recipient_rows()))
        return errors

    def _show_errors(self, messages: list[str], tab: int | None = None, focus: QWidget | None = None) -> None:
        self.error_label.setText("\n".join(messages))
        self.error_label.setVisible(bool(messages))
        if messages and tab is not None and tab >= 0:
            self.tabs.setCurrentIndex(tab)
        if messages and focus is not None:
            focus.setFocus()

    def accept(self) -> None:
        if self._profile_edit_pending() and not self.apply_profile_edits():
            return
        errors = self._validate()
        if errors:
            self._show_errors([message for message, _, _ in errors], tab=errors[0][1], focus=errors[0][2])
            return
        changes = self.changes()
        if changes:
            try:
                save_user_settings(changes, self.user_file, machine_file=self.machine_file)
            except (ValueError, OSError) as exc:
                self._show_errors([self.tr("The settings could not be saved: {problem}").format(problem=exc)])
                return
        if self.recipients_changed():
            self._saving = True
            self.button_box.setEnabled(False)
            snapshot, actor, journal = self.recipient_rows(), self.settings.operator, self.journal
            run_task(lambda: journal.replace_recipients(snapshot, actor),
                     lambda _result: self._saved(), self._recipients_failed, serial=True)
            return
        if changes:
            self._saved()
        else:
            super().accept()

    def reject(self) -> None:
        if not self._saving:  # Escape while the journal is written would lose the answer
            super().reject()

    def _saved(self) -> None:
        self._saving = False
        self.button_box.setEnabled(True)
        self.settings_saved.emit(Path(self.user_file))
        super().accept()

    def _recipients_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.button_box.setEnabled(True)
        self._show_errors([self.tr("The recipients could not be saved: {problem}").format(problem=exc)],
                          tab=self.tabs.indexOf(self.recipient_table.parentWidget()))

    def _browse_drop_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the drop folder"), self.drop_folder_edit.text())
        if folder:
            self.drop_folder_edit.setText(folder)
