"""A generated mailroom batch through page analysis and separation, scored against its truth.

    .venv/bin/python bench/separation_bench.py --letters 40 --seed 1 [--out docs/benchmarks.md]

Every page goes through `analyze_page` and one `DocumentSplitter`, set up from the default
`Settings` exactly as `Station.intake` does, in feed order. The station stores a page as
lossless PNG and analyses that file in a worker process with OMP_THREAD_LIMIT=1
(scanstation/pipeline.py); here the same pixels are analysed in this one process, with the
same Tesseract thread limit, so results are the station's and step times are one worker's. Pages that carry codes are also
read by each barcode engine on its own, to compare zxing-cpp and zbar on the same damage.
Prints a Markdown report; with --out, writes it as one section of that file (other sections
are kept). The batch itself is described in bench/corpus.py, the damage in bench/damage.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import BENCH_SITE_KEY, MailroomBatch, PageTruth, plan_batch  # noqa: E402
from bench.report import publish  # noqa: E402
from scanstation.analysis import AnalysisOptions, PageAnalysis, analyze_page  # noqa: E402
from scanstation.config import Settings  # noqa: E402
from scanstation.imaging.deskew import find_text_lines, gray_array  # noqa: E402
from scanstation.imaging.updown import way_up  # noqa: E402
from scanstation.recognition.barcodes import read_barcodes, same_code_key  # noqa: E402
from scanstation.separation import DocumentSplitter, Placement  # noqa: E402

SECTION = "## Separation, barcodes, orientation (bench/separation_bench.py)"
ENGINES = ("zxing", "zbar")
STEPS = ("blank", "skew", "orientation", "rotate", "barcodes", "patch")


@dataclass
class PageResult:
    truth: PageTruth
    analysis: PageAnalysis | None  # None: analysis raised (the station keeps such a page unanalysed)
    placement: Placement
    analyze_ms: float
    reads: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # engine -> codes read
    read_ms: dict[str, float] = field(default_factory=dict)
    letters_way_up: int | None = None  # text pages: the pipeline's guess before reading (imaging/updown.py)


def letters_guess(image, dpi: int) -> int | None:
    """Which way up the letters' shapes say, as the pipeline guesses before its one reading."""
    gray = gray_array(image)
    lines = find_text_lines(gray, dpi)
    return way_up(gray, dpi, lines.skew_degrees, sideways=lines.vertical) if lines.found else None


def run(batch: MailroomBatch, engines: Iterable[str] = ENGINES,
        progress: Callable[[PageResult], None] | None = None) -> list[PageResult]:  # fmt: skip
    settings = Settings()
    options = AnalysisOptions(languages=settings.ocr_languages, separator_barcode=settings.separator_barcode,
                              site_key=BENCH_SITE_KEY)
    splitter = DocumentSplitter(settings.separation_strategy, keep_cover_sheets=settings.keep_cover_sheets,
                                drop_blank_pages=settings.drop_blank_pages)  # fmt: skip
    results = []
    for scanned, truth in batch.scan():
        started = time.perf_counter()
        try:
            analysis = analyze_page(scanned.image, scanned.dpi, options)
        except Exception as exc:  # as Intake._analyze: the page is kept, unanalysed
            print(f"page {truth.index}: analysis failed: {exc!r}", file=sys.stderr)
            analysis = None
        result = PageResult(truth, analysis, splitter.place(scanned, analysis),
                            round((time.perf_counter() - started) * 1000, 1))  # fmt: skip
        if truth.is_text:
            result.letters_way_up = letters_guess(scanned.image, scanned.dpi)
        if truth.codes:
            for engine in engines:
                started = time.perf_counter()
                found = read_barcodes(scanned.image, engine=engine)
                result.read_ms[engine] = (time.perf_counter() - started) * 1000
                result.reads[engine] = {same_code_key(c.symbology, c.value) for c in found}
        results.append(result)
        if progress:
            progress(result)
    return results


# --- scoring ------------------------------------------------------------------------


@dataclass
class Rate:
    ok: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.ok += bool(ok)
        self.total += 1

    @property
    def perfect(self) -> bool:
        return self.ok == self.total

    def __str__(self) -> str:
        return f"{self.ok}/{self.total} ({100 * self.ok / self.total:.0f} %)" if self.total else "–"


