"""Stamps and stickers the page's reading missed: ink that no read word explains, read again.

Tesseract's layout step drops a framed rubber stamp set at an angle ("RETUR / Adressaten
ubekendt" 8° askew across the letterhead) or reads a red stamp over black text as noise. Here
the ink the reading did not explain is gathered into regions; each region of a stamp's size is
cut out, its colour ink isolated from black text when the page is in colour, turned upright
by the angle of its ink (and a few tries around it) and read again as one block. A region's
reading is kept only when it carries a returned-mail mark (recognition/return_marks.py): a
signature or a logo read as junk adds nothing to the page.

Tick boxes ("☐ Flyttet", "☒ Ubekendt" on the postal service's return sticker) are told apart
by the ink inside the square before the label: the words come back with a "☒" or "☐" word in
front, so the fields see what was ticked.

A framed stamp or sticker is first looked for by its frame (find_frames: long straight lines
at one lean forming a rectangle), in any ink: on a bitonal page its ink is the text's black,
and a stamp over the letter's lines is no region of its own. Its inside is turned level, its
frame lines left out, and read as one block; then as its bold strokes alone (a rubber stamp's
letters are broader than the print under them); then as sparse text.

The words come back in the coordinates of the page as it was read (upright, straightened).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from .return_marks import EMPTY, STAMP_BLOCK, TICKED, carries_return_mark, reason_phrase, reason_word, sticker_label

log = logging.getLogger("scanstation.recognition.stamps")

WORK_DPI = 75  # the region search runs at this resolution
MIN_SIZE_MM = (18.0, 8.0)  # a region smaller than this is a word or a smudge
MAX_SIZE_MM = (150.0, 120.0)  # larger: the page's own text
MAX_REGIONS = 3


@dataclass(frozen=True)
class StampWord:
    """A word read from a stamp or sticker, in page pixels (same fields as ocr.OcrWord)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    block: int
    par: int
    line: int
    word: int


def _gray(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"), dtype=np.uint8)


def _colour_ink(image: Image.Image) -> np.ndarray | None:
    """Where coloured ink lies (red, blue, green stamp ink), or None on a gray or bitonal page."""
    if image.mode != "RGB":
        return None
    rgb = np.asarray(image, dtype=np.int16)
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    return (spread > 60) & (rgb.min(axis=2) < 200)


def _ink(image: Image.Image) -> np.ndarray:
    ink = _gray(image) < 170
    colour = _colour_ink(image)
    return ink | colour if colour is not None else ink


def _explained(words) -> list:
    """The words the reading is sure of: a frame read as "—T" or a stroke as "eo" explains nothing."""
    return [w for w in words if float(getattr(w, "conf", 0)) >= 60 and sum(c.isalnum() for c in str(w.text)) >= 3]


def unread_regions(image: Image.Image, words, dpi: int) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom, page pixels) of ink of a stamp's size that no read word covers."""
    import cv2

    scale = WORK_DPI / dpi
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                         Image.Resampling.BOX if image.mode != "1" else Image.Resampling.NEAREST)
    if small.mode == "1":
        small = small.convert("L")
    ink = _ink(small)
    explained_mask = np.zeros(ink.shape, dtype=bool)
    for w in _explained(words):  # what the reading explained
        x0, y0 = int(w.left * scale), int(w.top * scale)
        x1, y1 = math.ceil((w.left + w.width) * scale), math.ceil((w.top + w.height) * scale)
        explained_mask[max(0, y0 - 1):y1 + 1, max(0, x0 - 1):x1 + 1] = True
    ink &= ~explained_mask
    mm = WORK_DPI / 25.4
    # Printed rules (a letterhead's line, a table's) would join a stamp to the text around it.
    marks = ink.astype(np.uint8)
    for kernel in ((round(40 * mm), 1), (1, round(40 * mm))):
        rules = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        marks &= 1 - rules
    ink = marks.astype(bool)
    regions = []
    # Marks joined across small gaps; a join as wide as the text (a stamp over lines the reading
    # half missed) is taken apart again with a smaller reach.
    boxes = _components(marks, (4, 3), mm)
    for x, y, w, h in list(boxes):
        if max(w, h) > MAX_SIZE_MM[0] * mm or min(w, h) > MAX_SIZE_MM[1] * mm:
            boxes += [(x + a, y + b, c, d) for a, b, c, d in _components(marks[y:y + h, x:x + w], (1.5, 1.5), mm)]
    for x, y, w, h in boxes:
        if not (MIN_SIZE_MM[0] * mm <= max(w, h) <= MAX_SIZE_MM[0] * mm and MIN_SIZE_MM[1] * mm <= min(w, h)
                and max(w, h) <= MAX_SIZE_MM[0] * mm and min(w, h) <= MAX_SIZE_MM[1] * mm):
            continue
        fill = ink[y:y + h, x:x + w].mean()
        if not 0.03 <= fill <= 0.45:  # a solid logo block, or a few specks
            continue
        if _letters_in(ink[y:y + h, x:x + w], mm) < 4:
            continue  # a signature's one long stroke, a rule: no letters to read
        regions.append((int(fill * w * h), (int(x / scale), int(y / scale), int((x + w) / scale), int((y + h) / scale))))
    colour = _colour_ink(small)
    if colour is not None:
        regions += _colour_regions(colour, explained_mask, mm, scale)
    elif image.mode == "L":  # a red or blue stamp on a gray scan: lighter than the black text
        band = _stamp_gray(np.asarray(image, dtype=np.uint8))
        if band is not None:
            import cv2

            band_small = cv2.resize(band.astype(np.float32), (ink.shape[1], ink.shape[0]), interpolation=cv2.INTER_AREA)
            regions += _colour_regions(band_small > 0.2, explained_mask, mm, scale)
    regions.sort(reverse=True)
    kept: list[tuple[int, int, int, int]] = []
    for _, box in regions:
        if not any(k[0] <= box[0] and k[1] <= box[1] and box[2] <= k[2] and box[3] <= k[3] for k in kept):
            kept.append(box)  # a region inside a bigger one is read with it
    return kept[:MAX_REGIONS]


