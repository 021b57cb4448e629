"""A mailroom batch as a duplex ADF delivers it, with the truth about every page.

Each letter (1-3 pages, from the demo letters) is preceded by what a clerk puts in front of
it: a cover sheet (about a third), our separator sheet with its Patch T (about a third), or a
bare Patch T / Patch 2 sheet. Some stacks are scanned duplex, so their sheets have empty
backs, mostly with the front showing through. Some letters carry their own barcodes (a QR
code with a URL, a Code 39 or Code 128 reference, an EAN-13) that must not split anything.
Stacks are scanned at 200 or 300 dpi, gray or colour, and every page gets random damage
(bench/damage.py).

`plan_batch` decides everything up front from the seed (cheap, plain data); `scan` renders
the pages one at a time, so a long batch never sits in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np
import zxingcpp
from PIL import Image

from bench import damage as scanner
from scanstation.capture.base import ScannedPage
from scanstation.capture.demo_letters import TEAMS, DemoLetter, demo_letters, render_blank_back, render_letter_page
from scanstation.recognition.coversheet import (
    CoverSheet, Separator, code128_module_mm, encode_payload, render_cover_sheet_image,
    render_separator_sheet_image,
)  # fmt: skip
from scanstation.recognition.patchcode import render_patch_sheet_image

KINDS = ("cover", "separator", "patch", "letter", "blank_back")
BENCH_SITE_KEY = "bench-site-key-not-secret-000000"  # the mailroom's sheets are signed, as a site's are
LEADS = ("cover", "separator", "patch_T", "patch_2")

# Foreign codes: our symbology name -> (zxing-cpp format, module mm, where it goes on the page).
# Slots keep clear of the letter's text: the QR code right of the address window (page 1 only),
# linear codes in the footer below the text column.
_FOREIGN = {
    "QRCODE": ("QRCode", 0.5, "top_right"),
    "CODE39": ("Code39", 0.33, "footer_left"),
    "CODE128": ("Code128", 0.33, "footer_left"),
    "EAN13": ("EAN13", 0.33, "footer_right"),
}
_NOTES = ("Haster", "Ring til borgeren efter kl. 14", "Kopi til sagsbehandler", "Modtaget ved skranken")


@dataclass(frozen=True)
class ForeignCode:
    symbology: str
    value: str
    slot: str


@dataclass(frozen=True)
class PageTruth:
    """One page of the batch and what a perfect station would conclude about it."""

    index: int
    kind: str  # one of KINDS
    document: int  # the document it belongs to (a leading sheet belongs to the one it starts)
    sheet: int
    side: str  # front | back
    dpi: int
    mode: str  # L | RGB
    damage: scanner.Damage
    rotation: int = 0  # clockwise degrees that make the page upright (the feed turn undone)
    blank: bool = False
    letter_page: int = 0  # 1-based page of the letter, for letter pages
    patch: str | None = None  # the patch code printed on the sheet
    cover: CoverSheet | None = None
    codes: tuple[tuple[str, str], ...] = ()  # (symbology, value) printed: our sheet's or foreign
    foreign: tuple[ForeignCode, ...] = ()

    @property
    def is_text(self) -> bool:
        return self.kind == "letter"

    def describe(self) -> str:
        where = f"p{self.letter_page} " if self.letter_page else ""
        facts = f"{self.kind} {where}of doc {self.document}, {self.dpi} dpi {self.mode}"
        return f"page {self.index} ({facts}; damage: {self.damage.describe()})"


@dataclass(frozen=True)
class DocumentTruth:
    index: int
    letter: DemoLetter
    lead: str  # one of LEADS: the sheet in front of it
    cover: CoverSheet | None
    duplex: bool
    pages: tuple[int, ...]  # batch indices of the letter's pages


@dataclass(frozen=True)
class MailroomBatch:
    letters: int
    seed: int
    pages: tuple[PageTruth, ...]
    documents: tuple[DocumentTruth, ...]
    stack: tuple[DemoLetter, ...]  # the letters, in batch order

    def scan(self) -> Iterator[tuple[ScannedPage, PageTruth]]:
        """The pages as the scanner delivers them, rendered one at a time, in feed order."""
        upright_front: Image.Image | None = None
        for truth in self.pages:
            upright = _printed(self, truth)
            front = upright_front if truth.side == "back" else None
            image = scanner.apply(upright, truth.dpi, truth.damage, front=front)
            if truth.side == "front":
                upright_front = upright
            yield ScannedPage(image, truth.sheet, truth.side, truth.dpi, f"bench sheet {truth.sheet}"), truth


def plan_batch(letters: int, seed: int, dpis: tuple[int, ...] = (200, 300)) -> MailroomBatch:
    """The batch for `letters` letters; the same arguments always give the same batch."""
    rng = random.Random(f"mailroom-{seed}")
    stack = demo_letters(letters, seed=seed)
    pages: list[PageTruth] = []
    documents: list[DocumentTruth] = []
    sheet = 0

    for doc, letter in enumerate(stack):
        lead = rng.choices(LEADS, weights=(34, 33, 22, 11))[0]
        duplex = rng.random() < 0.4
        dpi = rng.choice(dpis)
        mode = "RGB" if rng.random() < 0.2 else "L"
        cover = _cover_for(letter, rng) if lead == "cover" else None
        foreign = _foreign_codes(letter, rng) if rng.random() < 0.4 else {}

        def add(kind: str, **facts) -> None:
            nonlocal sheet
            sheet += 1
            hurt = scanner.random_damage(rng)
            front = PageTruth(len(pages), kind, doc, sheet, "front", dpi, mode, hurt, **facts)
            if kind == "letter":
                front = replace(front, rotation=(360 - hurt.turn) % 360)
            pages.append(front)
            if duplex:
                pages.append(PageTruth(len(pages), "blank_back", doc, sheet, "back", dpi, mode,
                                       scanner.back_damage(rng, hurt), blank=True))  # fmt: skip

        if lead == "cover":
            payload = encode_payload(cover, BENCH_SITE_KEY)
            codes = (("QRCODE", payload),) + ((("CODE128", payload),) if code128_module_mm(payload) else ())
            add("cover", cover=cover, codes=codes)
        elif lead == "separator":
            separator = encode_payload(Separator(), BENCH_SITE_KEY)
            add("separator", patch="T", codes=(("QRCODE", separator), ("CODE128", separator)))
        else:
            add("patch", patch=lead[-1])
        for number in range(1, letter.page_count + 1):
            on_page = tuple(foreign.get(number, ()))
            add("letter", letter_page=number, foreign=on_page, codes=tuple((c.symbology, c.value) for c in on_page))
        indices = tuple(p.index for p in pages if p.document == doc and p.kind == "letter")
        documents.append(DocumentTruth(doc, letter, lead, cover, duplex, indices))
    return MailroomBatch(letters, seed, tuple(pages), tuple(documents), tuple(stack))


def _cover_for(letter: DemoLetter, rng: random.Random) -> CoverSheet:
    return CoverSheet(
        recipient_id=letter.team,
        case_number=letter.case_number,
        document_type=letter.document_type,
        note=rng.choice(_NOTES) if rng.random() < 0.4 else None,
    )


def _foreign_codes(letter: DemoLetter, rng: random.Random) -> dict[int, list[ForeignCode]]:
    """One or two codes of the letter's own, on one of its pages."""
    page = rng.randint(1, letter.page_count)
    choices = ["CODE39", "CODE128", "EAN13"] + (["QRCODE"] if page == 1 else [])
    picked: list[ForeignCode] = []
    used_slots: set[str] = set()
    for symbology in rng.sample(choices, k=min(len(choices), rng.choice((1, 1, 2)))):
        slot = _FOREIGN[symbology][2]
        if slot in used_slots:
            continue
        used_slots.add(slot)
        picked.append(ForeignCode(symbology, _foreign_value(symbology, rng), slot))
    return {page: picked}


