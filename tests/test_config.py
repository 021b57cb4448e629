"""Settings as IT and users write them: real TOML files in a temp folder."""

import tomllib
from pathlib import Path

import pytest

from scanstation.config import LOCKABLE, Settings, dump_toml, load_settings, save_user_settings
from scanstation.profiles import ScanProfile


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return tmp_path / "etc" / "config.toml", tmp_path / "user" / "config.toml"


def load(files, config_file=None):
    machine, user = files
    return load_settings(config_file, machine_file=machine, user_file=user)


def test_no_files_gives_the_defaults(files):
    settings = load(files)
    assert settings.warnings == () and settings.locked == frozenset() and settings.sources == {}
    assert settings.ui_language == "auto" and settings.separation_strategy == "separators"
    assert settings.separator_barcode == "PATCHT" and settings.keep_cover_sheets is False
    assert settings.drop_blank_pages is True and settings.default_profile == "standard"
    assert settings.user_file == files[1] and settings.machine_file == files[0]


def test_layers_machine_then_user_then_config_file(files, tmp_path):
    machine, user = files
    write(machine, '[station]\nid = "it1"\ndefault_device = "sane:test:0"\n[export]\njpeg_quality = 60\n')
    write(user, '[station]\nid = "user2"\n[ui]\nlanguage = "da"\n')
    extra = write(tmp_path / "extra.toml", '[station]\nid = "cli3"\n')
    settings = load(files, extra)
    assert settings.station_id == "CLI3" and settings.ui_language == "da"
    assert settings.default_device == "sane:test:0" and settings.jpeg_quality == 60
    assert settings.sources == {"station.id": str(extra), "station.default_device": str(machine),
                                "export.jpeg_quality": str(machine), "ui.language": str(user)}
    assert settings.warnings == ()


def test_locked_keys_keep_the_machine_value_and_warn_about_the_user_file(files, tmp_path):
    machine, user = files
    write(machine, '[archive]\ndrop_folder = "/srv/post"\n[lock]\nkeys = ["archive.drop_folder", "station.id"]\n')
    write(user, '[archive]\ndrop_folder = "/home/me/post"\n[station]\nid = "MINE"\noperator = "kim"\n')
    extra = write(tmp_path / "extra.toml", '[archive]\ndrop_folder = "/tmp/x"\n')
    settings = load(files, extra)
    assert settings.drop_folder == Path("/srv/post")
    assert settings.station_id != "MINE"  # locked at the default (the host name)
    assert settings.operator == "kim"
    assert settings.locked == {"archive.drop_folder", "station.id"}
    assert settings.sources["archive.drop_folder"] == str(machine)
    joined = "\n".join(settings.warnings)
    assert f"{user}: archive.drop_folder is locked" in joined
    assert f"{user}: station.id is locked" in joined
    assert f"{extra}: archive.drop_folder is locked" in joined


def test_wildcard_locks_everything_and_only_the_machine_file_can_lock(files):
    machine, user = files
    write(machine, '[lock]\nkeys = ["*"]\n')
    write(user, '[export]\ninclude_cpr = false\n[lock]\nkeys = []\n[[profiles]]\nname = "mine"\n')
    settings = load(files)
    assert settings.locked == LOCKABLE and settings.include_cpr is True and settings.profiles == ()
    assert any("[lock] only counts in the machine-wide file" in w for w in settings.warnings)
    assert any("export.include_cpr is locked" in w for w in settings.warnings)


def test_bad_files_and_values_warn_and_never_stop(files, tmp_path):
    machine, user = files
    write(machine, "this is [not toml")
    write(user, '[ui]\nlanguage = "fr"\n[separation]\nstrategy = "fixed_pages:0"\nkeep_cover_sheets = "yes"\n'
                '[lock]\nkeys = "station.id"\n[bogus]\nx = 1\n')
    settings = load(files, tmp_path / "missing.toml")
    assert settings.ui_language == "auto" and settings.separation_strategy == "separators"
    joined = "\n".join(settings.warnings)
    assert f"{machine}: cannot be read" in joined
    assert "ui.language has a wrong value" in joined and "separation.strategy has a wrong value" in joined
    assert "separation.keep_cover_sheets has a wrong value" in joined
    assert "unknown setting 'bogus.x'" in joined and "missing.toml: config file not found" in joined


def test_bad_lock_entries_are_reported(files):
    machine, _ = files
    write(machine, '[lock]\nkeys = ["station.id", "nope.key"]\n')
    settings = load(files)
    assert settings.locked == {"station.id"}
    assert any("unknown setting 'nope.key'" in w for w in settings.warnings)