@dataclass
class Scores:
    reads: dict[tuple[str, str, str], Rate]  # (engine, what, symbology) -> rate
    sheets: dict[str, Rate]  # cover / separator / patch sheets recognised by the station
    cover_fields: Rate
    patch: Rate  # patch code found and right, on pages that carry one
    false_patches: list[PageResult]
    orientation: dict[str, Rate]  # "all", "fed 0°", ...
    letters_guess: Counter  # text pages: "right", "wrong", "no guess"
    skew_errors: list[float]
    blank: Counter  # tp, fp, fn, tn
    documents: Rate
    false_splits: list[tuple[PageResult, str]]  # (page, cause)
    missed_splits: list[PageResult]
    failures: dict[str, list[str]]
    timings: dict[str, list[float]]


def score(batch: MailroomBatch, results: list[PageResult], engines: Iterable[str] = ENGINES) -> Scores:
    reads: dict[tuple[str, str, str], Rate] = defaultdict(Rate)
    sheets: dict[str, Rate] = defaultdict(Rate)
    cover_fields, patch, documents = Rate(), Rate(), Rate()
    orientation: dict[str, Rate] = defaultdict(Rate)
    letters: Counter = Counter()
    skew_errors: list[float] = []
    blank: Counter = Counter()
    false_patches: list[PageResult] = []
    failures: dict[str, list[str]] = defaultdict(list)
    timings: dict[str, list[float]] = defaultdict(list)

    for r in results:
        t, a = r.truth, r.analysis
        what = {"cover": "cover sheet", "separator": "separator sheet"}.get(t.kind, "foreign (on letters)")
        for engine in engines:
            if engine not in r.reads:
                continue
            timings[f"read_barcodes {engine} (pages with codes)"].append(r.read_ms[engine])
            got = r.reads[engine]
            missed = []
            for symbology, value in t.codes:
                ok = same_code_key(symbology, value) in got
                reads[(engine, what, symbology)].add(ok)
                if not ok:
                    missed.append(symbology)
            if t.kind in ("cover", "separator"):
                reads[(engine, what, "any code on the sheet")].add(len(missed) < len(t.codes))
            if missed:
                failures[f"{engine} did not read"].append(f"{', '.join(missed)} on {t.describe()}")
        if a is not None:
            for step in STEPS:
                if step in a.timings_ms:
                    timings[step].append(a.timings_ms[step])
        timings["analyze_page total"].append(r.analyze_ms)

        kind = a.separator_kind if a else None
        if t.kind == "cover":
            ok = a is not None and a.cover_sheet == t.cover
            sheets["cover sheet (routing data read)"].add(ok)
            fields_ok = r.placement.document_fields == _fields(t)
            cover_fields.add(fields_ok)
            if not ok:
                failures["sheet not recognised"].append(f"{t.describe()}: seen as {_seen(a)}")
            elif not fields_ok:
                failures["cover fields not carried to the document"].append(t.describe())
        elif t.kind == "separator":
            ok = kind in ("separator", "patch_T")
            sheets["separator sheet (its code or its Patch T)"].add(ok)
            sheets["separator sheet: its SSSEP1 code read"].add(bool(a and a.separator_sheet))
            if not ok:
                failures["sheet not recognised"].append(f"{t.describe()}: seen as {_seen(a)}")
        elif t.kind == "patch":
            ok = kind == f"patch_{t.patch}"
            sheets[f"Patch {t.patch} sheet"].add(ok)
            if not ok:
                failures["sheet not recognised"].append(f"{t.describe()}: seen as {_seen(a)}")
        if t.patch:
            found = a.patch_code if a else None
            patch.add(found == t.patch)
            if found != t.patch:
                failures["patch code missed or misread"].append(f"Patch {t.patch} on {t.describe()}: found {found}")
        elif a is not None and a.patch_code:
            false_patches.append(r)
            failures["patch code where there is none"].append(f"Patch {a.patch_code} on {t.describe()}")

        if t.is_text:
            got = None if a is None or a.blank else a.rotation
            ok = got == t.rotation
            orientation["all text pages"].add(ok)
            orientation[f"fed turned {t.damage.turn}°"].add(ok)
            orientation[f"{t.dpi} dpi"].add(ok)
            guessed = r.letters_way_up
            letters["no guess" if guessed is None else "right" if guessed == t.rotation else "wrong"] += 1
            if guessed is not None and guessed != t.rotation:
                failures["letters guessed the wrong way up (a second reading)"].append(
                    f"{t.describe()}: needs {t.rotation}°, letters said {guessed}°")
            if not ok:
                seen = "judged blank" if a and a.blank else f"turned {got}° ({a.orientation_method})" if a else "no analysis"
                failures["orientation wrong"].append(f"{t.describe()}: needs {t.rotation}°, {seen}")
            elif a is not None:
                skew_errors.append(abs(a.skew_degrees - t.damage.skew))

        said_blank = bool(a and a.blank)
        blank["tp" if t.blank and said_blank else "fn" if t.blank else "fp" if said_blank else "tn"] += 1
        if t.blank != said_blank:
            reason = a.blank_reason if a and a.blank else ""
            label = "blank back kept as content" if t.blank else "content page dropped as blank"
            failures[label].append(t.describe() + (f": {reason}" if reason else ""))

    predicted = _predicted_documents(results)
    content: dict[int, list[int]] = defaultdict(list)  # predicted document -> pages kept in it, but blank backs
    for r in results:
        if r.placement.included and r.truth.kind != "blank_back":
            content[predicted[r.truth.index]].append(r.truth.index)
    for doc in batch.documents:
        owners = sorted({predicted[i] for i in doc.pages})
        ok = len(owners) == 1 and content[owners[0]] == list(doc.pages)
        documents.add(ok)
        if not ok:
            held = "; ".join(f"predicted document {o} holds pages {content[o]}" for o in owners)
            failures["document not split exactly right"].append(
                f"document {doc.index} ({doc.lead} in front, letter pages {list(doc.pages)}): {held}")

    false_splits, missed_splits = [], []
    for r in results:
        i = r.truth.index
        boundary = i == 0 or results[i - 1].truth.document != r.truth.document
        if r.placement.new_document and not boundary:
            cause = _split_cause(r)
            false_splits.append((r, cause))
            failures["false split"].append(f"{r.truth.describe()}: {cause}")
        elif boundary and not r.placement.new_document:
            missed_splits.append(r)
    return Scores(dict(reads), dict(sheets), cover_fields, patch, false_patches, dict(orientation), letters, skew_errors,
                  blank, documents, false_splits, missed_splits, dict(failures), dict(timings))  # fmt: skip


