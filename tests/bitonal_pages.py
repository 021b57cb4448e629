"""Black-and-white (mode "1") pages as scanners, fax machines and production scanners' "black
and white PDF" make them, ugly on purpose: dust, a skew, fax resolution. Made in code at test
time, small (150-200 dpi), nothing binary committed."""

from __future__ import annotations

import io
from pathlib import Path

import img2pdf
import numpy as np
from PIL import Image, ImageDraw

from scanstation.recognition.coversheet import CoverSheet, render_cover_sheet_image, render_separator_sheet_image
from scanstation.recognition.patchcode import render_patch_sheet_image
from tests.pages import text_page
from tests.scanner_damage import paper_noise, skewed
from tests.signing import TEST_SITE_KEY

# The text of each letter: one unusual word each, so a search finds exactly that letter.
LETTERS = {
    "boligstøtte": ["Kære Køge Kommune", "Ansøgning om boligstøtte", "til lejligheden på Torvet 4",
                    "Med venlig hilsen Jens Hansen"],
    "vejarbejde": ["Til Teknik og Miljø", "Klage over vejarbejde", "på Søndre Alle siden marts",
                   "Venlig hilsen Bente Larsen"],
    "hjemmehjælp": ["Til Ældreplejen", "Spørgsmål om hjemmehjælp", "for min mor i Ølby",
                    "Med venlig hilsen Karin Holm"],
    "affaldsgebyr": ["Til Borgerservice", "Indsigelse mod affaldsgebyr", "for ejendommen Havnen 12",
                     "Med venlig hilsen Ole Berg"],
    "parkeringskort": ["Til Jobcenter Køge", "Ansøgning om parkeringskort", "til handicapbil",
                       "Med venlig hilsen Per Dahl"],
    "byggetilladelse": ["Til Byggesag", "Ansøgning om byggetilladelse", "til carport på Vestergade 7",
                        "Med venlig hilsen Lis Mørk"],
}


def bitonal(gray: Image.Image) -> Image.Image:
    """A scanner's lineart: thresholded at the middle, no dithering."""
    return gray.point(lambda v: 255 if v > 140 else 0).convert("1", dither=Image.Dither.NONE)


def ugly_letter(word: str, dpi: int = 200, skew: float = 2.0, seed: int = 1) -> Image.Image:
    """A letter page in lineart as a feeder makes it: dust specks and grain, fed at an angle."""
    page = text_page(LETTERS[word], dpi=dpi)
    return bitonal(skewed(paper_noise(page, seed=seed, specks=60), skew))


def fax(page: Image.Image, fine: bool = False) -> Image.Image:
    """A page as a fax machine sends it at 204 dpi across: 98 lines per inch (normal), 196 (fine).
    `page` is at 204 dpi; returns the fax image (to be saved with its two resolutions)."""
    lines = 196 if fine else 98
    return page.resize((page.width, round(page.height * lines / 204)), Image.Resampling.NEAREST)


def blank_bitonal(dpi: int = 200, seed: int = 3) -> Image.Image:
    """An empty back in lineart: a few dust specks, nothing else."""
    rng = np.random.default_rng(seed)
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    for _ in range(15):
        x, y = rng.uniform(0, page.width), rng.uniform(0, page.height)
        draw.ellipse((x - 1, y - 1, x + 1, y + 1), fill=0)
    return bitonal(page)


def cover_sheet(recipient: str = "jobcenter", case: str = "2017-0289209", dpi: int = 200) -> Image.Image:
    return render_cover_sheet_image(CoverSheet(recipient, case_number=case), dpi=dpi, mode="1", key=TEST_SITE_KEY)


def separator_sheet(dpi: int = 200) -> Image.Image:
    return render_separator_sheet_image(dpi=dpi, mode="1", key=TEST_SITE_KEY)


def patch_sheet(code: str = "T", dpi: int = 200) -> Image.Image:
    return render_patch_sheet_image(code, dpi=dpi, mode="1")


def save_tiff(path: Path, pages: list[Image.Image], compression: str, dpi=(200, 200)) -> Path:
    # Copies: Pillow keeps a save's encoder settings on the image, which breaks the next libtiff save.
    pages = [p.copy() for p in pages]
    pages[0].save(path, format="TIFF", save_all=True, append_images=pages[1:], compression=compression, dpi=dpi)
    return path


def g4_tiff_bytes(page: Image.Image, dpi=(200, 200)) -> bytes:
    buffer = io.BytesIO()
    page.save(buffer, format="TIFF", compression="group4", dpi=dpi)
    return buffer.getvalue()


def ccitt_pdf(path: Path, pages: list[Image.Image], dpi: int = 200) -> Path:
    """A production scanner's black-and-white PDF: each page one CCITT G4 image, edge to edge."""
    path.write_bytes(img2pdf.convert([g4_tiff_bytes(p, (dpi, dpi)) for p in pages]))
    return path


def pdf_image_filters(path: Path) -> list[list[str]]:
    """For each page of a PDF, the /Filter of each image on it (e.g. ["/CCITTFaxDecode"])."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        result = []
        for page in pdf.pages:
            filters = []
            for image in page.get_images().values():
                found = image.get("/Filter")
                filters.append(str(found[0]) if isinstance(found, pikepdf.Array) else str(found))
            result.append(filters)
        return result
