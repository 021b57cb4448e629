"""OCR with the real Tesseract on a demo letter; failures injected through the engine hook."""

import subprocess
import time
from pathlib import Path

import pytest

from scanstation.capture.demo_letters import demo_letters, render_letter_page
from scanstation.ocr import OcrResult, ocr_page, run_tesseract

DPI = 300


@pytest.fixture(scope="module")
def letter():
    # The first letter with a case number and a one-line subject: both are easy to find again.
    return next(lt for lt in demo_letters() if lt.case_number and len(lt.subject) < 50 and lt.page_count == 1)


@pytest.fixture(scope="module")
def page(letter):
    return render_letter_page(letter, 1, DPI, "gray")


@pytest.fixture(scope="module")
def result(page):
    return ocr_page(page, DPI)


def test_a_letter_page_is_read_with_its_subject_and_case_number(letter, result):
    assert result.ok and result.problem is None, result.problem
    assert (result.width, result.height, result.dpi, result.languages) == (*a4(DPI), DPI, "dan+eng")
    for word in letter.subject.split():
        assert word in result.text, f"{word!r} not found in\n{result.text}"
    assert letter.case_number in result.text
    assert result.text.index(letter.subject.split()[0]) < result.text.index("Med venlig hilsen")
    assert result.text_layer_pdf.startswith(b"%PDF-")
    print(f"\nOCR of a {DPI} dpi page: {result.seconds:.2f} s, {len(result.words)} words")


def a4(dpi):
    return round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)


def test_words_have_boxes_where_the_letter_prints_them(letter, result):
    case = next(w for w in result.words if w.text == letter.case_number)
    label = next(w for w in result.words if w.text == letter.case_label.split()[0])
    subject = next(w for w in result.words if w.text == letter.subject.split()[0])
    margin = 25 / 25.4 * DPI  # the letter's text column starts 25 mm from the left edge
    assert abs(label.left - margin) < 10 and abs(subject.left - margin) < 10
    assert label.line == case.line and label.par == case.par and case.left > label.left + label.width
    assert subject.top < label.top  # the reference line is under the subject
    assert 20 < case.height < 60 and case.width > 5 * case.height  # 11 pt digits at 300 dpi
    assert case.conf > 60


def test_the_result_survives_storage_as_json(result):
    stored = result.to_json()
    assert "text_layer_pdf" not in stored  # binary: kept beside it
    again = OcrResult.from_json(stored, result.text_layer_pdf)
    assert [w.to_json() for w in again.words] == result.words_json()  # confidence kept to 0.1
    assert (again.text, again.ok, again.width, again.height, again.text_layer_pdf) == (
        result.text, True, result.width, result.height, result.text_layer_pdf)


def test_a_missing_language_is_named_and_nothing_raises(page):
    result = ocr_page(page, DPI, languages="dan+xyz")
    assert not result.ok and result.words == () and result.text_layer_pdf is None
    assert "xyz" in result.problem and "tesseract-ocr-xyz" in result.problem
    assert "dan" not in result.problem.split("(")[0]  # only the missing one is blamed


def instead(command):
    """An engine that runs `command` (a real process) in place of Tesseract."""
    def engine(args, *, timeout, env):
        return run_tesseract(command, timeout=timeout, env=env)
    return engine


def test_a_crashing_tesseract_gives_a_reason(page):
    crash = instead(["sh", "-c", "echo 'Segmentation fault (core dumped)' >&2; kill -SEGV $$"])
    result = ocr_page(page, DPI, engine=crash)
    assert not result.ok and result.text_layer_pdf is None
    assert "crashed" in result.problem and "SIGSEGV" in result.problem


def test_tesseract_failing_on_its_input_gives_its_own_message(page):
    def unreadable_input(args, *, timeout, env):
        return run_tesseract([args[0], "/nonexistent/page.png", *args[2:]], timeout=timeout, env=env)

    result = ocr_page(page, DPI, engine=unreadable_input)
    assert not result.ok and "exit code 1" in result.problem
    assert "cannot read input file /nonexistent/page.png" in result.problem


def test_a_hanging_tesseract_is_stopped_at_the_timeout(page):
    started = time.monotonic()
    result = ocr_page(page, DPI, timeout=0.5, engine=instead(["sleep", "30"]))
    assert time.monotonic() - started < 10  # killed, not waited for
    assert not result.ok and "longer than 0.5 s" in result.problem


def test_garbage_output_is_a_problem_not_an_exception(page):
    seen = {}

    def garbage(args, *, timeout, env):
        seen["env"] = env
        base = args[2]
        with open(f"{base}.pdf", "wb") as pdf, open(f"{base}.tsv", "w") as tsv:
            pdf.write(b"not a pdf")
            tsv.write("level\tpage_num\n5\t1\n")
        return subprocess.CompletedProcess(args, 0, b"", b"")

    result = ocr_page(page, DPI, engine=garbage)
    assert not result.ok and "could not be read" in result.problem
    assert seen["env"]["OMP_THREAD_LIMIT"] == "1"  # one thread per Tesseract: the pool parallelises


# --- several pages in one Tesseract run ---------------------------------------------


