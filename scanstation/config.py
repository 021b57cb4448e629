"""Settings: built-in defaults < machine-wide file (IT) < user file < --config file.

Every file is TOML. A file that cannot be read or has a wrong value never stops the
program: the value is ignored and a warning names the file, the key and the problem.
"""

from __future__ import annotations

import getpass
import re
import socket
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from . import paths

STATION_ID_RE = re.compile(r"^[A-Z0-9]{1,16}$")


def _default_station_id() -> str:
    host = re.sub(r"[^A-Z0-9]", "", socket.gethostname().upper())
    return (host or "STATION")[:16]


def _default_operator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service account without env): still work
        return "operator"


@dataclass(frozen=True)
class Settings:
    station_id: str = field(default_factory=_default_station_id)
    operator: str = field(default_factory=_default_operator)
    drop_folder: Path | None = None
    default_device: str = "demo"
    ocr_languages: str = "dan+eng"
    include_cpr: bool = True
    jpeg_quality: int = 75
    max_document_pages: int = 50
    warnings: tuple[str, ...] = ()


# TOML key -> (Settings attribute, converter/validator). The converter raises ValueError
# with a message that completes "... has a wrong value: <message>".
def _station_id(value: object) -> str:
    text = str(value).upper()
    if not STATION_ID_RE.match(text):
        raise ValueError("use 1-16 letters A-Z and digits, e.g. KOEGE1")
    return text


def _nonempty_text(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise ValueError("expected a non-empty text")
    return value.strip()


def _path(value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a folder path as text")
    return Path(value).expanduser()


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _int_range(low: int, high: int):
    def convert(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value

    return convert


KEYS = {
    "station.id": ("station_id", _station_id),
    "station.operator": ("operator", _nonempty_text),
    "station.default_device": ("default_device", _nonempty_text),
    "archive.drop_folder": ("drop_folder", _path),
    "ocr.languages": ("ocr_languages", _nonempty_text),
    "export.include_cpr": ("include_cpr", _bool),
    "export.jpeg_quality": ("jpeg_quality", _int_range(20, 100)),
    "separation.max_document_pages": ("max_document_pages", _int_range(1, 10000)),
}


def _flatten(table: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def apply_file(settings: Settings, path: Path, *, required: bool = False) -> Settings:
    """Layer one TOML file over `settings`; problems become warnings, never exceptions."""
    warnings = list(settings.warnings)
    if not path.exists():
        if required:
            warnings.append(f"{path}: config file not found; using the other settings")
        return replace(settings, warnings=tuple(warnings))
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        warnings.append(f"{path}: cannot be read ({exc}); its settings are ignored")
        return replace(settings, warnings=tuple(warnings))
    changes: dict[str, object] = {}
    for key, value in _flatten(table).items():
        if key not in KEYS:
            warnings.append(f"{path}: unknown setting {key!r} is ignored")
            continue
        attribute, convert = KEYS[key]
        try:
            changes[attribute] = convert(value)
        except ValueError as exc:
            warnings.append(f"{path}: {key} has a wrong value ({exc}); it is ignored")
    return replace(settings, **changes, warnings=tuple(warnings))


def load_settings(config_file: Path | None = None, *, include_system: bool = True) -> Settings:
    settings = Settings()
    if include_system:
        settings = apply_file(settings, paths.machine_config_file())
        settings = apply_file(settings, paths.user_config_file())
    if config_file is not None:
        settings = apply_file(settings, config_file, required=True)
    return settings


def setting_names() -> list[str]:
    return [f.name for f in fields(Settings)]