def _foreign_value(symbology: str, rng: random.Random) -> str:
    n = rng.randrange(10_000, 99_999)
    if symbology == "QRCODE":
        return rng.choice((f"https://www.eksempel.dk/selvbetjening/sag/{n}?ref=brev",
                           f"https://mitid.example/post/{n}", f"https://betal.example/faktura/{n}-2026"))
    if symbology == "CODE39":
        return rng.choice((f"REF{n}-2026", f"J{n}.26", f"POST {n}"))
    if symbology == "CODE128":
        return rng.choice((f"Fakt. {n}/2026", f"Kunde-{n}", f"LBR{n}x"))
    code = zxingcpp.create_barcode(f"570{n:05d}{rng.randrange(1000, 9999)}", zxingcpp.BarcodeFormat.EAN13)
    return code.text  # with its check digit


# --- rendering ----------------------------------------------------------------------


def _printed(batch: MailroomBatch, truth: PageTruth) -> Image.Image:
    """The page as printed on paper: upright, no scanner damage yet."""
    dpi, mode = truth.dpi, truth.mode
    if truth.kind == "letter":
        letter = batch.stack[truth.document]
        page = render_letter_page(letter, truth.letter_page, dpi, "color" if mode == "RGB" else "gray")
        for code in truth.foreign:
            page = _with_code(page, dpi, code)
        return page
    if truth.kind == "blank_back":
        return render_blank_back(dpi, "color" if mode == "RGB" else "gray", seed=batch.seed * 10_000 + truth.index)
    if truth.kind == "cover":
        sheet = render_cover_sheet_image(truth.cover, TEAMS.get(truth.cover.recipient_id), dpi, mode,
                                         key=BENCH_SITE_KEY)
    elif truth.kind == "separator":
        sheet = render_separator_sheet_image(dpi, mode, key=BENCH_SITE_KEY)
    else:
        sheet = render_patch_sheet_image(truth.patch, dpi, mode)
    # printed sheets come out of the renderer pure white: give them the paper's grain
    return scanner.noisy(scanner.low_contrast(sheet, 18, 250), np.random.default_rng(truth.index), 2.5, 0)


def _with_code(page: Image.Image, dpi: int, code: ForeignCode) -> Image.Image:
    fmt, module_mm, slot = _FOREIGN[code.symbology]
    made = zxingcpp.create_barcode(code.value, getattr(zxingcpp.BarcodeFormat, fmt))
    image = Image.fromarray(np.array(zxingcpp.write_barcode_to_image(made, scale=1))).convert("L")
    scale = module_mm * dpi / 25.4
    height = round(image.height * scale) if code.symbology == "QRCODE" else round(10 * dpi / 25.4)
    image = image.resize((max(1, round(image.width * scale)), height), Image.Resampling.BOX)
    image = image.point(lambda v: 20 if v < 128 else 250)  # toner and paper, not pure black on pure white
    mm = dpi / 25.4
    x, y = {
        "top_right": (round(188 * mm) - image.width, round(52 * mm)),
        "footer_left": (round(22 * mm), round(283 * mm)),
        "footer_right": (round(192 * mm) - image.width, round(283 * mm)),
    }[slot]
    labelled = page.copy()
    labelled.paste(image.convert(page.mode), (x, y))
    return labelled
