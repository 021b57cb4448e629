"""Tesseract once per page: the words with their boxes, the text, and the PDF text layer.

One run gives both a word list (TSV) and a text-only PDF (`textonly_pdf=1`: the invisible
words and no image), so field extraction and the exported PDF's searchable text come from
the same recognition. The caller passes the page as it will be exported (upright and
straightened, see export.pdfa.upright_image), so the text layer fits over it as it is.

OCR trouble never raises: a missing language, a crash or a timeout gives an OcrResult with
ok=False and a problem a clerk or IT can act on; the page itself is never at risk.
The Tesseract process is run through `engine`, a callable with the contract of
`run_tesseract`, so tests can put a crashing or hanging process in its place (the way
OCRmyPDF tests use small plugins instead of its real Tesseract).
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

import pytesseract
from PIL import Image

from .tesseract_path import configure as configure_tesseract
from .tesseract_path import install_hint

configure_tesseract()  # our bundled Tesseract first, then the registry, then PATH

TESSERACT = "tesseract"

log = logging.getLogger("scanstation.ocr")

Engine = Callable[..., subprocess.CompletedProcess]  # (args, *, timeout, env) like run_tesseract


def run_tesseract(args: list[str], *, timeout: float, env: Mapping[str, str]) -> subprocess.CompletedProcess:
    """The real engine: the process, killed when `timeout` runs out (subprocess.TimeoutExpired)."""
    return subprocess.run(args, capture_output=True, timeout=timeout, env=dict(env), check=False)


@dataclass(frozen=True)
class OcrWord:
    text: str
    left: int  # box in page pixels of the image that was recognised
    top: int
    width: int
    height: int
    conf: float  # Tesseract's confidence, 0-100
    block: int  # where the word sits in Tesseract's layout: block, paragraph, line, word
    par: int
    line: int
    word: int

    def to_json(self) -> list:
        return [self.text, self.left, self.top, self.width, self.height, round(self.conf, 1),
                self.block, self.par, self.line, self.word]  # fmt: skip

    @classmethod
    def from_json(cls, row: list) -> OcrWord:
        text, left, top, width, height, conf, block, par, line, word = row
        return cls(text, int(left), int(top), int(width), int(height), float(conf),
                   int(block), int(par), int(line), int(word))  # fmt: skip


@dataclass(frozen=True)
class OcrResult:
    ok: bool
    words: tuple[OcrWord, ...]
    text: str  # reading order; lines joined with "\n", paragraphs with a blank line
    text_layer_pdf: bytes | None = field(repr=False)  # Tesseract's text-only PDF of this page
    dpi: int
    width: int  # pixel size of the image that was recognised
    height: int
    languages: str  # as asked for, e.g. "dan+eng"
    problem: str | None = None  # why there is no text: missing language, crash, timeout
    seconds: float = 0.0
    # A bitonal page as Tesseract read it: the CCITT G4 TIFF it was given, which is also the
    # archive's image of the page (export.pdfa uses it instead of making it again). None for
    # gray and colour pages, and when Tesseract never got the page (a missing language).
    page_image: bytes | None = field(default=None, repr=False)

    def words_json(self) -> list[list]:
        """The words, one compact list each: [text, left, top, width, height, conf, block, par, line, word]."""
        return [w.to_json() for w in self.words]

    def to_json(self) -> dict:
        """Everything but the text layer, which is binary and stored beside it (a BLOB)."""
        return {"ok": self.ok, "words": self.words_json(), "text": self.text, "dpi": self.dpi,
                "width": self.width, "height": self.height, "languages": self.languages,
                "problem": self.problem, "seconds": round(self.seconds, 3)}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping, text_layer_pdf: bytes | None = None, page_image: bytes | None = None) -> OcrResult:
        return cls(
            ok=bool(data["ok"]), words=tuple(OcrWord.from_json(w) for w in data.get("words", ())),
            text=data.get("text", ""), text_layer_pdf=text_layer_pdf, dpi=int(data.get("dpi", 0)),
            width=int(data.get("width", 0)), height=int(data.get("height", 0)),
            languages=data.get("languages", ""), problem=data.get("problem"),
            seconds=float(data.get("seconds", 0.0)), page_image=page_image,
        )


@functools.lru_cache(maxsize=8)
def _installed_languages(tesseract_cmd: str, tessdata: str | None) -> frozenset[str]:
    # Keyed by the binary and TESSDATA_PREFIX so a changed setup is asked again.
    return frozenset(pytesseract.get_languages(config=""))


def installed_languages() -> frozenset[str]:
    """Language codes Tesseract has data for (asked once per process)."""
    return _installed_languages(pytesseract.pytesseract.tesseract_cmd, os.environ.get("TESSDATA_PREFIX"))


def missing_language_problem(languages: str) -> str | None:
    """Why Tesseract cannot read `languages` ("dan+eng"), or None when it can."""
    wanted = [code for code in languages.split("+") if code]
    if not wanted:
        return "No OCR language is set; choose at least one, e.g. dan."
    try:
        installed = installed_languages()
    except pytesseract.TesseractNotFoundError:
        return "Tesseract is not installed or not on PATH; install tesseract-ocr."
    except (pytesseract.TesseractError, OSError) as exc:
        return f"Tesseract could not list its languages: {exc}"
    missing = [code for code in wanted if code not in installed]
    if not missing:
        return None
    listed = ", ".join(sorted(installed)) or "none"
    return (f"Tesseract has no language data for {', '.join(missing)} (installed: {listed}); "
            f"{install_hint(missing)}, or change the OCR languages.")  # fmt: skip


class _Size(NamedTuple):
    width: int
    height: int


def _failed(image: Image.Image | _Size, dpi: int, languages: str, problem: str, started: float) -> OcrResult:
    return OcrResult(False, (), "", None, dpi, image.width, image.height, languages, problem,
                     time.monotonic() - started)  # fmt: skip


def _exit_problem(done: subprocess.CompletedProcess) -> str:
    stderr = done.stderr.decode("utf-8", "replace") if isinstance(done.stderr, bytes) else (done.stderr or "")
    said = "; ".join([line.strip() for line in stderr.splitlines() if line.strip()][-3:])[-300:]
    if done.returncode < 0:
        try:
            what = f"Tesseract crashed (killed by {signal.Signals(-done.returncode).name})"
        except ValueError:
            what = f"Tesseract crashed (killed by signal {-done.returncode})"
    else:
        what = f"Tesseract failed with exit code {done.returncode}"
    return what + (f": {said}" if said else "") + "."


def parse_tsv(tsv: str) -> tuple[OcrWord, ...]:
    """Tesseract's TSV: words are level 5 rows; other levels only frame them. ValueError if unreadable."""
    lines = tsv.splitlines()
    if not lines or not lines[0].startswith("level\t"):
        raise ValueError("no TSV header")
    words = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) < 12:
            raise ValueError(f"line {number} has {len(cells)} columns, not 12")
        if cells[0] != "5" or not cells[11].strip():
            continue
        block, par, line_no, word, left, top, width, height = (int(c) for c in cells[2:10])
        words.append(OcrWord(cells[11].strip(), left, top, width, height, float(cells[10]),
                             block, par, line_no, word))  # fmt: skip
    return tuple(words)


