"""Colour and gray pages as two layers: the text sharp and lossless, the rest small (mixed raster).

A page that has to keep its colour or gray (a logo, a stamp, a blue signature, pencil, a
photo) is still mostly paper and black text, and as one JPEG at scan resolution the text's
sharp edges cost most of its bytes: ~500 KB for a colour letter. Split in two, each part is
compressed for what it is:

- the text: dark, colourless, letter-sized ink, as a 1-bit mask at full resolution (CCITT G4,
  lossless), painted black: exactly as sharp as the scan (a letter typed in colour stays one
  JPEG instead, so its text keeps its edges);
- everything else (logo, stamp, signature, pencil, photos, the paper) as a JPEG at
  BACKGROUND_DPI, with the text taken out and filled with the paper's colour.

The PDF page paints the background and then the text through the mask, so it looks like the
scan; what is coloured stays coloured, since only colourless ink goes into the mask.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from ..imaging.bitonal import COLOUR_SPREAD, channel_spread, ink_threshold
from .pdf import g4_tiff

BACKGROUND_DPI = 150  # logos, stamps and signatures keep their look; paper costs nothing
LETTER_MM = 15.0  # ink blobs up to this long are text; longer ones (rules, logos, photos) stay behind
MIN_TEXT_BLOBS = 20  # fewer letters than this: nothing to split off, one JPEG is as good
MAX_COLOURED_TEXT = 0.2  # a letterhead's name in colour is a few %; a letter typed in colour is most


@dataclass(frozen=True)
class MixedPage:
    background_jpeg: bytes  # at BACKGROUND_DPI (or the page's own when lower), the text filled in
    text_mask_g4: bytes  # a one-strip G4 TIFF at the page's resolution: black = text ink


def text_ink(image: Image.Image, dpi: float) -> np.ndarray | None:
    """0/1 mask of the page's text: dark, colourless, letter-sized ink. None when there is too
    little of it, or when much of the page's text is in colour (it would come out soft)."""
    gray = np.asarray(image if image.mode == "L" else image.convert("L"))
    _, threshold = ink_threshold(gray)
    _, dark = cv2.threshold(gray, threshold, 1, cv2.THRESH_BINARY_INV)
    del gray
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    del dark
    longest = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    letter = longest <= LETTER_MM * dpi / 25.4
    letter[0] = False  # the paper
    if image.mode == "RGB":  # coloured ink (a signature, a stamp, a brand colour) stays in the picture
        coloured_pixels = np.bincount(labels[channel_spread(image) > COLOUR_SPREAD], minlength=count)
        coloured = coloured_pixels > stats[:, cv2.CC_STAT_AREA] // 2
        if int((letter & coloured).sum()) > MAX_COLOURED_TEXT * max(1, int(letter.sum())):
            return None  # a letter typed in blue: at 150 dpi its text would lose its edges
        letter &= ~coloured
    if int(letter.sum()) < MIN_TEXT_BLOBS:
        return None
    return letter.astype(np.uint8)[labels]


def split_page(image: Image.Image, jpeg_quality: int) -> MixedPage | None:
    """The upright page (mode L or RGB, info["dpi"] set) as text mask + background; None when
    it has too little text for the split to pay (one JPEG then)."""
    dpi = image.info["dpi"]
    if image.mode not in ("L", "RGB"):
        return None
    mask = text_ink(image, dpi[0])
    if mask is None:
        return None
    pixels = np.array(image)  # a copy: the text is filled in here
    # The letters' soft edges belong to the text: fill a pixel beyond it too.
    reach = max(1, round(dpi[0] / 150))
    covered = cv2.dilate(mask, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)).astype(bool)
    paper = np.percentile(pixels[::8, ::8][~covered[::8, ::8]], 90, axis=0)  # a sample is as good
    pixels[covered] = paper.astype(np.uint8)
    factor = min(1.0, BACKGROUND_DPI / dpi[0])
    small = cv2.resize(pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else pixels
    background = Image.fromarray(small, image.mode)
    buffer = io.BytesIO()
    background.save(buffer, format="JPEG", quality=jpeg_quality, optimize=True,
                    dpi=(dpi[0] * small.shape[1] / pixels.shape[1], dpi[1] * small.shape[0] / pixels.shape[0]))
    text = Image.fromarray((1 - mask) * 255, "L").convert("1", dither=Image.Dither.NONE)  # ink black
    return MixedPage(buffer.getvalue(), g4_tiff(text, dpi))
