"""Read the barcodes on a scanned page, with zxing-cpp, zbar or both.

Both engines see the page at the scan's own resolution first; only when that finds nothing do
we try again at half size (thick, blurred or noisy codes) and, for small images, at double size
(codes whose modules are one or two pixels wide). zxing-cpp finds codes at any angle by itself;
zbar scans rows and columns only, so it gets one more try on the page turned 45 degrees.
`bench/barcode_engines.py` measures the two on generated pages; `docs/barcodes.md` has the numbers
behind DEFAULT_ENGINE.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from PIL import Image

log = logging.getLogger("scanstation.recognition.barcodes")

ENGINES = ("zxing", "zbar", "both")
DEFAULT_ENGINE = "zxing"  # better read rate on every symbology both read, and reads DataMatrix/Aztec

SMALL_IMAGE_PX = 2600  # longer side: up to about 220 dpi on A4, an upscaled retry is affordable
MAX_PIXELS = 80_000_000  # refuse absurd images rather than run out of memory

# zxing-cpp BarcodeFormat names and zbar type names -> our names
_ZXING_NAMES = {
    "Code39": "CODE39", "Code39Ext": "CODE39", "Code39Std": "CODE39", "Code93": "CODE93",
    "Code128": "CODE128", "EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE",
    "ITF": "I25", "ITF14": "I25", "QRCode": "QRCODE", "QRCodeModel1": "QRCODE", "QRCodeModel2": "QRCODE",
    "MicroQRCode": "QRCODE", "DataMatrix": "DATAMATRIX", "PDF417": "PDF417", "CompactPDF417": "PDF417",
    "Aztec": "AZTEC", "AztecCode": "AZTEC", "Codabar": "CODABAR",
}  # fmt: skip
_ZBAR_NAMES = {"QRCODE": "QRCODE", "CODE128": "CODE128", "CODE39": "CODE39", "CODE93": "CODE93",
               "EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE", "I25": "I25",
               "PDF417": "PDF417", "CODABAR": "CODABAR"}  # fmt: skip


@dataclass(frozen=True)
class Barcode:
    """One code found on a page; `bbox` is (x, y, w, h) in the page's pixels."""

    symbology: str
    value: str
    bbox: tuple[int, int, int, int]
    engine: str


Points = list[tuple[float, float]]
ToPage = Callable[[Points], Points]  # maps points in a retry's image back to the page


def read_barcodes(image: Image.Image, *, engine: str = DEFAULT_ENGINE, level_text: bool = False) -> list[Barcode]:
    """Every barcode on `image`; an empty list when there is none or the image cannot be read.

    `level_text`: the page's text lines run across it, so its bar codes most likely do too:
    the full-page pass looks for them that way only (half the time); the retries still look
    every way round."""
    _check_engine(engine)
    w, h = image.size
    if w < 8 or h < 8 or w * h > MAX_PIXELS:
        return []
    try:
        gray = _as_gray(image)
    except Exception as exc:  # a broken or exotic image is "no barcode", never a crash
        log.warning("page image cannot be read for barcodes: %s", exc)
        return []
    return read_barcodes_in(gray, engine=engine, level_text=level_text)


def reads_as_plain_gray(mode: str) -> bool:
    """True when read_barcodes reads an image of this mode as its plain image.convert("L"): no
    transparency to lay on white paper, no 16-bit or float levels to stretch. For such a page a
    caller that has its gray already can call read_barcodes_in with it."""
    return mode not in _TRANSPARENT_MODES + _WIDE_MODES


def read_barcodes_in(gray: np.ndarray, *, engine: str = DEFAULT_ENGINE, level_text: bool = False,
                     half: Callable[[], np.ndarray] | None = None) -> list[Barcode]:  # fmt: skip
    """read_barcodes() of a page given as 8-bit gray (C-contiguous). `half`: makes the page at half
    size as the retry would (cv2.resize, INTER_AREA), for a caller that has that copy anyway."""
    _check_engine(engine)
    h, w = gray.shape
    if w < 8 or h < 8 or w * h > MAX_PIXELS:
        return []
    found: list[Barcode] = []
    for name in ("zxing", "zbar") if engine == "both" else (engine,):
        try:
            found += _with_retries(gray, _READERS[name], level_text, half)
        except Exception as exc:
            log.warning("%s failed on a page: %s", name, exc)
    return _unique(found)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown barcode engine {engine!r}; use one of {', '.join(ENGINES)}")


_TRANSPARENT_MODES = ("RGBA", "LA", "P", "PA")
_WIDE_MODES = ("I;16", "I;16B", "I;16L", "I", "F")


def _as_gray(image: Image.Image) -> np.ndarray:
    if image.mode in _TRANSPARENT_MODES:  # transparent parts are paper, not ink
        image = image.convert("RGBA")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image)
    if image.mode in _WIDE_MODES:
        a = np.asarray(image, dtype=np.float64)
        span = max(float(a.max() - a.min()), 1e-9)
        return np.ascontiguousarray(((a - a.min()) * 255.0 / span).astype(np.uint8))
    gray = image if image.mode == "L" else image.convert("L")  # no copy of a gray page just to read it
    return np.ascontiguousarray(np.asarray(gray, dtype=np.uint8))


