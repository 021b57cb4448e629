"""Field extraction: CPR and case numbers, the letter's date, the sender, return mail.

Most tests build a page of words from lines of text (positions as a 300 dpi scan would give
them); the last one reads a rendered demo letter with the real Tesseract.
"""

import json
import logging
import re
from datetime import date

import pytest

from scanstation.capture.demo_letters import demo_letters, render_letter_page
from scanstation.ocr import OcrWord, missing_language_problem
from scanstation.recognition.fields import Fields, Word, extract_fields

LEFT, RIGHT, TOP, PITCH, HEIGHT, CHAR = 300, 2200, 300, 60, 40, 24


def page(*lines: str) -> list[Word]:
    """Words for a page: one string per line, left-aligned; ">..." right-aligned; "" a blank line."""
    words = []
    for number, line in enumerate(lines):
        text = line.removeprefix(">")
        x = RIGHT - len(text) * CHAR if line.startswith(">") else LEFT
        for m in re.finditer(r"\S+", text):
            words.append(Word(m[0], x + m.start() * CHAR, TOP + number * PITCH, len(m[0]) * CHAR, HEIGHT,
                              conf=95.0, line=number))  # fmt: skip
    return words


SENDER = ("Camilla Kristensen", "Søndergade 13", "4681 Herfølge")
RECIPIENT = ("Eksempel Kommune", "Att.: Ydelsesservice", "Rådhuset", "Torvet 1", "4600 Eksempelby")
BODY = (
    "Jeg klager hermed over kommunens afgørelse af 28. oktober 2026, hvor min kontanthjælp",
    "er blevet nedsat med virkning fra 3.11.2026 uden varsel og uden at jeg er blevet hørt.",
    "Jeg var syg i den pågældende uge og ringede til jobcentret om morgenen for at melde",
    "afbud. Jeg beder om svar senest 2026-12-01, så jeg kan klage videre til Ankestyrelsen.",
    "",
    "Med venlig hilsen",
    "",
    "Camilla Kristensen",
)


def letter(*references: str, date_line: str = ">Herfølge, 12. november 2026", sender=SENDER) -> list[Word]:
    return page(*sender, "", "", *RECIPIENT, "", date_line, "", "Klage over afgørelse om kontanthjælp",
                *references, "", *BODY)  # fmt: skip


def values(found) -> list[str]:
    return [f.value for f in found]


# --- CPR numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "CPR-nr.: 010190-1234",
    "CPR-nr.: 0101901234",
    "CPR-nr.: 010190 - 1234",  # the dash read as a word of its own
    "CPR-nr.: 010190 -1234",
    "CPR-nr.: 010190–1234",  # en dash
    "CPR: 010190 1234",  # a space for the dash: only after a label
    "Personnummer 010190-1234",
    "Mit CPR-nummer er 010190-1234.",
    "Borgeren 010190-1234 har skrevet til os",
])  # fmt: skip
def test_cpr_forms(line):
    assert values(extract_fields(letter(line)).cprs) == ["010190-1234"]


@pytest.mark.parametrize("read, cpr", [
    ("O1O19O-1234", "010190-1234"),
    ("010190-I234", "010190-1234"),
    ("0l0190-1234", "010190-1234"),
    ("010190-|234", "010190-1234"),
    ("1S0385-1234", "150385-1234"),
    ("15038B-1234", "150388-1234"),
    ("Z10190-1234", "210190-1234"),
    ("o1o19o l234", "010190-1234"),
])  # fmt: skip
def test_cpr_read_through_ocr_confusions(read, cpr):
    found = extract_fields(letter(f"CPR-nr.: {read}")).cprs
    assert values(found) == [cpr]
    assert found[0].label == "CPR-nr."


def test_a_cpr_after_its_label_is_surer_and_its_box_covers_the_words():
    fields = extract_fields(page("Vedr. 020290-2345", "CPR-nr.: 010190 - 1234"))
    labelled, bare = fields.cprs
    assert (labelled.value, labelled.label, bare.value, bare.label) == ("010190-1234", "CPR-nr.", "020290-2345", None)
    assert labelled.confidence > bare.confidence
    start = LEFT + len("CPR-nr.: ") * CHAR
    assert labelled.boxes == [(start, TOP + PITCH, len("010190 - 1234") * CHAR, HEIGHT)]


