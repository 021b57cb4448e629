"""Scanners on Linux through SANE (python-sane over the system's libsane).

Device ids are `sane:<sane device name>`, e.g. `sane:fujitsu:libusb:001:004` or the
`test` backend's `sane:test:0`. Drivers name their sources and colour modes freely
("ADF Front", "Automatic Document Feeder(left aligned,Duplex)", "True Gray", "Binary"),
so both are mapped to our names by the words they contain.

A duplex driver delivers one frame per side: front, back, front, back, ... Each frame
is one `sane_start` + read; SANE_STATUS_NO_DOCS at a `sane_start` in feeder mode is the
normal end of the batch. `sane_cancel` is called only once the batch is over, because
on many feeders it ejects the stack.

SANE is not thread-safe: use one device from one thread at a time (the scan worker).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import _sane  # python-sane's C module: its `error` carries SANE's status text
import sane
from PIL import Image

from .base import (
    COMMON_RESOLUTIONS,
    as_scan_mode,
    feeder_origin,
    Cancelled,
    CancelToken,
    CoverOpen,
    DeviceBusy,
    DeviceInfo,
    DeviceLost,
    DeviceNotFound,
    DeviceOptions,
    FeederEmpty,
    PaperJam,
    ScanError,
    ScannedPage,
    ScanSettings,
    device_kind,
    device_name,
)

# sane_strstatus() texts, as python-sane raises them in `_sane.error`.
_JAMMED = "Document feeder jammed"
_COVER_OPEN = "Scanner cover is open"
_NO_DOCS = "Document feeder out of documents"
_BUSY = "Device busy"
_IO_ERROR = "Error during device I/O"
_INVALID = "Invalid argument"
_CANCELLED = "Operation was canceled"
_ACCESS_DENIED = "Access to resource has been denied"

_FAULTS: dict[str, type[ScanError]] = {
    _JAMMED: PaperJam,
    _COVER_OPEN: CoverOpen,
    _NO_DOCS: FeederEmpty,
    _BUSY: DeviceBusy,
    _IO_ERROR: DeviceLost,
    _CANCELLED: Cancelled,
}

# What we offer when a driver allows any resolution in a range.
_MIN_DPI, _MAX_DPI = 50, 1200  # ScanSettings' limits

_init_lock = threading.Lock()
_initialised = False


def ensure_sane_initialised() -> None:
    """sane_init() once per process; SANE reads SANE_CONFIG_DIR (dll.conf) at this moment."""
    global _initialised
    with _init_lock:
        if not _initialised:
            try:
                sane.init()
            except _sane.error as exc:
                raise ScanError(f"The scanner system (SANE) could not start: {exc}.") from exc
            _initialised = True


# --- mapping driver words to ours ---------------------------------------------


def source_kind(sane_source: str) -> str | None:
    """"ADF Duplex" -> "duplex", "ADF Front" -> "adf", "FlatBed" -> "flatbed"; film -> None."""
    words = sane_source.lower()
    feeder = "adf" in words or "feeder" in words
    if "duplex" in words:
        return "duplex"
    if "back" in words:  # "ADF Back": the rear side only, not a batch we can use
        return None
    if feeder:
        return "adf"
    if "flatbed" in words or "document table" in words or words == "normal":
        return "flatbed"
    return None


def mode_kind(sane_mode: str) -> str | None:
    """"Gray" / "True Gray" -> "gray", "24bit Color" -> "color", "Binary" -> "lineart"."""
    words = sane_mode.lower()
    if any(w in words for w in ("error diffusion", "halftone", "dither")):
        return None  # dithered: neither clean gray nor clean black-and-white
    if any(w in words for w in ("lineart", "line art", "binary", "black & white", "black and white")):
        return "lineart"
    if "gray" in words or "grey" in words:
        return "gray"
    if "color" in words or "colour" in words:
        return "color"
    return None


def _choose(sane_values: list[str], kind_of: Callable[[str], str | None], wanted: str) -> str | None:
    """The driver's plainest value for `wanted`: "ADF" before "ADF Front", "Gray" before "Gray16"."""
    matches = [value for value in sane_values if kind_of(value) == wanted]
    return min(matches, key=len) if matches else None


def _choices(device: sane.SaneDev, option: str) -> list:
    """The allowed values of an active option; [] if the driver lacks it."""
    opt = device.opt.get(option)
    if opt is None or not opt.is_active() or not isinstance(opt.constraint, list):
        return []
    return list(opt.constraint)


def _resolutions(device: sane.SaneDev) -> tuple[int, ...]:
    opt = device.opt.get("resolution")
    if opt is None or not opt.is_active():
        return ()
    if isinstance(opt.constraint, list):
        values = {int(round(v)) for v in opt.constraint}
    elif isinstance(opt.constraint, tuple):
        low, high, _step = opt.constraint
        values = {v for v in COMMON_RESOLUTIONS if low <= v <= high}
    else:
        values = set(COMMON_RESOLUTIONS)
    return tuple(sorted(v for v in values if _MIN_DPI <= v <= _MAX_DPI))


