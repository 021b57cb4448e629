"""Synthetic returned mail, and letters that only mention the word "retur", as scanned pages.

For the returned-mail tests and bench/return_mail_bench.py: our own letter (the municipality's
letterhead, a unit, `Sagsnummer` and `Dokumentnummer` in the right column as in seed 004, the
date on its own line) with the post's mark on it:
- a hand stamp, "RETUR" and a reason in a frame, in red or blue ink, at an angle, anywhere on
  the upper page (partly over the text when `over_text`);
- or the postal service's return sticker, an opaque label at an angle with five tick boxes
  ("Ubekendt", "Flyttet", "Nægtet", "Ikke afhentet", "Andet"), one ticked by pen.
And citizens' letters that say "retur" in their sentences, which must not be taken for
returned mail. Deterministic: the same seed gives the same letters and pixels.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageDraw

from .demo_letters import MUNICIPALITY, MUNICIPALITY_ADDRESS, TEAMS, _finish, _font, _seed, a4_size, danish_date

REASON_STAMPS = {  # reason -> what a hand stamp prints under RETUR
    "unknown_addressee": "Adressaten ubekendt",
    "moved": "Modtager flyttet",
    "refused": "Modtagelse nægtet",
    "not_collected": "Ikke afhentet",
    "other": "",
}
STICKER_BOXES = (("unknown_addressee", "Ubekendt"), ("moved", "Flyttet"), ("refused", "Nægtet"),
                 ("not_collected", "Ikke afhentet"), ("other", "Andet"))  # fmt: skip
INKS = {"red": (196, 32, 38), "blue": (28, 64, 170)}
_BODY = (
    "Du har søgt om hjælp til {topic}. Vi har nu behandlet din ansøgning og truffet afgørelse i sagen.",
    "Afgørelsen er truffet efter de regler, der gælder på området. Du kan læse mere om reglerne på "
    "kommunens hjemmeside eller ringe til os i telefontiden.",
    "Hvis du er uenig i afgørelsen, kan du klage. Klagen skal være modtaget senest fire uger efter, at "
    "du har modtaget dette brev.",
)
_TOPICS = ("tandbehandling", "briller", "flytning", "medicin", "boligindskud", "børnepasning")
_MENTIONS = (
    "Da I har opkrævet for meget, returnerer vi beløbet til jeres konto inden for 14 dage.",
    "Jeg sendte blanketten retur den 3. marts, men har ikke hørt fra jer siden.",
    "Pakken blev ikke afhentet på posthuset, så den gik retur til jer.",
    "Jeg er flyttet til en ny adresse og beder jer rette den i jeres system.",
    "Brevet fra jer kom retur til afsender, fordi min postkasse var i stykker.",
    "Varen blev returneret, og jeg venter stadig på at få pengene retur.",
)
_CITIZENS = ("Mette Hansen", "Lars Nielsen", "Sofie Jensen", "Peter Andersen", "Anne Larsen", "Jonas Madsen")
_STREETS = ("Skovvej 12", "Nørregade 4, 2. tv.", "Bakkedraget 31", "Strandvejen 88")


@dataclass(frozen=True)
class ReturnedSample:
    kind: str  # "stamp", "sticker" or "mention" (not returned mail)
    reason: str | None  # the reason value, None for a mention
    document_number: str | None
    case_number: str | None
    letter_date: date
    team: str  # demo_letters.TEAMS id: the unit on the letterhead
    ink: str = "red"  # stamp ink: red or blue
    angle: float = 0.0  # degrees, counter-clockwise
    over_text: bool = False  # the mark lies partly over the letter's text
    mode: str = "gray"  # gray, lineart (bitonal) or color
    seed: int = 0

    @property
    def returned(self) -> bool:
        return self.kind != "mention"


def returned_samples(returned: int, mentions: int, seed: int = 0, *, modes=("gray", "lineart", "color")) -> list[ReturnedSample]:
    """`returned` returned letters (stamps and stickers, red and blue, at 5-30°) and `mentions`
    letters that only mention "retur"; shuffled together."""
    rng = random.Random(seed)
    samples = []
    for index in range(returned + mentions):
        letter_date = date(2019, 1, 2) + timedelta(days=rng.randrange(2000))
        case = f"{rng.randint(2015, 2026)}-{rng.randrange(10**7):07d}"
        kind = "mention" if index >= returned else rng.choice(("stamp", "stamp", "sticker"))
        angle = rng.uniform(5, 30) * rng.choice((-1, 1)) if kind == "stamp" else rng.uniform(-20, 20)
        samples.append(ReturnedSample(
            kind=kind, reason=None if kind == "mention" else rng.choice(list(REASON_STAMPS)),
            document_number=f"{case}-{rng.randint(1, 99)}", case_number=case, letter_date=letter_date,
            team=rng.choice(list(TEAMS)), ink=rng.choice(list(INKS)), angle=round(angle, 1),
            over_text=rng.random() < 0.4, mode=modes[index % len(modes)], seed=rng.randrange(10**9)))
    rng.shuffle(samples)
    return samples


def render_returned(sample: ReturnedSample, dpi: int = 300) -> Image.Image:
    """The sample's first page as a scanner gives it (mode L, 1 or RGB)."""
    rng = random.Random(sample.seed)
    width, height = a4_size(dpi)
    page = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(page)

    def px(mm: float) -> int:
        return round(mm * dpi / 25.4)

    def text(x: float, y: float, what: str, pt: float = 11, bold: bool = False, fill=(22, 22, 24), anchor="la"):
        draw.text((px(x), px(y)), what, font=_font("sans", bold, round(pt * dpi / 72)), fill=fill, anchor=anchor)

    citizen = rng.choice(_CITIZENS)
    if sample.kind == "mention":  # a citizen's letter to us
        text(20, 18, citizen)
        text(20, 24, rng.choice(_STREETS))
        text(20, 30, "4600 Køge")
        for n, line in enumerate((MUNICIPALITY, *MUNICIPALITY_ADDRESS)):
            text(20, 55 + 6 * n, line)
        text(190, 92, f"Køge, {danish_date(sample.letter_date)}", anchor="ra")
        text(20, 106, "Vedrørende min sag", pt=12.5, bold=True)
        paragraphs = [rng.choice(_MENTIONS), rng.choice(_MENTIONS), _BODY[1]]
    else:  # our letter: letterhead, window, right column as in seed 004
        text(20, 16, MUNICIPALITY, pt=12, bold=True, fill=(0, 86, 140))
        for n, line in enumerate((TEAMS[sample.team], *MUNICIPALITY_ADDRESS)):
            text(20, 22 + 4.6 * n, line, pt=10)
        for n, line in enumerate((citizen, rng.choice(_STREETS), "4600 Køge")):
            text(20, 55 + 6 * n, line)
        column = [danish_date(sample.letter_date), "", "Sagsnummer", sample.case_number, "",
                  "Dokumentnummer", sample.document_number]
        for n, line in enumerate(column):
            text(150, 55 + 5.2 * n, line, pt=9.5)
        text(20, 106, "Afgørelse i din sag", pt=12.5, bold=True)
        paragraphs = [p.format(topic=rng.choice(_TOPICS)) for p in _BODY]
    y = 118.0
    body_font = _font("sans", False, round(11 * dpi / 72))
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            if body_font.getlength(f"{line} {word}".strip()) > px(170):
                text(20, y, line)
                y += 5.05
                line = word
            else:
                line = f"{line} {word}".strip()
        text(20, y, line)
        y += 5.05 * 1.6
    text(20, y + 4, "Med venlig hilsen")
    text(20, y + 16, citizen if sample.kind == "mention" else TEAMS[sample.team])

    if sample.kind == "stamp":
        _stamp(page, sample, rng, px)
    elif sample.kind == "sticker":
        _sticker(page, sample, rng, px, dpi)
    image = page if sample.mode == "color" else page.convert("L")
    return _finish(image, {"gray": "gray", "color": "color", "lineart": "lineart"}[sample.mode],
                   _seed("returned", sample.seed, dpi))


