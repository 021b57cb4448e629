"""Windows: the data folder's ACL grants only the station's user, SYSTEM and Administrators.

Windows has no mode bits; who may read the page images and the journal is the data folder's
DACL, which files and folders inside it inherit. ScanStation's data folder is per user
(%LOCALAPPDATA%\\ScanStation, or --data-dir): the installer runs as SYSTEM before the
station's user (or service account) has ever logged on, so it cannot name that user. The
station sets the ACL itself when it opens its data folder, as it sets 0700 on POSIX: a
protected DACL (nothing inherited from the parent, e.g. a D:\\ where Users may read) with
full control for the user running the station, SYSTEM (backup, antivirus, the OS itself)
and Administrators, inherited by everything inside. `--self-test` reads the DACL back and
names every other account it grants anything.

The Windows calls sit behind `WindowsSecurity` (three calls, as pywin32 offers them), so the
decisions here are tested on Linux with a fake; `Pywin32Security` is the real one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger("scanstation.windows_acl")

SYSTEM_SID = "S-1-5-18"
ADMINISTRATORS_SID = "S-1-5-32-544"
# SDDL's short names for well-known SIDs (the ones a folder's DACL usually shows).
SDDL_ALIASES = {
    "SY": SYSTEM_SID, "BA": ADMINISTRATORS_SID, "BU": "S-1-5-32-545", "WD": "S-1-1-0", "AU": "S-1-5-11",
    "IU": "S-1-5-4", "AN": "S-1-5-7", "CO": "S-1-3-0", "OW": "S-1-3-4", "NS": "S-1-5-20", "LS": "S-1-5-19",
    "BG": "S-1-5-32-546", "PU": "S-1-5-32-547", "AC": "S-1-15-2-1",
}
SID_NAMES = {
    SYSTEM_SID: "SYSTEM", ADMINISTRATORS_SID: "Administrators", "S-1-5-32-545": "Users", "S-1-1-0": "Everyone",
    "S-1-5-11": "Authenticated Users", "S-1-5-4": "Interactive users", "S-1-5-7": "Anonymous",
    "S-1-3-0": "Creator Owner", "S-1-3-4": "Owner Rights", "S-1-5-20": "Network Service", "S-1-5-19": "Local Service",
    "S-1-5-32-546": "Guests", "S-1-5-32-547": "Power Users", "S-1-15-2-1": "All application packages",
}
# Creator Owner and Owner Rights stand for the owner, i.e. the station's user: not someone else.
OWNER_STAND_INS = {"S-1-3-0", "S-1-3-4"}
_ACE = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Ace:
    kind: str  # "A" allow, "D" deny (others, e.g. audit, do not grant)
    flags: str  # SDDL inheritance flags: OI, CI, IO, ID (inherited) ...
    rights: str
    sid: str


class WindowsSecurity(Protocol):
    """What the check needs from Windows (pywin32's win32security, or a fake in tests)."""

    def folder_sddl(self, folder: Path) -> str:
        """The folder's DACL in SDDL, e.g. 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;S-1-5-21-…-1001)'."""

    def current_user_sid(self) -> str:
        """The SID of the account this process runs as (a clerk, or a service account)."""

    def make_private(self, folder: Path, user_sid: str) -> None:
        """A protected DACL: full control, inherited by everything inside, for these three only."""


def parse_dacl(sddl: str) -> list[Ace]:
    """The ACEs of the DACL part ("D:...") of an SDDL string, SIDs resolved from their aliases."""
    dacl = sddl.split("D:", 1)[1] if "D:" in sddl else ""
    dacl = re.split(r"[SOG]:", dacl, maxsplit=1)[0]  # a SACL, owner or group may follow
    aces = []
    for body in _ACE.findall(dacl):
        parts = body.split(";")
        if len(parts) < 6:
            continue
        kind, flags, rights, sid = parts[0], parts[1], parts[2], parts[5]
        aces.append(Ace(kind, flags, rights, SDDL_ALIASES.get(sid, sid)))
    return aces


def acl_problems(sddl: str, user_sid: str) -> list[str]:
    """Who besides the station's user, SYSTEM and Administrators the DACL lets in (names)."""
    allowed = {user_sid, SYSTEM_SID, ADMINISTRATORS_SID, *OWNER_STAND_INS}
    if "D:NO_ACCESS_CONTROL" in sddl:  # a null DACL: no check at all
        return ["everyone (the folder has no access control list)"]
    others = []
    for ace in parse_dacl(sddl):
        if ace.kind.startswith("A") and ace.sid not in allowed:
            name = SID_NAMES.get(ace.sid, ace.sid)
            if name not in others:
                others.append(name)
    return others


def check_data_folder(folder: Path, security: WindowsSecurity) -> list[str]:
    return acl_problems(security.folder_sddl(folder), security.current_user_sid())


def secure_data_folder(folder: Path, security: WindowsSecurity) -> list[str]:
    """Make the data folder private if its DACL lets anyone else in; returns who was let in."""
    others = check_data_folder(folder, security)
    if others:
        security.make_private(folder, security.current_user_sid())
        log.warning("the data folder was open to %s; its access list now grants only this user, SYSTEM and "
                    "Administrators", ", ".join(others))
    return others


def fix_command(folder: Path) -> str:
    """What IT can run by hand (as the station's user) to the same effect."""
    return (f'icacls "{folder}" /inheritance:r /grant:r "%USERNAME%:(OI)(CI)F" "*{SYSTEM_SID}:(OI)(CI)F" '
            f'"*{ADMINISTRATORS_SID}:(OI)(CI)F"')


class Pywin32Security:
    """The real Windows calls (pywin32, a dependency on Windows)."""

    def folder_sddl(self, folder: Path) -> str:
        import win32security

        descriptor = win32security.GetFileSecurity(str(folder), win32security.DACL_SECURITY_INFORMATION)
        return win32security.ConvertSecurityDescriptorToStringSecurityDescriptor(
            descriptor, win32security.SDDL_REVISION_1, win32security.DACL_SECURITY_INFORMATION)

    def current_user_sid(self) -> str:
        import win32api
        import win32con
        import win32security

        token = win32security.OpenProcessToken(win32api.GetCurrentProcess(), win32con.TOKEN_QUERY)
        sid = win32security.GetTokenInformation(token, win32security.TokenUser)[0]
        return win32security.ConvertSidToStringSid(sid)

    def make_private(self, folder: Path, user_sid: str) -> None:
        import ntsecuritycon
        import win32security

        dacl = win32security.ACL()
        inherit = win32security.OBJECT_INHERIT_ACE | win32security.CONTAINER_INHERIT_ACE
        for sid in (user_sid, SYSTEM_SID, ADMINISTRATORS_SID):
            dacl.AddAccessAllowedAceEx(win32security.ACL_REVISION, inherit, ntsecuritycon.FILE_ALL_ACCESS,
                                       win32security.ConvertStringSidToSid(sid))
        # Protected: nothing inherited from the parent folder; the new ACEs flow down to what is inside.
        win32security.SetNamedSecurityInfo(
            str(folder), win32security.SE_FILE_OBJECT,
            win32security.DACL_SECURITY_INFORMATION | win32security.PROTECTED_DACL_SECURITY_INFORMATION,
            None, None, dacl, None)
