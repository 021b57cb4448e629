"""Returned mail without OCR: marks in text, the original letter's numbers, routing, settings,
the sidecar's schema, the 7-day clock and the supervisor's counts (reports and dashboard alike)."""

from __future__ import annotations

import json
import jsonschema
import pytest

from scanstation.config import load_settings
from scanstation.dashboard import load_dashboard
from scanstation.export.sidecar import load_schema, returned_mail_entry
from scanstation.recipients import DEFAULT_DIRECTORY, read_directory
from scanstation.recognition.fields import extract_fields
from scanstation.reports import backlog, build_report, format_report
from scanstation.return_routing import route_returned, unit_team
from scanstation.returned_mail import ReturnedMail, document_numbers, letterhead_is_ours, read_returned_mail
from scanstation.suggest import RecipientSuggester, Suggestion, auto_confirm_allowed

from .test_reports import Builder, day

SEED_004_COLUMN = "26. november 2019\n\nSagsnummer\n2017-0289209\n\nDokumentnummer\n2017-0289209-42\n\nBorgerrådgiveren\nVester Voldgade 2A\n1552 København V"  # noqa: E501
OUR_LETTER = (
    "Eksempel Kommune\nJobcenter\nRådhuset\nTorvet 1\n4600 Eksempelby\n\n"
    "RETUR\nModtager flyttet\n\n"
    "Mette Hansen\nSkovvej 12\n4600 Køge\n\n" + SEED_004_COLUMN + "\n\n"
    "Indkaldelse til samtale\n\nDu indkaldes hermed til en samtale i Jobcenter Eksempel den 3. december 2019 kl. 10.00."
)


def teams():
    return read_directory(DEFAULT_DIRECTORY)


def read(text: str, **kw) -> ReturnedMail | None:
    fields = extract_fields(text).to_json(include_cpr=True)
    return read_returned_mail(fields, text, **kw)


# --- marks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Da I har opkrævet for meget, returnerer vi beløbet til jeres konto inden for 14 dage.",
    "Pakken blev ikke afhentet på posthuset, så den gik retur til jer.",
    "Brevet fra jer kom retur til afsender, fordi min postkasse var i stykker.",
    "Jeg er flyttet til en ny adresse.",
])  # fmt: skip
def test_a_letter_that_mentions_retur_in_a_sentence_is_no_returned_mail(text):
    letter = f"Mette Hansen\nSkovvej 12\n4600 Køge\n\nEksempel Kommune\nTorvet 1\n4600 Eksempelby\n\n{text}\n\nMed venlig hilsen"
    assert extract_fields(letter).return_mail is None


@pytest.mark.parametrize("lines, reason", [
    (("☐ Ubekendt", "☒ Flyttet", "☐ Nægtet", "☐ Ikke afhentet", "☐ Andet"), "moved"),
    (("☐ Ubekendt", "☐ Flyttet", "☒ Neegtet", "☐ Ikke afhentet", "☐ Andet"), "refused"),  # one letter misread
    (("☐ Ubekendt", "☐ Flyttet", "☐ Nægtet", "☒ Ikke afhentet", "☐ Andet"), "not_collected"),
    (("☐ Ubekendt", "☐ Flyttet", "☐ Nægtet", "☐ Ikke afhentet", "☒ Andet"), "other"),
    (("☐ Ubekendt", "☐ Flyttet", "☐ Nægtet", "☐ Ikke afhentet", "☐ Andet"), "other"),  # nothing ticked
])  # fmt: skip
def test_the_ticked_box_on_the_return_sticker_is_the_reason(lines, reason):
    text = "Eksempel Kommune\nJobcenter\nTorvet 1\n4600 Eksempelby\n\nRetur til afsender\n" + "\n".join(lines)
    mail = read(text + "\n\nDokumentnummer 2017-0289209-42")
    assert mail.reason == reason  # an unticked "Flyttet" is no reason


# --- the original letter -----------------------------------------------------------------------


def test_the_original_letter_is_read_from_the_seed_s_right_column():
    mail = read(OUR_LETTER)
    assert (mail.reason, mail.reason_text) == ("moved", "Modtager flyttet")
    assert mail.original_document_number == "2017-0289209-42"
    assert mail.case_number == "2017-0289209" and mail.original_date == "2019-11-26"
    assert mail.ours


