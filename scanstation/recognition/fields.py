"""The fields a clerk registers a letter by, read from its first page: CPR and case numbers, the
letter's date, the sender's address block and a returned-mail stamp.

Input is the OCR's words with their boxes in page pixels (any object with text, left, top,
width and height, such as ocr.OcrWord; conf, block, par and line are used when present), or
plain text. Every field comes back as a Found: the value, a confidence 0..1, the boxes it was
read from (one per line) so the confirm form can point at it, and the label it stood after.

Rules follow Danish municipal post: a value after its label ("Sagsnr.:", "CPR-nr.:") is
trusted more than one in the running text; the letter's date is the one on the date line
("Køge, 12. november 2026", top right), not one mentioned in the body; the sender is the
first address block at the top left, ending at its postcode line ("4600 Køge").

CPR numbers are never logged (this module logs counts only) and Fields.to_json masks them
unless the caller asks for them.
"""

from __future__ import annotations

import functools
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Protocol

from ..casenumbers import DEFAULT_PATTERNS, case_number_regex
from ..cpr import mask_cpr, normalize_cpr
from .return_marks import (EMPTY, REASON_PHRASES, STAMP_BLOCK, STAMP_WORDS, TICKED, reason_word, shouted_retur,
                           sticker_label)

log = logging.getLogger("scanstation.recognition.fields")

Box = tuple[int, int, int, int]  # left, top, width, height in page pixels


class WordLike(Protocol):
    text: str
    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True)
