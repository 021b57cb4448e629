import pytest

from scanstation.config import Settings
from scanstation.profiles import (
    BUILTIN_PROFILES, ScanProfile, default_profile, find_profile, format_separation, load_profiles,
    parse_separation, profile_from_table,
)


def test_builtins_are_valid_with_ascii_unique_names():
    names = [p.name for p in BUILTIN_PROFILES]
    assert len(set(names)) == len(names) >= 4 and all(n.isascii() for n in names)
    assert {p.source for p in BUILTIN_PROFILES} == {"adf", "duplex", "flatbed"}
    assert BUILTIN_PROFILES[0].scan_settings().dpi == 300


@pytest.mark.parametrize("text, parsed", [
    ("separators", ("separators", None)), ("blank_page", ("blank_page", None)),
    ("per_scan", ("per_scan", None)), ("fixed_pages:2", ("fixed_pages", 2)),
])
def test_separation_parses_and_formats(text, parsed):
    assert parse_separation(text) == parsed
    assert format_separation(*parsed) == text


@pytest.mark.parametrize("fields, message", [
    ({"name": ""}, "needs a name"),
    ({"name": "x", "source": "tray"}, "unknown source 'tray'"),
    ({"name": "x", "mode": "sepia"}, "unknown colour mode"),
    ({"name": "x", "dpi": 20}, "out of range"),
    ({"name": "x", "dpi": True}, "out of range"),
    ({"name": "x", "device": " "}, "device is missing"),
    ({"name": "x", "separation": "fixed_pages:0"}, "from 1 to 10000"),
    ({"name": "x", "separation": "fixed_pages"}, "fixed_pages:N"),
    ({"name": "x", "separation": "magic"}, "unknown separation 'magic'"),
])
def test_wrong_profiles_say_what_is_wrong(fields, message):
    with pytest.raises(ValueError, match=message):
        ScanProfile(**fields)


def test_profile_tables():
    assert profile_from_table({"name": "p", "dpi": 200}) == ScanProfile("p", dpi=200)
    with pytest.raises(ValueError, match="unknown field"):
        profile_from_table({"name": "p", "speed": 9})
    with pytest.raises(ValueError, match="needs a name"):
        profile_from_table({"dpi": 200})
    profile = ScanProfile("Jobcenter dupleks", source="duplex", separation="fixed_pages:3")
    assert profile_from_table(profile.as_table()) == profile


def test_configured_profiles_override_builtins_by_name():
    settings = Settings(station_id="A", operator="o", default_profile="egen",
                        profiles=(ScanProfile("duplex", source="duplex", dpi=600), ScanProfile("egen")))
    profiles = load_profiles(settings)
    assert [p.name for p in profiles][:len(BUILTIN_PROFILES)] == [p.name for p in BUILTIN_PROFILES]
    assert find_profile(profiles, "duplex").dpi == 600
    assert default_profile(settings).name == "egen"
    assert default_profile(Settings(station_id="A", operator="o", default_profile="ghost")).name == "standard"


def test_a_separation_with_a_line_break_after_it_is_refused():
    from scanstation.profiles import parse_separation

    with pytest.raises(ValueError):
        parse_separation("fixed_pages:3\n")
