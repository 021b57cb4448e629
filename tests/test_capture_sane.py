"""SaneBackend against the real libsane: its `test` (simulated ADF, injected statuses)
and `pnm` (scans an image file) backends. No mocks: faults come from the driver."""

from __future__ import annotations

import pytest

from tests.sane_env import PAGE_HEIGHT_MM, PAGE_WIDTH_MM, use_test_sane_config

use_test_sane_config()  # before the first sane.init() of this process

sane = pytest.importorskip("sane")

from PIL import Image, ImageChops, ImageDraw  # noqa: E402

from scanstation.capture import backend_for  # noqa: E402
from scanstation.capture.base import (  # noqa: E402
    CancelToken,
    Cancelled,
    CoverOpen,
    DeviceBusy,
    DeviceLost,
    DeviceNotFound,
    FeederEmpty,
    PaperJam,
    ScanError,
    ScanSettings,
)
from scanstation.capture.sane import SaneBackend, mode_kind, source_kind  # noqa: E402

TEST_DEVICE = "sane:test:0"
PNM_DEVICE = "sane:pnm:0"
FEEDER = {"source": "Automatic Document Feeder"}  # the test backend has no duplex source
ADF_SHEETS = 10  # the test backend's feeder is empty after 10 scans
# The test backend keeps option values from one open to the next, so an injected fault
# stays until it is set back: this is the clerk clearing it.
CLEARED = {"read-return-value": "Default"}


def settings(source: str = "adf", mode: str = "gray", dpi: int = 75) -> ScanSettings:
    return ScanSettings(source=source, mode=mode, dpi=dpi)


def scan_until_fault(backend, device_id, scan_settings, **kwargs):
    """All pages up to the fault, and the fault."""
    pages = []
    with pytest.raises(ScanError) as fault:
        for page in backend.scan(device_id, scan_settings, **kwargs):
            pages.append(page)
    return pages, fault.value


def sheets_and_sides(pages):
    return [(page.sheet, page.side) for page in pages]


@pytest.fixture(autouse=True)
def test_devices_without_faults():
    """Each test starts with healthy devices, and fails here if it left one open."""
    yield
    for name in ("test:0", "test:1"):
        device = sane.open(name)  # "Device busy" if a scan leaked its handle
        device.read_return_value = "Default"
        device.close()


class JamsOnPage(SaneBackend):
    """Sets the real driver to report a jam from the n-th page read on."""

    def __init__(self, page_number: int) -> None:
        self.page_number = page_number
        self.pages_read = 0

    def _read_page(self, device):
        self.pages_read += 1
        if self.pages_read == self.page_number:
            device.read_return_value = "SANE_STATUS_JAMMED"
        return super()._read_page(device)


# --- devices and options --------------------------------------------------------


def test_lists_the_test_and_pnm_devices():
    devices = {device.id: device for device in SaneBackend().list_devices()}
    assert {"sane:test:0", "sane:test:1", "sane:pnm:0"} <= devices.keys()
    assert devices[TEST_DEVICE].name == "Noname frontend-tester"
    assert devices[TEST_DEVICE].kind == "sane"


def test_registry_gives_the_sane_backend():
    assert isinstance(backend_for(TEST_DEVICE), SaneBackend)


def test_describe_maps_test_backend_sources_modes_and_resolutions():
    options = SaneBackend().describe(TEST_DEVICE)
    assert options.sources == ("flatbed", "adf")
    assert options.modes == ("gray", "color", "lineart")  # lineart thresholded from gray
    assert {75, 150, 300, 600, 1200} <= set(options.resolutions)
    assert (options.default_source, options.default_resolution, options.default_mode) == ("adf", 300, "gray")


def test_describe_pnm_is_a_flatbed_with_its_resolution_list():
    options = SaneBackend().describe(PNM_DEVICE)
    assert options.sources == ("flatbed",)
    assert options.resolutions[0] == 75 and options.resolutions[-1] == 300
    assert options.default_source == "flatbed"


@pytest.mark.parametrize(
    "sane_source, ours",
    [
        ("Flatbed", "flatbed"),
        ("FlatBed", "flatbed"),
        ("Document Table", "flatbed"),
        ("ADF", "adf"),
        ("ADF Front", "adf"),
        ("Automatic Document Feeder", "adf"),
        ("Automatic Document Feeder(left aligned)", "adf"),
        ("ADF Duplex", "duplex"),
        ("Duplex", "duplex"),
        ("Automatic Document Feeder(left aligned,Duplex)", "duplex"),
        ("ADF Back", None),
        ("Transparency Unit", None),
    ],
)
def test_source_names_of_drivers(sane_source, ours):
    assert source_kind(sane_source) == ours


