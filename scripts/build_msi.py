"""Build ScanStation's MSI from a payload folder: `make msi` (wixl) or the Windows workflow (WiX 3).

    python scripts/build_msi.py [--payload DIR] [--out FILE] [--compiler wixl|wix]

The payload is the PyInstaller one-folder app. Default: the bundle `make bundle` left under
build/ (the folder holding `scanstation.exe`, or `scanstation` on Linux); without one, a
small staged payload with placeholder programs, which checks the authoring and nothing
else. On Linux CI the payload is the Linux bundle: the MSI is built to check the
authoring (tests/test_msi.py reads it back); only the Windows workflow builds the MSI IT
installs.

Neither compiler has `heat` here (wixl has none; WiX's needs .NET 3.5), so this script
writes the fragment itself: build/msi/payload.wxs, one component per file, with a GUID
derived from the file's path (uuid5). The same path keeps the same GUID in every version,
as Windows Installer's component rules want. The version comes from pyproject.toml as
the numeric x.y.z an MSI ProductVersion must be.

Only the standard library: the Windows workflow runs this before anything else exists.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
WXS = ROOT / "installer" / "scanstation.wxs"
BUILD = ROOT / "build" / "msi"
WIX_NS = "{http://schemas.microsoft.com/wix/2006/wi}"
# Never change: every component GUID of every version derives from it.
COMPONENT_NAMESPACE = uuid.UUID("F7AB0F28-6A9F-4F28-A80D-132303D91936")
# The programs the .wxs refers to by File Id (custom action, shortcut), by preference.
CLI_NAMES = ("scanstation.exe", "scanstation")
GUI_NAMES = ("scanstation-gui.exe", "ScanStation.exe", "scanstation-gui")
CLI_ID, GUI_ID = "ScanStationCli", "ScanStationGui"


class BuildError(Exception):
    """Something the person building can fix; printed as one line."""


# --- version -------------------------------------------------------------------------


def msi_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """`0.1.0` -> `0.1.0`, `1.2` -> `1.2.0`, `1.2.3rc1` -> `1.2.3`: an MSI wants x.y.z numbers."""
    version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    match = re.match(r"^(\d+)\.(\d+)(?:\.(\d+))?", version)
    if not match:
        raise BuildError(f"{pyproject}: version {version!r} does not start with numbers x.y[.z]")
    major, minor, build = (int(part or 0) for part in match.groups())
    if major > 255 or minor > 255 or build > 65535:
        raise BuildError(f"{pyproject}: version {version!r} is too large for an MSI (255.255.65535 at most)")
    return f"{major}.{minor}.{build}"


# --- the payload ---------------------------------------------------------------------


def find_bundle(build: Path = ROOT / "build") -> Path | None:
    """The one-folder app under build/ (up to three levels down), if `make bundle` made one:
    the folder with the command-line program and PyInstaller's `_internal` beside it."""
    if not build.is_dir():
        return None
    for depth in range(0, 4):
        for folder in sorted(build.glob("/".join(["*"] * depth)) if depth else [build]):
            if (folder.is_dir() and BUILD not in (folder, *folder.parents)
                    and (folder / "_internal").is_dir() and _program(folder, CLI_NAMES)):
                return folder  # PyInstaller's work folder has the program but no _internal
    return None


def stage_payload(folder: Path) -> Path:
    """A small stand-in for the bundle: the two programs (placeholders), a nested folder,
    a name with a blank and one with a Danish letter. For checking the authoring only."""
    if folder.exists():
        shutil.rmtree(folder)
    note = b"Placeholder for checking the MSI authoring; not a program. Build the real one with `make bundle`.\n"
    files = {
        "scanstation.exe": note,
        "scanstation-gui.exe": note,
        "_internal/base_library.zip": b"PK\x05\x06" + bytes(18),
        "_internal/resources/i18n/scanstation_da.qm": b"qm",
        "_internal/resources/l\u00e6s mig.txt": "L\u00e6s mig: ScanStation staged payload.\n".encode(),
    }
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def _program(folder: Path, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if (folder / name).is_file()), None)


# --- the fragment --------------------------------------------------------------------


def _ident(prefix: str, relative: str) -> str:
    """An MSI identifier (letters, digits, _ .; at most 72) that only the path decides."""
    return prefix + hashlib.sha1(relative.lower().encode("utf-8")).hexdigest()[:24].upper()


def component_guid(relative: str) -> str:
    """The same relative path (case-insensitive, as on Windows) always gives the same GUID."""
    return "{" + str(uuid.uuid5(COMPONENT_NAMESPACE, relative.replace("\\", "/").lower())).upper() + "}"


