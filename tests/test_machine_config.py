"""`scanstation config write-machine`: what the MSI's properties do to IT's settings file."""

import tomllib
from pathlib import Path

import pytest

from scanstation.config import load_settings
from scanstation.machine_config import MachineConfigError, write_machine_config

from .cli_run import cli_env

IT_FILE = '''# written by hand by IT
version = 1

[archive]
drop_folder = "/srv/old"

[export]
include_cpr = false

[lock]
keys = ["archive.drop_folder", "station.id"]

[[profiles]]
name = "invoices"
dpi = 200
'''


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_given_values_are_written_and_read_back_by_the_app(tmp_path):
    path = tmp_path / "ProgramData" / "ScanStation" / "config.toml"
    assert write_machine_config({"archive.drop_folder": "\\\\srv\\post\\drop\\ ", "station.id": "koege1",
                                 "ui.language": "DA", "ocr.languages": "dan", "station.default_device": "twain:fi-7160"},
                                path)
    assert read(path) == {"version": 1, "archive": {"drop_folder": "\\\\srv\\post\\drop\\"},
                          "station": {"id": "KOEGE1", "default_device": "twain:fi-7160"},
                          "ui": {"language": "da"}, "ocr": {"languages": "dan"}}
    settings = load_settings(machine_file=path, user_file=tmp_path / "user.toml")
    assert settings.warnings == () and settings.station_id == "KOEGE1" and settings.ui_language == "da"
    assert settings.drop_folder == Path("\\\\srv\\post\\drop\\")


def test_existing_keys_locks_and_profiles_are_kept_and_only_given_values_change(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(IT_FILE, encoding="utf-8")
    assert write_machine_config({"archive.drop_folder": "/srv/new", "station.id": None, "ui.language": "  "}, path)
    table = read(path)
    assert table["archive"] == {"drop_folder": "/srv/new"} and table["export"] == {"include_cpr": False}
    assert table["lock"] == {"keys": ["archive.drop_folder", "station.id"]}
    assert table["profiles"] == [{"name": "invoices", "dpi": 200}]
    assert "station" not in table and "ui" not in table
    settings = load_settings(machine_file=path, user_file=tmp_path / "user.toml")
    assert settings.locked == {"archive.drop_folder", "station.id"} and settings.warnings == ()


def test_an_upgrade_without_properties_leaves_the_file_exactly_as_it_was(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(IT_FILE, encoding="utf-8")
    assert not write_machine_config({"archive.drop_folder": None, "station.id": ""}, path)
    assert not write_machine_config({"archive.drop_folder": "/srv/old"}, path)  # same value: comments survive
    assert path.read_text(encoding="utf-8") == IT_FILE


def test_with_nothing_given_a_missing_file_is_created_so_that_it_belongs_to_the_installer(tmp_path):
    path = tmp_path / "new" / "config.toml"
    assert write_machine_config({}, path)
    assert read(path) == {"version": 1}
    assert path.read_text(encoding="utf-8").startswith("# ScanStation machine-wide settings")


@pytest.mark.parametrize("key, value, words", [
    ("station.id", "KØGE 1", "station.id (STATIONID) has a wrong value 'KØGE 1' (use 1-16 letters A-Z"),
    ("ui.language", "fr", "ui.language (LANGUAGE) has a wrong value 'fr' (expected one of auto, da, en)"),
])
def test_a_wrong_value_names_the_file_key_and_problem_and_writes_nothing(tmp_path, key, value, words):
    path = tmp_path / "config.toml"
    path.write_text(IT_FILE, encoding="utf-8")
    with pytest.raises(MachineConfigError) as error:
        write_machine_config({"archive.drop_folder": "/srv/new", key: value}, path)
    assert str(error.value).startswith(f"{path}: ") and words in str(error.value)
    assert path.read_text(encoding="utf-8") == IT_FILE


def test_an_unreadable_file_is_never_overwritten(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[archive\n", encoding="utf-8")
    with pytest.raises(MachineConfigError, match="cannot be read .*fix or remove it"):
        write_machine_config({"station.id": "KOEGE1"}, path)
    assert path.read_text(encoding="utf-8") == "[archive\n"
    assert not write_machine_config({"station.id": None}, path)  # nothing to write: no complaint


def test_the_cli_as_the_installer_runs_it(tmp_path):
    """The exact argument shape of the MSI's custom action: every option, empty ones as a blank."""
    import subprocess
    import sys

    path = tmp_path / "config.toml"
    args = [sys.executable, "-m", "scanstation.cli", "config", "write-machine", "--file", str(path),
            "--drop-folder", "\\\\srv\\post\\drop\\ ", "--station-id", "KOEGE1 ", "--language", " ",
            "--ocr-languages", " ", "--default-scanner", " "]
    done = subprocess.run(args, capture_output=True, text=True, env=cli_env(tmp_path), timeout=60)
    assert done.returncode == 0, done.stderr
    assert read(path) == {"version": 1, "archive": {"drop_folder": "\\\\srv\\post\\drop\\"},
                          "station": {"id": "KOEGE1"}}
    assert not (tmp_path / "xdg-data").exists()  # no station, no journal was opened

    args[args.index("--station-id") + 1] = "bad id!"
    done = subprocess.run(args, capture_output=True, text=True, env=cli_env(tmp_path), timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(f"scanstation: {path}: station.id (STATIONID) has a wrong value 'bad id!'")
    assert read(path)["station"] == {"id": "KOEGE1"}
