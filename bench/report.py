"""docs/benchmarks.md is shared by several benchmarks: each one replaces only its own section."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

HEADER = ("# Benchmarks\n\nMeasured by the scripts in `bench/` (CI does not run them), on this project's "
          "2-core machine unless a section says otherwise. Each section names the command that produced it.\n")


def replace_section(path: Path, heading: str, body: str) -> None:
    """Put `body` (which starts with `heading`) in place of the old section, or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == heading.strip()), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + body.rstrip("\n") + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        text = "".join(lines[:start]) + body.rstrip("\n") + "\n" + ("\n" + "".join(lines[end:]) if end < len(lines) else "")
    path.write_text(text, encoding="utf-8")


def publish(text: str, heading: str, out: Path | None) -> None:
    """Print a benchmark's section, and with `out` (--out) put it in that file in place of its old one."""
    print(text)
    if out:
        replace_section(out, heading, text)


def timed(run, repeat: int = 5):
    """(run's result, first run in ms, median of `repeat` more runs in ms)."""
    start = time.perf_counter()
    result = run()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return result, first * 1000, statistics.median(times) * 1000
