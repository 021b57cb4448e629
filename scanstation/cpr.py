"""CPR numbers (the Danish personal id): checking and masking. Never log one."""

from __future__ import annotations

import re
from datetime import date

CPR_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})\Z", re.ASCII)  # ASCII: "٠١٠١٩٠-١٢٣٤" is no CPR number


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
    return f"{cpr[:6]}-****" if cpr else ""
