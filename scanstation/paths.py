"""Where ScanStation keeps things on this computer."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "ScanStation"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def machine_config_file() -> Path:
    """The machine-wide file IT manages (ProgramData on Windows, /etc on Linux)."""
    if sys.platform == "win32":
        return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "config.toml"
    return Path("/etc/scanstation/config.toml")


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The repository's `resources/` (or the frozen app's copy of it)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