def _stamp_gray(gray: np.ndarray) -> np.ndarray | None:
    """Where a gray page holds ink lighter than its black text, in strokes too broad to be the
    anti-aliased edge of a letter: a coloured stamp as a gray scan sees it. None: no such ink."""
    import cv2

    ink = gray < 180
    if not ink.any():
        return None
    black = float(np.percentile(gray[ink], 5))
    band = ((gray > black + 50) & (gray < 180)).astype(np.uint8)
    band = cv2.morphologyEx(band, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return band.astype(bool) if band.any() else None


def _components(marks: np.ndarray, reach_mm: tuple[float, float], mm: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the marks once joined across gaps of `reach_mm` (across, down)."""
    import cv2

    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(1, round(reach_mm[0] * mm)), max(1, round(reach_mm[1] * mm))))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(cv2.morphologyEx(marks, cv2.MORPH_CLOSE, kernel),
                                                                connectivity=8)
    return [tuple(int(v) for v in stats[i][:4]) for i in range(1, count)]


def _colour_regions(colour: np.ndarray, explained: np.ndarray, mm: float, scale: float) -> list:
    """Regions of coloured ink mostly outside the words read: a stamp over black text (whose
    words were read and hide it from unread_regions); a coloured letterhead was read and is not one."""
    import cv2

    joined = cv2.morphologyEx(colour.astype(np.uint8), cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (round(4 * mm), round(3 * mm))))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    regions = []
    for i in range(1, count):
        x, y, w, h, _area = stats[i]
        if not (MIN_SIZE_MM[0] * mm <= max(w, h) <= MAX_SIZE_MM[0] * mm and MIN_SIZE_MM[1] * mm <= min(w, h)):
            continue
        ink = colour[y:y + h, x:x + w]
        if ink.sum() == 0 or (ink & ~explained[y:y + h, x:x + w]).sum() < 0.3 * ink.sum():
            continue
        if not 0.03 <= ink.mean() <= 0.45 or _letters_in(ink, mm) < 4:
            continue  # a solid logo, a signature's stroke: nothing a stamp prints
        regions.append((int(ink.sum()), (int(x / scale), int(y / scale), int((x + w) / scale), int((y + h) / scale))))
    return regions


def _letters_in(ink: np.ndarray, mm: float) -> int:
    """How many separate marks of a printed letter's size the region holds."""
    import cv2

    count, _labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    heights = stats[1:, 3]
    widths = stats[1:, 2]
    return int(np.sum((heights >= 1.5 * mm) & (heights <= 12 * mm) & (widths <= 12 * mm)))


def _ink_angle(ink: np.ndarray, dpi: int) -> float:
    """The angle (degrees, counter-clockwise) the region's ink leans at: the turn that makes its
    lines and frame level, found as the sharpest row profile (the classic deskew) over ±40°."""
    import cv2

    scale = min(1.0, 100 / dpi)
    small = cv2.resize(ink.astype(np.uint8) * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if small.sum() == 0:
        return 0.0
    # A frame's long straight edges say it best, whatever text lies under the stamp.
    edges = cv2.HoughLinesP((small > 100).astype(np.uint8) * 255, 1, np.pi / 360, threshold=60,
                            minLineLength=round(25 * 100 / 25.4), maxLineGap=4)
    if edges is not None:
        angles = [math.degrees(math.atan2(y2 - y1, x2 - x1)) for x1, y1, x2, y2 in edges.reshape(-1, 4).tolist()]
        angles = [a - 180 if a > 90 else a + 180 if a < -90 else a for a in angles]
        level = [a for a in angles if abs(a) <= 40]
        if level:
            return float(np.median(level))  # image y runs down: a rising edge has a negative angle
    h, w = small.shape
    best, best_score = 0.0, -1.0
    for angle in np.arange(-40, 40.5, 1.0):
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
        rows = cv2.warpAffine(small, turn, (w, h)).astype(np.float64).sum(axis=1)
        score = float(np.sum(np.diff(rows) ** 2))
        if score > best_score:
            best, best_score = float(angle), score
    return best


def _read_block(image: Image.Image, languages: str, timeout: float, psm: int = 6) -> list:
    import pytesseract

    from ..ocr import parse_tsv

    tsv = pytesseract.image_to_data(image, lang=languages, config=f"--psm {psm}", timeout=timeout)
    return [w for w in parse_tsv(tsv) if str(w.text).strip()]


def read_stamps(image: Image.Image, words, dpi: int, *, languages: str = "dan+eng",
                timeout: float = 30.0) -> list[StampWord]:  # fmt: skip
    """Words of returned-mail stamps and stickers on `image` (the page as it was read) that
    `words` (its reading) missed; [] when there are none."""
    found: list[StampWord] = []
    read_frames: list[Frame] = []
    # framed stamps and stickers first, in any ink: read level inside their frame
    for number, frame in enumerate(find_frames(image, dpi)):
        try:
            framed = _read_frame(image, frame, dpi, languages, timeout, STAMP_BLOCK + MAX_REGIONS + number)
        except Exception as exc:  # noqa: BLE001 - a failed second reading costs nothing else
            log.info("a framed stamp could not be read: %s", type(exc).__name__)
            return found
        if framed:
            found += framed
            read_frames.append(frame)
    for number, (x0, y0, x1, y1) in enumerate(unread_regions(image, words, dpi)):
        if any(_inside(frame, ((x0 + x1) / 2, (y0 + y1) / 2)) for frame in read_frames):
            continue  # read with its frame
        pad = round(4 * dpi / 25.4)
        box = (max(0, x0 - pad), max(0, y0 - pad), min(image.width, x1 + pad), min(image.height, y1 + pad))
        best: tuple[int, list] = (0, [])
        explained = np.zeros((box[3] - box[1], box[2] - box[0]), dtype=bool)
        for w in _explained(words):
            explained[max(0, w.top - box[1]):max(0, w.top + w.height - box[1]),
                      max(0, w.left - box[0]):max(0, w.left + w.width - box[0])] = True
        for cut, ink in _cuts(image.crop(box), image.mode, explained):
            unexplained = ink & ~explained  # the stamp's lean, not the level text around it, sets the turn
            for attempt in _angles(_ink_angle(unexplained, dpi)):
                turned = cut.rotate(attempt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
                try:
                    read = _read_block(turned, languages, timeout)
                except Exception as exc:  # noqa: BLE001 - a failed second reading costs nothing else
                    log.info("a stamp region could not be read: %s", type(exc).__name__)
                    return found
                text = " ".join(w.text for w in read)
                if not carries_return_mark(text):
                    continue
                ticks = _tick_words(turned, read)
                # a reason (or a ticked box) read with the mark is all there is to read here
                score = 2 if reason_phrase(text) or any(t.text == TICKED for t in ticks) else 1
                if score > best[0]:
                    best = (score, _to_page(read + ticks, turned.size, cut.size, attempt, box, STAMP_BLOCK + number))
                if score == 2:
                    break
            if best[0] == 2:
                break
        found += best[1]
    return found


def _cuts(crop: Image.Image, mode: str, explained: np.ndarray):
    """The region as images to read, the stamp's ink alone first where it can be told apart:
    by colour on a colour page; on a gray page by being lighter than the black text (a red or
    blue stamp scans mid-gray); then without the words the page's reading explained (the
    letterhead under a stamp on a bitonal page); then the region as it is. Each with its ink mask."""
    gray = _gray(crop)
    colour = _colour_ink(crop)
    if colour is not None and colour.mean() > 0.01:
        yield Image.fromarray(np.where(colour, np.minimum(gray, 120), 255).astype(np.uint8), "L"), colour
    elif mode == "L":
        band = _stamp_gray(gray)
        if band is not None and band.sum() > 0.2 * (gray < 180).sum():
            yield Image.fromarray(np.where(band, np.minimum(gray, 120), 255).astype(np.uint8), "L"), band
    if explained.any() and colour is None:
        yield Image.fromarray(np.where(explained, 255, gray).astype(np.uint8), "L"), (gray < 170) & ~explained
    yield Image.fromarray(gray, "L"), gray < 170


def with_stamps(ocr, image: Image.Image, dpi: int, *, languages: str = "dan+eng"):
    """`ocr` (an ocr.OcrResult of `image`) with the words of the stamps and stickers it missed,
    and a tick-box word before each sticker label it read itself."""
    from dataclasses import replace

    if ocr is None or not getattr(ocr, "ok", False):
        return ocr
    extra: list = list(read_stamps(image, ocr.words, dpi, languages=languages))
    if any(sticker_label(w.text) for w in ocr.words):
        extra += tick_words(image, ocr.words)
    if not extra:
        return ocr
    from ..ocr import OcrWord

    words = tuple(ocr.words) + tuple(OcrWord(w.text, w.left, w.top, w.width, w.height, w.conf, w.block, w.par,
                                             w.line, w.word) for w in extra)  # fmt: skip
    lines: dict[tuple, list] = {}
    for w in extra:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    added = "\n".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.left)) for ws in lines.values())
    return replace(ocr, words=words, text=(ocr.text.rstrip("\n") + "\n\n" + added).strip("\n"))


def _angles(angle: float) -> list[float]:
    tries = [angle, 0.0]
    return [a for i, a in enumerate(tries) if all(abs(a - b) > 1 for b in tries[:i])]


def tick_words(image: Image.Image, words) -> list:
    """A "☒" or "☐" word for each sticker label in `words` with a tick box before it, judged by
    the ink inside the box. Words and image in the same pixels."""
    return _tick_words(image if image.mode == "L" else image.convert("L"), list(words))


def _tick_words(gray: Image.Image, words: list) -> list:
    from ..ocr import OcrWord

    from dataclasses import replace

    ink = np.asarray(gray, dtype=np.uint8) < 150
    out, boxes = [], []
    lines: dict[tuple, list] = {}
    for w in words:
        lines.setdefault((getattr(w, "block", 0), getattr(w, "par", 0), getattr(w, "line", 0)), []).append(w)
    # A sticker lists its reasons: one label alone is a stamp's reason ("Ikke afhentet"), not a box.
    if sum(1 for group in lines.values() if sticker_label(" ".join(w.text for w in group))) < 2:
        return []
    for group in lines.values():
        group.sort(key=lambda w: w.left)
        # the label is the line's words after the box, which OCR may read as a glyph ("O", "[]", "IX]")
        box_glyph = len(group[0].text.strip()) <= 4 and sum(c.isalpha() for c in group[0].text) <= 2
        start = 1 if box_glyph and len(group) > 1 else 0
        if not sticker_label(" ".join(w.text for w in group[start:])):
            continue
        first = group[start]
        h = max(w.height for w in group[start:])
        x0, x1 = max(0, int(first.left - 2.6 * h)), max(0, int(first.left - 0.15 * h))
        y0, y1 = max(0, int(first.top - 0.6 * h)), int(first.top + 1.6 * h)
        region = ink[y0:y1, x0:x1]
        if region.size == 0 or region.sum() < 4:
            continue
        ys, xs = np.nonzero(region)
        bx0, bx1, by0, by1 = xs.min(), xs.max(), ys.min(), ys.max()
        size_w, size_h = bx1 - bx0, by1 - by0
        if not (0.5 * h <= size_w <= 1.8 * h and 0.5 * h <= size_h <= 1.8 * h and 0.6 <= size_w / size_h <= 1.6):
            continue  # no square box before the label
        inset_x, inset_y = max(2, int(0.25 * size_w)), max(2, int(0.25 * size_h))
        inner = region[by0 + inset_y:by1 - inset_y, bx0 + inset_x:bx1 - inset_x]
        filled = float(inner.mean()) if inner.size else 0.0
        boxes.append((filled, OcrWord(EMPTY, x0 + int(bx0), y0 + int(by0), int(size_w), int(size_h),
                                      95.0, first.block, first.par, first.line, 0)))
    # One box is ticked on a sticker: the fullest, if it holds a pen's cross (a neighbour's
    # cross reaching into a box's region makes it look filled a little, never as much)
    fullest = max(boxes, key=lambda b: b[0], default=(0.0, None))
    for filled, word in boxes:
        ticked = word is fullest[1] and filled > 0.08
        out.append(replace(word, text=TICKED) if ticked else word)
    return out


def _to_page(read: list, turned_size, cut_size, angle: float, box, block: int) -> list[StampWord]:
    """Words read on the turned cut-out, placed back on the page: each line's centre turned
    back, its words laid out level from there (so a slanted stamp's line stays one line)."""
    tw, th = turned_size
    cw, ch = cut_size
    radians = math.radians(angle)
    cos, sin = math.cos(radians), math.sin(radians)
    lines: dict[tuple, list] = {}
    for w in read:
        lines.setdefault((int(w.block), int(w.par), int(w.line)), []).append(w)
    out = []
    for number, (_key, words) in enumerate(sorted(lines.items(), key=lambda kv: min(w.top for w in kv[1]))):
        left, right = min(w.left for w in words), max(w.left + w.width for w in words)
        top, bottom = min(w.top for w in words), max(w.top + w.height for w in words)
        # PIL turns counter-clockwise by `angle`; undo it about the centres
        dx, dy = (left + right) / 2 - tw / 2, (top + bottom) / 2 - th / 2
        x = box[0] + cos * dx - sin * dy + cw / 2 - (right - left) / 2
        y = box[1] + sin * dx + cos * dy + ch / 2
        for w in sorted(words, key=lambda w: w.left):
            out.append(StampWord(str(w.text), int(x + w.left - left), int(y - w.height / 2), int(w.width),
                                 int(w.height), float(w.conf), block, 1, number + 1, int(w.word)))
    return out


# --- framed stamps and stickers: found by their frame, read level --------------------------

FRAME_DPI = 100  # the frame search runs at this resolution
MAX_FRAMES = 2


@dataclass(frozen=True)
class Frame:
    """A stamp's or sticker's rectangular frame on the page: centre, long and short side (page
    pixels) and the angle (degrees) its long side leans at (image y runs down)."""

    centre: tuple[float, float]
    size: tuple[float, float]
    angle: float


def find_frames(image: Image.Image, dpi: int) -> list[Frame]:
    """Rectangular frames of a stamp's size set at an angle: long straight lines, in two
    directions at right angles, close together. On a bitonal page a stamp's ink cannot be told
    from the text under it by colour, but its frame can be found by its shape. Level frames (a
    table, a printed box) are left to the page's own reading."""
    import cv2

    scale = FRAME_DPI / dpi
    small = image.convert("L").resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                                      Image.Resampling.BOX)
    ink = (np.asarray(small, dtype=np.uint8) < 170).astype(np.uint8) * 255
    colour = _colour_ink(small.convert("RGB")) if image.mode == "RGB" else None
    if colour is not None:
        ink = np.where(colour, 255, ink).astype(np.uint8)
    mm = FRAME_DPI / 25.4
    found = cv2.HoughLinesP(ink, 1, np.pi / 360, threshold=round(8 * mm), minLineLength=round(10 * mm),
                            maxLineGap=round(1 * mm))
    if found is None:
        return []
    lines = []
    for x1, y1, x2, y2 in found.reshape(-1, 4).tolist():
        lean = math.degrees(math.atan2(y2 - y1, x2 - x1))
        lean = (lean + 45) % 90 - 45  # the frame's two directions as one
        if abs(lean) >= 2:  # a level rule is the page's own print
            lines.append((lean, (x1, y1), (x2, y2)))
    # the longest lines first: a frame's sides, which the stamp's own words then join
    lines.sort(key=lambda line: -math.dist(line[1], line[2]))
    frames: list[Frame] = []
    used = [False] * len(lines)
    for i, (lean, a, b) in enumerate(lines):
        if used[i]:
            continue
        group, used[i] = [(a, b)], True
        sides = 0  # lines across the frame's lean: its short sides (no line of text runs so)
        box = [min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])]
        grew = True
        while grew:  # lines of the same lean, touching the group's box
            grew = False
            for j, (other, c, d) in enumerate(lines):
                # a frame's short side (across the lines of text, as no text runs) leans less surely
                across = abs(c[0] - d[0]) < abs(c[1] - d[1])
                if used[j] or abs(other - lean) > (4 if across else 2.5):
                    continue
                reach = 12 * mm  # a frame's far side, past the text under it
                if (min(c[0], d[0]) <= box[2] + reach and max(c[0], d[0]) >= box[0] - reach
                        and min(c[1], d[1]) <= box[3] + reach and max(c[1], d[1]) >= box[1] - reach):
                    group.append((c, d))
                    sides += across
                    used[j] = grew = True
                    box = [min(box[0], c[0], d[0]), min(box[1], c[1], d[1]), max(box[2], c[0], d[0]),
                           max(box[3], c[1], d[1])]
        # the rectangle at the lean of its longest side (the text inside it would tilt a fitted one)
        points = np.array([p for pair in group for p in pair], dtype=np.float64)
        radians = math.radians(lean)
        along, across = np.array([math.cos(radians), math.sin(radians)]), np.array([-math.sin(radians), math.cos(radians)])
        u, v = points @ along, points @ across
        w, h = float(u.max() - u.min()), float(v.max() - v.min())
        centre = along * (u.max() + u.min()) / 2 + across * (v.max() + v.min()) / 2
        cx, cy = float(centre[0]), float(centre[1])
        corners = np.array([centre + along * su * w / 2 + across * sv * h / 2
                            for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1))], dtype=np.float32)
        angle = lean if w >= h else (lean + 90 if lean < 0 else lean - 90)
        # a frame: a short side found (no line of text runs across), or two long sides apart;
        # slanted lines of text make neither
        long_sides = [float(((np.array(c) + np.array(d)) / 2) @ across) for c, d in group
                      if math.dist(c, d) >= 20 * mm and abs(c[0] - d[0]) >= abs(c[1] - d[1])]
        if not sides and (len(long_sides) < 2 or max(long_sides) - min(long_sides) < 8 * mm):
            continue
        length, short = max(w, h), min(w, h)
        if not (MIN_SIZE_MM[0] * mm <= length <= MAX_SIZE_MM[0] * mm and MIN_SIZE_MM[1] * mm <= short <= MAX_SIZE_MM[1] * mm):
            continue
        # a frame has ink all round: each side of the rectangle mostly inked
        if not _framed(ink, corners, mm):
            continue
        frames.append(Frame((cx / scale, cy / scale), (length / scale, short / scale), angle))
    frames.sort(key=lambda f: -f.size[0] * f.size[1])
    return frames[:MAX_FRAMES]


