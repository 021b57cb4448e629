"""Small page pictures for the page strip, and the PIL -> QImage bridge the page viewer shares.

`make_thumbnail` and `load_thumbnail` are plain functions meant for worker threads (run_task):
they only build QImages, which Qt allows off the GUI thread. `ThumbnailCache` holds QPixmaps,
which exist only on the GUI thread, so it is used there alone.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtGui import QImage, QPixmap

DEFAULT_MAX_HEIGHT = 160


def to_display_mode(image: Image.Image) -> Image.Image:
    """The same picture as 8-bit gray ("L"), RGB or RGBA: the modes QImage takes as they are."""
    mode = image.mode
    if mode in ("L", "RGB", "RGBA"):
        return image
    if mode.startswith("I;16") or mode == "I":
        # 16/32-bit gray: scale down to 8 bits instead of letting convert() clip at 255.
        top = 65535 if mode.startswith("I;16") else max(1, image.getextrema()[1])
        return image.convert("I").point(lambda v: v * (255 / top)).convert("L")
    if mode in ("1", "LA", "La", "F"):
        return image.convert("L")
    if mode == "P" and "transparency" in image.info:
        return image.convert("RGBA")
    if mode in ("RGBa", "PA"):
        return image.convert("RGBA")
    return image.convert("RGB")


_QT_FORMATS = {
    "L": (QImage.Format.Format_Grayscale8, 1),
    "RGB": (QImage.Format.Format_RGB888, 3),
    "RGBA": (QImage.Format.Format_RGBA8888, 4),
}


def qimage_from_pil(image: Image.Image) -> QImage:
    """A QImage that owns its pixels (deep copy), so it outlives the PIL image and its buffer."""
    image = to_display_mode(image)
    fmt, channels = _QT_FORMATS[image.mode]
    data = image.tobytes()  # rows packed without padding: bytesPerLine = width * channels
    view = QImage(data, image.width, image.height, image.width * channels, fmt)
    return view.copy()  # `view` only borrows `data`; the copy has its own buffer


def make_thumbnail(image: Image.Image, max_height: int = DEFAULT_MAX_HEIGHT) -> QImage:
    """A picture at most `max_height` pixels tall, aspect kept; never scaled up.

    Gray pages give a Grayscale8 QImage, colour pages an RGB888 one. Fast: an integer
    `reduce` (box filter) does the bulk of the shrinking, a bilinear resize the last step.
    """
    if max_height < 1:
        raise ValueError("max_height must be at least 1")
    if image.mode not in ("L", "RGB"):
        image = to_display_mode(image)
        if image.mode == "RGBA":  # thumbnails are opaque: put transparent parts on white paper
            paper = Image.new("RGB", image.size, "white")
            paper.paste(image, mask=image.getchannel("A"))
            image = paper
    if image.height > max_height:
        factor = image.height // (2 * max_height)  # keep >= 2x the target for the final filter
        if factor >= 2:
            image = image.reduce(factor)
        width = max(1, round(image.width * max_height / image.height))
        image = image.resize((width, max_height), Image.Resampling.BILINEAR)
    return qimage_from_pil(image)


def load_thumbnail(path: str | Path, max_height: int = DEFAULT_MAX_HEIGHT) -> QImage:
    """Read a page file and make its thumbnail. For worker threads; raises OSError when the
    file is missing or is not an image (PIL's UnidentifiedImageError is an OSError)."""
    with Image.open(path) as image:
        # JPEG decodes at 1/2, 1/4, 1/8 size for free; PNG ignores draft and gets `reduce`.
        image.draft(image.mode if image.mode in ("L", "RGB") else None,
                    (max(1, image.width * max_height // max(1, image.height)), max_height))
        image.load()
        return make_thumbnail(image, max_height)


class ThumbnailCache:
    """The most recently used thumbnails as QPixmaps, by (page_id, rotation). GUI thread only."""

    def __init__(self, max_entries: int = 500) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._pixmaps: OrderedDict[Hashable, QPixmap] = OrderedDict()

    def get(self, key: Hashable) -> QPixmap | None:
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
        return pixmap

    def put(self, key: Hashable, image: QImage) -> QPixmap:
        """Turn a thumbnail made in a worker into a pixmap and keep it; returns the pixmap."""
        _require_gui_thread()
        pixmap = QPixmap.fromImage(image)
        self._pixmaps[key] = pixmap
        self._pixmaps.move_to_end(key)
        while len(self._pixmaps) > self.max_entries:
            self._pixmaps.popitem(last=False)
        return pixmap

    def discard_page(self, page_id: Hashable) -> None:
        """Forget every rotation of one page, e.g. after it was rescanned."""
        for key in [k for k in self._pixmaps if isinstance(k, tuple) and k and k[0] == page_id]:
            del self._pixmaps[key]

    def clear(self) -> None:
        self._pixmaps.clear()

    def __len__(self) -> int:
        return len(self._pixmaps)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._pixmaps


def _require_gui_thread() -> None:
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        raise RuntimeError("QPixmaps can only be made on the GUI thread")
