"""Who is a supervisor: IT lists the OS user names in the machine-wide settings, nobody else can."""

import pytest

from scanstation.config import Settings, check_value, is_supervisor, load_settings, save_user_settings
from tests.test_config import files, write  # noqa: F401 (files is a fixture)


@pytest.fixture(autouse=True)
def logged_in_as_anna(monkeypatch):
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # getpass.getuser() reads these first
        monkeypatch.setenv(name, "anna")


def load(files, config_file=None):
    """The settings as the OS user "anna" gets them."""
    machine, user = files
    return load_settings(config_file, machine_file=machine, user_file=user)


def test_nobody_is_a_supervisor_by_default(files):
    settings = load(files)
    assert settings.supervisors == () and not is_supervisor(settings) and settings.warnings == ()


def test_the_machine_wide_file_names_the_supervisors_case_insensitively(files):
    machine, _ = files
    write(machine, '[supervisor]\nusers = ["Anna", " bo "]\n')
    settings = load(files)
    assert settings.supervisors == ("Anna", "bo")
    assert settings.sources["supervisor.users"] == str(machine)
    assert is_supervisor(settings)  # the operator "anna" is listed as "Anna"
    assert not is_supervisor(Settings(operator="kim", supervisors=settings.supervisors))
    assert is_supervisor(Settings(operator="BO", supervisors=settings.supervisors))


def test_a_user_file_or_config_file_cannot_make_its_user_a_supervisor(files, tmp_path):
    machine, user = files
    write(machine, '[supervisor]\nusers = ["bo"]\n')
    write(user, '[station]\noperator = "anna"\n[supervisor]\nusers = ["anna"]\n')
    extra = write(tmp_path / "extra.toml", '[supervisor]\nusers = ["anna"]\n')
    settings = load(files, extra)
    assert settings.supervisors == ("bo",) and not is_supervisor(settings)
    joined = "\n".join(settings.warnings)
    assert f"{user}: supervisor.users only counts in the machine-wide file" in joined
    assert f"{extra}: supervisor.users only counts in the machine-wide file" in joined


def test_it_can_be_locked_like_any_key(files):
    machine, _ = files
    write(machine, '[supervisor]\nusers = ["anna"]\n[lock]\nkeys = ["supervisor.users"]\n')
    settings = load(files)
    assert settings.locked == {"supervisor.users"} and is_supervisor(settings) and settings.warnings == ()


@pytest.mark.parametrize("value", ['"anna"', '["anna", ""]', '["anna", 3]', "true"])
def test_wrong_values_warn_and_leave_no_supervisor(files, value):
    machine, _ = files
    write(machine, f"[supervisor]\nusers = {value}\n")
    settings = load(files)
    assert settings.supervisors == ()
    assert any("supervisor.users has a wrong value" in w for w in settings.warnings)


def test_the_settings_window_cannot_save_it_into_the_user_file(files):
    machine, user = files
    with pytest.raises(ValueError, match="supervisor.users"):
        save_user_settings({"supervisor.users": ["anna"]}, user, machine_file=machine)
    assert check_value("supervisor.users", ["anna", "bo"]) == ("anna", "bo")
    with pytest.raises(ValueError):
        check_value("supervisor.users", "anna")


def test_naming_a_supervisor_as_operator_in_ones_own_settings_gives_no_role(files, tmp_path):
    """The operator name is a setting, but only IT's file (or the OS login) can make it a supervisor's."""
    machine, user = files
    write(machine, '[supervisor]\nusers = ["bo"]\n')
    write(user, '[station]\noperator = "bo"\n')
    assert load(files).operator == "bo" and not is_supervisor(load(files))
    user.unlink()
    extra = write(tmp_path / "extra.toml", '[station]\noperator = "bo"\n')
    assert not is_supervisor(load(files, extra))
    write(machine, '[supervisor]\nusers = ["bo"]\n[station]\noperator = "bo"\n')  # IT's shared scan PC login
    assert is_supervisor(load(files))
