"""Cover sheets and separator sheets: what their codes say, and the printable sheets themselves.

A cover sheet goes in front of a letter and says where it goes. Its QR code and its Code 128
carry the same text, so reading either one is enough:

    SSCS1|r=jobcenter|c=2017-0289209|t=ans%C3%B8gning|n=Ring%20efter%2014

`SSCS` marks the code as ours and `1` is the format version; then `key=value` fields: r the
recipient id (required), c the case number, t the document type, n a note. Values are
percent-encoded UTF-8 outside a small safe alphabet, so the text stays plain ASCII (Code 128
and every QR reader agree on that) and `|` can never be smuggled into a value. A separator
sheet carries `SSSEP1` and a Kodak Patch T (see patchcode.py).

Every code the station prints ends in a signature, `|s=` and eight base32 characters: the first 40
bits of HMAC-SHA256 over the text before it, with the site key IT sets (`separation.site_key`).
Anybody can print `SSCS1|r=byggeri` on a letter; only the site can print the signature that goes
with it. `read_sheet_codes` trusts a code only when its signature is right; an unsigned code is
trusted only while the site allows old sheets (`separation.accept_unsigned_sheets`, for a site
that is changing over). Any other code that looks like ours is a foreign barcode and a warning,
never routing data. (A photocopy of a genuine sheet is still genuine; a genuine code on a page
that also carries a letter's text is caught by sheet_text.py.)

Anything on a page without our prefix is somebody else's barcode and is ignored quietly. A code
with our prefix that does not parse is logged with the reason and ignored: a mangled or forged
sheet must not route a letter. Values are never logged, only masked excerpts (no CPR in logs).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image

from ..recipients import ID_RE
from . import patchcode

log = logging.getLogger("scanstation.coversheet")

COVER_PREFIX = "SSCS"
SEPARATOR_PREFIX = "SSSEP"
VERSION = "1"
SEPARATOR_PAYLOAD = f"{SEPARATOR_PREFIX}{VERSION}"

MAX_PAYLOAD = 400  # characters of code text; a longer one is not ours, whatever it starts with
MAX_CASE_NUMBER = 40
MAX_DOCUMENT_TYPE = 40
MAX_NOTE = 120

# Case numbers come as 2017-0289209, 13/44080 or 00.01.00-A00-1-26: "/" is allowed, but never
# first, never doubled and never "..": a case number may end up in a folder or file name.
CASE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./-]*\Z")  # \Z: "$" would let a final line break in
DOCUMENT_TYPE_RE = re.compile(r"^[^\W_][\w .-]*\Z")  # "ansøgning", "klage", "aktindsigt 2"
_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._/:,()+ ")
_FIELDS = {"r": "recipient_id", "c": "case_number", "t": "document_type", "n": "note"}
SIGNATURE_KEY = "s"
SIGNATURE_LENGTH = 8  # base32 characters: 40 bits (a forger guesses 1 in 10^12), 11 more on the Code 128
_SIGNATURE_RE = re.compile(rf"^[A-Z2-7]{{{SIGNATURE_LENGTH}}}\Z")


@dataclass(frozen=True)
class CoverSheet:
    """Routing data printed on a cover sheet. Invalid values raise ValueError on creation."""

    recipient_id: str
    case_number: str | None = None
    document_type: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem:
            raise ValueError(problem)


@dataclass(frozen=True)
class Separator:
    """A separator sheet: the next page starts a new document."""


def _problem(sheet: CoverSheet) -> str | None:
    """Why `sheet` cannot be printed or trusted; None when it is fine. Never quotes a value."""
    for name in _FIELDS.values():
        value = getattr(sheet, name)
        if value is not None and not isinstance(value, str):
            return f"{name} is not text"
    if not isinstance(sheet.recipient_id, str) or not ID_RE.match(sheet.recipient_id):
        return "recipient id must be 1-64 lower-case letters, digits, '.', '_' or '-'"
    case = sheet.case_number
    if case is not None:
        if len(case) > MAX_CASE_NUMBER:
            return f"case number longer than {MAX_CASE_NUMBER} characters"
        if not CASE_RE.match(case) or ".." in case or "//" in case:
            return "case number has characters or a path-like form not allowed in a case number"
    kind = sheet.document_type
    if kind is not None:
        if len(kind) > MAX_DOCUMENT_TYPE:
            return f"document type longer than {MAX_DOCUMENT_TYPE} characters"
        if not DOCUMENT_TYPE_RE.match(kind) or ".." in kind:
            return "document type has characters not allowed in a document type"
    note = sheet.note
    if note is not None:
        if len(note) > MAX_NOTE:
            return f"note longer than {MAX_NOTE} characters"
        if not note.isprintable():
            return "note has control characters"
    length = len(_payload(sheet)) + len(f"|{SIGNATURE_KEY}=") + SIGNATURE_LENGTH  # as printed: signed
    if length > MAX_PAYLOAD:
        # Non-ASCII letters take 6-12 characters once escaped: a long Danish note can overflow.
        return f"the code text would be {length} characters, more than {MAX_PAYLOAD}; shorten the note or the document type"
    return None


# --- the code text --------------------------------------------------------------------


def encode_payload(sheet: CoverSheet | Separator, key: str | None = None) -> str:
    """The code text for `sheet`: `SSCS1|r=...` or `SSSEP1`, signed with the site `key`
    (`...|s=ABCDEFGHIJ`). Without a key the code is unsigned: what sheets printed before
    signing carried; a station takes it only while accept_unsigned_sheets is on."""
    if isinstance(sheet, Separator):
        body = SEPARATOR_PAYLOAD
    else:
        problem = _problem(sheet)
        if problem:
            raise ValueError(problem)
        body = _payload(sheet)
    return body if key is None else f"{body}|{SIGNATURE_KEY}={signature(body, key)}"


def signature(body: str, key: str) -> str:
    """The signature of a code's text (without its own `|s=` field) under the site `key`."""
    if not isinstance(key, str) or not key:
        raise ValueError("no site key to sign the sheet with")
    digest = hmac.new(key.encode("utf-8"), body.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:SIGNATURE_LENGTH]


