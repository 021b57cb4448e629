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
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .analysis import AnalysisOptions, PageAnalysis, analyze_page, sheet_or_letter
from .batching import BatchingExecutor
from .memory import release_freed_memory


log = logging.getLogger("scanstation.pipeline")

UPRIGHT_MIN_WORDS = 12  # letters have hundreds of words; a few stray words decide nothing
UPRIGHT_MIN_CONFIDENCE = 70.0  # upright text reads at 85-95, upside-down text below 55
# Pages one worker reads in one Tesseract run when pages are waiting: its language model is
# loaded once for them (a tenth of a page's reading with `dan`, a sixth with `dan+eng`), and
# a batch's results come back together, so more would only make pages wait longer.
BATCH_PAGES = 4


@dataclass(frozen=True)
class ProcessingOptions:
    analysis: AnalysisOptions = AnalysisOptions()
    ocr: bool = True
    ocr_timeout: float = 180.0
    # Where workers write their temporary files (the images handed to Tesseract): the station's
    # <data>/tmp/<pid>/, cleaned at the next start if a crash leaves anything; "": the system's.
    scratch_dir: str = ""


@dataclass(frozen=True)
class ProcessedPage:
    analysis: PageAnalysis | None
    ocr: Any = None  # OcrResult, or None when the page needs no text (blank, separator)
    problem: str | None = None  # processing failed: the page is kept as it is
    preview: Any = None  # a thumbnail (PIL image), when asked for: the page was not decoded at import


def process_page(path: str, dpi: int, options: ProcessingOptions, preview: bool = False) -> ProcessedPage:
    """Runs in a worker: what the page is, and its text, from the stored file; with `preview`,
    also its thumbnail (the page was not decoded before)."""
    return process_pages([(path, dpi, preview)], options)[0]


def process_pages(pages: list[tuple[str, int, bool]], options: ProcessingOptions) -> list[ProcessedPage]:
    """Runs in a worker: process_page for each (path, dpi, preview). The pages that need
    reading are read together, one Tesseract run for them all, so its language model is
    loaded once (pages waiting for a worker come in batches, see PageProcessor)."""
    try:
        return _process_pages(pages, options)
    finally:
        release_freed_memory()


class _StoredPage:
    """A stored page's image, decoded when needed and let go between readings."""

    def __init__(self, path: Path) -> None:
        self.path, self._image = path, None

    def image(self):
        from PIL import Image

        if self._image is None:
            with Image.open(self.path) as image:
                image.load()
            self._image = image
        return self._image

    def let_go(self) -> None:
        self._image = None


def _process_pages(pages: list[tuple[str, int, bool]], options: ProcessingOptions) -> list[ProcessedPage]:
    scratch = options.scratch_dir or None
    if scratch:
        os.makedirs(scratch, exist_ok=True)
        if _IN_WORKER:
            tempfile.tempdir = scratch  # what Tesseract's wrappers write goes there too
    with tempfile.TemporaryDirectory(prefix="read-", dir=scratch) as folder:
        return _BatchReading(pages, options, Path(folder)).run()


