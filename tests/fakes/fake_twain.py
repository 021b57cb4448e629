"""A fake `twain` module: pytwain 2.3.0's API (github.com/denisenkom/pytwain, tag 2.3.0;
unchanged since 2.2.0) for the parts ScanStation uses, over scripted scanners.

Mirrored, with pytwain's names, signatures, constant values and exception classes:
- `SourceManager(parent_window=None, ..., dsm_name=None)`: `.source_list`,
  `.open_source(product_name=None)`, `.close()`, context manager. Closing it closes its
  sources first; closing the DSM while a source is still open raises SequenceError (the
  DSM answers TWCC_SEQERROR), as on Windows.
- `Source`: `.name`, `.get_capability(cap)`, `.get_capability_current(cap)`,
  `.set_capability(cap, type_id, value)` (raises `CheckStatus` when the source rounded
  the value, after setting it), `.request_acquire(show_ui, modal_ui)`,
  `.xfer_image_natively() -> (handle, more)`, `.hide_ui()`, `.close()`, the private
  `._end_all_xfers()` (MSG_RESET) and `._end_xfer()` (MSG_ENDXFER), context manager.
  Capability answers use pytwain's shapes: one value `(TWTY, value)` converted to
  bool/float; enumeration `(TWTY, (current_index, default_index, [items]))` with FIX32
  items left as `TW_FIX32` structures; range a dict of raw TW_UINT32 fields.
- `Source.close()` copies pytwain's: it disables the source if pytwain thinks it is
  "enabled" (pytwain only learns of MSG_XFERREADY in its modal loop, which the README
  pattern does not run) and only closes it if that worked. A source left in TWAIN
  state 6 (transfers pending) therefore stays open, exactly as with a real driver.
- TWAIN state checks: capabilities are set in state 4; request_acquire 4 -> 5 (-> 6 when
  an image is ready); xfer_image_natively in 6, calling MSG_ENDXFER even for a cancelled
  transfer, -> 5 when no more are pending; MSG_RESET 6 -> 5; disable 5 -> 4. A call in
  the wrong state raises SequenceError.
- Errors go through pytwain's `_exc_mapping`: a condition code becomes the class it
  maps to (raised without a message) or `UnknownError("ConditionCode = N")`, so cover
  open (TWCC_INTERLOCK, 24) and no paper (TWCC_NOMEDIA, 29) arrive as UnknownError.
  A cancelled transfer (TWRC_CANCEL) raises DSTransferCancelled.
- `dib_to_bm_file(handle, path=None)` returns BMP bytes with pytwain's header (its pixel
  offset counts biClrUsed palette entries; the fake's DIBs set biClrUsed=0 for 1/8-bit
  images as many drivers do; `bitfields=True` gives 32-bit BI_BITFIELDS colour DIBs,
  whose masks pytwain's offset ignores). `global_handle_free(handle)`. `version()`.
Not mirrored: `acquire()`, `acquire_natively/acquire_file` (they need the Windows message
loop), file and memory transfers, `set_image_layout`, identity dictionaries.

Use: `dsm = fake_twain.install(FakeScanner("fi-7160", sheets=[...]))`, then pass this
module as `TwainBackend(twain_module=fake_twain)`. `uninstall()` removes the DSM (then
SourceManager() raises SMLoadFileFailed, as without twain_32.dll).
"""

from __future__ import annotations

import ctypes as ct
import io
import logging
import struct
import types
import weakref
from dataclasses import dataclass, field

from PIL import Image

logger = logging.getLogger("twain")

# --- twain.lowlevel.constants (same values) ------------------------------------------

CAP_XFERCOUNT = 1
CAP_FEEDERENABLED = 4098
CAP_FEEDERLOADED = 4099
CAP_AUTOFEED = 4103
CAP_INDICATORS = 4107
CAP_DEVICEONLINE = 4111
CAP_DUPLEX = 4114
CAP_DUPLEXENABLED = 4115
ICAP_PIXELTYPE = 257
ICAP_UNITS = 258
ICAP_XFERMECH = 259
ICAP_XRESOLUTION = 4376
ICAP_YRESOLUTION = 4377
ICAP_BITDEPTH = 4395