def words_to_text(words: tuple[OcrWord, ...]) -> str:
    """Reading order as Tesseract found it: lines with "\\n", paragraphs with a blank line."""
    paragraphs: list[list[str]] = []
    last_par = last_line = None
    for w in words:
        par, line = (w.block, w.par), (w.block, w.par, w.line)
        if par != last_par:
            paragraphs.append([w.text])
        elif line != last_line:
            paragraphs[-1].append(w.text)
        else:
            paragraphs[-1][-1] += " " + w.text
        last_par, last_line = par, line
    return "\n\n".join("\n".join(lines) for lines in paragraphs)


@dataclass(frozen=True)
class PreparedPage:
    """A page written where Tesseract reads it: bitonal pages as CCITT G4 (which is also the
    archive's image of the page), gray and colour as uncompressed PNM (ten times faster to
    write than even the fastest PNG, and the file lives only for the reading)."""

    source: Path
    size: _Size
    dpi: int
    page_image: bytes | None  # the G4 TIFF of a bitonal page


def prepare_page(image: Image.Image, folder: Path, name: str, dpi: int | None = None) -> PreparedPage:
    """Write `image` (the page exactly as it will appear in the PDF: upright, straightened) for
    Tesseract into `folder`. The caller may let the image go afterwards."""
    from .export.pdf import g4_tiff

    dpi = dpi or int(round((image.info.get("dpi") or (300, 300))[0]))
    if image.mode == "1":
        page_image = g4_tiff(image, (dpi, dpi))
        source = folder / f"{name}.tif"
        source.write_bytes(page_image)
    else:
        page_image, source = None, folder / f"{name}.pnm"
        (image if image.mode in ("L", "RGB") else image.convert("RGB")).save(source, format="PPM")
    return PreparedPage(source, _Size(image.width, image.height), dpi, page_image)


