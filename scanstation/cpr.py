"""CPR numbers (the Danish personal id): checking, finding in text, masking. Never log one.

One masked form for the whole product: the birth date stays readable, the four serial
digits become `****` (`010190-****`). It is what the confirm form, the search results,
`documents`, the log, the journal's events and stderr show.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from datetime import date

CPR_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})\Z", re.ASCII)  # ASCII: "٠١٠١٩٠-١٢٣٤" is no CPR number
MASK = "****"

# A CPR number inside other text: six digits, an optional dash (or en dash) with optional
# spaces around it, four digits; no digit right before or after. ASCII digits only.
_CPR_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{6})( ?[-\u2013]? ?)([0-9]{4})(?![0-9])")
# A checksum or hash (sha256, an audit hash) is no CPR number, whatever ten digits it happens to hold.
_HEX_RUN = re.compile(r"[0-9a-fA-F]{16,}")


def normalize_cpr(text: str) -> str | None:
    """`0101901234` or `010190-1234` -> `010190-1234` when the first six digits are a real date."""
    match = CPR_RE.match(text.strip())
    if not match:
        return None
    day, month, year2, serial = match.groups()
    # The 7th digit and the two-digit year give the century (CPR office's table).
    seventh, yy = int(serial[0]), int(year2)
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        date(century + yy, int(month), int(day))
    except ValueError:
        return None
    return f"{day}{month}{year2}-{serial}"


def mask_cpr(cpr: str | None) -> str:
    """`010190-1234` -> `010190-****`: the birth date stays readable for the clerk."""
    return f"{cpr[:6]}-{MASK}" if cpr else ""


def _cprs_in(text: str) -> Iterator[re.Match]:
    hex_runs = [m.span() for m in _HEX_RUN.finditer(text)]
    for match in _CPR_IN_TEXT.finditer(text):
        if any(start <= match.start() and match.end() <= end for start, end in hex_runs):
            continue
        if normalize_cpr(match[1] + match[3]) is not None:
            yield match


def find_cprs(text: str, *, ignore: str = "") -> list[str]:
    """Every CPR number (a real date in its first six digits) in `text`, normalized.
    Characters in `ignore` (a search's highlight marks) are looked through."""
    plain = text.translate({ord(c): None for c in ignore}) if ignore else text
    return [normalize_cpr(m[1] + m[3]) for m in _cprs_in(plain)]


def mask_cprs(text: str, *, ignore: str = "") -> str:
    """The serial digits of every CPR number in `text` become `*`: `trunc 210895-1096.png` ->
    `trunc 210895-****.png`. Everything else stays as it was, so a file name or a message
    still reads. Characters in `ignore` are looked through (`[210895]-1096` is found) and kept."""
    if not text:
        return text
    kept = [i for i, c in enumerate(text) if c not in ignore] if ignore else None
    plain = "".join(text[i] for i in kept) if kept is not None else text
    out = list(text)
    for match in _cprs_in(plain):
        for i in range(match.start(3), match.end(3)):
            out[kept[i] if kept is not None else i] = "*"
    return "".join(out)


def mask_cprs_in(value):
    """`mask_cprs` through a JSON-like value: every string in dicts and lists, keys too."""
    if isinstance(value, str):
        return mask_cprs(value)
    if isinstance(value, dict):
        return {mask_cprs_in(k): mask_cprs_in(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_cprs_in(v) for v in value]
    return value


def cpr_digest(key: bytes, cpr: str) -> str:
    """What the audit trail keeps of a CPR number: a keyed hash (HMAC-SHA256, 16 hex digits).
    Without the key there are too few numbers per birth date for a plain hash to hide one;
    with it, a supervisor who has the number can find who looked it up."""
    normalized = normalize_cpr(cpr) or cpr.strip()
    return hmac.new(key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
