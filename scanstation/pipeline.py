"""Page processing in parallel worker processes: analysis and OCR, one Tesseract per core.

The capture side stores each page and hands its file to a worker; results come back in
page order, so separation sees pages as they were fed. Workers read the page from disk
(only a path crosses the process boundary), and at most a few pages per worker are in
flight, so memory stays flat however long the batch.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .analysis import AnalysisOptions, PageAnalysis, analyze_page
from .imaging.bitonal import ink_only_threshold
from .memory import release_freed_memory


log = logging.getLogger("scanstation.pipeline")

UPRIGHT_MIN_WORDS = 12  # letters have hundreds of words; a few stray words decide nothing
UPRIGHT_MIN_CONFIDENCE = 70.0  # upright text reads at 85-95, upside-down text below 55


@dataclass(frozen=True)
class ProcessingOptions:
    analysis: AnalysisOptions = AnalysisOptions()
    ocr: bool = True
    ocr_timeout: float = 180.0


@dataclass(frozen=True)
class ProcessedPage:
    analysis: PageAnalysis | None
    ocr: Any = None  # OcrResult, or None when the page needs no text (blank, separator)
    problem: str | None = None  # processing failed: the page is kept as it is


def process_page(path: str, dpi: int, options: ProcessingOptions) -> ProcessedPage:
    """Runs in a worker: what the page is, and its text, from the stored file."""
    try:
        return _process_page(path, dpi, options)
    finally:
        release_freed_memory()


def _process_page(path: str, dpi: int, options: ProcessingOptions) -> ProcessedPage:
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.load()
        plan = replace(options.analysis, orientation_step="later") if options.ocr else options.analysis
        analysis = analyze_page(image, dpi, plan)
    except Exception as exc:  # a page that cannot be analysed is still a captured page
        return ProcessedPage(None, None, f"analysis: {type(exc).__name__}: {exc}")
    if not options.ocr or analysis.blank or analysis.separator_kind is not None:
        return ProcessedPage(analysis)
    try:
        analysis = replace(analysis, ink_threshold=ink_only_threshold(image, dpi))
    except Exception as exc:  # noqa: BLE001 - then the page is simply read and archived as scanned
        log.warning("ink check failed on a page: %s", type(exc).__name__)
    try:
        analysis, ocr = _orient_and_read(Path(path), image, dpi, analysis, options)
    except Exception as exc:  # OCR trouble never costs the page or its analysis
        return ProcessedPage(analysis, None, f"ocr: {type(exc).__name__}: {exc}")
    return ProcessedPage(analysis, ocr)


def _read(image, rotation: int, analysis: PageAnalysis, dpi: int, options: ProcessingOptions):
    from .export.pdf import reading_image
    from .ocr import ocr_page

    release_freed_memory()  # the analysis' page-sized arrays: Tesseract needs the memory now
    # Not kept here: ocr_page lets the image go once Tesseract has its copy on disk.
    return ocr_page(reading_image(image, rotation, analysis.skew_degrees, analysis.ink_threshold),
                    languages=options.analysis.languages, timeout=options.ocr_timeout)


def _real_words(ocr) -> list:
    """Words of three letters or more: what a reading's confidence is judged by."""
    return [w for w in ocr.words if len(w.text) >= 3 and any(c.isalpha() for c in w.text)] if ocr.ok else []


def _mean_confidence(ocr) -> float:
    words = _real_words(ocr)
    return sum(w.conf for w in words) / len(words) if words else 0.0


def reads_upright(ocr) -> bool:
    """Most mail lies the right way up: a page that already reads well needs no second reading."""
    return len(_real_words(ocr)) >= UPRIGHT_MIN_WORDS and _mean_confidence(ocr) >= UPRIGHT_MIN_CONFIDENCE


