"""Files no one here made: real samples from other projects' test suites (tests/corpus/).

Every file is either taken whole (every page, the right size and mode, upright, text where
there is text) or refused with one sentence a clerk understands - never a traceback, never
silently wrong. tests/corpus/manifest.json says what each file is expected to give and
tests/corpus/README.md where it comes from. An entry with "xfail" names a known problem in
code another part of issue 14 is fixing; the test asserts the right behaviour regardless.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from scanstation.analysis import AnalysisOptions, analyze_page
from scanstation.capture.base import InputError
from scanstation.capture.files import read_pages
from scanstation.cli import EXIT_FILES

from .cli_run import cli_env, scanstation
from .pdfcheck import check_delivery

CORPUS = Path(__file__).parent / "corpus"
ENTRIES = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["entries"]
BY_FILE = {e["file"]: e for e in ENTRIES}
MAX_FILE_BYTES, MAX_CORPUS_BYTES = 2_000_000, 10_000_000
ANALYSIS = AnalysisOptions(orientation_step="later")  # which way up is settled by the reading


def params(entries: list[dict]) -> list:
    return [pytest.param(e, id=e["file"], marks=[pytest.mark.xfail(reason=e["xfail"], strict=False)]
                         if "xfail" in e else []) for e in entries]  # fmt: skip


def assert_clerk_sentence(message: str, file_name: str) -> None:
    """One line that names the file; nothing a programmer left behind."""
    assert message.strip(), "an empty refusal"
    assert "\n" not in message.strip(), f"more than one line: {message!r}"
    assert file_name in message, f"the file is not named: {message!r}"
    for leak in ("Traceback", "object at 0x", "Error:", "Exception"):
        assert leak not in message, f"{leak!r} shown to the clerk: {message!r}"


# --- the corpus itself ---------------------------------------------------------


def test_every_corpus_file_is_credited_and_the_corpus_stays_small():
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()} - {
        "manifest.json", "README.md"}
    assert on_disk == set(BY_FILE), "tests/corpus/ and manifest.json list the same files"
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    sizes = {name: (CORPUS / name).stat().st_size for name in on_disk}
    for entry in ENTRIES:
        assert entry["source"] and entry["path"] and entry["licence"] and entry["exercises"]
        assert entry["expect"] in ("taken", "refused", "either")
        assert f"`{entry['file']}`" in readme, f"{entry['file']} is not credited in tests/corpus/README.md"
        assert sizes[entry["file"]] <= MAX_FILE_BYTES, entry["file"]
    assert sum(sizes.values()) <= MAX_CORPUS_BYTES


# --- every file, read as the `files` device reads it ---------------------------


def read_whole(path: Path) -> tuple[list, str | None]:
    """(pages, None) when the file is taken, ([], sentence) when it is refused. Any other
    exception is a crash and fails the test."""
    try:
        return list(read_pages(path)), None
    except InputError as refusal:
        return [], str(refusal)


def gray(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"), dtype=np.float64)


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    assert a.size == b.size, f"{a.size} != {b.size}"
    return float(np.abs(np.asarray(a.convert("RGB"), dtype=np.float64)
                        - np.asarray(b.convert("RGB"), dtype=np.float64)).mean())  # fmt: skip


@pytest.mark.parametrize("entry", params(ENTRIES))
def test_each_file_is_taken_whole_or_refused_with_a_reason(entry):
    path = CORPUS / entry["file"]
    pages, refusal = read_whole(path)
    expect = entry["expect"]
    if refusal is not None:
        assert expect in ("refused", "either"), f"{entry['file']} was refused: {refusal}"
        assert_clerk_sentence(refusal, path.name)
        if "mentions" in entry:
            assert entry["mentions"] in refusal.lower(), refusal
        return
    assert expect in ("taken", "either"), f"{entry['file']} was taken ({len(pages)} pages) but should be refused"
    assert len(pages) == entry["pages"]
    images = [p.image for p in pages]
    for image in images:
        assert image.mode in ("1", "L", "RGB") and image.width > 0 and image.height > 0
    if "modes" in entry:
        assert [im.mode for im in images] == entry["modes"] * (len(images) // len(entry["modes"]))
    if "size" in entry:
        assert list(images[0].size) == entry["size"]
    if "sizes" in entry:
        assert [list(im.size) for im in images] == entry["sizes"]
    if "dpi" in entry:
        assert {p.dpi for p in pages} == {entry["dpi"]}
    if entry.get("portrait"):
        assert all(im.width < im.height for im in images), [im.size for im in images]
    if entry.get("landscape"):
        assert all(im.width > im.height for im in images), [im.size for im in images]
    if "same_as" in entry:  # the same picture, turned and decoded as the reference is
        reference = next(read_pages(CORPUS / entry["same_as"]["file"])).image
        assert mean_difference(images[0], reference) <= entry["same_as"]["max_mean_diff"]
    if "gray_spread" in entry:  # not flattened to one level (black or white) by a conversion
        levels = gray(images[0])
        assert levels.max() - levels.min() >= entry["gray_spread"], (levels.min(), levels.max())
    # The page analysis as a station runs it with OCR on: no page of an ordinary letter is taken
    # for a separator sheet (that would split a letter in two), and every separator is found.
    separators = [p.sheet for p in pages if analyze_page(p.image, p.dpi, ANALYSIS, ink_check=True).separator_kind]
    assert separators == entry.get("split", {}).get("separators", [])


# --- the separator samples, through the real command ------------------------------

SEPARATOR_SAMPLES = [e for e in ENTRIES if "split" in e]
ORIGIN = re.compile(r"^(?P<file>.*?)(?: page (?P<page>\d+) of \d+)?$")


def letters_by_file(data_dir: Path) -> dict[str, dict]:
    """For each imported file: its letters (the file's page numbers each holds) and the pages
    left out as separators, read from the journal itself."""
    with sqlite3.connect(data_dir / "journal.sqlite") as db:
        rows = db.execute(
            "SELECT dp.document_id, p.origin, dp.included, dp.excluded_reason FROM document_pages dp"
            " JOIN pages p ON p.id = dp.page_id ORDER BY dp.document_id, dp.position").fetchall()
    found: dict[str, dict] = {}
    letters: dict[tuple[str, int], list[int]] = {}
    for document_id, origin, included, reason in rows:
        match = ORIGIN.match(origin)
        name, page = match["file"], int(match["page"] or 1)
        outcome = found.setdefault(name, {"letters": [], "separators": [], "other_left_out": []})
        if included:
            if (name, document_id) not in letters:
                letters[(name, document_id)] = []
                outcome["letters"].append(letters[(name, document_id)])
            letters[(name, document_id)].append(page)
        elif reason == "separator":
            outcome["separators"].append(page)
        else:
            outcome["other_left_out"].append((page, reason))
    return found


@pytest.fixture(scope="module")
def separator_import(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("separators")
    files = [str(CORPUS / e["file"]) for e in SEPARATOR_SAMPLES]
    # With OCR, as a station runs: separator sheets are found by the page analysis (barcodes,
    # patch codes) either way, but with OCR off every page's orientation is found by Tesseract
    # reading it both ways, which costs more than the reading itself.
    done = scanstation(tmp, "--json", "import", *files, env=cli_env(tmp, ocr=True), timeout=300)
    return done, letters_by_file(tmp / "data")


def test_the_separator_samples_import_without_a_crash(separator_import):
    done, _ = separator_import
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout)
    assert result["file_errors"] == []
    assert result["pages"] == sum(e["pages"] for e in SEPARATOR_SAMPLES)


@pytest.mark.parametrize("entry", params(SEPARATOR_SAMPLES))
def test_a_separator_sample_splits_where_paperless_says_it_should(separator_import, entry):
    """paperless-ngx's own test_barcodes.py says where each of its samples splits."""
    _, found = separator_import
    outcome = found.get(Path(entry["file"]).name)
    assert outcome is not None, f"no page of {entry['file']} was imported"
    assert outcome["letters"] == entry["split"]["letters"]
    assert outcome["separators"] == entry["split"]["separators"]
    assert outcome["other_left_out"] == []


# --- a mixed batch of bitonal, odd and hostile files, through the real command -----

CLI_FILES = [e for e in ENTRIES if e.get("cli") and "split" not in e]


@pytest.fixture(scope="module")
def mixed_import(tmp_path_factory):
    """One `import` of all the files at once: a bad file must not stop the ones after it."""
    tmp = tmp_path_factory.mktemp("mixed")
    files = [str(CORPUS / e["file"]) for e in CLI_FILES]
    done = scanstation(tmp, "--json", "import", *files, env=cli_env(tmp, ocr=False), timeout=300)
    with sqlite3.connect(tmp / "data" / "journal.sqlite") as db:
        origins = [row[0] for row in db.execute("SELECT origin FROM pages ORDER BY seq")]
        failed = [row[0] for row in db.execute(
            "SELECT p.origin FROM events e JOIN pages p ON e.subject = 'page:' || p.id"
            " WHERE e.action = 'page_processing_failed'")]
    return done, origins, failed


def test_the_mixed_import_goes_past_every_bad_file(mixed_import):
    done, _, _ = mixed_import
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == EXIT_FILES, "files were refused: the exit code says so"
    stored = {ORIGIN.match(origin)["file"] for origin in mixed_import[1]}
    # A file after a refused one is still taken (the last file is a bitonal fax TIFF).
    assert Path(CLI_FILES[-1]["file"]).name in stored
    # Each refusal is reported once, and names one file.
    names = [Path(e["file"]).name for e in CLI_FILES]
    named = [[n for n in names if f"{n}:" in line] for line in json.loads(done.stdout)["file_errors"]]
    assert all(len(n) == 1 for n in named) and len({n[0] for n in named}) == len(named), named


@pytest.mark.parametrize("entry", params(CLI_FILES))
def test_each_file_of_the_mixed_import_is_stored_whole_or_refused(mixed_import, entry):
    done, origins, failed = mixed_import
    name = Path(entry["file"]).name
    stored = [o for o in origins if ORIGIN.match(o)["file"] == name]
    refusals = [line for line in json.loads(done.stdout)["file_errors"] if name in line]
    if entry["expect"] == "refused" or (entry["expect"] == "either" and refusals):
        assert stored == [] and len(refusals) == 1, (stored, refusals)
        assert_clerk_sentence(refusals[0], name)
        return
    assert refusals == []
    assert len(stored) == entry["pages"], stored
    # Analysed like any page: a bitonal page once failed in the worker (no OCR, no sheets).
    assert not [o for o in failed if ORIGIN.match(o)["file"] == name]


# --- a few letters all the way through, read by Tesseract ---------------------------

OCR_FILES = [e for e in ENTRIES if "ocr" in e]


def words(text: str) -> str:
    return "".join(text.split())


def pdftotext(pdf: Path, page: int) -> str:
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout


def test_bitonal_scans_are_read_upright_and_archived_as_g4(tmp_path):
    """A scanner's black-and-white PDF, the same page turned the four ways, and a G3 fax:
    each is exported as a searchable PDF/A with its text, every page upright, every image
    kept bitonal (CCITT G4), never inflated to gray."""
    drop = tmp_path / "drop"
    drop.mkdir()
    files = [str(CORPUS / e["file"]) for e in OCR_FILES]
    done = scanstation(tmp_path, "--json", "--drop", str(drop), "process", *files, "--recipient", "jobcenter",
                       env=cli_env(tmp_path, ocr=True), timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    documents = json.loads(done.stdout)["documents"]
    assert len(documents) == len(OCR_FILES)
    for entry, document in zip(OCR_FILES, documents, strict=True):
        assert document["status"] == "exported", document
        assert ORIGIN.match(document["origins"][0])["file"] == Path(entry["file"]).name
        pdf = Path(document["pdf"])
        sidecar = check_delivery(pdf)
        assert sidecar["ocr"]["pages_with_text"] == document["pages"]
        with pikepdf.open(pdf) as archived:
            for number, page in enumerate(archived.pages, start=1):
                width, height = (float(page.mediabox[2]) - float(page.mediabox[0]),
                                 float(page.mediabox[3]) - float(page.mediabox[1]))
                turned = int(page.obj.get("/Rotate", 0)) % 180 == 90
                assert (width > height) == turned, f"{entry['file']} page {number} is not upright"
                filters = [str(image.get("/Filter")) for image in page.Resources.XObject.values()
                           if image.get("/Subtype") == "/Image"]  # fmt: skip
                assert filters and all("CCITTFaxDecode" in f for f in filters), (entry["file"], number, filters)
                if number == 1 or entry.get("ocr_every_page"):  # read the right way up
                    assert words(entry["ocr"]) in words(pdftotext(pdf, number)), (entry["file"], number)


def test_letters_after_one_with_no_exportable_page_are_still_delivered(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    files = ["pillow/hopper_g4.tif", "paperless/patch-code-t.pdf", "commons-imaging/1pagefax.tif",
             "pillow/hopper_bw_500.png"]  # fmt: skip
    done = scanstation(tmp_path, "--json", "--drop", str(drop), "process", *(str(CORPUS / f) for f in files),
                       "--recipient", "jobcenter", env=cli_env(tmp_path, ocr=False), timeout=300)
    assert "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    exported = [d for d in summary["documents"] if d["status"] == "exported"]
    assert [d["origins"] for d in exported] == [["hopper_g4.tif"], ["hopper_bw_500.png"]]
    assert sorted(p.name for p in drop.glob("*.pdf")) == sorted(Path(d["pdf"]).name for d in exported)