def test_cpr_on_the_line_under_its_label():
    assert extract_fields(page("CPR-nr.:", "0101901234")).cprs[0].label == "CPR-nr."


@pytest.mark.parametrize("text", [
    "CPR-nr.: 320190-1234",  # no 32nd
    "CPR-nr.: 011390-1234",  # no 13th month
    "CPR-nr.: 000190-1234",
    "CPR-nr.: 290200-1234",  # serial 1xxx: born 1900, which was no leap year
    "CPR-nr.: 290257-5678",  # serial 5xxx and year 57: 2057, no leap year
])  # fmt: skip
def test_cprs_without_a_real_birth_date_are_rejected(text):
    assert extract_fields(text).cprs == []


def test_the_century_rule_decides_leap_days():
    assert values(extract_fields("CPR-nr.: 290200-4321").cprs) == ["290200-4321"]  # 4xxx and 00: year 2000


@pytest.mark.parametrize("text", [
    "Tlf. 56 67 67 67",
    "Tlf. 15 03 85 12 34",
    "Konto: 1234 1503851234",  # reg.nr. and account number: the last ten digits look like a CPR
    "EAN-nr.: 5798000150385",
    "Ordrenr. 0101901234567",
    "Kontonr. 12-010190-1234",
    "Reg.nr. 1234 konto 0001503851",
])  # fmt: skip
def test_phone_account_and_other_long_numbers_are_not_cprs(text):
    assert extract_fields(text).cprs == []


# --- case numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["Sagsnr.", "Sags nr.", "Jeres ref.", "Vores ref.", "J.nr.", "Journalnr.",
                                   "Sagsnummer"])  # fmt: skip
@pytest.mark.parametrize("number", ["2017-0289209", "13/44080", "00.01.00-A00-1-26"])
def test_case_numbers_after_their_labels(label, number):
    found = extract_fields(letter(f"{label}: {number}", "CPR-nr.: 010190-1234")).case_numbers
    assert [(f.value, f.label) for f in found] == [(number, label)]
    assert found[0].confidence >= 0.9


def test_case_numbers_without_a_label_are_found_less_surely():
    fields = extract_fields("Sagsnr.: 13/44080\nDet drejer sig om 2017-0289209 og 27.24.00-G01-37-19.")
    assert [(f.value, f.label) for f in fields.case_numbers] == [
        ("13/44080", "Sagsnr."), ("2017-0289209", None), ("27.24.00-G01-37-19", None)]  # fmt: skip
    assert fields.case_numbers[0].confidence > fields.case_numbers[1].confidence


def test_a_case_number_read_through_an_ocr_confusion():
    assert values(extract_fields("J.nr.: 2O17-O289209").case_numbers) == ["2017-0289209"]


@pytest.mark.parametrize("text", [
    "Mødet holdes 2026-11-12 kl. 10.",
    "Dato: 2026-11-23",
    "Vi ses den 12/11 på rådhuset.",
    "Brevet af 12/11/2026 og 12-11-2026 og 12.11.2026.",
    "CPR-nr.: 010190-1234",
    "Tlf. 1234-5678",
    "Beløbet er 12.345,00 kr.",
])  # fmt: skip
def test_dates_cprs_and_phone_numbers_are_not_case_numbers(text):
    assert extract_fields(text).case_numbers == []


def test_the_site_can_add_its_own_case_number_form():
    text = "Sagsnr.: G01-1234-56"
    assert extract_fields(text).case_numbers == []
    found = extract_fields(text, case_patterns=(r"[A-Z]\d{2}-\d{4}-\d{2}",)).case_numbers
    assert [(f.value, f.label) for f in found] == [("G01-1234-56", "Sagsnr.")]


# --- the letter's date ----------------------------------------------------------------------