class _BatchReading:
    """Pages analysed one after another, then read together, round by round: the first
    reading of every page in one Tesseract run, the few second readings in another."""

    def __init__(self, pages: list[tuple[str, int, bool]], options: ProcessingOptions, folder: Path) -> None:
        self.pages, self.options, self.folder = pages, options, folder
        self.done: dict[int, ProcessedPage] = {}
        self.reading: dict[int, tuple[_StoredPage, PageAnalysis, Generator]] = {}
        self.prepared: dict = {}  # page -> its next reading, written for Tesseract
        self.previews: dict = {}  # page -> its thumbnail, for pages not decoded before

    def run(self) -> list[ProcessedPage]:
        from .ocr import read_pages

        for index, (path, dpi, preview) in enumerate(self.pages):
            self._analyse(index, Path(path), dpi, preview)
        while self.prepared:
            release_freed_memory()  # the analysis' page-sized arrays: Tesseract needs the memory now
            prepared, self.prepared = self.prepared, {}
            results = read_pages(list(prepared.values()), self.folder, languages=self.options.analysis.languages,
                                 timeout=self.options.ocr_timeout)  # fmt: skip
            for index, ocr in zip(prepared, results):
                self._step(index, lambda steps, ocr=ocr: steps.send(ocr))
        return [replace(self.done[index], preview=self.previews.get(index)) for index in range(len(self.pages))]

    def _analyse(self, index: int, path: Path, dpi: int, preview: bool) -> None:
        from .imaging.preview import preview_of

        stored, options = _StoredPage(path), self.options
        try:
            image = stored.image()
            if preview:
                self.previews[index] = preview_of(image)
            # Which way up is settled by reading (OCR on) or by the letters' shapes (OCR off:
            # tests and benchmarks of something else; Tesseract's OSD only where they say nothing).
            plan = replace(options.analysis, orientation_step="later") if options.analysis.detect_orientation \
                else options.analysis
            # The ink check (is the page ink on paper only: read and archived black and white) is
            # made from the arrays the analysis makes anyway.
            analysis = analyze_page(image, dpi, plan, ink_check=options.ocr)
        except Exception as exc:  # a page that cannot be analysed is still a captured page
            self.done[index] = ProcessedPage(None, None, f"analysis: {type(exc).__name__}: {exc}")
            return
        # One of our sheets is read too: a page that also carries a letter's text is a letter's
        # page (analysis.sheet_or_letter); a sheet's reading is let go once it is judged.
        if not options.ocr and analysis.orientation_method == "pending":
            analysis = _way_up_without_reading(stored, dpi, analysis, options)
        if not options.ocr or analysis.blank or (analysis.separator_kind is not None and not analysis.sheet_code):
            self.done[index] = ProcessedPage(analysis)
            return
        del image
        self.reading[index] = (stored, analysis, _reading_steps(stored, dpi, analysis, options))
        self._step(index, next)

    def _step(self, index: int, advance: Callable) -> None:
        """Take the page's next step: write its next reading for Tesseract, or keep its result."""
        from .export.pdf import reading_image
        from .ocr import prepare_page

        stored, analysis, steps = self.reading[index]
        try:
            rotation = advance(steps)
            upright = reading_image(stored.image(), rotation, analysis.skew_degrees, analysis.ink_threshold)
            self.prepared[index] = prepare_page(upright, self.folder, f"page-{index}-{rotation}")
        except StopIteration as finished:
            analysis, ocr = sheet_or_letter(*finished.value)
            self.done[index] = ProcessedPage(analysis, self._with_stamps(stored, analysis, ocr))
        except Exception as exc:  # noqa: BLE001 - OCR trouble never costs the page or its analysis
            self.done[index] = ProcessedPage(analysis, None, f"ocr: {type(exc).__name__}: {exc}")
        if len(self.pages) > 1:
            stored.let_go()  # a batch holds no page images: a second reading decodes its page again


    def _with_stamps(self, stored: _StoredPage, analysis: PageAnalysis, ocr):
        """The reading with the return stamps and stickers it missed (recognition/stamps.py),
        looked for on the page in its own colours: stamp ink is told from black text by colour."""
        from .export.pdf import reading_image
        from .recognition.stamps import with_stamps

        if ocr is None or not getattr(ocr, "ok", False) or analysis.separator_kind is not None:
            return ocr
        try:
            upright = reading_image(stored.image(), analysis.rotation, analysis.skew_degrees, None)
            dpi = int(round((upright.info.get("dpi") or (ocr.dpi, ocr.dpi))[0])) or ocr.dpi
            return with_stamps(ocr, upright, dpi, languages=self.options.analysis.languages)
        except Exception as exc:  # noqa: BLE001 - a stamp not read again never costs the page its text
            log.warning("stamps not looked for on a page: %s", type(exc).__name__)
            return ocr


def _real_words(ocr) -> list:
    """Words of three letters or more: what a reading's confidence is judged by."""
    return [w for w in ocr.words if len(w.text) >= 3 and any(c.isalpha() for c in w.text)] if ocr.ok else []


def _mean_confidence(ocr) -> float:
    words = _real_words(ocr)
    return sum(w.conf for w in words) / len(words) if words else 0.0


def reads_upright(ocr) -> bool:
    """Most mail lies the right way up: a page that already reads well needs no second reading."""
    return len(_real_words(ocr)) >= UPRIGHT_MIN_WORDS and _mean_confidence(ocr) >= UPRIGHT_MIN_CONFIDENCE


def _reading_steps(stored: _StoredPage, dpi: int, analysis: PageAnalysis, options: ProcessingOptions) -> Generator:
    """Which way up to read the page: yields the rotation to read it at next, is sent that
    reading, and returns (analysis, the reading kept). Driven for a batch of pages at once.

    The page is read the way up its letters say (imaging/updown.py), or as it lies when they
    do not say; if that reads poorly, it is read the other way round and the better reading
    kept. Nearly every page costs one Tesseract reading, as the bare-Tesseract floor does:
    upright pages and pages fed upside down or sideways alike. The two candidates come from
    the direction of the text lines; reading decides between them better than OSD on a
    sample would. OSD is asked only when there are no lines to go by, or when OCR cannot
    read at all."""
    from .imaging.orientation import detect_orientation

    first, guess = None, analysis.letters_way_up
    if analysis.lines_found and (guess is not None or not analysis.lines_vertical):
        candidates = (90, 270) if analysis.lines_vertical else (0, 180)
        guess = guess if guess in candidates else candidates[0]
        first = yield guess
        method = "letters" if guess == analysis.letters_way_up else "ocr"
        if reads_upright(first):
            return replace(analysis, rotation=guess, orientation_method=method), first
        if first.ok:
            other = candidates[1] if guess == candidates[0] else candidates[0]
            second = yield other
            if _mean_confidence(second) > _mean_confidence(first):
                return replace(analysis, rotation=other, orientation_method="ocr"), second
            return replace(analysis, rotation=guess, orientation_method="ocr"), first
        # OCR cannot read at all here (a language missing, Tesseract failing): OSD still
        # knows which way is up, so the archived page is upright even without its text.
    orientation = detect_orientation(stored.image(), dpi, languages=options.analysis.languages)
    analysis = replace(analysis, rotation=orientation.rotation, orientation_method=orientation.method)
    if first is not None and orientation.rotation == guess:
        return analysis, first
    return analysis, (yield orientation.rotation)


