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
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

import pytesseract
from PIL import Image

from .tesseract_path import configure as configure_tesseract
from .tesseract_path import install_hint

configure_tesseract()  # our bundled Tesseract first, then the registry, then PATH

TESSERACT = "tesseract"

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

    def words_json(self) -> list[list]:
        """The words, one compact list each: [text, left, top, width, height, conf, block, par, line, word]."""
        return [w.to_json() for w in self.words]

    def to_json(self) -> dict:
        """Everything but the text layer, which is binary and stored beside it (a BLOB)."""
        return {"ok": self.ok, "words": self.words_json(), "text": self.text, "dpi": self.dpi,
                "width": self.width, "height": self.height, "languages": self.languages,
                "problem": self.problem, "seconds": round(self.seconds, 3)}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping, text_layer_pdf: bytes | None = None) -> OcrResult:
        return cls(
            ok=bool(data["ok"]), words=tuple(OcrWord.from_json(w) for w in data.get("words", ())),
            text=data.get("text", ""), text_layer_pdf=text_layer_pdf, dpi=int(data.get("dpi", 0)),
            width=int(data.get("width", 0)), height=int(data.get("height", 0)),
            languages=data.get("languages", ""), problem=data.get("problem"),
            seconds=float(data.get("seconds", 0.0)),
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


def ocr_page(image: Image.Image, dpi: int | None = None, *, languages: str = "dan+eng", timeout: float = 120,
             engine: Engine | None = None) -> OcrResult:  # fmt: skip
    """Recognise one page: words, text and text-only PDF from a single Tesseract run.

    `image` is the page exactly as it will appear in the PDF (upright, straightened);
    `dpi` its resolution, which sets the text layer's page size (default: the image's own).
    The image is let go once Tesseract has its copy on disk. Never raises for OCR trouble.
    """
    started = time.monotonic()
    dpi = dpi or int(round((image.info.get("dpi") or (300, 300))[0]))
    problem = missing_language_problem(languages)
    if problem:
        return _failed(image, dpi, languages, problem, started)
    engine = engine or run_tesseract
    with tempfile.TemporaryDirectory(prefix="scanstation-ocr-") as folder:
        page = image if image.mode in ("1", "L", "RGB") else image.convert("RGB")
        # Uncompressed PNM (PBM/PGM/PPM): ten times faster to write than even the fastest PNG,
        # and the file lives only for this run. PNM has no resolution: --dpi gives it.
        source, base = Path(folder) / "page.pnm", Path(folder) / "page"
        page.save(source, format="PPM")
        # Only the size is needed from here on: a page-sized image made for this reading (the
        # caller keeps no reference) is freed while Tesseract runs.
        image = page = _Size(image.width, image.height)
        args = [pytesseract.pytesseract.tesseract_cmd, str(source), str(base), "-l", languages,
                "--dpi", str(dpi), "-c", "textonly_pdf=1", "pdf", "tsv"]  # fmt: skip
        # One thread per Tesseract: the pipeline runs one per core, and OpenMP threads on top of
        # that only make them fight for the same cores.
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = engine(args, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            return _failed(image, dpi, languages, f"Tesseract took longer than {timeout:g} s and was stopped.",
                           started)  # fmt: skip
        except FileNotFoundError:
            return _failed(image, dpi, languages, "Tesseract is not installed or not on PATH.", started)
        except OSError as exc:
            return _failed(image, dpi, languages, f"Tesseract could not be started: {exc}.", started)
        if done.returncode != 0:
            return _failed(image, dpi, languages, _exit_problem(done), started)
        pdf_path, tsv_path = base.with_suffix(".pdf"), base.with_suffix(".tsv")
        if not pdf_path.exists() or not tsv_path.exists():
            return _failed(image, dpi, languages, "Tesseract finished without writing its results.", started)
        text_layer = pdf_path.read_bytes()
        try:
            if not text_layer.startswith(b"%PDF-"):
                raise ValueError("the text layer is not a PDF")
            words = parse_tsv(tsv_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            return _failed(image, dpi, languages, f"Tesseract's output could not be read: {exc}.", started)
    return OcrResult(True, words, words_to_text(words), text_layer, dpi, image.width, image.height,
                     languages, None, time.monotonic() - started)  # fmt: skip
