"""What a mailroom feeder and scanner do to a page, for the benchmarks: primitives and random recipes.

Each primitive takes a PIL image (L or RGB) and returns a new one in the same mode. A recipe
(`Damage`) is plain data - a list of named steps with their parameters - so a benchmark can
print exactly what was done to a page that failed, and the same seed gives the same pixels.

Order of a recipe follows the paper's way through the machine: what happens to the sheet
itself (punched holes, faded toner), then how it is fed (turned, skewed), then what the
scanner and its compression add (blur, noise, JPEG).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

PAPER = 250  # the gray a scanner's lid and the paper's grain average to


def _px(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


def _pixels(page: Image.Image) -> np.ndarray:
    return np.asarray(page, dtype=np.float32)


def _image(pixels: np.ndarray, mode: str) -> Image.Image:
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode)


def _white(page: Image.Image):
    return (PAPER,) * 3 if page.mode == "RGB" else PAPER


# --- primitives ---------------------------------------------------------------------


def fed_turned(page: Image.Image, clockwise: int) -> Image.Image:
    """The sheet fed turned by `clockwise` degrees (90, 180, 270); lossless."""
    turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    return page.transpose(turns[clockwise]) if clockwise % 360 else page.copy()


def skewed(page: Image.Image, degrees: float) -> Image.Image:
    """Fed at an angle: counter-clockwise by `degrees`, paper-coloured corners, nothing cut off."""
    return page.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=_white(page))


def blurred(page: Image.Image, dpi: int, sigma_mm: float) -> Image.Image:
    """Out of focus or dusty optics: a Gaussian of `sigma_mm` on the paper."""
    return page.filter(ImageFilter.GaussianBlur(sigma_mm * dpi / 25.4))


def noisy(page: Image.Image, rng: np.random.Generator, sigma: float, specks: int) -> Image.Image:
    """Sensor noise of `sigma` gray levels, plus dust specks under a millimetre."""
    pixels = _pixels(page)
    grain = rng.normal(0, sigma, pixels.shape[:2])
    result = _image(pixels + (grain[..., None] if pixels.ndim == 3 else grain), page.mode)
    draw = ImageDraw.Draw(result)
    for _ in range(specks):
        x, y, r = rng.uniform(0, page.width), rng.uniform(0, page.height), rng.uniform(0.5, 2.5)
        level = int(rng.integers(40, 170))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(level,) * 3 if page.mode == "RGB" else level)
    return result


def jpeg_artefacts(page: Image.Image, quality: int) -> Image.Image:
    """The page saved as a low-quality JPEG by the scanner or a mail gateway, and read back."""
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert(page.mode)


def low_contrast(page: Image.Image, ink: int, paper: int) -> Image.Image:
    """Faded toner on grey recycled paper: black becomes `ink`, white becomes `paper`."""
    return _image(ink + _pixels(page) * ((paper - ink) / 255.0), page.mode)


def bleed_through(back: Image.Image, front: Image.Image, strength: float) -> Image.Image:
    """The front's print showing through thin paper on an empty back: mirrored, soft, light gray."""
    ghost = front.convert("L").transpose(Image.Transpose.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(2))
    if ghost.size != back.size:
        ghost = ghost.resize(back.size, Image.Resampling.BILINEAR)
    shadow = (255 - _pixels(ghost)) * strength
    pixels = _pixels(back)
    return _image(pixels - (shadow[..., None] if pixels.ndim == 3 else shadow), back.mode)


def punched_holes(page: Image.Image, dpi: int, edge: str = "left") -> Image.Image:
    """Two 6 mm ring-binder holes 80 mm apart, 12 mm from `edge`, dark against the scanner's lid."""
    holed = page.copy()
    draw = ImageDraw.Draw(holed)
    r = _px(3, dpi)
    cx = _px(12, dpi) if edge == "left" else page.width - _px(12, dpi)
    dark = (30,) * 3 if page.mode == "RGB" else 30
    for cy in (page.height / 2 - _px(40, dpi), page.height / 2 + _px(40, dpi)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=dark)
    return holed