def _way_up_without_reading(stored: _StoredPage, dpi: int, analysis: PageAnalysis,
                            options: ProcessingOptions) -> PageAnalysis:
    """Without OCR: the way up the letters' shapes say (imaging/updown.py), or OSD's where they
    say nothing (vertical lines the shapes could not judge)."""
    from .imaging.orientation import detect_orientation

    if analysis.letters_way_up is not None:
        return replace(analysis, rotation=analysis.letters_way_up, orientation_method="letters", letters_way_up=None)
    orientation = detect_orientation(stored.image(), dpi, languages=options.analysis.languages)
    return replace(analysis, rotation=orientation.rotation, orientation_method=orientation.method, letters_way_up=None)


def _warm() -> None:
    from . import analysis, ocr  # noqa: F401 - OpenCV, zxing, pytesseract: the slow imports
    from .export import pdf  # noqa: F401


_IN_WORKER = False
PARENT_CHECK_SECONDS = 0.5


def _worker_init(parent_pid: int | None = None) -> None:
    global _IN_WORKER
    _IN_WORKER = True
    if parent_pid is not None:
        die_with_parent(parent_pid)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per worker: the pool parallelises
    import cv2

    cv2.setNumThreads(1)  # and one OpenCV thread: threads within a worker only contend with the others


def die_with_parent(parent_pid: int) -> None:
    """End this worker, and the Tesseract it runs, soon after the program that started it ends,
    however it ended: a SIGKILL or a power-off of the program leaves no worker behind.

    A watchdog thread looks at the parent every half second (PR_SET_PDEATHSIG would fire when
    the creating *thread* ends, and the window starts workers from a background thread). The
    worker leads a process group of its own, so its Tesseract children go with it."""
    if hasattr(os, "setpgid"):
        try:
            os.setpgid(0, 0)  # also keeps a Ctrl+C in the terminal for the main program to handle
        except OSError:
            pass

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
                    os.killpg(os.getpid(), signal.SIGKILL)  # this worker and its Tesseract
                os._exit(1)
            time.sleep(PARENT_CHECK_SECONDS)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


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

    A page goes to a free worker at once; pages that find every worker busy wait and go in
    batches of up to BATCH_PAGES, read by one Tesseract run (scanstation/batching.py).
    Safe to share between threads: the window warms it up in one while a scan may start in another."""

    def __init__(self, options: ProcessingOptions = ProcessingOptions(), workers: int | None = None) -> None:
        self.options = options
        self.workers = default_workers() if workers is None else workers
        self._executor = None
        self._batches: BatchingExecutor | None = None
        self._lock = threading.Lock()

    def _running(self):
        with self._lock:
            if self._executor is None:
                self._executor = self._start()
                if self.workers > 0:
                    self._batches = BatchingExecutor(self._executor, process_pages, slots=self.workers,
                                                     batch_size=BATCH_PAGES)  # fmt: skip
            return self._executor

    def _start(self):
        if self.workers > 0:
            # spawn, not fork: the GUI process has threads (Qt, SQLite) that must not be forked.
            return ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init,
                initargs=(os.getpid(),))
        return _InlineExecutor()

    @property
    def max_in_flight(self) -> int:
        """Pages the capture side lets wait for their results: enough for every worker to take a
        full batch while the next ones queue."""
        return max(1, 2 * self.workers * BATCH_PAGES)

    def warm_up(self) -> None:
        """Start the workers and load what they use, so the first page of a scan waits for neither.
        A warm-up cut short (the window closed) is no problem: the next scan starts them."""
        try:
            executor = self._running()
            for future in [executor.submit(_warm) for _ in range(max(1, self.workers))]:
                future.result()
        except Exception as exc:  # noqa: BLE001 - shut down meanwhile, or a worker failed to start
            log.info("page workers not warmed up: %s", type(exc).__name__)

    def submit(self, path: Path, dpi: int, *, preview: bool = False) -> Future:
        """The page's ProcessedPage, to come; `preview`: also make its thumbnail."""
        executor = self._running()
        with self._lock:
            batches = self._batches
        if batches is None:  # in the calling thread
            return executor.submit(process_page, str(path), dpi, self.options, preview)
        return batches.submit((str(path), dpi, preview), self.options)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
            batches, self._batches = self._batches, None
        if batches is not None:
            batches.close()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "PageProcessor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
