"""Which Tesseract ScanStation runs, and where its language data is.

Looked for in this order:
1. our own copy, bundled with the frozen app as `tesseract/tesseract[.exe]` with
   `tesseract/tessdata/` (installer/scanstation.spec): the version we tested, no install needed;
2. on Windows, the Tesseract installer's registry entry (SOFTWARE\\Tesseract-OCR, InstallDir);
3. PATH.

`configure()` points pytesseract (and so ocr.py and imaging/orientation.py) at the one found,
once per process; spawned page workers import those modules and configure themselves.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytesseract

REGISTRY_KEY = r"SOFTWARE\Tesseract-OCR"
BUNDLED_FOLDER = "tesseract"


@dataclass(frozen=True)
class TesseractLocation:
    executable: Path | None  # None: no Tesseract on this computer
    tessdata: Path | None  # becomes TESSDATA_PREFIX; None: Tesseract's own default
    found_by: str  # "bundled", "registry" or "PATH"; "" when not found

    def describe(self) -> str:
        where = {"bundled": "bundled with ScanStation", "registry": "installed (Windows registry)",
                 "PATH": "found on PATH"}.get(self.found_by, "not found")
        return f"{self.executable} ({where})" if self.executable else where


def executable_name(windows: bool = sys.platform == "win32") -> str:
    return "tesseract.exe" if windows else "tesseract"


def app_folders() -> list[Path]:
    """Where a frozen app keeps its files: the bundle's `_internal` and the executable's folder."""
    if not getattr(sys, "frozen", False):
        return []
    folders = [Path(getattr(sys, "_MEIPASS", "")), Path(sys.executable).resolve().parent]
    return list(dict.fromkeys(f for f in folders if str(f)))


def registry_install_dirs() -> list[Path]:
    """InstallDir (or Path) of the Tesseract installer's key, machine-wide before per-user."""
    if sys.platform != "win32":
        return []
    import winreg

    found = []
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        for view in (winreg.KEY_WOW64_64KEY, winreg.KEY_WOW64_32KEY):
            try:
                with winreg.OpenKey(hive, REGISTRY_KEY, 0, winreg.KEY_READ | view) as key:
                    for name in ("InstallDir", "Path"):
                        try:
                            value, _kind = winreg.QueryValueEx(key, name)
                        except OSError:
                            continue
                        if value:
                            found.append(Path(value))
            except OSError:
                continue
    return list(dict.fromkeys(found))


def find_tesseract(
    *,
    folders: Iterable[Path] | None = None,
    registry_dirs: Callable[[], list[Path]] = registry_install_dirs,
    which: Callable[[str], str | None] = shutil.which,
    windows: bool = sys.platform == "win32",
) -> TesseractLocation:
    """The Tesseract to run: bundled, then (Windows) registry, then PATH."""
    name = executable_name(windows)
    for folder in app_folders() if folders is None else folders:
        exe = Path(folder) / BUNDLED_FOLDER / name
        if exe.is_file():
            return TesseractLocation(exe, _tessdata(exe.parent), "bundled")
    if windows:
        for folder in registry_dirs():
            exe = Path(folder) / name
            if exe.is_file():
                return TesseractLocation(exe, _tessdata(exe.parent), "registry")
    on_path = which(name)
    if on_path:
        return TesseractLocation(Path(on_path), None, "PATH")  # it knows its own tessdata
    return TesseractLocation(None, None, "")


def _tessdata(folder: Path) -> Path | None:
    tessdata = folder / "tessdata"
    return tessdata if tessdata.is_dir() else None


def apply(location: TesseractLocation, environ: dict = os.environ) -> None:
    """Make pytesseract and the processes we start use `location`."""
    if location.executable is not None:
        pytesseract.pytesseract.tesseract_cmd = str(location.executable)
    if location.tessdata is not None:
        environ["TESSDATA_PREFIX"] = str(location.tessdata)
    if location.found_by != "bundled":
        _system_library_path(environ)


def _system_library_path(environ: dict) -> None:
    """A frozen Linux app runs with LD_LIBRARY_PATH on its own libraries; a system Tesseract
    must load the system's (PyInstaller keeps the original value in LD_LIBRARY_PATH_ORIG)."""
    if not getattr(sys, "frozen", False) or sys.platform == "win32" or "LD_LIBRARY_PATH" not in environ:
        return
    original = environ.get("LD_LIBRARY_PATH_ORIG")
    if original:
        environ["LD_LIBRARY_PATH"] = original
    else:
        del environ["LD_LIBRARY_PATH"]


_configured: TesseractLocation | None = None


def configure() -> TesseractLocation:
    """Find Tesseract and point pytesseract at it; the lookup runs once per process."""
    global _configured
    if _configured is None:
        _configured = find_tesseract()
        apply(_configured)
    return _configured


def install_hint(codes: Iterable[str], location: TesseractLocation | None = None,
                 windows: bool = sys.platform == "win32") -> str:
    """How to get the language data for `codes`, in the words IT needs on this platform."""
    files = ", ".join(f"{code}.traineddata" for code in codes)
    if windows:
        where = location.tessdata if location and location.tessdata else "Tesseract's tessdata folder"
        return f"copy {files} (from github.com/tesseract-ocr/tessdata_fast) into {where}"
    packages = " ".join(f"tesseract-ocr-{code}" for code in codes)
    return f"install it with: sudo apt-get install {packages}"