@pytest.fixture(scope="module")
def three_pages():
    """Three letter pages as the pipeline hands them over: bitonal, upright, at 200 dpi."""
    from scanstation.imaging.bitonal import as_bitonal

    letters = [lt for lt in demo_letters(12, seed=3) if lt.page_count == 1][:3]
    pages = []
    for item in letters:
        page = as_bitonal(render_letter_page(item, 1, 200, "gray"), 128)
        page.info["dpi"] = (200, 200)
        pages.append(page)
    return letters, pages


def prepared(pages, folder, names=("one", "two", "three")):
    from scanstation.ocr import prepare_page

    return [prepare_page(page, folder, name) for page, name in zip(pages, names)]


def pages_given(args) -> list[str]:
    """The pages a Tesseract run was given: one image, or a list of them in a .txt file."""
    source = Path(args[1])
    return [Path(line).stem for line in source.read_text().split()] if source.suffix == ".txt" else [source.stem]


def runs_of(engine_runs: list):
    """An engine that records which pages each Tesseract run was given, then runs it."""
    def engine(args, *, timeout, env):
        engine_runs.append(pages_given(args))
        return run_tesseract(args, timeout=timeout, env=env)
    return engine


def test_pages_read_in_one_run_get_the_words_each_would_get_alone(three_pages, tmp_path):
    from scanstation.ocr import read_pages

    letters, pages = three_pages
    engine_runs = []
    together = read_pages(prepared(pages, tmp_path), tmp_path, languages="dan", engine=runs_of(engine_runs))
    assert engine_runs == [["one", "two", "three"]]  # one Tesseract, one language model load
    alone = [ocr_page(page, languages="dan") for page in pages]
    for letter, one, single in zip(letters, together, alone):
        assert one.ok and one.words == single.words and one.text == single.text
        assert max(letter.subject.split(), key=len) in one.text
        assert (one.width, one.height, one.dpi) == (single.width, single.height, 200)
        assert one.page_image == single.page_image and one.page_image.startswith((b"II*\x00", b"MM\x00*"))
        assert text_layer_size(one.text_layer_pdf) == text_layer_size(single.text_layer_pdf)


def text_layer_size(pdf: bytes):
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as layer:
        assert len(layer.pages) == 1
        return [round(float(v), 1) for v in layer.pages[0].mediabox]


def test_a_crash_in_a_run_of_several_pages_flags_only_the_page_that_caused_it(three_pages, tmp_path):
    """Tesseract dies on one page of a batch: the others are read again alone and get their
    text; the bad page carries the crash as its problem."""
    from scanstation.ocr import read_pages

    engine_runs = []

    def crashes_on_two(args, *, timeout, env):
        engine_runs.append(pages_given(args))
        if "two" in pages_given(args):
            return run_tesseract(["sh", "-c", "echo 'Segmentation fault' >&2; kill -SEGV $$"], timeout=timeout, env=env)
        return run_tesseract(args, timeout=timeout, env=env)

    letters, pages = three_pages
    results = read_pages(prepared(pages, tmp_path), tmp_path, languages="dan", engine=crashes_on_two)
    assert engine_runs == [["one", "two", "three"], ["one"], ["two"], ["three"]]
    assert [r.ok for r in results] == [True, False, True]
    assert "crashed" in results[1].problem and "SIGSEGV" in results[1].problem
    assert max(letters[2].subject.split(), key=len) in results[2].text


def test_a_run_of_several_pages_that_hangs_is_stopped_and_each_page_gets_its_own_limit(three_pages, tmp_path):
    from scanstation.ocr import read_pages

    def hangs_on_three(args, *, timeout, env):
        command = ["sleep", "30"] if "three" in pages_given(args) else args
        return run_tesseract(command, timeout=timeout, env=env)

    _, pages = three_pages
    started = time.monotonic()
    results = read_pages(prepared(pages, tmp_path), tmp_path, languages="dan", timeout=8, engine=hangs_on_three)
    assert time.monotonic() - started < 40  # the run and the page alone each stopped at the limit
    assert [r.ok for r in results] == [True, True, False]
    assert "longer than 8 s" in results[2].problem


def test_pages_of_different_resolutions_are_read_in_a_run_each(three_pages, tmp_path):
    from scanstation.imaging.bitonal import as_bitonal
    from scanstation.ocr import read_pages

    letters, pages = three_pages
    finer = as_bitonal(render_letter_page(letters[1], 1, 300, "gray"), 128)
    finer.info["dpi"] = (300, 300)
    engine_runs = []
    results = read_pages(prepared([pages[0], finer, pages[2]], tmp_path), tmp_path, languages="dan",
                         engine=runs_of(engine_runs))
    assert sorted(engine_runs) == [["one", "three"], ["two"]]
    assert [r.dpi for r in results] == [200, 300, 200] and all(r.ok for r in results)
    # Each text layer is the page's size in points, whatever its resolution.
    coarse, fine = text_layer_size(results[0].text_layer_pdf), text_layer_size(results[1].text_layer_pdf)
    assert coarse == pytest.approx(fine, abs=0.5)