@pytest.mark.parametrize("date_line", [
    ">Herfølge, 12. november 2026",
    ">Herfølge, 12. nov. 2026",
    ">Herfølge, 12 November 2026",
    ">Herfølge, den 12. november 2026",
    ">Herfølge, 12-11-2026",
    ">Herfølge, 12.11.2026",
    ">Herfølge, 2026-11-12",
    ">12. november 2026",  # no place: the top right still says it is the date line
    ">Dato: 12.11.2026",
    "Lille Skensved, 12. november 2026",  # left-aligned: the place and comma say it
])  # fmt: skip
def test_letter_date_in_every_form_beats_the_dates_in_the_body(date_line):
    found = extract_fields(letter("Sagsnr.: 13/44080", date_line=date_line)).letter_date
    assert found.value == "2026-11-12"
    assert found.confidence >= 0.7


def test_a_date_mentioned_in_the_body_is_a_weak_candidate_when_there_is_no_date_line():
    found = extract_fields(letter(date_line="")).letter_date
    assert found.value == "2026-10-28" and found.confidence < 0.5


def test_numbers_with_dates_inside_are_no_letter_date():
    assert extract_fields("J.nr.: 17.02.00-A00-1-26\nCPR-nr.: 120995-2345").letter_date is None


def test_a_date_line_in_plain_text():
    text = "Anne Holm\nBirkevej 4\n4600 Køge\n\nKøge, 3. februar 2027\n\nJeg skrev den 5. januar 2027."
    assert extract_fields(text).letter_date.value == "2027-02-03"


def test_a_date_far_in_the_future_is_doubted():
    text = "12. november 2062\n\nKøge kommune\n\n1. november 2026"
    assert extract_fields(text).letter_date.value == "2062-11-12"
    assert extract_fields(text, today=date(2026, 11, 20)).letter_date.value == "2026-11-01"


# --- the sender ------------------------------------------------------------------------------


def test_sender_is_the_top_left_block_ending_at_its_postcode():
    found = extract_fields(letter("Sagsnr.: 13/44080")).sender
    assert found.value == "Camilla Kristensen\nSøndergade 13\n4681 Herfølge"
    assert len(found.boxes) == 3 and found.boxes[0][:2] == (LEFT, TOP)
    assert found.confidence >= 0.7  # two address blocks: the sender's and the window's


def test_sender_keeps_its_phone_line_but_not_the_recipient():
    found = extract_fields(letter(sender=(*SENDER, "Tlf. 56 67 67 67"))).sender
    assert found.value.splitlines() == [*SENDER, "Tlf. 56 67 67 67"]


def test_sender_in_plain_text():
    text = "Østsjællands Vejservice A/S\nGrusgravvej 3\n4683 Rønnede\n\nEksempel Kommune\nTorvet 1\n4600 Eksempelby"
    assert extract_fields(text).sender.value.splitlines()[0] == "Østsjællands Vejservice A/S"


# --- return mail -----------------------------------------------------------------------------


@pytest.mark.parametrize("stamp, reason", [
    (("RETUR", "Adressaten ubekendt"), "Adressaten ubekendt"),
    (("Retur – Adressaten ubekendt",), "Adressaten ubekendt"),
    (("ADRESSATEN UBEKENDT",), "Adressaten ubekendt"),
    (("Adressaten ubek endt",), "Adressaten ubekendt"),
    (("Adressaten ubekendf",), "Adressaten ubekendt"),
    (("Ubekendt adresse",), "Ubekendt adresse"),
    (("Modtager flyttet",), "Modtager flyttet"),
    (("Ikke afhentet",), "Ikke afhentet"),
    (("Returneres",), "Returneres"),
    (("RETUR",), "Retur"),
])  # fmt: skip
def test_return_mail_stamps(stamp, reason):
    words = page(*SENDER, "", ">" + stamp[0], *(">" + s for s in stamp[1:]), *RECIPIENT, "", *BODY)
    found = extract_fields(words).return_mail
    assert found.value == reason and found.confidence >= 0.65
    assert len(found.boxes) == len(stamp)


