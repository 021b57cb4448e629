"""A privacy attacker's routes for a CPR number, and what each must give away: nothing.

A CPR number in a file name, in a barcode (Code 128 and a QR code's JSON), in a clerk's note,
and a search for a fragment of one: no whole number on stderr, stdout, in the log, in the
journal's events, nor (with export.include_cpr = false) in the sidecar or `documents --json`.
Every search is an audit event, the number in it masked and hashed.
"""

import json
import logging
import sqlite3

import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from scanstation.audit import audit_key
from scanstation.cpr import cpr_digest, find_cprs, mask_cprs, mask_cprs_in
from scanstation.logsetup import setup_logging
from scanstation.search import search_documents

from .cli_run import cli_env, scanstation
from .pages import FONT
from .test_search import add_letter, open_journal

CPR = "210895-1096"  # 21 August 1995: a real date, so it is a CPR number to cpr.py
DIGITS = CPR.replace("-", "")


def no_cpr(text: str) -> bool:
    return not find_cprs(text) and CPR not in text and DIGITS not in text


def test_masking_keeps_the_birth_date_and_what_is_no_cpr_number():
    assert mask_cprs("trunc 210895-1096.png") == "trunc 210895-****.png"
    assert mask_cprs("scan2108951096.tif, 210895 1096") == "scan210895****.tif, 210895 ****"
    assert mask_cprs("CPR-nr.: \x02210895\x03-\x021096\x03", ignore="\x02\x03") == \
        "CPR-nr.: \x02210895\x03-\x02****\x03"  # a search's highlight marks do not hide it
    kept = ["sag 2015-2654300", "konto 5678901234", "1234567890", "3213901234",  # no real date
            "sha256 " + "0" * 20 + "2108951096" + "a" * 34]  # a checksum is no CPR number
    for text in kept:
        assert mask_cprs(text) == text
    assert mask_cprs_in({"a": [CPR, {"b": f"x {DIGITS}"}], "n": 3}) == {"a": ["210895-****", {"b": "x 210895****"}],
                                                                         "n": 3}


def test_a_cpr_in_a_log_record_its_arguments_or_its_traceback_is_masked_in_the_log_file(tmp_path):
    setup_logging(log_dir=tmp_path / "logs")
    try:
        log = logging.getLogger("scanstation.intake")
        log.warning("cannot read %s", f"trunc {CPR}.png")
        try:
            raise ValueError(f"broken page in {DIGITS}.tif")
        except ValueError:
            log.error("import stopped", exc_info=True)
    finally:
        root = logging.getLogger("scanstation")
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        root.propagate = True
    text = (tmp_path / "logs" / "scanstation.log").read_text(encoding="utf-8")
    assert "trunc 210895-****.png" in text and "210895****.tif" in text and no_cpr(text)


def test_a_cpr_in_an_events_detail_never_reaches_the_journal(tmp_path):
    journal = open_journal(tmp_path)
    try:
        journal.record_event("anna", "file_rejected", f"file:{CPR}",
                             {"file": f"/in/trunc {CPR}.png", "reasons": [f"note {DIGITS}"],
                              "sha256": "0" * 20 + DIGITS + "f" * 34})
        [event] = journal.events()
    finally:
        journal.close()
    assert no_cpr(event["subject"]) and not find_cprs(event["detail"]) and CPR not in event["detail"]
    assert "trunc 210895-****.png" in event["detail"] and "note 210895****" in event["detail"]
    assert "0" * 20 + DIGITS in event["detail"]  # a checksum is kept as it is


def test_a_search_for_a_fragment_shows_it_masked_and_every_search_is_audited_hashed(tmp_path):
    journal = open_journal(tmp_path)
    try:
        letter = add_letter(journal, [f"Ansøgning om hjælp CPR-nr.: {CPR} ring til os"])
        for fragment in ("210895", "1096", "ring"):
            [hit] = search_documents(journal, text=fragment, actor="kim")
            assert hit.document_id == letter and no_cpr(hit.snippet), hit.snippet
        assert "210895]-[****]" in search_documents(journal, text="210895 1096", role="supervisor",
                                                    actor="anna")[0].snippet
        try:  # a clerk's words that make a whole CPR number: a CPR search, which is for supervisors
            search_documents(journal, text=f"hjælp {CPR}", actor="kim")
            raise AssertionError("a clerk searched by CPR number")
        except PermissionError:
            pass
        events = [e for e in journal.events() if e["subject"] == "search"]
        key = audit_key(journal.conn)
    finally:
        journal.close()
    assert [(e["actor"], e["action"]) for e in events] == [
        ("kim", "search"), ("kim", "search"), ("kim", "search"), ("anna", "search"), ("kim", "search_refused")]
    details = [json.loads(e["detail"]) for e in events]
    assert [d["found"] for d in details] == [1, 1, 1, 1, None]
    assert details[1]["asked"] == {"text": "****"} and cpr_digest(key, "1096") in details[1]["hashed"]
    assert details[2]["asked"] == {"text": "ring"}
    assert details[4]["asked"]["text"] == "hjælp 210895-****" and cpr_digest(key, CPR) in details[4]["hashed"]
    assert all(no_cpr(e["detail"]) and "1096" not in e["detail"] for e in events)


