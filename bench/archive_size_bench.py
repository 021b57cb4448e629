"""How big the archived letters are, and whether their text survives, side by side in one run:

1. ScanStation `process` with its defaults (ink-on-paper pages as G4, colour and gray pages
   with text as mixed raster: export/mixed_raster.py);
2. ScanStation with `[export] mixed_raster = false` (colour and gray pages as one JPEG);
3. OCRmyPDF `--output-type pdfa` (its default optimisation, `-O 1`) on the same pages as one PDF.

    .venv/bin/python bench/archive_size_bench.py --pages 30 [--out docs/benchmarks.md]

Pages are demo letters at 300 dpi in colour, as a station left on colour scans them:
letterheads with a coloured logo and name, and citizens' letters with no colour at all. The
text check is the CER of each PDF's text (pdftotext) against the text the page was rendered
from, as in ocr_speed_bench.py; the look of the mixed pages is checked in
tests/test_mixed_raster.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import img2pdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ocr_speed_bench import BIN, cer, machine, pdf_page_text, run_measured  # noqa: E402
from report import publish  # noqa: E402

from scanstation.capture.demo_letters import demo_letters, render_letter_page  # noqa: E402
from scanstation.imaging.bitonal import has_colour  # noqa: E402

SECTION = "## Archive size: colour scans (bench/archive_size_bench.py)"


def make_pages(folder: Path, count: int, dpi: int = 300, seed: int = 11) -> list[tuple[Path, str, str]]:
    """(file, text, kind) of `count` one-page colour scans, half of them on a letterhead. Kind:
    "letterhead", "signed in blue" (a citizen's letter with a ballpoint signature) or "no colour"."""
    pages: list[tuple[Path, str, str]] = []
    wanted = {"letterhead": count // 2, "citizen": count - count // 2}
    for letter in demo_letters(count * 8, seed=seed):
        group = "citizen" if letter.sender_kind == "citizen" else "letterhead"
        if not wanted[group]:
            continue
        wanted[group] -= 1
        path = folder / f"page-{len(pages) + 1:04d}.png"
        image = render_letter_page(letter, 1, dpi, "color")
        image.save(path, dpi=(dpi, dpi))
        kind = group if group == "letterhead" else "signed in blue" if has_colour(image, dpi) else "no colour"
        pages.append((path, "\n".join(letter.page_paragraphs(1)), kind))
    return pages


def run_scanstation(pages, work: Path, mixed: bool) -> dict:
    run = work / ("ss-mixed" if mixed else "ss-jpeg")
    drop, config = run / "drop", run / "settings.toml"
    drop.mkdir(parents=True)
    config.write_text(f'[ocr]\nlanguages = "dan"\n[export]\nmixed_raster = {str(mixed).lower()}\n', encoding="utf-8")
    env = {**os.environ, "SCANSTATION_WORKERS": str(os.cpu_count() or 2), "XDG_CONFIG_HOME": str(run / "cfg"),
           "XDG_STATE_HOME": str(run / "state")}
    seconds, _, _ = run_measured(
        [str(BIN / "scanstation"), "--config", str(config), "--data-dir", str(run / "data"), "--drop", str(drop),
         "process", *[str(p) for p, _, _ in pages], "--recipient", "fordeling", "--received", "2026-11-20"], env=env)
    pdfs = sorted(drop.glob("*.pdf"))  # one letter, one file, in page order
    return {"seconds": seconds, "sizes": [p.stat().st_size for p in pdfs],
            "cer": [cer(truth, pdf_page_text(pdf)) for (_, truth, _), pdf in zip(pages, pdfs)]}


def run_ocrmypdf(pages, work: Path) -> dict:
    source, out = work / "all.pdf", work / "ocrmypdf.pdf"
    source.write_bytes(img2pdf.convert([str(p) for p, _, _ in pages]))
    seconds, _, _ = run_measured([str(BIN / "ocrmypdf"), "-l", "dan", "--output-type", "pdfa",
                                  "--jobs", str(os.cpu_count() or 2), "--quiet", str(source), str(out)])  # fmt: skip
    size = out.stat().st_size
    return {"seconds": seconds, "sizes": [size / len(pages)] * len(pages),
            "cer": [cer(truth, pdf_page_text(out, n)) for n, (_, truth, _) in enumerate(pages, start=1)]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scanstation-sizebench-"))
    try:
        pages = make_pages(work, args.pages)
        results = {
            "ScanStation (default: mixed raster)": run_scanstation(pages, work, True),
            "ScanStation, `mixed_raster = false`": run_scanstation(pages, work, False),
            "OCRmyPDF `--output-type pdfa`": run_ocrmypdf(pages, work),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kinds = Counter(kind for _, _, kind in pages)
    groups = ("letterhead", "signed in blue", "no colour")

    def kb(sizes, kind) -> str:
        chosen = [size for size, (_, _, k) in zip(sizes, pages) if k == kind]
        return f"{sum(chosen) / len(chosen) / 1024:.0f} KB" if chosen else "–"

    lines = [SECTION, "",
             f"`python bench/archive_size_bench.py --pages {args.pages}` — {len(pages)} one-page demo letters scanned "
             f"in colour at 300 dpi: {kinds['letterhead']} on a letterhead (coloured logo, name and rule), "
             f"{kinds['signed in blue']} citizens' letters signed in blue ballpoint, {kinds['no colour']} with no "
             f"colour at all. OCR language `dan` for all. {machine()}.", "",
             "| run | " + " | ".join(f"{g} (KB/page)" for g in groups) + " | largest page | CER | pages/min |",
             "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        lines.append(f"| {name} | " + " | ".join(kb(r["sizes"], g) for g in groups) + " | "
                     f"{max(r['sizes']) / 1024:.0f} KB | {100 * sum(r['cer']) / len(r['cer']):.2f} % | "
                     f"{len(pages) / r['seconds'] * 60:.1f} |")
    lines += ["",
              "- Pages with no colour are archived bitonal (G4) by ScanStation either way: a colour scan of a "
              "black-and-white letter is the black-and-white letter. OCRmyPDF keeps every page as scanned.",
              "- Pages with colour on them: ScanStation's default keeps the black text as a full-resolution G4 "
              "stencil over a 150 dpi JPEG of the rest (logo, signature, paper); `mixed_raster = false` is one JPEG "
              "of the whole page at `export.jpeg_quality` (75).",
              "- OCRmyPDF's size is its one PDF divided by the pages (it makes one file of the batch)."]
    report = "\n".join(lines) + "\n"
    publish(report, SECTION, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
