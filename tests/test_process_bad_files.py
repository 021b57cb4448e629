"""`scanstation process` on a folder with bad files in it: the real command, real files.

Every good letter is exported exactly once, each file is its own letter (never glued to the
next), a letter with only a blank page waits for the clerk with its reason, the summary is
always printed and every problem is reported at the end with the right exit code.
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from .cli_run import scanstation, scanstation_json
from .pages import text_page, write_pages

GOOD = {"01-brev.png": 1, "03-klage.tif": 2, "06-faktura.jpg": 1}


def mixed_folder(folder: Path) -> Path:
    write_pages(folder / "01-brev.png", [text_page(["Kære kommune", "Ansøgning om boligstøtte"])])
    write_pages(folder / "02-blank.png", [Image.new("L", (827, 1169), 255)])  # a blank back, scanned as its own file
    write_pages(folder / "03-klage.tif", [text_page(["Klage over vejarbejde", "Side 1 af 2"]),
                                          text_page(["Side 2 af 2", "Med venlig hilsen"])])
    (folder / "04-damaged.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"cut off in transfer" * 4)
    Image.new("L", (1, 1), 0).save(folder / "05-tiny.png")
    write_pages(folder / "06-faktura.jpg", [text_page(["Faktura nr. 4711"], mode="RGB")])
    return folder


def documents_by_file(tmp_path) -> dict[str, dict]:
    docs = scanstation_json(tmp_path, "documents")["documents"]
    by_file = {}
    for doc in docs:
        files = {origin.split(" page ")[0] for origin in doc["origins"]}
        assert len(files) == 1, f"document {doc['id']} glues files together: {doc['origins']}"
        (name,) = files
        assert name not in by_file, f"{name} was taken twice"
        by_file[name] = doc
    return by_file


def test_process_goes_on_past_blank_damaged_and_tiny_files_and_reports_them_at_the_end(tmp_path):
    folder = mixed_folder(tmp_path / "in")
    drop = tmp_path / "drop"
    drop.mkdir()

    done = scanstation(tmp_path, "--drop", str(drop), "process", str(folder), "--recipient", "borgerservice")

    assert "Traceback" not in done.stderr
    summary = [line for line in done.stdout.splitlines() if line.startswith("Batch ")]
    assert summary, done.stdout + done.stderr  # the summary is always printed
    assert "3 exported" in summary[0]
    by_file = documents_by_file(tmp_path)
    for name, pages in GOOD.items():  # every good letter exported exactly once, whole
        assert by_file[name]["status"] == "exported" and by_file[name]["pages"] == pages
    journal_ids = sorted(by_file[name]["journal_id"] for name in GOOD)
    sidecars = sorted(p.stem for p in drop.glob("*.json"))
    assert sidecars == journal_ids and sorted(p.stem for p in drop.glob("*.pdf")) == journal_ids
    assert sorted(json.loads((drop / f"{j}.json").read_text())["page_count"] for j in journal_ids) == [1, 1, 2]

    # The blank back: not exported, not lost, waiting for the clerk, with the reason.
    blank = by_file["02-blank.png"]
    assert blank["status"] == "awaiting_confirmation" and blank["pages"] == 0 and blank["pages_scanned"] == 1
    assert f"document {blank['id']}: it has no page to export (02-blank.png): every page is blank" in done.stderr
    # The damaged file: refused, by name, with a sentence.
    assert "04-damaged.png" not in by_file
    assert any("04-damaged.png" in line for line in done.stderr.splitlines())
    # The 1x1 image: refused at the import, or its export failed alone with its reason (or it was exported).
    tiny = by_file.get("05-tiny.png")
    if tiny is None:
        assert any("05-tiny.png" in line for line in done.stderr.splitlines())
    elif tiny["status"] == "failed":
        assert f"document {tiny['id']}: Page 1 (05-tiny.png) could not be put into the PDF" in done.stderr
        assert "export --retry" in done.stderr
    export_failed = tiny is not None and tiny["status"] == "failed"
    assert done.returncode == (4 if export_failed else 5), done.stderr


def test_process_with_the_drop_folder_away_keeps_every_letter_and_retry_delivers_them(tmp_path):
    folder = tmp_path / "in"
    write_pages(folder / "a.png", [text_page(["Brev A"])])
    write_pages(folder / "b.png", [text_page(["Brev B"])])
    drop = tmp_path / "share" / "drop"  # the share is not mounted

    done = scanstation(tmp_path, "--drop", str(drop), "process", str(folder), "--recipient", "borgerservice",
                       "--no-analysis")

    assert done.returncode == 4, done.stderr
    assert "0 exported" in done.stdout and "2 failed" in done.stdout
    assert done.stderr.count("does not exist or is not reachable") == 2
    report = scanstation(tmp_path, "report")  # the supervisor's counts
    assert "(2 failed exports)" in report.stdout, report.stdout
    drop.mkdir(parents=True)
    retried = scanstation(tmp_path, "--drop", str(drop), "export", "--retry")
    assert retried.returncode == 0, retried.stderr
    assert len(list(drop.glob("*.pdf"))) == 2 and len(list(drop.glob("*.json"))) == 2
    assert "(0 failed exports)" in scanstation(tmp_path, "report").stdout


def test_auto_confirm_leaves_a_blank_only_letter_waiting_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    write_pages(folder / "01-blank.png", [Image.new("L", (827, 1169), 255)])
    write_pages(folder / "02-brev.png", [text_page(["Brev"])])
    drop = tmp_path / "drop"
    drop.mkdir()

    done = scanstation(tmp_path, "--drop", str(drop), "process", str(folder), "--auto-confirm",
                       "--recipient", "fordeling")

    assert done.returncode == 0, done.stderr  # nothing failed: one letter waits for a person, as letters do
    assert "1 exported" in done.stdout and "nothing to export" in done.stdout
    assert "01-blank.png" in done.stderr and len(list(drop.glob("*.pdf"))) == 1
