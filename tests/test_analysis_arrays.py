"""analyze_page turns the page into numpy arrays once and hands them to every step: the answers
are those of the steps run one by one on the PIL image, and the ink check it can do on the way
gives the threshold imaging.bitonal.ink_only_threshold gives."""

from __future__ import annotations

import functools

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanstation.analysis import AnalysisOptions, analyze_page
from scanstation.capture.demo_letters import demo_letters, render_blank_back, render_letter_page
from scanstation.imaging.bitonal import ink_only_threshold
from scanstation.imaging.blank import _ink_within, detect_blank
from scanstation.imaging.blobs import label_blobs
from scanstation.imaging.deskew import find_text_lines, gray_array
from scanstation.imaging.updown import way_up
from scanstation.recognition.barcodes import read_barcodes
from scanstation.recognition.coversheet import render_separator_sheet_image
from scanstation.recognition.patchcode import detect_patch_code

from .test_pdfa import colour_scan_of
from tests.signing import TEST_SITE_KEY

LATER = AnalysisOptions(orientation_step="later", site_key=TEST_SITE_KEY)


@functools.lru_cache(maxsize=None)
def _gray_letter(dpi: int) -> Image.Image:
    letter = next(item for item in demo_letters(10, seed=6) if item.page_count == 1)
    return render_letter_page(letter, 1, dpi, "gray")


def gray_letter(dpi: int = 200) -> Image.Image:
    return _gray_letter(dpi).copy()


def shaded_letter() -> Image.Image:
    page = gray_letter()
    ImageDraw.Draw(page).rectangle((150, 1500, 700, 1700), fill=200)  # a light gray box, as a form has
    return page


def blue_signed_colour_scan() -> Image.Image:
    scan = colour_scan_of(gray_letter())
    ImageDraw.Draw(scan).line((300, 1900, 420, 1880, 470, 1930), fill=(25, 50, 150), width=3)  # ballpoint
    return scan


PAGES = {
    "gray letter": gray_letter,
    "gray letter at 300 dpi": lambda: gray_letter(300),
    "shaded letter": shaded_letter,
    "colour scan with a blue signature": blue_signed_colour_scan,
    "colour scan without colour": lambda: colour_scan_of(gray_letter()),
}


@pytest.mark.parametrize("case", PAGES)
def test_the_ink_check_gives_the_threshold_ink_only_threshold_gives(case):
    page = PAGES[case]()
    dpi = 300 if "300" in case else 200
    expected = ink_only_threshold(page, dpi)
    assert (expected is None) == (case in ("shaded letter", "colour scan with a blue signature"))
    analysis = analyze_page(page, dpi, LATER, ink_check=True)
    assert analysis.ink_threshold == expected
    assert analyze_page(page, dpi, LATER).ink_threshold is None  # only when asked for


def test_blank_pages_and_separator_sheets_get_no_ink_check():
    assert analyze_page(render_blank_back(200, "gray", 1), 200, LATER, ink_check=True).ink_threshold is None
    sheet = analyze_page(render_separator_sheet_image(200, key=TEST_SITE_KEY), 200, LATER, ink_check=True)
    assert sheet.separator_kind == "separator" and sheet.ink_threshold is None


@pytest.mark.parametrize("case", ["gray letter at 300 dpi", "colour scan with a blue signature", "separator sheet",
                                  "sideways letter"])  # fmt: skip
def test_the_shared_arrays_give_what_each_step_finds_on_the_image(case):
    dpi = 300 if case in ("gray letter at 300 dpi", "sideways letter") else 200
    if case == "separator sheet":
        page = render_separator_sheet_image(dpi, mode="RGB", key=TEST_SITE_KEY)
    elif case == "sideways letter":
        page = gray_letter(dpi).rotate(90, expand=True)
    else:
        page = PAGES[case]()
    analysis = analyze_page(page, dpi, LATER)
    assert not analysis.blank and not detect_blank(page, dpi).is_blank
    gray = gray_array(page)
    lines = find_text_lines(gray, dpi)
    assert (analysis.lines_found, analysis.lines_vertical) == (lines.found, lines.vertical)
    if analysis.orientation_method == "pending":
        assert analysis.skew_degrees == round(lines.skew_degrees, 3)
        assert analysis.letters_way_up == way_up(gray, dpi, lines.skew_degrees, sideways=lines.vertical)
    level_text = lines.found and not lines.vertical
    assert list(analysis.barcodes) == read_barcodes(page, level_text=level_text)
    assert analysis.patch_code == detect_patch_code(page, dpi)
    if case == "separator sheet":  # codes, found in the first pass, and a patch code
        assert len(analysis.barcodes) == 2 and analysis.patch_code == "T"
    else:  # no codes: the half-size retry ran; the letters said which way up
        assert analysis.barcodes == () and analysis.letters_way_up == (90 if case == "sideways letter" else 0)


def test_blobs_are_labelled_as_opencv_labels_them_with_16_bit_labels_only_where_they_fit():
    rng = np.random.default_rng(3)
    sparse = (rng.random((600, 400)) < 0.01).astype(np.uint8)
    count, labels, stats = label_blobs(sparse)
    expected = cv2.connectedComponentsWithStats(sparse, connectivity=8)
    assert labels.dtype == np.uint16 and count == expected[0]
    assert np.array_equal(labels, expected[1]) and np.array_equal(stats, expected[2])
    speckled = np.zeros((800, 800), np.uint8)
    speckled[::2, ::2] = 1  # 160,000 blobs of one pixel: more than 16-bit labels can count
    count, labels, _ = label_blobs(speckled)
    assert labels.dtype == np.int32 and count == 160_001


def test_ink_within_a_box_counts_what_a_pixel_by_pixel_count_finds():
    rng = np.random.default_rng(5)
    mask = (cv2.GaussianBlur(rng.random((300, 200)).astype(np.float32), (0, 0), 2) > 0.52).astype(np.uint8)
    _, labels, stats = label_blobs(mask)
    chosen = rng.random(len(stats)) < 0.5
    chosen[0] = False
    left, top, right, bottom = 15, 30, 185, 270
    inner = labels[top:bottom, left:right]
    expected_pixels = int(chosen[inner].sum())
    expected_blobs = len(np.unique(inner[chosen[inner]]))
    assert expected_blobs > 10 and stats[chosen][:, cv2.CC_STAT_LEFT].min() < left  # some cross the edge
    assert _ink_within(labels, stats, chosen, (left, top, right, bottom)) == (expected_pixels, expected_blobs)