def payload_fragment(payload: Path, *, cli: str | None = None, gui: str | None = None) -> str:
    """WiX source for every file under `payload`, as ComponentGroup "Payload" under INSTALLFOLDER."""
    cli = cli or _program(payload, CLI_NAMES)
    gui = gui or _program(payload, GUI_NAMES)
    for what, name, names in (("command-line program", cli, CLI_NAMES), ("window program", gui, GUI_NAMES)):
        if not name or not (payload / name).is_file():
            raise BuildError(f"{payload}: no {what} ({' or '.join(names)}); is this the PyInstaller folder?")
    known = {cli: CLI_ID, gui: GUI_ID}
    files = sorted(p.relative_to(payload).as_posix() for p in payload.rglob("*") if p.is_file())
    counts = Counter(f.lower() for f in files)
    clashes = [f for f in files if counts[f.lower()] > 1]
    if clashes:
        raise BuildError(f"{payload}: names that differ only in case cannot both exist on Windows: "
                         f"{', '.join(clashes[:6])}")
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             "<!-- Written by scripts/build_msi.py from the payload folder; do not edit. -->",
             '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">', "  <Fragment>",
             '    <DirectoryRef Id="INSTALLFOLDER">']
    components: list[str] = []
    _emit_folder(files, "", lines, components, known, indent=6)
    lines += ["    </DirectoryRef>", '    <ComponentGroup Id="Payload">']
    lines += [f'      <ComponentRef Id="{c}" />' for c in components]
    lines += ["    </ComponentGroup>", "  </Fragment>", "</Wix>", ""]
    return "\n".join(lines)


def _emit_folder(files: list[str], folder: str, lines: list[str], components: list[str],
                 known: dict[str, str], indent: int) -> None:
    pad = " " * indent
    prefix = f"{folder}/" if folder else ""
    here = [f for f in files if f.startswith(prefix) and "/" not in f[len(prefix):]]
    below = sorted({f[len(prefix):].split("/", 1)[0] for f in files if f.startswith(prefix) and "/" in f[len(prefix):]})
    for relative in here:
        component = _ident("cmp", relative)
        components.append(component)
        file_id = known.get(relative, _ident("fil", relative))
        if "$(" in relative:
            raise BuildError(f"{relative}: a file name with '$(' would be read as a WiX variable")
        source = "$(var.PayloadDir)/" + relative
        lines.append(f'{pad}<Component Id="{component}" Guid="{component_guid(relative)}" Win64="yes">')
        lines.append(f'{pad}  <File Id="{file_id}" Name={quoteattr(relative.rsplit("/", 1)[-1])} '
                     f'Source={quoteattr(source)} KeyPath="yes" />')
        lines.append(f"{pad}</Component>")
    for name in below:
        relative = prefix + name
        lines.append(f'{pad}<Directory Id="{_ident("dir", relative)}" Name={quoteattr(name)}>')
        _emit_folder(files, relative, lines, components, known, indent + 2)
        lines.append(f"{pad}</Directory>")


# --- compiling -----------------------------------------------------------------------


def secure_properties(wxs: Path = WXS) -> list[str]:
    """The properties the source marks Secure="yes" (WiX lists them; wixl 0.101 does not)."""
    root = ET.parse(wxs).getroot()
    return [p.get("Id") for p in root.iter(f"{WIX_NS}Property") if p.get("Secure") == "yes"]


def same_version_upgrades(wxs: Path = WXS) -> bool:
    root = ET.parse(wxs).getroot()
    return any(m.get("AllowSameVersionUpgrades") == "yes" for m in root.iter(f"{WIX_NS}MajorUpgrade"))


def build_with_wixl(fragment: Path, payload: Path, out: Path, version: str) -> None:
    """wixl reads Source paths relative to its working folder: run it next to the payload.

    Then what wixl 0.101 leaves out is added, so that the package is what WiX makes of
    the same source: the Secure properties in SecureCustomProperties, and the Upgrade row
    of MajorUpgrade/@AllowSameVersionUpgrades.
    """
    wixl = _tool("wixl", "apt-get install wixl (msitools)")
    command = [wixl, "-a", "x64", "-D", f"Version={version}", "-D", f"PayloadDir={payload.name}",
               "-D", "Wixl=1", "-o", str(out), str(WXS), str(fragment)]
    _run(command, cwd=payload.parent)
    secure = [*_property(out, "SecureCustomProperties").split(";"), *secure_properties()]
    queries = []
    if same_version_upgrades():
        # msidbUpgradeAttributesMigrateFeatures | VersionMinInclusive | VersionMaxInclusive
        queries.append("INSERT INTO `Upgrade` (`UpgradeCode`, `VersionMin`, `VersionMax`, `Attributes`, "
                       f"`ActionProperty`) VALUES ('{_property(out, 'UpgradeCode')}', '{version}', '{version}', "
                       "769, 'WIX_SAME_VERSION_UPGRADE_DETECTED')")
        secure.append("WIX_SAME_VERSION_UPGRADE_DETECTED")
    value = ";".join(dict.fromkeys(p for p in secure if p))
    queries.append(f"UPDATE `Property` SET `Value` = '{value}' WHERE `Property` = 'SecureCustomProperties'")
    msibuild = _tool("msibuild", "apt-get install msitools")
    for query in queries:
        _run([msibuild, str(out), "-q", query])