class Word:
    """One recognised word; ocr.OcrWord has the same fields and more."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float = 100.0
    line: int = 0


@dataclass(frozen=True)
class Found:
    value: str
    confidence: float  # 0..1
    boxes: list[Box] = field(default_factory=list)  # one per line the value was read from
    label: str | None = None  # the label it followed, as printed: "Sagsnr.", "CPR-nr.", "Dato"

    def to_json(self, value: str | None = None) -> dict:
        return {"value": self.value if value is None else value, "confidence": round(self.confidence, 3),
                "boxes": [list(b) for b in self.boxes], "label": self.label}  # fmt: skip


@dataclass(frozen=True)
class Fields:
    """What extract_fields found; lists are best first."""

    cprs: list[Found] = field(default_factory=list)
    case_numbers: list[Found] = field(default_factory=list)
    letter_date: Found | None = None  # value: ISO date, "2026-11-12"
    sender: Found | None = None  # value: the block's lines joined with "\n", name first
    return_mail: Found | None = None  # value: the reason stamped, "Adressaten ubekendt", or "Retur"

    def to_json(self, include_cpr: bool = False) -> dict:
        """Plain data for the journal or a sidecar; CPR numbers masked (`010190-****`) unless included."""
        return {
            "cprs": [f.to_json(f.value if include_cpr else mask_cpr(f.value)) for f in self.cprs],
            "case_numbers": [f.to_json() for f in self.case_numbers],
            "letter_date": self.letter_date.to_json() if self.letter_date else None,
            # An address block can hold a CPR number too ("010190-1234 Jens Hansen").
            "sender": self.sender.to_json(self.sender.value if include_cpr else _mask_cprs_in(self.sender.value))
            if self.sender else None,
            "return_mail": self.return_mail.to_json() if self.return_mail else None,
        }


_CPR_SHAPED = re.compile(r"(?<!\d)(\d{6})\s*[-–]?\s*\d{4}(?!\d)")


def _mask_cprs_in(text: str) -> str:
    """`text` with everything shaped like a CPR number masked as mask_cpr masks one."""
    return _CPR_SHAPED.sub(lambda m: f"{m[1]}-****", text)


# --- words into lines ---------------------------------------------------------------

# OCR reads O for 0, l/I/| for 1 ...; undone only in runs that already hold a digit and are not
# glued to letters, so words stay words. Same length in and out: match positions still fit.
_CONFUSED = str.maketrans("OoIl|SBZ", "00111582")
_DIGIT_RUN = re.compile(r"(?<![^\W\d_])[0-9OoIl|SBZ]+(?![^\W\d_])")


def _undo_confusions(text: str) -> str:
    return _DIGIT_RUN.sub(lambda m: m[0].translate(_CONFUSED) if re.search(r"\d", m[0]) else m[0], text)


@dataclass
class _Line:
    words: list
    text: str = ""
    digits: str = ""  # text with OCR confusions inside digit runs undone
    spans: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = []
        start = 0
        for w in self.words:
            parts.append(str(w.text).strip())
            self.spans.append((start, start + len(parts[-1])))
            start += len(parts[-1]) + 1
        self.text = " ".join(parts)
        self.digits = _undo_confusions(self.text)

    left = property(lambda self: min(w.left for w in self.words))
    top = property(lambda self: min(w.top for w in self.words))
    right = property(lambda self: max(w.left + w.width for w in self.words))
    bottom = property(lambda self: max(w.top + w.height for w in self.words))

    def words_in(self, start: int = 0, end: int | None = None) -> list:
        end = len(self.text) if end is None else end
        return [w for w, (a, b) in zip(self.words, self.spans) if a < end and b > start]

    def box(self, start: int = 0, end: int | None = None) -> Box:
        ws = self.words_in(start, end) or self.words
        left, top = min(w.left for w in ws), min(w.top for w in ws)
        return left, top, max(w.left + w.width for w in ws) - left, max(w.top + w.height for w in ws) - top

    def ocr_factor(self, start: int = 0, end: int | None = None) -> float:
        """1.0 for words the OCR was sure of, down to 0.7 for guesses."""
        confs = [max(0.0, float(getattr(w, "conf", 100.0))) for w in self.words_in(start, end)]
        return 0.7 + 0.3 * min(1.0, statistics.fmean(confs) / 100) if confs else 1.0


def _lines(words: Sequence) -> list[_Line]:
    """Lines in reading order: Tesseract's (block, par, line), split where words sit at other
    heights (all words on line 0) or far apart (a table row, a right-aligned date)."""
    if not words:
        return []
    height = statistics.median(w.height for w in words) or 1
    groups: dict[tuple, list] = {}
    for w in words:
        groups.setdefault((getattr(w, "block", 0), getattr(w, "par", 0), getattr(w, "line", 0)), []).append(w)
    # Tesseract's own lines hold a skewed stamp's words together; without them, heights decide.
    band_height = 1.5 * height if hasattr(words[0], "block") else 0.5 * height
    rows: list[list] = []
    for group in groups.values():
        bands: list[list] = []
        middles: list[list[float]] = []  # of each band's words
        for w in sorted(group, key=lambda w: w.top + w.height / 2):
            middle = w.top + w.height / 2
            if bands and abs(middle - statistics.fmean(middles[-1])) <= band_height:
                bands[-1].append(w)
                middles[-1].append(middle)
            else:
                bands.append([w])
                middles.append([middle])
        for band in bands:
            band.sort(key=lambda w: w.left)
            start = 0
            for i in range(1, len(band)):
                if band[i].left - (band[i - 1].left + band[i - 1].width) > 2.5 * height:
                    rows.append(band[start:i])
                    start = i
            rows.append(band[start:])
    lines = [_Line(row) for row in rows]
    lines.sort(key=lambda ln: (ln.top + (ln.bottom - ln.top) / 2, ln.left))
    return lines


def words_from_text(text: str, *, left: int = 300, top: int = 300, char_width: int = 25,
                    line_pitch: int = 60, word_height: int = 40) -> list[Word]:  # fmt: skip
    """Plain text as words at plausible places: one line per line, leading spaces indent it."""
    words = []
    for number, raw in enumerate(text.splitlines()):
        for m in re.finditer(r"\S+", raw.expandtabs(8)):
            words.append(Word(m[0], left + m.start() * char_width, top + number * line_pitch,
                              len(m[0]) * char_width, word_height, line=number))  # fmt: skip
    return words


@dataclass(frozen=True)
class _Page:
    left: int
    top: int
    width: int
    height: int
    line_height: float

    @classmethod
    def of(cls, lines: list[_Line]) -> _Page:
        left, top = min(ln.left for ln in lines), min(ln.top for ln in lines)
        right, bottom = max(ln.right for ln in lines), max(ln.bottom for ln in lines)
        return cls(left, top, max(1, right - left), max(1, bottom - top),
                   statistics.median(ln.bottom - ln.top for ln in lines) or 1)  # fmt: skip


# --- labels -------------------------------------------------------------------------

_CPR_LABEL = re.compile(r"(?i)\b(?:cpr(?:[\s.\-]*n(?:r|ummer))?|person(?:nummer|nr)|pers\.\s?nr)\b\.?")
_CASE_LABEL = re.compile(
    r"(?i)\b(?:sags[\s.\-]?n(?:r|ummer)|journal[\s.\-]?n(?:r|ummer)|j\.\s?nr|jnr"
    r"|(?:jeres|vores|deres|din|vor|our|your)\s+ref(?:erence)?|ref)\b\.?"
)
_PHONE_LABEL = re.compile(r"(?i)\b(?:tlf|telefon|tel|mobil|fax)\b")
_BETWEEN = re.compile(r"(?i)[\s.:;,#\-–]*(?:er[\s.:]*)?")  # what may stand between a label and its value


def _label_before(lines: list[_Line], i: int, start: int, label: re.Pattern) -> str | None:
    """The label right before position `start` of line i, or ending the line above when the value starts a line."""
    before = lines[i].text[:start]
    height = lines[i].bottom - lines[i].top
    if not before.strip() and i > 0 and -5 <= lines[i].top - lines[i - 1].bottom < 2 * height:
        before = lines[i - 1].text
    found = None
    for m in label.finditer(before[-40:]):
        found = m
    if found and _BETWEEN.fullmatch(before[-40:][found.end():]):
        return found[0].strip()
    return None


# --- CPR numbers --------------------------------------------------------------------

_DASHES = r"\-–—‐‑−"  # for inside [...]: hyphen, en and em dash, the Unicode hyphens, minus
_CPR = re.compile(rf"(?<!\d)(\d{{6}})(\s*[{_DASHES}]\s*|\s?)(\d{{4}})(?!\d)")


def _cprs(lines: list[_Line]) -> list[Found]:
    found: dict[str, Found] = {}
    for i, line in enumerate(lines):
        for m in _CPR.finditer(line.digits):
            value = normalize_cpr(f"{m[1]}-{m[3]}")
            if value is None:
                continue
            before, after = line.digits[: m.start()], line.digits[m.end():]
            dashed = bool(m[2].strip())
            # Part of a longer run of digit groups: a phone, account or EAN number.
            if re.search(r"\d[.,/" + _DASHES + ("]$" if dashed else " ]?$"), before):
                continue
            if re.match(r"[.,/" + _DASHES + ("]\\d" if dashed else " ]?\\d"), after):
                continue
            label = _label_before(lines, i, m.start(), _CPR_LABEL)
            if m[2] and not dashed and not label:
                continue  # "010190 1234" only after a CPR label
            confidence = 0.95 if label else 0.8 if dashed else 0.6
            if line.text[m.start():m.end()] != line.digits[m.start():m.end()]:
                confidence -= 0.1
            _keep_best(found, Found(value, confidence * line.ocr_factor(m.start(), m.end()),
                                    [line.box(m.start(), m.end())], label))  # fmt: skip
    return _ranked(found)


def _keep_best(found: dict[str, Found], candidate: Found) -> None:
    if candidate.value not in found or found[candidate.value].confidence < candidate.confidence:
        found[candidate.value] = candidate


def _ranked(found: dict[str, Found]) -> list[Found]:
    return sorted(found.values(), key=lambda f: (-f.confidence, f.boxes[0][1], f.boxes[0][0]))


# --- case numbers -------------------------------------------------------------------

_DATE_SHAPES = (
    re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?"),  # 12/11, 12-11-2026
    re.compile(r"(?P<y>\d{4})-(\d{1,2})-(\d{1,2})"),  # 2026-11-12
)


def _looks_like_date(text: str) -> bool:
    for shape in _DATE_SHAPES:
        m = shape.fullmatch(text)
        if not m:
            continue
        numbers = [int(g) for g in m.groups() if g]
        if "y" in shape.groupindex:
            numbers = [numbers[2], numbers[1], numbers[0]]
        year = numbers[2] if len(numbers) == 3 else 2000
        try:
            date(year if year > 99 else 2000 + year, numbers[1], numbers[0])
            return True
        except ValueError:
            pass
    return False


def _case_numbers(lines: list[_Line], patterns: Iterable[str]) -> list[Found]:
    regexes = []
    for pattern in patterns:
        try:
            regexes.append(case_number_regex(pattern))
        except (re.error, OverflowError, RecursionError, TypeError):
            # config.py refuses such a pattern; one given here otherwise must not fail the page
            log.warning("a case number pattern cannot be used and is skipped")
    found: dict[str, Found] = {}
    for i, line in enumerate(lines):
        matches: dict[tuple[int, int], bool] = {}  # span -> read through an OCR confusion
        for regex in regexes:
            for m in regex.finditer(line.text):
                matches[m.span()] = False
            for m in regex.finditer(line.digits):  # "2O17-0289209"; never letters that belong in it
                if m.span() not in matches and not re.search(r"[^\W\d_]", m[0]):
                    matches[m.span()] = True
        spans = [s for s in matches if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in matches)]
        for start, end in spans:
            value = (line.digits if matches[(start, end)] else line.text)[start:end]
            if _looks_like_date(value):
                continue
            label = _label_before(lines, i, start, _CASE_LABEL)
            if not label and _PHONE_LABEL.search(line.text[max(0, start - 20):start]):
                continue
            confidence = (0.95 if label else 0.6) - (0.1 if matches[(start, end)] else 0.0)
            _keep_best(found, Found(value, confidence * line.ocr_factor(start, end), [line.box(start, end)], label))
    return _ranked(found)


# --- the letter's date --------------------------------------------------------------

_MONTHS = {"januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "august": 8,
           "september": 9, "oktober": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3,
           "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9, "okt": 10, "nov": 11, "dec": 12}  # fmt: skip
_DATE_FORMS = (
    re.compile(rf"(?i)(?<!\d)(?P<d>\d{{1,2}})\.?\s*(?P<m>{'|'.join(_MONTHS)})(?![a-zæøå])\.?\s+(?P<y>\d{{4}})(?!\d)"),
    # not inside a longer number: "17.02.00" of the KLE number 17.02.00-A00-1-26 is no date
    re.compile(r"(?<![\w.\-/])(?P<d>\d{1,2})(?P<s>[-./])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![-./]?\w)"),
    re.compile(r"(?<![\w.\-/])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![-./]?\w)"),
)
_PLACE = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ.\- ]{0,40},(?:\s*d(?:en|\.))?")
_DATE_LABEL = re.compile(r"(?i)\b(?:dato|fakturadato|brevdato)\s*[:.]?$")
_IN_A_SENTENCE = re.compile(r"(?i)\b(?:den|d\.|af|fra|til|siden|senest|inden|efter|før|per|pr\.?)$")


def _letter_date(lines: list[_Line], page: _Page, today: date | None) -> tuple[Found, _Line] | None:
    best: tuple[float, Found, _Line] | None = None
    for line in lines:
        for form in _DATE_FORMS:
            for m in form.finditer(line.digits):
                month = m["m"]
                month = _MONTHS[month.lower()] if not month.isdigit() else int(month)
                year = int(m["y"])
                if year < 100:
                    year += 2000 if today is None or year <= today.year % 100 + 1 else 1900
                try:
                    when = date(year, month, int(m["d"]))
                except ValueError:
                    continue
                score, label = _date_score(line, m.start(), m.end(), page, when, today)
                found = Found(when.isoformat(), min(0.99, max(0.05, score)) * line.ocr_factor(m.start(), m.end()),
                              [line.box(m.start(), m.end())], label)  # fmt: skip
                if best is None or score > best[0]:
                    best = (score, found, line)
    return (best[1], best[2]) if best else None


def _date_score(line: _Line, start: int, end: int, page: _Page, when: date, today: date | None):
    """How much a date looks like the letter's own: a date line beats a date in a sentence."""
    prefix, suffix = line.text[:start].strip(), line.text[end:].strip(" .")
    score, label = 0.45, None
    if _PLACE.fullmatch(prefix) and not suffix:
        score += 0.35  # "Køge, 12. november 2026"
    elif _DATE_LABEL.search(prefix):
        score += 0.35
        label = _DATE_LABEL.search(prefix)[0].rstrip(" :.")
    elif not prefix and not suffix:
        score += 0.2
    elif _IN_A_SENTENCE.search(prefix):
        score -= 0.25
    if len(line.words) > 8:
        score -= 0.15
    if line.top - page.top < 0.4 * page.height:
        score += 0.1
    if line.left - page.left > 0.4 * page.width:
        score += 0.1  # right-aligned, where letters put the date line
    if today is not None:
        if when > today + timedelta(days=14):
            score -= 0.2
        elif when < today - timedelta(days=730):
            score -= 0.1
    return score, label


