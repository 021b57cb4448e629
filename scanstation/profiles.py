"""Scan profiles: a named scanner setup an operator picks with one click.

A profile says which device to use, how to feed the paper, at what resolution and colour
mode, and how the stack is separated into documents. A few profiles are built in; IT
(machine-wide file) and users can add more, or override a built-in one by name, with
`[[profiles]]` tables in the TOML settings files.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from .capture.base import MODES, SOURCES, ScanSettings

if TYPE_CHECKING:  # config imports this module; only the type goes the other way
    from .config import Settings

# How a stack of paper becomes documents.
#   separators    separator sheets, cover sheets and patch codes wherever they occur
#   blank_page    an empty sheet between letters starts the next document
#   fixed_pages:N every N pages is one document
#   per_scan      everything fed in one scan is one document
SEPARATIONS = ("separators", "blank_page", "fixed_pages", "per_scan")
FIXED_PAGES_RE = re.compile(r"fixed_pages:([0-9]{1,5})\Z")
MAX_NAME = 60
FIELDS = ("name", "device", "source", "dpi", "mode", "separation")


def parse_separation(text: object) -> tuple[str, int | None]:
    """("fixed_pages", 3) for "fixed_pages:3"; ("separators", None) for "separators"."""
    if not isinstance(text, str):
        raise ValueError("separation must be text, e.g. \"separators\" or \"fixed_pages:2\"")
    if text in ("separators", "blank_page", "per_scan"):
        return text, None
    match = FIXED_PAGES_RE.match(text)
    if match:
        pages = int(match.group(1))
        if not 1 <= pages <= 10000:
            raise ValueError(f"separation {text!r}: the page count must be from 1 to 10000")
        return "fixed_pages", pages
    if text.startswith("fixed_pages"):
        raise ValueError(f"separation {text!r}: write fixed_pages:N with N pages per document, e.g. fixed_pages:2")
    raise ValueError(
        f"unknown separation {text!r}; use separators, blank_page, fixed_pages:N or per_scan")


def format_separation(kind: str, pages: int | None = None) -> str:
    text = f"fixed_pages:{pages}" if kind == "fixed_pages" else kind
    parse_separation(text)  # the same rules both ways
    return text


@dataclass(frozen=True)
class ScanProfile:
    name: str
    device: str = "demo"
    source: str = "adf"
    dpi: int = 300
    mode: str = "gray"
    separation: str = "separators"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("a profile needs a name")
        if len(self.name) > MAX_NAME or any(ord(c) < 32 for c in self.name):
            raise ValueError(f"profile name {self.name!r} must be at most {MAX_NAME} printable characters")
        if self.name != self.name.strip():
            object.__setattr__(self, "name", self.name.strip())
        if not isinstance(self.device, str) or not self.device.strip():
            raise ValueError(f"profile {self.name!r}: the device is missing")
        if self.source not in SOURCES:
            raise ValueError(f"profile {self.name!r}: unknown source {self.source!r}; use one of {', '.join(SOURCES)}")
        if self.mode not in MODES:
            raise ValueError(f"profile {self.name!r}: unknown colour mode {self.mode!r}; use one of {', '.join(MODES)}")
        if not isinstance(self.dpi, int) or isinstance(self.dpi, bool) or not 50 <= self.dpi <= 1200:
            raise ValueError(f"profile {self.name!r}: resolution {self.dpi!r} dpi is out of range (50-1200)")
        try:
            parse_separation(self.separation)
        except ValueError as exc:
            raise ValueError(f"profile {self.name!r}: {exc}") from None

    def scan_settings(self) -> ScanSettings:
        return ScanSettings(source=self.source, dpi=self.dpi, mode=self.mode)

    def as_table(self) -> dict[str, object]:
        """The `[[profiles]]` table that reads back as this profile."""
        return asdict(self)


BUILTIN_PROFILES: tuple[ScanProfile, ...] = (
    ScanProfile("standard"),  # ADF, gray, 300 dpi, separator sheets: the everyday stack
    ScanProfile("duplex", source="duplex"),
    ScanProfile("flatbed", source="flatbed", separation="per_scan"),  # one fragile page at a time
    ScanProfile("colour", mode="color"),
)
DEFAULT_PROFILE = BUILTIN_PROFILES[0].name


def profile_from_table(table: object) -> ScanProfile:
    """One `[[profiles]]` table -> a profile; ValueError says what is wrong."""
    if not isinstance(table, dict):
        raise ValueError("each [[profiles]] entry must be a table with at least a name")
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; a profile has {', '.join(FIELDS)}")
    if "name" not in table:
        raise ValueError("a profile needs a name")
    return ScanProfile(**table)


def merge_profiles(base: tuple[ScanProfile, ...] | list[ScanProfile],
                   overrides: tuple[ScanProfile, ...] | list[ScanProfile]) -> list[ScanProfile]:
    """`base` with same-named profiles replaced in place and new ones appended."""
    merged = {p.name: p for p in base}
    for profile in overrides:
        merged[profile.name] = profile
    return list(merged.values())


def load_profiles(settings: Settings) -> list[ScanProfile]:
    """Built-in profiles, then those from the settings files (same name overrides)."""
    return merge_profiles(BUILTIN_PROFILES, settings.profiles)


def find_profile(profiles: list[ScanProfile], name: str) -> ScanProfile | None:
    return next((p for p in profiles if p.name == name), None)


def default_profile(settings: Settings) -> ScanProfile:
    """The station's default profile, or the first one if that name is not configured."""
    profiles = load_profiles(settings)
    return find_profile(profiles, settings.default_profile) or profiles[0]
