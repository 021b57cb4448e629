"""The demo scanner and its synthetic letters."""

import re
from datetime import datetime

import numpy as np
import pytest

from scanstation.capture import backend_for
from scanstation.capture.base import (
    CancelToken,
    Cancelled,
    DeviceNotFound,
    FeederEmpty,
    PaperJam,
    ScannerBackend,
    ScanSettings,
)
from scanstation.capture.demo import DemoBackend
from scanstation.capture.demo_letters import (
    DOCUMENT_TYPES,
    TEAMS,
    _render_page,
    a4_size,
    demo_letters,
    render_blank_back,
    render_letter_pages,
)
from tests.signing import TEST_SITE_KEY

CASE_FORMS = (
    r"\d{4}-\d{7}",  # 2017-0289209
    r"\d{2}/\d{5}",  # 13/44080
    r"\d{2}\.\d{2}\.\d{2}-[A-Z]\d{2}-\d{1,2}-\d{2}",  # KLE 00.01.00-A00-1-26
)


@pytest.fixture(autouse=True)
def _no_demo_env(monkeypatch):
    for name in ("SCANSTATION_DEMO_DELAY", "SCANSTATION_DEMO_LETTERS", "SCANSTATION_DEMO_JAM_AFTER"):
        monkeypatch.delenv(name, raising=False)


def scan_all(backend, source="adf", dpi=50, mode="gray", **kwargs):
    return list(backend.scan("demo", ScanSettings(source=source, dpi=dpi, mode=mode), **kwargs))


# --- letters ---------------------------------------------------------------------


def test_letters_are_deterministic_and_a_shorter_stack_is_a_prefix():
    assert demo_letters(12, seed=0) == demo_letters(12, seed=0)
    assert demo_letters(4, seed=0) == demo_letters(12, seed=0)[:4]
    assert demo_letters(12, seed=1) != demo_letters(12, seed=0)


def test_default_stack_has_the_variety_a_demo_needs():
    letters = demo_letters()
    assert len(letters) == 12
    assert {letter.team for letter in letters} == set(TEAMS)
    assert {letter.page_count for letter in letters} == {1, 2, 3}
    assert any(letter.is_return_mail for letter in letters)
    assert any(letter.cpr for letter in letters) and any(letter.case_number for letter in letters)


@pytest.mark.parametrize("seed", range(5))
def test_letter_fields_are_well_formed(seed):
    for letter in demo_letters(24, seed=seed):
        assert letter.team in TEAMS
        assert letter.document_type in DOCUMENT_TYPES
        assert letter.is_return_mail == (letter.document_type == "returpost")
        assert 1 <= letter.page_count <= 3
        assert all(letter.page_paragraphs(page) for page in range(1, letter.page_count + 1))
        if letter.case_number:
            assert letter.case_label in ("Sagsnr.:", "Jeres ref.:", "J.nr.:")
            assert any(re.fullmatch(form, letter.case_number) for form in CASE_FORMS), letter.case_number
        if letter.cpr:
            assert re.fullmatch(r"\d{6}-\d{4}", letter.cpr)
            datetime.strptime(letter.cpr[:6], "%d%m%y")  # a real date
        assert "{" not in " ".join(letter.body + (letter.subject,))  # every template filled


def test_body_text_fits_on_its_pages():
    for letter in demo_letters(24, seed=7):
        for page in range(1, letter.page_count + 1):
            _, bottom_mm = _render_page(letter, page, 100, colour=False)
            assert bottom_mm < 275, (letter.subject, page)


# --- page images -------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "image_mode"), [("gray", "L"), ("color", "RGB"), ("lineart", "1")])
def test_pages_are_a4_in_the_requested_mode(mode, image_mode):
    letter = next(letter for letter in demo_letters() if letter.page_count == 2)
    pages = render_letter_pages(letter, dpi=100, mode=mode)
    assert len(pages) == 2
    for page in pages:
        assert page.size == a4_size(100) == (827, 1169)
        assert page.mode == image_mode
    ink = np.asarray(pages[0].convert("L")) < 128
    assert 0.005 < ink.mean() < 0.15  # printed text on a mostly white page
    back = render_blank_back(100, mode, seed=3)
    assert back.size == (827, 1169) and back.mode == image_mode


def test_rendering_is_deterministic():
    letter = demo_letters()[0]
    first, again = render_letter_pages(letter, 72)[0], render_letter_pages(letter, 72)[0]
    assert first.tobytes() == again.tobytes()


@pytest.mark.parametrize("seed", range(6))
def test_blank_back_is_nearly_empty(seed):
    gray = np.asarray(render_blank_back(100, "gray", seed=seed))
    assert gray.mean() > 235
    assert (gray < 200).mean() < 0.0005


# --- the backend ---------------------------------------------------------------------


def test_registry_makes_a_demo_backend():
    backend = backend_for("demo")
    assert isinstance(backend, DemoBackend) and isinstance(backend, ScannerBackend)
    assert backend.list_devices()[0].id == "demo"
    options = backend.describe("demo")
    assert options.default_source == "adf" and 300 in options.resolutions
    assert len(backend.letters) == 12
    with pytest.raises(DeviceNotFound):
        backend.describe("demo:2")