def ocr_page(image: Image.Image, dpi: int | None = None, *, languages: str = "dan+eng", timeout: float = 120,
             engine: Engine | None = None, scratch_dir: Path | None = None) -> OcrResult:  # fmt: skip
    """Recognise one page: words, text and text-only PDF from a single Tesseract run.

    `image` is the page exactly as it will appear in the PDF (upright, straightened);
    `dpi` its resolution, which sets the text layer's page size (default: the image's own).
    The image is let go once Tesseract has its copy on disk. Never raises for OCR trouble.
    `scratch_dir`: where Tesseract's files go (the station's private tmp folder; a letter's
    page never goes to the system's shared temp folder).
    """
    started = time.monotonic()
    dpi = dpi or int(round((image.info.get("dpi") or (300, 300))[0]))
    problem = missing_language_problem(languages)
    if problem:
        return _failed(image, dpi, languages, problem, started)
    with tempfile.TemporaryDirectory(prefix="scanstation-ocr-", dir=scratch_dir) as folder:
        page = prepare_page(image, Path(folder), "page", dpi)
        del image  # a page-sized image made for this reading is freed while Tesseract runs
        return read_pages([page], Path(folder), languages=languages, timeout=timeout, engine=engine)[0]


def read_pages(pages: Sequence[PreparedPage], folder: Path, *, languages: str = "dan+eng", timeout: float = 120,
               engine: Engine | None = None) -> list[OcrResult]:  # fmt: skip
    """Recognise prepared pages, in one Tesseract run per resolution: the language model is
    loaded once for them all (about 0.1 s a page with `dan`, 0.2 s with `dan+eng`).

    Tesseract's trouble stays with the page that caused it: when a run of several pages fails
    (a crash, an exit code, unreadable output) or is still running after `timeout` seconds (a
    page's limit, for the whole run: a normal page takes one or two), each page is read again
    alone under its own limit, so one bad page is flagged with its reason and the others get
    their text. Never raises for OCR trouble.
    """
    problem = missing_language_problem(languages)
    if problem:
        started = time.monotonic()
        return [_failed(p.size, p.dpi, languages, problem, started) for p in pages]
    engine = engine or run_tesseract
    results: dict[int, OcrResult] = {}
    by_dpi: dict[int, list[int]] = {}
    for index, page in enumerate(pages):
        by_dpi.setdefault(page.dpi, []).append(index)  # --dpi is one value per run
    for dpi, indexes in by_dpi.items():
        group = [pages[i] for i in indexes]
        read = _run(group, folder, dpi, languages, timeout, engine) if len(group) > 1 else None
        if isinstance(read, str):
            log.info("a Tesseract run of %d pages failed (%s); reading them one by one", len(group), read)
        if not isinstance(read, list):
            read = [_one(page, folder, languages, timeout, engine) for page in group]
        results.update(zip(indexes, read))
    return [results[i] for i in range(len(pages))]


