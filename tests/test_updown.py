"""Which way up, from the letters' shapes alone (imaging/updown.py): the guess that lets the
pipeline read a page fed upside down or sideways once instead of twice.

A guess must be right or say nothing: a wrong one costs a second Tesseract run. Pages are
rendered in code in several typefaces, resolutions and colour modes, skewed and soiled as a
feeder delivers them.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanstation.capture.demo_letters import demo_letters, render_letter_page
from scanstation.imaging.deskew import find_text_lines, gray_array
from scanstation.imaging.updown import way_up
from tests import scanner_damage as damage

FONTS = "/usr/share/fonts/truetype/dejavu/"
DANISH = ("Kære Kommune. Jeg skriver angående min ansøgning om boligstøtte, som jeg sendte i juli. "
          "Jeg har endnu ikke fået svar, og min udlejer spørger efter dokumentation for betalingen. "
          "Venligst oplys sagsnummer og hvornår jeg kan forvente en afgørelse fra forvaltningen.")


def guess(page: Image.Image, dpi: int) -> int | None:
    gray = gray_array(page)
    lines = find_text_lines(gray, dpi)
    assert lines.found
    return way_up(gray, dpi, lines.skew_degrees, sideways=lines.vertical)


def fed(page: Image.Image, turned: int, skew: float = 0.0) -> Image.Image:
    """The sheet as the scanner saw it: leaning `skew` degrees, turned `turned` counter-clockwise."""
    fill = 255 if page.mode == "L" else (255, 255, 255)
    return page.rotate(skew, expand=True, fillcolor=fill).rotate(turned, expand=True, fillcolor=fill)


def typed_page(font_file: str, pt: float, dpi: int, text: str = DANISH) -> Image.Image:
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(FONTS + font_file, round(pt * dpi / 72))
    words, lines, line = text.split(), [], ""
    for word in words * 3:
        if font.getlength(f"{line} {word}") > page.width - 2 * dpi:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    for number, content in enumerate(lines + [line]):
        draw.text((dpi, dpi + number * pt * 1.5 * dpi / 72), content, fill=20, font=font)
    return page


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
@pytest.mark.parametrize("skew", [0.0, 2.5, -3.0])
def test_a_letter_fed_any_way_round_is_guessed_right(turned, skew):
    page = render_letter_page(demo_letters(6, seed=3)[2], 1, 200, "gray")
    assert guess(fed(page, turned, skew), 200) == turned


@pytest.mark.parametrize("font_file,pt", [("DejaVuSerif.ttf", 10), ("DejaVuSans.ttf", 9),
                                          ("DejaVuSansMono.ttf", 10), ("DejaVuSerifCondensed-Italic.ttf", 11),
                                          ("DejaVuSans-Bold.ttf", 12)])  # fmt: skip
@pytest.mark.parametrize("turned", [0, 180])
def test_typefaces_and_small_print_are_guessed_right(font_file, pt, turned):
    assert guess(fed(typed_page(font_file, pt, 300), turned), 300) == turned


@pytest.mark.parametrize("turned", [0, 180, 270])
def test_a_soiled_scan_at_300_dpi_is_guessed_right(turned):
    page = render_letter_page(demo_letters(6, seed=4)[0], 1, 300, "gray")
    soiled = damage.edge_shadow(damage.punched_holes(damage.paper_noise(page, seed=turned, specks=200), 300), 300)
    stamped = damage.received_stamp(soiled, 300, (120, 40))
    assert guess(fed(stamped, turned, 1.5), 300) == turned


@pytest.mark.parametrize("turned", [0, 90, 180])
def test_a_colour_scan_is_guessed_right(turned):
    page = render_letter_page(demo_letters(6, seed=4)[1], 1, 200, "color")
    assert guess(fed(page, turned, -1.0), 200) == turned


def test_capitals_alone_do_not_say_which_way_up():
    """Block capitals stand on the baseline and reach the same height: no guess, the reading decides."""
    page = typed_page("DejaVuSans.ttf", 11, 200, DANISH.upper())
    assert guess(page, 200) is None and guess(fed(page, 180), 200) is None


def test_a_page_with_a_few_words_makes_no_guess():
    page = typed_page("DejaVuSans.ttf", 11, 200, "Tak")
    gray = np.asarray(page)
    assert way_up(gray, 200, 0.0) is None
