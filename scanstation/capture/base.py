"""The one small interface every page source implements, and its typed errors.

A backend lists its devices, describes a device's options, and scans a batch as a
stream of `ScannedPage`s. Errors a clerk can cause or fix (a jam, an open cover, an
empty feeder) are raised as `ScanError` subclasses with a message meant for people.
Pages yielded before an error are already the caller's: nothing is lost by a fault.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from PIL import Image

SOURCES = ("flatbed", "adf", "duplex")
MODES = ("gray", "color", "lineart")
SIDES = ("front", "back")


# --- errors ---------------------------------------------------------------


class ScanError(Exception):
    """A scanner fault with a message a clerk understands and what to do about it."""

    code = "scan_error"
    advice = ""
    resumable = False  # True when clearing the fault and continuing the batch makes sense

    def __init__(self, message: str | None = None, *, device: str = "") -> None:
        self.device = device
        super().__init__(message or self.default_message())

    def default_message(self) -> str:
        return "The scanner reported an error."

    @property
    def user_message(self) -> str:
        return f"{self}{' ' + self.advice if self.advice else ''}"


class PaperJam(ScanError):
    code = "paper_jam"
    resumable = True
    advice = "Open the scanner, remove the jammed sheet, put it back on top of the stack and continue."

    def default_message(self) -> str:
        return "Paper jam."


class DoubleFeed(PaperJam):
    """Two sheets pulled in together (ultrasonic sensor): a jam as far as resuming goes."""

    code = "double_feed"
    advice = ("Take the sheets that went through together out of the scanner, put them back on top "
              "of the stack and continue.")

    def default_message(self) -> str:
        return "Double feed: two sheets went through the scanner together."


class CoverOpen(ScanError):
    code = "cover_open"
    resumable = True
    advice = "Close the scanner cover and continue."

    def default_message(self) -> str:
        return "The scanner cover is open."


class FeederEmpty(ScanError):
    code = "feeder_empty"
    resumable = True
    advice = "Put the documents in the feeder and scan again."

    def default_message(self) -> str:
        return "There is no paper in the document feeder."


class DeviceBusy(ScanError):
    code = "device_busy"
    resumable = True
    advice = "Wait until the other program has finished with the scanner, then try again."

    def default_message(self) -> str:
        return "The scanner is busy."


class DeviceLost(ScanError):
    code = "device_lost"
    resumable = True
    advice = "Check that the scanner is switched on and its cable is connected, then continue."

    def default_message(self) -> str:
        return "Lost the connection to the scanner."


class DeviceNotFound(ScanError):
    code = "device_not_found"
    advice = "Run `scanstation devices` to see the scanners that are connected."

    def default_message(self) -> str:
        return "No such scanner."


class Cancelled(ScanError):
    code = "cancelled"

    def default_message(self) -> str:
        return "Scanning was cancelled."


class InputError(ScanError):
    """A file that cannot be read as pages: corrupt, truncated, too large, unknown type."""

    code = "input_error"

    def default_message(self) -> str:
        return "The file could not be read."


# --- plain data -------------------------------------------------------------


@dataclass(frozen=True)
class DeviceInfo:
    id: str  # "demo", "sane:test:0", "twain:Fujitsu fi-7160", "files"
    name: str  # what a clerk sees: vendor and model
    kind: str  # "demo" | "sane" | "twain" | "files"


@dataclass(frozen=True)
class DeviceOptions:
    sources: tuple[str, ...] = ("adf",)
    resolutions: tuple[int, ...] = (300,)
    modes: tuple[str, ...] = ("gray",)
    default_source: str = "adf"
    default_resolution: int = 300
    default_mode: str = "gray"


@dataclass(frozen=True)
class ScanSettings:
    source: str = "adf"  # one of SOURCES
    dpi: int = 300
    mode: str = "gray"  # one of MODES
    paths: tuple[Path, ...] = ()  # the `files` device: what to read

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}; use one of {', '.join(SOURCES)}")
        if self.mode not in MODES:
            raise ValueError(f"unknown colour mode {self.mode!r}; use one of {', '.join(MODES)}")
        if not 50 <= self.dpi <= 1200:
            raise ValueError(f"resolution {self.dpi} dpi is out of range (50-1200)")


@dataclass
class ScannedPage:
    """One image as it came off the device, before it is stored.

    `sheet` counts physical sheets from 1 within this scan; a duplex sheet gives a
    front and a back page with the same sheet number. `origin` says where the image
    came from in words an operator can follow ("letter.tif page 2", "ADF sheet 4").
    `group` is set by sources that know where one document ends: pages of one
    imported file share a group; scanners leave it empty (separation decides).
    """

    image: Image.Image
    sheet: int
    side: str = "front"
    dpi: int = 300
    origin: str = ""
    group: str = ""
    extra: dict = field(default_factory=dict)


# ScannedPage.extra key: the page's own PNG file (bytes), exactly its image at its dpi, which the
# page store keeps as it is instead of encoding the image again (files imported as PNG).
STORED_PNG = "stored_png"
# ScannedPage.extra key: True when the page's image is only opened, not decoded (a PNG stored as
# the very file): its pixels are read when first asked for, and the worker that analyses the
# page, which decodes it anyway, makes its preview.
NOT_DECODED = "not_decoded"


class CancelToken:
    """Shared flag a UI or signal handler sets to stop a scan between pages."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@runtime_checkable
class ScannerBackend(Protocol):
    """NAPS2's three calls: devices, options, scan."""

    kind: str

    def list_devices(self) -> list[DeviceInfo]: ...

    def describe(self, device_id: str) -> DeviceOptions: ...

    def scan(
        self, device_id: str, settings: ScanSettings, cancel: CancelToken | None = None,
        first_sheet: int = 1,
    ) -> Iterator[ScannedPage]:
        """Yield pages until the feeder is empty (or the file ends).

        Raises a ScanError subclass on a fault; pages yielded before it are kept by the
        caller, and calling scan again with `first_sheet` = the next sheet number
        continues the batch.
        """
        ...


def device_kind(device_id: str) -> str:
    """`sane:test:0` -> `sane`; `demo` -> `demo`."""
    return device_id.split(":", 1)[0]


def device_name(device_id: str) -> str:
    """`sane:test:0` -> `test:0`; `demo` -> ``."""
    return device_id.split(":", 1)[1] if ":" in device_id else ""


# --- shared by the scanner backends (sane, twain) -----------------------------------------

# The resolutions offered when a driver gives a range rather than a list.
COMMON_RESOLUTIONS = (75, 100, 150, 200, 240, 300, 400, 600, 1200)
# The resolutions a profile may choose when the device cannot be asked (files, a scanner not
# connected): what office scanners offer.
USUAL_RESOLUTIONS = (150, 200, 240, 300, 400, 600)
PIL_MODES = {"gray": "L", "color": "RGB", "lineart": "1"}


def as_scan_mode(image: Image.Image, mode: str, dpi: int) -> Image.Image:
    """The requested colour mode, whatever the driver sent; lineart thresholds at 50 % (no dither)."""
    target = PIL_MODES[mode]
    if image.mode != target:
        if target == "1" and image.mode != "L":
            image = image.convert("L")
        image = image.convert(target, dither=Image.Dither.NONE) if target == "1" else image.convert(target)
    image.info["dpi"] = (dpi, dpi)
    return image


def feeder_origin(source: str, sheet: int, side: str) -> str:
    """Where a scanner page came from, in an operator's words."""
    if source == "flatbed":
        return "Flatbed"
    if source == "duplex":
        return f"ADF sheet {sheet} {side}"
    return f"ADF sheet {sheet}"
