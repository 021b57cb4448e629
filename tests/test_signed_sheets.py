"""Cover sheets nobody can forge: our codes carry a signature with the site key.

Plays the forger: a look-alike `SSCS1|r=byggeri...` printed on a citizen's letter, a `SSSEP1`
on a letter page, a sheet signed with another site's key. Pages are real images read by the
real readers (zxing-cpp and zbar), through the real command where the user would notice.
"""

from __future__ import annotations

import json
import logging
import tomllib
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from scanstation.analysis import AnalysisOptions, analyze_page
from scanstation.capture.demo_letters import demo_letters, render_letter_page
from scanstation.config import load_settings
from scanstation.machine_config import MachineConfigError, write_machine_config
from scanstation.recognition.barcodes import read_barcodes
from scanstation.recognition.coversheet import (
    UNSIGNED, WRONG_SIGNATURE, CoverSheet, Separator, encode_payload, parse_payload, read_sheet_codes,
    render_cover_sheet_image, render_separator_sheet_image,
)  # fmt: skip
from scanstation.site_key import ensure_site_key

from .cli_run import cli_env, scanstation
from .pages import write_pages
from tests.signing import OTHER_SITE_KEY, TEST_SITE_KEY

DPI = 150
SHEET = CoverSheet("byggeri", "2024-0666", "klage")
SIGNED = AnalysisOptions(detect_orientation=False, site_key=TEST_SITE_KEY)


# --- the code text --------------------------------------------------------------------


def test_a_signed_code_is_trusted_only_with_the_key_it_was_signed_with():
    text = encode_payload(SHEET, TEST_SITE_KEY)
    assert text.startswith(encode_payload(SHEET) + "|s=") and len(text) == len(encode_payload(SHEET)) + 11
    assert parse_payload(text) == SHEET  # what the code claims ...
    assert read_sheet_codes([text], TEST_SITE_KEY).sheets == (SHEET,)  # ... trusted with our key
    other = read_sheet_codes([text], OTHER_SITE_KEY)
    assert other.sheets == () and [r.why for r in other.refused] == [WRONG_SIGNATURE]
    assert read_sheet_codes([text], None).sheets == ()  # no key set: nothing signed can be trusted


def test_changing_a_signed_sheets_recipient_breaks_its_signature():
    text = encode_payload(CoverSheet("fordeling"), TEST_SITE_KEY)
    forged = text.replace("r=fordeling", "r=byggeri")
    assert parse_payload(forged) == CoverSheet("byggeri")
    assert read_sheet_codes([forged], TEST_SITE_KEY).sheets == ()
    separator = encode_payload(Separator(), TEST_SITE_KEY)
    assert read_sheet_codes([separator.replace("SSSEP1", "SSSEP1|x")], TEST_SITE_KEY).sheets == ()


@pytest.mark.parametrize("accept", [False, True])
def test_unsigned_codes_route_only_while_the_site_allows_them(accept):
    codes = read_sheet_codes([encode_payload(SHEET), "SSSEP1"], TEST_SITE_KEY, accept_unsigned=accept)
    if accept:
        assert codes.sheets == (SHEET, Separator()) and codes.refused == ()
    else:
        assert codes.sheets == () and [(r.kind, r.why) for r in codes.refused] == [
            ("cover_sheet", UNSIGNED), ("separator", UNSIGNED)]
        assert "this site did not print" in codes.refused[0].warning
        assert "byggeri" not in codes.refused[0].warning  # nothing the forger wrote is repeated


def test_a_refused_code_is_logged_without_its_digits(caplog):
    with caplog.at_level(logging.WARNING, logger="scanstation.coversheet"):
        read_sheet_codes(["SSCS1|r=byggeri|c=010190-1234"], TEST_SITE_KEY)
    assert "without a signature" in caplog.text and "010190" not in caplog.text


# --- real pages, real readers ---------------------------------------------------------


def _code_image(text: str, fmt) -> Image.Image:
    made = zxingcpp.create_barcode(text, fmt)
    return Image.fromarray(np.array(zxingcpp.write_barcode_to_image(made, scale=3))).convert("L")


def letter_with_code(text: str, seed: int = 5, page: int = 1) -> Image.Image:
    """A citizen's letter page with a look-alike of our code printed in its top corner."""
    letter = next(item for item in demo_letters(6, seed=seed) if item.page_count >= 2)
    image = render_letter_page(letter, page, DPI, "gray").copy()
    image.paste(_code_image(text, zxingcpp.BarcodeFormat.QRCode), (image.width - 330, 40))
    return image


