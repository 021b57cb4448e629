"""A sheet, or a letter that carries a sheet's code? Told by the words read on the page.

A cover or separator sheet is left out of the PDF only when it is a sheet. Our sheets print a
few fixed words (coversheet.PRINTED_WORDS), the values their code carries (recipient id, case
number, document type, note), the recipient's name and the code's text under the Code 128. A
letter has sentences. So the page's OCR words are compared with what the sheet itself prints:
words of three letters or more, read with fair confidence, that the sheet does not print are
a letter's words. A recipient's name (not in the code) and a few misreadings stay well below
LETTER_MIN_WORDS; the shortest letter ("Hej, jeg vil gerne klage over ...") is above it.

Words, not ink: a scanned sheet's ink moves with the feed (skew, shift, a sheet upside down),
a stamp or a clerk's handwritten note adds ink but no words Tesseract reads with confidence,
and the words are read anyway (the page is read as any page is, which way up included).

Only our own sheets are judged so. A Kodak patch code or the site's own separator barcode is
a separator whatever else its page carries: such sheets are of unknown design, and the pages
paperless-ngx's separator samples put a Patch T or a PATCHT barcode on are full of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .coversheet import PRINTED_WORDS, CoverSheet

LETTER_MIN_WORDS = 10  # distinct words our sheet does not print
MIN_CONFIDENCE = 60.0  # Tesseract's reading of a QR code's modules or a stamp scores lower
MIN_LETTERS = 3

_TOKEN_RE = re.compile(r"[^\W_]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.casefold())


def sheet_vocabulary(sheet: CoverSheet | None, code_texts: Iterable[str] = ()) -> frozenset[str]:
    """Every word our sheet prints: its fixed words, its values and its codes' text lines."""
    words = set()
    for text in PRINTED_WORDS:
        words.update(_tokens(text))
    if sheet is not None:
        for value in (sheet.recipient_id, sheet.case_number, sheet.document_type, sheet.note):
            words.update(_tokens(value or ""))
    for text in code_texts:
        words.update(_tokens(text))
    return frozenset(words)


def letter_words(ocr_words: Iterable, vocabulary: frozenset[str]) -> set[str]:
    """The distinct words read with confidence on the page that the sheet does not print."""
    found = set()
    for word in ocr_words:
        if word.conf < MIN_CONFIDENCE:
            continue
        for token in _tokens(word.text):
            if len(token) >= MIN_LETTERS and token.isalpha() and token not in vocabulary:
                found.add(token)
    return found


def carries_letter_text(ocr_words: Iterable, *, sheet: CoverSheet | None = None,
                        code_texts: Iterable[str] = ()) -> bool:  # fmt: skip
    """The page has more text than our sheet prints: it is (also) a page of a letter.
    `sheet`: the cover sheet its code describes (None: a separator sheet)."""
    return len(letter_words(ocr_words, sheet_vocabulary(sheet, code_texts))) >= LETTER_MIN_WORDS
