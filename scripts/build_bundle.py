"""Build the one-folder ScanStation app (installer/scanstation.spec) into build/bundle/dist/ScanStation.

`make bundle` and tests/test_bundle.py both run this. When nothing that goes into the app
changed since the last build (our code, resources, the spec, the installed packages, the
Python, SCANSTATION_TESSERACT_DIR), it only says so: a stamp file keeps the last fingerprint.

    python scripts/build_bundle.py [--force]

On Windows set SCANSTATION_TESSERACT_DIR to a Tesseract folder to bundle it (see the spec).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bundle"
DIST = OUT / "dist" / "ScanStation"
STAMP = OUT / "fingerprint"
SPEC = ROOT / "installer" / "scanstation.spec"


def executable(name: str) -> Path:
    return DIST / (f"{name}.exe" if sys.platform == "win32" else name)


def inputs() -> list[Path]:
    files = [*ROOT.joinpath("scanstation").rglob("*.py"), *ROOT.joinpath("resources").rglob("*"),
             *ROOT.joinpath("installer").glob("*.py"), SPEC]
    return sorted(p for p in files if p.is_file() and "__pycache__" not in p.parts)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in inputs():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join([sys.version, platform.platform(), *packages,
                             os.environ.get("SCANSTATION_TESSERACT_DIR", "")]).encode())
    return digest.hexdigest()


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        print(">> installing the bundle extra (PyInstaller)", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", f"{ROOT}[bundle]"], check=True)


def build(force: bool = False) -> Path:
    """The app folder, built only when its inputs changed (or `force`)."""
    ensure_pyinstaller()
    wanted = fingerprint()
    exes = [executable("scanstation"), executable("scanstation-gui")]
    if not force and all(e.is_file() for e in exes) and STAMP.is_file() and STAMP.read_text() == wanted:
        print(f"bundle is up to date: {DIST}", flush=True)
        return DIST
    STAMP.unlink(missing_ok=True)  # a build that stops half-way must not look up to date
    started = time.monotonic()
    print(f">> building {DIST} with PyInstaller", flush=True)
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(OUT / "dist"), "--workpath", str(OUT / "work"), str(SPEC)],
                   cwd=ROOT, check=True)
    version = subprocess.run([str(exes[0]), "--version"], capture_output=True, text=True, timeout=120)
    if version.returncode != 0:
        raise SystemExit(f"the built {exes[0].name} does not start:\n{version.stderr}")
    STAMP.write_text(wanted)
    size = sum(f.stat().st_size for f in DIST.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6
    print(f"built {version.stdout.strip()} in {time.monotonic() - started:.0f} s: {DIST} ({size:.0f} MB)", flush=True)
    return DIST


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="build even when nothing changed")
    build(force=parser.parse_args().force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