# --- the sender ---------------------------------------------------------------------

_POSTCODE_LINE = re.compile(r"(?:DK\s?-?\s?)?\d{4}\s+[A-ZÆØÅ][\wæøåÆØÅ]")
_CONTACT_LINE = re.compile(r"(?i)(?:tlf|telefon|mobil|e-?mail|mail|cvr|www\.)")
_NOT_ADDRESS = re.compile(r"(?i)^side \d|retur")


def _sender(lines: list[_Line], page: _Page, date_line: _Line | None) -> Found | None:
    """The first block at the top left (the recipient's window comes below it), cut after its postcode line."""
    blocks: list[list[_Line]] = []
    last: _Line | None = None
    for line in lines:
        if line.top >= page.top + 0.5 * page.height or len(line.words) > 8:
            break  # the body has begun
        if line is date_line:
            last = None  # a date line between blocks parts them
            continue
        if (line.left > page.left + 0.4 * page.width or _NOT_ADDRESS.search(line.text)
                or _CPR_LABEL.search(line.text) or _CASE_LABEL.search(line.text)
                or not re.search(r"[^\W\d_]{2}", line.text)):  # fmt: skip
            continue
        if (last is None or line.top - last.bottom > 1.2 * page.line_height
                or abs(line.left - blocks[-1][0].left) > 1.5 * page.line_height):  # fmt: skip
            blocks.append([line])
        else:
            blocks[-1].append(line)
        last = line
    if not blocks:
        return None
    block = blocks[0]
    ends = next((n for n, ln in enumerate(block) if _POSTCODE_LINE.match(ln.text)), None)
    if ends is not None:
        ends += 1
        while ends < len(block) and _CONTACT_LINE.match(block[ends].text):
            ends += 1
        block = block[:ends]
    block = block[:8]
    addressed = sum(1 for b in blocks if any(_POSTCODE_LINE.match(ln.text) for ln in b))
    confidence = 0.4 if ends is None else 0.8 if addressed >= 2 else 0.6
    factor = statistics.fmean(ln.ocr_factor() for ln in block)
    return Found("\n".join(ln.text for ln in block), confidence * factor, [ln.box() for ln in block])