def _payload(sheet: CoverSheet) -> str:
    parts = [f"{COVER_PREFIX}{VERSION}", f"r={sheet.recipient_id}"]
    for key, name in list(_FIELDS.items())[1:]:
        value = getattr(sheet, name)
        if value is not None:
            parts.append(f"{key}={_escape(value)}")
    return "|".join(parts)


def parse_payload(text: str) -> CoverSheet | Separator | None:
    """The sheet a code's text describes; None for a foreign code (quietly) or a bad one (logged).

    Only what the code claims: whether this site printed it is read_sheet_codes' question."""
    if not isinstance(text, str) or not text.startswith((COVER_PREFIX, SEPARATOR_PREFIX)):
        return None
    try:
        return _parse(text)
    except _Rejected as exc:
        log.warning("ignored a cover/separator sheet code: %s [%s]", exc, _masked(text))
        return None


UNSIGNED = "unsigned"
WRONG_SIGNATURE = "wrong signature"


@dataclass(frozen=True)
class RefusedCode:
    """A well-formed code of ours that this site did not sign: a foreign barcode, not a sheet."""

    kind: str  # "cover_sheet" or "separator"
    why: str  # UNSIGNED or WRONG_SIGNATURE

    @property
    def warning(self) -> str:
        """One sentence for the clerk (no value from the code: it may carry anything)."""
        what = "a cover sheet" if self.kind == "cover_sheet" else "a separator sheet"
        how = "without a signature" if self.why == UNSIGNED else "with a signature that is not this site's"
        return (f"the page carries the code of {what} that this site did not print ({how}): "
                "it is kept as a page of the letter and not used for routing")


@dataclass(frozen=True)
class SheetCodes:
    sheets: tuple[CoverSheet | Separator, ...] = ()  # trusted: signed with the site key (or allowed unsigned)
    refused: tuple[RefusedCode, ...] = ()  # looked like ours but were not signed by this site