TWTY_INT8, TWTY_INT16, TWTY_INT32, TWTY_UINT8, TWTY_UINT16, TWTY_UINT32 = 0, 1, 2, 3, 4, 5
TWTY_BOOL, TWTY_FIX32, TWTY_FRAME = 6, 7, 8
TWTY_STR32, TWTY_STR64, TWTY_STR128, TWTY_STR255 = 9, 10, 11, 12

TWON_ARRAY, TWON_ENUMERATION, TWON_ONEVALUE, TWON_RANGE = 3, 4, 5, 6
TWPT_BW, TWPT_GRAY, TWPT_RGB = 0, 1, 2
TWUN_INCHES = 0
TWSX_NATIVE, TWSX_FILE, TWSX_MEMORY = 0, 1, 2
TWDX_NONE, TWDX_1PASSDUPLEX, TWDX_2PASSDUPLEX = 0, 1, 2

TWRC_SUCCESS, TWRC_FAILURE, TWRC_CHECKSTATUS, TWRC_CANCEL = 0, 1, 2, 3
TWRC_XFERDONE, TWRC_ENDOFLIST = 6, 7

TWCC_SUCCESS = 0
TWCC_BUMMER = 1
TWCC_LOWMEMORY = 2
TWCC_NODS = 3
TWCC_MAXCONNECTIONS = 4
TWCC_OPERATIONERROR = 5
TWCC_BADCAP = 6
TWCC_BADPROTOCOL = 9
TWCC_BADVALUE = 10
TWCC_SEQERROR = 11
TWCC_BADDEST = 12
TWCC_CAPUNSUPPORTED = 13
TWCC_CAPBADOPERATION = 14
TWCC_CAPSEQERROR = 15
TWCC_DENIED = 16
TWCC_FILEEXISTS = 17
TWCC_FILENOTFOUND = 18
TWCC_NOTEMPTY = 19
TWCC_PAPERJAM = 20
TWCC_PAPERDOUBLEFEED = 21
TWCC_FILEWRITEERROR = 22
TWCC_CHECKDEVICEONLINE = 23
TWCC_DAMAGEDCORNER = 25
TWCC_FOCUSERROR = 26
TWCC_DOCTOOLIGHT = 27
TWCC_DOCTOODARK = 28
TWCC_NOMEDIA = 29
# Not in pytwain's constants (TWAIN 2.x spec values); scripts use them for faults.
TWCC_INTERLOCK = 24

CANCEL = "cancel"  # a scripted fault: the source answers TWRC_CANCEL to the transfer


# --- twain.exceptions (same classes) --------------------------------------------------


class TwainError(Exception):
    """Base error for all errors returned by TWAIN driver"""


class CapabilityFormatNotSupported(TwainError): ...
class DSTransferCancelled(TwainError): ...
class SMGetProcAddressFailed(TwainError): ...
class SMLoadFileFailed(TwainError): ...
class SMOpenFailed(TwainError): ...
class ImageFormatNotSupported(TwainError): ...
class BadCapability(TwainError): ...
class BadDestination(TwainError): ...
class BadProtocol(TwainError): ...
class GeneralFailure(TwainError): ...
class CapBadOperation(TwainError): ...
class CapSeqError(TwainError): ...
class CapUnsupported(TwainError): ...
class CheckDeviceOnlineError(TwainError): ...
class DeniedError(TwainError): ...
class FileWriteError(TwainError): ...
class MaxConnectionsError(TwainError): ...
class NoDataSourceError(TwainError): ...
class NotEmptyError(TwainError): ...
class OperationError(TwainError): ...
class PaperDoubleFeedError(TwainError): ...
class PaperJam(TwainError): ...
class SequenceError(TwainError): ...
class UnknownError(TwainError): ...
class CancelAll(Exception): ...
class CheckStatus(Exception): ...


exceptions = types.ModuleType("twain.exceptions")
for _name, _value in list(globals().items()):
    if isinstance(_value, type) and issubclass(_value, Exception) and _value.__module__ == __name__:
        setattr(exceptions, _name, _value)