def _one(page: PreparedPage, folder: Path, languages: str, timeout: float, engine: Engine) -> OcrResult:
    """A page read alone: its result, or its problem."""
    started = time.monotonic()
    read = _run([page], folder, page.dpi, languages, timeout, engine)
    return _failed(page.size, page.dpi, languages, read, started) if isinstance(read, str) else read[0]


def _run(pages: list[PreparedPage], folder: Path, dpi: int, languages: str, timeout: float,
         engine: Engine) -> list[OcrResult] | str:  # fmt: skip
    """One Tesseract run over `pages`: their results, or what went wrong (one line)."""
    started = time.monotonic()
    run = tempfile.mkdtemp(prefix="run-", dir=folder)
    base = Path(run) / "out"
    if len(pages) == 1:
        source = pages[0].source
    else:  # a list of image files, one per line: Tesseract reads them in turn
        source = Path(run) / "pages.txt"
        source.write_text("".join(f"{p.source}\n" for p in pages), encoding="utf-8")
    args = [pytesseract.pytesseract.tesseract_cmd, str(source), str(base), "-l", languages,
            "--dpi", str(dpi), "-c", "textonly_pdf=1", "pdf", "tsv"]  # fmt: skip
    # One thread per Tesseract: the pipeline runs one per core, and OpenMP threads on top of
    # that only make them fight for the same cores.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = engine(args, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return f"Tesseract took longer than {timeout:g} s and was stopped."
    except FileNotFoundError:
        return "Tesseract is not installed or not on PATH."
    except OSError as exc:
        return f"Tesseract could not be started: {exc}."
    if done.returncode != 0:
        return _exit_problem(done)
    pdf_path, tsv_path = base.with_suffix(".pdf"), base.with_suffix(".tsv")
    if not pdf_path.exists() or not tsv_path.exists():
        return "Tesseract finished without writing its results."
    try:
        text_layers = _split_pdf(pdf_path.read_bytes(), len(pages))
        words = _split_words(tsv_path.read_text(encoding="utf-8"), len(pages))
    except (ValueError, UnicodeDecodeError) as exc:
        return f"Tesseract's output could not be read: {exc}."
    seconds = (time.monotonic() - started) / len(pages)
    return [OcrResult(True, page_words, words_to_text(page_words), layer, dpi, page.size.width, page.size.height,
                      languages, None, seconds, page.page_image)
            for page, page_words, layer in zip(pages, words, text_layers)]  # fmt: skip


def _split_words(tsv: str, count: int) -> list[tuple[OcrWord, ...]]:
    """The words of each page of a run (TSV column page_num, from 1)."""
    if count == 1:
        return [parse_tsv(tsv)]
    header, *rows = tsv.splitlines()
    by_page: list[list[str]] = [[header] for _ in range(count)]
    for number, row in enumerate(rows, start=2):
        page = row.split("\t", 2)[1] if "\t" in row else ""
        if not page.isdigit() or not 1 <= int(page) <= count:
            raise ValueError(f"line {number} names page {page!r} of {count}")
        by_page[int(page) - 1].append(row)
    return [parse_tsv("\n".join(lines)) for lines in by_page]


def _split_pdf(pdf: bytes, count: int) -> list[bytes]:
    """Each page of Tesseract's text-only PDF as a PDF of its own (the journal keeps one per page)."""
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("the text layer is not a PDF")
    if count == 1:
        return [pdf]
    import io

    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as whole:
            if len(whole.pages) != count:
                raise ValueError(f"the text layer has {len(whole.pages)} pages, not {count}")
            layers = []
            for page in whole.pages:
                single = pikepdf.new()
                single.pages.append(page)
                buffer = io.BytesIO()
                single.save(buffer)
                layers.append(buffer.getvalue())
            return layers
    except pikepdf.PdfError as exc:
        raise ValueError(f"the text layer cannot be read: {exc}") from exc
