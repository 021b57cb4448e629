"""TwainBackend against tests/fakes/fake_twain.py, a scripted stand-in for pytwain 2.3."""

from __future__ import annotations

import itertools

import pytest
from PIL import Image

from scanstation.capture.base import (
    Cancelled,
    CancelToken,
    CoverOpen,
    DeviceBusy,
    DeviceInfo,
    DeviceLost,
    DeviceNotFound,
    DoubleFeed,
    FeederEmpty,
    PaperJam,
    ScanError,
    ScanSettings,
)
from scanstation.capture.twain import TwainBackend
from tests.fakes import fake_twain as tw

SIZE = (34, 44)  # small pages keep the suite fast


def page(value: int) -> Image.Image:
    """A plain page whose gray level says which page it is."""
    return Image.new("L", SIZE, value)


def stack(n: int, *, backs: bool = False) -> list:
    return [(page(10 * i), page(10 * i + 5) if backs else None) for i in range(1, n + 1)]


def level(image: Image.Image) -> int:
    return image.convert("L").getpixel((0, 0))


@pytest.fixture(autouse=True)
def no_dsm():
    yield
    tw.uninstall()


@pytest.fixture
def backend() -> TwainBackend:
    return TwainBackend(twain_module=tw)


def install(**kwargs) -> tw.FakeScanner:
    scanner = tw.FakeScanner("Fujitsu fi-7160", **kwargs)
    tw.install(scanner, tw.FakeScanner("Canon LiDE 400", has_feeder=False))
    return scanner


def assert_released(scanner: tw.FakeScanner) -> None:
    """The source and the DSM were closed, and every image's global memory freed."""
    assert not scanner.is_open
    assert tw._dsm.managers_open == 0
    assert tw.live_handles() == []


ADF = ScanSettings(source="adf", dpi=300, mode="gray")


# --- devices and options ---------------------------------------------------------------


def test_list_devices(backend):
    install()
    assert backend.list_devices() == [
        DeviceInfo("twain:Fujitsu fi-7160", "Fujitsu fi-7160", "twain"),
        DeviceInfo("twain:Canon LiDE 400", "Canon LiDE 400", "twain"),
    ]
    assert tw._dsm.managers_open == 0


def test_no_dsm_installed_is_device_not_found(backend):
    with pytest.raises(DeviceNotFound, match="Data Source Manager"):
        backend.list_devices()