def test_adf_feeds_fronts_in_stack_order():
    backend = DemoBackend(letters=4, separator_sheets=False)
    pages = scan_all(backend)
    sheets = sum(letter.page_count for letter in backend.letters)
    assert [p.sheet for p in pages] == list(range(1, sheets + 1))
    assert {p.side for p in pages} == {"front"}
    assert pages[0].origin == "demo ADF sheet 1 front" and pages[0].dpi == 50
    stack = [(i, page) for i, letter in enumerate(backend.letters) for page in range(1, letter.page_count + 1)]
    assert [(p.extra["letter"], p.extra["letter_page"]) for p in pages] == stack
    assert [p.group for p in pages] == [f"demo-letter-{i + 1}" for i, _ in stack]


def test_duplex_gives_front_and_blank_back_per_sheet():
    backend = DemoBackend(letters=2, separator_sheets=False)
    pages = scan_all(backend, source="duplex", mode="color")
    sheets = sum(letter.page_count for letter in backend.letters)
    assert len(pages) == 2 * sheets
    assert [p.side for p in pages] == ["front", "back"] * sheets
    assert [p.sheet for p in pages] == [s for s in range(1, sheets + 1) for _ in range(2)]
    assert all(p.extra["blank"] == (p.side == "back") for p in pages)
    assert pages[1].origin == "demo ADF sheet 1 back"
    assert {p.image.mode for p in pages} == {"RGB"}


def test_a_prepared_stack_has_a_cover_or_separator_sheet_before_each_letter():
    from scanstation.recognition.barcodes import read_barcodes
    from scanstation.recognition.coversheet import CoverSheet, Separator, sheets_on_page

    backend = DemoBackend(letters=3, site_key=TEST_SITE_KEY)
    pages = scan_all(backend, dpi=150)
    fronts = [p for p in pages if p.extra["separator"]]
    assert len(fronts) == 3 and all(p.group == "" for p in pages)
    kinds = [sheets_on_page((b.value for b in read_barcodes(p.image)), TEST_SITE_KEY)[0] for p in fronts]
    assert isinstance(kinds[0], Separator) and isinstance(kinds[2], Separator)
    assert kinds[1] == CoverSheet(backend.letters[1].team, backend.letters[1].case_number)


def test_flatbed_scans_one_page():
    pages = scan_all(DemoBackend(letters=3, site_key=TEST_SITE_KEY), source="flatbed", mode="lineart", first_sheet=2)
    assert len(pages) == 1
    assert pages[0].sheet == 2 and pages[0].image.mode == "1"


def test_resume_continues_with_the_given_sheet():
    backend = DemoBackend(letters=4, site_key=TEST_SITE_KEY)
    whole = scan_all(backend)
    rest = scan_all(backend, first_sheet=3)
    assert [p.sheet for p in rest] == [p.sheet for p in whole[2:]]
    assert [p.extra for p in rest] == [p.extra for p in whole[2:]]
    assert rest[0].image.tobytes() == whole[2].image.tobytes()
    with pytest.raises(FeederEmpty):
        scan_all(backend, first_sheet=len(whole) + 1)


def test_jam_env_raises_after_the_sheets_before_it(monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_JAM_AFTER", "2")
    monkeypatch.setenv("SCANSTATION_DEMO_LETTERS", "3")
    backend = DemoBackend(site_key=TEST_SITE_KEY)
    assert len(backend.letters) == 3
    pages = []
    with pytest.raises(PaperJam) as jam:
        for page in backend.scan("demo", ScanSettings(source="duplex", dpi=50)):
            pages.append(page)
    assert [(p.sheet, p.side) for p in pages] == [(1, "front"), (1, "back"), (2, "front"), (2, "back")]
    assert jam.value.resumable and "sheet 3" in str(jam.value)
    resumed = backend.scan("demo", ScanSettings(source="duplex", dpi=50), first_sheet=3)
    assert next(resumed).sheet == 3  # the jammed sheet, put back on top, comes first


def test_env_delay_and_bad_values(monkeypatch):
    monkeypatch.setenv("SCANSTATION_DEMO_DELAY", "0.01")
    assert DemoBackend(site_key=TEST_SITE_KEY).delay == 0.01
    monkeypatch.setenv("SCANSTATION_DEMO_LETTERS", "many")
    with pytest.raises(ValueError, match="SCANSTATION_DEMO_LETTERS"):
        DemoBackend(site_key=TEST_SITE_KEY)


def test_cancel_stops_between_pages():
    cancel = CancelToken()
    pages = []
    with pytest.raises(Cancelled):
        for page in DemoBackend(letters=3, delay=0.01).scan("demo", ScanSettings(dpi=50), cancel=cancel):
            pages.append(page)
            cancel.cancel()
    assert len(pages) == 1


# --- OCR ---------------------------------------------------------------------------------


def test_a_rendered_letter_reads_back_with_tesseract():
    pytesseract = pytest.importorskip("pytesseract")
    letter = next(x for x in demo_letters() if x.case_number and not x.is_return_mail)
    page = render_letter_pages(letter, dpi=300, mode="gray")[0]
    text = pytesseract.image_to_string(page, lang="dan")
    subject_word = max(re.findall(r"\w+", letter.subject), key=len)
    assert subject_word.lower() in text.lower()
    assert letter.case_number in text.replace(" ", "")
    assert letter.cpr is None or letter.cpr in text
