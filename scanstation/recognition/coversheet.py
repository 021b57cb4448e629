"""Cover sheets and separator sheets: what their codes say, and the printable sheets themselves.

A cover sheet goes in front of a letter and says where it goes. Its QR code and its Code 128
carry the same text, so reading either one is enough:

    SSCS1|r=jobcenter|c=2017-0289209|t=ans%C3%B8gning|n=Ring%20efter%2014

`SSCS` marks the code as ours and `1` is the format version; then `key=value` fields: r the
recipient id (required), c the case number, t the document type, n a note. Values are
percent-encoded UTF-8 outside a small safe alphabet, so the text stays plain ASCII (Code 128
and every QR reader agree on that) and `|` can never be smuggled into a value. A separator
sheet carries `SSSEP1` and a Kodak Patch T (see patchcode.py).

Anything on a page without our prefix is somebody else's barcode and is ignored quietly. A code
with our prefix that does not parse is logged with the reason and ignored: a mangled or forged
sheet must not route a letter. Values are never logged, only masked excerpts (no CPR in logs).
"""

from __future__ import annotations

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
    length = len(_payload(sheet))
    if length > MAX_PAYLOAD:
        # Non-ASCII letters take 6-12 characters once escaped: a long Danish note can overflow.
        return f"the code text would be {length} characters, more than {MAX_PAYLOAD}; shorten the note or the document type"
    return None


# --- the code text --------------------------------------------------------------------


def encode_payload(sheet: CoverSheet | Separator) -> str:
    """The code text for `sheet`: `SSCS1|r=...` or `SSSEP1`."""
    if isinstance(sheet, Separator):
        return SEPARATOR_PAYLOAD
    problem = _problem(sheet)
    if problem:
        raise ValueError(problem)
    return _payload(sheet)


def _payload(sheet: CoverSheet) -> str:
    parts = [f"{COVER_PREFIX}{VERSION}", f"r={sheet.recipient_id}"]
    for key, name in list(_FIELDS.items())[1:]:
        value = getattr(sheet, name)
        if value is not None:
            parts.append(f"{key}={_escape(value)}")
    return "|".join(parts)


def parse_payload(text: str) -> CoverSheet | Separator | None:
    """The sheet a code's text describes; None for a foreign code (quietly) or a bad one (logged)."""
    if not isinstance(text, str) or not text.startswith((COVER_PREFIX, SEPARATOR_PREFIX)):
        return None
    try:
        return _parse(text)
    except _Rejected as exc:
        log.warning("ignored a cover/separator sheet code: %s [%s]", exc, _masked(text))
        return None


class _Rejected(ValueError):
    pass


def _parse(text: str) -> CoverSheet | Separator:
    if len(text) > MAX_PAYLOAD:
        raise _Rejected(f"code text is {len(text)} characters, more than {MAX_PAYLOAD}")
    if any(not (" " <= ch <= "~") for ch in text):
        raise _Rejected("code text has characters outside printable ASCII (control, non-ASCII or broken bytes)")
    head, *fields = text.split("|")
    if head.startswith(SEPARATOR_PREFIX):
        _check_version(head[len(SEPARATOR_PREFIX) :])
        if fields:
            raise _Rejected("a separator code has no fields")
        return Separator()
    _check_version(head[len(COVER_PREFIX) :])
    values: dict[str, str] = {}
    for field in fields:
        key, sep, raw = field.partition("=")
        if not sep:
            raise _Rejected("a field without '='")
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


def sheets_on_page(values: Iterable[str]) -> list[CoverSheet | Separator]:
    """Our sheets among a page's barcode texts, once each (the QR and the Code 128 say the same)."""
    found: list[CoverSheet | Separator] = []
    for value in values:
        sheet = parse_payload(value)
        if sheet is not None and sheet not in found:
            found.append(sheet)
    return found


# --- printing ---------------------------------------------------------------------------

CODE128_MODULES_MM = (0.3, 0.25)  # widest first; at 200 dpi 0.25 mm is still two pixels
CODE128_MAX_WIDTH_MM = 180.0
QR_SIZE_MM = 50.0


