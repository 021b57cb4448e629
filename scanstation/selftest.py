"""`scanstation --self-test`: can this station work? Every part checked for real, in plain words.

Fatal when broken (the station cannot work): Tesseract and its languages, barcode reading
(the engine that reads the scanned pages), the data folder, the drop folder, the journal. Only told, never
failing: scanners (a station without one still imports files), a second barcode engine,
problems in the settings files (they are ignored value by value, see config.py).
"""

from __future__ import annotations

import importlib
import logging
import os
import secrets
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, tesseract_path
from .atomic import TEMP_PREFIX
from .config import Settings
from .plural import counted
from .private_files import create_private_file, loose_paths, make_private_dir

if TYPE_CHECKING:
    from .windows_acl import WindowsSecurity

log = logging.getLogger("scanstation.selftest")

OCR_PROBE = "ScanStation 2468"  # rendered and read back through the real OCR path


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str  # plain words for IT: what was found, or what is wrong and how to fix it
    fatal: bool = True  # when not ok: True means the station cannot work, False is a warning

    @property
    def status(self) -> str:
        return "OK" if self.ok else ("FAIL" if self.fatal else "WARN")


def station_can_work(checks: list[Check]) -> bool:
    return not any(c.fatal and not c.ok for c in checks)


def run_self_test(settings: Settings, data_dir: Path, *, config_file: Path | None = None,
                  drop_folder: Path | None = None, windows: "WindowsSecurity | None" = None) -> list[Check]:
    """Every check, in the order a page travels; `drop_folder` is a --drop override.
    `windows`: the Windows security calls (given: the ACL check runs, as on Windows)."""
    data_dir = Path(data_dir)
    try:
        if not data_dir.exists():
            make_private_dir(data_dir, within=data_dir)  # as the station makes it: private
    except OSError:
        pass  # the data folder check below says why, in words
    # The OCR probe's files go where the station's own temp files go: the data folder's tmp/.
    scratch = make_private_dir(data_dir / "tmp", within=data_dir) if data_dir.is_dir() else None
    checks = _tesseract_checks(settings, scratch=scratch)
    checks += _barcode_checks()
    checks += _scanner_checks()
    data = _writable("Data folder", data_dir, create=True, what="pages and the journal")
    checks.append(data)
    if data.ok:
        checks.append(_privacy_check(data_dir, windows))
    checks.append(_drop_folder_check(settings, drop_folder))
    journal = _journal_check(data_dir) if data.ok else \
        Check("Journal", False, "not opened: the data folder above is not usable")
    checks.append(journal)
    if journal.ok:
        checks.append(_private_data_check(data_dir, settings))
    checks.append(_settings_check(settings, config_file))
    checks.append(_sheet_signing_check(settings))
    return checks


def _sheet_signing_check(settings: Settings) -> Check:
    """Where the key our sheets are signed with comes from (never the key itself)."""
    source = settings.sources.get("separation.site_key")
    machine = str(settings.machine_file) if settings.machine_file else None
    if not settings.site_key:
        ok, detail = False, ("no site key: cover and separator sheets cannot be signed or checked; "
                             "IT sets one with: scanstation config write-machine --site-key new")
    elif source is not None and source == machine:
        ok, detail = True, f"cover and separator sheets are signed with the site key from {source}"
    elif source is not None:  # one station's own key: fine alone; a site with more stations shares one
        ok, detail = True, (f"cover and separator sheets are signed with this station's key from {source}; "
                            "for sheets that route at every station, IT sets one key for the site in the "
                            "machine-wide file (scanstation config write-machine --site-key ...)")
    else:
        ok, detail = False, ("the site key was made for this run only (it could not be saved): sheets printed "
                             "now stop routing when the program stops")
    if settings.accept_unsigned_sheets:
        ok, detail = False, detail + ("\nunsigned sheets (printed before signing) still route letters "
                                      "(separation.accept_unsigned_sheets): switch it off once they are used up")
    return Check("Sheet signing", ok, detail, fatal=False)


# --- recognition ------------------------------------------------------------------


