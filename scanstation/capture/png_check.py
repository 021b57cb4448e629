"""Is a PNG file whole? Checked without decoding its pixels.

An imported PNG that is stored as the very file received (capture/files.py) is decoded once,
by the worker that analyses it, not also at import. What decoding would find wrong is found
here instead, at a fraction of the cost: every chunk's checksum, the file ending inside a
chunk or before IEND, image data that does not inflate to exactly the image's rows (a
truncated or padded zlib stream), and rows with a filter PNG does not have. Inflating is
bounded by the size the header states, so a decompression bomb inflates no further than
the pixel limit the caller checked before.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}  # the PNG spec's table 11.1
_PIECE = 1 << 20  # bytes of pixel rows inflated at a time


class PngDamaged(ValueError):
    """What is wrong with the file, in a few words."""


def png_chunk_names(data: bytes) -> set[str]:
    """The names of the chunks of a whole PNG, e.g. {"IHDR", "pHYs", "IDAT", "IEND"}.
    Raises PngDamaged when any part of the file, pixel data included, is damaged."""
    if not data.startswith(SIGNATURE):
        raise PngDamaged("it does not start like a PNG")
    view, position, names, image_data, header = memoryview(data), len(SIGNATURE), set(), [], None
    while True:
        if position + 8 > len(data):
            raise PngDamaged("the file ends before its last chunk (IEND)")
        length, kind = struct.unpack_from(">I4s", data, position)
        name = kind.decode("ascii") if kind.isalpha() else f"0x{kind.hex()}"  # never a control character
        end = position + 12 + length
        if end > len(data):
            raise PngDamaged(f"the file ends inside its {name} chunk")
        if zlib.crc32(view[position + 4:end - 4]) != struct.unpack_from(">I", data, end - 4)[0]:
            raise PngDamaged(f"the {name} chunk's checksum is wrong")
        names.add(name)
        body = view[position + 8:end - 4]
        if kind == b"IHDR":
            if length != 13:
                raise PngDamaged("its header chunk has the wrong size")
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            image_data.append(body)
        elif kind == b"IEND":
            break
        position = end
    if header is None or not image_data:
        raise PngDamaged("it has no header or no image data")
    _check_rows(header, b"".join(image_data))
    return names


def _check_rows(header: tuple, compressed: bytes) -> None:
    width, height, depth, colour, _, _, interlace = header
    if colour not in _SAMPLES or depth not in _DEPTHS[colour] or interlace:
        raise PngDamaged("its header states a colour type or layout this check does not read")
    if width == 0 or height == 0:
        raise PngDamaged("its header states no size")
    row = 1 + (width * _SAMPLES[colour] * depth + 7) // 8  # a filter byte, then the samples
    needed = row * height
    # Inflated a piece at a time and looked at as it comes: memory stays small however large
    # the image, and a stream that inflates to more than the image (a bomb) stops right there.
    inflater, pending, inflated = zlib.decompressobj(), compressed, 0
    while True:
        try:
            rows = inflater.decompress(pending, _PIECE)
        except zlib.error as exc:
            raise PngDamaged(f"its image data cannot be inflated ({exc})") from exc
        if inflated + len(rows) > needed:
            raise PngDamaged(f"its image data holds over {needed:,} bytes, not the {needed:,} its size needs")
        first_filter = -inflated % row  # where the next row starts within this piece
        if first_filter < len(rows) and max(rows[first_filter::row]) > 4:
            raise PngDamaged("a row of its image data has an unknown filter")
        inflated += len(rows)
        pending = inflater.unconsumed_tail
        if not pending and len(rows) < _PIECE:
            break
    if inflated != needed:
        raise PngDamaged(f"its image data holds {inflated:,} bytes, not the {needed:,} its size needs")