# pytwain's SourceManager._call: code -> class, unknown codes -> an UnknownError instance.
_exc_mapping = {
    TWCC_BUMMER: GeneralFailure,
    TWCC_LOWMEMORY: MemoryError,
    TWCC_NODS: NoDataSourceError,
    TWCC_OPERATIONERROR: OperationError,
    TWCC_BADCAP: BadCapability,
    TWCC_BADPROTOCOL: BadProtocol,
    TWCC_BADVALUE: ValueError,
    TWCC_SEQERROR: SequenceError,
    TWCC_BADDEST: BadDestination,
    TWCC_CAPUNSUPPORTED: CapUnsupported,
    TWCC_CAPBADOPERATION: CapBadOperation,
    TWCC_CAPSEQERROR: CapSeqError,
    TWCC_DENIED: DeniedError,
    TWCC_FILEEXISTS: FileExistsError,
    TWCC_FILENOTFOUND: FileNotFoundError,
    TWCC_NOTEMPTY: NotEmptyError,
    TWCC_PAPERJAM: PaperJam,
    TWCC_PAPERDOUBLEFEED: PaperDoubleFeedError,
    TWCC_FILEWRITEERROR: FileWriteError,
    TWCC_CHECKDEVICEONLINE: CheckDeviceOnlineError,
    TWCC_MAXCONNECTIONS: MaxConnectionsError,
}


def _fail(code: int):
    """What pytwain does after TWRC_FAILURE and DAT_STATUS returned `code`."""
    raise _exc_mapping.get(code, UnknownError(f"ConditionCode = {code}"))


class TW_FIX32(ct.Structure):
    _pack_ = 2
    _fields_ = [("Whole", ct.c_int16), ("Frac", ct.c_uint16)]


def _float2fix(x: float) -> TW_FIX32:
    bits = int(x * 2**16 + 0.5)
    return TW_FIX32(bits >> 16, bits & 0xFFFF)


def _fix2float(x: TW_FIX32) -> float:
    return x.Whole + float(x.Frac) / 2**16


def _fix_as_uint32(x: float) -> int:
    """A TW_FIX32 read through a TW_RANGE's TW_UINT32 field."""
    fix = _float2fix(x)
    return (fix.Whole & 0xFFFF) | (fix.Frac << 16)


_GOOD_TYPES = {TWTY_INT8, TWTY_UINT8, TWTY_INT16, TWTY_UINT16, TWTY_UINT32, TWTY_INT32, TWTY_BOOL,
               TWTY_FIX32, TWTY_FRAME, TWTY_STR32, TWTY_STR64, TWTY_STR128, TWTY_STR255}


# --- the scripted hardware ----------------------------------------------------------------


