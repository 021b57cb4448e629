"""Kodak patch codes: printed sheets found in any feed direction, and never on ordinary letters."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanstation.capture.demo_letters import demo_letters, render_letter_pages
from scanstation.recognition.patchcode import PATTERNS, detect_patch_code, patch_bars, render_patch_sheet_image


def _noisy(image: Image.Image, seed: int) -> Image.Image:
    """Scanner noise: gray paper, grain, and a sprinkling of dust and dropouts."""
    rng = np.random.default_rng(seed)
    a = np.asarray(image.convert("L"), dtype=np.float32) * 0.85 + 25 + rng.normal(0, 18, image.size[::-1])
    specks = rng.random(a.shape)
    a[specks < 0.005], a[specks > 0.995] = 255, 0
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def test_pattern_geometry_follows_the_standard():
    for code in PATTERNS:
        bars = patch_bars(code)
        assert len(bars) == 4
        offset, width = bars[-1]
        assert offset + width == pytest.approx(0.8 * 25.4)  # 0.80 in, whatever the code
    with pytest.raises(ValueError):
        patch_bars("5")


@pytest.mark.parametrize("code", ["2", "3", "T"])
@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_patch_sheets_are_detected_in_any_feed_direction(code, dpi, turn):
    page = render_patch_sheet_image(code, dpi=dpi).rotate(turn, expand=True)
    assert detect_patch_code(_noisy(page, seed=turn + dpi), dpi) == code


@pytest.mark.parametrize("code", ["1", "4", "6"])
def test_the_other_codes_and_modes(code):
    assert detect_patch_code(render_patch_sheet_image(code, dpi=150, mode="1"), 150) == code
    assert detect_patch_code(render_patch_sheet_image(code, dpi=200, mode="RGB").rotate(180), 200) == code


@pytest.mark.parametrize("skew", [-3, 2])
def test_skewed_patch_sheet(skew):
    page = render_patch_sheet_image("T", dpi=200).rotate(skew, expand=True, fillcolor=255)
    assert detect_patch_code(_noisy(page, 7), 200) == "T"


def _letter_pages():
    pages = []
    for letter in demo_letters(8):
        pages += [(letter.sender_kind, p) for p in render_letter_pages(letter, dpi=200, mode="gray")[:2]]
    kinds = {kind for kind, _ in pages}
    assert "citizen" in kinds and len(kinds) >= 2 and len(pages) >= 6  # with and without a letterhead
    return [p for _, p in pages]


def test_no_patch_code_on_ordinary_letters():
    pages = _letter_pages()
    for page in pages:
        for turn in (0, 90):
            assert detect_patch_code(page.rotate(turn, expand=True), 200) is None


def test_letterhead_in_colour_is_no_patch_code():
    letter = next(letter for letter in demo_letters(12) if letter.sender_kind != "citizen")
    page = render_letter_pages(letter, dpi=200, mode="color")[0]
    assert detect_patch_code(page, 200) is None


def _tricky_page(dpi: int = 200) -> Image.Image:
    """Table grid with a bold header rule, underlines, a thick coloured band, a Code 39 and stripes."""
    px = dpi / 25.4
    page = Image.new("RGB", (round(210 * px), round(297 * px)), "white")
    d = ImageDraw.Draw(page)
    d.rectangle((0, 0, page.width, 18 * px), fill=(0, 86, 140))  # letterhead band
    d.rectangle((0, 20 * px, page.width, 22 * px), fill=(0, 86, 140))  # and a 2 mm rule under it
    for i in range(12):  # table: rows 7 mm apart, 0.4 mm rules, a 1.5 mm rule under the header
        y = (60 + 7 * i) * px
        d.rectangle((20 * px, y, 190 * px, y + (1.5 if i == 1 else 0.4) * px), fill="black")
    for x in (20, 70, 130, 190):
        d.rectangle((x * px, 60 * px, (x + 0.4) * px, 137 * px), fill="black")
    for i in range(3):  # three heavy underlines 5 mm apart
        d.rectangle((30 * px, (160 + 5 * i) * px, 120 * px, (161 + 5 * i) * px), fill="black")
    x = 30 * px  # a Code 39-like run of bars: 0.33 / 0.83 mm
    for i, wide in enumerate([1, 0, 0, 1, 0, 1, 0, 0, 1] * 6):
        width = (0.83 if wide else 0.33) * px
        if i % 2 == 0:
            d.rectangle((x, 200 * px, x + width, 215 * px), fill="black")
        x += width + 0.33 * px
    for i in range(4):  # four even stripes 3 mm thick, 3 mm apart: bars, but no patch pattern
        d.rectangle((20 * px, (240 + 6 * i) * px, 190 * px, (243 + 6 * i) * px), fill=(90, 90, 90))
    return page


@pytest.mark.parametrize("turn", [0, 90, 180])
def test_no_patch_code_on_a_page_with_a_table_grid_bands_and_a_barcode(turn):
    page = _tricky_page().rotate(turn, expand=True)
    assert detect_patch_code(page, 200) is None
    assert detect_patch_code(page.convert("L"), 200) is None


@pytest.mark.parametrize("image", [Image.new("L", (3, 3)), Image.new("L", (800, 1100), 0), Image.new("L", (800, 1100), 255)])
def test_degenerate_pages(image):
    assert detect_patch_code(image, 100) is None
    assert detect_patch_code(image, 0) is None
