"""The Windows data-folder ACL check and repair, with a fake of the three Windows calls (the
real ones are pywin32's; the SDDL strings below are what Windows gives for such folders)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scanstation.config import load_settings
from scanstation.selftest import run_self_test
from scanstation.windows_acl import acl_problems, parse_dacl, secure_data_folder

ANNA = "S-1-5-21-3623811015-3361044348-30300820-1013"
BO = "S-1-5-21-3623811015-3361044348-30300820-1014"
# %LOCALAPPDATA%\ScanStation as Windows makes it: inherited from the user profile.
PROFILE = f"D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;FA;;;{ANNA})"
# The same after ScanStation (or the icacls fix) set it: protected, nothing inherited.
PRIVATE = f"D:PAI(A;OICI;FA;;;{ANNA})(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
# --data-dir D:\ScanStation: D:\ lets every user read and create.
DRIVE = (f"D:AI(A;OICIID;FA;;;BA)(A;OICIID;FA;;;SY)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)"
         f"(A;CIID;LC;;;BU)(A;CIID;DC;;;AU)(A;OICIID;FA;;;{ANNA})")


class FakeWindows:
    def __init__(self, sddl: str, user: str = ANNA) -> None:
        self.sddl, self.user, self.made_private = sddl, user, []

    def folder_sddl(self, folder: Path) -> str:
        return self.sddl

    def current_user_sid(self) -> str:
        return self.user

    def make_private(self, folder: Path, user_sid: str) -> None:
        self.made_private.append((folder, user_sid))
        self.sddl = f"D:PAI(A;OICI;FA;;;{user_sid})(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"


def test_the_dacl_is_read_with_well_known_sids_resolved():
    aces = parse_dacl(f"O:{ANNA}G:{ANNA}{DRIVE}S:AI(AU;SA;FA;;;WD)")
    assert [a.sid for a in aces][:4] == ["S-1-5-32-544", "S-1-5-18", "S-1-3-0", "S-1-5-32-545"]
    assert all(a.kind == "A" for a in aces)  # the SACL's audit entry is not read as a grant


def test_a_folder_only_the_user_system_and_administrators_may_open_passes():
    assert acl_problems(PROFILE, ANNA) == []
    assert acl_problems(PRIVATE, ANNA) == []


def test_other_users_everyone_and_a_null_dacl_are_named():
    assert acl_problems(DRIVE, ANNA) == ["Users", "Authenticated Users"]
    assert acl_problems(f"D:(A;;FA;;;WD){PRIVATE[2:]}", ANNA) == ["Everyone"]
    assert acl_problems(PRIVATE, BO) == [ANNA]  # a service account's folder that a clerk may open
    assert acl_problems("D:NO_ACCESS_CONTROL", ANNA) == ["everyone (the folder has no access control list)"]
    assert acl_problems(f"D:(D;OICI;FA;;;BU){PRIVATE[4:]}", ANNA) == []  # a deny entry grants nothing


def test_an_open_folder_is_made_private_once(tmp_path):
    windows = FakeWindows(DRIVE)
    assert secure_data_folder(tmp_path, windows) == ["Users", "Authenticated Users"]
    assert windows.made_private == [(tmp_path, ANNA)]
    assert secure_data_folder(tmp_path, windows) == []
    assert len(windows.made_private) == 1


def test_self_test_reports_the_windows_acl(tmp_path):
    settings = replace(load_settings(machine_file=tmp_path / "m.toml", user_file=tmp_path / "u.toml"),
                       drop_folder=tmp_path)
    checks = {c.name: c for c in run_self_test(settings, tmp_path / "data", windows=FakeWindows(DRIVE))}
    privacy = checks["Data folder privacy"]
    assert privacy.status == "WARN" and "open to Users, Authenticated Users" in privacy.detail
    assert "icacls" in privacy.detail and "/inheritance:r" in privacy.detail
    checks = {c.name: c for c in run_self_test(settings, tmp_path / "data", windows=FakeWindows(PRIVATE))}
    assert checks["Data folder privacy"].ok
