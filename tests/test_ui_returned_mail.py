"""A returned letter in the clerk's window: "Returned mail — why; our letter, its date", routed
back to the team that sent it, confirmed with one key; its sidecar carries the original."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from scanstation.returned_mail import ReturnedMail
from scanstation.station import returned_suggestion
from scanstation.ui.i18n import TRANSLATIONS, install_translators

from .station_window import press, station_with_letters, window_on  # noqa: F401 - fixture


def returned_letter(station, document_id: int) -> None:
    mail = ReturnedMail("moved", "Modtager flyttet", original_document_number="2017-0289209-42",
                        case_number="2017-0289209", original_date="2019-11-26", ours=True,
                        team_id="jobcenter", route="case_number", route_reason="known case")
    station.journal.record_return_mail(document_id, mail.to_json())
    # as the station records what the page's reading found (station.update_fields)
    station.journal.record_fields(document_id, {"return_mail": {"value": "Modtager flyttet"}},
                                  case_number="2017-0289209", cpr=None, document_type="returpost")
    station.journal.record_suggestion(document_id, {"recipient": returned_suggestion(mail)})


@pytest.mark.parametrize("language", ["en", "da"])
def test_a_returned_letter_says_why_and_which_letter_and_goes_back_with_one_key(qtbot, tmp_path, window_on,
                                                                                   language):
    station = station_with_letters(tmp_path, correction_seconds=0)
    first = station.journal.documents()[0].id
    returned_letter(station, first)
    translators = []
    if language == "da":  # the translation file as it is in the tree
        lrelease = Path(sys.executable).parent / "pyside6-lrelease"
        subprocess.run([str(lrelease), "-silent", str(TRANSLATIONS / "scanstation_da.ts"), "-qm",
                        str(tmp_path / "scanstation_da.qm")], check=True)
        translators = install_translators(QApplication.instance(), "da", folder=tmp_path)
    try:
        window = window_on(station)
        qtbot.waitUntil(lambda: window.form.document_id == first, timeout=5000)
        line = window.form.returned
        qtbot.waitUntil(line.isVisible, timeout=5000)
        expected = {"en": "Returned mail — moved; our letter 2017-0289209-42 of 26.11.2019",
                    "da": "Returpost — flyttet; vores brev 2017-0289209-42 af 26.11.2019"}[language]
        assert line.text() == expected
        assert window.form.recipient_id() == "jobcenter"
        assert window.form.document_type.currentText() == "returpost"
        assert window.form.case_number.text() == "2017-0289209"
        assert {"en": "returned mail", "da": "returpost"}[language] in window.form.suggestion.text()
        with qtbot.waitSignal(window.export_finished, timeout=15000) as exported:
            press(qtbot, Qt.Key_Return)  # one key
        sidecar = json.loads(exported.args[0].pdf_path.with_suffix(".json").read_text(encoding="utf-8"))
        assert sidecar["recipient"]["id"] == "jobcenter"
        assert sidecar["return_mail"]["original_document_number"] == "2017-0289209-42"
        assert sidecar["return_mail"]["original_date"] == "2019-11-26"
        # The next letter is no returned mail: the line is gone.
        qtbot.waitUntil(lambda: window.form.document_id != first, timeout=5000)
        assert not line.isVisible()
    finally:
        for translator in translators:
            QApplication.instance().removeTranslator(translator)