@pytest.mark.parametrize("engine", ["zxing", "zbar"])
def test_a_look_alike_on_a_letter_is_a_foreign_barcode_with_a_warning(engine):
    forged = encode_payload(SHEET)  # SSCS1|r=byggeri|c=2024-0666|t=klage: no signature
    options = AnalysisOptions(detect_orientation=False, site_key=TEST_SITE_KEY, barcode_engine=engine)
    analysis = analyze_page(letter_with_code(forged), DPI, options)
    assert forged in [b.value for b in analysis.barcodes]  # kept in the page's barcode list
    assert analysis.cover_sheet is None and analysis.separator_kind is None
    assert len(analysis.sheet_warnings) == 1 and "did not print" in analysis.sheet_warnings[0]


def test_a_sheet_printed_with_another_sites_key_is_refused_and_ours_routes():
    ours = analyze_page(render_cover_sheet_image(SHEET, "Byg og Plan", dpi=DPI, key=TEST_SITE_KEY), DPI, SIGNED)
    assert ours.cover_sheet == SHEET and ours.sheet_warnings == ()
    other = analyze_page(render_cover_sheet_image(SHEET, "Byg og Plan", dpi=DPI, key=OTHER_SITE_KEY), DPI, SIGNED)
    assert other.cover_sheet is None and other.separator_kind is None
    assert "not this site's" in other.sheet_warnings[0]
    separator = analyze_page(render_separator_sheet_image(dpi=DPI, key=OTHER_SITE_KEY), DPI, SIGNED)
    # Its Patch T is still a patch code: a site that uses patch sheets uses them unsigned.
    assert separator.separator_sheet is False and separator.separator_kind == "patch_T"


def test_an_old_unsigned_sheet_routes_while_the_setting_allows_it():
    old = render_cover_sheet_image(SHEET, "Byg og Plan", dpi=DPI, key=None)
    assert analyze_page(old, DPI, SIGNED).cover_sheet is None
    allowed = AnalysisOptions(detect_orientation=False, site_key=TEST_SITE_KEY, accept_unsigned_sheets=True)
    assert analyze_page(old, DPI, allowed).cover_sheet == SHEET


# --- the key in the settings ----------------------------------------------------------


def test_the_machine_wide_key_wins_and_is_never_shown(tmp_path):
    machine, user = tmp_path / "machine.toml", tmp_path / "user.toml"
    machine.write_text(f'[separation]\nsite_key = "{TEST_SITE_KEY}"\n')
    user.write_text(f'[separation]\nsite_key = "{OTHER_SITE_KEY}"\naccept_unsigned_sheets = true\n')
    settings = load_settings(machine_file=machine, user_file=user)
    assert settings.site_key == TEST_SITE_KEY and settings.accept_unsigned_sheets is True
    assert any("separation.site_key is set by the machine-wide settings" in w for w in settings.warnings)
    assert TEST_SITE_KEY not in repr(settings) and TEST_SITE_KEY not in repr(SIGNED)
    assert load_settings(machine_file=tmp_path / "none.toml", user_file=tmp_path / "none.toml").accept_unsigned_sheets \
        is False  # fmt: skip
    user.write_text('[separation]\nsite_key = "short"\n')
    settings = load_settings(machine_file=tmp_path / "none.toml", user_file=user)
    assert settings.site_key is None and any("site_key has a wrong value" in w for w in settings.warnings)


def test_a_first_start_without_a_key_makes_one_saves_it_and_says_so(tmp_path):
    user = tmp_path / "user.toml"
    settings = ensure_site_key(load_settings(machine_file=tmp_path / "machine.toml", user_file=user))
    assert settings.site_key and len(settings.site_key) >= 40
    assert tomllib.loads(user.read_text())["separation"]["site_key"] == settings.site_key
    assert any("a new one was made and saved" in w for w in settings.warnings)
    again = ensure_site_key(load_settings(machine_file=tmp_path / "machine.toml", user_file=user))
    assert again.site_key == settings.site_key and not again.warnings


