"""zxing-cpp against zbar on generated A4 pages: read rate per symbology, and time per page.

    .venv/bin/python bench/barcode_engines.py [--quick] [--markdown]

Each page is white A4 (with paper grain) with one code placed in the upper half, printed at a
typical module size (0.33 mm for linear codes, 0.5 mm for 2D codes), turned 0/90/180/7 degrees,
at 200 and 300 dpi, in three conditions: clean; mild blur and noise; low contrast (gray ink on
gray paper). A page counts as read when the engine returns the right symbology and value.
The results in docs/barcodes.md come from this script.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanstation.recognition.barcodes import read_barcodes, same_code_key  # noqa: E402

# our name -> (zxing-cpp format, sample value, module size in mm)
SYMBOLOGIES = {
    "CODE39": ("Code39", "SCAN-2026-0042", 0.33),
    "CODE128": ("Code128", "SSCS1|r=jobcenter|c=13/44080", 0.3),
    "EAN13": ("EAN13", "5701234567899", 0.33),
    "EAN8": ("EAN8", "57012346", 0.33),
    "UPCA": ("UPCA", "036000291452", 0.33),
    "UPCE": ("UPCE", "01234565", 0.33),
    "I25": ("ITF", "12345678901231", 0.33),
    "QRCODE": ("QRCode", "SSCS1|r=borgerservice|c=2017-0289209|t=klage", 0.5),
    "DATAMATRIX": ("DataMatrix", "SSCS1|r=borgerservice|c=2017-0289209", 0.5),
    "PDF417": ("PDF417", "Eksempel Kommune 2026", 0.33),
    "AZTEC": ("Aztec", "SSCS1|r=skole|t=klage", 0.5),
}
ZBAR_READS = {"CODE39", "CODE128", "EAN13", "EAN8", "UPCA", "UPCE", "I25", "QRCODE", "PDF417"}
ROTATIONS = (0, 90, 180, 7)
DPIS = (200, 300)
CONDITIONS = ("clean", "blur+noise", "low contrast")


def code_image(symbology: str, dpi: int) -> Image.Image:
    """The code alone, black on white, modules scaled to their printed size at `dpi`."""
    fmt, value, module_mm = SYMBOLOGIES[symbology]
    code = zxingcpp.create_barcode(value, getattr(zxingcpp.BarcodeFormat, fmt))
    image = Image.fromarray(np.array(zxingcpp.write_barcode_to_image(code, scale=1))).convert("L")
    scale = module_mm * dpi / 25.4
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    if fmt in ("Code39", "Code128", "EAN13", "EAN8", "UPCA", "UPCE", "ITF"):  # linear: 15 mm high bars
        size = (size[0], max(size[1], round(15 * dpi / 25.4)))
    return image.resize(size, Image.Resampling.BOX)


def code_page(symbology: str, dpi: int, rotation: float, condition: str, seed: int = 0) -> Image.Image:
    """An A4 page at `dpi` with the code on it, turned and degraded as asked."""
    rng = np.random.default_rng(seed)
    w, h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    page = Image.new("L", (w, h), 255)
    code = code_image(symbology, dpi)
    page.paste(code, ((w - code.width) // 2, round(h * 0.25)))
    if rotation:
        page = page.rotate(rotation, resample=Image.Resampling.BILINEAR, expand=rotation % 90 != 0, fillcolor=255)
    a = np.asarray(page, dtype=np.float32)
    if condition == "low contrast":  # faded toner on recycled paper: ink 150, paper 215
        a = 150 + a * (65 / 255)
    if condition == "blur+noise":
        a = np.asarray(Image.fromarray(a.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8 * dpi / 300)),
                       dtype=np.float32)  # fmt: skip
        a = a + rng.normal(0, 12, a.shape)
    else:
        a = a + rng.normal(0, 2.5, a.shape)  # paper grain
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def expected_key(symbology: str) -> tuple[str, str]:
    _, value, _ = SYMBOLOGIES[symbology]
    return same_code_key(symbology, value)


def run(quick: bool) -> tuple[dict, dict]:
    rates: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    times: dict[str, list[float]] = defaultdict(list)
    rotations = (0, 7) if quick else ROTATIONS
    for symbology in SYMBOLOGIES:
        for dpi in DPIS:
            for rotation in rotations:
                for i, condition in enumerate(CONDITIONS):
                    page = code_page(symbology, dpi, rotation, condition, seed=i)
                    for engine in ("zxing", "zbar"):
                        if engine == "zbar" and symbology not in ZBAR_READS:
                            continue
                        start = time.perf_counter()
                        found = read_barcodes(page, engine=engine)
                        times[engine].append((time.perf_counter() - start) * 1000)
                        ok = any(same_code_key(c.symbology, c.value) == expected_key(symbology) for c in found)
                        rates[(engine, symbology)][0] += ok
                        rates[(engine, symbology)][1] += 1
                        rates[(engine, condition)][0] += ok
                        rates[(engine, condition)][1] += 1
                        rates[(engine, f"{rotation} deg")][0] += ok
                        rates[(engine, f"{rotation} deg")][1] += 1
    return rates, times


def blank_page_ms(engine: str, dpi: int = 300, repeat: int = 3) -> float:
    """A page with no code at all: the common case in a mailroom, and the slowest (every retry runs)."""
    page = code_page("EAN8", dpi, 0, "clean")
    page = Image.new("L", page.size, 250)
    start = time.perf_counter()
    for _ in range(repeat):
        read_barcodes(page, engine=engine)
    return (time.perf_counter() - start) * 1000 / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="rotations 0 and 7 only")
    args = parser.parse_args()
    rates, times = run(args.quick)
    rows = list(SYMBOLOGIES) + list(CONDITIONS) + [f"{r} deg" for r in ((0, 7) if args.quick else ROTATIONS)]

    def cell(engine: str, row: str) -> str:
        ok, total = rates.get((engine, row), (0, 0))
        return f"{ok}/{total} ({100 * ok / total:.0f} %)" if total else "not supported"

    print("| symbology / condition | zxing-cpp | zbar |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {row} | {cell('zxing', row)} | {cell('zbar', row)} |")
    for engine in ("zxing", "zbar"):
        t = sorted(times[engine])
        print(f"\n{engine}: {len(t)} pages, median {t[len(t) // 2]:.0f} ms/page, mean {sum(t) / len(t):.0f} ms, "
              f"max {t[-1]:.0f} ms; page without a code at 300 dpi: {blank_page_ms(engine):.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