def letter_with_codes() -> Image.Image:
    """A letter page at 300 dpi with the number in its text, a Code 128 and a QR code with JSON."""
    page = Image.new("L", (2480, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 60)
    draw.text((200, 200), "Ansøgning om boligstøtte", fill=0, font=font)
    draw.text((200, 320), f"CPR-nr.: {CPR}", fill=0, font=font)
    for value, fmt, where, scale in ((CPR, "Code128", (200, 600), 5),
                                     (json.dumps({"cpr": DIGITS, "navn": "Test"}), "QRCode", (1500, 600), 12)):
        made = zxingcpp.create_barcode(value, getattr(zxingcpp.BarcodeFormat, fmt))
        code = Image.fromarray(np.array(zxingcpp.write_barcode_to_image(made, scale=scale))).convert("L")
        if fmt == "Code128":
            code = code.resize((code.width, 200))
        page.paste(code, where)
    return page


def test_an_attacker_s_cpr_in_a_file_name_a_barcode_a_note_and_a_search_leaks_nowhere(tmp_path):
    inbox, drop = tmp_path / f"post {CPR}", tmp_path / "drop"
    inbox.mkdir()
    drop.mkdir()
    letter_with_codes().save(inbox / f"trunc {CPR}.png", dpi=(300, 300))
    (inbox / f"broken {DIGITS}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    config = tmp_path / "config.toml"
    config.write_text("[export]\ninclude_cpr = false\n", encoding="utf-8")
    env = cli_env(tmp_path, ocr=True)

    def run(*args, code=0):
        done = scanstation(tmp_path, "--config", str(config), "-v", *args, env=env)
        assert done.returncode == code, done.stderr
        runs.append(done)
        return done

    runs = []
    imported = run("--json", "import", str(inbox), code=5)  # the broken file is reported, the letter taken
    assert "broken 210895****.png" in imported.stderr
    [doc] = json.loads(imported.stdout)["documents"]
    values = sorted(b["value"] for b in doc["barcodes"])
    assert "210895-****" in values and any('"cpr": "210895****"' in v for v in values), values
    assert any("trunc 210895-****.png" in origin for origin in doc["origins"])
    run("confirm", str(doc["id"]), "--recipient", "jobcenter", "--received", "2026-11-20",
        "--cpr", CPR, "--note", f"Borger {DIGITS} ringede")
    run("--json", "documents")
    run("--drop", str(drop), "export")
    found = run("search", "1096")
    assert "[****]" in found.stdout
    assert "210895" in run("search", "210895").stdout
    refused = run("search", CPR, code=2)
    assert "supervisor" in refused.stderr

    sidecar_text = next(drop.glob("*.json")).read_text(encoding="utf-8")
    sidecar = json.loads(sidecar_text)
    assert "cpr" not in sidecar and no_cpr(sidecar_text)
    assert sidecar["note"] == "Borger 210895**** ringede"
    assert "210895-****" in [b["value"] for b in sidecar["barcodes"]]
    for done in runs:
        assert no_cpr(done.stdout) and no_cpr(done.stderr)
    logs = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "xdg-state").rglob("*.log*"))
    assert logs and no_cpr(logs)
    with sqlite3.connect(tmp_path / "data" / "journal.sqlite") as conn:
        events = conn.execute("SELECT actor, action, subject, detail FROM events").fetchall()
        origins = [row[0] for row in conn.execute("SELECT origin FROM pages")]
    assert all(no_cpr(" ".join(event)) for event in events)
    actions = [event[1] for event in events]
    assert actions.count("search") == 2 and actions.count("search_refused") == 1
    assert any(CPR in (origin or "") for origin in origins)  # kept where it belongs: the private journal


def test_a_supervisor_who_asks_sees_the_cpr_and_each_number_shown_is_audited_hashed(tmp_path, capsys):
    from types import SimpleNamespace

    from scanstation.cli import Output, UserError, cmd_documents
    from scanstation.config import Settings
    from scanstation.station import Station

    from .pages import letter_files

    def station_as(operator: str) -> Station:
        return Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator=operator,
                                                        supervisors=("anna",)))

    station = station_as("kim")
    try:
        [doc_id] = station.intake().import_files(letter_files(tmp_path / "in")[:1]).documents
        station.journal.confirm_document(doc_id, {"recipient_id": "borgerservice", "received_date": "2026-11-20",
                                                  "cpr": CPR}, "kim")
        args = SimpleNamespace(status=None, show_cpr=True)
        try:  # a clerk cannot
            cmd_documents(args, station, Output(True))
            raise AssertionError("a clerk was shown a CPR number")
        except UserError as refused:
            assert "supervisor" in str(refused)
        [tried] = [e for e in station.journal.events("documents") if e["action"] == "cpr_reveal_refused"]
        assert tried["actor"] == "kim"
        cmd_documents(SimpleNamespace(status=None, show_cpr=False), station, Output(True))
        assert json.loads(capsys.readouterr().out)["documents"][0]["cpr"] == "210895-****"
    finally:
        station.close()
    station = station_as("anna")
    try:
        cmd_documents(args, station, Output(True))
        assert json.loads(capsys.readouterr().out)["documents"][0]["cpr"] == CPR
        [event] = [e for e in station.journal.events(f"document:{doc_id}") if e["action"] == "cpr_revealed"]
        key = audit_key(station.journal.conn)
    finally:
        station.close()
    assert event["actor"] == "anna" and json.loads(event["detail"]) == {"cpr_hash": cpr_digest(key, CPR)}
