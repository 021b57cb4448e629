"""Writing IT's machine-wide settings file: what the installer's public properties set.

`msiexec /i ScanStation.msi /qn DROPFOLDER=\\\\srv\\post\\drop STATIONID=KOEGE1` runs
`scanstation config write-machine --drop-folder ... --station-id ...` as SYSTEM after the
files are installed (installer/scanstation.wxs). The given values are merged into the
existing file, so an upgrade that repeats no property changes nothing, and `[lock]`,
profiles and every other key IT wrote by hand stay. A value is checked exactly as the
app checks it when reading (config.check_value); a wrong one is refused with a message
naming the file, the property and the problem, and the file is left as it was.

Comments in the file are lost when it is rewritten, so it is rewritten only when a given
value differs from what is there.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from . import paths
from .atomic import write_atomically
from .config import SCHEMA_VERSION, check_value, dump_toml, parse_toml_file
from .site_key import new_site_key

# MSI public property -> (command-line option, setting key). One table for the .wxs, the
# CLI and the docs, so the three cannot drift apart.
PROPERTIES = {
    "DROPFOLDER": ("--drop-folder", "archive.drop_folder"),
    "STATIONID": ("--station-id", "station.id"),
    "LANGUAGE": ("--language", "ui.language"),
    "OCRLANGUAGES": ("--ocr-languages", "ocr.languages"),
    "DEFAULTSCANNER": ("--default-scanner", "station.default_device"),
    # The key cover and separator sheets are signed with; the same at every station of a site.
    # "new" makes a new one (every sheet printed before stops routing: print them again).
    "SITEKEY": ("--site-key", "separation.site_key"),
}
SITE_KEY = "separation.site_key"
NEW_SITE_KEY = "new"
HEADER = ("# ScanStation machine-wide settings, managed by IT (see docs/deployment.md).\n"
          "# The installer merges its properties into this file; comments are not kept when it does.\n")


class MachineConfigError(Exception):
    """The machine-wide file cannot be written as asked; the message says which file, key and why."""


def write_machine_config(values: dict[str, str | None], path: Path | None = None, *,
                         ensure_site_key: bool = False) -> bool:  # fmt: skip
    """Merge `values` ({"archive.drop_folder": "\\\\srv\\post", ...}) into the machine-wide file.

    A value that is None or blank was not given (an MSI property left empty) and changes
    nothing. A missing file is created, even with nothing to set, so that it exists and is
    owned by the administrator who installed (on Windows, users cannot then change it).
    `ensure_site_key` (the installer): a file without a site key gets a new one, so that the
    station signs its sheets from the first start; a key already there is kept (upgrades).
    Returns True when the file was written. Raises MachineConfigError, writing nothing.
    """
    path = Path(path) if path is not None else paths.machine_config_file()
    given = {key: value.strip() for key, value in values.items() if value is not None and value.strip()}
    if given.get(SITE_KEY, "").lower() == NEW_SITE_KEY:
        given[SITE_KEY] = new_site_key()
    checked = {key: _checked(path, key, value) for key, value in given.items()}
    if not checked and path.exists() and not ensure_site_key:
        return False  # nothing to set: IT's file, readable or not, is none of our business
    document = _read(path)
    if ensure_site_key and SITE_KEY not in checked and (document is None or not _get(document, SITE_KEY)):
        checked[SITE_KEY] = new_site_key()
    if document is not None and all(_get(document, key) == value for key, value in checked.items()):
        return False
    document = document if document is not None else {}
    document.setdefault("version", SCHEMA_VERSION)
    for key, value in checked.items():
        _put(path, document, key, value)
    try:
        text = dump_toml(document)
    except ValueError as exc:
        raise MachineConfigError(f"{path}: {exc}") from None
    text = HEADER + text.split("\n", 1)[1]  # our header instead of the user file's
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise MachineConfigError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    return True


def _checked(path: Path, key: str, value: str) -> str:
    """The value as the file should hold it; MachineConfigError if the app would refuse it."""
    if key == "ui.language":
        value = value.lower()
    try:
        typed = check_value(key, value)
    except KeyError:
        raise MachineConfigError(f"{path}: unknown setting {key!r}") from None
    except ValueError as exc:
        shown = "(not shown)" if key == SITE_KEY else repr(value)  # a secret stays out of the event log
        raise MachineConfigError(f"{path}: {_name(key)} has a wrong value {shown} ({exc}); "
                                 "nothing was written") from None
    return value if isinstance(typed, Path) else str(typed)  # a path exactly as IT wrote it


def _name(key: str) -> str:
    """`station.id` -> `station.id (STATIONID)`: what IT typed on the msiexec line."""
    prop = next((p for p, (_option, k) in PROPERTIES.items() if k == key), None)
    return f"{key} ({prop})" if prop else key


def _read(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        return parse_toml_file(path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MachineConfigError(f"{path}: cannot be read ({exc}); fix or remove it, "
                                 "then run the installation again") from None


def _get(document: dict, key: str) -> object:
    table: object = document
    for part in key.split("."):
        if not isinstance(table, dict):
            return None
        table = table.get(part)
    return table


def _put(path: Path, document: dict, key: str, value: str) -> None:
    *sections, leaf = key.split(".")
    table = document
    for section in sections:
        child = table.setdefault(section, {})
        if not isinstance(child, dict):
            raise MachineConfigError(f"{path}: {section!r} is not a [section]; cannot set {key}")
        table = child
    table[leaf] = value