def test_document_numbers_from_labels_barcodes_and_ocr_slips():
    assert document_numbers("Dok.nr.: 2O17-0289209-42") == ["2017-0289209-42"]  # O read for 0
    assert document_numbers("Sagsnummer 2017-0289209 and a phone 3366 1400") == []
    # our barcode form first, then a Code 128 of the number alone, then the printed one
    assert document_numbers("Dokumentnummer 2017-0289209-42", ["SSDOC1|d=2018-0000001-7", "2019-1234567-3"]) == [
        "2018-0000001-7", "2019-1234567-3", "2017-0289209-42"]
    # a case number without a document number: the document's case part is not invented
    mail = read(OUR_LETTER.replace("Dokumentnummer\n2017-0289209-42", ""))
    assert mail.original_document_number is None and mail.case_number == "2017-0289209"


def test_the_letterhead_is_ours_by_the_settings_names_and_a_citizen_s_is_not(tmp_path):
    assert letterhead_is_ours("Eksempel Kommune\nJobcenter\nTorvet 1", [])  # default: a "Kommune" sends
    assert not letterhead_is_ours("Mette Hansen\nSkovvej 12\n4600 Køge", [])
    assert letterhead_is_ours("Borgerrådgiveren\nVester Voldgade 2A", ["Borgerrådgiveren"])
    assert not letterhead_is_ours("Eksempel Kommune\nTorvet 1", ["Københavns Kommune"])
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text('[return_mail]\nsender_names = ["Københavns Kommune", "Vester Voldgade 2A"]\n')
    settings = load_settings(user_file=settings_file, machine_file=tmp_path / "none.toml")
    assert settings.return_sender_names == ("Københavns Kommune", "Vester Voldgade 2A")
    settings_file.write_text('[return_mail]\nsender_names = "Københavns Kommune"\n')  # a text, not a list
    wrong = load_settings(user_file=settings_file, machine_file=tmp_path / "none.toml")
    assert wrong.return_sender_names == () and "return_mail.sender_names has a wrong value" in " ".join(wrong.warnings)


# --- routing -----------------------------------------------------------------------------------


def test_routed_by_the_case_the_journal_knows_then_the_document_number_then_the_letterhead_unit():
    mail = read(OUR_LETTER)
    sender = "Eksempel Kommune\nJobcenter\nRådhuset\nTorvet 1\n4600 Eksempelby"
    suggester = RecipientSuggester(teams())
    suggester.learn("Ansøgning om boligstøtte", "ydelsesservice", case_number="2017-0289209")
    by_case = route_returned(mail, teams=teams(), sender_block=sender, team_by_case=suggester.known_case_recipient)
    assert (by_case.team_id, by_case.route) == ("ydelsesservice", "case_number")
    assert "2017-0289209" in by_case.route_reason
    by_number = route_returned(mail, teams=teams(), sender_block=sender,
                               team_by_document={"2017-0289209-42": "byggeri"}.get)
    assert (by_number.team_id, by_number.route) == ("byggeri", "document_number")
    by_unit = route_returned(mail, teams=teams(), sender_block=sender)
    assert (by_unit.team_id, by_unit.route, by_unit.sender_unit) == ("jobcenter", "letterhead_unit", "Jobcenter")
    # a citizen's letterhead names no unit of ours: the clerk chooses, and is told why
    stranger = route_returned(ReturnedMail("moved", "Flyttet"), teams=teams(), sender_block="Mette Hansen\nSkovvej 12")
    assert stranger.team_id is None and "choose the team" in stranger.route_reason


def test_unit_names_match_as_letterheads_print_them():
    assert unit_team("Eksempel Kommune\nByggeri og Plan\nTorvet 1", teams())[0] == "byggeri"  # "Byg og Plan"
    assert unit_team("Eksempel Kommune\nÆldre og Sundhed", teams())[0] == "aeldre"
    assert unit_team("Eksempel Kommune\nRådhuset\nTorvet 1", teams()) is None


def test_returned_mail_is_never_auto_confirmed_and_never_goes_by_content():
    assert not auto_confirm_allowed(Suggestion("jobcenter", 0.95, "return_mail"), 0.9)
    assert auto_confirm_allowed(Suggestion("jobcenter", 0.95, "case_number"), 0.9)