def _has_adf_duplex_mode(device: sane.SaneDev) -> bool:
    """Epson drivers: source "Automatic Document Feeder" plus option adf-mode=Duplex."""
    return "Duplex" in _choices(device, "adf_mode")


def _sources(device: sane.SaneDev) -> tuple[str, ...]:
    names = _choices(device, "source")
    if not names:
        return ("flatbed",)  # no source option: a plain flatbed
    found = {source_kind(name) for name in names} - {None}
    if "adf" in found and _has_adf_duplex_mode(device):
        found.add("duplex")
    return tuple(kind for kind in ("flatbed", "adf", "duplex") if kind in found)


def _modes(device: sane.SaneDev) -> tuple[str, ...]:
    names = _choices(device, "mode")
    if not names:
        return ("gray", "color", "lineart")  # no mode option: we convert whatever it sends
    found = {mode_kind(name) for name in names}
    if "gray" in found:
        found.add("lineart")  # thresholded from gray when the driver has no lineart mode
    return tuple(kind for kind in ("gray", "color", "lineart") if kind in found)


def _preferred(values: tuple[str, ...], wanted: str) -> str:
    return wanted if wanted in values or not values else values[0]


# --- errors ------------------------------------------------------------------------


def _fault(exc: Exception, device_id: str) -> ScanError:
    """The typed error for a `_sane.error` raised while scanning."""
    message = str(exc)
    error_type = _FAULTS.get(message)
    if error_type is not None:
        return error_type(device=device_id)
    if message == _ACCESS_DENIED:
        return ScanError(
            f"Not allowed to use the scanner {device_id} (is this user in the scanner group?).",
            device=device_id,
        )
    return ScanError(f"The scanner {device_id} reported: {message}.", device=device_id)


@contextmanager
def _opened(device_id: str) -> Iterator[sane.SaneDev]:
    """Open the device and always cancel and close it again, so the next scan can open it."""
    name = device_name(device_id)
    if device_kind(device_id) != "sane" or not name:
        raise DeviceNotFound(f"{device_id!r} is not a SANE device id (sane:<name>).", device=device_id)
    ensure_sane_initialised()
    try:
        device = sane.open(name)
    except _sane.error as exc:
        if str(exc) == _INVALID:  # what the dll meta-backend answers for an unknown name
            raise DeviceNotFound(f"No scanner called {name!r}.", device=device_id) from exc
        raise _fault(exc, device_id) from exc
    try:
        yield device
    finally:
        for release in (device.cancel, device.close):
            try:
                release()
            except _sane.error:
                pass  # already gone (unplugged): nothing left to release


# --- the backend ---------------------------------------------------------------------


