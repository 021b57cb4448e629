"""`scanstation watch`: a file it cannot take goes to quarantine/ with why, the watch goes on,
and no file is ever taken twice — across restarts too. The real command on real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scanstation.capture.hotfolder import HotFolder
from scanstation.cli import HotFolderReport, Output, take_hot_file

from .cli_run import scanstation, scanstation_json
from .pages import text_page, write_pages


def watch_once(tmp_path, hot: Path):
    return scanstation(tmp_path, "--json", "watch", str(hot), "--once", "--settle", "0")


def pages_in_journal(tmp_path) -> int:
    return sum(b["pages"] for b in scanstation_json(tmp_path, "batches")["batches"])


def damaged_png(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"cut off in transfer" * 4)
    return path


def test_a_bad_file_is_quarantined_with_why_and_the_files_after_it_are_taken(tmp_path):
    hot = tmp_path / "hot"
    write_pages(hot / "01-brev.png", [text_page(["Brev et"])])
    damaged_png(hot / "02-damaged.png")
    write_pages(hot / "03-brev.tif", [text_page(["Brev tre, side 1"]), text_page(["Side 2"])])

    done = watch_once(tmp_path, hot)

    assert done.returncode == 5, done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    assert [item["file"] for item in report["imported"]] == ["01-brev.png", "03-brev.tif"]
    assert [item["file"] for item in report["quarantined"]] == ["02-damaged.png"]
    assert sorted(p.name for p in (hot / "imported").iterdir()) == ["01-brev.png", "03-brev.tif"]
    assert sorted(p.name for p in (hot / "quarantine").iterdir()) == ["02-damaged.png", "02-damaged.png.why.txt"]
    why = (hot / "quarantine" / "02-damaged.png.why.txt").read_text(encoding="utf-8")
    assert why.startswith("Cannot read 02-damaged.png:") and "drop it into the hot folder again" in why
    assert "Traceback" not in why and why.count("\n") == 1
    assert not [p for p in hot.iterdir() if p.is_file()]  # nothing left behind to be taken again
    assert "02-damaged.png" in done.stderr
    assert pages_in_journal(tmp_path) == 3


def test_a_restart_after_a_bad_file_takes_nothing_twice_and_takes_the_new_file(tmp_path):
    hot = tmp_path / "hot"
    hot.mkdir()
    damaged_png(hot / "01-damaged.png")
    write_pages(hot / "02-brev.png", [text_page(["Brev"])])
    assert watch_once(tmp_path, hot).returncode == 5
    assert pages_in_journal(tmp_path) == 1

    for _restart in range(3):  # the issue: three restarts made three copies of the page
        again = watch_once(tmp_path, hot)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout) == {"imported": [], "quarantined": [], "already_taken": []}
    assert pages_in_journal(tmp_path) == 1

    write_pages(hot / "03-brev.png", [text_page(["Et nyt brev"])])
    assert watch_once(tmp_path, hot).returncode == 0
    assert pages_in_journal(tmp_path) == 2
    assert sorted(p.name for p in (hot / "quarantine").iterdir()) == ["01-damaged.png", "01-damaged.png.why.txt"]


def test_a_file_with_content_taken_before_moves_to_imported_without_a_second_import(tmp_path):
    hot = tmp_path / "hot"
    first = write_pages(hot / "brev.png", [text_page(["Brev"])])
    kept = tmp_path / "copy.png"
    shutil.copy(first, kept)
    assert watch_once(tmp_path, hot).returncode == 0

    shutil.copy(kept, hot / "brev-igen.png")  # the scanner's software sent it again under a new name
    done = watch_once(tmp_path, hot)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["already_taken"] == [{"file": "brev-igen.png"}]
    assert sorted(p.name for p in (hot / "imported").iterdir()) == ["brev-igen.png", "brev.png"]
    assert pages_in_journal(tmp_path) == 1


def test_a_file_that_breaks_the_import_in_any_way_is_quarantined_and_the_watch_goes_on(tmp_path):
    """Whatever an import raises (here a bug: a KeyError), the file goes to quarantine/ with why."""
    hot_dir = tmp_path / "hot"
    bad = write_pages(hot_dir / "a.png", [text_page(["A"])])
    hot = HotFolder(hot_dir, settle_seconds=0)
    hot.poll()
    assert hot.poll() == [bad]

    class BrokenIntake:
        def import_files(self, paths, **options):
            raise KeyError("boom")

    taken = HotFolderReport()
    take_hot_file(bad, hot, BrokenIntake, Output(as_json=True), taken)

    assert taken.quarantined == [{"file": "a.png", "reason": "ScanStation stopped on a.png ('boom')."}]
    why = (hot_dir / "quarantine" / "a.png.why.txt").read_text(encoding="utf-8")
    assert why.startswith("ScanStation stopped on a.png ('boom'). The file was not imported")
