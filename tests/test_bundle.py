"""The frozen app IT deploys (installer/scanstation.spec), run as a station would run it.

The bundle is built by scripts/build_bundle.py, the script `make bundle` runs; it returns at
once when the last build is up to date, and a fresh build takes about half a minute.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest

from tests.cli_run import cli_env

ROOT = Path(__file__).resolve().parent.parent
EXE = ".exe" if sys.platform == "win32" else ""

pytestmark = pytest.mark.timeout(900)  # a first build on a slow machine


@pytest.fixture(scope="session")
def bundle() -> Path:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_bundle.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    folder = ROOT / "build" / "bundle" / "dist" / "ScanStation"
    assert (folder / f"scanstation{EXE}").is_file() and (folder / f"scanstation-gui{EXE}").is_file()
    return folder


def run(program: Path, tmp_path: Path, *args: str, timeout: float = 180, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(program), "--data-dir", str(tmp_path / "data"), *args], capture_output=True,
                          text=True, env=cli_env(tmp_path, **env), timeout=timeout, cwd=tmp_path)


def test_the_frozen_self_test_passes_in_plain_words(bundle, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    done = run(bundle / f"scanstation{EXE}", tmp_path, "--drop", str(drop), "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for start in ("OK    Tesseract (OCR)        version ", "OK    OCR languages          dan, eng, osd installed",
                  "OK    OCR test               read a test line back", "OK    Barcodes: zxing-cpp    read a test",
                  "OK    Barcodes: zbar         read a test", "OK    Scanner: demo ", "OK    Scanner: SANE ",
                  f"OK    Data folder            {tmp_path / 'data'} is writable",
                  f"OK    Drop folder            {drop} is writable", "OK    Journal ", "OK    Settings "):
        assert any(line.startswith(start) for line in lines), f"no line {start!r} in:\n{done.stdout}"
    assert lines[-1] == "Result: this station can work."


def test_the_frozen_self_test_fails_when_the_station_cannot_work(bundle, tmp_path):
    done = run(bundle / f"scanstation{EXE}", tmp_path, "--drop", str(tmp_path / "no-share"), "--self-test")
    assert done.returncode == 1
    assert f"FAIL  Drop folder            {tmp_path / 'no-share'} does not exist" in done.stdout


def test_the_frozen_gui_program_self_tests_without_a_window(bundle, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    done = run(bundle / f"scanstation-gui{EXE}", tmp_path, "--drop", str(drop), "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "Result: this station can work."


def test_the_frozen_app_scans_reads_and_exports_through_a_worker_process(bundle, tmp_path):
    """A worker process (spawn) of the frozen app does the OCR: its text is in the exported PDF."""
    done = run(bundle / f"scanstation{EXE}", tmp_path, "demo", SCANSTATION_OCR="1", SCANSTATION_WORKERS="1",
               SCANSTATION_DEMO_LETTERS="2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 documents: 2 exported" in done.stdout
    pdfs = sorted((tmp_path / "data" / "drop").glob("*.pdf"))
    assert len(pdfs) == 2
    pdf = pypdfium2.PdfDocument(pdfs[0])
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "Kommune" in text  # OCR ran: the demo letters are addressed to Eksempel Kommune


def test_the_msi_authoring_takes_the_real_bundle_as_its_payload(bundle, tmp_path):
    """On Linux CI the MSI is built from the Linux bundle: every file of the app is in the package."""
    import shutil

    if shutil.which("wixl") is None or shutil.which("msiinfo") is None:
        pytest.skip("msitools/wixl are installed by scripts/setup.sh on Debian/Ubuntu")
    out = tmp_path / "ScanStation.msi"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_msi.py"), "--payload", str(bundle),
                           "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    table = subprocess.run(["msiinfo", "export", str(out), "File"], capture_output=True, text=True, check=True).stdout
    names = {row.split("\t")[2].split("|")[-1] for row in table.splitlines()[3:] if row.strip()}
    programs = {f"scanstation{EXE}", f"scanstation-gui{EXE}"}
    assert programs <= names
    files = [p for p in bundle.rglob("*") if p.is_file()]
    assert len(table.splitlines()[3:]) >= len(files)  # symlinks of the Linux bundle become copies
