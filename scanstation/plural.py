"""Counts in the CLI's and the core's English messages: "1 page", "2 pages", never "page(s)"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`counted(1, "page")` is "1 page"; `counted(3, "batch", "batches")` is "3 batches"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