def test_real_pytwain_is_windows_only(monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    with pytest.raises(DeviceNotFound, match="Windows"):
        TwainBackend().list_devices()


def test_describe_duplex_feeder_with_flatbed(backend):
    install(duplex=True, pixel_types=(tw.TWPT_BW, tw.TWPT_GRAY, tw.TWPT_RGB))
    options = backend.describe("twain:Fujitsu fi-7160")
    assert options.sources == ("flatbed", "adf", "duplex")
    assert options.resolutions == (100, 150, 200, 300, 400, 600)
    assert options.modes == ("gray", "color", "lineart")
    assert (options.default_source, options.default_resolution, options.default_mode) == ("adf", 300, "gray")


def test_describe_flatbed_only_gray(backend):
    tw.install(tw.FakeScanner("Canon LiDE 400", has_feeder=False, pixel_types=(tw.TWPT_GRAY,)))
    options = backend.describe("twain:Canon LiDE 400")
    assert options.sources == ("flatbed",)
    assert options.default_source == "flatbed"
    assert options.modes == ("gray", "lineart")  # lineart thresholded from gray


def test_describe_feeder_only_and_resolution_range(backend):
    install(has_flatbed=False, resolution_range=(50.0, 1200.0, 1.0))
    options = backend.describe("twain:Fujitsu fi-7160")
    assert options.sources == ("adf",)
    assert options.resolutions == (75, 100, 150, 200, 240, 300, 400, 600, 1200)


def test_describe_one_value_feeder_cap_means_a_feeder(backend):
    # Many drivers answer MSG_GET for CAP_FEEDERENABLED with the current value (False).
    install(one_value_caps={tw.CAP_FEEDERENABLED})
    assert backend.describe("twain:Fujitsu fi-7160").sources == ("flatbed", "adf")


def test_describe_unknown_device(backend):
    install()
    with pytest.raises(DeviceNotFound):
        backend.describe("twain:Nope 3000")
    with pytest.raises(DeviceNotFound):
        backend.describe("sane:test:0")


def test_backend_from_registry_is_a_twain_backend():
    from scanstation.capture import backend_for

    assert backend_for("twain:anything").kind == "twain"


# --- scanning ------------------------------------------------------------------------------


def test_adf_batch(backend):
    scanner = install(sheets=stack(4))
    pages = list(backend.scan("twain:Fujitsu fi-7160", ADF))
    assert [(p.sheet, p.side, p.origin) for p in pages] == [
        (1, "front", "ADF sheet 1"), (2, "front", "ADF sheet 2"),
        (3, "front", "ADF sheet 3"), (4, "front", "ADF sheet 4"),
    ]
    assert [level(p.image) for p in pages] == [10, 20, 30, 40]
    assert all(p.image.mode == "L" and p.image.info["dpi"] == (300, 300) and p.dpi == 300 for p in pages)
    assert scanner.acquire_requests == [(False, False)]  # no driver UI
    sets = scanner.set_values()
    assert sets[tw.CAP_FEEDERENABLED] is True and sets[tw.CAP_AUTOFEED] is True
    assert sets[tw.CAP_DUPLEXENABLED] is False
    assert_released(scanner)


def test_adf_batch_with_exact_pending_count(backend):
    scanner = install(sheets=stack(3), exact_count=True)
    assert len(list(backend.scan("twain:Fujitsu fi-7160", ADF))) == 3
    assert_released(scanner)


def test_duplex_pairs_sides_into_sheets(backend):
    scanner = install(sheets=stack(3, backs=True), duplex=True)
    pages = list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="duplex", dpi=200, mode="gray")))
    assert [(p.sheet, p.side, level(p.image)) for p in pages] == [
        (1, "front", 10), (1, "back", 15), (2, "front", 20), (2, "back", 25), (3, "front", 30), (3, "back", 35),
    ]
    assert pages[1].origin == "ADF sheet 1 back"
    assert scanner.set_values()[tw.CAP_DUPLEXENABLED] is True
    assert_released(scanner)


def test_duplex_on_a_simplex_scanner_is_refused(backend):
    scanner = install(sheets=stack(2))
    with pytest.raises(ScanError, match="both sides"):
        list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="duplex")))
    assert_released(scanner)


def test_flatbed_single_page(backend):
    scanner = install(sheets=stack(3), glass=page(99))
    pages = list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="flatbed", dpi=150, mode="gray")))
    assert [(p.sheet, p.side, p.origin, level(p.image)) for p in pages] == [(1, "front", "Flatbed", 99)]
    assert scanner.set_values()[tw.CAP_FEEDERENABLED] is False
    assert scanner.set_values()[tw.CAP_XFERCOUNT] == 1
    assert len(scanner.sheets) == 3  # the feeder was not touched
    assert_released(scanner)


def test_flatbed_on_a_flatbed_only_scanner(backend):
    install()
    lide = tw._dsm.scanners["Canon LiDE 400"]
    lide.glass = page(77)
    pages = list(backend.scan("twain:Canon LiDE 400", ScanSettings(source="flatbed")))
    assert [level(p.image) for p in pages] == [77]
    assert_released(lide)


def test_adf_on_a_flatbed_only_scanner_is_refused(backend):
    install()
    with pytest.raises(ScanError, match="no document feeder"):
        list(backend.scan("twain:Canon LiDE 400", ADF))
    assert_released(tw._dsm.scanners["Canon LiDE 400"])


def test_flatbed_on_a_feeder_only_scanner_is_refused(backend):
    scanner = install(has_flatbed=False, sheets=stack(1))
    with pytest.raises(ScanError, match="no flatbed"):
        list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="flatbed")))
    assert_released(scanner)