# --- sidecar -----------------------------------------------------------------------------------


def _sidecar_with(return_mail: dict) -> dict:
    return {"schema_version": 1, "journal_id": "KOEGE1-2026-000001", "station_id": "KOEGE1", "operator": "anna",
            "received_date": "2026-12-04", "captured_at": "2026-12-04T08:00:00+00:00",
            "exported_at": "2026-12-04T09:00:00+00:00", "recipient": {"id": "jobcenter", "name": "Jobcenter"},
            "case_number": "2017-0289209", "document_type": "returpost", "page_count": 1,
            "pdf": {"file": "KOEGE1-2026-000001.pdf", "sha256": "0" * 64, "bytes": 1},
            "pages": [], "barcodes": [], "source": {"device": "demo", "batch_id": 1},
            "scanstation_version": "0", "return_mail": return_mail}


def test_the_sidecar_s_return_mail_object_follows_the_schema(tmp_path):
    mail = read(OUR_LETTER)
    schema = load_schema()
    jsonschema.validate(_sidecar_with(mail.sidecar()), schema, format_checker=jsonschema.FormatChecker())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_sidecar_with({**mail.sidecar(), "reason": "lost"}), schema)
    # from a journal row: the clerk's case number counts; a letter not typed returpost has none
    builder = Builder(tmp_path / "j.sqlite", "st1", "anna")
    doc = builder.letter(1, captured=0)
    other = builder.letter(1, captured=0)
    builder.journal.finish_batch(builder.batch, "anna")
    builder.journal.record_return_mail(doc, mail.to_json())
    builder.confirm(doc, "jobcenter", received=0, document_type="returpost", case_number="2017-0289209")
    entry = returned_mail_entry(builder.journal.document(doc))
    assert entry == {"reason": "moved", "reason_text": "Modtager flyttet", "original_document_number": "2017-0289209-42",
                     "case_number": "2017-0289209", "original_date": "2019-11-26"}
    builder.confirm(other, "jobcenter", received=0, document_type="ansøgning")
    assert returned_mail_entry(builder.journal.document(other)) is None
    builder.journal.close()


# --- the 7-day clock and the supervisor's counts --------------------------------------------------


@pytest.fixture
def journal_with_returned_mail(tmp_path):
    b = Builder(tmp_path / "r.sqlite", "st1", "anna")
    returned = (("moved", "jobcenter", -6, True), ("moved", "jobcenter", -6, False),
                ("refused", "jobcenter", -9, True), ("unknown_addressee", "aeldre", -1, True))
    docs = [b.letter(1, captured=received) for _reason, _team, received, _waiting in returned]
    citizen = b.letter(1, captured=-6)  # a citizen's letter 6 days old: on the clock
    b.journal.finish_batch(b.batch, "anna")
    for doc, (reason, team, received, waiting) in zip(docs, returned):
        b.journal.record_return_mail(doc, ReturnedMail(reason, reason).to_json())
        b.confirm(doc, team, received=received, document_type="returpost")
        if not waiting:
            b.export(doc, exported=received + 1)
    b.confirm(citizen, "jobcenter", received=-6, document_type="ansøgning")
    b.journal.close()
    return [tmp_path / "r.sqlite"]


def test_returned_mail_keeps_its_received_date_and_runs_no_7_day_clock(journal_with_returned_mail):
    now = backlog(journal_with_returned_mail, today=day(0))
    assert now["not_exported"]["count"] == 4  # it waits for its team like any letter
    assert now["clock"] == {"jobcenter": {"approaching": 1, "overdue": 0}}  # only the citizen's letter
    later = backlog(journal_with_returned_mail, today=day(30))
    assert later["overdue"] == 1
    dashboard = load_dashboard(journal_with_returned_mail, day(-29), day(0), today=day(0))
    assert dashboard.backlog == now


