"""The correction window: a confirmed letter waits a short while before it is exported, so
the clerk can take the confirmation back (Ctrl+Z) before anything reaches the archive.

A letter is released for export when its time is up, or as soon as the next letter is
confirmed (the clerk has moved on: only the last confirmation is undoable), whichever
comes first. Plain data driven by the time passed in, so the window's timer is a thin
shell over it and tests need no clock. Nothing here is lost if the program ends: a held
letter is `confirmed` in the journal, and confirmed letters are exported at the next start.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HeldLetter:
    document_id: int
    until: float  # the clock's time at which it goes


class CorrectionWindow:
    def __init__(self, seconds: float) -> None:
        self.seconds = max(0.0, float(seconds))
        self._held: HeldLetter | None = None

    def hold(self, document_id: int, now: float) -> list[int]:
        """A letter was confirmed. Returns the letters to export now: the one held before it
        (the clerk moved on), and this one too when there is no window (0 seconds)."""
        released = [self._held.document_id] if self._held and self._held.document_id != document_id else []
        if self.seconds <= 0:
            self._held = None
            return released + [document_id]
        self._held = HeldLetter(document_id, now + self.seconds)
        return released

    def take_back(self, now: float) -> int | None:
        """Ctrl+Z: the letter still held, no longer to be exported; None when nothing is held
        (or its time is up: it is being exported)."""
        held = self._held
        if held is None or now >= held.until:
            return None
        self._held = None
        return held.document_id

    def due(self, now: float) -> list[int]:
        """The letters whose time is up, to export now."""
        if self._held is not None and now >= self._held.until:
            released, self._held = self._held.document_id, None
            return [released]
        return []

    def release_all(self) -> list[int]:
        """Everything held, at once (the window setting changed, the program is closing)."""
        released = [self._held.document_id] if self._held else []
        self._held = None
        return released

    def forget(self, document_id: int) -> None:
        """The letter is no longer confirmed (its confirmation failed, or it was edited)."""
        if self._held is not None and self._held.document_id == document_id:
            self._held = None

    def held(self) -> int | None:
        return self._held.document_id if self._held else None

    def seconds_left(self, now: float) -> float | None:
        """Until the held letter goes; None when nothing is held."""
        return max(0.0, self._held.until - now) if self._held else None
