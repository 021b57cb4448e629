"""A clerk's whole day at the operator window, played on the keyboard (tests/test_ui_clerk_day.py
and bench/clerk_day_bench.py play it; no pytest in here, only Qt).

The real MainWindow on a real Station scans the built-in demo stack (cover sheets, separator
sheets, letters of one to three pages). The clerk presses keys on whatever has focus (or on
the completion list while it is open, as a real keyboard does), and reads only what a clerk
sees: the letter's pages (which sheet of the stack they are), the form's fields, the fault
banner. What the clerk meant each letter to carry is kept in a ledger, keyed by the sheet of
the letter's first page (not by the window's ids), and the drop folder's sidecars are checked
against it at the end of the day.

The day (`DayPlan.for_letters`): Enter on letters whose suggestion is right; ten cover-sheet
letters re-routed by typing part of a team's name; the printed case number typed on ten
letters; five received dates typed as clerks type them; a look at other pages and letters
between typing and confirming on five letters; one letter split; a paper jam while the
clerk types; a restart of the program half-way, with typing left on two letters.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from scanstation.capture.demo import DemoBackend
from scanstation.capture.demo_letters import DemoLetter
from scanstation.station import Station
from scanstation.ui.main_window import MainWindow
from scanstation.ui.tasks import wait_for_all

from .signing import signed_settings

OPEN = ("captured", "awaiting_confirmation")
# The received dates of the day, as clerks type them, and the day each one means.
DATE_FORMS = ("2026-12-02", "2.12.2026", "02122026", "2/12", "i går")


def meant_date(text: str, today: date) -> date:
    """The day a clerk means by one of DATE_FORMS (worked out here, not by the product's parser)."""
    if text == "i går":
        return today - timedelta(days=1)
    if text == "2/12":  # the latest 2 December that is not to come
        return date(today.year if date(today.year, 12, 2) <= today else today.year - 1, 12, 2)
    return date(2026, 12, 2)


class DayFailed(AssertionError):
    """The window did not do what the clerk expected."""


def wait_until(predicate: Callable[[], object], timeout: float, what: str,
               state: Callable[[], str] = lambda: "") -> None:
    """Let the window work (its event loop runs) until `predicate` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise DayFailed(f"waited {timeout:.0f} s for {what}; {state()}")
        QTest.qWait(5)


class Keyboard:
    """The clerk's keyboard: a key goes where focus is, or to the completion list while it is open."""

    def __init__(self) -> None:
        self.count = 0

    @staticmethod
    def target():
        widget = QApplication.activePopupWidget() or QApplication.focusWidget()
        if widget is None:
            raise DayFailed("no widget has the keyboard focus")
        return widget

    def press(self, key, modifier=Qt.NoModifier) -> None:
        self.count += 1
        QTest.keyClick(self.target(), key, modifier)

    def type(self, text: str) -> None:
        for char in text:
            self.count += 1
            QTest.keyClicks(self.target(), char)


@dataclass(frozen=True)
class DayPlan:
    """What the clerk will do, by letter (index in the demo stack)."""

    letters: int
    reroute: dict[int, str]  # cover-sheet letters the clerk sends to another team than the sheet names
    case_numbers: tuple[int, ...]  # letters whose printed case number the clerk types
    dates: dict[int, str]  # letter -> received date as typed
    look_around: tuple[int, ...]  # letters where the clerk looks at other pages and letters before Enter
    split: int | None  # a letter of three pages split before its second page
    jam_after: int  # the scanner jams after this many sheets (the first letter is being typed)
    restart_after: int  # confirmed letters before the program is closed and opened again

    @classmethod
    def for_letters(cls, stack: list[DemoLetter]) -> "DayPlan":
        n = len(stack)
        teams = sorted({letter.team for letter in stack} | {"borgerservice", "jobcenter"})
        covers = [i for i in range(n) if i % 3 == 1]  # DemoBackend puts a cover sheet before these
        reroute = {i: teams[(teams.index(stack[i].team) + 1) % len(teams)] for i in covers[::2][:10]}
        bare = [i for i in range(1, n - 1) if i % 3 != 1]
        with_case = [i for i in bare if stack[i].case_number]
        case_numbers = tuple(with_case[:10])
        spread = max(1, len(bare) // (len(DATE_FORMS) + 1))
        dates = {bare[(k + 1) * spread - 1]: text for k, text in enumerate(DATE_FORMS) if (k + 1) * spread <= len(bare)}
        look_around = tuple(case_numbers[::2][:5])
        split = next((i for i in bare if stack[i].page_count >= 3 and i not in dates and i not in case_numbers), None)
        return cls(n, reroute, case_numbers, dates, look_around, split, jam_after=min(8, len(DemoBackend(stack).sheets) - 1),
                   restart_after=n // 2)


@dataclass
class Intent:
    """What the clerk means one letter (or one part of a split letter) to carry."""

    first_sheet: int
    letter: int  # index in the demo stack
    part: int  # 1, or 2 for the part split off
    recipient: str
    case_number: str | None
    received: date
    document_type: str | None
    prefilled: str | None  # the recipient the form showed when the clerk first saw the letter
    typed: list[str] = field(default_factory=list)  # what the clerk typed: "recipient", "case_number", ...
    keys: int = 0
    wait_s: float = 0.0  # waiting for the letter to be in the form and read
    confirmed: bool = False

    @property
    def suggested_right(self) -> bool:
        return self.prefilled == self.recipient


@dataclass
class DayResult:
    ledger: dict[int, Intent]
    keys: int
    wall_s: float
    restart_s: float
    jam_keys_typed_while_banner: int
    confirm_to_next_s: list[float]  # Enter to the next letter in the form, ready to type into
    first_letter_s: float
    restart_wait_s: float = 0.0  # waiting for the scanner to finish before closing the program


_SHEET = re.compile(r"sheet (\d+)")


def sheet_of(origin: str) -> int:
    found = _SHEET.search(origin or "")
    if not found:
        raise DayFailed(f"a page of unknown origin: {origin!r}")
    return int(found[1])


class StationWindows:
    """Opens the operator window on one data folder, as the program does at each start."""

    def __init__(self, root: Path, *, dpi: int = 200, **settings) -> None:
        self.root = root
        self.drop = root / "drop"
        self.drop.mkdir(parents=True, exist_ok=True)
        self.dpi = dpi
        self.settings = signed_settings(station_id="KOEGE1", operator="anna", drop_folder=self.drop, **settings)
        self.station: Station | None = None
        self.window: MainWindow | None = None

    def open(self) -> MainWindow:
        self.station = Station.open(self.root / "data", self.settings)
        self.window = window = MainWindow(self.station, settings_store=QSettings(str(self.root / "ui.ini"), QSettings.IniFormat))
        wait_until(lambda: window.dpi_box.findData(self.dpi) >= 0, 10, f"the scanner to offer {self.dpi} dpi")
        window.dpi_box.setCurrentIndex(window.dpi_box.findData(self.dpi))
        window.show()
        window.activateWindow()
        wait_until(lambda: QApplication.activeWindow() is window, 5, "the window to be active")
        return window

    def close(self, window: MainWindow | None = None) -> None:
        """Close the window (the clerk quits the program) and its station; again: nothing."""
        window = window or self.window
        if window is not None:
            window.close()
            wait_for_all()
        self.window = None
        if self.station is not None:
            self.station.close()
            self.station = None


class ClerkDay:
    """Plays `plan` on windows from `windows`; `ledger` is what the clerk meant, per letter."""

    def __init__(self, windows: StationWindows, plan: DayPlan, *, today: Callable[[], date] = date.today,
                 timeout: float = 600.0) -> None:
        self.windows = windows
        self.plan = plan
        self.backend = DemoBackend(plan.letters)
        self.stack = self.backend.letters
        self.today = today
        self.timeout = timeout
        self.keys = Keyboard()
        self.ledger: dict[int, Intent] = {}
        self.window: MainWindow | None = None
        self.confirm_to_next: list[float] = []
        self.restart_s = self.restart_wait_s = 0.0
        self.banner_keys = 0
        self._jammed = False
        self._restarted = False
        self._split_done = False

    # --- what the clerk sees -------------------------------------------------------

    def letter_pages(self, document_id: int):
        view = self.window.panel.document(document_id)
        return [p for p in view.pages if p.included] if view else []

    def first_sheet(self, document_id: int) -> int | None:
        pages = self.letter_pages(document_id)
        return sheet_of(pages[0].origin) if pages else None

    def team_name(self, team: str) -> str:
        combo = self.window.form.recipient
        index = combo.findData(team)
        if index < 0:
            raise DayFailed(f"{team!r} is not in the recipient list")
        return combo.itemText(index)

    def open_letters(self):
        return [d for d in self.window.panel.documents if d.status in OPEN and self.letter_pages(d.id)]

    def letter_is_whole(self, document_id: int) -> bool:
        """The clerk can see the letter is whole: the next one has begun, or the scanner has stopped."""
        ids = [d.id for d in self.window.panel.documents]
        later = document_id in ids and ids.index(document_id) < len(ids) - 1
        return later or (not self.window.scanning and not self.window.fault_banner.pending)

    def confirmed_by_clerk(self, document_id: int) -> bool:
        intent = self.ledger.get(self.first_sheet(document_id))
        return intent is not None and intent.confirmed

    def state(self) -> str:
        """What the window shows, for a failure's message."""
        window, form = self.window, self.window.form
        doc = form.document_id
        view = window.panel.document(doc) if doc is not None else None
        focus = QApplication.focusWidget()
        return (f"form on document {doc} ({view.status if view else 'not listed'}, first sheet "
                f"{self.first_sheet(doc) if view else None}, confirmed by the clerk: "
                f"{self.confirmed_by_clerk(doc) if view else None}), enabled {form.isEnabled()}, focus "
                f"{type(focus).__name__ if focus else None} in form {bool(focus and form.isAncestorOf(focus))}, "
                f"scanning {window.scanning}, banner {window.fault_banner.pending}, error {form.error.text()!r}, "
                f"status bar {window.statusBar().currentMessage()!r}, letters "
                f"{[(d.id, d.status, [(sheet_of(p.origin), p.included) for p in d.pages]) for d in window.panel.documents]}")

    def form_ready(self) -> bool:
        """A letter to confirm is in the form, and the keys go to the form."""
        form, focus = self.window.form, QApplication.focusWidget()
        doc_id = form.document_id
        view = self.window.panel.document(doc_id) if doc_id is not None else None
        return (view is not None and view.status in OPEN and form.isEnabled() and focus is not None
                and form.isAncestorOf(focus) and bool(self.letter_pages(doc_id))
                and not self.confirmed_by_clerk(doc_id))

    # --- the day -------------------------------------------------------------------

    def play(self) -> DayResult:
        started = time.perf_counter()
        os.environ["SCANSTATION_DEMO_LETTERS"] = str(self.plan.letters)
        os.environ["SCANSTATION_DEMO_JAM_AFTER"] = str(self.plan.jam_after)
        self.window = self.windows.open()
        self.keys.press(Qt.Key_F5)  # the stack is in the feeder
        scan_started = time.perf_counter()
        self.wait_for_letter()
        first_letter_s = time.perf_counter() - scan_started
        while True:
            waited = self.wait_for_letter()
            if waited is None:
                break
            self.work_on_letter(waited)
        self.end_of_day()
        return DayResult(self.ledger, self.keys.count, time.perf_counter() - started, self.restart_s,
                         self.banner_keys, self.confirm_to_next, first_letter_s, self.restart_wait_s)

    def wait_for_letter(self) -> float | None:
        """Seconds waited until the letter in the form is whole and read, focus in the form;
        None when every letter of the day is confirmed."""
        start = time.perf_counter()

        def ready_or_done() -> bool:
            if self.form_ready() and self.letter_is_whole(self.window.form.document_id):
                return True
            return not self.window.scanning and not self.window.fault_banner.pending and not [
                d for d in self.open_letters() if not self.confirmed_by_clerk(d.id)]

        wait_until(ready_or_done, self.timeout, "the next letter", self.state)
        if not self.form_ready():
            return None
        return time.perf_counter() - start

    def intent_for(self, document_id: int) -> Intent:
        sheet = self.first_sheet(document_id)
        if sheet in self.ledger:
            return self.ledger[sheet]
        index, page = self.backend.sheets[sheet - 1]
        letter, form = self.stack[index], self.window.form
        shown_case = form.case_number.text().strip() or None
        shown_type = form.document_type.currentText().strip() or None
        if page > 1:  # the part split off: the letter's team, nothing else typed
            intent = Intent(sheet, index, 2, letter.team, shown_case, form.received.date(), shown_type,
                            form.recipient_id())
        else:
            typed_date = self.plan.dates.get(index)
            intent = Intent(
                sheet, index, 1, self.plan.reroute.get(index, letter.team),
                letter.case_number if index in self.plan.case_numbers else shown_case,
                meant_date(typed_date, self.today()) if typed_date else form.received.date(),
                shown_type, form.recipient_id())
        self.ledger[sheet] = intent
        return intent

    def work_on_letter(self, waited: float) -> None:
        form = self.window.form
        document_id = form.document_id
        intent = self.intent_for(document_id)
        intent.wait_s += waited
        keys_before = self.keys.count
        if not self._jammed:
            self._jammed = True
            self.type_recipient_through_a_jam(intent)
        if self.plan.split == intent.letter and intent.part == 1 and not self._split_done:
            self._split_done = True
            self.split_before_second_page(document_id)
            intent.keys += self.keys.count - keys_before
            return  # the letter in the form is one of the two parts now: each is worked on in turn
        self.bring_form_to(intent)
        if intent.letter in self.plan.look_around and intent.part == 1:
            self.look_around(document_id, intent)
        if not self._restarted and self.confirmed_count() >= self.plan.restart_after:
            self._restarted = True
            waiting = time.perf_counter()
            wait_until(lambda: not self.window.scanning, self.timeout, "the scanner to finish before the restart")
            self.restart_wait_s = time.perf_counter() - waiting
            intent.wait_s += self.restart_wait_s
            intent.keys += self.keys.count - keys_before
            self.restart_with_typing_left(document_id)
            return
        self.confirm(intent)
        intent.keys += self.keys.count - keys_before

    def confirmed_count(self) -> int:
        return sum(1 for i in self.ledger.values() if i.confirmed)

    # --- typing ----------------------------------------------------------------------

    def focus_field(self, mnemonic, widget) -> None:
        self.keys.press(mnemonic, Qt.AltModifier)
        if QApplication.focusWidget() not in (widget, getattr(widget, "lineEdit", lambda: None)()):
            raise DayFailed(f"Alt+{chr(mnemonic)} did not go to the field")

    def choose_recipient(self, team: str, *, pause: Callable[[], None] | None = None) -> None:
        """Alt+R, part of the team's name, the completion accepted (Down, Enter)."""
        form = self.window.form
        self.focus_field(Qt.Key_R, form.recipient)
        self.keys.press(Qt.Key_A, Qt.ControlModifier)
        part = self.team_name(team).casefold()[:4]
        self.keys.type(part[:2])
        if pause is not None:
            pause()
        self.keys.type(part[2:])
        popup = form.recipient.completer().popup()
        wait_until(popup.isVisible, 5, f"the completion list for {part!r}")
        self.keys.press(Qt.Key_Down)
        self.keys.press(Qt.Key_Return)
        if popup.isVisible() or form.recipient.currentText() != self.team_name(team):
            raise DayFailed(f"typing {part!r} and accepting the completion gave {form.recipient.currentText()!r}")

    def bring_form_to(self, intent: Intent) -> None:
        """Type what differs from what the clerk means (nothing, for a letter suggested right)."""
        form = self.window.form
        if form.recipient_id() != intent.recipient:
            self.choose_recipient(intent.recipient)
            intent.typed.append("recipient")
        if (form.case_number.text().strip() or None) != intent.case_number:
            self.focus_field(Qt.Key_S, form.case_number)
            self.keys.press(Qt.Key_A, Qt.ControlModifier)
            self.keys.type(intent.case_number or "")
            if not intent.case_number:
                self.keys.press(Qt.Key_Delete)
            intent.typed.append("case_number")
        typed_date = self.plan.dates.get(intent.letter) if intent.part == 1 else None
        if typed_date and form.received.date() != intent.received:
            self.focus_field(Qt.Key_V, form.received.edit)
            self.keys.press(Qt.Key_A, Qt.ControlModifier)
            self.keys.type(typed_date)
            if form.received.date() != intent.received:
                raise DayFailed(f"{typed_date!r} was read as {form.received.date()}, meant {intent.received}")
            self.keys.press(Qt.Key_Tab)  # on to the next field: the date is written out in full
            intent.typed.append("received")

    def confirm(self, intent: Intent) -> None:
        form = self.window.form
        letter = form.document_id
        self.keys.press(Qt.Key_Return)
        if form.document_id == letter and form.error.text():
            if QApplication.focusWidget() is not form.received.edit:  # the form asks about the date there
                raise DayFailed(f"letter {intent.first_sheet}: {form.error.text()}")
            self.keys.press(Qt.Key_Return)  # the date is what the stamp says: confirmed deliberately
        pressed = time.perf_counter()
        wait_until(lambda: form.document_id != letter or not [
            d for d in self.open_letters_besides(letter) if not self.confirmed_by_clerk(d.id)], 10, "the form to move on")
        intent.confirmed = True
        if form.document_id != letter:
            wait_until(self.form_ready, 10, "the next letter in the form", self.state)
            self.confirm_to_next.append(time.perf_counter() - pressed)

    def open_letters_besides(self, document_id: int):
        return [d for d in self.open_letters() if d.id != document_id]

    # --- the day's events -------------------------------------------------------------

    def type_recipient_through_a_jam(self, intent: Intent) -> None:
        """The scanner jams while the clerk types the first letter's recipient: the keys typed
        while the banner shows go into the form; the clerk then clears the jam and presses F5."""
        banner = self.window.fault_banner

        def the_jam_comes() -> None:
            wait_until(lambda: banner.pending, self.timeout, "the paper jam")
            before = self.keys.count
            self.keys.press(Qt.Key_Space)  # keys a dialog would have taken as an answer
            self.keys.press(Qt.Key_Backspace)
            self.banner_keys = self.keys.count - before + 2  # and the rest of the name, Down, Enter below
            if not banner.pending or self.window.scanning:
                raise DayFailed("a key typed in the form answered the fault banner")

        self.choose_recipient(intent.recipient, pause=the_jam_comes)
        if not banner.pending or self.window.scanning:
            raise DayFailed("accepting a completion answered the fault banner")
        if "recipient" not in intent.typed:
            intent.typed.append("recipient")
        os.environ["SCANSTATION_DEMO_JAM_AFTER"] = ""  # the clerk clears the jam
        wait_until(banner.armed, 5, "the banner to take answers")
        self.keys.press(Qt.Key_F5)  # Continue
        wait_until(lambda: not banner.pending, 5, "the banner to go")
        wait_until(lambda: self.window.scanning or self.window.form.document_id is not None, 5, "the scan to go on")

    def split_before_second_page(self, document_id: int) -> None:
        """PageDown to the letter's second page, Ctrl+K."""
        second = self.letter_pages(document_id)[1]
        for _ in range(4):
            ids = self.window.panel.current_ids()
            if ids and ids[1] == second.id:
                break
            self.keys.press(Qt.Key_PageDown)
        else:
            raise DayFailed("PageDown did not reach the letter's second page")
        self.keys.press(Qt.Key_K, Qt.ControlModifier)
        wait_until(lambda: self.first_sheet(document_id) is not None and any(
            self.first_sheet(d.id) == sheet_of(second.origin) for d in self.window.panel.documents),
            10, "the split")
        wait_until(self.form_ready, 10, "the form after the split")

    def look_around(self, document_id: int, intent: Intent) -> None:
        """Between typing and Enter: the next pages, the next letters, and back."""
        form = self.window.form
        self.focus_field(Qt.Key_S, form.case_number)
        for key, modifier in ((Qt.Key_PageDown, Qt.NoModifier), (Qt.Key_PageDown, Qt.NoModifier),
                              (Qt.Key_PageUp, Qt.NoModifier), (Qt.Key_Down, Qt.ControlModifier),
                              (Qt.Key_Down, Qt.ControlModifier)):
            self.keys.press(key, modifier)
            QTest.qWait(20)
        if form.document_id == document_id:
            raise DayFailed("Ctrl+Down did not show another letter")
        ids = [d.id for d in self.window.panel.documents]
        for _ in range(6):  # back to the letter, a letter at a time
            if form.document_id == document_id:
                break
            up = ids.index(form.document_id) > ids.index(document_id)
            self.keys.press(Qt.Key_Up if up else Qt.Key_Down, Qt.ControlModifier)
            QTest.qWait(20)
        wait_until(lambda: form.document_id == document_id and self.form_ready(), 10, "the letter again")
        self.check_form_shows(intent, "after looking at other pages and letters")

    def check_form_shows(self, intent: Intent, when: str) -> None:
        form = self.window.form
        shown = (form.recipient_id(), form.case_number.text().strip() or None)
        if shown != (intent.recipient, intent.case_number):
            raise DayFailed(f"letter {intent.first_sheet} {when}: the form shows {shown}, "
                            f"the clerk typed {(intent.recipient, intent.case_number)}")
        if intent.letter in self.plan.dates and intent.part == 1 and form.received.date() != intent.received:
            raise DayFailed(f"letter {intent.first_sheet} {when}: received {form.received.date()}, "
                            f"typed {intent.received}")

    def restart_with_typing_left(self, document_id: int) -> None:
        """The clerk has typed into this letter; types into the next one too, and the program is
        closed and started again: both letters still carry what was typed."""
        first = self.ledger[self.first_sheet(document_id)]
        at_start = self.keys.count
        if not first.typed:  # something to keep: the clerk types the team
            self.choose_recipient(first.recipient)
            first.typed.append("recipient")
        self.keys.press(Qt.Key_Down, Qt.ControlModifier)
        wait_until(lambda: self.window.form.document_id != document_id and self.form_ready(), 10, "the next letter")
        following = self.window.form.document_id
        second = self.intent_for(following)
        before = self.keys.count
        self.bring_form_to(second)
        if not second.typed:
            self.choose_recipient(second.recipient)
            second.typed.append("recipient")
        self.focus_field(Qt.Key_R, self.window.form.recipient)
        second_keys = self.keys.count - before
        second.keys += second_keys
        started = time.perf_counter()
        self.windows.close(self.window)
        self.window = self.windows.open()
        self.restart_s = time.perf_counter() - started
        wait_until(self.form_ready, 10, "the letter in the form after the restart")
        if self.window.form.document_id != following:
            raise DayFailed("after the restart the window shows another letter than the one left")
        self.check_form_shows(second, "after the restart")
        self.keys.press(Qt.Key_Up, Qt.ControlModifier)
        wait_until(lambda: self.window.form.document_id == document_id and self.form_ready(), 10, "the letter before")
        self.check_form_shows(first, "after the restart")
        self.confirm(first)
        first.keys += self.keys.count - at_start - second_keys

    def end_of_day(self) -> None:
        """Every letter confirmed: they go to the archive once the correction window lets the
        last one go; then the program is closed."""
        if not self._restarted or (self.plan.split is not None and not self._split_done):
            raise DayFailed("the day ended before the restart or the split it was to have")
        journal = self.window.station.journal
        wait_until(lambda: not journal.documents(status="confirmed") and self.window.exports_queued == 0,
                   self.window.settings.correction_seconds + 60, "the last letters to be exported")
        self.windows.close(self.window)


# --- the drop folder against the ledger ------------------------------------------------

def check_drop_folder(drop: Path, ledger: dict[int, Intent], backend: DemoBackend) -> list[str]:
    """Every problem found (empty: each letter exported once, with what the clerk meant)."""
    problems = []
    seen: dict[int, str] = {}
    pages_in: dict[int, list[str]] = {}
    for path in sorted(drop.glob("*.json")):
        sidecar = json.loads(path.read_text(encoding="utf-8"))
        if not (drop / sidecar["pdf"]["file"]).is_file():
            problems.append(f"{path.name}: its PDF is missing")
        sheets = [p["sheet"] for p in sidecar["pages"]]
        for sheet in sheets:
            pages_in.setdefault(sheet, []).append(path.name)
        first = sheets[0]
        if first in seen:
            problems.append(f"{path.name}: the letter starting at sheet {first} was exported twice ({seen[first]})")
        seen[first] = path.name
        intent = ledger.get(first)
        if intent is None:
            problems.append(f"{path.name}: a letter starting at sheet {first} the clerk never confirmed")
            continue
        got = {"recipient": sidecar["recipient"]["id"], "case_number": sidecar["case_number"],
               "received_date": sidecar["received_date"], "document_type": sidecar["document_type"],
               "note": sidecar["note"], "version": sidecar["version"]}
        meant = {"recipient": intent.recipient, "case_number": intent.case_number,
                 "received_date": intent.received.isoformat(), "document_type": intent.document_type,
                 "note": None, "version": 1}
        if got != meant:
            problems.append(f"{path.name} (sheet {first}): " + ", ".join(
                f"{k} is {got[k]!r}, the clerk meant {meant[k]!r}" for k in meant if got[k] != meant[k]))
    for sheet in ledger:
        if sheet not in seen:
            problems.append(f"the letter starting at sheet {sheet} was confirmed but never exported")
    for number, (index, page) in enumerate(backend.sheets, start=1):
        where = pages_in.get(number, [])
        if page >= 1 and len(where) != 1:
            problems.append(f"sheet {number} (letter {index + 1}, page {page}) is in {len(where)} PDFs: {where}")
        if page == 0 and where:
            problems.append(f"sheet {number} (the sheet before letter {index + 1}) is in a PDF: {where}")
    return problems