def _fields(t: PageTruth) -> dict | None:
    c = t.cover
    return {"recipient_id": c.recipient_id, "case_number": c.case_number, "document_type": c.document_type,
            "note": c.note}  # fmt: skip


def _seen(a: PageAnalysis | None) -> str:
    if a is None:
        return "no analysis"
    if a.blank:
        return f"blank ({a.blank_reason})"
    codes = ", ".join(f"{b.symbology} {b.value[:24]!r}" for b in a.barcodes) or "no codes"
    return f"{a.separator_kind or 'a content page'} ({codes}; patch {a.patch_code})"


def _split_cause(r: PageResult) -> str:
    a, t = r.analysis, r.truth
    kind = a.separator_kind if a else None
    if t.foreign and kind in ("cover_sheet", "separator"):
        return f"foreign barcode taken for a {kind} ({_seen(a)})"
    if kind and kind.startswith("patch_"):
        return f"a Patch {a.patch_code} found on the page"
    return f"started_by={r.placement.started_by!r} ({_seen(a)})"


def _predicted_documents(results: list[PageResult]) -> list[int]:
    """The document each page lands in, numbered as the journal would open them."""
    current, owners = -1, []
    for r in results:
        if r.placement.new_document or current < 0:
            current += 1
        owners.append(current)
    return owners


# --- the report ---------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        tesseract = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=20)
        tesseract_version = (tesseract.stdout or tesseract.stderr).splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        tesseract_version = "not found"
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {"cpus (nproc)": str(os.cpu_count()), "CPU": model, "python": platform.python_version(),
            "tesseract": tesseract_version, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "unset"),
            "OS": platform.platform(), "load average (1/5/15 min)": load}