def read_sheet_codes(values: Iterable[str], key: str | None, *, accept_unsigned: bool = False) -> SheetCodes:
    """Our sheets among a page's barcode texts, once each (the QR and the Code 128 say the
    same), and the codes that look like ours but are not signed with the site `key`.

    `key` None (no site key is set): no signature can be checked, so only unsigned codes can
    be taken, and only with `accept_unsigned`."""
    sheets: list[CoverSheet | Separator] = []
    refused: list[RefusedCode] = []
    for value in values:
        sheet = parse_payload(value)
        if sheet is None:
            continue
        body, printed = _split_signature(value)
        if printed is None:
            trusted, why = accept_unsigned, UNSIGNED
        else:
            trusted = key is not None and hmac.compare_digest(signature(body, key), printed)
            why = WRONG_SIGNATURE
        if trusted:
            if sheet not in sheets:
                sheets.append(sheet)
            continue
        kind = "separator" if isinstance(sheet, Separator) else "cover_sheet"
        log.warning("a %s code %s: taken as a foreign barcode [%s]", kind.replace("_", " "),
                    "without a signature" if why == UNSIGNED else "with a wrong signature", _masked(value))
        if RefusedCode(kind, why) not in refused:
            refused.append(RefusedCode(kind, why))
    return SheetCodes(tuple(sheets), tuple(refused))


def _split_signature(text: str) -> tuple[str, str | None]:
    """(the signed text, the signature) of a well-formed code; (text, None) when unsigned."""
    body, sep, last = text.rpartition("|")
    if sep and last.startswith(f"{SIGNATURE_KEY}="):
        return body, last[len(SIGNATURE_KEY) + 1 :]
    return text, None


class _Rejected(ValueError):
    pass


def _parse(text: str) -> CoverSheet | Separator:
    if len(text) > MAX_PAYLOAD:
        raise _Rejected(f"code text is {len(text)} characters, more than {MAX_PAYLOAD}")
    if any(not (" " <= ch <= "~") for ch in text):
        raise _Rejected("code text has characters outside printable ASCII (control, non-ASCII or broken bytes)")
    head, *fields = text.split("|")
    if fields and fields[-1].startswith(f"{SIGNATURE_KEY}="):
        if not _SIGNATURE_RE.match(fields.pop()[len(SIGNATURE_KEY) + 1 :]):
            raise _Rejected(f"the signature is not {SIGNATURE_LENGTH} characters A-Z, 2-7")
    if head.startswith(SEPARATOR_PREFIX):
        _check_version(head[len(SEPARATOR_PREFIX) :])
        if fields:
            raise _Rejected("a separator code has no fields but its signature")
        return Separator()
    _check_version(head[len(COVER_PREFIX) :])
    values: dict[str, str] = {}
    for field in fields:
        key, sep, raw = field.partition("=")
        if not sep:
            raise _Rejected("a field without '='")
        if key == SIGNATURE_KEY:
            raise _Rejected("the signature is not the last field")
        if key not in _FIELDS:
            raise _Rejected(f"unknown field key {_masked(key, 8)!r}")
        if _FIELDS[key] in values:
            raise _Rejected(f"field {key!r} given twice")
        values[_FIELDS[key]] = _unescape(raw, key)
    if "recipient_id" not in values:
        raise _Rejected("no recipient (field 'r')")
    try:
        return CoverSheet(**values)
    except ValueError as exc:
        raise _Rejected(str(exc)) from None


def _check_version(version: str) -> None:
    if version != VERSION:
        if version.isdigit() and len(version) <= 3:
            raise _Rejected(f"unknown format version {version} (this ScanStation reads version {VERSION})")
        raise _Rejected("malformed prefix")


def _escape(value: str) -> str:
    return "".join(ch if ch in _SAFE else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in value)


_ESCAPE_RE = re.compile(r"%([0-9A-Fa-f]{2})")


def _unescape(raw: str, key: str) -> str:
    """Strictly the inverse of _escape: a character it would have escaped, found bare, is not ours."""
    if raw.count("%") != len(_ESCAPE_RE.findall(raw)):
        raise _Rejected(f"bad %-escape in field {key!r}")
    if any(ch not in _SAFE for ch in raw.replace("%", "")):
        raise _Rejected(f"field {key!r} has a character that should have been %-escaped")
    data = bytearray()
    pos = 0
    for match in _ESCAPE_RE.finditer(raw):
        data += raw[pos : match.start()].encode("ascii")
        data.append(int(match.group(1), 16))
        pos = match.end()
    data += raw[pos:].encode("ascii")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Rejected(f"field {key!r} is not valid UTF-8 once unescaped") from None


