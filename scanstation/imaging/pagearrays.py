"""One scanned page as the numpy arrays the analysis steps read, each made once.

Every step used to make its own copy from the PIL image: turning a page into numpy copies it
(PIL's tobytes, ~6 ms for a 300 dpi A4 gray page), and the blank check and the letters' way up
both shrink the page to 150 dpi, the line search and the patch code search both to 100 dpi.
`analysis.analyze_page` makes each array here once and hands the same array to every step that
reads it. Each array is exactly what the step made itself from the image, so no result changes.
The arrays are read-only: a step that changed one would change it for the steps after it.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from PIL import Image

from .blank import COLOUR_MODES, darkness_gray, darkness_of
from .deskew import downscale, gray_array


class PageArrays:
    """The page's gray (and a colour scan's RGB) pixels, and smaller copies of the gray, made on
    first use: a blank colour page is never turned gray, a page without text never shrunk for
    the letters."""

    def __init__(self, image: Image.Image, dpi: float) -> None:
        self.image = image
        self.dpi = dpi
        self.mode = image.mode
        self.width = image.width
        self._smaller: dict[float, np.ndarray] = {}

    @cached_property
    def gray(self) -> np.ndarray:
        """The page as 8-bit gray, as image.convert("L") makes it (lineart 0/255)."""
        return _read_only(gray_array(self.image))

    @cached_property
    def rgb(self) -> np.ndarray | None:
        """A colour scan's own H x W x 3 pixels; None for any other mode."""
        return _read_only(np.asarray(self.image)) if self.mode == "RGB" else None

    def downscaled(self, target_dpi: float) -> np.ndarray:
        """The gray at about `target_dpi`: deskew.downscale(self.gray, self.dpi, target_dpi)."""
        if target_dpi not in self._smaller:
            self._smaller[target_dpi] = _read_only(downscale(self.gray, self.dpi, target_dpi))
        return self._smaller[target_dpi]

    def darkness(self, target_dpi: float) -> np.ndarray:
        """blank.darkness_gray() of the page: a colour page's darkest channel, else its gray."""
        if self.rgb is not None:
            return darkness_of(self.rgb, self.dpi, target_dpi)
        if self.mode in COLOUR_MODES:  # rare: darkness_gray turns them RGB first
            return darkness_gray(self.image, self.dpi, target_dpi)
        return self.downscaled(target_dpi)

    def dpi_of(self, smaller: np.ndarray) -> float:
        """The exact resolution of a smaller copy of the page (its size is rounded to whole pixels)."""
        return self.dpi * smaller.shape[1] / self.width


def _read_only(pixels: np.ndarray) -> np.ndarray:
    pixels.flags.writeable = False
    return pixels
