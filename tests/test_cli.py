"""The command line as a user meets it: real subprocess, real files, real journal, real PDFs."""

import json

import pytest

from scanstation import __version__

from .cli_run import cli_env, scanstation, scanstation_json
from .pages import letter_files, text_page, write_pages
from .pdfcheck import check_delivery


def assert_one_clear_line(done, code, *words):
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_version(tmp_path):
    done = scanstation(tmp_path, "--version")
    assert done.returncode == 0 and done.stdout.strip() == f"scanstation {__version__}"


def test_devices_lists_demo_files_and_sane_test_scanners(tmp_path):
    data = scanstation_json(tmp_path, "devices")
    ids = [d["id"] for d in data["devices"]]
    assert ids[:2] == ["demo", "files"]
    assert "sane:test:0" in ids and "sane:pnm:0" in ids


def test_process_a_folder_produces_valid_pdfs_matching_their_sidecars(tmp_path):
    letter_files(tmp_path / "in")
    drop = tmp_path / "drop"
    drop.mkdir()
    done = scanstation(tmp_path, "--drop", str(drop), "process", str(tmp_path / "in"),
                       "--recipient", "jobcenter", "--received", "2026-11-20", env=cli_env(tmp_path, ocr=True))
    assert done.returncode == 0, done.stderr
    assert "3 documents: 3 exported" in done.stdout
    pdfs = sorted(drop.glob("*.pdf"))
    assert len(pdfs) == 3
    sidecars = [check_delivery(p) for p in pdfs]
    assert [s["page_count"] for s in sidecars] == [1, 2, 1]
    assert {s["recipient"]["id"] for s in sidecars} == {"jobcenter"}
    assert {s["received_date"] for s in sidecars} == {"2026-11-20"}
    listed = scanstation_json(tmp_path, "documents", "--status", "exported")["documents"]
    assert [d["journal_id"] for d in listed] == [s["journal_id"] for s in sidecars]


def test_import_confirm_export_step_by_step(tmp_path):
    write_pages(tmp_path / "brev.png", [text_page(["Ansøgning"])])
    imported = scanstation_json(tmp_path, "import", str(tmp_path / "brev.png"))
    doc = imported["documents"][0]
    assert doc["status"] == "awaiting_confirmation" and doc["pages"] == 1
    confirmed = scanstation_json(tmp_path, "confirm", str(doc["id"]), "--recipient", "byggeri",
                                 "--case", "13/44080", "--cpr", "0101901234")
    assert confirmed["status"] == "confirmed" and confirmed["cpr"] == "010190-****"
    drop = tmp_path / "drop"
    drop.mkdir()
    exported = scanstation_json(tmp_path, "--drop", str(drop), "export")
    assert exported["exports"][0]["ok"]
    sidecar = check_delivery(next(drop.glob("*.pdf")))
    assert sidecar["case_number"] == "13/44080" and sidecar["cpr"] == "010190-1234"
    # The CPR number is in no log and no audit event.
    journal_text = (tmp_path / "data" / "journal.sqlite").read_bytes()
    events = scanstation_json(tmp_path, "documents")  # opens the journal again: still fine
    assert events["documents"][0]["status"] == "exported"
    assert b"0101901234" not in journal_text


def test_failed_export_is_retried_with_export_retry(tmp_path):
    write_pages(tmp_path / "brev.png", [text_page(["Ansøgning"])])
    drop = tmp_path / "share"
    done = scanstation(tmp_path, "--drop", str(drop), "process", str(tmp_path / "brev.png"), "--recipient", "skole")
    assert done.returncode == 4
    assert "does not exist or is not reachable" in done.stderr and "Traceback" not in done.stderr
    assert scanstation_json(tmp_path, "documents", "--status", "failed")["documents"][0]["failure"]
    drop.mkdir()
    done = scanstation(tmp_path, "--drop", str(drop), "export")
    assert "Nothing to export" in done.stdout  # failed ones wait for an explicit retry
    done = scanstation(tmp_path, "--drop", str(drop), "export", "--retry")
    assert done.returncode == 0, done.stderr
    assert len(list(drop.glob("*.pdf"))) == 1 and len(list(drop.glob("*.json"))) == 1


@pytest.mark.parametrize("args, code, words", [
    (["import", "/no/such/folder"], 1, ["No such file or folder", "/no/such/folder"]),
    (["scan", "--device", "nosuch"], 3, ["Unknown device", "nosuch"]),
    (["scan", "--device", "sane:nosuch:0"], 3, ["scanstation devices"]),
    (["scan", "--dpi", "5000"], 2, ["out of range"]),
    (["confirm", "1", "--recipient", "jobcenter", "--received", "23-11-2026"], 1, ["bad received date"]),
    (["confirm", "1", "--recipient", "jobcenter", "--received", "2999-01-01"], 1, ["in the future"]),
    (["confirm", "1", "--recipient", "nosuch"], 1, ["unknown recipient", "nosuch"]),
    (["confirm", "99", "--recipient", "jobcenter"], 1, ["No document 99"]),
    (["confirm", "1", "--recipient", "jobcenter", "--cpr", "320190-1234"], 1, ["CPR number is not valid"]),
    (["export"], 1, ["no drop folder is set"]),
    (["recipients", "import", "/no/such.csv"], 1, ["cannot be read"]),
    (["frobnicate"], 2, ["invalid choice"]),
])
def test_user_errors_give_one_clear_line_and_a_nonzero_exit(tmp_path, args, code, words):
    assert_one_clear_line(scanstation(tmp_path, *args), code, *words)


