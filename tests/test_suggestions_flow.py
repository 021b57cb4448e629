"""Suggestions in the station: OCR'd letters get a suggested team, clerks' choices teach it."""

from __future__ import annotations

import json

from scanstation.capture.base import ScanSettings
from scanstation.capture.demo import DemoBackend
from scanstation.capture.demo_letters import demo_letters
from scanstation.station import Station
from tests.signing import signed_settings


def test_confirmed_letters_teach_the_station_where_similar_letters_go(tmp_path, monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "1")
    station = Station.open(tmp_path / "data", signed_settings(station_id="KOEGE1", operator="anna"))
    letters = [item for item in demo_letters(40, seed=5) if item.page_count == 1][:4]
    backend = DemoBackend(letters=letters, separator_sheets=False)
    result = station.intake().scan(backend, "demo", ScanSettings(dpi=200))
    assert len(result.documents) == 4
    suggested = 0
    for doc_id, letter in zip(result.documents, letters):
        assert station.journal.document_text(doc_id).strip()  # OCR text stored once, per page
        suggestion = json.loads(station.journal.document(doc_id).suggestion).get("recipient")
        if suggestion:  # keywords found something (a letter may name no team's keywords)
            assert suggestion["why"] == "keywords" and 0 < suggestion["confidence"] < 0.9  # never auto-confirmed
            suggested += 1
        station.confirm(doc_id, {"recipient_id": letter.team, "received_date": "2026-11-20"})
    assert suggested >= 2
    assert station.suggester().examples == 4
    # The same kind of letters again: now the station has learned where they go.
    again_result = station.intake().scan(backend, "demo", ScanSettings(dpi=200))
    learned = [json.loads(station.journal.document(d).suggestion).get("recipient", {}) for d in again_result.documents]
    assert sum(s.get("value") == letter.team for s, letter in zip(learned, letters)) >= 3
    assert {s.get("why") for s in learned} <= {"learned", "case_number", "keywords"}
    assert any(s.get("why") in ("learned", "case_number") for s in learned)
    # A new station process on the same journal learns from what is stored.
    again = Station.open(tmp_path / "data", signed_settings(station_id="KOEGE1", operator="anna"))
    assert again.suggester().examples == 4
    again.close()
    station.close()


def test_ocr_fields_prefill_case_number_and_cpr_and_say_where_they_are(tmp_path, monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "1")
    letter = next(item for item in demo_letters(30, seed=2)
                  if item.page_count == 1 and item.cpr and item.case_number and not item.is_return_mail)
    station = Station.open(tmp_path / "data", signed_settings(station_id="KOEGE1", operator="anna"))
    result = station.intake().scan(DemoBackend(letters=[letter], separator_sheets=False), "demo", ScanSettings(dpi=300))
    doc = station.journal.document(result.documents[0])
    assert doc.case_number == letter.case_number and doc.cpr == letter.cpr
    fields = json.loads(doc.fields)
    assert fields["cprs"][0]["value"] == letter.cpr[:6] + "-****"  # the fields record never holds a CPR
    assert letter.cpr not in doc.fields and fields["cprs"][0]["boxes"]
    assert fields["case_numbers"][0]["value"] == letter.case_number
    assert fields["letter_date"]["value"] == letter.date.isoformat()
    station.close()
