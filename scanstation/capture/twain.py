"""Scanners on Windows through TWAIN, using pytwain 2.2 / 2.3 (`import twain`).

Device ids are `twain:<source product name>`, e.g. `twain:fi-7160`. A scan opens the Data
Source Manager and the source, negotiates capabilities in TWAIN state 4 (feeder, duplex,
units, resolution, pixel type, no progress UI), enables the source without its UI and
pulls native transfers (`xfer_image_natively`) until the source reports no more pending.
Each transfer is a DIB in global memory; `dib_to_bm_file(handle)` gives BMP bytes, which
we re-head (see `_bmp_from_dib`) before PIL reads them, then free the handle.

pytwain raises one exception per TWAIN condition code (`twain.exceptions.PaperJam`, ...);
codes it does not know (cover open = TWCC_INTERLOCK 24, no paper = TWCC_NOMEDIA 29) arrive
as `UnknownError("ConditionCode = N")`. `_scan_error` maps both to our typed errors.

TWAIN is thread-affine: the source's messages go to the parent window's thread, so a
scan must run (be iterated) on one thread from start to end. Without a parent window we
create a hidden Tk window, as pytwain's own `acquire()` helper does.

Deployment: pytwain loads twain_32.dll in a 32-bit Python and twaindsm.dll (installed
separately) in a 64-bit one; a 64-bit Python sees only 64-bit TWAIN drivers.

Only verifiable on real Windows with real drivers (the tests use tests/fakes/fake_twain.py):
- that enabling with show_ui=False and then calling xfer_image_natively() without pumping
  the message loop (pytwain's README pattern) works with the station's drivers;
- that twain_32.dll accepts the hidden Tk window as parent, and scans run on one thread;
- how each driver reports an empty feeder (CAP_FEEDERLOADED False, TWCC_NOMEDIA at enable
  or transfer, or a cancelled transfer) and an open cover (TWCC_INTERLOCK or a custom code);
- whether drivers set biClrUsed=0 in 1/8-bit DIBs (handled) or send compressed DIBs (not);
- what sources return for CAP_FEEDERENABLED / CAP_DUPLEX / ICAP_XRESOLUTION containers;
  a feeder-only scanner is only recognised if CAP_FEEDERENABLED enumerates True alone;
- duplex pairing assumes strict front/back alternation: driver-side blank-page removal
  breaks it (switch that off in the driver for duplex batches);
- that MSG_RESET (pytwain's private `Source._end_all_xfers`) after a fault or a cancel
  lets the source close cleanly, so the next scan can open it;
- which exceptions drivers raise when another program holds the scanner (we map
  MaxConnections/Denied/Sequence/Operation/GeneralFailure at open to DeviceBusy);
- that the page dpi, read back from ICAP_XRESOLUTION after setting it, is what the
  driver really scans at.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

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
    DoubleFeed,
    FeederEmpty,
    PaperJam,
    ScanError,
    ScannedPage,
    ScanSettings,
    device_kind,
    device_name,
)

log = logging.getLogger(__name__)

# Condition codes from the TWAIN 2.x spec that pytwain's constants lack.
_TWCC_INTERLOCK = 24  # cover or door open
_TWCC_DAMAGEDCORNER = 25
_TWCC_NOMEDIA = 29
_CONDITION_CODE = re.compile(r"ConditionCode = (\d+)")

_MIN_DPI, _MAX_DPI = 50, 1200  # ScanSettings' limits
_PIXEL_TYPES = {"lineart": "TWPT_BW", "gray": "TWPT_GRAY", "color": "TWPT_RGB"}


class TwainBackend:
    """`twain_module` replaces pytwain (tests pass tests/fakes/fake_twain); `parent_window`
    is what pytwain's SourceManager accepts (a Tk/wx/Gtk window or an HWND int). Without
    one, a hidden Tk window is the parent when the real pytwain is used.
    """

    kind = "twain"

    def __init__(self, twain_module: ModuleType | None = None, *, parent_window: Any = None) -> None:
        self._twain = twain_module
        self._injected = twain_module is not None
        self._parent_window = parent_window

    # --- the three calls ---------------------------------------------------------------

    def list_devices(self) -> list[DeviceInfo]:
        with self._manager("twain") as sm:
            names = sm.source_list
        return [DeviceInfo(id=f"twain:{name}", name=name, kind=self.kind) for name in names]

    def describe(self, device_id: str) -> DeviceOptions:
        with self._source(device_id) as src:
            tw = self._module()
            try:
                has_feeder, feeder_only = _feeder(_capability(tw, src, "CAP_FEEDERENABLED"))
                duplex = has_feeder and _supports_duplex(tw, src)
                resolutions = _resolutions(_capability(tw, src, "ICAP_XRESOLUTION")) or (300,)
                modes = _modes(tw, _capability(tw, src, "ICAP_PIXELTYPE"))
            except Exception as exc:
                raise _scan_error(tw, exc, device_id, first=True, feeder=False) or exc from exc
        sources = tuple(
            kind
            for kind, offered in (("flatbed", not feeder_only), ("adf", has_feeder), ("duplex", duplex))
            if offered
        )
        return DeviceOptions(
            sources=sources,
            resolutions=resolutions,
            modes=modes,
            default_source="adf" if has_feeder else "flatbed",
            default_resolution=min(resolutions, key=lambda dpi: abs(dpi - 300)),
            default_mode="gray" if "gray" in modes else modes[0],
        )

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: CancelToken | None = None,
        first_sheet: int = 1,
    ) -> Iterator[ScannedPage]:
        """Yield pages until the source has no more (flatbed: one page).

        Raises FeederEmpty if the feeder gives no page at all, the other ScanErrors on a
        fault, Cancelled when `cancel` is set (checked before each sheet). The source and
        the source manager are closed on every way out, including the generator's close().
        """
        cancel = cancel or CancelToken()
        with self._source(device_id) as src:
            tw = self._module()
            self._configure(tw, src, device_id, settings)
            dpi = _current_resolution(tw, src, settings.dpi)
            cancel.raise_if_cancelled()
            yield from self._transfers(tw, src, device_id, settings, cancel, first_sheet, dpi)

    # --- opening and closing -------------------------------------------------------------

    def _module(self) -> ModuleType:
        if self._twain is None:
            if sys.platform != "win32":
                raise DeviceNotFound("TWAIN scanners can only be used on Windows; use a sane: device here.")
            try:
                import twain  # pytwain
            except ImportError as exc:
                raise DeviceNotFound(
                    f"TWAIN support is not installed (pip install pytwain): {exc}."
                ) from exc
            self._twain = twain
        return self._twain

    @contextmanager
    def _manager(self, device_id: str) -> Iterator[Any]:
        tw = self._module()
        parent, hidden = self._parent_window, None
        if parent is None and not self._injected:
            parent = hidden = _hidden_window()
        try:
            try:
                sm = tw.SourceManager(parent)
            except Exception as exc:
                raise _open_error(tw, exc, device_id) from exc
            try:
                yield sm
            finally:
                _quietly(tw, sm.close, "close the TWAIN source manager")
        finally:
            if hidden is not None:
                hidden.destroy()

    @contextmanager
    def _source(self, device_id: str) -> Iterator[Any]:
        name = device_name(device_id)
        if device_kind(device_id) != "twain" or not name:
            raise DeviceNotFound(f"{device_id!r} is not a TWAIN device id (twain:<name>).", device=device_id)
        with self._manager(device_id) as sm:
            tw = self._module()
            # Some DSMs open the default source for a name they do not know: check first.
            try:
                known = name in sm.source_list
            except Exception as exc:
                raise _open_error(tw, exc, device_id) from exc
            if not known:
                raise DeviceNotFound(f"No TWAIN scanner called {name!r}.", device=device_id)
            try:
                src = sm.open_source(name)
            except Exception as exc:
                raise _open_error(tw, exc, device_id) from exc
            if src is None:  # only when pytwain showed its selection dialog: not with a name
                raise DeviceNotFound(f"No TWAIN scanner called {name!r}.", device=device_id)
            try:
                yield src
            finally:
                _quietly(tw, src.close, f"close the TWAIN source {name!r}")

    # --- negotiation (TWAIN state 4) -----------------------------------------------------

    def _configure(self, tw: ModuleType, src: Any, device_id: str, settings: ScanSettings) -> None:
        feeder = settings.source != "flatbed"
        try:
            self._set_source(tw, src, settings.source)
            # No progress window from the driver: the station shows its own.
            _set(tw, src, "CAP_INDICATORS", "TWTY_BOOL", False, required=False)
            _set(tw, src, "ICAP_XFERMECH", "TWTY_UINT16", tw.TWSX_NATIVE, required=False)
            _set(tw, src, "CAP_XFERCOUNT", "TWTY_INT16", -1 if feeder else 1, required=False)
            self._set_pixel_type(tw, src, settings.mode)
            _set(tw, src, "ICAP_UNITS", "TWTY_UINT16", tw.TWUN_INCHES, required=False)
            for cap in ("ICAP_XRESOLUTION", "ICAP_YRESOLUTION"):
                _set(tw, src, cap, "TWTY_FIX32", float(settings.dpi),
                     unsupported=f"This scanner cannot scan at {settings.dpi} dpi.")
        except _Unsupported as exc:
            raise ScanError(str(exc), device=device_id) from None
        except Exception as exc:
            raise _scan_error(tw, exc, device_id, first=True, feeder=feeder) or exc from exc
        loaded = _capability_current(tw, src, "CAP_FEEDERLOADED") if feeder else None
        if loaded is not None and not loaded:
            raise FeederEmpty(device=device_id)

    def _set_pixel_type(self, tw: ModuleType, src: Any, mode: str) -> None:
        unsupported = f"This scanner cannot scan in {mode}."
        try:
            _set(tw, src, "ICAP_PIXELTYPE", "TWTY_UINT16", getattr(tw, _PIXEL_TYPES[mode]), unsupported=unsupported)
        except _Unsupported:
            if mode != "lineart":
                raise
            # No TWPT_BW: scan gray, `_as_mode` thresholds it (as `describe` promises).
            _set(tw, src, "ICAP_PIXELTYPE", "TWTY_UINT16", tw.TWPT_GRAY, unsupported=unsupported)

    def _set_source(self, tw: ModuleType, src: Any, source: str) -> None:
        if source == "flatbed":
            # No CAP_FEEDERENABLED at all: a plain flatbed, nothing to switch off.
            _set(tw, src, "CAP_FEEDERENABLED", "TWTY_BOOL", False, missing_ok=True,
                 unsupported="This scanner has no flatbed; choose the document feeder.")
            return
        _set(tw, src, "CAP_FEEDERENABLED", "TWTY_BOOL", True,
             unsupported="This scanner has no document feeder; choose the flatbed.")
        _set(tw, src, "CAP_AUTOFEED", "TWTY_BOOL", True, required=False)
        _set(tw, src, "CAP_DUPLEXENABLED", "TWTY_BOOL", source == "duplex",
             required=source == "duplex", unsupported="This scanner cannot scan both sides.")

    # --- transfers (TWAIN states 5-7) ---------------------------------------------------

    def _transfers(
        self,
        tw: ModuleType,
        src: Any,
        device_id: str,
        settings: ScanSettings,
        cancel: CancelToken,
        first_sheet: int,
        dpi: int,
    ) -> Iterator[ScannedPage]:
        feeder = settings.source != "flatbed"
        sides = ("front", "back") if settings.source == "duplex" else ("front",)
        try:
            src.request_acquire(show_ui=False, modal_ui=False)
        except Exception as exc:
            raise _scan_error(tw, exc, device_id, first=True, feeder=feeder) or exc from exc
        pending = True  # transfers may be waiting: reset them before closing
        count = 0
        try:
            while True:
                side = sides[count % len(sides)]
                if side == "front":  # a duplex sheet is never split by a cancel
                    cancel.raise_if_cancelled()
                try:
                    handle, more = src.xfer_image_natively()
                except tw.exceptions.DSTransferCancelled as exc:
                    if count:  # the source stopped the batch (its stop button, end of paper)
                        log.info("%s: transfer cancelled by the source after %d pages", device_id, count)
                        return
                    if feeder:
                        raise FeederEmpty(device=device_id) from exc
                    raise Cancelled("The scanner cancelled the scan.", device=device_id) from exc
                except Exception as exc:
                    error = _scan_error(tw, exc, device_id, first=count == 0, feeder=feeder)
                    if error is None:
                        return  # no paper after some pages: the batch is complete
                    raise error from exc
                pending = more != 0
                image = _image(tw, handle, device_id)
                sheet = first_sheet + count // len(sides)
                count += 1
                yield ScannedPage(
                    image=as_scan_mode(image, settings.mode, dpi),
                    sheet=sheet,
                    side=side,
                    dpi=dpi,
                    origin=feeder_origin(settings.source, sheet, side),
                    extra={"device": device_id},
                )
                if not pending or not feeder:
                    return
        finally:
            if pending:
                _reset_transfers(tw, src)


# --- capabilities ------------------------------------------------------------------------


class _Unsupported(Exception):
    """A capability the scan needs is missing or refuses our value (message for people)."""


def _set(
    tw: ModuleType,
    src: Any,
    cap: str,
    type_name: str,
    value: Any,
    *,
    required: bool = True,
    missing_ok: bool = False,
    unsupported: str = "",
) -> None:
    """set_capability(); CheckStatus (value rounded by the source) is accepted.

    `required=False`: a source without the capability or refusing the value is fine.
    `missing_ok`: a source without the capability is fine, refusing the value is not.
    """
    ex = tw.exceptions
    try:
        src.set_capability(getattr(tw, cap), getattr(tw, type_name), value)
    except ex.CheckStatus:
        log.info("TWAIN source adjusted %s=%r", cap, value)
    except (ex.CapUnsupported, ex.BadCapability) as exc:
        if required and not missing_ok:
            raise _Unsupported(unsupported or f"The scanner does not support {cap}.") from exc
    except (ex.CapBadOperation, ex.CapSeqError, ValueError) as exc:  # ValueError: TWCC_BADVALUE
        if required:
            raise _Unsupported(unsupported or f"The scanner refused {cap}={value!r}.") from exc


def _capability(tw: ModuleType, src: Any, cap: str) -> Any:
    """get_capability() as pytwain returns it, or None if the source does not support it."""
    ex = tw.exceptions
    try:
        return src.get_capability(getattr(tw, cap))
    except (ex.CapUnsupported, ex.BadCapability, ex.CapBadOperation, ex.CapabilityFormatNotSupported):
        return None


def _capability_current(tw: ModuleType, src: Any, cap: str) -> Any:
    """The current value of an informational capability, or None if the source cannot tell."""
    try:
        result = src.get_capability_current(getattr(tw, cap))
    except (tw.exceptions.TwainError, ValueError) as exc:
        log.info("TWAIN source cannot report %s: %r", cap, exc)
        return None
    values = _values(result)
    return values[0] if len(values) == 1 else None


def _feeder(result: Any) -> tuple[bool, bool]:
    """(has a feeder, feeder only) from CAP_FEEDERENABLED's MSG_GET answer.

    Supported at all means a feeder (one value: the current setting, often False); a
    list of allowed values without False means the feeder cannot be switched off.
    """
    if result is None:
        return False, False
    allowed = _values(result)
    listed = isinstance(result, tuple) and isinstance(result[1], (tuple, list))
    if listed:
        return any(allowed), bool(allowed) and all(allowed)
    return True, False


def _values(result: Any) -> list:
    """pytwain's containers as a flat list of values.

    one value: (type, value); enumeration: (type, (current, default, [values]));
    array: (type, [values]); range: {"MinValue": ..., ...} (handled by `_resolutions`).
    """
    if result is None or isinstance(result, dict):
        return []
    _type, value = result
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], list):
        return list(value[2])
    if isinstance(value, list):
        return value
    return [value]


def _number(value: Any) -> float:
    """pytwain converts one values; enumeration items stay TW_FIX32 structures."""
    if hasattr(value, "Whole") and hasattr(value, "Frac"):
        return value.Whole + value.Frac / 65536
    return float(value)


def _fix32_bits(raw: int) -> float:
    """A TW_RANGE field holding a TW_FIX32 (Whole in the low 16 bits, Frac in the high)."""
    whole = raw & 0xFFFF
    whole = whole - 0x10000 if whole & 0x8000 else whole
    return whole + (raw >> 16 & 0xFFFF) / 65536


def _resolutions(result: Any) -> tuple[int, ...]:
    if isinstance(result, dict):
        low, high = _fix32_bits(result["MinValue"]), _fix32_bits(result["MaxValue"])
        step = _fix32_bits(result["StepSize"]) or 1
        values = {v for v in COMMON_RESOLUTIONS if low <= v <= high and abs((v - low) / step % 1) < 1e-6}
    else:
        values = {int(round(_number(v))) for v in _values(result)}
    return tuple(sorted(v for v in values if _MIN_DPI <= v <= _MAX_DPI))


def _modes(tw: ModuleType, result: Any) -> tuple[str, ...]:
    pixel_types = {int(_number(v)) for v in _values(result)}
    if not pixel_types:
        return ("gray", "color", "lineart")  # unknown: we convert whatever it sends
    found = {mode for mode, name in _PIXEL_TYPES.items() if getattr(tw, name) in pixel_types}
    if "gray" in found:
        found.add("lineart")  # thresholded from gray when the source has no TWPT_BW
    return tuple(mode for mode in ("gray", "color", "lineart") if mode in found) or ("gray",)


def _supports_duplex(tw: ModuleType, src: Any) -> bool:
    kind = _values(_capability(tw, src, "CAP_DUPLEX"))
    if kind:
        return int(_number(kind[0])) != tw.TWDX_NONE
    return _capability(tw, src, "CAP_DUPLEXENABLED") is not None


def _current_resolution(tw: ModuleType, src: Any, asked: int) -> int:
    """What the source will scan at (it may have rounded our value); else the request."""
    value = _capability_current(tw, src, "ICAP_XRESOLUTION")
    try:
        dpi = int(round(_number(value))) if value is not None else asked
    except (TypeError, ValueError):
        return asked
    return dpi if _MIN_DPI <= dpi <= 2 * _MAX_DPI else asked


# --- images ------------------------------------------------------------------------------


def _image(tw: ModuleType, handle: Any, device_id: str) -> Image.Image:
    """The native transfer's DIB as a PIL image; the global memory is freed here."""
    if not handle:
        raise DeviceLost("The scanner sent an empty image.", device=device_id)
    try:
        bmp = tw.dib_to_bm_file(handle)
        image = Image.open(io.BytesIO(_bmp_from_dib(bmp[14:])), formats=["BMP"])
        image.load()
        return image
    except tw.exceptions.ImageFormatNotSupported as exc:  # pytwain 2.2: compressed DIB
        raise ScanError(
            "The scanner sent a compressed image; switch off compression in its driver settings.",
            device=device_id,
        ) from exc
    except (OSError, ValueError, struct.error) as exc:
        raise ScanError(f"The scanner sent an image ScanStation cannot read ({exc}).", device=device_id) from exc
    finally:
        tw.global_handle_free(handle)


