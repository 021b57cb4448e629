"""Small page images made in code for tests (no binaries in the repo)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def text_page(lines: list[str], *, dpi: int = 100, mode: str = "L") -> Image.Image:
    """An A4 page at `dpi` with a few lines of black text."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(FONT, max(10, dpi // 6))
    except OSError:
        font = ImageFont.load_default()
    y = dpi
    for line in lines:
        draw.text((dpi, y), line, fill=0, font=font)
        y += dpi // 3
    if mode == "1":
        return image.point(lambda v: 255 if v > 128 else 0).convert("1")
    return image.convert(mode)


def write_pages(path: Path, pages: list[Image.Image], dpi: int = 100) -> Path:
    """Save as PNG/JPEG (one page) or TIFF (several), by the suffix of `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(pages) > 1:
        pages[0].save(path, format="TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi))
    else:
        pages[0].save(path, dpi=(dpi, dpi))
    return path


def letter_files(folder: Path) -> list[Path]:
    """Three small letters: 1 page PNG, 2 pages TIFF, 1 page JPEG."""
    return [
        write_pages(folder / "01-brev.png", [text_page(["Kære kommune", "Ansøgning om boligstøtte"])]),
        write_pages(folder / "02-klage.tif", [text_page(["Klage over vejarbejde", "Side 1 af 2"]),
                                              text_page(["Side 2 af 2", "Med venlig hilsen"])]),
        write_pages(folder / "03-faktura.jpg", [text_page(["Faktura nr. 4711"], mode="RGB")]),
    ]