@pytest.mark.parametrize(
    ("mode", "pixel_type", "pil_mode"),
    [("gray", tw.TWPT_GRAY, "L"), ("color", tw.TWPT_RGB, "RGB"), ("lineart", tw.TWPT_BW, "1")],
)
def test_dpi_and_mode_reach_the_source(backend, mode, pixel_type, pil_mode):
    scanner = install(sheets=[(Image.new("RGB", SIZE, (200, 40, 40)), None)])
    pages = list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="adf", dpi=600, mode=mode)))
    sets = scanner.set_values()
    assert sets[tw.ICAP_PIXELTYPE] == pixel_type
    assert sets[tw.ICAP_XRESOLUTION] == 600.0 and sets[tw.ICAP_YRESOLUTION] == 600.0
    assert sets[tw.ICAP_UNITS] == tw.TWUN_INCHES
    types = {cap: type_id for cap, type_id, _ in scanner.cap_sets}
    assert types[tw.ICAP_XRESOLUTION] == tw.TWTY_FIX32 and types[tw.ICAP_PIXELTYPE] == tw.TWTY_UINT16
    assert pages[0].image.mode == pil_mode and pages[0].dpi == 600
    if mode == "color":
        assert pages[0].image.getpixel((0, 0)) == (200, 40, 40)


def test_dpi_rounded_by_the_source_is_what_pages_report(backend):
    scanner = install(sheets=stack(1), resolutions=(200.0, 400.0))
    pages = list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="adf", dpi=300)))
    assert pages[0].dpi in (200, 400)
    assert pages[0].dpi == scanner.current[tw.ICAP_XRESOLUTION]


def test_lineart_from_a_gray_only_source(backend):
    scanner = install(sheets=[(page(200), None), (page(30), None)], pixel_types=(tw.TWPT_GRAY,))
    pages = list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="adf", mode="lineart")))
    assert scanner.set_values()[tw.ICAP_PIXELTYPE] == tw.TWPT_GRAY
    assert [(p.image.mode, p.image.getpixel((0, 0))) for p in pages] == [("1", 255), ("1", 0)]
    assert_released(scanner)


def test_colour_mode_the_source_lacks_is_refused(backend):
    scanner = install(sheets=stack(1), pixel_types=(tw.TWPT_BW, tw.TWPT_GRAY))
    with pytest.raises(ScanError, match="cannot scan in color"):
        list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="adf", mode="color")))
    assert_released(scanner)


def gradient(mode: str) -> Image.Image:
    """A page where every row and column differs, so a shifted pixel offset shows."""
    gray = Image.linear_gradient("L").resize(SIZE)
    if mode == "RGB":
        return Image.merge("RGB", (gray, gray.transpose(Image.Transpose.FLIP_LEFT_RIGHT), gray.rotate(90)))
    if mode == "1":
        return gray.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
    return gray


@pytest.mark.parametrize(
    ("mode", "pil_mode", "bitfields"),
    [("gray", "L", False), ("lineart", "1", False), ("color", "RGB", False), ("color", "RGB", True)],
)
def test_image_data_survives_the_transfer(backend, mode, pil_mode, bitfields):
    original = gradient(pil_mode)
    scanner = install(sheets=[(original, None)], bitfields=bitfields)
    (scanned,) = backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="adf", mode=mode))
    assert scanned.image.mode == pil_mode and scanned.image.size == SIZE
    assert scanned.image.tobytes() == original.tobytes()
    assert_released(scanner)


def test_flatbed_stops_after_one_page_even_if_the_source_offers_more(backend, monkeypatch):
    scanner = install(glass=page(99))
    monkeypatch.setattr(tw.Source, "_pending", lambda self: -1)  # a driver ignoring CAP_XFERCOUNT
    pages = list(itertools.islice(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="flatbed")), 3))
    assert len(pages) == 1
    assert scanner.resets == 1
    assert_released(scanner)


