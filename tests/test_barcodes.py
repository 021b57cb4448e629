"""Reading barcodes with zxing-cpp and zbar: every symbology each engine supports, and bad input."""

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from scanstation.recognition.barcodes import DEFAULT_ENGINE, Barcode, read_barcodes, same_code_key

SAMPLES = {  # our name -> (zxing-cpp format to make it, value)
    "CODE39": ("Code39", "SCAN-2026"),
    "CODE128": ("Code128", "SSCS1|r=jobcenter|c=13/44080"),
    "EAN13": ("EAN13", "5701234567899"),
    "EAN8": ("EAN8", "57012346"),
    "UPCA": ("UPCA", "036000291452"),
    "UPCE": ("UPCE", "01234565"),
    "I25": ("ITF", "12345678901231"),
    "QRCODE": ("QRCode", "Eksempel Kommune 4600"),
    "DATAMATRIX": ("DataMatrix", "SSCS1|r=skole"),
    "PDF417": ("PDF417", "Eksempel Kommune"),
    "AZTEC": ("Aztec", "SSCS1|r=aeldre"),
}
ZBAR_READS = ["CODE39", "CODE128", "EAN13", "EAN8", "UPCA", "UPCE", "I25", "QRCODE"]  # its PDF417 reader fails


def code_on_page(symbology: str, dpi: int = 200, scale_mm: float = 0.4, angle: float = 0) -> Image.Image:
    """A half-A4 page at `dpi` with one code, modules `scale_mm` wide, turned `angle` degrees."""
    fmt, value = SAMPLES[symbology]
    made = zxingcpp.create_barcode(value, getattr(zxingcpp.BarcodeFormat, fmt))
    code = Image.fromarray(np.array(zxingcpp.write_barcode_to_image(made, scale=1))).convert("L")
    factor = scale_mm * dpi / 25.4
    code = code.resize((round(code.width * factor), max(round(code.height * factor), round(12 * dpi / 25.4))),
                       Image.Resampling.BOX)  # fmt: skip
    page = Image.new("L", (round(8.27 * dpi), round(5.8 * dpi)), 255)
    page.paste(code, ((page.width - code.width) // 2, (page.height - code.height) // 2))
    return page.rotate(angle, expand=True, fillcolor=255) if angle else page


def expected(symbology):
    return same_code_key(symbology, SAMPLES[symbology][1])


@pytest.mark.parametrize("symbology", list(SAMPLES))
def test_zxing_reads_every_symbology(symbology):
    found = read_barcodes(code_on_page(symbology), engine="zxing")
    assert [same_code_key(c.symbology, c.value) for c in found] == [expected(symbology)]
    assert found[0].engine == "zxing"


@pytest.mark.parametrize("symbology", ZBAR_READS)
def test_zbar_reads_the_symbologies_it_supports(symbology):
    found = read_barcodes(code_on_page(symbology), engine="zbar")
    assert [same_code_key(c.symbology, c.value) for c in found] == [expected(symbology)]


@pytest.mark.parametrize("engine", ["zxing", "zbar"])
@pytest.mark.parametrize("angle", [90, 180, 7])
def test_turned_codes_are_read(engine, angle):
    found = read_barcodes(code_on_page("CODE128", angle=angle), engine=engine)
    assert [c.value for c in found] == [SAMPLES["CODE128"][1]]


@pytest.mark.parametrize("engine", ["zxing", "zbar"])
def test_a_code_across_a_page_of_level_text_is_read_and_one_standing_upright_too(engine):
    """On a page whose text runs across, the first pass looks for codes running across only;
    a code printed upright in the margin is still found by the retries."""
    for angle in (0, 180, 90):
        found = read_barcodes(code_on_page("CODE128", dpi=300, scale_mm=0.5, angle=angle), engine=engine,
                              level_text=True)  # fmt: skip
        assert [c.value for c in found] == [SAMPLES["CODE128"][1]], angle


def test_zbar_reads_a_code_at_45_degrees_through_its_turned_retry():
    found = read_barcodes(code_on_page("CODE39", angle=45), engine="zbar")
    assert [c.value for c in found] == ["SCAN-2026"]


def test_bbox_is_in_page_pixels():
    page = code_on_page("QRCODE", dpi=200)
    (code,) = read_barcodes(page)
    x, y, w, h = code.bbox
    assert abs((x + w / 2) - page.width / 2) < 10 and abs((y + h / 2) - page.height / 2) < 10
    assert 0.8 < w / h < 1.25


def test_both_engines_give_one_result_per_code():
    found = read_barcodes(code_on_page("QRCODE"), engine="both")
    assert len(found) == 1 and found[0].value == "Eksempel Kommune 4600"


def test_small_low_resolution_code_is_read_by_the_upscaled_retry():
    page = code_on_page("QRCODE", dpi=100, scale_mm=0.3)  # about one pixel per module
    assert [c.value for c in read_barcodes(page, engine="zxing")] == ["Eksempel Kommune 4600"]


def test_values_are_text_without_nul():
    made = zxingcpp.create_barcode(b"ab\x00c\xff", zxingcpp.BarcodeFormat.QRCode)
    code = Image.fromarray(np.array(zxingcpp.write_barcode_to_image(made, scale=6))).convert("L")
    for engine in ("zxing", "zbar"):
        for found in read_barcodes(code, engine=engine):
            assert isinstance(found.value, str) and "\x00" not in found.value


@pytest.mark.parametrize("image", [
    Image.new("L", (1, 1)), Image.new("RGBA", (300, 300), (0, 0, 0, 0)), Image.new("1", (500, 400)),
    Image.new("I;16", (200, 200)), Image.new("F", (64, 64)), Image.new("P", (100, 100)), Image.new("CMYK", (90, 90)),
    Image.fromarray(np.random.default_rng(1).integers(0, 256, (600, 500), dtype=np.uint8)),
])  # fmt: skip
def test_weird_images_give_no_codes_and_no_error(image):
    for engine in ("zxing", "zbar", "both"):
        assert read_barcodes(image, engine=engine) == []


def test_unknown_engine_is_a_programming_error():
    with pytest.raises(ValueError):
        read_barcodes(Image.new("L", (100, 100)), engine="tesseract")


def test_default_engine_and_result_type():
    assert DEFAULT_ENGINE in ("zxing", "zbar", "both")
    found = read_barcodes(code_on_page("EAN13").convert("RGB"))
    assert found and isinstance(found[0], Barcode) and found[0].symbology == "EAN13"


def test_a_light_on_dark_code_is_still_read_by_the_retries():
    """The first pass looks for dark codes only (most mail); the retries also try inverted ones."""
    from PIL import ImageOps

    page = ImageOps.invert(code_on_page("QRCODE"))
    codes = read_barcodes(page, engine="zxing")
    assert [same_code_key(c.symbology, c.value) for c in codes] == [expected("QRCODE")]