def build_with_wix(fragment: Path, payload: Path, out: Path, version: str) -> None:
    """WiX Toolset 3 (candle + light) on Windows, from the same two sources."""
    candle, light = _tool("candle", "install WiX Toolset 3.14"), _tool("light", "install WiX Toolset 3.14")
    objects = out.parent / "obj"
    objects.mkdir(parents=True, exist_ok=True)
    _run([candle, "-nologo", "-arch", "x64", f"-dVersion={version}", f"-dPayloadDir={payload.as_posix()}",
          "-out", f"{objects}{os.sep}", str(WXS), str(fragment)])
    _run([light, "-nologo", "-spdb", "-out", str(out),
          str(objects / f"{WXS.stem}.wixobj"), str(objects / f"{fragment.stem}.wixobj")])


def _property(msi: Path, name: str) -> str:
    msiinfo = _tool("msiinfo", "apt-get install msitools")
    table = subprocess.run([msiinfo, "export", str(msi), "Property"], capture_output=True, text=True, check=True)
    for line in table.stdout.splitlines():
        key, _, value = line.partition("\t")
        if key == name:
            return value
    return ""


def _tool(name: str, hint: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BuildError(f"{name} not found ({hint})")
    return found


def _run(command: list[str], cwd: Path | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    # wixl warns about what only WiX uses (Secure) and says "unimplemented" for the
    # non-advertised shortcut it does write: expected, not news.
    noise = re.compile(r"has no property named 'Secure'|^\s*$|^\(wixl:\d+\): GLib-GObject-WARNING"
                       r"|builder\.vala:\d+: unimplemented")
    for line in (done.stdout + done.stderr).splitlines():
        if not noise.search(line):
            print(line, file=sys.stderr)
    if done.returncode != 0:
        raise BuildError(f"{Path(command[0]).name} failed (exit code {done.returncode})")


def build_msi(payload: Path | None = None, out: Path | None = None, *, compiler: str | None = None,
              version: str | None = None) -> Path:
    """The MSI for `payload` (default: the bundle, else a staged payload); returns its path."""
    version = version or msi_version()
    if payload is None:
        payload = find_bundle()
        if payload is None:
            payload = stage_payload(BUILD / "staged-payload")
            print(f"build_msi: no bundle under build/ (`make bundle` makes one); using the staged payload "
                  f"{payload}: this MSI only checks the authoring", file=sys.stderr)
    payload = Path(payload).resolve()
    out = Path(out or BUILD / f"ScanStation-{version}.msi").resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    fragment = out.parent / "payload.wxs"
    fragment.write_text(payload_fragment(payload), encoding="utf-8")
    if out.exists():
        out.unlink()
    if not _program(payload, CLI_NAMES).endswith(".exe"):
        print(f"build_msi: {payload} holds Linux programs: this MSI checks the authoring; it installs "
              "nothing that runs", file=sys.stderr)
    compiler = compiler or ("wix" if sys.platform == "win32" else "wixl")
    (build_with_wix if compiler == "wix" else build_with_wixl)(fragment, payload, out, version)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payload", type=Path, help="the PyInstaller folder (default: the bundle under build/)")
    parser.add_argument("--stage", action="store_true", help="use a small staged payload even if a bundle exists")
    parser.add_argument("--out", type=Path, help="the MSI to write (default: build/msi/ScanStation-<version>.msi)")
    parser.add_argument("--compiler", choices=("wixl", "wix"), help="default: wix on Windows, wixl elsewhere")
    args = parser.parse_args(argv)
    try:
        payload = stage_payload(BUILD / "staged-payload") if args.stage else args.payload
        print(build_msi(payload, args.out, compiler=args.compiler))
    except BuildError as exc:
        print(f"build_msi: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
