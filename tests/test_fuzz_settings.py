"""Settings files, fuzzed: whatever IT or a user writes, the station starts. A file that is not
TOML, or a value of the wrong kind, becomes a warning naming the file (and the key), and that
setting keeps its default; values that pass are exactly the ones written."""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from scanstation import config
from scanstation.config import KEYS, Settings, dump_toml, load_settings, save_user_settings
from scanstation.machine_config import PROPERTIES, MachineConfigError, write_machine_config
from scanstation.recognition.fields import extract_fields

scalars = (st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=40)
           | st.sampled_from(["", " ", "KOEGE1", "KOEGE1\n", "da", "fixed_pages:3", "fixed_pages:0", "~", "~nobody9/x",
                              "a\x00b", "(?i)\\d+", "a*", "a{4294967296}", "\\d{4}-\\d{4,8}", "((", "PATCHT"]))
toml_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
all_keys = sorted(KEYS) + ["profiles", "lock.keys", "version", "nope.key", "station"]


def _document(values: dict[str, object]) -> dict:
    document: dict = {}
    for key, value in values.items():
        *sections, leaf = key.split(".")
        table = document
        for section in sections:
            table = table.setdefault(section, {})
            if not isinstance(table, dict):
                break
        else:
            table[leaf] = value
    return document


_MISSING = object()


def _lookup(document: dict, key: str) -> object:
    value: object = document
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _check_loaded(settings: Settings, *files: Path) -> None:
    """Every value is one its converter accepts (or the default), and every warning names a file."""
    defaults = Settings()
    for key, (attribute, convert) in KEYS.items():
        value = getattr(settings, attribute)
        if key in settings.sources:
            written = config.toml_value(settings, key)
            assert convert(written) == value, key
        elif attribute not in ("station_id", "operator", "default_profile"):
            assert value == getattr(defaults, attribute), key
    for warning in settings.warnings:
        assert any(warning.startswith(str(f)) for f in files) or warning.startswith("settings:"), warning
        assert "Traceback" not in warning


@given(st.dictionaries(st.sampled_from(all_keys), toml_values, max_size=6),
       st.dictionaries(st.sampled_from(all_keys), toml_values, max_size=6))
def test_any_values_for_any_keys_start_the_station_with_warnings(tmp_path_factory, machine_values, user_values):
    folder = tmp_path_factory.mktemp("settings")
    machine, user = folder / "machine.toml", folder / "user.toml"
    written = {}
    for path, values in ((machine, machine_values), (user, user_values)):
        try:
            path.write_text(dump_toml(_document(values)), encoding="utf-8")
            written[path] = _document(values)
        except ValueError:  # a document TOML cannot hold (our writer refuses it): write nothing
            pass
    settings = load_settings(machine_file=machine, user_file=user)
    _check_loaded(settings, machine, user)
    for key in set(KEYS) - config.MACHINE_ONLY - settings.locked:
        value = _lookup(written.get(user, {}), key)
        if value is _MISSING:
            continue
        try:
            expected = KEYS[key][1](value)
        except ValueError:
            assert any(w.startswith(f"{user}: {key} has a wrong value") for w in settings.warnings)
        else:
            assert getattr(settings, KEYS[key][0]) == expected or key == "station.default_profile"
    extract_fields("Sagsnr. 2017-0289209, 12. november 2026", case_patterns=settings.case_patterns)


toml_texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["[station]\n", "[ui]\n", "[lock]\n", "[[profiles]]\n", "id = ", "language = ", "keys = ",
                              "name = ", '"x"', "1", "true", "nan", "inf", "1979-05-27T07:32:00Z", "[", "]", "{", "}",
                              ",", "\n", "=", '"""', "'", "\\u0000", "#", "station.id = ", "a.b.c = 1\n"]),
             max_size=30).map("".join),
)


