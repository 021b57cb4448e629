"""The recipient directory: the teams and functional mailboxes post is routed to.

The file is a CSV with the header `id,name,keywords` (keywords `;`-separated), as written by
hand or saved from Excel: UTF-8 with or without a BOM, UTF-16 with a BOM ("Unicode text"), or
Windows-1252 (a Danish Excel's plain "CSV"); fields separated by commas, semicolons (a Danish
Excel's "CSV (semikolonsepareret)") or tabs, told from the header line.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import resources_dir

if TYPE_CHECKING:  # the journal (and SQLite tooling) stays out of page workers, which read ID_RE
    from .journal import Recipient

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}\Z")  # \Z: "$" would let a final line break in
DEFAULT_DIRECTORY = resources_dir() / "recipients.csv"
MAX_FILE_BYTES = 5 * 1024 * 1024  # tens of thousands of recipients; anything larger is not a directory
MAX_NAME = 200
MAX_KEYWORDS = 2000
DELIMITERS = (",", ";", "\t")


class DirectoryError(ValueError):
    """The CSV file cannot be used; the message names the file and line."""


def parse_directory(text: str, source: str = "recipients.csv") -> list[Recipient]:
    """Read `id,name,keywords` rows (keywords `;`-separated). All-or-nothing: any bad row fails."""
    if "\x00" in text:
        raise DirectoryError(f"{source}: the file holds NUL characters, so it is not a CSV text file; "
                             "save it from Excel as CSV")
    delimiter = _delimiter(text)
    if delimiter is None:
        raise DirectoryError(f"{source}: the first line must be the header id,name,keywords")
    from .journal import Recipient

    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    recipients: dict[str, Recipient] = {}
    line = 1
    try:
        names = [name.strip().lower() for name in next(rows)]
        line = rows.line_num + 1
        for row in rows:
            if any(cell.strip() for cell in row):  # not a blank line, nor Excel's empty ";;" row
                # `line` is where the row starts: a quoted field may go on over several lines.
                _add(recipients, dict(zip(names, row)), f"{source} line {line}", Recipient)
            line = rows.line_num + 1
    except csv.Error as exc:
        raise DirectoryError(f"{source} line {line}: cannot be read as CSV ({exc})") from None
    if not recipients:
        raise DirectoryError(f"{source}: no recipients in the file")
    return list(recipients.values())


def _add(recipients: dict, row: dict, where: str, recipient_type) -> None:
    row = {key: value.strip() for key, value in row.items()}
    raw_id, name = row.get("id", ""), row.get("name", "")
    rid = raw_id.lower() if raw_id.isascii() else raw_id  # "K" (Kelvin sign) must not become "k"
    if not ID_RE.match(rid):
        raise DirectoryError(f"{where}: id {_shown(rid)} must be 1-64 lower-case letters, digits, '-', '_' or '.'")
    if not name or len(name) > MAX_NAME:
        raise DirectoryError(f"{where}: the name is missing or longer than {MAX_NAME} characters")
    if not name.isprintable():
        raise DirectoryError(f"{where}: the name has a line break or another control character")
    keywords = ";".join(k.strip() for k in row.get("keywords", "").split(";") if k.strip())
    if len(keywords) > MAX_KEYWORDS or not keywords.isprintable():
        raise DirectoryError(f"{where}: the keywords are longer than {MAX_KEYWORDS} characters "
                             "or have a line break or another control character")
    if rid in recipients:
        raise DirectoryError(f"{where}: id {rid!r} appears twice")
    recipients[rid] = recipient_type(rid, name, keywords, 1)


def _shown(value: str) -> str:
    return repr(value if len(value) <= 70 else value[:70] + "...")


def _delimiter(text: str) -> str | None:
    """The separator that makes the first line a header with `id` and `name`."""
    first = re.split(r"\r\n|\r|\n", text[:10_000], maxsplit=1)[0]
    for delimiter in DELIMITERS:
        try:
            header = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        if {"id", "name"} <= {field.strip().lower() for field in header}:
            return delimiter
    return None


def decode_directory(data: bytes, source: str) -> str:
    """The text of a directory file, in whichever encoding Excel or an editor saved it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DirectoryError(f"{source}: the file starts as UTF-16 text but is damaged; "
                                 "save it again from Excel as CSV UTF-8") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what a Danish Windows Excel writes for plain "CSV"
    except UnicodeDecodeError as exc:
        raise DirectoryError(f"{source}: the file is not text in UTF-8 or Windows-1252 (byte {exc.start + 1}); "
                             "save it from Excel as CSV UTF-8") from None


def read_directory(path: Path) -> list[Recipient]:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device would never end
            raise DirectoryError(f"{path}: is not a file")
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DirectoryError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise DirectoryError(f"{path}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, "
                             "too large for a recipient directory")
    return parse_directory(decode_directory(data, str(path)), str(path))