# --- returned mail ------------------------------------------------------------------

_REASONS = {marker: printed for marker, (_reason, printed) in REASON_PHRASES.items()}
_REASONS["returtilafsender"] = "Retur til afsender"


@functools.lru_cache(maxsize=64)  # called with the few markers above only
def _letter_counts(marker: str) -> tuple[tuple[str, int], ...]:
    return tuple(Counter(marker).items())


def _near(marker: str, compact: str) -> bool:
    """`marker` in `compact` with an OCR slip or two: nearly all its letters, close together."""
    # SequenceMatcher is most of the time spent reading a page, and nearly every line lacks the
    # marker's letters. Matching blocks pair equal letters, each used once, so a line missing
    # more than 15 % of them can never pass the test below: same answer, without the matcher.
    missing = 0
    for letter, count in _letter_counts(marker):
        missing += max(0, count - compact.count(letter))
        if len(marker) - missing < 0.85 * len(marker):
            return False
    blocks = [b for b in SequenceMatcher(None, marker, compact, autojunk=False).get_matching_blocks() if b.size]
    if not blocks or sum(b.size for b in blocks) < 0.85 * len(marker):
        return False
    return blocks[-1].b + blocks[-1].size - blocks[0].b <= 1.3 * len(marker)


def _return_mail(lines: list[_Line]) -> Found | None:
    """The post's mark: a ticked box on its return sticker ("☒ Flyttet"), a stamp's reason
    ("Adressaten ubekendt"), a "RETUR" line, or a stamp word with its reason (most sure).
    Only short lines count: "returnerer vi beløbet" or "blev ikke afhentet" in a sentence is no stamp."""
    reason: tuple[float, str, _Line] | None = None
    stamp: _Line | None = None
    sticker_lines = 0
    # The post's sticker lists every reason: its labels are reasons only where a box is ticked.
    sticker = sum(1 for line in lines if len(line.words) <= 6 and sticker_label(line.text)) >= 3
    for line in lines:
        texts = [str(w.text) for w in line.words]
        short = len(line.words) <= 6
        if TICKED in texts or EMPTY in texts or sticker and short and sticker_label(line.text):
            label = sticker_label(" ".join(t for t in texts if t not in (TICKED, EMPTY)))
            if label and short:
                sticker_lines += 1
                if TICKED in texts and (reason is None or reason[0] < 0.97):
                    reason = (0.97, label[1], line)
            continue  # an unticked box's label is no reason
        compact = re.sub(r"[^a-zæøå]", "", line.text.lower())
        line_reason = None
        # read again from a stamp: its line may hold the remains of the text under it
        from_stamp = any(getattr(w, "block", 0) >= STAMP_BLOCK for w in line.words)
        if short or from_stamp:
            for marker, printed in _REASONS.items():
                score = 0.9 if marker in compact else 0.75 if _near(marker, compact) else 0.0
                if score and (line_reason is None or score > line_reason[0]):
                    line_reason = (score, printed, line)
        if line_reason is None and from_stamp and not sticker:
            # the reason's telling word, when the rest is lost under the text ("aten ubekendt")
            word = reason_word(line.text)
            line_reason = (0.7, word[1], line) if word else None
        if line_reason and (reason is None or line_reason[0] > reason[0]):
            reason = line_reason
        # A stamp's RETUR among specks read as "|", or read again from the stamp over the text
        # (its line holds the text's remains: no length limit there)
        shouted = any(shouted_retur(t) for t in texts)
        if stamp is None and (short and (compact in STAMP_WORDS or compact.startswith("retur") and line_reason)
                              or shouted and (short or from_stamp)):
            stamp = line
    if reason is None and stamp is None:
        if sticker_lines >= 2:  # the post's sticker with no box ticked
            return Found("Retur", 0.8, [])
        return None
    if reason is None:
        compact = re.sub(r"[^a-zæøå]", "", stamp.text.lower())
        confidence = 0.8 if stamp.text.isupper() else 0.7  # a stamp shouts; "Retur" in a list does not
        return Found(STAMP_WORDS.get(compact, "Retur"), confidence * stamp.ocr_factor(), [stamp.box()])
    score, printed, line = reason
    boxes = [line.box()]
    if stamp is not None:
        score = max(score, 0.95)
        if stamp is not line:
            boxes.insert(0, stamp.box())
    return Found(printed, score * line.ocr_factor(), boxes)


