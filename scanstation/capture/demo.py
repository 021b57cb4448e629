"""The built-in demo scanner: a stack of synthetic Danish letters fed like an ADF.

It is the default device, so a new user sees the whole flow without hardware. Letters are
printed single-sided, so a duplex scan gives each sheet's front and an almost blank back.

Environment variables, read when the backend is made without arguments (demos and tests):
- SCANSTATION_DEMO_DELAY: seconds to wait per page, to feel like a real scanner (default 0);
- SCANSTATION_DEMO_LETTERS: how many letters are in the stack (default 12);
- SCANSTATION_DEMO_JAM_AFTER: jam after that many sheets have been fed in one scan call
  (fault injection; default: never).
- SCANSTATION_DEMO_SEPARATORS: 1 (default) for a stack prepared as a mailroom does it, with a
  cover sheet or a separator sheet (Patch T) in front of each letter; 0 for bare letters,
  each marked as its own group.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator, Sequence

from .base import (
    CancelToken,
    DeviceInfo,
    DeviceNotFound,
    DeviceOptions,
    FeederEmpty,
    PaperJam,
    ScannedPage,
    ScanSettings,
)
from .demo_letters import DemoLetter, demo_letters, render_blank_back, render_letter_page

DEVICE_ID = "demo"
DEFAULT_LETTERS = 12


def _env_number(name: str, kind: type, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a {kind.__name__}") from None
    if value < 0:
        raise ValueError(f"{name}={raw!r} must not be negative")
    return value


class DemoBackend:
    """Feeds `letters` (a count, or DemoLetters) one sheet per printed page."""

    kind = "demo"

    def __init__(
        self,
        letters: int | Sequence[DemoLetter] | None = None,
        delay: float | None = None,
        jam_after: int | None = None,
        separator_sheets: bool | None = None,
        site_key: str | None = None,
    ) -> None:
        # The sheets in front of the letters are printed by this site's mailroom: signed with
        # the station's key (None: unsigned, as sheets printed before signing were).
        self.site_key = site_key
        if letters is None:
            letters = _env_number("SCANSTATION_DEMO_LETTERS", int, DEFAULT_LETTERS)
        self.letters: list[DemoLetter] = demo_letters(letters) if isinstance(letters, int) else list(letters)
        self.delay = delay if delay is not None else _env_number("SCANSTATION_DEMO_DELAY", float, 0.0)
        self.jam_after = (
            jam_after if jam_after is not None else _env_number("SCANSTATION_DEMO_JAM_AFTER", int, None)
        )
        if separator_sheets is None:
            separator_sheets = _env_number("SCANSTATION_DEMO_SEPARATORS", int, 1) == 1
        self.separator_sheets = separator_sheets
        # The stack, top first: (letter index, page of that letter) per physical sheet; page 0
        # is the sheet in front of the letter: a cover sheet (every third letter, routed by the
        # mailroom) or a separator sheet.
        self.sheets: list[tuple[int, int]] = [
            (index, page)
            for index, letter in enumerate(self.letters)
            for page in range(0 if separator_sheets else 1, letter.page_count + 1)
        ]

    def list_devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(DEVICE_ID, "ScanStation demo scanner", "demo")]

    def describe(self, device_id: str) -> DeviceOptions:
        self._check_device(device_id)
        return DeviceOptions(
            sources=("flatbed", "adf", "duplex"),
            resolutions=(150, 200, 300, 400, 600),
            modes=("gray", "color", "lineart"),
            default_source="adf",
            default_resolution=300,
            default_mode="gray",
        )

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: CancelToken | None = None,
        first_sheet: int = 1,
    ) -> Iterator[ScannedPage]:
        """Pages from sheet `first_sheet` of the stack on (1 = top); resume a batch with the next sheet.

        adf: fronts; duplex: front then back of each sheet; flatbed: the one sheet `first_sheet`.
        Raises FeederEmpty when there is no sheet left to scan, PaperJam when the jam is due.
        """
        self._check_device(device_id)
        if first_sheet < 1:
            raise ValueError(f"first_sheet must be 1 or more, not {first_sheet}")
        if first_sheet > len(self.sheets):
            raise FeederEmpty(device=device_id)
        last = first_sheet if settings.source == "flatbed" else len(self.sheets)
        sides = ("front", "back") if settings.source == "duplex" else ("front",)
        fed = 0
        for sheet in range(first_sheet, last + 1):
            if settings.source != "flatbed" and self.jam_after is not None and fed >= self.jam_after:
                raise PaperJam(f"Paper jam at sheet {sheet}.", device=device_id)
            fed += 1
            index, page = self.sheets[sheet - 1]
            letter = self.letters[index]
            for side in sides:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                self._wait(cancel)
                if side == "front" and page == 0:
                    image = self._front_sheet(index, letter, settings.dpi, settings.mode, self.site_key)
                elif side == "front":
                    image = render_letter_page(letter, page, settings.dpi, settings.mode)
                else:  # printed single-sided: the back is empty paper
                    image = render_blank_back(settings.dpi, settings.mode, seed=sheet)
                yield ScannedPage(
                    image=image,
                    sheet=sheet,
                    side=side,
                    dpi=settings.dpi,
                    origin=self._origin(settings.source, sheet, side),
                    group="" if self.separator_sheets else f"demo-letter-{index + 1}",
                    extra={"letter": index, "letter_page": page, "blank": side == "back",
                           "separator": page == 0},
                )

    @staticmethod
    def _front_sheet(index: int, letter: DemoLetter, dpi: int, mode: str, site_key: str | None):
        """The sheet the mailroom put in front of a letter: a cover sheet or a separator."""
        return _prepared_sheet(letter.team if index % 3 == 1 else None,
                               letter.case_number if index % 3 == 1 else None, dpi, mode, site_key)

    @staticmethod
    def _origin(source: str, sheet: int, side: str) -> str:
        if source == "flatbed":
            return f"demo flatbed, sheet {sheet}"
        return f"demo ADF sheet {sheet} {side}"

    def _wait(self, cancel: CancelToken | None) -> None:
        """Sleep the per-page delay in small steps, so cancelling is felt at once."""
        deadline = time.monotonic() + self.delay
        while (left := deadline - time.monotonic()) > 0:
            if cancel is not None:
                cancel.raise_if_cancelled()
            time.sleep(min(left, 0.05))

    @staticmethod
    def _check_device(device_id: str) -> None:
        if device_id != DEVICE_ID:
            raise DeviceNotFound(
                f"The demo backend has one device, {DEVICE_ID!r}, not {device_id!r}.", device=device_id
            )


@functools.lru_cache(maxsize=32)
def _prepared_sheet(recipient: str | None, case_number: str | None, dpi: int, mode: str, site_key: str | None):
    from scanstation.recognition.coversheet import (
        CoverSheet, render_cover_sheet_image, render_separator_sheet_image,
    )

    pil_mode = {"gray": "L", "color": "RGB", "lineart": "1"}.get(mode, mode)
    if recipient:
        image = render_cover_sheet_image(CoverSheet(recipient, case_number), None, dpi=dpi, mode="L", key=site_key)
    else:
        image = render_separator_sheet_image(dpi=dpi, mode="L", key=site_key)
    if pil_mode == "1":
        return image.point(lambda v: 255 if v > 128 else 0).convert("1")
    return image.convert(pil_mode)
