"""The recipient directory: the teams and functional mailboxes post is routed to."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import resources_dir

if TYPE_CHECKING:  # the journal (and SQLite tooling) stays out of page workers, which read ID_RE
    from .journal import Recipient

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}\Z")  # \Z: "$" would let a final line break in
DEFAULT_DIRECTORY = resources_dir() / "recipients.csv"


class DirectoryError(ValueError):
    """The CSV file cannot be used; the message names the file and line."""


def parse_directory(text: str, source: str = "recipients.csv") -> list[Recipient]:
    """Read `id,name,keywords` rows (keywords `;`-separated). All-or-nothing: any bad row fails."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"id", "name"} <= {f.strip().lower() for f in reader.fieldnames}:
        raise DirectoryError(f"{source}: the first line must be the header id,name,keywords")
    from .journal import Recipient

    recipients: dict[str, Recipient] = {}
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        rid, name = row.get("id", "").lower(), row.get("name", "")
        if not ID_RE.match(rid):
            raise DirectoryError(f"{source} line {line}: id {rid!r} must be lower-case letters, digits, '-', '_' or '.'")
        if not name or len(name) > 200:
            raise DirectoryError(f"{source} line {line}: the name is missing or too long")
        if rid in recipients:
            raise DirectoryError(f"{source} line {line}: id {rid!r} appears twice")
        keywords = ";".join(k.strip() for k in row.get("keywords", "").split(";") if k.strip())
        recipients[rid] = Recipient(rid, name, keywords, 1)
    if not recipients:
        raise DirectoryError(f"{source}: no recipients in the file")
    return list(recipients.values())


def read_directory(path: Path) -> list[Recipient]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DirectoryError(f"{path}: cannot be read ({exc})") from exc
    return parse_directory(text, str(path))