# --- all together -------------------------------------------------------------------


def extract_fields(words: Iterable[WordLike] | str, *, case_patterns: Iterable[str] = DEFAULT_PATTERNS,
                   today: date | None = None) -> Fields:  # fmt: skip
    """The fields on one page, from its OCR words (page pixels) or from plain text.

    `case_patterns` are regular expressions for the site's case numbers (casenumbers.DEFAULT_PATTERNS:
    2017-0289209, 13/44080, KLE 00.01.00-A00-1-26); `today` makes dates far in the future or
    past less likely to be the letter's date.
    """
    if isinstance(words, str):
        words = words_from_text(words)
    lines = _lines([w for w in words if str(w.text).strip()])
    if not lines:
        return Fields()
    page = _Page.of(lines)
    dated = _letter_date(lines, page, today)
    fields = Fields(
        cprs=_cprs(lines),
        case_numbers=_case_numbers(lines, tuple(case_patterns)),
        letter_date=dated[0] if dated else None,
        sender=_sender(lines, page, dated[1] if dated else None),
        return_mail=_return_mail(lines),
    )
    log.debug("fields: %d CPR, %d case numbers, date %s, sender %s, return mail %s",
              len(fields.cprs), len(fields.case_numbers), fields.letter_date is not None,
              fields.sender is not None, fields.return_mail is not None)  # counts only: never a value
    return fields
