"""Page cleanup as an operator sees it: pages come out upright and level, nothing is cut off,
empty backs are dropped and backs with a signature or a note are kept.

Pages are demo letters rendered in code, mostly at 150 dpi; the damage comes from
tests/scanner_damage.py. OCR runs only where orientation has to be decided.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanstation.capture.demo_letters import demo_letters, render_blank_back, render_letter_page
from scanstation.imaging import clean_page, deskew, detect_blank, detect_orientation, estimate_skew
from scanstation.imaging import orientation as orientation_module
from tests import scanner_damage as damage

DPI = 150


@functools.lru_cache(maxsize=None)
def _letter_page(index: int, dpi: int = DPI, mode: str = "gray") -> Image.Image:
    return render_letter_page(demo_letters(6, seed=7)[index], 1, dpi, mode)


def letter_page(index: int = 0, dpi: int = DPI, mode: str = "gray") -> Image.Image:
    return _letter_page(index, dpi, mode).copy()


def short_letter(dpi: int = DPI) -> Image.Image:
    """A note of four body lines and nothing else: the page OSD has too little text for."""
    page = letter_page(1, dpi)
    keep_top, keep_bottom = round(150 * dpi / 25.4), round(170 * dpi / 25.4)  # mm from the top
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, page.width, keep_top), fill=250)
    draw.rectangle((0, keep_bottom, page.width, page.height), fill=250)
    return page


def ink(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L")) < 128


def ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    rows, cols = np.nonzero(ink(image))
    return cols.min(), rows.min(), cols.max(), rows.max()


# --- orientation -------------------------------------------------------------------


def test_an_upright_level_page_comes_out_untouched():
    page = letter_page(0)
    cleaned = clean_page(page, DPI)
    assert cleaned.rotation == 0 and not cleaned.changed
    assert cleaned.orientation_method == "osd"
    assert np.array_equal(np.asarray(cleaned.image), np.asarray(page))  # not even resampled
    assert set(cleaned.timings_ms) == {"blank", "skew", "orientation", "rotate"}


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_a_page_fed_sideways_or_upside_down_comes_back_upright(turned):
    page = letter_page(2)
    fed = page.rotate(turned, expand=True)  # counter-clockwise, lossless
    cleaned = clean_page(fed, DPI)
    assert cleaned.rotation == turned  # clockwise back
    assert np.array_equal(np.asarray(cleaned.image), np.asarray(page))


def test_an_upside_down_short_letter_is_turned_even_when_osd_gives_up(monkeypatch):
    fed = short_letter().rotate(180)
    assert clean_page(fed, DPI).rotation == 180
    # Force the fallback OSD takes on pages with too few characters: reading both ways decides.
    monkeypatch.setattr(orientation_module, "_osd", lambda band: None)
    found = detect_orientation(fed, DPI)
    assert (found.rotation, found.method) == (180, "confidence")
    assert found.confidence > 20  # upright Danish reads far better than upside-down garbage


def test_a_sideways_short_letter_is_turned_by_reading_it(monkeypatch):
    monkeypatch.setattr(orientation_module, "_osd", lambda band: None)
    found = detect_orientation(short_letter().rotate(90, expand=True), DPI, languages="dan")
    assert (found.rotation, found.method) == (90, "confidence")


def test_a_page_without_text_is_not_turned():
    photo = Image.new("L", (1240, 1754), 245)
    ImageDraw.Draw(photo).ellipse((300, 400, 900, 1300), fill=90)  # one big dark shape
    cleaned = clean_page(photo, DPI)
    assert (cleaned.rotation, cleaned.orientation_method, cleaned.skew_degrees) == (0, "none", 0.0)
    assert cleaned.image is photo


# --- skew --------------------------------------------------------------------------------


@pytest.mark.parametrize("degrees", [3.0, -7.0, 10.0])
def test_a_skewed_page_is_levelled_without_losing_text(degrees):
    page = letter_page(3)
    fed = damage.skewed(page, degrees)
    level, removed = deskew(fed, DPI)
    assert removed == pytest.approx(degrees, abs=0.3)
    assert estimate_skew(level, DPI) == pytest.approx(0.0, abs=0.3)
    assert ink(level).sum() == pytest.approx(ink(page).sum(), rel=0.05)
    left, top, right, bottom = ink_box(level)
    assert left > 0 and top > 0 and right < level.width - 1 and bottom < level.height - 1


def test_a_nearly_level_page_is_not_resampled():
    fed = damage.skewed(letter_page(3), 0.1)
    level, removed = deskew(fed, DPI)
    assert abs(removed) < 0.2 and level is fed


def test_skewed_and_upside_down_at_300_dpi_is_fixed_in_one_go():
    page = letter_page(4, dpi=300)
    cleaned = clean_page(damage.skewed(page, -7.0).rotate(180), 300)
    assert cleaned.rotation == 180
    assert cleaned.skew_degrees == pytest.approx(-7.0, abs=0.3)
    assert estimate_skew(cleaned.image, 300) == pytest.approx(0.0, abs=0.3)
    # Upright again: the letterhead (first ink) is near the top, as on the original.
    assert ink_box(cleaned.image)[1] < cleaned.image.height * 0.25
    assert ink(cleaned.image).sum() == pytest.approx(ink(page).sum(), rel=0.05)


@pytest.mark.parametrize("mode", ["L", "RGB", "1"])
def test_colour_mode_is_kept(mode):
    page = letter_page(0, mode={"L": "gray", "RGB": "color", "1": "lineart"}[mode])
    level, removed = deskew(damage.skewed(page, 4.0), DPI)
    assert level.mode == mode and removed == pytest.approx(4.0, abs=0.3)
    if mode == "1":  # lineart stays crisp lineart: black and white strokes of similar weight
        assert ink(level).sum() == pytest.approx(ink(page).sum(), rel=0.08)


def test_a_colour_page_fed_sideways_stays_colour():
    page = letter_page(5, mode="color")
    cleaned = clean_page(page.rotate(270, expand=True), DPI)
    assert cleaned.image.mode == "RGB" and cleaned.rotation == 270


# --- blank backs ---------------------------------------------------------------------------


def _back(seed: int = 1) -> Image.Image:
    return render_blank_back(DPI, "gray", seed)


BLANK_BACKS = {
    "demo backs": lambda: _back(3),
    "paper noise and dust": lambda: damage.paper_noise(_back(), seed=1, specks=200),
    "bleed-through": lambda: damage.bleed_through(_back(), letter_page(0)),
    "punched holes": lambda: damage.punched_holes(_back(), DPI),
    "edge shadow": lambda: damage.edge_shadow(_back(), DPI),
    "everything at once": lambda: damage.edge_shadow(
        damage.punched_holes(damage.bleed_through(damage.paper_noise(_back(), 2, 300), letter_page(0)), DPI), DPI
    ),
}


@pytest.mark.parametrize("case", BLANK_BACKS)
def test_an_empty_back_is_blank(case):
    verdict = detect_blank(BLANK_BACKS[case](), DPI)
    assert verdict.is_blank, verdict.reason
    assert verdict.ink_ratio < 0.0001


@pytest.mark.parametrize("seed", range(6))
def test_every_demo_back_is_blank(seed):
    assert detect_blank(render_blank_back(DPI, "gray", seed), DPI).is_blank


MARKED_BACKS = {
    "signature": lambda: damage.pen_scribble(_back(), DPI, (60, 150), seed=3),
    "short tick": lambda: damage.pen_scribble(_back(), DPI, (100, 200), seed=4, length_mm=8),
    "small stamp": lambda: damage.received_stamp(_back(), DPI, (130, 40), size_mm=20),
    "two-word note": lambda: damage.handwritten_note(_back(), DPI, "Ring mig", (40, 200)),
    "note beside punched holes": lambda: damage.handwritten_note(
        damage.punched_holes(_back(), DPI), DPI, "ok", (30, 60)
    ),
}


@pytest.mark.parametrize("case", MARKED_BACKS)
def test_a_back_with_a_mark_is_not_blank(case):
    verdict = detect_blank(MARKED_BACKS[case](), DPI)
    assert not verdict.is_blank, verdict.reason


def test_a_letter_page_is_not_blank():
    assert not detect_blank(letter_page(0), DPI).is_blank


@pytest.mark.parametrize("mode", ["RGB", "1"])
def test_blank_detection_works_on_colour_and_lineart(mode):
    back = render_blank_back(DPI, {"RGB": "color", "1": "lineart"}[mode], 2)
    assert detect_blank(back, DPI).is_blank
    signed = damage.pen_scribble(back.convert("L"), DPI, (60, 150), seed=5).convert(mode)
    assert not detect_blank(signed, DPI).is_blank


def test_a_red_stamp_on_a_colour_back_is_not_blank():
    back = render_blank_back(DPI, "color", 4)
    ImageDraw.Draw(back).rectangle((600, 300, 760, 360), outline=(220, 60, 60), width=3)  # light in gray
    assert not detect_blank(back, DPI).is_blank


def test_a_blank_back_skips_the_text_steps():
    back = damage.punched_holes(_back(), DPI)
    cleaned = clean_page(back, DPI)
    assert cleaned.blank.is_blank and cleaned.image is back
    assert cleaned.orientation_method == "none" and set(cleaned.timings_ms) == {"blank"}