def test_an_unreadable_file_is_reported_and_the_others_are_imported(tmp_path):
    letter_files(tmp_path / "in")
    (tmp_path / "in" / "04-broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    done = scanstation(tmp_path, "--json", "import", str(tmp_path / "in"))
    assert done.returncode == 5 and "04-broken.png" in done.stderr and "Traceback" not in done.stderr
    assert len(json.loads(done.stdout)["documents"]) == 3


def test_a_corrupt_journal_gives_a_clear_message(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "journal.sqlite").write_bytes(b"garbage" * 1000)
    assert_one_clear_line(scanstation(tmp_path, "documents"), 1, "not a ScanStation journal")


def test_recipients_import_replaces_the_directory(tmp_path):
    csv = tmp_path / "teams.csv"
    csv.write_text("id,name,keywords\npost,Post,brev;pakke\nsocial,Socialafdeling,kontanthjælp\n", encoding="utf-8")
    data = scanstation_json(tmp_path, "recipients", "import", str(csv))
    assert [r["id"] for r in data["recipients"]] == ["post", "social"]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nBad Id!,X\n", encoding="utf-8")
    assert_one_clear_line(scanstation(tmp_path, "recipients", "import", str(bad)), 1, "line 2")


def test_invalid_config_file_warns_and_the_station_still_works(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[station]\nid = "bad id!"\n[archive]\ndrop_folder = 42\n', encoding="utf-8")
    done = scanstation(tmp_path, "--config", str(config), "documents")
    assert done.returncode == 0
    assert "station.id has a wrong value" in done.stderr and str(config) in done.stderr
    assert "archive.drop_folder has a wrong value" in done.stderr


def test_watch_imports_each_finished_file_once_and_sets_broken_ones_aside(tmp_path):
    hot = tmp_path / "hot"
    letter_files(hot)
    (hot / "scan-0004.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (hot / "scan-0005.pdf.part").write_bytes(b"still copying")
    done = scanstation(tmp_path, "--json", "watch", str(hot), "--once", "--settle", "0.3")
    assert done.returncode == 5, done.stderr
    data = json.loads(done.stdout)
    assert [i["file"] for i in data["imported"]] == ["01-brev.png", "02-klage.tif", "03-faktura.jpg"]
    assert [f["file"] for f in data["quarantined"]] == ["scan-0004.pdf"]
    assert sorted(p.name for p in (hot / "imported").iterdir()) == ["01-brev.png", "02-klage.tif", "03-faktura.jpg"]
    assert (hot / "quarantine" / "scan-0004.pdf").exists()
    assert (hot / "quarantine" / "scan-0004.pdf.why.txt").exists()
    assert (hot / "scan-0005.pdf.part").exists()  # never touched while it is being written
    again = scanstation(tmp_path, "--json", "watch", str(hot), "--once", "--settle", "0.3")
    assert json.loads(again.stdout) == {"imported": [], "quarantined": [], "already_taken": []}
    assert len(scanstation_json(tmp_path, "documents")["documents"]) == 3


def test_cpr_numbers_never_reach_the_log_or_the_screen(tmp_path):
    """A letter with a CPR number, read by OCR, confirmed and exported: the number is in the
    sidecar (include_cpr is on) but in no log line, no output and no audit event."""
    import sqlite3

    from scanstation.capture.demo_letters import demo_letters, render_letter_page

    letter = next(item for item in demo_letters(30, seed=2) if item.cpr and item.page_count == 1)
    render_letter_page(letter, 1, 300, "gray").save(tmp_path / "brev.png", dpi=(300, 300))
    drop = tmp_path / "drop"
    drop.mkdir()
    env = cli_env(tmp_path, ocr=True)
    done = scanstation(tmp_path, "-v", "--json", "--drop", str(drop), "process", str(tmp_path / "brev.png"),
                       "--recipient", "jobcenter", env=env)
    assert done.returncode == 0, done.stderr
    digits = letter.cpr.replace("-", "")
    sidecar = json.loads(next(drop.glob("*.json")).read_text())
    assert sidecar["cpr"] == letter.cpr  # the archive needs the party
    logs = "".join(p.read_text() for p in (tmp_path / "xdg-state").rglob("*.log*"))
    assert logs  # the log file exists and says things
    for text in (logs, done.stdout, done.stderr):
        assert letter.cpr not in text and digits not in text
    with sqlite3.connect(tmp_path / "data" / "journal.sqlite") as conn:
        events = " ".join(row[0] for row in conn.execute("SELECT detail FROM events"))
    assert letter.cpr not in events and digits not in events
