"""Giving freed page-sized memory back to the system.

A 300 dpi A4 page is 9 MB in gray, and a page's analysis makes several arrays of that size.
glibc keeps freed heap for reuse, so a long-running process would otherwise stay at the
size of its largest page for good, and the pages in flight add up across the processes.
"""

from __future__ import annotations

import ctypes
import functools
import sys


def release_freed_memory() -> None:
    """Return freed heap to the system (glibc's malloc_trim); nothing elsewhere."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl): nothing to trim
        return None