def _framed(ink: np.ndarray, corners: np.ndarray, mm: float) -> bool:
    import cv2

    outline = np.zeros(ink.shape, dtype=np.uint8)
    cv2.polylines(outline, [corners.astype(np.int32).reshape(-1, 1, 2)], True, 1, thickness=max(2, round(1 * mm)))
    near = cv2.dilate((ink > 0).astype(np.uint8), np.ones((3, 3), np.uint8))
    return outline.sum() > 0 and float((near & outline).sum()) / float(outline.sum()) >= 0.6


def level_frame(image: Image.Image, frame: Frame) -> tuple[Image.Image, np.ndarray]:
    """The inside of `frame`, turned level, its frame lines and all outside it white; with the
    affine map (2x3) from the level cut-out back to the page."""
    import cv2

    gray = np.asarray(image.convert("L"), dtype=np.uint8)
    w, h = (round(v) for v in frame.size)
    turn = cv2.getRotationMatrix2D(frame.centre, frame.angle, 1.0)
    turn[0, 2] += w / 2 - frame.centre[0]
    turn[1, 2] += h / 2 - frame.centre[1]
    level = cv2.warpAffine(gray, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    ink = level < 150
    # the frame's lines: rows and columns at the edges that are mostly ink, and a little more
    top, bottom, left, right = 0, h, 0, w
    while top < h // 3 and ink[top].mean() > 0.3 or top < 2:
        top += 1
    while bottom > 2 * h // 3 and ink[bottom - 1].mean() > 0.3 or bottom > h - 2:
        bottom -= 1
    while left < w // 3 and ink[:, left].mean() > 0.3 or left < 2:
        left += 1
    while right > 2 * w // 3 and ink[:, right - 1].mean() > 0.3 or right > w - 2:
        right -= 1
    margin = max(2, round(0.004 * (w + h)))
    inside = np.full_like(level, 255)
    inside[top + margin:bottom - margin, left + margin:right - margin] = \
        level[top + margin:bottom - margin, left + margin:right - margin]
    return Image.fromarray(inside, "L"), cv2.invertAffineTransform(turn)


def _from_level(read: list, back: np.ndarray, block: int) -> list[StampWord]:
    """Words read on a level cut-out placed back on the page: each line's centre mapped back, its
    words laid out level from there (a slanted stamp's line stays one line)."""
    lines: dict[tuple, list] = {}
    for w in read:
        lines.setdefault((int(w.block), int(w.par), int(w.line)), []).append(w)
    out = []
    for number, (_key, words) in enumerate(sorted(lines.items(), key=lambda kv: min(w.top for w in kv[1]))):
        left, right = min(w.left for w in words), max(w.left + w.width for w in words)
        top, bottom = min(w.top for w in words), max(w.top + w.height for w in words)
        cx, cy = (left + right) / 2, (top + bottom) / 2
        x = back[0, 0] * cx + back[0, 1] * cy + back[0, 2] - (right - left) / 2
        y = back[1, 0] * cx + back[1, 1] * cy + back[1, 2]
        for w in sorted(words, key=lambda w: w.left):
            out.append(StampWord(str(w.text), int(x + w.left - left), int(y - w.height / 2), int(w.width),
                                 int(w.height), float(w.conf), block, 1, number + 1, int(w.word)))
    return out


def _inside(frame: Frame, point: tuple[float, float]) -> bool:
    radians = math.radians(frame.angle)
    dx, dy = point[0] - frame.centre[0], point[1] - frame.centre[1]
    along, across = dx * math.cos(radians) + dy * math.sin(radians), -dx * math.sin(radians) + dy * math.cos(radians)
    return abs(along) <= frame.size[0] / 2 and abs(across) <= frame.size[1] / 2


def _read_frame(image: Image.Image, frame: Frame, dpi: int, languages: str, timeout: float,
                block: int) -> list[StampWord]:  # fmt: skip
    """The words of a framed stamp or sticker, read level and without its frame; [] when they
    carry no returned-mail mark. One block first (a stamp's lines); then its bold strokes alone
    (a rubber stamp's letters are bolder than the letter's text under it, which breaks up the
    block on a bitonal page); then sparse text."""
    level, back = level_frame(image, frame)
    kept: tuple[int, list] = (0, [])
    for cut, psm in ((level, 6), (_bold_only(level, dpi), 6), (level, 11)):
        read = _read_block(cut, languages, timeout, psm)
        text = " ".join(w.text for w in read)
        if not carries_return_mark(text):
            continue
        ticks = _tick_words(level, read)
        # a reason read with the mark, or a ticked box, is all there is to read here
        stamp_reason = not ticks and (reason_phrase(text) or any(reason_word(line) for line in _lines(read)))
        score = 2 if stamp_reason or any(t.text == TICKED for t in ticks) else 1
        if score > kept[0]:
            kept = (score, _from_level(read + ticks, back, block))
        if score == 2:
            break
    return kept[1]


def _lines(read: list) -> list[str]:
    lines: dict[tuple, list] = {}
    for w in read:
        lines.setdefault((int(w.block), int(w.par), int(w.line)), []).append(str(w.text))
    return [" ".join(words) for words in lines.values()]


def _bold_only(level: Image.Image, dpi: int) -> Image.Image:
    """The cut-out's strokes at least half a millimetre broad: a stamp's bold letters without
    the printed text (a stroke of 11 pt type is a third of a millimetre) they lie over."""
    import cv2

    ink = (np.asarray(level, dtype=np.uint8) < 150).astype(np.uint8)
    size = max(3, round(0.5 * dpi / 25.4))
    bold = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    return Image.fromarray(np.where(bold > 0, 0, 255).astype(np.uint8), "L")