def _orient_and_read(path: Path, image, dpi: int, analysis: PageAnalysis, options: ProcessingOptions):
    """Read the page the way up its letters say (imaging/updown.py), or as it lies when they
    do not say; if that reads poorly, read it the other way round and keep the better reading.

    Nearly every page costs one Tesseract run, as the bare-Tesseract floor does: upright pages
    and pages fed upside down or sideways alike. The two candidates come from the direction of
    the text lines; reading decides between them better than OSD on a sample would. OSD is
    asked only when there are no lines to go by, or when OCR cannot read at all."""
    from .imaging.orientation import detect_orientation

    first, guess = None, analysis.letters_way_up
    if analysis.lines_found and (guess is not None or not analysis.lines_vertical):
        candidates = (90, 270) if analysis.lines_vertical else (0, 180)
        guess = guess if guess in candidates else candidates[0]
        first = _read(image, guess, analysis, dpi, options)
        method = "letters" if guess == analysis.letters_way_up else "ocr"
        if reads_upright(first):
            return replace(analysis, rotation=guess, orientation_method=method), first
        if first.ok:
            other = candidates[1] if guess == candidates[0] else candidates[0]
            second = _read(image, other, analysis, dpi, options)
            if _mean_confidence(second) > _mean_confidence(first):
                return replace(analysis, rotation=other, orientation_method="ocr"), second
            return replace(analysis, rotation=guess, orientation_method="ocr"), first
        # OCR cannot read at all here (a language missing, Tesseract failing): OSD still
        # knows which way is up, so the archived page is upright even without its text.
    orientation = detect_orientation(image, dpi, languages=options.analysis.languages)
    analysis = replace(analysis, rotation=orientation.rotation, orientation_method=orientation.method)
    if first is not None and orientation.rotation == guess:
        return analysis, first
    return analysis, _read(image, orientation.rotation, analysis, dpi, options)


def _warm() -> None:
    from . import analysis, ocr  # noqa: F401 - OpenCV, zxing, pytesseract: the slow imports
    from .export import pdf  # noqa: F401


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per worker: the pool parallelises


def default_workers() -> int:
    """One worker per core; SCANSTATION_WORKERS overrides (0: in the calling thread)."""
    configured = os.environ.get("SCANSTATION_WORKERS", "").strip()
    if configured.isdigit():
        return int(configured)
    return os.cpu_count() or 1


def ocr_wanted() -> bool:
    """SCANSTATION_OCR=0 turns OCR off (tests and benchmarks that measure something else)."""
    return os.environ.get("SCANSTATION_OCR", "1").strip() != "0"


class _InlineExecutor:
    """workers=0: process in the calling thread (tests, tiny jobs, debugging)."""

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


class PageProcessor:
    """The worker processes: started at the first page (or warm_up), shut down by close().

    Safe to share between threads: the window warms it up in one while a scan may start in another."""

    def __init__(self, options: ProcessingOptions = ProcessingOptions(), workers: int | None = None) -> None:
        self.options = options
        self.workers = default_workers() if workers is None else workers
        self._executor = None
        self._lock = threading.Lock()

    def _running(self):
        with self._lock:
            if self._executor is None:
                self._executor = self._start()
            return self._executor

    def _start(self):
        if self.workers > 0:
            # spawn, not fork: the GUI process has threads (Qt, SQLite) that must not be forked.
            return ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init)
        return _InlineExecutor()

    @property
    def max_in_flight(self) -> int:
        return max(1, 2 * self.workers)

    def warm_up(self) -> None:
        """Start the workers and load what they use, so the first page of a scan waits for neither.
        A warm-up cut short (the window closed) is no problem: the next scan starts them."""
        try:
            executor = self._running()
            for future in [executor.submit(_warm) for _ in range(max(1, self.workers))]:
                future.result()
        except Exception as exc:  # noqa: BLE001 - shut down meanwhile, or a worker failed to start
            log.info("page workers not warmed up: %s", type(exc).__name__)

    def submit(self, path: Path, dpi: int) -> Future:
        return self._running().submit(process_page, str(path), dpi, self.options)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "PageProcessor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
