"""Problems with the settings files stay in sight until the window closes.

A bad file or value never stops ScanStation (config.py): it starts with the defaults for
what it could not use. So the clerk, and IT walking past, must see that something was
ignored. A status bar message would vanish after seconds, and each warning would replace
the one before; this note stays, and its tooltip lists every problem with its file, key
and reason. The warnings themselves come from the core in English, like the log file.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy

log = logging.getLogger("scanstation.ui")


def show_settings_warnings(window: QMainWindow, warnings: Sequence[str]) -> QLabel | None:
    """A permanent note in `window`'s status bar (None when there is nothing to say)."""
    for warning in warnings:
        log.warning("settings: %s", warning)
    if not warnings:
        return None
    more = f"  (+{len(warnings) - 1})" if len(warnings) > 1 else ""
    label = QLabel(f"\u26a0 {warnings[0]}{more}")
    label.setObjectName("settings_warning")
    label.setToolTip("\n".join(warnings))
    label.setStyleSheet("color: #8a4b00; font-weight: bold;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # IT can copy it
    # A long path must not widen the window; the tooltip has the whole text.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    window.statusBar().addPermanentWidget(label, 1)
    return label