def test_returned_mail_is_counted_per_day_team_and_reason_in_reports_and_dashboard_alike(journal_with_returned_mail):
    report = build_report(journal_with_returned_mail, date_from=day(-29), date_to=day(0), by="team", today=day(0))
    rows = {r["team"]: r for r in report.rows}
    assert (rows["jobcenter"]["return_mail"], rows["aeldre"]["return_mail"]) == (3, 1)
    assert report.returned_mail == [
        {"day": day(-9).isoformat(), "team": "jobcenter", "reason": "refused", "letters": 1},
        {"day": day(-6).isoformat(), "team": "jobcenter", "reason": "moved", "letters": 2},
        {"day": day(-1).isoformat(), "team": "aeldre", "reason": "unknown_addressee", "letters": 1},
    ]
    dashboard = load_dashboard(journal_with_returned_mail, day(-29), day(0), today=day(0))
    assert [{"day": d.isoformat(), "team": t, "reason": r, "letters": n} for d, t, r, n in dashboard.returned] \
        == report.returned_mail
    assert "Returned mail (no 7-day clock)" in format_report(report, "table")
    assert json.loads(format_report(report, "json"))["returned_mail"] == report.returned_mail
    narrow = build_report(journal_with_returned_mail, date_from=day(-2), date_to=day(0), by="day")
    assert [r["reason"] for r in narrow.returned_mail] == ["unknown_addressee"]


# --- frames and fuzzy reasons (no OCR) ------------------------------------------------------------


def test_a_stamp_s_frame_is_found_at_its_angle_on_a_bitonal_page_and_a_plain_letter_has_none():
    from datetime import date

    from scanstation.capture.returned_letters import ReturnedSample, render_returned
    from scanstation.recognition.stamps import find_frames, level_frame

    sample = ReturnedSample(kind="stamp", reason="moved", document_number="2017-0289209-42",
                            case_number="2017-0289209", letter_date=date(2019, 11, 26), team="jobcenter",
                            ink="blue", angle=17.0, over_text=True, mode="lineart", seed=7)
    frames = find_frames(render_returned(sample, 300), 300)
    assert len(frames) == 1
    frame = frames[0]
    assert abs(frame.angle + 17.0) < 2  # PIL turns counter-clockwise; image y runs down
    width_mm, height_mm = (v / 300 * 25.4 for v in frame.size)
    assert 45 < width_mm < 90 and 15 < height_mm < 35
    level, _back = level_frame(render_returned(sample, 300), frame)
    edge = (__import__("numpy").asarray(level) < 150)
    assert edge[:3].mean() == 0 and edge[:, :3].mean() == 0  # the frame's lines are gone
    mention = ReturnedSample(kind="mention", reason=None, document_number="", case_number="",
                             letter_date=date(2019, 11, 26), team="jobcenter", mode="lineart", seed=11)
    assert find_frames(render_returned(mention, 300), 300) == []


@pytest.mark.parametrize("line, reason", [
    ("Modtagar flyttat", "moved"),  # a letter misread in each word: still moved, not "other"
    ("rkortttaten ubekendt", "unknown_addressee"),  # the text under the stamp ate "Adressa"
    ("Modtagelse naegtet", "refused"),
    ("Ikke afhenet", "not_collected"),
])  # fmt: skip
def test_a_stamp_s_reason_misread_or_half_hidden_is_still_its_reason(line, reason):
    from scanstation.ocr import OcrWord
    from scanstation.recognition.return_marks import STAMP_BLOCK

    letter = extract_fields(OUR_LETTER.replace("RETUR\nModtager flyttet\n\n", "")).to_json()
    assert letter["return_mail"] is None
    words = [OcrWord("RETUR", 300, 100, 200, 60, 90.0, STAMP_BLOCK, 1, 1, 1)]
    words += [OcrWord(t, 300 + 120 * n, 180, 110, 30, 70.0, STAMP_BLOCK, 1, 2, n + 1) for n, t in enumerate(line.split())]
    fields = extract_fields(words).to_json(include_cpr=True)
    mail = read_returned_mail(fields, "RETUR\n" + line)
    assert mail is not None and mail.reason == reason


def test_a_reason_word_in_the_letter_s_own_sentences_is_no_stamp():
    """Only lines read again from a stamp are searched for a reason's word alone."""
    text = ("Eksempel Kommune\nTorvet 1\n\nHvis du er flyttet til en anden adresse, eller hvis pakken ikke blev "
            "afhentet, så ring til os i telefontiden.\n")
    assert extract_fields(text).return_mail is None