@pytest.mark.parametrize(
    "sane_mode, ours",
    [
        ("Gray", "gray"),
        ("Grayscale", "gray"),
        ("True Gray", "gray"),
        ("Gray[Error Diffusion]", None),
        ("Color", "color"),
        ("24bit Color", "color"),
        ("Lineart", "lineart"),
        ("Binary", "lineart"),
        ("Black & White", "lineart"),
        ("Halftone", None),
    ],
)
def test_mode_names_of_drivers(sane_mode, ours):
    assert mode_kind(sane_mode) == ours


def test_unknown_devices_are_not_found():
    backend = SaneBackend()
    with pytest.raises(DeviceNotFound):
        list(backend.scan("sane:nosuch:0", settings()))
    with pytest.raises(DeviceNotFound):
        backend.describe("sane:test:7")
    with pytest.raises(DeviceNotFound):
        backend.describe("sane:")


# --- batches ----------------------------------------------------------------------


def test_adf_batch_yields_every_sheet_then_stops():
    pages = list(SaneBackend().scan(TEST_DEVICE, settings("adf")))
    assert [page.sheet for page in pages] == list(range(1, ADF_SHEETS + 1))
    assert {page.side for page in pages} == {"front"}
    assert pages[2].origin == "ADF sheet 3"
    assert pages[2].extra["device"] == TEST_DEVICE


def test_duplex_yields_front_and_back_of_each_sheet():
    pages = list(SaneBackend().scan(TEST_DEVICE, settings("duplex"), extra_options=FEEDER))
    expected = [(sheet, side) for sheet in range(1, ADF_SHEETS // 2 + 1) for side in ("front", "back")]
    assert sheets_and_sides(pages) == expected
    assert [page.origin for page in pages[:2]] == ["ADF sheet 1 front", "ADF sheet 1 back"]


def test_duplex_on_a_simplex_driver_is_refused():
    with pytest.raises(ScanError, match="cannot scan from duplex"):
        list(SaneBackend().scan(TEST_DEVICE, settings("duplex")))


def test_flatbed_yields_one_page():
    pages = list(SaneBackend().scan(TEST_DEVICE, settings("flatbed")))
    assert sheets_and_sides(pages) == [(1, "front")]
    assert pages[0].origin == "Flatbed"


def test_first_sheet_continues_the_numbering():
    pages = list(SaneBackend().scan(TEST_DEVICE, settings("flatbed"), first_sheet=7))
    assert pages[0].sheet == 7


@pytest.mark.parametrize("mode, image_mode", [("gray", "L"), ("color", "RGB"), ("lineart", "1")])
@pytest.mark.parametrize("dpi", [75, 150])
def test_colour_modes_and_resolution(mode, image_mode, dpi):
    [page] = SaneBackend().scan(TEST_DEVICE, settings("flatbed", mode, dpi))
    assert page.image.mode == image_mode
    assert page.dpi == dpi and page.image.info["dpi"] == (dpi, dpi)
    expected_size = (round(PAGE_WIDTH_MM / 25.4 * dpi), round(PAGE_HEIGHT_MM / 25.4 * dpi))
    assert abs(page.image.width - expected_size[0]) <= 1
    assert abs(page.image.height - expected_size[1]) <= 1
    if mode == "lineart":  # the grid picture: black lines on white
        assert page.image.convert("L").getextrema() == (0, 255)


def test_nearest_supported_resolution_is_used_and_reported(tmp_path):
    path, _ = _save_document(tmp_path, "L")
    [page] = SaneBackend().scan(PNM_DEVICE, settings("flatbed", "gray", 110), extra_options={"filename": path})
    assert page.dpi == 100  # pnm offers ... 100, 120 ...


def _document_image(mode: str) -> Image.Image:
    image = Image.new("RGB", (240, 320), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 30), "Invoice 2024-117\nAcme A/S", fill="black")
    draw.rectangle((20, 200, 120, 260), fill=(200, 30, 40))
    draw.line((0, 319, 239, 0), fill=(0, 90, 200), width=3)
    return image.convert(mode)


def _save_document(directory, image_mode: str) -> tuple[str, Image.Image]:
    image = _document_image(image_mode)
    path = directory / ("page.ppm" if image_mode == "RGB" else "page.pgm")
    image.save(path)
    return str(path), image


@pytest.mark.parametrize("mode, image_mode", [("color", "RGB"), ("gray", "L")])
def test_pnm_scan_returns_the_file_pixel_for_pixel(tmp_path, mode, image_mode):
    path, original = _save_document(tmp_path, image_mode)
    [page] = SaneBackend().scan(PNM_DEVICE, settings("flatbed", mode), extra_options={"filename": path})
    assert page.image.mode == image_mode
    assert page.image.size == original.size
    assert ImageChops.difference(page.image, original).getbbox() is None


def test_adf_on_a_flatbed_only_device_is_refused():
    with pytest.raises(ScanError, match="cannot scan from adf"):
        list(SaneBackend().scan(PNM_DEVICE, settings("adf")))


def test_unknown_extra_option_is_an_error():
    with pytest.raises(ScanError, match="no option 'no-such-option'"):
        list(SaneBackend().scan(TEST_DEVICE, settings("flatbed"), extra_options={"no-such-option": 1}))


# --- faults -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, error_type",
    [
        ("SANE_STATUS_JAMMED", PaperJam),
        ("SANE_STATUS_COVER_OPEN", CoverOpen),
        ("SANE_STATUS_IO_ERROR", DeviceLost),
        ("SANE_STATUS_DEVICE_BUSY", DeviceBusy),
        ("SANE_STATUS_NO_DOCS", FeederEmpty),
        ("SANE_STATUS_CANCELLED", Cancelled),
        ("SANE_STATUS_NO_MEM", ScanError),
    ],
)
def test_driver_statuses_become_typed_errors_and_release_the_device(status, error_type):
    backend = SaneBackend()
    pages, fault = scan_until_fault(
        backend, TEST_DEVICE, settings("adf"), extra_options={"read-return-value": status}
    )
    assert pages == []
    assert type(fault) is error_type
    assert fault.device == TEST_DEVICE
    # the handle was closed: once the fault is cleared the same device scans again
    assert len(list(backend.scan(TEST_DEVICE, settings("flatbed"), extra_options=CLEARED))) == 1