def _tesseract_checks(settings: Settings, scratch: Path | None = None) -> list[Check]:
    import pytesseract

    location = tesseract_path.configure()
    if location.executable is None:
        where = "ScanStation's own tesseract folder, the Windows registry and PATH" if sys.platform == "win32" \
            else "ScanStation's own tesseract folder and PATH"
        fix = ("reinstall ScanStation (its folder has tesseract\\tesseract.exe) or install Tesseract-OCR"
               if sys.platform == "win32"
               else "install it with: sudo apt-get install tesseract-ocr")
        return [Check("Tesseract (OCR)", False, f"Tesseract was not found (looked in {where}); {fix}.")]
    try:
        version = pytesseract.get_tesseract_version()
    except Exception as exc:  # it is there but does not run: a broken install
        return [Check("Tesseract (OCR)", False, f"{location.describe()} does not run: {exc}")]
    checks = [Check("Tesseract (OCR)", True, f"version {version}, {location.describe()}")]
    languages = _language_check(settings, location)
    checks.append(languages)
    if languages.ok:
        checks.append(_ocr_probe(settings, scratch))
    return checks


def _language_check(settings: Settings, location: tesseract_path.TesseractLocation) -> Check:
    from .ocr import installed_languages

    wanted = [code for code in settings.ocr_languages.split("+") if code]
    source = settings.sources.get("ocr.languages", "the built-in default")
    asked = f'ocr.languages = "{settings.ocr_languages}" (from {source})'
    try:
        installed = installed_languages()
    except Exception as exc:
        return Check("OCR languages", False, f"Tesseract could not list its languages: {exc}")
    missing = [code for code in [*wanted, "osd"] if code not in installed]
    if missing:
        what = ", ".join(missing) + (" (osd: which way up a page lies)" if "osd" in missing else "")
        return Check("OCR languages", False,
                     f"no language data for {what}; {asked}; installed: {', '.join(sorted(installed)) or 'none'}. "
                     f"To fix: {tesseract_path.install_hint(missing, location)}"
                     + (", or change ocr.languages." if set(missing) - {"osd"} else "."))
    return Check("OCR languages", True, f"{', '.join([*wanted, 'osd'])} installed; {asked}")


def _ocr_probe(settings: Settings, scratch: Path | None) -> Check:
    from PIL import Image, ImageDraw, ImageFont

    from .ocr import ocr_page

    image = Image.new("L", (1100, 160), 255)
    ImageDraw.Draw(image).text((40, 40), OCR_PROBE, fill=0, font=ImageFont.load_default(size=64))
    result = ocr_page(image, 300, languages=settings.ocr_languages, timeout=60, scratch_dir=scratch)
    if not result.ok:
        return Check("OCR test", False, f"Tesseract could not read a test line: {result.problem}")
    if "2468" not in result.text:
        return Check("OCR test", False, f"Tesseract read a test line wrongly ({result.text.strip()!r}); "
                                        f"its language data may be damaged")
    return Check("OCR test", True, f"read a test line back ({result.seconds:.1f} s)")


def _barcode_checks() -> list[Check]:
    from .analysis import AnalysisOptions
    from .recognition.barcodes import read_barcodes
    from .recognition.coversheet import Separator, encode_payload, render_separator_sheet_image

    key = "self-test-only-not-a-site-key"
    try:
        sheet = render_separator_sheet_image(dpi=200, key=key)  # as `scanstation coversheet` prints it
    except Exception as exc:
        return [Check("Barcode reading", False, f"could not draw a test separator sheet: {exc}")]
    checks = []
    used = AnalysisOptions().barcode_engine  # the engine that reads every scanned page
    for engine, label, module in (("zxing", "zxing-cpp", "zxingcpp"), ("zbar", "zbar", "pyzbar.pyzbar")):
        fatal = engine == used  # the other engine is a spare: only told
        try:
            importlib.import_module(module)  # read_barcodes logs and swallows a missing library; IT needs why
        except Exception as exc:
            hint = " (install it with: sudo apt-get install libzbar0)" if engine == "zbar" and \
                sys.platform != "win32" else ""
            checks.append(Check(f"Barcodes: {label}", False, f"not available: {exc}{hint}"
                                + (" — scanned pages are read with it: cover and separator sheets would go unseen"
                                   if fatal else ""), fatal=fatal))
            continue
        values = {code.value for code in read_barcodes(sheet, engine=engine)}
        ok = encode_payload(Separator(), key) in values
        checks.append(Check(f"Barcodes: {label}", ok, "read a test separator sheet" if ok else
                            f"did not read the test separator sheet (found {sorted(values) or 'nothing'})",
                            fatal=fatal))
    if not any(c.ok for c in checks):
        checks.append(Check("Barcode reading", False, "no barcode engine works: cover sheets and separator "
                                                      "sheets would go unseen"))
    return checks


