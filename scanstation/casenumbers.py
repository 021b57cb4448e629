"""Case numbers (sagsnumre / journalnumre): the forms Danish archives use."""

from __future__ import annotations

import functools
import re

# ESDH year-serial (2017-0289209), short j.nr. (13/44080), KLE journal numbers
# (00.01.00-A00-1-26: subject key, handling facet, serial, year).
DEFAULT_PATTERNS = (
    r"\d{4}-\d{4,8}",
    r"\d{1,4}/\d{1,8}",
    r"\d{2}\.\d{2}(?:\.\d{2})?-[A-Z]\d{2}-\d{1,6}-\d{2}",
)


def is_case_number(text: str, patterns: tuple[str, ...] = DEFAULT_PATTERNS) -> bool:
    text = text.strip()
    return any(re.fullmatch(p, text) for p in patterns)


_DASHES = r"\-–—‐‑−"  # hyphen, en and em dash, the Unicode hyphens, minus


@functools.lru_cache(maxsize=64)
def case_number_regex(pattern: str) -> re.Pattern:
    """`pattern` (a site's, from the settings) as field extraction looks for it in a line of text:
    not glued to a word, a dash, a slash or a longer number. Raises re.error (or OverflowError)
    for a pattern that cannot be used so, e.g. one with its flags not at its start."""
    return re.compile(rf"(?<![\w/{_DASHES}])(?<!\d[.,])(?:{pattern})(?![\w/{_DASHES}])(?![.,]\d)")
