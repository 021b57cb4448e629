"""The small copy of a page that thumbnails show; the page itself stays on disk."""

from __future__ import annotations

from PIL import Image

PREVIEW_SIZE = (240, 340)


def preview_of(image: Image.Image) -> Image.Image:
    """A thumbnail-sized copy of `image` (which is left as it is)."""
    # Halving by whole factors first (a box filter, one pass) and resampling only the last
    # step: a third of the time of resampling the whole page, and it needs no copy of it.
    factor = max(1, min(image.width // PREVIEW_SIZE[0], image.height // PREVIEW_SIZE[1]))
    if image.mode == "1":
        # Pillow reduces only 8-bit modes; a black-and-white page (a scanner's most common
        # output) is averaged as gray, so its thumbnail keeps the strokes as shades.
        image = image.convert("L")
    preview = image.reduce(factor) if factor > 1 else image.copy()
    preview.thumbnail(PREVIEW_SIZE)
    return preview


def unreadable_preview() -> Image.Image:
    """What a page that cannot be read shows: a gray sheet (the clerk sees it, and its problem)."""
    return Image.new("L", (PREVIEW_SIZE[0], round(PREVIEW_SIZE[0] * 297 / 210)), 160)