def _where(page: Image.Image, mark: Image.Image, sample: ReturnedSample, rng: random.Random, px) -> tuple[int, int]:
    """Top left of a mark: on the upper page beside the window, or partly over the body text."""
    # As the post puts them: over the address and the letterhead, or over the text; the right
    # column (date, case and document number) is left readable, as a letter must be identified.
    if sample.over_text:
        x, y = px(rng.uniform(20, 70)), px(rng.uniform(112, 150))
    else:
        x, y = px(rng.uniform(20, 75)), px(rng.uniform(8, 40))
    return max(0, min(x, px(148) - mark.width)), min(y, page.height - mark.height - px(5))


def _stamp(page: Image.Image, sample: ReturnedSample, rng: random.Random, px) -> None:
    dpi = round(px(25.4))
    big, small = _font("sans", True, round(22 * dpi / 72)), _font("sans", True, round(12 * dpi / 72))
    reason = REASON_STAMPS[sample.reason]
    pad = px(3)
    width = round(max(big.getlength("RETUR"), small.getlength(reason) if reason else 0)) + 2 * pad
    height = px(9.5) + (px(5.5) if reason else 0) + 2 * pad
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    density = rng.randint(190, 240)  # rubber stamps do not ink evenly dark
    draw.rectangle((0, 0, width - 1, height - 1), outline=density, width=max(2, px(0.8)))
    draw.text(((width - big.getlength("RETUR")) / 2, pad), "RETUR", font=big, fill=density)
    if reason:
        draw.text(((width - small.getlength(reason)) / 2, pad + px(10)), reason, font=small, fill=density)
    mask = mask.rotate(sample.angle, resample=Image.Resampling.BICUBIC, expand=True)
    page.paste(Image.new("RGB", mask.size, INKS[sample.ink]), _where(page, mask, sample, rng, px), mask)


def _sticker(page: Image.Image, sample: ReturnedSample, rng: random.Random, px, dpi: int) -> None:
    font, title = _font("sans", False, round(10 * dpi / 72)), _font("sans", True, round(11 * dpi / 72))
    width, line = px(62), px(6.5)
    height = px(12) + line * len(STICKER_BOXES) + px(3)
    label = Image.new("RGB", (width, height), (252, 250, 236))
    draw = ImageDraw.Draw(label)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(60, 60, 60), width=max(1, px(0.3)))
    draw.text((px(4), px(3)), "Retur til afsender", font=title, fill=(20, 20, 20))
    box = px(3.6)
    for n, (reason, text) in enumerate(STICKER_BOXES):
        top = px(12) + n * line
        draw.rectangle((px(5), top, px(5) + box, top + box), outline=(20, 20, 20), width=max(2, px(0.35)))
        draw.text((px(11), top - px(0.4)), text, font=font, fill=(20, 20, 20))
        if reason == sample.reason:  # ticked by pen
            pen = INKS[sample.ink] if sample.mode == "color" else (25, 25, 60)
            w = max(2, px(0.5))
            draw.line((px(5) + w, top + w, px(5) + box - w, top + box - w), fill=pen, width=w)
            draw.line((px(5) + w, top + box - w, px(5) + box - w, top + w), fill=pen, width=w)
    mask = Image.new("L", label.size, 255).rotate(sample.angle, expand=True)
    label = label.rotate(sample.angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    page.paste(label, _where(page, label, sample, rng, px), mask)
