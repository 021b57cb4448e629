"""Render the windows a clerk and a supervisor see, in Danish and English, at two screen sizes,
into docs/screenshots/ (to look at before a release: nothing cut off, nothing overlapping, no
English in the Danish window), and the README's picture docs/screenshot.png.

    python scripts/screenshot.py [--out docs/screenshots] [--readme docs/screenshot.png]
                                 [--languages da en] [--sizes 1280x720 1600x1000] [--jobs 2]

One process per language and screen size, each on an offscreen screen of that size (less 40
pixels for the task bar: what a maximised window gets), running the real window on the demo
scanner in a throw-away data folder. Each writes, as <state>-<language>-<size>.png:

- main-empty       the window as a new clerk first meets it;
- main-batch       mid-batch: a letter read, its fields highlighted on the page;
- main-weak-guess  a letter whose suggestion is below the auto-confirm threshold (amber);
- settings         the Settings dialog at its own size;
- main-fault       the fault banner after a paper jam;
- supervisor       the Supervisor window on a journal with two weeks of letters.

A window larger than the screen is reported, and the run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASK_BAR = 40  # what a maximised window leaves of the screen's height
STATES = ("main-empty", "main-batch", "main-weak-guess", "settings", "main-fault", "supervisor")


def parse_size(text: str) -> tuple[int, int]:
    width, height = text.lower().split("x")
    return int(width), int(height)


# --- the parent: one child per language and size ------------------------------------------------


def render_all(out: Path, languages: list[str], sizes: list[str], jobs: int) -> list[str]:
    """Runs the children; returns their complaints (a window too big, a shot missing)."""
    out.mkdir(parents=True, exist_ok=True)

    def one(language: str, size: str) -> list[str]:
        width, height = parse_size(size)
        with tempfile.TemporaryDirectory(prefix="scanstation-shot-") as work:
            screen = Path(work) / "screen.json"
            screen.write_text(json.dumps({"windowFrameMargins": False, "screens": [{
                "name": "shot", "x": 0, "y": 0, "width": width, "height": height - TASK_BAR,
                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                   "SCANSTATION_DEMO_LETTERS": "6", "SCANSTATION_DEMO_DELAY": "0"}
            env.pop("SCANSTATION_DEMO_JAM_AFTER", None)
            started = time.monotonic()
            try:
                run = subprocess.run([sys.executable, __file__, "--child", language, size, "--out", str(out),
                                      "--work", work], env=env, capture_output=True, text=True, timeout=600)
            except subprocess.TimeoutExpired:
                return [f"PROBLEM {language} {size}: no screenshots after 10 minutes"]
            complaints = [line for line in run.stdout.splitlines() if line.startswith("PROBLEM")]
            if run.returncode != 0:
                complaints.append(f"PROBLEM {language} {size}: exit {run.returncode}\n{run.stderr[-3000:]}")
            print(f"{language} {size}: {time.monotonic() - started:.0f} s", flush=True)
            return complaints

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(lambda pair: one(*pair), [(lang, size) for lang in languages for size in sizes])
        complaints = [c for result in results for c in result]
    for language in languages:
        for size in sizes:
            for state in STATES:
                if not (out / f"{state}-{language}-{size}.png").exists():
                    complaints.append(f"PROBLEM {state}-{language}-{size}.png was not rendered")
    return complaints


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--readme", type=Path, default=ROOT / "docs" / "screenshot.png",
                        help="where the README's picture (English, mid-batch, the larger size) goes")
    parser.add_argument("--languages", nargs="+", default=["da", "en"], choices=["da", "en"])
    parser.add_argument("--sizes", nargs="+", default=["1280x720", "1600x1000"])
    parser.add_argument("--jobs", type=int, default=2, help="children at a time")
    parser.add_argument("--child", nargs=2, metavar=("LANGUAGE", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return render_child(args.child[0], args.child[1], args.out, args.work)
    started = time.monotonic()
    complaints = render_all(args.out, args.languages, args.sizes, args.jobs)
    readme_shot = args.out / f"main-batch-en-{args.sizes[-1]}.png"
    if args.readme and readme_shot.exists():
        shutil.copyfile(readme_shot, args.readme)
        print(f"wrote {args.readme}")
    total = sum(p.stat().st_size for p in args.out.glob("*.png"))
    print(f"{len(list(args.out.glob('*.png')))} screenshots in {args.out}, {total / 1e6:.1f} MB, "
          f"{time.monotonic() - started:.0f} s")
    for complaint in complaints:
        print(complaint, file=sys.stderr)
    return 1 if complaints else 0


# --- a child: every state in one language at one screen size ----------------------------------


def render_child(language: str, size: str, out: Path, work: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from scanstation.config import Settings
    from scanstation.site_key import new_site_key
    from scanstation.station import Station
    from scanstation.ui.i18n import install_translators
    from scanstation.ui.main_window import MainWindow
    from scanstation.ui.tasks import wait_for_all

    app = QApplication(sys.argv[:1])
    app.setApplicationName("ScanStation")
    if language != "en" and not any("scanstation_" in t.filePath() for t in install_translators(app, language)):
        print(f"PROBLEM {language}: no compiled translation (resources/i18n/scanstation_{language}.qm); "
              "`make setup` builds it", flush=True)
        return 1
    screen = app.primaryScreen().availableGeometry()
    shots = Shots(app, out, language, size, screen)

    def open_window(name: str) -> tuple[MainWindow, Station]:
        (work / name / "drop").mkdir(parents=True)
        # A site key, as IT or the app's first start sets one: the demo's sheets are signed with it.
        settings = Settings(station_id="KOEGE1", operator="anna", drop_folder=work / name / "drop",
                            supervisors=("anna",), ui_language=language, site_key=new_site_key())
        station = Station.open(work / name / "data", settings)
        window = MainWindow(station, settings_store=QSettings(str(work / name / "ui.ini"), QSettings.IniFormat))
        window.resize(screen.width(), screen.height())
        window.show()
        window.activateWindow()
        return window, station

    # The window a new clerk meets.
    window, station = open_window("empty")
    shots.settle(800)
    shots.take("main-empty", window)
    window.close()
    wait_for_all()
    station.close()

    window, station = open_window("batch")
    finished = []
    window.scan_finished.connect(finished.append)
    shots.settle(200)
    window.scan_action.trigger()
    shots.wait_until(lambda: finished, 180, "the demo scan to finish")

    # Mid-batch: a letter read by OCR, with its fields marked on the page.
    documents = window.panel.documents
    letter = documents[min(2, len(documents) - 1)]  # the demo's third letter: a date and a CPR number
    shots.show_letter(window, letter)
    shots.take("main-batch", window)

    # A weak guess: keywords found a team at 62 %, below the auto-confirm threshold.
    weak = next(d for d in reversed(window.panel.documents) if d.id != letter.id and "cover" not in d.started_by)
    teams = [r.id for r in station.journal.recipients()]
    guess, runner_up = ("teknik-miljoe", "byggeri") if {"teknik-miljoe", "byggeri"} <= set(teams) else teams[:2]
    station.journal.record_suggestion(weak.id, {"recipient": {
        "value": guess, "confidence": 0.62, "why": "keywords", "alternatives": [[guess, 0.62], [runner_up, 0.2]]}})
    window.refresh()
    shots.show_letter(window, window.panel.document(weak.id))
    shots.take("main-weak-guess", window)

    # The Settings dialog, at its own size.
    window.settings_action.trigger()
    dialog = window.settings_dialog
    shots.settle(500)
    shots.take("settings", dialog)
    dialog.reject()

    # A paper jam in the next stack: the banner Continue/Stop answer.
    os.environ["SCANSTATION_DEMO_JAM_AFTER"] = "4"
    window.scan_action.trigger()
    shots.wait_until(lambda: window.fault_banner.isVisible(), 120, "the jam's banner")
    shots.wait_until(lambda: window.fault_banner.continue_button.isEnabled(), 5, "the banner's buttons")
    shots.settle(500)
    shots.take("main-fault", window)
    os.environ.pop("SCANSTATION_DEMO_JAM_AFTER")
    window.fault_banner.answer_stop()

    # The supervisor's window on two weeks of letters.
    add_history(station.journal, teams)
    shown = []
    window.supervisor_action.trigger()
    supervisor = window.supervisor_window
    supervisor.dashboard_shown.connect(shown.append)
    shots.wait_until(lambda: shown, 60, "the supervisor's counts")
    shots.settle(500)
    shots.take("supervisor", supervisor)

    supervisor.close()
    window.close()
    wait_for_all()
    station.close()
    return 0


class Shots:
    def __init__(self, app, out: Path, language: str, size: str, screen) -> None:
        self.app, self.out, self.language, self.size, self.screen = app, out, language, size, screen

    def settle(self, ms: int) -> None:
        """Let the window lay itself out and paint (events, timers, finished background work)."""
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def wait_until(self, condition, seconds: float, what: str) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError(f"{self.language} {self.size}: waited {seconds} s for {what}")
            self.app.processEvents()
            time.sleep(0.01)

    def show_letter(self, window, document) -> None:
        """Select a letter's first page and wait until the page is on screen."""
        page = next(p for p in document.pages if p.included)
        shown = []
        window.viewer.page_shown.connect(shown.append)
        window.panel.select(document.id, page.id)
        self.wait_until(lambda: shown, 30, "the page to be shown")
        window.viewer.page_shown.disconnect(shown.append)
        window.form.recipient.setFocus()
        self.settle(600)

    def take(self, state: str, widget) -> None:
        from PIL import Image

        name = f"{state}-{self.language}-{self.size}.png"
        frame = widget.frameGeometry()
        if not self.screen.contains(frame):
            print(f"PROBLEM {name}: {type(widget).__name__} is {frame.width()}x{frame.height()} at "
                  f"({frame.x()}, {frame.y()}), off the screen's {self.screen.width()}x{self.screen.height()}",
                  flush=True)
        path = self.out / name
        widget.grab().save(str(path))
        # A palette of 256 colours keeps a screenshot small; text and the page stay sharp.
        with Image.open(path) as image:
            small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(path, optimize=True)
        print(f"wrote {path}", flush=True)


