"""Named points where tests kill the process for real, to prove crash safety.

`SCANSTATION_CRASH_AT=after_page_saved:3` makes the process SIGKILL itself the 3rd time
it passes `after_page_saved`. Unset (always, in production) it does nothing.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_passes: Counter[str] = Counter()


def crash_point(name: str) -> None:
    wanted = os.environ.get("SCANSTATION_CRASH_AT")
    if not wanted:
        return
    point, _, count = wanted.partition(":")
    if point != name:
        return
    _passes[name] += 1
    if _passes[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