def test_profiles_from_files_override_by_name_and_bad_ones_are_skipped(files):
    machine, user = files
    write(machine, '[[profiles]]\nname = "jobcenter"\nsource = "duplex"\n')
    write(user, '[station]\ndefault_profile = "jobcenter"\n'
                '[[profiles]]\nname = "jobcenter"\nsource = "duplex"\ndpi = 200\n'
                '[[profiles]]\nname = "broken"\nsource = "tray"\n')
    settings = load(files)
    assert settings.profiles == (ScanProfile("jobcenter", source="duplex", dpi=200),)
    assert settings.default_profile == "jobcenter"
    assert settings.sources["profiles.jobcenter"] == str(user)
    assert any("profiles: profile 2" in w and "tray" in w for w in settings.warnings)


def test_unknown_default_profile_falls_back_with_a_warning(files):
    write(files[1], '[station]\ndefault_profile = "ghost"\n')
    settings = load(files)
    assert settings.default_profile == "standard"
    assert any("ghost" in w for w in settings.warnings)


def test_save_keeps_other_keys_and_reads_back(files):
    machine, user = files
    write(user, '[station]\noperator = "kim"\n[custom]\nnote = "kept even if unknown"\n')
    written = save_user_settings({"archive.drop_folder": "/srv/ny post", "export.drop_blank_pages": False,
                                  "profiles": [ScanProfile("tykke breve", source="flatbed")]},
                                 user, machine_file=machine)
    assert written == user
    table = tomllib.loads(user.read_text(encoding="utf-8"))
    assert table["custom"] == {"note": "kept even if unknown"} and table["station"] == {"operator": "kim"}
    settings = load(files)
    assert settings.drop_folder == Path("/srv/ny post") and settings.drop_blank_pages is False
    assert settings.operator == "kim" and settings.profiles[0].name == "tykke breve"
    assert not list(user.parent.glob(".~scanstation-*"))  # the atomic write left no temp file


def test_save_none_removes_the_key(files):
    machine, user = files
    save_user_settings({"archive.drop_folder": "/a"}, user, machine_file=machine)
    save_user_settings({"archive.drop_folder": None}, user, machine_file=machine)
    assert "archive" not in tomllib.loads(user.read_text(encoding="utf-8"))


def test_save_refuses_locked_unknown_and_wrong_values_and_writes_nothing(files):
    machine, user = files
    write(machine, '[lock]\nkeys = ["station.id", "profiles"]\n')
    with pytest.raises(ValueError, match="station.id"):
        save_user_settings({"station.id": "X1", "ocr.languages": "dan"}, user, machine_file=machine)
    with pytest.raises(ValueError, match="profiles"):
        save_user_settings({"profiles": []}, user, machine_file=machine)
    with pytest.raises(ValueError, match="nope"):
        save_user_settings({"nope": 1}, user, machine_file=machine)
    with pytest.raises(ValueError, match="export.jpeg_quality"):
        save_user_settings({"export.jpeg_quality": 5}, user, machine_file=machine)
    assert not user.exists()


def test_an_unreadable_user_file_is_kept_aside_when_saving(files):
    machine, user = files
    write(user, "broken = [")
    save_user_settings({"ocr.languages": "dan"}, user, machine_file=machine)
    assert (user.parent / "config.toml.unreadable").read_text(encoding="utf-8") == "broken = ["
    assert load(files).ocr_languages == "dan"


def test_toml_writer_round_trips_awkward_text():
    document = {"a": {"text": 'quote " back \\ tab \t nl \n del \x7f æøå', "n": [1, 2]},
                "profiles": [{"name": "x y"}], "odd key": True}
    assert tomllib.loads(dump_toml(document)) == document


def test_settings_stay_hashable_and_comparable():
    assert Settings(station_id="A", operator="o") == Settings(station_id="A", operator="o")
    hash(Settings(station_id="A", operator="o"))


def test_site_case_number_patterns_and_auto_confirm_threshold(tmp_path):
    from scanstation.config import load_settings
    from scanstation.recognition.fields import extract_fields

    config = tmp_path / "site.toml"
    config.write_text('[recognition]\ncase_patterns = ["S\\\\d{6}"]\n[suggest]\nauto_confirm_threshold = 0.97\n',
                      encoding="utf-8")
    settings = load_settings(config, include_system=False)
    assert settings.case_patterns == (r"S\d{6}",) and settings.auto_confirm_threshold == 0.97
    found = extract_fields("Sagsnr.: S123456", case_patterns=settings.case_patterns)
    assert [f.value for f in found.case_numbers] == ["S123456"]
