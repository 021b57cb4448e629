"""Page sources behind one interface (see base.py): demo, sane, twain, files."""

from __future__ import annotations

import importlib
import sys

from .base import DeviceInfo, DeviceNotFound, ScannerBackend, device_kind

# kind -> "module:Class"; modules are imported only when used, so a missing
# platform library (python-sane on Windows, pytwain on Linux) hides that backend only.
_BACKENDS = {
    "demo": "scanstation.capture.demo:DemoBackend",
    "files": "scanstation.capture.files:FilesBackend",
    "sane": "scanstation.capture.sane:SaneBackend",
    "twain": "scanstation.capture.twain:TwainBackend",
}


def _platform_kinds() -> list[str]:
    kinds = ["demo", "files"]
    kinds.append("twain" if sys.platform == "win32" else "sane")
    return kinds


def backend_for(device_id: str, *, site_key: str | None = None) -> ScannerBackend:
    """The backend for `device_id`. `site_key`: the demo scanner plays this site's mailroom,
    so the cover and separator sheets in its stack are signed with the station's key."""
    kind = device_kind(device_id)
    target = _BACKENDS.get(kind)
    if target is None:
        raise DeviceNotFound(
            f"Unknown device {device_id!r}: device ids start with demo, files, sane: or twain:.",
            device=device_id,
        )
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise DeviceNotFound(
            f"The {kind} scanner support is not available on this computer ({exc}).",
            device=device_id,
        ) from exc
    backend = getattr(module, class_name)
    return backend(site_key=site_key) if kind == "demo" else backend()


def list_all_devices() -> tuple[list[DeviceInfo], list[str]]:
    """Every device of every backend that loads here, and one line per backend that failed."""
    devices: list[DeviceInfo] = []
    problems: list[str] = []
    for kind in _platform_kinds():
        try:
            devices.extend(backend_for(kind).list_devices())
        except Exception as exc:  # one broken backend must not hide the others
            problems.append(f"{kind}: {exc}")
    return devices, problems


def offered_resolutions(device_id: str) -> tuple[int, ...] | None:
    """The resolutions `device_id` offers, as its driver reports them, or None when it cannot
    say: files keep their own resolution, and a scanner may be off or absent. A SANE or TWAIN
    device is opened for this: call it off the GUI thread."""
    if device_kind(device_id) == "files":
        return None
    try:
        return tuple(backend_for(device_id).describe(device_id).resolutions) or None
    except Exception:  # noqa: BLE001 - ScanError, a driver's own error: the device cannot be asked
        return None
