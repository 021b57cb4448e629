"""Captured page images on disk, under the data folder, one folder per batch.

A page file is complete on disk (fsynced, atomically renamed) before the journal hears
of it; its name carries the batch order, sheet and side, so a page whose journal row
was lost in a crash can be found and adopted again (see recovery.py).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .atomic import write_atomically
from .private_files import PRIVATE_FILE, make_private_dir

PAGE_NAME_RE = re.compile(r"^(?P<seq>\d{6})-s(?P<sheet>\d{5})-(?P<side>front|back)\.png$")


@dataclass(frozen=True)
class StoredPage:
    relative_path: str
    sha256: str
    bytes: int
    width: int
    height: int
    dpi: int
    mode: str


class PageStore:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / "pages"

    def batch_folder(self, batch_id: int) -> Path:
        return self.root / f"batch-{batch_id:06d}"

    def path_of(self, relative_path: str) -> Path:
        return self.data_dir / relative_path

    def save(self, batch_id: int, seq: int, sheet: int, side: str, image: Image.Image, dpi: int,
             png: bytes | None = None) -> StoredPage:  # fmt: skip
        """Store one page losslessly (PNG); returns what the journal records about it.
        `png`: the page's own PNG file, already exactly `image` at `dpi`, stored as it is."""
        folder = self.batch_folder(batch_id)
        make_private_dir(folder, within=self.data_dir)  # pages/ and batch folders 0700, whatever the umask
        name = f"{seq:06d}-s{sheet:05d}-{side}.png"
        if png is None:
            buffer = io.BytesIO()
            # compress_level 1: lossless and fast; the archive copy is re-encoded at export.
            image.save(buffer, format="PNG", compress_level=1, dpi=(dpi, dpi))
            png = buffer.getvalue()
        data = png
        write_atomically(folder / name, data, mode=PRIVATE_FILE)
        return StoredPage(
            relative_path=(folder / name).relative_to(self.data_dir).as_posix(),
            sha256=hashlib.sha256(data).hexdigest(),
            bytes=len(data),
            width=image.width,
            height=image.height,
            dpi=dpi,
            mode=image.mode,
        )

    def open(self, relative_path: str) -> Image.Image:
        image = Image.open(self.path_of(relative_path))
        image.load()
        return image

    def verify(self, relative_path: str, sha256: str) -> bool:
        path = self.path_of(relative_path)
        return path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256
