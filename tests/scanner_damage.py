"""What a feeder and a scanner do to a page, small and deterministic, for the imaging tests.

A fuller simulator lives under bench/; this keeps to the damage the cleanup step must undo
or see through. All sizes are in millimetres at the page's `dpi`; images are L mode.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_OBLIQUE = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"


def _px(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


def skewed(page: Image.Image, degrees: float) -> Image.Image:
    """Fed at an angle: counter-clockwise by `degrees`, paper-white corners, nothing cut off."""
    if page.mode == "1":  # rotate as gray, threshold again: no dithered halo
        turned = skewed(page.convert("L"), degrees).point(lambda v: 255 if v >= 128 else 0)
        return turned.convert("1", dither=Image.Dither.NONE)
    white = (250, 250, 250) if page.mode == "RGB" else 250
    return page.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=white)


def paper_noise(page: Image.Image, seed: int, specks: int = 40) -> Image.Image:
    """Grain plus a sprinkle of dust specks under a millimetre."""
    rng = np.random.default_rng(seed)
    pixels = np.asarray(page, dtype=np.float32) + rng.normal(0, 4, (page.height, page.width))
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    draw = ImageDraw.Draw(noisy)
    for _ in range(specks):
        x, y, r = rng.uniform(0, page.width), rng.uniform(0, page.height), rng.uniform(0.5, 2.0)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=int(rng.integers(60, 160)))
    return noisy


def bleed_through(back: Image.Image, front: Image.Image, strength: float = 0.12) -> Image.Image:
    """The front's text showing through thin paper: mirrored, soft, light gray."""
    ghost = front.convert("L").transpose(Image.Transpose.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(1.5))
    ink = 255 - np.asarray(ghost, dtype=np.float32)
    result = np.asarray(back, dtype=np.float32) - ink * strength
    return Image.fromarray(np.clip(result, 0, 255).astype(np.uint8), "L")


def punched_holes(page: Image.Image, dpi: int) -> Image.Image:
    """Two 6 mm ring-binder holes at the left edge, dark against the scanner's black lid."""
    holed = page.copy()
    draw = ImageDraw.Draw(holed)
    r, cx = _px(3, dpi), _px(12, dpi)
    for cy in (page.height / 2 - _px(40, dpi), page.height / 2 + _px(40, dpi)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=25)
    return holed


def edge_shadow(page: Image.Image, dpi: int, width_mm: float = 8) -> Image.Image:
    """The dark falloff along the left and top edges where the paper lifts off the glass."""
    pixels = np.asarray(page, dtype=np.float32).copy()
    ramp = np.clip(1 - np.arange(_px(width_mm, dpi)) / _px(width_mm, dpi), 0, 1) ** 1.5 * 180
    pixels[:, : len(ramp)] -= ramp[None, :]
    pixels[: len(ramp), :] -= ramp[:, None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")


def pen_scribble(page: Image.Image, dpi: int, at_mm: tuple[float, float], seed: int,
                 length_mm: float = 40) -> Image.Image:  # fmt: skip
    """A signature-like loop of blue ballpoint (gray in an L page) starting at `at_mm`."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, 200)
    loops = rng.uniform(3, 6) * 2 * np.pi
    xs = at_mm[0] + t * length_mm + 1.5 * np.sin(loops * t)
    ys = at_mm[1] - 3 * np.cos(loops * t) * (1 - 0.4 * t) + 2 * t
    scribbled = page.copy()
    ImageDraw.Draw(scribbled).line([(_px(x, dpi), _px(y, dpi)) for x, y in zip(xs, ys)], fill=60,
                                   width=max(1, _px(0.45, dpi)), joint="curve")  # fmt: skip
    return scribbled


def handwritten_note(page: Image.Image, dpi: int, text: str, at_mm: tuple[float, float]) -> Image.Image:
    """A few words in a slanted hand-ish type, as a clerk's note on an otherwise empty back."""
    noted = page.copy()
    try:
        font = ImageFont.truetype(_OBLIQUE, _px(4.5, dpi))
    except OSError:
        font = ImageFont.load_default(size=_px(4.5, dpi))
    ImageDraw.Draw(noted).text((_px(at_mm[0], dpi), _px(at_mm[1], dpi)), text, font=font, fill=50)
    return noted


def received_stamp(page: Image.Image, dpi: int, at_mm: tuple[float, float], size_mm: float = 25) -> Image.Image:
    """A small rubber stamp: a box with a date, in red ink (mid gray in an L page)."""
    stamped = page.copy()
    draw = ImageDraw.Draw(stamped)
    x, y = _px(at_mm[0], dpi), _px(at_mm[1], dpi)
    w, h = _px(size_mm, dpi), _px(size_mm * 0.45, dpi)
    draw.rectangle((x, y, x + w, y + h), outline=95, width=max(1, _px(0.6, dpi)))
    try:
        font = ImageFont.truetype(_OBLIQUE.replace("-Oblique", "-Bold"), _px(3.2, dpi))
    except OSError:
        font = ImageFont.load_default(size=_px(3.2, dpi))
    draw.text((x + _px(2, dpi), y + _px(3, dpi)), "MODT. 12.03", font=font, fill=95)
    return stamped