# --- scanners ---------------------------------------------------------------------


def _scanner_checks() -> list[Check]:
    kinds = [("demo", "Scanner: demo")]
    kinds.append(("twain", "Scanner: TWAIN") if sys.platform == "win32" else ("sane", "Scanner: SANE"))
    return [_scanner_check(kind, name) for kind, name in kinds]


def _scanner_check(kind: str, name: str) -> Check:
    from .capture import backend_for

    try:
        devices = backend_for(kind).list_devices()
    except Exception as exc:  # missing driver library, SANE that will not start, ...
        return Check(name, False, f"not usable: {getattr(exc, 'user_message', None) or exc}", fatal=False)
    if kind == "demo":
        return Check(name, True, "the built-in demo scanner works (no hardware needed)", fatal=False)
    if not devices:
        tool = "the scanner's TWAIN driver" if kind == "twain" else "`scanimage -L`"
        return Check(name, False, f"works, but no scanner was found: connect and switch on the scanner, "
                                  f"then check {tool}", fatal=False)
    listed = ", ".join(f"{d.name} ({d.id})" for d in devices[:5]) + (" ..." if len(devices) > 5 else "")
    return Check(name, True, f"{counted(len(devices), 'scanner')}: {listed}", fatal=False)


# --- folders, journal, settings ------------------------------------------------------


def _writable(name: str, folder: Path, *, create: bool, what: str) -> Check:
    """Create, fsync and remove a hidden probe file, as the station writes its files."""
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.exists():
            return Check(name, False, f"{folder} does not exist or is not reachable")
        if not folder.is_dir():
            return Check(name, False, f"{folder} is not a folder")
        probe = folder / f"{TEMP_PREFIX}selftest-{secrets.token_hex(4)}.tmp"
        with open(probe, "xb") as handle:
            handle.write(b"ScanStation self-test\n")
            handle.flush()
            os.fsync(handle.fileno())
        probe.unlink()
    except OSError as exc:
        return Check(name, False, f"{folder} is not writable ({exc.strerror or exc}): ScanStation needs to "
                                  f"write {what} there")
    free = shutil.disk_usage(folder).free / 1e9
    return Check(name, True, f"{folder} is writable, {free:.1f} GB free")


def _drop_folder_check(settings: Settings, override: Path | None) -> Check:
    folder = override or settings.drop_folder
    if folder is None:
        return Check("Drop folder", False, "no drop folder is set: set archive.drop_folder in the machine-wide "
                                           f"settings ({settings.machine_file}) or give --drop")
    check = _writable("Drop folder", Path(folder), create=False, what="the exported PDFs")
    source = ("given with --drop" if override else
              f"archive.drop_folder from {settings.sources.get('archive.drop_folder', 'the settings')}")
    return Check(check.name, check.ok, f"{check.detail} ({source})", check.fatal)


def _journal_check(data_dir: Path) -> Check:
    from .journal import Journal
    from .station import JOURNAL_FILE

    path = data_dir / JOURNAL_FILE
    try:
        create_private_file(path)  # as Station.open does: SQLite would make it readable by others
        journal = Journal(path)
        try:
            batches = len(journal.batches())
        finally:
            journal.close()
    except Exception as exc:  # JournalError, sqlite3.Error, OSError: all mean "cannot work"
        return Check("Journal", False, f"{path} cannot be opened: {exc}")
    return Check("Journal", True, f"{path} opens ({counted(batches, 'batch', 'batches')} so far)")