# --- faults ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "error", "text"),
    [
        (tw.TWCC_PAPERJAM, PaperJam, "jam"),
        (tw.TWCC_PAPERDOUBLEFEED, DoubleFeed, "Double feed"),
        (tw.TWCC_INTERLOCK, CoverOpen, "cover"),
        (tw.TWCC_DAMAGEDCORNER, PaperJam, "corner"),
        (tw.TWCC_CHECKDEVICEONLINE, DeviceLost, "connection"),
        (tw.TWCC_OPERATIONERROR, DeviceLost, "OperationError"),
        (tw.TWCC_BUMMER, DeviceLost, "GeneralFailure"),
        (tw.TWCC_SEQERROR, DeviceLost, "SequenceError"),
        (tw.TWCC_DOCTOODARK, DeviceLost, "condition code 28"),
    ],
)
def test_fault_after_pages_maps_to_typed_error(backend, code, error, text):
    scanner = install(sheets=stack(5), faults={3: code})
    pages = []
    with pytest.raises(error, match=text) as raised:
        for p in backend.scan("twain:Fujitsu fi-7160", ADF):
            pages.append(p)
    assert [p.sheet for p in pages] == [1, 2]
    assert raised.value.device == "twain:Fujitsu fi-7160"
    assert scanner.resets == 1  # pending transfers reset, so the source could close
    assert_released(scanner)


def test_resume_after_jam_continues_sheet_numbers(backend):
    scanner = install(sheets=stack(5), faults={3: tw.TWCC_PAPERJAM})
    pages = []
    with pytest.raises(PaperJam):
        for p in backend.scan("twain:Fujitsu fi-7160", ADF):
            pages.append(p)
    # The jammed sheet stayed in the feeder; the clerk continues the batch.
    pages += list(backend.scan("twain:Fujitsu fi-7160", ADF, first_sheet=3))
    assert [(p.sheet, level(p.image)) for p in pages] == [(1, 10), (2, 20), (3, 30), (4, 40), (5, 50)]
    assert pages[2].origin == "ADF sheet 3"
    assert_released(scanner)


def test_a_double_feed_is_its_own_fault_and_resumes_like_a_jam(backend):
    install(sheets=stack(4), duplex=True, faults={3: tw.TWCC_PAPERDOUBLEFEED})
    duplex = ScanSettings(source="duplex", dpi=300, mode="color")
    with pytest.raises(DoubleFeed) as raised:
        list(backend.scan("twain:Fujitsu fi-7160", duplex))
    fault = raised.value
    assert fault.code == "double_feed" and fault.resumable and isinstance(fault, PaperJam)
    assert "put them back on top of the stack" in fault.user_message
    again = list(backend.scan("twain:Fujitsu fi-7160", duplex, first_sheet=2))
    assert again[0].sheet == 2 and {p.side for p in again} == {"front", "back"}


def test_duplex_resume_numbers_sheets_from_first_sheet(backend):
    install(sheets=stack(2, backs=True), duplex=True)
    pages = list(backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="duplex"), None, 7))
    assert [(p.sheet, p.side) for p in pages] == [(7, "front"), (7, "back"), (8, "front"), (8, "back")]


def test_jam_on_a_back_side(backend):
    scanner = install(sheets=stack(3, backs=True), duplex=True, faults={4: tw.TWCC_PAPERJAM})
    pages = []
    with pytest.raises(PaperJam):
        for p in backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="duplex")):
            pages.append(p)
    assert [(p.sheet, p.side) for p in pages] == [(1, "front"), (1, "back"), (2, "front")]
    assert_released(scanner)


def test_empty_feeder_reported_by_feeder_loaded(backend):
    scanner = install(sheets=[])
    with pytest.raises(FeederEmpty):
        list(backend.scan("twain:Fujitsu fi-7160", ADF))
    assert scanner.acquire_requests == []  # found out before enabling the source
    assert_released(scanner)


def test_empty_feeder_reported_at_enable(backend):
    scanner = install(sheets=[], unsupported={tw.CAP_FEEDERLOADED})
    with pytest.raises(FeederEmpty):
        list(backend.scan("twain:Fujitsu fi-7160", ADF))
    assert scanner.acquire_requests == [(False, False)]
    assert_released(scanner)


def test_empty_feeder_reported_as_cancelled_transfer(backend):
    scanner = install(sheets=[], unsupported={tw.CAP_FEEDERLOADED}, empty_feeder=tw.CANCEL)
    with pytest.raises(FeederEmpty):
        list(backend.scan("twain:Fujitsu fi-7160", ADF))
    assert_released(scanner)