def test_the_installer_makes_a_key_once_and_it_survives_an_upgrade(tmp_path):
    machine = tmp_path / "config.toml"
    assert write_machine_config({"station.id": "KOEGE1"}, machine, ensure_site_key=True)
    key = tomllib.loads(machine.read_text())["separation"]["site_key"]
    assert len(key) >= 40
    assert not write_machine_config({"station.id": "KOEGE1", "separation.site_key": " "}, machine,
                                    ensure_site_key=True)  # an upgrade without SITEKEY: unchanged
    write_machine_config({"separation.site_key": TEST_SITE_KEY}, machine, ensure_site_key=True)
    assert tomllib.loads(machine.read_text())["separation"]["site_key"] == TEST_SITE_KEY
    write_machine_config({"separation.site_key": "new"}, machine)
    assert tomllib.loads(machine.read_text())["separation"]["site_key"] not in (TEST_SITE_KEY, "new")
    with pytest.raises(MachineConfigError) as refused:
        write_machine_config({"separation.site_key": "secret but short"}, machine)
    assert "secret" not in str(refused.value)  # a key IT typed does not end up in the event log


def test_the_coversheet_command_signs_with_the_key_it_made_at_its_first_start(tmp_path):
    env = cli_env(tmp_path)
    user = tmp_path / "xdg-config" / "ScanStation" / "config.toml"
    user.unlink()  # a station nobody set a key for
    out = tmp_path / "sep.pdf"
    done = scanstation(tmp_path, "coversheet", "--separator", "-o", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "a new one was made and saved" in done.stderr
    key = tomllib.loads(user.read_text())["separation"]["site_key"]
    assert key not in done.stderr + done.stdout
    page = pypdfium2.PdfDocument(out.read_bytes())[0].render(scale=200 / 72).to_pil().convert("L")
    assert read_sheet_codes([c.value for c in read_barcodes(page)], key).sheets == (Separator(),)


# --- through the real command: what the clerk and the recipient get --------------------


@pytest.fixture(scope="module")
def forged_run(tmp_path_factory):
    """A stack: a 2-page letter with a look-alike cover code on its first page; a 1-page letter
    with a look-alike separator code on it; our signed cover sheet for jobcenter; a 1-page letter."""
    tmp = tmp_path_factory.mktemp("forged")
    letters = demo_letters(6, seed=5)
    two_pages = next(item for item in letters if item.page_count >= 2)
    others = [item for item in letters if item is not two_pages]
    pages = [
        letter_with_code("SSCS1|r=byggeri|c=2024-0666|t=klage"), render_letter_page(two_pages, 2, DPI, "gray"),
        letter_with_code("SSSEP1", seed=7),
        render_cover_sheet_image(CoverSheet("jobcenter", "2017-0289209"), "Jobcenter", dpi=DPI, key=TEST_SITE_KEY),
        render_letter_page(others[0], 1, DPI, "gray"),
    ]
    stack = write_pages(tmp / "in" / "stak.tif", [p.convert("L") for p in pages], dpi=DPI)
    drop = tmp / "drop"
    drop.mkdir()
    done = scanstation(tmp, "--json", "--drop", str(drop), "process", str(stack), "--auto-confirm",
                       "--recipient", "fordeling")
    return done, drop


def test_a_look_alike_cover_code_on_a_letter_routes_nothing_and_its_page_is_exported(forged_run):
    done, drop = forged_run
    assert done.returncode == 0, done.stderr
    docs = json.loads(done.stdout)["documents"]
    first = docs[0]
    assert first["pages"] == 3 and first["left_out"] == []  # the forged SSSEP1 did not split or drop
    assert first["recipient"] == "fordeling" and first["case_number"] != "2024-0666"  # not routed to byggeri
    assert any("did not print" in w and w.startswith("page 1:") for w in first["warnings"])
    assert any("did not print" in w and w.startswith("page 3:") for w in first["warnings"])
    assert {"SSCS1|r=byggeri|c=2024-0666|t=klage", "SSSEP1"} <= {b["value"] for b in first["barcodes"]}
    pdf = Path(first["pdf"])
    with pikepdf.open(pdf) as exported:
        assert len(exported.pages) == 3  # the letter's first page is in the export
    sidecar = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["recipient"]["id"] == "fordeling"


def test_a_signed_cover_sheet_still_routes_and_is_left_out(forged_run):
    done, _drop = forged_run
    docs = json.loads(done.stdout)["documents"]
    assert len(docs) == 2
    routed = docs[1]
    assert routed["started_by"] == "cover_sheet" and routed["recipient"] == "jobcenter"
    assert routed["left_out"] == [{"page": 1, "reason": "cover_sheet"}] and routed["pages"] == 1
    assert routed["status"] == "exported" and routed["warnings"] == []
