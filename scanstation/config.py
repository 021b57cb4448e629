"""Settings: built-in defaults < machine-wide file (IT) < user file < --config file.

Every file is TOML. A file that cannot be read or has a wrong value never stops the
program: the value is ignored and a warning names the file, the key and the problem.

The machine-wide file may lock keys, as NAPS2's appsettings.xml does::

    [lock]
    keys = ["archive.drop_folder", "station.id"]   # or ["*"] for every key

A locked key keeps the machine-wide value (or the default); the user file and --config
cannot change it, and the settings window shows it read-only.
"""

from __future__ import annotations

import getpass
import logging
import math
import re
import socket
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from . import paths
from .casenumbers import DEFAULT_PATTERNS as DEFAULT_CASE_PATTERNS
from .casenumbers import case_number_regex
from .atomic import write_atomically
from .profiles import DEFAULT_PROFILE, BUILTIN_PROFILES, ScanProfile, merge_profiles, parse_separation, profile_from_table

log = logging.getLogger("scanstation.config")

SCHEMA_VERSION = 1  # top-level `version` in a file; a newer one is read as far as we understand it
STATION_ID_RE = re.compile(r"^[A-Z0-9]{1,16}\Z")  # \Z: "$" would let a final line break in
LANGUAGES = ("auto", "da", "en")
PROFILES_KEY = "profiles"  # the `[[profiles]]` array of tables
LOCK_ALL = "*"


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
    default_profile: str = DEFAULT_PROFILE
    ui_language: str = "auto"
    ocr_languages: str = "dan+eng"
    include_cpr: bool = True
    jpeg_quality: int = 75
    # Colour and gray pages: text as a sharp G4 mask over a small JPEG of the rest (export/mixed_raster.py).
    mixed_raster: bool = True
    # Seconds a confirmed letter waits before export, undoable with Ctrl+Z (0: at once).
    correction_seconds: int = 10
    drop_blank_pages: bool = True
    max_document_pages: int = 50
    separation_strategy: str = "separators"
    separator_barcode: str = "PATCHT"
    keep_cover_sheets: bool = False
    # The key our cover and separator sheets are signed with (recognition/coversheet.py): IT
    # sets one for the whole site in the machine-wide file; never shown, never logged.
    site_key: str | None = field(default=None, repr=False)
    accept_unsigned_sheets: bool = False  # sheets printed before signing still route (changing over)
    case_patterns: tuple[str, ...] = DEFAULT_CASE_PATTERNS  # regular expressions for case numbers
    auto_confirm_threshold: float = 0.9  # --auto-confirm takes suggestions at least this sure
    # Days after a successful export that a letter's page images and OCR text stay on the
    # station (retention.py); the archive has them from the export on. 0: purge at once.
    retention_days: int = 30
    # A recipient guess less sure than this is shown but not filled in: Enter must not send a
    # letter to a 24 % keyword guess. Between this and auto_confirm_threshold: filled in, marked a guess.
    prefill_threshold: float = 0.5
    # OS user names with the supervisor role (CPR search); only the machine-wide file sets it.
    supervisors: tuple[str, ...] = ()
    # The municipality's own names and addresses as its letterheads print them: a returned
    # letter is ours when its sender block names one of them (returned_mail.py). Empty: the
    # station's recipients' names and "Kommune" in the sender block decide.
    return_sender_names: tuple[str, ...] = ()
    # Profiles from the settings files (built-ins live in profiles.py; see load_profiles).
    profiles: tuple[ScanProfile, ...] = ()
    # Keys the machine-wide file locks ("station.id", ..., "profiles").
    locked: frozenset[str] = frozenset()
    # Key -> the file that set it, for display; keys left at their default are absent.
    # A profile's origin is under "profiles.<name>".
    sources: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # The files these settings were read from, so the settings window writes back there.
    machine_file: Path | None = None
    user_file: Path | None = None
    warnings: tuple[str, ...] = ()


# TOML key -> (Settings attribute, converter/validator). The converter raises ValueError
# with a message that completes "... has a wrong value: <message>".
def _station_id(value: object) -> str:
    text = str(value).upper() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not STATION_ID_RE.match(text):
        raise ValueError("use 1-16 letters A-Z and digits, e.g. KOEGE1")
    return text


