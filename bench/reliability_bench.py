"""Reliability: a mailroom batch of ~200 pages, `scanstation process` killed (SIGKILL) at 20
moments, each followed by the same command run again; every letter must come out once, whole.

    .venv/bin/python bench/reliability_bench.py --pages 200 --kills 20 [--out docs/benchmarks.md]

The batch is bench/corpus.py's: demo letters behind cover sheets, separator sheets and bare
patch sheets, some duplex with blank backs, every page damaged (bench/damage.py), saved as
multi-page JPEG-compressed TIFFs of ~20 pages (a scanner's scan-to-folder), split at letter
boundaries. First one run with no kill gives the letters the station makes of it. Then, in a
fresh data folder, the same `process` command is started and killed 20 times, each kill once
the journal has placed in letters a page count drawn at random (with the seed) in one
twentieth of the batch after another, plus a random 0-2 s; each next run is the re-run of the one
killed before it, and the last runs to the end. Kills so land in start-up, in the reading of
what the kill before left, in storing, analysing, placing and delivering. Counted:

- pages lost: a page of an input file that is in no exported letter (or not in the journal);
- duplicates: a page in the journal or in the exported letters more than once, or a PDF
  more than there are letters;
- letters merged or split wrongly: a letter of the uninterrupted run that did not come out
  with exactly its pages, in order;
- leftovers: files in the data folder's tmp/, half-written (dot) files in the page store or
  the drop folder, pages in no document, letters not exported, batches not finished, and
  ScanStation processes (page workers, Tesseract) still running 3 s after a kill.

Analysis and separation are on (blank pages, barcodes, cover sheets, patch codes, which way
up); OCR is off by default (--ocr turns it on): reading changes how long a page is in
flight, not where it goes, and it would make the run several times longer.
Linux only (processes are found through /proc).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import MailroomBatch, plan_batch  # noqa: E402
from bench.report import publish  # noqa: E402

SECTION = "## Reliability: a 200-page batch killed at 20 moments (bench/reliability_bench.py)"
STACK_PAGES = 20
_ORIGIN = re.compile(r"^(?P<file>.+?)(?: page (?P<page>\d+)(?: of \d+)?)?$")


# --- the batch ---------------------------------------------------------------------


def batch_of(pages: int, seed: int, dpi: int) -> MailroomBatch:
    """The fewest letters whose batch has at least `pages` pages."""
    letters = max(1, pages // 5)
    while True:
        batch = plan_batch(letters, seed, dpis=(dpi,))
        if len(batch.pages) >= pages:
            return batch
        letters += 1


def write_stacks(batch: MailroomBatch, folder: Path) -> dict[int, tuple[str, int]]:
    """The batch as multi-page TIFFs cut at letter boundaries; batch page index -> (file, page)."""
    folder.mkdir(parents=True, exist_ok=True)
    where: dict[int, tuple[str, int]] = {}
    stack, images, last_document = 1, [], None

    def flush() -> None:
        nonlocal stack, images
        if images:
            name = f"stak-{stack:02d}.tif"
            images[0].save(folder / name, save_all=True, append_images=images[1:], compression="jpeg",
                           quality=80, dpi=(images[0].info.get("dpi") or (200, 200)))
            stack, images = stack + 1, []

    for scanned, truth in batch.scan():
        if truth.document != last_document and len(images) >= STACK_PAGES:
            flush()
        last_document = truth.document
        scanned.image.info["dpi"] = (truth.dpi, truth.dpi)
        images.append(scanned.image)
        where[truth.index] = (f"stak-{stack:02d}.tif", len(images))
    flush()
    return where


# --- the runs ----------------------------------------------------------------------


@dataclass
class Kill:
    target: int  # killed once this many pages were in letters (then a random 0-2 s later)
    seconds: float = 0.0  # into that run
    at_kill: dict = field(default_factory=dict)
    survivors: list[str] = field(default_factory=list)
    finished_first: bool = False


@dataclass
class Outcome:
    lost: int = 0
    duplicates: int = 0
    wrong_letters: int = 0
    leftovers: list[str] = field(default_factory=list)


def environment(home: Path, ocr: bool, tag: str) -> dict:
    env = dict(os.environ)
    env.update({"SCANSTATION_OCR": "1" if ocr else "0", "XDG_CONFIG_HOME": str(home / "xdg-config"),
                "XDG_DATA_HOME": str(home / "xdg-data"), "XDG_STATE_HOME": str(home / "xdg-state"),
                "SCANSTATION_BENCH_TAG": tag, "PYTHONUNBUFFERED": "1"})
    env.pop("SCANSTATION_WORKERS", None)  # one worker per core, as installed
    env.pop("SCANSTATION_CRASH_AT", None)
    return env


def command(home: Path, stacks: Path) -> list[str]:
    return [sys.executable, "-m", "scanstation.cli", "--data-dir", str(home / "data"), "--drop", str(home / "drop"),
            "process", str(stacks), "--recipient", "jobcenter"]


def rows(data: Path, sql: str) -> list:
    with sqlite3.connect(f"file:{data / 'journal.sqlite'}?mode=ro", uri=True, timeout=15) as conn:
        return conn.execute(sql).fetchall()


def where_from(origin: str) -> tuple[str, int]:
    match = _ORIGIN.match(origin)
    return match["file"], int(match["page"] or 1)


def exported_letters(data: Path) -> list[tuple]:
    letters: dict[str, list] = {}
    for journal_id, origin in rows(data, (
            "SELECT d.journal_id, p.origin FROM documents d JOIN document_pages dp ON dp.document_id = d.id"
            " JOIN pages p ON p.id = dp.page_id WHERE d.status = 'exported' AND dp.included = 1"
            " ORDER BY d.id, dp.position")):
        letters.setdefault(journal_id, []).append(where_from(origin))
    return [tuple(pages) for pages in letters.values()]


def tagged_processes(tag: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"SCANSTATION_BENCH_TAG={tag}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append((entry / "comm").read_text().strip())
            except OSError:
                continue
    return found


def journaled_pages(data: Path) -> int:
    try:
        return rows(data, "SELECT COUNT(*) FROM pages")[0][0]
    except sqlite3.Error:
        return 0  # not created yet, or busy


def placed_pages(data: Path) -> int:
    try:
        return rows(data, "SELECT COUNT(*) FROM document_pages")[0][0]
    except sqlite3.Error:
        return 0  # not created yet, or busy


def state_at_kill(data: Path, drop: Path) -> dict:
    try:
        unplaced = rows(data, "SELECT COUNT(*) FROM pages p LEFT JOIN document_pages dp ON dp.page_id = p.id"
                              " WHERE dp.page_id IS NULL")[0][0]
    except sqlite3.Error:
        unplaced = 0
    on_disk = len([p for p in (data / "pages").rglob("*.png") if not p.name.startswith(".")]) \
        if (data / "pages").exists() else 0
    return {"pages on disk": on_disk, "journaled": journaled_pages(data), "unplaced": unplaced,
            "letters delivered": len(list(drop.glob("*.json")))}


def run_to_the_end(home: Path, stacks: Path, ocr: bool) -> float:
    (home / "drop").mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    done = subprocess.run(command(home, stacks), env=environment(home, ocr, uuid.uuid4().hex),
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"`process` failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.monotonic() - started


def run_and_kill(home: Path, stacks: Path, ocr: bool, kill: Kill, rng: random.Random) -> None:
    """Start `process`, kill it for real once the journal holds `kill.target` pages (plus a random
    fraction of a second, so the kill lands in any step: storing, reading, placing, exporting)."""
    tag = uuid.uuid4().hex
    started = time.monotonic()
    proc = subprocess.Popen(command(home, stacks), env=environment(home, ocr, tag),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and placed_pages(home / "data") < kill.target:
        time.sleep(0.05)
    time.sleep(rng.uniform(0, 2.0))
    if proc.poll() is not None:
        kill.finished_first = True
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kill.seconds = time.monotonic() - started
    kill.at_kill = state_at_kill(home / "data", home / "drop")
    deadline = time.monotonic() + 3
    while (survivors := tagged_processes(tag)) and time.monotonic() < deadline:
        time.sleep(0.1)
    kill.survivors = survivors


def count(home: Path, all_pages: set, baseline: list[tuple], kills: list[Kill]) -> Outcome:
    data, drop = home / "data", home / "drop"
    outcome = Outcome()
    journal_pages = [where_from(o) for (o,) in rows(data, "SELECT origin FROM pages")]
    letters = exported_letters(data)
    in_letters = Counter(page for letter in letters for page in letter)
    expected_in_letters = {page for letter in baseline for page in letter}
    outcome.lost = len(all_pages - set(journal_pages)) + len(expected_in_letters - set(in_letters))
    outcome.duplicates = (sum(n - 1 for n in Counter(journal_pages).values() if n > 1)
                          + sum(n - 1 for n in in_letters.values() if n > 1)
                          + max(0, len(list(drop.glob("*.pdf"))) - len(baseline)))
    outcome.wrong_letters = len(Counter(baseline) - Counter(letters)) + len(Counter(letters) - Counter(baseline))
    tmp = [p for p in (data / "tmp").rglob("*") if p.is_file()] if (data / "tmp").exists() else []
    dots = [p for p in (data / "pages").rglob(".*")] + [p for p in drop.iterdir() if p.name.startswith(".")]
    unplaced = rows(data, "SELECT COUNT(*) FROM pages p LEFT JOIN document_pages dp ON dp.page_id = p.id"
                          " WHERE dp.page_id IS NULL")[0][0]
    waiting = rows(data, "SELECT COUNT(*) FROM documents WHERE status <> 'exported'")[0][0]
    unfinished = rows(data, "SELECT COUNT(*) FROM batches WHERE status <> 'complete'")[0][0]
    survivors = sum(len(k.survivors) for k in kills)
    for number, what in ((len(tmp), "temp file(s) in tmp/"), (len(dots), "half-written file(s)"),
                         (unplaced, "page(s) in no letter"), (waiting, "letter(s) not exported"),
                         (unfinished, "batch(es) not finished"), (survivors, "process(es) alive 3 s after a kill")):
        if number:
            outcome.leftovers.append(f"{number} {what}")
    return outcome


# --- the report --------------------------------------------------------------------


def report(batch, files, baseline, truth_letters, kills, outcome, baseline_s, chain_s, elapsed, args) -> str:
    kinds = Counter(p.kind for p in batch.pages)
    matches_truth = len(Counter(baseline) & Counter(truth_letters))
    lines = [
        SECTION, "",
        f"`{' '.join(['bench/reliability_bench.py'] + sys.argv[1:])}` on {platform.machine()}, "
        f"{os.cpu_count()} cpus, page workers: one per cpu, OCR {'on' if args.ocr else 'off'} "
        f"(analysis and separation on: blank pages, barcodes, cover sheets, patch codes, which way up), "
        f"{elapsed / 60:.1f} min in all.",
        "",
        f"The batch: {len(batch.pages)} pages in {files} multi-page JPEG TIFFs, {len(batch.documents)} letters "
        f"behind {kinds['cover']} cover sheets, {kinds['separator']} separator sheets and {kinds['patch']} patch "
        f"sheets, {kinds['blank_back']} blank backs, {args.dpi} dpi, every page damaged (seed {args.seed}). "
        f"Uninterrupted, `process` makes {len(baseline)} letters of it in {baseline_s:.0f} s ({matches_truth} "
        "exactly as stacked; separation accuracy is bench/separation_bench.py's subject). Then, in a fresh data "
        f"folder, the same `process` command was killed (SIGKILL) {len(kills)} times and run again after each "
        f"kill, the last run to the end: {chain_s:.0f} s in all. Each kill came 0-2 s after the journal "
        "had placed in letters a page count drawn at random in one twentieth of the batch after another, so kills land in start-up, in the re-reading of what the kill before left, in storing, "
        "analysing, placing and delivering.",
        "",
        "| After the last run, against the uninterrupted run | Target | Result |",
        "|---|---|---|",
        f"| pages lost | 0 | **{outcome.lost}** |",
        f"| letters merged or split wrongly | 0 | **{outcome.wrong_letters}** |",
        f"| duplicates (pages in the journal or in letters, PDFs) | 0 | **{outcome.duplicates}** |",
        f"| leftovers (temp files, processes 3 s after a kill, pages in no letter, letters not exported) | 0 | "
        f"**{len(outcome.leftovers)}**{': ' + '; '.join(outcome.leftovers) if outcome.leftovers else ''} |",
        "",
        "| kill | at (into that run) | pages on disk | in journal | of them in no letter yet | letters delivered | "
        "processes left after 3 s |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, k in enumerate(kills, 1):
        s = k.at_kill
        lines.append(f"| {n} | {k.seconds:.1f} s{' (had finished)' if k.finished_first else ''} | "
                     f"{s['pages on disk']} | {s['journaled']} | {s['unplaced']} | {s['letters delivered']} | "
                     f"{len(k.survivors)} |")
    lines += ["", "`in no letter yet`: pages recorded in the journal whose analysis had not come back when the "
              "kill came (up to 16 in flight with two workers); the next run reads them first, continuing the "
              "letter they belong to, then goes on with the files, skipping every page already taken.", ""]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--ocr", action="store_true", help="read the pages too (much slower)")
    parser.add_argument("--out", type=Path, help="Markdown file to write the section into")
    args = parser.parse_args()
    if not Path("/proc/self/environ").exists():
        raise SystemExit("this benchmark finds processes through /proc (Linux)")
    started = time.monotonic()
    batch = batch_of(args.pages, args.seed, args.dpi)
    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    try:
        stacks = work / "in"
        where = write_stacks(batch, stacks)
        truth_letters = [tuple(where[i] for i in doc.pages) for doc in batch.documents]
        print(f"{len(batch.pages)} pages in {len(list(stacks.iterdir()))} files, written in "
              f"{time.monotonic() - started:.0f} s", flush=True)
        baseline_s = run_to_the_end(work / "baseline", stacks, args.ocr)
        baseline = exported_letters(work / "baseline" / "data")
        print(f"uninterrupted: {len(baseline)} letters in {baseline_s:.0f} s", flush=True)
        rng = random.Random(args.seed)
        pages = len(batch.pages)
        # One kill in each of `kills` equal slices of the batch: early, middle and late alike.
        kills = [Kill(int(pages * (n + rng.random()) / args.kills)) for n in range(args.kills)]
        home = work / "killed"
        (home / "drop").mkdir(parents=True)
        chain_started = time.monotonic()
        for n, kill in enumerate(kills, 1):
            run_and_kill(home, stacks, args.ocr, kill, rng)
            print(f"kill {n:2d} (target {kill.target} pages) {kill.seconds:5.1f} s into the run: {kill.at_kill}, "
                  f"{len(kill.survivors)} process(es) left", flush=True)
        run_to_the_end(home, stacks, args.ocr)
        chain_s = time.monotonic() - chain_started
        outcome = count(home, set(where.values()), baseline, kills)
        text = report(batch, len(list(stacks.iterdir())), baseline, truth_letters, kills, outcome, baseline_s,
                      chain_s, time.monotonic() - started, args)
        publish(text, SECTION, args.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
