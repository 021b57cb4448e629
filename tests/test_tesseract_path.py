"""Which Tesseract runs: bundled first, then the Windows registry, then PATH (scanstation/tesseract_path.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scanstation import tesseract_path
from scanstation.tesseract_path import TesseractLocation, apply, find_tesseract, install_hint


def fake_tesseract(folder: Path, name: str = "tesseract", tessdata: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / name
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    if tessdata:
        (folder / "tessdata").mkdir(exist_ok=True)
    return exe


def test_our_bundled_copy_comes_before_the_registry_and_path(tmp_path):
    app = tmp_path / "ScanStation" / "_internal"
    bundled = fake_tesseract(app / "tesseract", "tesseract.exe")
    installed = fake_tesseract(tmp_path / "Program Files" / "Tesseract-OCR", "tesseract.exe")
    found = find_tesseract(folders=[tmp_path / "elsewhere", app], registry_dirs=lambda: [installed.parent],
                           which=lambda name: "C:/on-path/tesseract.exe", windows=True)
    assert found == TesseractLocation(bundled, bundled.parent / "tessdata", "bundled")


def test_then_the_registry_on_windows(tmp_path):
    empty_app = tmp_path / "app"
    empty_app.mkdir()
    stale = tmp_path / "uninstalled"  # a registry entry whose folder is gone is passed over
    installed = fake_tesseract(tmp_path / "Tesseract-OCR", "tesseract.exe")
    asked = []
    found = find_tesseract(folders=[empty_app], registry_dirs=lambda: asked.append(1) or [stale, installed.parent],
                           which=lambda name: "C:/on-path/tesseract.exe", windows=True)
    assert found == TesseractLocation(installed, installed.parent / "tessdata", "registry")
    assert asked == [1]


def test_then_path_and_the_registry_only_on_windows(tmp_path):
    installed = fake_tesseract(tmp_path / "Tesseract-OCR")
    on_path = str(tmp_path / "bin" / "tesseract")
    registry_asked = []
    found = find_tesseract(folders=[], registry_dirs=lambda: registry_asked.append(1) or [installed.parent],
                           which=lambda name: on_path if name == "tesseract" else None, windows=False)
    assert found == TesseractLocation(Path(on_path), None, "PATH")  # PATH's Tesseract knows its tessdata
    assert registry_asked == []


def test_nothing_found_says_so(tmp_path):
    found = find_tesseract(folders=[tmp_path], registry_dirs=lambda: [tmp_path], which=lambda name: None,
                           windows=True)
    assert found == TesseractLocation(None, None, "")
    assert found.describe() == "not found"


def test_a_bundled_folder_without_tessdata_leaves_tesseract_its_default(tmp_path):
    exe = fake_tesseract(tmp_path / "tesseract", tessdata=False)
    assert find_tesseract(folders=[tmp_path], which=lambda name: None, windows=False) == \
        TesseractLocation(exe, None, "bundled")


def test_a_source_checkout_has_no_app_folders_and_linux_no_registry():
    assert tesseract_path.app_folders() == []
    if sys.platform != "win32":
        assert tesseract_path.registry_install_dirs() == []


def test_apply_points_pytesseract_and_tessdata_prefix_at_it(tmp_path, monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "tesseract")
    exe = fake_tesseract(tmp_path / "tesseract")
    environ = {}
    apply(TesseractLocation(exe, exe.parent / "tessdata", "bundled"), environ)
    assert pytesseract.pytesseract.tesseract_cmd == str(exe)
    assert environ == {"TESSDATA_PREFIX": str(exe.parent / "tessdata")}


def test_a_frozen_linux_app_gives_a_system_tesseract_the_system_libraries(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "tesseract")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    system = TesseractLocation(Path("/usr/bin/tesseract"), None, "PATH")
    environ = {"LD_LIBRARY_PATH": "/opt/ScanStation/_internal", "LD_LIBRARY_PATH_ORIG": "/opt/lib"}
    apply(system, environ)
    assert environ["LD_LIBRARY_PATH"] == "/opt/lib"  # PyInstaller's saved original
    environ = {"LD_LIBRARY_PATH": "/opt/ScanStation/_internal"}
    apply(system, environ)
    assert "LD_LIBRARY_PATH" not in environ
    environ = {"LD_LIBRARY_PATH": "/opt/ScanStation/_internal"}
    apply(TesseractLocation(Path("/opt/ScanStation/_internal/tesseract/tesseract"), None, "bundled"), environ)
    assert environ["LD_LIBRARY_PATH"] == "/opt/ScanStation/_internal"  # ours may need the bundle's


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs a real Tesseract")
def test_a_bundled_layout_runs_with_its_own_language_data(tmp_path):
    """The real binary in our folder layout, with only eng and osd: that tessdata is the one used."""
    system_tessdata = Path(subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
                           .stdout.split('"')[1])
    folder = tmp_path / "app" / "tesseract"
    (folder / "tessdata").mkdir(parents=True)
    os.symlink(shutil.which("tesseract"), folder / "tesseract")
    for code in ("eng", "osd"):
        os.symlink(system_tessdata / f"{code}.traineddata", folder / "tessdata" / f"{code}.traineddata")
    code = ("import sys; from pathlib import Path; import pytesseract; from scanstation import tesseract_path as t\n"
            "where = t.find_tesseract(folders=[Path(sys.argv[1])]); t.apply(where)\n"
            "print(where.found_by, sorted(pytesseract.get_languages()))")
    env = {k: v for k, v in os.environ.items() if k != "TESSDATA_PREFIX"}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "app")], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.stdout.strip() == "bundled ['eng', 'osd']", done.stderr


def test_install_hints_name_the_files_or_packages():
    location = TesseractLocation(Path("C:/ScanStation/_internal/tesseract/tesseract.exe"),
                                 Path("C:/ScanStation/_internal/tesseract/tessdata"), "bundled")
    assert "deu.traineddata" in install_hint(["deu"], location, windows=True)
    assert str(location.tessdata) in install_hint(["deu"], location, windows=True)
    assert install_hint(["deu", "osd"], windows=False) == \
        "install it with: sudo apt-get install tesseract-ocr-deu tesseract-ocr-osd"
