"""The words the post marks returned mail with, and the reason each gives, as a value.

A hand stamp says "RETUR" and often why ("Adressaten ubekendt", "Flyttet"); the postal
service's return sticker lists the reasons with a tick box each ("☒ Flyttet"), and the one
ticked is the reason. Reasons are kept as values a report can count:

    unknown_addressee  moved  refused  not_collected  other

Only a mark on its own (a stamp's short line, a sticker's label) counts: a letter that says
"returnerer vi beløbet" or "pakken blev ikke afhentet" in a sentence is not returned mail.
"""

from __future__ import annotations

import re

TICKED, EMPTY = "☒", "☐"  # a sticker's tick box as a word: recognition/stamps.py judges which
REASONS = ("unknown_addressee", "moved", "refused", "not_collected", "other")

# Letters only, lower case -> (reason, as printed). Longest first: "modtagerflyttet" before "flyttet".
REASON_PHRASES = {
    "adressatenubekendt": ("unknown_addressee", "Adressaten ubekendt"),
    "modtagerubekendt": ("unknown_addressee", "Modtager ubekendt"),
    "ubekendtadresse": ("unknown_addressee", "Ubekendt adresse"),
    "adresseubekendt": ("unknown_addressee", "Adresse ubekendt"),
    "modtagerenflyttet": ("moved", "Modtager flyttet"),
    "modtagerflyttet": ("moved", "Modtager flyttet"),
    "flyttetudenadresse": ("moved", "Flyttet uden adresse"),
    "modtagelsenægtet": ("refused", "Modtagelse nægtet"),
    "nægtetmodtaget": ("refused", "Nægtet modtaget"),
    "ikkeafhentet": ("not_collected", "Ikke afhentet"),
}
# The return sticker's tick-box labels, letters only -> reason.
STICKER_LABELS = {
    "ubekendt": ("unknown_addressee", "Ubekendt"),
    "flyttet": ("moved", "Flyttet"),
    "nægtet": ("refused", "Nægtet"),
    "ikkeafhentet": ("not_collected", "Ikke afhentet"),
    "andet": ("other", "Andet"),
}
# A stamp's own word, alone on its line.
STAMP_WORDS = {"retur": "Retur", "returneres": "Returneres", "returpost": "Returpost",
               "returtilafsender": "Retur til afsender", "flyttet": "Flyttet"}  # fmt: skip


STAMP_BLOCK = 900  # Tesseract block numbers from this on: words read again from a stamp (recognition/stamps.py)


def shouted_retur(word: str) -> bool:
    """A stamp's RETUR, in capitals, maybe with one letter misread ("BETUR" over text)."""
    letters = re.sub(r"[^A-ZÆØÅ]", "", word)
    return len(letters) == 5 and sum(a != b for a, b in zip(letters, "RETUR")) <= 1 and re.sub(r"[\W\d_]", "", word) == letters


def compact(text: str) -> str:
    """Letters only, lower case: how marks are compared (OCR puts stray spaces and dots in)."""
    return re.sub(r"[^a-zæøå]", "", text.lower())


def _ascii(letters: str) -> str:
    """æ ø å as OCR often reads them ("Naegtet", "Neegtet"): two letters each."""
    return letters.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def sticker_label(text: str) -> tuple[str, str] | None:
    """(reason, label) when `text` is one tick-box label, maybe after the box read as a glyph or two."""
    letters = _ascii(compact(text))
    for label, found in STICKER_LABELS.items():
        label = _ascii(label)
        if len(letters) - len(label) > 2 or len(letters) < len(label):
            continue
        tail = letters[-len(label):]
        slips = sum(a != b for a, b in zip(tail, label))
        if slips == 0 or slips == 1 and len(label) >= 6:  # "Neegtet", "F1yttet": one letter misread
            return found
    return None


def reason_phrase(text: str) -> tuple[str, str] | None:
    letters = compact(text)
    for phrase, found in REASON_PHRASES.items():
        if phrase in letters:
            return found
    return None


# A stamp's reason by its telling word, when the rest of it is lost under the letter's text
# ("aten ubekendt", "Modtagar flyttat"): the word as the sticker prints it.
REASON_WORDS = {"ubekendt": STICKER_LABELS["ubekendt"], "flyttet": STICKER_LABELS["flyttet"],
                "nægtet": STICKER_LABELS["nægtet"], "afhentet": STICKER_LABELS["ikkeafhentet"]}  # fmt: skip


def _distance(a: str, b: str) -> int:
    """Edits (a letter changed, added or left out) that turn `a` into `b`."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        diagonal, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (x != y))
    return row[-1]


def near_in(word: str, letters: str, slips: int = 1) -> bool:
    """`word` in `letters` (both compacted) with at most `slips` letters misread, added or lost."""
    if word in letters:
        return True
    for size in range(len(word) - slips, len(word) + slips + 1):
        for start in range(0, len(letters) - size + 1):
            if _distance(word, letters[start:start + size]) <= slips:
                return True
    return False


def reason_word(text: str) -> tuple[str, str] | None:
    """(reason, as the sticker prints it) when a line of a stamp holds a reason's telling word,
    maybe with one letter misread ("ubekendt", "F1yttet", "Naegtet"); None otherwise."""
    letters = _ascii(compact(text))
    for word, found in REASON_WORDS.items():
        if near_in(_ascii(word), letters):
            return found
    return None


def carries_return_mark(text: str) -> bool:
    """Whether a stamp's or sticker's reading says returned mail: a stamp word, a reason, or a
    sticker's labels (two or more)."""
    words = {compact(w) for w in text.split()}
    if words & {"retur", "returneres", "returpost"} or reason_phrase(text) or any(map(shouted_retur, text.split())):
        return True
    labels = sum(1 for line in re.split(r"[\n]| {2,}", text) if sticker_label(line))
    letters = compact(text)
    return labels >= 2 or sum(1 for label in STICKER_LABELS if label in letters) >= 3
