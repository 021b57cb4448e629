"""The MSI, built by `make msi`'s script with the real wixl from a small staged payload,
read back with the real msiinfo and msiextract."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

import scanstation
from scanstation.cli import build_parser
from scanstation.machine_config import PROPERTIES, write_machine_config

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="wixl and msitools are Linux tools; "
                                "the Windows workflow builds the MSI with WiX")

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_msi.py"
spec = importlib.util.spec_from_file_location("build_msi", SCRIPT)
build_msi = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_msi)

UPGRADE_CODE = "{39A5AD80-9AF4-4EEC-9586-AD982FC2A820}"  # never changes: it is what makes upgrades work


def table(msi: Path, name: str) -> list[list[str]]:
    done = subprocess.run(["msiinfo", "export", str(msi), name], capture_output=True, text=True, check=True)
    return [line.split("\t") for line in done.stdout.splitlines()[3:]]  # after names, types, keys


def properties(msi: Path) -> dict[str, str]:
    return dict(table(msi, "Property"))


def sequence(msi: Path) -> dict[str, tuple[int, str]]:
    return {action: (int(number), condition) for action, condition, number in table(msi, "InstallExecuteSequence")}


def make_msi(payload: Path, out: Path) -> Path:
    done = subprocess.run([sys.executable, str(SCRIPT), "--payload", str(payload), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and out.stat().st_size > 0
    assert "unimplemented" not in done.stderr and "Secure" not in done.stderr  # known wixl noise is hidden
    return out


@pytest.fixture(scope="module")
def payload(tmp_path_factory):
    folder = build_msi.stage_payload(tmp_path_factory.mktemp("bundle") / "ScanStation")
    (folder / "_internal" / "PySide6" / "plugins" / "platforms").mkdir(parents=True)
    (folder / "_internal" / "PySide6" / "plugins" / "platforms" / "qwindows.dll").write_bytes(b"MZ" + bytes(62))
    return folder


@pytest.fixture(scope="module")
def msi(payload, tmp_path_factory):
    return make_msi(payload, tmp_path_factory.mktemp("out") / "ScanStation.msi")


def payload_files(payload: Path) -> list[str]:
    return sorted(p.relative_to(payload).as_posix() for p in payload.rglob("*") if p.is_file())


def test_product_version_is_the_package_version_and_the_upgrade_code_is_fixed(msi):
    props = properties(msi)
    assert props["ProductVersion"] == build_msi.msi_version() == scanstation.__version__
    assert props["UpgradeCode"] == UPGRADE_CODE and props["ProductName"] == "ScanStation"
    assert props["ALLUSERS"] == "1"  # per machine
    assert re.fullmatch(r"\{[0-9A-F-]{36}\}", props["ProductCode"])


def test_the_public_properties_are_secure_so_they_reach_the_elevated_installation(msi):
    secure = properties(msi)["SecureCustomProperties"].split(";")
    assert set(PROPERTIES) <= set(secure)
    assert {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED", "WIX_SAME_VERSION_UPGRADE_DETECTED"} <= set(secure)


def test_a_major_upgrade_removes_older_and_same_versions_first_and_refuses_a_downgrade(msi):
    version = build_msi.msi_version()
    rows = {row[6]: row for row in table(msi, "Upgrade")}
    code, low, high, _lang, attributes, _remove, _prop = rows["WIX_UPGRADE_DETECTED"]
    assert (code, low, high) == (UPGRADE_CODE, "", version) and not int(attributes) & 2  # removed, not only detected
    assert rows["WIX_SAME_VERSION_UPGRADE_DETECTED"][1:3] == [version, version]
    assert int(rows["WIX_SAME_VERSION_UPGRADE_DETECTED"][4]) & 0x300 == 0x300  # both ends inclusive
    assert rows["WIX_DOWNGRADE_DETECTED"][1] == version and int(rows["WIX_DOWNGRADE_DETECTED"][4]) & 2  # only detect
    assert ["NOT WIX_DOWNGRADE_DETECTED", "A newer version of ScanStation is already installed."] in table(
        msi, "LaunchCondition")
    steps = sequence(msi)
    # The old version goes before anything is installed (WiX's afterInstallValidate).
    assert steps["InstallValidate"][0] < steps["RemoveExistingProducts"][0] < steps["InstallInitialize"][0]


def test_every_payload_file_is_installed_under_program_files_and_extracts_unchanged(msi, payload, tmp_path):
    files = {row[0]: row for row in table(msi, "File")}
    names = sorted(row[2] for row in files.values())
    assert names == sorted(f.rsplit("/", 1)[-1] for f in payload_files(payload))
    assert files["ScanStationCli"][2] == "scanstation.exe" and files["ScanStationGui"][2] == "scanstation-gui.exe"
    directories = {row[0]: row for row in table(msi, "Directory")}
    assert directories["INSTALLFOLDER"][1:] == ["ProgramFiles64Folder", "ScanStation"]
    components = table(msi, "Component")
    assert all(int(row[3]) & 256 for row in components)  # 64-bit components
    [media] = table(msi, "Media")
    assert media[3] == "#cab1.cab"  # one cabinet, inside the MSI
    subprocess.run(["msiextract", "-C", str(tmp_path), str(msi)], check=True, capture_output=True)
    installed = tmp_path / "ScanStation"
    assert payload_files(installed) == payload_files(payload)
    assert all((installed / f).read_bytes() == (payload / f).read_bytes() for f in payload_files(payload))


def test_component_guids_follow_the_file_path_so_the_next_version_keeps_them(msi, payload, tmp_path):
    again = make_msi(payload, tmp_path / "again.msi")
    assert properties(again)["ProductCode"] != properties(msi)["ProductCode"]
    guids = {row[0]: row[1] for row in table(msi, "Component")}
    assert guids == {row[0]: row[1] for row in table(again, "Component")}
    files = {row[0]: row[1] for row in table(msi, "File")}
    assert guids[files["ScanStationCli"]] == build_msi.component_guid("scanstation.exe")
    assert build_msi.component_guid("_internal/X.dll") == build_msi.component_guid("_internal\\x.DLL")
    assert len(set(guids.values())) == len(guids)


def test_the_start_menu_shortcut_opens_the_window_program(msi):
    [shortcut] = table(msi, "Shortcut")
    assert shortcut[:5] == ["StartMenuShortcut", "ProgramMenuFolder", "ScanStation", "StartMenuShortcut",
                            "[#ScanStationGui]"]
    assert shortcut[11] == "INSTALLFOLDER"  # working folder
    registry = {row[0]: row for row in table(msi, "Registry")}
    key_path = {row[0]: row[5] for row in table(msi, "Component")}["StartMenuShortcut"]
    assert registry[key_path][1] == "1"  # HKCU key path: ICE38/ICE43 for a non-advertised shortcut


def test_the_event_log_source_is_registered(msi):
    values = {row[3]: row for row in table(msi, "Registry") if row[2].endswith(r"EventLog\Application\ScanStation")}
    assert values["EventMessageFile"][1] == "2"  # HKLM
    assert values["EventMessageFile"][4].endswith(r"Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll")
    assert values["TypesSupported"][4] == "#7"


def windows_argv(command_line: str) -> list[str]:
    """Split a command line as the Microsoft C runtime does (CommandLineToArgvW's rules)."""
    args, current, quoted, i, started = [], [], False, 0, False
    while i < len(command_line):
        ch = command_line[i]
        if ch == "\\":
            run = len(command_line[i:]) - len(command_line[i:].lstrip("\\"))
            if command_line[i + run:i + run + 1] == '"':
                current.append("\\" * (run // 2))
                if run % 2:
                    current.append('"')
                    i += run + 1
                else:
                    i += run
            else:
                current.append("\\" * run)
                i += run
            started = True
            continue
        if ch == '"':
            quoted, started = not quoted, True
        elif ch in " \t" and not quoted:
            if started:
                args.append("".join(current))
            current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if started:
        args.append("".join(current))
    return args


def test_the_custom_action_writes_the_given_properties_into_the_machine_wide_file(msi, tmp_path):
    [(action, kind, source, target, _)] = table(msi, "CustomAction")
    # 18: a program installed by this package; 0x400 deferred; 0x800 as LocalSystem; return checked.
    assert (action, int(kind), source) == ("WriteMachineConfig", 18 | 0x400 | 0x800, "ScanStationCli")
    step, condition = sequence(msi)["WriteMachineConfig"]
    steps = sequence(msi)
    assert steps["WriteRegistryValues"][0] < step < steps["InstallFinalize"][0] and condition == 'NOT REMOVE~="ALL"'
    for prop, (option, _key) in PROPERTIES.items():
        assert f'{option} "[{prop}] "' in target

    # What Windows Installer formats and Windows splits, for a folder ending in "\" and
    # two properties not given, reaches write_machine_config as IT meant it.
    given = {"DROPFOLDER": "\\\\srv\\post\\drop\\", "STATIONID": "KOEGE1", "DEFAULTSCANNER": "twain:fi-7160"}
    formatted = re.sub(r"\[(\w+)\]", lambda m: given.get(m.group(1), ""), target)
    args = build_parser().parse_args(windows_argv(formatted))
    machine_file = tmp_path / "config.toml"
    write_machine_config({key: getattr(args, key) for _option, key in PROPERTIES.values()}, machine_file)
    assert machine_file.read_text(encoding="utf-8").split("\n", 2)[2] == (
        'version = 1\n\n[archive]\ndrop_folder = "\\\\\\\\srv\\\\post\\\\drop\\\\"\n\n'
        '[station]\nid = "KOEGE1"\ndefault_device = "twain:fi-7160"\n')


def test_windows_argv_follows_the_c_runtime_rules():
    assert windows_argv(r'a "b c" d\e "f\\" "g\"h" "i\ "') == ["a", "b c", r"d\e", "f\\", 'g"h', "i\\ "]
    assert windows_argv('x "" y') == ["x", "", "y"]


@pytest.mark.parametrize("version, expected", [("0.1.0", "0.1.0"), ("1.2", "1.2.0"), ("2.3.4rc1", "2.3.4"),
                                               ("1.0.0.post2", "1.0.0")])
def test_the_msi_version_is_numeric(tmp_path, version, expected):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[project]\nname = "x"\nversion = "{version}"\n', encoding="utf-8")
    assert build_msi.msi_version(pyproject) == expected


@pytest.mark.parametrize("version", ["v1", "256.0.0"])
def test_a_version_an_msi_cannot_hold_is_refused(tmp_path, version):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[project]\nname = "x"\nversion = "{version}"\n', encoding="utf-8")
    with pytest.raises(build_msi.BuildError, match="version"):
        build_msi.msi_version(pyproject)


def test_the_bundle_is_found_under_build_and_pyinstallers_work_folder_is_not(tmp_path):
    build = tmp_path / "build"
    assert build_msi.find_bundle(build) is None
    work = build / "pyinstaller" / "scanstation"
    work.mkdir(parents=True)
    (work / "scanstation").write_bytes(b"")  # the program before COLLECT: no _internal
    assert build_msi.find_bundle(build) is None
    bundle = build / "dist" / "scanstation"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "scanstation").write_bytes(b"")
    assert build_msi.find_bundle(build) == bundle


def test_a_folder_without_the_programs_is_refused_with_a_clear_message(tmp_path):
    (tmp_path / "only.txt").write_text("x")
    with pytest.raises(build_msi.BuildError, match="no command-line program .*PyInstaller folder"):
        build_msi.payload_fragment(tmp_path)


def test_names_windows_cannot_tell_apart_are_refused(tmp_path):
    payload = build_msi.stage_payload(tmp_path / "p")
    (payload / "_internal" / "libX.so").write_bytes(b"1")
    (payload / "_internal" / "libx.so").write_bytes(b"2")
    with pytest.raises(build_msi.BuildError, match="differ only in case.*_internal/libX.so, _internal/libx.so"):
        build_msi.payload_fragment(payload)