class SaneBackend:
    """`scan()` also takes `first_sheet` (sheet number of the first page fed, so a resumed
    batch continues the numbering) and `extra_options`: SANE option names and values set
    after ours (e.g. {"br-x": 210.0}, the test backend's {"read-return-value": ...}, the pnm
    backend's {"filename": ...}). An extra "source" replaces the source we would choose;
    `settings.source` still says how pages pair into sheets.
    """

    kind = "sane"

    def list_devices(self) -> list[DeviceInfo]:
        ensure_sane_initialised()
        try:
            found = sane.get_devices()
        except _sane.error as exc:
            raise ScanError(f"Could not list the SANE scanners: {exc}.") from exc
        return [
            DeviceInfo(id=f"sane:{name}", name=f"{vendor} {model}".strip(), kind=self.kind)
            for name, vendor, model, _type in found
        ]

    def describe(self, device_id: str) -> DeviceOptions:
        with _opened(device_id) as device:
            sources = _sources(device)
            resolutions = _resolutions(device) or (300,)
            modes = _modes(device)
        return DeviceOptions(
            sources=sources,
            resolutions=resolutions,
            modes=modes,
            default_source=_preferred(sources, "adf"),
            default_resolution=min(resolutions, key=lambda dpi: abs(dpi - 300)),
            default_mode=_preferred(modes, "gray"),
        )

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: CancelToken | None = None,
        *,
        first_sheet: int = 1,
        extra_options: Mapping[str, object] | None = None,
    ) -> Iterator[ScannedPage]:
        """Yield pages until the feeder is empty (flatbed: one page).

        Raises FeederEmpty if the feeder gives no page at all, the other ScanErrors on a
        fault, Cancelled when `cancel` is set (checked before each sheet).
        """
        cancel = cancel or CancelToken()
        with _opened(device_id) as device:
            self._configure(device, device_id, settings, extra_options or {})
            dpi = _current_resolution(device, settings.dpi)
            sides = ("front", "back") if settings.source == "duplex" else ("front",)
            sheet = first_sheet
            pages_fed = 0
            while True:
                for side in sides:
                    if side == "front":  # a duplex sheet is never split by a cancel
                        cancel.raise_if_cancelled()
                    try:
                        image = self._read_page(device)
                    except _sane.error as exc:
                        if str(exc) == _NO_DOCS and settings.source != "flatbed" and pages_fed:
                            return  # the feeder ran empty: the batch is complete
                        raise _fault(exc, device_id) from exc
                    except RuntimeError as exc:  # python-sane: a frame without data
                        raise ScanError(f"The scanner sent an empty page ({exc}).", device=device_id) from exc
                    pages_fed += 1
                    yield ScannedPage(
                        image=as_scan_mode(image, settings.mode, dpi),
                        sheet=sheet,
                        side=side,
                        dpi=dpi,
                        origin=feeder_origin(settings.source, sheet, side),
                        extra={"device": device_id},
                    )
                if settings.source == "flatbed":
                    return
                sheet += 1

    def _read_page(self, device: sane.SaneDev) -> Image.Image:
        """Start the next frame and read it whole; no sane_cancel, the feeder keeps going.

        Tests override this to inject faults between pages through the real driver.
        """
        device.start()
        return device.snap(no_cancel=True)

    def _configure(
        self, device: sane.SaneDev, device_id: str, settings: ScanSettings, extra: Mapping[str, object]
    ) -> None:
        # Source first: drivers reload their other options (resolutions, area) after it.
        if "source" not in extra:
            for option, value in _source_options(device, settings.source, device_id):
                _set_option(device, device_id, option, value)
        _set_mode(device, device_id, settings.mode)
        if device.opt.get("resolution") is not None:
            _set_option(device, device_id, "resolution", _nearest_resolution(device, settings.dpi))
        for option, value in extra.items():
            _set_option(device, device_id, option, value, required=True)


def _source_options(device: sane.SaneDev, source: str, device_id: str) -> list[tuple[str, object]]:
    names = _choices(device, "source")
    if not names and source == "flatbed":
        return []  # no source option: a plain flatbed
    chosen = _choose(names, source_kind, source)
    if chosen is not None:
        return [("source", chosen)]
    if source == "duplex" and _has_adf_duplex_mode(device):
        return [("source", _choose(names, source_kind, "adf")), ("adf_mode", "Duplex")]
    offered = ", ".join(_sources(device))
    raise ScanError(f"This scanner cannot scan from {source}; it offers {offered}.", device=device_id)


def _set_mode(device: sane.SaneDev, device_id: str, mode: str) -> None:
    names = _choices(device, "mode")
    chosen = _choose(names, mode_kind, mode) if names else None
    if chosen is None and mode == "lineart":
        chosen = _choose(names, mode_kind, "gray") if names else None  # thresholded in _as_mode
    if chosen is not None:
        _set_option(device, device_id, "mode", chosen)
    # 8 bits per sample: python-sane 2.9 mangles 16-bit frames (wrong height). Native
    # lineart modes keep their own depth; python-sane expands 1-bit frames to 0/255.
    if 8 in _choices(device, "depth") and mode_kind(chosen or "") != "lineart":
        _set_option(device, device_id, "depth", 8)


def _nearest_resolution(device: sane.SaneDev, dpi: int) -> float:
    opt = device.opt["resolution"]
    if isinstance(opt.constraint, list) and opt.constraint:
        return min(opt.constraint, key=lambda value: abs(value - dpi))
    if isinstance(opt.constraint, tuple):
        low, high, _step = opt.constraint
        return max(low, min(high, dpi))
    return dpi


def _current_resolution(device: sane.SaneDev, asked: int) -> int:
    try:
        return int(round(device.resolution))
    except (AttributeError, _sane.error):
        return asked  # no resolution option: trust the request


def _set_option(
    device: sane.SaneDev, device_id: str, option: str, value: object, *, required: bool = False
) -> None:
    attribute = option.replace("-", "_")
    if attribute not in device.opt:
        if required:  # python-sane would silently store an unknown name as a plain attribute
            raise ScanError(f"The scanner {device_id} has no option {option!r}.", device=device_id)
        return
    try:
        setattr(device, attribute, value)
    except (AttributeError, TypeError) as exc:  # inactive, read-only or wrong type
        raise ScanError(f"Cannot set {option}={value!r} on {device_id}: {exc}.", device=device_id) from exc
    except _sane.error as exc:
        if str(exc) == _INVALID:
            raise ScanError(
                f"The scanner {device_id} does not accept {option}={value!r}.", device=device_id
            ) from exc
        raise _fault(exc, device_id) from exc