def _masked(text: str, limit: int = 48) -> str:
    """A short excerpt fit for a log: digits as '#', so no CPR or case number leaks; controls escaped."""
    cut = text[:limit]
    shown = "".join("#" if ch.isdigit() else ch if ch.isprintable() else f"\\x{ord(ch) & 0xFF:02x}" for ch in cut)
    return shown + (f"... ({len(text)} chars)" if len(text) > limit else "")


def sheets_on_page(values: Iterable[str], key: str | None, *,
                   accept_unsigned: bool = False) -> list[CoverSheet | Separator]:  # fmt: skip
    """The sheets among a page's barcode texts that this site printed (read_sheet_codes)."""
    return list(read_sheet_codes(values, key, accept_unsigned=accept_unsigned).sheets)


# --- printing ---------------------------------------------------------------------------

CODE128_MODULES_MM = (0.3, 0.25)  # widest first; at 200 dpi 0.25 mm is still two pixels
CODE128_MAX_WIDTH_MM = 190.0  # centred on A4: 10 mm left each side, more than a printer's margin
QR_SIZE_MM = 50.0


def render_cover_sheet_pdf(sheet: CoverSheet, recipient_name: str | None = None, *, key: str | None) -> bytes:
    """One A4 cover sheet as PDF (vector: crisp in print), its codes signed with the site `key`
    (None: unsigned, as sheets were before signing; only for tests of that)."""
    return render_cover_sheets_pdf([(sheet, recipient_name)], key=key)


def render_cover_sheets_pdf(sheets: Iterable[tuple[CoverSheet, str | None]], *, key: str | None) -> bytes:
    """Several cover sheets, one per page: a stack for a recipient list."""
    canvas, out = _canvas()
    pages = 0
    for sheet, name in sheets:
        _draw_cover_sheet(canvas, sheet, name, key)
        canvas.showPage()
        pages += 1
    if not pages:
        raise ValueError("no cover sheets to print")
    canvas.save()
    return out.getvalue()


def render_separator_sheet_pdf(*, key: str | None) -> bytes:
    """A separator sheet: our separator code, a Patch T, and SKILLEARK in large type."""
    canvas, out = _canvas()
    _draw_separator_sheet(canvas, key)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def render_cover_sheet_image(sheet: CoverSheet, recipient_name: str | None = None, dpi: int = 300,
                             mode: str = "L", *, key: str | None) -> Image.Image:  # fmt: skip
    """The cover sheet as a scanner would see it (without the scanner's noise)."""
    return _rasterize(render_cover_sheet_pdf(sheet, recipient_name, key=key), dpi, mode)


def render_separator_sheet_image(dpi: int = 300, mode: str = "L", *, key: str | None) -> Image.Image:
    return _rasterize(render_separator_sheet_pdf(key=key), dpi, mode)


# What the sheets print besides their values: sheet_text.py tells a sheet from a letter that
# carries one of our codes by the words a sheet does not print.
COVER_TITLE = "FORSIDE / COVER SHEET"
COVER_INSTRUCTION = "Læg dette ark foran brevet / Put this sheet in front of the letter"
COVER_LABELS = {"recipient": "Modtager", "recipient_id": "Modtager-id", "case_number": "Sagsnr.",
                "document_type": "Dokumenttype", "note": "Note"}
COVER_FOOTER = "ScanStation forside: koderne bærer de samme data som teksten ovenfor."
SEPARATOR_TITLE = "SKILLEARK"
SEPARATOR_SUBTITLE = "SEPARATOR SHEET · Patch T"
SEPARATOR_INSTRUCTION = "Læg dette ark mellem to breve / Put this sheet between two letters"
PRINTED_WORDS = (COVER_TITLE, COVER_INSTRUCTION, *COVER_LABELS.values(), COVER_FOOTER, SEPARATOR_TITLE,
                 SEPARATOR_SUBTITLE, SEPARATOR_INSTRUCTION)


def _canvas():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle("ScanStation")
    canvas.setCreator("ScanStation")
    return canvas, out