def _ms(values: list[float]) -> tuple[str, str]:
    if not values:
        return "–", "–"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.0f}", f"{p90:.0f}"


def report(batch: MailroomBatch, results: list[PageResult], s: Scores, *, command: str,
           machine: dict[str, str], elapsed_s: float, engines: Iterable[str] = ENGINES) -> str:  # fmt: skip
    engines = tuple(engines)
    kinds = Counter(r.truth.kind for r in results)
    dpis = Counter(r.truth.dpi for r in results)
    foreign = sum(len(r.truth.foreign) for r in results)
    damaged = sum(r.truth.damage.describe() != "none" for r in results)
    turned = Counter(r.truth.damage.turn for r in results if r.truth.side == "front")
    out = [SECTION, ""]
    out += [f"Command: `{command}`  ", f"Run: {time.strftime('%Y-%m-%d %H:%M')}, {elapsed_s:.0f} s wall time for "
            f"{len(results)} pages, one process, pages in feed order (the station analyses the same lossless "
            "pixels in one worker process per core; other processes were running on this machine, see the load "
            "average)."]  # fmt: skip
    out += ["", "| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in machine.items()]
    out += ["", f"Batch (seed {batch.seed}): {batch.letters} letters, {len(results)} pages: "
            + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
            + f"; {', '.join(f'{n} at {d} dpi' for d, n in sorted(dpis.items()))}; {foreign} foreign codes on letters; "
            f"{damaged} pages damaged; sheets fed turned: "
            + ", ".join(f"{n}× {d}°" for d, n in sorted(turned.items()) if d) + ". "
            "The station's own settings (separators, default AnalysisOptions, zxing-cpp) decide; the engine "
            "table reads the same pages with each engine alone."]  # fmt: skip

    blank_p = s.blank["tp"] / max(1, s.blank["tp"] + s.blank["fp"])
    blank_r = s.blank["tp"] / max(1, s.blank["tp"] + s.blank["fn"])
    covers = s.sheets.get("cover sheet (routing data read)", Rate())
    sheet_total = Rate(sum(v.ok for k, v in s.sheets.items() if "SSSEP1" not in k),
                       sum(v.total for k, v in s.sheets.items() if "SSSEP1" not in k))  # fmt: skip
    foreign_splits = [p for p, cause in s.false_splits if cause.startswith("foreign")]
    text = s.orientation.get("all text pages", Rate())
    targets = [
        ("every cover sheet read", str(covers), covers.perfect),
        ("every patch code read", str(s.patch), s.patch.perfect),
        ("every document split exactly right", str(s.documents), s.documents.perfect),
        ("zero false splits from foreign barcodes", str(len(foreign_splits)), not foreign_splits),
        ("orientation right on every text page", str(text), text.perfect),
    ]
    out += ["", "### Targets", "", "| target | result | met |", "|---|---|---|"]
    out += [f"| {name} | {value} | {'yes' if met else '**no**'} |" for name, value, met in targets]

    out += ["", "### Barcode read rate per engine", "",
            "A code counts as read when the engine returns its symbology and value. \"any code on the sheet\": "
            "at least one of the sheet's codes read, which is enough to recognise it. A cover sheet whose text is too "
            "long for a Code 128 carries the QR code alone (`coversheet.code128_module_mm`), hence fewer Code 128 "
            "rows than cover sheets.", "",
            "| page kind | symbology | " + " | ".join(engines) + " |", "|---|---|" + "---|" * len(engines)]
    rows = sorted({(what, sym) for _, what, sym in s.reads}, key=lambda k: (k[0], k[1] == "any code on the sheet", k[1]))
    for what, sym in rows:
        out.append(f"| {what} | {sym} | " + " | ".join(str(s.reads.get((e, what, sym), Rate())) for e in engines) + " |")

    out += ["", "### Sheets and patch codes (as the station sees them)", "", "| | |", "|---|---|"]
    out += [f"| {name} | {rate} |" for name, rate in sorted(s.sheets.items())]
    out += [f"| cover fields carried to the document | {s.cover_fields} |",
            f"| patch code found and right (separator and patch sheets) | {s.patch} |",
            f"| patch code found on a page without one | {len(s.false_patches)} |",
            f"| all leading sheets recognised | {sheet_total} |"]

    out += ["", "### Orientation (text pages)", "", "| pages | right |", "|---|---|"]
    out += [f"| {name} | {rate} |" for name, rate in sorted(s.orientation.items(), key=lambda kv: (kv[0] != "all text pages", kv[0]))]
    guessed = sum(s.letters_guess.values())
    if guessed:
        out += ["", "Which way up from the letters' shapes alone (imaging/updown.py), the guess the pipeline reads "
                "by before Tesseract confirms it: a wrong guess or none costs a second reading, never a wrong page.",
                "", "| text pages | right | no guess | wrong |", "|---|---|---|---|",
                f"| {guessed} | " + " | ".join(f"{s.letters_guess[k]} ({100 * s.letters_guess[k] / guessed:.0f} %)"
                                              for k in ("right", "no guess", "wrong")) + " |"]
    if s.skew_errors:
        out += ["", f"Skew measured on the pages turned right: median error {statistics.median(s.skew_errors):.2f}°, "
                f"worst {max(s.skew_errors):.2f}°."]  # fmt: skip

    out += ["", "### Blank pages", "",
            f"Precision {100 * blank_p:.1f} %, recall {100 * blank_r:.1f} % "
            f"({s.blank['tp']} empty backs found, {s.blank['fn']} missed, {s.blank['fp']} content pages called blank)."]

    out += ["", "### Document separation", "", "| | |", "|---|---|",
            f"| documents split exactly right | {s.documents} |",
            f"| false splits (a new document where none starts) | {len(s.false_splits)} |",
            f"| of which caused by a foreign barcode | {len(foreign_splits)} |",
            f"| missed splits (a letter merged into the one before) | {len(s.missed_splits)} |"]

    out += ["", "### Time per page", "",
            "From `PageAnalysis.timings_ms`, over the pages that ran the step (a blank page stops after `blank`; "
            "reads per engine only on pages with codes). Other work on the machine inflates these.", "",
            "| step | pages | median ms | p90 ms |", "|---|---|---|---|"]
    for step in list(STEPS) + ["analyze_page total"] + [f"read_barcodes {e} (pages with codes)" for e in engines]:
        values = s.timings.get(step, [])
        median, p90 = _ms(values)
        out.append(f"| {step} | {len(values)} | {median} | {p90} |")

    out += ["", "### Failures", ""]
    if not s.failures:
        out.append("None.")
    for label in sorted(s.failures):
        out.append(f"- **{label}** ({len(s.failures[label])}):")
        out += [f"  - {line}" for line in s.failures[label]]
    return "\n".join(out) + "\n"


def _command() -> str:
    script = Path(sys.argv[0]).resolve()
    try:
        script = script.relative_to(ROOT)
    except ValueError:
        pass
    return " ".join([".venv/bin/python", str(script)] + [shlex.quote(a) for a in sys.argv[1:]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dpi", type=int, action="append", help="scan resolutions (repeatable); default 200 and 300")
    parser.add_argument("--out", type=Path, help="Markdown file to write the section into")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # as the station's workers: one Tesseract thread each
    batch = plan_batch(args.letters, args.seed, tuple(args.dpi or (200, 300)))
    machine = machine_info()
    started = time.perf_counter()

    def progress(r: PageResult) -> None:
        print(f"\r{r.truth.index + 1}/{len(batch.pages)} pages, {time.perf_counter() - started:.0f} s",
              end="", file=sys.stderr, flush=True)  # fmt: skip

    results = run(batch, progress=progress)
    print(file=sys.stderr)
    elapsed = time.perf_counter() - started
    load_after = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    machine["load average (1/5/15 min)"] = f"{machine['load average (1/5/15 min)']} before, {load_after} after"
    text = report(batch, results, score(batch, results), command=_command(), machine=machine, elapsed_s=elapsed)
    publish(text, SECTION, args.out)


if __name__ == "__main__":
    main()
