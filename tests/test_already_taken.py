"""A file already taken (the same content, whatever its name) is not taken again unless asked."""

import shutil

from scanstation.config import Settings
from scanstation.station import Station

from .cli_run import scanstation, scanstation_json
from .pages import letter_files


def open_station(tmp_path) -> Station:
    return Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))


def test_importing_the_same_files_again_takes_nothing_and_says_where_they_went(tmp_path):
    files = letter_files(tmp_path / "in")
    station = open_station(tmp_path)
    first = station.intake(analyze=False).import_files([tmp_path / "in"])
    assert first.pages == 4 and not first.already_taken

    shutil.copy(files[1], tmp_path / "in" / "klage-kopi.tif")  # the same letter under another name
    second = station.intake(analyze=False).import_files([tmp_path / "in"])
    assert second.pages == 0 and second.documents == []
    assert sorted(second.already_taken) == sorted(str(p) for p in (*files, tmp_path / "in" / "klage-kopi.tif"))
    assert all(f"already taken in batch {first.batch_id} on " in note and "--again" in note for note in second.notes)
    assert [b.id for b in station.journal.batches()] == [first.batch_id]  # no empty batch either
    assert len(station.journal.pages(first.batch_id)) == 4


def test_again_takes_a_file_a_second_time(tmp_path):
    letter_files(tmp_path / "in")
    station = open_station(tmp_path)
    station.intake(analyze=False).import_files([tmp_path / "in"])
    again = station.intake(analyze=False).import_files([tmp_path / "in" / "01-brev.png"], again=True)
    assert again.pages == 1 and not again.already_taken
    # ...and the next time without --again it is known from either taking.
    third = station.intake(analyze=False).import_files([tmp_path / "in" / "01-brev.png"])
    assert third.pages == 0 and third.already_taken == [str(tmp_path / "in" / "01-brev.png")]


def test_two_copies_in_one_import_are_taken_once(tmp_path):
    files = letter_files(tmp_path / "in")
    shutil.copy(files[0], tmp_path / "in" / "04-brev-igen.png")
    result = open_station(tmp_path).intake(analyze=False).import_files([tmp_path / "in"])
    assert result.pages == 4
    assert result.already_taken == [str(tmp_path / "in" / "04-brev-igen.png")]
    assert "same file as 01-brev.png" in result.notes[0]


def test_a_file_that_could_not_be_read_is_not_counted_as_taken(tmp_path):
    (tmp_path / "in").mkdir()
    broken = tmp_path / "in" / "scan.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    station = open_station(tmp_path)
    for _ in range(2):  # refused each time with its reason, never "already taken"
        result = station.intake(analyze=False).import_files([broken])
        assert result.pages == 0 and result.file_errors and not result.already_taken


def test_the_command_line_notes_a_file_taken_before_and_takes_it_with_again(tmp_path):
    letter_files(tmp_path / "in")
    assert scanstation(tmp_path, "import", "--no-analysis", str(tmp_path / "in")).returncode == 0
    done = scanstation(tmp_path, "import", "--no-analysis", str(tmp_path / "in" / "02-klage.tif"))
    assert done.returncode == 0, done.stderr
    assert "note: 02-klage.tif was already taken in batch 1 on " in done.stderr and "--again" in done.stderr
    assert "0 pages" in done.stdout
    done = scanstation(tmp_path, "import", "--no-analysis", "--again", str(tmp_path / "in" / "02-klage.tif"))
    assert done.returncode == 0 and "2 pages" in done.stdout
    assert [b["pages"] for b in scanstation_json(tmp_path, "batches")["batches"]] == [4, 2]