def _nonempty_text(value: object) -> str:
    # Printable only: these end up in file names, command lines (Tesseract) and the journal.
    if not isinstance(value, str) or not value.strip() or len(value) > 200 or not value.strip().isprintable():
        raise ValueError("expected a non-empty text of at most 200 printable characters")
    return value.strip()


def _path(value: object) -> Path:
    if not isinstance(value, str) or not value.strip() or not value.isprintable() or len(value) > 1000:
        raise ValueError("expected a folder path as text")
    try:
        return Path(value).expanduser()
    except RuntimeError:  # "~someone" who has no home folder here
        raise ValueError("the ~ in it names no home folder on this computer") from None


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


def _one_of(*choices: str):
    def convert(value: object) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return value

    return convert


def _separation(value: object) -> str:
    parse_separation(value)
    return value


def _barcode_value(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 64 or not value.isprintable():
        raise ValueError("expected the barcode's text, 1-64 printable characters")
    return value.strip()


SITE_KEY_RE = re.compile(r"^[A-Za-z0-9_+/=.-]{16,128}\Z")


def _site_key(value: object) -> str:
    if not isinstance(value, str) or not SITE_KEY_RE.match(value.strip()):
        raise ValueError("expected 16-128 letters, digits or - _ + / = . (e.g. what `scanstation config "
                         "write-machine --site-key new` makes)")
    return value.strip()


def _patterns(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or len(value) > 20:
        raise ValueError("expected a list of 1-20 regular expressions")
    for pattern in value:
        if not isinstance(pattern, str) or not pattern or len(pattern) > 200:
            raise ValueError("each pattern must be a text of 1-200 characters")
        try:
            regex = case_number_regex(pattern)  # as field extraction uses it, so it cannot fail there
        except (re.error, OverflowError, RecursionError) as exc:
            raise ValueError(f"{pattern!r} is not a regular expression that can be used ({exc})") from None
        if regex.search(""):
            raise ValueError(f"{pattern!r} matches an empty text")
    return tuple(value)


def _user_names(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > 500:
        raise ValueError("expected a list of user names, e.g. [\"anna\", \"bo\"]")
    for name in value:
        if not isinstance(name, str) or not name.strip() or len(name) > 256 or not name.isprintable():
            raise ValueError("each user name must be a text of 1-256 printable characters")
    return tuple(name.strip() for name in value)


def _sender_names(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > 200:
        raise ValueError("expected a list of names and addresses, e.g. [\"Eksempel Kommune\", \"Torvet 1\"]")
    for name in value:
        if (not isinstance(name, str) or len(name.strip()) < 3 or len(name) > 200
                or not name.strip().isprintable()):  # fmt: skip
            raise ValueError("each name must be a text of 3-200 printable characters")
    return tuple(name.strip() for name in value)


def _fraction(low: float, high: float):
    def convert(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise ValueError(f"expected a number from {low} to {high}")
        return float(value)

    return convert


KEYS = {
    "station.id": ("station_id", _station_id),
    "station.operator": ("operator", _nonempty_text),
    "station.default_device": ("default_device", _nonempty_text),
    "station.default_profile": ("default_profile", _nonempty_text),
    "ui.language": ("ui_language", _one_of(*LANGUAGES)),
    "archive.drop_folder": ("drop_folder", _path),
    "ocr.languages": ("ocr_languages", _nonempty_text),
    "export.include_cpr": ("include_cpr", _bool),
    "export.jpeg_quality": ("jpeg_quality", _int_range(20, 100)),
    "export.mixed_raster": ("mixed_raster", _bool),
    "export.correction_seconds": ("correction_seconds", _int_range(0, 300)),
    "export.drop_blank_pages": ("drop_blank_pages", _bool),
    "separation.strategy": ("separation_strategy", _separation),
    "separation.separator_barcode": ("separator_barcode", _barcode_value),
    "separation.keep_cover_sheets": ("keep_cover_sheets", _bool),
    "separation.site_key": ("site_key", _site_key),
    "separation.accept_unsigned_sheets": ("accept_unsigned_sheets", _bool),
    "separation.max_document_pages": ("max_document_pages", _int_range(1, 10000)),
    "recognition.case_patterns": ("case_patterns", _patterns),
    "suggest.auto_confirm_threshold": ("auto_confirm_threshold", _fraction(0.5, 1.0)),
    "suggest.prefill_threshold": ("prefill_threshold", _fraction(0.0, 1.0)),
    "supervisor.users": ("supervisors", _user_names),
    "retention.days_after_export": ("retention_days", _int_range(0, 3650)),
    "return_mail.sender_names": ("return_sender_names", _sender_names),
}
LOCKABLE = frozenset(KEYS) | {PROFILES_KEY}
# Keys that grant a right: a user file or --config cannot give it to its own user.
MACHINE_ONLY = frozenset({"supervisor.users"})
# Keys the machine-wide file decides once it sets them: the site's key is the same at every
# station of the site, so a user file (a key generated at a first start) cannot replace it.
MACHINE_FIRST = frozenset({"separation.site_key"})
SECRET_KEYS = frozenset({"separation.site_key"})  # never shown in full: see shown_value


def is_supervisor(settings: Settings) -> bool:
    """The operator (the OS user, unless IT's settings name another) is listed as a supervisor.
    Names compare without regard to case, as Windows logins do. An operator name from the
    user's own settings (or --config) never makes a supervisor: a clerk could name anyone."""
    source = settings.sources.get("station.operator")
    machine = str(settings.machine_file) if settings.machine_file else None
    if source is not None and source != machine:
        return False
    return settings.operator.casefold() in {name.casefold() for name in settings.supervisors}


def check_value(key: str, value: object) -> object:
    """The typed value for `key`, or ValueError with what is wrong (not naming the key)."""
    if key == PROFILES_KEY:
        return tuple(_profile_list(value, strict=True)[0])
    return KEYS[key][1](value)


def shown_value(key: str, value: object) -> object:
    """A setting's value fit to show or log: a secret is only said to be set, never shown."""
    if key in SECRET_KEYS and value:
        return "(set)"
    return value


def toml_value(settings: Settings, key: str) -> object:
    """The value of `key` as it would be written to a file (None when unset)."""
    if key == PROFILES_KEY:
        return [p.as_table() for p in settings.profiles]
    value = getattr(settings, KEYS[key][0])
    if isinstance(value, tuple):
        value = list(value)
    return str(value) if isinstance(value, Path) else value


def _flatten(table: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and name not in KEYS:  # a table given for a setting: a wrong value
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _profile_list(value: object, *, strict: bool) -> tuple[list[ScanProfile], list[str]]:
    """Profiles from a `[[profiles]]` array; bad entries are problems (or ValueError if strict)."""
    if not isinstance(value, list):
        raise ValueError("write profiles as [[profiles]] tables")
    profiles, problems = [], []
    for index, table in enumerate(value, start=1):
        try:
            profiles.append(profile_from_table(table))
        except (ValueError, TypeError) as exc:
            if strict:
                raise ValueError(f"profile {index}: {exc}") from None
            problems.append(f"profile {index} ({exc})")
    names = [p.name for p in profiles]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        message = f"profile name(s) {', '.join(map(repr, doubles))} appear more than once; the last one counts"
        if strict:
            raise ValueError(message)
        problems.append(message)
    return profiles, problems


def _read_toml(path: Path, warnings: list[str], *, required: bool) -> dict | None:
    if not path.exists():
        if required:
            warnings.append(f"{path}: config file not found; using the other settings")
        return None
    try:
        return parse_toml_file(path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        warnings.append(f"{path}: cannot be read ({exc}); its settings are ignored")
        return None


def parse_toml_file(path: Path) -> dict:
    """The file's TOML; OSError (not a file, unreadable), UnicodeDecodeError or TOMLDecodeError."""
    if path.is_dir() or (path.exists() and not path.is_file()):
        raise OSError(f"{path.name} is not a file")  # a FIFO would never end
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except RecursionError:  # tomllib reads nested arrays and tables recursively
        raise tomllib.TOMLDecodeError("values nested too deeply") from None


def _read_locks(table: dict, path: Path, warnings: list[str]) -> frozenset[str]:
    lock = table.get("lock")
    if lock is None:
        return frozenset()
    keys = lock.get("keys") if isinstance(lock, dict) else None
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        warnings.append(f'{path}: [lock] needs keys = ["section.key", ...] (or ["*"]); nothing is locked')
        return frozenset()
    if LOCK_ALL in keys:
        return LOCKABLE
    for key in keys:
        if key not in LOCKABLE:
            warnings.append(f"{path}: [lock] names unknown setting {key!r}; it is ignored")
    return frozenset(k for k in keys if k in LOCKABLE)


def apply_file(settings: Settings, path: Path, *, required: bool = False, machine: bool = False) -> Settings:
    """Layer one TOML file over `settings`; problems become warnings, never exceptions.

    Only the machine-wide file (`machine=True`) may lock keys; other files cannot change
    a key that is locked.
    """
    path = Path(path)
    warnings = list(settings.warnings)
    table = _read_toml(path, warnings, required=required)
    if table is None:
        return replace(settings, warnings=tuple(warnings))
    table = dict(table)
    locked = settings.locked
    if "lock" in table:
        if machine:
            locked = locked | _read_locks(table, path, warnings)
        else:
            warnings.append(f"{path}: [lock] only counts in the machine-wide file; it is ignored")
        del table["lock"]
    version = table.pop("version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > SCHEMA_VERSION:
        warnings.append(f"{path}: written for a newer ScanStation (version {version!r}); "
                        "the settings this version knows are still used")
    sources = dict(settings.sources)
    changes: dict[str, object] = {}
    if PROFILES_KEY in table:
        value = table.pop(PROFILES_KEY)
        if not machine and PROFILES_KEY in settings.locked:
            warnings.append(f"{path}: {PROFILES_KEY} is locked by the machine-wide settings; it is ignored")
        else:
            try:
                profiles, problems = _profile_list(value, strict=False)
            except ValueError as exc:
                warnings.append(f"{path}: {PROFILES_KEY} has a wrong value ({exc}); it is ignored")
            else:
                warnings.extend(f"{path}: {PROFILES_KEY}: {p}; it is ignored" for p in problems)
                changes["profiles"] = tuple(merge_profiles(settings.profiles, profiles))
                sources[PROFILES_KEY] = str(path)
                sources.update({f"{PROFILES_KEY}.{p.name}": str(path) for p in profiles})
    for key, value in _flatten(table).items():
        if key not in KEYS:
            warnings.append(f"{path}: unknown setting {key!r} is ignored")
            continue
        if not machine and key in settings.locked:
            warnings.append(f"{path}: {key} is locked by the machine-wide settings; it is ignored")
            continue
        if not machine and key in MACHINE_ONLY:
            warnings.append(f"{path}: {key} only counts in the machine-wide file; it is ignored")
            continue
        if not machine and key in MACHINE_FIRST and settings.machine_file is not None \
                and sources.get(key) == str(settings.machine_file):
            warnings.append(f"{path}: {key} is set by the machine-wide settings; this file's value is ignored")
            continue
        attribute, convert = KEYS[key]
        try:
            changes[attribute] = convert(value)
        except ValueError as exc:
            warnings.append(f"{path}: {key} has a wrong value ({exc}); it is ignored")
            continue
        sources[key] = str(path)
    return replace(settings, **changes, locked=locked, sources=sources, warnings=tuple(warnings))


def load_settings(
    config_file: Path | None = None,
    *,
    machine_file: Path | None = None,
    user_file: Path | None = None,
    include_system: bool = True,
) -> Settings:
    """Defaults < machine-wide file < user file < `config_file` (the --config option).

    `machine_file` and `user_file` default to the platform's places (paths.py);
    `include_system=False` skips both (a run that must not see this computer's settings).
    """
    machine_file = Path(machine_file) if machine_file is not None else paths.machine_config_file()
    user_file = Path(user_file) if user_file is not None else paths.user_config_file()
    settings = Settings(machine_file=machine_file, user_file=user_file)
    if include_system:
        settings = apply_file(settings, machine_file, machine=True)
        settings = apply_file(settings, user_file)
    if config_file is not None:
        settings = apply_file(settings, Path(config_file), required=True)
    names = {p.name for p in merge_profiles(BUILTIN_PROFILES, settings.profiles)}
    if settings.default_profile not in names:
        where = settings.sources.get("station.default_profile", "settings")
        settings = replace(settings, default_profile=DEFAULT_PROFILE, warnings=settings.warnings + (
            f"{where}: station.default_profile names no profile ({settings.default_profile!r}); "
            f"using {DEFAULT_PROFILE!r}",))
    return settings


def setting_names() -> list[str]:
    return [f.name for f in fields(Settings)]


# --- writing the user file ---------------------------------------------------------


def read_locked_keys(machine_file: Path | None = None) -> frozenset[str]:
    """The keys the machine-wide file locks (nothing if it is missing or unreadable)."""
    path = Path(machine_file) if machine_file is not None else paths.machine_config_file()
    table = _read_toml(path, [], required=False)
    return _read_locks(table, path, []) if table else frozenset()


def save_user_settings(
    changes: dict[str, object],
    path: Path | None = None,
    *,
    machine_file: Path | None = None,
) -> Path:
    """Write `changes` ({"archive.drop_folder": "D:/Post", ...}) into the user file.

    The user's other keys are kept (comments are not: the file is rewritten). A value of
    None removes the key, so it falls back to the machine-wide value or the default.
    `profiles` takes a list of ScanProfile (or tables) and replaces the user's profiles.
    Raises ValueError naming locked or unknown keys and wrong values; nothing is written then.
    """
    path = Path(path) if path is not None else paths.user_config_file()
    locked = sorted(set(changes) & read_locked_keys(machine_file))
    if locked:
        raise ValueError(f"locked by your IT department (machine-wide settings): {', '.join(locked)}")
    machine_only = sorted(set(changes) & MACHINE_ONLY)
    if machine_only:
        raise ValueError(f"only the machine-wide settings (your IT department) can set: {', '.join(machine_only)}")
    unknown = sorted(set(changes) - set(KEYS) - {PROFILES_KEY})
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
    problems = []
    prepared: dict[str, object] = {}
    for key, value in changes.items():
        if key == PROFILES_KEY and value is not None:
            value = [p.as_table() if isinstance(p, ScanProfile) else p for p in value]
        elif isinstance(value, Path):
            value = str(value)
        if value is not None:
            try:
                check_value(key, value)
            except (ValueError, TypeError) as exc:
                problems.append(f"{key} ({exc})")
        prepared[key] = value
    if problems:
        raise ValueError(f"wrong value(s): {'; '.join(problems)}")

    document = _existing_user_table(path)
    for key, value in prepared.items():
        _set_dotted(document, key, value)
    document["version"] = SCHEMA_VERSION
    text = dump_toml(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"), mode=0o600)  # the user's own settings: theirs alone
    return path


def _existing_user_table(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return parse_toml_file(path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        # It was ignored at start-up anyway; keep a copy so nothing the user wrote is lost.
        backup = path.with_name(path.name + ".unreadable")
        try:
            if path.is_file():  # not a FIFO: reading one would never end
                write_atomically(backup, path.read_bytes())
        except OSError:
            pass
        log.warning("%s could not be read (%s); a copy is kept as %s and a new file is written", path, exc, backup)
        return {}


def _set_dotted(document: dict, key: str, value: object) -> None:
    *sections, leaf = key.split(".")
    tables = [document]
    for section in sections:
        child = tables[-1].get(section)
        if not isinstance(child, dict):
            if value is None:
                return
            child = tables[-1][section] = {}
        tables.append(child)
    if value is None:
        tables[-1].pop(leaf, None)
        for parent, section in zip(reversed(tables[:-1]), reversed(sections)):
            if not parent[section]:
                del parent[section]  # no empty [archive] left behind
    else:
        tables[-1][leaf] = value


# --- a small TOML writer: what tomllib reads back is exactly what was given ----------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _string(text: str) -> str:
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
    out = []
    for ch in text:
        if ch in escapes:
            out.append(escapes[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Path):
        return _string(str(value))
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in value.items()) + "}"
    raise ValueError(f"cannot write {type(value).__name__} to a settings file")


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _emit(table: dict, prefix: tuple[str, ...], lines: list[str]) -> None:
    plain = {k: v for k, v in table.items() if not isinstance(v, dict) and not _is_table_array(v)}
    for key, value in plain.items():
        lines.append(f"{_key(key)} = {_scalar(value)}")
    for key, value in table.items():
        if isinstance(value, dict):
            name = prefix + (key,)
            lines.extend(["", f"[{'.'.join(map(_key, name))}]"])
            _emit(value, name, lines)
        elif _is_table_array(value):
            name = prefix + (key,)
            for item in value:
                lines.extend(["", f"[[{'.'.join(map(_key, name))}]]"])
                _emit(item, name, lines)


def dump_toml(document: dict) -> str:
    lines: list[str] = ["# ScanStation settings. The settings window rewrites this file."]
    _emit(document, (), lines)
    text = "\n".join(lines).strip("\n") + "\n"
    if tomllib.loads(text) != document:  # never write a file that would read back differently
        raise ValueError("these settings cannot be written as TOML")
    return text
