"""`scanstation --self-test` with the real Tesseract, zxing-cpp, zbar, SANE test backend and journal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from scanstation.config import load_settings
from scanstation.selftest import format_report, run_self_test, station_can_work
from tests.cli_run import cli_env, scanstation
from tests.signing import user_config_text


def settings_with(tmp_path: Path, **changes):
    machine = tmp_path / "machine.toml"
    if not machine.exists():  # IT set the site's key, as the installer does
        machine.write_text(user_config_text(), encoding="utf-8")
    return replace(load_settings(machine_file=machine, user_file=tmp_path / "user.toml"), **changes)


def by_name(checks) -> dict:
    return {c.name: c for c in checks}


@pytest.fixture
def drop(tmp_path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


@pytest.fixture
def unwritable(tmp_path) -> Path:
    """A folder nobody may write in; root ignores permissions, so it is made immutable instead."""
    folder = tmp_path / "archive-share"
    folder.mkdir()
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("running as root without chattr +i: cannot make a folder unwritable")
    else:
        folder.chmod(0o555)
    yield folder
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    folder.chmod(0o755)


def test_a_working_station_passes_with_every_part_really_used(tmp_path, drop):
    checks = run_self_test(settings_with(tmp_path, drop_folder=drop), tmp_path / "data")
    found = by_name(checks)
    assert station_can_work(checks), format_report(checks)
    assert found["Tesseract (OCR)"].detail.startswith("version 5")
    assert found["OCR languages"].detail.startswith("dan, eng, osd installed")
    assert found["OCR test"].ok  # a line rendered and read back by the station's OCR path
    assert found["Barcodes: zxing-cpp"].ok and found["Barcodes: zbar"].ok
    assert found["Scanner: demo"].ok
    assert "(sane:test:0)" in found["Scanner: SANE"].detail  # the test backend (conftest)
    assert found["Journal"].ok and (tmp_path / "data" / "journal.sqlite").exists()
    assert [p.name for p in drop.iterdir()] == []  # the probe file is gone again
    report = format_report(checks)
    assert report.splitlines()[-1] == "Result: this station can work."
    assert f"OK    Drop folder            {drop} is writable" in report


def test_cli_self_test_exits_0_and_reports_in_plain_words(tmp_path, drop):
    done = scanstation(tmp_path, "--drop", str(drop), "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ScanStation ") and lines[0].endswith(" self-test")
    assert any(line.startswith("OK    Tesseract (OCR)        version ") for line in lines)
    assert lines[-1] == "Result: this station can work."
    # `self-test` is the same as a subcommand; --json for IT's scripts
    done = scanstation(tmp_path, "--drop", str(drop), "--json", "self-test")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True and {c["status"] for c in report["checks"]} == {"OK"}


def test_a_missing_language_fails_naming_it_and_how_to_install_it(tmp_path, drop):
    config = tmp_path / "site.toml"
    config.write_text('[ocr]\nlanguages = "dan+deu"\n', encoding="utf-8")
    done = scanstation(tmp_path, "--config", str(config), "--drop", str(drop), "--self-test")
    assert done.returncode == 1
    line = next(line for line in done.stdout.splitlines() if "OCR languages" in line)
    assert line.startswith("FAIL  OCR languages          no language data for deu;")
    assert f'ocr.languages = "dan+deu" (from {config})' in line
    assert "sudo apt-get install tesseract-ocr-deu" in line
    assert done.stdout.splitlines()[-1] == "Result: this station cannot work until these are fixed: OCR languages."


def test_an_unwritable_drop_folder_fails_naming_the_folder(tmp_path, unwritable):
    done = scanstation(tmp_path, "--drop", str(unwritable), "--self-test")
    assert done.returncode == 1
    line = next(line for line in done.stdout.splitlines() if "Drop folder" in line)
    assert line.startswith(f"FAIL  Drop folder            {unwritable} is not writable (")
    assert "Drop folder" in done.stdout.splitlines()[-1]


def test_a_drop_folder_not_set_or_not_there(tmp_path):
    checks = by_name(run_self_test(settings_with(tmp_path), tmp_path / "data"))
    assert not checks["Drop folder"].ok
    assert checks["Drop folder"].detail.startswith("no drop folder is set: set archive.drop_folder in the "
                                                   f"machine-wide settings ({tmp_path / 'machine.toml'})")
    missing = tmp_path / "not-mounted"
    checks = by_name(run_self_test(settings_with(tmp_path, drop_folder=missing), tmp_path / "data"))
    assert checks["Drop folder"].detail.startswith(f"{missing} does not exist or is not reachable")
    assert not missing.exists()  # a missing share is reported, never made as a local folder


def test_a_data_folder_that_cannot_be_made_and_a_foreign_journal(tmp_path, drop):
    settings = settings_with(tmp_path, drop_folder=drop)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    checks = run_self_test(settings, blocker / "data")
    assert [c.name for c in checks if not c.ok] == ["Data folder", "Journal"]
    assert by_name(checks)["Data folder"].detail.startswith(f"{blocker / 'data'} is not writable")

    data = tmp_path / "data"
    data.mkdir()
    (data / "journal.sqlite").write_bytes(b"this is no SQLite database" * 100)
    checks = by_name(run_self_test(settings, data))
    assert not checks["Journal"].ok and checks["Journal"].fatal
    assert "is not a ScanStation journal" in checks["Journal"].detail


def test_no_tesseract_on_this_computer_fails_with_what_to_install(tmp_path, drop):
    env = cli_env(tmp_path, PATH=str(tmp_path / "empty-bin"))
    done = scanstation(tmp_path, "--drop", str(drop), "--self-test", env=env)
    assert done.returncode == 1
    assert "FAIL  Tesseract (OCR)        Tesseract was not found (looked in ScanStation's own tesseract folder " \
           "and PATH); install it with: sudo apt-get install tesseract-ocr." in done.stdout


def test_the_engine_that_reads_the_pages_must_work_the_spare_only_warns(tmp_path, drop, monkeypatch):
    # Fault injection: an engine sees nothing (the real ones read the sheet in the tests above).
    import scanstation.recognition.barcodes as barcodes

    real = barcodes.read_barcodes
    blind: set[str] = set()
    monkeypatch.setattr(barcodes, "read_barcodes",
                        lambda image, engine: [] if engine in blind else real(image, engine=engine))
    settings = settings_with(tmp_path, drop_folder=drop)
    blind.add("zbar")  # the spare engine broken: told, the station still works
    checks = run_self_test(settings, tmp_path / "data")
    assert [(c.name, c.status) for c in checks if not c.ok] == [("Barcodes: zbar", "WARN")]
    assert station_can_work(checks)
    blind.clear()
    blind.add("zxing")  # the engine every scanned page is read with: cover sheets would go unseen
    checks = run_self_test(settings, tmp_path / "data")
    assert [(c.name, c.status) for c in checks if not c.ok] == [("Barcodes: zxing-cpp", "FAIL")]
    assert not station_can_work(checks)
    blind.add("zbar")
    checks = run_self_test(settings, tmp_path / "data")
    assert [(c.name, c.status) for c in checks if not c.ok] == [
        ("Barcodes: zxing-cpp", "FAIL"), ("Barcodes: zbar", "WARN"), ("Barcode reading", "FAIL")]


def test_settings_sources_locks_and_warnings_are_shown_but_do_not_fail(tmp_path, drop):
    machine, user = tmp_path / "machine.toml", tmp_path / "user.toml"
    machine.write_text(f'[archive]\ndrop_folder = "{drop.as_posix()}"\n[lock]\nkeys = ["archive.drop_folder"]\n')
    user.write_text('[export]\njpeg_quality = 5\n')
    checks = run_self_test(load_settings(machine_file=machine, user_file=user), tmp_path / "data")
    assert station_can_work(checks)
    setting = by_name(checks)["Settings"]
    assert setting.status == "WARN"
    assert setting.detail.splitlines() == [
        "built-in defaults", f"machine-wide file {machine} (read)", f"user file {user} (read)",
        f"archive.drop_folder from {machine}", "locked by IT: archive.drop_folder",
        f"warning: {user}: export.jpeg_quality has a wrong value (expected a whole number from 20 to 100); "
        "it is ignored"]
    assert f"({'archive.drop_folder from ' + str(machine)})" in by_name(checks)["Drop folder"].detail
    assert by_name(checks)["Sheet signing"].status == "WARN"  # no site key in these files
    assert format_report(checks).splitlines()[-1] == "Result: this station can work (2 warnings)."


def test_the_gui_program_reports_without_opening_a_window(tmp_path, drop):
    code = ("import sys; from scanstation.ui import app\n"
            "code = app.main(sys.argv[1:]); print('Qt loaded:', 'PySide6.QtWidgets' in sys.modules); sys.exit(code)")
    env = cli_env(tmp_path)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)  # without --self-test this would run the headless demo instead
    done = subprocess.run([sys.executable, "-c", code, "--data-dir", str(tmp_path / "data"), "--drop", str(drop),
                           "--self-test"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Result: this station can work." in done.stdout
    assert done.stdout.splitlines()[-1] == "Qt loaded: False"


def test_a_command_is_still_required_without_self_test(tmp_path):
    done = scanstation(tmp_path)
    assert done.returncode == 2
    assert done.stderr == "scanstation: the following arguments are required: command (see `scanstation --help`)\n"