def add_history(journal, teams: list[str]) -> None:
    """Letters received over the last two weeks, most confirmed, some exported, one parked: what a
    supervisor's window counts on an ordinary station."""
    from scanstation.journal import ExportRecord

    today = date.today()

    def noon(days_ago: int) -> str:
        moment = datetime.combine(today - timedelta(days=days_ago), datetime.min.time()).replace(hour=12)
        return moment.astimezone().astimezone(timezone.utc).isoformat()

    batch = journal.start_batch("KOEGE1", "demo", {}, "anna")
    seq = 0
    letters = []
    for days_ago in range(14):
        for n in range(3 + (days_ago * 7) % 5):
            seq += 1
            page = {"seq": seq, "file_path": f"history/{seq}.png", "sha256": f"{seq:064d}", "bytes": 1,
                    "captured_at": noon(days_ago), "device": "demo", "sheet": seq, "side": "front",
                    "width": 10, "height": 10, "dpi": 300, "mode": "gray"}
            _, document = journal.record_page(batch, page, new_document=True, started_by="patch_t", actor="anna")
            letters.append((document, days_ago, teams[(seq * 5 + n) % len(teams)]))
    journal.finish_batch(batch, "anna")
    for number, (document, days_ago, team) in enumerate(letters):
        if days_ago == 0 and number % 2:
            continue  # today's post, not confirmed yet
        if number == 7:
            journal.park_document(document, "Ulæseligt brev uden afsender / Illegible, no sender", "anna")
            continue
        received = today - timedelta(days=days_ago + (1 if number % 4 == 0 else 0))
        journal.confirm_document(document, {"recipient_id": team, "received_date": received.isoformat()}, "anna")
        if number % 3:
            journal_id = journal.assign_journal_id(document, "KOEGE1", today.year)
            journal.record_export(document, ExportRecord(journal_id, "/drop", f"{journal_id}.pdf", "0" * 64, 1,
                                                         f"{journal_id}.xml", "0" * 64, noon(max(days_ago - 1, 0))),
                                  "scanstation")


if __name__ == "__main__":
    sys.exit(main())