def _with_retries(gray: np.ndarray, reader: Callable[..., list[tuple[str, str, Points, str]]],
                  level_text: bool = False, half: Callable[[], np.ndarray] | None = None) -> list[Barcode]:  # fmt: skip
    for number, (variant, to_page) in enumerate(_variants(gray, reader is _read_zbar, half)):
        # The full page first, the common case made cheap: dark codes on light paper (running
        # across, on a page whose text does). The retries look harder, light-on-dark codes included.
        hits = reader(variant, thorough=number > 0, turned=number > 0 or not level_text)
        if hits:
            return [_barcode(sym, value, to_page(points), engine) for sym, value, points, engine in hits]
    return []


def _variants(gray: np.ndarray, zbar: bool, half: Callable[[], np.ndarray] | None = None
              ) -> Iterable[tuple[np.ndarray, ToPage]]:  # fmt: skip
    """The page as is, then the retries; made lazily so a found code skips the rest."""
    yield gray, lambda pts: pts
    if zbar:  # zbar's scan lines are rows and columns: slanted 1D codes need the page turned
        yield _rotated(gray, 45)
    h, w = gray.shape
    if min(h, w) >= 200:
        yield (half(), _from_scaled(0.5)) if half else _scaled(gray, 0.5)
    if max(h, w) <= SMALL_IMAGE_PX:
        yield _scaled(gray, 2.0)


def _scaled(gray: np.ndarray, factor: float) -> tuple[np.ndarray, ToPage]:
    import cv2

    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    resized = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation)
    return resized, _from_scaled(factor)


def _from_scaled(factor: float) -> ToPage:
    return lambda pts: [(x / factor, y / factor) for x, y in pts]


def _rotated(gray: np.ndarray, degrees: float) -> tuple[np.ndarray, ToPage]:
    import cv2

    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    turned = cv2.warpAffine(gray, matrix, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)
    back = cv2.invertAffineTransform(matrix)

    def to_page(pts: Points) -> Points:
        return [(back[0, 0] * x + back[0, 1] * y + back[0, 2], back[1, 0] * x + back[1, 1] * y + back[1, 2])
                for x, y in pts]  # fmt: skip

    return turned, to_page


def _read_zxing(gray: np.ndarray, thorough: bool = True, turned: bool = True) -> list[tuple[str, str, Points, str]]:
    import zxingcpp

    hits = []
    for code in zxingcpp.read_barcodes(gray, try_invert=thorough, try_rotate=turned):
        fmt = code.format
        name = _ZXING_NAMES.get(getattr(fmt, "name", ""), "") or _plain_name(str(fmt))
        p = code.position
        points = [(c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        hits.append((name, code.text, points, "zxing"))
    return hits


def _read_zbar(gray: np.ndarray, thorough: bool = True, turned: bool = True) -> list[tuple[str, str, Points, str]]:
    from pyzbar import pyzbar

    hits = []
    h, w = gray.shape
    symbols = [s for s in pyzbar.ZBarSymbol if s.name in _ZBAR_NAMES]  # not DataBar: it asserts on noise
    for code in pyzbar.decode((gray.tobytes(), w, h), symbols=symbols):
        name = _ZBAR_NAMES.get(code.type, _plain_name(code.type))
        points = [(pt.x, pt.y) for pt in code.polygon] or [
            (code.rect.left, code.rect.top), (code.rect.left + code.rect.width, code.rect.top + code.rect.height)]
        hits.append((name, _text(code.data), points, "zbar"))
    return hits


_READERS = {"zxing": _read_zxing, "zbar": _read_zbar}


def _plain_name(name: str) -> str:
    return "".join(ch for ch in name.upper() if ch.isalnum())


def _text(data: bytes | str) -> str:
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    return data


def _barcode(symbology: str, value: str, points: Points, engine: str) -> Barcode:
    xs = [x for x, _ in points] or [0.0]
    ys = [y for _, y in points] or [0.0]
    x0, y0 = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
    bbox = (x0, y0, max(1, math.ceil(max(xs)) - x0), max(1, math.ceil(max(ys)) - y0))
    return Barcode(symbology, _text(value).replace("\x00", ""), bbox, engine)


def same_code_key(symbology: str, value: str) -> tuple[str, str]:
    """Symbology and value, with UPC-A/UPC-E/EAN-13 spellings of one retail code made equal.

    Engines disagree on these: zxing-cpp reports UPC-A as EAN-13 with a leading zero and
    UPC-E expanded to 13 digits; zbar keeps the printed form.
    """
    if symbology in ("UPCA", "UPCE", "EAN13") and value.isdigit():
        digits = upce_to_upca(value) if symbology == "UPCE" and len(value) == 8 else value
        return "EAN13", digits.zfill(13)
    return symbology, value


def upce_to_upca(upce: str) -> str:
    """`01234565` (number system, 6 digits, check digit) -> the 12-digit UPC-A it stands for."""
    ns, d, check = upce[0], upce[1:7], upce[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def _unique(found: list[Barcode]) -> list[Barcode]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for code in found:
        key = same_code_key(code.symbology, code.value)
        if key not in seen:
            seen.add(key)
            unique.append(code)
    return unique