def _bmp_from_dib(dib: bytes) -> bytes:
    """A BMP file for a packed DIB, with the pixel offset computed right.

    pytwain's header puts the pixels right after biClrUsed palette entries. That is wrong
    when a driver writes biClrUsed=0 (meaning 2**bits entries; recent Pillow guesses this
    one) and for BI_BITFIELDS DIBs, whose three masks it skips (Pillow does not guess).
    """
    header_size, _w, _h, _planes, bits, compression = struct.unpack_from("<IiiHHI", dib, 0)
    colours_used = struct.unpack_from("<I", dib, 32)[0] if header_size >= 36 else 0
    palette = colours_used or (1 << bits if bits <= 8 else 0)
    masks = 12 if compression == 3 and header_size == 40 else 0  # BI_BITFIELDS
    offset = 14 + header_size + masks + palette * 4
    return struct.pack("<2sIHHI", b"BM", 14 + len(dib), 0, 0, offset) + dib





# --- errors and cleanup --------------------------------------------------------------------


def _condition_code(exc: Exception) -> int | None:
    match = _CONDITION_CODE.search(str(exc))
    return int(match.group(1)) if match else None


def _is(exc: Exception, tw: ModuleType, *names: str) -> bool:
    classes = tuple(getattr(tw.exceptions, name) for name in names if hasattr(tw.exceptions, name))
    return bool(classes) and isinstance(exc, classes)


