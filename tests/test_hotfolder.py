"""The hot folder: files are handed out once, only when finished, then moved away.

Time is a fake clock stepped by the tests; only modification times are real, and
they are set explicitly so nothing depends on the file system's timestamp resolution.
"""

from __future__ import annotations

import os

import pytest

from scanstation.capture.base import InputError
from scanstation.capture.hotfolder import HotFolder, is_partial_name


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def drop(folder, name, content=b"%PDF-1.7 scan", mtime=1_700_000_000):
    path = folder / name
    path.write_bytes(content)
    os.utime(path, ns=(mtime * 10**9, mtime * 10**9))
    return path


def test_file_is_handed_out_once_after_it_has_settled(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=2.0, clock=clock)
    scan = drop(inbox, "scan.pdf")

    assert hot.poll() == []  # first sight
    clock.advance(1.0)
    assert hot.poll() == []  # unchanged, but not for long enough
    clock.advance(1.0)
    assert hot.poll() == [scan]
    clock.advance(5.0)
    assert hot.poll() == []  # never twice, even while it is still in the folder


def test_growing_file_waits_until_it_stops_growing(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=2.0, clock=clock)
    scan = drop(inbox, "big.tif", b"II*\x00" + b"x" * 10)
    hot.poll()
    for size in (100, 1000, 5000):
        clock.advance(3.0)
        drop(inbox, "big.tif", b"II*\x00" + b"x" * size)
        assert hot.poll() == []
    clock.advance(3.0)
    assert hot.poll() == [scan]


def test_rewritten_file_of_same_size_waits_for_its_new_mtime(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=2.0, clock=clock)
    drop(inbox, "a.pdf", b"1234", mtime=1_700_000_000)
    hot.poll()
    clock.advance(3.0)
    drop(inbox, "a.pdf", b"5678", mtime=1_700_000_003)
    assert hot.poll() == []
    clock.advance(2.0)
    assert [p.name for p in hot.poll()] == ["a.pdf"]


def test_empty_and_partial_files_are_never_handed_out(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=0.5, clock=clock)
    drop(inbox, "empty.pdf", b"")
    for name in ("scan.pdf.part", "scan.tmp", "~scan.pdf", ".scan.pdf", "x.crdownload", "Thumbs.db"):
        drop(inbox, name)
    (inbox / "subfolder.pdf").mkdir()
    for _ in range(3):
        assert hot.poll() == []
        clock.advance(1.0)


def test_partial_names():
    assert is_partial_name("brev.PDF.PART")
    assert is_partial_name("~$brev.docx")
    assert is_partial_name(".DS_Store")
    assert not is_partial_name("brev 2024.pdf")


def test_file_that_appears_later_gets_its_own_settle_time(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=2.0, clock=clock)
    first = drop(inbox, "scan1.pdf")
    hot.poll()
    clock.advance(1.5)
    second = drop(inbox, "scan2.pdf")
    assert hot.poll() == []
    clock.advance(0.5)
    assert hot.poll() == [first]
    clock.advance(1.5)
    assert hot.poll() == [second]


def test_ready_files_come_in_natural_order(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=0, clock=clock)
    for name in ("scan10.pdf", "scan9.pdf", "Scan1.pdf"):
        drop(inbox, name)
    hot.poll()
    assert [p.name for p in hot.poll()] == ["Scan1.pdf", "scan9.pdf", "scan10.pdf"]


def test_file_removed_before_it_settles_is_forgotten(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=2.0, clock=clock)
    scan = drop(inbox, "scan.pdf")
    hot.poll()
    scan.unlink()
    clock.advance(3.0)
    assert hot.poll() == []
    drop(inbox, "scan.pdf")  # back again: it is a new file and must settle again
    assert hot.poll() == []
    clock.advance(2.0)
    assert hot.poll() == [scan]


def test_imported_file_moves_to_imported(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=0, clock=clock)
    scan = drop(inbox, "scan.pdf", b"first")
    hot.poll()
    (ready,) = hot.poll()

    moved = hot.mark_imported(ready)

    assert moved == inbox / "imported" / "scan.pdf"
    assert moved.read_bytes() == b"first"
    assert not scan.exists()
    assert hot.poll() == []


def test_same_name_again_is_a_new_file_and_gets_a_suffix(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=0, clock=clock)
    drop(inbox, "scan.pdf", b"first")
    hot.poll()
    hot.mark_imported(hot.poll()[0])

    drop(inbox, "scan.pdf", b"second")  # scanners reuse names
    hot.poll()
    (again,) = hot.poll()
    moved = hot.mark_imported(again)

    assert moved == inbox / "imported" / "scan (2).pdf"
    assert moved.read_bytes() == b"second"
    assert (inbox / "imported" / "scan.pdf").read_bytes() == b"first"


def test_a_file_that_cannot_be_taken_moves_to_quarantine_with_why(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=0, clock=clock)
    drop(inbox, "broken.pdf", b"not really")
    hot.poll()
    (ready,) = hot.poll()

    moved = hot.quarantine(ready, "Cannot read broken.pdf: the PDF is damaged.")

    assert moved == inbox / "quarantine" / "broken.pdf"
    why = inbox / "quarantine" / "broken.pdf.why.txt"
    assert why.read_text(encoding="utf-8").strip() == "Cannot read broken.pdf: the PDF is damaged."
    assert not (inbox / "broken.pdf").exists()


def test_second_quarantine_of_same_name_keeps_both_whys(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=0, clock=clock)
    for reason in ("first reason", "second reason"):
        drop(inbox, "broken.pdf")
        hot.poll()
        hot.quarantine(hot.poll()[0], reason)

    quarantine = inbox / "quarantine"
    assert (quarantine / "broken.pdf.why.txt").read_text(encoding="utf-8").strip() == "first reason"
    assert (quarantine / "broken (2).pdf.why.txt").read_text(encoding="utf-8").strip() == "second reason"


def test_restart_does_not_see_moved_files_again(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=0, clock=clock)
    drop(inbox, "done.pdf")
    drop(inbox, "bad.pdf")
    hot.poll()
    ready = {path.name: path for path in hot.poll()}
    hot.mark_imported(ready["done.pdf"])
    hot.quarantine(ready["bad.pdf"], "unreadable")

    restarted = HotFolder(inbox, settle_seconds=0, clock=clock)
    restarted.poll()
    assert restarted.poll() == []


def test_file_not_marked_is_picked_up_again_after_a_restart(inbox, clock):
    hot = HotFolder(inbox, settle_seconds=0, clock=clock)
    scan = drop(inbox, "scan.pdf")
    hot.poll()
    assert hot.poll() == [scan]  # ...and the station crashed while importing it

    restarted = HotFolder(inbox, settle_seconds=0, clock=clock)
    restarted.poll()
    assert restarted.poll() == [scan]


def test_missing_folder_is_an_input_error(tmp_path, clock):
    with pytest.raises(InputError, match="nowhere"):
        HotFolder(tmp_path / "nowhere", clock=clock)


def test_folder_that_disappears_is_an_input_error(tmp_path, clock):
    folder = tmp_path / "share"
    folder.mkdir()
    hot = HotFolder(folder, clock=clock)
    folder.rmdir()
    with pytest.raises(InputError, match="share"):
        hot.poll()


def test_marking_a_file_that_is_gone_is_an_input_error(inbox, clock):
    hot = HotFolder(inbox, clock=clock)
    with pytest.raises(InputError, match="ghost.pdf"):
        hot.mark_imported(inbox / "ghost.pdf")
