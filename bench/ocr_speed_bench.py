"""Speed, accuracy and memory of OCR to searchable PDF/A, side by side in one run:

1. ScanStation: `scanstation process` end to end (import, analysis, OCR in worker
   processes, confirm, PDF/A export with sidecars);
2. OCRmyPDF: `ocrmypdf -l dan --rotate-pages --deskew --output-type pdfa --jobs N` on the
   same pages as one PDF;
3. bare `tesseract` per page, N at a time (the floor: OCR and nothing else).

    .venv/bin/python bench/ocr_speed_bench.py --pages 200 [--out docs/benchmarks.md]

Pages are demo letters at 300 dpi gray, some turned 180 degrees or skewed a little, as a
feeder delivers them. CER is measured on each page's body paragraphs against the text
the page was rendered from (aligned within the OCR output, so headers count for nobody).
Peak RSS is the largest sum over the whole process tree, sampled every 100 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import img2pdf
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import partial_ratio_alignment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import publish  # noqa: E402

from scanstation.capture.demo_letters import demo_letters, render_letter_page  # noqa: E402

SECTION = "## OCR to searchable PDF/A: ScanStation vs OCRmyPDF vs bare Tesseract (bench/ocr_speed_bench.py)"
BIN = Path(sys.executable).parent


# --- the corpus ------------------------------------------------------------------


def make_pages(folder: Path, count: int, dpi: int = 300, seed: int = 7) -> list[tuple[Path, str]]:
    rng = random.Random(seed)
    pages: list[tuple[Path, str]] = []
    for letter in demo_letters(count, seed=seed):
        for number in range(1, letter.page_count + 1):
            if len(pages) == count:
                return pages
            image = render_letter_page(letter, number, dpi, "gray")
            roll = rng.random()
            if roll < 0.15:
                image = image.rotate(180)
            elif roll < 0.35:
                image = image.rotate(rng.uniform(-3, 3), expand=True, fillcolor=255)
            path = folder / f"page-{len(pages) + 1:04d}.png"
            image.save(path, dpi=(dpi, dpi))
            pages.append((path, "\n".join(letter.page_paragraphs(number))))
    return pages


# --- measuring -------------------------------------------------------------------


def tree_rss_mb(root: int) -> float:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 2**20


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process and their children."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_measured(command: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) of the whole process tree, and its CPU seconds."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - started, peak, children_cpu() - cpu_before


def cer(truth: str, ocr: str) -> float:
    truth, ocr = " ".join(truth.split()), " ".join(ocr.split())
    if not truth:
        return 0.0
    alignment = partial_ratio_alignment(truth, ocr)
    aligned = ocr[alignment.dest_start:alignment.dest_end] if alignment else ocr
    return Levenshtein.distance(truth, aligned) / len(truth)


def pdf_page_text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


# --- the three runs --------------------------------------------------------------


def run_scanstation(pages, work: Path, workers: int, languages: str) -> dict:
    run = work / f"ss-{languages}"
    data, drop, config = run / "data", run / "drop", run / "settings.toml"
    drop.mkdir(parents=True)
    config.write_text(f'[ocr]\nlanguages = "{languages}"\n', encoding="utf-8")
    env = {**os.environ, "SCANSTATION_WORKERS": str(workers), "XDG_CONFIG_HOME": str(run / "cfg"),
           "XDG_STATE_HOME": str(run / "state")}
    seconds, rss, cpu = run_measured(
        [str(BIN / "scanstation"), "--config", str(config), "--data-dir", str(data), "--drop", str(drop), "process",
         *[str(p) for p, _ in pages], "--recipient", "fordeling", "--received", "2026-11-20"], env=env)
    pdfs = sorted(drop.glob("*.pdf"))  # one file, one document, in page order (journal ids ascend)
    errors = [cer(truth, pdf_page_text(pdf)) for (_, truth), pdf in zip(pages, pdfs)]
    size = sum(p.stat().st_size for p in pdfs)
    return {"seconds": seconds, "rss": rss, "cpu": cpu, "cer": sum(errors) / len(errors), "bytes": size,
            "files": len(pdfs)}


def run_ocrmypdf(pages, work: Path, jobs: int) -> dict:
    source, out = work / "all.pdf", work / "ocrmypdf.pdf"
    source.write_bytes(img2pdf.convert([str(p) for p, _ in pages]))
    seconds, rss, cpu = run_measured(
        [str(BIN / "ocrmypdf"), "-l", "dan", "--rotate-pages", "--deskew", "--output-type", "pdfa",
         "--jobs", str(jobs), "--quiet", str(source), str(out)])
    errors = [cer(truth, pdf_page_text(out, n)) for n, (_, truth) in enumerate(pages, start=1)]
    return {"seconds": seconds, "rss": rss, "cpu": cpu, "cer": sum(errors) / len(errors),
            "bytes": out.stat().st_size, "files": 1}


def run_tesseract(pages, work: Path, jobs: int) -> dict:
    out = work / "tess"
    out.mkdir()
    script = work / "tess.sh"
    script.write_text('tesseract "$1" "' + str(out) + '/$(basename "$1" .png)" -l dan --psm 3 quiet\n')
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    listing = "\n".join(str(p) for p, _ in pages) + "\n"
    cpu_before = children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(["xargs", "-P", str(jobs), "-n", "1", "bash", str(script)], input=listing.encode(),
                          env=env, capture_output=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode(errors="replace")[-2000:])
    errors = [cer(truth, (out / f"{p.stem}.txt").read_text()) for p, truth in pages]
    return {"seconds": seconds, "rss": None, "cpu": children_cpu() - cpu_before, "cer": sum(errors) / len(errors),
            "bytes": None, "files": len(pages)}


# --- report --------------------------------------------------------------------------


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    tesseract = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    ocrmypdf = subprocess.run([str(BIN / "ocrmypdf"), "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {tesseract}, OCRmyPDF {ocrmypdf}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scanstation-ocrbench-"))
    try:
        pages = make_pages(work, args.pages)
        results = {
            "ScanStation `process`, `dan` (the peers' language)": run_scanstation(pages, work, args.jobs, "dan"),
            "ScanStation `process`, `dan+eng` (its default)": run_scanstation(pages, work, args.jobs, "dan+eng"),
            f"OCRmyPDF `--jobs {args.jobs}`": run_ocrmypdf(pages, work, args.jobs),
            f"bare tesseract, {args.jobs} at a time": run_tesseract(pages, work, args.jobs),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(pages)
    ours, default, peer, floor = (results[k] for k in results)
    lines = [SECTION, "",
             f"`python bench/ocr_speed_bench.py --pages {args.pages}` — {n} demo letter pages, 300 dpi gray, "
             f"15 % fed upside down, 20 % skewed up to 3°. {machine()}.", "",
             "| run | pages/min | CPU s/page | CER | peak RSS | output |", "|---|---|---|---|---|---|"]
    for name, r in results.items():
        rss = f"{r['rss']:.0f} MB" if r["rss"] is not None else "—"
        size = f"{r['bytes'] / n / 1024:.0f} KB/page" if r["bytes"] else "text only"
        lines.append(f"| {name} | {n / r['seconds'] * 60:.1f} | {r['cpu'] / n:.2f} | {r['cer'] * 100:.2f} % | {rss} "
                     f"| {size} |")
    speedup, default_speedup = peer["seconds"] / ours["seconds"], peer["seconds"] / default["seconds"]
    floor_gap, default_gap = ours["seconds"] / floor["seconds"] - 1, default["seconds"] / floor["seconds"] - 1

    def cer_verdict(r: dict) -> str:
        return "no worse" if r["cer"] <= peer["cer"] + 1e-9 else "worse"

    lines += ["",
              "The targets are judged on the `dan` run: the same language as OCRmyPDF's `-l dan` and the floor's. "
              "The station's default, `dan+eng`, reads English letters better and costs Tesseract more per page.", "",
              f"- ScanStation vs OCRmyPDF: {speedup:.2f}× the pages per minute (target ≥ 3×: "
              f"{'met' if speedup >= 3 else 'not met'}); CER {cer_verdict(ours)}. With `dan+eng`: "
              f"{default_speedup:.2f}×, CER {cer_verdict(default)}.",
              f"- ScanStation vs the bare-Tesseract floor: {floor_gap * 100:+.0f} % time (target within 15 %: "
              f"{'met' if floor_gap <= 0.15 else 'not met'}); with `dan+eng` {default_gap * 100:+.0f} %.",
              f"- Peak RSS for {n} pages: {ours['rss']:.0f} MB, {default['rss']:.0f} MB with `dan+eng` "
              f"(target < 500 MB for 200 pages: {'met' if max(ours['rss'], default['rss']) < 500 else 'not met'}).",
              "- ScanStation's time includes page analysis (blank, orientation, skew, barcodes, patch codes), "
              "the journal, PDF/A assembly and sidecars; OCRmyPDF's includes its rotation and deskew.",
              "- The floor reads each page once as it lies (upside-down pages as garbage: its CER), one Tesseract "
              "process per page. ScanStation reads each page once too, the right way up: which way up is told by "
              "the letters' shapes before Tesseract runs (imaging/updown.py), and ink-on-paper pages are read "
              "bitonal, as archived. Pages that wait for a worker (all of them in an import like this one) are "
              "read four to a Tesseract run, which loads the language model once per run instead of once per page "
              "(pipeline.BATCH_PAGES). On top of the reading come the page analysis, lossless storage of the scan, "
              "the journal and the PDF/A (profile: docs/benchmarks.md, 'Where the time goes').",
              "- CPU s/page: user + system time of the whole process tree (Tesseract included) per page; "
              "less sensitive than pages/min to other load on the machine."]
    report = "\n".join(lines) + "\n"
    publish(report, SECTION, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