def _draw_cover_sheet(canvas, sheet: CoverSheet, name: str | None, key: str | None) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    width, height = A4
    payload = encode_payload(sheet, key)
    canvas.setFont("Helvetica-Bold", 30)
    canvas.drawString(20 * mm, height - 30 * mm, COVER_TITLE)
    canvas.setFont("Helvetica", 14)
    canvas.drawString(20 * mm, height - 40 * mm, COVER_INSTRUCTION)

    y = height - 62 * mm
    labels = COVER_LABELS
    rows = [(labels["recipient"], name or sheet.recipient_id), (labels["recipient_id"], sheet.recipient_id)]
    rows += [(labels["case_number"], sheet.case_number), (labels["document_type"], sheet.document_type)]
    for label, value in rows:
        if not value:
            continue
        canvas.setFont("Helvetica", 12)
        canvas.drawString(20 * mm, y + 8 * mm, label)
        size = _fit(canvas, value, "Helvetica-Bold", 26, 110 * mm)
        canvas.setFont("Helvetica-Bold", size)
        canvas.drawString(20 * mm, y, value)
        y -= 20 * mm
    if sheet.note:
        canvas.setFont("Helvetica", 12)
        canvas.drawString(20 * mm, y + 8 * mm, labels["note"])
        canvas.setFont("Helvetica", 14)
        for line in _wrap(canvas, sheet.note, "Helvetica", 14, 170 * mm):
            canvas.drawString(20 * mm, y, line)
            y -= 7 * mm

    _draw_qr(canvas, payload, width - 20 * mm - QR_SIZE_MM * mm, height - 55 * mm - QR_SIZE_MM * mm)
    _draw_code128(canvas, payload, 40 * mm)
    canvas.setFont("Helvetica", 8)
    canvas.drawCentredString(width / 2, 15 * mm, COVER_FOOTER)


def _draw_separator_sheet(canvas, key: str | None) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    width, height = A4
    for offset, thickness in patchcode.patch_bars("T"):
        top = height - (patchcode.TOP_MM + offset) * mm
        canvas.rect(patchcode.LEFT_MM * mm, top - thickness * mm, (patchcode.RIGHT_MM - patchcode.LEFT_MM) * mm,
                    thickness * mm, stroke=0, fill=1)  # fmt: skip
    canvas.setFont("Helvetica-Bold", 72)
    canvas.drawCentredString(width / 2, height - 100 * mm, SEPARATOR_TITLE)
    canvas.setFont("Helvetica", 20)
    canvas.drawCentredString(width / 2, height - 115 * mm, SEPARATOR_SUBTITLE)
    canvas.setFont("Helvetica", 12)
    canvas.drawCentredString(width / 2, height - 127 * mm, SEPARATOR_INSTRUCTION)
    payload = encode_payload(Separator(), key)
    _draw_qr(canvas, payload, (width - QR_SIZE_MM * mm) / 2, 90 * mm)
    _draw_code128(canvas, payload, 45 * mm)


def _draw_qr(canvas, payload: str, x: float, y: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm

    widget = QrCodeWidget(payload, barLevel="M", barBorder=4)
    x0, y0, x1, y1 = widget.getBounds()
    size = QR_SIZE_MM * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def code128_module_mm(payload: str) -> float | None:
    """The module width the Code 128 is printed at, or None when the text is too long for one."""
    from reportlab.graphics.barcode.code128 import Code128
    from reportlab.lib.units import mm

    for module in CODE128_MODULES_MM:
        if Code128(payload, barWidth=module * mm, quiet=1).width <= CODE128_MAX_WIDTH_MM * mm:
            return module
    return None


def _draw_code128(canvas, payload: str, y: float) -> None:
    """The Code 128, centred; left out (the QR code alone carries the data) when it would not fit."""
    from reportlab.graphics.barcode.code128 import Code128
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    module = code128_module_mm(payload)
    if module is None:
        return
    code = Code128(payload, barWidth=module * mm, barHeight=15 * mm, quiet=1)
    code.drawOn(canvas, (A4[0] - code.width) / 2, y)
    canvas.setFont("Courier", 9)
    canvas.drawCentredString(A4[0] / 2, y - 5 * mm, payload)


def _fit(canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 10 and canvas.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _wrap(canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and canvas.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])


def _rasterize(pdf: bytes, dpi: int, mode: str) -> Image.Image:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    if mode == "1":
        return image.convert("L").point(lambda v: 255 if v > 127 else 0).convert("1")
    return image.convert(mode)