@pytest.mark.parametrize("stamp, reason", [
    ("Adresaten ubekenbt", "Adressaten ubekendt"),  # two slips in 18 letters: the most allowed
    ("Adrsaten ubekenbt", None),  # three
    ("Ikke afhenlet", "Ikke afhentet"),  # one slip in 12
    ("Ikke afhemlet", None),  # two
    ("Modtaqer fiyttet", "Modtager flyttet"),
    ("Adressaten kendt ubetinget", None),  # every letter there, but not in that order
])  # fmt: skip
def test_a_reason_read_with_ocr_slips(stamp, reason):
    # _near skips the sequence matcher for lines that lack too many of the reason's letters;
    # these sit on both sides of that limit and must come out as the matcher alone decided.
    found = extract_fields(page(*SENDER, "", ">" + stamp, *RECIPIENT, "", *BODY)).return_mail
    assert (found.value if found else None) == reason


def test_a_stamp_with_its_reason_is_surer_than_either_alone():
    both = extract_fields("RETUR\nAdressaten ubekendt").return_mail
    assert both.confidence > extract_fields("Adressaten ubekendt").return_mail.confidence
    assert both.confidence > extract_fields("RETUR").return_mail.confidence


def test_moving_and_returning_in_a_letter_are_not_return_mail():
    text = ("Min datter er flyttet til Aarhus og kan ikke længere hjælpe mig.\n"
            "Jeg vil returnere blanketten, når den er udfyldt.\nReturpost fra jer har jeg ikke fået.")  # fmt: skip
    assert extract_fields(letter(*text.splitlines())).return_mail is None


# --- the whole -------------------------------------------------------------------------------


def test_to_json_masks_cprs_unless_asked():
    fields = extract_fields(letter("Sagsnr.: 13/44080", "CPR-nr.: 010190-1234"))
    masked = json.dumps(fields.to_json(include_cpr=False))
    assert "010190-****" in masked and "1234" not in masked
    assert fields.to_json()["cprs"][0]["value"] == "010190-****"  # masked by default
    full = fields.to_json(include_cpr=True)
    assert full["cprs"][0]["value"] == "010190-1234" and full["cprs"][0]["label"] == "CPR-nr."
    assert full["case_numbers"][0] == {"value": "13/44080", "confidence": pytest.approx(0.95 * 0.985, abs=0.01),
                                       "boxes": [[LEFT + 9 * CHAR, TOP + 14 * PITCH, 8 * CHAR, HEIGHT]],
                                       "label": "Sagsnr."}  # fmt: skip
    assert full["letter_date"]["value"] == "2026-11-12" and full["return_mail"] is None


def test_cpr_numbers_are_never_logged(caplog):
    caplog.set_level(logging.DEBUG, logger="scanstation")
    fields = extract_fields(letter("CPR-nr.: 010190-1234"))
    assert fields.cprs and "010190" not in caplog.text


def test_nothing_to_read():
    assert extract_fields([]) == Fields() == extract_fields("  \n ")
    assert Fields().to_json() == {"cprs": [], "case_numbers": [], "letter_date": None, "sender": None,
                                  "return_mail": None}  # fmt: skip


def test_a_demo_letter_read_by_tesseract():
    problem = missing_language_problem("dan")
    if problem:
        pytest.skip(problem)
    import pytesseract

    known = next(lt for lt in demo_letters(20) if lt.cpr and lt.case_number and not lt.is_return_mail)
    image = render_letter_page(known, 1, 300, "gray")
    data = pytesseract.image_to_data(image, lang="dan", output_type=pytesseract.Output.DICT)
    words = [OcrWord(text.strip(), data["left"][i], data["top"][i], data["width"][i], data["height"][i],
                     float(data["conf"][i]), data["block_num"][i], data["par_num"][i], data["line_num"][i],
                     data["word_num"][i])
             for i, text in enumerate(data["text"]) if text.strip()]  # fmt: skip

    fields = extract_fields(words, today=known.date)

    assert fields.cprs[0].value == known.cpr and fields.cprs[0].confidence > 0.8
    assert (fields.case_numbers[0].value, fields.case_numbers[0].label) == (known.case_number,
                                                                            known.case_label.rstrip(":"))
    assert fields.letter_date.value == known.date.isoformat()
    assert fields.sender.value.splitlines()[0] == known.sender_name
    assert fields.return_mail is None