def render_cover_sheet_pdf(sheet: CoverSheet, recipient_name: str | None = None) -> bytes:
    """One A4 cover sheet as PDF (vector: crisp in print)."""
    return render_cover_sheets_pdf([(sheet, recipient_name)])


def render_cover_sheets_pdf(sheets: Iterable[tuple[CoverSheet, str | None]]) -> bytes:
    """Several cover sheets, one per page: a stack for a recipient list."""
    canvas, out = _canvas()
    pages = 0
    for sheet, name in sheets:
        _draw_cover_sheet(canvas, sheet, name)
        canvas.showPage()
        pages += 1
    if not pages:
        raise ValueError("no cover sheets to print")
    canvas.save()
    return out.getvalue()


def render_separator_sheet_pdf() -> bytes:
    """A separator sheet: our separator code, a Patch T, and SKILLEARK in large type."""
    canvas, out = _canvas()
    _draw_separator_sheet(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def render_cover_sheet_image(sheet: CoverSheet, recipient_name: str | None = None, dpi: int = 300,
                             mode: str = "L") -> Image.Image:  # fmt: skip
    """The cover sheet as a scanner would see it (without the scanner's noise)."""
    return _rasterize(render_cover_sheet_pdf(sheet, recipient_name), dpi, mode)


def render_separator_sheet_image(dpi: int = 300, mode: str = "L") -> Image.Image:
    return _rasterize(render_separator_sheet_pdf(), dpi, mode)


def _canvas():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle("ScanStation")
    canvas.setCreator("ScanStation")
    return canvas, out


def _draw_cover_sheet(canvas, sheet: CoverSheet, name: str | None) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    width, height = A4
    payload = encode_payload(sheet)
    canvas.setFont("Helvetica-Bold", 30)
    canvas.drawString(20 * mm, height - 30 * mm, "FORSIDE / COVER SHEET")
    canvas.setFont("Helvetica", 14)
    canvas.drawString(20 * mm, height - 40 * mm, "Læg dette ark foran brevet / Put this sheet in front of the letter")

    y = height - 62 * mm
    rows = [("Modtager", name or sheet.recipient_id), ("Modtager-id", sheet.recipient_id)]
    rows += [("Sagsnr.", sheet.case_number), ("Dokumenttype", sheet.document_type)]
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
        canvas.drawString(20 * mm, y + 8 * mm, "Note")
        canvas.setFont("Helvetica", 14)
        for line in _wrap(canvas, sheet.note, "Helvetica", 14, 170 * mm):
            canvas.drawString(20 * mm, y, line)
            y -= 7 * mm

    _draw_qr(canvas, payload, width - 20 * mm - QR_SIZE_MM * mm, height - 55 * mm - QR_SIZE_MM * mm)
    _draw_code128(canvas, payload, 40 * mm)
    canvas.setFont("Helvetica", 8)
    canvas.drawCentredString(width / 2, 15 * mm, "ScanStation forside: koderne bærer de samme data som teksten ovenfor.")


def _draw_separator_sheet(canvas) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    width, height = A4
    for offset, thickness in patchcode.patch_bars("T"):
        top = height - (patchcode.TOP_MM + offset) * mm
        canvas.rect(patchcode.LEFT_MM * mm, top - thickness * mm, (patchcode.RIGHT_MM - patchcode.LEFT_MM) * mm,
                    thickness * mm, stroke=0, fill=1)  # fmt: skip
    canvas.setFont("Helvetica-Bold", 72)
    canvas.drawCentredString(width / 2, height - 100 * mm, "SKILLEARK")
    canvas.setFont("Helvetica", 20)
    canvas.drawCentredString(width / 2, height - 115 * mm, "SEPARATOR SHEET · Patch T")
    canvas.setFont("Helvetica", 12)
    canvas.drawCentredString(width / 2, height - 127 * mm, "Læg dette ark mellem to breve / Put this sheet between two letters")
    _draw_qr(canvas, SEPARATOR_PAYLOAD, (width - QR_SIZE_MM * mm) / 2, 90 * mm)
    _draw_code128(canvas, SEPARATOR_PAYLOAD, 45 * mm)


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