@given(toml_texts)
@example("a = " + "[" * 5000)
@example("[station]\nid = 1979-05-27\noperator = nan\n[recognition]\ncase_patterns = [\"(?i)abc\"]\n")
@example('[archive]\ndrop_folder = "~nobody9/post"\n')
def test_any_text_in_a_settings_file_starts_the_station(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("settings")
    user = folder / "user.toml"
    user.write_text(text, encoding="utf-8")
    settings = load_settings(folder / "nothing.toml", machine_file=folder / "machine.toml", user_file=user)
    _check_loaded(settings, user, folder / "nothing.toml")


@given(st.sampled_from(sorted(PROPERTIES)), st.text(max_size=60) | st.sampled_from(["KOEGE1\n", "~nobody9", "a\x00"]))
def test_any_installer_property_is_written_and_read_back_or_refused(tmp_path_factory, prop, value):
    path = tmp_path_factory.mktemp("machine") / "config.toml"
    key = PROPERTIES[prop][1]
    try:
        write_machine_config({key: value}, path)
    except MachineConfigError as exc:
        assert str(exc).startswith(f"{path}: ") and key in str(exc) and "\n" not in str(exc)
        assert not path.exists()
        return
    settings = load_settings(machine_file=path, user_file=path.with_name("user.toml"))
    assert settings.warnings == ()
    if value.strip():
        assert key in settings.sources


@given(st.sampled_from(sorted(KEYS)), toml_values)
def test_saving_any_value_writes_what_reads_back_or_refuses_it(tmp_path_factory, key, value):
    folder = tmp_path_factory.mktemp("save")
    user = folder / "user.toml"
    try:
        save_user_settings({key: value}, user, machine_file=folder / "machine.toml")
    except ValueError as exc:
        assert key in str(exc) and not user.exists()
        return
    settings = load_settings(machine_file=folder / "machine.toml", user_file=user)
    assert settings.warnings == () or key == "station.default_profile"
    assert key in settings.sources
    _check_loaded(settings, user)


# --- bugs the fuzzing found ----------------------------------------------------------


def _load_text(tmp_path: Path, text: str) -> Settings:
    user = tmp_path / "user.toml"
    user.write_text(text, encoding="utf-8")
    return load_settings(machine_file=tmp_path / "machine.toml", user_file=user)


def test_a_deeply_nested_value_is_a_warning_not_a_crash(tmp_path):
    # Regression: tomllib raised RecursionError, which escaped as a traceback at start-up.
    settings = _load_text(tmp_path, "a = " + "[" * 5000)
    assert any("cannot be read (values nested too deeply)" in w for w in settings.warnings)


@pytest.mark.parametrize("pattern, problem", [
    ("(?i)sag-\\d+", "that can be used"),  # compiled alone, but broke every page's field extraction
    ("\\d{4294967296}", "that can be used"),  # OverflowError escaped as a traceback
    ("\\d*", "matches an empty text"),  # every position of every line was a case number
])
def test_a_case_pattern_field_extraction_cannot_use_is_refused(tmp_path, pattern, problem):
    settings = _load_text(tmp_path, f"[recognition]\ncase_patterns = [{config._string(pattern)}]\n")
    assert settings.case_patterns == config.DEFAULT_CASE_PATTERNS
    assert any("recognition.case_patterns has a wrong value" in w and problem in w for w in settings.warnings)


def test_field_extraction_skips_a_pattern_it_cannot_use():
    fields = extract_fields("Sagsnr. 2017-0289209", case_patterns=["(?i)x", "\\d{4}-\\d{4,8}"])
    assert [f.value for f in fields.case_numbers] == ["2017-0289209"]


@pytest.mark.parametrize("text, key", [
    ('[archive]\ndrop_folder = "~nobody9/post"\n', "archive.drop_folder"),  # RuntimeError escaped
    ('[station]\nid = "KOEGE1\\n"\n', "station.id"),  # "$" let a line break into the station id
    ("[station]\nid = true\n", "station.id"),  # became the station "TRUE"
    ('[ocr]\nlanguages = "dan\\u0000"\n', "ocr.languages"),  # a NUL for Tesseract's command line
])
def test_a_bad_value_is_a_warning_naming_the_key_and_the_default_stays(tmp_path, text, key):
    settings = _load_text(tmp_path, text)
    assert any(w.startswith(f"{tmp_path / 'user.toml'}: {key} has a wrong value") for w in settings.warnings)
    attribute = KEYS[key][0]
    assert getattr(settings, attribute) == getattr(Settings(), attribute)


def test_a_settings_file_that_is_a_fifo_is_a_warning_not_a_hang(tmp_path):
    import os

    fifo = tmp_path / "user.toml"
    os.mkfifo(fifo)
    settings = load_settings(machine_file=tmp_path / "machine.toml", user_file=fifo)
    assert any("is not a file" in w for w in settings.warnings)


def test_nan_and_infinity_are_refused_where_a_number_is_expected(tmp_path):
    settings = _load_text(tmp_path, "[suggest]\nauto_confirm_threshold = nan\n[export]\njpeg_quality = inf\n")
    assert settings.auto_confirm_threshold == 0.9 and settings.jpeg_quality == 75
    assert len([w for w in settings.warnings if "has a wrong value" in w]) == 2
    assert not math.isnan(settings.auto_confirm_threshold)


def test_written_settings_are_toml_a_reader_reads():
    assert tomllib.loads(dump_toml({"station": {"id": "A"}})) == {"station": {"id": "A"}}
    assert re.match(r"^# ScanStation", dump_toml({}))