def test_jam_mid_batch_keeps_earlier_pages_and_the_batch_resumes():
    pages, fault = scan_until_fault(JamsOnPage(4), TEST_DEVICE, settings("adf"))
    assert isinstance(fault, PaperJam) and fault.resumable
    assert [page.sheet for page in pages] == [1, 2, 3]

    # The clerk clears the jam and continues from the jammed sheet. (The test backend
    # refills its feeder on every open, so the resumed batch is 10 more sheets.)
    resumed = list(SaneBackend().scan(TEST_DEVICE, settings("adf"), first_sheet=4, extra_options=CLEARED))
    assert [page.sheet for page in resumed] == list(range(4, 4 + ADF_SHEETS))


def test_duplex_jam_on_a_back_side_keeps_the_front():
    pages, fault = scan_until_fault(JamsOnPage(4), TEST_DEVICE, settings("duplex"), extra_options=FEEDER)
    assert isinstance(fault, PaperJam)
    assert sheets_and_sides(pages) == [(1, "front"), (1, "back"), (2, "front")]


def test_device_held_by_another_program_is_busy():
    other_program = sane.open("test:0")
    try:
        with pytest.raises(DeviceBusy):
            list(SaneBackend().scan(TEST_DEVICE, settings("flatbed")))
        # the other device of the same driver is free
        assert len(list(SaneBackend().scan("sane:test:1", settings("flatbed")))) == 1
    finally:
        other_program.close()
    assert len(list(SaneBackend().scan(TEST_DEVICE, settings("flatbed")))) == 1


# --- cancel and early stop -----------------------------------------------------------


def test_cancel_stops_between_pages():
    token = CancelToken()
    pages = []
    with pytest.raises(Cancelled):
        for page in SaneBackend().scan(TEST_DEVICE, settings("adf"), token):
            pages.append(page)
            if len(pages) == 3:
                token.cancel()
    assert [page.sheet for page in pages] == [1, 2, 3]
    assert len(list(SaneBackend().scan(TEST_DEVICE, settings("flatbed")))) == 1


def test_cancel_does_not_split_a_duplex_sheet():
    token = CancelToken()
    pages = []
    with pytest.raises(Cancelled):
        for page in SaneBackend().scan(TEST_DEVICE, settings("duplex"), token, extra_options=FEEDER):
            pages.append(page)
            token.cancel()
    assert sheets_and_sides(pages) == [(1, "front"), (1, "back")]


def test_cancelled_before_the_first_page():
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        list(SaneBackend().scan(TEST_DEVICE, settings("adf"), token))


def test_closing_the_generator_early_releases_the_device():
    batch = SaneBackend().scan(TEST_DEVICE, settings("adf"))
    assert next(batch).sheet == 1
    batch.close()
    assert len(list(SaneBackend().scan(TEST_DEVICE, settings("adf")))) == ADF_SHEETS
