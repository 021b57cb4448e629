"""A clerk's whole day at the keyboard (issue 15): 60 letters of the demo stack scanned,
corrected, looked at, split, interrupted by a paper jam and a restart, confirmed and
exported; at the end every sidecar in the drop folder holds exactly what the clerk typed or
accepted, and nothing else. Played by tests/clerk_day.py (bench/clerk_day_bench.py plays the
same day with OCR on and measures it)."""

from __future__ import annotations

from datetime import date

from bench.clerk_day_bench import SECTION, report
from scanstation.capture.demo import DemoBackend

from .clerk_day import DATE_FORMS, ClerkDay, DayPlan, StationWindows, check_drop_folder


def test_a_clerks_whole_day_ends_with_exactly_what_the_clerk_meant_in_the_drop_folder(qtbot, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.setenv("SCANSTATION_OCR", "0")  # suggestions come from the cover sheets
    for name in ("SCANSTATION_DEMO_LETTERS", "SCANSTATION_DEMO_JAM_AFTER", "SCANSTATION_DEMO_DELAY"):
        monkeypatch.setenv(name, "")  # the player sets them; monkeypatch puts them back
    windows = StationWindows(tmp_path)
    plan = DayPlan.for_letters(DemoBackend(60).letters)
    assert len(plan.reroute) == 10 and len(plan.case_numbers) == 10 and sorted(plan.dates.values()) == sorted(DATE_FORMS)
    assert len(plan.look_around) == 5 and plan.split is not None
    day = ClerkDay(windows, plan)
    try:
        result = day.play()
    finally:
        windows.close()  # a day that failed half-way leaves no window scanning

    assert check_drop_folder(windows.drop, result.ledger, day.backend) == []
    ledger = result.ledger
    assert len(ledger) == 61  # 60 letters, one of them split in two
    assert len(list(windows.drop.glob("*.json"))) == 61 and len(list(windows.drop.glob("*.pdf"))) == 61
    # What the clerk accepted is what the mailroom's cover sheets said, and nothing where none did.
    for intent in ledger.values():
        letter = day.stack[intent.letter]
        covered = intent.letter % 3 == 1 and intent.part == 1
        typed = intent.letter in plan.case_numbers and intent.part == 1
        assert intent.case_number == (letter.case_number if covered or typed else None), intent
        if covered and intent.letter not in plan.reroute:
            assert intent.typed == [] and intent.keys == 1  # Enter, and nothing else
        if intent.letter not in plan.dates or intent.part == 2:
            assert intent.received == date.today()
    assert {ledger_entry.received for ledger_entry in ledger.values() if ledger_entry.letter in plan.dates} \
        >= {date(2026, 12, 2)}
    assert result.jam_keys_typed_while_banner > 0 and result.restart_s > 0

    # The benchmark's report of this day reads (bench/clerk_day_bench.py plays it with OCR on).
    text = report(result, day, [], command="pytest", machine="test", ocr=False)
    assert text.startswith(SECTION) and "| 1 |" in text