@pytest.mark.parametrize("fault", [tw.TWCC_NOMEDIA, tw.CANCEL])
def test_no_paper_after_some_pages_ends_the_batch(backend, fault):
    scanner = install(sheets=stack(4), faults={3: fault})
    pages = list(backend.scan("twain:Fujitsu fi-7160", ADF))
    assert [p.sheet for p in pages] == [1, 2]
    assert_released(scanner)


def test_fault_when_enabling(backend):
    scanner = install(sheets=stack(2), enable_fault=tw.TWCC_INTERLOCK)
    with pytest.raises(CoverOpen):
        list(backend.scan("twain:Fujitsu fi-7160", ADF))
    assert_released(scanner)


@pytest.mark.parametrize("code", [tw.TWCC_MAXCONNECTIONS, tw.TWCC_DENIED, tw.TWCC_BUMMER])
def test_busy_source(backend, code):
    scanner = install(sheets=stack(2), open_fault=code)
    with pytest.raises(DeviceBusy):
        list(backend.scan("twain:Fujitsu fi-7160", ADF))
    assert tw._dsm.managers_open == 0
    assert scanner.cap_sets == []


def test_source_offline_when_opening(backend):
    install(open_fault=tw.TWCC_CHECKDEVICEONLINE)
    with pytest.raises(DeviceLost):
        backend.describe("twain:Fujitsu fi-7160")
    assert tw._dsm.managers_open == 0


def test_unknown_source(backend):
    install()
    with pytest.raises(DeviceNotFound, match="Nope"):
        list(backend.scan("twain:Nope 3000", ADF))
    assert tw._dsm.managers_open == 0


# --- cancel and cleanup --------------------------------------------------------------------------


def test_cancel_between_pages(backend):
    scanner = install(sheets=stack(5))
    cancel = CancelToken()
    pages = []
    with pytest.raises(Cancelled):
        for p in backend.scan("twain:Fujitsu fi-7160", ADF, cancel):
            pages.append(p)
            if len(pages) == 2:
                cancel.cancel()
    assert [p.sheet for p in pages] == [1, 2]
    assert scanner.resets == 1
    assert len(scanner.sheets) == 3  # nothing more was pulled in
    assert_released(scanner)


def test_cancel_never_splits_a_duplex_sheet(backend):
    scanner = install(sheets=stack(3, backs=True), duplex=True)
    cancel = CancelToken()
    pages = []
    with pytest.raises(Cancelled):
        for p in backend.scan("twain:Fujitsu fi-7160", ScanSettings(source="duplex"), cancel):
            pages.append(p)
            cancel.cancel()  # already during the front of sheet 1
    assert [(p.sheet, p.side) for p in pages] == [(1, "front"), (1, "back")]
    assert_released(scanner)


def test_cancelled_before_start(backend):
    scanner = install(sheets=stack(2))
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        list(backend.scan("twain:Fujitsu fi-7160", ADF, cancel))
    assert scanner.acquire_requests == []
    assert_released(scanner)


def test_generator_closed_early_releases_the_source(backend):
    scanner = install(sheets=stack(5))
    pages = backend.scan("twain:Fujitsu fi-7160", ADF)
    first = next(pages)
    assert first.sheet == 1 and scanner.is_open
    pages.close()
    assert scanner.resets == 1
    assert_released(scanner)
    # ... and the next scan can open it again.
    assert [p.sheet for p in backend.scan("twain:Fujitsu fi-7160", ADF)] == [1, 2, 3, 4]


def test_fake_mirrors_pytwain_close_without_reset():
    """The fake's close() keeps a source with pending transfers open, as pytwain does with a
    real driver: the reason TwainBackend resets transfers before closing."""
    scanner = install(sheets=stack(3))
    sm = tw.SourceManager(None)
    src = sm.open_source("Fujitsu fi-7160")
    src.set_capability(tw.CAP_FEEDERENABLED, tw.TWTY_BOOL, True)
    src.request_acquire(show_ui=False, modal_ui=False)
    handle, more = src.xfer_image_natively()
    assert more == -1
    tw.global_handle_free(handle)
    src.close()
    assert scanner.is_open
    with pytest.raises(tw.exceptions.SequenceError):
        sm.close()
