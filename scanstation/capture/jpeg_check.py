"""Is a decoded JPEG whole? A file cut short and given its end marker back decodes "fine".

A JPEG cut off in a broken transfer or on a full disk, and "repaired" by a tool that appends
the end-of-image marker (FF D9), opens and decodes without an error: libjpeg only warns
"Premature end of JPEG file" and fills every block it did not get with zero coefficients.
Pillow does not pass the warning on, so the bottom of the page comes out flat mid-gray and
would be archived as if the letter ended there.

The test: decode the file again with filler bytes put in just before its end marker. In a
whole file the image's data is complete before the filler, which libjpeg skips as
extraneous bytes: the same pixels come out. A cut file's decoder is still waiting for
blocks, decodes the filler as them, and different pixels come out.

A second decoding costs as much as the first, so a baseline file is tested only when its
last block is flat mid-gray (what the filling gives; a scan's bottom-right corner is paper,
noise or scanner background, almost never exactly that). A progressive file refines the
whole picture scan after scan, so a cut one can end in any colour: it is always tested.
"""

from __future__ import annotations

import io

from PIL import Image, ImageChops

# Filler decoded in place of the missing data: varied bits (so it decodes to blocks that are
# not flat), never 0xFF (which would start a marker).
_FILLER = bytes((i * 73 + 41) % 251 for i in range(4096))
_PROGRESSIVE_FRAMES = {0xC2, 0xC6, 0xCA, 0xCE}  # SOF2, SOF6, SOF10, SOF14
_NO_LENGTH = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers stand alone
_MID_GRAY = range(125, 132)  # zero coefficients come out at 128 (127 for Adobe's inverted CMYK)


def end_of_image(data: bytes) -> tuple[int, bool] | None:
    """(offset of the end marker that closes the first image, progressive?) from the file's
    markers, stepping over each scan's entropy-coded data; None when the markers do not lead
    to an end marker (a file Pillow refuses itself as truncated)."""
    if not data.startswith(b"\xff\xd8"):
        return None
    position, size, progressive = 2, len(data), False
    while position + 1 < size:
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0xD9:
            return position, progressive
        if marker in _NO_LENGTH:
            position += 2
            continue
        if position + 4 > size:
            return None
        end = position + 2 + int.from_bytes(data[position + 2:position + 4], "big")
        progressive = progressive or marker in _PROGRESSIVE_FRAMES
        if marker == 0xDA:  # start of scan: its entropy-coded data runs to the next real marker
            end = _end_of_entropy_data(data, end)
            if end is None:
                return None
        position = end
    return None


def _end_of_entropy_data(data: bytes, position: int) -> int | None:
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return None
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # a stuffed 0xFF, a restart marker
            position += 2
        elif following == 0xFF:
            position += 1
        else:
            return position


def _ends_flat_mid_gray(image: Image.Image) -> bool:
    corner = image.crop((max(0, image.width - 8), max(0, image.height - 8), image.width, image.height))
    extrema = corner.getextrema()
    if not isinstance(extrema[0], tuple):
        extrema = (extrema,)
    return all(low == high and low in _MID_GRAY for low, high in extrema)


def is_cut_short(data: bytes, decoded: Image.Image) -> bool:
    """True when `decoded` (the file `data` as Pillow decoded it, before any conversion) was
    filled in by libjpeg because the image's data ended before its last block."""
    layout = end_of_image(data)
    if layout is None:
        return False
    end, progressive = layout
    if not progressive and not _ends_flat_mid_gray(decoded):
        return False
    try:
        with Image.open(io.BytesIO(data[:end] + _FILLER + data[end:]), formats=["JPEG"]) as again:
            again.load()
            if again.mode != decoded.mode or again.size != decoded.size:
                return True
            return ImageChops.difference(again, decoded).getbbox() is not None
    except Exception:  # noqa: BLE001 - the decoder choked on the filler: it was still reading blocks
        return True
