"""Danish and English: every visible string is translated, and the window speaks Danish."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from scanstation.config import Settings
from scanstation.station import Station
from scanstation.ui.i18n import TRANSLATIONS, install_translators

TS = TRANSLATIONS / "scanstation_da.ts"
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%\d|\{[a-z_]+(?:!r)?\}")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(ctx.find("name").text, m.find("source").text, m.find("translation"))
            for ctx in root.iter("context") for m in ctx.iter("message")]


def test_every_string_has_a_finished_danish_translation_with_the_same_placeholders():
    found = messages(TS)
    assert len(found) > 150
    for context, source, translation in found:
        assert translation.get("type") is None and (translation.text or "").strip(), (context, source)
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation.text)), source


def test_the_translation_file_is_up_to_date_with_the_code(tmp_path):
    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (Path(__file__).parent.parent / "scanstation" / "ui").glob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-ts", str(copy)], check=True, capture_output=True)
    unfinished = [(c, s) for c, s, t in messages(copy) if t.get("type") == "unfinished"]
    assert unfinished == [], "new strings need a Danish translation: run `make translations`"


def test_the_window_speaks_danish(qtbot, tmp_path):
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(tmp_path / "scanstation_da.qm")],
                   check=True)
    app = QApplication.instance()
    translators = install_translators(app, "da", folder=tmp_path)
    try:
        from scanstation.ui.main_window import MainWindow
        station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
        window = MainWindow(station, settings_store=QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat))
        qtbot.addWidget(window)
        assert window.import_action.text() == "&Importér filer…"
        assert window.form.confirm_button.text() == "&Bekræft (Enter)"
        assert window.source_box.itemText(0) == "Arkføder (ADF)"
        window.close()
        station.close()
    finally:
        for translator in translators:
            app.removeTranslator(translator)