def _scan_error(tw: ModuleType, exc: Exception, device_id: str, *, first: bool, feeder: bool) -> ScanError | None:
    """The typed error for an exception from a pytwain call while scanning.

    None means "no more paper" after at least one page: the normal end of a batch.
    """
    if _is(exc, tw, "PaperJam"):
        return PaperJam(device=device_id)
    if _is(exc, tw, "PaperDoubleFeedError"):
        return DoubleFeed(device=device_id)
    if _is(exc, tw, "MaxConnectionsError", "DeniedError"):
        return DeviceBusy(device=device_id)
    code = _condition_code(exc) if _is(exc, tw, "UnknownError") else None
    if code == _TWCC_INTERLOCK:
        return CoverOpen(device=device_id)
    if code == _TWCC_NOMEDIA:
        return FeederEmpty(device=device_id) if first else None
    if code == _TWCC_DAMAGEDCORNER:
        return PaperJam("A sheet with a folded or damaged corner stopped the feeder.", device=device_id)
    if code is not None:
        return DeviceLost(f"The scanner reported TWAIN condition code {code}.", device=device_id)
    if _is(exc, tw, "TwainError") or isinstance(exc, (OSError, MemoryError, ValueError, RuntimeError)):
        # CheckDeviceOnlineError, GeneralFailure, OperationError, BadDestination,
        # SequenceError, a Windows error from global memory: the source is gone or confused.
        return DeviceLost(
            f"Lost the connection to the scanner ({type(exc).__name__}{': ' + str(exc) if str(exc) else ''}).",
            device=device_id,
        )
    raise exc  # not a scanner fault: a bug, let it show as one


