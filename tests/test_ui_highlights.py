"""Boxes found on the upright page land on the same words of the page as stored."""

from PIL import Image, ImageDraw

from scanstation.ui.main_window import upright_box_to_stored


def test_boxes_map_back_through_every_quarter_turn():
    stored = Image.new("L", (400, 600), 255)
    ImageDraw.Draw(stored).rectangle((50, 70, 149, 89), fill=0)  # a "word" at x 50-149, y 70-89
    for rotation in (0, 90, 180, 270):
        upright = stored.rotate(-rotation, expand=True)  # what OCR read
        left, top, right, bottom = Image.eval(upright, lambda v: 255 - v).getbbox()
        box = upright_box_to_stored((left, top, right - left, bottom - top), rotation, 400, 600)
        assert box == (50, 70, 100, 20), rotation
