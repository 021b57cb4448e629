"""Connected blobs of a 0/1 mask, as cv2.connectedComponentsWithStats finds them, made cheaply.

Every analysis step that sorts ink into blobs (blank, deskew, updown, bitonal, patch codes) calls
this. The labels come as 16-bit numbers whenever that many labels cannot run out, and as 32-bit
numbers otherwise. The labels and stats are the same either way; with OpenCV 5.1, 16-bit labels
take ~5 ms on a 150 dpi page where 32-bit ones take ~18 ms (the stats pass is the slow part).

OpenCV's default 8-connected labelling (Spaghetti; BBDT in older releases) works on 2x2 blocks
and gives each block at most one provisional label, so a mask with fewer than 65535 blocks that
hold ink cannot overflow 16-bit labels. On a letter at 150 dpi about 30,000 blocks hold ink, on a
separator sheet ~48,000. The count is needed because older OpenCV releases do not report an
overflow, they corrupt memory (opencv/opencv#23490).
"""

from __future__ import annotations

import cv2
import numpy as np

_MAX_16BIT_LABELS = 65535 - 1  # label 0 is the background


def label_blobs(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(count, labels, stats) of the 8-connected blobs of a 0/1 uint8 mask, as
    cv2.connectedComponentsWithStats gives them (without the centroids); label 0 is the background."""
    ltype = cv2.CV_16U if _blocks_with_ink(mask) < _MAX_16BIT_LABELS else cv2.CV_32S
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=ltype)
    return count, labels, stats


def _blocks_with_ink(mask: np.ndarray) -> int:
    """How many 2x2 blocks of `mask` hold ink: the most provisional labels OpenCV can hand out."""
    pixels = cv2.countNonZero(mask)
    if pixels < _MAX_16BIT_LABELS:  # the common case, and no block counting needed
        return pixels
    h, w = mask.shape
    padded = np.pad(mask, ((0, h % 2), (0, w % 2))) if h % 2 or w % 2 else mask
    blocks = padded[0::2, 0::2] | padded[0::2, 1::2] | padded[1::2, 0::2] | padded[1::2, 1::2]
    return cv2.countNonZero(blocks)