def _open_error(tw: ModuleType, exc: Exception, device_id: str) -> ScanError:
    """The typed error for a failure opening the source manager or the source."""
    if isinstance(exc, ScanError):
        return exc
    if _is(exc, tw, "SMLoadFileFailed", "SMGetProcAddressFailed", "SMOpenFailed"):
        return DeviceNotFound(
            f"The TWAIN Data Source Manager (twain_32.dll / twaindsm.dll) could not be loaded ({exc}).",
            device=device_id,
        )
    if _is(exc, tw, "NoDataSourceError"):
        return DeviceNotFound(f"No TWAIN scanner called {device_name(device_id)!r}.", device=device_id)
    if _is(exc, tw, "CheckDeviceOnlineError"):
        return DeviceLost(device=device_id)
    if _is(exc, tw, "TwainError"):
        # MaxConnectionsError, DeniedError, SequenceError, OperationError, GeneralFailure:
        # what drivers answer when another program has the scanner open.
        return DeviceBusy(
            f"The scanner could not be opened; another program may be using it ({type(exc).__name__}).",
            device=device_id,
        )
    raise exc


def _reset_transfers(tw: ModuleType, src: Any) -> None:
    """MSG_RESET the pending transfers (state 6 -> 5) so that Source.close() can disable
    and close the source; pytwain has no public call for it (Source._end_all_xfers, 2.2+).
    """
    reset = getattr(src, "_end_all_xfers", None)
    if reset is not None:
        _quietly(tw, reset, "reset the pending TWAIN transfers")


def _quietly(tw: ModuleType, call: Any, what: str) -> None:
    try:
        call()
    except (tw.exceptions.TwainError, OSError, RuntimeError) as exc:
        log.warning("could not %s: %r", what, exc)


def _hidden_window() -> Any:
    """An invisible Tk window: the DSM needs a parent window handle on Windows.

    Without tkinter (embedded Pythons) pytwain passes HWND 0, which twaindsm.dll accepts
    and twain_32.dll may not.
    """
    try:
        import tkinter

        root = tkinter.Tk()
    except (ImportError, RuntimeError) as exc:  # TclError is a RuntimeError
        log.warning("no hidden parent window for TWAIN (%s); using none", exc)
        return None
    root.withdraw()
    return root