def _privacy_check(data_dir: Path, windows: "WindowsSecurity | None") -> Check:
    """Only the station's user may read the data folder (POSIX modes, or the Windows ACL)."""
    name = "Data folder privacy"
    if windows is not None or sys.platform == "win32":
        from . import windows_acl

        try:
            others = windows_acl.check_data_folder(data_dir, windows or windows_acl.Pywin32Security())
        except Exception as exc:  # pywin32 missing, a file system without ACLs
            return Check(name, False, f"the access list of {data_dir} could not be read ({exc}); letters' pages "
                                      f"may be readable by other users of this computer", fatal=False)
        if others:
            return Check(name, False, f"{data_dir} is open to {', '.join(others)}: other users of this computer "
                                      f"could read letters' pages. ScanStation closes it at its next start; or "
                                      f"run as the station's user: {windows_acl.fix_command(data_dir)}", fatal=False)
        return Check(name, True, "only this user, SYSTEM and Administrators may open the data folder")
    loose = loose_paths(data_dir)
    if loose:
        shown = ", ".join(loose[:5]) + (f" and {len(loose) - 5} more" if len(loose) > 5 else "")
        return Check(name, False, f"{counted(len(loose), 'path')} in {data_dir} open to other users ({shown}); "
                                  f"ScanStation makes them private at its next start (or: chmod -R go= {data_dir})",
                     fatal=False)
    return Check(name, True, "the data folder and everything in it are this user's only (folders 0700, files 0600)")


def _private_data_check(data_dir: Path, settings: Settings) -> Check:
    """How much of the letters' content the station holds, and for how long (retention.py)."""
    from .journal import Journal
    from .pagestore import PageStore
    from .retention import private_data_held
    from .station import JOURNAL_FILE

    journal = Journal(data_dir / JOURNAL_FILE)
    try:
        held = private_data_held(journal, PageStore(data_dir), settings.retention_days)
    except Exception as exc:  # noqa: BLE001 - a count, not a reason to fail the station
        return Check("Private data held", False, f"could not be counted: {exc}", fatal=False)
    finally:
        journal.close()
    return Check("Private data held", True, f"{held.describe()}; pages and text of exported letters are deleted "
                                            f"{counted(settings.retention_days, 'day')} after export "
                                            f"(retention.days_after_export)")


def _settings_check(settings: Settings, config_file: Path | None) -> Check:
    def state(path: Path | None) -> str:
        return f"{path} ({'read' if path and path.exists() else 'not present'})"

    lines = ["built-in defaults", f"machine-wide file {state(settings.machine_file)}",
             f"user file {state(settings.user_file)}"]
    if config_file is not None:
        lines.append(f"--config {state(Path(config_file))}")
    keys = sorted(k for k in settings.sources if not k.startswith("profiles."))
    lines += [f"{key} from {settings.sources[key]}" for key in keys]
    if settings.locked:
        lines.append(f"locked by IT: {', '.join(sorted(settings.locked))}")
    lines += [f"warning: {w}" for w in settings.warnings]
    return Check("Settings", not settings.warnings, "\n".join(lines), fatal=False)


# --- the report ---------------------------------------------------------------------


def format_report(checks: list[Check]) -> str:
    lines = [f"ScanStation {__version__} self-test"]
    for c in checks:
        first, *more = c.detail.splitlines() or [""]
        lines.append(f"{c.status:<5} {c.name:<22} {first}")
        lines += [f"{'':<28} {line}" for line in more]
    warnings = sum(1 for c in checks if not c.ok and not c.fatal)
    note = f" ({counted(warnings, 'warning')})" if warnings else ""
    if station_can_work(checks):
        lines.append(f"Result: this station can work{note}.")
    else:
        failed = ", ".join(c.name for c in checks if c.fatal and not c.ok)
        lines.append(f"Result: this station cannot work until these are fixed: {failed}.")
    return "\n".join(lines) + "\n"


def report_json(checks: list[Check]) -> dict:
    return {"ok": station_can_work(checks), "version": __version__,
            "checks": [{"name": c.name, "status": c.status, "ok": c.ok, "fatal": c.fatal, "detail": c.detail}
                       for c in checks]}


def self_test_main(settings: Settings, data_dir: Path, *, config_file: Path | None = None,
                   drop_folder: Path | None = None, as_json: bool = False,
                   write: Callable[[str], object] | None = None) -> int:
    """Run, print and log the self-test; 0 when the station can work, 1 when it cannot."""
    import json

    checks = run_self_test(settings, data_dir, config_file=config_file, drop_folder=drop_folder)
    text = json.dumps(report_json(checks), ensure_ascii=False, indent=2) + "\n" if as_json \
        else format_report(checks)
    (write or sys.stdout.write)(text)
    for c in checks:
        if not c.ok:
            (log.error if c.fatal else log.warning)("self-test: %s: %s", c.name, c.detail.replace("\n", "; "))
    can_work = station_can_work(checks)
    log.info("self-test: this station %s", "can work" if can_work else "cannot work")
    return 0 if can_work else 1