# --- recipes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Damage:
    """What is done to one page, in order; `turn` is the clockwise feed turn (0, 90, 180, 270)."""

    bleed: float = 0.0  # strength of the front showing through (empty backs only)
    holes: str | None = None  # "left" or "right" (a back shows the front's holes on the other side)
    contrast: tuple[int, int] | None = None  # (ink, paper) levels
    turn: int = 0
    skew: float = 0.0  # degrees counter-clockwise
    blur_mm: float = 0.0
    noise: tuple[float, int] | None = None  # (sigma, specks)
    jpeg: int | None = None  # quality
    seed: int = 0

    def describe(self) -> str:
        parts = []
        if self.bleed:
            parts.append(f"bleed-through {self.bleed:.2f}")
        if self.holes:
            parts.append(f"holes {self.holes}")
        if self.contrast:
            parts.append(f"low contrast {self.contrast[0]}/{self.contrast[1]}")
        if self.turn:
            parts.append(f"fed turned {self.turn}°")
        if self.skew:
            parts.append(f"skew {self.skew:+.1f}°")
        if self.blur_mm:
            parts.append(f"blur {self.blur_mm:.2f} mm")
        if self.noise:
            parts.append(f"noise σ{self.noise[0]:.0f}+{self.noise[1]} specks")
        if self.jpeg:
            parts.append(f"JPEG q{self.jpeg}")
        return ", ".join(parts) or "none"


def apply(page: Image.Image, dpi: int, damage: Damage, front: Image.Image | None = None) -> Image.Image:
    """`page` (upright, as printed) as the scanner delivers it; `front` is the upright other side."""
    rng = np.random.default_rng(damage.seed)
    if damage.bleed and front is not None:
        page = bleed_through(page, front, damage.bleed)
    if damage.holes:
        page = punched_holes(page, dpi, damage.holes)
    if damage.contrast:
        page = low_contrast(page, *damage.contrast)
    if damage.turn:
        page = fed_turned(page, damage.turn)
    if damage.skew:
        page = skewed(page, damage.skew)
    if damage.blur_mm:
        page = blurred(page, dpi, damage.blur_mm)
    if damage.noise:
        page = noisy(page, rng, *damage.noise)
    if damage.jpeg:
        page = jpeg_artefacts(page, damage.jpeg)
    return page


def random_damage(rng: random.Random, *, allow_turn: bool = True) -> Damage:
    """A mailroom-typical mix: most pages get one or two kinds of damage, some none, a few many."""
    turn = 0
    if allow_turn:
        turn = rng.choices((0, 180, 90, 270), weights=(80, 12, 4, 4))[0]
    skew = 0.0
    if rng.random() < 0.5:
        skew = round(rng.choice((-1, 1)) * rng.uniform(0.3, 3.5), 2)
    return Damage(
        holes="left" if rng.random() < 0.15 else None,
        contrast=(rng.randint(90, 140), rng.randint(200, 230)) if rng.random() < 0.15 else None,
        turn=turn,
        skew=skew,
        blur_mm=round(rng.uniform(0.04, 0.12), 3) if rng.random() < 0.2 else 0.0,
        noise=(round(rng.uniform(4, 12), 1), rng.randint(10, 80)) if rng.random() < 0.3 else None,
        jpeg=rng.randint(20, 50) if rng.random() < 0.3 else None,
        seed=rng.randrange(2**31),
    )


def back_damage(rng: random.Random, front: Damage) -> Damage:
    """The empty back of a sheet damaged as `front`: same feed and holes (mirrored), its own noise."""
    return Damage(
        bleed=round(rng.uniform(0.04, 0.12), 3) if rng.random() < 0.7 else 0.0,
        holes={"left": "right", "right": "left"}.get(front.holes or "", None),
        turn=front.turn,
        skew=-front.skew,  # the back is seen from the other side
        blur_mm=front.blur_mm,
        noise=(round(rng.uniform(3, 10), 1), rng.randint(5, 40)) if rng.random() < 0.4 else None,
        jpeg=front.jpeg,
        seed=rng.randrange(2**31),
    )
