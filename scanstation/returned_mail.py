"""Returned mail: our own letter came back undeliverable. What the clerk needs to see and confirm.

From what the page's reading gave (the fields, recognition/fields.py: the post's mark, the
letter's date, its sender block, its case numbers; the text; the barcodes), this says:
- why it came back, as a value (recognition/return_marks.py REASONS) and as stamped;
- which of our letters it is: the original's document number (`Dokumentnummer 2017-0289209-42`,
  or a barcode `SSDOC1|d=2017-0289209-42`, or a Code 128 of the number alone), its case
  number (`Sagsnummer 2017-0289209`, or the document number's case part) and its date;
- whether the letterhead is ours (the municipality's names and addresses from the settings,
  `[return_mail] sender_names`), and the unit it names;
- the team it goes back to and why (return_routing.py).

The received date is not touched: a returned letter keeps the day it came back, and its
original date travels beside it (seed 004: a decision that comes back is re-sent with its
original date).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from .recognition.return_marks import REASON_PHRASES, STAMP_WORDS, STICKER_LABELS, compact

DOCUMENT_NUMBER = r"\d{4}-\d{7}-\d{1,4}"  # 2017-0289209-42: the case number and the document's place in it
BARCODE_PREFIX = "SSDOC1|"  # our outgoing letters' barcode: SSDOC1|d=<document number>
_DIGITISH = "0-9OoIlS"
_DOCUMENT_NUMBER_READ = re.compile(
    rf"(?<![\w-])([{_DIGITISH}]{{4}})\s?-\s?([{_DIGITISH}]{{7}})\s?-\s?([{_DIGITISH}]{{1,4}})(?![\w-])")
_DOCUMENT_LABEL = re.compile(r"(?i)\bdok(?:ument)?\.?\s*-?\s*n(?:r|ummer)\b\.?\s*[:.]?\s*$")
_TO_DIGITS = str.maketrans("OoIlS", "00115")
_DEFAULT_SENDER_WORDS = ("kommune",)


@dataclass(frozen=True)
class ReturnedMail:
    """What the window shows for a returned letter ("Returned mail — reason, original letter,
    its date") and what the sidecar and the counts carry."""

    reason: str  # unknown_addressee, moved, refused, not_collected, other
    reason_text: str  # as stamped or ticked: "Adressaten ubekendt", "Flyttet", "Retur"
    original_document_number: str | None = None
    case_number: str | None = None
    original_date: str | None = None  # ISO date of the letter we sent
    ours: bool = False  # the letterhead names the municipality
    sender_unit: str | None = None  # the letterhead's line that named a team, as read
    team_id: str | None = None  # where it goes back to; None: the clerk chooses
    route: str = "none"  # what decided the team: case_number, document_number, letterhead_unit, none
    route_reason: str = ""  # one sentence for the clerk

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict | None) -> ReturnedMail | None:
        if not data or "reason" not in data:
            return None
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})

    def sidecar(self) -> dict:
        """The sidecar's `return_mail` object (resources/sidecar.schema.json)."""
        return {"reason": self.reason, "reason_text": self.reason_text,
                "original_document_number": self.original_document_number,
                "case_number": self.case_number, "original_date": self.original_date}  # fmt: skip


_PRINTED_REASON = {printed.lower(): reason for reason, printed in REASON_PHRASES.values()}
_PRINTED_REASON.update({printed.lower(): reason for reason, printed in STICKER_LABELS.values()})
_PRINTED_REASON.update({printed.lower(): "other" for printed in STAMP_WORDS.values()})
_PRINTED_REASON["flyttet"] = "moved"


def reason_of(reason_text: str) -> str:
    """The reason value of a mark as fields.py gives it ("Adressaten ubekendt" -> unknown_addressee)."""
    return _PRINTED_REASON.get(reason_text.strip().lower(), "other")


def document_numbers(text: str, barcodes: Iterable[str] = ()) -> list[str]:
    """Our document numbers on the page, best first: a barcode's, then one after its label
    ("Dokumentnummer", "Dok.nr.", on the line or the line above), then any of the form."""
    found: list[tuple[int, int, str]] = []
    for value in barcodes:
        value = str(value).strip()
        if value.startswith(BARCODE_PREFIX):
            fields = dict(part.split("=", 1) for part in value[len(BARCODE_PREFIX):].split("|") if "=" in part)
            value = fields.get("d", "").strip()
        if re.fullmatch(DOCUMENT_NUMBER, value):
            found.append((0, 0, value))
    for m in _DOCUMENT_NUMBER_READ.finditer(text):
        value = "-".join(part.translate(_TO_DIGITS) for part in m.groups())
        if not re.fullmatch(DOCUMENT_NUMBER, value):
            continue
        before = text[max(0, m.start() - 40):m.start()]
        found.append((1 if _DOCUMENT_LABEL.search(before) else 2, m.start(), value))
    ranked: list[str] = []
    for _rank, _at, value in sorted(found):
        if value not in ranked:
            ranked.append(value)
    return ranked


def case_of_document_number(number: str | None) -> str | None:
    """The case part of a document number: 2017-0289209-42 -> 2017-0289209."""
    return number.rsplit("-", 1)[0] if number and re.fullmatch(DOCUMENT_NUMBER, number) else None


def letterhead_is_ours(sender_block: str | None, sender_names: Sequence[str]) -> bool:
    """The sender block names the municipality (one of `sender_names`; by default a "Kommune")."""
    if not sender_block:
        return False
    block = compact(sender_block)
    names = [compact(n) for n in sender_names if compact(n)] or list(_DEFAULT_SENDER_WORDS)
    return any(name in block for name in names)


def read_returned_mail(fields: dict, text: str, barcodes: Iterable[str] = (), *,
                       sender_names: Sequence[str] = ()) -> ReturnedMail | None:  # fmt: skip
    """The returned letter's reason and original, from a document's fields (as station.py keeps
    them: fields.Fields.to_json() values, first found over its pages), its text and barcodes;
    None when no page carries the post's mark. The team is not set here: see return_routing."""
    mark = fields.get("return_mail")
    if not mark:
        return None
    reason_text = mark["value"]
    numbers = document_numbers(text, barcodes)
    number = numbers[0] if numbers else None
    cases = [c["value"] for c in fields.get("case_numbers") or [] if c.get("confidence", 0) >= 0.5]
    # The case the document number belongs to beats another case number the letter mentions.
    by_number = case_of_document_number(number)
    case = by_number if by_number and (by_number in cases or not cases) else (cases[0] if cases else by_number)
    date = (fields.get("letter_date") or {}).get("value")
    sender = (fields.get("sender") or {}).get("value")
    return ReturnedMail(reason=reason_of(reason_text), reason_text=reason_text, original_document_number=number,
                        case_number=case, original_date=date,
                        # our document number is ours too, when a stamp over the letterhead hides its name
                        ours=letterhead_is_ours(sender, sender_names) or number is not None)