@dataclass
class FakeScanner:
    """One TWAIN source and the paper in it.

    `sheets` is the stack in the feeder, top first, as (front, back) images; a simplex
    feed delivers fronts only. `glass` is what lies on the flatbed. `faults` maps the
    transfer number within one acquisition (1 = first image) to a TWCC_* code or CANCEL;
    each fires once, and the sheet being scanned stays in the feeder (re-fed on resume).
    """

    name: str
    sheets: list[tuple[Image.Image, Image.Image | None]] = field(default_factory=list)
    glass: Image.Image | None = None
    has_feeder: bool = True
    has_flatbed: bool = True
    duplex: bool = False
    resolutions: tuple[float, ...] = (100.0, 150.0, 200.0, 300.0, 400.0, 600.0)
    resolution_range: tuple[float, float, float] | None = None  # (min, max, step) instead
    pixel_types: tuple[int, ...] = (TWPT_BW, TWPT_GRAY, TWPT_RGB)
    faults: dict[int, int | str] = field(default_factory=dict)
    enable_fault: int | None = None  # condition code MSG_ENABLEDS fails with
    open_fault: int | None = None  # condition code MSG_OPENDS fails with (e.g. busy)
    empty_feeder: int | str = TWCC_NOMEDIA  # enabling an empty feeder: code at enable, or CANCEL
    unsupported: set[int] = field(default_factory=set)  # caps answering TWCC_CAPUNSUPPORTED
    one_value_caps: set[int] = field(default_factory=set)  # MSG_GET answers TW_ONEVALUE
    exact_count: bool = False  # pending count exact instead of -1 ("unknown") while paper is left
    bitfields: bool = False  # colour as 32-bit BI_BITFIELDS DIBs (masks after the header)

    # what happened, for the tests
    cap_sets: list[tuple[int, int, object]] = field(default_factory=list)
    acquire_requests: list[tuple[bool, bool]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    is_open: bool = False
    opens: int = 0
    resets: int = 0
    _manager: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.current: dict[int, object] = {
            CAP_FEEDERENABLED: self.has_feeder and not self.has_flatbed,
            CAP_AUTOFEED: False,
            CAP_DUPLEXENABLED: False,
            CAP_INDICATORS: True,
            CAP_XFERCOUNT: -1,
            ICAP_XFERMECH: TWSX_NATIVE,
            ICAP_UNITS: TWUN_INCHES,
            ICAP_PIXELTYPE: TWPT_BW if TWPT_BW in self.pixel_types else self.pixel_types[0],
            ICAP_XRESOLUTION: 200.0,
            ICAP_YRESOLUTION: 200.0,
        }
        self._types = {
            CAP_FEEDERENABLED: TWTY_BOOL, CAP_AUTOFEED: TWTY_BOOL, CAP_DUPLEXENABLED: TWTY_BOOL,
            CAP_INDICATORS: TWTY_BOOL, CAP_FEEDERLOADED: TWTY_BOOL, CAP_XFERCOUNT: TWTY_INT16,
            CAP_DUPLEX: TWTY_UINT16, ICAP_XFERMECH: TWTY_UINT16, ICAP_UNITS: TWTY_UINT16,
            ICAP_PIXELTYPE: TWTY_UINT16, ICAP_XRESOLUTION: TWTY_FIX32, ICAP_YRESOLUTION: TWTY_FIX32,
        }

    def supports(self, cap: int) -> bool:
        if cap in self.unsupported or cap not in self._types:
            return False
        if cap in (CAP_FEEDERENABLED, CAP_AUTOFEED, CAP_FEEDERLOADED, CAP_DUPLEX):
            return self.has_feeder
        if cap == CAP_DUPLEXENABLED:
            return self.duplex
        return True

    def set_values(self) -> dict[int, object]:
        """The last value set for each capability (what reached the source)."""
        return {cap: value for cap, _type, value in self.cap_sets}


@dataclass
class FakeDsm:
    """The installed Data Source Manager: the scanners it finds, and its open sessions."""

    scanners: dict[str, FakeScanner]
    managers_open: int = 0
    managers_created: int = 0


_dsm: FakeDsm | None = None
_handles: dict[int, bytes] = {}  # "global memory": handle -> DIB
_next_handle = 0x1000


def install(*scanners: FakeScanner) -> FakeDsm:
    global _dsm
    _dsm = FakeDsm({scanner.name: scanner for scanner in scanners})
    _handles.clear()
    return _dsm


def uninstall() -> None:
    global _dsm
    _dsm = None
    _handles.clear()


def live_handles() -> list[int]:
    """Global memory handles transferred and not yet freed (a leak if not empty)."""
    return list(_handles)


# --- twain.SourceManager / twain.Source --------------------------------------------------


class SourceManager:
    def __init__(
        self,
        parent_window=None,
        MajorNum: int = 1,
        MinorNum: int = 0,
        Language: int = 13,
        Country: int = 1,
        Info: str = "",
        ProductName: str = "TWAIN Python Interface",
        ProtocolMajor=None,
        ProtocolMinor=None,
        SupportedGroups: int = 3,
        Manufacturer: str = "pytwain",
        ProductFamily: str = "TWAIN Python Interface",
        dsm_name: str | None = None,
    ):
        self._sources: weakref.WeakSet[Source] = weakref.WeakSet()
        self._state = "closed"
        self._parent_window = parent_window
        if _dsm is None:
            raise SMLoadFileFailed(OSError("[WinError 126] The specified module could not be found"))
        self._dsm = _dsm
        self._dsm.managers_created += 1
        self._dsm.managers_open += 1
        self._state = "open"

    def __enter__(self) -> SourceManager:
        return self

    def __exit__(self, exc_type, exc_val, exc_tb) -> None:
        self.close()

    def close(self) -> None:
        while self._sources:
            self._sources.pop().close()
        if self._state == "open":
            self._close_dsm()
            self._state = "closed"

    def _close_dsm(self) -> None:
        if any(scanner.is_open and scanner._manager is self for scanner in self._dsm.scanners.values()):
            _fail(TWCC_SEQERROR)  # MSG_CLOSEDSM with a source still open
        self._dsm.managers_open -= 1

    @property
    def source_list(self) -> list[str]:
        return list(self._dsm.scanners)

    def open_source(self, product_name: str | None = None) -> Source | None:
        if not product_name:
            return None  # the real one shows a selection dialog; the fake's user cancels it
        scanner = self._dsm.scanners.get(product_name)
        if scanner is None:
            _fail(TWCC_NODS)
        scanner.calls.append("open_source")
        if scanner.open_fault is not None:
            _fail(scanner.open_fault)
        if scanner.is_open:
            _fail(TWCC_MAXCONNECTIONS)
        scanner.is_open = True
        scanner.opens += 1
        scanner._manager = self
        source = Source(self, scanner)
        self._sources.add(source)
        return source

    def is_twain2(self) -> bool:
        return False

    def set_callback(self, cb) -> None:
        self._cb = cb


class Source:
    def __init__(self, sm: SourceManager, scanner: FakeScanner):
        self._sm = sm
        self._scanner = scanner
        self._state = "open"  # pytwain's bookkeeping: open / enabled / ready / closed
        self._ds_state = 4  # the driver's TWAIN state
        self._transfers = 0
        self._side = "front"

    def __enter__(self) -> Source:
        return self

    def __exit__(self, exc_type, exc_val, exc_tb) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self._scanner.name

    def close(self) -> None:
        self._scanner.calls.append("close")
        if self._state == "ready":
            self._end_all_xfers()
        if self._state == "enabled":
            try:
                self._disable()
            except TwainError:
                logger.warning("Failed to disable data source during cleanup")
        if self._state == "open":
            self._scanner.is_open = False
            self._state = "closed"
            self._sm = None

    # capabilities

    def _check_cap(self, cap: int) -> None:
        if self._ds_state < 4 or self._state == "closed":
            _fail(TWCC_SEQERROR)
        if not self._scanner.supports(cap):
            _fail(TWCC_CAPUNSUPPORTED)

    def _current(self, cap: int):
        if cap == CAP_FEEDERLOADED:
            return bool(self._scanner.sheets)
        if cap == CAP_DUPLEX:
            return TWDX_1PASSDUPLEX if self._scanner.duplex else TWDX_NONE
        return self._scanner.current[cap]

    def get_capability_current(self, cap: int):
        self._check_cap(cap)
        return self._scanner._types[cap], self._current(cap)

    def get_capability(self, cap: int):
        self._check_cap(cap)
        scanner = self._scanner
        type_id, current = scanner._types[cap], self._current(cap)
        if cap in scanner.one_value_caps or cap not in (
            CAP_FEEDERENABLED, ICAP_PIXELTYPE, ICAP_XRESOLUTION, ICAP_YRESOLUTION
        ):
            return type_id, current
        if cap == CAP_FEEDERENABLED:
            items = [0, 1] if scanner.has_flatbed else [1]
            return type_id, (items.index(int(current)), 0, items)
        if cap == ICAP_PIXELTYPE:
            items = list(scanner.pixel_types)
            return type_id, (items.index(current), 0, items)
        if scanner.resolution_range is not None:
            low, high, step = scanner.resolution_range
            return {
                "MinValue": _fix_as_uint32(low),
                "MaxValue": _fix_as_uint32(high),
                "StepSize": _fix_as_uint32(step),
                "DefaultValue": _fix_as_uint32(200.0),
                "CurrentValue": _fix_as_uint32(current),
            }
        values = list(scanner.resolutions)
        index = values.index(current) if current in values else 0
        return type_id, (index, 0, [_float2fix(v) for v in values])

    def set_capability(self, cap: int, type_id: int, value):
        scanner = self._scanner
        scanner.cap_sets.append((cap, type_id, value))
        scanner.calls.append("set_capability")
        if type_id not in _GOOD_TYPES:
            raise CapabilityFormatNotSupported(f"Capability Code = {cap}, Format Code = {type_id}")
        if self._ds_state != 4:
            _fail(TWCC_SEQERROR)  # capabilities are negotiated in state 4 only
        self._check_cap(cap)
        if cap == CAP_FEEDERLOADED or cap == CAP_DUPLEX:
            _fail(TWCC_CAPBADOPERATION)  # read-only
        if type_id != scanner._types[cap]:
            _fail(TWCC_BADVALUE)
        if type_id == TWTY_BOOL:
            value = bool(value)
        elif type_id == TWTY_FIX32:
            value = _fix2float(_float2fix(value))
        checkstatus = False
        if cap == CAP_FEEDERENABLED and not value and not scanner.has_flatbed:
            _fail(TWCC_BADVALUE)
        if cap == CAP_AUTOFEED and value and not scanner.current[CAP_FEEDERENABLED]:
            _fail(TWCC_CAPSEQERROR)  # needs CAP_FEEDERENABLED first
        if cap == ICAP_PIXELTYPE and value not in scanner.pixel_types:
            _fail(TWCC_BADVALUE)
        if (cap == ICAP_UNITS and value != TWUN_INCHES) or (cap == ICAP_XFERMECH and value != TWSX_NATIVE):
            _fail(TWCC_BADVALUE)
        if cap in (ICAP_XRESOLUTION, ICAP_YRESOLUTION):
            if scanner.resolution_range is not None:
                low, high, _step = scanner.resolution_range
                adjusted = min(max(value, low), high)
            else:
                adjusted = min(scanner.resolutions, key=lambda v: abs(v - value))
            checkstatus, value = adjusted != value, adjusted
        scanner.current[cap] = value
        if checkstatus:
            raise CheckStatus

    # acquisition

    def request_acquire(self, show_ui: bool, modal_ui: bool) -> None:
        scanner = self._scanner
        scanner.calls.append("request_acquire")
        scanner.acquire_requests.append((show_ui, modal_ui))
        if self._ds_state != 4:
            _fail(TWCC_SEQERROR)
        if scanner.enable_fault is not None:
            code, scanner.enable_fault = scanner.enable_fault, None
            _fail(code)
        if self._feeding() and not scanner.sheets and scanner.empty_feeder != CANCEL:
            _fail(scanner.empty_feeder)
        self._state = "enabled"
        self._ds_state = 6  # MSG_XFERREADY: the first image is ready
        self._transfers = 0
        self._side = "front"

    def hide_ui(self) -> None:
        self._disable()

    def _disable(self) -> None:
        self._scanner.calls.append("disable")
        if self._ds_state != 5:
            _fail(TWCC_SEQERROR)
        self._ds_state = 4
        self._state = "open"

    def _feeding(self) -> bool:
        return bool(self._scanner.current.get(CAP_FEEDERENABLED))

    def _duplex(self) -> bool:
        return self._feeding() and bool(self._scanner.current.get(CAP_DUPLEXENABLED))

    def xfer_image_natively(self):
        scanner = self._scanner
        scanner.calls.append("xfer_image_natively")
        if self._ds_state != 6:
            _fail(TWCC_SEQERROR)
        self._transfers += 1
        fault = scanner.faults.pop(self._transfers, None)
        if self._feeding() and not scanner.sheets:
            fault = scanner.empty_feeder  # the CANCEL case of an empty feeder
        if fault == CANCEL:
            self._end_xfer()  # pytwain calls MSG_ENDXFER even for a cancelled transfer
            raise DSTransferCancelled
        if fault is not None:
            self._side = "front"  # the jammed sheet stays in the feeder, both sides
            _fail(fault)
        handle = _store(self._dib(self._next_image()))
        more = self._end_xfer()
        return handle, more

    def _next_image(self) -> Image.Image:
        scanner = self._scanner
        if not self._feeding():
            return scanner.glass or Image.new("L", (85, 110), 255)
        front, back = scanner.sheets[0]
        if self._duplex() and self._side == "front":
            self._side = "back"
            return front
        if self._duplex():
            self._side = "front"
            scanner.sheets.pop(0)
            return back if back is not None else Image.new("L", front.size, 255)
        scanner.sheets.pop(0)
        return front

    def _pending(self) -> int:
        scanner = self._scanner
        count = scanner.current[CAP_XFERCOUNT]
        if not self._feeding() or (count > 0 and self._transfers >= count):
            return 0
        left = len(scanner.sheets) * (2 if self._duplex() else 1) - (self._side == "back")
        if left <= 0:
            return 0
        return left if scanner.exact_count else -1

    def _end_xfer(self) -> int:
        """DAT_PENDINGXFERS / MSG_ENDXFER."""
        if self._ds_state != 6:
            _fail(TWCC_SEQERROR)
        count = self._pending()
        if count == 0:
            self._ds_state = 5
            self._state = "enabled"
        return count

    def _end_all_xfers(self) -> None:
        """DAT_PENDINGXFERS / MSG_RESET."""
        self._scanner.calls.append("reset")
        if self._ds_state != 6:
            _fail(TWCC_SEQERROR)
        self._scanner.resets += 1
        self._ds_state = 5
        self._state = "enabled"

    def _dib(self, image: Image.Image) -> bytes:
        """The image as the packed DIB a driver would put in global memory."""
        pixel_type = self._scanner.current[ICAP_PIXELTYPE]
        if pixel_type == TWPT_BW:
            image = image.convert("L").convert("1", dither=Image.Dither.NONE)
        else:
            image = image.convert("L" if pixel_type == TWPT_GRAY else "RGB")
        dpi = self._scanner.current[ICAP_XRESOLUTION]
        if image.mode == "RGB" and self._scanner.bitfields:
            return _bitfields_dib(image, dpi)
        out = io.BytesIO()
        image.save(out, "BMP", dpi=(dpi, dpi))
        dib = bytearray(out.getvalue()[14:])
        if image.mode in ("1", "L"):
            struct.pack_into("<I", dib, 32, 0)  # biClrUsed = 0: "all 2**bits colours"
        return bytes(dib)


def _bitfields_dib(image: Image.Image, dpi: float) -> bytes:
    """32-bit BI_BITFIELDS, bottom-up, with the three masks after a 40-byte header."""
    width, height = image.size
    rows = [image.crop((0, y, width, y + 1)).tobytes("raw", "BGRX") for y in range(height)]
    bits = b"".join(reversed(rows))
    ppm = int(round(dpi / 0.0254))
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 32, 3, len(bits), ppm, ppm, 0, 0)
    return header + struct.pack("<III", 0xFF0000, 0xFF00, 0xFF) + bits


def _store(dib: bytes) -> int:
    global _next_handle
    _next_handle += 0x10
    _handles[_next_handle] = dib
    return _next_handle


# --- twain.windows functions ---------------------------------------------------------------


def dib_to_bm_file(handle, path: str | None = None) -> bytes | None:
    """pytwain 2.3.0: the DIB behind a global handle with a BMP file header in front."""
    if handle not in _handles:
        raise OSError(22, "[WinError 6] The handle is invalid")  # what GlobalSize would raise
    dib = _handles[handle]
    bi_size, clr_used = struct.unpack_from("<I", dib, 0)[0], struct.unpack_from("<I", dib, 32)[0]
    bits_offset = 14 + bi_size + clr_used * 4
    bmp = struct.pack("=ccLHHL", b"B", b"M", len(dib) + 14, 0, 0, bits_offset) + dib
    if path:
        with open(path, "wb") as f:
            f.write(bmp)
        return None
    return bmp


def global_handle_free(handle) -> None:
    if _handles.pop(handle, None) is None:
        raise OSError(22, "[WinError 6] The handle is invalid")


def version() -> str:
    return "2.3.0"
