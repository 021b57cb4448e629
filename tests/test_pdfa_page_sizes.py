"""A PDF/A is made whatever the size of its pages: a page under 3 pt (PDF's minimum) or over
14,400 pt (its maximum) used to make build_pdfa raise, and every export queued behind it
failed with it. The import refuses such pages now, but a rescan or an older journal can still
hold one: it is exported at the nearest size PDF allows, its shape kept."""

from __future__ import annotations

import subprocess

import pikepdf
import pytest
from PIL import Image

from scanstation.export.pdfa import MAX_PAGE_PT, MIN_PAGE_PT, PdfPage, build_pdfa, page_layout
from tests.pages import text_page


def page_boxes(pdf_bytes: bytes, tmp_path) -> list[tuple[float, float]]:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf_bytes)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with pikepdf.open(path) as pdf:
        return [(float(p.mediabox[2]) - float(p.mediabox[0]), float(p.mediabox[3]) - float(p.mediabox[1]))
                for p in pdf.pages]


@pytest.mark.parametrize("mode", ["1", "L", "RGB"])
@pytest.mark.parametrize("size", [(1, 1), (2, 3), (10, 10)])
def test_tiny_page_is_exported_at_the_least_size_pdf_allows(tmp_path, mode, size):
    path = tmp_path / "tiny.png"
    Image.new(mode, size, 0).save(path, dpi=(300, 300))
    normal = tmp_path / "letter.png"
    text_page(["Kære kommune"], dpi=100, mode=mode).save(normal, dpi=(100, 100))

    boxes = page_boxes(build_pdfa([PdfPage(path), PdfPage(normal)], title="T-1"), tmp_path)

    (tiny_w, tiny_h), (letter_w, letter_h) = boxes
    assert min(tiny_w, tiny_h) == pytest.approx(MIN_PAGE_PT)
    assert tiny_w / tiny_h == pytest.approx(size[0] / size[1], rel=0.01)  # its shape kept
    assert (letter_w, letter_h) == pytest.approx((827 * 0.72, 1169 * 0.72), abs=0.5)  # the others as they are


def test_endless_roll_is_exported_within_the_largest_pdf_page(tmp_path):
    path = tmp_path / "roll.png"
    Image.new("1", (400, 64000), 1).save(path, dpi=(100, 100))  # 16 m of paper
    [(width, height)] = page_boxes(build_pdfa([PdfPage(path)], title="T-2"), tmp_path)
    assert height == pytest.approx(MAX_PAGE_PT) and width >= MIN_PAGE_PT


def test_layout_leaves_ordinary_pages_exactly_as_they_are():
    assert page_layout(2480, 3508, (300, 300)) == pytest.approx((595.2, 841.92, 595.2, 841.92))
    assert page_layout(1728, 2200, (204, 204))[:2] == pytest.approx((1728 * 72 / 204, 2200 * 72 / 204))
